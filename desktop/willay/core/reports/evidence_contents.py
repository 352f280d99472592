"""What goes into an evidence package, per incident, before anything is written.

:func:`collect` gathers an incident's testimonies, the people who gave them, the
originals attached to any of these and the custody events of them all. Consent decides:
a testimony or person whose consent does not reach the audience is withheld and only
named by id and reason. :mod:`willay.core.reports.evidence_package` writes what is
gathered here; the summary PDF shows it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from willay.core.records import custody
from willay.core.records import service as records
from willay.core.sharing.partners import allows
from willay.core.vault import thumbnails
from willay.core.vault.models import (
    CustodyEvent,
    ForeignCustodyEvent,
    Media,
    Person,
    Record,
    Redaction,
    StoredObject,
    Testimony,
    TestimonyIncident,
)

_UNSAFE = re.compile(r"[^\w.\-]+")


@dataclass(frozen=True)
class MediaItem:
    """One original in the package."""

    id: str
    sha256: str
    size: int
    mime: str
    media_kind: str
    original_name: str
    attached_to: str
    captured_at: str | None
    file: str  # path inside the incident folder, or "" when it could not be included
    thumbnail: bytes | None
    redacted_copy: str | None
    missing: str = ""


@dataclass
class IncidentEvidence:
    """Everything packaged for one incident, also what its summary shows."""

    id: str
    folder: str
    fields: dict[str, Any]
    testimonies: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    people: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    media: list[MediaItem] = field(default_factory=list)
    record_files: list[str] = field(default_factory=list)
    # Per record file: (file, author in words, author key id, whether only attested).
    record_authors: list[tuple[str, str, str, bool]] = field(default_factory=list)
    events: list[CustodyEvent] = field(default_factory=list)
    foreign_events: list[ForeignCustodyEvent] = field(default_factory=list)


@dataclass(frozen=True)
class PackageInfo:
    """Who made the package, when, for whom."""

    package_id: str
    created: str
    audience: str
    signer_name: str
    signer_organization: str
    fingerprint: str
    key_id: str
    minisign_public_key: str


def safe_name(name: str, limit: int = 80) -> str:
    """Return a file name safe in any folder: no separators, no leading dots, bounded."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    base = _UNSAFE.sub("_", base).strip("._") or "original"
    if len(base) > limit:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: limit - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 \
            else base[:limit]
    return base


def _admitted(session: Session, evidence: IncidentEvidence, kind: str, whose: str,
              record_id: str, consent: str, audience: str) -> dict[str, Any] | None:
    """A live record's fields if its consent reaches the audience; else None.

    A record withheld for consent is noted in ``evidence.withheld`` (by id, never by name).
    """
    record = session.get(Record, record_id)
    if record is None or record.deleted:
        return None
    if not allows(audience, consent):
        evidence.withheld.append(f"{kind} {record_id}: {whose} consent is {consent!r}, "
                                 f"which does not reach the {audience!r} audience")
        return None
    return records.current_fields(session, record) or {}


def collect(session: Session, incident: Record, audience: str) -> IncidentEvidence:
    """Return what the package holds for one incident, as far as consent admits it."""
    fields = records.current_fields(session, incident) or {}
    evidence = IncidentEvidence(incident.id, f"incident-{incident.id[:8]}", fields)
    testimony_ids = sorted(session.exec(select(TestimonyIncident.testimony_id).where(
        TestimonyIncident.incident_id == incident.id)).all())
    witnesses: list[str] = []
    for tid in testimony_ids:
        testimony = session.get(Testimony, tid)
        if testimony is None:
            continue
        admitted = _admitted(session, evidence, "testimony", "its", tid, testimony.consent,
                             audience)
        if admitted is None:
            continue
        evidence.testimonies.append((tid, admitted))
        if testimony.witness_id not in witnesses:
            witnesses.append(testimony.witness_id)
    for pid in witnesses:
        person = session.get(Person, pid)
        if person is None:
            continue
        admitted = _admitted(session, evidence, "person", "their", pid, person.consent, audience)
        if admitted is not None:
            evidence.people.append((pid, admitted))
    owners = [incident.id] + [t for t, _ in evidence.testimonies] + [p for p, _ in evidence.people]
    rows = session.exec(select(Media).where(col(Media.attached_to).in_(owners))
                        .order_by(col(Media.intake_time), col(Media.id))).all()
    for row in rows:
        record = session.get(Record, row.id)
        if record is None or record.deleted:
            continue
        stored = session.get(StoredObject, row.sha256)
        missing = ""
        if stored is None or stored.purged:
            missing = "purged from this vault after delivery; ask the partner who received it"
        name = f"originals/{row.sha256[:12]}-{safe_name(row.original_name)}"
        thumb = thumbnails.read(session, row.sha256)
        redaction = session.get(Redaction, row.id)
        evidence.media.append(MediaItem(
            row.id, row.sha256, row.size, row.mime, row.media_kind, row.original_name,
            row.attached_to, row.captured_at, "" if missing else name,
            thumb,
            redaction.derivative_sha256 if redaction else None, missing))
    ids = owners + [m.id for m in evidence.media]
    evidence.events = custody.events_for(session, ids)
    evidence.foreign_events = list(session.exec(
        select(ForeignCustodyEvent).where(col(ForeignCustodyEvent.record_id).in_(ids))
        .order_by(col(ForeignCustodyEvent.record_id), col(ForeignCustodyEvent.seq))).all())
    return evidence
