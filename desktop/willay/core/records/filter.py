"""Which incidents a list, a search or a report covers: one filter, one clause builder.

An :class:`IncidentFilter` restricts incidents by place, dates, codes and status; None
(or an empty text) means no restriction, and every restriction set must hold:

- ``place`` is an INEI code of a department, province or district, matched as a prefix
  of the incident's district code (so "21" is Puno, "2111" San Román); an incident
  without a district never matches a place;
- ``date_from`` and ``date_to`` keep incidents whose dates overlap the range, both ends
  included: one that ends on ``date_from`` or starts on ``date_to`` is kept, so a vague
  date (a month, a year) is kept by any range it touches;
- ``violation`` and ``perpetrator`` keep incidents that give that code (among others);
- ``status`` keeps incidents in that status (draft, reviewed).

:func:`incident_conditions` turns a filter into conditions on the incident head-state
table; :func:`searched_record_condition` is the variant for search, where incidents
pass by themselves and testimonies through an incident they speak of that passes (one
incident must pass every restriction); people and media carry no place or date, so they
never pass an active filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, exists, or_
from sqlalchemy.orm import aliased
from sqlalchemy.orm.util import AliasedClass
from sqlmodel import col

from willay.core import i18n
from willay.core.reference.gazetteer import gazetteer
from willay.core.reference.vocabularies import vocabulary
from willay.core.vault.models import Incident, IncidentCode, TestimonyIncident

IncidentTable = type[Incident] | AliasedClass[Incident]
"""The incident table, or an alias of it, as a query names it."""


@dataclass(frozen=True)
class IncidentFilter:
    """Restrictions on incidents (see the module docstring); None means no restriction."""

    place: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    violation: str | None = None
    perpetrator: str | None = None
    status: str | None = None

    def active(self) -> bool:
        """Whether any restriction is set."""
        return any(v is not None for v in (self.place, self.date_from, self.date_to,
                                           self.violation, self.perpetrator, self.status))

    def describe(self, lang: str) -> list[str]:
        """Return one readable line per restriction, in ``lang`` (a report's language,
        which may differ from the language of the program's messages)."""
        lines = []

        def _(message: str) -> str:  # the report's language, not the program's
            return i18n.gettext_in("en" if lang == "en" else "es", message)

        if self.place:
            found = gazetteer().get(self.place)
            name = found.full_name if found else self.place
            lines.append(_("Place: {name} ({code})").format(name=name, code=self.place))
        if self.date_from or self.date_to:
            start = self.date_from.isoformat() if self.date_from else "…"
            end = self.date_to.isoformat() if self.date_to else "…"
            lines.append(_("Dates: {start} – {end}").format(start=start, end=end))
        if self.violation:
            lines.append(_("Violation: {label}").format(
                label=vocabulary("violations").label(self.violation, lang)))
        if self.perpetrator:
            lines.append(_("Perpetrator: {label}").format(
                label=vocabulary("perpetrators").label(self.perpetrator, lang)))
        if self.status:
            lines.append(_("Status: {label}").format(
                label=vocabulary("incident_status").label(self.status, lang)))
        return lines


def _with_code(incident: IncidentTable, vocab: str, code: str) -> ColumnElement[bool]:
    given = aliased(IncidentCode)
    return exists().where(col(given.incident_id) == col(incident.id),
                          col(given.vocabulary) == vocab, col(given.code) == code)


def incident_conditions(filters: IncidentFilter | None,
                        incident: IncidentTable = Incident) -> list[ColumnElement[bool]]:
    """Return the conditions on ``incident`` (and its codes) that ``filters`` set.

    ``incident`` is the incident table as the enclosing query names it (an alias when it
    reads the table twice). An empty list means every incident passes; the caller joins
    the conditions with AND.
    """
    conditions: list[ColumnElement[bool]] = []
    if filters is None:
        return conditions
    if filters.place:
        conditions.append(col(incident.ubigeo).startswith(filters.place))
    if filters.date_from is not None:
        conditions.append(col(incident.occurred_end) >= filters.date_from.isoformat())
    if filters.date_to is not None:
        conditions.append(col(incident.occurred_start) <= filters.date_to.isoformat())
    if filters.violation:
        conditions.append(_with_code(incident, "violations", filters.violation))
    if filters.perpetrator:
        conditions.append(_with_code(incident, "perpetrators", filters.perpetrator))
    if filters.status:
        conditions.append(col(incident.status) == filters.status)
    return conditions


def _passing(filters: IncidentFilter, incident_id: SQLColumnExpression[Any]
             ) -> ColumnElement[bool]:
    """Whether the incident with this id (a column of the enclosing query) passes."""
    incident = aliased(Incident)
    return exists().where(col(incident.id) == incident_id,
                          *incident_conditions(filters, incident))


def searched_record_condition(filters: IncidentFilter, record_id: SQLColumnExpression[Any],
                              kind: SQLColumnExpression[Any]) -> ColumnElement[bool]:
    """Return whether a found record passes ``filters``, given its id and kind columns.

    An incident passes if it meets every restriction; a testimony if one incident it
    speaks of does; a record of any other kind never passes.
    """
    spoken = aliased(TestimonyIncident)
    speaks = exists().where(col(spoken.testimony_id) == record_id,
                            _passing(filters, col(spoken.incident_id)))
    return or_(and_(kind == "incident", _passing(filters, record_id)),
               and_(kind == "testimony", speaks))
