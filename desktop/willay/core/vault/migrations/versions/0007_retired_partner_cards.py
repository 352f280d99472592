"""retired partner cards: when a card was retired, and which card replaced it

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('replaced_by', sa.String(length=40), nullable=False,
                                      server_default=''))
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.alter_column('replaced_by', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.drop_column('replaced_by')
        batch_op.drop_column('retired')
