"""Bech32 (BIP 173), as age uses it for recipients (``age1…``) and identities."""

from __future__ import annotations

from willay.core.errors import ValidationError
from willay.core.i18n import _

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


def _polymod(values: list[int]) -> int:
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            chk ^= _GENERATOR[i] if (top >> i) & 1 else 0
    return chk


def _expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _convert(data: bytes | list[int], from_bits: int, to_bits: int, pad: bool) -> list[int]:
    acc = bits = 0
    out = []
    maxv = (1 << to_bits) - 1
    for value in data:
        if value < 0 or value >> from_bits:
            raise ValidationError(_("Invalid bech32 data."))
        acc = (acc << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((acc >> bits) & maxv)
    if pad and bits:
        out.append((acc << (to_bits - bits)) & maxv)
    elif not pad and (bits >= from_bits or (acc << (to_bits - bits)) & maxv):
        raise ValidationError(_("Invalid bech32 padding."))
    return out


def encode(hrp: str, data: bytes) -> str:
    """Encode ``data`` under the human-readable part ``hrp`` (lowercase output)."""
    hrp = hrp.lower()
    values = _convert(data, 8, 5, True)
    checksum = _polymod([*_expand(hrp), *values, 0, 0, 0, 0, 0, 0]) ^ 1
    values += [(checksum >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_CHARSET[v] for v in values)


def decode(text: str) -> tuple[str, bytes]:
    """Return ``(hrp, data)`` of a bech32 string; mixed case or a bad checksum is refused.

    Unlike BIP 173 there is no 90-character limit, since age identities are longer.
    """
    if text.lower() != text and text.upper() != text:
        raise ValidationError(_("A bech32 string must not mix upper and lower case."))
    text = text.lower()
    pos = text.rfind("1")
    if pos < 1 or pos + 7 > len(text) or any(ord(c) < 33 or ord(c) > 126 for c in text):
        raise ValidationError(_("Not a bech32 string."))
    hrp, rest = text[:pos], text[pos + 1 :]
    if any(c not in _CHARSET for c in rest):
        raise ValidationError(_("A bech32 string holds a character outside its alphabet."))
    values = [_CHARSET.index(c) for c in rest]
    if _polymod([*_expand(hrp), *values]) != 1:
        raise ValidationError(_("The bech32 checksum does not match (a typo?)."))
    return hrp, bytes(_convert(values[:-6], 5, 8, False))
