"""JSON from outside, parsed without surprises: size and depth capped, no duplicate keys."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from willay.core.errors import VerificationError
from willay.core.i18n import _

MAX_DEPTH = 24
_SURROGATE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(_("duplicate key {key}").format(key=repr(key)))
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise ValueError(_("{name} is not allowed").format(name=name))


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether containers nest in ``value`` more than ``limit`` levels deep.

    Walks the parsed value, not the text: a record's long texts cost nothing, only its
    lists and objects are visited.
    """
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children: Iterable[Any]
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, (dict, list)))
    return False


def loads(data: bytes, where: str, max_depth: int = MAX_DEPTH) -> Any:
    """Parse UTF-8 JSON from ``where``; malformed, deeply nested or duplicate-keyed is refused."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise VerificationError(_("{where}: the text is not in UTF-8; it is damaged or "
                                "was not made by Willay.").format(where=where)
                              ) from exc
    nested = VerificationError(_("{where}: the data is nested more than {depth} levels deep; "
                                "it is damaged or was made to cause harm.").format(
                                    where=where, depth=max_depth))
    try:
        # The parser stops at Python's recursion limit, well before any danger, and the
        # depth allowed is checked on what it returns.
        value = json.loads(text, object_pairs_hook=_no_duplicates,
                           parse_constant=_refuse_constant)
    except RecursionError:
        raise nested from None
    except ValueError as exc:
        raise VerificationError(_("{where}: the data is damaged and cannot be read "
                                "({reason}).").format(where=where, reason=exc)) from exc
    if _deeper_than(value, max_depth):
        raise nested
    if _SURROGATE.search(text):
        # An escaped half of a surrogate pair on its own is no character: it could not be
        # written back as UTF-8, hashed or stored. Whole pairs decode to one character.
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise VerificationError(_("{where}: text that is not valid Unicode (half of a "
                                      "character).").format(where=where)) from None
    return value
