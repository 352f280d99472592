"""The head state of incidents as reports read it: one pass over the incident table.

:func:`load_incidents` reads the columns reports need and every incident's codes in two
queries (no record bodies), fast enough for 100,000 incidents. With filters it keeps the
incidents that may belong to a matching event: those that match, and every linked one,
since an event is only known once its records are merged
(:mod:`willay.core.reports.counts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import ColumnElement, and_, or_, union
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from willay.core.i18n import _
from willay.core.progress import Cancelled, CancelToken
from willay.core.records.filter import IncidentFilter, incident_conditions
from willay.core.reference.dates import FuzzyDate
from willay.core.reference.vocabularies import vocabulary
from willay.core.vault.database import plain_rows
from willay.core.vault.models import DuplicateDecision, Incident, IncidentCode


@dataclass(slots=True)
class IncidentData:
    """The head state of one incident, as far as reports need it."""

    id: str
    title: str
    start: str
    end: str
    precision: str
    ubigeo: str | None
    place_text: str
    latitude: str | None
    longitude: str | None
    killed: int
    injured: int
    detained: int
    status: str
    violations: tuple[str, ...] = ()
    perpetrators: tuple[str, ...] = ()
    narrative: str = ""

    def date_label(self) -> str:
        """Return the date as the documenter gave it (2023-01-09, 2023-01, ~2023-01-09)."""
        return FuzzyDate(date.fromisoformat(self.start), date.fromisoformat(self.end),
                         self.precision).label()


_EVERY = 1024  # rows read between two looks at the cancel token


def check_cancel(cancel: CancelToken | None) -> None:
    """Stop counting (a report changes nothing) once ``cancel`` is set."""
    if cancel is not None and cancel.cancelled:
        raise Cancelled(_("Counting for the report was cancelled."))


_INCIDENT_COLUMNS = tuple(col(c) for c in (
    Incident.id, Incident.title, Incident.occurred_start, Incident.occurred_end,
    Incident.precision, Incident.ubigeo, Incident.place_text, Incident.latitude,
    Incident.longitude, Incident.killed, Incident.injured, Incident.detained, Incident.status))


def _linked() -> ColumnElement[bool]:
    """Whether an incident is linked to another as the same event."""
    same = (col(DuplicateDecision.decision) == "same") & (col(DuplicateDecision.kind) == "incident")
    either = union(select(DuplicateDecision.first).where(same),
                   select(DuplicateDecision.second).where(same))
    return col(Incident.id).in_(either)


def _prefilter(filters: IncidentFilter | None, only_linked: bool) -> ColumnElement[bool] | None:
    """Return a condition keeping the incidents that may belong to a matching event.

    An incident without links is its own event, so the filters apply to it directly; a
    linked one is always read, since its event is only known once merged.
    """
    if only_linked:
        return _linked()
    conditions = incident_conditions(filters)
    if not conditions:
        return None
    return or_(and_(*conditions), _linked())


def load_incidents(session: Session, with_narrative: bool = False,
                   filters: IncidentFilter | None = None,
                   only_linked: bool = False,
                   cancel: CancelToken | None = None) -> list[IncidentData]:
    """Return live incidents with their codes: all, those ``filters`` may keep, or only
    the linked ones; raises Cancelled soon after ``cancel`` is set."""
    check_cancel(cancel)
    where = _prefilter(filters, only_linked)
    codes: dict[str, tuple[list[str], list[str]]] = {}
    code_stmt = sa_select(col(IncidentCode.incident_id), col(IncidentCode.vocabulary),
                          col(IncidentCode.code))
    if where is not None:
        code_stmt = code_stmt.join(Incident, col(Incident.id) == col(IncidentCode.incident_id)
                                   ).where(where)
    for n, (incident_id, vocab, code) in enumerate(plain_rows(session, code_stmt)):
        if not n % _EVERY:
            check_cancel(cancel)
        pair = codes.get(incident_id)
        if pair is None:
            pair = codes[incident_id] = ([], [])
        pair[0 if vocab == "violations" else 1].append(code)
    columns = _INCIDENT_COLUMNS + ((col(Incident.narrative),) if with_narrative else ())
    incident_stmt = sa_select(*columns)
    if where is not None:
        incident_stmt = incident_stmt.where(where)
    out = []
    none: tuple[list[str], list[str]] = ([], [])
    for n, row in enumerate(plain_rows(session, incident_stmt)):
        if not n % _EVERY:
            check_cancel(cancel)
        violations, perpetrators = codes.get(row[0], none)
        out.append(IncidentData(
            row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
            row[9], row[10], row[11], row[12], ordered_codes(violations, "violations"),
            ordered_codes(perpetrators, "perpetrators"), row[13] if with_narrative else "",
        ))
    return out


@cache
def _order(vocab: str) -> dict[str, int]:
    return {code: i for i, code in enumerate(vocabulary(vocab).codes())}


def ordered_codes(codes: list[str], vocab: str) -> tuple[str, ...]:
    """Return codes once each, in the vocabulary's order (unknown ones last, by code)."""
    if len(codes) < 2:
        return tuple(codes)
    order = _order(vocab)
    last = len(order)
    return tuple(sorted(set(codes), key=lambda c: (order.get(c, last), c)))
