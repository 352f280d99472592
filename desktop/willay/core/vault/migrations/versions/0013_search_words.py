"""search words: every word the full-text index holds, for the start of a typed word

Revision ID: 0013
Revises: 0012

Filled here from FTS5's vocabulary of the existing index; the core adds the words of each
record it indexes from then on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('search_word',
    sa.Column('word', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('word', name=op.f('pk_search_word')),
    sqlite_with_rowid=False
    )
    op.execute("CREATE VIRTUAL TABLE temp.search_vocabulary "
               "USING fts5vocab(main, search_index, 'row')")
    op.execute("INSERT INTO search_word (word) SELECT term FROM temp.search_vocabulary")
    op.execute("DROP TABLE temp.search_vocabulary")


def downgrade() -> None:
    op.drop_table('search_word')
