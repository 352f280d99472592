"""The custody log: append-only, hash-chained, signed list of what happened to evidence.

Each event's hash is the SHA-256 of the canonical JSON of::

    {"format": "willay-custody/1", "seq": N, "time": ISO, "action": ACTION,
     "record": RECORD_ID | null, "subject": REVISION_ID | SHA256 | "",
     "details": {...}, "prev": PREVIOUS_HASH, "signer": KEY_ID}

and its signature is Ed25519 over those same bytes by the signer. The first event's
``prev`` is 64 zeros. Changing, removing or reordering any event breaks the chain.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import func
from sqlmodel import Session, col, select

from willay.core.canonical import canonical_json, sha256_hex
from willay.core.errors import VerificationError
from willay.core.i18n import _
from willay.core.records.revisions import now_stamp
from willay.core.vault.identity import SIGNING, key_id, signing_key
from willay.core.vault.models import CustodyEvent, ForeignCustodyEvent, IdentityKey, Revision

FORMAT = "willay-custody/1"
GENESIS = "0" * 64

ACTIONS = (
    "created", "revised", "deleted", "media_added", "media_exported", "derivative_made",
    "purged", "exported", "imported", "receipt_received", "redaction_removed",
    "evidence_packaged", "restored", "partner_replaced", "partner_removed", "original_seen",
)


@dataclass(frozen=True)
class Problem:
    """One thing ``verify`` found broken, in words a person can act on."""

    item: str
    reason: str

    def __str__(self) -> str:
        return _("{item}: {reason}").format(item=self.item, reason=self.reason)


def event_body(event: CustodyEvent) -> bytes:
    """Return the canonical bytes an event's hash and signature cover."""
    return canonical_json({
        "format": FORMAT,
        "seq": event.seq,
        "time": event.time,
        "action": event.action,
        "record": event.record_id,
        "subject": event.subject,
        "details": json.loads(event.details),
        "prev": event.prev_hash,
        "signer": event.signer,
    })


def head(session: Session) -> CustodyEvent | None:
    """Return the newest event of the log, or None when it is empty."""
    return session.exec(select(CustodyEvent).order_by(col(CustodyEvent.seq).desc()).limit(1)
                        ).first()


def append(session: Session, action: str, record_id: str | None = None, subject: str = "",
           details: dict[str, Any] | None = None) -> CustodyEvent:
    """Append one signed event after the current head; returns it (flushed, not committed)."""
    if action not in ACTIONS:
        raise ValueError(_("Unknown custody action {action}.").format(action=repr(action)))
    key = signing_key(session)
    if session.info.get("coordinator"):
        # On a hub, each event says which coordinator did it (inside what is signed).
        details = {**(details or {}), "coordinator": session.info["coordinator"]}
    last = head(session)
    event = CustodyEvent(
        seq=(last.seq + 1) if last else 1,
        time=now_stamp(),
        action=action,
        record_id=record_id,
        subject=subject,
        details=canonical_json(details or {}).decode("utf-8"),
        prev_hash=last.hash if last else GENESIS,
        hash="",
        signer=key_id(key.public_key().public_bytes_raw()),
        signature=b"",
    )
    body = event_body(event)
    event.hash = sha256_hex(body)
    event.signature = key.sign(body)
    session.add(event)
    session.flush()
    return event


_ABOUT_AN_ORIGINAL = ("media_exported", "derivative_made", "purged", "redaction_removed",
                      "restored", "original_seen")


def original_sha256(event: CustodyEvent) -> str:
    """Return the SHA-256 of the original an event is about, or "" if it is about none.

    ``media_added`` names the media record's revision as its subject and the original's
    hash in its details; the other media events name the original itself.
    """
    try:
        details = json.loads(event.details)
    except ValueError:
        details = {}
    found = details.get("sha256") if isinstance(details, dict) else None
    if isinstance(found, str):
        return found
    return event.subject if event.action in _ABOUT_AN_ORIGINAL else ""


def coordinator_of(event: CustodyEvent) -> str:
    """The coordinator who did what ``event`` records, on a hub ("" on a vault)."""
    try:
        details = json.loads(event.details)
    except ValueError:
        return ""
    found = details.get("coordinator") if isinstance(details, dict) else None
    return found if isinstance(found, str) else ""


def events_for(session: Session, record_ids: list[str]) -> list[CustodyEvent]:
    """Return the events about any of ``record_ids`` (or their originals), oldest first."""
    return list(session.exec(
        select(CustodyEvent).where(col(CustodyEvent.record_id).in_(record_ids))
        .order_by(col(CustodyEvent.seq))
    ).all())


def _signers(session: Session) -> dict[str, ed25519.Ed25519PublicKey]:
    own = session.get(IdentityKey, SIGNING)
    keys = {}
    if own is not None:
        keys[key_id(own.public_key)] = ed25519.Ed25519PublicKey.from_public_bytes(own.public_key)
    return keys


