"""The organization's own fields in the record editors: one input per field, by its type.

Each field shows its label, whether it is required (*) and who may see its value; its help
is the input's tooltip and accessible description. Values are read back in forms the core
checks on save (:mod:`willay.core.reference.fieldset_values`), so a wrong value is refused
there, by the field's label, with everything typed kept. A field of a type from a newer
Willay is shown read-only and its value kept as it came.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from willay.core.reference import dates
from willay.core.reference.fieldset_text import shown
from willay.core.reference.fieldsets import GAZETTEER, Field, FieldSet, label_in
from willay.core.reference.vocabularies import vocabulary
from willay.gui.archive import Archive
from willay.gui.dialogs.fields import CONSENT_COLOURS, PlacePicker
from willay.gui.i18n import current_language


def sensitivity_words(sensitivity: str) -> str:
    """Who may see a field's values, in the window's language."""
    words = {"internal": QCoreApplication.translate("OrganizationFields",
                                                    "stays in this vault"),
             "partners": QCoreApplication.translate("OrganizationFields",
                                                    "shared with partners"),
             "legal": QCoreApplication.translate("OrganizationFields",
                                                 "legal partners only"),
             "public": QCoreApplication.translate("OrganizationFields", "public")}
    return words.get(sensitivity, sensitivity)


def type_words(kind: str) -> str:
    """A field type as the window names it: text, choose one, table…"""
    words = {
        "text": QCoreApplication.translate("OrganizationFields", "text"),
        "long_text": QCoreApplication.translate("OrganizationFields", "long text"),
        "integer": QCoreApplication.translate("OrganizationFields", "whole number"),
        "decimal": QCoreApplication.translate("OrganizationFields", "decimal number"),
        "yes_no": QCoreApplication.translate("OrganizationFields", "yes or no"),
        "date": QCoreApplication.translate("OrganizationFields", "date"),
        "date_range": QCoreApplication.translate("OrganizationFields", "date range"),
        "choose_one": QCoreApplication.translate("OrganizationFields", "choose one"),
        "choose_many": QCoreApplication.translate("OrganizationFields", "choose several"),
        "vocabulary": QCoreApplication.translate("OrganizationFields", "Willay list"),
        "reference": QCoreApplication.translate("OrganizationFields", "link to a record"),
        "point": QCoreApplication.translate("OrganizationFields", "map point"),
        "group": QCoreApplication.translate("OrganizationFields", "table"),
        "section": QCoreApplication.translate("OrganizationFields", "heading")}
    return words.get(kind, kind)


def _combo(accessible: str, items: list[tuple[str, Any]]) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(accessible)
    box.addItem("—", None)
    for text, data in items:
        box.addItem(text, data)
    return box


class _Input(ABC):
    """One field's input: its widget, and its value read and written in the core's forms."""

    def __init__(self, widget: QWidget) -> None:
        self.widget = widget

    @abstractmethod
    def get(self) -> Any:
        """The value typed ("" or None when empty)."""

    @abstractmethod
    def set(self, value: Any) -> None:
        """Show a stored value."""


class _Line(_Input):
    def __init__(self, accessible: str, placeholder: str = "") -> None:
        self.edit = QLineEdit()
        self.edit.setAccessibleName(accessible)
        self.edit.setPlaceholderText(placeholder)
        super().__init__(self.edit)

    def get(self) -> Any:
        return self.edit.text()

    def set(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))


class _Date(_Line):
    """A date as documenters write it; a stored date shown unchanged stays as it was."""

    def __init__(self, accessible: str) -> None:
        super().__init__(accessible, QCoreApplication.translate(
            "OrganizationFields", "2023-01-09, 2023-01 or ~2023"))
        self.stored: Any = None
        self.shown = ""

    def get(self) -> Any:
        text = self.edit.text().strip()
        return self.stored if self.stored is not None and text == self.shown else text

    def set(self, value: Any) -> None:
        self.stored = value
        try:
            self.shown = dates.from_fields(dict(value)).label() if value else ""
        except (ValueError, KeyError, TypeError):
            self.shown = str(value)
        self.edit.setText(self.shown)


class _Pair(_Input):
    """Two inputs side by side: a date range (from, to) or a point (latitude, longitude)."""

    def __init__(self, accessible: str, first: _Line, second: _Line, names: tuple[str, str]
                 ) -> None:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(first.widget)
        row.addWidget(second.widget)
        box.setAccessibleName(accessible)
        super().__init__(box)
        self.first, self.second, self.names = first, second, names

    def get(self) -> Any:
        one, two = self.first.get(), self.second.get()
        if not str(one or "").strip() and not str(two or "").strip():
            return ""
        return {self.names[0]: one, self.names[1]: two}

    def set(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        self.first.set(value.get(self.names[0]))
        self.second.set(value.get(self.names[1]))


class _Text(_Input):
    def __init__(self, accessible: str) -> None:
        self.edit = QPlainTextEdit()
        self.edit.setAccessibleName(accessible)
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(72)
        super().__init__(self.edit)

    def get(self) -> Any:
        return self.edit.toPlainText()

    def set(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))


class _Choice(_Input):
    def __init__(self, box: QComboBox) -> None:
        super().__init__(box)
        self.box = box

    def get(self) -> Any:
        data = self.box.currentData()
        return "" if data is None else data

    def set(self, value: Any) -> None:
        found = self.box.findData(value)
        if found < 0 and value is not None:
            self.box.addItem(str(value), value)  # a choice retired or unknown here
            found = self.box.count() - 1
        self.box.setCurrentIndex(max(0, found))


class _Many(_Input):
    def __init__(self, accessible: str, choices: list[tuple[str, str]]) -> None:
        self.list = QListWidget()
        self.list.setAccessibleName(accessible)
        for text, code in choices:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setFixedHeight(min(24 * max(len(choices), 1) + 8, 140))
        super().__init__(self.list)

    def get(self) -> Any:
        return [str(self.list.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def set(self, value: Any) -> None:
        wanted = set(value or [])
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setCheckState(Qt.CheckState.Checked
                               if item.data(Qt.ItemDataRole.UserRole) in wanted
                               else Qt.CheckState.Unchecked)


class _Place(_Input):
    def __init__(self, accessible: str) -> None:
        self.picker = PlacePicker(accessible)
        super().__init__(self.picker)

    def get(self) -> Any:
        return self.picker.ubigeo or ("" if not self.picker.text().strip()
                                      else self.picker.text())

    def set(self, value: Any) -> None:
        self.picker.set_ubigeo(value)


class _Kept(_Input):
    """A field of a type this Willay does not know: shown as it came, kept unchanged."""

    def __init__(self, fieldset: FieldSet, entry: Field) -> None:
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fieldset, self.entry, self.value = fieldset, entry, None
        super().__init__(self.label)

    def get(self) -> Any:
        return self.value if self.value is not None else ""

    def set(self, value: Any) -> None:
        self.value = value
        words = shown(self.fieldset, self.entry, value, current_language()) if value else "—"
        self.label.setText(words + "  " + QCoreApplication.translate(
            "OrganizationFields", "(from a newer Willay: shown, not edited here)"))


class _Table(_Input):
    """A group: rows of typed columns; choices and yes/no are chosen from a list."""

    def __init__(self, fieldset: FieldSet, entry: Field, accessible: str) -> None:
        box = QWidget()
        self.fieldset, self.entry = fieldset, entry
        lang = current_language()
        self.table = QTableWidget(0, len(entry.columns))
        self.table.setAccessibleName(accessible)
        self.table.setHorizontalHeaderLabels([label_in(c.labels, lang) for c in entry.columns])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setFixedHeight(120)
        add = QPushButton(QCoreApplication.translate("OrganizationFields", "Add a row"))
        add.setAccessibleName(QCoreApplication.translate(
            "OrganizationFields", "Add a row to %1").replace("%1", accessible))
        remove = QPushButton(QCoreApplication.translate("OrganizationFields", "Remove the row"))
        remove.setAccessibleName(QCoreApplication.translate(
            "OrganizationFields", "Remove the chosen row of %1").replace("%1", accessible))
        add.clicked.connect(lambda: self.add_row({}))
        remove.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        super().__init__(box)

    def add_row(self, row: dict[str, Any]) -> None:
        """Add a row showing ``row``'s values."""
        number = self.table.rowCount()
        self.table.insertRow(number)
        for column, entry in enumerate(self.entry.columns):
            value = row.get(entry.key)
            items = _choices_of(self.fieldset, entry)
            if items is not None:
                box = _combo(label_in(entry.labels, current_language()), items)
                _Choice(box).set(value)
                self.table.setCellWidget(number, column, box)
            else:
                self.table.setItem(number, column, QTableWidgetItem(
                    "" if value is None else str(value)))

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def get(self) -> Any:
        rows = []
        for number in range(self.table.rowCount()):
            row: dict[str, Any] = {}
            for column, entry in enumerate(self.entry.columns):
                widget = self.table.cellWidget(number, column)
                if isinstance(widget, QComboBox):
                    row[entry.key] = _Choice(widget).get()
                else:
                    item = self.table.item(number, column)
                    row[entry.key] = item.text() if item is not None else ""
            rows.append(row)
        return rows

    def set(self, value: Any) -> None:
        self.table.setRowCount(0)
        for row in value or []:
            if isinstance(row, dict):
                self.add_row(row)


