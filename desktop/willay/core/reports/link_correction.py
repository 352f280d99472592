"""What linked incidents change in the kept tally, kept in the vault between reports.

The tally (:class:`~willay.core.vault.kept.CountTally`) counts each incident as an event
of its own. The correction takes every linked incident out again and puts back the
events they form, merged by the counting rule of :mod:`willay.core.reports.counts`.
Computing it reads every linked incident, a second at a million incidents with one in a
hundred linked, so it is kept (:class:`~willay.core.vault.kept.CountCorrection`) by
department and by the statuses of each event's records, which is all a report the
tally answers can narrow by. Triggers count every change to a link, a linked incident
or its codes (:class:`~willay.core.vault.kept.CountCorrectionState`); the kept rows are
used only while that count stands where it was when they were kept.

Keeping them is a convenience: when other work is writing to the vault, or the disk is
full, the report is still right and the rows are simply computed again next time.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from sqlalchemy import Engine, delete, func, insert, update
from sqlalchemy import select as sa_select
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col

from willay.core.progress import CancelToken
from willay.core.reconcile import links
from willay.core.records.filter import IncidentFilter
from willay.core.reports.counts import (
    DIMENSIONS,
    Event,
    event_keys,
    group_events,
    merge_event,
    passes,
)
from willay.core.reports.incident_data import load_incidents
from willay.core.vault.database import pragma
from willay.core.vault.kept import CountCorrection, CountCorrectionState

log = logging.getLogger(__name__)

TOTALS = ""  # the dimension of the totals' row
Key = tuple[str, str, str, str]  # dimension, key, department, statuses
Numbers = list[int]  # events, records, killed, injured, detained
_ROWS_AT_ONCE = 5_000


def correction(session: Session, filters: IncidentFilter,
               cancel: CancelToken | None = None) -> dict[tuple[str, str], Numbers]:
    """Return what the linked incidents add to the tally's counts under ``filters`` (a
    department, a status or neither), by dimension and key; TOTALS for the totals.

    Reads the kept rows while they are current; otherwise computes them, keeps them when
    the vault can take the write at once, and returns them.
    """
    state = session.get(CountCorrectionState, 1)
    if state is not None and state.kept == state.changes:
        return _read(session, filters)
    rows = compute(session, cancel)
    engine = session.get_bind()
    if state is not None and isinstance(engine, Engine):
        keep(engine, rows, state.changes)
    return narrow(rows, filters)


def compute(session: Session, cancel: CancelToken | None = None,
            filters: IncidentFilter | None = None) -> dict[Key, Numbers]:
    """Compute the correction from the linked incidents as they are now; with
    ``filters``, only for the incidents and events they pass (as counted from rows)."""
    linked = load_incidents(session, only_linked=True, cancel=cancel)
    wanted = filters if filters is not None and filters.active() else None
    rows: dict[Key, Numbers] = defaultdict(lambda: [0, 0, 0, 0, 0])
    alone = (merge_event(incident.id, [incident]) for incident in linked)
    for sign, events in ((-1, alone),  # as the database counted them: each on its own
                         (1, group_events(linked, links.groups(session, "incident"), cancel))):
        for event in events:
            if wanted is None or passes(event, wanted):
                _put(rows, event, sign)
    return {key: numbers for key, numbers in rows.items() if any(numbers)}


def _put(rows: dict[Key, Numbers], event: Event, sign: int) -> None:
    department = (event.ubigeo or "")[:2]
    statuses = f",{','.join(sorted({m.status for m in event.members}))},"
    numbers = (sign, sign * len(event.members), sign * event.killed,
               sign * event.injured, sign * event.detained)
    for dimension in (TOTALS, *DIMENSIONS):
        for key in ("",) if dimension == TOTALS else event_keys(event, dimension):
            row = rows[(dimension, key, department, statuses)]
            for n, value in enumerate(numbers):
                row[n] += value


def narrow(rows: dict[Key, Numbers], filters: IncidentFilter) -> dict[tuple[str, str], Numbers]:
    """Sum the rows a report with ``filters`` (a department, a status) counts."""
    out: dict[tuple[str, str], Numbers] = defaultdict(lambda: [0, 0, 0, 0, 0])
    wanted = f",{filters.status}," if filters.status else ""
    for (dimension, key, department, statuses), numbers in rows.items():
        if filters.place and department != filters.place:
            continue
        if wanted and wanted not in statuses:
            continue
        row = out[(dimension, key)]
        for n, value in enumerate(numbers):
            row[n] += value
    return out


def _read(session: Session, filters: IncidentFilter) -> dict[tuple[str, str], Numbers]:
    dimension, key = col(CountCorrection.dimension), col(CountCorrection.key)
    stmt = sa_select(dimension, key, *(func.sum(col(c)) for c in (
        CountCorrection.events, CountCorrection.records, CountCorrection.killed,
        CountCorrection.injured, CountCorrection.detained))).group_by(dimension, key)
    if filters.place:
        stmt = stmt.where(col(CountCorrection.department) == filters.place)
    if filters.status:
        stmt = stmt.where(func.instr(col(CountCorrection.statuses),
                                     f",{filters.status},") > 0)
    return {(row[0], row[1]): [int(n) for n in row[2:]] for row in session.execute(stmt)}


def keep(engine: Engine, rows: dict[Key, Numbers], changes: int) -> bool:
    """Keep ``rows``, computed when the change count was ``changes``, if it still is and
    the vault can be written at once; return whether they were kept."""
    # A report never waits for other writers.
    with engine.connect() as conn, pragma(conn, "busy_timeout", 0):
        try:
            with conn.begin():
                now = conn.execute(sa_select(col(CountCorrectionState.changes))
                                   .where(col(CountCorrectionState.id) == 1)).scalar()
                if now != changes:
                    return False
                conn.execute(delete(CountCorrection))
                values = [{"dimension": d, "key": k, "department": dep, "statuses": s,
                           "events": n[0], "records": n[1], "killed": n[2], "injured": n[3],
                           "detained": n[4]} for (d, k, dep, s), n in rows.items()]
                for at in range(0, len(values), _ROWS_AT_ONCE):
                    conn.execute(insert(CountCorrection), values[at:at + _ROWS_AT_ONCE])
                conn.execute(update(CountCorrectionState).values(kept=changes))
            return True
        except OperationalError as exc:  # busy or full: computed again next time
            log.info("report counts for linked incidents not kept: %s", type(exc).__name__)
            return False
