"""Text folding shared by search, places and vocabularies, and the apostrophe of
Quechua and Aymara writing."""

from __future__ import annotations

import re
import unicodedata

# The combining marks of Latin letters (all of U+0300 to U+036F but the grapheme joiner,
# which is not one): what NFKD leaves of á, ñ, ü.
_LATIN_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]+")


def fold(text: str) -> str:
    """Return ``text`` without accents and case, for accent-insensitive matching.

    "Apurímac" and "APURIMAC" both fold to "apurimac"; "Ñ" folds to "n".
    """
    if text.isascii():  # no accents to take off; casefold is lower for ASCII letters
        return text.lower()
    decomposed = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    if decomposed.isascii():  # Spanish, Quechua, Aymara: taken off at once
        return decomposed.lower()
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

