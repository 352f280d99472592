"""A report as a PDF: title page, tables and charts by dimension, timeline, victims.

Pages are A4, laid out first and painted afterwards so that every page can say
"page N of M". Charts are Qt Charts, painted as vectors into the PDF. The texts of the
document come from :data:`STRINGS` (Spanish and English), not from the window's
translation catalog, so the command line renders them the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCharts import QChart
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QRectF,
    QSizeF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import QGraphicsScene

from willay.core.errors import WillayError
from willay.core.reference.vocabularies import vocabulary
from willay.core.reports.counts import COUNTING_RULE, VICTIMS_RULE, Report
from willay.pdf.charts import CHART_BARS, bar_chart, chart_rows, font
from willay.pdf.qt_app import ensure_app

RESOLUTION = 300
MARGIN_MM = 18
Op = Callable[[QPainter], None]

STRINGS: dict[str, dict[str, str]] = {
    "es": {
        "title": "Informe de incidentes",
        "subtitle": "Conteo de víctimas por lugar y fecha, con los eventos vinculados contados "
                    "una vez",
        "prepared": "Elaborado con el archivo de",
        "fingerprint": "Huella del archivo",
        "generated": "Fecha del informe",
        "audience": "Público del informe",
        "filters": "Filtros",
        "no_filters": "Ninguno: todos los eventos del archivo",
        "summary": "Resumen",
        "events": "Eventos",
        "records": "Registros",
        "killed": "Muertos",
        "injured": "Heridos",
        "detained": "Detenidos",
        "records_note": "{records} registros de documentadores forman {events} eventos.",
        "rule_title": "Regla de conteo",
        "by_department": "Por departamento",
        "by_province": "Por provincia",
        "by_district": "Por distrito",
        "by_month": "Por mes",
        "by_violation": "Por tipo de violación",
        "by_perpetrator": "Por perpetrador",
        "department": "Departamento",
        "province": "Provincia",
        "district": "Distrito",
        "month": "Mes",
        "violation": "Violación",
        "perpetrator": "Perpetrador",
        "chart_top": "los {n} con más muertos y heridos",
        "timeline": "Cronología",
        "date": "Fecha",
        "event": "Evento",
        "place": "Lugar",
        "victims": "Víctimas",
        "name": "Nombre o seudónimo",
        "named": "Nombre",
        "pseudonym": "Seudónimo",
        "shown_as": "Se muestra",
        "in_events": "Eventos",
        "no_victims": "Ninguna víctima vinculada a estos eventos por un testimonio.",
        "no_events": "Ningún evento coincide con los filtros.",
        "more_events": "… y {n} eventos más, que este informe no enumera: acote los filtros, "
                       "o use el CSV (una fila por incidente).",
        "more_victims": "… y {n} víctimas más, que este informe no enumera: acote los filtros.",
        "page": "Página {n} de {total}",
        "footer": "Willay · Informe de incidentes · {audience}",
    },
    "en": {
        "title": "Incident report",
        "subtitle": "Victims counted by place and date, with linked events counted once",
        "prepared": "Prepared from the archive of",
        "fingerprint": "Archive fingerprint",
        "generated": "Report date",
        "audience": "Audience",
        "filters": "Filters",
        "no_filters": "None: every event in the archive",
        "summary": "Summary",
        "events": "Events",
        "records": "Records",
        "killed": "Killed",
        "injured": "Injured",
        "detained": "Detained",
        "records_note": "{records} records from documenters make {events} events.",
        "rule_title": "Counting rule",
        "by_department": "By department",
        "by_province": "By province",
        "by_district": "By district",
        "by_month": "By month",
        "by_violation": "By violation type",
        "by_perpetrator": "By perpetrator",
        "department": "Department",
        "province": "Province",
        "district": "District",
        "month": "Month",
        "violation": "Violation",
        "perpetrator": "Perpetrator",
        "chart_top": "the {n} with most killed and injured",
        "timeline": "Timeline",
        "date": "Date",
        "event": "Event",
        "place": "Place",
        "victims": "Victims",
        "name": "Name or pseudonym",
        "named": "Name",
        "pseudonym": "Pseudonym",
        "shown_as": "Shown as",
        "in_events": "Events",
        "no_victims": "No victim is linked to these events by a testimony.",
        "no_events": "No event matches the filters.",
        "more_events": "… and {n} more events this report does not list: narrow the filters, "
                       "or use the CSV (one row per incident).",
        "more_victims": "… and {n} more victims this report does not list: narrow the filters.",
        "page": "Page {n} of {total}",
        "footer": "Willay · Incident report · {audience}",
    },
}
CHARTED = ("department", "month", "violation")


@dataclass(frozen=True)
class Signer:
    """Whose archive the report comes from, as on the vault's card."""

    name: str
    organization: str
    fingerprint: str


