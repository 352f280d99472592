"""Recording a testimony in the app: sealed as it is spoken, kept whole, recovered when cut."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import soundfile
from sqlmodel import select

from tests.conftest import PASSPHRASE
from tests.unit.sound import RATE, pieces
from willay.core.errors import DiskFullError, ValidationError, WillayError
from willay.core.media import recording
from willay.core.media import recording_parts as parts
from willay.core.records import service as records
from willay.core.records.fields import needs_transcript
from willay.core.vault.models import CustodyEvent, Media
from willay.core.vault.vault import Vault


def _testimony(vault: Vault) -> str:
    with vault.session() as session:
        incident = records.create(session, "incident", {
            "title": "Enfrentamiento en el puente", "occurred": {"text": "2023-01-09"}})
        witness = records.create(session, "person", {"full_name": "Juana Quispe Mamani",
                                                     "consent": "partners"})
        return records.create(session, "testimony", {
            "incidents": [incident], "witness": witness, "language": "qu",
            "consent": "partners", "interviewer": "Rosa Huamán"})


def _original(vault: Vault, sha256: str) -> bytes:
    return b"".join(vault.objects.read_chunks(sha256))


def _played_seconds(data: bytes) -> float:
    with soundfile.SoundFile(io.BytesIO(data)) as audio:
        return float(len(audio.read(dtype="int16")) / audio.samplerate)


def _plaintext_anywhere(root: Path) -> list[str]:
    """Files under ``root`` that hold an Ogg page or an Opus header in the clear."""
    return [str(p) for p in root.rglob("*") if p.is_file()
            and (b"OggS" in p.read_bytes() or b"OpusHead" in p.read_bytes())]


def test_a_testimony_may_wait_for_its_transcript(vault: Vault) -> None:
    testimony = _testimony(vault)
    with vault.session() as session:
        fields = records.get(session, testimony).fields
        assert fields is not None and fields["transcript"] == ""
        assert needs_transcript(fields)
        records.edit(session, testimony, {"transcript": "Chay p'unchawmi..."})
        fields = records.get(session, testimony).fields
        assert fields is not None and not needs_transcript(fields)


def test_a_recording_is_sealed_while_spoken_and_kept_whole(vault: Vault) -> None:
    testimony = _testimony(vault)
    rec = recording.Recording(vault, testimony, device="Micrófono USB",
                              interviewer="Rosa Huamán")
    for piece in pieces(7.0):
        rec.write(piece)
    rec._writer.close()  # every segment so far on the disk, to look at it
    rec._writer = parts.PartWriter(rec.folder, rec._key, rec.info.recording_id)
    sealed = sorted(p.name for p in rec.folder.glob("*.seg"))
    assert sealed == ["000000.seg", "000001.seg", "000002.seg", "000003.seg"]
    assert _plaintext_anywhere(vault.path) == []
    assert rec.duration_ms == 7000
    kept = rec.finish()

    assert not rec.folder.exists()
    assert _plaintext_anywhere(vault.path) == []
    data = _original(vault, kept.sha256)
    assert data.startswith(b"OggS") and b"OpusHead" in data
    assert _played_seconds(data) == pytest.approx(7.0, abs=0.05)
    assert kept.duration_ms == pytest.approx(7000, abs=50) and not kept.recovered
    with vault.session() as session:
        media = session.get(Media, kept.media_id)
        assert media is not None and media.attached_to == testimony
        assert media.media_kind == "audio" and media.mime == "audio/ogg; codecs=opus"
        fields = records.get(session, kept.media_id).fields
        assert fields is not None
        details = fields["metadata"]
        assert details["recorded_with"] == "Micrófono USB"
        assert details["interviewer"] == "Rosa Huamán"
        assert details["recording_started"] == rec.info.started
        assert details["duration_ms"] == kept.duration_ms and "recovered" not in details
        event = session.exec(select(CustodyEvent).where(
            CustodyEvent.action == "media_added",
            CustodyEvent.record_id == kept.media_id)).one()
        assert kept.sha256 == hashlib.sha256(data).hexdigest()
        assert json.loads(event.details)["sha256"] == kept.sha256


def test_pause_leaves_out_what_is_said_meanwhile(vault: Vault) -> None:
    rec = recording.Recording(vault, _testimony(vault))
    sound = pieces(6.0)
    for i, piece in enumerate(sound):
        if i == 100:
            rec.pause()
        if i == 200:
            rec.resume()
        rec.write(piece)
    kept = rec.finish()
    assert _played_seconds(_original(vault, kept.sha256)) == pytest.approx(4.0, abs=0.05)


def test_nothing_recorded_is_refused_and_leaves_nothing(vault: Vault) -> None:
    rec = recording.Recording(vault, _testimony(vault))
    with pytest.raises(ValidationError, match="Nothing was recorded"):
        rec.finish()
    assert not rec.folder.exists()
    with vault.session() as session:
        assert session.exec(select(Media)).all() == []


def test_a_recording_needs_a_testimony(vault: Vault) -> None:
    with vault.session() as session:
        incident = records.create(session, "incident", {
            "title": "Puente", "occurred": {"text": "2023-01-09"}})
    with pytest.raises(ValidationError, match="kind incident, not testimony"):
        recording.Recording(vault, incident)


_CHILD = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path
    from tests.unit.sound import pieces
    from willay.core.media import recording
    from willay.core.vault.vault import Vault
    vault = Vault.open(Path(sys.argv[1]))
    vault.unlock(sys.argv[2])
    rec = recording.Recording(vault, sys.argv[3], device="Tono")
    for piece in pieces(6.5):
        rec.write(piece)
    while not (rec.folder / "000003.seg").exists():
        time.sleep(0.01)
    print(rec.folder, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_a_killed_recording_is_recovered_up_to_its_last_part(vault: Vault) -> None:
    testimony = _testimony(vault)
    child = subprocess.run([sys.executable, "-c", _CHILD, str(vault.path), PASSPHRASE,
                            testimony], capture_output=True, text=True, timeout=60,
                           env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert child.returncode == -signal.SIGKILL, child.stderr
    folder = Path(child.stdout.strip())
    assert folder.is_dir() and _plaintext_anywhere(vault.path) == []
    (found,) = recording.interrupted(vault.path)
    assert found.folder == folder and not found.busy

    kept, problems = recording.recover(vault)
    assert problems == []
    (one,) = kept
    assert one.recovered and one.testimony_id == testimony
    seconds = _played_seconds(_original(vault, one.sha256))
    assert 4.5 <= seconds <= 6.5  # the last part sealed at 6 s, less the encoder's page
    assert not folder.exists() and recording.interrupted(vault.path) == []
    with vault.session() as session:
        fields = records.get(session, one.media_id).fields
        assert fields is not None and fields["metadata"]["recovered"] == "yes"
        assert fields["metadata"]["recorded_with"] == "Tono"
    assert recording.recover(vault) == ([], [])  # once only


def test_a_recording_in_progress_is_left_alone(vault: Vault) -> None:
    rec = recording.Recording(vault, _testimony(vault))
    for piece in pieces(3.0):
        rec.write(piece)
    (found,) = recording.interrupted(vault.path)
    assert found.busy
    assert recording.recover(vault) == ([], [])
    assert rec.folder.is_dir()
    kept = rec.finish()
    assert kept.duration_ms == pytest.approx(3000, abs=50)


def test_a_damaged_part_keeps_the_recording_up_to_it(vault: Vault) -> None:
    rec = recording.Recording(vault, _testimony(vault))
    for piece in pieces(6.5):
        rec.write(piece)
    rec._writer.close()
    folder = rec.folder
    rec._lock.close()  # type: ignore[union-attr]  # as a killed process leaves it
    part = folder / "000002.seg"
    damaged = bytearray(part.read_bytes())
    damaged[40] ^= 1
    part.write_bytes(bytes(damaged))

    (one,), problems = recording.recover(vault)
    assert problems == []
    assert 0.9 <= _played_seconds(_original(vault, one.sha256)) <= 2.1


def test_a_moved_part_is_not_taken(vault: Vault) -> None:
    """A part swapped into another place of the recording fails its check."""
    rec = recording.Recording(vault, _testimony(vault))
    for piece in pieces(6.5):
        rec.write(piece)
    rec._writer.close()
    rec._lock.close()  # type: ignore[union-attr]
    (rec.folder / "000001.seg").write_bytes((rec.folder / "000002.seg").read_bytes())
    kept, problems = recording.recover(vault)
    assert kept == [] and problems == []  # no sound before the moved part: nothing to keep


def test_a_full_disk_keeps_what_was_sealed(vault: Vault,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    rec = recording.Recording(vault, _testimony(vault))
    real = parts.write_part
    written = []

    def fill(folder: Path, key: bytes, rid: str, seq: int, plain: bytes) -> None:
        if seq >= 2:
            raise DiskFullError("The disk is full.")
        real(folder, key, rid, seq, plain)
        written.append(seq)

    monkeypatch.setattr(parts, "write_part", fill)
    with pytest.raises(DiskFullError, match="kept, sealed in the vault"):
        for piece in pieces(6.5):
            rec.write(piece)
        # Segments are sealed on a thread of their own: the failure is told at the next
        # segment or, when that thread is behind (a busy machine), at the end.
        rec.finish()
    assert written == [1] and rec.closed
    with pytest.raises(WillayError, match="has ended"):
        rec.write(pieces(0.1)[0])
    monkeypatch.setattr(parts, "write_part", real)
    (one,), problems = recording.recover(vault)
    assert problems == []
    assert 0.9 <= _played_seconds(_original(vault, one.sha256)) <= 2.1


def test_every_rate_and_channel_count_the_encoder_takes(vault: Vault) -> None:
    testimony = _testimony(vault)
    for rate in (16000, 48000):
        rec = recording.Recording(vault, testimony, sample_rate=rate)
        for piece in pieces(1.0, rate=rate):
            rec.write(piece)
        kept = rec.finish()
        assert _played_seconds(_original(vault, kept.sha256)) == pytest.approx(1.0, abs=0.03)
    with pytest.raises(ValidationError, match="44100 samples a second"):
        recording.Recording(vault, testimony, sample_rate=44100)
    assert RATE == 48000


def test_a_recording_set_aside_at_a_lock_is_kept_whole_at_the_next_opening(
        vault: Vault) -> None:
    testimony = _testimony(vault)
    rec = recording.Recording(vault, testimony)
    for piece in pieces(5.0):
        rec.write(piece)
    rec.set_aside()
    with vault.session() as session:
        assert session.exec(select(Media)).all() == []
    (one,), problems = recording.recover(vault)
    assert problems == [] and not one.recovered
    assert _played_seconds(_original(vault, one.sha256)) == pytest.approx(5.0, abs=0.05)
    with vault.session() as session:
        fields = records.get(session, one.media_id).fields
        assert fields is not None and "recovered" not in fields["metadata"]


def test_an_end_mark_that_does_not_name_the_last_part_is_not_believed(vault: Vault) -> None:
    rec = recording.Recording(vault, _testimony(vault))
    for piece in pieces(5.0):
        rec.write(piece)
    rec.set_aside()
    (rec.folder / "000003.seg").unlink()  # a part lost after the mark was written
    (one,), _problems = recording.recover(vault)
    assert one.recovered
