"""Record services: create, edit, delete, read, list and trace records.

Every change appends a revision (see :mod:`revisions`) and rewrites the record's head
state (see :mod:`projection`). Functions take an explicit session; the caller owns the
unit of work.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from willay.core.errors import NotFoundError, ValidationError
from willay.core.i18n import _, ngettext, number
from willay.core.records import authorship, custody, projection, revisions
from willay.core.records.custom_parts import part_id
from willay.core.records.fields import ATTACHABLE, EDITABLE, kind_name, normalize
from willay.core.records.queries import recorded_untranscribed
from willay.core.reference import dates
from willay.core.reference.fieldsets import SENSITIVITIES
from willay.core.reference.gazetteer import gazetteer
from willay.core.vault.identity import key_id, signing_key
from willay.core.vault.models import (
    Incident,
    Media,
    Person,
    Record,
    Revision,
    Testimony,
    TestimonyIncident,
)

MIN_ID_PREFIX = 4


@dataclass(frozen=True)
class RecordView:
    """A record's current state: its fields at the head revision."""

    id: str
    kind: str
    fields: dict[str, Any] | None
    heads: list[str]
    deleted: bool
    conflict: bool
    created: str
    updated: str


def find_record(session: Session, ref: str, kind: str | None = None) -> Record:
    """Return the record whose id is ``ref`` or starts with it (at least 4 characters)."""
    ref = ref.strip().lower()
    if len(ref) < MIN_ID_PREFIX:
        raise ValidationError(
            _("Record id {ref} is too short; give at least {count} characters.")
            .format(ref=repr(ref), count=MIN_ID_PREFIX)
        )
    # A range, not LIKE: SQLite's LIKE ignores case and so cannot use the primary key.
    rows = session.exec(select(Record).where(col(Record.id) >= ref, col(Record.id) < ref + "~")
                        .limit(2)).all()
    if not rows:
        raise NotFoundError(_("No record has the id {ref}.").format(ref=repr(ref)))
    if len(rows) > 1:
        raise ValidationError(_("Several records start with {ref}; give more of the id.")
                              .format(ref=repr(ref)))
    record = rows[0]
    if kind is not None and record.kind != kind:
        raise ValidationError(_("Record {id} is of the kind {kind}, not {wanted}.").format(
            id=record.id, kind=kind_name(record.kind), wanted=kind_name(kind)))
    return record


def check_attachable(target: Record) -> None:
    """Refuse to attach media to anything but a live incident, testimony or person."""
    if target.kind not in ATTACHABLE:
        raise ValidationError(
            _("Media can be attached to an incident, a testimony or a person, not to a "
              "record of the kind {kind}.").format(kind=kind_name(target.kind))
        )
    if target.deleted:
        raise ValidationError(_("Record {id} has been deleted.").format(id=target.id))


