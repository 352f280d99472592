"""Which incidents may be one event: the same district, dates within a day, a shared
violation.

Incidents without a district are not paired: in this archive a place code is always a
district, so a record without one has no place to compare. Spans longer than a month (a
year given as the date) are too vague to pair from. A full pass walks the incidents
district by district in date order over one index that holds their dates and violation
codes as well (:class:`~willay.core.vault.kept.IncidentSpan`, kept by triggers), with
a sweep over the spans, so the work grows with the number of near pairs, not with the
square of the archive, and only one district's spans are held at a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from sqlalchemy import and_, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from willay.core.progress import CancelToken, Progress
from willay.core.reconcile.suggestion import Pair, Reason, check, tick
from willay.core.reference.gazetteer import gazetteer
from willay.core.vault.database import plain_rows
from willay.core.vault.kept import IncidentSpan
from willay.core.vault.models import IncidentCode
from willay.core.vault.sql_dates import days_after

MAX_SPAN_DAYS = 31
NEAR_DAYS = 1
_EVERY = 1024  # rows read between two reports of progress
_AT_ONCE = 500  # ids per query when reading codes


class Span(NamedTuple):
    """An incident's place, dates and violation codes."""

    id: str
    start: date
    end: date
    ubigeo: str
    codes: frozenset[str] = frozenset()


def _span(incident_id: str, start: str, end: str, ubigeo: str, codes: str) -> Span | None:
    dates = _dates(start, end)
    if dates is None or not codes:
        return None
    return Span(incident_id, *dates, ubigeo, _code_set(codes))


# A million incidents share some thousands of date spans and a few hundred sets of
# codes: each is parsed once.
@lru_cache(maxsize=65536)
def _dates(start: str, end: str) -> tuple[date, date] | None:
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    return None if (last - first).days >= MAX_SPAN_DAYS else (first, last)


@lru_cache(maxsize=65536)
def _code_set(codes: str) -> frozenset[str]:
    return frozenset(codes.split())


def _sweep(district: list[Span]) -> Iterator[tuple[Span, Span]]:
    """Yield the pairs of one district's spans that come within NEAR_DAYS of each other."""
    district.sort(key=lambda s: (s.start, s.id))
    reach = timedelta(days=NEAR_DAYS)
    active: list[Span] = []
    for span in district:
        active = [a for a in active if a.end + reach >= span.start]
        for other in active:
            yield other, span
        active.append(span)


def near_pairs(spans: Iterable[Span], cancel: CancelToken | None = None
               ) -> Iterator[tuple[Span, Span]]:
    """Yield pairs in one district, near in time, that share a violation code."""
    by_district: dict[str, list[Span]] = defaultdict(list)
    for span in spans:
        by_district[span.ubigeo].append(span)
    for district in by_district.values():
        check(cancel)
        for a, b in _sweep(district):
            if a.codes & b.codes:
                yield a, b


def _gap(a: Span, b: Span) -> int:
    """Days between two spans (0 when they overlap or touch the same day)."""
    if a.start <= b.end and b.start <= a.end:
        return 0
    return (b.start - a.end).days if b.start > a.end else (a.start - b.end).days


def score(a: Span, b: Span) -> Pair:
    """Score a near pair that shares a code, and say why it is suggested."""
    if b.id < a.id:
        a, b = b, a  # the order links are stored in
    gap = _gap(a, b)
    same_day = a.start == a.end == b.start == b.end
    shared = a.codes & b.codes
    overlap = len(shared) / len(a.codes | b.codes)
    # A vague date (a month) overlapping says less than two exact days one apart.
    nearness = 0.3 if same_day else 0.2 if gap else 0.1
    return Pair(a.id, b.id, 0.5 + nearness + 0.15 * overlap,
                (_district(a.ubigeo), _when(same_day, gap), _shared(shared)))


@lru_cache(maxsize=4096)
def _district(ubigeo: str) -> Reason:
    place = gazetteer().get(ubigeo)
    return Reason("same_district", (place.name if place else ubigeo,))


