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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import insert
from sqlmodel import Session

from willay.core.disk_io import open_for_reading
from willay.core.errors import VerificationError, WillayError
from willay.core.formats.minisign import public_key_line
from willay.core.i18n import _
from willay.core.media.intake import restore_if_purged
from willay.core.media.probe import MediaError, probe_image_bytes, sniff
from willay.core.progress import Cancelled, CancelToken, Progress
from willay.core.reconcile import merge
from willay.core.records import authorship, custody, projection, revisions
from willay.core.records.revisions import now_stamp
from willay.core.sharing import bundle, delivery
from willay.core.sharing import staging as import_stage
from willay.core.sharing.fieldset_checks import BundleFieldSets
from willay.core.sharing.line_checks import (
    CustodyLine,
    RevisionLine,
    check_authors,
    custody_line,
    revision_line,
)
from willay.core.sharing.opened import Opened

# UnknownSenderError is re-exported: importers have always found it here.
from willay.core.sharing.partners import UnknownSenderError as UnknownSenderError
from willay.core.sharing.partners import refuse_if_retired, signer_of, vouch_for_authors
from willay.core.vault import thumbnails
from willay.core.vault.database import again_on_collision
from willay.core.vault.identity import key_id, own_card, receiving_secret
from willay.core.vault.models import (
    ForeignCustodyEvent,
    Partner,
    ReceivedBundle,
    ReceivedItem,
    Record,
    Revision,
    StoredObject,
)
from willay.core.vault.objects import PendingFile
from willay.core.vault.vault import Vault

MAX_IMAGE_PROBE = 256 * 1024 * 1024


class OwnBundleError(VerificationError):
    """The bundle was written by this very vault."""


class NotARecipientError(VerificationError):
    """The bundle opened, but its manifest does not name this vault as a recipient."""


class BundleConflictError(VerificationError):
    """A known sender sent another bundle under an id it used before."""


class ReplayError(VerificationError):
    """A bundle's sequence is not newer than the last one imported from its sender."""

    exit_code = 1


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
    secret = receiving_secret(session)
    if secret is None:
        raise WillayError(_("This vault lacks the key that opens the bundles sent to it; its "
                            "database is incomplete."))
    return secret


def _sender(session: Session, opened: Opened, me: str) -> Partner:
    manifest = opened.manifest
    if manifest.sender == me:
        raise OwnBundleError(_("{where} was written by this vault; there is nothing to "
                               "import from it.").format(where=opened.where))
    return signer_of(session, manifest.sender, manifest.sender_name, opened.where)


def import_bundle(vault: Vault, path: Path, *, accept_replay: bool = False,
                  progress: Progress | None = None, cancel: CancelToken | None = None
                  ) -> ImportResult:
    """Verify and import the bundle (or receipt) at ``path``; on a hub, again from the
    start when another coordinator's change crossed it (nothing of it was kept)."""
    return again_on_collision(lambda: _import(vault, path, accept_replay, progress, cancel))


def _import(vault: Vault, path: Path, accept_replay: bool, progress: Progress | None,
            cancel: CancelToken | None) -> ImportResult:
    where = str(path)
    handle = _open_bundle_file(path)
    pending: list[PendingFile] = []
    opened: Opened | None = None
    try:
        with vault.writing("import"), vault.session() as session:
            opened = Opened(handle, _identity(session), where)
            partner = _trusted_sender(session, opened)
            manifest = opened.manifest
            result = ImportResult(manifest.bundle_id, manifest.kind, partner.name,
                                  partner.fingerprint, manifest.sequence)
            manifest_sha256 = hashlib.sha256(opened.manifest_bytes).hexdigest()
            known = session.get(ReceivedBundle, (partner.fingerprint, manifest.bundle_id))
            if known is not None:
                if known.manifest_sha256 != manifest_sha256:
                    raise BundleConflictError(_(
                        "{where}: {partner} already sent a different bundle with the id "
                        "{bundle} (imported {imported}); this one holds other contents under "
                        "the same id and was not imported. Ask the sender which one is right."
                    ).format(where=where, partner=partner.name, bundle=manifest.bundle_id,
                             imported=known.imported))
                result.checked_originals = _check_every_byte(opened, progress, cancel)
                result.already_imported = True
                return result
            if manifest.sequence <= partner.last_received_sequence:
                result.replayed = True
                if not accept_replay:
                    raise ReplayError(_(
                        "{where}: this bundle from {partner} (number {sequence}) is not newer "
                        "than the last one imported from them (number {last}); it may be an "
                        "old copy, or someone may be showing you an old bundle again. If you "
                        "are sure it is new to you, import it anyway (in the window: Import "
                        "anyway; on the command line: --accept-replay)."
                    ).format(where=where, partner=partner.name, sequence=manifest.sequence,
                             last=partner.last_received_sequence))
            if manifest.kind == "receipt":
                result.delivered += delivery.take_receipt(session, opened, partner)
            else:
                _import_data(vault, session, opened, partner, result, pending, progress,
                             cancel)
            _note_received(session, manifest, partner, result, manifest_sha256)
        return result
    except BaseException:
        vault.objects.discard(pending)
        raise
    finally:
        if opened is not None:
            opened.close()
        handle.close()