def _choices_of(fieldset: FieldSet, entry: Field) -> list[tuple[str, Any]] | None:
    """The items of a field chosen from a list, or None for a field typed in."""
    lang = current_language()
    if entry.type == "choose_one":
        return [(label_in(c.labels, lang), c.code) for c in fieldset.choices(entry.list_name)
                if not c.deprecated]
    if entry.type == "yes_no":
        return [(QCoreApplication.translate("OrganizationFields", "Yes"), True),
                (QCoreApplication.translate("OrganizationFields", "No"), False)]
    if entry.type == "vocabulary" and entry.vocabulary != GAZETTEER:
        return [(t.label(lang), t.code) for t in vocabulary(entry.vocabulary).terms]
    return None


def _input(archive: Archive, fieldset: FieldSet, entry: Field, accessible: str) -> _Input:
    lang = current_language()
    if not entry.known:
        return _Kept(fieldset, entry)
    items = _choices_of(fieldset, entry)
    if items is not None:
        return _Choice(_combo(accessible, items))
    kind = entry.type
    if kind == "long_text":
        return _Text(accessible)
    if kind == "date":
        return _Date(accessible)
    if kind == "date_range":
        return _Pair(accessible, _Date(QCoreApplication.translate("OrganizationFields", "From")),
                     _Date(QCoreApplication.translate("OrganizationFields", "To")),
                     ("from", "to"))
    if kind == "point":
        return _Pair(accessible,
                     _Line(QCoreApplication.translate("OrganizationFields", "Latitude"),
                           "-15.4900"),
                     _Line(QCoreApplication.translate("OrganizationFields", "Longitude"),
                           "-70.1333"), ("latitude", "longitude"))
    if kind == "choose_many":
        return _Many(accessible, [(label_in(c.labels, lang), c.code)
                                  for c in fieldset.choices(entry.list_name)
                                  if not c.deprecated])
    if kind == "vocabulary":
        return _Place(accessible)
    if kind == "group":
        return _Table(fieldset, entry, accessible)
    if kind == "reference" and entry.target == "person":
        people = [(p.full_name + (f" ({p.pseudonym})" if p.pseudonym else ""), p.id)
                  for p in archive.all_people()]
        return _Choice(_combo(accessible, people))
    if kind == "reference" and entry.target == "incident":
        incidents = [(f"{row.title} — {row.occurred}", row.id)
                     for row in archive.incident_page(0, 2000)]
        return _Choice(_combo(accessible, incidents))
    hint = QCoreApplication.translate("OrganizationFields", "the record's id")
    line = _Line(accessible, hint if kind == "reference" else "")
    if kind == "integer":
        line.edit.setValidator(QIntValidator())
    return line


