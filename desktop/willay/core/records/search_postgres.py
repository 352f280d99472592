"""Full-text search on a hub (PostgreSQL): the same words found as in a vault.

Each record has one row of ``search_doc`` (made by :mod:`willay.core.vault.hub`) whose
``tsvector`` holds its words after folding (case and accents, as the vault's index does)
and with the apostrophe of Quechua and Aymara writing both joined and parted, then Spanish
stemming. A query is read as in a vault (:func:`willay.core.records.search.query_words`):
every word must match, the last one as the start of a word. The newest written records
come first.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import column, func, literal_column, text
from sqlalchemy import select as sa_select
from sqlalchemy import table as sql_table
from sqlmodel import Session

from willay.core.records.filter import IncidentFilter, searched_record_condition
from willay.core.text import apostrophe_parts, fold, joined_apostrophes

CONFIG = "willay_es"
_DOC = sql_table("search_doc", column("doc"), column("record_id"), column("kind"),
                 column("title"), column("body"), column("place"), column("names"),
                 column("words"))
_WEIGHTS = (("title", "A"), ("names", "A"), ("place", "B"), ("body", "C"))
_INSERT = text(
    "INSERT INTO search_doc (record_id, kind, title, body, place, names, words) "
    "VALUES (:record_id, :kind, :title, :body, :place, :names, "
    + " || ".join(f"setweight(to_tsvector('{CONFIG}', :w_{name}), '{weight}')"
                  for name, weight in _WEIGHTS) + ")")


def searchable(value: str) -> str:
    """The words of ``value`` as the hub's index reads them: folded, each word written
    with an apostrophe both joined and in its parts, as a vault's index holds them
    (p'unchawmi: punchawmi, p, unchawmi), so that the same words find it."""
    folded = fold(value)
    return " ".join([joined_apostrophes(folded), *apostrophe_parts(folded)])


def index_many(session: Session, entries: list[dict[str, str]]) -> None:
    """Index records in this order (the last the newest): record_id, kind and texts."""
    if entries:
        session.execute(_INSERT, [
            {**entry, **{f"w_{name}": searchable(entry.get(name, "")) for name, _w in _WEIGHTS}}
            for entry in entries])


def remove(session: Session, record_id: str) -> None:
    """Take a record out of the index."""
    session.execute(text("DELETE FROM search_doc WHERE record_id = :id"), {"id": record_id})


def _query(words: list[str]) -> Any:
    *whole, last = words
    terms = [*whole, f"{last}:*"]
    return func.to_tsquery(literal_column(f"'{CONFIG}'"), " & ".join(terms))


def _conditions(session: Session, words: list[str], filters: IncidentFilter,
                newest: int | None = None) -> list[Any]:
    if session.info.get("row_security"):
        # Under row-level security PostgreSQL reads every entry for a plain `@@`; a
        # function of the hub (migration h008) reads the words' index as the tables'
        # owner and gives only the entries this coordinator may see: with no filter to
        # apply after it, only the newest wanted; else every one (NULL).
        wanted = newest if not filters.active() else None
        found = func.willay_search_matches(_query(words), wanted)
        conditions: list[Any] = [_DOC.c.doc.in_(sa_select(found).scalar_subquery())]
    else:
        conditions = [_DOC.c.words.op("@@")(_query(words))]
    if filters.active():
        conditions.append(searched_record_condition(filters, _DOC.c.record_id, _DOC.c.kind))
    return conditions


def search(session: Session, words: list[str], filters: IncidentFilter, limit: int
           ) -> list[tuple[str, str, str]]:
    """Return ``(record id, kind, snippet)`` of the newest records matching ``words``."""
    shown = _DOC.c.title + " " + _DOC.c.names + " " + _DOC.c.place + " " + _DOC.c.body
    snippet = func.ts_headline(literal_column(f"'{CONFIG}'"), shown, _query(words),
                               "StartSel=[, StopSel=], MaxWords=14, MinWords=6, "
                               "MaxFragments=1, FragmentDelimiter=…")
    found = (sa_select(_DOC.c.record_id, _DOC.c.kind, snippet)
             .where(*_conditions(session, words, filters, limit))
             .order_by(_DOC.c.doc.desc()).limit(limit))
    return [(row[0], row[1], row[2]) for row in session.execute(found).all()]


def count(session: Session, words: list[str], filters: IncidentFilter) -> int:
    """Return how many records match ``words`` and ``filters``."""
    counted = sa_select(func.count()).select_from(_DOC).where(*_conditions(session, words, filters))
    return int(session.execute(counted).scalar_one())
