"""The incident filter options (place, dates, codes) of ``search``, ``report`` and
``export-uwazi``.

:func:`add_filter_options` adds them to a command's parser; :func:`filters_from` reads them
once the command runs. Only the latter loads the core's filter, gazetteer and vocabularies.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from willay.core.records.filter import IncidentFilter


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """Add the incident filters (place, dates, codes) that ``search`` and reports share."""
    parser.add_argument("--department", metavar="CODE")
    parser.add_argument("--province", metavar="CODE")
    parser.add_argument("--district", metavar="CODE")
    parser.add_argument("--from", dest="date_from", metavar="DATE")
    parser.add_argument("--to", dest="date_to", metavar="DATE")
    parser.add_argument("--violation", metavar="CODE")
    parser.add_argument("--perpetrator", metavar="CODE")


def filters_from(args: argparse.Namespace) -> IncidentFilter:
    """Read the options of :func:`add_filter_options`; unknown codes and unreadable dates
    are refused.

    The most precise place given wins (district, then province, then department).
    """
    from willay.core.records.filter import IncidentFilter
    from willay.core.reference.dates import span
    from willay.core.reference.gazetteer import gazetteer
    from willay.core.reference.vocabularies import vocabulary

    places = gazetteer()
    place = None
    if args.district:
        place = places.district(args.district).code
    elif args.province:
        place = places.province(args.province).code
    elif args.department:
        place = places.department(args.department).code
    return IncidentFilter(
        place=place,
        date_from=span(args.date_from)[0] if args.date_from else None,
        date_to=span(args.date_to)[1] if args.date_to else None,
        violation=vocabulary("violations").check(args.violation) if args.violation else None,
        perpetrator=(vocabulary("perpetrators").check(args.perpetrator)
                     if args.perpetrator else None),
    )
