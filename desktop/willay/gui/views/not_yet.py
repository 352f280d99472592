"""A section the open hub does not have yet: its name, and a plain sentence saying so."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from willay.gui.capabilities import Feature, not_yet
from willay.gui.widgets import heading, note


class NotYetPage(QWidget):
    """Stands in for a section whose ``feature`` the hub lacks yet (see capabilities)."""

    def __init__(self, title: str, feature: Feature, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notYetOnHub")
        self.feature = feature
        self.message = note(not_yet(feature))
        self.message.setObjectName("notYetMessage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(heading(title, 2))
        layout.addWidget(self.message)
        layout.addStretch(1)
