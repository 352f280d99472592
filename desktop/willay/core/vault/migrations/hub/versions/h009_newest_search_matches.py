"""A coordinator with a role of their own gets the newest matches of a search at once

Revision ID: h009
Revises: h008

Through ``willay_search_matches`` (h008) a search of a coordinator with a role of their
own took every match the words' index gave, and only then the newest fifty: at a million
testimonies a common word matched hundreds of thousands and a search took seconds. The
function added here gives only the newest ``wanted`` entries that coordinator may see,
by the same rule, so the server stops once it has them, as it does for the hub's owner.
Fixed once released.
"""

from __future__ import annotations

from alembic import op

revision = 'h009'
down_revision = 'h008'
branch_labels = None
depends_on = None

# Planned at each call with the words it is given (EXECUTE): planned once for any words,
# as a plain SQL function is, it read every match of a common word before taking the
# newest (measured at a million testimonies: 2.5 s at the 95th percentile, 147 ms so).
STATEMENTS = (
    """CREATE FUNCTION willay_newest_search_matches(query tsquery, wanted integer)
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

UNDO = ("DROP FUNCTION willay_newest_search_matches(tsquery, integer)",)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for statement in UNDO:
        op.execute(statement)
