"""Settings that hold no record content: language, auto-lock time, last vault folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from willay.core.paths import make_private_dir, settings_dir
from willay.gui.i18n import LANGUAGES, SYSTEM

DEFAULT_AUTOLOCK_MINUTES = 10
MAX_AUTOLOCK_MINUTES = 240


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
        self._store().sync()