@lru_cache(maxsize=64)
def _when(same_day: bool, gap: int) -> Reason:
    return (Reason("same_day") if same_day else Reason("dates_overlap") if gap == 0
            else Reason("days_apart", (str(gap),)))


@lru_cache(maxsize=4096)
def _shared(codes: frozenset[str]) -> Reason:
    return Reason("shared", tuple(sorted(codes)))


def violation_codes(session: Session, ids: Iterable[str]) -> dict[str, frozenset[str]]:
    """Return the violation codes of each incident in ``ids`` that has any."""
    found: dict[str, set[str]] = defaultdict(set)
    ordered = sorted(set(ids))
    for at in range(0, len(ordered), _AT_ONCE):
        for incident_id, code in session.execute(
                sa_select(col(IncidentCode.incident_id), col(IncidentCode.code)).where(
                    col(IncidentCode.incident_id).in_(ordered[at:at + _AT_ONCE]),
                    col(IncidentCode.vocabulary) == "violations")):
            found[incident_id].add(code)
    return {incident_id: frozenset(codes) for incident_id, codes in found.items()}


_SPAN_NAMES = ("id", "occurred_start", "occurred_end", "ubigeo", "violations")
_SPAN_COLUMNS = tuple(col(getattr(IncidentSpan, name)) for name in _SPAN_NAMES)


def _sharing(near: Iterable[tuple[Span, Span]]) -> Iterator[Pair]:
    return (score(a, b) for a, b in near if a.codes & b.codes)


def all_pairs(session: Session, cancel: CancelToken | None = None,
              progress: Progress | None = None, share: int = 100) -> Iterator[Pair]:
    """Yield every pair of live incidents that may be one event (in no order).

    ``progress`` hears the percent done, up to ``share``.
    """
    total = session.execute(sa_select(func.count()).select_from(IncidentSpan)).scalar_one()
    stmt = (sa_select(*_SPAN_COLUMNS).where(col(IncidentSpan.ubigeo).is_not(None))
            .order_by(col(IncidentSpan.ubigeo), col(IncidentSpan.occurred_start)))
    # Stepped row by row: fetched all at once, a million rows take most of a gigabyte.
    read = 0
    for ubigeo, district_rows in groupby(plain_rows(session, stmt), key=itemgetter(3)):
        spans = []
        for incident_id, start, end, _ubigeo, codes in district_rows:
            read += 1
            if not read % _EVERY:
                check(cancel)
                tick(progress, share * read // max(total, 1))
            span = _span(incident_id, start, end, ubigeo, codes) if codes else None
            if span is not None:
                spans.append(span)
        check(cancel)
        yield from _sharing(_sweep(spans))


def pairs_of(session: Session, ids: Iterable[str]) -> Iterator[Pair]:
    """Yield every pair that one of the incidents ``ids`` (live or not) forms now."""
    wanted = sorted(set(ids))
    spans = IncidentSpan.__table__  # type: ignore[attr-defined]
    changed, other = spans.alias("changed"), spans.alias("other")
    # A near span starts at most a month and a day before the changed one (spans are
    # shorter than a month) and at most a day after its end: one walk of the place index
    # for each changed incident, all inside one statement.
    near = and_(other.c.ubigeo == changed.c.ubigeo, other.c.id != changed.c.id,
                other.c.occurred_start >= days_after(changed.c.occurred_start,
                                                     -(MAX_SPAN_DAYS + NEAR_DAYS)),
                other.c.occurred_start <= days_after(changed.c.occurred_end, NEAR_DAYS))
    columns = [changed.c[name] for name in _SPAN_NAMES] + [other.c[name] for name in _SPAN_NAMES]
    for at in range(0, len(wanted), _AT_ONCE):
        rows = plain_rows(session, sa_select(*columns).select_from(changed.join(other, near))
                          .where(changed.c.id.in_(wanted[at:at + _AT_ONCE]))
                          .order_by(changed.c.id))
        for _id, found in groupby(rows, key=itemgetter(0)):
            first = next(found)
            span = _span(*first[:5])
            if span is None:
                continue
            around = [span, *(s for row in (first, *found) if (s := _span(*row[5:])))]
            yield from _sharing((a, b) for a, b in _sweep(around) if span in (a, b))
