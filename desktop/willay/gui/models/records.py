"""The incident and people lists as paged table models."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from willay.core.records.filter import IncidentFilter
from willay.core.records.queries import IncidentRow, PersonRow
from willay.gui.archive import Archive
from willay.gui.labels import term, terms
from willay.gui.models.paged import PagedTableModel

# The list's columns, by what each sorts on (None: the place, named from a code, does not sort).
SORT_KEYS = ("occurred", "title", None, "killed", "injured", "detained", "status")


class IncidentTableModel(PagedTableModel[IncidentRow]):
    """Incidents, newest first unless sorted by a column, optionally filtered.

    Sorting is done by the query over the whole vault, never within the pages read.
    """

    def __init__(self, archive: Archive, parent: QObject | None = None) -> None:
        self.archive = archive
        self.filters: IncidentFilter | None = None
        self.order = "occurred"
        self.descending = True
        super().__init__(lambda: archive.count_incidents(self.filters), self._page, parent)

    def _page(self, offset: int, limit: int) -> list[IncidentRow]:
        return self.archive.incident_page(offset, limit, self.filters, self.order,
                                          self.descending)

    def sortable(self, column: int) -> bool:
        """Whether the list can be sorted by ``column``."""
        return 0 <= column < len(SORT_KEYS) and SORT_KEYS[column] is not None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the whole list by ``column`` (Qt calls this when a header is clicked)."""
        key = SORT_KEYS[column] if self.sortable(column) else None
        descending = order == Qt.SortOrder.DescendingOrder
        if key is None or (key, descending) == (self.order, self.descending):
            return
        self.order = key
        self.descending = descending
        self.reload()

    def headers(self) -> list[str]:
        """Column titles."""
        return [self.tr("Date"), self.tr("Title"), self.tr("Place"), self.tr("Killed"),
                self.tr("Injured"), self.tr("Detained"), self.tr("Status")]

    def cell(self, row: IncidentRow, column: int) -> Any:
        """What one cell shows."""
        values: tuple[Any, ...] = (row.occurred, row.title, row.place, row.killed, row.injured,
                                   row.detained, term("incident_status", row.status))
        return values[column]


class PeopleTableModel(PagedTableModel[PersonRow]):
    """People, by name."""

    def __init__(self, archive: Archive, parent: QObject | None = None) -> None:
        super().__init__(archive.count_people, archive.people_page, parent)

    def headers(self) -> list[str]:
        """Column titles."""
        return [self.tr("Name"), self.tr("Pseudonym"), self.tr("Community"), self.tr("Roles"),
                self.tr("Consent")]

    def cell(self, row: PersonRow, column: int) -> Any:
        """What one cell shows."""
        values = (row.full_name, row.pseudonym, row.community, terms("person_roles", row.roles),
                  term("consent_scopes", row.consent))
        return values[column]