class OrganizationFields(QScrollArea):
    """The fields of one field set for one kind of record, in the set's order."""

    def __init__(self, archive: Archive, fieldset: FieldSet, kind: str,
                 values: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fieldset = fieldset
        self.kind = kind
        self.setObjectName("organizationFields")
        self.setWidgetResizable(True)
        self.inputs: dict[str, _Input] = {}
        values = values or {}
        lang = current_language()
        body = QWidget()
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        if any(e.required and not e.deprecated for e in fieldset.for_kind(kind)):
            form.addRow(QLabel(QCoreApplication.translate(
                "OrganizationFields", "* required. Under each field: who may see it.")))
        for entry in fieldset.for_kind(kind):
            label = label_in(entry.labels, lang) or entry.key
            if entry.type == "section":
                heading = QLabel(f"<b>{escape(label)}</b>")
                heading.setTextFormat(Qt.TextFormat.RichText)
                form.addRow(heading)
                continue
            if entry.deprecated and entry.key not in values:
                continue  # no longer asked; kept where a record already answered it
            field_input = _input(archive, fieldset, entry, label)
            help_text = label_in(entry.help, lang)
            if help_text:
                field_input.widget.setToolTip(help_text)
                field_input.widget.setAccessibleDescription(help_text)
            caption = QLabel(self._caption(label, entry))
            caption.setBuddy(field_input.widget)
            caption.setWordWrap(True)
            form.addRow(caption, self._with_tag(field_input.widget, entry))
            self.inputs[entry.key] = field_input
            if entry.key in values:
                field_input.set(values[entry.key])
        self.setWidget(body)

    @staticmethod
    def _caption(label: str, entry: Field) -> str:
        """The field's label, plain text ("&" doubled, so it is no Alt+letter)."""
        mark = " *" if entry.required and not entry.deprecated else ""
        retired = " " + QCoreApplication.translate(
            "OrganizationFields", "(no longer asked)") if entry.deprecated else ""
        return label.replace("&", "&&") + mark + retired + ":"

    @staticmethod
    def _with_tag(widget: QWidget, entry: Field) -> QWidget:
        """The input with, under it, who may see its value, in the consent colours."""
        tag = QLabel(sensitivity_words(entry.sensitivity))
        tag.setObjectName("sensitivityTag")
        tag.setStyleSheet(f"background: {CONSENT_COLOURS.get(entry.sensitivity, '#eeeeee')};"
                          " color: #1a1a1a; border-radius: 3px; padding: 1px 6px;")
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 4)
        column.setSpacing(2)
        column.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(tag)
        row.addStretch(1)
        column.addLayout(row)
        return holder

    def values(self) -> dict[str, Any]:
        """Every field's value as typed (empty ones clear the field)."""
        return {key: field_input.get() for key, field_input in self.inputs.items()}


def with_organization_tab(content: QLayout, fields: OrganizationFields | None,
                          main_title: str) -> QWidget:
    """Put an editor's own content and, when there are any, its organization fields on
    two tabs (Ctrl+Tab goes from one to the other); without them, the content alone."""
    page = QWidget()
    page.setLayout(content)
    if fields is None:
        return page
    tabs = QTabWidget()
    tabs.setObjectName("editorTabs")
    tabs.addTab(page, main_title)
    tabs.addTab(fields, label_in(fields.fieldset.labels, current_language()))
    return tabs


def organization_fields(archive: Archive, kind: str, record_id: str | None
                        ) -> OrganizationFields | None:
    """The organization fields for an editor of ``kind`` (None when there are none)."""
    form = archive.organization_form(record_id, kind)
    if form is None:
        return None
    fieldset, values = form
    return OrganizationFields(archive, fieldset, kind, values)
