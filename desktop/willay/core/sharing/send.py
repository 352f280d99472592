"""Export: choose what a partner may receive and has not yet received, and seal it.

``full`` carries revisions as they are (ids preserved) with their custody events and
originals. ``anonymized`` carries, per record, one snapshot revision of its anonymized
state, chained per partner, with stripped photo copies instead of originals.
Nothing leaves beyond its consent: people and testimonies go only where the partner's
scope allows their consent (an anonymized testimony without consent travels without
its text).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image
from sqlmodel import Session, col, delete, func, select

from willay.core.canonical import canonical_json
from willay.core.errors import ValidationError
from willay.core.fileio import taken_back_on_failure
from willay.core.formats.card import Card
from willay.core.i18n import _
from willay.core.media import redaction as redaction_copies
from willay.core.progress import Cancelled, CancelToken, Progress
from willay.core.records import authorship, custody, revisions
from willay.core.records.revisions import now_stamp
from willay.core.records.service import current_fields
from willay.core.sharing import anonymize, bundle
from willay.core.sharing.partners import allows, current_partner
from willay.core.vault.database import again_on_collision
from willay.core.vault.identity import author_key_id, own_card, signing_key
from willay.core.vault.models import (
    AnonymizedExport,
    CustodyEvent,
    CustomPart,
    Media,
    Partner,
    Person,
    ReceivedItem,
    Record,
    Redaction,
    Revision,
    SentBundle,
    SentItem,
    StoredObject,
    Testimony,
)
from willay.core.vault.vault import Vault


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    bundle_id: str
    sequence: int
    partners: list[str]
    profile: str
    revisions: int
    custody_events: int
    media: int
    withheld: int
    unprovable: int = 0  # changes received before author signatures, which stay here


def _eligible(session: Session, partner: Partner, profile: str) -> tuple[set[str], int]:
    """Return the ids of records this partner may receive, and how many were withheld."""
    consent = {p.id: p.consent for p in session.exec(select(Person)).all()}
    consent.update({t.id: t.consent for t in session.exec(select(Testimony)).all()})
    attached = {m.id: (m.attached_to, m.media_kind) for m in session.exec(select(Media)).all()}
    eligible: set[str] = set()
    withheld = 0
    records = session.exec(select(Record)).all()
    parts = {p.id: (p.record_id, p.sensitivity) for p in session.exec(select(CustomPart)).all()}
    for record in records:
        if record.kind in ("custom", "fieldset"):
            continue  # decided below, once the records they belong to are
        if record.kind == "person":
            ok = allows(partner.scope, consent.get(record.id))
        elif record.kind == "testimony":
            ok = profile == "anonymized" or allows(partner.scope, consent.get(record.id))
        else:
            ok = record.kind == "incident"
        if record.deleted:
            ok = True  # decided below: a tombstone goes only where the record went before
        if ok:
            eligible.add(record.id)
        elif record.kind != "media":
            withheld += 1
    for media_id, (target, media_kind) in attached.items():
        if target in eligible and (profile == "full" or media_kind == "image"):
            eligible.add(media_id)
    # Field sets are forms, not testimony: they go everywhere, so values can be read.
    eligible |= {r.id for r in records if r.kind == "fieldset"}
    eligible |= _eligible_parts(records, parts, eligible, partner.scope, profile)
    deleted = {r.id for r in records if r.deleted}
    if deleted:
        went = set(session.exec(
            select(Revision.record_id).join(SentItem, col(SentItem.item) == col(Revision.id))
            .where(SentItem.partner == partner.fingerprint, col(Revision.deleted).is_(False))
        ).all()) & deleted
        eligible -= deleted - went
    return eligible, withheld


def _eligible_parts(records: Sequence[Record], parts: dict[str, tuple[str, str]],
                    eligible: set[str], scope: str, profile: str) -> set[str]:
    """The parts of organization fields that go: each by its own sensitivity, with its
    record; a tombstone of a part whose head state is gone is decided with the others."""
    went = set()
    owners = {r.id: r for r in records if r.kind != "custom"}
    for record in records:
        if record.kind != "custom":
            continue
        if record.id not in parts:  # a deleted part keeps no head state
            went.add(record.id)
            continue
        owner, sensitivity = parts[record.id]
        if owner not in eligible and owner in owners:
            continue
        reaches = allows("public" if profile == "anonymized" else scope, sensitivity)
        if reaches and allows(scope, sensitivity):
            went.add(record.id)
    return went


def _unsent_revisions(session: Session, partners: list[Partner], eligible: set[str],
                      complete: bool) -> list[Revision]:
    rows = session.exec(select(Revision).order_by(col(Revision.seq))).all()
    # Field sets first: a receiver checks the values of the records that follow by them.
    rows = sorted((r for r in rows if r.record_id in eligible),
                  key=lambda r: r.kind != "fieldset")
    if complete:
        return rows
    unsent = []
    for partner in partners:
        known = _known_to(session, partner)
        unsent.append({r.id for r in rows if r.id not in known})
    wanted = set().union(*unsent)
    return [r for r in rows if r.id in wanted]


def _custody_lines(events: list[CustodyEvent]) -> bytes:
    lines = []
    for event in events:
        body = custody.event_body(event)
        lines.append(canonical_json({
            "body": json.loads(body), "hash": event.hash,
            "signature": event.signature.hex()}))
    return b"".join(line + b"\n" for line in lines)


def _derivative(vault: Vault, session: Session, media_id: str, original_sha: str, name: str
                ) -> tuple[str, int, int, int, bool]:
    """Return (sha256, size, width, height, redacted) of the copy that travels.

    A photo with a redacted copy travels as that copy; any other as a stripped copy,
    made once.
    """
    made_events = session.exec(select(CustodyEvent).where(
        CustodyEvent.action == "derivative_made", CustodyEvent.subject == original_sha)
        .order_by(col(CustodyEvent.seq))).all()
    redaction = session.get(Redaction, media_id)
    if redaction is not None and redaction.original_sha256 == original_sha:
        # A redacted photo never falls back to the plain stripped copy: if its copy was
        # purged after delivery it is made again, or the record travels without a photo.
        if vault.objects.has(redaction.derivative_sha256):
            for event in reversed(made_events):
                details = json.loads(event.details)
                if details.get("derivative") == redaction.derivative_sha256:
                    return (details["derivative"], details["size"], details["width"],
                            details["height"], True)
        remade = redaction_copies.remake(vault, session, media_id)
        if remade is not None:
            return (*remade, True)
        gone = session.get(StoredObject, redaction.derivative_sha256)
        return redaction.derivative_sha256, gone.size if gone else 0, 0, 0, True
    for event in made_events:
        details = json.loads(event.details)
        if "regions" not in details and vault.objects.has(details["derivative"]):
            return (details["derivative"], details["size"], details["width"],
                    details["height"], False)
    data = b"".join(vault.objects.read_chunks(original_sha))
    copy = anonymize.stripped_photo(data, name)
    with Image.open(io.BytesIO(copy)) as img:
        width, height = img.size
    stored = vault.objects.put_stream(io.BytesIO(copy), name, size=len(copy))
    if session.get(StoredObject, stored.sha256) is None:
        session.add(StoredObject(sha256=stored.sha256, size=stored.size, stored=now_stamp()))
    media_row = session.exec(select(Media).where(Media.sha256 == original_sha)).first()
    custody.append(session, "derivative_made", media_row.id if media_row else None,
                   original_sha, {"original": original_sha, "derivative": stored.sha256,
                                  "size": stored.size, "width": width, "height": height,
                                  "how": "anonymized copy: pixels only, metadata stripped"})
    return stored.sha256, stored.size, width, height, False


def _anonymized_fields(vault: Vault, session: Session, record: Record,
                       fields: dict[str, Any] | None, scope: str
                       ) -> tuple[dict[str, Any] | None, str | None]:
    if fields is None:
        return None, None
    if record.kind == "incident":
        return anonymize.incident(fields), None
    if record.kind == "person":
        return anonymize.person(record.id, fields), None
    if record.kind == "testimony":
        return anonymize.testimony(fields, scope), None
    if record.kind in ("fieldset", "custom"):
        return fields, None  # a form, and values marked public: they travel as they are
    sha, size, width, height, redacted = _derivative(vault, session, record.id,
                                                     fields["sha256"], fields["original_name"])
    return anonymize.media(fields, sha, size, width, height, redacted=redacted), sha


def export_bundle(vault: Vault, partner_refs: list[str], path: Path, *,
                  complete: bool = False, profile: str | None = None,
                  progress: Progress | None = None, cancel: CancelToken | None = None
                  ) -> ExportResult:
    """Write a bundle for the given partners to ``path`` and remember what went.

    ``progress`` receives the bytes of originals sealed so far; ``cancel`` stops the
    export between chunks, leaving no file and no record of it.
    """
    if not partner_refs:
        raise ValidationError(_("Choose at least one partner to export to (on the command "
                                "line, with --to)."))
    if path.exists():
        raise ValidationError(_("{path} already exists; choose another file name."
                                ).format(path=path))
    if not path.parent.is_dir():
        raise ValidationError(_("The folder {folder} does not exist.").format(
            folder=path.parent))
    with vault.session() as session:
        partners = [current_partner(session, ref) for ref in partner_refs]
        profiles = {profile or p.profile for p in partners}
        scopes = {p.scope for p in partners}
        if len(profiles) > 1 or len(scopes) > 1:
            raise ValidationError(_("These partners receive different profiles or scopes; "
                                    "export to each of them separately."))
        chosen = profiles.pop()
        if chosen == "anonymized" and len(partners) > 1:
            raise ValidationError(_("Anonymized bundles go to one partner at a time."))
        if chosen == "full" and any(p.profile == "anonymized" for p in partners):
            raise ValidationError(_("This partner is set to receive anonymized bundles only."))
        me = own_card(session)
        last = session.exec(select(func.max(SentBundle.sequence))).one() or 0
        sequence = last + 1
        reservation = SentBundle(id=f"pending-{sequence}", sequence=sequence, kind="data",
                                 created=now_stamp(), recipients="[]", profile=chosen)
        session.add(reservation)  # the sequence is spent even if writing fails
    try:
        # A writer: it may make copies of photos, and it reads originals a purge removes.
        with vault.writing("export"):
            return _write(vault, _Request(partners, path, chosen, complete, sequence, me),
                          _Meter(progress, cancel))
    finally:
        with vault.session() as session:
            session.execute(delete(SentBundle).where(col(SentBundle.id) == f"pending-{sequence}"))


@dataclass(frozen=True)
class _Request:
    """One export as decided: to whom, where, which profile, and its sequence number."""

    partners: list[Partner]
    path: Path
    profile: str
    complete: bool
    sequence: int
    me: Card


@dataclass
class _Selection:
    """What goes into the bundle, and what to remember as sent once it is sealed."""

    lines: list[bytes] = field(default_factory=list)
    events: list[CustodyEvent] = field(default_factory=list)
    sent_items: list[str] = field(default_factory=list)
    media_shas: dict[str, int] = field(default_factory=dict)
    anonymized_heads: dict[str, str] = field(default_factory=dict)
    written_by: set[str] = field(default_factory=set)
    unprovable: int = 0


def _write(vault: Vault, request: _Request, meter: _Meter) -> ExportResult:
    with taken_back_on_failure(request.path):  # sealed but not remembered as sent
        return _write_and_note(vault, request, meter)


def _write_and_note(vault: Vault, request: _Request, meter: _Meter) -> ExportResult:
    partners = request.partners
    with vault.session() as session:
        eligible, withheld = _eligible(session, partners[0], request.profile)
        rows = _unsent_revisions(session, partners, eligible, request.complete)
        by_record: dict[str, list[Revision]] = {}
        for row in rows:  # rows come in seq order, so records do too
            by_record.setdefault(row.record_id, []).append(row)
        if request.profile == "anonymized" and not request.complete:
            _add_new_redactions(session, partners[0], eligible, by_record)
        authors = authorship.known_authors(session)
        if request.profile == "full":
            chosen = _select_full(session, request, rows, authors)
        else:
            chosen = _select_anonymized(vault, session, request, by_record)
        media_sources = _media_to_send(vault, session, request, chosen, meter)
        me_key = author_key_id(session)
        cards = [authors[kid].card for kid in sorted(chosen.written_by - {me_key})]
        seq_range = {"from_seq": min((r.seq or 0 for r in rows), default=0),
                     "to_seq": max((r.seq or 0 for r in rows), default=0),
                     "count": len(chosen.lines)}
        heading = bundle.Heading(
            kind="data", sequence=request.sequence, profile=request.profile,
            revision_range=seq_range, created=now_stamp(),
            authors=[card for card in cards if card is not None])
        contents = bundle.Contents(b"".join(line + b"\n" for line in chosen.lines),
                                   _custody_lines(chosen.events), media_sources)
        manifest = bundle.seal(request.path, heading, contents,
                               bundle.Sealer(request.me, signing_key(session)), partners)

    def note() -> None:
        # A unit of work of its own, short: a hub undoes a long one that read records
        # another coordinator changed meanwhile.
        with vault.session() as session:
            _note_sent(session, request, chosen, manifest, len(media_sources))

    again_on_collision(note)
    return ExportResult(request.path, manifest.bundle_id, request.sequence,
                        [p.name for p in partners], request.profile, len(chosen.lines),
                        len(chosen.events), len(media_sources), withheld, chosen.unprovable)


def _select_full(session: Session, request: _Request, rows: list[Revision],
                 authors: dict[str, authorship.KnownAuthor]) -> _Selection:
    """Revisions as they are, with their custody events, where their author is provable."""
    chosen = _Selection()
    for row in rows:
        seal = authorship.seal_of(row)
        if seal is None or row.author not in authors or seal.signed_by != row.author:
            # Received before author signatures, attested only by this vault: the
            # partner could not check who wrote it, so it stays here.
            chosen.unprovable += 1
            continue
        chosen.lines.append(canonical_json(authorship.line_doc(row.body, seal)))
        chosen.written_by.add(row.author)
        chosen.sent_items.append(row.id)
        if row.kind == "media" and not row.deleted:
            fields = json.loads(row.body)["fields"]
            chosen.media_shas[fields["sha256"]] = fields["size"]
    record_ids = list(dict.fromkeys(row.record_id for row in rows))
    events = list(session.exec(select(CustodyEvent).where(
        col(CustodyEvent.record_id).in_(record_ids)).order_by(col(CustodyEvent.seq))).all())
    sent = set(session.exec(select(SentItem.item).where(
        SentItem.partner == request.partners[0].fingerprint)).all())
    chosen.events = [e for e in events if request.complete or e.hash not in sent]
    chosen.sent_items += [e.hash for e in chosen.events]
    return chosen


def _select_anonymized(vault: Vault, session: Session, request: _Request,
                       by_record: dict[str, list[Revision]]) -> _Selection:
    """One new revision per record, signed by this vault, with names and places removed."""
    chosen = _Selection()
    author = author_key_id(session)
    key = signing_key(session)
    partner = request.partners[0]
    for record_id, record_rows in by_record.items():
        record = session.get(Record, record_id)
        assert record is not None
        head_fields = _head_fields(session, record_id)
        fields, derivative = _anonymized_fields(vault, session, record, head_fields,
                                                partner.scope)
        previous = session.get(AnonymizedExport, (partner.fingerprint, record_id))
        parents = [previous.revision_id] if previous and not request.complete else []
        rev_id, body = revisions.build(record_id, record.kind, fields, parents, author)
        chosen.lines.append(canonical_json(authorship.line_doc(body, authorship.sign(key, body))))
        chosen.anonymized_heads[record_id] = rev_id
        chosen.sent_items += [r.id for r in record_rows]
        if derivative is not None and fields is not None:
            chosen.media_shas[derivative] = fields["size"]
    return chosen


def _media_to_send(vault: Vault, session: Session, request: _Request, chosen: _Selection,
                   meter: _Meter) -> list[bundle.MediaSource]:
    """The originals still here that some recipient does not have yet."""
    stored = {s.sha256: s for s in session.exec(select(StoredObject).where(
        col(StoredObject.sha256).in_(list(chosen.media_shas)))).all()}
    sources = []
    known_to = {p.fingerprint: _known_to(session, p) for p in request.partners}
    for sha, size in chosen.media_shas.items():
        entry = stored.get(sha)
        if entry is None or entry.purged or not vault.objects.has(sha):
            continue  # purged after delivery: the record travels without its original
        if not request.complete and all(sha in known_to[p.fingerprint]
                                        for p in request.partners):
            continue
        sources.append(bundle.MediaSource(sha, size, _reader(vault, sha, meter)))
        chosen.sent_items.append(sha)
    return sources


def _note_sent(session: Session, request: _Request, chosen: _Selection,
               manifest: bundle.Manifest, media: int) -> None:
    """Remember what each recipient now has, the bundle written, and log the export."""
    recipients = [p.fingerprint for p in request.partners]
    for partner in request.partners:
        already = set(session.exec(select(SentItem.item).where(
            SentItem.partner == partner.fingerprint)).all())
        session.add_all([SentItem(partner=partner.fingerprint, item=item,
                                  bundle_id=manifest.bundle_id)
                         for item in dict.fromkeys(chosen.sent_items) if item not in already])
        for record_id, rev_id in chosen.anonymized_heads.items():
            session.merge(AnonymizedExport(partner=partner.fingerprint,
                                           record_id=record_id, revision_id=rev_id))
    session.execute(delete(SentBundle).where(
        col(SentBundle.id) == f"pending-{request.sequence}"))
    session.flush()
    session.add(SentBundle(id=manifest.bundle_id, sequence=request.sequence, kind="data",
                           created=manifest.created, recipients=json.dumps(recipients),
                           profile=request.profile, revisions=len(chosen.lines), media=media))
    custody.append(session, "exported", None, manifest.bundle_id, {
        "bundle_id": manifest.bundle_id, "sequence": request.sequence,
        "profile": request.profile, "recipients": recipients,
        "revisions": len(chosen.lines), "media": media, "file": request.path.name})


class _Meter:
    """Counts the media bytes sealed so far, for progress, and honours a cancel."""

    def __init__(self, progress: Progress | None, cancel: CancelToken | None) -> None:
        self.done = 0
        self._progress = progress
        self._cancel = cancel

    def chunks(self, vault: Vault, sha256: str) -> Iterator[bytes]:
        for chunk in vault.objects.read_chunks(sha256):
            if self._cancel is not None and self._cancel.cancelled:
                raise Cancelled(_("Export cancelled; no bundle was written."))
            self.done += len(chunk)
            if self._progress is not None:
                self._progress(self.done)
            yield chunk


def _reader(vault: Vault, sha256: str, meter: _Meter) -> Callable[[], Iterable[bytes]]:
    return lambda: meter.chunks(vault, sha256)


def _known_to(session: Session, partner: Partner) -> set[str]:
    """Items the partner already has: sent to it, or received from it (no echo back)."""
    sent = set(session.exec(select(SentItem.item).where(
        SentItem.partner == partner.fingerprint)).all())
    received = set(session.exec(
        select(ReceivedItem.item).where(ReceivedItem.sender == partner.fingerprint)).all())
    return sent | received


def _add_new_redactions(session: Session, partner: Partner, eligible: set[str],
                        by_record: dict[str, list[Revision]]) -> None:
    """Send again, as their redacted copy, photos redacted since the partner got them."""
    known = _known_to(session, partner)
    for redaction in session.exec(select(Redaction)).all():
        media_id = redaction.media_id
        if media_id in eligible and media_id not in by_record \
                and redaction.derivative_sha256 not in known \
                and session.get(AnonymizedExport, (partner.fingerprint, media_id)) is not None:
            by_record[media_id] = []


def _head_fields(session: Session, record_id: str) -> dict[str, Any] | None:
    record = session.get(Record, record_id)
    assert record is not None
    return current_fields(session, record)
