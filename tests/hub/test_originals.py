"""Originals on a hub: encrypted in the hub's own rows, read back whole, checked, seen only
by the coordinators cleared for what they show, and every look in the custody log."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

import pytest
from sqlalchemy import text

from tests import postgres
from tests.conftest import floor_kdf
from tests.photos import photo
from willay.core.errors import VerificationError
from willay.core.media import intake
from willay.core.records import service as records
from willay.core.records.verify import verify_vault
from willay.core.vault.hub import Hub
from willay.core.vault.vault import Vault

JUAN = "la frase de juan, larga también"


def _incident(hub: Hub) -> str:
    with hub.session() as session:
        return records.create(session, "incident", {"title": "Paro en Juliaca",
                                                    "occurred": {"text": "2023-01-09"}})


def _custody(hub: Hub, action: str) -> list[dict[str, object]]:
    with hub.session() as session:
        rows = session.execute(text("SELECT subject, details FROM custody_event "
                                    "WHERE action = :a ORDER BY seq"), {"a": action}).all()
    return [{"subject": subject, **json.loads(details)} for subject, details in rows]


def test_a_photo_on_a_hub_is_kept_encrypted_and_comes_back_whole(
        hub: Hub, tmp_path: Path) -> None:
    data = photo(tmp_path / "marcha.jpg", description="Plaza de Armas", size=(1800, 1400))
    incident = _incident(hub)
    [added] = intake.add_files(cast(Vault, hub), incident, [tmp_path / "marcha.jpg"])
    with hub.engine.connect() as conn:
        parts = [bytes(p) for p in conn.execute(text(
            "SELECT data FROM hub_object_part ORDER BY seq")).scalars()]
        thumbs = [bytes(t) for t in conn.execute(text(
            "SELECT jpeg FROM media_thumbnail")).scalars()]
    assert len(parts) > 1, "a photo of a few megabytes is cut into parts"
    stored = b"".join(parts)
    assert stored.startswith(b"WILLAY-OBJECT/2\n") and len(stored) > len(data)
    for offset in range(0, len(data) - 32, 4096):
        assert data[offset:offset + 32] not in stored, "no piece of the photo in the clear"
    assert b"Plaza de Armas" not in stored and b"Motorola" not in stored
    assert thumbs and not any(t.startswith(b"\xff\xd8") for t in thumbs), \
        "the thumbnail is sealed too"
    with hub.session() as session:
        assert (intake.thumbnail(session, added.sha256) or b"")[:2] == b"\xff\xd8"

    saved = intake.export_original(cast(Vault, hub), added.media_id, tmp_path / "copia.jpg")
    assert saved.read_bytes() == data
    assert b"".join(intake.read_original(cast(Vault, hub), added.sha256)) == data
    [exported] = _custody(hub, "media_exported")
    [seen] = _custody(hub, "original_seen")
    assert exported["coordinator"] == seen["coordinator"] == "rosa"
    assert seen["subject"] == added.sha256
    report = verify_vault(cast(Vault, hub))
    assert report.objects == 1 and not report.problems

    again = intake.add_files(cast(Vault, hub), _incident(hub), [tmp_path / "marcha.jpg"])
    assert again[0].sha256 == added.sha256
    assert hub.objects.count() == 1, "the same bytes are stored once"


def test_a_damaged_or_missing_part_is_reported_and_nothing_is_given(
        hub: Hub, tmp_path: Path) -> None:
    photo(tmp_path / "f.jpg", size=(1600, 1200))
    [added] = intake.add_files(cast(Vault, hub), _incident(hub), [tmp_path / "f.jpg"])
    with hub.engine.begin() as conn:
        conn.execute(text("UPDATE hub_object_part SET data = overlay(data PLACING "
                          "'\\x00'::bytea FROM 200000 FOR 1) WHERE seq = 0"))
    [problem] = verify_vault(cast(Vault, hub)).problems
    assert added.media_id in problem.item
    with pytest.raises(VerificationError, match=r"damaged|altered"):
        intake.export_original(cast(Vault, hub), added.media_id, tmp_path / "copia.jpg")
    assert not (tmp_path / "copia.jpg").exists()
    with hub.engine.begin() as conn:
        conn.execute(text("DELETE FROM hub_object_part WHERE seq = 1"))
    assert verify_vault(cast(Vault, hub)).problems


def test_a_coordinator_sees_no_recording_of_a_testimony_beyond_their_clearance(
        hub: Hub, cluster: postgres.Cluster, tmp_path: Path) -> None:
    incident = _incident(hub)
    with hub.session() as session:
        witness = records.create(session, "person", {"full_name": "Rosalía Quispe Ccori",
                                                     "consent": "partners"})
        legal = records.create(session, "testimony", {
            "incidents": [incident], "witness": witness, "language": "es",
            "consent": "legal", "transcript": "En la comisaría."})
    photo(tmp_path / "herida.jpg")
    photo(tmp_path / "plaza.jpg", description="otra")
    [hidden] = intake.add_files(cast(Vault, hub), legal, [tmp_path / "herida.jpg"])
    [shown] = intake.add_files(cast(Vault, hub), incident, [tmp_path / "plaza.jpg"])
    hub.add_coordinator("juan", JUAN, "partners", kdf_params=floor_kdf())
    juan = Hub.connect(f"postgresql://juan@/{hub.engine.url.database}?host={cluster.socket}")
    juan.unlock("juan", JUAN)
    try:
        assert juan.objects.has(shown.sha256) and not juan.objects.has(hidden.sha256)
        with pytest.raises(VerificationError, match="not cleared to see it"):
            b"".join(juan.objects.read_chunks(hidden.sha256))
        with juan.session() as session:
            assert intake.thumbnail(session, hidden.sha256) is None
            assert [m["id"] for m in intake.list_media(session)] == [shown.media_id]
            kinds = session.execute(text(
                "SELECT count(*) FROM revision WHERE record_id = :r"),
                {"r": hidden.media_id}).scalar_one()
            parts = session.execute(text("SELECT count(*) FROM hub_object_part")).scalar_one()
        assert kinds == 0, "not even the media item's revisions"
        assert parts >= 1 and parts < _all_parts(hub)
        assert b"".join(juan.objects.read_chunks(shown.sha256)) == \
            (tmp_path / "plaza.jpg").read_bytes()
    finally:
        juan.lock()


def _all_parts(hub: Hub) -> int:
    with hub.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM hub_object_part")).scalar_one())


def test_what_an_interrupted_writer_left_goes_after_a_day_and_nothing_else(
        hub: Hub, tmp_path: Path) -> None:
    photo(tmp_path / "kept.jpg")
    [kept] = intake.add_files(cast(Vault, hub), _incident(hub), [tmp_path / "kept.jpg"])
    photo(tmp_path / "lost.jpg", description="lost")
    lost = hub.objects.put(tmp_path / "lost.jpg")  # a writer killed before its commit
    with (tmp_path / "lost.jpg").open("rb") as source:
        hub.objects.write_pending(source, "pending", size=(tmp_path / "lost.jpg").stat().st_size)
    assert hub.objects.remove_leftovers() == 0, "another coordinator may be mid-import"
    with hub.engine.begin() as conn:
        conn.execute(text("UPDATE hub_object SET written = :t"),
                     {"t": datetime.now(UTC) - timedelta(days=2)})
    assert hub.objects.remove_leftovers() == 2
    assert hub.objects.has(kept.sha256) and not hub.objects.has(lost.sha256)
    assert not verify_vault(cast(Vault, hub)).problems


def test_a_redacted_copy_is_made_and_kept_on_a_hub(hub: Hub, tmp_path: Path) -> None:
    from willay.core.media import redaction

    photo(tmp_path / "rostro.jpg", size=(800, 600))
    [added] = intake.add_files(cast(Vault, hub), _incident(hub), [tmp_path / "rostro.jpg"])
    made = redaction.redact(cast(Vault, hub), added.media_id,
                            [redaction.Region("black", 0, 0, 200, 200)])
    row, copy = redaction.redacted_bytes(cast(Vault, hub), added.media_id)
    assert copy[:2] == b"\xff\xd8" and row.derivative_sha256 == made.derivative_sha256
    assert b"Motorola" not in copy, "the copy carries no camera metadata"
    assert hub.objects.count() == 2 and not verify_vault(cast(Vault, hub)).problems
    [derived] = _custody(hub, "derivative_made")
    assert derived["coordinator"] == "rosa"
