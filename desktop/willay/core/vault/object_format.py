"""The encrypted form of an original, wherever it is kept (a vault's files, a hub's rows).

The 16-byte magic ``WILLAY-OBJECT/2\\n``, a 16-byte random nonce, then, in age's STREAM
construction (64 KiB ChaCha20-Poly1305 chunks) under a payload key derived from the
store's file key and that nonce: the plaintext's length (8 bytes, big-endian), the
plaintext, and zero bytes up to the Padmé length of the two together
(:mod:`willay.core.formats.padding`). The stored size so reveals only a rounded size, so a
copy of a known photo cannot be matched to a stored original by its size. Format 1
(``WILLAY-OBJECT/1\\n``: the plaintext alone in the stream, unpadded) is still read.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Callable, Iterator

from willay.core.errors import VerificationError, WillayError
from willay.core.formats import padding, stream
from willay.core.i18n import _, ngettext, number
from willay.core.progress import Cancelled, CancelToken, Progress

MAGIC = b"WILLAY-OBJECT/2\n"
MAGIC_V1 = b"WILLAY-OBJECT/1\n"
HEADER_BYTES = len(MAGIC) + stream.NONCE_BYTES
LENGTH_BYTES = 8


class HashingReader:
    """Reads a source while hashing and counting what was read, reporting progress."""

    def __init__(self, source: stream.Readable, label: str, progress: Progress | None,
                 cancel: CancelToken | None) -> None:
        self._source = source
        self._label = label
        self._progress = progress
        self._cancel = cancel
        self.hash = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        """Return up to ``size`` bytes of the source, hashed and counted."""
        if self._cancel is not None and self._cancel.cancelled:
            raise Cancelled(_("Cancelled; nothing was stored."))
        try:
            data = self._source.read(size)
        except OSError as exc:  # told apart from writing errors, which name the store
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

    def __init__(self, source: HashingReader, size: int,
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


class Encryption:
    """One original being encrypted: iterate it for the bytes to store, then call
    :meth:`verified` for its SHA-256 and size."""

    def __init__(self, file_key: bytes, plain: stream.Readable, label: str,
                 progress: Progress | None, cancel: CancelToken | None,
                 expected_sha256: str | None, expected_size: int | None,
                 size: int | None) -> None:
        announced = size if size is not None else expected_size
        if announced is None or announced < 0:
            raise ValueError(_("{label}: the size must be known before writing (got "
                               "{size}).").format(label=label, size=repr(announced)))
        self._label = label
        self._expected = (expected_sha256, expected_size)
        self._size_known = size is not None
        self._announced = announced
        self.reader = HashingReader(plain, label, progress, cancel)
        self._nonce = os.urandom(stream.NONCE_BYTES)
        self._key = stream.payload_key(file_key, self._nonce)

    def _mismatch(self) -> WillayError:
        if not self._size_known:
            return VerificationError(_(
                "{label}: its size does not match the bundle's list of what it "
                "holds.").format(label=self._label))
        return WillayError(ngettext(
            "{label} changed size while it was read (it had {count} byte). Nothing of "
            "it was kept; try again once nothing is writing to it.",
            "{label} changed size while it was read (it had {count} bytes). Nothing of "
            "it was kept; try again once nothing is writing to it.", self._announced
        ).format(label=self._label, count=number(self._announced)))

    def __iter__(self) -> Iterator[bytes]:
        yield MAGIC + self._nonce
        padded = _PaddedReader(self.reader, self._announced, self._mismatch)
        yield from stream.encrypt_chunks(self._key, padded)

    def verified(self) -> tuple[str, int]:
        """The plaintext's SHA-256 and size, once all was read; VerificationError when
        they are not those expected (an original arriving in a bundle)."""
        sha256 = self.reader.hash.hexdigest()
        expected_sha256, expected_size = self._expected
        if expected_sha256 is not None and sha256 != expected_sha256:
            raise VerificationError(_(
                "{label}: its content does not match its fingerprint (SHA-256); it was "
                "altered or damaged.").format(label=self._label))
        if expected_size is not None and self.reader.size != expected_size:
            raise VerificationError(_(
                "{label}: its size does not match the bundle's list of what it "
                "holds.").format(label=self._label))
        return sha256, self.reader.size


class ChunkReader:
    """Reads the bytes an iterator of chunks yields, as a file is read."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = b""
        self._at = 0

    def read(self, size: int = -1, /) -> bytes:
        """Return up to ``size`` bytes (all that is left for -1); empty at the end."""
        parts = []
        wanted = size
        while wanted != 0:
            if self._at >= len(self._buffer):
                chunk = next(self._chunks, None)
                if chunk is None:
                    break
                self._buffer, self._at = chunk, 0
            end = len(self._buffer) if wanted < 0 else min(len(self._buffer),
                                                            self._at + wanted)
            parts.append(self._buffer[self._at:end])
            if wanted > 0:
                wanted -= end - self._at
            self._at = end
        return b"".join(parts)


def decrypted(file_key: bytes, source: stream.Readable, stored_size: int,
              where: str) -> Iterator[bytes]:
    """Yield the plaintext of an original stored as ``stored_size`` bytes read from
    ``source``, each chunk authenticated first; VerificationError names ``where``."""
    header = source.read(HEADER_BYTES)
    magic = header[:len(MAGIC)]
    if len(header) != HEADER_BYTES or magic not in (MAGIC, MAGIC_V1):
        raise VerificationError(_("{where}: its encrypted file is damaged (its "
                                  "opening bytes are wrong).").format(where=where))
    key = stream.payload_key(file_key, header[len(MAGIC):])
    chunks = stream.decrypt_chunks(key, source, where)
    if magic == MAGIC_V1:
        yield from chunks
    else:
        yield from _unpadded(chunks, _capacity(stored_size - HEADER_BYTES), where)


def check(chunks: Iterator[bytes], sha256: str, size: int,
          cancel: CancelToken | None = None) -> str | None:
    """Read an original's plaintext and compare hash and size; return what is wrong, or
    None. Raises Cancelled at the next chunk once ``cancel`` is set."""
    digest = hashlib.sha256()
    total = 0
    try:
        for chunk in chunks:
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


def _capacity(payload: int) -> int:
    """How many plaintext bytes a STREAM payload of ``payload`` bytes holds."""
    chunks = max(1, -(-payload // (stream.CHUNK + stream.TAG)))
    return payload - chunks * stream.TAG


def _unpadded(chunks: Iterator[bytes], capacity: int, where: str) -> Iterator[bytes]:
    """Yield the plaintext of a format-2 stream: after its length header, before its padding.

    ``capacity`` is what the stream can hold. Every departure from the layout
    :class:`Encryption` writes is reported as damage.
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
