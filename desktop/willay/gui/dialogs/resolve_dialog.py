"""Resolving a conflict field by field: every version side by side, and the result.

One row per field (disputed ones first and highlighted, agreed ones greyed), one column
per version and a result column. Clicking a version's cell takes its value for that
field; double-clicking the result cell writes a new value. Saving makes one merge
revision. Keeping one version whole, or merging with the newest winning, stay as quick
actions.
"""

from __future__ import annotations

import json
from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import WillayError
from willay.core.reconcile.conflicts import ConflictRow, HeadRow
from willay.core.reconcile.merge import Dispute
from willay.core.reference.dates import FuzzyDate
from willay.gui.archive import Archive
from willay.gui.errors import message_for
from willay.gui.field_names import field_name, field_names, field_value
from willay.gui.labels import fill, stamp, unknown_author
from willay.gui.widgets import Outcome, heading, note

EDIT_ROLE = Qt.ItemDataRole.UserRole + 21
DISPUTED_BACKGROUND = QColor("#fff3cd")
CHOSEN_BACKGROUND = QColor("#d7ecd9")
WRITTEN_BACKGROUND = QColor("#dbe8f7")
AGREED_FOREGROUND = QColor("#777777")
LONG_TEXT = 240
# The order a person reads a record in (unknown fields go last, by name).
READING_ORDER = (
    "title", "occurred", "place", "violations", "perpetrators", "killed", "injured",
    "detained", "status", "narrative", "full_name", "pseudonym", "sex_gender", "age",
    "age_range", "community", "indigenous_people", "languages", "roles", "contact",
    "incidents", "witness", "interviewer", "recorded_date", "recorded_place", "language",
    "consent", "transcript", "translation", "notes")
WRITTEN = "written"


def edit_text(key: str, value: Any) -> str:
    """Return a value as text to edit: codes comma-separated, places and dates short."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if key == "occurred" and isinstance(value, dict) and value.get("start") == value.get("end"):
        prefix = "~" if value.get("precision") == "approximate" else ""
        return f"{prefix}{value.get('start')}"
    if key == "occurred" and isinstance(value, dict) and value.get("precision") == "month" \
            and str(value.get("start", ""))[:7] == str(value.get("end", ""))[:7]:
        return str(value["start"])[:7]
    if key.endswith("place") and isinstance(value, dict) and value.get("ubigeo") and not (
            value.get("text") or value.get("latitude")):
        return str(value["ubigeo"])
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def shown(key: str, value: Any) -> str:
    """Return a field's value as short text; dates as stored read as 2023-01-09 or 2023-01."""
    if key == "occurred" and isinstance(value, dict) and value.get("start"):
        try:
            span = FuzzyDate(date.fromisoformat(str(value["start"])),
                             date.fromisoformat(str(value.get("end") or value["start"])),
                             str(value.get("precision") or "day"))
        except ValueError:
            return str(value)
        return span.label()
    return field_value(key, value)


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= LONG_TEXT else flat[: LONG_TEXT - 1] + "…"


