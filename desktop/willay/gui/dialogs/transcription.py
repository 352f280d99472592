"""Transcribe a recorded testimony: the recording plays from memory beside the texts.

The keys work while typing: Ctrl+Space plays or pauses, Ctrl+R goes back five seconds,
Ctrl+D plays slower (then slower, then at normal speed again), Ctrl+T writes the time
heard at the cursor. Ctrl+S saves the transcript and translation as a new revision.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import WillayError
from willay.core.i18n import clock
from willay.gui.controller import Controller
from willay.gui.dialogs.media_viewer import new_player
from willay.gui.errors import message_for
from willay.gui.labels import fill, stamp
from willay.gui.widgets import heading, message_label, note
from willay.gui.workers import Task

SPEEDS = (1.0, 0.75, 0.5)
BACK_MS = 5000


def recordings_of(controller: Controller, testimony_id: str) -> list[dict[str, Any]]:
    """Return the fields of the recordings of a testimony, oldest first."""
    archive = controller.archive
    rows = archive.media_page(0, 1000, [testimony_id])
    found = [archive.media_fields(row.id) | {"id": row.id} for row in rows
             if row.media_kind == "audio" and row.attached_to == testimony_id]
    return sorted(found, key=lambda f: str(f.get("metadata", {}).get("recording_started")
                                            or f.get("intake_time", "")))


def recording_label(fields: dict[str, Any]) -> str:
    """Name a recording for a list: when it was made and how long it lasts."""
    meta = fields.get("metadata", {})
    started = str(meta.get("recording_started") or fields.get("intake_time", ""))
    length = meta.get("duration_ms")
    text = stamp(started, exact=False) if started else str(fields.get("original_name", ""))
    if isinstance(length, int):
        text += " — " + clock(length)
    if meta.get("recovered"):
        text += " — " + QCoreApplication.translate(
            "Recordings", "cut short, kept up to its last sealed part")
    return text


class TranscriptionDialog(QDialog):
    """Listen and type: the transcript and its translation beside the recording."""

    saved = Signal(str)
    """Emits: the id of the testimony whose texts were saved."""

    def __init__(self, controller: Controller, testimony_id: str, about: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcriptionDialog")
        self.setWindowTitle(self.tr("Transcribe the testimony"))
        self.controller = controller
        self.testimony_id = testimony_id
        self.speed = 0
        self.task: Task | None = None
        fields = controller.archive.record(testimony_id).fields or {}
        self.recordings = recordings_of(controller, testimony_id)

        self.choice = QComboBox()
        self.choice.setAccessibleName(self.tr("Recording"))
        for found in self.recordings:
            self.choice.addItem(recording_label(found), found["id"])
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.speed_label = QLabel()
        self.player = new_player(False, self)
        self.transcript = QPlainTextEdit(str(fields.get("transcript", "")))
        self.transcript.setAccessibleName(self.tr("Transcript"))
        self.translation = QPlainTextEdit(str(fields.get("translation", "")))
        self.translation.setAccessibleName(self.tr("Translation"))
        self.error = message_label("transcriptionError")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Recording:")))
        top.addWidget(self.choice, 1)
        top.addWidget(self.speed_label)
        texts = QSplitter(Qt.Orientation.Horizontal)
        for title, edit in ((self.tr("Transcript, in the words of the witness"),
                             self.transcript),
                            (self.tr("Translation"), self.translation)):
            column = QWidget()
            column_layout = QVBoxLayout(column)
            column_layout.setContentsMargins(0, 0, 0, 0)
            label = QLabel(title)
            label.setBuddy(edit)
            column_layout.addWidget(label)
            column_layout.addWidget(edit, 1)
            texts.addWidget(column)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(about, 2))
        layout.addLayout(top)
        if self.player is not None:
            layout.addWidget(self.player)
        layout.addWidget(self.status)
        layout.addWidget(note(self.tr(
            "Keys while typing: Ctrl+Space play or pause · Ctrl+R back 5 seconds · "
            "Ctrl+D slower · Ctrl+T write the time heard · Ctrl+S save")))
        layout.addWidget(texts, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(1100, 700)

        for keys, action in (("Ctrl+Space", self.toggle), ("Ctrl+R", self.back),
                             ("Ctrl+D", self.slower), ("Ctrl+T", self.insert_time),
                             (QKeySequence.StandardKey.Save, self.save)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.choice.currentIndexChanged.connect(self._load)
        self._clean = (self.transcript.toPlainText(), self.translation.toPlainText())
        self._show_speed()
        if not self.recordings:
            self.status.setText(self.tr("This testimony has no recording yet."))
        elif self.player is None:
            self.status.setText(self.tr("Recordings cannot be played on this computer; "
                                        "use “Export original” in the media viewer."))
        else:
            self._load()
        self.transcript.setFocus()

    # -- the recording -------------------------------------------------------------
    def _load(self) -> None:
        if self.player is None or not self.recordings:
            return
        found = self.recordings[max(0, self.choice.currentIndex())]
        self.status.setText(self.tr("Decrypting the recording…"))
        self.task = self.controller.read_original(str(found["sha256"]))
        self.task.succeeded.connect(self._playable)
        self.task.failed.connect(lambda exc: self.status.setText(message_for(exc)))

    def _playable(self, data: object) -> None:
        if self.player is None or not isinstance(data, bytes):
            return
        self.player.load(data)
        self.player.player.setPlaybackRate(SPEEDS[self.speed])
        self.status.setText(self.tr("Played from memory: no unencrypted copy is written to "
                                    "disk."))

    def toggle(self) -> None:
        """Play or pause (Ctrl+Space)."""
        if self.player is not None:
            self.player.toggle()

    def back(self) -> None:
        """Go back five seconds (Ctrl+R)."""
        if self.player is not None:
            self.player.player.setPosition(max(0, self.player.player.position() - BACK_MS))

    def slower(self) -> None:
        """Play slower, then slower again, then at normal speed (Ctrl+D)."""
        self.speed = (self.speed + 1) % len(SPEEDS)
        if self.player is not None:
            self.player.player.setPlaybackRate(SPEEDS[self.speed])
        self._show_speed()

    def _show_speed(self) -> None:
        self.speed_label.setText(fill(self.tr("Speed: %1×"),
                                      QLocale().toString(SPEEDS[self.speed], "g", 3)))

    def insert_time(self) -> None:
        """Write the time heard, as [m:ss], where the cursor is (Ctrl+T)."""
        position = self.player.player.position() if self.player is not None else 0
        target = self.translation if self.translation.hasFocus() else self.transcript
        target.insertPlainText(f"[{clock(position)}] ")
        target.setFocus()

    # -- the texts -------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        """Whether the texts changed since they were last saved."""
        return (self.transcript.toPlainText(), self.translation.toPlainText()) != self._clean

    def save(self) -> bool:
        """Save the transcript and translation as a new revision; say if it worked."""
        changes = {"transcript": self.transcript.toPlainText(),
                   "translation": self.translation.toPlainText()}
        try:
            self.controller.archive.save("testimony", self.testimony_id, changes)
        except WillayError as exc:
            self.error.setText(message_for(exc))
            self.error.show()
            return False
        self._clean = (changes["transcript"], changes["translation"])
        self.error.setText(self.tr("Saved."))
        self.controller.notify_changed("testimony", self.testimony_id)
        self.saved.emit(self.testimony_id)
        return True

    def reject(self) -> None:
        """Close; ask first when the texts were changed and not saved."""
        if self.dirty:
            answer = QMessageBox.question(
                self, self.tr("Save the transcript?"),
                self.tr("The transcript or the translation changed. Save them before "
                        "closing?"),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save and not self.save():
                return
        if self.player is not None:
            self.player.stop()
        super().reject()
