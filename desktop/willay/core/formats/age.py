"""age v1 encryption to X25519 recipients, and a strict decoder (https://age-encryption.org/v1).

Files written here open with the stock ``age -d``; files from ``age -e -r age1…`` open
here. The decoder refuses by policy what Willay's bundles never use: ASCII armor,
passphrase (scrypt) stanzas and post-quantum recipients (``kind="unsupported"``).
Everything else follows the specification and its test vectors: unknown stanza types
are skipped when an X25519 stanza opens the file, the header MAC is checked before any
payload is read, and plaintext is released one 64 KiB chunk at a time, each only after
it authenticated. Memory use does not grow with the file size.
"""

from __future__ import annotations

import hmac
import io
import os
from collections.abc import Generator, Iterator, Sequence
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import x25519
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from willay.core.errors import ValidationError
from willay.core.formats import bech32, stream
from willay.core.formats.age_header import (
    HEADER,
    HMAC,
    MAX_HEADER_BYTES,
    MAX_STANZAS,
    NO_MATCH,
    PAYLOAD,
    UNSUPPORTED,
    AgeError,
    Stanza,
    b64decode,
    b64encode,
    format_header,
    mac_input,
    read_header,
)
from willay.core.i18n import _, ngettext, number

__all__ = [
    "MAX_HEADER_BYTES",
    "MAX_STANZAS",
    "AgeError",
    "Decryptor",
    "Encryptor",
    "decrypt_bytes",
    "encrypt",
    "encrypt_bytes",
    "format_identity",
    "identity_file",
    "parse_identity",
    "public_key",
    "recipient_string",
]

FILE_KEY_BYTES = 16
KEY_BYTES = 32
X25519_TYPE = "X25519"
X25519_LABEL = b"age-encryption.org/v1/X25519"
SCRYPT_TYPE = "scrypt"
POST_QUANTUM_TYPES = frozenset({"mlkem768x25519"})
IDENTITY_HRP = "age-secret-key-"
RECIPIENT_HRP = "age"
_WRAP_NONCE = bytes(12)
_BLOCK = stream.CHUNK + stream.TAG
_MAX_COUNTER = 2**88 - 1


def _hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(ikm)


def _header_mac(file_key: bytes, covered: bytes) -> bytes:
    return hmac.digest(_hkdf(file_key, b"", b"header"), covered, "sha256")


def _chunk_nonce(counter: int, last: bool) -> bytes:
    if counter > _MAX_COUNTER:
        raise AgeError(PAYLOAD, _("The encrypted file is longer than its format allows."))
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


# --- keys -------------------------------------------------------------------------------


def public_key(secret: bytes) -> bytes:
    """Return the X25519 public key (the recipient) of a 32-byte identity secret."""
    if len(secret) != KEY_BYTES:
        raise ValidationError(_("An age identity secret is 32 bytes."))
    return x25519.X25519PrivateKey.from_private_bytes(secret).public_key().public_bytes_raw()


def recipient_string(public: bytes) -> str:
    """Return the ``age1…`` recipient string of an X25519 public key."""
    if len(public) != KEY_BYTES:
        raise ValidationError(_("An age recipient is a 32-byte X25519 public key."))
    return bech32.encode(RECIPIENT_HRP, public)


def format_identity(secret: bytes) -> str:
    """Return the ``AGE-SECRET-KEY-1…`` line of an identity, in upper case as age writes it."""
    if len(secret) != KEY_BYTES:
        raise ValidationError(_("An age identity secret is 32 bytes."))
    return bech32.encode(IDENTITY_HRP, secret).upper()


def identity_file(secret: bytes, created: str) -> str:
    """Return an identity file exactly as ``age-keygen`` writes it (``created``: RFC 3339)."""
    return (
        f"# created: {created}\n"
        f"# public key: {recipient_string(public_key(secret))}\n"
        f"{format_identity(secret)}\n"
    )


