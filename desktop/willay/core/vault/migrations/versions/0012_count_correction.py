"""count correction: what linked incidents change in the Reports page's counts, kept

Revision ID: 0012
Revises: 0011

The correction is computed by the core on the first report after a change and kept in
``count_correction``. Triggers count every change that can make it wrong in
``count_correction_state.changes``: a link between incidents made, changed or undone,
and the head-state row or a code of a linked incident written or removed. A kept
correction is used only while that count is the one it was kept at.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

CHANGED = "UPDATE count_correction_state SET changes = changes + 1;"
VOCABULARIES = "('violations', 'perpetrators')"


def _linked(incident_id: str) -> str:
    """Whether the incident ``incident_id`` is linked to another as the same event."""
    return " OR ".join(
        f"EXISTS (SELECT 1 FROM duplicate_decision WHERE {side} = {incident_id} "
        "AND kind = 'incident' AND decision = 'same')" for side in ("first", "second"))


def _link(row: str) -> str:
    """Whether the decision ``row`` links two incidents (a dismissal changes no count)."""
    return f"({row}.kind = 'incident' AND {row}.decision = 'same')"


TRIGGERS = {
    "correction_link_insert": f"AFTER INSERT ON duplicate_decision WHEN {_link('NEW')}",
    "correction_link_delete": f"AFTER DELETE ON duplicate_decision WHEN {_link('OLD')}",
    "correction_link_update": ("AFTER UPDATE ON duplicate_decision WHEN "
                               f"{_link('OLD')} OR {_link('NEW')}"),
    "correction_incident_insert": f"AFTER INSERT ON incident WHEN {_linked('NEW.id')}",
    "correction_incident_delete": f"AFTER DELETE ON incident WHEN {_linked('OLD.id')}",
    "correction_incident_update": ("AFTER UPDATE ON incident WHEN "
                                   f"{_linked('OLD.id')} OR {_linked('NEW.id')}"),
    "correction_code_insert": (f"AFTER INSERT ON incident_code WHEN NEW.vocabulary IN "
                               f"{VOCABULARIES} AND ({_linked('NEW.incident_id')})"),
    "correction_code_delete": (f"AFTER DELETE ON incident_code WHEN OLD.vocabulary IN "
                               f"{VOCABULARIES} AND ({_linked('OLD.incident_id')})"),
    "correction_code_update": (f"AFTER UPDATE ON incident_code WHEN "
                               f"{_linked('OLD.incident_id')} OR {_linked('NEW.incident_id')}"),
}


def upgrade() -> None:
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
    sa.PrimaryKeyConstraint('dimension', 'key', 'department', 'statuses',
                            name=op.f('pk_count_correction'))
    )
    op.create_table('count_correction_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('changes', sa.Integer(), nullable=False),
    sa.Column('kept', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_count_correction_state'))
    )
    op.execute("INSERT INTO count_correction_state (id, changes, kept) VALUES (1, 0, -1)")
    for name, when in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN {CHANGED} END")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table('count_correction_state')
    op.drop_table('count_correction')
