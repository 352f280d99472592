"""author signatures on revisions, vouched author keys, received bundles keyed by sender

Revision ID: 0006
Revises: 0005

The signatures themselves (attestations of the revisions already stored) are made by
the vault right after this migration, with its signing key: see
``willay.core.records.authorship.attest_unsigned``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signature', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('signed_by', sa.String(length=64), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('attested', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.alter_column('signed_by', server_default=None)
        batch_op.alter_column('attested', server_default=None)

    op.create_table('author_key',
    sa.Column('key_id', sa.String(length=64), nullable=False),
    sa.Column('ed25519_public', sa.LargeBinary(), nullable=False),
    sa.Column('x25519_public', sa.LargeBinary(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('organization', sa.String(), nullable=False),
    sa.Column('card_created', sa.String(), nullable=False),
    sa.Column('vouched_by', sa.String(length=40), nullable=False),
    sa.Column('added', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('key_id', name=op.f('pk_author_key'))
    )

    # Received bundles are known by sender and id together.
    op.create_table('received_bundle_new',
    sa.Column('sender', sa.String(length=40), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created', sa.String(), nullable=False),
    sa.Column('imported', sa.String(), nullable=False),
    sa.Column('manifest_sha256', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('sender', 'id', name=op.f('pk_received_bundle'))
    )
    op.execute("INSERT INTO received_bundle_new (sender, id, sequence, kind, created, "
               "imported, manifest_sha256, summary) SELECT sender, id, sequence, kind, "
               "created, imported, manifest_sha256, summary FROM received_bundle")
    op.create_table('received_item_new',
    sa.Column('sender', sa.String(length=40), nullable=False),
    sa.Column('bundle_id', sa.String(length=36), nullable=False),
    sa.Column('item', sa.String(length=64), nullable=False),
    sa.Column('item_kind', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('sender', 'bundle_id', 'item', name=op.f('pk_received_item'))
    )
    op.execute("INSERT INTO received_item_new (sender, bundle_id, item, item_kind) "
               "SELECT b.sender, i.bundle_id, i.item, i.item_kind FROM received_item i "
               "JOIN received_bundle b ON b.id = i.bundle_id")
    with op.batch_alter_table('received_bundle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_received_bundle_sender'))
    op.drop_table('received_bundle')
    op.drop_table('received_item')
    op.rename_table('received_bundle_new', 'received_bundle')
    op.rename_table('received_item_new', 'received_item')


def downgrade() -> None:
    # Bundles of one id from two senders cannot both survive the older key; the first stays.
    op.create_table('received_bundle_old',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('sender', sa.String(length=40), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created', sa.String(), nullable=False),
    sa.Column('imported', sa.String(), nullable=False),
    sa.Column('manifest_sha256', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id', name='pk_received_bundle_old')
    )
    op.execute("INSERT OR IGNORE INTO received_bundle_old SELECT id, sender, sequence, kind, "
               "created, imported, manifest_sha256, summary FROM received_bundle")
    op.create_table('received_item_old',
    sa.Column('bundle_id', sa.String(length=36), nullable=False),
    sa.Column('item', sa.String(length=64), nullable=False),
    sa.Column('item_kind', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('bundle_id', 'item', name='pk_received_item_old')
    )
    op.execute("INSERT OR IGNORE INTO received_item_old SELECT bundle_id, item, item_kind "
               "FROM received_item")
    op.drop_table('received_bundle')
    op.drop_table('received_item')
    op.rename_table('received_bundle_old', 'received_bundle')
    op.rename_table('received_item_old', 'received_item')
    with op.batch_alter_table('received_bundle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_received_bundle_sender'), ['sender'], unique=False)
    op.drop_table('author_key')
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_column('attested')
        batch_op.drop_column('signed_by')
        batch_op.drop_column('signature')
