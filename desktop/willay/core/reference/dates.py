"""Dates as field documenters know them: a day, a month, or roughly when."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from willay.core.errors import ValidationError
from willay.core.i18n import _

PRECISIONS = ("day", "month", "approximate")
_APPROX_PREFIXES = ("~", "ca.", "ca ", "circa ", "aprox.", "aprox ", "approx. ", "approx ")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class FuzzyDate:
    """A span of days with the precision the documenter gave it."""

    start: date
    end: date
    precision: str

    def as_fields(self) -> dict[str, str]:
        """Return the canonical form stored in revisions."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat(),
                "precision": self.precision}

    def label(self) -> str:
        """Return a short human form: 2023-01-09, 2023-01, ~2023-01-09, 2023-01-09 – 2023-01-12."""
        if self.precision == "month":
            first = self.start.strftime("%Y-%m")
            last = self.end.strftime("%Y-%m")
            return first if first == last else f"{first} – {last}"
        prefix = "~" if self.precision == "approximate" else ""
        if self.start == self.end:
            return f"{prefix}{self.start.isoformat()}"
        return f"{prefix}{self.start.isoformat()} – {self.end.isoformat()}"


def _span(text: str) -> tuple[date, date, str]:
    try:
        if m := _DAY.match(text):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return day, day, "day"
        if m := _MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1), date(year, month, last), "month"
        if m := _YEAR.match(text):
            year = int(m[1])
            return date(year, 1, 1), date(year, 12, 31), "approximate"
    except ValueError as exc:
        raise ValidationError(
            _("{text} is not a real date: check the month (01 to 12) and the day.")
            .format(text=repr(text))) from exc
    raise ValidationError(
        _("{text} is not a date Willay understands. Use YYYY-MM-DD (a day), YYYY-MM "
          "(a month), YYYY (a year), or put ~ before it when it is approximate.")
        .format(text=repr(text))
    )


def parse_fuzzy(text: str, until: str | None = None, precision: str | None = None) -> FuzzyDate:
    """Parse an occurrence date (and optional end) such as ``2023-01-09`` or ``~2023-01``."""
    raw = text.strip()
    approximate = False
    lowered = raw.lower()
    for prefix in _APPROX_PREFIXES:
        if lowered.startswith(prefix):
            raw, approximate = raw[len(prefix):].strip(), True
            break
    start, end, found = _span(raw)
    if until:
        _start, end, until_precision = _span(until.strip().lstrip("~").strip())
        if until_precision == "approximate":
            found = "approximate"
        if end < start:
            raise ValidationError(
                _("The end date {until} comes before the start date {start}.")
                .format(until=until, start=text))
    if approximate:
        found = "approximate"
    if precision:
        if precision not in PRECISIONS:
            raise ValidationError(
                _("Unknown date precision {precision}; use one of: {choices}.")
                .format(precision=repr(precision), choices=", ".join(PRECISIONS))
            )
        found = precision
    today = date.today()
    if start > today:
        raise ValidationError(_("The date {text} is in the future.").format(text=text))
    return FuzzyDate(start, end, found)


def span(text: str) -> tuple[date, date]:
    """Return the first and last day that ``text`` (YYYY-MM-DD, YYYY-MM or YYYY) covers."""
    start, end, _precision = _span(text.strip())
    return start, end


def from_fields(fields: dict[str, str]) -> FuzzyDate:
    """Rebuild a FuzzyDate from its stored canonical form."""
    return FuzzyDate(date.fromisoformat(fields["start"]), date.fromisoformat(fields["end"]),
                     fields["precision"])
