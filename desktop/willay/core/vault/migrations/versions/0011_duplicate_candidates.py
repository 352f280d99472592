"""duplicate candidates: suggestions kept in the vault, found again only for what changed

Revision ID: 0011
Revises: 0010

The pairs are found on the first visit to the Duplicates page after this upgrade;
triggers then list every incident (its row or a violation code) and every person whose
head state is written or removed, so the next visit looks again at those alone.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

def _mark(kind: str, *rows: str) -> str:
    """Statements listing the record of ``kind`` (by its id column in each of ``rows``)."""
    return "".join("INSERT OR REPLACE INTO duplicate_pending (kind, record_id) "
                   f"VALUES ('{kind}', {row});" for row in rows)


VIOLATIONS = "vocabulary = 'violations'"
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
    sa.PrimaryKeyConstraint('kind', 'first', 'second', name=op.f('pk_duplicate_candidate'))
    )
    op.create_index('ix_duplicate_candidate_rank', 'duplicate_candidate', ['kind', 'score'])
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
    sa.PrimaryKeyConstraint('block', 'person_id', name=op.f('pk_person_name_block'))
    )
    op.create_index(op.f('ix_person_name_block_person_id'), 'person_name_block',
                    ['person_id'], unique=False)
    for name, (when, body) in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_index(op.f('ix_person_name_block_person_id'), table_name='person_name_block')
    op.drop_table('person_name_block')
    op.drop_table('duplicate_state')
    op.drop_table('duplicate_pending')
    op.drop_index('ix_duplicate_candidate_second', table_name='duplicate_candidate')
    op.drop_index('ix_duplicate_candidate_rank', table_name='duplicate_candidate')
    op.drop_table('duplicate_candidate')
