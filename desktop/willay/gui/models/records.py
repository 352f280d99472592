"""The incident and people lists as paged table models."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from willay.core.records.filter import IncidentFilter
from willay.core.records.queries import IncidentRow, PersonRow
from willay.gui.archive import Archive
from willay.gui.labels import term, terms
from willay.gui.models.paged import PagedTableModel


class IncidentTableModel(PagedTableModel[IncidentRow]):
    """Incidents, newest first, optionally filtered."""

    def __init__(self, archive: Archive, parent: QObject | None = None) -> None:
        self.archive = archive
        self.filters: IncidentFilter | None = None
        super().__init__(lambda: archive.count_incidents(self.filters),
                         lambda offset, limit: archive.incident_page(offset, limit,
                                                                     self.filters), parent)

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