# A printed list longer than this helps no reader (1,000 rows are about 30 pages); the
# counts above it still cover every event.
MAX_LISTED = 1000


def _font(size: float, bold: bool = False) -> QFont:
    return font(size, bold)


class _Flow:
    """Lays blocks out top to bottom over pages; painting happens later, page by page."""

    def __init__(self, writer: QPdfWriter) -> None:
        self.writer = writer
        self.mm = RESOLUTION / 25.4
        self.left = MARGIN_MM * self.mm
        self.top = MARGIN_MM * self.mm
        self.width = writer.width() - 2 * self.left
        self.bottom = writer.height() - (MARGIN_MM + 6) * self.mm
        self.pages: list[list[Op]] = [[]]
        self.y = self.top

    def new_page(self) -> None:
        """Continue on a fresh page."""
        self.pages.append([])
        self.y = self.top

    def need(self, height: float) -> None:
        """Start a new page unless ``height`` fits below the current position."""
        if self.y + height > self.bottom and self.y > self.top:
            self.new_page()

    def measure(self, text: str, font: QFont, width: float,
                flags: int = Qt.TextFlag.TextWordWrap) -> float:
        """Return the height ``text`` takes in ``font`` wrapped at ``width``."""
        metrics = QFontMetricsF(font, self.writer)
        box = metrics.boundingRect(QRectF(0, 0, width, 1e6), flags, text)
        return box.height()

    def text(self, text: str, font: QFont, *, gap: float = 2.5, color: str = "#000000",
             keep: float = 0.0) -> None:
        """Add a paragraph; ``keep`` more height must fit with it (no orphan headings)."""
        height = self.measure(text, font, self.width)
        self.need(height + keep)
        rect = QRectF(self.left, self.y, self.width, height)

        def draw(p: QPainter) -> None:
            p.setFont(font)
            p.setPen(QColor(color))
            p.drawText(rect, int(Qt.TextFlag.TextWordWrap), text)

        self.pages[-1].append(draw)
        self.y += height + gap * self.mm

    def space(self, millimetres: float) -> None:
        """Leave vertical space."""
        self.y += millimetres * self.mm

    def table(self, headers: list[str], rows: list[list[str]], widths: list[float],
              numeric: set[int]) -> None:
        """Add a table; ``widths`` are fractions of the text width; headers repeat."""
        head_font, body_font = _font(8.5, bold=True), _font(8.5)
        pad = 1.2 * self.mm
        cols = [w * self.width for w in widths]

        def row_height(cells: list[str], font: QFont) -> float:
            return max(self.measure(c, font, w - 2 * pad) for c, w in zip(cells, cols,
                                                                           strict=True)) + 2 * pad

        head_h = row_height(headers, head_font)

        def add_row(cells: list[str], font: QFont, height: float, shade: str | None) -> None:
            y = self.y

            def draw(p: QPainter) -> None:
                x = self.left
                if shade:
                    p.fillRect(QRectF(x, y, self.width, height), QColor(shade))
                p.setFont(font)
                p.setPen(QColor("#000000"))
                for i, (cell, w) in enumerate(zip(cells, cols, strict=True)):
                    align = Qt.AlignmentFlag.AlignRight if i in numeric \
                        else Qt.AlignmentFlag.AlignLeft
                    p.drawText(QRectF(x + pad, y + pad, w - 2 * pad, height - 2 * pad),
                               int(align | Qt.AlignmentFlag.AlignTop)
                               | int(Qt.TextFlag.TextWordWrap), cell)
                    x += w
                p.setPen(QPen(QColor("#b0b0b0"), 0.2 * self.mm))
                p.drawLine(int(self.left), int(y + height), int(self.left + self.width),
                           int(y + height))

            self.pages[-1].append(draw)
            self.y += height

        heights = [row_height(cells, body_font) for cells in rows]
        whole = head_h + sum(heights)
        # A short table stays on one page; a long one starts with at least a row.
        if whole < (self.bottom - self.top) / 3:
            self.need(whole)
        else:
            self.need(head_h + (heights[0] if heights else 0))
        add_row(headers, head_font, head_h, "#e6e1d8")
        for number, (cells, height) in enumerate(zip(rows, heights, strict=True)):
            if self.y + height > self.bottom:
                self.new_page()
                add_row(headers, head_font, head_h, "#e6e1d8")
            add_row(cells, body_font, height, "#f6f4f0" if number % 2 else None)
        self.space(4)

    def chart(self, build: Callable[[], QChart], height_mm: float) -> None:
        """Add a Qt Chart ``height_mm`` tall across the text width, painted as vectors."""
        height = height_mm * self.mm
        self.need(height)
        target = QRectF(self.left, self.y, self.width, height)
        scale = RESOLUTION / 96

        def draw(p: QPainter) -> None:
            chart = build()
            scene = QGraphicsScene()
            scene.addItem(chart)
            size = QSizeF(target.width() / scale, target.height() / scale)
            chart.resize(size)
            scene.setSceneRect(QRectF(0, 0, size.width(), size.height()))
            # The chart lays its axes out on the next turn of the event loop; paint after.
            QCoreApplication.processEvents()
            scene.render(p, target, scene.sceneRect())
            scene.removeItem(chart)
            chart.deleteLater()

        self.pages[-1].append(draw)
        self.y += height + 4 * self.mm


