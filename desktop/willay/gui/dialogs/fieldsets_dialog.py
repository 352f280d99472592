"""The organization's field sets: the ones held here, the one new records are filled in
with, a new one or its next version, one imported from a file, one written to a file."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from willay.core.canonical import canonical_json
from willay.core.errors import WillayError
from willay.core.fileio import atomic_write
from willay.core.reference import fieldset_files, xlsform
from willay.core.reference.fieldsets import FieldSet, label_in
from willay.gui.archive import Archive
from willay.gui.dialogs.custom_fields import sensitivity_words, type_words
from willay.gui.dialogs.fieldset_editor import FieldSetEditor
from willay.gui.i18n import current_language
from willay.gui.labels import fill
from willay.gui.views import html
from willay.gui.widgets import Outcome, buddy_label, note

SET_ROLE = Qt.ItemDataRole.UserRole + 11


class FieldSetsDialog(QDialog):
    """List the field sets; make, import, choose, export one; see its fields."""

    changed = Signal()
    """Emits: a field set was added, given a next version, or chosen."""

    def __init__(self, archive: Archive, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.editor: FieldSetEditor | None = None
        self.setObjectName("fieldSetsDialog")
        self.setWindowTitle(self.tr("Your organization's field sets"))
        self.resize(900, 560)
        self.sets = QListWidget()
        self.sets.setAccessibleName(self.tr("Field sets held in this vault"))
        self.detail = QLabel()
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.new_button = QPushButton(self.tr("&New field set…"))
        self.import_button = QPushButton(self.tr("&Import from a file…"))
        self.import_kind = QComboBox()
        self.import_kind.setAccessibleName(self.tr("An ODK form's questions are about"))
        for code, text in (("incident", self.tr("incidents")), ("person", self.tr("people")),
                           ("testimony", self.tr("testimonies"))):
            self.import_kind.addItem(text, code)
        self.next_button = QPushButton(self.tr("Ne&xt version…"))
        self.use_button = QPushButton(self.tr("&Use for new records"))
        self.export_button = QPushButton(self.tr("&Write to a file…"))
        self.outcome = Outcome("fieldSetsOutcome")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        actions = QVBoxLayout()
        for button in (self.new_button, self.import_button):
            actions.addWidget(button)
        actions.addWidget(buddy_label(self.tr("ODK form &questions are about:"),
                                      self.import_kind))
        actions.addWidget(self.import_kind)
        for button in (self.next_button, self.use_button, self.export_button):
            actions.addWidget(button)
        actions.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(self.sets, 2)
        columns.addWidget(self.detail, 3)
        columns.addLayout(actions)
        layout = QVBoxLayout(self)
        layout.addWidget(note(self.tr(
            "A field set adds your organization's own questions to incidents, people and "
            "testimonies. Its values travel to partners only where each field's "
            "\u201cwho may see it\u201d reaches them.")))
        layout.addLayout(columns, 1)
        layout.addWidget(self.outcome)
        layout.addWidget(close)
        close.rejected.connect(self.reject)
        close.accepted.connect(self.accept)
        self.sets.currentItemChanged.connect(self._chosen)
        self.new_button.clicked.connect(lambda: self.open_editor(None))
        self.next_button.clicked.connect(lambda: self.open_editor(self.chosen()))
        self.import_button.clicked.connect(self._choose_file)
        self.use_button.clicked.connect(self.use_chosen)
        self.export_button.clicked.connect(self._choose_export)
        self.reload()

    def reload(self, keep: str | None = None) -> None:
        """List the field sets again, keeping ``keep`` (or the one chosen) chosen."""
        chosen = self.chosen()
        keep = keep or (chosen.id if chosen is not None else None)
        held, in_use = self.archive.fieldsets()
        self.sets.clear()
        lang = current_language()
        for fieldset in held:
            mark = "  ✓ " + self.tr("in use") if fieldset.id == in_use else ""
            item = QListWidgetItem(fill(self.tr("%1 — version %2"),
                                        label_in(fieldset.labels, lang), fieldset.version)
                                   + mark + "\n" + fieldset.organization)
            item.setData(SET_ROLE, fieldset)
            self.sets.addItem(item)
            if fieldset.id == keep or (keep is None and fieldset.id == in_use):
                self.sets.setCurrentItem(item)
        if self.sets.currentItem() is None and self.sets.count():
            self.sets.setCurrentRow(0)
        if not held:
            self.detail.setText(self.tr("This vault holds no field set yet. Make one, or "
                                        "import your organization's form from a file (a "
                                        "Willay field set, or an ODK form in .xlsx)."))
        self._enable()

    def chosen(self) -> FieldSet | None:
        """The field set chosen in the list."""
        item = self.sets.currentItem()
        found = item.data(SET_ROLE) if item is not None else None
        return found if isinstance(found, FieldSet) else None

    def _enable(self) -> None:
        has = self.chosen() is not None
        for button in (self.next_button, self.use_button, self.export_button):
            button.setEnabled(has)

    def _chosen(self) -> None:
        self._enable()
        fieldset = self.chosen()
        if fieldset is None:
            return
        lang = current_language()
        names = {"incident": self.tr("Incidents"), "person": self.tr("People"),
                 "testimony": self.tr("Testimonies")}
        parts = [html.title(label_in(fieldset.labels, lang))]
        for kind, heading in names.items():
            rows = []
            for entry in fieldset.for_kind(kind):
                if entry.type == "section":
                    rows.append((label_in(entry.labels, lang), type_words(entry.type)))
                    continue
                marks = [type_words(entry.type), sensitivity_words(entry.sensitivity)]
                if entry.required:
                    marks.append(self.tr("required"))
                if entry.deprecated:
                    marks.append(self.tr("no longer asked"))
                rows.append((label_in(entry.labels, lang), ", ".join(marks)))
            if rows:
                parts.append(f"<h3>{heading}</h3>" + html.rows(rows))
        self.detail.setText("".join(parts))

    # -- actions ---------------------------------------------------------------------
    def open_editor(self, current: FieldSet | None) -> FieldSetEditor:
        """Open the editor for a new field set or the next version of ``current``."""
        self.editor = FieldSetEditor(self.archive, current, self)
        self.editor.saved.connect(self._kept)
        self.editor.open()
        return self.editor

    def _kept(self, set_id: str) -> None:
        self.reload(set_id)
        self.outcome.say("ok", escape(self.tr("Field set kept.")))
        self.changed.emit()

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a field set"), "",
            self.tr("Field sets and ODK forms (*.json *.xlsx)"))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path, skip_unmapped: bool = False) -> QMessageBox | None:
        """Read and keep the field set in ``path``; questions of types that do not map are
        named and asked about first (returns that question box)."""
        try:
            read = fieldset_files.read_file(
                path, organization=self.archive.organization(),
                applies_to=str(self.import_kind.currentData()), skip_unmapped=skip_unmapped)
            kept = self.archive.keep_fieldset(read.fieldset)
        except xlsform.UnmappedQuestions as exc:
            return self._ask_skip(path, str(exc))
        except WillayError as exc:
            self.outcome.say("refused", escape(str(exc)))
            return None
        said = [fill(self.tr("%1, version %2, kept."),
                     label_in(kept.fieldset.labels, current_language()), kept.fieldset.version),
                *read.notes]
        if read.left_out:
            said.append(fill(self.tr("Left out: %1."), ", ".join(
                f"{q.name} ({q.type})" for q in read.left_out)))
        self.reload(kept.fieldset.id)
        self.outcome.say("ok", escape(" ".join(said)))
        self.changed.emit()
        return None

    def _ask_skip(self, path: Path, reason: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Questions Willay cannot take"),
                          reason, QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("skipUnmapped")
        rest = box.addButton(self.tr("Import the &rest"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def answered() -> None:
            if box.clickedButton() is rest:
                self.import_file(path, skip_unmapped=True)

        box.finished.connect(answered)
        box.open()
        return box

    def use_chosen(self) -> None:
        """Fill in new records with the field set chosen."""
        fieldset = self.chosen()
        if fieldset is None:
            return
        self.archive.use_fieldset(fieldset.id)
        self.reload(fieldset.id)
        self.outcome.say("ok", escape(fill(self.tr("New records are filled in with %1."),
                                           label_in(fieldset.labels, current_language()))))
        self.changed.emit()

    def _choose_export(self) -> None:
        fieldset = self.chosen()
        if fieldset is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Write the field set to a file"),
                                              f"{fieldset.id}.json", "JSON (*.json)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the chosen field set to ``path`` in Willay's format."""
        fieldset = self.chosen()
        if fieldset is None:
            return
        document = json.dumps(json.loads(canonical_json(fieldset.as_fields())),
                              ensure_ascii=False, indent=2) + "\n"
        try:
            atomic_write(path, document.encode())
        except WillayError as exc:
            self.outcome.say("refused", escape(str(exc)))
            return
        self.outcome.say("ok", escape(fill(self.tr("Written to %1."), path)))
