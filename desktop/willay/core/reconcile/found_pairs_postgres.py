"""The pairs a full duplicate search finds on a hub, waiting in the server until kept.

As on a vault (:mod:`.found_pairs`), the pairs wait in a temporary table of the pass's
own connection, held from the read to the write, and the write changes only what
differs. On a hub that table lives in the server, not in the coordinator's memory, so
pairs wait by the records' ids, copied in with PostgreSQL's ``COPY``; the people's name
blocks are copied in too and compared with the kept ones in one statement each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, cast

from sqlalchemy import Connection, text
from sqlmodel import Session

from willay.core.reconcile.found_pairs import PairCollector
from willay.core.reconcile.suggestion import Reason

_ROWS_AT_ONCE = 5_000  # pairs held here before they are copied to the server
_PAIRS = "willay_found_pair"
_BLOCKS = "willay_found_block"

_KEEP_PAIRS = (
    f"""DELETE FROM duplicate_candidate AS c WHERE c.kind = :kind AND NOT EXISTS (
        SELECT 1 FROM pg_temp.{_PAIRS} AS f WHERE f.first = c.first AND f.second = c.second)""",
    # A pair found twice keeps what it was found with last.
    f"""INSERT INTO duplicate_candidate (kind, first, second, score, reasons)
        SELECT :kind, f.first, f.second, f.score, f.reasons FROM (
            SELECT DISTINCT ON (first, second) first, second, score, reasons
            FROM pg_temp.{_PAIRS} ORDER BY first, second, n DESC) AS f WHERE true
        ON CONFLICT (kind, first, second) DO UPDATE
            SET score = excluded.score, reasons = excluded.reasons
            WHERE duplicate_candidate.score <> excluded.score
               OR duplicate_candidate.reasons <> excluded.reasons""",
)
_KEEP_BLOCKS = (
    f"""DELETE FROM person_name_block AS b WHERE NOT EXISTS (
        SELECT 1 FROM pg_temp.{_BLOCKS} AS f
        WHERE f.block = b.block AND f.person_id = b.person_id)""",
    f"""INSERT INTO person_name_block (block, person_id)
        SELECT DISTINCT block, person_id FROM pg_temp.{_BLOCKS} WHERE true
        ON CONFLICT DO NOTHING""",
)


class FoundPairs(PairCollector):
    """Pairs found on ``conn`` (a hub's), kept there until :meth:`keep`, as
    :class:`.found_pairs.FoundPairs` does on a vault.

    Call :meth:`close` once the connection's transaction has ended, however it ended.
    """

    def __init__(self, conn: Connection, kind: str) -> None:
        super().__init__(conn, kind)
        self._pairs: list[tuple[int, str, str, float, str]] = []
        self._found = 0
        self._drop()
        conn.execute(text(f"CREATE TEMPORARY TABLE {_PAIRS} (n bigint NOT NULL, "
                          "first varchar(36) NOT NULL, second varchar(36) NOT NULL, "
                          "score double precision NOT NULL, reasons text NOT NULL)"))

    def close(self) -> None:
        """Drop the temporary tables: a pooled connection would keep them otherwise."""
        self._pairs.clear()
        super().close()
        self._conn.commit()

    def add(self, first: str | int, second: str | int, score: float,
            reasons: tuple[Reason, ...]) -> None:
        """Add a pair found, given by its parts (``first < second``)."""
        if self._ids is not None:
            first, second = self._ids[cast(int, first)], self._ids[cast(int, second)]
        self._found += 1
        self._pairs.append((self._found, str(first), str(second), score,
                            self._reasons_text(reasons)))
        if len(self._pairs) >= _ROWS_AT_ONCE:
            self._flush()

    def _copy(self, table: str, columns: str, rows: Iterable[tuple[Any, ...]]) -> None:
        with self._raw.cursor() as cursor, cursor.copy(
                f"COPY pg_temp.{table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def _flush(self) -> None:
        if self._pairs:
            self._copy(_PAIRS, "n, first, second, score, reasons", self._pairs)
            self._pairs.clear()

    def keep(self, session: Session) -> None:
        """Make the kept pairs of the kind, and the name blocks, what was found, inside
        the write of ``session`` (on this connection), writing only what differs."""
        assert session.connection() is self._conn, "the pairs wait on this connection"
        self._flush()
        session.execute(text(f"ANALYZE pg_temp.{_PAIRS}"))
        for statement in _KEEP_PAIRS:
            session.execute(text(statement), {"kind": self._kind})
        if self._blocks_of is not None:
            self._keep_blocks(session, self._blocks_of)

    def _keep_blocks(self, session: Session, blocks_of: Callable[[int], Iterable[str]]
                     ) -> None:
        ids = cast(list[str], self._ids)
        session.execute(text(f"CREATE TEMPORARY TABLE {_BLOCKS} ("
                             "block varchar(128) NOT NULL, person_id varchar(36) NOT NULL)"))
        self._copy(_BLOCKS, "block, person_id", ((block, person_id)
                                                 for n, person_id in enumerate(ids)
                                                 for block in blocks_of(n)))
        session.execute(text(f"ANALYZE pg_temp.{_BLOCKS}"))
        for statement in _KEEP_BLOCKS:
            session.execute(text(statement))

    def _drop(self) -> None:
        for table in (_PAIRS, _BLOCKS):
            self._conn.execute(text(f"DROP TABLE IF EXISTS pg_temp.{table}"))
