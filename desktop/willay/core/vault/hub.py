"""The hub: an organization's archive on a PostgreSQL server, for several coordinators.

The same tables as a vault (:mod:`.models`), made on PostgreSQL 15 or newer through
psycopg 3, and the same sessions, so the record services of the core run on either. What
only PostgreSQL has lives here: the full-text index (a ``tsvector`` per record, Spanish
stemming after ``unaccent``, searched by :mod:`willay.core.records.search_postgres`) and
the database settings the core relies on (record ids compared byte by byte, "C"
collation, as SQLite does).
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from willay.core.errors import (
    ValidationError,
    VaultBusyError,
    VaultError,
    VaultLockedError,
    WillayError,
)
from willay.core.i18n import _
from willay.core.keys import kdf
from willay.core.vault import database, hub_access, hub_keys, hub_s3, hub_schema, thumbnails
from willay.core.vault.hub_objects import HubObjectStore
from willay.core.vault.identity import new_identity_keys
from willay.core.vault.models import IdentityKey, VaultInfo
from willay.core.vault.vault import check_passphrase_strength

# Record ids are found by their first letters with a range (see records.service): the
# database must order text byte by byte, as SQLite does.
log = logging.getLogger(__name__)
# The advisory lock of the hub's turn for originals and bundles (Hub.writing).
_TURN = 0x57494C4C4159
_LOCK_NOT_AVAILABLE = "55P03"  # lock_timeout ran out
WAIT_SECONDS = 600.0
_BYTE_ORDER = ("C", "POSIX", "C.UTF-8", "C.utf8")
_TLS_MODES = ("require", "verify-ca", "verify-full")
CONNECT_TIMEOUT = 10  # seconds to reach the server, unless the address says otherwise


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
    host = str(parsed.query.get("host") or parsed.host or "")
    if not host.startswith("/"):  # over the network, never in the clear
        mode = str(parsed.query.get("sslmode") or "verify-full")
        if mode not in _TLS_MODES:
            raise ValidationError(_("A hub is reached over the network only with TLS: "
                                    "sslmode={mode} would send records in the clear. Use "
                                    "sslmode=verify-full (the default).").format(mode=mode))
        parsed = parsed.update_query_dict({"sslmode": mode})
    if "connect_timeout" not in parsed.query:  # a server out of reach is said in seconds
        parsed = parsed.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT)})
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def _take_turn(conn: Connection, wait: float) -> bool:
    """Take the hub's turn on ``conn``, waiting in line up to ``wait`` seconds; whether it
    was taken."""
    if wait <= 0:
        return bool(conn.execute(text("SELECT pg_try_advisory_lock(:key)"),
                                 {"key": _TURN}).scalar())
    # A lock_timeout of 0 would wait for ever; a millisecond is the least there is.
    conn.execute(text("SELECT set_config('lock_timeout', :ms, false)"),
                 {"ms": f"{max(1, round(wait * 1000))}ms"})
    try:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _TURN})
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != _LOCK_NOT_AVAILABLE:
            raise
        return False
    finally:
        conn.execute(text("RESET lock_timeout"))
    return True


class Hub:
    """An organization's archive on PostgreSQL, opened by its address, unlocked by one of
    its coordinators."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.coordinator: str | None = None
        self._organization_key: bytearray | None = None
        self._secrets: dict[str, bytes] = {}
        self._objects: HubObjectStore | None = None
        self._thumbnail_key: bytes | None = None  # derived once per unlock
        self._turn = threading.local()  # how deep this thread is in writing()
        # Whether row-level security limits this connection (not the tables' owner).
        self._limited = False

    @classmethod
    def connect(cls, url: str) -> Hub:
        """Open the hub at ``url`` (``postgresql://user@host/db``), locked; VaultError if
        it cannot be reached."""
        address = hub_url(url)
        try:
            import psycopg  # noqa: F401  (the driver is an optional part: willay[hub])
        except ImportError as exc:
            raise VaultError(_("This Willay was installed without the hub's database "
                               "driver (psycopg); install Willay with its hub part "
                               "(pip install 'willay[hub]').")) from exc
        # Serializable: two coordinators' changes at once end as if one came after the
        # other, or one is undone whole and told (ConcurrentChangeError); so the custody
        # log stays one chain and a record never gets two heads unseen.
        engine = create_engine(address, pool_pre_ping=True, isolation_level="SERIALIZABLE")
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:
            engine.dispose()
            # The driver's own words on one line, without SQLAlchemy's wrapping.
            cause = (exc.orig if isinstance(exc, DBAPIError) else None) or exc
            raise VaultError(_("The hub at {url} cannot be reached: {reason}").format(
                url=make_url(url).render_as_string(),
                reason=" ".join(str(cause).split()))) from exc
        return cls(engine)

    @classmethod
    def create(cls, url: str, name: str, organization: str, coordinator: str,
               passphrase: str, kdf_params: kdf.KdfParams | None = None) -> Hub:
        """Make the hub's tables in the empty database at ``url``, the organization's
        identity keys and its first coordinator; return it unlocked by them."""
        check_passphrase_strength(passphrase)
        hub_keys.check_name(coordinator)
        hub = cls.connect(url)
        with hub.engine.begin() as conn:
            collation, provider = conn.execute(text(
                "SELECT datcollate, datlocprovider FROM pg_database "
                "WHERE datname = current_database()")).one()
            tables = conn.execute(text(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = current_schema()")).scalar_one()
            if tables:
                raise ValidationError(_("The database at {url} is not empty; a hub is made in "
                                        "an empty database, so nothing was changed.").format(
                    url=make_url(url).render_as_string()))
            if provider != "c" or collation not in _BYTE_ORDER:
                collation = collation if provider == "c" else "ICU"
                raise ValidationError(_(
                    "The hub's database must order text as C does (it orders it as {found}); "
                    "create it with: CREATE DATABASE … TEMPLATE template0 LC_COLLATE 'C' "
                    "LC_CTYPE 'C.UTF-8' ENCODING 'UTF8'.").format(found=collation))
            hub_schema.make(conn)
        organization_key = os.urandom(32)
        with database.session_scope(hub.engine) as session:
            session.add(VaultInfo(vault_id=str(uuid.uuid4()), name=name.strip(),
                                  organization=organization.strip(),
                                  created=datetime.now(UTC).isoformat(timespec="seconds")))
            for key in new_identity_keys():
                key.secret_key = hub_keys.seal(organization_key, key.secret_key,
                                               hub_keys.identity_binding(key.kind))
                session.add(key)
            hub_keys.add(session, coordinator, passphrase, organization_key,
                         added_by=coordinator, params=kdf_params)
        hub._open(coordinator, organization_key)
        return hub

    def unlock(self, coordinator: str, passphrase: str) -> None:
        """Open the organization's keys with ``coordinator``'s passphrase.

        A coordinator with a database role of their own must connect as it (the hub's
        owner may open it as any coordinator).
        """
        hub_schema.check(self.engine)
        with self.engine.connect() as conn:
            user, owner = conn.execute(text(
                "SELECT session_user, (SELECT tableowner FROM pg_tables "
                "WHERE tablename = 'record' AND schemaname = current_schema())")).one()
            cleared = hub_access.clearance_of(conn, coordinator)
        if user != owner and cleared is not None and user != coordinator:
            raise VaultError(_("Connect to the hub as your own database role ({name}), not "
                               "as {user}.").format(name=coordinator, user=user))
        self._limited = user != owner
        with database.session_scope(self.engine) as session:
            key = hub_keys.unwrap(session, coordinator, passphrase)
        self._open(coordinator, key)
        try:
            removed = self.objects.remove_leftovers()
        except (DBAPIError, WillayError):  # housekeeping: the next unlock tries again
            removed = 0
        if removed:
            log.info("Removed %d unfinished originals no record refers to", removed)

    def _open(self, coordinator: str, organization_key: bytes) -> None:
        with database.session_scope(self.engine) as session:
            stored = session.exec(select(IdentityKey)).all()
            secrets = {row.kind: hub_keys.open_sealed(organization_key, row.secret_key,
                                                      hub_keys.identity_binding(row.kind))
                       for row in stored}
        self.coordinator = coordinator
        self._organization_key = bytearray(organization_key)
        self._secrets = secrets
        self._thumbnail_key = self.subkey("thumbnails")

    def undo_creation(self) -> None:
        """Drop every table :meth:`create` made (a move that failed leaves the database
        as empty as it was)."""
        with self.engine.begin() as conn:
            hub_schema.undo(conn)

    def organization_key(self) -> bytes:
        """The organization key, while a coordinator has the hub unlocked."""
        return self._key()

    def reopen(self) -> None:
        """Read the identity's secret keys again (after they were replaced)."""
        self._open(str(self.coordinator), self._key())

    @property
    def is_unlocked(self) -> bool:
        """Whether a coordinator has opened the organization's keys."""
        return self._organization_key is not None

    def lock(self) -> None:
        """Forget the organization's keys and close every connection."""
        if self._organization_key is not None:
            self._organization_key[:] = bytes(len(self._organization_key))
        self._organization_key = None
        self._secrets = {}
        self._objects = None
        self._thumbnail_key = None
        self.coordinator = None
        self.engine.dispose()

    close = lock

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work on the hub, committed on success; the identity's secret keys
        serve it only while a coordinator has the hub unlocked."""
        with database.session_scope(self.engine) as session:
            session.info["hub"] = True
            session.info["identity_secrets"] = self._secrets
            session.info["coordinator"] = self.coordinator
            session.info["row_security"] = self._limited
            if self._thumbnail_key is not None:
                session.info[thumbnails.SESSION_KEY] = self._thumbnail_key
            yield session

    def subkey(self, purpose: str) -> bytes:
        """A key derived from the organization key for one purpose (originals,
        thumbnails), while a coordinator has the hub unlocked."""
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                    info=f"willay hub {purpose}".encode()).derive(self._key())

    @property
    def objects(self) -> HubObjectStore:
        """The hub's encrypted originals (:mod:`.hub_objects`)."""
        if self._objects is None:
            self._objects = HubObjectStore(self.engine, self.subkey("objects"))
        return self._objects

    def originals_place(self) -> tuple[hub_s3.S3Place | None, bool]:
        """The S3 store this hub was given (or None), and whether new originals go there."""
        with self.engine.connect() as conn:
            return hub_s3.configured(conn), hub_s3.sends_new(conn)

    def keep_originals_on(self, place: hub_s3.S3Place | None) -> None:
        """Send new originals to the S3 store ``place``, once it took, gave back and let go
        of a test object; or, with None, to the hub's own rows. Originals already kept stay
        where they are."""
        self._key()
        kept = self.objects.kept_on_s3()
        if place is not None:
            with self.engine.connect() as conn:
                hub_s3.refuse_move(conn, place, kept)
            hub_s3.S3Store(place).probe()
        with self.session() as session:
            conn = session.connection()
            if place is None:
                hub_s3.use_database(conn)
            else:
                hub_s3.use_s3(conn, place, kept)
        self._objects = None  # the next use reads the settings again

    @contextmanager
    def writing(self, activity: str, wait: float = WAIT_SECONDS) -> Iterator[None]:
        """Take the hub's turn for work on originals and bundles (intake, imports,
        exports, redactions), as a vault's writer lock does: one coordinator at a time,
        the others waiting up to ``wait`` seconds, then VaultBusyError.

        Every such work appends to the one custody log, and two at once under
        serializable transactions would mostly undo each other; in turn, none is undone.
        Record edits do not take it: they are short, and a rare collision is done again.
        The turn is a PostgreSQL advisory lock, held by a connection of its own; those
        waiting for it queue on the server and take it in the order they asked, at the
        moment it is free.
        """
        self._key()
        if getattr(self._turn, "depth", 0):
            self._turn.depth += 1
            try:
                yield
            finally:
                self._turn.depth -= 1
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if not _take_turn(conn, wait):
                raise VaultBusyError(_(
                    "Another coordinator is adding originals or taking in or writing a "
                    "bundle on this hub, and has not finished; try again in a moment."))
            self._turn.depth = 1
            try:
                yield
            finally:
                self._turn.depth = 0
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _TURN})

    @property
    def vault_id(self) -> str:
        """The hub's own id (its archive's, as a vault's)."""
        with self.session() as session:
            info = session.get(VaultInfo, 1)
            return info.vault_id if info else ""

    # -- coordinators ------------------------------------------------------------------
    def _key(self) -> bytes:
        if self._organization_key is None or self.coordinator is None:
            raise VaultLockedError(_("The hub is locked: a coordinator must open it with "
                                     "their passphrase first."))
        return bytes(self._organization_key)

    def add_coordinator(self, name: str, passphrase: str, clearance: str = "partners",
                        kdf_params: kdf.KdfParams | None = None) -> hub_keys.Coordinator:
        """Give ``name`` a copy of the organization's keys under their own passphrase, and
        a database role of the same name cleared for ``clearance``
        (:mod:`.hub_access`)."""
        check_passphrase_strength(passphrase)
        hub_access.check_clearance(clearance)
        key = self._key()
        with self.session() as session:
            added = hub_keys.add(session, name, passphrase, key, str(self.coordinator),
                                 params=kdf_params)
            hub_access.grant(session.connection(), name, clearance)
            return added

    def remove_coordinator(self, name: str) -> bool:
        """Delete ``name``'s copy of the organization's keys and their database role
        (see :mod:`.hub_keys`); False when the role has rights elsewhere on the server
        and was kept, with none left on the hub."""
        self._key()
        with self.session() as session:
            hub_keys.remove(session, name)
            return hub_access.revoke(session.connection(), name)

    def coordinators(self) -> list[hub_keys.Coordinator]:
        """The hub's coordinators."""
        with self.session() as session:
            return hub_keys.listed(session)
