"""A partner's card replaced (a new vault, a lost laptop) or the partner removed.

The coordinator knows Rosa's first card; Rosa loses her laptop and makes a new vault.
What Rosa's first card signed before the change keeps verifying; what it signs after is
refused; exports go only to the new card. A partner removed gets nothing more and what
they send is refused, while what they sent before stays, verifiable.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from tests.sync.conftest import make_vault
from tests.sync.test_sync import INCIDENT, export
from willay.core.errors import ValidationError, VerificationError, WillayError
from willay.core.formats.card import Card
from willay.core.records import service as records
from willay.core.records.verify import verify_vault
from willay.core.sharing import partners
from willay.core.sharing import receive as sync_import
from willay.core.vault.identity import own_card
from willay.core.vault.models import CustodyEvent, Incident
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines


def _card_of(vault: Vault) -> Card:
    with vault.session() as session:
        return own_card(session)


def _incident(vault: Vault, title: str) -> str:
    with vault.session() as session:
        return records.create(session, "incident", {**INCIDENT, "title": title})


def _titles(vault: Vault) -> set[str]:
    with vault.session() as session:
        return set(session.exec(select(Incident.title)).all())


def _events(vault: Vault, action: str) -> list[dict[str, object]]:
    with vault.session() as session:
        rows = session.exec(select(CustodyEvent).where(CustodyEvent.action == action)).all()
        return [json.loads(row.details) for row in rows]


@pytest.fixture
def new_rosa(tmp_path: Path, coordinator: Vault) -> Vault:
    """Rosa's new vault after her laptop was lost: same name, new keys; knows the coordinator."""
    vault = make_vault(tmp_path / "rosa-new", "Rosa")
    with vault.session() as session:
        partners.add_partner(session, _card_of(coordinator), "full", "legal")
        partners.mark_verified(session, "Coordinadora")
    return vault


def test_a_new_card_under_the_same_name_is_refused_with_the_way_out(
        field: Vault, coordinator: Vault, new_rosa: Vault) -> None:
    with coordinator.session() as session, pytest.raises(
            ValidationError, match=r"already called 'Rosa'.*replace their card"):
        partners.add_partner(session, _card_of(new_rosa))


def test_replacing_a_card_keeps_the_old_one_for_what_it_signed_before(
        field: Vault, coordinator: Vault, new_rosa: Vault, tmp_path: Path) -> None:
    old_fingerprint = _card_of(field).fingerprint
    _incident(field, "Antes del cambio")
    export(field, "Coordinadora", tmp_path / "before.willay")

    with coordinator.session() as session:
        old, new = partners.replace_partner(session, "Rosa", _card_of(new_rosa))
        assert (old.fingerprint, new.fingerprint) == (old_fingerprint,
                                                     _card_of(new_rosa).fingerprint)
        assert not new.verified and new.profile == "full" and new.scope == "legal"
        with pytest.raises(ValidationError, match=r"replaced on .* use the new card"):
            partners.mark_verified(session, old_fingerprint)
        partners.mark_verified(session, "Rosa")
        listed = [(p.name, p.fingerprint) for p in partners.list_partners(session)]
        assert listed == [("Rosa", new.fingerprint)]
        everyone = partners.list_partners(session, include_retired=True)
        assert {p.fingerprint for p in everyone} == {old_fingerprint, new.fingerprint}

    # Signed by the old card before it was replaced: still imported, still verified.
    imported = sync_import.import_bundle(coordinator, tmp_path / "before.willay")
    assert imported.fingerprint == old_fingerprint and imported.new_revisions == 1
    assert "Antes del cambio" in _titles(coordinator)

    # Signed by the old card after: refused, nothing changes.
    _incident(field, "Después del cambio")
    export(field, "Coordinadora", tmp_path / "after.willay")
    with pytest.raises(partners.RetiredCardError,
                       match=r"old card of Rosa.*replaced.*export it again with their new"):
        sync_import.import_bundle(coordinator, tmp_path / "after.willay")
    assert "Después del cambio" not in _titles(coordinator)

    # The new card's bundles come in as Rosa's.
    _incident(new_rosa, "Desde la bóveda nueva")
    export(new_rosa, "Coordinadora", tmp_path / "new.willay")
    assert sync_import.import_bundle(coordinator, tmp_path / "new.willay").signer == "Rosa"

    # The custody log says when and what changed, and the whole vault verifies.
    (event,) = _events(coordinator, "partner_replaced")
    assert event["old_fingerprint"] == old_fingerprint
    assert event["new_fingerprint"] == _card_of(new_rosa).fingerprint
    assert verify_vault(coordinator).ok
    new_rosa.lock()


def test_after_a_replacement_exports_open_only_with_the_new_card(
        field: Vault, coordinator: Vault, new_rosa: Vault, tmp_path: Path) -> None:
    with coordinator.session() as session:
        old, _new = partners.replace_partner(session, "Rosa", _card_of(new_rosa))
        old_fingerprint = old.fingerprint
    _incident(coordinator, "Para Rosa")
    export(coordinator, "Rosa", tmp_path / "to-rosa.willay")
    with pytest.raises(WillayError):
        sync_import.import_bundle(field, tmp_path / "to-rosa.willay")
    assert "Para Rosa" not in _titles(field)
    sync_import.import_bundle(new_rosa, tmp_path / "to-rosa.willay")
    assert "Para Rosa" in _titles(new_rosa)
    with pytest.raises(ValidationError, match="replaced on"):
        export(coordinator, old_fingerprint, tmp_path / "to-old.willay")
    assert not (tmp_path / "to-old.willay").exists()
    new_rosa.lock()


def test_a_removed_partner_gets_nothing_and_is_refused_as_unknown(
        field: Vault, coordinator: Vault, tmp_path: Path) -> None:
    fingerprint = _card_of(field).fingerprint
    _incident(field, "Enviado antes")
    export(field, "Coordinadora", tmp_path / "before.willay")
    sync_import.import_bundle(coordinator, tmp_path / "before.willay")

    with coordinator.session() as session:
        removed = partners.remove_partner(session, "Rosa")
        assert removed.retired is not None and removed.replaced_by == ""
        assert partners.list_partners(session) == []
    with pytest.raises(WillayError, match="No partner is called"):
        export(coordinator, "Rosa", tmp_path / "to-rosa.willay")
    with pytest.raises(ValidationError, match="removed from the partners"):
        export(coordinator, fingerprint, tmp_path / "to-rosa.willay")

    _incident(field, "Enviado después")
    export(field, "Coordinadora", tmp_path / "after.willay")
    with pytest.raises(sync_import.UnknownSenderError, match="removed from the partners"):
        sync_import.import_bundle(coordinator, tmp_path / "after.willay")
    assert isinstance(sync_import.UnknownSenderError("x"), VerificationError)

    assert _titles(coordinator) == {"Enviado antes"}
    (event,) = _events(coordinator, "partner_removed")
    assert event["fingerprint"] == fingerprint
    assert verify_vault(coordinator).ok
    # Their card is known, retired: it cannot simply come back, so it is not forgotten.
    with coordinator.session() as session, pytest.raises(ValidationError, match="retired"):
        partners.add_partner(session, _card_of(field))
