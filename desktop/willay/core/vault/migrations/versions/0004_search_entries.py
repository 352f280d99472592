"""search entries

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('search_entry',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('doc', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('record_id', name=op.f('pk_search_entry')),
    sa.UniqueConstraint('doc', name=op.f('uq_search_entry_doc'))
    )
    # Existing index rows get their entries, so later updates find them.
    op.execute("INSERT INTO search_entry (record_id, doc) "
               "SELECT record_id, rowid FROM search_index")


def downgrade() -> None:
    op.drop_table('search_entry')
