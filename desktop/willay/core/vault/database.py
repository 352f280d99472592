"""The SQLCipher database: opening with a raw key, pragmas, schema migrations.

SQLite-only parts (SQLCipher keying, pragmas) live here and in :mod:`search`, so the
rest of the core stays portable SQLAlchemy. Alembic is imported only to create or upgrade a
schema: opening an up-to-date vault never pays for it.
"""

from __future__ import annotations

import functools
import logging
import os
import random
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import sqlcipher3
from sqlalchemy import URL, Connection, Engine, Select, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from willay.core.errors import (
    ConcurrentChangeError,
    NewerFormatError,
    ValidationError,
    VaultError,
)
from willay.core.fileio import atomic_file, disk_full, write_error
from willay.core.i18n import _, number

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _connect(path: Path, key: bytes) -> Any:
    conn = sqlcipher3.connect(str(path), check_same_thread=False)
    # A raw 256-bit key: SQLCipher skips its own PBKDF2, the DEK is already strong.
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA temp_store = MEMORY")
    # 64 MiB of decrypted pages: SQLCipher decrypts every page it reads, so a larger cache
    # spares re-decrypting the same pages when a long list is walked.
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    return conn


def open_engine(path: Path, key: bytes) -> Engine:
    """Return an engine over the SQLCipher file ``path`` keyed with ``key``.

    Raises VaultError if the file cannot be decrypted with the key (damaged database).
    """
    # The URL only names the file (for messages); connections come from the creator.
    engine = create_engine(
        URL.create("sqlite", database=str(path)),
        creator=lambda: _connect(path, key),
        module=sqlcipher3,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
    )

    @event.listens_for(engine, "connect")
    def _no_pysqlite_transactions(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself so that SAVEPOINTs and DDL behave.
        dbapi_conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except Exception as exc:
        engine.dispose()
        if _no_room(path, exc):
            raise disk_full(path.parent) from exc
        raise VaultError(
            _("The database {path} cannot be read with this vault's key: it is damaged or "
              "belongs to another vault. Nothing was changed.").format(path=path)
        ) from exc
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One session per unit of work: committed on success, rolled back on error, closed."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException as exc:
        session.rollback()
        if _concurrent_change(exc):
            raise ConcurrentChangeError(_(
                "Another coordinator changed the hub at the same moment, so nothing of this "
                "was saved; do it again.")) from exc
        if getattr(getattr(exc, "orig", None), "sqlstate", None) == _NOT_ALLOWED:
            raise ValidationError(_(
                "The hub does not let your database role do this: it is beyond what you are "
                "cleared for. Nothing was saved.")) from exc
        path = Path(engine.url.database or ".")
        if isinstance(exc, OperationalError) and engine.dialect.name == "sqlite" \
                and _no_room(path, exc):
            raise disk_full(path.parent) from exc
        raise
    finally:
        session.close()


# PostgreSQL's codes for a transaction it undid so that concurrent ones stay serializable
# (40001) or out of a deadlock (40P01).
_CONCURRENT_CODES = ("40001", "40P01")
_NOT_ALLOWED = "42501"  # insufficient privilege: a right or a row-level policy


T = TypeVar("T")


def again_on_collision(work: Callable[[], T], attempts: int = 4) -> T:
    """Run ``work``, and again (up to ``attempts`` times in all, after a short random
    pause) when a hub undid it for a concurrent coordinator's change."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except ConcurrentChangeError:
            if attempt == attempts:
                raise
            time.sleep(random.uniform(0.05, 0.3) * attempt)  # noqa: S311 (only a pause)
    raise AssertionError(attempts)


def _concurrent_change(exc: BaseException) -> bool:
    """Whether PostgreSQL undid this transaction because of a concurrent one."""
    original = getattr(exc, "orig", None)
    return getattr(original, "sqlstate", None) in _CONCURRENT_CODES


# Below this, SQLite cannot even open its journal beside the database.
_NEARLY_FULL = 256 * 1024
_COPY_CHUNK = 1 << 20
_ROWS_PER_FETCH = 1024


def _no_room(path: Path, exc: BaseException) -> bool:
    """Whether a database error comes from a full disk (SQLite says so, or it is nearly
    full: opening fails then before SQLite can say why)."""
    if "full" in str(exc).lower():
        return True
    try:
        stat = os.statvfs(path.parent)
    except (OSError, AttributeError):
        return False
    return stat.f_bavail * stat.f_frsize < _NEARLY_FULL


def _alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


_REVISION_LINE = re.compile(r"^(down_revision|revision) = ['\"]?([^'\"\n]*?)['\"]?$",
                            re.MULTILINE)


def head_revision() -> str:
    """Return the newest schema revision this version of Willay knows.

    Read from the migration scripts' ``revision`` and ``down_revision`` lines rather than
    through Alembic, so that unlocking an up-to-date vault never imports Alembic (a
    quarter of a second at every start of the command line); a test holds the two equal.
    """
    return head_in(MIGRATIONS_DIR)


@functools.lru_cache(maxsize=4)
def head_in(migrations: Path) -> str:
    """The head of the scripts in ``migrations``, read once per folder (every unlock asks)."""
    named: set[str] = set()
    revises: set[str] = set()
    for script in (migrations / "versions").glob("*.py"):
        lines: dict[str, str] = dict(_REVISION_LINE.findall(script.read_text(encoding="utf-8")))
        if "revision" in lines:
            named.add(lines["revision"])
            revises.add(lines.get("down_revision", "None"))
    heads = named - revises
    assert len(heads) == 1, heads  # the scripts form one line of revisions
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    """Return the schema revision stored in the database, or None for an empty one."""
    with engine.connect() as conn:
        if not conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).first():
            return None
        versions = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    if len(versions) > 1:
        raise VaultError(_("This vault's database names {count} schema versions at once; "
                           "it is damaged.").format(count=len(versions)))
    return versions[0][0] if versions else None


def plain_rows(session: Session, stmt: Select[*tuple[Any, ...]]) -> Iterator[Any]:
    """Yield the rows of ``stmt`` one at a time, as the driver gives them.

    On a vault they are stepped on a plain DB-API cursor (twice as fast as SQLAlchemy's
    rows over a million of them) when every value bound is text or a number, which the
    driver binds as SQLAlchemy would; otherwise, and on a hub (whose driver's plain
    cursor would fetch them all at once), they come through SQLAlchemy.
    """
    bind = session.get_bind()
    compiled = stmt.compile(bind, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    values = [params[name] for name in compiled.positiontup or ()]
    if bind.dialect.name != "sqlite" or any(type(value) not in (str, int, float)
                                            for value in values):
        yield from session.execute(stmt.execution_options(yield_per=_ROWS_PER_FETCH))
        return
    cursor: Any = session.connection().connection.cursor()
    try:
        cursor.execute(str(compiled), values)
        # Not ``yield from``: it would close the cursor itself when the walk is cut short.
        for row in cursor:  # noqa: UP028
            yield row
    finally:
        # A walk cut short (a cancel) may end only when the generator is collected,
        # after its connection was closed, which closed the cursor with it.
        with suppress(sqlcipher3.ProgrammingError):
            cursor.close()


@contextmanager
def pragma(conn: Connection, name: str, value: int) -> Iterator[None]:
    """Set the SQLite setting ``name`` of ``conn`` to ``value`` for the block, then put
    back what it was (the connection goes back to the pool afterwards)."""
    raw: Any = conn.connection.driver_connection
    before = raw.execute(f"PRAGMA {name}").fetchone()[0]
    raw.execute(f"PRAGMA {name} = {int(value)}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA {name} = {int(before)}")


@dataclass(frozen=True)
class Migration:
    """What :func:`migrate` did: the schema found, and the backup made before upgrading."""

    previous: str | None
    backup: str | None


def _back_up(engine: Engine, db_path: Path, backups_dir: Path, current: str) -> Path:
    """Copy the encrypted database into ``backups_dir``, whole and on disk, before an
    upgrade; or raise with nothing written (a full disk is named as such)."""
    backups_dir.mkdir(mode=0o700, exist_ok=True)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    size = db_path.stat().st_size
    what = _("the copy of its database kept before upgrading it to this version of "
             "Willay ({size} MB)").format(size=number(max(1, size // 1_000_000)))
    if shutil.disk_usage(backups_dir).free < size + _NEARLY_FULL:
        raise disk_full(db_path.parent, what)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    backup = backups_dir / f"archive-{current}-{stamp}.db"
    # Whole or not at all, under a temporary name until then: a copy cut short by a kill
    # never looks like a backup.
    with atomic_file(backup, replace=False,
                     failure=lambda exc: write_error(db_path.parent, exc, what)) as target, \
            db_path.open("rb") as source:
        shutil.copyfileobj(source, target, _COPY_CHUNK)
    return backup


def migrate(engine: Engine, db_path: Path, backups_dir: Path) -> Migration:
    """Bring the schema up to date; report the schema found and any backup made.

    A database from a newer Willay is refused untouched. Before any upgrade of an
    existing schema, the encrypted file is copied to ``backups_dir``.
    """
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return Migration(current, None)
    script = _script()
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise NewerFormatError(
            _("This vault's database was written by a newer version of Willay (schema "
              "{schema}). Update Willay to open it; nothing was changed.").format(
                  schema=current)
        )
    backup: Path | None = None
    if current is not None:
        backup = _back_up(engine, db_path, backups_dir, current)
        log.info("Schema %s -> %s; encrypted backup written first", current, head)
    from alembic import command

    command.upgrade(_alembic_config(engine), "head")
    return Migration(current, str(backup) if backup else None)
