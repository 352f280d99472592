"""The header of an age v1 file (https://age-encryption.org/v1), read strictly.

The header is text: the version line, one or more recipient stanzas, and the MAC line::

    age-encryption.org/v1
    -> X25519 <base64 ephemeral share>
    <base64 body, wrapped at 64 columns>
    --- <base64 HMAC-SHA256>

Only canonical encodings are accepted: lines end with a bare LF, base64 has no padding
and no stray bits, body lines are exactly 64 columns except the last (shorter, possibly
empty), stanza arguments are non-empty runs of printable ASCII. The header is capped at
MAX_HEADER_BYTES and MAX_STANZAS. Every failure raises AgeError with ``kind="header"``,
except armored (PEM) input, refused with ``kind="unsupported"``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from willay.core.errors import VerificationError

VERSION_LINE = b"age-encryption.org/v1"
STANZA_PREFIX = b"-> "
MAC_PREFIX = b"---"
MAC_BYTES = 32
COLUMNS = 64
MAX_HEADER_BYTES = 64 * 1024
MAX_STANZAS = 64
ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"

HEADER = "header"
HMAC = "hmac"
NO_MATCH = "no_match"
PAYLOAD = "payload"
UNSUPPORTED = "unsupported"
KINDS = frozenset({HEADER, HMAC, NO_MATCH, PAYLOAD, UNSUPPORTED})

_BASE64_ALPHABET = frozenset(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)


class AgeError(VerificationError):
    """An age file failed to decrypt: malformed, altered, not for us, or unsupported.

    ``kind`` says which: ``"header"`` (malformed or truncated header), ``"hmac"`` (the
    header was altered), ``"no_match"`` (none of our identities opens it), ``"payload"``
    (the encrypted content is truncated or altered) or ``"unsupported"`` (armor,
    passphrase or post-quantum recipients, which Willay refuses by policy).
    """

    def __init__(self, kind: str, message: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown AgeError kind {kind!r}")
        super().__init__(message)
        self.kind = kind


def b64encode(data: bytes) -> bytes:
    """Return standard base64 without padding, as age writes it."""
    return base64.b64encode(data).rstrip(b"=")


def b64decode(text: bytes) -> bytes:
    """Decode unpadded canonical base64; raise ValueError for anything else.

    Refused: padding, characters outside the standard alphabet, an impossible length,
    and non-zero unused bits in the last character (a second spelling of the same bytes).
    """
    if not _BASE64_ALPHABET.issuperset(text) or len(text) % 4 == 1:
        raise ValueError("not unpadded standard base64")
    try:
        data = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except binascii.Error as exc:
        raise ValueError("not base64") from exc
    if b64encode(data) != text:
        raise ValueError("base64 is not canonical")
    return data


@dataclass(frozen=True)
class Stanza:
    """One recipient stanza: its type (first argument), further arguments and body."""

    type: str
    args: tuple[str, ...]
    body: bytes

    def to_bytes(self) -> bytes:
        """Return the stanza as it appears in a header."""
        words = " ".join((self.type, *self.args)).encode("ascii")
        encoded = b64encode(self.body)
        lines = [encoded[i : i + COLUMNS] for i in range(0, len(encoded), COLUMNS)]
        if len(encoded) % COLUMNS == 0:
            lines.append(b"")  # a body always ends with a short (here empty) line
        return STANZA_PREFIX + words + b"\n" + b"".join(line + b"\n" for line in lines)


@dataclass(frozen=True)
class Header:
    """A parsed header: its stanzas, its MAC, and the bytes the MAC covers."""

    stanzas: tuple[Stanza, ...]
    mac: bytes
    mac_input: bytes


def mac_input(stanzas: Sequence[Stanza]) -> bytes:
    """Return the header up to and including ``---``: what the header MAC covers."""
    return VERSION_LINE + b"\n" + b"".join(s.to_bytes() for s in stanzas) + MAC_PREFIX


def format_header(stanzas: Sequence[Stanza], mac: bytes) -> bytes:
    """Return the complete header, MAC line included."""
    return mac_input(stanzas) + b" " + b64encode(mac) + b"\n"


def _is_vchar_word(word: bytes) -> bool:
    return bool(word) and all(33 <= c <= 126 for c in word)


class _LineReader:
    """Reads header lines from ``source`` and keeps them, up to MAX_HEADER_BYTES."""

    def __init__(self, source: BinaryIO, where: str) -> None:
        self.source = source
        self.where = where
        self.consumed = bytearray()

    def fail(self, message: str) -> AgeError:
        return AgeError(HEADER, f"{self.where}: {message}")

    def raw_line(self) -> bytes:
        room = MAX_HEADER_BYTES - len(self.consumed)
        data = self.source.readline(room + 1)
        if len(data) > room:
            raise self.fail(
                f"the age header is longer than {MAX_HEADER_BYTES} bytes; it is damaged "
                "or not an age file."
            )
        self.consumed += data
        return data

    def line(self) -> bytes:
        data = self.raw_line()
        if not data.endswith(b"\n"):
            raise self.fail("the age header is truncated.")
        return data[:-1]


def _looks_armored(first: bytes, source: BinaryIO) -> bool:
    if first.lstrip().startswith(b"-----BEGIN"):
        return True
    if first.strip():
        return False
    return (first + source.read(1024)).lstrip().startswith(b"-----BEGIN")


def read_header(source: BinaryIO, where: str) -> Header:
    """Read and check the header from ``source``, leaving it at the payload nonce.

    Raises AgeError (``kind="header"``, or ``"unsupported"`` for armored input) naming
    ``where``. The MAC is returned, not checked: that needs the file key.
    """
    reader = _LineReader(source, where)
    first = reader.raw_line()
    if first != VERSION_LINE + b"\n":
        if not first:
            raise reader.fail("the file is empty, not an age file.")
        if _looks_armored(first, source):
            raise AgeError(
                UNSUPPORTED,
                f"{where} is an ASCII-armored (PEM) age file; Willay reads only the binary "
                "format. Convert it with: age -d, or ask for an unarmored file.",
            )
        if not first.endswith(b"\n") and (VERSION_LINE + b"\n").startswith(first):
            raise reader.fail("the age header is truncated.")
        if first.startswith(b"age-encryption.org/"):
            raise reader.fail("the age format version is not v1 (or the line is damaged).")
        raise reader.fail("not an age file (the first line is not age-encryption.org/v1).")

    stanzas: list[Stanza] = []
    while True:
        line = reader.line()
        if line.startswith(MAC_PREFIX):
            if not line.startswith(MAC_PREFIX + b" "):
                raise reader.fail("the header's MAC line is malformed.")
            try:
                mac = b64decode(line[len(MAC_PREFIX) + 1 :])
            except ValueError:
                raise reader.fail("the header's MAC is not canonical base64.") from None
            if len(mac) != MAC_BYTES:
                raise reader.fail("the header's MAC has the wrong length.")
            if not stanzas:
                raise reader.fail("the header has no recipient stanza.")
            covered = bytes(reader.consumed[: -(len(line) + 1)]) + MAC_PREFIX
            return Header(tuple(stanzas), mac, covered)
        if not line.startswith(STANZA_PREFIX):
            raise reader.fail("a header line is neither a stanza (-> …) nor the MAC (--- …).")
        if len(stanzas) >= MAX_STANZAS:
            raise reader.fail(f"the header has more than {MAX_STANZAS} recipient stanzas.")
        words = line[len(STANZA_PREFIX) :].split(b" ")
        if not all(_is_vchar_word(w) for w in words):
            raise reader.fail(
                "a stanza has an empty argument or a character outside printable ASCII."
            )
        body = bytearray()
        while True:
            text = reader.line()
            if len(text) > COLUMNS:
                raise reader.fail(f"a stanza body line is longer than {COLUMNS} columns.")
            try:
                body += b64decode(text)
            except ValueError:
                raise reader.fail(
                    "a stanza body is not canonical base64 (or the stanza has no body)."
                ) from None
            if len(text) < COLUMNS:
                break
        kind, *args = (w.decode("ascii") for w in words)
        stanzas.append(Stanza(kind, tuple(args), bytes(body)))
