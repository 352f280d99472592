"""receipts written: which receipt this vault last wrote for each bundle it imported

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('received_bundle', schema=None) as batch_op:
        batch_op.add_column(sa.Column('receipt', sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('received_bundle', schema=None) as batch_op:
        batch_op.drop_column('receipt')