def _title_page(flow: _Flow, report: Report, s: dict[str, str], signer: Signer,
                generated: str) -> None:
    audience = vocabulary("consent_scopes").label(report.audience, report.lang)
    flow.space(20)
    flow.text(s["title"], _font(26, bold=True), gap=3, color="#5a1a10")
    flow.text(s["subtitle"], _font(12), gap=12, color="#444444")
    who = signer.name + (f" — {signer.organization}" if signer.organization else "")
    filters = report.filters.describe(report.lang) or [s["no_filters"]]
    for label, value in ((s["prepared"], who), (s["fingerprint"], signer.fingerprint),
                         (s["generated"], generated), (s["audience"], audience),
                         (s["filters"], "\n".join(filters))):
        flow.text(label, _font(9, bold=True), gap=0.8, color="#555555")
        flow.text(value, _font(11), gap=4)
    flow.space(6)
    flow.text(s["summary"], _font(14, bold=True), gap=3)
    t = report.totals
    flow.table([s["events"], s["killed"], s["injured"], s["detained"]],
               [[str(t.events), str(t.killed), str(t.injured), str(t.detained)]],
               [0.25, 0.25, 0.25, 0.25], {0, 1, 2, 3})
    flow.text(s["records_note"].format(records=t.records, events=t.events) + " *",
              _font(10), gap=8)
    flow.text("* " + s["rule_title"] + ". " + COUNTING_RULE[report.lang], _font(8.5),
              color="#333333")


def _dimension_tables(flow: _Flow, report: Report, s: dict[str, str]) -> None:
    for dimension, rows in report.tables.items():
        title = s[f"by_{dimension}"]
        flow.text(title, _font(14, bold=True), gap=2, keep=20 * flow.mm)
        flow.table([s[dimension], s["events"], s["killed"], s["injured"], s["detained"]],
                   [[r.label, str(r.events), str(r.killed), str(r.injured), str(r.detained)]
                    for r in rows], [0.52, 0.12, 0.12, 0.12, 0.12], {1, 2, 3, 4})
        if dimension in CHARTED and rows:
            by_month = dimension == "month"
            label = title
            if not by_month and len([r for r in rows if r.key]) > CHART_BARS:
                label = f"{title}: {s['chart_top'].format(n=CHART_BARS)}"
            shown = len(chart_rows(rows, by_month))
            height = 95.0 if by_month else max(70.0, 14 + 9 * shown)
            names = (s["killed"], s["injured"], s["detained"])
            flow.chart(partial(bar_chart, label, rows, names, by_month), height)


