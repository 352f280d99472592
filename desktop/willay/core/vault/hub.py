"""The hub: an organization's archive on a PostgreSQL server, for several coordinators.

The same tables as a vault (:mod:`.models`), made on PostgreSQL 15 or newer through
psycopg 3, and the same sessions, so the record services of the core run on either. What
only PostgreSQL has lives here: the full-text index (a ``tsvector`` per record, Spanish
stemming after ``unaccent``, searched by :mod:`willay.core.records.search_postgres`) and
the database settings the core relies on (record ids compared byte by byte, "C"
collation, as SQLite does).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from willay.core.errors import ValidationError, VaultError
from willay.core.i18n import _
from willay.core.vault import database
from willay.core.vault.identity import new_identity_keys
from willay.core.vault.models import SQLModel, VaultInfo

# Record ids are found by their first letters with a range (see records.service): the
# database must order text byte by byte, as SQLite does.
SEARCH_SCHEMA = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # Spanish stemming without Spanish stop words: "en", "la" or "de" are words a person
    # may be typing the start of ("en" of "enfrentamiento"), and Quechua and Aymara
    # words must not be dropped for looking like them.
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
    "CREATE INDEX IF NOT EXISTS ix_search_doc_words ON search_doc USING gin (words)",
)
_BYTE_ORDER = ("C", "POSIX", "C.UTF-8", "C.utf8")
# Tables whose rows only SQLite's triggers and full-text index keep; the hub keeps its
# own (search_doc) or none yet.
_SQLITE_ONLY = ("search_entry", "search_word")


def hub_url(url: str) -> str:
    """Return ``url`` with the psycopg 3 driver named, refusing anything but PostgreSQL."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # SQLAlchemy raises ArgumentError and ValueError alike
        raise ValidationError(_("{url} is not the address of a database.").format(
            url=url)) from exc
    if parsed.get_backend_name() != "postgresql":
        raise ValidationError(_("A hub is a PostgreSQL database (postgresql://…), not "
                                "{url}.").format(url=parsed.render_as_string()))
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


class Hub:
    """An organization's archive on PostgreSQL, opened by its address."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def connect(cls, url: str) -> Hub:
        """Open the hub at ``url`` (``postgresql://user@host/db``); VaultError if it is
        not reachable or holds no hub."""
        engine = create_engine(hub_url(url), pool_pre_ping=True)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:
            engine.dispose()
            raise VaultError(_("The hub at {url} cannot be reached: {reason}").format(
                url=make_url(url).render_as_string(), reason=str(exc).strip())) from exc
        return cls(engine)

    @classmethod
    def create(cls, url: str, name: str, organization: str) -> Hub:
        """Make the hub's tables in the empty database at ``url`` and its identity keys."""
        hub = cls.connect(url)
        with hub.engine.begin() as conn:
            collation, provider = conn.execute(text(
                "SELECT datcollate, datlocprovider FROM pg_database "
                "WHERE datname = current_database()")).one()
            if provider != "c" or collation not in _BYTE_ORDER:
                collation = collation if provider == "c" else "ICU"
                raise ValidationError(_(
                    "The hub's database must order text as C does (it orders it as {found}); "
                    "create it with: CREATE DATABASE … TEMPLATE template0 LC_COLLATE 'C' "
                    "LC_CTYPE 'C.UTF-8' ENCODING 'UTF8'.").format(found=collation))
            tables = [t for name_, t in SQLModel.metadata.tables.items()
                      if name_ not in _SQLITE_ONLY]
            SQLModel.metadata.create_all(conn, tables=tables)
            for statement in SEARCH_SCHEMA:
                conn.execute(text(statement))
        with hub.session() as session:
            session.add(VaultInfo(vault_id="hub", name=name.strip(),
                                  organization=organization.strip(), created=""))
            for key in new_identity_keys():
                session.add(key)
        return hub

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work on the hub, committed on success."""
        with database.session_scope(self.engine) as session:
            yield session

    def close(self) -> None:
        """Close every connection to the hub."""
        self.engine.dispose()
