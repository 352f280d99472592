"""Possible duplicates kept in the vault, found again only for the records that changed.

The first look at a kind makes a full pass and keeps every pair it finds
(:class:`~willay.core.vault.kept.DuplicateCandidate`). From then on, triggers list
each record whose head state is written or removed
(:class:`~willay.core.vault.kept.DuplicatePending`), and a look finds again only the
pairs of those records. Pairs are found inside one read of the vault and kept in a
short write after it, so a long pass never holds back other work that writes; a record
that changes meanwhile stays listed and is looked at again next time. Decisions are
applied when the pairs are read, so deciding a pair needs no new search.

A hub keeps the same tables through PostgreSQL triggers of its own (hub migration h004);
its pairs wait in the server during a full pass (:mod:`.found_pairs_postgres`). There a
change numbered lower may be listed after one numbered higher, so a look forgets exactly
the changes it read; and when another coordinator keeps pairs at the same moment, the
look starts again (what they kept stands).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, delete, insert
from sqlalchemy import select as sa_select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session, SQLModel, col

from willay.core.errors import ConcurrentChangeError, WillayError
from willay.core.i18n import _
from willay.core.progress import CancelToken, Progress
from willay.core.reconcile import found_pairs_postgres, incident_pairs, person_pairs
from willay.core.reconcile.found_pairs import FoundPairs, PairCollector, decode, encode
from willay.core.reconcile.suggestion import (
    INCIDENT,
    PERSON,
    Pair,
    check,
    open_pair,
    settled,
    tick,
)
from willay.core.vault.database import again_on_collision, pragma
from willay.core.vault.kept import (
    DuplicateCandidate,
    DuplicatePending,
    DuplicateState,
    PersonNameBlock,
)

# Raise when the rules that find or score a pair change: kept pairs are then found again.
RULES = 1
IN_PROGRESS = -1  # the rules of a full pass under way
FOUND_SHARE = 85  # percent of a full pass spent finding pairs; the rest keeps them
_AT_ONCE = 500  # ids per statement
_ROWS_AT_ONCE = 5_000  # rows per insert
_PAGE = 256  # kept pairs read at a time
_PASS_CACHE_KIB = 8192  # the page cache of a full pass's connection while finding
_WRITE_CACHE_KIB = 32768  # and while keeping what it found
# What a hub says when it undid a write for another coordinator's at the same moment: a
# serialization failure or a deadlock, or the same pair kept by both.
_CROSSED = ("40001", "40P01", "23505")


def _rows(kind: str, pairs: Iterable[Pair]) -> list[dict[str, object]]:
    return [{"kind": kind, "first": p.first, "second": p.second, "score": p.score,
             "reasons": encode(p.reasons)} for p in pairs]


def refresh(session: Session, kind: str, cancel: CancelToken | None = None,
            progress: Progress | None = None) -> None:
    """Bring the kept pairs of ``kind`` up to date with the records as they are now.

    ``progress`` hears the percent done; raises
    :class:`~willay.core.progress.Cancelled` (nothing kept) soon after ``cancel`` is set.
    """
    if kind not in (INCIDENT, PERSON):
        raise ValueError(kind)
    again_on_collision(lambda: _refresh_once(session, kind, cancel, progress))


def _refresh_once(session: Session, kind: str, cancel: CancelToken | None,
                  progress: Progress | None) -> None:
    try:
        state = session.get(DuplicateState, kind)
        if state is None or state.rules != RULES:
            if state is None or state.rules != IN_PROGRESS:
                session.commit()  # ends the read: a write cannot follow it in one transaction
                with _writing(session):  # from now on, changes are listed
                    session.merge(DuplicateState(kind=kind, rules=IN_PROGRESS))
            _full_pass(session, kind, cancel, progress)
            return
        listed = _listed(session, kind)
        if listed:
            _look_again(session, kind, listed, cancel)
        tick(progress, 100)
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) not in _CROSSED:
            raise
        session.rollback()
        raise ConcurrentChangeError(_(
            "Another coordinator was bringing the possible duplicates up to date at the same "
            "moment; look again.")) from exc


def _listed(session: Session, kind: str) -> dict[int, str]:
    """The changes listed now, by number; this read sets what the pass sees, and changes
    listed after it wait for the next look."""
    return {seq: record_id for seq, record_id in session.execute(
        sa_select(col(DuplicatePending.seq), col(DuplicatePending.record_id))
        .where(col(DuplicatePending.kind) == kind))}


def _on_hub(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


@contextmanager
def _page_cache(session: Session, kib: int) -> Iterator[None]:
    """Give the connection of ``session`` a page cache of ``kib`` for the block (a hub's
    server keeps its own)."""
    if _on_hub(session):
        yield
        return
    with pragma(session.connection(), "cache_size", -kib):
        yield


def _full_pass(session: Session, kind: str, cancel: CancelToken | None,
               progress: Progress | None) -> None:
    with _own_connection(session) as own:
        found: PairCollector = (
            found_pairs_postgres.FoundPairs if _on_hub(own) else FoundPairs)(
            own.connection(), kind)
        try:
            listed = _listed(own, kind)  # in the same read as the pass
            # Finding pairs reads each page once, in order: a small cache of decrypted
            # pages does, and the memory goes to the pairs found. Writing them takes the
            # kept tables' indexes out of order, and too small a cache reads pages again.
            with _page_cache(own, _PASS_CACHE_KIB):
                if kind == INCIDENT:
                    found.pairs(incident_pairs.all_pairs(own, cancel, progress, FOUND_SHARE))
                else:
                    person_pairs.full_pass(own, found, cancel, progress, FOUND_SHARE)
            check(cancel)
            own.commit()  # ends the read; the write below takes the vault only briefly
            with _writing(own), _page_cache(own, _WRITE_CACHE_KIB):
                found.keep(own)
                own.merge(DuplicateState(kind=kind, rules=RULES))
                _forget_listed(own, listed)
        finally:
            own.rollback()  # ends a read cut short; nothing after a commit
            found.close()
    session.commit()  # ends the caller's read, which began before the pairs were kept
    tick(progress, 100)


@contextmanager
def _own_connection(session: Session) -> Iterator[Session]:
    """A session on a connection of its own, held from the read to the write: the pairs
    found wait in that connection's temporary tables (:mod:`.found_pairs`)."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    with engine.connect() as conn, Session(conn) as own:
        yield own


