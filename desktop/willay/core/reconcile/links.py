"""Links between records that describe the same event or person, and dismissed suggestions.

A coordinator links two incidents as one event (both kept, counted once) or two people as
one person; or dismisses a suggestion. Every decision can be undone. Groups are the
connected components of ``same`` links.
"""

from __future__ import annotations

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from willay.core.errors import ValidationError
from willay.core.i18n import _
from willay.core.records.fields import kind_name
from willay.core.records.revisions import now_stamp
from willay.core.vault.models import DuplicateDecision, Record

SAME = "same"
DISTINCT = "distinct"
KINDS = ("incident", "person")


def _pair(a: str, b: str) -> tuple[str, str]:
    if a == b:
        raise ValidationError(_("A record cannot be linked with itself."))
    return (a, b) if a < b else (b, a)


def _kind_of(session: Session, record_id: str) -> str:
    record = session.get(Record, record_id)
    if record is None or record.deleted:
        raise ValidationError(_("No record {id} to link (unknown or deleted).")
                              .format(id=record_id))
    return record.kind


def decide(session: Session, a: str, b: str, decision: str) -> DuplicateDecision:
    """Record ``same`` (link) or ``distinct`` (dismiss) for two records of one kind."""
    if decision not in (SAME, DISTINCT):
        raise ValidationError(_("Unknown decision {decision}: use 'same' or 'distinct'.")
                              .format(decision=repr(decision)))
    first, second = _pair(a, b)
    kind = _kind_of(session, first)
    if kind != _kind_of(session, second):
        raise ValidationError(_("Only two incidents or two people can be linked."))
    if kind not in KINDS:
        raise ValidationError(_("Records of the kind {kind} cannot be linked; only two "
                                "incidents or two people can.").format(kind=kind_name(kind)))
    row = session.get(DuplicateDecision, (first, second))
    if row is None:
        row = DuplicateDecision(first=first, second=second, kind=kind, decision=decision,
                                decided=now_stamp())
    else:
        row.decision = decision
        row.decided = now_stamp()
    session.add(row)
    session.flush()
    return row


def undo(session: Session, a: str, b: str) -> bool:
    """Forget the decision on a pair; return whether there was one."""
    row = session.get(DuplicateDecision, _pair(a, b))
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def decisions(session: Session, kind: str | None = None) -> list[DuplicateDecision]:
    """Every decision, optionally of one kind, oldest first."""
    query = select(DuplicateDecision)
    if kind is not None:
        query = query.where(DuplicateDecision.kind == kind)
    return list(session.exec(query.order_by(DuplicateDecision.decided)))


def decided_pairs(session: Session, kind: str) -> list[tuple[str, str, str]]:
    """Every decided pair of ``kind`` as (first, second, decision), oldest first; plain
    tuples, for the many thousands a coordinator's vault holds."""
    stmt = (sa_select(col(DuplicateDecision.first), col(DuplicateDecision.second),
                      col(DuplicateDecision.decision))
            .where(col(DuplicateDecision.kind) == kind).order_by(col(DuplicateDecision.decided)))
    return [(first, second, decision) for first, second, decision in session.execute(stmt)]


def groups(session: Session, kind: str) -> dict[str, str]:
    """Map every linked record of ``kind`` to its group's representative (smallest id).

    Records without links are absent: they stand for themselves.
    """
    return groups_of(decided_pairs(session, kind))


def groups_of(pairs: list[tuple[str, str, str]]) -> dict[str, str]:
    """Like :func:`groups`, from the pairs :func:`decided_pairs` returned."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for first, second, decision in pairs:
        if decision == SAME:
            ra, rb = find(first), find(second)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in parent}
