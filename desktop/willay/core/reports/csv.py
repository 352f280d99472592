"""A report as CSV for spreadsheets: one row per incident, with the event it belongs to.

Incidents linked as the same event share ``event_id`` (the group's representative), so
a spreadsheet user can count each event once. The file is UTF-8 with a byte order mark,
which Excel on Windows needs to read accents (LibreOffice and Python's ``csv`` with
``utf-8-sig`` take it as well); fields are quoted as RFC 4180 says, lines end in CRLF.
A text cell that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from willay.core.reference.gazetteer import gazetteer
from willay.core.reference.vocabularies import vocabulary
from willay.core.reports.counts import Event

if TYPE_CHECKING:
    from willay.core.reports.custom_fields import CustomTable

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "id", "event_id", "records_in_event", "title", "occurred", "occurred_start",
    "occurred_end", "precision", "department_code", "department", "province_code",
    "province", "district_code", "district", "place_text", "violation_codes", "violations",
    "perpetrator_codes", "perpetrators", "killed", "injured", "detained", "status",
)
LIST_SEPARATOR = "; "


def safe_cell(value: str) -> str:
    """Return text a spreadsheet shows as text: formula-like cells get a leading apostrophe."""
    return "'" + value if value.startswith(_FORMULA_START) else value


@lru_cache(maxsize=4096)
def _place_parts(ubigeo: str | None) -> tuple[str, ...]:
    out: list[str] = []
    places = gazetteer()
    for digits in (2, 4, 6):
        code = (ubigeo or "")[:digits] if ubigeo else ""
        found = places.get(code) if code else None
        out.extend([code, found.name if found else ""])
    return tuple(out)


@lru_cache(maxsize=4096)
def _labels(codes: tuple[str, ...], vocab: str, lang: str) -> str:
    voc = vocabulary(vocab)
    return LIST_SEPARATOR.join(voc.label(c, lang) if c in voc else c for c in codes)


def rows(merged: Iterable[Event], lang: str = "es", custom: CustomTable | None = None
         ) -> list[list[str]]:
    """Return the CSV rows (without the header) of every record of these events, with
    the organization fields of ``custom`` after the fixed ones."""
    out = []
    for event in merged:
        for m in event.members:
            cells = [
                m.id, event.id, str(len(event.members)), safe_cell(m.title), m.date_label(),
                m.start, m.end, m.precision, *_place_parts(m.ubigeo), safe_cell(m.place_text),
                LIST_SEPARATOR.join(m.violations), _labels(m.violations, "violations", lang),
                LIST_SEPARATOR.join(m.perpetrators),
                _labels(m.perpetrators, "perpetrators", lang),
                str(m.killed), str(m.injured), str(m.detained), m.status,
            ]
            if custom is not None:
                cells += [safe_cell(c) for c in custom.cells(m.id, lang)]
            out.append(cells)
    return out


def render(merged: Iterable[Event], lang: str = "es", custom: CustomTable | None = None
           ) -> bytes:
    """Return the whole CSV file: BOM, header and one row per incident, UTF-8."""
    merged = list(merged)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([*COLUMNS, *(custom.headers() if custom is not None else [])])
    writer.writerows(rows(merged, lang, custom))
    return (BOM + buffer.getvalue()).encode("utf-8")
