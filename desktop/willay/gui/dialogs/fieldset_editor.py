"""Make a field set, or its next version: fields added, reordered, retired, previewed.

A field that an earlier version has keeps its key, type, kind of record and choices (a
version never changes what a field means); its words, help, whether it is required and
who may see it can change, and it can be retired ("no longer asked"), never removed. New
fields take any simple type; a choice field's choices are written one per line as
``code | Spanish | English`` (for an earlier field, new lines add choices and the words
of the earlier ones may be corrected). Tables and links to records come from imported
forms.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import WillayError
from willay.core.reference import fieldsets
from willay.core.reference.fieldsets import FieldSet
from willay.gui.archive import Archive
from willay.gui.dialogs.custom_fields import OrganizationFields, sensitivity_words, type_words
from willay.gui.widgets import line, message_label, note

NEW_TYPES = ("text", "long_text", "integer", "decimal", "yes_no", "date", "date_range",
             "choose_one", "choose_many", "point", "section")
KEY, SPANISH, ENGLISH, TYPE, FOR, WHO, REQUIRED, RETIRED = range(8)
_CHOICE = re.compile(r"^\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*$")


class FieldSetEditor(QDialog):
    """Write a new field set, or the next version of ``current``."""

    saved = Signal(str)
    """Emits: the id of the field set just kept."""

    def __init__(self, archive: Archive, current: FieldSet | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.current = current
        self.setObjectName("fieldSetEditor")
        self.resize(1100, 680)
        self.setWindowTitle(self.tr("New field set") if current is None else
                            self.tr("Next version of %1").replace(
                                "%1", fieldsets.label_in(current.labels, "es")))
        self.choices: dict[int, str] = {}  # row -> the choices typed for a new choice field
        self.set_id = line(self.tr("Field set id"), "red-sur-registro")
        self.title_es = line(self.tr("Name in Spanish"))
        self.title_en = line(self.tr("Name in English"))
        self.organization = line(self.tr("Organization"))
        self.table = QTableWidget(0, 8)
        self.table.setObjectName("fieldSetFields")
        self.table.setAccessibleName(self.tr("Fields"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Key"), self.tr("Label (Spanish)"), self.tr("Label (English)"),
            self.tr("Type"), self.tr("For"), self.tr("Who may see it"), self.tr("Required"),
            self.tr("No longer asked")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for column, mode in ((KEY, QHeaderView.ResizeMode.Interactive),
                             (SPANISH, QHeaderView.ResizeMode.Stretch),
                             (ENGLISH, QHeaderView.ResizeMode.Stretch),
                             (TYPE, QHeaderView.ResizeMode.Interactive),
                             (FOR, QHeaderView.ResizeMode.Interactive),
                             (WHO, QHeaderView.ResizeMode.Interactive),
                             (REQUIRED, QHeaderView.ResizeMode.ResizeToContents),
                             (RETIRED, QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        for column, width in ((KEY, 140), (TYPE, 160), (FOR, 120), (WHO, 200)):
            self.table.setColumnWidth(column, width)
        self.add_button = QPushButton(self.tr("&Add a field"))
        self.up_button = QPushButton(self.tr("Move &up"))
        self.down_button = QPushButton(self.tr("Move do&wn"))
        self.remove_button = QPushButton(self.tr("&Remove a new field"))
        self.choice_text = QPlainTextEdit()
        self.choice_text.setAccessibleName(self.tr("Choices of the chosen field"))
        self.choice_text.setPlaceholderText(self.tr("One per line: code | Spanish | English\n"
                                                    "firearm | Arma de fuego | Firearm"))
        self.choice_text.setTabChangesFocus(True)
        self.choice_text.setFixedHeight(96)
        self.preview_kind = QComboBox()
        self.preview_kind.setAccessibleName(self.tr("Preview the fields of"))
        for code, text in (("incident", self.tr("incidents")), ("person", self.tr("people")),
                           ("testimony", self.tr("testimonies"))):
            self.preview_kind.addItem(text, code)
        self.preview_holder = QVBoxLayout()
        self.error = message_label("fieldSetError")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self._lay_out()
        self._fill()
        self.add_button.clicked.connect(lambda: self.add_field())
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.remove_button.clicked.connect(self._remove)
        self.table.currentCellChanged.connect(self._row_chosen)
        self.choice_text.textChanged.connect(self._choices_typed)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.preview_kind.currentIndexChanged.connect(self.show_preview)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("&Id (never changes):"), self.set_id)
        form.addRow(self.tr("Name in &Spanish:"), self.title_es)
        form.addRow(self.tr("Name in &English:"), self.title_en)
        form.addRow(self.tr("&Organization:"), self.organization)
        moves = QHBoxLayout()
        for button in (self.add_button, self.up_button, self.down_button, self.remove_button):
            moves.addWidget(button)
        moves.addStretch(1)
        choices_label = QLabel(self.tr("C&hoices of the chosen field:"))
        choices_label.setBuddy(self.choice_text)
        fields_page = QWidget()
        fields_layout = QVBoxLayout(fields_page)
        fields_layout.addLayout(form)
        fields_layout.addWidget(self.table, 1)
        fields_layout.addLayout(moves)
        fields_layout.addWidget(choices_label)
        fields_layout.addWidget(self.choice_text)
        fields_layout.addWidget(note(self.tr(
            "A field keeps its key and its meaning in every later version: retire it ("
            "\u201cno longer asked\u201d) instead of removing it. Tables and links to "
            "records come from forms imported from a file.")))
        preview_page = QWidget()
        preview_layout = QVBoxLayout(preview_page)
        kind_row = QHBoxLayout()
        kind_label = QLabel(self.tr("Fields &of:"))
        kind_label.setBuddy(self.preview_kind)
        kind_row.addWidget(kind_label)
        kind_row.addWidget(self.preview_kind)
        kind_row.addStretch(1)
        preview_layout.addLayout(kind_row)
        preview_layout.addLayout(self.preview_holder, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(fields_page, self.tr("Fields"))
        self.tabs.addTab(preview_page, self.tr("Preview"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _fill(self) -> None:
        current = self.current
        if current is None:
            self.organization.setText(self.archive.organization())
            return
        self.set_id.setText(current.id)
        self.set_id.setReadOnly(True)
        self.title_es.setText(current.labels.get("es", ""))
        self.title_en.setText(current.labels.get("en", ""))
        self.organization.setText(current.organization)
        for entry in current.fields:
            self.add_field(entry)

    # -- rows ----------------------------------------------------------------------
    def _combo(self, items: list[tuple[str, str]], value: str, accessible: str,
               locked: bool) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(accessible)
        for text, code in items:
            box.addItem(text, code)
        found = box.findData(value)
        if found < 0:
            box.addItem(value, value)
            found = box.count() - 1
        box.setCurrentIndex(found)
        box.setEnabled(not locked)
        return box

    def add_field(self, entry: fieldsets.Field | None = None) -> int:
        """Add a row for ``entry`` (an earlier version's field) or a new, empty field."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        self._write_row(row, {
            "entry": entry, KEY: entry.key if entry else "",
            SPANISH: entry.labels.get("es", "") if entry else "",
            ENGLISH: entry.labels.get("en", "") if entry else "",
            TYPE: entry.type if entry else "text",
            FOR: entry.applies_to if entry else "incident",
            WHO: entry.sensitivity if entry else "partners",
            REQUIRED: entry.required if entry else False,
            RETIRED: entry.deprecated if entry else False})
        if entry is None:
            self.table.setCurrentCell(row, KEY)
        return row

    def _write_row(self, row: int, state: dict[Any, Any]) -> None:
        """Show ``state`` (a field's entry and what was typed for it) in ``row``."""
        entry = state["entry"]
        locked = entry is not None
        for column in (KEY, SPANISH, ENGLISH):
            item = QTableWidgetItem(state[column])
            if column == KEY:
                item.setData(Qt.ItemDataRole.UserRole, entry)
                if locked:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, column, item)
        types = [(type_words(t), t) for t in (fieldsets.TYPES if locked else NEW_TYPES)]
        kinds = [(self.tr("incidents"), "incident"), (self.tr("people"), "person"),
                 (self.tr("testimonies"), "testimony")]
        who = [(sensitivity_words(s), s) for s in fieldsets.SENSITIVITIES]
        self.table.setCellWidget(row, TYPE, self._combo(types, state[TYPE], self.tr("Type"),
                                                        locked))
        self.table.setCellWidget(row, FOR, self._combo(kinds, state[FOR], self.tr("For"),
                                                       locked))
        self.table.setCellWidget(row, WHO, self._combo(who, state[WHO],
                                                       self.tr("Who may see it"), False))
        for column, accessible in ((REQUIRED, self.tr("Required")),
                                   (RETIRED, self.tr("No longer asked"))):
            check = QCheckBox()
            check.setAccessibleName(accessible)
            check.setChecked(state[column])
            # A field retired stays retired; a new field has nothing to retire yet.
            was_retired = entry is not None and entry.deprecated
            check.setEnabled(column == REQUIRED or (locked and not was_retired))
            self.table.setCellWidget(row, column, check)

    def _entry(self, row: int) -> fieldsets.Field | None:
        item = self.table.item(row, KEY)
        found = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return found if isinstance(found, fieldsets.Field) else None

    def _move(self, step: int) -> None:
        row = self.table.currentRow()
        other = row + step
        if row < 0 or not 0 <= other < self.table.rowCount():
            return
        mine, theirs = self._take(row), self._take(other)
        self._write_row(other, mine)
        self._write_row(row, theirs)
        self.choices[row], self.choices[other] = (self.choices.pop(other, ""),
                                                  self.choices.pop(row, ""))
        self.table.setCurrentCell(other, KEY)

    def _take(self, row: int) -> dict[Any, Any]:
        state: dict[Any, Any] = {"entry": self._entry(row)}
        for column in (KEY, SPANISH, ENGLISH):
            item = self.table.item(row, column)
            state[column] = item.text() if item is not None else ""
        for column in (TYPE, FOR, WHO):
            widget = self.table.cellWidget(row, column)
            assert isinstance(widget, QComboBox)
            state[column] = widget.currentData()
        for column in (REQUIRED, RETIRED):
            widget = self.table.cellWidget(row, column)
            assert isinstance(widget, QCheckBox)
            state[column] = widget.isChecked()
        return state

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        if self._entry(row) is not None:
            self.error.setText(self.tr("A field of an earlier version is never removed; "
                                       "tick \u201cNo longer asked\u201d instead."))
            self.error.show()
            return
        self.table.removeRow(row)
        self.choices = {(r if r < row else r - 1): text for r, text in self.choices.items()
                        if r != row}

    def _row_chosen(self, row: int, _column: int, _old_row: int, _old_column: int) -> None:
        entry = self._entry(row) if row >= 0 else None
        self.choice_text.blockSignals(True)
        if entry is not None and entry.list_name and self.current is not None:
            # Earlier choices stay (their words may be corrected); new lines add choices.
            self.choice_text.setPlainText(self.choices.get(row) or "\n".join(
                f"{c.code} | {c.labels.get('es', '')} | {c.labels.get('en', '')}"
                for c in self.current.choices(entry.list_name)))
            self.choice_text.setReadOnly(False)
        elif entry is not None:
            self.choice_text.setPlainText("")
            self.choice_text.setReadOnly(True)
        else:
            self.choice_text.setPlainText(self.choices.get(row, ""))
            self.choice_text.setReadOnly(row < 0)
        self.choice_text.blockSignals(False)

    def _choices_typed(self) -> None:
        row = self.table.currentRow()
        entry = self._entry(row) if row >= 0 else None
        if row >= 0 and (entry is None or entry.list_name):
            self.choices[row] = self.choice_text.toPlainText()

    # -- the document ----------------------------------------------------------------
    def document(self) -> dict[str, Any]:
        """The field set as typed, in Willay's format (checked by the core on save)."""
        current = self.current
        lists = {name: [c.as_fields() for c in choices]
                 for name, choices in (current.lists.items() if current else [])}
        fields = []
        for row in range(self.table.rowCount()):
            state = self._take(row)
            entry = state["entry"]
            doc: dict[str, Any] = dict(entry.as_fields()) if entry is not None else {
                "key": state[KEY].strip(), "type": state[TYPE]}
            doc["labels"] = {**(dict(entry.labels) if entry else {}),
                             "es": state[SPANISH], "en": state[ENGLISH]}
            if entry is None:
                doc["for"] = state[FOR]
            if doc["type"] != "section":
                doc["sensitivity"] = state[WHO]
                doc["required"] = state[REQUIRED]
            doc["deprecated"] = state[RETIRED]
            if entry is None and doc["type"] in ("choose_one", "choose_many"):
                doc["list"] = doc["key"]
                lists[doc["key"]] = self._typed_choices(row, doc["key"])
            elif entry is not None and entry.list_name and row in self.choices:
                lists[entry.list_name] = self._kept_choices(
                    lists.get(entry.list_name, []), self._typed_choices(row, entry.key))
            fields.append(doc)
        return {"format": fieldsets.FORMAT, "id": self.set_id.text().strip(),
                "version": current.version + 1 if current else 1,
                "organization": self.organization.text().strip(),
                "labels": {**(dict(current.labels) if current else {}),
                           "es": self.title_es.text(), "en": self.title_en.text()},
                "lists": lists, "fields": fields}

    def _typed_choices(self, row: int, key: str) -> list[dict[str, Any]]:
        out = []
        for number, text in enumerate(self.choices.get(row, "").splitlines(), start=1):
            if not text.strip():
                continue
            match = _CHOICE.match(text)
            if match is None:
                raise WillayError(self.tr(
                    "The choices of %1, line %2: write code | Spanish | English.")
                    .replace("%1", key or "?").replace("%2", str(number)))
            out.append({"code": match[1], "labels": {"es": match[2], "en": match[3]}})
        return out

    @staticmethod
    def _kept_choices(before: list[dict[str, Any]], typed: list[dict[str, Any]]
                      ) -> list[dict[str, Any]]:
        """The earlier choices, with the words typed for them, then the new ones; a choice
        left out of the text stays as it was (a choice is never removed)."""
        words = {c["code"]: c["labels"] for c in typed}
        kept = [{**c, "labels": {**c["labels"], **words.get(c["code"], {})}} for c in before]
        known = {c["code"] for c in before}
        return kept + [c for c in typed if c["code"] not in known]

    def fieldset(self) -> FieldSet:
        """The field set as typed, checked as the core checks every field set."""
        return fieldsets.parse(self.document())

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.show_preview()

    def show_preview(self) -> None:
        """Show the fields as the record editors will, for the kind chosen."""
        while self.preview_holder.count():
            taken = self.preview_holder.takeAt(0)
            old = taken.widget() if taken is not None else None
            if old is not None:
                old.deleteLater()
        try:
            fieldset = self.fieldset()
        except WillayError as exc:
            message = QLabel(str(exc))
            message.setWordWrap(True)
            self.preview_holder.addWidget(message)
            return
        self.preview_holder.addWidget(OrganizationFields(
            self.archive, fieldset, str(self.preview_kind.currentData())))

    def save(self) -> None:
        """Keep the field set through the core; a refusal is shown here, nothing lost."""
        try:
            kept = self.archive.keep_fieldset(self.fieldset())
        except WillayError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.saved.emit(kept.fieldset.id)
        self.accept()
