"""Reports: counts by place, month, violation and perpetrator, with linked events once.

Counts are computed in the worker thread; the PDF is painted in the GUI thread (Qt
Charts are graphics widgets and belong there) and written to disk by the worker, like
the CSV file, so a slow or unwritable folder never freezes the window.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCharts import QChartView
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import WillayError
from willay.core.progress import Cancelled
from willay.core.records.filter import IncidentFilter
from willay.core.reference.dates import span
from willay.core.reference.vocabularies import vocabulary
from willay.core.reports.summary import STEPS, Summary
from willay.gui.controller import Controller
from willay.gui.errors import message_for
from willay.gui.i18n import current_language
from willay.gui.views.place_filter import PlaceFilter
from willay.gui.widgets import buddy_label, line, message_label, task_bar
from willay.gui.workers import Task
from willay.pdf import charts, report_pdf

# Stands in for the empty key of the row of events with nothing recorded, in the chart.
UNRECORDED = "-"


class ReportsPage(QWidget):
    """Filters, summary numbers, a table and a chart by dimension, and saving to files."""

    counted = Signal(object)
    """Emits: the counts now shown (a :class:`willay.core.reports.summary.Summary`)."""
    saved = Signal(str)
    """Emits: the path of a report file just written."""
    save_failed = Signal(str)
    """Emits: why a report file could not be written."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.report: Summary | None = None
        # What the counts shown were made from (records' stamp, filters), and the running
        # count's: revisiting the page counts again only when they differ.
        self._counted: tuple[object, IncidentFilter] | None = None
        self._counting: tuple[object, IncidentFilter] | None = None
        self.task: Task | None = None
        self._pdf_path: Path | None = None
        self._build_filters()
        self.summary = QLabel()
        self.summary.setObjectName("reportSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.rule = QLabel(self.tr("Each event is counted once: records linked as the same "
                                   "event count as one, with the highest number of dead, "
                                   "injured and detained any of them gives."))
        self.rule.setWordWrap(True)
        self.rule.setStyleSheet("color: #555;")
        self.dimension = QComboBox()
        self.dimension.setAccessibleName(self.tr("Count by"))
        for key, text in (("department", self.tr("Department")),
                          ("province", self.tr("Province")),
                          ("district", self.tr("District")), ("month", self.tr("Month")),
                          ("violation", self.tr("Violation")),
                          ("perpetrator", self.tr("Alleged perpetrator"))):
            self.dimension.addItem(text, key)
        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName(self.tr("Counts"))
        self.table.setHorizontalHeaderLabels([self.tr("Where or what"), self.tr("Events"),
                                              self.tr("Killed"), self.tr("Injured"),
                                              self.tr("Detained")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.chart_view = QChartView()
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumWidth(360)
        self.audience = QComboBox()
        self.audience.setAccessibleName(self.tr("Audience"))
        for code, text in (("partners", self.tr("Partner organisations")),
                           ("legal", self.tr("Legal use")), ("public", self.tr("Public")),
                           ("internal", self.tr("Internal team (every name)"))):
            self.audience.addItem(text, code)
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language of the file"))
        self.language.addItem("Español", "es")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if current_language() == "es" else 1)
        self.pdf_button = QPushButton(self.tr("Save &PDF…"))
        self.csv_button = QPushButton(self.tr("Save &CSV…"))
        self.status = message_label("reportStatus")
        self.progress = task_bar(self.tr("Counting"), STEPS)
        self.cancel_button = QPushButton(self.tr("Ca&ncel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the counting"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        self._lay_out()

        self.dimension.currentIndexChanged.connect(self._show_table)
        self.pdf_button.clicked.connect(self._choose_pdf)
        self.csv_button.clicked.connect(self._choose_csv)

    # -- layout ------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.places = PlaceFilter(stretch=True)
        self.department = self.places.department
        self.province = self.places.province
        self.district = self.places.district
        self.date_from = line(self.tr("From date"), self.tr("e.g. 2022-12"))
        self.date_to = line(self.tr("To date"), self.tr("e.g. 2023-03-31"))
        lang = current_language()
        self.violation = QComboBox()
        self.violation.setAccessibleName(self.tr("Violation"))
        self.violation.addItem(self.tr("Any violation"), None)
        for term in vocabulary("violations").terms:
            self.violation.addItem(term.label(lang), term.code)
        self.perpetrator = QComboBox()
        self.perpetrator.setAccessibleName(self.tr("Alleged perpetrator"))
        self.perpetrator.addItem(self.tr("Any alleged perpetrator"), None)
        for term in vocabulary("perpetrators").terms:
            self.perpetrator.addItem(term.label(lang), term.code)
        self.count_button = QPushButton(self.tr("C&ount"))
        self.count_button.setDefault(True)
        self.count_button.clicked.connect(self.reload)
        for box in (self.date_from, self.date_to):
            box.returnPressed.connect(self.reload)

    def _lay_out(self) -> None:
        period = QHBoxLayout()
        period.addWidget(self.date_from)
        period.addWidget(QLabel("–"))
        period.addWidget(self.date_to)
        period.addSpacing(12)
        period.addWidget(buddy_label(self.tr("&Violation:"), self.violation))
        period.addWidget(self.violation, 1)
        period.addWidget(buddy_label(self.tr("Alleged pe&rpetrator:"), self.perpetrator))
        period.addWidget(self.perpetrator, 1)
        filters = QGroupBox(self.tr("Which events"))
        form = QFormLayout(filters)
        form.addRow(buddy_label(self.tr("P&lace:"), self.department), self.places)
        form.addRow(buddy_label(self.tr("&Between:"), self.date_from), period)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.progress)
        top.addWidget(self.cancel_button)
        top.addWidget(self.count_button)
        by = QHBoxLayout()
        by.addWidget(buddy_label(self.tr("Count b&y:"), self.dimension))
        by.addWidget(self.dimension)
        by.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(by)
        left_layout.addWidget(self.table, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.chart_view)
        split.setSizes([520, 520])
        files = QHBoxLayout()
        files.addWidget(buddy_label(self.tr("&Audience:"), self.audience))
        files.addWidget(self.audience)
        files.addWidget(buddy_label(self.tr("Lang&uage:"), self.language))
        files.addWidget(self.language)
        files.addStretch(1)
        files.addWidget(self.pdf_button)
        files.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(filters)
        layout.addLayout(top)
        layout.addWidget(self.rule)
        layout.addWidget(split, 1)
        layout.addLayout(files)
        layout.addWidget(self.status)

    # -- counting ----------------------------------------------------------------
    def filters(self) -> IncidentFilter:
        """The filters as chosen; WillayError if a date cannot be read."""
        place = self.places.code()
        start = span(self.date_from.text())[0] if self.date_from.text().strip() else None
        end = span(self.date_to.text())[1] if self.date_to.text().strip() else None
        return IncidentFilter(place=place, date_from=start, date_to=end,
                              violation=self.violation.currentData(),
                              perpetrator=self.perpetrator.currentData())

    def revisit(self) -> None:
        """Coming back to the page: count again only if records, links or the filters
        changed since the counts shown (a count of a large archive takes seconds)."""
        if self.task is not None and not self.task.done:
            return
        try:
            wanted = (self.controller.archive.data_version(), self.filters())
        except WillayError:
            self.reload()  # says what is wrong with the filters
            return
        if wanted != self._counted:
            self._count(*wanted)

    def reload(self) -> None:
        """Count again in the worker with the current filters."""
        try:
            filters = self.filters()
        except WillayError as exc:
            self.status.hide()
            self._say_error(str(exc))
            return
        self._count(self.controller.archive.data_version(), filters)

    def _count(self, version: object, filters: IncidentFilter) -> None:
        self.status.hide()
        if self.task is not None and not self.task.done:
            self.task.cancel()  # the newer filters win; the older count stops
        self._counting = (version, filters)
        task = self.controller.count_report(filters, current_language(), "partners")
        self.task = task
        self.count_button.setEnabled(False)
        self.summary.setText(self.tr("Counting…"))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        task.progressed.connect(self.progress.setValue)
        task.succeeded.connect(self._show)
        task.failed.connect(self._count_failed)
        task.ended.connect(self._count_ended)

    def cancel(self) -> None:
        """Stop the counting under way; the counts shown before stay as they were."""
        if self.task is not None and not self.task.done:
            self.task.cancel()

    def _count_failed(self, exc: object) -> None:
        if self.sender() is not self.task:
            return  # an older count, replaced by a newer one
        if isinstance(exc, Cancelled):
            self.summary.setText(self.tr("Counting was cancelled. Press Count to count "
                                         "again."))
            return
        self._say_error(message_for(exc) if isinstance(exc, BaseException) else str(exc))

    def _count_ended(self) -> None:
        if self.sender() is self.task:
            self._idle()

    def _idle(self) -> None:
        """Counting is over: Count again, no progress."""
        self.count_button.setEnabled(True)
        self.progress.hide()
        self.cancel_button.hide()

    def _show(self, report: object) -> None:
        if not isinstance(report, Summary) or self.sender() is not self.task:
            return
        self.report = report
        self._offer_fields()
        t = report.totals
        numbers = [(self.tr("Events"), t.events), (self.tr("Killed"), t.killed),
                   (self.tr("Injured"), t.injured), (self.tr("Detained"), t.detained)]
        cells = "".join(f"<td style='padding-right:28px'><span style='font-size:20pt;"
                        f"font-weight:bold'>{value}</span><br>{label}</td>"
                        for label, value in numbers)
        merged = self.tr("%1 records from documenters make %2 events.") \
            .replace("%1", str(t.records)).replace("%2", str(t.events))
        self.summary.setText(f"<table><tr>{cells}<td valign='bottom'>{merged}</td></tr>"
                             "</table>")
        self._counted = self._counting
        self._show_table()
        self._idle()  # before anyone hears of the counts, so Count can be pressed again
        self.counted.emit(report)

    def _offer_fields(self) -> None:
        """Offer, after the fixed ways of counting, the organization's choice fields."""
        chosen = self.dimension.currentData()
        self.dimension.blockSignals(True)
        for index in reversed(range(self.dimension.count())):
            if str(self.dimension.itemData(index)).startswith("field:"):
                self.dimension.removeItem(index)
        labels = self.controller.archive.countable_fields("partners", current_language())
        for key, label in labels.items():
            if self.report is not None and key in self.report.tables:
                self.dimension.addItem(label, key)
        self.dimension.setCurrentIndex(max(0, self.dimension.findData(chosen)))
        self.dimension.blockSignals(False)

    def _show_table(self) -> None:
        if self.report is None:
            return
        key = str(self.dimension.currentData())
        rows = self.report.tables[key]
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            values = [row.label, row.events, row.killed, row.injured, row.detained]
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(number, column, item)
        old = self.chart_view.chart()
        # The chart leaves out rows with nothing recorded unless they are all there is; the
        # window's chart stands beside its table, so it keeps them ("Not recorded" too).
        charted = [replace(row, key=row.key or UNRECORDED) for row in rows]
        chart = charts.bar_chart(self.dimension.currentText(), charted,
                                 (self.tr("Killed"), self.tr("Injured"), self.tr("Detained")),
                                 by_month=key == "month", scale=1.2)
        self.chart_view.setChart(chart)
        if old is not None:
            old.deleteLater()

    # -- files -------------------------------------------------------------------
    def _choose_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the report as PDF"),
                                              self.tr("report.pdf"), "PDF (*.pdf)")
        if path:
            self.save_pdf(Path(path))

    def _choose_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the report as CSV"),
                                              self.tr("report.csv"), "CSV (*.csv)")
        if path:
            self.save_csv(Path(path))

    def _file_options(self) -> tuple[IncidentFilter, str, str] | None:
        try:
            return self.filters(), str(self.language.currentData()), \
                str(self.audience.currentData())
        except WillayError as exc:
            self._say_error(str(exc))
            return None

    def save_pdf(self, path: Path) -> None:
        """Count with victims in the worker, paint the PDF here, write it in the worker."""
        options = self._file_options()
        if options is None:
            return
        filters, lang, audience = options
        task = self.controller.report_for_file(filters, lang, audience)
        self.task = task
        self._pdf_path = path
        self._busy(True)
        task.succeeded.connect(self._paint_pdf)
        task.failed.connect(self._failed)

    def _paint_pdf(self, result: object) -> None:
        path = self._pdf_path
        if not isinstance(result, tuple) or path is None:
            return
        report, card = result
        try:
            data = report_pdf.render(report, report_pdf.Signer(
                card.name, card.organization, card.fingerprint),
                datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
        except WillayError as exc:
            self._failed(exc)
            return
        self._writing(self.controller.write_report(path, data))

    def save_csv(self, path: Path) -> None:
        """Write one row per incident (with its event) in the worker."""
        options = self._file_options()
        if options is None:
            return
        filters, lang, audience = options
        task = self.controller.write_report_csv(path, filters, lang, audience)
        self._busy(True)
        self._writing(task)

    def _writing(self, task: Task) -> None:
        self.task = task
        task.succeeded.connect(self._written)
        task.failed.connect(self._failed)

    def _written(self, path: object) -> None:
        self._busy(False)
        self.status.setStyleSheet("color: #1f5f2a;")
        self.status.setText(self.tr("Saved %1.").replace("%1", str(path)))
        self.status.show()
        self.saved.emit(str(path))

    def _failed(self, exc: object) -> None:
        self._busy(False)
        text = message_for(exc) if isinstance(exc, BaseException) else str(exc)
        self._say_error(self.tr("The report was not saved: %1").replace("%1", text))
        self.save_failed.emit(text)

    def _say_error(self, text: str) -> None:
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(text)
        self.status.show()

    def _busy(self, busy: bool) -> None:
        for button in (self.pdf_button, self.csv_button):
            button.setEnabled(not busy)
        if busy:
            self.status.setStyleSheet("color: #555;")
            self.status.setText(self.tr("Writing the report…"))
            self.status.show()
