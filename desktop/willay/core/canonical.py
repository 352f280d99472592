"""Canonical JSON: one byte string per value, so that hashes and signatures are stable.

Keys sorted, UTF-8 without escapes, no insignificant whitespace. Floats are refused
(their text form differs between languages); decimal values such as coordinates are
carried as strings. Strings are NFC-normalised by the caller, never here, so that the
bytes hashed are the bytes given.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from willay.core.errors import ValidationError
from willay.core.i18n import _

JSONValue = None | bool | int | str | list["JSONValue"] | dict[str, "JSONValue"]


def _check(value: Any, depth: int = 0) -> None:
    if depth > 32:
        raise ValidationError(_("A value is nested too deeply to be stored (more than 32 "
                                "levels)."))
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        raise ValidationError(_("A number with decimals cannot be stored as a number; store "
                                "it as text."))
    if isinstance(value, list | tuple):
        for item in value:
            _check(item, depth + 1)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValidationError(_("The names of a value's fields must be text."))
            _check(item, depth + 1)
        return
    raise ValidationError(_("A value of type {kind} cannot be stored.").format(
        kind=type(value).__name__))


def canonical_json(value: Any) -> bytes:
    """Return the canonical UTF-8 encoding of ``value`` (sorted keys, no spaces)."""
    _check(value)
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    """Return the lowercase hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()
