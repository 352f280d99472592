"""The counts a coordinator looks at, fast on a large archive: totals and the table by
every dimension, without building the events one by one.

The database counts every incident that passes the filters as if each were an event on
its own. With no filter, a department or a status it has these counts ready: a tally
the vault keeps as incidents change (:class:`~willay.core.vault.kept.CountTally`), a
few thousand rows at a million incidents, and what the linked incidents change in it
(:mod:`willay.core.reports.link_correction`), kept until a link or a linked incident
changes. Other filters take one grouped pass over a covering index
(``ix_incident_counts``) for places and months, and one over the codes for violations
and perpetrators; no row is loaded either way. Then the linked incidents, usually a
small share, are taken out again one by one and put back as the events they form,
merged in Python by the counting rule of :mod:`willay.core.reports.counts`. The result
is what
:func:`willay.core.reports.counts.build` gives for its totals and tables (a test holds
the two together); the timeline and the victims, which need every event, stay there.

A hub keeps no tally (decision 0059): it counts every report from the rows, places and
months in one pass (:mod:`willay.core.reports.counts_postgres`), and computes what the
linked incidents change each time.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, func, literal
from sqlalchemy import select as sa_select
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col

from willay.core.i18n import _
from willay.core.progress import Cancelled, CancelToken
from willay.core.records.filter import IncidentFilter, incident_conditions
from willay.core.reports import counts_postgres, link_correction
from willay.core.reports.counts import (
    DIMENSIONS,
    CountRow,
    Totals,
    check_audience,
    check_language,
    count_rows,
)
from willay.core.reports.incident_data import check_cancel
from willay.core.vault.kept import CountTally
from willay.core.vault.models import Incident, IncidentCode

StepProgress = Callable[[int, int], None]  # steps done, steps in all
STEPS = 4  # linked events, places and months, violations, perpetrators
_PLACE_DIMENSIONS = {"department": 2, "province": 4, "district": 6}
_TALLY_DIMENSIONS = {"month": "month", "violations": "violation",
                     "perpetrators": "perpetrator"}


@dataclass(frozen=True)
class Summary:
    """A report's totals and its table by every dimension."""

    totals: Totals
    tables: dict[str, list[CountRow]]


def summarize(session: Session, filters: IncidentFilter | None = None, lang: str = "es",
              audience: str = "partners", cancel: CancelToken | None = None,
              progress: StepProgress | None = None) -> Summary:
    """Return the totals and tables of the events ``filters`` pass, linked incidents once.

    ``progress`` hears after each of the :data:`STEPS` steps; raises
    :class:`~willay.core.progress.Cancelled` between them once ``cancel`` is set.
    """
    check_language(lang)
    check_audience(audience)
    filters = filters or IncidentFilter()
    sums: dict[str, dict[str, list[int]]] = {d: defaultdict(lambda: [0, 0, 0, 0])
                                             for d in DIMENSIONS}
    totals = [0, 0, 0, 0, 0]  # events, records, killed, injured, detained

    def step(done: int) -> None:
        check_cancel(cancel)
        if progress is not None:
            progress(done, STEPS)

    step(0)
    tallied = tally_covers(filters) and not _on_hub(session)
    with interruptible(session, cancel):
        if tallied:
            corrected = link_correction.correction(session, filters, cancel)
        else:
            corrected = link_correction.narrow(
                link_correction.compute(session, cancel, filters), IncidentFilter())
        _add_correction(corrected, sums, totals)
        step(1)
        if tallied:
            _add_tally(session, filters, sums, totals)
        else:
            _add_places_and_months(session, filters, sums, totals)
        step(2)
        for n, (dimension, vocab) in enumerate((("violation", "violations"),
                                                ("perpetrator", "perpetrators"))):
            if not tallied:
                _add_codes(session, filters, dimension, vocab, sums)
            step(3 + n)
    # A key whose only incidents were linked into an event counted elsewhere is left at
    # zero by the correction; a table lists only keys with events.
    return Summary(Totals(*totals), {
        d: count_rows({key: row for key, row in sums[d].items() if row[0]}, d, lang)
        for d in DIMENSIONS})


@contextmanager
def interruptible(session: Session, cancel: CancelToken | None) -> Iterator[None]:
    """Let ``cancel`` stop a statement the database is in the middle of: a grouped pass
    over a million rows takes seconds, and a lock must not wait for it to end."""
    raw = session.connection().connection.dbapi_connection
    if cancel is None or raw is None:
        yield
        return
    stopping = _cancelled_on_the_server if _on_hub(session) else _cancelled_by_sqlite
    try:
        with stopping(raw, cancel):
            yield
    except OperationalError as exc:
        if cancel.cancelled:
            raise Cancelled(_("Counting for the report was cancelled.")) from exc
        raise


@contextmanager
def _cancelled_by_sqlite(raw: Any, cancel: CancelToken) -> Iterator[None]:
    """Let SQLite stop the statement running on ``raw`` once ``cancel`` is set."""
    # SQLite calls this every 10,000 steps of its virtual machine; 1 aborts the statement.
    raw.set_progress_handler(lambda: int(cancel.cancelled), 10_000)
    try:
        yield
    finally:
        raw.set_progress_handler(None, 0)


