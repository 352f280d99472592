"""Heads, conflicts and merges of records that changed in two places.

When a record has two heads (two documenters edited it apart), a field-level three-way
merge against their nearest common ancestor resolves disjoint changes automatically as
a merge revision. Changes of the same field to different values, or an edit against a
deletion, stay as a visible conflict until someone resolves it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from willay.core.canonical import canonical_json
from willay.core.errors import ValidationError
from willay.core.i18n import _
from willay.core.records import projection, revisions
from willay.core.records.fields import kind_name, normalize
from willay.core.records.revisions import RevisionView
from willay.core.records.service import _check_links, commit_revision
from willay.core.vault.models import Record


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


def settle(session: Session, record_id: str) -> str:
    """After new revisions arrived: project the head, merge heads or flag a conflict.

    Returns "current", "merged" or "conflict".
    """
    record = session.get(Record, record_id)
    assert record is not None
    heads = revisions.heads(session, record_id)
    if record.kind == "fieldset" and len(heads) > 1:
        # Versions of a field set are never merged: the highest number is its state.
        views = [revisions.load(session, head) for head in heads]
        heads = [max(views, key=lambda v: (-1 if v.fields is None else v.fields["version"],
                                           v.time, v.id)).id]
    if len(heads) == 1:
        view = revisions.load(session, heads[0])
        record.deleted = view.deleted
        record.conflict = False
        record.updated = max(record.updated, view.time)
        session.add(record)
        projection.project(session, record_id, record.kind, view.fields)
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


def resolve_conflict(session: Session, record_id: str,
                     take: str | None = None) -> tuple[str, list[str]]:
    """Resolve a conflict by taking one head's fields, or by merging.

    With ``take`` (a head revision id or prefix), its fields win. Without, disjoint changes
    merge and each field changed on both sides takes the newest head's value; the names
    of those fields are returned with the new revision id.
    """
    record = session.get(Record, record_id)
    if record is None or not record.conflict:
        raise ValidationError(_("Record {id} has no conflict to resolve.").format(id=record_id))
    head_views, result = analyse(session, record_id)
    parents = [h.id for h in head_views]
    if take is not None:
        chosen = [h for h in head_views if h.id.startswith(take.strip().lower())]
        if len(chosen) != 1:
            options = ", ".join(h.id[:12] for h in head_views)
            raise ValidationError(
                _("{version} is not one of this record's latest versions ({options}).")
                .format(version=repr(take), options=options))
        revision_id = commit_revision(session, record, chosen[0].fields, parents,
                                      custody_details={"resolved": "take",
                                                       "took": chosen[0].id})
        return revision_id, []
    if result.deleted_vs_edited:
        raise ValidationError(
            _("One side deleted this record and the other edited it; choose with --take."))
    revision_id = commit_revision(session, record, result.fields, parents,
                                  custody_details={"resolved": "merge",
                                                   "newest_won": result.conflicting})
    return revision_id, result.conflicting


@dataclass(frozen=True)
class Dispute:
    """What a person must decide to settle one record's conflict.

    ``merged`` holds every field combined already (disjoint changes merged); the fields in
    ``disputed`` were changed differently on several sides and need a choice. When one
    side deleted the record and another edited it, ``merged`` is what restoring the
    edited side(s) would give, and ``disputed`` lists only fields the live sides
    disagree on among themselves.
    """

    record_id: str
    kind: str
    heads: list[RevisionView]
    merged: dict[str, Any] | None
    disputed: list[str]
    deleted_vs_edited: bool


def dispute(session: Session, record_id: str) -> Dispute:
    """Return the heads of a record in conflict and what is left to decide."""
    record = session.get(Record, record_id)
    if record is None or not record.conflict:
        raise ValidationError(_("Record {id} has no conflict to resolve.").format(id=record_id))
    by_id = _views(session, record_id)
    heads, result = analyse(session, record_id)
    if not result.deleted_vs_edited:
        return Dispute(record_id, record.kind, heads, result.fields, result.conflicting, False)
    live = [h for h in heads if h.fields is not None]
    base_id = common_ancestor([h.id for h in live], by_id) if len(live) > 1 else None
    base = by_id[base_id].fields if base_id else None
    among_live = three_way(base, [h.fields for h in live]) if len(live) > 1 \
        else MergeResult(dict(live[0].fields or {}), [], False)
    return Dispute(record_id, record.kind, heads, among_live.fields, among_live.conflicting,
                   True)


def _head(heads: list[RevisionView], prefix: str, field: str | None = None) -> RevisionView:
    wanted = prefix.strip().lower()
    chosen = [h for h in heads if wanted and h.id.startswith(wanted)]
    if len(chosen) != 1:
        options = ", ".join(h.id[:12] for h in heads)
        if field:
            raise ValidationError(
                _("{version} (for {field}) is not one of this record's versions ({options}).")
                .format(version=repr(prefix), field=field, options=options))
        raise ValidationError(_("{version} is not one of this record's versions ({options}).")
                              .format(version=repr(prefix), options=options))
    return chosen[0]


def coerce(field: str, value: Any) -> Any:
    """Turn a value typed as plain text into the shape its field stores.

    A date becomes ``{"text": ...}``; a place becomes a district code when it is six
    digits and free text otherwise; code lists accept comma-separated text. Values that
    already have a shape (lists, mappings, numbers) pass unchanged to the normalization.
    """
    if not isinstance(value, str):
        return value
    if field == "occurred":
        return {"text": value}
    if field in ("place", "recorded_place"):
        cleaned = value.strip()
        if cleaned.isdigit() and len(cleaned) == 6:
            return {"ubigeo": cleaned, "text": ""}
        return {"ubigeo": None, "text": cleaned}
    if field in ("violations", "perpetrators", "roles", "languages", "incidents"):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def parse_typed(field: str, text: str) -> Any:
    """Read a value typed by a person: JSON for lists and mappings, plain text otherwise."""
    stripped = text.strip()
    if stripped[:1] in ("[", "{"):
        try:
            return json.loads(stripped)
        except ValueError as exc:
            raise ValidationError(
                _("{field}: {value} starts like a list but cannot be read (it is not valid "
                  "JSON: {reason}).").format(field=field, value=repr(text), reason=exc)
            ) from exc
    return text


@dataclass(frozen=True)
class Resolution:
    """A settled conflict: the merge revision and where each decided field came from."""

    record_id: str
    revision_id: str
    fields: dict[str, Any] | None
    sources: dict[str, str]


def resolve_fields(session: Session, record_id: str, picks: Mapping[str, str] | None = None,
                   values: Mapping[str, Any] | None = None, *, fallback: str | None = None,
                   keep_deleted: bool = False) -> Resolution:
    """Settle a conflict field by field in one merge revision whose parents are all heads.

    ``picks`` maps a field to the head (id or prefix) whose value it takes; ``values``
    maps a field to a new value written by the coordinator (checked exactly as an edit).
    Every disputed field needs one or the other, unless ``fallback`` says how to fill
    the rest: ``"newest"`` (the newest head wins) or a head id whose fields are the base
    for every field not picked or written. When one side deleted the record,
    ``keep_deleted`` settles it as deleted; otherwise the edited side is restored.
    """
    picks = dict(picks or {})
    values = dict(values or {})
    found = dispute(session, record_id)
    record = session.get(Record, record_id)
    assert record is not None
    parents = [h.id for h in found.heads]
    if keep_deleted:
        if not found.deleted_vs_edited:
            raise ValidationError(_("Record {id} was not deleted on any side.")
                                  .format(id=record_id))
        if picks or values:
            raise ValidationError(_("A record kept deleted has no fields to pick or write."))
        revision_id = commit_revision(session, record, None, parents,
                                      custody_details={"resolved": "kept deleted"})
        return Resolution(record_id, revision_id, None, {})
    _check_choices(found, picks, values)
    fields, sources = _base_fields(found, fallback)
    missing = [name for name in found.disputed
               if name not in picks and name not in values and name not in sources]
    if missing:
        raise ValidationError(
            _("Choose a version or write a value for every disputed field; missing: "
              "{fields}.").format(fields=", ".join(missing)))
    _apply_choices(found, fields, sources, picks, values)
    clean = _check_links(session, found.kind, normalize(found.kind, fields))
    details: dict[str, Any] = {"resolved": "fields",
                               "took": {k: v for k, v in sorted(sources.items())
                                        if v != "written"},
                               "written": sorted(k for k, v in sources.items() if v == "written")}
    if found.deleted_vs_edited:
        details["restored"] = True
    revision_id = commit_revision(session, record, clean, parents, custody_details=details)
    return Resolution(record_id, revision_id, clean, sources)


def _check_choices(found: Dispute, picks: Mapping[str, str], values: Mapping[str, Any]
                   ) -> None:
    """Refuse a field both picked and written, or a field this kind of record has not."""
    overlap = sorted(set(picks) & set(values))
    if overlap:
        raise ValidationError(
            _("Pick a version or write a new value, not both: {fields}.").format(
                fields=", ".join(overlap)))
    live = [h for h in found.heads if h.fields is not None]
    known = sorted(set().union(*(set(h.fields or {}) for h in live)))
    unknown = [name for name in [*picks, *values] if name not in known]
    if unknown:
        raise ValidationError(
            _("Unknown field {field} for a record of the kind {kind}; its fields are: "
              "{fields}.").format(field=repr(unknown[0]), kind=kind_name(found.kind),
                                  fields=", ".join(known)))


def _base_fields(found: Dispute, fallback: str | None) -> tuple[dict[str, Any], dict[str, str]]:
    """The fields a resolution starts from, and the head each disputed one comes from."""
    sources: dict[str, str] = {}
    if fallback is None or fallback == "newest":
        fields = dict(found.merged or {})
        if fallback == "newest":
            newest = [h for h in found.heads if h.fields is not None][-1].id
            sources.update({name: newest for name in found.disputed})
        return fields, sources
    base_head = _head(found.heads, fallback)
    if base_head.fields is None:
        raise ValidationError(
            _("Version {version} deleted the record; it has no fields to keep.").format(
                version=base_head.id[:12]))
    sources.update({name: base_head.id for name in found.disputed})
    return dict(base_head.fields), sources


def _apply_choices(found: Dispute, fields: dict[str, Any], sources: dict[str, str],
                   picks: Mapping[str, str], values: Mapping[str, Any]) -> None:
    """Take each picked field from its head and each written value, checked as an edit."""
    for name, prefix in picks.items():
        head = _head(found.heads, prefix, name)
        if head.fields is None:
            raise ValidationError(
                _("{field}: version {version} deleted the record; pick an edited version.")
                .format(field=name, version=head.id[:12]))
        fields[name] = head.fields.get(name)
        sources[name] = head.id
    for name, value in values.items():
        candidate = {**fields, name: coerce(name, value)}
        try:
            normalize(found.kind, candidate)
        except ValidationError as exc:
            raise ValidationError(f"{name}: {exc}") from exc
        fields[name] = candidate[name]
        sources[name] = "written"