def _timeline(flow: _Flow, report: Report, s: dict[str, str]) -> None:
    flow.new_page()
    flow.text(s["timeline"], _font(16, bold=True), gap=3)
    rows = []
    for event in report.timeline[:MAX_LISTED]:
        title = event.title
        if len(event.members) > 1:
            title += f" ({len(event.members)} {s['records'].lower()})"
        rows.append([event.date_label(), title, report.place_label(event.ubigeo),
                     str(event.killed), str(event.injured), str(event.detained)])
    flow.table([s["date"], s["event"], s["place"], s["killed"], s["injured"], s["detained"]],
               rows, [0.13, 0.31, 0.23, 0.11, 0.11, 0.11], {3, 4, 5})
    _more(flow, s["more_events"], len(report.timeline))


def _victims(flow: _Flow, report: Report, s: dict[str, str]) -> None:
    flow.new_page()
    flow.text(s["victims"], _font(16, bold=True), gap=3)
    flow.text(VICTIMS_RULE[report.lang], _font(8.5), gap=4, color="#333333")
    if not report.victims:
        flow.text(s["no_victims"], _font(10))
        return
    by_id = {e.id: e for e in report.timeline}
    rows = []
    for victim in report.victims[:MAX_LISTED]:
        seen = [by_id[e] for e in victim.events if e in by_id]
        rows.append([victim.label, s["named"] if victim.named else s["pseudonym"],
                     "\n".join(f"{e.date_label()} — {e.title}" for e in seen)])
    flow.table([s["name"], s["shown_as"], s["in_events"]], rows, [0.3, 0.14, 0.56], set())
    _more(flow, s["more_victims"], len(report.victims))


def _more(flow: _Flow, note: str, listed: int) -> None:
    if listed > MAX_LISTED:
        flow.space(2)
        flow.text(note.format(n=listed - MAX_LISTED), _font(10, bold=True))


def render(report: Report, signer: Signer, generated: str) -> bytes:
    """Return the PDF of ``report`` in its language; WillayError if Qt cannot write it."""
    ensure_app()
    s = STRINGS[report.lang]
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(s["title"])
    writer.setCreator("Willay")
    flow = _Flow(writer)
    _title_page(flow, report, s, signer, generated)
    flow.new_page()
    if report.timeline:
        _dimension_tables(flow, report, s)
        _timeline(flow, report, s)
        _victims(flow, report, s)
    else:
        flow.text(s["no_events"], _font(12))
    audience = vocabulary("consent_scopes").label(report.audience, report.lang)
    painter = QPainter()
    if not painter.begin(writer):
        raise WillayError("Qt could not start the PDF; nothing was written.")
    try:
        total = len(flow.pages)
        for number, ops in enumerate(flow.pages, start=1):
            if number > 1:
                writer.newPage()
            for op in ops:
                op(painter)
            _footer(painter, flow, s["footer"].format(audience=audience),
                    s["page"].format(n=number, total=total))
    finally:
        painter.end()
        buffer.close()
    return bytes(data.data())


def _footer(p: QPainter, flow: _Flow, left: str, right: str) -> None:
    y = flow.bottom + 4 * flow.mm
    rect = QRectF(flow.left, y, flow.width, 6 * flow.mm)
    p.setPen(QPen(QColor("#999999"), 0.2 * flow.mm))
    p.drawLine(int(flow.left), int(y), int(flow.left + flow.width), int(y))
    p.setFont(_font(8))
    p.setPen(QColor("#555555"))
    p.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), left)
    p.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), right)
