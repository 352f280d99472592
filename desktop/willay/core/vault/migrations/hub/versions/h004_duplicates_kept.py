"""The hub keeps the possible duplicates' lists: incident spans and changed records

Revision ID: h004
Revises: h003

A vault's SQLite triggers (its migrations 0010 to 0012) keep the Reports page's counts
and the possible duplicates' lists. A hub keeps, through PostgreSQL triggers, only the
lists whose rows belong to one record each, so that coordinators writing different
records never write the same row (decision 0059): each incident's district, dates and
violation codes (``incident_span``, filled here from the incidents already on the hub),
and each incident or person written or removed once its kind has been looked at
(``duplicate_pending``). A change already listed gets a new number, as SQLite's
``INSERT OR REPLACE`` gives it. The counts are not kept: a hub's report counts from the
rows. Fixed once released.
"""

from __future__ import annotations

from alembic import op

revision = 'h004'
down_revision = 'h003'
branch_labels = None
depends_on = None

STATEMENTS = (
    # Listed only once the pairs of its kind were looked for (duplicate_state), as on a
    # vault; a record listed already is numbered again.
    """CREATE FUNCTION willay_listed(listed_kind varchar, listed_id varchar) RETURNS void
        LANGUAGE sql AS $$
        INSERT INTO duplicate_pending (kind, record_id)
        SELECT listed_kind, listed_id
        WHERE EXISTS (SELECT 1 FROM duplicate_state WHERE kind = listed_kind)
        ON CONFLICT (kind, record_id) DO UPDATE
            SET seq = nextval(pg_get_serial_sequence('duplicate_pending', 'seq')) $$""",
    """CREATE FUNCTION willay_violations(incident varchar) RETURNS varchar
        LANGUAGE sql STABLE AS $$
        SELECT coalesce(string_agg(code, ' ' ORDER BY code), '') FROM incident_code
        WHERE incident_id = incident AND vocabulary = 'violations' $$""",
    # A record's new head state is written as delete and insert; an UPDATE counts too.
    """CREATE FUNCTION willay_kept_incident() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM incident_span WHERE id = OLD.id;
            PERFORM willay_listed('incident', OLD.id);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            INSERT INTO incident_span (id, ubigeo, occurred_start, occurred_end, violations)
            VALUES (NEW.id, NEW.ubigeo, NEW.occurred_start, NEW.occurred_end,
                    willay_violations(NEW.id));
            PERFORM willay_listed('incident', NEW.id);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION willay_kept_code() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            UPDATE incident_span SET violations = willay_violations(OLD.incident_id)
            WHERE id = OLD.incident_id;
            PERFORM willay_listed('incident', OLD.incident_id);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            UPDATE incident_span SET violations = willay_violations(NEW.incident_id)
            WHERE id = NEW.incident_id;
            PERFORM willay_listed('incident', NEW.incident_id);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION willay_kept_person() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            PERFORM willay_listed('person', OLD.id);
        END IF;
        IF TG_OP <> 'DELETE' THEN
            PERFORM willay_listed('person', NEW.id);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER kept_incident AFTER INSERT OR UPDATE OR DELETE ON incident
        FOR EACH ROW EXECUTE FUNCTION willay_kept_incident()""",
    """CREATE TRIGGER kept_code_insert AFTER INSERT ON incident_code FOR EACH ROW
        WHEN (NEW.vocabulary = 'violations') EXECUTE FUNCTION willay_kept_code()""",
    """CREATE TRIGGER kept_code_delete AFTER DELETE ON incident_code FOR EACH ROW
        WHEN (OLD.vocabulary = 'violations') EXECUTE FUNCTION willay_kept_code()""",
    """CREATE TRIGGER kept_code_update AFTER UPDATE ON incident_code FOR EACH ROW
        WHEN (OLD.vocabulary = 'violations' OR NEW.vocabulary = 'violations')
        EXECUTE FUNCTION willay_kept_code()""",
    """CREATE TRIGGER kept_person AFTER INSERT OR UPDATE OR DELETE ON person
        FOR EACH ROW EXECUTE FUNCTION willay_kept_person()""",
    """INSERT INTO incident_span (id, ubigeo, occurred_start, occurred_end, violations)
        SELECT id, ubigeo, occurred_start, occurred_end, willay_violations(id)
        FROM incident""",
)

# What undoes them; the lists are emptied, so that the next look at either kind after an
# upgrade again makes a whole new search.
UNDO = (
    'DROP TRIGGER IF EXISTS kept_person ON person',
    'DROP TRIGGER IF EXISTS kept_code_update ON incident_code',
    'DROP TRIGGER IF EXISTS kept_code_delete ON incident_code',
    'DROP TRIGGER IF EXISTS kept_code_insert ON incident_code',
    'DROP TRIGGER IF EXISTS kept_incident ON incident',
    'DROP FUNCTION IF EXISTS willay_kept_person()',
    'DROP FUNCTION IF EXISTS willay_kept_code()',
    'DROP FUNCTION IF EXISTS willay_kept_incident()',
    'DROP FUNCTION IF EXISTS willay_violations(varchar)',
    'DROP FUNCTION IF EXISTS willay_listed(varchar, varchar)',
    'DELETE FROM incident_span',
    'DELETE FROM duplicate_pending',
    'DELETE FROM duplicate_state',
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for statement in UNDO:
        op.execute(statement)