class _ResultDelegate(QStyledItemDelegate):
    """Edits the result column with the value's editable text, not its shown label."""

    def __init__(self, dialog: ResolveDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        """Return a one-line editor naming the field it edits."""
        editor = QLineEdit(parent)
        editor.setAccessibleName(fill(QCoreApplication.translate("ResolveDialog",
                                                                 "New value of %1"),
                                      field_name(self.dialog.keys[index.row()])))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex
                      ) -> None:
        """Start from the value's editable text."""
        if isinstance(editor, QLineEdit):
            editor.setText(str(index.data(EDIT_ROLE) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        """Hand the typed text to the dialog, which records it as a new value."""
        if isinstance(editor, QLineEdit):
            self.dialog.write(self.dialog.keys[index.row()], editor.text())


class ResolveDialog(QDialog):
    """Choose, field by field, which version's value stays, or write a new one."""

    resolved = Signal(str, str)
    """Emits: the kind and id of the record whose conflict was resolved."""

    def __init__(self, archive: Archive, conflict: ConflictRow,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.conflict = conflict
        stale: WillayError | None = None
        try:
            self.dispute: Dispute = archive.dispute(conflict.record_id)
        except WillayError as exc:
            # Resolved meanwhile (another window, an import): show the row as it was.
            stale = exc
            self.dispute = Dispute(conflict.record_id, conflict.kind, [], None,
                                   list(conflict.fields), conflict.deleted_vs_edited)
        self.heads = list(conflict.heads)
        self.setObjectName("resolveDialog")
        self.setWindowTitle(self.tr("Resolve a conflict"))
        self.setMinimumSize(900, 560)
        self.disputed = list(self.dispute.disputed)
        known = set().union(*(set(h.fields or {}) for h in self.heads))
        order = list(READING_ORDER)
        agreed = sorted(known - set(self.disputed),
                        key=lambda k: (order.index(k) if k in order else len(order), k))
        self.keys = self.disputed + agreed
        self.choices: dict[str, str] = {}
        self.written: dict[str, str] = {}
        self.result_column = len(self.heads)

        self.table = QTableWidget(len(self.keys), len(self.heads) + 1)
        self.table.setObjectName("resolveTable")
        self.table.setAccessibleName(self.tr("Fields of each version, and the result"))
        self.table.setWordWrap(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setItemDelegateForColumn(self.result_column, _ResultDelegate(self))
        self.table.setHorizontalHeaderLabels(
            [self.head_label(n, self.author(h), h.time) for n, h in enumerate(self.heads, 1)]
            + [self.tr("Result")])
        self.table.setVerticalHeaderLabels([field_name(k) for k in self.keys])
        for row, key in enumerate(self.keys):
            self._fill_row(row, key)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeRowsToContents()
        self.table.cellClicked.connect(self._cell_chosen)
        self.table.cellActivated.connect(self._cell_chosen)

        self.keep_buttons: list[QPushButton] = []
        keep_row = QHBoxLayout()
        for number, head in enumerate(self.heads, start=1):
            text = (fill(self.tr("Keep deleted (version %1)"), number) if head.fields is None
                    else fill(self.tr("Keep version &%1 whole"), number))
            button = QPushButton(text)
            button.setAccessibleName(fill(self.tr("Keep version %1, by %2"), number,
                                          self.author(head)))
            button.setProperty("head", head.id)
            button.clicked.connect(self._keep_clicked)
            keep_row.addWidget(button, 1)
            self.keep_buttons.append(button)
        self.merge_button = QPushButton(self.tr("&Merge (newest wins on disputed fields)"))
        self.merge_button.setEnabled(not conflict.deleted_vs_edited)
        self.save_button = QPushButton(self.tr("&Save the result") if not
                                       conflict.deleted_vs_edited else
                                       self.tr("&Restore with the result"))
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.merge_button)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.cancel_button)
        self.outcome = Outcome("resolveOutcome")

        layout = QVBoxLayout(self)
        layout.addWidget(heading(conflict.title or self.tr("(untitled)"), 2))
        if conflict.deleted_vs_edited:
            explain = self.tr(
                "One version deleted this record and another edited it. Keep it deleted, or "
                "restore it: the result column shows what would be restored, and you may "
                "change any value there. Nothing is lost: every version stays in the history.")
        else:
            explain = self.tr(
                "This record was changed in two places in different ways. The highlighted "
                "fields are in dispute: for each, click the version to keep, or double-click "
                "the result to write a new value. Greyed fields agree (changes to different "
                "fields were combined already). Nothing is lost: every version stays in the "
                "history.")
        layout.addWidget(note(explain))
        layout.addWidget(self.table, 1)
        layout.addWidget(note(self.tr(
            "New values: lists of codes separated by commas (killing, torture); places as "
            "a district code (211101); dates as 2023-01-09, 2023-01 or ~2023-01-09.")))
        layout.addLayout(keep_row)
        layout.addWidget(self.outcome)
        layout.addLayout(bottom)
        if stale is not None:
            self.outcome.say("refused", escape(message_for(stale)))
            for button in (*self.keep_buttons, self.merge_button, self.save_button):
                button.setEnabled(False)
        self.merge_button.clicked.connect(self.merge)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

    # -- the table ---------------------------------------------------------------
    def _fill_row(self, row: int, key: str) -> None:
        disputed = key in self.disputed
        for column, head in enumerate(self.heads):
            text = self.tr("(deleted)") if head.fields is None \
                else shown(key, head.fields.get(key))
            item = QTableWidgetItem(_short(text))
            item.setToolTip(text if disputed else fill(self.tr("Agreed: %1"), text))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            if disputed:
                item.setBackground(QBrush(DISPUTED_BACKGROUND))
            else:
                item.setForeground(QBrush(AGREED_FOREGROUND))
            self.table.setItem(row, column, item)
        result = QTableWidgetItem()
        result.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                        | Qt.ItemFlag.ItemIsEditable)
        result.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.table.setItem(row, self.result_column, result)
        header = self.table.verticalHeaderItem(row)
        if header is not None and disputed:
            font = QFont(header.font())
            font.setBold(True)
            header.setFont(font)
            header.setText("● " + field_name(key))
        self._show_result(row)

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None
        return item

    def _merged_value(self, key: str) -> Any:
        return (self.dispute.merged or {}).get(key)

    def _show_result(self, row: int) -> None:
        key = self.keys[row]
        item = self._item(row, self.result_column)
        italic = QFont(item.font())
        if key in self.written:
            text = self.written[key]
            item.setText(_short(text))
            item.setToolTip(self.tr("New value written here"))
            item.setData(EDIT_ROLE, text)
            item.setBackground(QBrush(WRITTEN_BACKGROUND))
            italic.setItalic(False)
        elif key in self.choices:
            head = next(h for h in self.heads if h.id == self.choices[key])
            value = (head.fields or {}).get(key)
            item.setText(_short(shown(key, value)))
            item.setToolTip(shown(key, value))
            item.setData(EDIT_ROLE, edit_text(key, value))
            item.setBackground(QBrush(CHOSEN_BACKGROUND))
            italic.setItalic(False)
        elif key in self.disputed:
            item.setText(self.tr("Choose a version, or double-click to write a value"))
            item.setToolTip("")
            item.setData(EDIT_ROLE, "")
            item.setBackground(QBrush(DISPUTED_BACKGROUND))
            italic.setItalic(True)
        else:
            value = self._merged_value(key)
            item.setText(_short(shown(key, value)))
            item.setToolTip(shown(key, value))
            item.setData(EDIT_ROLE, edit_text(key, value))
            item.setForeground(QBrush(AGREED_FOREGROUND))
            item.setBackground(QBrush())
            italic.setItalic(False)
        item.setFont(italic)
        for column, head in enumerate(self.heads):
            cell = self._item(row, column)
            chosen = self.choices.get(key) == head.id
            cell.setText(("✔ " if chosen else "") + cell.text().removeprefix("✔ "))
            if chosen:
                cell.setBackground(QBrush(CHOSEN_BACKGROUND))
            elif key in self.disputed:
                cell.setBackground(QBrush(DISPUTED_BACKGROUND))
            else:
                cell.setBackground(QBrush())

    def _cell_chosen(self, row: int, column: int) -> None:
        if column < len(self.heads):
            self.choose(self.keys[row], self.heads[column].id)

    def choose(self, key: str, head_id: str) -> None:
        """Take version ``head_id``'s value of field ``key`` into the result."""
        head = next(h for h in self.heads if h.id == head_id)
        if head.fields is None:
            self.outcome.say("caution", escape(self.tr(
                "That version deleted the record; it has no values to take. Use “Keep "
                "deleted” to keep the deletion.")))
            return
        self.written.pop(key, None)
        self.choices[key] = head_id
        self._show_result(self.keys.index(key))
        self.outcome.clear_message()

    def write(self, key: str, text: str) -> None:
        """Use ``text`` as the new value of field ``key`` (checked when saving)."""
        self.choices.pop(key, None)
        self.written[key] = text
        self._show_result(self.keys.index(key))
        self.outcome.clear_message()

    # -- labels ------------------------------------------------------------------
    def author(self, head: HeadRow) -> str:
        """Return who wrote a version: a partner's name, or this vault's owner."""
        name = head.author_name or unknown_author(head.author)
        return fill(self.tr("%1 (here)"), name) if head.mine else name

    def head_label(self, number: int, author: str, time: str) -> str:
        """Return the column title of one version."""
        return fill(self.tr("Version %1\n%2\n%3"), number, author, stamp(time))

    # -- actions -----------------------------------------------------------------
    def _keep_clicked(self) -> None:
        button = self.sender()
        if isinstance(button, QPushButton):
            self.keep(str(button.property("head")))

    def keep(self, head_id: str) -> None:
        """Resolve by keeping the version ``head_id`` as it is."""
        self._finish(lambda: self.archive.resolve(self.conflict.record_id, head_id))

    def merge(self) -> None:
        """Resolve by merging; the newest version wins each disputed field."""
        self._finish(lambda: self.archive.resolve(self.conflict.record_id, None))

    def save(self) -> None:
        """Resolve with the result column: one merge revision of the chosen values."""
        missing = [k for k in self.disputed if k not in self.choices and k not in self.written]
        if missing:
            self.outcome.say("refused", escape(fill(self.tr(
                "Choose a version or write a value for: %1."), field_names(missing))))
            return
        values: dict[str, Any] = {}
        for key, text in self.written.items():
            stripped = text.strip()
            if stripped[:1] in ("[", "{"):
                try:
                    values[key] = json.loads(stripped)
                except ValueError:
                    self.outcome.say("refused", escape(fill(self.tr(
                        "%1: a value that starts with [ or { is read as a list, and this one "
                        "could not be read. Write a list as [\"killing\", \"torture\"], or "
                        "plain text."), field_name(key))))
                    return
            else:
                values[key] = text
        self._finish(lambda: self.archive.resolve_fields(
            self.conflict.record_id, dict(self.choices), values))

    def _finish(self, action: Any) -> None:
        try:
            action()
        except WillayError as exc:
            message = message_for(exc)
            for key in self.keys:
                if message.startswith(f"{key}: "):
                    message = fill(self.tr("%1: %2"), field_name(key),
                                   message.removeprefix(f"{key}: "))
                    break
            self.outcome.say("refused", escape(message))
            return
        self.resolved.emit(self.conflict.kind, self.conflict.record_id)
        self.accept()
