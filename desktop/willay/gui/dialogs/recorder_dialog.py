"""Record a testimony from the laptop's microphone, sealed into the vault as it is spoken.

States: no microphone; ready; recording; paused; keeping (the original is being stored);
kept; failed (the microphone stopped, the disk filled). Closing while recording asks
whether to keep what was recorded. When the vault locks, the recording is set aside,
sealed, and kept with its testimony at the next unlock.
"""

from __future__ import annotations

import contextlib
import math

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import WillayError
from willay.core.i18n import clock, number
from willay.core.media import recording
from willay.gui import audio_input
from willay.gui.audio_input import AudioInput, InputChoice
from willay.gui.controller import Controller
from willay.gui.errors import message_for
from willay.gui.labels import fill, size
from willay.gui.widgets import buddy_label, heading, note

_TICK_MS = 200
_ROOM_EVERY_TICKS = 25  # the free space is asked every five seconds


class RecorderDialog(QDialog):
    """Record one testimony: choose the input, watch the level, pause, stop and keep."""

    kept = Signal(str)
    """Emits: the id of the media item the recording became."""

    def __init__(self, controller: Controller, testimony_id: str, about: str,
                 interviewer: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recorderDialog")
        self.setWindowTitle(self.tr("Record the testimony"))
        self.controller = controller
        self.testimony_id = testimony_id
        self.interviewer = interviewer
        self.rec: recording.Recording | None = None
        self.source: AudioInput | None = None
        self.state = "ready"
        self._ticks = 0

        self.inputs = QComboBox()
        self.inputs.setAccessibleName(self.tr("Microphone"))
        self.look_again = QPushButton(self.tr("&Look again"))
        self.look_again.setAccessibleName(self.tr("Look again for microphones"))
        self.level = QProgressBar()
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        self.level.setAccessibleName(self.tr("Sound level"))
        self.elapsed = QLabel(clock(0))
        self.elapsed.setObjectName("recordingTime")
        self.elapsed.setAccessibleName(self.tr("Time recorded"))
        big = QFont(self.elapsed.font())
        big.setPointSizeF(big.pointSizeF() * 2.2)
        big.setBold(True)
        self.elapsed.setFont(big)
        self.room = QLabel()
        self.room.setAccessibleName(self.tr("Free space"))
        self.status = QLabel()
        self.status.setObjectName("recorderStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.hide()
        self.record = QPushButton(self.tr("● &Record"))
        self.pause = QPushButton(self.tr("&Pause"))
        self.stop = QPushButton(self.tr("&Stop and keep"))
        self.discard = QPushButton(self.tr("&Discard"))
        self.close_button = QPushButton(self.tr("&Close"))

        input_row = QHBoxLayout()
        input_row.addWidget(self.inputs, 1)
        input_row.addWidget(self.look_again)
        form = QFormLayout()
        form.addRow(buddy_label(self.tr("&Microphone:"), self.inputs), input_row)
        form.addRow(self.tr("Level:"), self.level)
        form.addRow(self.tr("Recorded:"), self.elapsed)
        form.addRow(self.tr("Free space:"), self.room)
        buttons = QHBoxLayout()
        for button in (self.record, self.pause, self.stop, self.discard):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(about, 2))
        layout.addWidget(note(self.tr(
            "Every two seconds what was recorded is sealed in the vault, so a dead battery "
            "loses only the last seconds. No unencrypted copy is written to the disk.")))
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.resize(640, 380)

        self.timer = QTimer(self)
        self.timer.setInterval(_TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.look_again.clicked.connect(self.fill_inputs)
        self.record.clicked.connect(self.start)
        self.pause.clicked.connect(self.toggle_pause)
        self.stop.clicked.connect(self.finish)
        self.discard.clicked.connect(self._confirm_discard)
        self.close_button.clicked.connect(self.reject)
        controller.about_to_lock.connect(self._set_aside)
        self.choices: list[InputChoice] = []
        self.fill_inputs()
        self._show_room()

    # -- inputs ----------------------------------------------------------------
    def fill_inputs(self) -> None:
        """List the microphones the system knows now (one may have been plugged in)."""
        self.choices = audio_input.available_inputs()
        self.inputs.clear()
        for choice in self.choices:
            self.inputs.addItem(choice.name)
        if not self.choices:
            self.inputs.addItem(self.tr("No microphone found"))
            self._set_state("none", self.tr(
                "No microphone was found. Connect one, check that the system lets Willay "
                "use it, and press Look again."))
        elif self.state == "none":
            self._set_state("ready", "")
        else:
            # What was said about the microphone before looking again no longer holds.
            self._set_state(self.state, "" if self.state == "ready" else self.status.text())

    # -- recording ---------------------------------------------------------------
    def start(self) -> None:
        """Start recording from the chosen microphone."""
        if self.state != "ready" or not self.choices:
            return
        choice = self.choices[max(0, self.inputs.currentIndex())]
        source = choice.make()
        try:
            self.rec = recording.Recording(
                self.controller.unlocked_vault(), self.testimony_id,
                sample_rate=source.sample_rate, channels=source.channels, device=choice.name,
                interviewer=self.interviewer)
        except WillayError as exc:
            self._set_state("ready", message_for(exc), problem=True)
            return
        self.source = source
        source.sound.connect(self._sound)
        source.failed.connect(self._input_failed)
        source.start()
        self.timer.start()
        self._set_state("recording", self.tr("Recording…"))

    def _sound(self, pcm: bytes) -> None:
        if self.rec is None or self.state != "recording":
            return
        try:
            self.rec.write(pcm)
        except WillayError as exc:
            self._stop_source()
            self._set_state("failed", message_for(exc))

    def toggle_pause(self) -> None:
        """Pause (the microphone is released) or go on recording."""
        if self.rec is None or self.source is None:
            return
        if self.state == "recording":
            self.source.suspend()
            self.rec.pause()
            self._set_state("paused", self.tr("Paused. What is said now is not recorded."))
        elif self.state == "paused":
            self.rec.resume()
            self.source.resume()
            self._set_state("recording", self.tr("Recording…"))

    def _input_failed(self, reason: str) -> None:
        if self.state in ("recording", "paused"):
            self.finish(reason)

    def _stop_source(self) -> None:
        self.timer.stop()
        if self.source is not None:
            self.source.sound.disconnect(self._sound)
            self.source.stop()
            self.source = None

    def finish(self, reason: str = "") -> None:
        """Stop recording and keep it with the testimony (stored in the worker)."""
        if self.rec is None or self.state not in ("recording", "paused"):
            return
        self._stop_source()
        if self.state == "paused":
            self.rec.resume()
        rec = self.rec
        self._set_state("keeping", (reason + " " if reason else "") +
                        self.tr("Keeping the recording…"))
        task = self.controller.vault_task("keep recording", lambda _vault, _ctx: rec.finish())
        task.succeeded.connect(self._kept)
        task.failed.connect(lambda exc: self._set_state("failed", message_for(exc)))

    def _kept(self, result: object) -> None:
        if not isinstance(result, recording.Kept):
            return
        self.rec = None
        self._set_state("kept", fill(self.tr(
            "Kept: %1 of recording, sealed in the vault with the testimony."),
            clock(result.duration_ms)))
        self.controller.notify_changed("media", result.media_id)
        self.kept.emit(result.media_id)

    def _confirm_discard(self) -> None:
        if self.rec is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Discard the recording?"),
            self.tr("Throw away this recording? It cannot be recovered afterwards."),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Discard:
            self.discard_recording()

    def discard_recording(self) -> None:
        """Throw the recording away, with nothing left of it."""
        if self.rec is None:
            return
        self._stop_source()
        self.rec.discard()
        self.rec = None
        self._set_state("ready", self.tr("The recording was thrown away."))
        self.elapsed.setText(clock(0))

    def _set_aside(self) -> None:
        """The vault is locking: seal everything now; the next unlock keeps it."""
        if self.rec is None or self.state not in ("recording", "paused"):
            return
        self._stop_source()
        try:
            self.rec.set_aside()
        except WillayError as exc:
            self._set_state("failed", message_for(exc))
            return
        self.rec = None
        self._set_state("kept", self.tr("The vault locked: the recording was sealed and is "
                                        "kept with the testimony when the vault is opened."))
        self.reject()

    # -- display -----------------------------------------------------------------
    def _tick(self) -> None:
        if self.rec is None:
            return
        self.elapsed.setText(clock(self.rec.duration_ms))
        peak = self.rec.peak if self.state == "recording" else 0.0
        # A meter in decibels: -60 dB (silence) to 0 dB (the loudest the input can give).
        self.level.setValue(0 if peak <= 0.001 else
                            max(0, min(100, int(100 + 100 * math.log10(peak) / 3))))
        self._ticks += 1
        if self._ticks % _ROOM_EVERY_TICKS == 0:
            self._show_room()

    def _show_room(self) -> None:
        vault = self.controller.unlocked_vault()
        per_second = self.rec.bytes_per_second if self.rec else 4200
        free, seconds = recording.room_left(vault.path, per_second)
        hours = seconds // 3600
        if hours >= 1:
            text = fill(self.tr("%1 — about %2 hours of recording"), size(free), number(hours))
        else:
            text = fill(self.tr("%1 — about %2 minutes of recording"), size(free),
                        number(seconds // 60))
        self.room.setText(text)
        self.room.setStyleSheet("color: #b00020; font-weight: bold;" if seconds < 600 else "")

    def _set_state(self, state: str, message: str, problem: bool = False) -> None:
        """Enable what the state allows; a message that reports a problem shows in red."""
        self.state = state
        self.status.setText(message)
        self.status.setVisible(bool(message))
        problem = problem or state in ("failed", "none")
        self.status.setStyleSheet("color: #b00020;" if problem else "font-weight: bold;")
        active = state in ("recording", "paused")
        self.record.setEnabled(state == "ready" and bool(self.choices))
        self.inputs.setEnabled(state in ("ready", "none", "kept"))
        self.look_again.setEnabled(not active and state != "keeping")
        self.pause.setEnabled(active)
        self.pause.setText(self.tr("&Resume") if state == "paused" else self.tr("&Pause"))
        self.stop.setEnabled(active)
        self.discard.setEnabled(active)
        self.close_button.setEnabled(state != "keeping")
        if state == "kept":
            self.record.setEnabled(False)
        if not active:
            self.level.setValue(0)

    def reject(self) -> None:
        """Close (Escape, the window's close button): ask what to do with a recording
        still going, and never close while one is being kept."""
        if self.state == "keeping":
            return
        if self.state in ("recording", "paused"):
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Stop recording?"),
                              self.tr("The recording is still going. Keep what was "
                                      "recorded with the testimony?"), parent=self)
            keep = box.addButton(self.tr("Stop and &keep"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(self.tr("&Go on recording"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(keep)
            box.exec()
            if box.clickedButton() is keep:
                self.finish()
            return
        with contextlib.suppress(RuntimeError):
            self.controller.about_to_lock.disconnect(self._set_aside)
        super().reject()
