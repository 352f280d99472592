"""Audio plays inside the media viewer from memory: no unencrypted copy ever touches disk."""

from __future__ import annotations

import io
import math
import os
import struct
import tempfile
import wave
from pathlib import Path

from PySide6.QtMultimedia import QMediaPlayer
from pytestqt.qtbot import QtBot

from willay.gui.dialogs.media_viewer import MediaViewer
from willay.gui.intake import Intake
from willay.gui.settings import AppSettings
from willay.gui.window import MainWindow

from . import records
from .helpers import WindowFactory, unlock

RATE = 16_000
SECONDS = 2.5
UNPLAYABLE_AUDIO = "This audio cannot be played here; use “Export original”."


def tone() -> tuple[bytes, bytes]:
    """A mono 16-bit WAV of a sine tone with a little noise, unique to this run.

    Returns the whole file and a slice of its samples to look for on disk.
    """
    count = int(RATE * SECONDS)
    noise = os.urandom(count)
    frequency = 300 + int.from_bytes(os.urandom(2), "big") % 600
    samples = b"".join(
        struct.pack("<h", int(9000 * math.sin(2 * math.pi * frequency * n / RATE))
                    + noise[n] - 128)
        for n in range(count))
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes(samples)
    middle = len(samples) // 2
    return out.getvalue(), samples[middle:middle + 4096]


def files_holding(needle: bytes, folders: list[Path]) -> list[Path]:
    """Every regular file under ``folders`` whose bytes contain ``needle``."""
    found: list[Path] = []
    seen: set[Path] = set()
    for folder in folders:
        for root, _dirs, names in os.walk(folder, followlinks=False):
            for name in names:
                path = Path(root, name)
                if path in seen:
                    continue
                seen.add(path)
                try:
                    if not path.is_file() or path.is_symlink() or \
                            path.stat().st_size > 256 * 1024 * 1024:
                        continue
                    if needle in path.read_bytes():
                        found.append(path)
                except OSError:
                    continue
    return found


def _add(qtbot: QtBot, window: MainWindow, path: Path) -> str:
    """Attach ``path`` to a new incident through the window; return the media id."""
    incident_id = records.incident(window.controller.archive)
    workspace = window.workspace
    assert workspace is not None
    workspace.incidents.reload(incident_id)
    intake = workspace.add_files(incident_id, [path])
    assert isinstance(intake, Intake)
    with qtbot.waitSignal(intake.finished, timeout=20_000) as finished:
        pass
    added = finished.args[0]
    assert len(added) == 1, "intake refused the file"
    return str(added[0].media_id)


def _open(qtbot: QtBot, window: MainWindow, media_id: str) -> MediaViewer:
    workspace = window.workspace
    assert workspace is not None
    viewer = workspace.open_media(media_id)
    assert viewer.task is not None
    with qtbot.waitSignal(viewer.task.ended, timeout=20_000):
        pass
    return viewer


def test_a_recording_plays_from_memory_and_no_unencrypted_copy_is_on_disk(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    data, needle = tone()
    source = tmp_path / "testimonio.wav"
    source.write_bytes(data)
    media_id = _add(qtbot, window, source)
    source.unlink()  # from here on, the vault holds the only copy, encrypted
    folders = [tmp_path, Path(tempfile.gettempdir())]
    assert files_holding(needle, folders) == []

    viewer = _open(qtbot, window, media_id)
    player = viewer.player
    assert player is not None and not viewer.view.isVisible()
    assert player.play_button.isEnabled() and viewer.export.isEnabled()
    assert "no unencrypted copy" in viewer.status.text()
    player.play_button.click()
    qtbot.waitUntil(lambda: player.player.duration() > 0 and player.player.position() > 400,
                    timeout=20_000)
    assert abs(player.player.duration() - SECONDS * 1000) < 100
    assert player.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
    assert player.play_button.text() == "&Pause"
    assert player.position.maximum() == player.player.duration()
    assert player.position.value() > 0
    assert player.time.text().endswith("/ 0:02")
    assert files_holding(needle, folders) == [], "a plaintext copy was written while playing"

    player.play_button.click()
    qtbot.waitUntil(
        lambda: player.player.playbackState() == QMediaPlayer.PlaybackState.PausedState)
    assert player.play_button.text() == "&Play"
    player.volume.setValue(30)
    assert abs(player.audio.volume() - 0.3) < 0.01
    # Moving the slider seeks; playing on from there reaches the end.
    player.position.setValue(2000)
    qtbot.waitUntil(lambda: player.player.position() >= 1900)
    player.play_button.click()
    qtbot.waitUntil(
        lambda: player.player.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia,
        timeout=20_000)
    viewer.close()
    assert player.buffer is None
    assert files_holding(needle, folders) == []


def test_a_recording_that_cannot_be_decoded_says_to_export_it(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    # A WAV header over noise: intake keeps it as audio, no decoder can play it.
    broken = tmp_path / "roto.wav"
    broken.write_bytes(b"RIFF" + struct.pack("<I", 4004) + b"WAVE" + os.urandom(4000))
    media_id = _add(qtbot, window, broken)
    viewer = _open(qtbot, window, media_id)
    player = viewer.player
    assert player is not None
    qtbot.waitUntil(lambda: viewer.status.text() == UNPLAYABLE_AUDIO, timeout=20_000)
    assert player.failed and not player.play_button.isEnabled()
    assert viewer.export.isEnabled()
    player.toggle()  # a stray click does nothing
    assert player.player.playbackState() == QMediaPlayer.PlaybackState.StoppedState
    target = tmp_path / "copia.wav"
    task = viewer.export_to(target)
    with qtbot.waitSignal(task.ended, timeout=20_000):
        pass
    assert target.read_bytes() == broken.read_bytes()
    viewer.close()


def test_a_recording_cut_short_in_its_header_says_to_export_it(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    data, _needle = tone()
    cut = tmp_path / "cortado.wav"
    cut.write_bytes(data[:40])  # the header without its data chunk: nothing to play
    media_id = _add(qtbot, window, cut)
    viewer = _open(qtbot, window, media_id)
    player = viewer.player
    assert player is not None
    qtbot.waitUntil(lambda: viewer.status.text() == UNPLAYABLE_AUDIO, timeout=20_000)
    assert player.player.mediaStatus() == QMediaPlayer.MediaStatus.InvalidMedia
    assert not player.play_button.isEnabled() and viewer.isVisible()
    viewer.close()


def test_in_spanish_the_viewer_says_in_plain_words_to_export_what_it_cannot_play(
        qtbot: QtBot, make_window: WindowFactory, locked_vault: Path, settings: AppSettings,
        tmp_path: Path) -> None:
    settings.language = "es"
    window = make_window(locked_vault, settings)
    unlock(qtbot, window)
    broken = tmp_path / "roto.wav"
    broken.write_bytes(b"RIFF" + struct.pack("<I", 4004) + b"WAVE" + os.urandom(4000))
    viewer = _open(qtbot, window, _add(qtbot, window, broken))
    player = viewer.player
    assert player is not None
    assert player.play_button.text() == "&Reproducir"
    qtbot.waitUntil(lambda: viewer.status.text() ==
                    "Este audio no se puede reproducir aquí; use «Exportar original».",
                    timeout=20_000)
    viewer.close()
