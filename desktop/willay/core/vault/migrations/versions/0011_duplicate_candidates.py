"""duplicate candidates: suggestions kept in the vault, found again only for what changed

Revision ID: 0011
Revises: 0010

The pairs are found on the first visit to the Duplicates page after this upgrade;
triggers then list every incident (its row or a violation code) and every person whose
head state is written or removed, so the next visit looks again at those alone. Other
triggers keep each incident's district, dates and violation codes in one table
(``incident_span``, filled here from the incidents already in the vault).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

def _mark(kind: str, *rows: str) -> str:
    """Statements listing the record of ``kind`` (by its id column in each of ``rows``),
    once its pairs have been looked for."""
    return "".join("INSERT OR REPLACE INTO duplicate_pending (kind, record_id) "
                   f"SELECT '{kind}', {row} WHERE EXISTS (SELECT 1 FROM duplicate_state "
                   f"WHERE kind = '{kind}');" for row in rows)


VIOLATIONS = "vocabulary = 'violations'"


def _codes(incident_id: str) -> str:
    return (f"coalesce((SELECT group_concat(code, ' ') FROM incident_code WHERE "
            f"incident_id = {incident_id} AND {VIOLATIONS}), '')")


def _span(row: str) -> str:
    return (f"INSERT INTO incident_span (id, ubigeo, occurred_start, occurred_end, "
            f"violations) VALUES ({row}.id, {row}.ubigeo, {row}.occurred_start, "
            f"{row}.occurred_end, {_codes(row + '.id')});")


def _no_span(row: str) -> str:
    return f"DELETE FROM incident_span WHERE id = {row}.id;"


def _span_codes(row: str) -> str:
    return (f"UPDATE incident_span SET violations = {_codes(row + '.incident_id')} "
            f"WHERE id = {row}.incident_id;")


SPAN_TRIGGERS = {
    "span_incident_insert": ("AFTER INSERT ON incident", _span("NEW")),
    "span_incident_delete": ("AFTER DELETE ON incident", _no_span("OLD")),
    "span_incident_update": ("AFTER UPDATE ON incident", _no_span("OLD") + _span("NEW")),
    "span_code_insert": (f"AFTER INSERT ON incident_code WHEN NEW.{VIOLATIONS}",
                         _span_codes("NEW")),
    "span_code_delete": (f"AFTER DELETE ON incident_code WHEN OLD.{VIOLATIONS}",
                         _span_codes("OLD")),
}
TRIGGERS = {
    "duplicates_incident_insert": ("AFTER INSERT ON incident", _mark("incident", "NEW.id")),
    "duplicates_incident_delete": ("AFTER DELETE ON incident", _mark("incident", "OLD.id")),
    "duplicates_incident_update": ("AFTER UPDATE ON incident",
                                   _mark("incident", "OLD.id", "NEW.id")),
    "duplicates_code_insert": (f"AFTER INSERT ON incident_code WHEN NEW.{VIOLATIONS}",
                               _mark("incident", "NEW.incident_id")),
    "duplicates_code_delete": (f"AFTER DELETE ON incident_code WHEN OLD.{VIOLATIONS}",
                               _mark("incident", "OLD.incident_id")),
    "duplicates_person_insert": ("AFTER INSERT ON person", _mark("person", "NEW.id")),
    "duplicates_person_delete": ("AFTER DELETE ON person", _mark("person", "OLD.id")),
    "duplicates_person_update": ("AFTER UPDATE ON person", _mark("person", "OLD.id", "NEW.id")),
}


def upgrade() -> None:
    op.create_table('duplicate_candidate',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('first', sa.String(length=36), nullable=False),
    sa.Column('second', sa.String(length=36), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reasons', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'first', 'second', name=op.f('pk_duplicate_candidate')),
    sqlite_with_rowid=False,
    )
    op.create_index('ix_duplicate_candidate_rank', 'duplicate_candidate',
                    ['kind', 'score', 'first', 'second'])
    op.create_index('ix_duplicate_candidate_second', 'duplicate_candidate',
                    ['kind', 'second'])
    op.create_table('duplicate_pending',
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_duplicate_pending')),
    sa.UniqueConstraint('kind', 'record_id',
                        name=op.f('uq_duplicate_pending_kind_record_id'))
    )
    op.create_table('duplicate_state',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('rules', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind', name=op.f('pk_duplicate_state'))
    )
    op.create_table('person_name_block',
    sa.Column('block', sa.String(length=128), nullable=False),
    sa.Column('person_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('block', 'person_id', name=op.f('pk_person_name_block')),
    sqlite_with_rowid=False,
    )
    op.create_index(op.f('ix_person_name_block_person_id'), 'person_name_block',
                    ['person_id'], unique=False)
    op.create_table('incident_span',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('ubigeo', sa.String(length=6), nullable=True),
    sa.Column('occurred_start', sa.String(), nullable=False),
    sa.Column('occurred_end', sa.String(), nullable=False),
    sa.Column('violations', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident_span'))
    )
    op.execute("INSERT INTO incident_span (id, ubigeo, occurred_start, occurred_end, "
               f"violations) SELECT id, ubigeo, occurred_start, occurred_end, "
               f"{_codes('incident.id')} FROM incident")
    op.create_index('ix_incident_span_place', 'incident_span',
                    ['ubigeo', 'occurred_start', 'occurred_end', 'id', 'violations'])
    for name, (when, body) in {**TRIGGERS, **SPAN_TRIGGERS}.items():
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")


def downgrade() -> None:
    for name in (*TRIGGERS, *SPAN_TRIGGERS):
        op.execute(f"DROP TRIGGER {name}")
    op.drop_index('ix_incident_span_place', table_name='incident_span')
    op.drop_table('incident_span')
    op.drop_index(op.f('ix_person_name_block_person_id'), table_name='person_name_block')
    op.drop_table('person_name_block')
    op.drop_table('duplicate_state')
    op.drop_table('duplicate_pending')
    op.drop_index('ix_duplicate_candidate_second', table_name='duplicate_candidate')
    op.drop_index('ix_duplicate_candidate_rank', table_name='duplicate_candidate')
    op.drop_table('duplicate_candidate')
