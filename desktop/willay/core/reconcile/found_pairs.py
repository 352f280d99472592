"""The pairs a full duplicate search finds, waiting in temporary tables until they are kept.

A full pass over a million incidents or two hundred thousand people finds several
hundred thousand pairs; held as Python objects until the write that keeps them they
would take most of a gigabyte. They wait instead, as rows already encoded, in temporary
tables of the pass's own database connection (held in memory, never on disk: the vault
sets ``temp_store = MEMORY``), and the write copies them over in the order of the kept
table's key, which is also the cheapest order to write them in.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Connection, text

from willay.core.reconcile.suggestion import Pair, Reason

_ROWS_AT_ONCE = 5_000  # rows per insert into the temporary tables
_COPY_AT_ONCE = 20_000  # rows per statement copying them over
_PAIRS = "willay_found_pair"
_BLOCKS = "willay_found_block"


@lru_cache(maxsize=8192)
def encode(reasons: tuple[Reason, ...]) -> str:
    """Encode the reasons of a pair as kept: codes and values as lists, in JSON."""
    return json.dumps([[r.code, *r.values] for r in reasons], ensure_ascii=False)


def decode(text_: str) -> tuple[Reason, ...]:
    """Read back reasons written by :func:`encode`."""
    return tuple(Reason(code, tuple(values)) for code, *values in json.loads(text_))


class FoundPairs:
    """Pairs (and people's name blocks) found on ``conn``, kept there until :meth:`keep`.

    A pair found twice keeps what it was found with last. Call :meth:`close` once the
    connection's transaction has ended, however it ended.
    """

    def __init__(self, conn: Connection, kind: str) -> None:
        self._conn = conn
        self._raw = cast(Any, conn.connection.driver_connection)
        self._kind = kind
        self._pairs: list[tuple[str, str, float, str]] = []
        self._blocks: list[tuple[str, str]] = []
        self._drop()
        self._raw.execute(f"CREATE TEMP TABLE {_PAIRS} (first TEXT NOT NULL, second TEXT "
                          "NOT NULL, score REAL NOT NULL, reasons TEXT NOT NULL, "
                          "PRIMARY KEY (first, second)) WITHOUT ROWID")
        self._raw.execute(f"CREATE TEMP TABLE {_BLOCKS} (block TEXT NOT NULL, person_id "
                          "TEXT NOT NULL, PRIMARY KEY (block, person_id)) WITHOUT ROWID")

    def close(self) -> None:
        """Drop the temporary tables: a pooled connection would keep them otherwise."""
        self._pairs.clear()
        self._blocks.clear()
        self._drop()

    def pair(self, found: Pair) -> None:
        """Add a pair found."""
        self._pairs.append((found.first, found.second, found.score, encode(found.reasons)))
        if len(self._pairs) >= _ROWS_AT_ONCE:
            self._flush()

    def pairs(self, found: Iterable[Pair]) -> None:
        """Add every pair of ``found``."""
        for one in found:
            self.pair(one)

    def block(self, block: str, person_id: str) -> None:
        """Add a person's name block."""
        self._blocks.append((block, person_id))
        if len(self._blocks) >= _ROWS_AT_ONCE:
            self._flush()

    def _flush(self) -> None:
        raw = self._raw
        if self._pairs:
            raw.executemany(f"INSERT OR REPLACE INTO temp.{_PAIRS} VALUES (?, ?, ?, ?)",
                            self._pairs)
            self._pairs.clear()
        if self._blocks:
            raw.executemany(f"INSERT OR IGNORE INTO temp.{_BLOCKS} VALUES (?, ?)", self._blocks)
            self._blocks.clear()

    def keep(self) -> None:
        """Copy everything found into the kept tables, inside the caller's write."""
        self._flush()
        self._copy(_PAIRS, ("first", "second"),
                   "INSERT INTO duplicate_candidate (kind, first, second, score, reasons) "
                   "SELECT :kind, first, second, score, reasons", {"kind": self._kind})
        self._copy(_BLOCKS, ("block", "person_id"),
                   "INSERT INTO person_name_block (block, person_id) SELECT block, person_id",
                   {})

    def _copy(self, table: str, key: tuple[str, str], insert: str,
              params: dict[str, str]) -> None:
        """Copy ``table`` in key order, some thousands of rows per statement: SQLite keeps
        a copy of each page a statement changes until the statement ends, and one
        statement over a million rows would hold hundreds of megabytes of them."""
        first, second = key
        order = f"ORDER BY {first}, {second}"
        bounds = [tuple(row) for row in self._raw.execute(
            f"SELECT {first}, {second} FROM (SELECT {first}, {second}, row_number() OVER "
            f"({order}) AS n FROM temp.{table}) WHERE n % {_COPY_AT_ONCE} = 0 {order}")]
        start: tuple[str, ...] | None = None
        for end in [*bounds, None]:
            where = [f"({first}, {second}) > (:a, :b)" if start else "",
                     f"({first}, {second}) <= (:c, :d)" if end else ""]
            condition = " AND ".join(w for w in where if w) or "true"
            values = {**params, **(dict(zip("ab", start, strict=True)) if start else {}),
                      **(dict(zip("cd", end, strict=True)) if end else {})}
            self._conn.execute(text(f"{insert} FROM temp.{table} WHERE {condition} {order}"),
                               values)
            start = end

    def _drop(self) -> None:
        for table in (_PAIRS, _BLOCKS):
            self._raw.execute(f"DROP TABLE IF EXISTS temp.{table}")
