"""Receipts and purges: confirming what a partner received, then freeing the field laptop."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, func, select

from willay.core import strict_json
from willay.core.canonical import canonical_json
from willay.core.errors import NotFoundError, ValidationError, VerificationError
from willay.core.fileio import taken_back_on_failure
from willay.core.i18n import _
from willay.core.progress import Cancelled, CancelToken
from willay.core.records import custody
from willay.core.records.revisions import now_stamp
from willay.core.sharing import bundle
from willay.core.sharing.opened import Opened
from willay.core.sharing.partners import current_card, find_partner
from willay.core.vault.identity import own_card, signing_key
from willay.core.vault.models import (
    Delivery,
    Media,
    Partner,
    ReceivedBundle,
    ReceivedItem,
    SentBundle,
    SentItem,
    StoredObject,
)
from willay.core.vault.vault import Vault


@dataclass(frozen=True)
class ReceiptResult:
    """What a receipt confirms."""

    path: Path
    receipt_id: str
    receipt_for: str
    partner: str
    items: int
    left_out: int = 0  # originals not confirmed: missing or damaged here
    bundles: tuple[str, ...] = ()  # every bundle it confirms, receipt_for first


def write_receipt(vault: Vault, bundle_ref: str, path: Path, sender: str | None = None,
                  cancel: CancelToken | None = None) -> ReceiptResult:
    """Write a signed receipt for an imported bundle, encrypted to its sender.

    Bundles are known by sender and id: when two partners used one id, ``sender`` (a
    partner's name or fingerprint) says whose bundle is meant. An original is confirmed
    only after its file here was decrypted and matched its SHA-256, since the partner may
    delete its own copy on the strength of the receipt. Raises Cancelled, writing
    nothing, soon after ``cancel`` is set.
    """
    with _left_only_when_noted(path), vault.session() as session:
        query = select(ReceivedBundle).where(
            col(ReceivedBundle.id).startswith(bundle_ref.strip().lower()),
            ReceivedBundle.kind == "data")
        if sender is not None:
            query = query.where(ReceivedBundle.sender == find_partner(session, sender)
                                .fingerprint)
        matches = session.exec(query).all()
        if not matches:
            raise NotFoundError(_("No imported bundle has the id {bundle}."
                                  ).format(bundle=repr(bundle_ref)))
        if len({m.id for m in matches}) == 1 and len(matches) > 1:
            names = sorted(find_partner(session, m.sender).name for m in matches)
            raise NotFoundError(_(
                "Bundles from several partners have the id {bundle} ({names}); say whose "
                "bundle you mean (on the command line, with --from).").format(
                    bundle=repr(bundle_ref), names=", ".join(names)))
        if len(matches) != 1:
            raise NotFoundError(_(
                "Several imported bundles have an id that starts with {bundle}; give more "
                "of the id.").format(bundle=repr(bundle_ref)))
        return _seal_receipt(vault, session, list(matches), path, cancel)


def unconfirmed_bundles(session: Session, partner_ref: str) -> list[ReceivedBundle]:
    """The bundles imported from a partner (any of its cards) with no receipt written yet,
    oldest first."""
    partner = current_card(session, find_partner(session, partner_ref))
    cards = {partner.fingerprint}
    while True:  # the cards it replaced, and the ones those replaced
        older = set(session.exec(select(Partner.fingerprint).where(
            col(Partner.replaced_by).in_(cards))).all()) - cards
        if not older:
            break
        cards |= older
    return list(session.exec(select(ReceivedBundle).where(
        col(ReceivedBundle.sender).in_(cards), ReceivedBundle.kind == "data",
        col(ReceivedBundle.receipt).is_(None)).order_by(
            col(ReceivedBundle.imported), col(ReceivedBundle.sequence))).all())


def write_receipt_for_partner(vault: Vault, partner_ref: str, path: Path,
                              cancel: CancelToken | None = None) -> ReceiptResult:
    """Write one signed receipt for every bundle from a partner that has none yet.

    The partner learns in one file which of its bundles arrived whole; each bundle's
    originals are checked here as for a single receipt.
    """
    with _left_only_when_noted(path), vault.session() as session:
        pending = unconfirmed_bundles(session, partner_ref)
        if not pending:
            raise NotFoundError(_(
                "Every bundle from {partner} already has a receipt. To write one again, "
                "choose the bundle.").format(partner=find_partner(session, partner_ref).name))
        return _seal_receipt(vault, session, pending, path, cancel)


@contextmanager
def _left_only_when_noted(path: Path) -> Iterator[None]:
    """Refuse an existing ``path``; remove the receipt sealed there when what notes it as
    sent is not saved (a full disk, another coordinator's change at the same moment), since
    its number would be given again."""
    _refuse_existing(path)
    with taken_back_on_failure(path):
        yield


def _refuse_existing(path: Path) -> None:
    if path.exists():
        raise ValidationError(_("{path} already exists; choose another file name."
                                ).format(path=path))


def _seal_receipt(vault: Vault, session: Session, received: list[ReceivedBundle], path: Path,
                  cancel: CancelToken | None) -> ReceiptResult:
    """Seal one receipt for ``received`` (bundles of one partner) and note it on each."""
    first = received[0]
    partner = current_card(session, find_partner(session, first.sender))
    entries = []
    confirmed = 0
    left_out = 0
    for bundle_row in received:
        received_items = session.exec(select(ReceivedItem).where(
            ReceivedItem.sender == bundle_row.sender,
            ReceivedItem.bundle_id == bundle_row.id)).all()
        items, missing = _confirmable(vault, session, received_items, cancel)
        entries.append({"receipt_for": bundle_row.id, "items": items})
        confirmed += len(items)
        left_out += missing
    me = own_card(session)
    sequence = (session.exec(select(func.max(SentBundle.sequence))).one() or 0) + 1
    # "receipt_for" and "items" name the first bundle, as receipts always did, so that a
    # vault from before receipts for several bundles still takes that one; "bundles" lists
    # them all.
    doc: dict[str, object] = dict(entries[0])
    if len(entries) > 1:
        doc["bundles"] = entries
    heading = bundle.Heading(kind="receipt", sequence=sequence, profile="receipt",
                             revision_range={"count": 0}, created=now_stamp(),
                             receipt_for=first.id)
    manifest = bundle.seal(path, heading, bundle.Contents(canonical_json(doc) + b"\n", b""),
                           bundle.Sealer(me, signing_key(session)), [partner])
    session.add(SentBundle(id=manifest.bundle_id, sequence=sequence, kind="receipt",
                           created=manifest.created,
                           recipients=json.dumps([partner.fingerprint]), profile="receipt"))
    for bundle_row in received:
        bundle_row.receipt = manifest.bundle_id
        session.add(bundle_row)
    return ReceiptResult(path, manifest.bundle_id, first.id, partner.name, confirmed,
                         left_out, tuple(r.id for r in received))


def _cancelled() -> Cancelled:
    return Cancelled(_("The receipt was cancelled; nothing was written."))


def _damaged(vault: Vault, stored: StoredObject, cancel: CancelToken | None) -> bool:
    """Whether an original's file here is missing or does not match its SHA-256."""
    try:
        return vault.objects.check(stored.sha256, stored.size, cancel) is not None
    except Cancelled:  # its own words speak of the vault check
        raise _cancelled() from None


def _confirmable(vault: Vault, session: Session, received: Sequence[ReceivedItem],
                 cancel: CancelToken | None = None) -> tuple[list[str], int]:
    """The items of a received bundle this vault really holds, and how many it does not.

    Raises Cancelled soon after ``cancel`` is set, in the middle of checking an original
    too.
    """
    items: list[str] = []
    left_out = 0
    for row in received:
        if cancel is not None and cancel.cancelled:
            raise _cancelled()
        if row.item_kind == "media":
            stored = session.get(StoredObject, row.item)
            if stored is None or stored.purged or _damaged(vault, stored, cancel):
                left_out += 1
                continue
        items.append(row.item)
    return sorted(items), left_out


@dataclass(frozen=True)
class PurgeResult:
    """What a purge removed."""

    originals: int
    bytes: int


def purge_delivered(vault: Vault) -> PurgeResult:
    """Remove every original a partner confirmed receiving; log a custody event for each.

    The media records, their metadata, thumbnails and hashes stay: the vault still shows
    the evidence and can prove what it was, but the bytes now live with the partner.
    """
    with vault.writing("purge"):
        return _purge_delivered(vault)


def _purge_delivered(vault: Vault) -> PurgeResult:
    removed = 0
    freed = 0
    with vault.session() as session:
        rows = session.exec(select(StoredObject).where(col(StoredObject.purged).is_(False))
                            ).all()
        for stored in rows:
            deliveries = session.exec(select(Delivery).where(
                Delivery.item == stored.sha256, Delivery.item_kind == "media")).all()
            if not deliveries:
                continue
            media = session.exec(select(Media).where(Media.sha256 == stored.sha256)).first()
            stored.purged = True
            session.add(stored)
            custody.append(session, "purged", media.id if media else None, stored.sha256, {
                "sha256": stored.sha256, "size": stored.size,
                "delivered_to": sorted(d.partner for d in deliveries),
                "bundles": sorted({d.bundle_id for d in deliveries})})
            removed += 1
            freed += stored.size
    # Files go only after the purge is committed; a crash in between leaves files that
    # the next purge (or verify, which skips purged originals) handles.
    with vault.session() as session:
        for stored in session.exec(select(StoredObject).where(
                col(StoredObject.purged).is_(True))).all():
            vault.objects.remove(stored.sha256)
    return PurgeResult(removed, freed)


def take_receipt(session: Session, opened: Opened, partner: Partner) -> int:
    """Note the deliveries a partner's receipt confirms, once checked; return how many are new.

    A receipt may confirm several bundles. Only items this vault sent to that partner in
    the bundle named beside them count; the rest are ignored. A receipt naming a bundle
    this vault did not send is refused whole.
    """
    where = opened.where
    delivered = 0
    data = opened.read_checked(bundle.RECORDS)
    opened.read_checked(bundle.CUSTODY)
    for _entry, _reader in opened.media_members():
        raise VerificationError(_(
            "{where}: a receipt carries no photos or files, but this one does."
        ).format(where=where))
    doc = strict_json.loads(data.rstrip(b"\n"), _("{where}: the receipt").format(where=where))
    entries = _receipt_entries(doc, opened.manifest.receipt_for, where)
    media_items = set(session.exec(select(StoredObject.sha256)).all())
    for bundle_id, listed in entries:
        sent = session.get(SentBundle, bundle_id)
        if sent is None or sent.kind != "data":
            raise VerificationError(_(
                "{where} is a receipt for the bundle {bundle}, which this vault did not send."
            ).format(where=where, bundle=bundle_id))
        ours = {row.item for row in session.exec(select(SentItem).where(
            SentItem.partner == partner.fingerprint, SentItem.bundle_id == sent.id)).all()}
        for item in listed:
            if not isinstance(item, str) or item not in ours:
                continue
            if session.get(Delivery, (item, partner.fingerprint)) is None:
                session.add(Delivery(item=item, partner=partner.fingerprint,
                                     item_kind="media" if item in media_items else "revision",
                                     bundle_id=sent.id, confirmed=now_stamp()))
                delivered += 1
    return delivered


def _receipt_entries(doc: object, receipt_for: str | None, where: str
                     ) -> list[tuple[str, list[object]]]:
    """The (bundle id, items) pairs a receipt confirms; the first is the manifest's."""
    malformed = VerificationError(_("{where}: the receipt is malformed.").format(where=where))
    if not isinstance(doc, dict) or doc.get("receipt_for") != receipt_for \
            or not isinstance(doc.get("items"), list):
        raise malformed
    entries = doc.get("bundles", [{"receipt_for": receipt_for, "items": doc["items"]}])
    if not isinstance(entries, list) or not entries or entries[0] != {
            "receipt_for": receipt_for, "items": doc["items"]}:
        raise malformed
    pairs: list[tuple[str, list[object]]] = []
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != {"receipt_for", "items"} \
                or not isinstance(entry["receipt_for"], str) \
                or not isinstance(entry["items"], list):
            raise malformed
        pairs.append((entry["receipt_for"], entry["items"]))
    if len({bundle_id for bundle_id, _items in pairs}) != len(pairs):
        raise malformed
    return pairs
