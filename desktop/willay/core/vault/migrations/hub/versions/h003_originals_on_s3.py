"""Originals on an S3-compatible store: where each original is, and the hub's settings

Revision ID: h003
Revises: h002

``hub_object.place`` says where an original's encrypted bytes are: in the hub's own rows
(``database``, as before) or on the S3-compatible store the hub's settings name (``s3``).
``hub_setting`` holds those settings; coordinators read them, only the owner changes
them. Fixed once released.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'h003'
down_revision = 'h002'
branch_labels = None
depends_on = None

# Coordinators added before this version get the rights their role has on every table.
GRANTS = """DO $$ DECLARE r record; BEGIN
    FOR r IN SELECT role FROM hub_clearance LOOP
        EXECUTE format('GRANT SELECT ON hub_setting TO %I', r.role);
    END LOOP;
END $$"""


def upgrade() -> None:
    op.add_column('hub_object', sa.Column('place', sa.String(length=8), nullable=False,
                                          server_default='database'))
    op.create_table('hub_setting',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.execute(GRANTS)


def downgrade() -> None:
    op.drop_table('hub_setting')
    op.drop_column('hub_object', 'place')
