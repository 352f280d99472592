"""Import: verify a bundle completely, then merge it in one transaction, or change nothing.

Order of trust: the age layer must open with this vault's key; the manifest's sender
must be a known partner and its signature valid; this vault must be a recipient; then
every member is checked against the manifest as it streams by. Revisions, custody
events, originals and bookkeeping are committed together; originals stored before a
failure are removed again. Importing a known bundle changes nothing and says so.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import insert
from sqlmodel import Session, col, select

from willay.core import authorship, bundle, custody, merge, projection, revisions, strict_json
from willay.core.canonical import canonical_json, sha256_hex
from willay.core.card import minisign_public_key, own_card
from willay.core.errors import NotFoundError, VerificationError, WillayError
from willay.core.identity import RECEIVING, key_id
from willay.core.media import restore_if_purged
from willay.core.media_probe import MediaError, probe_image_bytes, sniff
from willay.core.models import (
    Delivery,
    ForeignCustodyEvent,
    IdentityKey,
    MediaThumbnail,
    Partner,
    ReceivedBundle,
    ReceivedItem,
    Record,
    RecordHead,
    Revision,
    SentBundle,
    SentItem,
    StoredObject,
)
from willay.core.objects import Cancelled, CancelToken, PendingFile, Progress
from willay.core.partners import find_partner
from willay.core.record_fields import KINDS, normalize
from willay.core.revisions import now_stamp
from willay.core.vault import Vault

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_INTEGER = 2**63 - 1
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_KEY_ID = re.compile(r"^[0-9a-f]{32}$")
_SIGNATURE = re.compile(r"^[0-9a-f]{128}$")  # Ed25519, 64 bytes in lowercase hex
MAX_IMAGE_PROBE = 256 * 1024 * 1024


class OwnBundleError(VerificationError):
    """The bundle was written by this very vault."""


class UnknownSenderError(VerificationError):
    """The bundle is signed by a key that is not among this vault's partners."""


class NotARecipientError(VerificationError):
    """The bundle opened, but its manifest does not name this vault as a recipient."""


class BundleConflictError(VerificationError):
    """A known sender sent another bundle under an id it used before."""


class ReplayError(VerificationError):
    """A bundle's sequence is not newer than the last one imported from its sender."""

    exit_code = 1


@dataclass(frozen=True)
class _Line:
    """One revision of ``records.jsonl``: id, canonical body, parsed body, seal, place."""

    id: str
    body: bytes
    doc: dict[str, Any]
    seal: authorship.Seal
    place: str


@dataclass
class ImportResult:
    """What an import verified and what it changed."""

    bundle_id: str
    kind: str
    signer: str
    fingerprint: str
    sequence: int
    already_imported: bool = False
    replayed: bool = False
    new_revisions: int = 0
    known_revisions: int = 0
    new_media: int = 0
    known_media: int = 0
    custody_events: int = 0
    merged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    delivered: int = 0
    # What was checked, beyond the sender's signature on the list of contents:
    checked_revisions: int = 0  # changes whose author signatures were checked
    authors: list[str] = field(default_factory=list)  # the names of who signed them
    vouched: list[str] = field(default_factory=list)  # those known only as the sender vouches
    checked_originals: int = 0  # originals whose size and SHA-256 were checked

    def as_dict(self) -> dict[str, Any]:
        """Return the result as a JSON-ready document."""
        return {"id": self.bundle_id, **{k: v for k, v in self.__dict__.items()
                                         if k != "bundle_id"}}


def _identity(session: Session) -> bytes:
    key = session.get(IdentityKey, RECEIVING)
    if key is None:
        raise WillayError("This vault has no receiving key; its database is incomplete.")
    return key.secret_key


def _sender(session: Session, opened: bundle.Opened, me: str) -> Partner:
    manifest = opened.manifest
    if manifest.sender == me:
        raise OwnBundleError(f"{opened.where} was written by this vault; there is nothing "
                                "to import from it.")
    try:
        return find_partner(session, manifest.sender)
    except NotFoundError:
        raise UnknownSenderError(
            f"{opened.where} is signed by an unknown sender: fingerprint {manifest.sender} "
            f"(calling itself {manifest.sender_name!r}). Check that fingerprint with them in "
            "person, add their card with 'partner add', then import again.") from None


