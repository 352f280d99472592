"""Identity cards: the public half of a vault's identity, exchanged in person.

A card is a small JSON text file::

    {"format": "willay-card/1", "name": ..., "organization": ...,
     "age_recipient": "age1...", "minisign_public_key": "RW...",
     "fingerprint": "3F2A 9C1B ...", "created": ...}

``minisign_public_key`` is exactly the second line of a minisign ``.pub`` file. The
fingerprint is derived from both public keys, so a card whose fingerprint does not
match its keys is refused.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from willay.core import strict_json
from willay.core.canonical import canonical_json
from willay.core.errors import NewerFormatError, ValidationError, VerificationError, WillayError
from willay.core.formats import age, bech32, minisign
from willay.core.i18n import _

FORMAT = "willay-card/1"
MAX_CARD_BYTES = 16 * 1024
FINGERPRINT_BYTES = 16


class CardError(ValidationError):
    """A card file is malformed, of an unknown format, or does not match its keys."""


def fingerprint(x25519_public: bytes, ed25519_public: bytes) -> str:
    """Return the card fingerprint: 32 hex digits in groups of four, easy to read aloud."""
    digest = hashlib.sha256(b"willay-card/1\x00" + x25519_public + ed25519_public).hexdigest()
    text = digest[: FINGERPRINT_BYTES * 2].upper()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalize_fingerprint(text: str) -> str:
    """Return a fingerprint as typed (any case, spaces or none) in its grouped form."""
    compact = "".join(text.split()).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def parse_age_recipient(text: str) -> bytes:
    """Return the X25519 public key of an age recipient string."""
    try:
        hrp, data = bech32.decode(text.strip())
    except ValidationError as exc:
        raise CardError(_("The age recipient is not valid: {reason}").format(reason=exc)) from exc
    if hrp != "age" or len(data) != 32:
        raise CardError(_("The age recipient is not an X25519 recipient (age1…)."))
    return data


@dataclass(frozen=True)
class Card:
    """A parsed, checked card."""

    name: str
    organization: str
    x25519_public: bytes
    ed25519_public: bytes
    created: str

    @property
    def fingerprint(self) -> str:
        """The card's fingerprint, derived from its keys."""
        return fingerprint(self.x25519_public, self.ed25519_public)

    @property
    def age_recipient(self) -> str:
        """The age recipient string of the card."""
        return age.recipient_string(self.x25519_public)

    @property
    def minisign_public_key(self) -> str:
        """The minisign public key line of the card."""
        return minisign.public_key_line(self.ed25519_public)

    def to_dict(self) -> dict[str, Any]:
        """Return the card's JSON document."""
        return {
            "format": FORMAT,
            "name": self.name,
            "organization": self.organization,
            "age_recipient": self.age_recipient,
            "minisign_public_key": self.minisign_public_key,
            "fingerprint": self.fingerprint,
            "created": self.created,
        }

    def to_bytes(self) -> bytes:
        """Return the card file's bytes: readable, indented UTF-8 JSON."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True)
        return (text + "\n").encode("utf-8")

    def canonical(self) -> bytes:
        """Return the card in canonical JSON (for hashing or signing)."""
        return canonical_json(self.to_dict())


def parse_card(data: bytes, where: str) -> Card:
    """Parse and check a card file's bytes; ``where`` names it in messages."""
    if len(data) > MAX_CARD_BYTES:
        raise CardError(_("{where} is too large to be a Willay card.").format(where=where))
    try:
        doc = strict_json.loads(data, where)
    except VerificationError as exc:
        raise CardError(_("{where} is not a Willay card: its text is damaged, or it is another "
                          "kind of file.").format(where=where)) from exc
    return card_from_doc(doc, where)


def card_from_doc(doc: Any, where: str) -> Card:
    """Check a card's parsed JSON document and return the card."""
    if not isinstance(doc, dict):
        raise CardError(_("{where} is not a Willay card.").format(where=where))
    fmt = doc.get("format")
    if not isinstance(fmt, str) or not fmt.startswith("willay-card/"):
        raise CardError(_("{where} is not a Willay card (its format is {format}).").format(
            where=where, format=repr(fmt)))
    if fmt != FORMAT:
        raise NewerFormatError(
            _("{where} is a card of format {format}, which this version of Willay does not "
              "read. Update Willay.").format(where=where, format=fmt)
        )
    fields = {}
    for key in ("name", "organization", "age_recipient", "minisign_public_key", "fingerprint",
                "created"):
        value = doc.get(key)
        if not isinstance(value, str):
            raise CardError(_("{where}: the card's {field} is missing or not text.").format(
                where=where, field=repr(key)))
        fields[key] = value
    x_pub = parse_age_recipient(fields["age_recipient"])
    try:
        _key_id, ed_pub = minisign.parse_public_key_line(fields["minisign_public_key"])
    except ValidationError as exc:
        raise CardError(str(exc)) from exc
    card = Card(fields["name"].strip(), fields["organization"].strip(), x_pub, ed_pub,
                fields["created"])
    written = fields["fingerprint"]
    if normalize_fingerprint(written) != card.fingerprint:
        raise CardError(
            _("{where}: the fingerprint written on the card ({written}) does not match its "
              "keys ({derived}). The card was altered; do not trust it.").format(
                  where=where, written=written, derived=card.fingerprint)
        )
    if not card.name:
        raise CardError(_("{where}: the card has no name.").format(where=where))
    return card


def read_card(path: Path) -> Card:
    """Read and check the card file at ``path``."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise WillayError(_("The card file {path} does not exist.").format(path=path)) from None
    except OSError as exc:
        raise WillayError(_("Cannot read the card file {path}: {reason}.").format(
            path=path, reason=exc.strerror)) from exc
    return parse_card(data, str(path))