def parse_identity(text: str) -> bytes:
    """Return the 32-byte secret of an X25519 identity, given its line or a whole key file.

    Comment lines (``#``) and blank lines are skipped, as in files from ``age-keygen``;
    exactly one identity must remain. Raises ValidationError, never echoing the secret.
    """
    keys = [s for s in (line.strip() for line in text.splitlines()) if s and s[0] != "#"]
    if not keys:
        raise ValidationError(_("No age identity (AGE-SECRET-KEY-1…) was found."))
    if len(keys) > 1:
        raise ValidationError(ngettext(
            "{count} line holds an identity; give a file with one.",
            "{count} lines hold identities; give a file with one.", len(keys)
        ).format(count=number(len(keys))))
    key = keys[0]
    if key.upper().startswith("AGE-SECRET-KEY-PQ-"):
        raise ValidationError(_(
            "This is a post-quantum age identity; Willay supports X25519 identities only "
            "(AGE-SECRET-KEY-1…)."
        ))
    if key.upper().startswith("AGE-PLUGIN-"):
        raise ValidationError(_("age plugin identities are not supported; use "
                                "AGE-SECRET-KEY-1…."))
    if not key.startswith("AGE-SECRET-KEY-1"):
        raise ValidationError(_("This is not an age identity (it should begin "
                                "AGE-SECRET-KEY-1)."))
    try:
        hrp, secret = bech32.decode(key)
    except ValidationError as exc:
        raise ValidationError(_("The age identity is damaged: {reason}").format(reason=exc)
                              ) from None
    if hrp != IDENTITY_HRP or len(secret) != KEY_BYTES:
        raise ValidationError(_("The age identity does not hold a 32-byte X25519 key."))
    return secret


# --- encryption -------------------------------------------------------------------------


def _x25519_stanza(file_key: bytes, recipient: bytes) -> Stanza:
    ephemeral = x25519.X25519PrivateKey.generate()
    share = ephemeral.public_key().public_bytes_raw()
    try:
        shared = ephemeral.exchange(x25519.X25519PublicKey.from_public_bytes(recipient))
    except ValueError:
        raise ValidationError(
            _("The recipient {recipient} is not a usable X25519 key.").format(
                recipient=recipient_string(recipient))
        ) from None
    wrap_key = _hkdf(shared, share + recipient, X25519_LABEL)
    body = ChaCha20Poly1305(wrap_key).encrypt(_WRAP_NONCE, file_key, None)
    return Stanza(X25519_TYPE, (b64encode(share).decode("ascii"),), body)


def _start(recipients: Sequence[bytes]) -> tuple[bytes, bytes]:
    """Return ``(header and payload nonce, payload key)`` for a new file."""
    if not recipients:
        raise ValidationError(_("An encrypted file needs at least one recipient."))
    if len(recipients) > MAX_STANZAS:
        raise ValidationError(_("An encrypted file may have at most {count} recipients.").format(
            count=number(MAX_STANZAS)))
    for recipient in recipients:
        if len(recipient) != KEY_BYTES:
            raise ValidationError(_("An age recipient is a 32-byte X25519 public key."))
    file_key = os.urandom(FILE_KEY_BYTES)
    stanzas = [_x25519_stanza(file_key, r) for r in recipients]
    header = format_header(stanzas, _header_mac(file_key, mac_input(stanzas)))
    nonce = os.urandom(stream.NONCE_BYTES)
    return header + nonce, stream.payload_key(file_key, nonce)


def encrypt(recipients: Sequence[bytes], source: stream.Readable, out: stream.Writable
            ) -> None:
    """Encrypt everything ``source`` holds to X25519 ``recipients`` and write it to ``out``.

    Reads and writes 64 KiB at a time, whatever the size.
    """
    prefix, key = _start(recipients)
    out.write(prefix)
    for chunk in stream.encrypt_chunks(key, source):
        out.write(chunk)


def encrypt_bytes(recipients: Sequence[bytes], data: bytes) -> bytes:
    """Return ``data`` encrypted to X25519 ``recipients`` as an age file."""
    out = io.BytesIO()
    encrypt(recipients, io.BytesIO(data), out)
    return out.getvalue()


class Encryptor:
    """A writable file object that encrypts what is written to it into ``out``.

    For producers that push data (``tarfile.open(fileobj=..., mode="w|")``). The header
    is written at once; ``close()`` writes the final chunk and must be called for the file
    to be complete (the context manager calls it only when no exception occurred, so
    a failed export never looks finished). ``out`` itself is not closed.
    """

    def __init__(self, recipients: Sequence[bytes], out: BinaryIO) -> None:
        prefix, key = _start(recipients)
        self._out = out
        self._aead = ChaCha20Poly1305(key)
        self._buffer = bytearray()
        self._counter = 0
        self.closed = False
        out.write(prefix)

    def writable(self) -> bool:
        """Return True: this object accepts writes."""
        return True

    def _emit(self, last: bool) -> None:
        nonce = _chunk_nonce(self._counter, last)
        self._out.write(self._aead.encrypt(nonce, bytes(self._buffer), None))
        self._buffer.clear()
        self._counter += 1

    def write(self, data: bytes | bytearray | memoryview) -> int:
        """Encrypt and write ``data`` (buffered to whole chunks); return its length."""
        if self.closed:
            raise ValueError(_("Cannot write to an encrypted file that is already closed."))
        view = memoryview(data).cast("B")
        position = 0
        while position < len(view):
            if len(self._buffer) == stream.CHUNK:
                self._emit(last=False)  # more data follows, so this chunk is not the last
            take = min(stream.CHUNK - len(self._buffer), len(view) - position)
            self._buffer += view[position : position + take]
            position += take
        return len(view)

    def flush(self) -> None:
        """Flush ``out`` (a partial chunk stays buffered until more data or close)."""
        self._out.flush()

    def close(self) -> None:
        """Write the final chunk; the age file is then complete. Idempotent."""
        if not self.closed:
            self._emit(last=True)
            self.closed = True

    def __enter__(self) -> Encryptor:
        """Return self."""
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        """Finish the file, unless the block raised."""
        if exc_type is None:
            self.close()
        else:
            self.closed = True


