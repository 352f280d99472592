"""Benchmark result rows: the JSON written to bench-results.json and the printed table."""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Result:
    """One measured figure.

    ``target`` is an upper bound on ``ratio`` when there is a baseline, else on
    ``value``; None marks an informational row with no target (``met`` is then None).
    """

    name: str
    value: float
    unit: str
    baseline: float | None
    ratio: float | None
    target: float | None
    met: bool | None


def result(name: str, value: float, unit: str, *, target: float | None = None,
           baseline: float | None = None) -> Result:
    """Build a row, computing ``ratio`` and ``met`` from the value, baseline and target."""
    ratio = value / baseline if baseline else None
    bounded = ratio if baseline else value
    met = None if target is None or bounded is None else bounded <= target
    return Result(name, _round(value), unit, _maybe(baseline), _maybe(ratio), target, met)


def _round(number: float) -> float:
    return float(f"{number:.4g}")


def _maybe(number: float | None) -> float | None:
    return None if number is None else _round(number)


def percentile(samples: Sequence[float], pct: int) -> float:
    """Return the ``pct``-th percentile (inclusive method) of ``samples``."""
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[pct - 1]


def write_json(path: Path, rows: Sequence[Result]) -> None:
    """Write ``rows`` as a JSON list of objects."""
    data = [asdict(row) for row in rows]
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _fmt(number: float | None, unit: str) -> str:
    if number is None:
        return "–"
    text = f"{number:.3g}" if abs(number) < 100 else f"{number:,.0f}"
    return f"{text} {unit}"


def table(rows: Sequence[Result]) -> str:
    """Return the rows as a readable text table."""
    header = ("figure", "value", "baseline", "ratio", "target", "met")
    lines = []
    for row in rows:
        if row.target is None:
            target = "–"
        elif row.baseline is not None:
            target = f"≤ {row.target:g}x"
        else:
            target = f"≤ {_fmt(row.target, row.unit)}"
        met = "–" if row.met is None else ("✓" if row.met else "✗")
        ratio = "–" if row.ratio is None else f"{row.ratio:.2f}x"
        lines.append((row.name, _fmt(row.value, row.unit), _fmt(row.baseline, row.unit),
                      ratio, target, met))
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]
    out = []
    for i, line in enumerate([header, *lines]):
        cells = [line[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(line[1:], widths[1:],
                                                                         strict=True)]
        out.append("  ".join(cells).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)
