"""The Reports page's counts on a hub (PostgreSQL), which keeps no tally (decision 0059).

A vault keeps its counts through SQLite triggers; a hub counts from the rows for every
report, since a kept tally is a few rows that every incident written changes, and two
coordinators importing at once would undo each other there. Places and months are
counted apart in one grouped pass (``GROUPING SETS``): the server sends a row for each
district and one for each month, some two thousand rows at 100,000 incidents, instead of
one for each district and month it has (sixty thousand).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, func
from sqlalchemy import select as sa_select


def districts_and_months(district: ColumnElement[Any], month: ColumnElement[Any],
                         numbers: tuple[Any, ...]) -> Select[*tuple[Any, ...]]:
    """Count the incidents by ``district`` and, apart, by ``month``.

    Each row is ``by_month, district, month, *numbers``: ``by_month`` is 1 on a month's
    row (its district is NULL) and 0 on a district's (its month is NULL).
    """
    return (sa_select(func.grouping(district), district, month, *numbers)
            .group_by(func.grouping_sets(district, month)))
