"""A widget that takes files dropped from the file manager."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QListView, QWidget


def dropped_paths(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    """Return the local files of a drag (remote URLs are ignored)."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class DropGallery(QListView):
    """An icon gallery that accepts files dropped onto it."""

    files_dropped = Signal(list)
    """Emits: the local paths dropped on the gallery."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.accepting = True

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept drags that carry local files."""
        if self.accepting and dropped_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Keep accepting while the drag moves over the gallery."""
        if self.accepting and event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Hand the dropped files on."""
        paths = dropped_paths(event)
        if paths and self.accepting:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)


def setup_gallery(view: QListView) -> None:
    """Make a list view an icon gallery of thumbnails."""
    from PySide6.QtCore import QSize

    view.setViewMode(QListView.ViewMode.IconMode)
    view.setIconSize(QSize(160, 120))
    view.setGridSize(QSize(184, 158))
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setMovement(QListView.Movement.Static)
    view.setUniformItemSizes(True)
    view.setWordWrap(True)
    view.setSpacing(4)