# --- decryption -------------------------------------------------------------------------


def _unwrap(stanzas: Sequence[Stanza], identities: Sequence[bytes], where: str) -> bytes:
    """Return the file key from the first X25519 stanza one of ``identities`` opens."""
    types = [s.type for s in stanzas]
    if SCRYPT_TYPE in types:
        raise AgeError(
            UNSUPPORTED,
            _("{where} is locked with a passphrase (age scrypt); Willay opens only files "
              "locked for a vault's key (X25519 recipients, age1…).").format(where=where),
        )
    candidates: list[tuple[bytes, bytes]] = []
    for stanza in stanzas:
        if stanza.type != X25519_TYPE:
            continue  # another recipient type: skipped, as the specification requires
        if len(stanza.args) != 1:
            raise AgeError(HEADER, _(
                "{where} is damaged: the list of who may open it is malformed (an X25519 "
                "recipient must have exactly one argument).").format(where=where))
        try:
            share = b64decode(stanza.args[0].encode("ascii"))
        except ValueError:
            raise AgeError(HEADER, _(
                "{where} is damaged: the list of who may open it is malformed (an X25519 "
                "recipient's key share is not canonical base64).").format(where=where)
            ) from None
        if len(share) != KEY_BYTES:
            raise AgeError(HEADER, _(
                "{where} is damaged: the list of who may open it is malformed (an X25519 "
                "recipient's key share is not 32 bytes).").format(where=where))
        if len(stanza.body) != FILE_KEY_BYTES + stream.TAG:
            raise AgeError(HEADER, _(
                "{where} is damaged: the list of who may open it is malformed (an X25519 "
                "recipient's wrapped key has the wrong length).").format(where=where))
        candidates.append((share, stanza.body))

    secrets = []
    for identity in identities:
        if len(identity) != KEY_BYTES:
            raise ValidationError(_("An age identity secret is 32 bytes."))
        secrets.append(x25519.X25519PrivateKey.from_private_bytes(identity))
    for share, body in candidates:
        peer = x25519.X25519PublicKey.from_public_bytes(share)
        for secret in secrets:
            try:
                shared = secret.exchange(peer)
            except ValueError:  # a low-order point: the shared secret would be all zeros
                shared = bytes(KEY_BYTES)
            if not any(shared):
                raise AgeError(
                    HEADER,
                    _("{where} was made to deceive: a key it names is invalid (a "
                      "low-order X25519 point), so neither age nor Willay made it. Do not "
                      "trust it.").format(where=where),
                )
            ours = secret.public_key().public_bytes_raw()
            wrap_key = _hkdf(shared, share + ours, X25519_LABEL)
            try:
                return ChaCha20Poly1305(wrap_key).decrypt(_WRAP_NONCE, body, None)
            except InvalidTag:
                continue

    other = sorted({t for t in types if t != X25519_TYPE})
    if not candidates and POST_QUANTUM_TYPES.intersection(other):
        raise AgeError(
            UNSUPPORTED,
            _("{where} was locked only for post-quantum recipients ({types}); Willay "
              "opens files locked for X25519 recipients (age1…).").format(
                  where=where, types=", ".join(other)),
        )
    count = len(stanzas)
    if other:
        message = ngettext(
            "{where} was not locked for this vault's key: it was made for another "
            "recipient, of a kind Willay does not use ({types}).",
            "{where} was not locked for this vault's key: it was made for {count} other "
            "recipients, some of a kind Willay does not use ({types}).", count)
    else:
        message = ngettext(
            "{where} was not locked for this vault's key: it was made for another "
            "recipient.",
            "{where} was not locked for this vault's key: it was made for {count} other "
            "recipients.", count)
    raise AgeError(NO_MATCH, message.format(where=where, count=number(count),
                                            types=", ".join(other)))