def verify_chain(session: Session, batch: int = 2000) -> list[Problem]:
    """Recompute the whole chain: every hash, link and signature. Returns what is broken."""
    problems: list[Problem] = []
    signers = _signers(session)
    expected_prev = GENESIS
    expected_seq = 1
    last_seq = 0
    while True:
        rows = session.exec(
            select(CustodyEvent).where(CustodyEvent.seq > last_seq)
            .order_by(col(CustodyEvent.seq)).limit(batch)
        ).all()
        if not rows:
            break
        for event in rows:
            if event.record_id:
                item = _("custody event {seq} ({action}, record {record})").format(
                    seq=event.seq, action=event.action, record=event.record_id)
            else:
                item = _("custody event {seq} ({action})").format(
                    seq=event.seq, action=event.action)
            if event.seq != expected_seq:
                problems.append(Problem(item, _("events {first}–{last} are missing").format(
                    first=expected_seq, last=event.seq - 1)))
            try:
                body = event_body(event)
            except (ValueError, TypeError):
                problems.append(Problem(item, _("its details cannot be read (not valid JSON)")))
                body = b""
            if body and sha256_hex(body) != event.hash:
                problems.append(Problem(item, _("its content does not match its fingerprint "
                                                "(altered)")))
                body = b""  # its signature cannot hold either; one finding is enough
            if event.prev_hash != expected_prev:
                problems.append(Problem(item, _("it does not follow the event before it")))
            public = signers.get(event.signer)
            if public is None:
                problems.append(Problem(item, _("signed by an unknown key {key}").format(
                    key=event.signer[:12])))
            elif body:
                try:
                    public.verify(event.signature, body)
                except InvalidSignature:
                    problems.append(Problem(item, _("its signature is not valid")))
            expected_prev = event.hash
            expected_seq = event.seq + 1
            last_seq = event.seq
    return problems


@dataclass(frozen=True)
class Link:
    """One event of another vault's log, as far as its chain is concerned."""

    seq: int
    hash: str
    prev: str
    place: str


def chain_breaks(links: list[Link]) -> list[Problem]:
    """Return where a part of one signer's log breaks its chain.

    A vault's log reaches a partner only in part (events about records it did not
    receive sit between), so gaps are allowed; what is checked is that the events come
    in rising order, that one sequence number never stands for two events, and that each
    event follows the one just before it (and the first follows nothing) wherever both
    are present.
    """
    problems: list[Problem] = []
    by_seq: dict[int, Link] = {}
    last = 0
    for link in links:
        known = by_seq.get(link.seq)
        if known is not None:
            if known.hash != link.hash:
                problems.append(Problem(link.place, _(
                    "another event already has number {seq} in this log (it was rewritten)")
                    .format(seq=link.seq)))
            continue  # otherwise the same event again: kept before, carried again
        if link.seq < last:
            problems.append(Problem(link.place, _("it comes after a later event")))
        by_seq[link.seq] = link
        last = max(last, link.seq)
    for seq, link in by_seq.items():
        before = by_seq.get(seq - 1)
        if seq == 1 and link.prev != GENESIS:
            problems.append(Problem(link.place, _("it is the first event but follows another")))
        elif before is not None and link.prev != before.hash:
            problems.append(Problem(link.place, _("it does not follow event {seq} of the "
                                                  "same log").format(seq=seq - 1)))
    return problems


def check_links(links: list[Link]) -> None:
    """Raise a :class:`VerificationError` at the first break of one signer's chain."""
    problems = chain_breaks(links)
    if problems:
        raise VerificationError(_("{problem}. Nothing was imported.").format(
            problem=problems[0]))


def check_against_stored(session: Session, origin: str, links: list[Link]) -> None:
    """Raise unless ``links`` continue the events of ``origin`` this vault already keeps."""
    near = {link.seq + step for link in links for step in (-1, 0, 1)}
    stored = stored_links(session, origin, near)
    if stored:
        check_links(sorted(stored + links, key=lambda link: link.seq))


def stored_links(session: Session, origin: str, seqs: set[int] | None = None) -> list[Link]:
    """Return the kept events of another vault's log (all, or those numbered ``seqs``)."""
    query = select(ForeignCustodyEvent).where(ForeignCustodyEvent.origin == origin)
    rows = []
    if seqs is None:
        rows = list(session.exec(query).all())
    else:
        ordered = sorted(seqs)
        for start in range(0, len(ordered), 500):
            rows += session.exec(query.where(
                col(ForeignCustodyEvent.seq).in_(ordered[start:start + 500]))).all()
    out = []
    for row in rows:
        try:
            prev = json.loads(row.body).get("prev", "")
        except (ValueError, AttributeError):
            prev = ""
        out.append(Link(row.seq, row.hash, str(prev),
                        _("received custody event {seq} of {origin}").format(
                            seq=row.seq, origin=origin[:12])))
    return sorted(out, key=lambda link: link.seq)


def backfill_revisions(session: Session) -> int:
    """Log a ``created``/``revised`` event for revisions older than the log; return how many.

    Vaults made before the custody log existed hold revisions without events; this gives
    each one, in order, with ``"backfilled": true`` so nobody mistakes the time logged
    for the time of the change.
    """
    logged = set(session.exec(
        select(CustodyEvent.subject).where(col(CustodyEvent.action).in_(
            ("created", "revised", "deleted", "media_added")))
    ).all())
    total = session.exec(select(func.count()).select_from(Revision)).one()
    if len(logged) >= total:
        return 0
    added = 0
    for rev in session.exec(select(Revision).order_by(col(Revision.seq))).all():
        if rev.id in logged:
            continue
        doc = json.loads(rev.body)
        action = "deleted" if rev.deleted else ("revised" if doc["parents"] else "created")
        append(session, action, rev.record_id, rev.id,
               {"kind": rev.kind, "revision_time": rev.created, "backfilled": True})
        added += 1
    return added
