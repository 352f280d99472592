"""Bar charts of report counts (killed, injured, detained), for the PDF and the window."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from willay.core.reports.counts import CountRow

FONT_FAMILY = "DejaVu Sans"
CHART_BARS = 12
CHART_MONTHS = 60
COLORS = ("#8c1c13", "#d08c2b", "#2b5d8c")  # killed, injured, detained


def font(size: float, bold: bool = False) -> QFont:
    """Return the report font at ``size`` points."""
    made = QFont(FONT_FAMILY)
    made.setPointSizeF(size)
    made.setBold(bold)
    return made


def short(label: str, limit: int = 38) -> str:
    """Cut a long label with an ellipsis."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


def chart_rows(rows: list[CountRow], by_month: bool) -> list[CountRow]:
    """Return the rows a chart shows: months in order (the latest if too many); otherwise
    the known ones with most killed, injured and detained first, at most CHART_BARS."""
    known = [r for r in rows if r.key] or rows
    if by_month:
        return known[-CHART_MONTHS:]
    ranked = sorted(known, key=lambda r: (-r.killed, -r.injured, -r.detained, r.label))
    return ranked[:CHART_BARS]


def bar_chart(title: str, rows: list[CountRow], names: tuple[str, str, str],
              by_month: bool, scale: float = 1.0) -> QChart:
    """Return a chart of killed, injured and detained per row.

    Months stand as columns in time order; places, violations and perpetrators lie as
    bars, the largest at the top. ``names`` label the three series; ``scale`` enlarges
    the fonts (for the window, whose charts are larger than in print).
    """
    shown = chart_rows(rows, by_month)
    if not by_month:
        shown = list(reversed(shown))
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setTitle(title)
    chart.setTitleFont(font(10 * scale, bold=True))
    chart.setBackgroundVisible(False)
    series = QBarSeries() if by_month else QHorizontalBarSeries()
    top = 0
    for key, name, color in zip(("killed", "injured", "detained"), names, COLORS,
                                strict=True):
        bars = QBarSet(name)
        bars.setColor(QColor(color))
        bars.setBorderColor(QColor(color))
        values = [int(getattr(r, key)) for r in shown]
        top = max([top, *values])
        bars.append([float(v) for v in values])
        series.append(bars)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append([short(r.label) for r in shown])
    categories.setLabelsFont(font(7 * scale))
    categories.setTruncateLabels(False)  # labels are already cut to fit (short)
    values_axis = QValueAxis()
    values_axis.setRange(0, max(1, top))
    values_axis.setLabelFormat("%d")
    values_axis.setLabelsFont(font(7 * scale))
    values_axis.applyNiceNumbers()
    if by_month:
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values_axis, Qt.AlignmentFlag.AlignLeft)
    else:
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values_axis, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(categories)
    series.attachAxis(values_axis)
    if by_month and len(shown) > 8:
        categories.setLabelsAngle(-90)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setFont(font(8 * scale))
    return chart