def _jsonl(data: bytes, where: str, member: str) -> Iterator[tuple[str, bytes, Any]]:
    """Yield ``(place, line, parsed JSON)`` for each line of a JSON-lines member."""
    for number, line in enumerate(data.split(b"\n")[:-1] if data else [], start=1):
        place = f"{where}: {member} line {number}"
        yield place, line, strict_json.loads(line, place)


def _revision_lines(data: bytes, where: str) -> list[_Line]:
    out = []
    for place, line, doc in _jsonl(data, where, bundle.RECORDS):
        if not isinstance(doc, dict) or canonical_json(doc) != line \
                or not isinstance(doc.get("body"), dict) or len(doc) != 2 \
                or not isinstance(doc.get("signature", doc.get("attestation")), str):
            raise VerificationError(f"{place}: not a signed revision in canonical form.")
        attested = "attestation" in doc
        written = doc["attestation" if attested else "signature"]
        if not _SIGNATURE.match(written):
            raise VerificationError(f"{place}: a malformed signature.")
        signature = bytes.fromhex(written)
        body_doc = doc["body"]
        body = canonical_json(body_doc)
        _check_revision(body_doc, place)
        author = body_doc["author"]
        out.append(_Line(sha256_hex(body), body, body_doc,
                         authorship.Seal(signature, author, attested), place))
    if data and not data.endswith(b"\n"):
        raise VerificationError(f"{where}: records.jsonl does not end with a newline.")
    return out


def _check_revision(doc: dict[str, Any], place: str) -> None:
    """Refuse a revision body that is not one this vault would write."""
    if doc.get("format") != revisions.FORMAT or doc.get("kind") not in KINDS \
            or not isinstance(doc.get("record"), str) or not _UUID.match(doc["record"]) \
            or not isinstance(doc.get("parents"), list) \
            or not all(isinstance(p, str) and _SHA256.match(p) for p in doc["parents"]) \
            or doc["parents"] != sorted(set(doc["parents"])) \
            or not isinstance(doc.get("author"), str) or not _KEY_ID.match(doc["author"]) \
            or not isinstance(doc.get("time"), str):
        raise VerificationError(f"{place}: not a Willay revision.")
    fields = doc.get("fields")
    if doc.get("deleted") is not (fields is None):
        raise VerificationError(f"{place}: a malformed tombstone.")
    if fields is not None:
        try:
            clean = normalize(doc["kind"], fields)
        except WillayError as exc:
            raise VerificationError(f"{place}: fields this vault cannot accept ({exc})."
                                    ) from exc
        if canonical_json(clean) != canonical_json(fields):
            raise VerificationError(f"{place}: fields not in the form Willay writes.")


def _check_authors(lines: list[_Line], authors: dict[str, authorship.KnownAuthor],
                   partner: Partner, where: str) -> None:
    """Refuse the bundle unless every revision is signed by the key its author names.

    ``authors`` holds the keys this vault knows and those the sender vouches for.
    Attestations (revisions older than signatures) count only when made by the author.
    """
    signer = f"{partner.name} ({partner.fingerprint})"
    for line in lines:
        author = authors.get(line.seal.signed_by)
        if author is None:
            raise authorship.refusal(
                where, line.id, line.doc["author"], signer,
                "that key is neither the sender's, nor a partner's, nor one whose card the "
                "sender vouches for in the bundle")
        if not authorship.check(author.public_key, line.body, line.id, line.seal):
            raise authorship.refusal(
                where, line.id, line.doc["author"], signer,
                f"its signature is not one made by that key ({author.label})")


def _custody_lines(data: bytes, where: str, partner: Partner
                   ) -> list[tuple[str, bytes, bytes, dict[str, Any]]]:
    """The sender's custody events: each signed by the sender, its chain unbroken."""
    signer = ed25519.Ed25519PublicKey.from_public_bytes(partner.ed25519_public)
    origin = key_id(partner.ed25519_public)
    out = []
    for place, _line, doc in _jsonl(data, where, bundle.CUSTODY):
        if not isinstance(doc, dict) or set(doc) != {"body", "hash", "signature"} \
                or not isinstance(doc["body"], dict):
            raise VerificationError(f"{place}: not a custody event.")
        seq = doc["body"].get("seq", 0)
        record = doc["body"].get("record")
        if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq <= MAX_INTEGER \
                or not (record is None or isinstance(record, str)):
            raise VerificationError(f"{place}: not a custody event.")
        if doc["body"].get("signer") != origin:
            raise authorship.AuthorshipError(
                f"{place}: the event names {str(doc['body'].get('signer'))[:12]} as its signer, "
                f"but only the sender ({partner.name}, key {origin[:12]}) can sign the events "
                "of its bundle.")
        body = canonical_json(doc["body"])
        if sha256_hex(body) != doc["hash"]:
            raise VerificationError(f"{place}: the event does not match its hash.")
        try:
            signer.verify(bytes.fromhex(doc["signature"]), body)
        except (InvalidSignature, ValueError, TypeError) as exc:
            raise VerificationError(f"{place}: the event's signature is not the sender's."
                                    ) from exc
        out.append((doc["hash"], body, bytes.fromhex(doc["signature"]), doc["body"]))
    return out


