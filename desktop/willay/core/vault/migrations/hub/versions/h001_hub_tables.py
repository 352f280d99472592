"""The first hub's tables: the vault's as of its schema 0014, and the hub's own

Revision ID: h001
Revises:

The tables as the vault's models stood at its migration 0014 (less those only SQLite
keeps: the words of its full-text index), and the hub's own: coordinators and the parts
of its encrypted originals. Written out here rather than made from the models: a
migration is fixed once released.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'h001'
down_revision = None
branch_labels = None
depends_on = None

def upgrade() -> None:
    op.create_table('anonymized_export',
    sa.Column('partner', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('revision_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('partner', 'record_id', name=op.f('pk_anonymized_export'))
    )
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
    op.create_table('count_correction',
    sa.Column('dimension', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('department', sa.String(length=2), nullable=False),
    sa.Column('statuses', sa.String(length=256), nullable=False),
    sa.Column('events', sa.Integer(), nullable=False),
    sa.Column('records', sa.Integer(), nullable=False),
    sa.Column('killed', sa.Integer(), nullable=False),
    sa.Column('injured', sa.Integer(), nullable=False),
    sa.Column('detained', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('dimension', 'key', 'department', 'statuses', name=op.f('pk_count_correction'))
    )
    op.create_table('count_correction_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('changes', sa.Integer(), nullable=False),
    sa.Column('kept', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_count_correction_state'))
    )
    op.create_table('count_tally',
    sa.Column('dimension', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('department', sa.String(length=2), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('events', sa.Integer(), nullable=False),
    sa.Column('killed', sa.Integer(), nullable=False),
    sa.Column('injured', sa.Integer(), nullable=False),
    sa.Column('detained', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('dimension', 'key', 'department', 'status', name=op.f('pk_count_tally'))
    )
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
    sa.UniqueConstraint('hash')
    )
    op.create_index(op.f('ix_custody_event_record_id'), 'custody_event', ['record_id'], unique=False)
    op.create_index(op.f('ix_custody_event_subject'), 'custody_event', ['subject'], unique=False)
    op.create_table('delivery',
    sa.Column('item', sa.String(length=64), nullable=False),
    sa.Column('partner', sa.String(length=40), nullable=False),
    sa.Column('item_kind', sa.String(length=16), nullable=False),
    sa.Column('bundle_id', sa.String(length=36), nullable=False),
    sa.Column('confirmed', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('item', 'partner', name=op.f('pk_delivery'))
    )
    op.create_table('duplicate_candidate',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('first', sa.String(length=36), nullable=False),
    sa.Column('second', sa.String(length=36), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reasons', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'first', 'second', name=op.f('pk_duplicate_candidate'))
    )
    op.create_index('ix_duplicate_candidate_rank', 'duplicate_candidate', ['kind', 'score', 'first', 'second'], unique=False)
    op.create_index('ix_duplicate_candidate_second', 'duplicate_candidate', ['kind', 'second'], unique=False)
    op.create_table('duplicate_decision',
    sa.Column('first', sa.String(length=36), nullable=False),
    sa.Column('second', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('decided', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('first', 'second', name=op.f('pk_duplicate_decision'))
    )
    op.create_index(op.f('ix_duplicate_decision_second'), 'duplicate_decision', ['second'], unique=False)
    op.create_table('duplicate_pending',
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_duplicate_pending')),
    sa.UniqueConstraint('kind', 'record_id', name=op.f('uq_duplicate_pending_kind_record_id'))
    )
    op.create_table('duplicate_state',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('rules', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind', name=op.f('pk_duplicate_state'))
    )
    op.create_table('fieldset_in_use',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fieldset_in_use'))
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
    op.create_index(op.f('ix_foreign_custody_event_origin'), 'foreign_custody_event', ['origin'], unique=False)
    op.create_index(op.f('ix_foreign_custody_event_record_id'), 'foreign_custody_event', ['record_id'], unique=False)
    op.create_table('hub_coordinator',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('kdf_memory_kib', sa.Integer(), nullable=False),
    sa.Column('kdf_iterations', sa.Integer(), nullable=False),
    sa.Column('kdf_lanes', sa.Integer(), nullable=False),
    sa.Column('kdf_salt', sa.LargeBinary(), nullable=False),
    sa.Column('wrapped_key', sa.LargeBinary(), nullable=False),
    sa.Column('added', sa.String(), nullable=False),
    sa.Column('added_by', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('hub_object',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('stored_size', sa.BigInteger(), nullable=False),
    sa.Column('written', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sha256')
    )
    op.create_table('identity_key',
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('public_key', sa.LargeBinary(), nullable=False),
    sa.Column('secret_key', sa.LargeBinary(), nullable=False),
    sa.Column('created', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('kind', name=op.f('pk_identity_key'))
    )
    op.create_table('incident_span',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('ubigeo', sa.String(length=6), nullable=True),
    sa.Column('occurred_start', sa.String(), nullable=False),
    sa.Column('occurred_end', sa.String(), nullable=False),
    sa.Column('violations', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_span'))
    )
    op.create_index('ix_incident_span_place', 'incident_span', ['ubigeo', 'occurred_start', 'occurred_end', 'id', 'violations'], unique=False)
    op.create_table('media_thumbnail',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('jpeg', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_media_thumbnail'))
    )
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
    sa.Column('retired', sa.String(), nullable=True),
    sa.Column('replaced_by', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('fingerprint', name=op.f('pk_partner'))
    )
    op.create_table('person_name_block',
    sa.Column('block', sa.String(length=128), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('block', 'person_id', name=op.f('pk_person_name_block'))
    )
    op.create_index(op.f('ix_person_name_block_person_id'), 'person_name_block', ['person_id'], unique=False)
    op.create_table('received_bundle',
    sa.Column('sender', sa.String(length=40), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created', sa.String(), nullable=False),
    sa.Column('imported', sa.String(), nullable=False),
    sa.Column('manifest_sha256', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.String(), nullable=False),
    sa.Column('receipt', sa.String(length=36), nullable=True),
    sa.PrimaryKeyConstraint('sender', 'id', name=op.f('pk_received_bundle'))
    )
    op.create_table('received_item',
    sa.Column('sender', sa.String(length=40), nullable=False),
    sa.Column('bundle_id', sa.String(length=36), nullable=False),
    sa.Column('item', sa.String(length=64), nullable=False),
    sa.Column('item_kind', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('sender', 'bundle_id', 'item', name=op.f('pk_received_item'))
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
    op.create_index(op.f('ix_record_kind'), 'record', ['kind'], unique=False)
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
    sa.Column('signature', sa.LargeBinary(), nullable=True),
    sa.Column('signed_by', sa.String(length=64), nullable=False),
    sa.Column('attested', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_revision')),
    sa.UniqueConstraint('id')
    )
    op.create_index(op.f('ix_revision_record_id'), 'revision', ['record_id'], unique=False)
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
    sa.UniqueConstraint('sequence')
    )
    op.create_table('sent_item',
    sa.Column('partner', sa.String(length=40), nullable=False),
    sa.Column('item', sa.String(length=64), nullable=False),
    sa.Column('bundle_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('partner', 'item', name=op.f('pk_sent_item'))
    )
    op.create_table('stored_object',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('stored', sa.String(), nullable=False),
    sa.Column('purged', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_stored_object'))
    )
    op.create_table('vault_info',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vault_id', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('organization', sa.String(), nullable=False),
    sa.Column('created', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vault_info'))
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
    op.create_index(op.f('ix_custom_part_record_id'), 'custom_part', ['record_id'], unique=False)
    op.create_table('fieldset_head',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('set_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('organization', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['record.id'], name=op.f('fk_fieldset_head_record_id_record')),
    sa.PrimaryKeyConstraint('record_id', name=op.f('pk_fieldset_head')),
    sa.UniqueConstraint('set_id')
    )
    op.create_table('hub_object_part',
    sa.Column('object_id', sa.BigInteger(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['object_id'], ['hub_object.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('object_id', 'seq')
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
    op.create_index('ix_incident_by_id', 'incident', ['id', 'ubigeo', 'occurred_start', 'occurred_end', 'precision', 'status', 'killed', 'injured', 'detained'], unique=False)
    op.create_index('ix_incident_counts', 'incident', ['ubigeo', 'occurred_start', 'occurred_end', 'precision', 'status', 'killed', 'injured', 'detained', 'id'], unique=False)
    op.create_index(op.f('ix_incident_occurred_start'), 'incident', ['occurred_start'], unique=False)
    op.create_index(op.f('ix_incident_ubigeo'), 'incident', ['ubigeo'], unique=False)
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
    op.create_index(op.f('ix_media_attached_to'), 'media', ['attached_to'], unique=False)
    op.create_index(op.f('ix_media_sha256'), 'media', ['sha256'], unique=False)
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
    op.create_table('redaction',
    sa.Column('media_id', sa.String(length=36), nullable=False),
    sa.Column('original_sha256', sa.String(length=64), nullable=False),
    sa.Column('derivative_sha256', sa.String(length=64), nullable=False),
    sa.Column('regions', sa.String(), nullable=False),
    sa.Column('created', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['media_id'], ['record.id'], name=op.f('fk_redaction_media_id_record')),
    sa.PrimaryKeyConstraint('media_id', name=op.f('pk_redaction'))
    )
    op.create_index(op.f('ix_redaction_derivative_sha256'), 'redaction', ['derivative_sha256'], unique=False)
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
    op.create_index(op.f('ix_testimony_witness_id'), 'testimony', ['witness_id'], unique=False)
    op.create_table('custom_code',
    sa.Column('part_id', sa.String(length=36), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('set_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['part_id'], ['custom_part.id'], name=op.f('fk_custom_code_part_id_custom_part')),
    sa.PrimaryKeyConstraint('part_id', 'key', 'code', name=op.f('pk_custom_code'))
    )
    op.create_index('ix_custom_code_counts', 'custom_code', ['set_id', 'key', 'code', 'record_id'], unique=False)
    op.create_table('incident_code',
    sa.Column('incident_id', sa.String(length=36), nullable=False),
    sa.Column('vocabulary', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], name=op.f('fk_incident_code_incident_id_incident')),
    sa.PrimaryKeyConstraint('incident_id', 'vocabulary', 'code', name=op.f('pk_incident_code'))
    )
    op.create_index(op.f('ix_incident_code_code'), 'incident_code', ['code'], unique=False)
    op.create_table('testimony_incident',
    sa.Column('testimony_id', sa.String(length=36), nullable=False),
    sa.Column('incident_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['testimony_id'], ['testimony.id'], name=op.f('fk_testimony_incident_testimony_id_testimony')),
    sa.PrimaryKeyConstraint('testimony_id', 'incident_id', name=op.f('pk_testimony_incident'))
    )
    op.create_index(op.f('ix_testimony_incident_incident_id'), 'testimony_incident', ['incident_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_testimony_incident_incident_id'), table_name='testimony_incident')
    op.drop_table('testimony_incident')
    op.drop_index(op.f('ix_incident_code_code'), table_name='incident_code')
    op.drop_table('incident_code')
    op.drop_index('ix_custom_code_counts', table_name='custom_code')
    op.drop_table('custom_code')
    op.drop_index(op.f('ix_testimony_witness_id'), table_name='testimony')
    op.drop_table('testimony')
    op.drop_index(op.f('ix_redaction_derivative_sha256'), table_name='redaction')
    op.drop_table('redaction')
    op.drop_table('person')
    op.drop_index(op.f('ix_media_sha256'), table_name='media')
    op.drop_index(op.f('ix_media_attached_to'), table_name='media')
    op.drop_table('media')
    op.drop_index(op.f('ix_incident_ubigeo'), table_name='incident')
    op.drop_index(op.f('ix_incident_occurred_start'), table_name='incident')
    op.drop_index('ix_incident_counts', table_name='incident')
    op.drop_index('ix_incident_by_id', table_name='incident')
    op.drop_table('incident')
    op.drop_table('hub_object_part')
    op.drop_table('fieldset_head')
    op.drop_index(op.f('ix_custom_part_record_id'), table_name='custom_part')
    op.drop_table('custom_part')
    op.drop_table('vault_info')
    op.drop_table('stored_object')
    op.drop_table('sent_item')
    op.drop_table('sent_bundle')
    op.drop_index(op.f('ix_revision_record_id'), table_name='revision')
    op.drop_table('revision')
    op.drop_table('record_head')
    op.drop_index(op.f('ix_record_kind'), table_name='record')
    op.drop_table('record')
    op.drop_table('received_item')
    op.drop_table('received_bundle')
    op.drop_index(op.f('ix_person_name_block_person_id'), table_name='person_name_block')
    op.drop_table('person_name_block')
    op.drop_table('partner')
    op.drop_table('media_thumbnail')
    op.drop_index('ix_incident_span_place', table_name='incident_span')
    op.drop_table('incident_span')
    op.drop_table('identity_key')
    op.drop_table('hub_object')
    op.drop_table('hub_coordinator')
    op.drop_index(op.f('ix_foreign_custody_event_record_id'), table_name='foreign_custody_event')
    op.drop_index(op.f('ix_foreign_custody_event_origin'), table_name='foreign_custody_event')
    op.drop_table('foreign_custody_event')
    op.drop_table('fieldset_in_use')
    op.drop_table('duplicate_state')
    op.drop_table('duplicate_pending')
    op.drop_index(op.f('ix_duplicate_decision_second'), table_name='duplicate_decision')
    op.drop_table('duplicate_decision')
    op.drop_index('ix_duplicate_candidate_second', table_name='duplicate_candidate')
    op.drop_index('ix_duplicate_candidate_rank', table_name='duplicate_candidate')
    op.drop_table('duplicate_candidate')
    op.drop_table('delivery')
    op.drop_index(op.f('ix_custody_event_subject'), table_name='custody_event')
    op.drop_index(op.f('ix_custody_event_record_id'), table_name='custody_event')
    op.drop_table('custody_event')
    op.drop_table('count_tally')
    op.drop_table('count_correction_state')
    op.drop_table('count_correction')
    op.drop_table('author_key')
    op.drop_table('anonymized_export')
