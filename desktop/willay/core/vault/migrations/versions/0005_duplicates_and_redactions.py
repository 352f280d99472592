"""duplicate decisions and redactions

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('duplicate_decision',
    sa.Column('first', sa.String(length=36), nullable=False),
    sa.Column('second', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('decided', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('first', 'second', name=op.f('pk_duplicate_decision'))
    )
    op.create_index(op.f('ix_duplicate_decision_second'), 'duplicate_decision', ['second'],
                    unique=False)
    op.create_table('redaction',
    sa.Column('media_id', sa.String(length=36), nullable=False),
    sa.Column('original_sha256', sa.String(length=64), nullable=False),
    sa.Column('derivative_sha256', sa.String(length=64), nullable=False),
    sa.Column('regions', sa.String(), nullable=False),
    sa.Column('created', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['media_id'], ['record.id'],
                            name=op.f('fk_redaction_media_id_record')),
    sa.PrimaryKeyConstraint('media_id', name=op.f('pk_redaction'))
    )
    op.create_index(op.f('ix_redaction_derivative_sha256'), 'redaction', ['derivative_sha256'],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_redaction_derivative_sha256'), table_name='redaction')
    op.drop_table('redaction')
    op.drop_index(op.f('ix_duplicate_decision_second'), table_name='duplicate_decision')
    op.drop_table('duplicate_decision')