@contextmanager
def _cancelled_on_the_server(raw: Any, cancel: CancelToken) -> Iterator[None]:
    """Ask PostgreSQL to stop the statement running on ``raw`` once ``cancel`` is set,
    from a thread that looks every tenth of a second while the block runs."""
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.1):
            if cancel.cancelled:
                raw.cancel_safe()  # idle between statements: nothing to stop, no harm
                return

    watcher = threading.Thread(target=watch, name="willay-report-cancel", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


def _on_hub(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def tally_covers(filters: IncidentFilter) -> bool:
    """Whether the kept tally (:class:`~willay.core.vault.kept.CountTally`) answers a
    report with ``filters``: none, a department, a status, or both."""
    return (filters.date_from is None and filters.date_to is None
            and not filters.violation and not filters.perpetrator
            and (not filters.place or len(filters.place) == 2))


def _add_tally(session: Session, filters: IncidentFilter,
               sums: dict[str, dict[str, list[int]]], totals: list[int]) -> None:
    """Add every incident ``filters`` pass, each as an event of its own, from the tally."""
    stmt = sa_select(*(col(column) for column in (
        CountTally.dimension, CountTally.key, CountTally.events, CountTally.killed,
        CountTally.injured, CountTally.detained))).where(col(CountTally.events) != 0)
    if filters.place:
        # An incident without a district never matches a place: its department is "".
        stmt = stmt.where(col(CountTally.department) == filters.place)
    if filters.status:
        stmt = stmt.where(col(CountTally.status) == filters.status)
    for dimension, key, events, killed, injured, detained in session.execute(stmt):
        if dimension == "district":
            _add_district(sums, totals, key, events, killed, injured, detained)
        else:
            _add(sums[_TALLY_DIMENSIONS[dimension]][key], events, killed, injured, detained)


def _add(row: list[int], events: int, killed: int, injured: int, detained: int) -> None:
    row[0] += events
    row[1] += killed
    row[2] += injured
    row[3] += detained


def _add_district(sums: dict[str, dict[str, list[int]]], totals: list[int], district: str,
                  events: int, killed: int, injured: int, detained: int) -> None:
    """Add incidents of one district under it, its province, its department and the
    totals (each an event of its own)."""
    for dimension, width in _PLACE_DIMENSIONS.items():
        _add(sums[dimension][district[:width]], events, killed, injured, detained)
    _add_totals(totals, events, events, killed, injured, detained)


def _add_totals(totals: list[int], events: int, records: int, killed: int, injured: int,
                detained: int) -> None:
    for n, value in enumerate((events, records, killed, injured, detained)):
        totals[n] += value


def _add_correction(rows: dict[tuple[str, str], list[int]],
                    sums: dict[str, dict[str, list[int]]], totals: list[int]) -> None:
    """Add the kept correction for linked incidents (see :mod:`.link_correction`)."""
    for (dimension, key), (events, records, killed, injured, detained) in rows.items():
        if dimension == link_correction.TOTALS:
            _add_totals(totals, events, records, killed, injured, detained)
        else:
            _add(sums[dimension][key], events, killed, injured, detained)


def _number_sums() -> tuple[Any, ...]:
    """The count and the sums of killed, injured and detained, as grouped columns."""
    return (func.count(), *(func.coalesce(func.sum(col(number)), 0) for number in (
        Incident.killed, Incident.injured, Incident.detained)))


def _passing(filters: IncidentFilter, stmt: Select[*tuple[Any, ...]]
             ) -> Select[*tuple[Any, ...]]:
    """Restrict ``stmt`` (over the incident table) to the incidents ``filters`` pass."""
    conditions = incident_conditions(filters)
    return stmt.where(and_(*conditions)) if conditions else stmt


def _add_places_and_months(session: Session, filters: IncidentFilter,
                           sums: dict[str, dict[str, list[int]]], totals: list[int]) -> None:
    """Count incidents by district and month in one grouped pass; departments, provinces
    and the totals are sums of those groups."""
    district = func.coalesce(col(Incident.ubigeo), literal(""))
    start, end = col(Incident.occurred_start), col(Incident.occurred_end)
    # Event.month: a day counts in its month; a vaguer date only if it stays inside it.
    month = case(((col(Incident.precision) == "day") |
                  (func.substr(start, 1, 7) == func.substr(end, 1, 7)),
                  func.substr(start, 1, 7)), else_=literal(""))
    if _on_hub(session):
        apart = _passing(filters, counts_postgres.districts_and_months(district, month,
                                                                       _number_sums()))
        for by_month, place, when, events, killed, injured, detained in session.execute(apart):
            if by_month:
                _add(sums["month"][when], events, killed, injured, detained)
            else:
                _add_district(sums, totals, place, events, killed, injured, detained)
        return
    stmt = _passing(filters, sa_select(district, month, *_number_sums())
                    .group_by(district, month))
    for place, when, events, killed, injured, detained in session.execute(stmt):
        _add_district(sums, totals, place, events, killed, injured, detained)
        _add(sums["month"][when], events, killed, injured, detained)


def _add_codes(session: Session, filters: IncidentFilter, dimension: str, vocab: str,
               sums: dict[str, dict[str, list[int]]]) -> None:
    """Count incidents under each of their codes, and those with none under ""."""
    code = func.coalesce(col(IncidentCode.code), literal(""))
    # Walked in id order, the codes' own order: each lookup lands beside the last one
    # (three times faster at a million). A place narrows by the other index instead.
    hint = "" if filters.place else "INDEXED BY ix_incident_by_id"
    stmt = _passing(filters, sa_select(code, *_number_sums())
        .select_from(Incident)
        .outerjoin(IncidentCode, and_(col(IncidentCode.incident_id) == col(Incident.id),
                                      col(IncidentCode.vocabulary) == vocab))
        .group_by(code))
    if hint:
        stmt = stmt.with_hint(Incident, hint, "sqlite")
    for key, events, killed, injured, detained in session.execute(stmt):
        _add(sums[dimension][key], events, killed, injured, detained)
