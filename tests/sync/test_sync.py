"""Bundles between vaults: what travels, what is verified, what merges, what is refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import select

from tests.conftest import tree_snapshot
from tests.engines import damage_original, replace_in_bodies, stored_state
from tests.photos import photo
from tests.sync.conftest import PASS, introduce, make_vault
from willay.core.errors import DiskFullError, ValidationError, VerificationError
from willay.core.media import intake as media
from willay.core.reconcile import merge
from willay.core.records import custody, search
from willay.core.records import service as records
from willay.core.records.verify import verify_vault
from willay.core.sharing import delivery
from willay.core.sharing import receive as sync_import
from willay.core.sharing import send as sync_export
from willay.core.vault.models import StoredObject
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines

INCIDENT: dict[str, Any] = {
    "title": "Represión en el puente", "occurred": {"text": "2023-01-09"},
    "place": {"ubigeo": "211101", "text": "Puente Añashuayco", "latitude": "-15.49",
              "longitude": "-70.13"},
    "violations": ["killing"], "killed": 2, "narrative": "Disparos desde el puente."}


def fill(vault: Vault, tmp_path: Path, consent: str = "partners") -> dict[str, str]:
    """An incident, a witness, a testimony and a photo."""
    with vault.session() as session:
        incident = records.create(session, "incident", INCIDENT)
        person = records.create(session, "person", {
            "full_name": "Juana Quispe Mamani", "pseudonym": "", "contact": "951 000 111",
            "consent": consent})
        testimony = records.create(session, "testimony", {
            "incidents": [incident], "witness": person, "language": "es", "consent": consent,
            "transcript": "Vi a los policías disparar.", "interviewer": "Rosa"})
    photo(tmp_path / "herida.jpg")
    (added,) = media.add_files(vault, incident, [tmp_path / "herida.jpg"])
    return {"incident": incident, "person": person, "testimony": testimony,
            "media": added.media_id, "sha": added.sha256}


def export(vault: Vault, to: str, path: Path, **kwargs: Any) -> sync_export.ExportResult:
    return sync_export.export_bundle(vault, [to], path, **kwargs)


def test_full_bundle_round_trip(field: Vault, coordinator: Vault, tmp_path: Path) -> None:
    ids = fill(field, tmp_path)
    result = export(field, "Coordinadora", tmp_path / "b1.willay")
    assert result.revisions == 4 and result.media == 1 and result.sequence == 1
    imported = sync_import.import_bundle(coordinator, tmp_path / "b1.willay")
    assert imported.signer == "Rosa" and imported.new_revisions == 4
    assert imported.new_media == 1 and imported.custody_events >= 4 and not imported.conflicts
    with coordinator.session() as session:
        view = records.get(session, ids["incident"])
        assert view.fields == records.get(session, ids["incident"]).fields
        assert view.fields is not None and view.fields["place"]["text"] == "Puente Añashuayco"
        person = records.get(session, ids["person"]).fields
        assert person is not None and person["full_name"] == "Juana Quispe Mamani"
        assert media.thumbnail(session, ids["sha"]) is not None
    with field.session() as session:
        field_heads = records.get(session, ids["incident"]).heads
    with coordinator.session() as session:
        assert records.get(session, ids["incident"]).heads == field_heads
    assert verify_vault(coordinator).ok
    exported = tmp_path / "copy.jpg"
    media.export_original(coordinator, ids["media"], exported)
    assert exported.read_bytes() == (tmp_path / "herida.jpg").read_bytes()


def test_importing_twice_changes_nothing(field: Vault, coordinator: Vault,
                                         tmp_path: Path) -> None:
    fill(field, tmp_path)
    export(field, "Coordinadora", tmp_path / "b.willay")
    sync_import.import_bundle(coordinator, tmp_path / "b.willay")
    before = stored_state(coordinator, PASS)
    again = sync_import.import_bundle(coordinator, tmp_path / "b.willay")
    assert again.already_imported and again.new_revisions == 0
    assert stored_state(coordinator, PASS) == before


def test_incremental_exports_send_only_what_is_new(field: Vault, coordinator: Vault,
                                                   tmp_path: Path) -> None:
    ids = fill(field, tmp_path)
    export(field, "Coordinadora", tmp_path / "b1.willay")
    with field.session() as session:
        records.edit(session, ids["incident"], {"killed": 3})
    second = export(field, "Coordinadora", tmp_path / "b2.willay")
    assert second.revisions == 1 and second.media == 0 and second.sequence == 2
    complete = export(field, "Coordinadora", tmp_path / "b3.willay", complete=True)
    assert complete.revisions == 5 and complete.media == 1
    for name in ("b1", "b2"):
        sync_import.import_bundle(coordinator, tmp_path / f"{name}.willay")
    result = sync_import.import_bundle(coordinator, tmp_path / "b3.willay")
    assert result.new_revisions == 0 and result.known_revisions == 5 and result.known_media == 1
    with coordinator.session() as session:
        fields = records.get(session, ids["incident"]).fields
        assert fields is not None and fields["killed"] == 3


def test_an_older_sequence_is_flagged_and_refused_unless_insisted(
        field: Vault, coordinator: Vault, tmp_path: Path) -> None:
    ids = fill(field, tmp_path)
    export(field, "Coordinadora", tmp_path / "b1.willay")
    with field.session() as session:
        records.edit(session, ids["incident"], {"killed": 3})
    export(field, "Coordinadora", tmp_path / "b2.willay")
    sync_import.import_bundle(coordinator, tmp_path / "b2.willay")
    with pytest.raises(sync_import.ReplayError, match="not newer"):
        sync_import.import_bundle(coordinator, tmp_path / "b1.willay")
    forced = sync_import.import_bundle(coordinator, tmp_path / "b1.willay", accept_replay=True)
    assert forced.replayed and forced.new_revisions == 4


def test_consent_decides_what_leaves(field: Vault, coordinator: Vault, tmp_path: Path) -> None:
    internal = fill(field, tmp_path, consent="internal")
    with field.session() as session:
        legal = records.create(session, "person", {"full_name": "Testigo Legal",
                                                   "consent": "legal"})
    result = export(field, "Coordinadora", tmp_path / "b.willay")
    assert result.withheld == 3
    sync_import.import_bundle(coordinator, tmp_path / "b.willay")
    with coordinator.session() as session:
        assert records.list_people(session) == []
        assert records.list_testimonies(session) == []
        assert len(records.list_incidents(session)) == 1
        for ref in (internal["person"], internal["testimony"], legal):
            with pytest.raises(Exception, match="No record"):
                records.get(session, ref)


def test_anonymized_profile(tmp_path: Path) -> None:
    field = make_vault(tmp_path / "f", "Rosa")
    ngo = make_vault(tmp_path / "n", "ONG")
    introduce(field, ngo, profile="anonymized", scope="partners")
    ids = fill(field, tmp_path, consent="partners")
    with field.session() as session:
        secret = records.create(session, "testimony", {
            "incidents": [ids["incident"]], "witness": ids["person"], "language": "qu",
            "consent": "internal", "transcript": "Texto que no debe salir."})
    result = export(field, "ONG", tmp_path / "anon.willay")
    assert result.profile == "anonymized" and result.media == 1
    sync_import.import_bundle(ngo, tmp_path / "anon.willay")
    with ngo.session() as session:
        person = records.get(session, ids["person"]).fields
        assert person is not None
        assert "Quispe" not in json.dumps(person) and person["contact"] == ""
        assert person["full_name"].startswith("P-")
        incident = records.get(session, ids["incident"]).fields
        assert incident is not None and incident["place"] == {
            "ubigeo": "211101", "text": "", "latitude": None, "longitude": None}
        kept = records.get(session, ids["testimony"]).fields
        assert kept is not None and kept["transcript"] == "Vi a los policías disparar."
        assert kept["interviewer"] == ""
        withheld = records.get(session, secret).fields
        assert withheld is not None and withheld["transcript"] == ""
        (item,) = media.list_media(session)
        assert item["sha256"] != ids["sha"]
    copy = tmp_path / "anon.jpg"
    media.export_original(ngo, item["id"], copy)
    from PIL import Image

    with Image.open(copy) as img:
        assert not img.getexif() and "exif" not in img.info and "xmp" not in img.info
        assert "icc_profile" not in img.info and img.size == (480, 640)  # orientation applied
    assert b"Motorola" not in copy.read_bytes() and b"GPS" not in copy.read_bytes()
    with field.session() as session:
        from willay.core.records import custody

        events = custody.events_for(session, [ids["media"]])
    derived = [e for e in events if e.action == "derivative_made"]
    assert len(derived) == 1 and derived[0].subject == ids["sha"]
    field.lock()
    ngo.lock()


def test_disjoint_edits_merge_and_clashing_edits_conflict(tmp_path: Path) -> None:
    a = make_vault(tmp_path / "a", "Ana")
    b = make_vault(tmp_path / "b", "Beto")
    introduce(a, b)
    with a.session() as session:
        incident = records.create(session, "incident", INCIDENT)
    export(a, "Beto", tmp_path / "1.willay")
    sync_import.import_bundle(b, tmp_path / "1.willay")
    with a.session() as session:
        records.edit(session, incident, {"killed": 5})
    with b.session() as session:
        records.edit(session, incident, {"narrative": "Más detalles del puente."})
    export(b, "Ana", tmp_path / "2.willay")
    result = sync_import.import_bundle(a, tmp_path / "2.willay")
    assert result.merged == [incident] and result.conflicts == []
    with a.session() as session:
        view = records.get(session, incident)
        assert view.fields is not None and len(view.heads) == 1
        assert view.fields["killed"] == 5
        assert view.fields["narrative"] == "Más detalles del puente."
    # Now both change the same field differently.
    with a.session() as session:
        records.edit(session, incident, {"injured": 7})
    with b.session() as session:
        records.edit(session, incident, {"injured": 9})
    export(b, "Ana", tmp_path / "3.willay")
    result = sync_import.import_bundle(a, tmp_path / "3.willay")
    assert result.conflicts == [incident]
    with a.session() as session:
        (record,) = merge.conflicts(session)
        heads, analysis = merge.analyse(session, record.id)
        assert analysis.conflicting == ["injured"] and len(heads) == 2
        take = next(h for h in heads if h.fields and h.fields["injured"] == 9)
        merge.resolve_conflict(session, incident, take.id[:10])
    with a.session() as session:
        view = records.get(session, incident)
        assert not view.conflict and len(view.heads) == 1
        assert view.fields is not None and view.fields["injured"] == 9
    assert verify_vault(a).ok
    a.lock()
    b.lock()


def test_receipt_then_purge(field: Vault, coordinator: Vault, tmp_path: Path) -> None:
    ids = fill(field, tmp_path)
    sent = export(field, "Coordinadora", tmp_path / "b.willay")
    sync_import.import_bundle(coordinator, tmp_path / "b.willay")
    receipt = delivery.write_receipt(coordinator, sent.bundle_id[:8], tmp_path / "r.willay")
    assert receipt.items == 5
    result = sync_import.import_bundle(field, tmp_path / "r.willay")
    assert result.kind == "receipt" and result.delivered == 5
    purge = delivery.purge_delivered(field)
    assert purge.originals == 1
    with field.session() as session:
        stored = session.exec(select(StoredObject)).one()
        assert stored.purged
        assert media.thumbnail(session, ids["sha"]) is not None
    assert not field.objects.has(ids["sha"])
    assert verify_vault(field).ok
    with pytest.raises(Exception, match="purged"):
        media.export_original(field, ids["media"], tmp_path / "gone.jpg")
    assert delivery.purge_delivered(field).originals == 0


def test_a_receipt_confirms_only_originals_that_are_here_and_whole(
        field: Vault, coordinator: Vault, tmp_path: Path) -> None:
    ids = fill(field, tmp_path)
    sent = export(field, "Coordinadora", tmp_path / "b.willay")
    sync_import.import_bundle(coordinator, tmp_path / "b.willay")
    # The coordinator's copy of the photo is damaged where it is kept before the receipt.
    damage_original(coordinator, ids["sha"], offset=-1)
    receipt = delivery.write_receipt(coordinator, sent.bundle_id[:8], tmp_path / "r.willay")
    assert (receipt.items, receipt.left_out) == (4, 1)
    result = sync_import.import_bundle(field, tmp_path / "r.willay")
    assert result.delivered == 4
    assert delivery.purge_delivered(field).originals == 0  # the field copy stays
    assert field.objects.has(ids["sha"])


def test_an_original_added_again_after_its_purge_is_kept(field: Vault, coordinator: Vault,
                                                         tmp_path: Path) -> None:
    ids = fill(field, tmp_path)
    sent = export(field, "Coordinadora", tmp_path / "b.willay")
    sync_import.import_bundle(coordinator, tmp_path / "b.willay")
    delivery.write_receipt(coordinator, sent.bundle_id[:8], tmp_path / "r.willay")
    sync_import.import_bundle(field, tmp_path / "r.willay")
    assert delivery.purge_delivered(field).originals == 1
    # The documenter finds the photo again on the camera and adds it to the incident.
    (again,) = media.add_files(field, ids["incident"], [tmp_path / "herida.jpg"])
    assert again.media_id == ids["media"] and again.already_attached
    with field.session() as session:
        stored = session.exec(select(StoredObject)).one()
        assert not stored.purged
        actions = [e.action for e in custody.events_for(session, [ids["media"]])]
        assert actions[-1] == "restored"
    # It survives what removed it before: the next purge and the next unlock.
    assert delivery.purge_delivered(field).originals == 0
    field.lock()
    field.unlock("frase de prueba bien larga")
    assert field.objects.has(ids["sha"])
    report = verify_vault(field)
    assert report.ok and report.objects == 1
    media.export_original(field, ids["media"], tmp_path / "back.jpg")
    assert (tmp_path / "back.jpg").read_bytes() == (tmp_path / "herida.jpg").read_bytes()


def test_unknown_sender_and_wrong_recipient(field: Vault, tmp_path: Path) -> None:
    stranger = make_vault(tmp_path / "s", "Desconocido")
    friend = make_vault(tmp_path / "fr", "Amiga")
    introduce(stranger, field)  # the stranger knows the field vault, not the reverse
    with field.session() as session:
        from willay.core.sharing.partners import find_partner

        session.delete(find_partner(session, "Desconocido"))
    with stranger.session() as session:
        records.create(session, "incident", INCIDENT)
    export(stranger, "Rosa", tmp_path / "x.willay")
    field.lock()
    before = tree_snapshot(field.path)
    field.unlock("frase de prueba bien larga")
    with pytest.raises(VerificationError, match="unknown sender: fingerprint"):
        sync_import.import_bundle(field, tmp_path / "x.willay")
    with pytest.raises(VerificationError):
        sync_import.import_bundle(friend, tmp_path / "x.willay")
    field.lock()
    assert tree_snapshot(field.path) == before
    field.unlock("frase de prueba bien larga")
    stranger.lock()
    friend.lock()


def test_export_refusals(field: Vault, coordinator: Vault, tmp_path: Path) -> None:
    with pytest.raises(Exception, match="No partner"):
        export(field, "Nadie", tmp_path / "x.willay")
    (tmp_path / "exists.willay").write_bytes(b"")
    with pytest.raises(ValidationError, match="already exists"):
        export(field, "Coordinadora", tmp_path / "exists.willay")


def test_verify_checks_the_custody_events_received(field: Vault, coordinator: Vault,
                                                   tmp_path: Path) -> None:
    fill(field, tmp_path)
    export(field, "Coordinadora", tmp_path / "b.willay")
    sync_import.import_bundle(coordinator, tmp_path / "b.willay")
    assert verify_vault(coordinator).ok
    replace_in_bodies(coordinator, "herida", "rasguño", table="foreign_custody_event")
    problems = [str(p) for p in verify_vault(coordinator).problems]
    assert problems and all("received custody event" in p and "altered" in p
                            for p in problems)


def test_a_cancelled_export_leaves_no_file_and_no_trace(field: Vault, coordinator: Vault,
                                                        tmp_path: Path) -> None:
    from willay.core.progress import Cancelled, CancelToken
    from willay.core.vault.models import SentBundle

    fill(field, tmp_path)
    token = CancelToken()
    seen: list[int] = []

    def progress(done: int) -> None:
        seen.append(done)
        token.cancel()

    with pytest.raises(Cancelled):
        sync_export.export_bundle(field, ["Coordinadora"], tmp_path / "c.willay",
                                  progress=progress, cancel=token)
    assert seen and not (tmp_path / "c.willay").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".willay-tmp-")] == []
    with field.session() as session:
        assert session.exec(select(SentBundle)).all() == []
    result = export(field, "Coordinadora", tmp_path / "d.willay")
    assert result.revisions == 4 and result.media == 1
    assert sync_import.import_bundle(coordinator, tmp_path / "d.willay").new_media == 1


def test_a_bundle_that_cannot_be_remembered_as_sent_does_not_leave(
        field: Vault, coordinator: Vault, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    fill(coordinator, tmp_path)
    real = sync_export._note_sent

    def full_disk(*args: Any) -> None:
        raise DiskFullError("The disk is full.")

    monkeypatch.setattr(sync_export, "_note_sent", full_disk)
    with pytest.raises(DiskFullError):
        export(coordinator, "Rosa", tmp_path / "c.willay")
    assert not (tmp_path / "c.willay").exists(), "a bundle leaves only with its log entry"
    monkeypatch.setattr(sync_export, "_note_sent", real)
    result = export(coordinator, "Rosa", tmp_path / "d.willay")
    assert result.revisions == 4 and result.media == 1
    with coordinator.session() as session:
        exported = session.execute(text(
            "SELECT subject FROM custody_event WHERE action = 'exported'")).scalars().all()
    assert exported == [result.bundle_id]
    assert sync_import.import_bundle(field, tmp_path / "d.willay").new_media == 1


def test_what_came_from_a_partner_is_not_sent_back(field: Vault, coordinator: Vault,
                                                   tmp_path: Path) -> None:
    ids = fill(field, tmp_path, consent="legal")  # the coordinator's scope for Rosa is legal
    export(field, "Coordinadora", tmp_path / "to-coord.willay")
    sync_import.import_bundle(coordinator, tmp_path / "to-coord.willay")
    back = sync_export.export_bundle(coordinator, ["Rosa"], tmp_path / "back.willay")
    assert back.revisions == 0 and back.media == 0
    with coordinator.session() as session:
        records.edit(session, ids["incident"], {"detained": 1})
    back = sync_export.export_bundle(coordinator, ["Rosa"], tmp_path / "back2.willay")
    assert back.revisions == 1 and back.media == 0
    result = sync_import.import_bundle(field, tmp_path / "back2.willay")
    assert result.new_revisions == 1 and result.known_revisions == 0


def _head_state(vault: Vault) -> dict[str, list[tuple[Any, ...]]]:
    """Every head-state row of the vault, in a stable order (what lists and search show)."""
    tables = {
        "record": "SELECT id, kind, deleted, conflict, updated FROM record",
        "record_head": "SELECT record_id, revision_id FROM record_head",
        "incident": "SELECT * FROM incident", "incident_code": "SELECT * FROM incident_code",
        "person": "SELECT * FROM person", "testimony": "SELECT * FROM testimony",
        "testimony_incident": "SELECT * FROM testimony_incident",
        "media": "SELECT * FROM media",
        "search": "SELECT record_id, kind, title, body, place, names FROM search_index",
    }
    with vault.session() as session:
        return {name: sorted(tuple(row) for row in session.execute(text(sql)))
                for name, sql in tables.items()}


def _differences(sender: Vault, receiver: Vault) -> dict[str, tuple[list[Any], list[Any]]]:
    """Rows only the receiver has and rows only the sender has, per head-state table."""
    sent, received = _head_state(sender), _head_state(receiver)
    return {name: (sorted(set(received[name]) - set(sent[name])),
                   sorted(set(sent[name]) - set(received[name])))
            for name in sent if set(received[name]) != set(sent[name])}


def test_records_arriving_whole_look_exactly_as_at_their_sender(tmp_path: Path) -> None:
    """Edited, deleted and conflicting records reach a new vault with the sender's head state."""
    a = make_vault(tmp_path / "a", "Ana")
    b = make_vault(tmp_path / "b", "Beto")
    c = make_vault(tmp_path / "c", "Carla")
    introduce(a, b)
    introduce(a, c)
    ids = fill(a, tmp_path)
    export(a, "Beto", tmp_path / "1.willay")
    sync_import.import_bundle(b, tmp_path / "1.willay")
    with a.session() as session:
        records.edit(session, ids["incident"], {"injured": 7})
    with b.session() as session:
        records.edit(session, ids["incident"], {"injured": 9})
    export(b, "Ana", tmp_path / "2.willay")
    assert sync_import.import_bundle(a, tmp_path / "2.willay").conflicts == [ids["incident"]]
    with a.session() as session:
        edited = records.create(session, "incident", {**INCIDENT, "title": "Detenciones"})
        records.edit(session, edited, {"detained": 12, "violations": ["arbitrary_detention"]})
        records.edit(session, edited, {"narrative": "Los llevaron a la comisaría."})
        gone = records.create(session, "person", {"full_name": "Pedro Condori",
                                                   "consent": "partners"})
    result = sync_import.import_bundle(c, export(a, "Carla", tmp_path / "3.willay").path)
    assert result.conflicts == [ids["incident"]] and result.new_revisions == 10
    assert _differences(a, c) == {}
    with a.session() as session:
        records.delete(session, gone)
        records.edit(session, edited, {"killed": 1})
    result = sync_import.import_bundle(c, export(a, "Carla", tmp_path / "4.willay").path)
    assert result.new_revisions == 2 and _differences(a, c) == {}
    with c.session() as session:
        assert records.get(session, gone).deleted
        hits = search.search(session, "comisaria")
        assert [hit.record_id for hit in hits] == [edited]
    assert verify_vault(c).ok
    for vault in (a, b, c):
        vault.lock()
