"""organization fields: field sets and the parts of records that hold their values

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('fieldset_head',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('set_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organization', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['record.id'], name=op.f('fk_fieldset_head_record_id_record')),
    sa.PrimaryKeyConstraint('record_id', name=op.f('pk_fieldset_head')),
    sa.UniqueConstraint('set_id', name=op.f('uq_fieldset_head_set_id'))
    )
    op.create_table('fieldset_in_use',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fieldset_in_use'))
    )
    op.create_table('custom_part',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('record_kind', sa.String(length=16), nullable=False),
    sa.Column('sensitivity', sa.String(length=16), nullable=False),
    sa.Column('set_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['record.id'], name=op.f('fk_custom_part_id_record')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_custom_part'))
    )
    with op.batch_alter_table('custom_part', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_custom_part_record_id'), ['record_id'], unique=False)
    op.create_table('custom_code',
    sa.Column('part_id', sa.String(length=36), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('set_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['part_id'], ['custom_part.id'], name=op.f('fk_custom_code_part_id_custom_part')),
    sa.PrimaryKeyConstraint('part_id', 'key', 'code', name=op.f('pk_custom_code'))
    )
    with op.batch_alter_table('custom_code', schema=None) as batch_op:
        batch_op.create_index('ix_custom_code_counts', ['set_id', 'key', 'code', 'record_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('custom_code', schema=None) as batch_op:
        batch_op.drop_index('ix_custom_code_counts')
    op.drop_table('custom_code')
    with op.batch_alter_table('custom_part', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_custom_part_record_id'))
    op.drop_table('custom_part')
    op.drop_table('fieldset_in_use')
    op.drop_table('fieldset_head')
