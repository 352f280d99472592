"""Adding files to a record: a worker task with a progress dialog and a cancel button."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from willay.core.media.intake import Added
from willay.core.progress import Cancelled
from willay.gui.controller import Controller
from willay.gui.errors import show_error
from willay.gui.workers import Task


class Intake(QObject):
    """One intake of files onto one record, all or nothing."""

    finished = Signal(list)
    """Emits: the media items added (empty when refused or cancelled)."""

    def __init__(self, controller: Controller, record_id: str, paths: list[Path],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.controller = controller
        total = 0
        for path in paths:
            with contextlib.suppress(OSError):
                total += path.stat().st_size if path.is_file() else 0
        self._scale = max(1, total // 1_000_000 + 1)
        self.dialog = QProgressDialog(self.tr("Encrypting the files into the vault…"),
                                      self.tr("Cancel"), 0, max(1, total // self._scale),
                                      parent)
        self.dialog.setObjectName("intakeProgress")
        self.dialog.setWindowTitle(self.tr("Adding files"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.task: Task = controller.add_files(record_id, paths)
        self.task.progressed.connect(self._progressed)
        self.task.succeeded.connect(self._succeeded)
        self.task.failed.connect(self._failed)
        self.dialog.canceled.connect(self.task.cancel)

    def _progressed(self, done: int) -> None:
        self.dialog.setValue(done // self._scale)

    def _succeeded(self, added: object) -> None:
        self.dialog.close()
        items = list(added) if isinstance(added, list) else []
        self.finished.emit([a for a in items if isinstance(a, Added)])

    def _failed(self, exc: object) -> None:
        self.dialog.close()
        if isinstance(exc, Cancelled):
            self.finished.emit([])
            return
        show_error(self._parent, exc if isinstance(exc, BaseException) else str(exc),
                   self.tr("Files not added"))
        self.finished.emit([])
