"""What the window opens in the worker thread: a vault by its folder, or a hub by its
profile (its address and the coordinator's name), each unlocked with a passphrase.

Opening takes a second or more (Argon2id; on a hub also the network), so it runs as a
task; what it opened waits in an :class:`Opening` until the task's slot, in the GUI
thread, takes it over (:class:`Openings`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeAlias

from PySide6.QtCore import QCoreApplication, QObject
from sqlalchemy.exc import DBAPIError

from willay.core.errors import VaultError
from willay.core.vault.hub import Hub
from willay.core.vault.vault import Vault
from willay.gui.hub_profile import HubProfile
from willay.gui.workers import Task

Store: TypeAlias = Vault | Hub
"""What the window opens: a vault, or a hub. Both give sessions on the same records."""


class Opening:
    """A vault or hub opened by work in the worker thread, until the GUI thread takes it."""

    def __init__(self) -> None:
        self.store: Store | None = None


class Openings(QObject):
    """The openings under way, each kept by its task until the GUI thread takes what it
    opened, or (at exit) locks it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._held: dict[Task, Opening] = {}

    def watch(self, task: Task, opening: Opening) -> Task:
        """Keep ``opening`` for ``task`` until the task ends; return the task."""
        self._held[task] = opening
        # A slot of this object, so that it runs in the GUI thread after the task's
        # succeeded slots have taken what it opened.
        task.ended.connect(self._ended)
        return task

    def _ended(self) -> None:
        task = self.sender()
        if isinstance(task, Task):
            self._held.pop(task, None)

    def take(self, task: object) -> Store | None:
        """What ``task`` opened, handed over once (None if it opened nothing)."""
        opening = self._held.get(task) if isinstance(task, Task) else None
        if opening is None:
            return None
        store, opening.store = opening.store, None
        return store

    def lock_all(self) -> None:
        """Lock what work opened whose end the GUI thread will not see any more (at exit)."""
        for opening in self._held.values():
            if opening.store is not None:
                opening.store.lock()
        self._held.clear()


def open_vault(path: Path, passphrase: str) -> Vault:
    """Open the vault in ``path`` and unlock it."""
    vault = Vault.open(path)
    vault.unlock(passphrase)
    return vault


def recover_vault(path: Path, code: str, new_passphrase: str) -> Vault:
    """Unlock the vault in ``path`` with its recovery code and set a new passphrase."""
    vault = Vault.open(path)
    vault.unlock_with_recovery_code(code)
    try:
        vault.change_passphrase(new_passphrase)
    except BaseException:
        vault.lock()
        raise
    return vault


def open_hub(profile: HubProfile, passphrase: str) -> Hub:
    """Reach the hub of ``profile`` and open it as its coordinator; every refusal
    (unreachable, no hub, another version, a wrong passphrase, another's database role)
    is a core error that says what is wrong."""
    hub = Hub.connect(profile.address.strip())
    try:
        hub.unlock(profile.coordinator.strip(), passphrase)
    except DBAPIError as exc:  # the server's own words (a right taken away, a lost link)
        hub.lock()
        raise VaultError(QCoreApplication.translate(
            "Opening", "The hub's database refused to open it: %1").replace(
            "%1", str(exc.orig or exc).strip())) from exc
    except BaseException:
        hub.lock()
        raise
    return hub
