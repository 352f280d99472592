"""``objects/``: original media, each file encrypted, named by a keyed hash of its content.

Each file holds one original in the form :mod:`.object_format` gives it. The file name is
HMAC-SHA256(names key, SHA-256 of the plaintext), so the name never reveals which known
photo the vault holds, and the same bytes are stored once.

Writes are crash-safe: a temporary file in ``objects/`` is written, fsynced and renamed
into place before the database commit that refers to it. Only the holder of the vault's
writer lock writes here, and it lists each file before putting it in place
(:mod:`willay.core.vault.writer_lock`); the files an interrupted writer listed, and its
temporary files, are removed by the next one when no row refers to them.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from willay.core.disk_io import DiskWriter, open_for_reading
from willay.core.errors import VerificationError, WillayError
from willay.core.fileio import fsync_dir, private_new_file, write_error
from willay.core.formats import stream
from willay.core.i18n import _, ngettext, number
from willay.core.progress import CancelToken, Progress
from willay.core.vault import object_format
from willay.core.vault.object_format import MAGIC, MAGIC_V1, Encryption
from willay.core.vault.writer_lock import WriterLock

__all__ = ["MAGIC", "MAGIC_V1", "TEMP_PREFIX", "ObjectStore", "OriginalStore", "PendingFile",
           "StoredFile"]

TEMP_PREFIX = ".incoming-"


@dataclass(frozen=True)
class StoredFile:
    """The result of storing one original."""

    sha256: str
    size: int
    path: Path
    new: bool


@dataclass(frozen=True)
class PendingFile:
    """An original encrypted into a temporary file, waiting for :meth:`ObjectStore.settle`."""

    sha256: str
    size: int
    tmp: Path
    label: str = ""


class OriginalStore(ABC):
    """What a vault's store and a hub's (:mod:`.hub_objects`) both do with originals:
    each writes pending originals and settles them; putting one is those two steps."""

    def put(self, source: Path, progress: Progress | None = None,
            cancel: CancelToken | None = None) -> StoredFile:
        """Encrypt the file at ``source`` into the store; return its hash and size.

        Memory stays at a few chunks whatever the file size. The size is taken from the
        open file; a file that grows or shrinks while it is read is refused. On any
        failure (a full disk, a vanished file, a cancel) the temporary file is removed
        and nothing is stored.
        """
        try:
            plain = open_for_reading(source)
        except OSError as exc:
            raise WillayError(_("Cannot read {path}: {reason}.").format(
                path=source, reason=exc.strerror)) from exc
        with plain:
            try:
                size = os.fstat(plain.fileno()).st_size
            except OSError as exc:
                raise WillayError(_("Cannot read {path}: {reason}.").format(
                    path=source, reason=exc.strerror)) from exc
            return self.put_stream(plain, source.name, progress, cancel, size=size)

    def put_stream(self, plain: stream.Readable, label: str, progress: Progress | None = None,
                   cancel: CancelToken | None = None, expected_sha256: str | None = None,
                   expected_size: int | None = None, *, size: int | None = None
                   ) -> StoredFile:
        """Encrypt everything ``plain`` yields into the store, as :meth:`put` does.

        ``size`` (or else ``expected_size``) is how many bytes ``plain`` holds; see
        :meth:`write_pending`. With ``expected_sha256``/``expected_size`` (an original
        arriving in a bundle), a mismatch raises VerificationError and nothing is stored.
        """
        pending = self.write_pending(plain, label, progress, cancel, expected_sha256,
                                     expected_size, size=size)
        return self.settle([pending])[0]

    @abstractmethod
    def write_pending(self, plain: stream.Readable, label: str,
                      progress: Progress | None = None, cancel: CancelToken | None = None,
                      expected_sha256: str | None = None,
                      expected_size: int | None = None, *,
                      size: int | None = None) -> PendingFile:
        """Encrypt ``plain`` into a pending original, not yet in place."""

    @abstractmethod
    def settle(self, pending: list[PendingFile]) -> list[StoredFile]:
        """Put pending originals in place, in order."""


class ObjectStore(OriginalStore):
    """The encrypted originals of one unlocked vault."""

    def __init__(self, root: Path, file_key: bytes, name_key: bytes,
                 writer: WriterLock) -> None:
        self.root = root
        self._file_key = file_key
        self._name_key = name_key
        self._writer = writer

    def name_for(self, sha256: str) -> str:
        """Return the file name (a keyed hash) of the original with this SHA-256."""
        return hmac.new(self._name_key, bytes.fromhex(sha256), hashlib.sha256).hexdigest()

    def path_for(self, sha256: str) -> Path:
        """Return where the original with this SHA-256 is stored."""
        return self._path_named(self.name_for(sha256))

    def _path_named(self, name: str) -> Path:
        return self.root / name[:2] / name[2:]

    def has(self, sha256: str) -> bool:
        """Whether the original is on disk."""
        return self.path_for(sha256).is_file()

    def write_pending(self, plain: stream.Readable, label: str,
                      progress: Progress | None = None, cancel: CancelToken | None = None,
                      expected_sha256: str | None = None,
                      expected_size: int | None = None, *,
                      size: int | None = None) -> PendingFile:
        """Encrypt ``plain`` into a temporary file, not yet durable nor in place.

        ``size`` is how many bytes ``plain`` holds; without it, ``expected_size`` is
        taken. It must be known before the first byte is written, since the encrypted
        length header comes first. If ``plain`` holds more or fewer bytes, WillayError
        (VerificationError when the size came from ``expected_size``) is raised and
        nothing is kept.

        :meth:`settle` makes it durable and puts it in place; :meth:`discard` removes it.
        Several originals written this way can be made durable together, so the disk
        flushes one while the next is encrypted.
        """
        self._writer.require()
        encryption = Encryption(self._file_key, plain, label, progress, cancel,
                                expected_sha256, expected_size, size)
        tmp = self.root / f"{TEMP_PREFIX}{uuid.uuid4().hex}"
        try:
            with private_new_file(tmp) as file, DiskWriter(file) as out:
                for piece in encryption:
                    out.write(piece)
            sha256, stored_size = encryption.verified()
            return PendingFile(sha256, stored_size, tmp, label)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            if isinstance(exc, OSError):
                raise write_error(self.root.parent, exc, label) from exc
            raise

    def settle(self, pending: list[PendingFile]) -> list[StoredFile]:
        """Make written originals durable (fsync) and move them into place, in order.

        An original already stored is kept and its new copy dropped (``new`` is False).
        """
        self._writer.require()
        done: list[StoredFile] = []
        try:
            self._writer.claim({self.name_for(item.sha256): item.sha256 for item in pending
                                if not self.has(item.sha256)})
            for item in pending:
                fd = os.open(item.tmp, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
            folders: set[Path] = set()
            for item in pending:
                final = self.path_for(item.sha256)
                if final.exists():
                    item.tmp.unlink()
                    done.append(StoredFile(item.sha256, item.size, final, new=False))
                    continue
                final.parent.mkdir(mode=0o700, exist_ok=True)
                os.replace(item.tmp, final)
                folders.add(final.parent)
                done.append(StoredFile(item.sha256, item.size, final, new=True))
            for folder in sorted(folders):
                fsync_dir(folder)
            return done
        except BaseException as exc:
            self.discard(pending)
            for stored in done:
                if stored.new:
                    self.remove(stored.sha256)
            if isinstance(exc, OSError):
                raise write_error(self.root.parent, exc, _labels(pending)) from exc
            raise

    def discard(self, pending: list[PendingFile]) -> None:
        """Remove written originals that were not settled."""
        for item in pending:
            with contextlib.suppress(OSError):
                item.tmp.unlink()

    def read_chunks(self, sha256: str) -> Iterator[bytes]:
        """Yield the plaintext of an original, chunk by chunk, each authenticated first.

        Only the plaintext is yielded (in format 2, not the length header nor the
        padding); an empty original may yield no chunk at all.
        """
        path = self.path_for(sha256)
        where = _("the original {id}").format(id=sha256[:12])
        try:
            handle = open_for_reading(path)  # closed by the generator below
        except FileNotFoundError:
            raise VerificationError(_("{where}: its encrypted file is missing.").format(
                where=where)) from None
        with handle:
            yield from object_format.decrypted(self._file_key, handle,
                                               os.fstat(handle.fileno()).st_size, where)

    def check(self, sha256: str, size: int, cancel: CancelToken | None = None) -> str | None:
        """Decrypt an original and compare hash and size; return what is wrong, or None.

        Raises Cancelled at the next chunk once ``cancel`` is set.
        """
        return object_format.check(self.read_chunks(sha256), sha256, size, cancel)

    def remove(self, sha256: str) -> None:
        """Delete an original's encrypted file (for purges)."""
        self._writer.require()
        path = self.path_for(sha256)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            fsync_dir(path.parent)

    def remove_leftovers(self, names: list[str], known: set[str]) -> int:
        """Delete the listed files whose SHA-256 is not in ``known``, and every temporary
        file; return how many went. Only the writer lock's holder may call this."""
        self._writer.require()
        wanted = {self.name_for(sha) for sha in known}
        removed = 0
        doomed = [self._path_named(name) for name in set(names) - wanted
                  if len(name) == 64 and all(c in "0123456789abcdef" for c in name)]
        for path in [*doomed, *self.root.glob(f"{TEMP_PREFIX}*")]:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed += 1
        for folder in {path.parent for path in doomed} | {self.root}:
            with contextlib.suppress(OSError):
                fsync_dir(folder)
        return removed


def _labels(pending: list[PendingFile]) -> str | None:
    named = [item.label for item in pending if item.label]
    if len(named) > 2:
        more = len(named) - 1
        return ngettext("{first} and {count} more original", "{first} and {count} more originals",
                        more).format(first=named[0], count=number(more))
    if len(named) == 2:
        return _("{first} and {second}").format(first=named[0], second=named[1])
    return named[0] if named else None
