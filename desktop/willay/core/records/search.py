"""Full-text search: an FTS5 index inside the encrypted database.

The index folds case and accents (``unicode61 remove_diacritics 2``), so "apurimac"
finds "Apurímac" and "quispe" finds "QUISPE". Every word of a query must match, the last
one possibly as the start of a word, which becomes the words of the index it begins
(``search_word`` lists them). The most recently written records come first: FTS5 can then
stop after the first page, where ranking by relevance would score every match.
Filters (:mod:`willay.core.records.filter`) apply to incidents, and to testimonies
through the incidents they speak of; people carry no place or date, so a filtered search
leaves them out. This module and :mod:`database` are the only SQLite-specific parts of the core;
on a hub (PostgreSQL) the index and its queries are :mod:`search_postgres`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, TextClause, column, func, literal, literal_column, text
from sqlalchemy import select as sa_select
from sqlalchemy import table as sql_table
from sqlmodel import Session, col

from willay.core.records import search_postgres
from willay.core.records.filter import (
    IncidentFilter,
    incident_conditions,
    searched_record_condition,
)
from willay.core.text import fold, joined_apostrophes
from willay.core.vault.models import Incident, Record

_WORD = re.compile(r"\w+", re.UNICODE)
_EJECTIVE_BEFORE = "ptkqh"  # p' t' k' q' and ch'
_VOWEL_AFTER = "aeiouwy"
MAX_QUERY_WORDS = 16
# Beyond this many words beginning with what was typed last, FTS5 gathers them itself.
MAX_PREFIX_WORDS = 32
# The FTS5 table has no model: its hidden rowid is the document number (newest highest).
_INDEX = sql_table("search_index", column("rowid"), column("record_id"), column("kind"))
# The words of newly indexed records go through an index of their own, in the
# connection's memory (made once per connection), whose vocabulary names them exactly as
# the main index's tokenizer (migration 0001) wrote them.
_STAGING = ("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_staging USING fts5("
            "title, body, place, names, content = '', "
            "tokenize = 'unicode61 remove_diacritics 2')")
_STAGING_WORDS = ("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_staging_words "
                  "USING fts5vocab(temp, search_staging, 'row')")
_WORDS_BETWEEN = text("SELECT word FROM search_word WHERE word >= :low AND word < :high "
                      "ORDER BY word LIMIT :most")
_WORD_HELD = text("SELECT 1 FROM search_word WHERE word = :word")


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
    if _on_hub(session):
        search_postgres.index_many(session, entries)
        return
    last = session.execute(text("SELECT coalesce(max(doc), 0) FROM search_entry")).scalar_one()
    rows = [{**entry, "doc": last + number} for number, entry in enumerate(entries, start=1)]
    session.execute(
        text("INSERT INTO search_index (rowid, record_id, kind, title, body, place, names) "
             "VALUES (:doc, :record_id, :kind, :title, :body, :place, :names)"), rows)
    session.execute(text("INSERT INTO search_entry (record_id, doc) VALUES (:record_id, :doc)"),
                    rows)
    _add_words(session, rows)


def _add_words(session: Session, rows: list[dict[str, Any]]) -> None:
    """List the words of newly indexed ``rows`` that ``search_word`` lacks."""
    session.execute(text(_STAGING))
    session.execute(text(_STAGING_WORDS))
    session.execute(text("INSERT INTO temp.search_staging (title, body, place, names) "
                         "VALUES (:title, :body, :place, :names)"), rows)
    session.execute(text("INSERT OR IGNORE INTO search_word (word) "
                         "SELECT term FROM temp.search_staging_words"))
    # Emptied at once. The index keeps no text of its own (``content = ''``), only the
    # words, and those no longer than this.
    session.execute(text("INSERT INTO temp.search_staging (search_staging) "
                         "VALUES ('delete-all')"))


def remove(session: Session, record_id: str) -> None:
    """Take a record out of the index."""
    if _on_hub(session):
        search_postgres.remove(session, record_id)
        return
    doc = session.execute(text("SELECT doc FROM search_entry WHERE record_id = :id"),
                          {"id": record_id}).scalar()
    if doc is None:
        return
    session.execute(text("DELETE FROM search_index WHERE rowid = :doc"), {"doc": doc})
    session.execute(text("DELETE FROM search_entry WHERE record_id = :id"), {"id": record_id})


def match_expression(query: str, words: IndexWords | None = None) -> str | None:
    """Turn what a person typed into an FTS5 expression; None when nothing can match.

    Every word must match; the last one may be the start of a word (as when typing),
    the others are whole words, so that a short word such as "de" does not drag in every
    term that begins with it. The apostrophe of Quechua and Aymara writing (p'unchaw,
    ch'aki, t'anta) is optional both ways: see :func:`_spellings`.

    With ``words`` (:class:`IndexWords`), the start of a word becomes the
    words of the index that begin with it. FTS5 gathers every record of a prefix before
    it can give the newest: 50 ms for a word in every record of a million, against 1 ms
    for the same words named one by one.
    """
    typed = query_words(query)
    if not typed:
        return None
    *whole, last = typed
    groups = [_spellings(word, prefix=False, words=None) for word in whole]
    groups.append(_spellings(last, prefix=True, words=words))
    if not all(groups):
        return None
    return " AND ".join(g[0] if len(g) == 1 else "(" + " OR ".join(g) + ")" for g in groups)


def query_words(query: str) -> list[str]:
    """Return the words of a query as the index holds them (folded, apostrophes joined)."""
    return _WORD.findall(joined_apostrophes(fold(query)))[:MAX_QUERY_WORDS]


def _on_hub(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


class IndexWords:
    """The words the search index holds, looked up through one session.

    Only plain words of letters and digits are looked up: for anything else the index's
    own tokenizer decides, and the answer is None (the caller keeps what was typed).
    """

    def __init__(self, session: Session) -> None:
        self._session = session

    def starting(self, prefix: str) -> list[str] | None:
        """Return the words that begin with ``prefix``, or None if there are too many."""
        if not _plain(prefix):
            return None
        found = list(self._session.execute(_WORDS_BETWEEN, {
            "low": prefix, "high": prefix[:-1] + chr(ord(prefix[-1]) + 1),
            "most": MAX_PREFIX_WORDS + 1}).scalars())
        return found if len(found) <= MAX_PREFIX_WORDS else None

    def holds(self, word: str) -> bool | None:
        """Return whether the index has held ``word`` (None: not a plain word)."""
        if not _plain(word):
            return None
        return self._session.execute(_WORD_HELD, {"word": word}).first() is not None


def _plain(word: str) -> bool:
    return word.isascii() and word.isalnum()


def _spellings(word: str, *, prefix: bool, words: IndexWords | None) -> list[str]:
    """The word as typed, or with an apostrophe after a p, t, k, q or ch before a vowel.

    The index splits "p'unchawmi" into "p" and "unchawmi", so "punchawmi" also looks
    for those two adjacent words; "p'unchawmi" typed is first joined into "punchawmi",
    so it finds both spellings too. Each spelling is a phrase of the index's words; with
    ``words``, a spelling no record can hold is left out (none left: nothing matches).
    """
    splits = [[word]] + [[word[:cut], word[cut:]] for cut in range(1, len(word) - 1)
                         if word[cut - 1] in _EJECTIVE_BEFORE and word[cut] in _VOWEL_AFTER]
    if not prefix:
        return [_phrase(tokens) for tokens in splits]
    forms: list[str] = []
    for *head, start in splits:
        if words is None:
            forms.append(_phrase([*head, start]) + "*")
            continue
        # A first part in no record rules the split out for the cost of one look-up,
        # where its prefix alone could have FTS5 gather every record of "al" or "ta".
        if any(words.holds(part) is False for part in head):
            continue
        completions = words.starting(start)
        if completions is None:
            forms.append(_phrase([*head, start]) + "*")
        else:
            forms.extend(_phrase([*head, completion]) for completion in completions)
    return forms


def _phrase(tokens: list[str]) -> str:
    return '"' + " ".join(tokens) + '"'


def search(session: Session, query: str, filters: IncidentFilter | None = None,
           limit: int = 50) -> list[SearchHit]:
    """Return records matching ``query`` and ``filters``, most recently written first.

    With no words in ``query`` and some filter set, return the filtered incidents,
    newest first.
    """
    filters = filters or IncidentFilter()
    if not query_words(query):
        if not filters.active():
            return []
        listed = (sa_select(col(Record.id), col(Record.kind), literal(""))
                  .join(Incident, col(Incident.id) == col(Record.id))
                  .where(*_filtered_incidents(filters))
                  .order_by(col(Incident.occurred_start).desc()).limit(limit))
        return [SearchHit(row[0], row[1], row[2]) for row in session.execute(listed).all()]
    if _on_hub(session):
        return [SearchHit(*hit) for hit in search_postgres.search(
            session, query_words(query), filters, limit)]
    expression = match_expression(query, IndexWords(session))
    if expression is None:
        return []
    found = (sa_select(_INDEX.c.record_id, _INDEX.c.kind,
                       func.snippet(literal_column("search_index"), -1, "[", "]", "…", 12))
             .where(*_matching(expression, filters)))
    found = found.order_by(_INDEX.c.rowid.desc()).limit(limit)
    return [SearchHit(row[0], row[1], row[2]) for row in session.execute(found).all()]


def count(session: Session, query: str, filters: IncidentFilter | None = None) -> int:
    """Return how many records :func:`search` would find with no limit."""
    filters = filters or IncidentFilter()
    if not query_words(query):
        if not filters.active():
            return 0
        counted = (sa_select(func.count()).select_from(Record)
                   .join(Incident, col(Incident.id) == col(Record.id))
                   .where(*_filtered_incidents(filters)))
    elif _on_hub(session):
        return search_postgres.count(session, query_words(query), filters)
    else:
        expression = match_expression(query, IndexWords(session))
        if expression is None:
            return 0
        counted = sa_select(func.count()).select_from(_INDEX).where(
            *_matching(expression, filters))
    return int(session.execute(counted).scalar_one())


def _filtered_incidents(filters: IncidentFilter) -> list[ColumnElement[bool]]:
    return [col(Record.deleted).is_(False), *incident_conditions(filters)]


def _matching(expression: str, filters: IncidentFilter
              ) -> list[ColumnElement[bool] | TextClause]:
    conditions: list[ColumnElement[bool] | TextClause] = [
        text("search_index MATCH :match").bindparams(match=expression)]
    if filters.active():
        conditions.append(searched_record_condition(filters, _INDEX.c.record_id,
                                                    _INDEX.c.kind))
    return conditions
