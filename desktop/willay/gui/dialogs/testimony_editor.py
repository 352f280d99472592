"""The testimony editor, with the consent scope made prominent."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import WillayError
from willay.core.reference.vocabularies import vocabulary
from willay.gui.archive import Archive
from willay.gui.controller import Controller
from willay.gui.dialogs.custom_fields import organization_fields, with_organization_tab
from willay.gui.dialogs.fields import ConsentChooser, save_record
from willay.gui.dialogs.person_editor import PersonEditor
from willay.gui.dialogs.recordings_box import RecordingsBox
from willay.gui.dialogs.unsaved import RecordEditor, fold
from willay.gui.i18n import current_language
from willay.gui.widgets import buddy_label, line, message_label


class TestimonyEditor(RecordEditor):
    """Create or revise a testimony about one or more incidents."""

    kind = "testimony"

    saved = Signal(str)
    """Emits: the id of the testimony just saved."""

    def __init__(self, archive: Archive, incidents: list[str], testimony_id: str | None = None,
                 parent: QWidget | None = None, controller: Controller | None = None) -> None:
        super().__init__(archive, testimony_id, parent)
        self.controller = controller
        self.incidents = list(incidents)
        self.setObjectName("testimonyEditor")
        self.setWindowTitle(self.tr("Edit testimony") if testimony_id
                            else self.tr("New testimony"))
        self.resize(980, 680)
        self.consent = ConsentChooser(self.tr("Consent"))
        self.witness = QComboBox()
        self.witness.setAccessibleName(self.tr("Witness"))
        self.new_witness = QPushButton(self.tr("New &person…"))
        self.new_witness.setAccessibleName(self.tr("Add a new person as witness"))
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language of the testimony"))
        for found in vocabulary("languages").terms:
            self.language.addItem(f"{found.label(current_language())} ({found.code})", found.code)
        self.recorded = line(self.tr("Recorded on"), "2023-01-12")
        self.recorded_place = line(self.tr("Recorded at"))
        self.interviewer = line(self.tr("Interviewer"))
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.transcript = QPlainTextEdit()
        self.transcript.setAccessibleName(self.tr("Transcript"))
        self.transcript.setPlaceholderText(self.tr(
            "Type the testimony here, or record it below and transcribe it later."))
        self.translation = QPlainTextEdit()
        self.translation.setAccessibleName(self.tr("Translation"))
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(self.tr("Notes"))
        for text in (self.transcript, self.translation, self.notes):
            text.setTabChangesFocus(True)
        self.error = message_label("testimonyError")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)

        witness_row = QHBoxLayout()
        witness_row.addWidget(self.witness, 1)
        witness_row.addWidget(self.new_witness)
        form = QFormLayout()
        form.addRow(self.tr("About:"), self.about)
        form.addRow(buddy_label(self.tr("&Witness:"), self.witness), witness_row)
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow(self.tr("&Recorded on:"), self.recorded)
        form.addRow(self.tr("Recorded &at:"), self.recorded_place)
        form.addRow(self.tr("&Interviewer:"), self.interviewer)
        consent_box = QGroupBox(self.tr("&Consent: who may see this testimony"))
        consent_box.setObjectName("consentBox")
        QVBoxLayout(consent_box).addWidget(self.consent)
        self.recordings = RecordingsBox(self)
        left = QVBoxLayout()
        left.addWidget(consent_box)
        left.addLayout(form)
        left.addWidget(self.recordings)
        left.addStretch(1)
        texts = QTabWidget()
        texts.addTab(self.transcript, self.tr("&Transcript"))
        texts.addTab(self.translation, self.tr("Tra&nslation"))
        texts.addTab(self.notes, self.tr("N&otes"))
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addWidget(texts, 3)
        self.organization = organization_fields(archive, "testimony", testimony_id)
        layout = QVBoxLayout(self)
        layout.addWidget(with_organization_tab(columns, self.organization,
                                               self.tr("Testimony")), 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.new_witness.clicked.connect(self._add_witness)
        self._fill_people()
        self.language.setCurrentIndex(max(0, self.language.findData("es")))
        if testimony_id:
            self._load(testimony_id)
        self._show_about()
        self.recordings.refresh()
        self.mark_clean()

    @property
    def testimony_id(self) -> str | None:
        """The testimony edited (None until a new one is saved)."""
        return self.record_id

    def _fill_people(self, select: str | None = None) -> None:
        self.witness.clear()
        self.witness.addItem(self.tr("Choose the witness…"), None)
        for person in self.archive.all_people():
            label = person.full_name + (f" ({person.pseudonym})" if person.pseudonym else "")
            self.witness.addItem(label, person.id)
        if select:
            self.witness.setCurrentIndex(max(0, self.witness.findData(select)))

    def _show_about(self) -> None:
        titles = []
        for incident_id in self.incidents:
            fields = self.archive.record(incident_id).fields or {}
            titles.append(fields.get("title", incident_id))
        self.about.setText("; ".join(titles))

    def _add_witness(self) -> None:
        editor = PersonEditor(self.archive, parent=self)
        editor.roles.set_codes(["witness"])
        editor.saved.connect(self._fill_people)
        editor.open()

    def _load(self, testimony_id: str) -> None:
        f = self.archive.record(testimony_id).fields or {}
        self.incidents = list(f.get("incidents", self.incidents))
        self.witness.setCurrentIndex(max(0, self.witness.findData(f.get("witness"))))
        self.language.setCurrentIndex(max(0, self.language.findData(f.get("language"))))
        self.recorded.setText(f.get("recorded_date") or "")
        self.recorded_place.setText((f.get("recorded_place") or {}).get("text", ""))
        self.interviewer.setText(f.get("interviewer", ""))
        self.consent.set_scope(f.get("consent", "internal"))
        self.transcript.setPlainText(f.get("transcript", ""))
        self.translation.setPlainText(f.get("translation", ""))
        self.notes.setPlainText(f.get("notes", ""))

    def fields(self) -> dict[str, Any]:
        """The fields as typed, in the core's form."""
        witness = self.witness.currentData()
        if not witness:
            raise WillayError(self.tr("Choose the witness, or add a new person."))
        current: dict[str, Any] = {}
        if self.testimony_id:
            current = self.archive.record(self.testimony_id).fields or {}
        recorded_place = dict(current.get("recorded_place") or {})
        recorded_place["text"] = self.recorded_place.text()
        return {
            "incidents": self.incidents,
            "witness": witness,
            "language": self.language.currentData(),
            "consent": self.consent.scope(),
            "recorded_date": self.recorded.text().strip() or None,
            "recorded_place": recorded_place,
            "interviewer": self.interviewer.text(),
            "transcript": self.transcript.toPlainText(),
            "translation": self.translation.toPlainText(),
            "notes": self.notes.toPlainText(),
        }

    def draft_fields(self, careful: bool) -> dict[str, Any]:
        """The values typed, as a draft (a witness must have been chosen); carefully, the
        recording date goes into the notes."""
        fields = self.fields()
        if careful and fields["recorded_date"]:
            fields["notes"] = fold(fields["notes"], fields["recorded_date"])
            fields["recorded_date"] = None
        return fields

    def store(self) -> str | None:
        """Save through the core and stay open; a refusal is shown here (None)."""
        record_id = save_record(self.archive, "testimony", self.testimony_id, self.fields,
                                self.error, self.organization_values())
        if record_id is None:
            return None
        self.record_id = record_id
        self.mark_clean()
        self.saved.emit(record_id)
        return record_id

    def save(self) -> None:
        """Save through the core and close; a refusal is shown here."""
        if self.store() is not None:
            self.accept()

    def reload_texts(self) -> None:
        """Show the transcript and translation as saved (after transcribing)."""
        if self.testimony_id:
            f = self.archive.record(self.testimony_id).fields or {}
            self.transcript.setPlainText(f.get("transcript", ""))
            self.translation.setPlainText(f.get("translation", ""))
            self.mark_clean()
