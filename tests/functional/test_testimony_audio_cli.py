"""A recorded testimony on the command line: added with its recording, transcribed later."""

from __future__ import annotations

import io
import json
from pathlib import Path

import soundfile

from tests.functional.conftest import CliRunner
from tests.photos import photo as write_photo
from tests.unit.sound import RATE, pieces, tone
from willay.core.media import recording
from willay.core.vault.vault import Vault


def _setup(cli: CliRunner) -> tuple[str, str]:
    cli("init", "--name", "Rosa Huamán", "--organization", "Red Sur")
    incident = cli("incident", "add", "--title", "Enfrentamiento en Juliaca",
                   "--occurred", "2023-01-09").stdout.strip()
    person = cli("person", "add", "--name", "Rosalía Quispe Ccori", "--role", "witness",
                 "--consent", "partners").stdout.strip()
    return incident, person


def _voice_note(path: Path, seconds: float = 3.0) -> Path:
    out = io.BytesIO()
    with soundfile.SoundFile(out, "w", samplerate=RATE, channels=1, format="OGG",
                             subtype="OPUS") as audio:
        audio.buffer_write(tone(seconds), dtype="int16")
    path.write_bytes(out.getvalue())
    return path


def test_a_recorded_testimony_is_transcribed_later(cli: CliRunner, tmp_path: Path) -> None:
    incident, person = _setup(cli)
    note = _voice_note(tmp_path / "entrevista.opus")
    added = json.loads(cli("--json", "testimony", "add", "--incident", incident[:8],
                           "--witness", person[:8], "--language", "qu",
                           "--consent", "partners", "--audio", str(note)).stdout)
    testimony, (media_id,) = added["id"], added["recordings"]

    listing = cli("list", "testimonies").stdout
    assert "to transcribe" in listing and "(1 testimony, 1 to transcribe)" in listing
    media = json.loads(cli("--json", "list", "media").stdout)
    assert [(m["id"], m["attached_to"], m["mime"]) for m in media] == [
        (media_id, testimony, "audio/ogg; codecs=opus")]

    transcript = tmp_path / "transcripcion.txt"
    transcript.write_text("[00:05] Chay p'unchawmi policía hamurqan.\n", encoding="utf-8")
    cli("testimony", "edit", testimony[:8], "--text-file", str(transcript),
        "--translation", "Ese día llegó la policía.")
    shown = json.loads(cli("--json", "show", testimony).stdout)["fields"]
    assert shown["transcript"].startswith("[00:05] Chay p'unchawmi")
    assert shown["translation"] == "Ese día llegó la policía."
    assert "to transcribe" not in cli("list", "testimonies").stdout


def test_what_is_not_a_recording_is_refused_and_nothing_is_added(cli: CliRunner,
                                                                 tmp_path: Path) -> None:
    incident, person = _setup(cli)
    photo = tmp_path / "herida.jpg"
    write_photo(photo)
    result = cli("testimony", "add", "--incident", incident, "--witness", person,
                 "--language", "es", "--consent", "partners", "--audio", str(photo),
                 expect=1)
    assert "herida.jpg" in result.stderr and "is not a recording" in result.stderr
    missing = cli("testimony", "add", "--incident", incident, "--witness", person,
                  "--language", "es", "--consent", "partners",
                  "--audio", str(tmp_path / "no-hay.opus"), expect=1)
    assert "no-hay.opus" in missing.stderr and "no such file" in missing.stderr
    neither = cli("testimony", "add", "--incident", incident, "--witness", person,
                  "--language", "es", "--consent", "partners", expect=1)
    assert "--text or --text-file" in neither.stderr and "--audio" in neither.stderr
    assert json.loads(cli("--json", "list", "testimonies").stdout) == []
    assert json.loads(cli("--json", "list", "media").stdout) == []


def test_a_recording_cut_short_is_kept_by_recover(cli: CliRunner,
                                                  cli_env: dict[str, str]) -> None:
    incident, person = _setup(cli)
    testimony = cli("testimony", "add", "--incident", incident, "--witness", person,
                    "--language", "ay", "--consent", "partners",
                    "--text", "(por transcribir)").stdout.strip()
    assert cli("testimony", "recover").stdout.strip() == "No recording was cut short."

    vault = Vault.open(Path(cli_env["WILLAY_VAULT"]))
    vault.unlock(cli_env["WILLAY_PASSPHRASE"])
    rec = recording.Recording(vault, testimony, device="Micrófono")
    for piece in pieces(4.5):
        rec.write(piece)
    rec._writer.close()
    rec._lock.close()  # type: ignore[union-attr]  # the window closed without finishing
    vault.lock()

    out = cli("testimony", "recover").stdout
    assert f"kept with testimony {testimony[:8]} up to its last sealed part" in out
    (media,) = json.loads(cli("--json", "list", "media").stdout)
    assert media["attached_to"] == testimony and media["mime"].startswith("audio/ogg")
    assert cli("testimony", "recover").stdout.strip() == "No recording was cut short."
