"""A vault from before retired partner cards upgrades with its partners still current."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command

from tests.conftest import PASSPHRASE
from willay.core.keys import kdf
from willay.core.sharing import partners
from willay.core.vault import database
from willay.core.vault.identity import own_card
from willay.core.vault.vault import Vault


def test_a_vault_from_before_retired_cards_keeps_its_partners(vault: Vault,
                                                              tmp_path: Path) -> None:
    params = kdf.KdfParams(kdf.MIN_MEMORY_KIB, 3, 4, os.urandom(16))
    other, _ = Vault.create(tmp_path / "other", PASSPHRASE, "Juan", "Red Norte",
                            kdf_params=params)
    with other.session() as session:
        card = own_card(session)
    other.lock()
    with vault.session() as session:
        partners.add_partner(session, card)
        partners.mark_verified(session, "Juan")
    command.downgrade(database._alembic_config(vault.engine), "0006")
    vault.lock()

    upgraded = Vault.open(vault.path)
    upgraded.unlock(PASSPHRASE)
    assert upgraded.backup_made is not None
    assert database.current_revision(upgraded.engine) == database.head_revision()
    with upgraded.session() as session:
        (juan,) = partners.list_partners(session)
        assert (juan.fingerprint, juan.verified, juan.retired, juan.replaced_by) == (
            card.fingerprint, True, None, "")
        removed = partners.remove_partner(session, "Juan")
        assert removed.retired is not None
    upgraded.lock()
