"""Media items as icons: thumbnails decoded from the database, in memory only."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from willay.core.records.queries import MediaRow
from willay.gui.archive import Archive
from willay.gui.labels import media_type, size
from willay.gui.models.paged import ID_ROLE

Index = QModelIndex | QPersistentModelIndex
FETCH = 60
ICON_SIZE = QSize(160, 120)
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

_KIND_ICONS = {
    "audio": QStyle.StandardPixmap.SP_MediaVolume,
    "video": QStyle.StandardPixmap.SP_MediaPlay,
    "document": QStyle.StandardPixmap.SP_FileIcon,
    "image": QStyle.StandardPixmap.SP_FileIcon,
}


class GalleryModel(QAbstractListModel):
    """Media items newest first, fetched as the view scrolls (canFetchMore/fetchMore)."""

    def __init__(self, archive: Archive, attached_to: list[str] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.attached_to = attached_to
        self._rows: list[MediaRow] = []
        self._icons: dict[str, QIcon] = {}
        self._total = 0

    def reload(self, attached_to: list[str] | None = None, *, keep_owner: bool = True) -> None:
        """Start again from the first page (optionally for other owners)."""
        self.beginResetModel()
        if not keep_owner:
            self.attached_to = attached_to
        self._rows = []
        self._icons = {}
        self._total = self.archive.count_media(self.attached_to)
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Rows fetched so far."""
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: Index) -> bool:
        """Whether more items wait in the database."""
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        """Read the next page of items and their thumbnails."""
        if parent.isValid():
            return
        page = self.archive.media_page(len(self._rows), FETCH, self.attached_to)
        if not page:
            self._total = len(self._rows)
            return
        jpegs = self.archive.thumbnails([row.sha256 for row in page if row.media_kind == "image"])
        for row in page:
            jpeg = jpegs.get(row.sha256)
            if jpeg is not None:
                image = QImage.fromData(QByteArray(jpeg))
                if not image.isNull():
                    pixmap = QPixmap.fromImage(image).scaled(
                        ICON_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)
                    self._icons[row.id] = QIcon(pixmap)
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def row(self, number: int) -> MediaRow | None:
        """The media item at ``number``."""
        return self._rows[number] if 0 <= number < len(self._rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Name, thumbnail, tooltip, id."""
        row = self.row(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            name = row.original_name or row.sha256[:12]
            return name if len(name) <= 22 else name[:20] + "…"
        if role == Qt.ItemDataRole.DecorationRole:
            icon = self._icons.get(row.id)
            if icon is None:
                style = QApplication.style()
                icon = style.standardIcon(_KIND_ICONS.get(row.media_kind,
                                                          QStyle.StandardPixmap.SP_FileIcon))
            return icon
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.original_name}\n{media_type(row.mime)}, {size(row.size)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return row.original_name
        if role == ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        return None
