"""Receipts and purges: confirming what a partner received, then freeing the field laptop."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, func, select

from willay.core import strict_json
from willay.core.canonical import canonical_json
from willay.core.errors import NotFoundError, ValidationError, VerificationError
from willay.core.i18n import _
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


def write_receipt(vault: Vault, bundle_ref: str, path: Path, sender: str | None = None
                  ) -> ReceiptResult:
    """Write a signed receipt for an imported bundle, encrypted to its sender.

    Bundles are known by sender and id: when two partners used one id, ``sender`` (a
    partner's name or fingerprint) says whose bundle is meant. An original is confirmed
    only after its file here was decrypted and matched its SHA-256, since the partner may
    delete its own copy on the strength of the receipt.
    """
    if path.exists():
        raise ValidationError(_("{path} already exists; choose another file name."
                                ).format(path=path))
    with vault.session() as session:
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
        received = matches[0]
        partner = current_card(session, find_partner(session, received.sender))
        received_items = session.exec(select(ReceivedItem).where(
            ReceivedItem.sender == received.sender,
            ReceivedItem.bundle_id == received.id)).all()
        items, left_out = _confirmable(vault, session, received_items)
        me = own_card(session)
        sequence = (session.exec(select(func.max(SentBundle.sequence))).one() or 0) + 1
        body = canonical_json({"receipt_for": received.id, "items": items}) + b"\n"
        heading = bundle.Heading(kind="receipt", sequence=sequence, profile="receipt",
                                 revision_range={"count": 0}, created=now_stamp(),
                                 receipt_for=received.id)
        manifest = bundle.seal(path, heading, bundle.Contents(body, b""),
                               bundle.Sealer(me, signing_key(session)), [partner])
        session.add(SentBundle(id=manifest.bundle_id, sequence=sequence, kind="receipt",
                               created=manifest.created,
                               recipients=json.dumps([partner.fingerprint]),
                               profile="receipt"))
    return ReceiptResult(path, manifest.bundle_id, received.id, partner.name, len(items),
                         left_out)


def _confirmable(vault: Vault, session: Session, received: Sequence[ReceivedItem]
                 ) -> tuple[list[str], int]:
    """The items of a received bundle this vault really holds, and how many it does not."""
    items: list[str] = []
    left_out = 0
    for row in received:
        if row.item_kind == "media":
            stored = session.get(StoredObject, row.item)
            if stored is None or stored.purged or \
                    vault.objects.check(stored.sha256, stored.size) is not None:
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

    Only items this vault sent to that partner in that bundle count; the rest are ignored.
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
    if not isinstance(doc, dict) or doc.get("receipt_for") != opened.manifest.receipt_for \
            or not isinstance(doc.get("items"), list):
        raise VerificationError(_("{where}: the receipt is malformed.").format(where=where))
    sent = session.get(SentBundle, opened.manifest.receipt_for)
    if sent is None:
        raise VerificationError(_(
            "{where} is a receipt for the bundle {bundle}, which this vault did not send."
        ).format(where=where, bundle=opened.manifest.receipt_for))
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
            delivered += 1
    return delivered
