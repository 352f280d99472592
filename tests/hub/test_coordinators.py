"""The organization's identity on a hub: held by each coordinator under their passphrase."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests import postgres
from tests.conftest import floor_kdf
from tests.hub.conftest import PASSPHRASE
from willay.core.errors import (
    ValidationError,
    VaultError,
    VaultLockedError,
    WrongPassphraseError,
)
from willay.core.records import service as records
from willay.core.vault.hub import Hub, hub_url
from willay.core.vault.identity import own_card, signing_key

JUAN = "la frase de juan, larga también"
INCIDENT = {"title": "Paro en Puno", "occurred": {"text": "2023-01-04"}}


def test_the_hub_opens_only_with_a_coordinator_passphrase(hub: Hub,
                                                          cluster: postgres.Cluster) -> None:
    with hub.session() as session:
        card = own_card(session)
        public = signing_key(session).public_key().public_bytes_raw()
        stored = session.execute(text("SELECT secret_key FROM identity_key")).scalars().all()
        raw = signing_key(session).private_bytes_raw()
    assert public == card.ed25519_public
    assert all(raw not in bytes(value) for value in stored), "the database alone holds no key"
    url = hub.engine.url.render_as_string(hide_password=False)
    hub.lock()
    again = Hub.connect(url)
    with again.session() as session, pytest.raises(VaultLockedError, match="locked"):
        records.create(session, "incident", INCIDENT)
    with pytest.raises(WrongPassphraseError):
        again.unlock("rosa", "otra frase cualquiera de rosa")
    with pytest.raises(WrongPassphraseError):
        again.unlock("pedro", PASSPHRASE)
    again.unlock("rosa", PASSPHRASE)
    with again.session() as session:
        records.create(session, "incident", INCIDENT)
        assert own_card(session).ed25519_public == card.ed25519_public
    again.lock()


def test_coordinators_are_added_and_removed(hub: Hub) -> None:
    url = hub.engine.url.render_as_string(hide_password=False)
    hub.add_coordinator("juan", JUAN, kdf_params=floor_kdf())
    with pytest.raises(ValidationError, match="already"):
        hub.add_coordinator("juan", JUAN, kdf_params=floor_kdf())
    with pytest.raises(ValidationError, match="cannot name a coordinator"):
        hub.add_coordinator("Juan Pérez", JUAN, kdf_params=floor_kdf())
    assert [(c.name, c.added_by) for c in hub.coordinators()] == [("juan", "rosa"),
                                                                  ("rosa", "rosa")]
    other = Hub.connect(url)
    other.unlock("juan", JUAN)
    with other.session() as session:
        records.create(session, "incident", INCIDENT)
    other.remove_coordinator("rosa")
    with pytest.raises(ValidationError, match="last coordinator"):
        other.remove_coordinator("juan")
    other.lock()
    with pytest.raises(WrongPassphraseError):
        Hub.connect(url).unlock("rosa", PASSPHRASE)


def test_a_hub_over_the_network_is_reached_only_with_tls() -> None:
    assert "sslmode=verify-full" in hub_url("postgresql://rosa@hub.example.org/willay")
    assert "sslmode=require" in hub_url("postgresql://rosa@10.0.0.5/willay?sslmode=require")
    with pytest.raises(ValidationError, match="in the clear"):
        hub_url("postgresql://rosa@hub.example.org/willay?sslmode=disable")
    with pytest.raises(ValidationError, match="in the clear"):
        hub_url("postgresql://rosa@localhost/willay?sslmode=prefer")
    local = hub_url("postgresql://rosa@/willay?host=/run/postgresql")
    assert "sslmode" not in local, "a Unix socket on the same machine needs no TLS"


def test_a_hub_of_another_version_or_no_hub_is_refused(hub: Hub,
                                                        cluster: postgres.Cluster) -> None:
    url = hub.engine.url.render_as_string(hide_password=False)
    with hub.session() as session:
        session.execute(text("UPDATE alembic_version SET version_num = 'h999'"))
    with pytest.raises(VaultError, match="version h999, which a newer Willay made"):
        Hub.connect(url).unlock("rosa", PASSPHRASE)
    with pytest.raises(VaultError, match="holds no hub"):
        Hub.connect(cluster.new_database()).unlock("rosa", PASSPHRASE)
