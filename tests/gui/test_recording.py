"""Recording and transcribing a testimony in the window, from a generated sound source."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pytest
import soundfile
from PySide6.QtCore import QDir, Qt, QTimer
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.unit.sound import RATE, tone
from willay.core.media import recording
from willay.gui import audio_input
from willay.gui.audio_input import AudioInput, InputChoice
from willay.gui.dialogs.recorder_dialog import RecorderDialog
from willay.gui.dialogs.testimony_editor import TestimonyEditor
from willay.gui.dialogs.transcription import TranscriptionDialog
from willay.gui.window import MainWindow

from . import records
from .helpers import unlock

PIECE_MS = 20


class ToneInput(AudioInput):
    """A microphone that hears a steady voice-like tone, delivered in real time."""

    name = "Tono de prueba"

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(PIECE_MS)
        self.timer.timeout.connect(self._deliver)
        self.sent = 0.0

    def _deliver(self) -> None:
        self.sound.emit(tone(PIECE_MS / 1000, start=self.sent))
        self.sent += PIECE_MS / 1000

    def start(self) -> None:
        self.timer.start()

    def suspend(self) -> None:
        self.timer.stop()

    def resume(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def tone_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """The only input the window finds is the generated tone."""
    monkeypatch.setattr(audio_input, "available_inputs",
                        lambda: [InputChoice(ToneInput.name, ToneInput, True)])


def _plain_sound_on_disk(folders: list[Path]) -> list[Path]:
    found = []
    for folder in folders:
        for root, _dirs, names in os.walk(folder):
            for name in names:
                path = Path(root, name)
                if not path.is_file():  # a socket or pipe would block the read
                    continue
                try:
                    data = path.read_bytes() if path.stat().st_size < 64 << 20 else b""
                except OSError:
                    continue
                if b"OggS" in data or b"OpusHead" in data:
                    found.append(path)
    return found


def _new_testimony_editor(window: MainWindow) -> tuple[TestimonyEditor, str]:
    archive = window.controller.archive
    incident = records.incident(archive)
    witness = records.person(archive)
    workspace = window.workspace
    assert workspace is not None
    editor = workspace.edit_testimony(incident, "")
    editor.witness.setCurrentIndex(editor.witness.findData(witness))
    editor.language.setCurrentIndex(editor.language.findData("qu"))
    editor.interviewer.setText("Rosa Huamán")
    return editor, incident


def _record(qtbot: QtBot, dialog: RecorderDialog, seconds: float) -> None:
    rec = dialog.rec
    assert rec is not None
    target = rec.duration_ms + seconds * 1000
    qtbot.waitUntil(lambda: rec.duration_ms >= target, timeout=int(seconds * 1000) + 15_000)


def test_a_testimony_is_recorded_in_the_window_and_kept_sealed(
        qtbot: QtBot, window: MainWindow, tone_input: None, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Temporary files of Python and Qt go to a folder of this test's own, searched below.
    scratch = tmp_path / "temporary"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    editor, _incident = _new_testimony_editor(window)
    recorder = editor.recordings.open_recorder()
    assert recorder is not None and editor.testimony_id, "the testimony is saved first"
    assert recorder.inputs.currentText() == "Tono de prueba"
    assert recorder.state == "ready" and recorder.record.isEnabled()
    assert "hours of recording" in recorder.room.text()

    recorder.record.click()
    assert recorder.state == "recording" and not recorder.record.isEnabled()
    _record(qtbot, recorder, 2.5)
    qtbot.waitUntil(lambda: recorder.level.value() > 50, timeout=2000)
    vault_path = window.controller.unlocked_vault().path
    qtbot.waitUntil(lambda: any(vault_path.glob("recordings/*/000001.seg")), timeout=5000)
    assert Path(QDir.tempPath()) == scratch
    folders = [vault_path, scratch]
    assert _plain_sound_on_disk(folders) == []
    recorder.grab().save(str(tmp_path / "recording.png"))

    recorder.pause.click()
    assert recorder.state == "paused" and recorder.pause.text() == "&Resume"
    held = recorder.rec.duration_ms if recorder.rec else 0
    QTest.qWait(600)
    assert recorder.rec is not None and recorder.rec.duration_ms == held
    recorder.pause.click()
    _record(qtbot, recorder, 1.0)
    with qtbot.waitSignal(recorder.kept, timeout=20_000) as kept:
        recorder.stop.click()
    assert recorder.state == "kept" and "Kept:" in recorder.status.text()
    assert recorder.status.isVisible()
    assert _plain_sound_on_disk(folders) == []
    assert not any(vault_path.glob("recordings/*"))

    fields = window.controller.archive.media_fields(kept.args[0])
    assert fields["attached_to"] == editor.testimony_id
    assert fields["metadata"]["recorded_with"] == "Tono de prueba"
    assert fields["metadata"]["interviewer"] == "Rosa Huamán"
    data = b"".join(window.controller.unlocked_vault().objects.read_chunks(fields["sha256"]))
    with soundfile.SoundFile(io.BytesIO(data)) as played:
        seconds = played.frames / played.samplerate
    assert seconds == pytest.approx(fields["metadata"]["duration_ms"] / 1000, abs=0.05)
    assert 3.4 <= seconds <= 5.0  # what was recorded, less the pause
    recorder.reject()
    assert "0:0" in editor.recordings.listing.text()
    assert editor.recordings.transcribe.isEnabled()


def test_no_microphone_says_so_and_records_nothing(qtbot: QtBot, window: MainWindow,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audio_input, "available_inputs", lambda: [])
    editor, _incident = _new_testimony_editor(window)
    recorder = editor.recordings.open_recorder()
    assert recorder is not None
    assert recorder.state == "none" and not recorder.record.isEnabled()
    assert "No microphone was found" in recorder.status.text()
    monkeypatch.setattr(audio_input, "available_inputs",
                        lambda: [InputChoice(ToneInput.name, ToneInput, True)])
    recorder.look_again.click()
    assert recorder.state == "ready" and recorder.record.isEnabled()


def test_locking_while_recording_keeps_the_recording_at_the_next_unlock(
        qtbot: QtBot, window: MainWindow, tone_input: None) -> None:
    editor, _incident = _new_testimony_editor(window)
    recorder = editor.recordings.open_recorder()
    assert recorder is not None
    testimony = editor.testimony_id
    assert testimony is not None
    recorder.record.click()
    _record(qtbot, recorder, 2.5)
    with qtbot.waitSignal(window.controller.locked, timeout=10_000):
        window.lock()
    assert not recorder.isVisible()
    unlock(qtbot, window)
    workspace = window.workspace
    assert workspace is not None and window.recovering is not None
    with qtbot.waitSignal(window.recovering.ended, timeout=20_000):
        pass
    assert "was going on when the vault locked is now kept" in workspace.notice.text()
    (found,) = [m for m in window.controller.archive.media_page(0, 10, [testimony])]
    fields = window.controller.archive.media_fields(found.id)
    assert "recovered" not in fields["metadata"]
    assert fields["metadata"]["duration_ms"] >= 2500


def _recorded_testimony(window: MainWindow, seconds: float = 12.0) -> str:
    archive = window.controller.archive
    incident = records.incident(archive)
    witness = records.person(archive)
    testimony = archive.save("testimony", None, {
        "incidents": [incident], "witness": witness, "language": "ay", "consent": "partners"})
    rec = recording.Recording(window.controller.unlocked_vault(), testimony)
    step = 0.5
    for i in range(int(seconds / step)):
        rec.write(tone(step, RATE, start=i * step))
    rec.finish()
    return testimony


def test_a_recording_is_transcribed_with_the_keyboard(qtbot: QtBot,
                                                      window: MainWindow) -> None:
    testimony = _recorded_testimony(window)
    witness = (window.controller.archive.record(testimony).fields or {})["witness"]
    assert window.controller.archive.testimonies_of(witness)[0].to_transcribe
    dialog = TranscriptionDialog(window.controller, testimony, "Testimonio de Rosalía",
                                 window)
    dialog.show()
    assert dialog.task is not None
    with qtbot.waitSignal(dialog.task.ended, timeout=20_000):
        pass
    player = dialog.player
    assert player is not None and "no unencrypted copy" in dialog.status.text()
    with qtbot.waitActive(dialog):  # the keys belong to the window being typed in
        dialog.activateWindow()
    dialog.transcript.setFocus()

    def keys(key: Qt.Key) -> None:
        widget: QWidget | None = dialog.focusWidget()
        assert widget is not None
        QTest.keyClick(widget, key, Qt.KeyboardModifier.ControlModifier)

    QTest.keyClick(dialog.transcript, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: player.player.position() > 200, timeout=20_000)
    assert player.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
    player.player.setPosition(7000)  # as a click on the time slider would
    qtbot.waitUntil(lambda: player.player.position() >= 7000, timeout=5000)
    keys(Qt.Key.Key_T)
    assert dialog.transcript.toPlainText().startswith("[0:07] ")
    QTest.keyClicks(dialog.transcript, "Chay p'unchawmi")
    before = player.player.position()
    keys(Qt.Key.Key_R)
    qtbot.waitUntil(lambda: player.player.position() < before - 3000, timeout=5000)
    keys(Qt.Key.Key_D)
    assert dialog.speed_label.text() == "Speed: 0.75×"
    assert player.player.playbackRate() == pytest.approx(0.75)
    QTest.keyClick(dialog.transcript, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: player.player.playbackState() == QMediaPlayer.PlaybackState.PausedState)
    dialog.translation.setPlainText("Ese día…")
    keys(Qt.Key.Key_S)
    fields = window.controller.archive.record(testimony).fields or {}
    assert fields["transcript"] == "[0:07] Chay p'unchawmi"
    assert fields["translation"] == "Ese día…"
    assert not dialog.dirty
    dialog.reject()
    assert not dialog.isVisible() and player.buffer is None
    assert not window.controller.archive.testimonies_of(witness)[0].to_transcribe


def test_the_editor_lists_recordings_and_opens_the_transcription(
        qtbot: QtBot, window: MainWindow) -> None:
    testimony = _recorded_testimony(window, seconds=3.0)
    workspace = window.workspace
    assert workspace is not None
    incident = (window.controller.archive.record(testimony).fields or {})["incidents"][0]
    detail = workspace.incidents.detail
    detail.show_incident(incident)
    listed = detail.testimonies.item(0).text()
    assert "To transcribe" in listed and "1 (1 to transcribe)" in detail.summary.toPlainText()
    editor = workspace.edit_testimony(incident, testimony)
    assert "0:03" in editor.recordings.listing.text()
    dialog = editor.recordings.open_transcription()
    assert dialog is not None and dialog.choice.count() == 1
    dialog.transcript.setPlainText("Jichhax…")
    assert dialog.save()
    assert editor.transcript.toPlainText() == "Jichhax…" and not editor.dirty
    dialog.reject()
    detail.show_incident(incident)
    assert detail.testimonies.item(0).text().endswith("Jichhax…")
