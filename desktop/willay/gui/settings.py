"""Settings that hold no record content: language, auto-lock time, the last vault folder
and the hubs opened (address and coordinator's name, never a passphrase or password)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from willay.core.paths import make_private_dir, settings_dir
from willay.gui.hub_profile import HubProfile
from willay.gui.i18n import LANGUAGES, SYSTEM

DEFAULT_AUTOLOCK_MINUTES = 10
MAX_AUTOLOCK_MINUTES = 240
HUBS_KEPT = 5


class AppSettings:
    """The window's settings, in an INI file inside ``paths.settings_dir()``."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or settings_dir()
        self._qsettings: QSettings | None = None

    def _store(self) -> QSettings:
        # Created on first use, so nothing touches the disk at import or construction.
        if self._qsettings is None:
            make_private_dir(self.folder)
            self._qsettings = QSettings(str(self.folder / "willay.ini"),
                                        QSettings.Format.IniFormat)
        return self._qsettings

    @property
    def language(self) -> str:
        """The chosen language: "system", "es" or "en"."""
        value = str(self._store().value("language", SYSTEM))
        return value if value in (*LANGUAGES, SYSTEM) else SYSTEM

    @language.setter
    def language(self, value: str) -> None:
        self._store().setValue("language", value if value in (*LANGUAGES, SYSTEM) else SYSTEM)
        self._store().sync()

    @property
    def autolock_minutes(self) -> int:
        """Minutes without keyboard or mouse input before the vault locks; 0 means never."""
        try:
            value = int(str(self._store().value("autolock_minutes",
                                                DEFAULT_AUTOLOCK_MINUTES)))
        except ValueError:
            return DEFAULT_AUTOLOCK_MINUTES
        return max(0, min(value, MAX_AUTOLOCK_MINUTES))

    @autolock_minutes.setter
    def autolock_minutes(self, value: int) -> None:
        self._store().setValue("autolock_minutes", max(0, min(int(value), MAX_AUTOLOCK_MINUTES)))
        self._store().sync()

    @property
    def last_vault(self) -> str:
        """The folder of the vault opened last (a path, no content), or ""."""
        return str(self._store().value("last_vault", ""))

    @last_vault.setter
    def last_vault(self, value: str) -> None:
        self._store().setValue("last_vault", value)
        self._store().setValue("opened_last", "vault")
        self._store().sync()

    @property
    def hubs(self) -> list[HubProfile]:
        """The hubs opened on this computer, the last one first."""
        store = self._store()
        found = []
        for n in range(store.beginReadArray("hubs")):
            store.setArrayIndex(n)
            address = str(store.value("address", "") or "")
            coordinator = str(store.value("coordinator", "") or "")
            if address and coordinator:
                found.append(HubProfile(address, coordinator))
        store.endArray()
        return found

    def remember_hub(self, profile: HubProfile) -> None:
        """Put ``profile`` (without any password) first among the hubs, and offer it at
        the next start."""
        kept = profile.remembered()
        profiles = [kept, *(p for p in self.hubs if p != kept)][:HUBS_KEPT]
        store = self._store()
        store.remove("hubs")
        store.beginWriteArray("hubs", len(profiles))
        for n, each in enumerate(profiles):
            store.setArrayIndex(n)
            store.setValue("address", each.address)
            store.setValue("coordinator", each.coordinator)
        store.endArray()
        store.setValue("opened_last", "hub")
        store.sync()

    @property
    def hub_opened_last(self) -> HubProfile | None:
        """The hub to offer at the next start, if a hub (not a vault) was opened last."""
        hubs = self.hubs
        return hubs[0] if hubs and self._store().value("opened_last", "") == "hub" else None

    def remember_opened(self, vault: Path, hub: HubProfile | None) -> None:
        """Note what was just unlocked: the hub ``hub``, else the vault in ``vault``."""
        if hub is not None:
            self.remember_hub(hub)
        else:
            self.last_vault = str(vault)
