"""The person editor: name, pseudonym, details, roles, languages and consent."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import WillayError
from willay.core.records.fields import age_range
from willay.core.reference.vocabularies import vocabulary
from willay.gui.archive import Archive
from willay.gui.dialogs.custom_fields import organization_fields, with_organization_tab
from willay.gui.dialogs.fields import CodeList, ConsentChooser, save_record
from willay.gui.dialogs.unsaved import RecordEditor, fold
from willay.gui.i18n import current_language
from willay.gui.widgets import buddy_label, line, message_label, note

COMMON_LANGUAGES = 12


class PersonEditor(RecordEditor):
    """Create or revise a person; the pseudonym is what leaves the vault when anonymized."""

    kind = "person"

    saved = Signal(str)
    """Emits: the id of the person just saved."""

    def __init__(self, archive: Archive, person_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(archive, person_id, parent)
        self.setObjectName("personEditor")
        self.setWindowTitle(self.tr("Edit person") if person_id else self.tr("New person"))
        self.resize(900, 640)
        self.full_name = line(self.tr("Full name"))
        self.pseudonym = line(self.tr("Pseudonym"), self.tr("e.g. T-07"))
        self.sex = QComboBox()
        self.sex.setAccessibleName(self.tr("Sex or gender"))
        self.sex.addItem(self.tr("Not recorded"), None)
        for found in vocabulary("sex_gender").terms:
            self.sex.addItem(found.label(current_language()), found.code)
        self.age = QSpinBox()
        self.age.setRange(-1, 130)
        self.age.setSpecialValueText(self.tr("Unknown"))
        self.age.setValue(-1)
        self.age.setAccessibleName(self.tr("Age"))
        self.age_range = line(self.tr("Age range"), "18-25")
        self.community = line(self.tr("Community"))
        self.indigenous = line(self.tr("Indigenous people"), self.tr("e.g. Aymara, Quechua"))
        self.contact = QPlainTextEdit()
        self.contact.setAccessibleName(self.tr("Contact details"))
        self.contact.setTabChangesFocus(True)
        self.contact.setMaximumHeight(70)
        self.roles = CodeList("person_roles", self.tr("Roles"))
        self.languages = CodeList("languages", self.tr("Languages"), limit=COMMON_LANGUAGES,
                                  show_code=True)
        self.consent = ConsentChooser(self.tr("Consent"))
        self.error = message_label("personError")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)

        ages = QHBoxLayout()
        ages.addWidget(self.age)
        ages.addWidget(self.age_range)
        form = QFormLayout()
        form.addRow(self.tr("Full &name:"), self.full_name)
        form.addRow(self.tr("Pse&udonym:"), self.pseudonym)
        form.addRow("", note(self.tr(
            "The pseudonym replaces the name in anything shared anonymized. Choose one that "
            "cannot lead back to the person.")))
        form.addRow(self.tr("Se&x or gender:"), self.sex)
        form.addRow(buddy_label(self.tr("A&ge or range:"), self.age), ages)
        form.addRow(self.tr("Co&mmunity:"), self.community)
        form.addRow(self.tr("Indigenous &people:"), self.indigenous)
        form.addRow(self.tr("Con&tact:"), self.contact)
        roles_box = QGroupBox(self.tr("&Roles"))
        QVBoxLayout(roles_box).addWidget(self.roles)
        languages_box = QGroupBox(self.tr("&Languages"))
        QVBoxLayout(languages_box).addWidget(self.languages)
        consent_box = QGroupBox(self.tr("&Consent to share"))
        QVBoxLayout(consent_box).addWidget(self.consent)
        right = QVBoxLayout()
        lists = QHBoxLayout()
        lists.addWidget(roles_box, 0)
        lists.addWidget(languages_box, 1)
        right.addLayout(lists, 1)
        right.addWidget(consent_box)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.organization = organization_fields(archive, "person", person_id)
        layout = QVBoxLayout(self)
        layout.addWidget(with_organization_tab(columns, self.organization,
                                               self.tr("Person")), 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        if person_id:
            self._load(person_id)
        self.mark_clean()

    @property
    def person_id(self) -> str | None:
        """The person edited (None until a new one is saved)."""
        return self.record_id

    def _load(self, person_id: str) -> None:
        f = self.archive.record(person_id).fields or {}
        self.full_name.setText(f.get("full_name", ""))
        self.pseudonym.setText(f.get("pseudonym", ""))
        self.sex.setCurrentIndex(max(0, self.sex.findData(f.get("sex_gender"))))
        self.age.setValue(f["age"] if f.get("age") is not None else -1)
        self.age_range.setText(f.get("age_range") or "")
        self.community.setText(f.get("community", ""))
        self.indigenous.setText(f.get("indigenous_people", ""))
        self.contact.setPlainText(f.get("contact", ""))
        self.roles.set_codes(f.get("roles", []))
        self.languages.set_codes(f.get("languages", []))
        self.consent.set_scope(f.get("consent", "internal"))

    def fields(self) -> dict[str, Any]:
        """The fields as typed, in the core's form."""
        return {
            "full_name": self.full_name.text(),
            "pseudonym": self.pseudonym.text(),
            "sex_gender": self.sex.currentData(),
            "age": self.age.value() if self.age.value() >= 0 else None,
            "age_range": self.age_range.text().strip() or None,
            "community": self.community.text(),
            "indigenous_people": self.indigenous.text(),
            "languages": self.languages.codes(),
            "roles": self.roles.codes(),
            "contact": self.contact.toPlainText(),
            "consent": self.consent.scope(),
        }

    def draft_fields(self, careful: bool) -> dict[str, Any]:
        """The values typed, as a draft: a missing name gets one; carefully, an age range
        the core would refuse goes into the contact details."""
        fields = self.fields()
        fields["full_name"] = fields["full_name"].strip() or self.tr("Draft without a name")
        typed_range = fields["age_range"]
        if careful and typed_range:
            try:
                age_range(typed_range)
            except WillayError:
                fields["age_range"] = None
                fields["contact"] = fold(fields["contact"], typed_range)
        return fields

    def save(self) -> None:
        """Save through the core; a refusal is shown here."""
        record_id = save_record(self.archive, "person", self.person_id, self.fields,
                                self.error, self.organization_values())
        if record_id is None:
            return
        self.record_id = record_id
        self.mark_clean()
        self.saved.emit(record_id)
        self.accept()
