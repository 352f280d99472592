"""Resolving a conflict: the disputed fields of each version side by side, then a choice."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import WillayError
from willay.core.queries import ConflictRow, HeadRow
from willay.gui.archive import Archive
from willay.gui.errors import message_for
from willay.gui.field_names import field_name, field_value
from willay.gui.labels import fill, stamp
from willay.gui.widgets import Outcome, heading, note


class ResolveDialog(QDialog):
    """Keep one version of a record, or merge them with the newest winning where they differ."""

    resolved = Signal(str, str)
    """Emits: the kind and id of the record whose conflict was resolved."""

    def __init__(self, archive: Archive, conflict: ConflictRow,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.conflict = conflict
        self.setObjectName("resolveDialog")
        self.setWindowTitle(self.tr("Resolve a conflict"))
        self.setMinimumWidth(820)
        heads = conflict.heads
        self.table = QTableWidget(len(conflict.fields), len(heads))
        self.table.setAccessibleName(self.tr("Disputed fields of each version"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setVerticalHeaderLabels([field_name(key) for key in conflict.fields])
        self.table.setHorizontalHeaderLabels([self.head_label(n, self.author(head), head.time)
                                              for n, head in enumerate(heads, start=1)])
        for row, key in enumerate(conflict.fields):
            for column, head in enumerate(heads):
                text = self.tr("(deleted)") if head.fields is None else field_value(
                    key, head.fields.get(key))
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        fitted = header.sizeHint().height() + rows + 2 * self.table.frameWidth() + 2
        self.table.setMinimumHeight(min(420, fitted))
        if fitted <= 420:
            self.table.setMaximumHeight(fitted)

        self.keep_buttons: list[QPushButton] = []
        keep_row = QHBoxLayout()
        for number, head in enumerate(heads, start=1):
            button = QPushButton(fill(self.tr("Keep version &%1"), number))
            button.setAccessibleName(fill(self.tr("Keep version %1, by %2"), number,
                                          self.author(head)))
            button.setProperty("head", head.id)
            button.clicked.connect(self._keep_clicked)
            keep_row.addWidget(button, 1)
            self.keep_buttons.append(button)
        self.merge_button = QPushButton(self.tr("&Merge (newest wins on disputed fields)"))
        self.merge_button.setEnabled(not conflict.deleted_vs_edited)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.merge_button)
        bottom.addStretch(1)
        bottom.addWidget(self.cancel_button)
        self.outcome = Outcome("resolveOutcome")

        layout = QVBoxLayout(self)
        layout.addWidget(heading(conflict.title or self.tr("(untitled)"), 2))
        if conflict.deleted_vs_edited:
            explain = self.tr(
                "One version deleted this record and another edited it. Keep the version you "
                "trust; the other stays in the history.")
        else:
            explain = self.tr(
                "This record was changed in two places in different ways. Below are only the "
                "fields in dispute; every other change was combined already. Keep one "
                "version, or merge: the newest version wins on each disputed field. Nothing "
                "is lost: every version stays in the history.")
        layout.addWidget(note(explain))
        layout.addWidget(self.table)
        layout.addLayout(keep_row)
        layout.addWidget(self.outcome)
        layout.addLayout(bottom)
        self.merge_button.clicked.connect(self.merge)
        self.cancel_button.clicked.connect(self.reject)

    def author(self, head: HeadRow) -> str:
        """Return who wrote a version: a partner's name, or this vault's owner."""
        name = head.author_name or head.author[:12]
        return fill(self.tr("%1 (here)"), name) if head.mine else name

    def head_label(self, number: int, author: str, time: str) -> str:
        """Return the column title of one version."""
        return fill(self.tr("Version %1\n%2\n%3"), number, author, stamp(time))

    def _keep_clicked(self) -> None:
        button = self.sender()
        if isinstance(button, QPushButton):
            self.keep(str(button.property("head")))

    def keep(self, head_id: str) -> None:
        """Resolve by keeping the version ``head_id`` as it is."""
        self._resolve(head_id)

    def merge(self) -> None:
        """Resolve by merging; the newest version wins each disputed field."""
        self._resolve(None)

    def _resolve(self, take: str | None) -> None:
        try:
            self.archive.resolve(self.conflict.record_id, take)
        except WillayError as exc:
            self.outcome.say("refused", escape(message_for(exc)))
            return
        self.resolved.emit(self.conflict.kind, self.conflict.record_id)
        self.accept()
