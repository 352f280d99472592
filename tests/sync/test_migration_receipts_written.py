"""A vault from before receipts were recorded upgrades with its imported bundles still
waiting for a receipt, so one receipt for all of them can still be written."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from tests.sync.conftest import PASS
from tests.sync.test_sync import export, fill
from willay.core.records import queries
from willay.core.sharing import delivery
from willay.core.sharing import receive as sync_import
from willay.core.vault import database
from willay.core.vault.vault import Vault


def test_bundles_imported_before_the_upgrade_wait_for_a_receipt(field: Vault,
                                                                coordinator: Vault,
                                                                tmp_path: Path) -> None:
    fill(field, tmp_path)
    sent = export(field, "Coordinadora", tmp_path / "b.willay")
    sync_import.import_bundle(coordinator, tmp_path / "b.willay")
    command.downgrade(database._alembic_config(coordinator.engine), "0007")
    coordinator.lock()

    upgraded = Vault.open(coordinator.path)
    upgraded.unlock(PASS)
    assert database.current_revision(upgraded.engine) == database.head_revision()
    with upgraded.session() as session:
        assert [row.receipt for row in queries.received_bundles(session)] == [None]
        assert [b.id for b in delivery.unconfirmed_bundles(session, "Rosa")] == [
            sent.bundle_id]
    result = delivery.write_receipt_for_partner(upgraded, "Rosa", tmp_path / "r.willay")
    assert result.bundles == (sent.bundle_id,)
    upgraded.lock()
