"""``objects/``: original media, each file encrypted, named by a keyed hash of its content.

File layout: the 16-byte magic ``WILLAY-OBJECT/2\\n``, a 16-byte random nonce, then, in
age's STREAM construction (64 KiB ChaCha20-Poly1305 chunks) under a payload key derived
from the vault's objects key and that nonce: the plaintext's length (8 bytes, big-endian),
the plaintext, and zero bytes up to the Padmé length of the two together
(:mod:`willay.core.formats.padding`). The file's size so reveals only a rounded size, so a copy of
a known photo cannot be matched to a stored file by its size. Files of format 1
(``WILLAY-OBJECT/1\\n``: the plaintext alone in the stream, unpadded) are still read.
The file name is HMAC-SHA256(names key, SHA-256 of the plaintext), so the name never
reveals which known photo the vault holds, and the same bytes are stored once.

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
import itertools
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from willay.core.disk_io import DiskWriter, open_for_reading
from willay.core.errors import VerificationError, WillayError
from willay.core.fileio import fsync_dir, private_new_file, write_error
from willay.core.formats import padding, stream
from willay.core.i18n import _, ngettext, number
from willay.core.progress import Cancelled, CancelToken, Progress
from willay.core.vault.writer_lock import WriterLock

MAGIC = b"WILLAY-OBJECT/2\n"
MAGIC_V1 = b"WILLAY-OBJECT/1\n"
LENGTH_BYTES = 8
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
            raise Cancelled(_("Cancelled; nothing was stored."))
        try:
            data = self._source.read(size)
        except OSError as exc:  # told apart from writing errors, which name the vault
            raise WillayError(_("Cannot read {name}: {reason}. Nothing of it was "
                                "kept.").format(name=self._label, reason=exc.strerror)) from exc
        self.hash.update(data)
        self.size += len(data)
        if self._progress is not None and data:
            self._progress(self.size)
        return data


class _PaddedReader:
    """Reads the length header, exactly ``size`` bytes of ``source``, then zero padding.

    ``mismatch`` makes the error raised when ``source`` ends early or holds more.
    """

    def __init__(self, source: _HashingReader, size: int,
                 mismatch: Callable[[], WillayError]) -> None:
        self._source = source
        self._head = size.to_bytes(LENGTH_BYTES, "big")
        self._left = size
        self._pad = padding.padme(LENGTH_BYTES + size) - LENGTH_BYTES - size
        self._mismatch = mismatch
        self._ended = False

    def read(self, size: int = -1) -> bytes:
        """Return up to ``size`` bytes of the padded stream; empty at its end."""
        if size < 0:
            size = len(self._head) + self._left + self._pad
        if self._head:
            part, self._head = self._head[:size], self._head[size:]
            return part
        if self._left:
            data = self._source.read(min(size, self._left))
            if not data:
                raise self._mismatch()
            self._left -= len(data)
            return data
        if not self._ended:  # one more read must find the end of the source
            self._ended = True
            if self._source.read(1):
                raise self._mismatch()
        zeros = min(size, self._pad)
        self._pad -= zeros
        return bytes(zeros)


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
        announced = size if size is not None else expected_size
        if announced is None or announced < 0:
            raise ValueError(_("{label}: the size must be known before writing (got "
                               "{size}).").format(label=label, size=repr(announced)))

        def mismatch() -> WillayError:
            if size is None:
                return VerificationError(_(
                    "{label}: its size does not match the bundle's list of what it "
                    "holds.").format(label=label))
            return WillayError(ngettext(
                "{label} changed size while it was read (it had {count} byte). Nothing of "
                "it was kept; try again once nothing is writing to it.",
                "{label} changed size while it was read (it had {count} bytes). Nothing of "
                "it was kept; try again once nothing is writing to it.", size
            ).format(label=label, count=number(size)))

        tmp = self.root / f"{TEMP_PREFIX}{uuid.uuid4().hex}"
        nonce = os.urandom(stream.NONCE_BYTES)
        key = stream.payload_key(self._file_key, nonce)
        try:
            with private_new_file(tmp) as file, DiskWriter(file) as out:
                reader = _HashingReader(plain, label, progress, cancel)
                out.write(MAGIC + nonce)
                padded = _PaddedReader(reader, announced, mismatch)
                for chunk in stream.encrypt_chunks(key, padded):
                    out.write(chunk)
            sha256 = reader.hash.hexdigest()
            if expected_sha256 is not None and sha256 != expected_sha256:
                raise VerificationError(_(
                    "{label}: its content does not match its fingerprint (SHA-256); it was "
                    "altered or damaged.").format(label=label))
            if expected_size is not None and reader.size != expected_size:
                raise VerificationError(_(
                    "{label}: its size does not match the bundle's list of what it "
                    "holds.").format(label=label))
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
            header = handle.read(len(MAGIC) + stream.NONCE_BYTES)
            magic = header[:len(MAGIC)]
            if len(header) != len(MAGIC) + stream.NONCE_BYTES or magic not in (MAGIC, MAGIC_V1):
                raise VerificationError(_("{where}: its encrypted file is damaged (its "
                                          "opening bytes are wrong).").format(where=where))
            key = stream.payload_key(self._file_key, header[len(MAGIC):])
            chunks = stream.decrypt_chunks(key, handle, where)
            if magic == MAGIC_V1:
                yield from chunks
            else:
                capacity = _capacity(os.fstat(handle.fileno()).st_size - len(header))
                yield from _unpadded(chunks, capacity, where)

    def check(self, sha256: str, size: int, cancel: CancelToken | None = None) -> str | None:
        """Decrypt an original and compare hash and size; return what is wrong, or None.

        Raises Cancelled at the next chunk once ``cancel`` is set.
        """
        digest = hashlib.sha256()
        total = 0
        try:
            for chunk in self.read_chunks(sha256):
                if cancel is not None and cancel.cancelled:
                    raise Cancelled(_("The vault check was cancelled."))
                digest.update(chunk)
                total += len(chunk)
        except VerificationError as exc:
            return str(exc).split(": ", 1)[-1]
        if digest.hexdigest() != sha256:
            return _("its content does not match its fingerprint (SHA-256)")
        if total != size:
            return _("its size is {found} bytes, not {expected}").format(found=total,
                                                                        expected=size)
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


def _capacity(payload: int) -> int:
    """How many plaintext bytes a STREAM payload of ``payload`` bytes holds."""
    chunks = max(1, -(-payload // (stream.CHUNK + stream.TAG)))
    return payload - chunks * stream.TAG


def _unpadded(chunks: Iterator[bytes], capacity: int, where: str) -> Iterator[bytes]:
    """Yield the plaintext of a format-2 stream: after its length header, before its padding.

    ``capacity`` is what the file can hold. Every departure from the layout
    :meth:`ObjectStore.write_pending` writes is reported as damage.
    """
    def damaged(message: str) -> VerificationError:
        return VerificationError(message.format(where=where, length=length))

    length = 0
    head = next(chunks, b"")  # only a last chunk is short, so the header is all in here
    if len(head) < LENGTH_BYTES:
        raise damaged(_("{where}: its encrypted file is damaged (the length written at its "
                        "start is missing)."))
    length = int.from_bytes(head[:LENGTH_BYTES], "big")
    if LENGTH_BYTES + length > capacity:
        raise damaged(_("{where}: its encrypted file is damaged (it announces {length} bytes, "
                        "more than it can hold)."))
    left = length
    padded = 0
    for chunk in itertools.chain([head[LENGTH_BYTES:]], chunks):
        if left >= len(chunk):
            if chunk:
                yield chunk
            left -= len(chunk)
            continue
        if left:
            yield chunk[:left]
        rest = chunk[left:]
        left = 0
        if rest.count(0) != len(rest):
            raise damaged(_("{where}: its encrypted file is damaged (its padding is not all "
                            "zeros)."))
        padded += len(rest)
    if left:
        raise damaged(_("{where}: its encrypted file is damaged (it ends before its announced "
                        "{length} bytes)."))
    if LENGTH_BYTES + length + padded != padding.padme(LENGTH_BYTES + length):
        raise damaged(_("{where}: its encrypted file is damaged (its padding is not of the "
                        "expected length)."))


def _labels(pending: list[PendingFile]) -> str | None:
    named = [item.label for item in pending if item.label]
    if len(named) > 2:
        more = len(named) - 1
        return ngettext("{first} and {count} more original", "{first} and {count} more originals",
                        more).format(first=named[0], count=number(more))
    if len(named) == 2:
        return _("{first} and {second}").format(first=named[0], second=named[1])
    return named[0] if named else None
