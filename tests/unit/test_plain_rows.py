"""Rows stepped on a plain cursor: the same rows as SQLAlchemy's, and quiet when cut short."""

from __future__ import annotations

import gc
import sys
from contextlib import suppress
from pathlib import Path

import pytest
from sqlalchemy import column, select, table, text
from sqlmodel import Session

from willay.core.vault import database
from willay.core.vault.vault import Vault

_T = table("walked", column("n"), column("word"))


@pytest.fixture
def walked(vault: Vault) -> Vault:
    with vault.session() as session:
        session.execute(text("CREATE TABLE walked (n INTEGER, word TEXT)"))
        session.execute(text("INSERT INTO walked VALUES (:n, :word)"),
                        [{"n": n, "word": f"w{n}"} for n in range(50)])
    return vault


def test_bound_text_and_numbers_give_the_rows_sqlalchemy_gives(walked: Vault) -> None:
    stmt = (select(_T.c.n, _T.c.word).where(_T.c.n.in_([3, 7, 11]) | (_T.c.word == "w40"))
            .order_by(_T.c.n))
    with walked.session() as session:
        plain = [tuple(row) for row in database.plain_rows(session, stmt)]
        assert plain == [tuple(row) for row in session.execute(stmt)]
        assert plain == [(3, "w3"), (7, "w7"), (11, "w11"), (40, "w40")]


def test_a_walk_cut_short_after_its_connection_closed_says_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    unraisable: list[BaseException | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda event: unraisable.append(event.exc_value))
    engine = database.open_engine(tmp_path / "archive.db", b"\x01" * 32)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE walked (n INTEGER, word TEXT)"))
            conn.execute(text("INSERT INTO walked VALUES (1, 'a'), (2, 'b')"))
        with Session(engine) as session:
            rows = database.plain_rows(session, select(_T.c.n).order_by(_T.c.n))
            assert next(rows) == (1,)
            driver = session.connection().connection.driver_connection
            assert driver is not None
            driver.close()  # as locking the vault closes its connections
            del rows
            gc.collect()
            with suppress(Exception):
                session.close()
    finally:
        with suppress(Exception):
            engine.dispose()
    assert unraisable == []  # would be printed as "Exception ignored in: <generator …>"
