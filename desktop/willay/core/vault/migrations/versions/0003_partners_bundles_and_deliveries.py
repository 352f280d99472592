"""partners, bundles and deliveries

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('anonymized_export',
    sa.Column('partner', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('revision_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('partner', 'record_id', name=op.f('pk_anonymized_export'))
    )
    op.create_table('delivery',
    sa.Column('item', sa.String(length=64), nullable=False),
    sa.Column('partner', sa.String(length=40), nullable=False),
    sa.Column('item_kind', sa.String(length=16), nullable=False),
    sa.Column('bundle_id', sa.String(length=36), nullable=False),
    sa.Column('confirmed', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('item', 'partner', name=op.f('pk_delivery'))
    )
    op.create_table('foreign_custody_event',
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('origin', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=True),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.Column('signature', sa.LargeBinary(), nullable=False),
    sa.Column('bundle_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('hash', name=op.f('pk_foreign_custody_event'))
    )
    with op.batch_alter_table('foreign_custody_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_foreign_custody_event_origin'), ['origin'], unique=False)
        batch_op.create_index(batch_op.f('ix_foreign_custody_event_record_id'), ['record_id'], unique=False)

    op.create_table('partner',
    sa.Column('fingerprint', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('organization', sa.String(), nullable=False),
    sa.Column('x25519_public', sa.LargeBinary(), nullable=False),
    sa.Column('ed25519_public', sa.LargeBinary(), nullable=False),
    sa.Column('card_created', sa.String(), nullable=False),
    sa.Column('profile', sa.String(length=16), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('added', sa.String(), nullable=False),
    sa.Column('last_received_sequence', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('fingerprint', name=op.f('pk_partner'))
    )
    op.create_table('received_bundle',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('sender', sa.String(length=40), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created', sa.String(), nullable=False),
    sa.Column('imported', sa.String(), nullable=False),
    sa.Column('manifest_sha256', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_received_bundle'))
    )
    with op.batch_alter_table('received_bundle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_received_bundle_sender'), ['sender'], unique=False)

    op.create_table('received_item',
    sa.Column('bundle_id', sa.String(length=36), nullable=False),
    sa.Column('item', sa.String(length=64), nullable=False),
    sa.Column('item_kind', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('bundle_id', 'item', name=op.f('pk_received_item'))
    )
    op.create_table('sent_bundle',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created', sa.String(), nullable=False),
    sa.Column('recipients', sa.String(), nullable=False),
    sa.Column('profile', sa.String(length=16), nullable=False),
    sa.Column('revisions', sa.Integer(), nullable=False),
    sa.Column('media', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_bundle')),
    sa.UniqueConstraint('sequence', name=op.f('uq_sent_bundle_sequence'))
    )
    op.create_table('sent_item',
    sa.Column('partner', sa.String(length=40), nullable=False),
    sa.Column('item', sa.String(length=64), nullable=False),
    sa.Column('bundle_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('partner', 'item', name=op.f('pk_sent_item'))
    )


def downgrade() -> None:
    op.drop_table('sent_item')
    op.drop_table('sent_bundle')
    op.drop_table('received_item')
    with op.batch_alter_table('received_bundle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_received_bundle_sender'))

    op.drop_table('received_bundle')
    op.drop_table('partner')
    with op.batch_alter_table('foreign_custody_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_foreign_custody_event_record_id'))
        batch_op.drop_index(batch_op.f('ix_foreign_custody_event_origin'))

    op.drop_table('foreign_custody_event')
    op.drop_table('delivery')
    op.drop_table('anonymized_export')
