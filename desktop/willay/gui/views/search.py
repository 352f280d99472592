"""Search: words plus filters by place, date range and violation, over the core index."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import WillayError
from willay.core.i18n import number
from willay.core.records.filter import IncidentFilter
from willay.core.reference.dates import span
from willay.core.reference.vocabularies import vocabulary
from willay.gui.controller import Controller
from willay.gui.i18n import current_language
from willay.gui.labels import fill
from willay.gui.models.paged import ID_ROLE
from willay.gui.views.place_filter import PlaceFilter
from willay.gui.widgets import buddy_label, line, message_label

KIND_ROLE = ID_ROLE + 10
# How many results are listed at first, and added each time more are asked for.
PAGE = 200


class SearchPage(QWidget):
    """Results of a search, with filters; open a result to see the record."""

    open_requested = Signal(str, str)
    """Emits: the kind and id of a result to open."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.query = line(self.tr("Search words"),
                          self.tr("Names, places, words of testimonies…"))
        self.places = PlaceFilter()
        self.department = self.places.department
        self.province = self.places.province
        self.district = self.places.district
        self.date_from = line(self.tr("From date"), self.tr("e.g. 2022-12"))
        self.date_to = line(self.tr("To date"), self.tr("e.g. 2023-03-31"))
        self.violation = QComboBox()
        self.violation.setAccessibleName(self.tr("Violation"))
        self.violation.addItem(self.tr("Any violation"), None)
        for found in vocabulary("violations").terms:
            self.violation.addItem(found.label(current_language()), found.code)
        self.search_button = QPushButton(self.tr("&Search"))
        self.search_button.setDefault(True)
        self.clear_button = QPushButton(self.tr("C&lear filters"))
        self.summary = QLabel()
        self.summary.setObjectName("searchSummary")
        self.more_button = QPushButton(self.tr("Show &more"))
        self.more_button.setObjectName("searchMore")
        self.more_button.hide()
        self.shown = PAGE
        self.error = message_label("searchError")
        self.results = QTreeWidget()
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setHeaderLabels([self.tr("Kind"), self.tr("Title or name"),
                                      self.tr("Where the words appear")])
        self.results.setRootIsDecorated(False)
        self.results.setAlternatingRowColors(True)
        self.results.setColumnWidth(0, 110)
        self.results.setColumnWidth(1, 300)

        period = QHBoxLayout()
        period.addWidget(self.date_from)
        period.addWidget(QLabel("–"))
        period.addWidget(self.date_to)
        period.addStretch(1)
        filters = QGroupBox(self.tr("Filters (incidents, and testimonies through them)"))
        form = QFormLayout(filters)
        form.addRow(self.tr("&Words:"), self.query)
        form.addRow(buddy_label(self.tr("&Place:"), self.department), self.places)
        form.addRow(buddy_label(self.tr("&Between:"), self.date_from), period)
        form.addRow(self.tr("&Violation:"), self.violation)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.more_button)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.search_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.results, 1)

        self.search_button.clicked.connect(self.run)
        self.query.returnPressed.connect(self.run)
        self.query.textChanged.connect(self._typed)
        self.more_button.clicked.connect(self.show_more)
        self.clear_button.clicked.connect(self.clear_filters)
        self.results.itemActivated.connect(
            lambda item: self.open_requested.emit(str(item.data(0, KIND_ROLE)),
                                                  str(item.data(0, ID_ROLE))))

    def clear_filters(self) -> None:
        """Remove every filter."""
        self.places.clear()
        self.date_from.clear()
        self.date_to.clear()
        self.violation.setCurrentIndex(0)

    def filters(self) -> IncidentFilter:
        """The filters as chosen; WillayError if a date cannot be read."""
        place = self.places.code()
        start = span(self.date_from.text())[0] if self.date_from.text().strip() else None
        end = span(self.date_to.text())[1] if self.date_to.text().strip() else None
        return IncidentFilter(place=place, date_from=start, date_to=end,
                              violation=self.violation.currentData())

    def search_for(self, text: str) -> None:
        """Search for ``text`` with the current filters."""
        self.query.setText(text)
        self.run()

    def _typed(self, text: str) -> None:
        if not text.strip():
            self.summary.clear()
            self.more_button.hide()

    def run(self) -> None:
        """Run the search and list the first results."""
        self.shown = PAGE
        self._list()

    def show_more(self) -> None:
        """List more results of the same search."""
        self.shown += PAGE
        self._list(keep_current=True)

    def _list(self, keep_current: bool = False) -> None:
        current = self.results.currentItem()
        current_id = current.data(0, ID_ROLE) if keep_current and current else None
        self.results.clear()
        self.summary.clear()
        self.more_button.hide()
        self.error.hide()
        try:
            filters = self.filters()
        except WillayError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        if not self.query.text().strip() and not filters.active():
            return
        found, total = self.controller.archive.search_page(self.query.text(), filters,
                                                           self.shown)
        kinds = {"incident": self.tr("Incident"), "person": self.tr("Person"),
                 "testimony": self.tr("Testimony"), "media": self.tr("Media")}
        chosen = None
        for hit in found:
            title = hit.title
            if hit.kind == "testimony":
                title = self.tr("Testimony of %s") % hit.title
            item = QTreeWidgetItem([kinds.get(hit.kind, hit.kind), title,
                                    " ".join(hit.snippet.split())])
            item.setData(0, ID_ROLE, hit.record_id)
            item.setData(0, KIND_ROLE, hit.kind)
            self.results.addTopLevelItem(item)
            if hit.record_id == current_id:
                chosen = item
        self.summary.setText(self.count_text(len(found), total))
        self.more_button.setVisible(len(found) < total)
        first = chosen or self.results.topLevelItem(0)
        if first is not None:
            self.results.setCurrentItem(first)

    def count_text(self, shown: int, total: int) -> str:
        """Return how many results are listed of how many were found, or what to try."""
        if total == 0:
            return self.tr("Nothing found. Try fewer words, or words without accents.")
        if shown < total:
            return fill(self.tr("%1 of %2 results"), number(shown), number(total))
        return fill(self.tr("%1 results"), number(total)) if total != 1 else self.tr(
            "1 result")
