"""Suggestions of records that may describe the same incident or the same person.

Nothing here changes a record: a coordinator links a suggested pair (see
:mod:`willay.core.reconcile.links`) or dismisses it. Pairs already decided, or already in one
linked group, are not suggested again.

Incidents are suggested when they share a district (INEI ubigeo), their date spans
come within one day of each other, and they share at least one violation code
(:mod:`~willay.core.reconcile.incident_pairs`). People are suggested when their names
match token by token under a phonetic key tolerant of Spanish, Quechua and Aymara
spellings of the same name (:mod:`~willay.core.reconcile.names`,
:mod:`~willay.core.reconcile.person_pairs`). The pairs are kept in the vault and found
again only for the records that changed (:mod:`~willay.core.reconcile.suggestion_store`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from willay.core.progress import CancelToken, Progress
from willay.core.reconcile import links, suggestion_store
from willay.core.reconcile.incident_pairs import violation_codes
from willay.core.reconcile.names import compare_names, is_pseudonym_only, name_key
from willay.core.reconcile.suggestion import (
    INCIDENT,
    PERSON,
    Reason,
    Side,
    Suggestion,
    check,
    side_dict,
    tick,
)
from willay.core.records.queries import place_label
from willay.core.reference.dates import FuzzyDate
from willay.core.vault.models import Incident, IncidentCode, Person

__all__ = ["INCIDENT", "PERSON", "Decided", "Reason", "Side", "Suggestion", "compare_names",
           "decided", "describe", "incident_suggestions", "is_pseudonym_only", "name_key",
           "person_suggestions", "suggestions"]
_REFRESH_SHARE = 95  # percent spent bringing the kept pairs up to date; the rest describes


def _incident_side(row: Incident, codes: frozenset[str]) -> Side:
    start, end = date.fromisoformat(row.occurred_start), date.fromisoformat(row.occurred_end)
    return Side(row.id, INCIDENT, row.title, FuzzyDate(start, end, row.precision).label(),
                place_label(row.ubigeo, row.place_text),
                {"ubigeo": row.ubigeo, "violations": sorted(codes), "killed": row.killed,
                 "injured": row.injured, "detained": row.detained})


def _person_side(row: Person) -> Side:
    roles = [r for r in row.roles.split(",") if r]
    return Side(row.id, PERSON, row.full_name, "", row.community,
                {"pseudonym": row.pseudonym, "roles": roles, "age": row.age,
                 "age_range": row.age_range})


def _rows(session: Session, model: Any, ids: set[str]) -> dict[str, Any]:
    """Fetch the head rows of ``ids`` in a few queries instead of one per record."""
    ordered = sorted(ids)
    out: dict[str, Any] = {}
    for at in range(0, len(ordered), 500):
        chunk = ordered[at:at + 500]
        out.update({row.id: row for row in session.exec(
            select(model).where(col(model.id).in_(chunk)))})
    return out


def suggestions(session: Session, kind: str, limit: int | None = None,
                cancel: CancelToken | None = None,
                progress: Progress | None = None) -> list[Suggestion]:
    """Return the suggestions of one kind ("incident" or "person"), best first.

    The kept pairs are brought up to date first: a full pass the first time, then only
    the records that changed. ``progress`` hears the percent done (0 to 100). Raises
    :class:`~willay.core.progress.Cancelled` soon after ``cancel`` is set.
    """
    if kind not in (INCIDENT, PERSON):
        raise ValueError(kind)
    suggestion_store.refresh(session, kind, cancel, None if progress is None else (
        lambda percent: progress(_REFRESH_SHARE * percent // 100)))
    check(cancel)
    pairs = suggestion_store.top(session, kind, limit)
    ids = {x for p in pairs for x in (p.first, p.second)}
    if kind == INCIDENT:
        rows = _rows(session, Incident, ids)
        codes = violation_codes(session, ids)
        sides = {i: _incident_side(rows[i], codes.get(i, frozenset())) for i in rows}
    else:
        sides = {i: _person_side(row) for i, row in _rows(session, Person, ids).items()}
    tick(progress, 100)
    return [Suggestion(kind, sides[p.first], sides[p.second], p.score, p.reasons)
            for p in pairs if p.first in sides and p.second in sides]


def incident_suggestions(session: Session, limit: int | None = None,
                         cancel: CancelToken | None = None,
                         progress: Progress | None = None) -> list[Suggestion]:
    """Return pairs of live incidents that may be one event, best first."""
    return suggestions(session, INCIDENT, limit, cancel, progress)


def person_suggestions(session: Session, limit: int | None = None,
                       cancel: CancelToken | None = None,
                       progress: Progress | None = None) -> list[Suggestion]:
    """Return pairs of live people whose names may name one person, best first."""
    return suggestions(session, PERSON, limit, cancel, progress)


# -- decisions ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Decided:
    """A decision already taken on a pair, with both records described."""

    kind: str
    decision: str
    decided: str
    first: Side
    second: Side

    def as_dict(self) -> dict[str, Any]:
        """Return the decision as plain data (for ``--json``)."""
        return {"id": f"{self.first.id}+{self.second.id}", "kind": self.kind,
                "decision": self.decision, "decided": self.decided,
                "records": [side_dict(self.first), side_dict(self.second)]}


def describe(session: Session, record_id: str, kind: str) -> Side:
    """Describe one incident or person for a side-by-side view (deleted ones say so)."""
    if kind == INCIDENT:
        row = session.get(Incident, record_id)
        if row is not None:
            codes = frozenset(session.execute(
                sa_select(col(IncidentCode.code)).where(
                    col(IncidentCode.incident_id) == record_id,
                    col(IncidentCode.vocabulary) == "violations")).scalars())
            return _incident_side(row, codes)
    else:
        person = session.get(Person, record_id)
        if person is not None:
            return _person_side(person)
    return Side(record_id, kind, "", extra={"deleted": True})


def decided(session: Session, kind: str | None = None) -> list[Decided]:
    """Return the decisions taken (links and dismissals), newest first."""
    rows = links.decisions(session, kind)
    return [Decided(row.kind, row.decision, row.decided,
                    describe(session, row.first, row.kind),
                    describe(session, row.second, row.kind)) for row in reversed(rows)]
