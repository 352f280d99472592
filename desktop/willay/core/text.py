"""Text folding shared by search, places and vocabularies, and the apostrophe of
Quechua and Aymara writing."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Return ``text`` without accents and case, for accent-insensitive matching.

    "Apurímac" and "APURIMAC" both fold to "apurimac"; "Ñ" folds to "n".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


# An apostrophe between two letters (straight, curly or the modifier letter ʼ), as in the
# Quechua and Aymara p'unchaw, ch'aki, t'anta.
INNER_APOSTROPHE = re.compile(r"(?<=\w)['\u2019\u02bc`\u00b4](?=\w)")
_WRITTEN_WITH_APOSTROPHE = re.compile(r"\w+(?:['\u2019\u02bc`\u00b4]\w+)+")


def joined_apostrophes(text: str) -> str:
    """Return ``text`` with the apostrophes between two letters taken out (p'unchaw)."""
    return INNER_APOSTROPHE.sub("", text)


def apostrophe_parts(text: str) -> list[str]:
    """The parts of each word of ``text`` written with an apostrophe between two letters,
    in order ("chay p'unchaw": ["p", "unchaw"])."""
    return [part for word in _WRITTEN_WITH_APOSTROPHE.findall(text)
            for part in INNER_APOSTROPHE.split(word)]

