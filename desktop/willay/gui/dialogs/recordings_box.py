"""The recordings of a testimony inside its editor: record another, transcribe them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from willay.core.errors import WillayError
from willay.gui.capabilities import Feature, hold_back, not_yet
from willay.gui.dialogs.transcription import recording_label, recordings_of
from willay.gui.errors import message_for
from willay.gui.labels import fill

if TYPE_CHECKING:
    from willay.gui.dialogs.recorder_dialog import RecorderDialog
    from willay.gui.dialogs.testimony_editor import TestimonyEditor
    from willay.gui.dialogs.transcription import TranscriptionDialog


class RecordingsBox(QGroupBox):
    """Lists the testimony's recordings; Record… and Transcribe… open their windows.

    Both first save the testimony as typed (a recording needs a testimony to belong to),
    and say so when the fields cannot be saved yet.
    """

    def __init__(self, editor: TestimonyEditor) -> None:
        super().__init__()
        self.setTitle(self.tr("Recordings"))
        self.setObjectName("recordingsBox")
        self.editor = editor
        self.listing = QLabel()
        self.listing.setWordWrap(True)
        self.listing.setAccessibleName(self.tr("Recordings of this testimony"))
        self.record = QPushButton(self.tr("● Recor&d…"))
        self.record.setAccessibleName(self.tr("Record the testimony from the microphone"))
        self.transcribe = QPushButton(self.tr("Tran&scribe…"))
        self.transcribe.setAccessibleName(self.tr("Listen to the recordings and type the "
                                                  "transcript"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.record)
        buttons.addWidget(self.transcribe)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.listing)
        layout.addLayout(buttons)
        self.record.clicked.connect(self.open_recorder)
        self.transcribe.clicked.connect(self.open_transcription)
        self.recorder: RecorderDialog | None = None
        self.transcription: TranscriptionDialog | None = None
        if editor.controller is None:
            self.hide()
        else:
            hold_back(self.record, Feature.RECORDINGS, editor.controller.can)

    def refresh(self) -> None:
        """Show the recordings as the vault holds them now."""
        controller = self.editor.controller
        testimony = self.editor.testimony_id
        if controller is None:
            return
        found = recordings_of(controller, testimony) if testimony else []
        lines = [recording_label(f) for f in found]
        self.listing.setText("\n".join(lines) if lines else self.tr(
            "No recording yet. Record the testimony here, or add a sound file to it.")
            if controller.can(Feature.RECORDINGS) else not_yet(Feature.RECORDINGS))
        self.transcribe.setEnabled(bool(found))

    def _saved_first(self) -> str | None:
        """Save the testimony as typed when it is new or changed; return its id."""
        if self.editor.testimony_id and not self.editor.dirty:
            return self.editor.testimony_id
        return self.editor.store()

    def _about(self) -> str:
        witness = self.editor.witness.currentText()
        return fill(self.tr("Testimony of %1"), witness)

    def open_recorder(self) -> RecorderDialog | None:
        """Open the recording window (the testimony is saved first)."""
        controller = self.editor.controller
        testimony = self._saved_first()
        if controller is None or testimony is None:
            return None
        try:
            from willay.gui.dialogs.recorder_dialog import RecorderDialog
        except ImportError as exc:
            self.editor.error.setText(message_for(WillayError(self.tr(
                "Recording is not possible on this computer: the sound system of Qt is "
                "missing (%1)."), exc)))
            self.editor.error.show()
            return None
        self.recorder = RecorderDialog(controller, testimony, self._about(),
                                       self.editor.interviewer.text(), self.editor)
        self.recorder.kept.connect(lambda _media: self.refresh())
        self.recorder.finished.connect(lambda _result: self.refresh())
        self.recorder.open()
        return self.recorder

    def open_transcription(self) -> TranscriptionDialog | None:
        """Open the transcription window (the testimony is saved first)."""
        from willay.gui.dialogs.transcription import TranscriptionDialog

        controller = self.editor.controller
        testimony = self._saved_first()
        if controller is None or testimony is None:
            return None
        self.transcription = TranscriptionDialog(controller, testimony, self._about(),
                                                 self.editor)
        self.transcription.saved.connect(lambda _id: self.editor.reload_texts())
        self.transcription.open()
        return self.transcription
