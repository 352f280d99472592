"""Bundles on a hub: taken from field vaults and written back to them as a vault does, by
several coordinators' processes at once without losing anything."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import cast

import pytest
from sqlalchemy import text

from tests import postgres
from tests.conftest import floor_kdf
from tests.hub import hub_workers
from tests.hub.conftest import PASSPHRASE
from tests.photos import photo
from tests.sync.conftest import introduce, make_vault
from willay.core.errors import ValidationError
from willay.core.media import intake
from willay.core.records import custody
from willay.core.records import service as records
from willay.core.records.verify import verify_vault
from willay.core.sharing import delivery, receive, send
from willay.core.vault.hub import Hub
from willay.core.vault.vault import Vault


def _field_with(tmp_path: Path, name: str, hub: Hub, incidents: int,
                scope: str = "partners") -> tuple[Vault, list[str]]:
    field = make_vault(tmp_path / name, name)
    introduce(field, cast(Vault, hub), scope=scope)
    made = []
    with field.session() as session:
        for n in range(incidents):
            made.append(records.create(session, "incident", {
                "title": f"{name}: marcha {n}", "occurred": {"text": "2023-01-09"},
                "place": {"ubigeo": "211101"}, "killed": n % 3}))
    photo(tmp_path / f"{name}.jpg", description=name)
    intake.add_files(field, made[0], [tmp_path / f"{name}.jpg"])
    return field, made


def test_a_hub_takes_bundles_and_writes_them_back_as_a_vault_does(
        hub: Hub, tmp_path: Path) -> None:
    field, [incident] = _field_with(tmp_path, "Rosa", hub, 1)
    send.export_bundle(field, ["Coordinadora"], tmp_path / "b.willay")
    taken = receive.import_bundle(cast(Vault, hub), tmp_path / "b.willay")
    assert taken.checked_originals == 1 and not taken.already_imported
    again = receive.import_bundle(cast(Vault, hub), tmp_path / "b.willay")
    assert again.already_imported
    with hub.session() as session:
        records.edit(session, incident, {"killed": 3})
        [media] = intake.list_media(session)
        events = session.execute(text(
            "SELECT details FROM custody_event WHERE action = 'imported'")).scalars().all()
    assert all('"coordinator":"rosa"' in e.replace(" ", "") for e in events) and events
    assert b"".join(hub.objects.read_chunks(media["sha256"])) == \
        (tmp_path / "Rosa.jpg").read_bytes()
    assert not verify_vault(cast(Vault, hub)).problems

    delivery.write_receipt(cast(Vault, hub), taken.bundle_id, tmp_path / "r.willay")
    send.export_bundle(cast(Vault, hub), ["Rosa"], tmp_path / "back.willay")
    assert receive.import_bundle(field, tmp_path / "r.willay").delivered >= 1
    receive.import_bundle(field, tmp_path / "back.willay")
    with field.session() as session:
        assert records.get(session, incident).fields["killed"] == 3  # type: ignore[index]
    assert not verify_vault(field).problems
    field.lock()


def test_a_bundle_is_written_while_another_coordinator_edits(
        hub: Hub, tmp_path: Path) -> None:
    field, [incident] = _field_with(tmp_path, "Rosa", hub, 1)
    send.export_bundle(field, ["Coordinadora"], tmp_path / "b.willay")
    receive.import_bundle(cast(Vault, hub), tmp_path / "b.willay")
    with hub.session() as session:
        other_incident = records.create(session, "incident", {
            "title": "Bloqueo en Ilave", "occurred": {"text": "2023-01-10"}})
    photo(tmp_path / "ilave.jpg", description="Ilave")
    intake.add_files(cast(Vault, hub), other_incident, [tmp_path / "ilave.jpg"])
    other = Hub.connect(hub.engine.url.render_as_string(hide_password=False))
    other.unlock("rosa", PASSPHRASE)
    edited: list[str] = []

    def sealing(_done: int) -> None:
        if not edited:  # while the photo is being sealed, another coordinator saves
            with other.session() as session:
                edited.append(records.edit(session, incident, {"killed": 4}))
            with other.session() as session:
                records.edit(session, other_incident, {"killed": 1})

    try:
        out = tmp_path / "back.willay"
        sent = send.export_bundle(cast(Vault, hub), ["Rosa"], out, progress=sealing)
    finally:
        other.lock()
    assert edited and out.is_file() and sent.media == 1
    with hub.session() as session:
        logged = session.execute(text(
            "SELECT subject FROM custody_event WHERE action = 'exported'")).scalars().all()
        assert logged == [sent.bundle_id], "the bundle that left is in the custody log"
        assert custody.verify_chain(session) == []
    receive.import_bundle(field, out)
    assert not verify_vault(field).problems
    field.lock()


def test_coordinators_importing_and_editing_at_once_lose_nothing(
        hub: Hub, cluster: postgres.Cluster, tmp_path: Path) -> None:
    fields = [_field_with(tmp_path, name, hub, 15) for name in ("Rosa", "Juan", "Ana")]
    bundles = []
    for field, _made in fields:
        out = tmp_path / f"{field.path.name}.willay"
        send.export_bundle(field, ["Coordinadora"], out)
        bundles.append(str(out))
        field.lock()
    with hub.session() as session:
        shared = records.create(session, "incident", {"title": "Paro en Juliaca",
                                                      "occurred": {"text": "2023-01-09"}})
    url = hub.engine.url.render_as_string(hide_password=False)
    # Every bundle is imported by two processes at once, while a third edits.
    plans = [bundles[0:2], bundles[1:3], [bundles[2], bundles[0]]]
    with ProcessPoolExecutor(4, mp_context=multiprocessing.get_context("spawn")) as pool:
        imports = [pool.submit(hub_workers.import_all, url, "rosa", PASSPHRASE, plan)
                   for plan in plans]
        edits = pool.submit(hub_workers.edit_many, url, "rosa", PASSPHRASE, shared, 12)
        said = [line for job in imports for line in job.result()]
        assert edits.result() == 12
    assert not [line for line in said if line.startswith("refused")], said
    for bundle in bundles:
        done = [line for line in said if line.endswith(Path(bundle).name)]
        assert sorted(word.split()[0] for word in done) == ["already", "imported"], done
    with hub.session() as session:
        assert records.count_records(session)["incident"] == 3 * 15 + 1
        assert records.get(session, shared).fields["detained"] == 12  # type: ignore[index]
        assert len(records.history(session, shared)) == 13
        assert custody.verify_chain(session) == [], "the custody log is still one chain"
        received = session.execute(text("SELECT count(*) FROM received_bundle")).scalar_one()
    assert received == 3
    assert hub.objects.count() == 3
    assert not verify_vault(cast(Vault, hub)).problems


def test_a_coordinator_cannot_take_in_testimonies_beyond_their_clearance(
        hub: Hub, cluster: postgres.Cluster, tmp_path: Path) -> None:
    field, [incident] = _field_with(tmp_path, "Rosa", hub, 1, scope="legal")
    with field.session() as session:
        witness = records.create(session, "person", {"full_name": "Rosalía Quispe Ccori",
                                                     "consent": "partners"})
        records.create(session, "testimony", {
            "incidents": [incident], "witness": witness, "language": "es",
            "consent": "legal", "transcript": "En la comisaría."})
    send.export_bundle(field, ["Coordinadora"], tmp_path / "b.willay")
    field.lock()
    juan_passphrase = "la frase de juan, larga también"
    hub.add_coordinator("juan", juan_passphrase, "partners", kdf_params=floor_kdf())
    juan = Hub.connect(f"postgresql://juan@/{hub.engine.url.database}?host={cluster.socket}")
    juan.unlock("juan", juan_passphrase)
    try:
        with pytest.raises(ValidationError, match="beyond what you are cleared for"):
            receive.import_bundle(cast(Vault, juan), tmp_path / "b.willay")
    finally:
        juan.lock()
    with hub.session() as session:
        assert records.count_records(session)["incident"] == 0, "nothing of it was kept"
    assert receive.import_bundle(cast(Vault, hub), tmp_path / "b.willay").checked_originals == 1


def test_a_conflict_arrives_on_a_hub_and_two_coordinators_resolve_it_at_once(
        hub: Hub, cluster: postgres.Cluster, tmp_path: Path) -> None:
    from willay.core.errors import ConcurrentChangeError
    from willay.core.reconcile import merge
    from willay.core.reconcile.conflicts import conflict_rows

    field, [incident] = _field_with(tmp_path, "Rosa", hub, 1)
    send.export_bundle(field, ["Coordinadora"], tmp_path / "1.willay")
    receive.import_bundle(cast(Vault, hub), tmp_path / "1.willay")
    with field.session() as session:
        records.edit(session, incident, {"killed": 5})
    with hub.session() as session:
        records.edit(session, incident, {"killed": 7, "title": "Rosa: marcha en la plaza"})
    send.export_bundle(field, ["Coordinadora"], tmp_path / "2.willay")
    receive.import_bundle(cast(Vault, hub), tmp_path / "2.willay")
    field.lock()
    with hub.session() as session:
        [row] = conflict_rows(session)
        assert row.record_id == incident and "killed" in row.fields
        heads = [h.id for h in merge.analyse(session, incident)[0]]
    url = hub.engine.url.render_as_string(hide_password=False)
    other = Hub.connect(url)
    other.unlock("rosa", PASSPHRASE)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def resolve(on: Hub, head: str) -> None:
        try:
            with on.session() as session:
                barrier.wait(10)
                merge.resolve_conflict(session, incident, take=head)
            outcomes.append("resolved")
        except (ConcurrentChangeError, ValidationError) as exc:
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=resolve, args=(on, head))
               for on, head in ((hub, heads[0]), (other, heads[1]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    other.lock()
    assert sorted(outcomes) in (["ConcurrentChangeError", "resolved"],
                                ["ValidationError", "resolved"]), outcomes
    with hub.session() as session:
        assert conflict_rows(session) == [], "one resolution holds"
        fields = records.get(session, incident).fields or {}
        assert fields["killed"] in (5, 7)
        assert custody.verify_chain(session) == []
        assert len([h for h in merge.analyse(session, incident)[0]]) == 1
