"""Events as a CSV file for Uwazi's CSV import, into an "Incident" template.

Uwazi matches columns to the template's property names (lower case, ``_`` for spaces);
a column ending in ``__es`` or ``__en`` holds that language's value. Select and
multiselect properties take thesaurus labels, several separated by ``|``; for a
thesaurus with language columns Uwazi looks values up by the default language's column
and takes the other one as their translation. Date ranges are ``YYYY-MM-DD:YYYY-MM-DD``
and geolocation ``latitude|longitude``. docs/uwazi-incident-template.md describes the
template to create before importing.

One row per event: linked incidents are one entity (see :mod:`willay.core.reports.counts`);
``willay_records`` lists the ids of the records merged into it. The file is UTF-8
without a byte order mark (Uwazi would read one as part of the first column's name),
and values are written exactly as recorded: it is meant for Uwazi, not a spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from willay.core.reference.gazetteer import gazetteer
from willay.core.reference.vocabularies import vocabulary
from willay.core.reports import uwazi_fields
from willay.core.reports.counts import Event

if TYPE_CHECKING:
    from willay.core.reports.custom_fields import CustomTable

SEPARATOR = "|"
COLUMNS = (
    "title__es", "title__en", "occurred", "department", "province", "district", "place",
    "geolocation", "violations__es", "violations__en", "perpetrators__es", "perpetrators__en",
    "killed", "injured", "detained", "narrative__es", "narrative__en", "willay_id",
    "willay_records",
)


def _clean(label: str) -> str:
    # A "|" inside a label would split it into two thesaurus values.
    return label.replace(SEPARATOR, "/")


def _labels(codes: Iterable[str], vocab: str, lang: str) -> str:
    voc = vocabulary(vocab)
    return SEPARATOR.join(_clean(voc.label(c, lang) if c in voc else c) for c in codes)


def _place(ubigeo: str | None, digits: int) -> str:
    if not ubigeo:
        return ""
    found = gazetteer().get(ubigeo[:digits])
    return _clean(found.name) if found else ""


def _geolocation(event: Event) -> str:
    for member in event.members:
        if member.latitude is not None and member.longitude is not None:
            return f"{member.latitude}{SEPARATOR}{member.longitude}"
    return ""


def row(event: Event) -> list[str]:
    """Return the CSV row of one event (its narrative is the earliest record's)."""
    first = event.members[0]
    narrative = first.narrative
    return [
        event.title, event.title, f"{event.start}:{event.end}",
        _place(event.ubigeo, 2), _place(event.ubigeo, 4), _place(event.ubigeo, 6),
        event.place_text, _geolocation(event),
        _labels(event.violations, "violations", "es"),
        _labels(event.violations, "violations", "en"),
        _labels(event.perpetrators, "perpetrators", "es"),
        _labels(event.perpetrators, "perpetrators", "en"),
        str(event.killed), str(event.injured), str(event.detained), narrative, narrative,
        event.id, " ".join(m.id for m in event.members),
    ]


def render(merged: Iterable[Event], custom: CustomTable | None = None) -> bytes:
    """Return the CSV file for Uwazi: header and one row per event, UTF-8, CRLF; the
    organization fields of ``custom`` follow the fixed columns."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    extra = uwazi_fields.headers(custom) if custom is not None else []
    writer.writerow([*COLUMNS, *extra])
    for event in merged:
        writer.writerow([*row(event),
                         *(uwazi_fields.cells(custom, event) if custom is not None else [])])
    return buffer.getvalue().encode("utf-8")
