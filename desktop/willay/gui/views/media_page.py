"""The media page: every original in the vault as a thumbnail gallery."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from willay.core.i18n import number
from willay.gui.controller import Controller
from willay.gui.models.gallery import GalleryModel
from willay.gui.models.paged import ID_ROLE
from willay.gui.views.drop import DropGallery, setup_gallery


class MediaPage(QWidget):
    """All media items, newest first; open one to view it or export its original."""

    media_requested = Signal(str)
    """Emits: a media item to open in the viewer."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = GalleryModel(controller.archive, None, self)
        self.gallery = DropGallery()
        self.gallery.accepting = False
        setup_gallery(self.gallery)
        self.gallery.setModel(self.model)
        self.gallery.setAccessibleName(self.tr("Media gallery"))
        self.count_label = QLabel()
        hint = QLabel(self.tr("Open an item (Enter or double-click) to view it. To add files, "
                              "drop them on an incident's Media tab."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.count_label)
        layout.addWidget(hint)
        layout.addWidget(self.gallery, 1)
        self.gallery.activated.connect(self._activated)

    def _activated(self, index: QModelIndex) -> None:
        media_id = index.data(ID_ROLE)
        if media_id:
            self.media_requested.emit(str(media_id))

    def reload(self) -> None:
        """Read the gallery again."""
        self.model.reload()
        total = self.model.archive.count_media()
        self.count_label.setText(self.tr("Items: %1").replace("%1", number(total)))