def _open_bundle_file(path: Path) -> BinaryIO:
    try:
        return open_for_reading(path)
    except FileNotFoundError:
        raise WillayError(_("{path} does not exist.").format(path=path)) from None
    except IsADirectoryError:
        raise WillayError(_("{path} is a folder, not a bundle.").format(path=path)) from None
    except OSError as exc:
        raise WillayError(_("Cannot read {path}: {reason}.").format(
            path=path, reason=exc.strerror)) from exc


def _trusted_sender(session: Session, opened: Opened) -> Partner:
    """Return the partner who signed the manifest, once it is known this vault is meant."""
    me = own_card(session)
    partner = _sender(session, opened, me.fingerprint)
    opened.verify_signature(public_key_line(partner.ed25519_public))
    refuse_if_retired(partner, opened.manifest.created, opened.where)
    if me.fingerprint not in opened.manifest.recipients:
        raise NotARecipientError(_(
            "{where} was not made for this vault: this vault is not among the bundle's "
            "recipients. Ask the sender to export a bundle for you.").format(
                where=opened.where))
    return partner


def _note_received(session: Session, manifest: bundle.Manifest, partner: Partner,
                   result: ImportResult, manifest_sha256: str) -> None:
    session.add(ReceivedBundle(
        id=manifest.bundle_id, sender=partner.fingerprint, sequence=manifest.sequence,
        kind=manifest.kind, created=manifest.created, imported=now_stamp(),
        manifest_sha256=manifest_sha256, summary=json.dumps(result.as_dict())))
    partner.last_received_sequence = max(partner.last_received_sequence, manifest.sequence)
    session.add(partner)
    custody.append(session, "receipt_received" if manifest.kind == "receipt" else "imported",
                   None, manifest.bundle_id, {
                       "bundle_id": manifest.bundle_id, "signer": partner.fingerprint,
                       "sequence": manifest.sequence, "new_revisions": result.new_revisions,
                       "new_media": result.new_media, "delivered": result.delivered})


def _check_every_byte(opened: Opened, progress: Progress | None,
                      cancel: CancelToken | None) -> int:
    """Read a known bundle to its end, checking each member's size and SHA-256; write
    nothing. Its manifest is the one imported before, so equal members mean equal content.
    Returns how many originals were checked."""
    for member, most in ((bundle.RECORDS, bundle.MAX_REVISIONS),
                         (bundle.CUSTODY, bundle.MAX_EVENTS)):
        for _number, _line in opened.lines(member, most):
            pass
    done = 0
    for entry, reader in opened.media_members():
        digest = hashlib.sha256()
        for chunk in reader.chunks():
            if cancel is not None and cancel.cancelled:
                raise Cancelled(_("Import cancelled; nothing was changed."))
            digest.update(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done)
        if digest.hexdigest() != entry.sha256:
            raise VerificationError(_(
                "{where}: {member} does not match its SHA-256; this copy of the bundle is "
                "damaged or altered.").format(where=opened.where, member=entry.name))
    return len(opened.manifest.members) - 2


def _offset(progress: Progress | None, base: int) -> Progress | None:
    if progress is None:
        return None
    report = progress
    return lambda done: report(base + done)


def _import_data(vault: Vault, session: Session, opened: Opened, partner: Partner,
                 result: ImportResult, pending: list[PendingFile],
                 progress: Progress | None, cancel: CancelToken | None) -> None:
    authors = authorship.known_authors(session)
    vouched = {key_id(card.ed25519_public): card for card in opened.manifest.authors}
    for kid, card in vouched.items():
        authors.setdefault(kid, authorship.KnownAuthor(
            kid, card.ed25519_public, card.name, card.organization, authorship.VOUCHED,
            partner.name, card))
    with import_stage.small_cache(session):
        _import_staged(vault, session, opened, partner, result, pending, authors, vouched,
                       progress, cancel)


