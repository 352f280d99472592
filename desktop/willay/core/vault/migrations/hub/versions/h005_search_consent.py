"""A testimony's search entry carries its consent, so searching under row-level security
stays fast

Revision ID: h005
Revises: h004

The policy on ``search_doc`` asked ``willay_testimony_visible()`` of every testimony's
entry before the words were matched: seconds per search for a coordinator with a role of
their own at 100,000 testimonies. The entry now carries the testimony's consent, kept by
the database itself (from the head state, when either is written), and the policy reads
it, asking the function only of an entry whose consent is not known yet. Fixed once
released.
"""

from __future__ import annotations

from alembic import op

revision = 'h005'
down_revision = 'h004'
branch_labels = None
depends_on = None

STATEMENTS = (
    "ALTER TABLE search_doc ADD COLUMN consent varchar(16)",
    "UPDATE search_doc AS d SET consent = t.consent FROM testimony AS t "
    "WHERE d.record_id = t.id AND d.kind = 'testimony'",
    """CREATE FUNCTION willay_search_doc_consent() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
        BEGIN
            IF NEW.kind = 'testimony' THEN
                NEW.consent := (SELECT consent FROM testimony WHERE id = NEW.record_id);
            END IF;
            RETURN NEW;
        END $$""",
    """CREATE TRIGGER search_doc_consent BEFORE INSERT ON search_doc
        FOR EACH ROW EXECUTE FUNCTION willay_search_doc_consent()""",
    """CREATE FUNCTION willay_testimony_consent_to_search() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
        BEGIN
            UPDATE search_doc SET consent = NEW.consent
             WHERE record_id = NEW.id AND consent IS DISTINCT FROM NEW.consent;
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER testimony_consent_to_search AFTER INSERT OR UPDATE OF consent
        ON testimony FOR EACH ROW EXECUTE FUNCTION willay_testimony_consent_to_search()""",
    "DROP POLICY cleared ON search_doc",
    """CREATE POLICY cleared ON search_doc USING (
        kind <> 'testimony'
        OR (consent IS NOT NULL
            AND consent = ANY ((SELECT willay_visible_consents())::varchar[]))
        OR (consent IS NULL AND willay_testimony_visible(record_id))) WITH CHECK (true)""",
)

UNDO = (
    "DROP POLICY cleared ON search_doc",
    "CREATE POLICY cleared ON search_doc USING (kind <> 'testimony' OR "
    "willay_testimony_visible(record_id)) WITH CHECK (true)",
    "DROP TRIGGER testimony_consent_to_search ON testimony",
    "DROP FUNCTION willay_testimony_consent_to_search()",
    "DROP TRIGGER search_doc_consent ON search_doc",
    "DROP FUNCTION willay_search_doc_consent()",
    "ALTER TABLE search_doc DROP COLUMN consent",
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for statement in UNDO:
        op.execute(statement)
