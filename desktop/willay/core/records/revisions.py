"""Revisions: immutable, content-addressed versions of records.

A revision's body is the canonical JSON of::

    {"format": "willay-revision/1", "record": UUID, "kind": KIND,
     "parents": [sorted revision ids], "author": KEY_ID, "time": ISO-8601 UTC,
     "deleted": bool, "fields": {...} | null}

and its id is the SHA-256 of that body. Heads are the revisions no other names as parent.
Each stored revision also carries its author's signature over the body
(:mod:`willay.core.records.authorship`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from willay.core.canonical import canonical_json, sha256_hex
from willay.core.errors import NotFoundError, VerificationError
from willay.core.i18n import _
from willay.core.vault.models import RecordHead, Revision

FORMAT = "willay-revision/1"


@dataclass(frozen=True)
class RevisionView:
    """A revision as read back: id, parents, author, time and fields."""

    id: str
    record_id: str
    kind: str
    parents: list[str]
    author: str
    time: str
    deleted: bool
    fields: dict[str, Any] | None


def now_stamp() -> str:
    """Return the current UTC time as written into revisions."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def build(
    record_id: str,
    kind: str,
    fields: dict[str, Any] | None,
    parents: list[str],
    author: str,
    time: str | None = None,
) -> tuple[str, bytes]:
    """Return ``(revision id, canonical body)`` of a new revision; no fields make a tombstone."""
    body = canonical_json(
        {
            "format": FORMAT,
            "record": record_id,
            "kind": kind,
            "parents": sorted(parents),
            "author": author,
            "time": time or now_stamp(),
            "deleted": fields is None,
            "fields": fields,
        }
    )
    return sha256_hex(body), body


def parse(body: bytes, expected_id: str | None = None) -> RevisionView:
    """Parse a revision body, checking that it hashes to ``expected_id`` when given."""
    if not isinstance(body, bytes):
        raise VerificationError(_("A version's content is not stored as it was written "
                                  "(altered)."))
    revision_id = sha256_hex(body)
    if expected_id is not None and revision_id != expected_id:
        raise VerificationError(
            _("Version {expected} does not match its content (its fingerprint is {found}).")
            .format(expected=expected_id[:12], found=revision_id[:12])
        )
    doc = json.loads(body)
    return RevisionView(
        id=revision_id,
        record_id=doc["record"],
        kind=doc["kind"],
        parents=list(doc["parents"]),
        author=doc["author"],
        time=doc["time"],
        deleted=bool(doc["deleted"]),
        fields=doc["fields"],
    )


def heads(session: Session, record_id: str) -> list[str]:
    """Return the ids of the record's head revisions, sorted."""
    rows = session.exec(
        select(RecordHead.revision_id).where(RecordHead.record_id == record_id)
    ).all()
    return sorted(rows)


def newest_head(session: Session, record_id: str) -> RevisionView | None:
    """Return the record's head revision (the newest head if there is a conflict)."""
    views = [load(session, head) for head in heads(session, record_id)]
    return max(views, key=lambda v: (v.time, v.id)) if views else None


def append(session: Session, record_id: str, kind: str, revision_id: str, body: bytes,
           parents: list[str], author: str, time: str, deleted: bool, signature: bytes,
           signed_by: str, attested: bool = False) -> None:
    """Store a signed revision and move the record's heads past its parents."""
    session.add(Revision(id=revision_id, record_id=record_id, kind=kind, author=author,
                         created=time, deleted=deleted, body=body, signature=signature,
                         signed_by=signed_by, attested=attested))
    for parent in parents:
        head = session.get(RecordHead, (record_id, parent))
        if head is not None:
            session.delete(head)
    session.add(RecordHead(record_id=record_id, revision_id=revision_id))


def load(session: Session, revision_id: str) -> RevisionView:
    """Return one stored revision, verified against its id.

    NotFoundError when it cannot be read here (on a hub, beyond the reader's clearance).
    """
    row = session.exec(select(Revision).where(Revision.id == revision_id)).first()
    if row is None:
        raise NotFoundError(_("Version {revision} cannot be read here.").format(
            revision=revision_id[:12]))
    return parse(row.body, row.id)


def history(session: Session, record_id: str) -> list[RevisionView]:
    """Return every revision of a record, oldest first, each verified against its id."""
    rows = session.exec(
        select(Revision).where(Revision.record_id == record_id).order_by(col(Revision.seq))
    ).all()
    return [parse(row.body, row.id) for row in rows]
