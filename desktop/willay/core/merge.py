"""Heads, conflicts and merges of records that changed in two places.

When a record has two heads (two documenters edited it apart), a field-level three-way
merge against their nearest common ancestor resolves disjoint changes automatically as
a merge revision. Changes of the same field to different values, or an edit against a
deletion, stay as a visible conflict until someone resolves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from willay.core import projection, revisions
from willay.core.canonical import canonical_json
from willay.core.errors import ValidationError
from willay.core.models import Record
from willay.core.records import commit_revision
from willay.core.revisions import RevisionView


@dataclass(frozen=True)
class MergeResult:
    """The outcome of merging one record's heads."""

    fields: dict[str, Any] | None
    conflicting: list[str]
    deleted_vs_edited: bool


def _ancestors(start: str, by_id: dict[str, RevisionView]) -> dict[str, int]:
    """Return every ancestor of ``start`` (itself included) with its distance."""
    seen = {start: 0}
    frontier = [start]
    while frontier:
        following = []
        for rev_id in frontier:
            view = by_id.get(rev_id)
            for parent in view.parents if view else []:
                if parent not in seen:
                    seen[parent] = seen[rev_id] + 1
                    following.append(parent)
        frontier = following
    return seen


def common_ancestor(heads: list[str], by_id: dict[str, RevisionView]) -> str | None:
    """Return the nearest revision that is an ancestor of every head, if any."""
    maps = [_ancestors(head, by_id) for head in heads]
    shared = set(maps[0]).intersection(*maps[1:])
    if not shared:
        return None
    return min(shared, key=lambda rev: (sum(m[rev] for m in maps), rev))


def three_way(base: dict[str, Any] | None, sides: list[dict[str, Any] | None]) -> MergeResult:
    """Merge field by field; a field changed differently on two sides is a conflict."""
    if any(side is None for side in sides):
        live = [s for s in sides if s is not None]
        if not live or all(s == base for s in live):
            return MergeResult(None, [], False)  # deleted, and nobody edited meanwhile
        return MergeResult(None, [], True)
    base = base or {}
    merged: dict[str, Any] = {}
    conflicting = []
    keys = sorted(set().union(*(s.keys() for s in sides if s is not None)))
    for key in keys:
        values = [s.get(key) for s in sides if s is not None]
        changed = [v for v in values if v != base.get(key)]
        distinct = {canonical_json({"v": v}) for v in changed}
        if not changed:
            merged[key] = base.get(key)
        elif len(distinct) == 1:
            merged[key] = changed[0]
        else:
            conflicting.append(key)
            merged[key] = changed[-1]
    return MergeResult(merged, conflicting, False)


def _views(session: Session, record_id: str) -> dict[str, RevisionView]:
    return {view.id: view for view in revisions.history(session, record_id)}


def analyse(session: Session, record_id: str) -> tuple[list[RevisionView], MergeResult]:
    """Return a record's heads (newest last) and what merging them would give."""
    by_id = _views(session, record_id)
    heads = [by_id[h] for h in revisions.heads(session, record_id)]
    heads.sort(key=lambda v: (v.time, v.id))
    base_id = common_ancestor([h.id for h in heads], by_id)
    base = by_id[base_id].fields if base_id else None
    return heads, three_way(base, [h.fields for h in heads])


def settle(session: Session, record_id: str, fresh: bool = False) -> str:
    """After new revisions arrived: project the head, merge heads or flag a conflict.

    ``fresh`` says the record arrived with these revisions (it has no head state yet).
    Returns "current", "merged" or "conflict".
    """
    record = session.get(Record, record_id)
    assert record is not None
    heads = revisions.heads(session, record_id)
    if len(heads) == 1:
        view = revisions.load(session, heads[0])
        record.deleted = view.deleted
        record.conflict = False
        record.updated = max(record.updated, view.time)
        session.add(record)
        projection.project(session, record_id, record.kind, view.fields, fresh=fresh)
        return "current"
    head_views, result = analyse(session, record_id)
    if not result.conflicting and not result.deleted_vs_edited:
        commit_revision(session, record, result.fields, [h.id for h in head_views],
                        custody_details={"merge": "automatic"})
        return "merged"
    newest = head_views[-1]
    record.conflict = True
    record.deleted = False
    record.updated = max([record.updated, *(h.time for h in head_views)])
    session.add(record)
    projection.project(session, record_id, record.kind,
                       newest.fields or next((h.fields for h in head_views if h.fields), None))
    return "conflict"


def conflicts(session: Session) -> list[Record]:
    """Return every record with more than one head."""
    return list(session.exec(select(Record).where(col(Record.conflict).is_(True))
                             .order_by(col(Record.updated))).all())


def resolve(session: Session, record_id: str, take: str | None = None) -> tuple[str, list[str]]:
    """Resolve a conflict by taking one head's fields, or by merging.

    With ``take`` (a head revision id or prefix), its fields win. Without, disjoint changes
    merge and each field changed on both sides takes the newest head's value; the names
    of those fields are returned with the new revision id.
    """
    record = session.get(Record, record_id)
    if record is None or not record.conflict:
        raise ValidationError(f"Record {record_id} has no conflict to resolve.")
    head_views, result = analyse(session, record_id)
    parents = [h.id for h in head_views]
    if take is not None:
        chosen = [h for h in head_views if h.id.startswith(take.strip().lower())]
        if len(chosen) != 1:
            options = ", ".join(h.id[:12] for h in head_views)
            raise ValidationError(f"{take!r} is not one of this record's heads ({options}).")
        revision_id = commit_revision(session, record, chosen[0].fields, parents,
                                      custody_details={"resolved": "take",
                                                       "took": chosen[0].id})
        return revision_id, []
    if result.deleted_vs_edited:
        raise ValidationError(
            "One side deleted this record and the other edited it; choose with --take.")
    revision_id = commit_revision(session, record, result.fields, parents,
                                  custody_details={"resolved": "merge",
                                                   "newest_won": result.conflicting})
    return revision_id, result.conflicting
