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

STATEMENTS = (
    """CREATE FUNCTION willay_newest_search_matches(query tsquery, wanted integer)
        RETURNS SETOF bigint
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT doc FROM search_doc
         WHERE words @@ query
           AND ((SELECT willay_sees_everything())
                OR kind <> 'testimony'
                OR (consent IS NOT NULL
                    AND consent = ANY ((SELECT willay_visible_consents())::varchar[]))
                OR (consent IS NULL AND willay_testimony_visible(record_id)))
         ORDER BY doc DESC LIMIT wanted $$""",
)

UNDO = ("DROP FUNCTION willay_newest_search_matches(tsquery, integer)",)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for statement in UNDO:
        op.execute(statement)
