"""The hub's search and access: full-text configuration and row-level security

Revision ID: h002
Revises: h001

The full-text configuration (``unaccent``, then Spanish stemming without stop words) and
its index, and the clearances, functions and row-level security policies of
:mod:`willay.core.vault.hub_access`, as they stood when written. Fixed once released.
"""

from __future__ import annotations

from alembic import op

revision = 'h002'
down_revision = 'h001'
branch_labels = None
depends_on = None

STATEMENTS = (
    'CREATE EXTENSION IF NOT EXISTS unaccent',
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'willay_es_stem') THEN
            CREATE TEXT SEARCH DICTIONARY willay_es_stem (TEMPLATE = snowball,
                                                          Language = spanish);
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'willay_es') THEN
            CREATE TEXT SEARCH CONFIGURATION willay_es (COPY = spanish);
            ALTER TEXT SEARCH CONFIGURATION willay_es
                ALTER MAPPING FOR hword, hword_part, word, asciiword, asciihword,
                                  hword_asciipart WITH unaccent, willay_es_stem;
        END IF;
    END $$""",
    """CREATE TABLE IF NOT EXISTS search_doc (
        doc bigserial PRIMARY KEY,
        record_id varchar(36) NOT NULL UNIQUE,
        kind varchar(16) NOT NULL,
        title text NOT NULL DEFAULT '',
        body text NOT NULL DEFAULT '',
        place text NOT NULL DEFAULT '',
        names text NOT NULL DEFAULT '',
        words tsvector NOT NULL)""",
    'CREATE INDEX IF NOT EXISTS ix_search_doc_words ON search_doc USING gin (words)',
    """CREATE TABLE hub_clearance (
        role name PRIMARY KEY,
        clearance varchar(16) NOT NULL
            CHECK (clearance IN ('partners', 'legal', 'internal')))""",
    """CREATE FUNCTION willay_visible_consents() RETURNS text[]
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT CASE (SELECT clearance FROM hub_clearance WHERE role = session_user)
            WHEN 'internal' THEN ARRAY['internal', 'partners', 'legal', 'public']
            WHEN 'legal' THEN ARRAY['partners', 'legal', 'public']
            WHEN 'partners' THEN ARRAY['partners', 'public']
            ELSE ARRAY[]::text[] END $$""",
    """CREATE FUNCTION willay_testimony_visible(rid varchar) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT coalesce(
            (SELECT consent FROM testimony WHERE id = rid),
            (SELECT convert_from(body, 'UTF8')::jsonb -> 'fields' ->> 'consent'
               FROM revision WHERE record_id = rid AND NOT deleted
              ORDER BY seq DESC LIMIT 1)) IS NULL
            OR coalesce(
            (SELECT consent FROM testimony WHERE id = rid),
            (SELECT convert_from(body, 'UTF8')::jsonb -> 'fields' ->> 'consent'
               FROM revision WHERE record_id = rid AND NOT deleted
              ORDER BY seq DESC LIMIT 1)) = ANY (willay_visible_consents()) $$""",
    """CREATE FUNCTION willay_media_visible(rid varchar) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT coalesce(willay_testimony_visible(coalesce(
            (SELECT attached_to FROM media WHERE id = rid),
            (SELECT convert_from(body, 'UTF8')::jsonb -> 'fields' ->> 'attached_to'
               FROM revision WHERE record_id = rid ORDER BY seq DESC LIMIT 1))), true) $$""",
    """CREATE FUNCTION willay_original_visible(digest varchar) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT (NOT EXISTS (SELECT 1 FROM media WHERE sha256 = digest)
                OR EXISTS (SELECT 1 FROM media WHERE sha256 = digest
                           AND willay_testimony_visible(attached_to)))
           AND NOT EXISTS (SELECT 1 FROM redaction AS r JOIN media AS m ON m.id = r.media_id
                           WHERE r.derivative_sha256 = digest
                           AND NOT willay_testimony_visible(m.attached_to)) $$""",
    """CREATE FUNCTION willay_object_visible(oid bigint) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT coalesce((SELECT sha256 IS NULL OR willay_original_visible(sha256)
                         FROM hub_object WHERE id = oid), true) $$""",
    'ALTER TABLE testimony ENABLE ROW LEVEL SECURITY',
    'ALTER TABLE revision ENABLE ROW LEVEL SECURITY',
    'ALTER TABLE search_doc ENABLE ROW LEVEL SECURITY',
    'ALTER TABLE custom_part ENABLE ROW LEVEL SECURITY',
    'ALTER TABLE testimony_incident ENABLE ROW LEVEL SECURITY',
    'ALTER TABLE media ENABLE ROW LEVEL SECURITY',
    'ALTER TABLE media_thumbnail ENABLE ROW LEVEL SECURITY',
    'ALTER TABLE hub_object ENABLE ROW LEVEL SECURITY',
    'ALTER TABLE hub_object_part ENABLE ROW LEVEL SECURITY',
    'CREATE POLICY cleared ON testimony USING (consent = ANY (willay_visible_consents())) WITH CHECK (consent = ANY (willay_visible_consents()))',
    "CREATE POLICY cleared ON revision USING ((kind <> 'testimony' OR willay_testimony_visible(record_id)) AND (kind <> 'media' OR willay_media_visible(record_id))) WITH CHECK (true)",
    "CREATE POLICY cleared ON search_doc USING (kind <> 'testimony' OR willay_testimony_visible(record_id)) WITH CHECK (true)",
    "CREATE POLICY cleared ON custom_part USING (record_kind <> 'testimony' OR willay_testimony_visible(record_id)) WITH CHECK (true)",
    'CREATE POLICY cleared ON testimony_incident USING (willay_testimony_visible(testimony_id)) WITH CHECK (true)',
    'CREATE POLICY cleared ON media USING (willay_testimony_visible(attached_to)) WITH CHECK (true)',
    'CREATE POLICY cleared ON media_thumbnail USING (willay_original_visible(sha256)) WITH CHECK (true)',
    'CREATE POLICY cleared ON hub_object USING (sha256 IS NULL OR willay_original_visible(sha256)) WITH CHECK (true)',
    'CREATE POLICY cleared ON hub_object_part USING (willay_object_visible(object_id)) WITH CHECK (true)',
)



# What undoes them (a hub whose making failed midway is left as empty as it was found).
UNDO = (
    'DROP POLICY IF EXISTS cleared ON testimony',
    'DROP POLICY IF EXISTS cleared ON revision',
    'DROP POLICY IF EXISTS cleared ON search_doc',
    'DROP POLICY IF EXISTS cleared ON custom_part',
    'DROP POLICY IF EXISTS cleared ON testimony_incident',
    'DROP POLICY IF EXISTS cleared ON media',
    'DROP POLICY IF EXISTS cleared ON media_thumbnail',
    'DROP POLICY IF EXISTS cleared ON hub_object',
    'DROP POLICY IF EXISTS cleared ON hub_object_part',
    'DROP FUNCTION IF EXISTS willay_object_visible(bigint)',
    'DROP FUNCTION IF EXISTS willay_original_visible(varchar)',
    'DROP FUNCTION IF EXISTS willay_media_visible(varchar)',
    'DROP FUNCTION IF EXISTS willay_testimony_visible(varchar)',
    'DROP FUNCTION IF EXISTS willay_visible_consents()',
    'DROP TABLE IF EXISTS hub_clearance',
    "DROP TABLE IF EXISTS search_doc",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS willay_es",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS willay_es_stem",
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for statement in UNDO:
        op.execute(statement)
