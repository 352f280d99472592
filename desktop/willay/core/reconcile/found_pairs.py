"""The pairs a full duplicate search finds, waiting in a temporary table until they are kept.

A full pass over a million incidents or two hundred thousand people finds several
hundred thousand pairs; held as Python objects until the write that keeps them they
would take most of a gigabyte. They wait instead, as rows already encoded, in a
temporary table of the pass's own database connection (held in memory, never on disk:
the vault sets ``temp_store = MEMORY``). The write compares them with the kept pairs a
range of the key at a time and writes only what differs. People's name blocks do not
wait at all: they are worked out again from the names as they are compared with the kept
ones.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Connection, text
from sqlmodel import Session

from willay.core.reconcile.suggestion import Pair, Reason

_ROWS_AT_ONCE = 5_000  # rows per insert into the temporary table
_COPY_AT_ONCE = 20_000  # pairs found compared with the kept ones per statement
_PEOPLE_AT_ONCE = 2_000  # people whose name blocks are compared with the kept ones at a time
_PAIRS = "willay_found_pair"
_IDS = "willay_found_id"


@lru_cache(maxsize=8192)
def encode(reasons: tuple[Reason, ...]) -> str:
    """Encode the reasons of a pair as kept: codes and values as lists, in JSON."""
    return json.dumps([[r.code, *r.values] for r in reasons], ensure_ascii=False)


def decode(text_: str) -> tuple[Reason, ...]:
    """Read back reasons written by :func:`encode`."""
    return tuple(Reason(code, tuple(values)) for code, *values in json.loads(text_))


class PairCollector(ABC):
    """What both engines' collectors share: records by id or, after :meth:`numbered`, by
    number; pairs added one by one or many; people's name blocks learnt; reasons encoded
    once for the many pairs in a row that share them. Each engine says where pairs wait
    (:meth:`add`, :meth:`keep`) and what it drops (:meth:`_drop`)."""

    def __init__(self, conn: Connection, kind: str) -> None:
        self._conn = conn
        self._raw = cast(Any, conn.connection.driver_connection)
        self._kind = kind
        self._ids: list[str] | None = None
        self._blocks_of: Callable[[int], Iterable[str]] | None = None
        self._last_reasons: tuple[Reason, ...] | None = None
        self._last_text = ""

    def numbered(self, ids: list[str]) -> None:
        """Take records by number from now on: ``ids`` in order, number 0 first."""
        self._ids = ids

    def pair(self, found: Pair) -> None:
        """Add a pair found."""
        self.add(found.first, found.second, found.score, found.reasons)

    def pairs(self, found: Iterable[Pair]) -> None:
        """Add every pair of ``found``."""
        for one in found:
            self.pair(one)

    def blocks_of(self, blocks: Callable[[int], Iterable[str]]) -> None:
        """Learn where each person's name blocks come from: ``blocks(number)``, asked
        while they are kept, so that none of them waits in memory."""
        assert self._ids is not None, "name blocks are of people by number"
        self._blocks_of = blocks

    def _reasons_text(self, reasons: tuple[Reason, ...]) -> str:
        if reasons is not self._last_reasons:  # many pairs in a row share one match
            self._last_reasons, self._last_text = reasons, encode(reasons)
        return self._last_text

    def close(self) -> None:
        """Drop the temporary tables: a pooled connection would keep them otherwise.
        Call it once the connection's transaction has ended, however it ended."""
        self._blocks_of = None
        self._ids = None
        self._drop()

    @abstractmethod
    def add(self, first: str | int, second: str | int, score: float,
            reasons: tuple[Reason, ...]) -> None:
        """Add a pair found, given by its parts (``first < second``)."""

    @abstractmethod
    def keep(self, session: Session) -> None:
        """Make the kept pairs of the kind, and the name blocks, what was found."""

    @abstractmethod
    def _drop(self) -> None:
        """Drop this collector's temporary tables, if they are there."""


