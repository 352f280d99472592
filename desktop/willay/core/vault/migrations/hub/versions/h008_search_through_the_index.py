"""A coordinator with a role of their own searches through the words' index

Revision ID: h008
Revises: h007

Under row-level security PostgreSQL may not use an index for a condition whose operator
could reveal the rows it tests (`@@` of full-text search is such an operator), so every
search of a coordinator with a role of their own read the whole of ``search_doc``: two
seconds at 300,000 records, against twenty milliseconds for the hub's owner. The words
are now matched by a function that runs as the hub's owner, through the index, and
gives only the entries the calling coordinator may see, by the same rule as the policy
on ``search_doc``: the newest ``wanted`` of them, or all when ``wanted`` is NULL, so
that the server stops once it has the newest, as it does for the owner. Fixed once
released.
"""

from __future__ import annotations

from alembic import op

revision = 'h008'
down_revision = 'h007'
branch_labels = None
depends_on = None

STATEMENTS = (
    # Whom row-level security does not limit: a superuser, a role that bypasses it, the
    # owner of the hub's tables.
    """CREATE FUNCTION willay_sees_everything() RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT coalesce((SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = (
            SELECT tableowner FROM pg_tables
             WHERE tablename = 'search_doc' AND schemaname = 'public')
          FROM pg_roles AS r WHERE r.rolname = session_user), false) $$""",
    # Planned at each call with the words it is given (EXECUTE): planned once for any
    # words, as a plain SQL function is, it read every match of a common word before
    # taking the newest (at a million testimonies: 2.5 s at the 95th percentile; 147 ms
    # so, as the owner's plain search).
    """CREATE FUNCTION willay_search_matches(query tsquery, wanted integer)
        RETURNS SETOF bigint
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
        BEGIN
        RETURN QUERY EXECUTE
        'SELECT doc FROM search_doc
          WHERE words @@ $1
            AND ((SELECT willay_sees_everything())
                 OR kind <> ''testimony''
                 OR (consent IS NOT NULL
                     AND consent = ANY ((SELECT willay_visible_consents())::varchar[]))
                 OR (consent IS NULL AND willay_testimony_visible(record_id)))
          ORDER BY doc DESC LIMIT $2' USING query, wanted;
        END $$""",
)

UNDO = (
    "DROP FUNCTION willay_search_matches(tsquery, integer)",
    "DROP FUNCTION willay_sees_everything()",
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for statement in UNDO:
        op.execute(statement)