def _check_links(session: Session, kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    if kind == "media":
        target = find_record(session, fields["attached_to"])
        check_attachable(target)
        return {**fields, "attached_to": target.id}
    if kind != "testimony":
        return fields
    fields = dict(fields)
    linked = []
    for ref in fields["incidents"]:
        record = find_record(session, ref, "incident")
        if record.deleted:
            raise ValidationError(_("Incident {id} has been deleted.").format(id=record.id))
        linked.append(record.id)
    fields["incidents"] = sorted(set(linked))
    witness = find_record(session, fields["witness"], "person")
    if witness.deleted:
        raise ValidationError(_("Person {id} has been deleted.").format(id=witness.id))
    fields["witness"] = witness.id
    return fields


def commit_revision(session: Session, record: Record, fields: dict[str, Any] | None,
                    parents: list[str], custody_action: str | None = None,
                    custody_details: dict[str, Any] | None = None) -> str:
    """Append a revision of ``record`` by this vault, project it and log it in custody.

    ``parents`` are all the record's heads, so the new revision is its only head (a
    conflict, if there was one, is settled by it). ``fields=None`` makes a tombstone.
    """
    key = signing_key(session)
    author = key_id(key.public_key().public_bytes_raw())
    time = revisions.now_stamp()
    revision_id, body = revisions.build(record.id, record.kind, fields, parents, author, time)
    seal = authorship.sign(key, body)
    revisions.append(session, record.id, record.kind, revision_id, body, parents, author, time,
                     deleted=fields is None, signature=seal.signature, signed_by=seal.signed_by)
    record.updated = time
    record.deleted = fields is None
    record.conflict = False
    session.add(record)
    projection.project(session, record.id, record.kind, fields)
    action = custody_action or (
        "deleted" if fields is None else "revised" if parents else "created")
    custody.append(session, action, record.id, revision_id,
                   {"kind": record.kind, **(custody_details or {})})
    return revision_id


def create(session: Session, kind: str, fields: dict[str, Any],
           custody_action: str | None = None,
           custody_details: dict[str, Any] | None = None) -> str:
    """Create a record of ``kind`` from ``fields``; return its new id.

    The custody log gets a ``created`` event, or ``custody_action`` when given.
    """
    if kind not in EDITABLE:
        raise ValidationError(_("Unknown kind of record {kind}.").format(kind=repr(kind)))
    clean = _check_links(session, kind, normalize(kind, fields))
    record = Record(id=str(uuid.uuid4()), kind=kind, created=revisions.now_stamp(), updated="")
    session.add(record)
    session.flush()
    commit_revision(session, record, clean, [], custody_action, custody_details)
    return record.id


def current_fields(session: Session, record: Record) -> dict[str, Any] | None:
    """Return the fields at the record's head (the newest head if there is a conflict)."""
    head = revisions.newest_head(session, record.id)
    return head.fields if head is not None else None


def edit(session: Session, ref: str, changes: dict[str, Any]) -> str:
    """Apply ``changes`` over the record's current fields; return the new revision id.

    An edit that changes nothing appends nothing and returns the current head.
    """
    record = find_record(session, ref)
    _check_editable(record)
    if record.deleted:
        raise ValidationError(_("Record {id} has been deleted; it cannot be edited.")
                              .format(id=record.id))
    current = current_fields(session, record) or {}
    clean = _check_links(session, record.kind, normalize(record.kind, {**current, **changes}))
    parents = revisions.heads(session, record.id)
    if clean == current and len(parents) == 1:
        return parents[0]
    return commit_revision(session, record, clean, parents)


def delete(session: Session, ref: str) -> str:
    """Delete a record by appending a tombstone revision; its history stays."""
    record = find_record(session, ref)
    _check_editable(record)
    if record.deleted:
        raise ValidationError(_("Record {id} is already deleted.").format(id=record.id))
    if record.kind == "incident":
        linked = session.exec(
            select(func.count()).select_from(TestimonyIncident)
            .where(TestimonyIncident.incident_id == record.id)
        ).one()
        if linked:
            raise ValidationError(ngettext(
                "Incident {id} has {count} testimony; delete or relink it first.",
                "Incident {id} has {count} testimonies; delete or relink them first.",
                linked).format(id=record.id, count=number(linked)))
    if record.kind == "person":
        witnessed = session.exec(
            select(func.count()).select_from(Testimony).where(Testimony.witness_id == record.id)
        ).one()
        if witnessed:
            raise ValidationError(ngettext(
                "Person {id} is the witness of {count} testimony; delete it first.",
                "Person {id} is the witness of {count} testimonies; delete those first.",
                witnessed).format(id=record.id, count=number(witnessed)))
    if record.kind in ATTACHABLE:
        attached = session.exec(
            select(func.count()).select_from(Media).where(Media.attached_to == record.id)
        ).one()
        if attached:
            raise ValidationError(ngettext(
                "Record {id} ({kind}) has {count} media item attached; delete it first.",
                "Record {id} ({kind}) has {count} media items attached; delete those first.",
                attached).format(id=record.id, kind=kind_name(record.kind),
                                 count=number(attached)))
    _delete_parts(session, record)
    return commit_revision(session, record, None, revisions.heads(session, record.id))


def _check_editable(record: Record) -> None:
    if record.kind not in EDITABLE:
        raise ValidationError(_("Record {id} is of the kind {kind}, which is changed through "
                                "its own commands, not edited or deleted as a record.").format(
            id=record.id, kind=kind_name(record.kind)))


def _delete_parts(session: Session, record: Record) -> None:
    """Delete the organization fields of a record being deleted, each part as a record."""
    for sensitivity in SENSITIVITIES:
        part = session.get(Record, part_id(record.id, sensitivity))
        if part is not None and not part.deleted:
            commit_revision(session, part, None, revisions.heads(session, part.id))


def get(session: Session, ref: str) -> RecordView:
    """Return a record's current state."""
    record = find_record(session, ref)
    return RecordView(
        id=record.id, kind=record.kind, fields=current_fields(session, record),
        heads=revisions.heads(session, record.id), deleted=record.deleted,
        conflict=record.conflict, created=record.created, updated=record.updated,
    )


def history(session: Session, ref: str) -> list[revisions.RevisionView]:
    """Return every revision of a record, oldest first."""
    return revisions.history(session, find_record(session, ref).id)


@cache
def _district_label(ubigeo: str) -> str:
    found = gazetteer().get(ubigeo)
    return found.full_name if found else ubigeo


def _place_label(ubigeo: str | None, place_text: str) -> str:
    parts = []
    if ubigeo:
        parts.append(_district_label(ubigeo))
    if place_text:
        parts.append(place_text)
    return " — ".join(parts)


def list_incidents(session: Session, offset: int = 0, limit: int | None = None
                   ) -> list[dict[str, Any]]:
    """Return incident summaries, newest occurrence first."""
    columns = [col(c) for c in (
        Incident.id, Incident.title, Incident.occurred_start, Incident.occurred_end,
        Incident.precision, Incident.ubigeo, Incident.place_text, Incident.killed,
        Incident.injured, Incident.detained, Incident.status,
    )]
    stmt = sa_select(*columns).order_by(
        col(Incident.occurred_start).desc(), col(Incident.id)).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    out = []
    for (record_id, title, start, end, precision, ubigeo, place_text, killed, injured,
         detained, status) in session.execute(stmt):
        span = dates.FuzzyDate(date.fromisoformat(start), date.fromisoformat(end), precision)
        out.append({
            "id": record_id, "kind": "incident", "title": title, "occurred": span.label(),
            "place": _place_label(ubigeo, place_text), "ubigeo": ubigeo,
            "killed": killed, "injured": injured, "detained": detained, "status": status,
        })
    return out


def list_people(session: Session, offset: int = 0, limit: int | None = None
                ) -> list[dict[str, Any]]:
    """Return person summaries, by name."""
    stmt = select(Person).order_by(col(Person.full_name), col(Person.id)).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [{
        "id": row.id, "kind": "person", "full_name": row.full_name, "pseudonym": row.pseudonym,
        "community": row.community, "roles": [r for r in row.roles.split(",") if r],
        "consent": row.consent,
    } for row in session.exec(stmt)]


def list_testimonies(session: Session, offset: int = 0, limit: int | None = None
                     ) -> list[dict[str, Any]]:
    """Return testimony summaries with their witness's name, newest first."""
    stmt = (select(Testimony, Person.full_name)
            .join(Person, col(Person.id) == col(Testimony.witness_id), isouter=True)
            .order_by(col(Testimony.recorded_date).desc(), col(Testimony.id)).offset(offset))
    if limit is not None:
        stmt = stmt.limit(limit)
    found = list(session.exec(stmt))
    waiting = recorded_untranscribed(session, [row.id for row, _name in found])
    out = []
    for row, witness_name in found:
        incident_ids = session.exec(
            select(TestimonyIncident.incident_id)
            .where(TestimonyIncident.testimony_id == row.id)
        ).all()
        out.append({
            "id": row.id, "kind": "testimony", "witness": row.witness_id,
            "witness_name": witness_name or "", "language": row.language,
            "consent": row.consent, "recorded_date": row.recorded_date,
            "incidents": sorted(incident_ids), "to_transcribe": row.id in waiting,
        })
    return out


LISTERS = {"incident": list_incidents, "person": list_people, "testimony": list_testimonies}


def summary(session: Session, record_id: str, kind: str) -> dict[str, Any]:
    """Return the list summary of one record (used for search results)."""
    if kind == "incident":
        row = session.get(Incident, record_id)
        return {"id": record_id, "kind": kind, "title": row.title if row else ""}
    if kind == "person":
        person = session.get(Person, record_id)
        return {"id": record_id, "kind": kind, "title": person.full_name if person else ""}
    if kind == "media":
        item = session.get(Media, record_id)
        return {"id": record_id, "kind": kind, "title": item.original_name if item else ""}
    testimony = session.get(Testimony, record_id)
    witness = session.get(Person, testimony.witness_id) if testimony else None
    return {"id": record_id, "kind": kind,
            "title": witness.full_name if witness else ""}


def count_records(session: Session) -> dict[str, int]:
    """Return how many live records of each kind the vault holds, and all revisions."""
    counts = {kind: 0 for kind in EDITABLE}
    rows = session.exec(
        select(Record.kind, func.count()).where(col(Record.deleted).is_(False))
        .group_by(col(Record.kind))
    ).all()
    for kind, total in rows:
        if kind in counts:
            counts[kind] = total
    counts["revisions"] = session.exec(select(func.count()).select_from(Revision)).one()
    return counts