def _look_again(session: Session, kind: str, listed: dict[int, str],
                cancel: CancelToken | None) -> None:
    changed = sorted(set(listed.values()))
    blocks: list[tuple[str, str]] = []
    if kind == INCIDENT:
        pairs = list(incident_pairs.pairs_of(session, changed))
    else:
        pairs, blocks = person_pairs.pairs_of(session, changed)
    check(cancel)
    session.commit()
    unique = {(p.first, p.second): p for p in pairs}
    with _writing(session):
        for at in range(0, len(changed), _AT_ONCE):
            ids = changed[at:at + _AT_ONCE]
            _forget_pairs_of(session, kind, ids)
            if kind == PERSON:
                session.execute(delete(PersonNameBlock).where(
                    col(PersonNameBlock.person_id).in_(ids)))
        _insert(session, PersonNameBlock, _block_rows(blocks))
        _insert(session, DuplicateCandidate, _rows(kind, unique.values()))
        _forget_listed(session, listed)


def _forget_pairs_of(session: Session, kind: str, ids: list[str]) -> None:
    """Delete the kept pairs of ``kind`` that one of ``ids`` is in, on either side."""
    of_kind = col(DuplicateCandidate.kind) == kind
    first, second = col(DuplicateCandidate.first), col(DuplicateCandidate.second)
    session.execute(delete(DuplicateCandidate).where(of_kind, first.in_(ids)))
    # The other side is found through its index first: asked to delete by it directly
    # (or both sides in one OR), SQLite reads every pair of the kind.
    partners = sorted(set(session.execute(sa_select(first).where(
        of_kind, second.in_(ids))).scalars()))
    for at in range(0, len(partners), _AT_ONCE):
        session.execute(delete(DuplicateCandidate).where(
            of_kind, first.in_(partners[at:at + _AT_ONCE]), second.in_(ids)))


def _block_rows(blocks: list[tuple[str, str]]) -> list[dict[str, object]]:
    return [{"block": block, "person_id": person_id} for block, person_id in blocks]


def _insert(session: Session, model: type[SQLModel], rows: list[dict[str, object]]) -> None:
    """Insert ``rows`` into the table itself: many rows skip the ORM's work for each."""
    table = SQLModel.metadata.tables[str(model.__tablename__)]
    for at in range(0, len(rows), _ROWS_AT_ONCE):
        session.execute(insert(table), rows[at:at + _ROWS_AT_ONCE])


def _forget_listed(session: Session, listed: Iterable[int]) -> None:
    """Delete the changes ``listed`` (by number), now that their pairs are kept."""
    numbers = sorted(listed)
    for at in range(0, len(numbers), _AT_ONCE):
        session.execute(delete(DuplicatePending).where(
            col(DuplicatePending.seq).in_(numbers[at:at + _AT_ONCE])))


@contextmanager
def _writing(session: Session) -> Iterator[None]:
    """Commit the write, or roll it back and say so when other work holds the vault."""
    try:
        yield
        session.commit()
    except OperationalError as exc:
        session.rollback()
        if "locked" in str(exc):
            raise VaultBusy(_("The vault was busy with other work, so the possible "
                              "duplicates found were not kept. Nothing was changed; look "
                              "again when that work ends.")) from exc
        raise
    except BaseException:
        session.rollback()
        raise


class VaultBusy(WillayError):
    """Other work held the vault for longer than a write waits."""


def forget(session: Session, kind: str) -> None:
    """Let the next look at ``kind`` make a full pass, as after a change of rules."""
    session.execute(delete(DuplicateState).where(col(DuplicateState.kind) == kind))


def top(session: Session, kind: str, limit: int | None = None) -> list[Pair]:
    """Return the kept pairs of ``kind`` still open (not decided, not linked), best first."""
    decided, grouped = settled(session, kind)
    found: list[Pair] = []
    stmt = (sa_select(col(DuplicateCandidate.first), col(DuplicateCandidate.second),
                      col(DuplicateCandidate.score), col(DuplicateCandidate.reasons))
            .where(col(DuplicateCandidate.kind) == kind)
            # Best first; among equals, the order the index is walked in backwards.
            .order_by(col(DuplicateCandidate.score).desc(), col(DuplicateCandidate.first).desc(),
                      col(DuplicateCandidate.second).desc()))
    # Read a page at a time: a full list is hundreds of thousands of pairs, the page
    # shows the first few hundred still open.
    result = session.execute(stmt.execution_options(yield_per=_PAGE))
    try:
        for first, second, score, reasons in result:
            if open_pair(first, second, decided, grouped):
                found.append(Pair(first, second, score, decode(reasons)))
                if limit is not None and len(found) >= limit:
                    break
    finally:
        result.close()
    return found
