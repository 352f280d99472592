"""A page that comes later: reports."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from willay.gui.widgets import heading


class ReportsPage(QWidget):
    """Counts, timelines and evidence packages: coming later."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        message = QLabel(self.tr("Reports (counts, timelines and evidence packages) come "
                                 "later."))
        message.setWordWrap(True)
        message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Reports"), 2))
        layout.addWidget(message, 1)
