"""JSON from outside, parsed without surprises: size and depth capped, no duplicate keys."""

from __future__ import annotations

import json
import re
from typing import Any

from willay.core.errors import VerificationError

MAX_DEPTH = 24
_SURROGATE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _depth(text: str) -> int:
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def loads(data: bytes, where: str, max_depth: int = MAX_DEPTH) -> Any:
    """Parse UTF-8 JSON from ``where``; malformed, deeply nested or duplicate-keyed is refused."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise VerificationError(f"{where}: not UTF-8 text.") from exc
    if _depth(text) > max_depth:
        raise VerificationError(f"{where}: JSON nested more than {max_depth} levels deep.")
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates,
                           parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise VerificationError(f"{where}: malformed JSON ({exc}).") from exc
    if _SURROGATE.search(text):
        # An escaped half of a surrogate pair on its own is no character: it could not be
        # written back as UTF-8, hashed or stored. Whole pairs decode to one character.
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise VerificationError(f"{where}: text that is not valid Unicode (half of a "
                                    "character).") from None
    return value
