"""The incidents page: the paged list and the detail of the chosen incident."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from willay.core.i18n import number
from willay.gui.controller import Controller
from willay.gui.models.paged import ID_ROLE
from willay.gui.models.records import IncidentTableModel
from willay.gui.views.incident_detail import IncidentDetail

TITLE_COLUMN = 1  # stretches: the title is what a documenter reads the list by


class IncidentsPage(QWidget):
    """List of incidents (fetched in pages) beside the chosen incident's detail."""

    new_requested = Signal()
    """Emits: the person asked for a new incident."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = IncidentTableModel(controller.archive, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Incidents"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        # Newest first, as the model starts; a header click sorts the whole vault by it.
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self._sorted = (0, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._sort_changed)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        widths = (100, 150, 124, 70, 56, 74, 80)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        # Every column, Status included, shows without scrolling sideways: the list keeps
        # room for them all and the detail pane gives way on a small screen.
        list_width = sum(widths) + 2 * self.table.frameWidth() + 18
        self.count_label = QLabel()
        self.new_button = QPushButton(self.tr("&New incident"))
        self.new_button.setAccessibleName(self.tr("New incident"))
        self.detail = IncidentDetail(controller)

        top = QHBoxLayout()
        top.addWidget(self.count_label, 1)
        top.addWidget(self.new_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        left.setMinimumWidth(list_width)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        # A wider window gives the list (and so the titles) half of what it gains.
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        # The detail pane gives way down to where its tabs would start to scroll.
        tabs_width = self.detail.tabs.tabBar().sizeHint().width() + 2 * 12
        self.detail.setMinimumWidth(max(360, tabs_width))
        self.splitter.setSizes([list_width, max(360, tabs_width)])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.new_button.clicked.connect(self.new_requested)
        self.table.selectionModel().selectionChanged.connect(self._selected)


    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        """Keep the indicator where the list is sorted when a column cannot sort it."""
        header = self.table.horizontalHeader()
        if self.model.sortable(column):
            self._sorted = (column, order)
            return
        header.blockSignals(True)
        header.setSortIndicator(*self._sorted)
        header.blockSignals(False)
    def reload(self, keep: str | None = None) -> None:
        """Count and show the list again; show ``keep`` (or the current incident) in detail."""
        current = keep or self.detail.incident_id
        self.model.reload()
        total = self.model.rowCount()
        self.count_label.setText(self.tr("Incidents: %1").replace("%1", number(total)))
        if current:
            self.detail.show_incident(current)
        elif total:
            self.table.selectRow(0)
        else:
            self.detail.clear()

    def _selected(self, selected: QItemSelection, _old: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            incident_id = indexes[0].data(ID_ROLE)
            if incident_id:
                self.detail.show_incident(str(incident_id))

    def show_incident(self, incident_id: str) -> None:
        """Show one incident in the detail pane (it need not be scrolled into view)."""
        self.table.clearSelection()
        self.detail.show_incident(incident_id)
