"""A recording is the witness's voice: it travels only where the testimony's consent allows."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import soundfile

from tests.sync.conftest import introduce, make_vault
from tests.unit.sound import pieces
from willay.core.media import intake as media
from willay.core.media import recording
from willay.core.records import service as records
from willay.core.sharing import receive as sync_import
from willay.core.sharing import send as sync_export
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines


def _recorded_testimony(vault: Vault, consent: str) -> tuple[str, recording.Kept]:
    with vault.session() as session:
        incident = records.create(session, "incident", {
            "title": "Desalojo en la comunidad", "occurred": {"text": "2023-02-11"}})
        witness = records.create(session, "person", {"full_name": "Justina Condori Apaza",
                                                     "consent": consent})
        testimony = records.create(session, "testimony", {
            "incidents": [incident], "witness": witness, "language": "ay",
            "consent": consent, "interviewer": "Rosa Huamán"})
    rec = recording.Recording(vault, testimony)
    for piece in pieces(1.5):
        rec.write(piece)
    return testimony, rec.finish()


def _audio_here(vault: Vault) -> list[dict[str, object]]:
    with vault.session() as session:
        return [m for m in media.list_media(session) if m["media_kind"] == "audio"]


def test_a_recording_goes_whole_where_consent_allows(field: Vault, coordinator: Vault,
                                                     tmp_path: Path) -> None:
    testimony, kept = _recorded_testimony(field, consent="partners")
    result = sync_export.export_bundle(field, ["Coordinadora"], tmp_path / "b.willay")
    assert result.media == 1
    sync_import.import_bundle(coordinator, tmp_path / "b.willay")
    (arrived,) = _audio_here(coordinator)
    assert arrived["sha256"] == kept.sha256 and arrived["attached_to"] == testimony
    out = tmp_path / "grabacion.ogg"
    media.export_original(coordinator, str(arrived["id"]), out)
    with soundfile.SoundFile(io.BytesIO(out.read_bytes())) as played:
        assert abs(played.frames / played.samplerate - 1.5) < 0.05
    with coordinator.session() as session:
        (row,) = records.list_testimonies(session)
        assert row["to_transcribe"], "the receiver sees that it still waits for a transcript"


def test_a_recording_stays_when_the_testimony_consent_does_not_reach_the_partner(
        field: Vault, coordinator: Vault, tmp_path: Path) -> None:
    _recorded_testimony(field, consent="internal")
    result = sync_export.export_bundle(field, ["Coordinadora"], tmp_path / "b.willay")
    assert result.media == 0 and result.withheld == 2
    sync_import.import_bundle(coordinator, tmp_path / "b.willay")
    assert _audio_here(coordinator) == []


def test_the_anonymized_profile_never_carries_a_voice(tmp_path: Path) -> None:
    field = make_vault(tmp_path / "f", "Rosa")
    ngo = make_vault(tmp_path / "n", "ONG")
    introduce(field, ngo, profile="anonymized", scope="legal")
    testimony, _kept = _recorded_testimony(field, consent="public")
    result = sync_export.export_bundle(field, ["ONG"], tmp_path / "anon.willay")
    assert result.profile == "anonymized" and result.media == 0
    sync_import.import_bundle(ngo, tmp_path / "anon.willay")
    assert _audio_here(ngo) == []
    with ngo.session() as session:
        assert records.get(session, testimony).fields is not None
    field.lock()
    ngo.lock()
