"""minisign signatures (https://jedisct1.github.io/minisign/), written and checked.

A signature file, as ``minisign -S`` writes it::

    untrusted comment: <text>
    <base64("ED" + key id (8 bytes) + Ed25519 signature of BLAKE2b-512(file))>
    trusted comment: <text>
    <base64(Ed25519 signature of (the signature above + the trusted comment))>

Signatures made here use that default prehashed algorithm ("ED") and verify with the
stock ``minisign -V``. Verification also accepts the legacy algorithm ("Ed", the
signature is over the file itself) that ``minisign -S -l`` and old versions write.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from willay.core.errors import ValidationError, VerificationError
from willay.core.formats.stream import Readable
from willay.core.i18n import _, number

PREHASHED = b"ED"
LEGACY = b"Ed"
KEY_ID_BYTES = 8
SIGNATURE_BYTES = 64
UNTRUSTED_PREFIX = "untrusted comment: "
TRUSTED_PREFIX = "trusted comment: "
DEFAULT_UNTRUSTED_COMMENT = "signature from willay"
# minisign's own limits (COMMENTMAXBYTES, TRUSTEDCOMMENTMAXBYTES), prefix and NUL included.
MAX_UNTRUSTED_COMMENT = 1024 - len(UNTRUSTED_PREFIX) - 1
MAX_TRUSTED_COMMENT = 8192 - len(TRUSTED_PREFIX) - 1
MAX_SIGNATURE_FILE = 16 * 1024
_READ_SIZE = 64 * 1024


def format_key_id(key_id: bytes) -> str:
    """Return a key id as minisign prints it: a little-endian number in uppercase hex.

    minisign prints it without leading zeros (``%PRIX64``), so it has 16 digits or fewer.
    """
    return format(int.from_bytes(key_id, "little"), "X")


def derive_key_id(ed25519_public: bytes) -> bytes:
    """Return the 8-byte key id Willay gives an Ed25519 public key (derived, so stable)."""
    return hashlib.blake2b(ed25519_public, digest_size=KEY_ID_BYTES).digest()


def public_key_line(ed25519_public: bytes) -> str:
    """Return the public key line ("RW…") of a ``.pub`` file for an Ed25519 public key."""
    return base64.b64encode(LEGACY + derive_key_id(ed25519_public) + ed25519_public).decode("ascii")


def parse_public_key_line(line: str) -> tuple[bytes, bytes]:
    """Return ``(key id, Ed25519 public key)`` of a public key line ("RW…")."""
    try:
        raw = base64.b64decode(line.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError(_("The minisign public key is not base64.")) from exc
    if len(raw) != 2 + KEY_ID_BYTES + 32 or raw[:2] != LEGACY:
        raise ValidationError(_("The minisign public key is not an Ed25519 key of minisign's "
                                "format."))
    return raw[2:2 + KEY_ID_BYTES], raw[2 + KEY_ID_BYTES:]


def public_key_file(ed25519_public: bytes, untrusted_comment: str | None = None) -> str:
    """Return the text of a minisign ``.pub`` file for an Ed25519 public key."""
    if untrusted_comment is None:
        key_id = derive_key_id(ed25519_public)
        untrusted_comment = f"minisign public key {format_key_id(key_id)}"
    _check_comment(untrusted_comment, MAX_UNTRUSTED_COMMENT, trusted=False)
    return f"{UNTRUSTED_PREFIX}{untrusted_comment}\n{public_key_line(ed25519_public)}\n"


def _check_comment(text: str, limit: int, *, trusted: bool) -> bytes:
    if "\n" in text or "\r" in text:
        raise ValidationError(_("A minisign trusted comment must be a single line.") if trusted
                              else _("A minisign untrusted comment must be a single line."))
    encoded = text.encode("utf-8")
    if len(encoded) > limit:
        message = (_("A minisign trusted comment may be at most {limit} bytes.") if trusted
                   else _("A minisign untrusted comment may be at most {limit} bytes."))
        raise ValidationError(message.format(limit=number(limit)))
    return encoded


def _blake2b_512(data: bytes | Readable) -> bytes:
    if isinstance(data, bytes | bytearray | memoryview):
        return hashlib.blake2b(data).digest()
    digest = hashlib.blake2b()
    while block := data.read(_READ_SIZE):
        digest.update(block)
    return digest.digest()


def _read_all(data: bytes | Readable) -> bytes:
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    return b"".join(iter(lambda: data.read(_READ_SIZE), b""))


def sign(
    secret_key: ed25519.Ed25519PrivateKey,
    data: bytes | Readable,
    trusted_comment: str,
    untrusted_comment: str = DEFAULT_UNTRUSTED_COMMENT,
    key_id: bytes | None = None,
) -> str:
    """Return a minisign signature file (prehashed "ED") of ``data`` (bytes or a stream).

    A stream is hashed 64 KiB at a time. ``key_id`` defaults to the id Willay derives
    from the public key (the one its cards and ``public_key_file`` carry).
    """
    trusted = _check_comment(trusted_comment, MAX_TRUSTED_COMMENT, trusted=True)
    _check_comment(untrusted_comment, MAX_UNTRUSTED_COMMENT, trusted=False)
    if key_id is None:
        key_id = derive_key_id(secret_key.public_key().public_bytes_raw())
    if len(key_id) != KEY_ID_BYTES:
        raise ValueError(_("A minisign key id is 8 bytes."))
    signature = secret_key.sign(_blake2b_512(data))
    global_signature = secret_key.sign(signature + trusted)
    line = base64.b64encode(PREHASHED + key_id + signature).decode("ascii")
    global_line = base64.b64encode(global_signature).decode("ascii")
    return (
        f"{UNTRUSTED_PREFIX}{untrusted_comment}\n{line}\n"
        f"{TRUSTED_PREFIX}{trusted_comment}\n{global_line}\n"
    )


@dataclass(frozen=True)
class Signature:
    """A parsed signature file."""

    algorithm: bytes
    key_id: bytes
    signature: bytes
    trusted_comment: bytes
    global_signature: bytes


def _b64(text: str) -> bytes:
    raw = text.encode("ascii", errors="replace")
    data = base64.b64decode(raw, validate=True)
    if base64.b64encode(data) != raw:
        raise ValueError(_("not canonical base64"))
    return data


def parse_signature(signature_text: str, where: str) -> Signature:
    """Parse a minisign signature file; raise VerificationError naming ``where`` if malformed."""

    def malformed(message: str) -> VerificationError:
        return VerificationError(message.format(where=where))

    if len(signature_text) > MAX_SIGNATURE_FILE:
        raise malformed(_("{where} is not a valid minisign signature: it is too large."))
    lines = [line.removesuffix("\r") for line in signature_text.split("\n")]
    if len(lines) < 4 or any(line for line in lines[4:]):
        raise malformed(_("{where} is not a valid minisign signature: it should have exactly "
                          "four lines."))
    untrusted, encoded, trusted, encoded_global = lines[:4]
    if not untrusted.startswith(UNTRUSTED_PREFIX):
        raise malformed(_('{where} is not a valid minisign signature: its first line does not '
                          'begin "untrusted comment: ".'))
    if not trusted.startswith(TRUSTED_PREFIX):
        raise malformed(_('{where} is not a valid minisign signature: its third line does not '
                          'begin "trusted comment: ".'))
    try:
        raw = _b64(encoded)
        global_signature = _b64(encoded_global)
    except (ValueError, binascii.Error):
        raise malformed(_("{where} is not a valid minisign signature: a signature line is not "
                          "base64.")) from None
    if len(raw) != 2 + KEY_ID_BYTES + SIGNATURE_BYTES or len(global_signature) != SIGNATURE_BYTES:
        raise malformed(_("{where} is not a valid minisign signature: a signature line has the "
                          "wrong length."))
    try:
        comment = trusted[len(TRUSTED_PREFIX) :].encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        raise malformed(_("{where} is not a valid minisign signature: its trusted comment is "
                          "not text.")) from None
    return Signature(
        algorithm=raw[:2],
        key_id=raw[2 : 2 + KEY_ID_BYTES],
        signature=raw[2 + KEY_ID_BYTES :],
        trusted_comment=comment,
        global_signature=global_signature,
    )


def signature_key_id(signature_text: str, where: str) -> bytes:
    """Return the 8-byte key id a signature file names (unverified: to find the key)."""
    return parse_signature(signature_text, where).key_id


def _public_key_line(public_key: str) -> str:
    lines = [line.strip() for line in public_key.splitlines() if line.strip()]
    if len(lines) == 2 and lines[0].startswith(UNTRUSTED_PREFIX):
        return lines[1]
    if len(lines) == 1:
        return lines[0]
    raise ValidationError(_("The minisign public key should be its key line or its .pub "
                            "file."))


def verify(public_key_line: str, data: bytes | Readable, signature_text: str, where: str) -> str:
    """Check a minisign signature of ``data``; return its trusted comment.

    ``public_key_line`` is the key line ("RW…") or a whole ``.pub`` file. Raises
    VerificationError naming ``where`` when the signature file is malformed, uses an
    unknown algorithm, was made by another key, does not match the data, or its trusted
    comment was altered; a malformed public key raises ValidationError.
    """
    key_id, public = parse_public_key_line(_public_key_line(public_key_line))
    parsed = parse_signature(signature_text, where)
    if parsed.algorithm == PREHASHED:
        message = _blake2b_512(data)
    elif parsed.algorithm == LEGACY:
        message = _read_all(data)
    else:
        algorithm = parsed.algorithm.decode("ascii", errors="replace")
        raise VerificationError(
            _("{where} uses an unknown signature algorithm ({algorithm}).").format(
                where=where, algorithm=repr(algorithm))
        )
    if parsed.key_id != key_id:
        raise VerificationError(
            _("{where} was signed by another key {other}, not by {expected}.").format(
                where=where, other=format_key_id(parsed.key_id), expected=format_key_id(key_id))
        )
    verifier = ed25519.Ed25519PublicKey.from_public_bytes(public)
    try:
        verifier.verify(parsed.signature, message)
    except InvalidSignature:
        raise VerificationError(
            _("{where}: the signature does not match the signed data (the data was altered, "
              "or the signature belongs to other data).").format(where=where)
        ) from None
    try:
        verifier.verify(parsed.global_signature, parsed.signature + parsed.trusted_comment)
    except InvalidSignature:
        raise VerificationError(
            _("{where}: the trusted comment's signature does not match (the comment was "
              "altered).").format(where=where)
        ) from None
    try:
        return parsed.trusted_comment.decode("utf-8")
    except UnicodeDecodeError:
        raise VerificationError(_("{where}: the trusted comment is not UTF-8 text.").format(
            where=where)) from None
