"""Who may read what on a hub: one database role per coordinator, and row-level security.

A coordinator's role is cleared for one consent scope. Cleared for ``partners``, it reads
the testimonies whose consent is ``partners`` or ``public``; for ``legal``, those and the
``legal`` ones; for ``internal``, all of them. The database itself enforces it (row-level
security on every table that holds a testimony's words: its head state, its revisions,
its search entry, its organization fields, its links), so a coordinator's own connection
cannot read past it, whatever program makes it. A testimony's id and kind stay visible
(a list of ids says nothing of what was said); a deleted testimony keeps the consent its
last version gave it. The role that made the hub owns its tables and is not limited
(as PostgreSQL's owners are not).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from willay.core.errors import ValidationError
from willay.core.i18n import _

CLEARANCES = ("partners", "legal", "internal")
_VISIBLE = {"partners": ("partners", "public"), "legal": ("partners", "legal", "public"),
            "internal": ("internal", "partners", "legal", "public")}
# Tables whose rows carry a testimony's words, and how a row names its testimony.
_GUARDED = {
    "testimony": "consent = ANY (willay_visible_consents())",
    "revision": "(kind <> 'testimony' OR willay_testimony_visible(record_id)) AND "
                "(kind <> 'media' OR willay_media_visible(record_id))",
    "search_doc": "kind <> 'testimony' OR willay_testimony_visible(record_id)",
    "custom_part": "record_kind <> 'testimony' OR willay_testimony_visible(record_id)",
    "testimony_incident": "willay_testimony_visible(testimony_id)",
    # A testimony's recordings and pictures, and their thumbnails and encrypted originals.
    "media": "willay_testimony_visible(attached_to)",
    "media_thumbnail": "willay_original_visible(sha256)",
    "hub_object": "sha256 IS NULL OR willay_original_visible(sha256)",
    "hub_object_part": "willay_object_visible(object_id)",
}

SCHEMA = (
    """CREATE TABLE hub_clearance (
        role name PRIMARY KEY,
        clearance varchar(16) NOT NULL
            CHECK (clearance IN ('partners', 'legal', 'internal')))""",
    # SECURITY DEFINER: a coordinator learns their own clearance, never changes it.
    """CREATE FUNCTION willay_visible_consents() RETURNS text[]
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT CASE (SELECT clearance FROM hub_clearance WHERE role = session_user)
            WHEN 'internal' THEN ARRAY['internal', 'partners', 'legal', 'public']
            WHEN 'legal' THEN ARRAY['partners', 'legal', 'public']
            WHEN 'partners' THEN ARRAY['partners', 'public']
            ELSE ARRAY[]::text[] END $$""",
    # A testimony's consent as it stands (its head state), or as its newest written
    # version gave it (a deleted testimony keeps the consent it had); a testimony being
    # written in this very statement has neither yet, and its head state is checked when
    # it is written.
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
    # A media item is seen with what it is attached to (as it stands, or as its newest
    # version named it).
    """CREATE FUNCTION willay_media_visible(rid varchar) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT coalesce(willay_testimony_visible(coalesce(
            (SELECT attached_to FROM media WHERE id = rid),
            (SELECT convert_from(body, 'UTF8')::jsonb -> 'fields' ->> 'attached_to'
               FROM revision WHERE record_id = rid ORDER BY seq DESC LIMIT 1))), true) $$""",
    # An original is seen when one of the items showing it may be seen (or none names it
    # yet: it is being added), and a redacted copy only with the item it was made of.
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
    *(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY" for table in _GUARDED),
    # A new testimony's rows are written before its head state names its consent: only
    # that head state is checked on writing (a coordinator cannot write a testimony beyond
    # their clearance); every row is checked on reading, changing and deleting.
    *(f"CREATE POLICY cleared ON {table} USING ({rule}) WITH CHECK "
      f"({rule if table == 'testimony' else 'true'})" for table, rule in _GUARDED.items()),
)

# What undoes SCHEMA (a hub whose making failed midway).
UNDO = (
    *(f"DROP POLICY IF EXISTS cleared ON {table}" for table in _GUARDED),
    "DROP FUNCTION IF EXISTS willay_object_visible(bigint)",
    "DROP FUNCTION IF EXISTS willay_original_visible(varchar)",
    "DROP FUNCTION IF EXISTS willay_media_visible(varchar)",
    "DROP FUNCTION IF EXISTS willay_testimony_visible(varchar)",
    "DROP FUNCTION IF EXISTS willay_visible_consents()",
    "DROP TABLE IF EXISTS hub_clearance",
)


def visible(clearance: str) -> tuple[str, ...]:
    """The consent scopes a coordinator of ``clearance`` may read."""
    return _VISIBLE[check_clearance(clearance)]


def check_clearance(clearance: str) -> str:
    """Return ``clearance`` if it is one a coordinator can have."""
    if clearance not in CLEARANCES:
        raise ValidationError(_("Unknown clearance {value}; use one of: {choices}.").format(
            value=repr(clearance), choices=", ".join(CLEARANCES)))
    return clearance


def _quoted(conn: Connection, role: str) -> str:
    return str(conn.execute(text("SELECT quote_ident(:role)"), {"role": role}).scalar_one())


def grant(conn: Connection, role: str, clearance: str) -> None:
    """Make (if needed) the login role ``role`` and clear it for ``clearance``."""
    check_clearance(clearance)
    name = _quoted(conn, role)
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :role"),
                          {"role": role}).first()
    if exists is None:
        conn.execute(text(f"CREATE ROLE {name} LOGIN"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {name}"))
    conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
                      f"TO {name}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {name}"))
    conn.execute(text(f"REVOKE INSERT, UPDATE, DELETE ON hub_clearance FROM {name}"))
    conn.execute(text("INSERT INTO hub_clearance (role, clearance) VALUES (:role, :clearance) "
                      "ON CONFLICT (role) DO UPDATE SET clearance = EXCLUDED.clearance"),
                 {"role": role, "clearance": clearance})


def revoke(conn: Connection, role: str) -> bool:
    """Take every right on the hub from ``role`` and drop the role; False when the role is
    kept because it has rights elsewhere on the server (it can no longer read the hub)."""
    name = _quoted(conn, role)
    conn.execute(text("DELETE FROM hub_clearance WHERE role = :role"), {"role": role})
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :role"),
                          {"role": role}).first()
    if exists is None:
        return True
    conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {name}"))
    conn.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {name}"))
    conn.execute(text(f"REVOKE ALL ON SCHEMA public FROM {name}"))
    conn.execute(text(f"REVOKE ALL ON DATABASE {_quoted(conn, _database(conn))} FROM {name}"))
    with conn.begin_nested() as inner:
        try:
            conn.execute(text(f"DROP ROLE {name}"))
        except Exception:  # it still holds rights in another database of the server
            inner.rollback()
            return False
    return True


def _database(conn: Connection) -> str:
    return str(conn.execute(text("SELECT current_database()")).scalar_one())


def clearance_of(conn: Connection, role: str) -> str | None:
    """The clearance of ``role`` (None for the hub's owner or a role not cleared)."""
    found = conn.execute(text("SELECT clearance FROM hub_clearance WHERE role = :role"),
                         {"role": role}).scalar()
    return str(found) if found is not None else None
