"""A table model that knows its row count and reads rows a page at a time.

The count comes from one ``COUNT(*)``; a page of rows is read when the view first asks
for a row in it, and only a bounded number of pages is kept, so a list of 100,000
incidents opens at once and scrolls without reading everything.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 200
KEPT_PAGES = 40
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class PagedTableModel(QAbstractTableModel, Generic[Row]):
    """Rows from ``count()`` and ``page(offset, limit)``; subclasses say how to show them."""

    def __init__(self, count: Callable[[], int], page: Callable[[int, int], list[Row]],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._count_fn = count
        self._page_fn = page
        self._total = 0
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self.pages_read = 0

    # -- subclass hooks ----------------------------------------------------------
    def headers(self) -> list[str]:
        """Column titles."""
        raise NotImplementedError

    def cell(self, row: Row, column: int) -> Any:
        """What to display in one cell."""
        raise NotImplementedError

    def row_id(self, row: Row) -> str:
        """The record id of a row."""
        return str(getattr(row, "id", ""))

    # -- loading -----------------------------------------------------------------
    def reload(self) -> None:
        """Forget every page and count again."""
        self.beginResetModel()
        self._pages.clear()
        self._total = self._count_fn()
        self.endResetModel()

    def clear(self) -> None:
        """Show no rows (after locking) without reading anything."""
        self.beginResetModel()
        self._pages.clear()
        self._total = 0
        self.endResetModel()

    def row_at(self, number: int) -> Row | None:
        """Return the row at ``number``, reading its page if needed."""
        if not 0 <= number < self._total:
            return None
        page_no, within = divmod(number, PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is None:
            page = self._page_fn(page_no * PAGE_SIZE, PAGE_SIZE)
            self.pages_read += 1
            self._pages[page_no] = page
            while len(self._pages) > KEPT_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[within] if within < len(page) else None

    @property
    def loaded_rows(self) -> int:
        """How many rows are held in memory now."""
        return sum(len(page) for page in self._pages.values())

    # -- Qt ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of rows (all of them, read or not)."""
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Number of columns."""
        return 0 if parent.isValid() else len(self.headers())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, or the record id under ``ID_ROLE``."""
        if not index.isValid():
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ID_ROLE,
                        Qt.ItemDataRole.TextAlignmentRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == ID_ROLE:
            return self.row_id(row)
        value = self.cell(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return (int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    if isinstance(value, int) else None)
        return value

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return None

    def id_at(self, number: int) -> str | None:
        """The record id at row ``number``."""
        row = self.row_at(number)
        return self.row_id(row) if row is not None else None
