"""incident counts indexes: the covering indexes that reports count from

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_incident_counts', 'incident',
                    ['ubigeo', 'occurred_start', 'occurred_end', 'precision', 'status',
                     'killed', 'injured', 'detained', 'id'], unique=False)
    op.create_index('ix_incident_by_id', 'incident',
                    ['id', 'ubigeo', 'occurred_start', 'occurred_end', 'precision', 'status',
                     'killed', 'injured', 'detained'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_incident_by_id', table_name='incident')
    op.drop_index('ix_incident_counts', table_name='incident')