def _import_staged(vault: Vault, session: Session, opened: Opened, partner: Partner,
                   result: ImportResult, pending: list[PendingFile],
                   authors: dict[str, authorship.KnownAuthor], vouched: dict[str, Any],
                   progress: Progress | None, cancel: CancelToken | None) -> None:
    where = opened.where
    import_stage.create(session)
    media_mime = _stage_revisions(session, opened, authors, partner, result, cancel)
    _take_custody(session, opened, partner, result, cancel)
    done = 0
    for entry, reader in opened.media_members():
        mime = media_mime.get(entry.sha256)
        known = session.get(StoredObject, entry.sha256)
        if mime is None and known is None:
            raise VerificationError(_(
                "{where}: {member} belongs to no media record (no photo or file record of "
                "the bundle describes it).").format(where=where, member=entry.name))
        if known is not None and not known.purged and vault.objects.has(entry.sha256):
            digest = hashlib.sha256()
            for chunk in reader.chunks():
                digest.update(chunk)
            if digest.hexdigest() != entry.sha256:
                raise VerificationError(_(
                    "{where}: {member} does not match its SHA-256; this copy of the bundle is "
                    "damaged or altered.").format(where=where, member=entry.name))
            result.known_media += 1
        else:
            label = f"{where}: {entry.name}"
            image = mime is not None and mime.startswith("image/")
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
            if image:
                _check_image(vault, session, entry, where)
            result.new_media += 1
        done += entry.size
        result.checked_originals += 1
        session.add(ReceivedItem(sender=partner.fingerprint,
                                 bundle_id=opened.manifest.bundle_id, item=entry.sha256,
                                 item_kind="media"))
    # Durable together, before the commit that refers to them.
    vault.objects.settle(pending)
    pending.clear()
    session.flush()
    _store_staged(session, partner, vouched, opened.manifest.bundle_id, result, where)
    import_stage.drop(session)


def _stage_revisions(session: Session, opened: Opened,
                     authors: dict[str, authorship.KnownAuthor], partner: Partner,
                     result: ImportResult, cancel: CancelToken | None) -> dict[str, str]:
    """Check ``records.jsonl`` line by line (form, author, signature) and stage it, a
    slice at a time; return the MIME type of each original a media record describes."""
    where = opened.where
    lines = opened.lines(bundle.RECORDS, bundle.MAX_REVISIONS)
    media_mime: dict[str, str] = {}
    signers: set[str] = set()
    batch: list[RevisionLine] = []
    forms = BundleFieldSets(session)

    def flush() -> None:
        if cancel is not None and cancel.cancelled:
            raise Cancelled(_("Import cancelled; nothing was changed."))
        check_authors(batch, authors, partner, where)
        forms.check(batch)
        rows: list[dict[str, Any]] = []
        parents: list[dict[str, str]] = []
        known = import_stage.present(session, Revision.id, [line.id for line in batch])
        existing = import_stage.present(session, Record.id,
                                        list({line.doc["record"] for line in batch}))
        for line in batch:
            doc = line.doc
            signers.add(line.seal.signed_by)
            if doc["kind"] == "media" and doc["fields"] is not None:
                media_mime[doc["fields"]["sha256"]] = doc["fields"]["mime"]
            rows.append(dict(n=result.checked_revisions + len(rows) + 1, id=line.id,
                             record_id=doc["record"], kind=doc["kind"], author=doc["author"],
                             created=doc["time"], deleted=doc["deleted"], body=line.body,
                             signature=line.seal.signature, signed_by=line.seal.signed_by,
                             attested=line.seal.attested, known=line.id in known,
                             arrived=doc["record"] not in existing))
            parents.extend(dict(record_id=doc["record"], parent=parent)
                           for parent in doc["parents"])
        import_stage.add(session, rows, parents)
        result.checked_revisions += len(rows)
        batch.clear()

    try:
        size = 0
        for number, line in lines:
            batch.append(revision_line(_("{where}: {member} line {line}").format(
                where=where, member=bundle.RECORDS, line=number), line))
            size += len(line)
            if len(batch) >= 4 * import_stage.SLICE or size >= import_stage.SLICE_BYTES:
                flush()
                size = 0
        flush()
    except VerificationError:
        lines.blame()
        raise
    found = [authors[kid] for kid in signers]
    result.authors = sorted({a.name for a in found})
    result.vouched = sorted({a.name for a in found if a.how == authorship.VOUCHED})
    return media_mime


