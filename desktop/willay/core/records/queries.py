"""Read-only, paged queries for the desktop window: counts, pages, links, changes, bundles.

Every function takes an explicit session and reads only the head-state tables (and, for
changes, the revisions). Pages are ordered so that ``offset``/``limit`` slices are
stable: incidents newest occurrence first, people by name, testimonies newest first,
media newest intake first, each with the record id as the last key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from willay.core.records import authorship, revisions
from willay.core.records.filter import IncidentFilter, incident_conditions
from willay.core.reference import dates
from willay.core.reference.gazetteer import gazetteer
from willay.core.vault.identity import author_key_id
from willay.core.vault.models import (
    Delivery,
    DuplicateDecision,
    Incident,
    Media,
    Partner,
    Person,
    ReceivedBundle,
    Record,
    Revision,
    SentBundle,
    SentItem,
    StoredObject,
    Testimony,
    TestimonyIncident,
)


@dataclass(frozen=True)
class IncidentRow:
    """One line of the incident list."""

    id: str
    title: str
    occurred: str
    place: str
    killed: int
    injured: int
    detained: int
    status: str


@dataclass(frozen=True)
class PersonRow:
    """One line of the people list."""

    id: str
    full_name: str
    pseudonym: str
    community: str
    roles: tuple[str, ...]
    consent: str


@dataclass(frozen=True)
class TestimonyRow:
    """One line of a list of testimonies."""

    id: str
    witness_id: str
    witness_name: str
    witness_pseudonym: str
    language: str
    consent: str
    recorded_date: str | None
    excerpt: str
    to_transcribe: bool = False


@dataclass(frozen=True)
class MediaRow:
    """One item of a media gallery."""

    id: str
    sha256: str
    original_name: str
    media_kind: str
    mime: str
    size: int
    intake_time: str
    attached_to: str
    captured_at: str | None


@dataclass(frozen=True)
class IncidentLinks:
    """What hangs off one incident: its testimonies, their witnesses, and its media."""

    testimonies: list[TestimonyRow]
    people: list[PersonRow]
    media: list[MediaRow]


@dataclass(frozen=True)
class Change:
    """One revision of a record, with the fields it changed from its parent."""

    revision_id: str
    time: str
    author: str
    changed: tuple[str, ...]
    deleted: bool
    author_name: str = ""  # who the author key belongs to, in words ("" if unknown)
    seal: authorship.SealCheck | None = None  # what checking its signature found
    known_author: authorship.KnownAuthor | None = None  # the author's key as known here


def place_label(ubigeo: str | None, place_text: str) -> str:
    """Return "district, province, department — free text" (either part may be absent)."""
    parts = []
    if ubigeo:
        found = gazetteer().get(ubigeo)
        parts.append(found.full_name if found else ubigeo)
    if place_text:
        parts.append(place_text)
    return " — ".join(parts)


def _occurred_label(row: Incident) -> str:
    span = dates.FuzzyDate(date.fromisoformat(row.occurred_start),
                           date.fromisoformat(row.occurred_end), row.precision)
    return span.label()


def _filtered(stmt: SelectOfScalar[Any], filters: IncidentFilter | None) -> SelectOfScalar[Any]:
    return stmt.where(*incident_conditions(filters))


def count_incidents(session: Session, filters: IncidentFilter | None = None) -> int:
    """Return how many live incidents match ``filters``."""
    stmt = _filtered(select(func.count()).select_from(Incident), filters)
    return int(session.exec(stmt).one())


def _incident_row(row: Incident) -> IncidentRow:
    return IncidentRow(
        id=row.id, title=row.title, occurred=_occurred_label(row),
        place=place_label(row.ubigeo, row.place_text), killed=row.killed,
        injured=row.injured, detained=row.detained, status=row.status,
    )


# What the incident list can be sorted by; the id breaks ties so pages never overlap.
INCIDENT_ORDERS = {
    "occurred": Incident.occurred_start, "title": Incident.title,
    "killed": Incident.killed, "injured": Incident.injured,
    "detained": Incident.detained, "status": Incident.status,
}


def incident_page(session: Session, offset: int, limit: int,
                  filters: IncidentFilter | None = None, order: str = "occurred",
                  descending: bool = True) -> list[IncidentRow]:
    """Return ``limit`` incidents from ``offset``, sorted by ``order`` (newest first by default).

    ``order`` is a key of :data:`INCIDENT_ORDERS`; titles sort without regard to case.
    """
    column = col(INCIDENT_ORDERS[order])
    key = func.lower(column) if order == "title" else column
    stmt = _filtered(select(Incident), filters)
    stmt = stmt.order_by(key.desc() if descending else key.asc(), col(Incident.id))
    return [_incident_row(row) for row in session.exec(stmt.offset(offset).limit(limit))]


def count_people(session: Session) -> int:
    """Return how many live people the vault holds."""
    return int(session.exec(select(func.count()).select_from(Person)).one())


def _person_row(row: Person) -> PersonRow:
    return PersonRow(id=row.id, full_name=row.full_name, pseudonym=row.pseudonym,
                     community=row.community,
                     roles=tuple(r for r in row.roles.split(",") if r), consent=row.consent)


def people_page(session: Session, offset: int, limit: int) -> list[PersonRow]:
    """Return ``limit`` people from ``offset``, by name."""
    stmt = select(Person).order_by(col(Person.full_name), col(Person.id))
    return [_person_row(row) for row in session.exec(stmt.offset(offset).limit(limit))]


def all_people(session: Session, limit: int = 5000) -> list[PersonRow]:
    """Return up to ``limit`` people by name (for choosing a witness)."""
    return people_page(session, 0, limit)


def _excerpt(text: str, length: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


def recorded_untranscribed(session: Session, ids: list[str] | None = None) -> set[str]:
    """Return which testimonies (of ``ids``, or all) have a recording and no transcript yet.

    They are the ones "to transcribe". A testimony received without its text (consent)
    has no recording either, so it is not among them.
    """
    stmt = (select(Testimony.id).join(Media, col(Media.attached_to) == col(Testimony.id))
            .where(Testimony.transcript == "", Media.media_kind == "audio").distinct())
    if ids is None:
        return set(session.exec(stmt).all())
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        found.update(session.exec(stmt.where(col(Testimony.id).in_(ids[start:start + 500])))
                     .all())
    return found


def _testimony_rows(session: Session, stmt: SelectOfScalar[Any]) -> list[TestimonyRow]:
    out = []
    testimonies = list(session.exec(stmt))
    waiting = recorded_untranscribed(session, [t.id for t in testimonies])
    for testimony in testimonies:
        witness = session.get(Person, testimony.witness_id)
        out.append(TestimonyRow(
            id=testimony.id, witness_id=testimony.witness_id,
            witness_name=witness.full_name if witness else "",
            witness_pseudonym=witness.pseudonym if witness else "",
            language=testimony.language, consent=testimony.consent,
            recorded_date=testimony.recorded_date, excerpt=_excerpt(testimony.transcript),
            to_transcribe=testimony.id in waiting,
        ))
    return out


def testimonies_of_person(session: Session, person_id: str) -> list[TestimonyRow]:
    """Return the testimonies a person gave, newest first."""
    stmt = (select(Testimony).where(Testimony.witness_id == person_id)
            .order_by(col(Testimony.recorded_date).desc(), col(Testimony.id)))
    return _testimony_rows(session, stmt)


def _media_row(row: Media) -> MediaRow:
    return MediaRow(id=row.id, sha256=row.sha256, original_name=row.original_name,
                    media_kind=row.media_kind, mime=row.mime, size=row.size,
                    intake_time=row.intake_time, attached_to=row.attached_to,
                    captured_at=row.captured_at)


def count_media(session: Session, attached_to: list[str] | None = None) -> int:
    """Return how many media items the vault holds (or are attached to ``attached_to``)."""
    stmt = select(func.count()).select_from(Media)
    if attached_to is not None:
        stmt = stmt.where(col(Media.attached_to).in_(attached_to))
    return int(session.exec(stmt).one())


def media_page(session: Session, offset: int, limit: int,
               attached_to: list[str] | None = None) -> list[MediaRow]:
    """Return ``limit`` media items from ``offset``, newest intake first."""
    stmt = select(Media)
    if attached_to is not None:
        stmt = stmt.where(col(Media.attached_to).in_(attached_to))
    stmt = stmt.order_by(col(Media.intake_time).desc(), col(Media.id))
    return [_media_row(row) for row in session.exec(stmt.offset(offset).limit(limit))]


def media_item(session: Session, media_id: str) -> MediaRow | None:
    """Return one media item, or None if it is deleted or unknown."""
    row = session.get(Media, media_id)
    return _media_row(row) if row is not None else None


def incident_links(session: Session, incident_id: str) -> IncidentLinks:
    """Return the testimonies of an incident, their witnesses, and the incident's media.

    Media attached to the incident itself and to its testimonies are both listed.
    """
    stmt = (select(Testimony).join(TestimonyIncident,
                                   col(TestimonyIncident.testimony_id) == col(Testimony.id))
            .where(TestimonyIncident.incident_id == incident_id)
            .order_by(col(Testimony.recorded_date).desc(), col(Testimony.id)))
    testimonies = _testimony_rows(session, stmt)
    seen: dict[str, PersonRow] = {}
    for testimony in testimonies:
        person = session.get(Person, testimony.witness_id)
        if person is not None and person.id not in seen:
            seen[person.id] = _person_row(person)
    owners = [incident_id, *(t.id for t in testimonies)]
    media = media_page(session, 0, 10_000, attached_to=owners)
    return IncidentLinks(testimonies=testimonies,
                         people=sorted(seen.values(), key=lambda p: p.full_name),
                         media=media)


def record_kind(session: Session, record_id: str) -> str | None:
    """Return the kind of a record, or None if there is none with this id."""
    row = session.get(Record, record_id)
    return row.kind if row is not None else None


def _changed(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[str, ...]:
    if after is None:
        return ()
    if before is None:
        return tuple(sorted(after))
    keys = set(before) | set(after)
    return tuple(sorted(k for k in keys if before.get(k) != after.get(k)))


def changes(session: Session, record_id: str) -> list[Change]:
    """Return every revision of a record, oldest first, with the fields each one changed.

    A merge revision is compared with its first parent.
    """
    rows = {row.id: row for row in session.exec(
        select(Revision).where(Revision.record_id == record_id)).all()}
    history = revisions.history(session, record_id)
    by_id = {view.id: view for view in history}
    authors = authorship.known_authors(session)
    me = author_key_id(session)
    out = []
    for view in history:
        parent = by_id.get(view.parents[0]) if view.parents else None
        known = authors.get(view.author)
        out.append(Change(revision_id=view.id, time=view.time, author=view.author,
                          changed=_changed(parent.fields if parent else None, view.fields),
                          deleted=view.deleted, author_name=known.label if known else "",
                          seal=authorship.examine(rows[view.id], view.author, authors, me),
                          known_author=known))
    return out


# -- bundles and conflicts ---------------------------------------------------------------
@dataclass(frozen=True)
class ReceivedRow:
    """One imported bundle or receipt, with what the import counted."""

    id: str
    sender: str
    sender_name: str
    sequence: int
    kind: str
    created: str
    imported: str
    summary: dict[str, Any]
    receipt: str | None = None  # the last receipt written for it, if any


@dataclass(frozen=True)
class SentRow:
    """One bundle or receipt this vault wrote."""

    id: str
    sequence: int
    kind: str
    created: str
    recipients: tuple[str, ...]
    profile: str
    revisions: int
    media: int


def _partner_names(session: Session) -> dict[str, str]:
    return {p.fingerprint: p.name for p in session.exec(select(Partner)).all()}


def received_bundles(session: Session, limit: int = 1000) -> list[ReceivedRow]:
    """Return the bundles and receipts imported, newest import first."""
    names = _partner_names(session)
    rows = session.exec(select(ReceivedBundle).order_by(
        col(ReceivedBundle.imported).desc(), col(ReceivedBundle.id)).limit(limit)).all()
    out = []
    for row in rows:
        try:
            summary = json.loads(row.summary)
        except ValueError:
            summary = {}
        out.append(ReceivedRow(row.id, row.sender, names.get(row.sender, ""), row.sequence,
                               row.kind, row.created, row.imported,
                               summary if isinstance(summary, dict) else {}, row.receipt))
    return out


def sent_bundles(session: Session, limit: int = 1000) -> list[SentRow]:
    """Return the bundles and receipts written, newest first (unfinished ones left out)."""
    names = _partner_names(session)
    rows = session.exec(select(SentBundle).where(~col(SentBundle.id).startswith("pending-"))
                        .order_by(col(SentBundle.sequence).desc()).limit(limit)).all()
    out = []
    for row in rows:
        try:
            recipients = [str(r) for r in json.loads(row.recipients)]
        except ValueError:
            recipients = []
        out.append(SentRow(row.id, row.sequence, row.kind, row.created,
                           tuple(names.get(r, r) for r in recipients), row.profile,
                           row.revisions, row.media))
    return out


def purgeable_originals(session: Session) -> tuple[int, int]:
    """Return how many stored originals partners confirmed receiving, and their bytes."""
    delivered = select(Delivery.item).where(Delivery.item_kind == "media")
    count, size = session.exec(select(func.count(), func.coalesce(func.sum(StoredObject.size), 0))
                               .where(col(StoredObject.purged).is_(False),
                                      col(StoredObject.sha256).in_(delivered))).one()
    return int(count), int(size)


def unsent_original_bytes(session: Session, partners: list[str], complete: bool) -> int:
    """Return at most how many bytes of originals an export to ``partners`` would seal."""
    stmt = select(func.coalesce(func.sum(StoredObject.size), 0)).where(
        col(StoredObject.purged).is_(False),
        col(StoredObject.sha256).in_(select(Media.sha256)))
    if not complete and partners:
        sent_to_all = select(SentItem.item).where(col(SentItem.partner).in_(partners)) \
            .group_by(col(SentItem.item)).having(func.count() == len(partners))
        stmt = stmt.where(col(StoredObject.sha256).not_in(sent_to_all))
    return int(session.exec(stmt).one())


def data_version(session: Session) -> tuple[int, int, str]:
    """Return a stamp that changes whenever records or duplicate decisions change, in this
    process or another: the last revision's number, and the decisions' count and newest
    time (on a vault and on a hub alike).

    Cheap at any size (the largest key of each table and a count of the small one), so a
    page can tell whether what it counted still holds before counting a million rows again.
    """
    last = session.execute(sa_select(func.max(col(Revision.seq)))).scalar_one()
    decisions, newest = session.execute(sa_select(
        func.count(), func.max(col(DuplicateDecision.decided)))).one()
    return int(last or 0), int(decisions or 0), str(newest or "")
