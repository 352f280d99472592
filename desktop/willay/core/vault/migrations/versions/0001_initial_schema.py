"""initial schema

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('identity_key',
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('public_key', sa.LargeBinary(), nullable=False),
    sa.Column('secret_key', sa.LargeBinary(), nullable=False),
    sa.Column('created', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('kind', name=op.f('pk_identity_key'))
    )
    op.create_table('record',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created', sa.String(), nullable=False),
    sa.Column('updated', sa.String(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('conflict', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record'))
    )
    with op.batch_alter_table('record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_kind'), ['kind'], unique=False)

    op.create_table('record_head',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('revision_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('record_id', 'revision_id', name=op.f('pk_record_head'))
    )
    op.create_table('revision',
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('author', sa.String(length=64), nullable=False),
    sa.Column('created', sa.String(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_revision')),
    sa.UniqueConstraint('id', name=op.f('uq_revision_id'))
    )
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revision_record_id'), ['record_id'], unique=False)

    op.create_table('vault_info',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vault_id', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('organization', sa.String(), nullable=False),
    sa.Column('created', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vault_info'))
    )
    op.create_table('incident',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('occurred_start', sa.String(), nullable=False),
    sa.Column('occurred_end', sa.String(), nullable=False),
    sa.Column('precision', sa.String(), nullable=False),
    sa.Column('ubigeo', sa.String(length=6), nullable=True),
    sa.Column('place_text', sa.String(), nullable=False),
    sa.Column('latitude', sa.String(), nullable=True),
    sa.Column('longitude', sa.String(), nullable=True),
    sa.Column('killed', sa.Integer(), nullable=False),
    sa.Column('injured', sa.Integer(), nullable=False),
    sa.Column('detained', sa.Integer(), nullable=False),
    sa.Column('narrative', sa.String(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['record.id'], name=op.f('fk_incident_id_record')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident'))
    )
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_occurred_start'), ['occurred_start'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_ubigeo'), ['ubigeo'], unique=False)

    op.create_table('person',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('full_name', sa.String(), nullable=False),
    sa.Column('pseudonym', sa.String(), nullable=False),
    sa.Column('sex_gender', sa.String(), nullable=True),
    sa.Column('age', sa.Integer(), nullable=True),
    sa.Column('age_range', sa.String(), nullable=True),
    sa.Column('community', sa.String(), nullable=False),
    sa.Column('indigenous_people', sa.String(), nullable=False),
    sa.Column('languages', sa.String(), nullable=False),
    sa.Column('roles', sa.String(), nullable=False),
    sa.Column('contact', sa.String(), nullable=False),
    sa.Column('consent', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['record.id'], name=op.f('fk_person_id_record')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person'))
    )
    op.create_table('testimony',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('witness_id', sa.String(length=36), nullable=False),
    sa.Column('interviewer', sa.String(), nullable=False),
    sa.Column('recorded_date', sa.String(), nullable=True),
    sa.Column('recorded_place', sa.String(), nullable=False),
    sa.Column('language', sa.String(), nullable=False),
    sa.Column('consent', sa.String(), nullable=False),
    sa.Column('transcript', sa.String(), nullable=False),
    sa.Column('translation', sa.String(), nullable=False),
    sa.Column('notes', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['record.id'], name=op.f('fk_testimony_id_record')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_testimony'))
    )
    with op.batch_alter_table('testimony', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_testimony_witness_id'), ['witness_id'], unique=False)

    op.create_table('incident_code',
    sa.Column('incident_id', sa.String(length=36), nullable=False),
    sa.Column('vocabulary', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], name=op.f('fk_incident_code_incident_id_incident')),
    sa.PrimaryKeyConstraint('incident_id', 'vocabulary', 'code', name=op.f('pk_incident_code'))
    )
    with op.batch_alter_table('incident_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_code_code'), ['code'], unique=False)

    op.create_table('testimony_incident',
    sa.Column('testimony_id', sa.String(length=36), nullable=False),
    sa.Column('incident_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['testimony_id'], ['testimony.id'], name=op.f('fk_testimony_incident_testimony_id_testimony')),
    sa.PrimaryKeyConstraint('testimony_id', 'incident_id', name=op.f('pk_testimony_incident'))
    )
    with op.batch_alter_table('testimony_incident', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_testimony_incident_incident_id'), ['incident_id'], unique=False)



    # The full-text index: SQLite FTS5, case- and accent-folded (see willay.core.records.search).
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "record_id UNINDEXED, kind UNINDEXED, title, body, place, names, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )


def downgrade() -> None:
    op.execute("DROP TABLE search_index")
    with op.batch_alter_table('testimony_incident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_testimony_incident_incident_id'))

    op.drop_table('testimony_incident')
    with op.batch_alter_table('incident_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_code_code'))

    op.drop_table('incident_code')
    with op.batch_alter_table('testimony', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_testimony_witness_id'))

    op.drop_table('testimony')
    op.drop_table('person')
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_ubigeo'))
        batch_op.drop_index(batch_op.f('ix_incident_occurred_start'))

    op.drop_table('incident')
    op.drop_table('vault_info')
    with op.batch_alter_table('revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revision_record_id'))

    op.drop_table('revision')
    op.drop_table('record_head')
    with op.batch_alter_table('record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_kind'))

    op.drop_table('record')
    op.drop_table('identity_key')
