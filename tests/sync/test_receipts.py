"""One receipt for every bundle a partner sent that has none yet, and what the sender does
with it: each bundle's items confirmed, a receipt naming a bundle never sent refused."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from tests.conftest import tree_snapshot
from tests.sync.test_sync import export, fill
from willay.core.canonical import canonical_json
from willay.core.errors import DiskFullError, NotFoundError, VerificationError
from willay.core.records import queries
from willay.core.records.revisions import now_stamp
from willay.core.sharing import bundle, delivery
from willay.core.sharing import receive as sync_import
from willay.core.sharing.partners import find_partner
from willay.core.vault.identity import own_card, signing_key
from willay.core.vault.models import Delivery, SentBundle, SentItem
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines


def _three_bundles(field: Vault, coordinator: Vault, tmp_path: Path) -> list[str]:
    ids = []
    for n in range(3):
        folder = tmp_path / f"round{n}"
        folder.mkdir()
        fill(field, folder)
        sent = export(field, "Coordinadora", tmp_path / f"b{n}.willay")
        sync_import.import_bundle(coordinator, tmp_path / f"b{n}.willay")
        ids.append(sent.bundle_id)
    return ids


def _deliveries(field: Vault) -> dict[str, int]:
    with field.session() as session:
        rows = session.exec(select(Delivery)).all()
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.bundle_id] = counts.get(row.bundle_id, 0) + 1
    return counts


def test_one_receipt_confirms_every_bundle_without_one(field: Vault, coordinator: Vault,
                                                       tmp_path: Path) -> None:
    ids = _three_bundles(field, coordinator, tmp_path)
    # The first bundle already had its receipt; the other two are waiting for one.
    delivery.write_receipt(coordinator, ids[0][:8], tmp_path / "first.willay")
    with coordinator.session() as session:
        assert [b.id for b in delivery.unconfirmed_bundles(session, "Rosa")] == ids[1:]

    result = delivery.write_receipt_for_partner(coordinator, "Rosa", tmp_path / "all.willay")
    assert result.bundles == tuple(ids[1:]) and result.receipt_for == ids[1]
    assert (result.items, result.left_out, result.partner) == (10, 0, "Rosa")
    with coordinator.session() as session:
        assert delivery.unconfirmed_bundles(session, "Rosa") == []
        rows = {row.id: row.receipt for row in queries.received_bundles(session)}
    assert rows[ids[0]] != rows[ids[1]] == rows[ids[2]] == result.receipt_id

    imported = sync_import.import_bundle(field, tmp_path / "all.willay")
    assert imported.kind == "receipt" and imported.delivered == 10
    assert _deliveries(field) == {ids[1]: 5, ids[2]: 5}
    assert delivery.purge_delivered(field).originals == 2

    # Nothing left to confirm: said plainly, and no file is written.
    with pytest.raises(NotFoundError, match="Every bundle from Rosa already has a receipt"):
        delivery.write_receipt_for_partner(coordinator, "Rosa", tmp_path / "again.willay")
    assert not (tmp_path / "again.willay").exists()


def test_a_receipt_cancelled_while_checking_writes_nothing(field: Vault, coordinator: Vault,
                                                           tmp_path: Path) -> None:
    from willay.core.progress import Cancelled, CancelToken

    _three_bundles(field, coordinator, tmp_path)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled, match="receipt was cancelled; nothing was written"):
        delivery.write_receipt_for_partner(coordinator, "Rosa", tmp_path / "r.willay",
                                           cancel=token)
    assert not (tmp_path / "r.willay").exists()
    with coordinator.session() as session:
        assert len(delivery.unconfirmed_bundles(session, "Rosa")) == 3
        assert session.exec(select(SentBundle).where(SentBundle.kind == "receipt")
                            ).first() is None


def test_a_receipt_that_cannot_be_remembered_as_sent_does_not_leave(
        field: Vault, coordinator: Vault, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _three_bundles(field, coordinator, tmp_path)
    real = bundle.seal

    def sealed_then_the_disk_fills(path: Path, *args: Any) -> bundle.Manifest:
        real(path, *args)
        raise DiskFullError("The disk is full.")

    monkeypatch.setattr(bundle, "seal", sealed_then_the_disk_fills)
    with pytest.raises(DiskFullError):
        delivery.write_receipt_for_partner(coordinator, "Rosa", tmp_path / "r.willay")
    assert not (tmp_path / "r.willay").exists(), "its number would be given again"
    monkeypatch.setattr(bundle, "seal", real)
    written = delivery.write_receipt_for_partner(coordinator, "Rosa", tmp_path / "r.willay")
    assert len(written.bundles) == 3
    assert sync_import.import_bundle(field, tmp_path / "r.willay").delivered > 0


def _forged_receipt(coordinator: Vault, path: Path, doc: dict[str, object],
                    receipt_for: str) -> None:
    """A receipt properly signed by the coordinator, with the body a hostile partner chose."""
    with coordinator.session() as session:
        me = own_card(session)
        rosa = find_partner(session, "Rosa")
        heading = bundle.Heading(kind="receipt", sequence=99, profile="receipt",
                                 revision_range={"count": 0}, created=now_stamp(),
                                 receipt_for=receipt_for)
        bundle.seal(path, heading, bundle.Contents(canonical_json(doc) + b"\n", b""),
                    bundle.Sealer(me, signing_key(session)), [rosa])


@pytest.mark.parametrize("case", ["never sent", "first differs", "twice", "not a list"])
def test_a_receipt_for_bundles_not_sent_is_refused_whole(field: Vault, coordinator: Vault,
                                                         tmp_path: Path, case: str) -> None:
    ids = _three_bundles(field, coordinator, tmp_path)
    real = delivery.write_receipt_for_partner(coordinator, "Rosa", tmp_path / "real.willay")
    assert real.bundles == tuple(ids)
    first = {"receipt_for": ids[0], "items": []}
    with field.session() as session:
        items = sorted(row.item for row in session.exec(select(SentItem)).all())
    entries: object = {
        "never sent": [first, {"receipt_for": str(uuid.uuid4()), "items": items}],
        "first differs": [{"receipt_for": ids[1], "items": []}, first],
        "twice": [first, {"receipt_for": ids[1], "items": []},
                  {"receipt_for": ids[1], "items": items}],
        "not a list": {"receipt_for": ids[1]},
    }[case]
    _forged_receipt(coordinator, tmp_path / "forged.willay",
                    {"receipt_for": ids[0], "items": [], "bundles": entries}, ids[0])
    before = tree_snapshot(field.path)
    with pytest.raises(VerificationError, match=r"forged\.willay.*(did not send|malformed)"):
        sync_import.import_bundle(field, tmp_path / "forged.willay")
    assert tree_snapshot(field.path) == before
    assert _deliveries(field) == {}
