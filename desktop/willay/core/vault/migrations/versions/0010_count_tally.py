"""count tally: the counts of the Reports page, kept by triggers as incidents change

Revision ID: 0010
Revises: 0009

Each incident is counted under its district, its month and each of its violation and
perpetrator codes ("" where it has none), by department and status. Triggers on the
head-state tables add an incident when its row or a code is written and take it out when
they go; a record's new head state is always written as delete and insert, and the
triggers hold in either order of the incident row and its codes. The statements are
written out here rather than shared with the core: a migration is fixed once released.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

VOCABULARIES = "('violations', 'perpetrators')"
UPSERT = ("ON CONFLICT (dimension, key, department, status) DO UPDATE SET "
          "events = count_tally.events + excluded.events, "
          "killed = count_tally.killed + excluded.killed, "
          "injured = count_tally.injured + excluded.injured, "
          "detained = count_tally.detained + excluded.detained")
COLUMNS = "count_tally (dimension, key, department, status, events, killed, injured, detained)"


def _department(row: str) -> str:
    return f"substr(coalesce({row}.ubigeo, ''), 1, 2)"


def _month(row: str) -> str:
    # A day counts in its month; a vaguer date only if it stays inside one (Event.month).
    return (f"CASE WHEN {row}.precision = 'day' OR substr({row}.occurred_start, 1, 7) = "
            f"substr({row}.occurred_end, 1, 7) THEN substr({row}.occurred_start, 1, 7) "
            "ELSE '' END")


def _numbers(sign: int, row: str) -> str:
    return (f"{sign}, {sign} * {row}.killed, {sign} * {row}.injured, "
            f"{sign} * {row}.detained")


def _count_incident(sign: int, row: str) -> str:
    """Add (1) or take out (-1) the incident ``row`` under every key it counts in."""
    return f"""
    INSERT INTO {COLUMNS}
    SELECT dimension, key, {_department(row)}, {row}.status, {_numbers(sign, row)}
    FROM (SELECT 'district' AS dimension, coalesce({row}.ubigeo, '') AS key
          UNION ALL SELECT 'month', {_month(row)}
          UNION ALL SELECT vocabulary, code FROM incident_code
                    WHERE incident_id = {row}.id AND vocabulary IN {VOCABULARIES}
          UNION ALL SELECT name, '' FROM (SELECT 'violations' AS name
                                          UNION ALL SELECT 'perpetrators') AS vocab
                    WHERE NOT EXISTS (SELECT 1 FROM incident_code AS given
                                      WHERE given.incident_id = {row}.id
                                      AND given.vocabulary = vocab.name))
    WHERE true {UPSERT};"""


def _count_code(sign: int, row: str) -> str:
    """Add (1) or take out (-1) the incident of the code ``row`` under that code, and the
    other way under "" when it is the incident's only code of its vocabulary."""
    return f"""
    INSERT INTO {COLUMNS}
    SELECT * FROM (
        SELECT {row}.vocabulary, {row}.code, {_department('i')}, i.status, {_numbers(sign, 'i')}
        FROM incident AS i WHERE i.id = {row}.incident_id
        UNION ALL
        SELECT {row}.vocabulary, '', {_department('i')}, i.status, {_numbers(-sign, 'i')}
        FROM incident AS i WHERE i.id = {row}.incident_id
        AND NOT EXISTS (SELECT 1 FROM incident_code AS given
                        WHERE given.incident_id = {row}.incident_id
                        AND given.vocabulary = {row}.vocabulary AND given.code <> {row}.code))
    WHERE true {UPSERT};"""


TRIGGERS = {
    "tally_incident_insert": ("AFTER INSERT ON incident", _count_incident(1, "NEW")),
    "tally_incident_delete": ("AFTER DELETE ON incident", _count_incident(-1, "OLD")),
    "tally_incident_update": ("AFTER UPDATE ON incident",
                              _count_incident(-1, "OLD") + _count_incident(1, "NEW")),
    "tally_code_insert": (f"AFTER INSERT ON incident_code "
                          f"WHEN NEW.vocabulary IN {VOCABULARIES}", _count_code(1, "NEW")),
    "tally_code_delete": (f"AFTER DELETE ON incident_code "
                          f"WHEN OLD.vocabulary IN {VOCABULARIES}", _count_code(-1, "OLD")),
}

def _backfill() -> list[str]:
    """Count the incidents already in the vault, by every dimension at once."""
    sums = "count(*), sum(i.killed), sum(i.injured), sum(i.detained)"
    return [
        f"INSERT INTO {COLUMNS} SELECT 'district', coalesce(i.ubigeo, ''), "
        f"{_department('i')}, i.status, {sums} FROM incident AS i GROUP BY 2, 3, 4",
        f"INSERT INTO {COLUMNS} SELECT 'month', {_month('i')}, {_department('i')}, "
        f"i.status, {sums} FROM incident AS i GROUP BY 2, 3, 4",
        f"INSERT INTO {COLUMNS} SELECT c.vocabulary, c.code, {_department('i')}, "
        f"i.status, {sums} FROM incident_code AS c JOIN incident AS i "
        f"ON i.id = c.incident_id WHERE c.vocabulary IN {VOCABULARIES} GROUP BY 1, 2, 3, 4",
        f"INSERT INTO {COLUMNS} SELECT vocab.name, '', {_department('i')}, i.status, "
        f"{sums} FROM incident AS i, (SELECT 'violations' AS name UNION ALL "
        f"SELECT 'perpetrators') AS vocab WHERE NOT EXISTS (SELECT 1 FROM incident_code "
        f"AS given WHERE given.incident_id = i.id AND given.vocabulary = vocab.name) "
        f"GROUP BY 1, 3, 4",
    ]


def upgrade() -> None:
    op.create_table('count_tally',
    sa.Column('dimension', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('department', sa.String(length=2), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('events', sa.Integer(), nullable=False),
    sa.Column('killed', sa.Integer(), nullable=False),
    sa.Column('injured', sa.Integer(), nullable=False),
    sa.Column('detained', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('dimension', 'key', 'department', 'status',
                            name=op.f('pk_count_tally'))
    )
    for statement in _backfill():
        op.execute(statement)
    for name, (when, body) in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} BEGIN {body} END")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table('count_tally')
