"""Full-text search: an FTS5 index inside the encrypted database.

The index folds case and accents (``unicode61 remove_diacritics 2``), so "apurimac"
finds "Apurímac" and "quispe" finds "QUISPE". Every word of a query must match, the last
one possibly as the start of a word. The most recently written records come first: FTS5
can then stop after the first page, where ranking by relevance would score every match.
Filters (place, dates, violation) apply to incidents, and to testimonies through the
incidents they speak of; people carry no place or date, so a filtered search leaves them
out. This module and :mod:`database` are the only SQLite-specific parts of the core.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from willay.core.text import fold

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_WORDS = 16


@dataclass(frozen=True)
class SearchFilters:
    """Restrictions on a search; None means no restriction."""

    place: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    violation: str | None = None

    def active(self) -> bool:
        """Whether any filter is set."""
        return any(v is not None for v in (self.place, self.date_from, self.date_to,
                                           self.violation))


@dataclass(frozen=True)
class SearchHit:
    """One record found, with a fragment of text around the match."""

    record_id: str
    kind: str
    snippet: str


def index(session: Session, record_id: str, kind: str, *, title: str = "", body: str = "",
          place: str = "", names: str = "") -> None:
    """Put a record's searchable text in the index (call :func:`remove` first to replace)."""
    index_many(session, [{"record_id": record_id, "kind": kind, "title": title, "body": body,
                          "place": place, "names": names}])


def index_many(session: Session, entries: list[dict[str, str]]) -> None:
    """Index several records at once: each entry has record_id, kind, title, body, place, names.

    Rows get explicit, increasing document numbers after the highest one in use (found at
    once through the unique index of ``search_entry``), so the order of ``entries`` is the
    newest-first order of results; the write transaction this runs in keeps the numbers
    from being taken meanwhile.
    """
    if not entries:
        return
    last = session.execute(text("SELECT coalesce(max(doc), 0) FROM search_entry")).scalar_one()
    rows = [{**entry, "doc": last + number} for number, entry in enumerate(entries, start=1)]
    session.execute(
        text("INSERT INTO search_index (rowid, record_id, kind, title, body, place, names) "
             "VALUES (:doc, :record_id, :kind, :title, :body, :place, :names)"), rows)
    session.execute(text("INSERT INTO search_entry (record_id, doc) VALUES (:record_id, :doc)"),
                    rows)


def remove(session: Session, record_id: str) -> None:
    """Take a record out of the index."""
    doc = session.execute(text("SELECT doc FROM search_entry WHERE record_id = :id"),
                          {"id": record_id}).scalar()
    if doc is None:
        return
    session.execute(text("DELETE FROM search_index WHERE rowid = :doc"), {"doc": doc})
    session.execute(text("DELETE FROM search_entry WHERE record_id = :id"), {"id": record_id})


def match_expression(query: str) -> str | None:
    """Turn what a person typed into an FTS5 expression.

    Every word must match; the last one may be the start of a word (as when typing),
    the others are whole words, so that a short word such as "de" does not drag in every
    term that begins with it.
    """
    words = _WORD.findall(fold(query))[:MAX_QUERY_WORDS]
    if not words:
        return None
    *whole, last = words
    return " ".join([*(f'"{word}"' for word in whole), f'"{last}"*'])


def _incident_filter(alias: str, filters: SearchFilters, params: dict[str, Any]) -> str:
    clauses = [f"i.id = {alias}"]
    if filters.place:
        clauses.append("i.ubigeo LIKE :place_prefix")
        params["place_prefix"] = f"{filters.place}%"
    if filters.date_from:
        clauses.append("i.occurred_end >= :date_from")
        params["date_from"] = filters.date_from.isoformat()
    if filters.date_to:
        clauses.append("i.occurred_start <= :date_to")
        params["date_to"] = filters.date_to.isoformat()
    if filters.violation:
        clauses.append(
            "EXISTS (SELECT 1 FROM incident_code c WHERE c.incident_id = i.id "
            "AND c.vocabulary = 'violations' AND c.code = :violation)"
        )
        params["violation"] = filters.violation
    return f"EXISTS (SELECT 1 FROM incident i WHERE {' AND '.join(clauses)})"


def _filter_clause(column: str, kind_column: str, filters: SearchFilters,
                   params: dict[str, Any]) -> str:
    incident_ok = _incident_filter(column, filters, params)
    linked_ok = _incident_filter("ti.incident_id", filters, params)
    return (
        f"(({kind_column} = 'incident' AND {incident_ok}) OR "
        f"({kind_column} = 'testimony' AND EXISTS (SELECT 1 FROM testimony_incident ti "
        f"WHERE ti.testimony_id = {column} AND {linked_ok})))"
    )


def search(session: Session, query: str, filters: SearchFilters | None = None,
           limit: int = 50) -> list[SearchHit]:
    """Return records matching ``query`` and ``filters``, most recently written first.

    With no words in ``query`` and some filter set, return the filtered incidents,
    newest first.
    """
    filters = filters or SearchFilters()
    params: dict[str, Any] = {"limit": limit}
    expression = match_expression(query)
    if expression is None:
        if not filters.active():
            return []
        where = _incident_filter("r.id", filters, params)
        rows = session.execute(
            text(f"SELECT r.id, r.kind, '' FROM record r JOIN incident inc ON inc.id = r.id "
                 f"WHERE r.deleted = 0 AND {where} "
                 f"ORDER BY inc.occurred_start DESC LIMIT :limit"),
            params,
        ).all()
        return [SearchHit(row[0], row[1], row[2]) for row in rows]
    params["match"] = expression
    where = "search_index MATCH :match"
    if filters.active():
        where += " AND " + _filter_clause("s.record_id", "s.kind", filters, params)
    rows = session.execute(
        text("SELECT s.record_id, s.kind, snippet(search_index, -1, '[', ']', '…', 12) "
             f"FROM search_index s WHERE {where} ORDER BY s.rowid DESC LIMIT :limit"),
        params,
    ).all()
    return [SearchHit(row[0], row[1], row[2]) for row in rows]
