"""Days added to a date kept as ISO text (YYYY-MM-DD), written in each engine's SQL.

SQLite's ``date()`` and PostgreSQL's date arithmetic give the same text, so a query that
compares such dates reads the same on a vault and on a hub.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class days_after(FunctionElement[str]):
    """The ISO date ``days`` after ``day`` (before it when ``days`` is negative)."""

    type = String()
    inherit_cache = True

    def __init__(self, day: ColumnElement[str], days: int) -> None:
        super().__init__(day, literal(int(days)))


@compiles(days_after, "sqlite")
def _on_sqlite(element: days_after, compiler: SQLCompiler, **kw: Any) -> str:
    day, days = element.clauses
    return f"date({compiler.process(day, **kw)}, {compiler.process(days, **kw)} || ' days')"


@compiles(days_after, "postgresql")
def _on_postgresql(element: days_after, compiler: SQLCompiler, **kw: Any) -> str:
    day, days = element.clauses
    return (f"to_char(CAST({compiler.process(day, **kw)} AS date) + "
            f"{compiler.process(days, **kw)}, 'YYYY-MM-DD')")