class Decryptor:
    """A strict reader of one age file encrypted to X25519 recipients.

    The constructor reads the header, finds the file key with one of ``identities``
    (32-byte X25519 secrets), checks the header MAC and reads the payload nonce; every
    failure raises AgeError naming ``where``. The payload is then read by ``chunks()``
    or through ``reader()``, once.
    """

    def __init__(self, identities: Sequence[bytes], source: BinaryIO, where: str) -> None:
        self.where = where
        self._source = source
        header = read_header(source, where)
        self.stanza_types = tuple(s.type for s in header.stanzas)
        file_key = _unwrap(header.stanzas, identities, where)
        if not hmac.compare_digest(_header_mac(file_key, header.mac_input), header.mac):
            raise AgeError(HMAC, _(
                "{where} was altered: the seal on the list of who may open it does not "
                "match (age header MAC). Do not trust it.").format(where=where))
        nonce = stream.read_full(source, stream.NONCE_BYTES)
        if len(nonce) != stream.NONCE_BYTES:
            raise AgeError(HEADER, _(
                "{where} is cut short: the file ends before its encrypted content "
                "begins.").format(where=where))
        self._key = stream.payload_key(file_key, nonce)
        self._started = False

    def chunks(self) -> Generator[bytes, None, None]:
        """Yield the plaintext, one chunk (up to 64 KiB) at a time, each once authenticated.

        A truncated, reordered, altered or extended payload raises AgeError
        (``kind="payload"``) where the damage is found; what was yielded before is
        authentic. Iterate to the end: only then is the whole file known to be intact.
        """
        if self._started:
            raise RuntimeError(_("The content of an encrypted file can be read only once."))
        self._started = True
        return self._chunks()

    def _chunks(self) -> Generator[bytes, None, None]:
        where = self.where
        aead = ChaCha20Poly1305(self._key)
        counter = 0
        while True:
            block = stream.read_full(self._source, _BLOCK)
            if not block:
                raise AgeError(
                    PAYLOAD,
                    _("{where} is cut short: the end of its encrypted content is "
                      "missing.").format(where=where),
                )
            last = len(block) < _BLOCK
            if last and len(block) == stream.TAG and counter > 0:
                raise AgeError(
                    PAYLOAD,
                    _("{where}: the encrypted content ends with an empty part, which "
                      "neither age nor Willay writes; it was altered.").format(where=where),
                )
            try:
                plain = aead.decrypt(_chunk_nonce(counter, last), block, None)
            except InvalidTag:
                if last:
                    raise AgeError(
                        PAYLOAD,
                        _("{where}: the encrypted data is altered, damaged or truncated at "
                          "its end (from byte {offset} of its content on).").format(
                              where=where, offset=number(counter * stream.CHUNK)),
                    ) from None
                try:  # a full-size chunk may be the final one
                    plain = aead.decrypt(_chunk_nonce(counter, True), block, None)
                except InvalidTag:
                    raise AgeError(
                        PAYLOAD,
                        _("{where}: the encrypted data is altered, damaged or truncated "
                          "from byte {offset} of its content on.").format(
                              where=where, offset=number(counter * stream.CHUNK)),
                    ) from None
                last = True
            yield plain
            if last:
                if self._source.read(1):
                    raise AgeError(
                        PAYLOAD, _("{where}: data follows the end of the encrypted "
                                   "content.").format(where=where)
                    )
                return
            counter += 1

    def reader(self) -> io.BufferedReader:
        """Return a read-only binary file object over the plaintext (for a tar reader).

        Reading raises AgeError where the payload fails; read to the end (``read()``
        returns ``b""``) to be sure the whole file was intact.
        """
        return io.BufferedReader(_ChunkReader(self.chunks()), buffer_size=stream.CHUNK)


class _ChunkReader(io.RawIOBase):
    """A raw file object reading from an iterator of byte chunks."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self._chunks = chunks
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        """Return True."""
        return True

    # typeshed's RawIOBase.readinto takes any buffer; this reader fills writable bytes only.
    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """Fill ``buffer`` from the next chunks; return 0 at the end."""
        while not self._pending:
            try:
                self._pending = memoryview(next(self._chunks))
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._pending))
        memoryview(buffer).cast("B")[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def decrypt_bytes(identities: Sequence[bytes], data: bytes, where: str | None = None) -> bytes:
    """Return the plaintext of the age file ``data``; raise AgeError if anything fails.

    ``where`` names the file in messages ("the encrypted file" when not given).
    """
    named = _("the encrypted file") if where is None else where
    return b"".join(Decryptor(identities, io.BytesIO(data), named).chunks())
