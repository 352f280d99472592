"""The people page: the list of people and the chosen person's details."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from willay.core.i18n import number
from willay.gui.controller import Controller
from willay.gui.i18n import current_language
from willay.gui.labels import excerpt, term, terms
from willay.gui.models.paged import ID_ROLE
from willay.gui.models.records import PeopleTableModel
from willay.gui.views import html


class PeoplePage(QWidget):
    """People in the vault: victims, witnesses, family members."""

    new_requested = Signal()
    """Emits: the person asked to add someone."""
    edit_requested = Signal(str)
    """Emits: the person to edit."""
    testimony_requested = Signal(str)
    """Emits: a testimony to open."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.person_id: str | None = None
        self.model = PeopleTableModel(controller.archive, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("People"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((190, 80, 150, 130, 150)):
            self.table.setColumnWidth(column, width)
        self.count_label = QLabel()
        self.new_button = QPushButton(self.tr("&New person"))
        self.edit_button = QPushButton(self.tr("&Edit"))
        self.edit_button.setAccessibleName(self.tr("Edit the person"))
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("Person details"))
        self.testimonies = QListWidget()
        self.testimonies.setAccessibleName(self.tr("Testimonies given"))
        self.testimonies.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.count_label, 1)
        top.addWidget(self.new_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.edit_button, alignment=Qt.AlignmentFlag.AlignLeft)
        right_layout.addWidget(self.detail, 2)
        right_layout.addWidget(QLabel(self.tr("Testimonies given:")))
        right_layout.addWidget(self.testimonies, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([720, 470])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.edit_button.setEnabled(False)

        self.new_button.clicked.connect(self.new_requested)
        self.edit_button.clicked.connect(
            lambda: self.person_id and self.edit_requested.emit(self.person_id))
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.testimonies.itemActivated.connect(
            lambda item: self.testimony_requested.emit(str(item.data(ID_ROLE))))

    def reload(self, keep: str | None = None) -> None:
        """Count and show the list again."""
        current = keep or self.person_id
        self.model.reload()
        self.count_label.setText(self.tr("People: %1").replace("%1", number(self.model.rowCount())))
        if current:
            self.show_person(current)
        elif self.model.rowCount():
            self.table.selectRow(0)

    def _selected(self, selected: QItemSelection, _old: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes and indexes[0].data(ID_ROLE):
            self.show_person(str(indexes[0].data(ID_ROLE)))

    def show_person(self, person_id: str) -> None:
        """Show one person's details and testimonies."""
        archive = self.controller.archive
        f = archive.record(person_id).fields
        if f is None:
            return
        self.person_id = person_id
        self.edit_button.setEnabled(True)
        age = str(f["age"]) if f.get("age") is not None else (f.get("age_range") or "")
        self.detail.setHtml(html.title(f["full_name"]) + html.rows([
            (self.tr("Pseudonym"), f["pseudonym"]),
            (self.tr("Sex or gender"), term("sex_gender", f.get("sex_gender"))),
            (self.tr("Age"), age),
            (self.tr("Community"), f["community"]),
            (self.tr("Indigenous people"), f["indigenous_people"]),
            (self.tr("Languages"), terms("languages", f["languages"])),
            (self.tr("Roles"), terms("person_roles", f["roles"])),
            (self.tr("Contact"), f["contact"]),
            (self.tr("Consent"), term("consent_scopes", f["consent"])),
        ]) + html.organization_rows(*archive.custom_shown(person_id, "person",
                                                          current_language())))
        self.testimonies.clear()
        for t in archive.testimonies_of(person_id):
            about = [t.recorded_date or "", term("languages", t.language),
                     term("consent_scopes", t.consent)]
            item = QListWidgetItem(" — ".join(a for a in about if a) + "\n" + excerpt(t))
            item.setData(ID_ROLE, t.id)
            self.testimonies.addItem(item)
