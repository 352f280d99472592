"""What the window says after unlocking about work that was running when the vault locked.

A lock cancels running work (see docs/decisions/0026-locking-in-the-window.md); work that
was already within its last step finishes first. :class:`LockNotes` listens to each such
task and, once the vault is unlocked again, says in one sentence each how it ended.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from willay.core.progress import Cancelled
from willay.gui.errors import message_for
from willay.gui.labels import fill
from willay.gui.workers import Task

# Work a lock stops without anything to tell afterwards (opening the vault, showing a photo).
NOT_REPORTED = frozenset({"create", "unlock", "recover", "lock", "read original",
                          "recover recordings"})


class LockNotes(QObject):
    """Collects how the work running at a lock ended, and phrases it once asked."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # (task name, "cancelled", "finished" or "failed", the error), oldest first.
        self._ended: list[tuple[str, str, object]] = []

    def watch(self, task: Task) -> None:
        """Note how ``task`` (running at a lock) ends, unless it is nothing to tell."""
        if task.name not in NOT_REPORTED:
            task.succeeded.connect(self._ended_before_lock)
            task.failed.connect(self._stopped_at_lock)

    def _ended_before_lock(self, _result: object) -> None:
        task = self.sender()
        if isinstance(task, Task):
            self._ended.append((task.name, "finished", None))

    def _stopped_at_lock(self, exc: object) -> None:
        task = self.sender()
        if isinstance(task, Task):
            how = "cancelled" if isinstance(exc, Cancelled) else "failed"
            self._ended.append((task.name, how, exc))

    def take(self) -> list[str]:
        """Return one sentence for each task watched (repeated ones once), and forget them."""
        notes = []
        for name, how, exc in self._ended:
            if how == "cancelled":
                notes.append(self._cancelled_note(name))
            elif how == "finished":
                notes.append(self._finished_note(name))
            else:
                reason = message_for(exc if isinstance(exc, BaseException) else Exception())
                notes.append(fill(self.tr(
                    "Work under way stopped with a problem before the vault locked: %1"),
                    reason))
        self._ended = []
        return list(dict.fromkeys(notes))

    def _cancelled_note(self, name: str) -> str:
        notes = {
            "duplicates": self.tr(
                "The search for possible duplicates was cancelled when the vault locked."),
            "report counts": self.tr(
                "Counting for the report was cancelled when the vault locked."),
            "report data": self.tr(
                "Counting for the report was cancelled when the vault locked."),
            "write report": self.tr(
                "Saving the report was cancelled when the vault locked; no file was written."),
            "verify": self.tr("The vault check was cancelled when the vault locked."),
            "intake": self.tr(
                "Adding files was cancelled when the vault locked; no file was added."),
            "import bundle": self.tr(
                "The import was cancelled when the vault locked; nothing was changed."),
            "export bundle": self.tr(
                "The export was cancelled when the vault locked; no bundle was written."),
            "evidence package": self.tr(
                "The evidence package was cancelled when the vault locked; no folder was "
                "left behind."),
        }
        return notes.get(name, self.tr("Work under way was cancelled when the vault locked."))

    def _finished_note(self, name: str) -> str:
        notes = {
            "duplicates": self.tr(
                "The search for possible duplicates finished before the vault locked."),
            "report counts": self.tr("Counting for the report finished before the vault locked."),
            "report data": self.tr("Counting for the report finished before the vault locked."),
            "write report": self.tr("The report was saved before the vault locked."),
            "verify": self.tr("The vault check finished before the vault locked."),
            "intake": self.tr("Adding files finished before the vault locked."),
            "import bundle": self.tr("The import finished before the vault locked."),
            "export bundle": self.tr("The export finished before the vault locked."),
            "evidence package": self.tr(
                "The evidence package was finished before the vault locked."),
            "redact": self.tr("The redacted copy was made before the vault locked."),
            "clear redaction": self.tr("The redacted copy was removed before the vault locked."),
            "receipt": self.tr("The receipt was written before the vault locked."),
            "purge": self.tr("Freeing space finished before the vault locked."),
            "export": self.tr("The original was saved before the vault locked."),
            "keep recording": self.tr(
                "The recording was kept with its testimony before the vault locked."),
        }
        return notes.get(name, self.tr("Work under way finished before the vault locked."))
