"""A dialog that runs one cancellable task with a progress bar (export, import)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QProgressBar, QPushButton, QWidget

from willay.gui.widgets import Outcome, bytes_per_step
from willay.gui.workers import Task


class TaskDialog(QDialog):
    """While its task runs, the inputs are disabled and Close becomes Cancel.

    Subclasses build ``progress``, ``outcome`` and ``close_button`` and list in
    ``busy_inputs`` the widgets that must not change while the task runs.
    """

    progress: QProgressBar
    outcome: Outcome
    close_button: QPushButton

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task: Task | None = None
        self.busy_inputs: tuple[QWidget, ...] = ()
        self._scale = 1

    def start_progress(self, total: int) -> None:
        """Show an empty progress bar for ``total`` bytes (scaled to fit an int)."""
        self._scale = bytes_per_step(total)
        self.progress.setRange(0, max(1, total // self._scale))
        self.progress.setValue(0)
        self.progress.show()

    def show_progress(self, done: int, text: str) -> None:
        """Move the bar to ``done`` bytes and say ``text`` (plain text)."""
        self.progress.setValue(min(self.progress.maximum(), done // self._scale))
        self.outcome.say("plain", escape(text))

    def set_busy(self, busy: bool) -> None:
        """Disable the inputs while the task runs; Close cancels it meanwhile."""
        for widget in self.busy_inputs:
            widget.setEnabled(not busy)
        self.close_button.setText(QCoreApplication.translate("TaskDialog", "Cancel") if busy
                                  else QCoreApplication.translate("TaskDialog", "Close"))

    def close_or_cancel(self) -> None:
        """Cancel the running task, or close when none runs."""
        if self.task is not None and not self.task.done:
            self.task.cancel()
        else:
            self.reject()

    def reject(self) -> None:
        """Close; a running task is cancelled (it leaves nothing)."""
        if self.task is not None and not self.task.done:
            self.task.cancel()
        super().reject()
