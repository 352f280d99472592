"""Text folding shared by search, places and vocabularies."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Return ``text`` without accents and case, for accent-insensitive matching.

    "Apurímac" and "APURIMAC" both fold to "apurimac"; "Ñ" folds to "n".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()