class FoundPairs(PairCollector):
    """Pairs found on ``conn``, kept there until :meth:`keep` (with people's name blocks).

    Records are given by their ids, or, after :meth:`numbered`, by their numbers in the
    order of their ids (which sort as the ids do). A pair found twice keeps what it was
    found with last. Call :meth:`close` once the connection's transaction has ended,
    however it ended.
    """

    def __init__(self, conn: Connection, kind: str) -> None:
        super().__init__(conn, kind)
        self._pairs: list[tuple[str | int, str | int, float, str]] = []
        self._drop()
        # No declared type: an id stays text and a number stays a number.
        self._raw.execute(f"CREATE TEMP TABLE {_PAIRS} (first NOT NULL, second NOT NULL, "
                          "score REAL NOT NULL, reasons TEXT NOT NULL, "
                          "PRIMARY KEY (first, second)) WITHOUT ROWID")

    def numbered(self, ids: list[str]) -> None:
        """Take records by number from now on: ``ids`` in order, number 0 first."""
        super().numbered(ids)
        self._raw.execute(f"CREATE TEMP TABLE {_IDS} (n INTEGER PRIMARY KEY, id TEXT NOT NULL)")
        self._raw.executemany(f"INSERT INTO temp.{_IDS} VALUES (?, ?)", enumerate(ids))

    def close(self) -> None:
        """Drop the temporary tables: a pooled connection would keep them otherwise."""
        self._pairs.clear()
        super().close()

    def add(self, first: str | int, second: str | int, score: float,
            reasons: tuple[Reason, ...]) -> None:
        """Add a pair found, given by its parts (``first < second``)."""
        self._pairs.append((first, second, score, self._reasons_text(reasons)))
        if len(self._pairs) >= _ROWS_AT_ONCE:
            self._flush()

    def _flush(self) -> None:
        raw = self._raw
        if self._pairs:
            raw.executemany(f"INSERT OR REPLACE INTO temp.{_PAIRS} VALUES (?, ?, ?, ?)",
                            self._pairs)
            self._pairs.clear()

    def _id(self, column: str) -> str:
        """The SQL for the id in ``column`` of a row found."""
        if self._ids is None:
            return column
        return f"(SELECT id FROM temp.{_IDS} WHERE n = {column})"

    def keep(self, session: Session) -> None:
        """Make the kept pairs of the kind, and the name blocks, what was found, inside
        the write of ``session`` (on this connection): rows no longer found go, new or
        changed rows are written, the rest (after a change of rules, most of them) are
        only read."""
        assert session.connection() is self._conn, "the pairs wait on this connection"
        self._flush()
        first, second = self._id("f.first"), self._id("f.second")
        self._sync(session, (
            "DELETE FROM duplicate_candidate WHERE kind = :kind AND {kept} AND "
            f"(first, second) NOT IN (SELECT {first}, {second} FROM temp.{_PAIRS} AS f "
            "WHERE {found})",
            "INSERT OR REPLACE INTO duplicate_candidate (kind, first, second, score, reasons) "
            f"SELECT :kind, {first}, {second}, f.score, f.reasons FROM temp.{_PAIRS} AS f "
            "WHERE {found} AND NOT EXISTS (SELECT 1 FROM duplicate_candidate AS c WHERE "
            f"c.kind = :kind AND c.first = {first} AND c.second = {second} AND "
            "c.score = f.score AND c.reasons = f.reasons) ORDER BY f.first, f.second"))
        if self._blocks_of is not None:
            self._keep_blocks(session, self._blocks_of)

    def _keep_blocks(self, session: Session, blocks_of: Callable[[int], Iterable[str]]
                     ) -> None:
        """Make the kept name blocks those of the people as they are now, a stretch of
        people at a time in the order of their ids, writing only the differences.

        Each stretch's kept blocks come through the index by person, which also holds
        the blocks of people no longer there (they go).
        """
        ids = cast(list[str], self._ids)
        for at in range(0, max(len(ids), 1), _PEOPLE_AT_ONCE):
            end = min(at + _PEOPLE_AT_ONCE, len(ids))
            bounds, values = [], {}
            if at:
                bounds.append("person_id > :low")
                values["low"] = ids[at - 1]
            if end < len(ids):
                bounds.append("person_id <= :high")
                values["high"] = ids[end - 1]
            found = {(block, ids[n]) for n in range(at, end) for block in blocks_of(n)}
            # Read on the driver's cursor: the same connection and write as ``session``.
            kept = set(self._raw.execute(
                "SELECT block, person_id FROM person_name_block WHERE "
                + (" AND ".join(bounds) or "1"), values).fetchall())
            gone = [{"block": block, "person": person} for block, person in kept - found]
            if gone:
                session.execute(text("DELETE FROM person_name_block WHERE block = :block "
                                     "AND person_id = :person"), gone)
            new = [{"block": block, "person": person} for block, person in found - kept]
            if new:
                session.execute(text("INSERT INTO person_name_block (block, person_id) "
                                     "VALUES (:block, :person)"), new)

    def _sync(self, session: Session, statements: tuple[str, ...]) -> None:
        """Run ``statements`` over one range of the pairs' key after another, some
        thousands of pairs found each: SQLite keeps a copy of each page a statement
        changes until the statement ends, and one statement over a million rows would
        hold hundreds of megabytes of them. ``{found}`` stands for the range over the
        pairs found (alias ``f``, by number if numbered), ``{kept}`` for the same range
        over the kept pairs (by id)."""
        bounds = [tuple(row) for row in self._raw.execute(
            "SELECT first, second FROM (SELECT first, second, row_number() OVER (ORDER BY "
            f"first, second) AS n FROM temp.{_PAIRS}) WHERE n % {_COPY_AT_ONCE} = 0 "
            "ORDER BY n")]
        ids = self._ids
        start: tuple[Any, ...] | None = None
        for end in [*bounds, None]:
            values: dict[str, Any] = {"kind": self._kind}
            found, kept = [], []
            for name, edge, op in (("low", start, ">"), ("high", end, "<=")):
                if edge is None:
                    continue
                found.append(f"(f.first, f.second) {op} (:{name}0, :{name}1)")
                kept.append(f"(first, second) {op} (:{name}_id0, :{name}_id1)")
                values[f"{name}0"], values[f"{name}1"] = edge
                values[f"{name}_id0"], values[f"{name}_id1"] = (
                    edge if ids is None else (ids[edge[0]], ids[edge[1]]))
            for statement in statements:
                session.execute(text(statement.format(
                    found=" AND ".join(found) or "true", kept=" AND ".join(kept) or "true")),
                    values)
            start = end

    def _drop(self) -> None:
        for table in (_PAIRS, _IDS):
            self._raw.execute(f"DROP TABLE IF EXISTS temp.{table}")