def _links(events: list[tuple[str, bytes, bytes, dict[str, Any]]], where: str
           ) -> list[custody.Link]:
    return [custody.Link(doc["seq"], event_hash, str(doc.get("prev")),
                         f"{where}: custody.jsonl event {doc['seq']}")
            for event_hash, _body, _signature, doc in events]


def import_bundle(vault: Vault, path: Path, *, accept_replay: bool = False,
                  progress: Progress | None = None, cancel: CancelToken | None = None
                  ) -> ImportResult:
    """Verify and import the bundle (or receipt) at ``path``."""
    where = str(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed in the finally below
    except FileNotFoundError:
        raise WillayError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise WillayError(f"{path} is a folder, not a bundle.") from None
    except OSError as exc:
        raise WillayError(f"Cannot read {path}: {exc.strerror}.") from exc
    pending: list[PendingFile] = []
    opened: bundle.Opened | None = None
    try:
        with vault.writing("import"), vault.session() as session:
            me = own_card(session)
            opened = bundle.Opened(handle, _identity(session), where)
            partner = _sender(session, opened, me.fingerprint)
            opened.verify_signature(minisign_public_key(partner.ed25519_public))
            manifest = opened.manifest
            if me.fingerprint not in manifest.recipients:
                raise NotARecipientError(f"{where}: this vault is not among the bundle's "
                                        "recipients.")
            result = ImportResult(manifest.bundle_id, manifest.kind, partner.name,
                                  partner.fingerprint, manifest.sequence)
            manifest_sha256 = hashlib.sha256(opened.manifest_bytes).hexdigest()
            known = session.get(ReceivedBundle, (partner.fingerprint, manifest.bundle_id))
            if known is not None:
                if known.manifest_sha256 != manifest_sha256:
                    raise BundleConflictError(
                        f"{where}: {partner.name} already sent a different bundle with the id "
                        f"{manifest.bundle_id} (imported {known.imported}); this one lists "
                        "other contents under the same id and was not imported.")
                result.checked_originals = _check_every_byte(opened, progress, cancel)
                result.already_imported = True
                return result
            if manifest.sequence <= partner.last_received_sequence:
                result.replayed = True
                if not accept_replay:
                    raise ReplayError(
                        f"{where}: sequence {manifest.sequence} from {partner.name} is not newer "
                        f"than the last one imported ({partner.last_received_sequence}); it may "
                        "be an old copy or a replay. If you are sure, import it with "
                        "--accept-replay.")
            if manifest.kind == "receipt":
                _import_receipt(session, opened, partner, result)
            else:
                _import_data(vault, session, opened, partner, result, pending, progress,
                             cancel)
            session.add(ReceivedBundle(
                id=manifest.bundle_id, sender=partner.fingerprint, sequence=manifest.sequence,
                kind=manifest.kind, created=manifest.created, imported=now_stamp(),
                manifest_sha256=manifest_sha256,
                summary=json.dumps(result.as_dict())))
            partner.last_received_sequence = max(partner.last_received_sequence,
                                                 manifest.sequence)
            session.add(partner)
            custody.append(session, "receipt_received" if manifest.kind == "receipt"
                           else "imported", None, manifest.bundle_id, {
                               "bundle_id": manifest.bundle_id, "signer": partner.fingerprint,
                               "sequence": manifest.sequence,
                               "new_revisions": result.new_revisions,
                               "new_media": result.new_media, "delivered": result.delivered})
        return result
    except BaseException:
        vault.objects.discard(pending)
        raise
    finally:
        if opened is not None:
            opened.close()
        handle.close()


def _check_every_byte(opened: bundle.Opened, progress: Progress | None,
                      cancel: CancelToken | None) -> int:
    """Read a known bundle to its end, checking each member's size and SHA-256; write
    nothing. Its manifest is the one imported before, so equal members mean equal content.
    Returns how many originals were checked."""
    opened.read_checked(bundle.RECORDS)
    opened.read_checked(bundle.CUSTODY)
    done = 0
    for entry, reader in opened.media_members():
        digest = hashlib.sha256()
        for chunk in reader.chunks():
            if cancel is not None and cancel.cancelled:
                raise Cancelled("Import cancelled; nothing was changed.")
            digest.update(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done)
        if digest.hexdigest() != entry.sha256:
            raise VerificationError(f"{opened.where}: member {entry.name} does not match its "
                                    "SHA-256; this copy of the bundle is damaged or altered.")
    return len(opened.manifest.members) - 2


def _offset(progress: Progress | None, base: int) -> Progress | None:
    if progress is None:
        return None
    report = progress
    return lambda done: report(base + done)


def _import_data(vault: Vault, session: Session, opened: bundle.Opened, partner: Partner,
                 result: ImportResult, pending: list[PendingFile],
                 progress: Progress | None, cancel: CancelToken | None) -> None:
    where = opened.where
    lines = _revision_lines(opened.read_checked(bundle.RECORDS), where)
    authors = authorship.known_authors(session)
    vouched = {key_id(card.ed25519_public): card for card in opened.manifest.authors}
    sender_key = key_id(partner.ed25519_public)
    for kid, card in vouched.items():
        authors.setdefault(kid, authorship.KnownAuthor(
            kid, card.ed25519_public, card.name, card.organization, authorship.VOUCHED,
            partner.name, card))
    _check_authors(lines, authors, partner, where)
    result.checked_revisions = len(lines)
    signers = {authors[line.seal.signed_by] for line in lines}
    result.authors = sorted({a.name for a in signers})
    result.vouched = sorted({a.name for a in signers if a.how == authorship.VOUCHED})
    events = _custody_lines(opened.read_checked(bundle.CUSTODY), where, partner)
    links = _links(events, where)
    custody.check_links(links)
    custody.check_against_stored(session, sender_key, links)
    media_meta: dict[str, dict[str, Any]] = {}
    for line in lines:
        if line.doc["kind"] == "media" and line.doc["fields"] is not None:
            media_meta[line.doc["fields"]["sha256"]] = line.doc["fields"]
    done = 0
    for entry, reader in opened.media_members():
        meta = media_meta.get(entry.sha256)
        if meta is None and session.get(StoredObject, entry.sha256) is None:
            raise VerificationError(f"{where}: member {entry.name} belongs to no media record.")
        known = session.get(StoredObject, entry.sha256)
        if known is not None and not known.purged and vault.objects.has(entry.sha256):
            digest = hashlib.sha256()
            for chunk in reader.chunks():
                digest.update(chunk)
            if digest.hexdigest() != entry.sha256:
                raise VerificationError(f"{where}: member {entry.name} does not match its "
                                        "SHA-256.")
            result.known_media += 1
        else:
            label = f"{where}: member {entry.name}"
            image = meta is not None and meta["mime"].startswith("image/")
            if image:  # probed below, so it must be in place at once
                vault.objects.put_stream(
                    reader, label, _offset(progress, done), cancel,
                    expected_sha256=entry.sha256, expected_size=entry.size)
            else:
                pending.append(vault.objects.write_pending(
                    reader, label, _offset(progress, done), cancel,
                    expected_sha256=entry.sha256, expected_size=entry.size))
            if known is None:
                session.add(StoredObject(sha256=entry.sha256, size=entry.size,
                                         stored=now_stamp()))
            else:
                restore_if_purged(session, entry.sha256)
            if image and meta is not None:
                _check_image(vault, session, entry, meta, where)
            result.new_media += 1
        done += entry.size
        result.checked_originals += 1
        session.add(ReceivedItem(sender=partner.fingerprint,
                                 bundle_id=opened.manifest.bundle_id, item=entry.sha256,
                                 item_kind="media"))
    # Durable together, before the commit that refers to them.
    vault.objects.settle(pending)
    pending.clear()
    ids = [line.id for line in lines]
    if len(set(ids)) != len(ids):
        raise VerificationError(f"{where}: records.jsonl lists a revision twice.")
    known_ids = _present(session, Revision.id, ids)
    existing = _present(session, Record.id, list({line.doc["record"] for line in lines}))
    bundle_id = opened.manifest.bundle_id
    items = [dict(sender=partner.fingerprint, bundle_id=bundle_id, item=line.id,
                  item_kind="revision") for line in lines]
    fresh = [line for line in lines if line.id not in known_ids]
    used = {line.seal.signed_by for line in fresh}
    authorship.vouch(session, [card for kid, card in vouched.items() if kid in used],
                     partner, now_stamp())
    result.known_revisions += len(lines) - len(fresh)
    result.new_revisions += len(fresh)
    arrived = _arrived_records(fresh, existing, where)
    touched = _store_revisions(session, fresh, arrived, where)
    session.flush()
    if items:
        session.execute(insert(ReceivedItem), items)
    _store_custody(session, events, partner, bundle_id, result)
    whole = _project_arrived(session, arrived)
    for record_id in touched:
        if record_id in whole:
            continue
        outcome = merge.settle(session, record_id)
        if outcome == "merged":
            result.merged.append(record_id)
        elif outcome == "conflict":
            result.conflicts.append(record_id)


def _present(session: Session, column: Any, values: list[str]) -> set[str]:
    """Those of ``values`` found in ``column``, asked in slices to bound the statement."""
    found: set[str] = set()
    for start in range(0, len(values), 500):
        found.update(session.exec(select(column).where(
            col(column).in_(values[start:start + 500]))).all())
    return found


@dataclass
class _Arrived:
    """A record this bundle brings for the first time: its row and its head revisions."""

    row: dict[str, Any]
    heads: list[dict[str, Any]] = field(default_factory=list)


def _arrived_records(fresh: list[_Line], existing: set[str], where: str
                     ) -> dict[str, _Arrived]:
    """The records this bundle brings for the first time, with their heads (the revisions
    no other one names as parent); one head also gives the record's final state."""
    arrived: dict[str, _Arrived] = {}
    named: set[str] = set()
    for line in fresh:
        doc = line.doc
        found = arrived.get(doc["record"])
        if found is None and doc["record"] not in existing:
            arrived[doc["record"]] = _Arrived(dict(
                id=doc["record"], kind=doc["kind"], created=doc["time"],
                updated=doc["time"], deleted=False, conflict=False))
        elif found is not None and found.row["kind"] != doc["kind"]:
            raise VerificationError(f"{where}: revision {line.id[:12]} claims record "
                                    f"{found.row['id']} is a {doc['kind']}, but it is a "
                                    f"{found.row['kind']}.")
        if doc["record"] in arrived:
            named.update(doc["parents"])
    for line in fresh:
        if line.doc["record"] in arrived and line.id not in named:
            arrived[line.doc["record"]].heads.append({**line.doc, "id": line.id})
    for record in arrived.values():
        if len(record.heads) == 1:
            (head,) = record.heads
            record.row["deleted"] = head["deleted"]
            record.row["updated"] = max(record.row["updated"], head["time"])
    return arrived


def _store_revisions(session: Session, fresh: list[_Line], arrived: dict[str, _Arrived],
                     where: str) -> list[str]:
    """Store new revisions with their signatures; return the records they touch, in order
    of first appearance.

    Records that arrived whole are written in bulk with the heads found for them.
    Revisions of records already here go one by one, since each may move heads this
    vault holds.
    """
    touched: dict[str, None] = {}  # insertion-ordered set
    whole_rows: list[dict[str, Any]] = []
    for line in fresh:
        doc = line.doc
        record_id = doc["record"]
        touched.setdefault(record_id)
        if record_id in arrived:
            whole_rows.append(dict(id=line.id, record_id=record_id, kind=doc["kind"],
                                   author=doc["author"], created=doc["time"],
                                   deleted=doc["deleted"], body=line.body,
                                   signature=line.seal.signature,
                                   signed_by=line.seal.signed_by,
                                   attested=line.seal.attested))
            continue
        record = session.get(Record, record_id)  # not arrived, so already here
        assert record is not None
        if record.kind != doc["kind"]:
            raise VerificationError(f"{where}: revision {line.id[:12]} claims record "
                                    f"{record.id} is a {doc['kind']}, but it is a {record.kind}.")
        revisions.append(session, record.id, record.kind, line.id, line.body, doc["parents"],
                         doc["author"], doc["time"], deleted=doc["deleted"],
                         signature=line.seal.signature, signed_by=line.seal.signed_by,
                         attested=line.seal.attested)
        session.flush()  # the next revision may name this one as its parent
    if arrived:
        session.execute(insert(Record), [record.row for record in arrived.values()])
        session.execute(insert(Revision), whole_rows)
        session.execute(insert(RecordHead), [
            dict(record_id=record_id, revision_id=head["id"])
            for record_id, record in arrived.items() for head in record.heads])
    return list(touched)


def _store_custody(session: Session, events: list[tuple[str, bytes, bytes, dict[str, Any]]],
                   partner: Partner, bundle_id: str, result: ImportResult) -> None:
    """Keep the sender's custody events this vault does not hold yet."""
    known = _present(session, ForeignCustodyEvent.hash,
                     [event_hash for event_hash, _body, _signature, _doc in events])
    origin = key_id(partner.ed25519_public)
    rows = []
    for event_hash, body, signature, doc in events:
        if event_hash not in known:
            known.add(event_hash)
            rows.append(dict(hash=event_hash, origin=origin, seq=doc.get("seq", 0),
                             record_id=doc.get("record"), body=body, signature=signature,
                             bundle_id=bundle_id))
    if rows:
        session.execute(insert(ForeignCustodyEvent), rows)
    result.custody_events += len(rows)


def _project_arrived(session: Session, arrived: dict[str, _Arrived]) -> set[str]:
    """Project, in bulk, the arrived records whose revisions end in a single head.

    Returns their ids; records that arrived with two heads (a conflict at the sender) are
    left to :func:`merge.settle`.
    """
    single = {record_id: record.heads[0] for record_id, record in arrived.items()
              if len(record.heads) == 1}
    projection.project_many(session, [
        (record_id, head["kind"], head["fields"]) for record_id, head in single.items()
        if head["fields"] is not None])
    return set(single)


def _check_image(vault: Vault, session: Session, entry: bundle.MemberEntry,
                 meta: dict[str, Any], where: str) -> None:
    """Refuse an image that is a decompression bomb or corrupt; keep its thumbnail."""
    if entry.size > MAX_IMAGE_PROBE:
        raise VerificationError(f"{where}: member {entry.name} is too large for a photo.")
    data = b"".join(vault.objects.read_chunks(entry.sha256))
    try:
        info = probe_image_bytes(data, sniff(data[:8192], entry.name), entry.name)
    except MediaError as exc:
        raise VerificationError(f"{where}: member {entry.name}: {exc}") from exc
    if session.get(MediaThumbnail, entry.sha256) is None:
        session.add(MediaThumbnail(sha256=entry.sha256, jpeg=info.thumbnail_jpeg))


def _import_receipt(session: Session, opened: bundle.Opened, partner: Partner,
                    result: ImportResult) -> None:
    where = opened.where
    data = opened.read_checked(bundle.RECORDS)
    opened.read_checked(bundle.CUSTODY)
    for _entry, _reader in opened.media_members():
        raise VerificationError(f"{where}: a receipt carries no media.")
    doc = strict_json.loads(data.rstrip(b"\n"), f"{where}: receipt")
    if not isinstance(doc, dict) or doc.get("receipt_for") != opened.manifest.receipt_for \
            or not isinstance(doc.get("items"), list):
        raise VerificationError(f"{where}: a malformed receipt.")
    sent = session.get(SentBundle, opened.manifest.receipt_for)
    if sent is None:
        raise VerificationError(f"{where}: a receipt for bundle {opened.manifest.receipt_for}, "
                                "which this vault did not send.")
    ours = {row.item for row in session.exec(select(SentItem).where(
        SentItem.partner == partner.fingerprint, SentItem.bundle_id == sent.id)).all()}
    media_items = set(session.exec(select(StoredObject.sha256)).all())
    for item in doc["items"]:
        if not isinstance(item, str) or item not in ours:
            continue
        if session.get(Delivery, (item, partner.fingerprint)) is None:
            session.add(Delivery(item=item, partner=partner.fingerprint,
                                 item_kind="media" if item in media_items else "revision",
                                 bundle_id=sent.id, confirmed=now_stamp()))
            result.delivered += 1
