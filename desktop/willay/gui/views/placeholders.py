"""Pages that come later: the inbox of imported bundles, and reports."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from willay.gui.widgets import heading, note


class InboxPage(QWidget):
    """Bundles received from partners, and conflicts to resolve."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Imported bundles"))
        self.list.addItem(self.tr("No bundles imported yet."))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Inbox"), 2))
        layout.addWidget(note(self.tr(
            "Bundles received from partners will be listed here with who signed them, what "
            "they carried, and any conflicts to resolve. Importing bundles from this window "
            "comes with the next version.")))
        layout.addWidget(self.list, 1)


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
