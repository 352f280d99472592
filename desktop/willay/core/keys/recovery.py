"""Recovery codes: 160 random bits written as eight groups of Crockford base32."""

from __future__ import annotations

import os

from willay.core.errors import WrongPassphraseError
from willay.core.i18n import _

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})
CODE_BYTES = 20
CODE_CHARS = CODE_BYTES * 8 // 5


def new_recovery_code() -> str:
    """Return a fresh recovery code such as ``7K3M-Q9ZD-...`` (8 groups of 4)."""
    value = int.from_bytes(os.urandom(CODE_BYTES), "big")
    chars = []
    for _position in range(CODE_CHARS):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    text = "".join(reversed(chars))
    return "-".join(text[i : i + 4] for i in range(0, CODE_CHARS, 4))


def recovery_code_bytes(code: str) -> bytes:
    """Decode a recovery code typed by a person: case, spaces, dashes and I/L/O ignored."""
    cleaned = "".join(ch for ch in code.upper() if ch not in " -\t\n").translate(_CONFUSABLE)
    if len(cleaned) != CODE_CHARS or any(ch not in _ALPHABET for ch in cleaned):
        raise WrongPassphraseError(
            _("That is not a recovery code: a recovery code has {count} letters and digits "
              "in groups of four, as shown when the vault was created.").format(count=CODE_CHARS)
        )
    value = 0
    for ch in cleaned:
        value = (value << 5) | _ALPHABET.index(ch)
    return value.to_bytes(CODE_BYTES, "big")
