"""The STREAM construction of age's payload: ChaCha20-Poly1305 over 64 KiB chunks.

Each chunk's nonce is an 11-byte big-endian counter followed by a flag byte that is 1
only for the last chunk, so truncation, reordering and extension are all detected.
The payload key is HKDF-SHA256(ikm=file key, salt=16-byte nonce, info="payload").
Plaintext is released chunk by chunk, and only after that chunk authenticated.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from willay.core.errors import VerificationError
from willay.core.i18n import _, number

CHUNK = 64 * 1024
TAG = 16
NONCE_BYTES = 16
_MAX_COUNTER = 2**88 - 1


class Readable(Protocol):
    """Anything with a file-like ``read``."""

    def read(self, size: int = -1, /) -> bytes:
        """Return up to ``size`` bytes; empty at the end."""
        ...


class Writable(Protocol):
    """Anything with a file-like ``write``."""

    def write(self, data: bytes, /) -> int:
        """Write ``data``; return how many bytes were written."""
        ...


def payload_key(file_key: bytes, nonce: bytes) -> bytes:
    """Derive the payload key from a file key and the payload's 16-byte nonce."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=nonce, info=b"payload").derive(file_key)


def _nonce(counter: int, last: bool) -> bytes:
    if counter > _MAX_COUNTER:
        raise VerificationError(_("The encrypted file is longer than its format allows."))
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def read_full(source: Readable, size: int) -> bytes:
    """Read exactly ``size`` bytes, or fewer only at the end of ``source``."""
    parts = []
    remaining = size
    while remaining:
        part = source.read(remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def encrypt_chunks(key: bytes, source: Readable) -> Iterator[bytes]:
    """Yield the encrypted chunks of everything ``source`` holds, under payload ``key``.

    An empty source gives one empty final chunk, as age does. Reads one chunk ahead so
    the last chunk is known without knowing the size in advance.
    """
    aead = ChaCha20Poly1305(key)
    counter = 0
    current = read_full(source, CHUNK)
    while True:
        following = read_full(source, CHUNK) if len(current) == CHUNK else b""
        last = not following
        yield aead.encrypt(_nonce(counter, last), current, None)
        if last:
            return
        counter += 1
        current = following


def decrypt_chunks(key: bytes, source: Readable, where: str) -> Iterator[bytes]:
    """Yield plaintext chunks of the encrypted stream read from ``source``.

    Each chunk is released only once it authenticated. ``where`` names the stream in
    error messages. A missing final chunk (truncation), a flipped bit, a reordered chunk
    or trailing bytes raise VerificationError (the short read that ends the stream
    is where EOF was found, so extra bytes would make the last chunk fail).
    """
    aead = ChaCha20Poly1305(key)

    def next_block() -> bytes:
        return read_full(source, CHUNK + TAG)

    counter = 0
    block = next_block()
    if not block:
        raise VerificationError(_("{where}: the encrypted data is empty or truncated.").format(
            where=where))
    while True:
        following = next_block() if len(block) == CHUNK + TAG else b""
        last = not following
        try:
            plain = aead.decrypt(_nonce(counter, last), block, None)
        except InvalidTag:
            if last and len(block) == CHUNK + TAG:
                # A damaged last piece and a missing one look alike when it is full-size.
                raise VerificationError(
                    _("{where}: the encrypted data is truncated or damaged at its "
                      "end.").format(where=where)
                ) from None
            raise VerificationError(
                _("{where}: the encrypted data is damaged (altered or corrupted) from byte "
                  "{offset} of its content on.").format(where=where,
                                                        offset=number(counter * CHUNK))
            ) from None
        if last and not plain and counter > 0:
            raise VerificationError(_("{where}: the encrypted data ends in an empty part, "
                                      "which Willay never writes.").format(where=where))
        yield plain
        if last:
            return
        counter += 1
        block = following