def _take_custody(session: Session, opened: Opened, partner: Partner,
                  result: ImportResult, cancel: CancelToken | None) -> None:
    """Check ``custody.jsonl`` line by line and keep the events this vault lacks.

    Each slice's chain is checked with the event just before it and with the events of
    the same signer this vault already keeps around those numbers.
    """
    where = opened.where
    signer = ed25519.Ed25519PublicKey.from_public_bytes(partner.ed25519_public)
    origin = key_id(partner.ed25519_public)
    lines = opened.lines(bundle.CUSTODY, bundle.MAX_EVENTS)
    batch: list[CustodyLine] = []
    carry: list[custody.Link] = []

    def flush() -> None:
        if cancel is not None and cancel.cancelled:
            raise Cancelled(_("Import cancelled; nothing was changed."))
        links = [event.link for event in batch]
        custody.check_links(carry + links)
        custody.check_against_stored(session, origin, carry + links)
        known = import_stage.present(session, ForeignCustodyEvent.hash,
                                     [event.hash for event in batch])
        rows = []
        for event in batch:
            if event.hash not in known:
                known.add(event.hash)
                rows.append(dict(hash=event.hash, origin=origin, seq=event.link.seq,
                                 record_id=event.doc.get("record"), body=event.body,
                                 signature=event.signature,
                                 bundle_id=opened.manifest.bundle_id))
        if rows:
            session.execute(insert(ForeignCustodyEvent), rows)
        result.custody_events += len(rows)
        if links:
            carry[:] = links[-1:]
        batch.clear()

    try:
        for number, line in lines:
            batch.append(custody_line(_("{where}: {member} line {line}").format(
                where=where, member=bundle.CUSTODY, line=number), line, partner, signer))
            if len(batch) >= 4 * import_stage.SLICE:
                flush()
        flush()
    except VerificationError:
        lines.blame()
        raise


def _store_staged(session: Session, partner: Partner,
                  vouched: dict[str, Any], bundle_id: str, result: ImportResult,
                  where: str) -> None:
    """Store the staged revisions: records new here in bulk, the others one by one, then
    merge or flag the records whose heads moved."""
    twice = import_stage.duplicate(session)
    if twice is not None:
        raise VerificationError(_("{where}: {member} lists a revision twice ({revision})."
                                  ).format(where=where, member=bundle.RECORDS,
                                           revision=twice[:12]))
    total, known = import_stage.counts(session)
    clash = import_stage.kind_clash(session)
    if clash is not None:
        revision_id, record_id, claimed, real = clash
        raise VerificationError(_(
            "{where}: revision {revision} says record {record} is of the kind {claimed}, "
            "but it is of the kind {real}.").format(where=where, revision=revision_id[:12],
                                                    record=record_id, claimed=claimed,
                                                    real=real))
    used = import_stage.signers(session)
    vouch_for_authors(session, [card for kid, card in vouched.items() if kid in used],
                     partner, now_stamp())
    result.known_revisions += known
    result.new_revisions += total - known
    for rows in import_stage.store_existing(session):
        for _n, revision_id, record_id, kind, author, created, deleted, body, signature, \
                signed_by, attested in rows:
            parents = json.loads(body)["parents"]
            revisions.append(session, record_id, kind, revision_id, bytes(body), parents,
                             author, created, deleted=bool(deleted),
                             signature=bytes(signature), signed_by=signed_by,
                             attested=bool(attested))
            session.flush()  # the next revision may name this one as its parent
    import_stage.store_arrived(session)
    for heads in import_stage.single_heads(session):
        projection.project_many(session, [
            (record_id, kind, json.loads(body)["fields"]) for record_id, kind, body in heads])
    import_stage.receive_items(session, partner.fingerprint, bundle_id)
    for record_id in import_stage.to_settle(session):
        outcome = merge.settle(session, record_id)
        if outcome == "merged":
            result.merged.append(record_id)
        elif outcome == "conflict":
            result.conflicts.append(record_id)


def _check_image(vault: Vault, session: Session, entry: bundle.MemberEntry, where: str
                 ) -> None:
    """Refuse an image that is a decompression bomb or corrupt; keep its thumbnail."""
    if entry.size > MAX_IMAGE_PROBE:
        raise VerificationError(_("{where}: {member} is too large for a photo."
                                  ).format(where=where, member=entry.name))
    data = b"".join(vault.objects.read_chunks(entry.sha256))
    try:
        info = probe_image_bytes(data, sniff(data[:8192], entry.name), entry.name)
    except MediaError as exc:
        raise VerificationError(f"{where}: {entry.name}: {exc}") from exc
    thumbnails.keep(session, entry.sha256, info.thumbnail_jpeg)
