"""Who may read what on a hub: one database role per coordinator, and row-level security.

A coordinator's role is cleared for one consent scope. Cleared for ``partners``, it reads
the testimonies whose consent is ``partners`` or ``public``; for ``legal``, those and the
``legal`` ones; for ``internal``, all of them. The database itself enforces it (row-level
security on every table that holds a testimony's words: its head state, its revisions,
its search entry, its organization fields, its links), so a coordinator's own connection
cannot read past it, whatever program makes it. A testimony's id and kind stay visible
(a list of ids says nothing of what was said); a deleted testimony keeps the consent its
last version gave it. The role that made the hub owns its tables and is not limited
(as PostgreSQL's owners are not). The policies and the functions they call are written
by the hub's migrations (``migrations/hub/``, from h002).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from willay.core.errors import ValidationError
from willay.core.i18n import _

CLEARANCES = ("partners", "legal", "internal")


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
    conn.execute(text(f"REVOKE INSERT, UPDATE, DELETE ON hub_setting FROM {name}"))
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
