"""An index on when each original was written, for the clean-up at every unlock

Revision ID: h006
Revises: h005

Each unlock removes what interrupted writers left more than a day ago; without an index
that meant reading every original's row at every unlock. Fixed once released.
"""

from __future__ import annotations

from alembic import op

revision = 'h006'
down_revision = 'h005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_hub_object_written', 'hub_object', ['written'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_hub_object_written', table_name='hub_object')
