"""``objects/``: original media, each file encrypted, named by a keyed hash of its content.

File layout: the 16-byte magic ``WILLAY-OBJECT/1\\n``, a 16-byte random nonce, then the
plaintext in age's STREAM construction (64 KiB ChaCha20-Poly1305 chunks) under a payload
key derived from the vault's objects key and that nonce. The file name is
HMAC-SHA256(names key, SHA-256 of the plaintext), so the name never reveals which known
photo the vault holds, and the same bytes are stored once.

Writes are crash-safe: a temporary file in ``objects/`` is written, fsynced and renamed
into place before the database commit that refers to it. Only the holder of the vault's
writer lock writes here, and it lists each file before putting it in place
(:mod:`willay.core.writer_lock`); the files an interrupted writer listed, and its
temporary files, are removed by the next one when no row refers to them.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from willay.core import stream
from willay.core.errors import VerificationError, WillayError
from willay.core.fileio import fsync_dir, private_new_file, write_error
from willay.core.writer_lock import WriterLock

MAGIC = b"WILLAY-OBJECT/1\n"
TEMP_PREFIX = ".incoming-"

Progress = Callable[[int], None]


class Cancelled(WillayError):
    """The user cancelled a long operation; nothing was kept."""


class CancelToken:
    """A plain flag the GUI sets to stop long core work between chunks."""

    def __init__(self) -> None:
        self.cancelled = False

    def cancel(self) -> None:
        """Ask the work to stop at the next chunk."""
        self.cancelled = True


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


class _HashingReader:
    """Reads a file while hashing and counting what was read, reporting progress."""

    def __init__(self, source: stream.Readable, label: str, progress: Progress | None,
                 cancel: CancelToken | None) -> None:
        self._source = source
        self._label = label
        self._progress = progress
        self._cancel = cancel
        self.hash = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        if self._cancel is not None and self._cancel.cancelled:
            raise Cancelled("Cancelled; nothing was stored.")
        try:
            data = self._source.read(size)
        except OSError as exc:  # told apart from writing errors, which name the vault
            raise WillayError(f"Cannot read {self._label}: {exc.strerror}. Nothing of it "
                              "was kept.") from exc
        self.hash.update(data)
        self.size += len(data)
        if self._progress is not None and data:
            self._progress(self.size)
        return data


class ObjectStore:
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

    def put(self, source: Path, progress: Progress | None = None,
            cancel: CancelToken | None = None) -> StoredFile:
        """Encrypt the file at ``source`` into the store; return its hash and size.

        Memory stays at a few chunks whatever the file size. On any failure (a full
        disk, a vanished file, a cancel) the temporary file is removed and nothing is
        stored.
        """
        try:
            plain = open(source, "rb")  # noqa: SIM115 - closed just below
        except OSError as exc:
            raise WillayError(f"Cannot read {source}: {exc.strerror}.") from exc
        with plain:
            return self.put_stream(plain, source.name, progress, cancel)

    def put_stream(self, plain: stream.Readable, label: str, progress: Progress | None = None,
                   cancel: CancelToken | None = None, expected_sha256: str | None = None,
                   expected_size: int | None = None) -> StoredFile:
        """Encrypt everything ``plain`` yields into the store, as :meth:`put` does.

        With ``expected_sha256``/``expected_size`` (an original arriving in a bundle), a
        mismatch raises VerificationError and nothing is stored.
        """
        pending = self.write_pending(plain, label, progress, cancel, expected_sha256,
                                     expected_size)
        return self.settle([pending])[0]

    def write_pending(self, plain: stream.Readable, label: str,
                      progress: Progress | None = None, cancel: CancelToken | None = None,
                      expected_sha256: str | None = None,
                      expected_size: int | None = None) -> PendingFile:
        """Encrypt ``plain`` into a temporary file, not yet durable nor in place.

        :meth:`settle` makes it durable and puts it in place; :meth:`discard` removes it.
        Several originals written this way can be made durable together, so the disk
        flushes one while the next is encrypted.
        """
        self._writer.require()
        tmp = self.root / f"{TEMP_PREFIX}{uuid.uuid4().hex}"
        nonce = os.urandom(stream.NONCE_BYTES)
        key = stream.payload_key(self._file_key, nonce)
        try:
            with private_new_file(tmp) as out:
                reader = _HashingReader(plain, label, progress, cancel)
                out.write(MAGIC + nonce)
                for chunk in stream.encrypt_chunks(key, reader):
                    out.write(chunk)
            sha256 = reader.hash.hexdigest()
            if expected_sha256 is not None and sha256 != expected_sha256:
                raise VerificationError(f"{label}: its content does not match its SHA-256.")
            if expected_size is not None and reader.size != expected_size:
                raise VerificationError(f"{label}: its size does not match the manifest.")
            return PendingFile(sha256, reader.size, tmp, label)
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
        """Yield the plaintext of an original, chunk by chunk, each authenticated first."""
        path = self.path_for(sha256)
        where = f"object {sha256[:12]}"
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed by the generator below
        except FileNotFoundError:
            raise VerificationError(f"{where}: its encrypted file is missing.") from None
        with handle:
            header = handle.read(len(MAGIC) + stream.NONCE_BYTES)
            if len(header) != len(MAGIC) + stream.NONCE_BYTES or not header.startswith(MAGIC):
                raise VerificationError(f"{where}: its encrypted file is damaged (bad header).")
            key = stream.payload_key(self._file_key, header[len(MAGIC):])
            yield from stream.decrypt_chunks(key, handle, where)

    def check(self, sha256: str, size: int) -> str | None:
        """Decrypt an original and compare hash and size; return what is wrong, or None."""
        digest = hashlib.sha256()
        total = 0
        try:
            for chunk in self.read_chunks(sha256):
                digest.update(chunk)
                total += len(chunk)
        except VerificationError as exc:
            return str(exc).split(": ", 1)[-1]
        if digest.hexdigest() != sha256:
            return "its content does not match its SHA-256"
        if total != size:
            return f"its size is {total} bytes, not {size}"
        return None

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
        return f"{named[0]} and {len(named) - 1} more originals"
    return " and ".join(named) or None
