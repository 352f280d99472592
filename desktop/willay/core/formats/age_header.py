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
from willay.core.i18n import _, number

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
            raise ValueError(_("unknown AgeError kind {kind}").format(kind=repr(kind)))
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
        raise ValueError(_("not unpadded standard base64"))
    try:
        data = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except binascii.Error as exc:
        raise ValueError(_("not base64")) from exc
    if b64encode(data) != text:
        raise ValueError(_("base64 is not canonical"))
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

    def fail(self, message: str, **values: object) -> AgeError:
        """The error for a malformed header: ``message`` filled with ``{where}`` and ``values``."""
        return AgeError(HEADER, message.format(where=self.where, **values))

    def raw_line(self) -> bytes:
        room = MAX_HEADER_BYTES - len(self.consumed)
        data = self.source.readline(room + 1)
        if len(data) > room:
            raise self.fail(_(
                "{where} is damaged or is not an age file: its opening section (the age "
                "header) is longer than {size} bytes."), size=number(MAX_HEADER_BYTES))
        self.consumed += data
        return data

    def line(self) -> bytes:
        data = self.raw_line()
        if not data.endswith(b"\n"):
            raise self.fail(_("{where} is cut short: its opening section (the age header) is "
                              "incomplete."))
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
            raise reader.fail(_("{where} is empty; it is not an encrypted file."))
        if _looks_armored(first, source):
            raise AgeError(
                UNSUPPORTED,
                _("{where} is an age file in text form (ASCII-armored, PEM); Willay reads "
                  "only the binary form. Convert it with: age -d, or ask for a file that is "
                  "not armored.").format(where=where),
            )
        if not first.endswith(b"\n") and (VERSION_LINE + b"\n").startswith(first):
            raise reader.fail(_("{where} is cut short: its opening section (the age header) "
                                "is incomplete."))
        if first.startswith(b"age-encryption.org/"):
            raise reader.fail(_("{where} is not an age file Willay can read: its format version "
                                "is not v1 (or its first line is damaged)."))
        raise reader.fail(_("{where} is not an age file (its first line is not "
                            "age-encryption.org/v1)."))

    stanzas: list[Stanza] = []
    while True:
        line = reader.line()
        if line.startswith(MAC_PREFIX):
            if not line.startswith(MAC_PREFIX + b" "):
                raise reader.fail(_("{where} is damaged: the line that seals its opening section "
                                    "is malformed (age header MAC)."))
            try:
                mac = b64decode(line[len(MAC_PREFIX) + 1 :])
            except ValueError:
                raise reader.fail(_("{where} is damaged: the seal of its opening section is not "
                                    "canonical base64 (age header MAC).")) from None
            if len(mac) != MAC_BYTES:
                raise reader.fail(_("{where} is damaged: the seal of its opening section has the "
                                    "wrong length (age header MAC)."))
            if not stanzas:
                raise reader.fail(_("{where} is damaged: it names no one who may open it (the age "
                                    "header lists no recipient)."))
            covered = bytes(reader.consumed[: -(len(line) + 1)]) + MAC_PREFIX
            return Header(tuple(stanzas), mac, covered)
        if not line.startswith(STANZA_PREFIX):
            raise reader.fail(_("{where} is damaged: a line of its opening section is neither a "
                                "recipient (-> …) nor the seal (--- …)."))
        if len(stanzas) >= MAX_STANZAS:
            raise reader.fail(_("{where} names more than {count} recipients; it is damaged or was "
                                "made to cause harm."), count=number(MAX_STANZAS))
        words = line[len(STANZA_PREFIX) :].split(b" ")
        if not all(_is_vchar_word(w) for w in words):
            raise reader.fail(_(
                "{where} is damaged: a recipient line has an empty argument or a character "
                "outside printable ASCII."))
        body = bytearray()
        while True:
            text = reader.line()
            if len(text) > COLUMNS:
                raise reader.fail(_("{where} is damaged: a line of a recipient's key is longer "
                                    "than {columns} columns."), columns=COLUMNS)
            try:
                body += b64decode(text)
            except ValueError:
                raise reader.fail(_(
                    "{where} is damaged: a recipient's key is not canonical base64 (or is "
                    "missing).")) from None
            if len(text) < COLUMNS:
                break
        kind, *args = (w.decode("ascii") for w in words)
        stanzas.append(Stanza(kind, tuple(args), bytes(body)))
