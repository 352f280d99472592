"""Search words keep the parts of words written with an apostrophe

Revision ID: h007
Revises: h006

A vault's index holds "p'unchawmi" as "p" and "unchawmi" and finds it by "punchawmi"
too; a hub's held only "punchawmi", so "unchawmi" found it in a vault and not on a hub.
The words of every record whose texts hold such an apostrophe are made again, parts
included. Fixed once released: the folding is copied here, not imported.
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = 'h007'
down_revision = 'h006'
branch_labels = None
depends_on = None

_APOSTROPHES = "'\u2019\u02bc`\u00b4"
_INNER = re.compile(rf"(?<=\w)[{_APOSTROPHES}](?=\w)")
_WRITTEN_WITH = re.compile(rf"\w+(?:[{_APOSTROPHES}]\w+)+")
_COLUMNS = (("title", "A"), ("names", "A"), ("place", "B"), ("body", "C"))
_WORDS = " || ".join(f"setweight(to_tsvector('willay_es', :{name}), '{weight}')"
                     for name, weight in _COLUMNS)


def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _searchable(value: str, *, parts: bool) -> str:
    folded = _fold(value)
    pieces = ([piece for word in _WRITTEN_WITH.findall(folded)
               for piece in _INNER.split(word)] if parts else [])
    return " ".join([_INNER.sub("", folded), *pieces])


def _remake(parts: bool) -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT doc, title, names, place, body FROM search_doc "
        "WHERE concat_ws(' ', title, names, place, body) ~ :pattern"),
        {"pattern": rf"\w[{_APOSTROPHES}]\w"}).all()
    update = sa.text(f"UPDATE search_doc SET words = {_WORDS} WHERE doc = :doc")
    for row in rows:
        conn.execute(update, {"doc": row.doc, **{
            name: _searchable(getattr(row, name) or "", parts=parts)
            for name, _weight in _COLUMNS}})


def upgrade() -> None:
    _remake(parts=True)


def downgrade() -> None:
    _remake(parts=False)
