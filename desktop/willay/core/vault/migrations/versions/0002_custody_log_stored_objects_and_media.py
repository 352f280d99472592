"""custody log, stored objects and media

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('custody_event',
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('time', sa.String(), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=True),
    sa.Column('subject', sa.String(length=64), nullable=False),
    sa.Column('details', sa.String(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('signer', sa.String(length=64), nullable=False),
    sa.Column('signature', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_custody_event')),
    sa.UniqueConstraint('hash', name=op.f('uq_custody_event_hash'))
    )
    with op.batch_alter_table('custody_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_custody_event_record_id'), ['record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_custody_event_subject'), ['subject'], unique=False)

    op.create_table('media_thumbnail',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('jpeg', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_media_thumbnail'))
    )
    op.create_table('stored_object',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('stored', sa.String(), nullable=False),
    sa.Column('purged', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_stored_object'))
    )
    op.create_table('media',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('mime', sa.String(), nullable=False),
    sa.Column('media_kind', sa.String(length=16), nullable=False),
    sa.Column('original_name', sa.String(), nullable=False),
    sa.Column('intake_time', sa.String(), nullable=False),
    sa.Column('attached_to', sa.String(length=36), nullable=False),
    sa.Column('captured_at', sa.String(), nullable=True),
    sa.Column('gps_latitude', sa.String(), nullable=True),
    sa.Column('gps_longitude', sa.String(), nullable=True),
    sa.Column('gps_altitude', sa.String(), nullable=True),
    sa.Column('camera_make', sa.String(), nullable=True),
    sa.Column('camera_model', sa.String(), nullable=True),
    sa.Column('orientation', sa.Integer(), nullable=True),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['id'], ['record.id'], name=op.f('fk_media_id_record')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_media'))
    )
    with op.batch_alter_table('media', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_media_attached_to'), ['attached_to'], unique=False)
        batch_op.create_index(batch_op.f('ix_media_sha256'), ['sha256'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('media', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_media_sha256'))
        batch_op.drop_index(batch_op.f('ix_media_attached_to'))

    op.drop_table('media')
    op.drop_table('stored_object')
    op.drop_table('media_thumbnail')
    with op.batch_alter_table('custody_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_custody_event_subject'))
        batch_op.drop_index(batch_op.f('ix_custody_event_record_id'))

    op.drop_table('custody_event')
