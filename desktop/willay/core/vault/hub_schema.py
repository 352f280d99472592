"""The version of a hub's tables, kept by Alembic migrations of its own.

A hub is made by running its migrations (``migrations/hub/``) from the start, and
upgraded by running those it lacks. PostgreSQL changes tables inside transactions, so
either every step of an upgrade holds or none does: a hub is never left half upgraded.
Only the role that owns the hub's tables may upgrade it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, MetaData, text

from willay.core.errors import VaultError
from willay.core.i18n import _
from willay.core.vault import database, hub_keys
from willay.core.vault.models import SQLModel

MIGRATIONS_DIR = Path(__file__).parent / "migrations" / "hub"
# Tables whose rows only SQLite's full-text index keeps; the hub keeps its own.
SQLITE_ONLY = ("search_entry", "search_word")
# Written by hand in the migrations (PostgreSQL's own types and policies), not modelled.
HAND_MADE = ("search_doc", "hub_clearance")


def modelled(_obj: object, name: str | None, type_: str, *_rest: object) -> bool:
    """Whether a table or index is one the models describe (for comparisons)."""
    table = getattr(getattr(_obj, "table", None), "name", None) if type_ == "index" else name
    return table not in HAND_MADE


def target_metadata() -> MetaData:
    """The tables a hub has, as the models of this Willay describe them."""
    from willay.core.vault import hub_objects, kept  # noqa: F401  (their tables join in)

    merged = MetaData()
    for table in SQLModel.metadata.tables.values():
        if table.name not in SQLITE_ONLY:
            table.to_metadata(merged)
    for table in hub_keys.HUB_METADATA.tables.values():
        table.to_metadata(merged)
    return merged


def head() -> str:
    """The newest version of a hub's tables this Willay knows."""
    return database.head_in(MIGRATIONS_DIR)


def current(conn: Connection) -> str | None:
    """The version of the hub's tables, or None where no hub was made."""
    found = conn.execute(text("SELECT to_regclass('alembic_version')")).scalar()
    if found is None:
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _run(conn: Connection, target: str, down: bool = False) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = conn
    if down:
        command.downgrade(config, target)
    else:
        command.upgrade(config, target)


def make(conn: Connection) -> None:
    """Make every table of a new hub, in the transaction of ``conn``."""
    _run(conn, "head")


def undo(conn: Connection, to: str = "base") -> None:
    """Drop every table :func:`make` made (or what came after version ``to``)."""
    _run(conn, to, down=True)
    if to == "base":  # Alembic keeps its own table, empty
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def check(engine: Engine) -> None:
    """Refuse a hub of no version or of another than this Willay's, saying what to do."""
    with engine.connect() as conn:
        found = current(conn)
    wanted = head()
    if found is None:
        raise VaultError(_("This database holds no hub; make one with 'willay-cli hub init'."))
    if found == wanted:
        return
    if _older(found, wanted):
        raise VaultError(_("This hub's tables are of version {found}, older than this "
                           "Willay's ({wanted}); its owner upgrades it with 'willay-cli hub "
                           "upgrade' (after a backup with pg_dump).").format(
            found=found, wanted=wanted))
    raise VaultError(_("This hub's tables are of version {found}, which a newer Willay "
                       "made; this one reads version {wanted}. Open it with that newer "
                       "Willay.").format(found=found, wanted=wanted))


def _older(found: str, wanted: str) -> bool:
    """Whether version ``found`` comes before ``wanted`` among this Willay's scripts."""
    names = sorted(path.stem.split("_", 1)[0]
                   for path in (MIGRATIONS_DIR / "versions").glob("h*.py"))
    return found in names and names.index(found) < names.index(wanted)


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the hub's tables to this Willay's version, all in one transaction; return
    the versions before and after."""
    with engine.begin() as conn:
        before = current(conn)
        if before is None:
            raise VaultError(_("This database holds no hub; make one with 'willay-cli hub "
                               "init'."))
        owner = conn.execute(text(
            "SELECT tableowner = session_user FROM pg_tables "
            "WHERE tablename = 'record' AND schemaname = current_schema()")).scalar()
        if not owner:
            raise VaultError(_("Only the role that owns the hub's tables can upgrade it; "
                               "connect as that role."))
        if before != head():
            _run(conn, "head")
    return before, head()
