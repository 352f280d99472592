"""Originals on a hub: each one encrypted as a vault encrypts it, kept in rows of the hub.

An original is stored in the form :mod:`.object_format` gives it, under a key derived
from the organization key (which only coordinators hold, each under their passphrase),
cut into parts of about a megabyte (``hub_object_part``), so the hub's database alone
reveals no photo, recording or document: only their rounded sizes. Rows are named by the
SHA-256 of the plaintext, which the hub's ``stored_object`` table names anyway; no keyed
name would hide more.

An original is written in one transaction of its own, as a pending object (no SHA-256
yet), and settled (named) in another, before the transaction that refers to it commits,
as a vault's files are made durable before the database names them. A pending object a
killed process left, or a settled one nothing came to name, is removed by
:meth:`HubObjectStore.remove_leftovers` once a day has passed, so another coordinator's
import in progress is never touched.

On a hub every read of an original by a person is in the custody log, with the
coordinator who did it: saving and sending log themselves as on a vault, and seeing one
goes through :func:`willay.core.media.intake.read_original`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import col

from willay.core.errors import (
    VaultError,
    VerificationError,
    WillayError,
)
from willay.core.formats import stream
from willay.core.i18n import _
from willay.core.progress import CancelToken, Progress
from willay.core.vault import database, hub_s3, object_format
from willay.core.vault.database import again_on_collision
from willay.core.vault.hub_keys import HUB_METADATA
from willay.core.vault.models import StoredObject
from willay.core.vault.object_format import ChunkReader
from willay.core.vault.objects import OriginalStore, PendingFile, StoredFile

PART_BYTES = 1 << 20
LEFTOVER_AGE = timedelta(days=1)

OBJECTS = Table(
    "hub_object", HUB_METADATA,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("sha256", String(64), unique=True),  # None while pending
    Column("stored_size", BigInteger, nullable=False, default=0),
    Column("written", DateTime(timezone=True), nullable=False),
    # Where its bytes are: "database" (hub_object_part) or "s3" (see hub_s3).
    Column("place", String(8), nullable=False, server_default="database"),
    # The clean-up at every unlock looks for rows written more than a day ago.
    Index("ix_hub_object_written", "written"),
)
PARTS = Table(
    "hub_object_part", HUB_METADATA,
    Column("object_id", BigInteger, ForeignKey("hub_object.id", ondelete="CASCADE"),
           primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("data", LargeBinary, nullable=False),
)


def _parts(engine: Engine, object_id: int) -> Iterator[bytes]:
    """Yield a stored object's parts in order, one row in memory at a time."""
    seq = 0
    while True:
        with engine.connect() as conn:
            data = conn.execute(select(PARTS.c.data).where(
                PARTS.c.object_id == object_id, PARTS.c.seq == seq)).scalar()
        if data is None:
            return
        yield bytes(data)
        seq += 1


