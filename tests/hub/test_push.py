"""Moving a vault into a new hub: everything, the same identity, checked after."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from sqlalchemy import text

from tests import postgres
from tests.conftest import floor_kdf
from tests.hub.conftest import PASSPHRASE
from tests.photos import photo
from tests.sync.conftest import introduce, make_vault
from willay.core.errors import ValidationError, VaultError, VerificationError
from willay.core.media import intake
from willay.core.records import custody, hub_push
from willay.core.records import service as records
from willay.core.records.search import search
from willay.core.records.verify import verify_vault
from willay.core.sharing import receive, send
from willay.core.vault.hub import Hub
from willay.core.vault.identity import own_card
from willay.core.vault.vault import Vault


def _coordinator_vault(tmp_path: Path) -> tuple[Vault, str]:
    field = make_vault(tmp_path / "field", "Rosa")
    coordinator = make_vault(tmp_path / "coord", "Coordinadora")
    introduce(field, coordinator)
    with field.session() as session:
        incident = records.create(session, "incident", {
            "title": "Paro en Juliaca", "occurred": {"text": "2023-01-09"},
            "place": {"ubigeo": "211101"}, "killed": 2})
        records.edit(session, incident, {"killed": 3})
    send.export_bundle(field, ["Coordinadora"], tmp_path / "b.willay")
    receive.import_bundle(coordinator, tmp_path / "b.willay")
    with coordinator.session() as session:
        records.create(session, "person", {"full_name": "Rosalía Quispe Ccori"})
    field.lock()
    return coordinator, incident


def test_a_vault_moves_into_a_hub_whole_and_checked(cluster: postgres.Cluster,
                                                    tmp_path: Path) -> None:
    vault, incident = _coordinator_vault(tmp_path)
    with vault.session() as session:
        card = own_card(session)
        history = [r.id for r in records.history(session, incident)]
        counts = records.count_records(session)
    url = cluster.new_database()
    pushed = hub_push.push(vault, url, "rosa", PASSPHRASE,
                           kdf_params=floor_kdf())
    assert pushed.revisions == counts["revisions"] and pushed.rows["revision"] == 3
    assert pushed.custody_events > 0
    hub = Hub.connect(url)
    hub.unlock("rosa", PASSPHRASE)
    with hub.session() as session:
        assert own_card(session).fingerprint == card.fingerprint, "the same identity"
        assert [r.id for r in records.history(session, incident)] == history
        assert records.count_records(session) == counts
        assert [h.record_id for h in search(session, "juliaca")] == [incident]
        assert custody.verify_chain(session) == []
        records.edit(session, incident, {"killed": 4})  # the hub goes on after the vault
    with hub.session() as session:
        assert records.get(session, incident).fields["killed"] == 4  # type: ignore[index]
    hub.lock()
    vault.lock()


def test_a_vault_moves_with_its_originals_encrypted_and_checked(
        cluster: postgres.Cluster, tmp_path: Path) -> None:
    vault, incident = _coordinator_vault(tmp_path)
    data = photo(tmp_path / "rostro.jpg", size=(1600, 1200))
    [added] = intake.add_files(vault, incident, [tmp_path / "rostro.jpg"])
    url = cluster.new_database()
    pushed = hub_push.push(vault, url, "rosa", PASSPHRASE, kdf_params=floor_kdf())
    assert pushed.originals == 1
    hub = Hub.connect(url)
    hub.unlock("rosa", PASSPHRASE)
    try:
        with hub.engine.connect() as conn:
            thumb = conn.execute(text("SELECT jpeg FROM media_thumbnail")).scalar_one()
        assert not bytes(thumb).startswith(b"\xff\xd8"), "the thumbnail is sealed on the hub"
        with hub.session() as session:
            assert (intake.thumbnail(session, added.sha256) or b"")[:2] == b"\xff\xd8"
        out = intake.export_original(cast(Vault, hub), added.media_id, tmp_path / "out.jpg")
        assert out.read_bytes() == data
        assert not verify_vault(cast(Vault, hub)).problems
    finally:
        hub.lock()
        vault.lock()


def test_a_damaged_original_stops_the_move_and_leaves_the_database_empty(
        cluster: postgres.Cluster, tmp_path: Path) -> None:
    vault, incident = _coordinator_vault(tmp_path)
    photo(tmp_path / "rostro.jpg")
    [added] = intake.add_files(vault, incident, [tmp_path / "rostro.jpg"])
    stored = vault.objects.path_for(added.sha256)
    damaged = bytearray(stored.read_bytes())
    damaged[100] ^= 1
    stored.write_bytes(bytes(damaged))
    url = cluster.new_database()
    with pytest.raises(VerificationError, match=r"damaged|altered"):
        hub_push.push(vault, url, "rosa", PASSPHRASE, kdf_params=floor_kdf())
    with pytest.raises(VaultError, match="holds no hub"):
        Hub.connect(url).unlock("rosa", PASSPHRASE)
    vault.lock()


def test_a_hub_is_made_only_in_an_empty_database(hub: Hub) -> None:
    url = hub.engine.url.render_as_string(hide_password=False)
    with pytest.raises(ValidationError, match="not empty"):
        Hub.create(url, "Otra", "Otra", "juan", PASSPHRASE, kdf_params=floor_kdf())


def test_a_move_that_fails_midway_leaves_the_database_empty(
        cluster: postgres.Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vault, _incident = _coordinator_vault(tmp_path)
    url = cluster.new_database()

    def broken(_hub: Hub) -> None:
        raise OSError("the connection to the server was lost")

    monkeypatch.setattr(hub_push, "_index", broken)
    with pytest.raises(OSError, match="lost"):
        hub_push.push(vault, url, "rosa", PASSPHRASE, kdf_params=floor_kdf())
    with pytest.raises(VaultError, match="holds no hub"):
        Hub.connect(url).unlock("rosa", PASSPHRASE)
    monkeypatch.undo()
    again = hub_push.push(vault, url, "rosa", PASSPHRASE, kdf_params=floor_kdf())
    assert again.rows["record"] == 2, "the same database takes the move once it is empty"
    vault.lock()