class HubObjectStore(OriginalStore):
    """The encrypted originals of one unlocked hub, with the same calls as a vault's
    :class:`~willay.core.vault.objects.ObjectStore`."""

    def __init__(self, engine: Engine, file_key: bytes) -> None:
        self._engine = engine
        self._file_key = file_key
        self._s3: hub_s3.S3Store | None = None

    def _store(self, conn: Connection) -> hub_s3.S3Store:
        """The S3 store of this hub (VaultError when none was given)."""
        if self._s3 is None:
            place = hub_s3.configured(conn)
            if place is None:
                raise VaultError(_("This hub keeps originals on an S3-compatible store, "
                                   "and its settings name none."))
            self._s3 = hub_s3.S3Store(place)
        return self._s3

    def has(self, sha256: str) -> bool:
        """Whether the original is stored (and this coordinator may read it)."""
        return self._settled(sha256) is not None

    def _settled(self, sha256: str) -> tuple[int, int, str] | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(OBJECTS.c.id, OBJECTS.c.stored_size,
                                      OBJECTS.c.place).where(
                OBJECTS.c.sha256 == sha256)).first()
        return (int(row[0]), int(row[1]), str(row[2])) if row else None

    def write_pending(self, plain: stream.Readable, label: str,
                      progress: Progress | None = None, cancel: CancelToken | None = None,
                      expected_sha256: str | None = None,
                      expected_size: int | None = None, *,
                      size: int | None = None) -> PendingFile:
        """Encrypt ``plain`` into a pending object, committed but not yet named; on any
        failure nothing of it is kept. ``tmp`` of the result holds the object's row id."""
        encryption = object_format.Encryption(self._file_key, plain, label, progress, cancel,
                                              expected_sha256, expected_size, size)
        try:
            return self._write(encryption, label)
        except DBAPIError as exc:
            raise WillayError(_("The hub could not store {label}: {reason} Nothing of it was "
                                "kept.").format(label=label,
                                                reason=str(exc.orig).strip())) from exc

    def _write(self, encryption: object_format.Encryption, label: str) -> PendingFile:
        with self._engine.connect() as conn:
            to_s3 = hub_s3.sends_new(conn)
            store = self._store(conn) if to_s3 else None
        if store is not None:
            return self._write_s3(store, encryption, label)
        with self._engine.begin() as conn:
            object_id = int(conn.execute(insert(OBJECTS).values(
                written=datetime.now(UTC)).returning(OBJECTS.c.id)).scalar_one())
            buffer = bytearray()
            seq = total = 0
            for piece in encryption:
                buffer += piece
                while len(buffer) >= PART_BYTES:
                    conn.execute(insert(PARTS).values(object_id=object_id, seq=seq,
                                                      data=bytes(buffer[:PART_BYTES])))
                    total += PART_BYTES
                    del buffer[:PART_BYTES]
                    seq += 1
            if buffer:
                conn.execute(insert(PARTS).values(object_id=object_id, seq=seq,
                                                  data=bytes(buffer)))
                total += len(buffer)
            sha256, plain_size = encryption.verified()  # raising undoes the transaction
            conn.execute(update(OBJECTS).where(OBJECTS.c.id == object_id).values(
                stored_size=total))
        return PendingFile(sha256, plain_size, _row(object_id), label)

    def _write_s3(self, store: hub_s3.S3Store, encryption: object_format.Encryption,
                  label: str) -> PendingFile:
        # The row comes first, committed: whatever a kill leaves on the store is found.
        with self._engine.begin() as conn:
            object_id = int(conn.execute(insert(OBJECTS).values(
                written=datetime.now(UTC), place="s3").returning(OBJECTS.c.id)).scalar_one())
        try:
            counted = _Counted(iter(encryption))
            store.put(object_id, ChunkReader(counted))
            sha256, plain_size = encryption.verified()
            with self._engine.begin() as conn:
                conn.execute(update(OBJECTS).where(OBJECTS.c.id == object_id).values(
                    stored_size=counted.total))
        except BaseException:
            store.remove(object_id)
            with contextlib.suppress(DBAPIError), self._engine.begin() as conn:
                conn.execute(delete(OBJECTS).where(OBJECTS.c.id == object_id))
            raise
        return PendingFile(sha256, plain_size, _row(object_id), label)

    def settle(self, pending: list[PendingFile]) -> list[StoredFile]:
        """Name each pending object by its SHA-256, in order; an original already stored is
        kept and the new copy dropped (``new`` is False)."""
        done: list[StoredFile] = []
        for item in pending:
            object_id = _row_id(item)
            new = again_on_collision(partial(self._name, object_id, item.sha256))
            done.append(StoredFile(item.sha256, item.size, _row(object_id), new=new))
        return done

    def _name(self, object_id: int, sha256: str) -> bool:
        with database.session_scope(self._engine) as session:
            conn = session.connection()
            taken = conn.execute(select(OBJECTS.c.id).where(
                OBJECTS.c.sha256 == sha256)).first()
            if taken is not None:
                # Touched, so that no clean-up takes it before the row naming it commits.
                conn.execute(update(OBJECTS).where(OBJECTS.c.id == taken[0]).values(
                    written=datetime.now(UTC)))
            else:
                try:
                    with conn.begin_nested():
                        conn.execute(update(OBJECTS).where(
                            OBJECTS.c.id == object_id).values(sha256=sha256))
                    return True
                except IntegrityError:  # another coordinator named the same bytes first
                    pass
            self._delete(conn, OBJECTS.c.id == object_id)
            return False

    def discard(self, pending: list[PendingFile]) -> None:
        """Remove pending objects that were not settled."""
        with contextlib.suppress(DBAPIError), self._engine.begin() as conn:
            self._delete(conn, OBJECTS.c.id.in_([_row_id(item) for item in pending]),
                         OBJECTS.c.sha256.is_(None))

    def read_chunks(self, sha256: str) -> Iterator[bytes]:
        """Yield the plaintext of an original, chunk by chunk, each authenticated first."""
        yield from self._plaintext(sha256)

    def _plaintext(self, sha256: str) -> Iterator[bytes]:
        where = _("the original {id}").format(id=sha256[:12])
        found = self._settled(sha256)
        if found is None:
            raise VerificationError(_("{where}: it is not on the hub, or you are not "
                                      "cleared to see it.").format(where=where))
        object_id, stored_size, place = found
        if place == "s3":
            with self._engine.connect() as conn:
                stored = self._store(conn).read(object_id)
        else:
            stored = _parts(self._engine, object_id)
        return object_format.decrypted(self._file_key, ChunkReader(stored), stored_size,
                                       where)

    def check(self, sha256: str, size: int, cancel: CancelToken | None = None) -> str | None:
        """Decrypt an original and compare hash and size; return what is wrong, or None."""
        try:
            chunks = self._plaintext(sha256)
        except VerificationError as exc:
            return str(exc).split(": ", 1)[-1]
        return object_format.check(chunks, sha256, size, cancel)

    def remove(self, sha256: str) -> None:
        """Delete an original (for purges)."""
        with self._engine.begin() as conn:
            self._delete(conn, OBJECTS.c.sha256 == sha256)

    def remove_leftovers(self) -> int:
        """Delete pending objects, and objects no kept original names, written more than a
        day ago; return how many went."""
        named = select(col(StoredObject.sha256)).where(
            col(StoredObject.sha256) == OBJECTS.c.sha256, col(StoredObject.purged).is_(False))
        with self._engine.begin() as conn:
            return self._delete(conn, OBJECTS.c.written < datetime.now(UTC) - LEFTOVER_AGE,
                                OBJECTS.c.sha256.is_(None) | ~named.exists())

    def _delete(self, conn: Connection, *where: Any) -> int:
        """Delete the objects ``where`` selects, their bytes on the S3 store too; return how
        many went."""
        gone = conn.execute(delete(OBJECTS).where(*where).returning(
            OBJECTS.c.id, OBJECTS.c.place)).all()
        for object_id, place in gone:
            if place == "s3":
                self._store(conn).remove(int(object_id))
        return len(gone)

    def kept_on_s3(self) -> int:
        """How many originals are on the S3 store."""
        with self._engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(OBJECTS).where(
                OBJECTS.c.place == "s3")).scalar_one())

    def count(self) -> int:
        """How many originals are stored (named)."""
        with self._engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(OBJECTS).where(
                OBJECTS.c.sha256.is_not(None))).scalar_one())


class _Counted:
    """Passes pieces on, counting their bytes."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self._pieces = pieces
        self.total = 0

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        piece = next(self._pieces)
        self.total += len(piece)
        return piece


def _row(object_id: int) -> Path:
    """Where an object is, as the vault's store says it with a path."""
    return Path("hub_object", str(object_id))


def _row_id(item: PendingFile) -> int:
    return int(item.tmp.name)
