"""Folding accents and case, as search, places and vocabularies compare words."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from willay.core.text import apostrophe_parts, fold, joined_apostrophes


def _folded_letter_by_letter(text: str) -> str:
    """What folding means: decompose, drop every combining mark, then casefold."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def test_accents_case_and_the_tilde_fold_away() -> None:
    assert fold("Apurímac") == fold("APURIMAC") == "apurimac"
    assert fold("Ñuñoa") == "nunoa"
    assert fold("Pillcomarca, HUÁNUCO") == "pillcomarca, huanuco"
    assert fold("p'unchawmi Ch’aki") == "p'unchawmi ch’aki"  # apostrophes stay
    assert fold("STRASSE ß") == "strasse ss"


@given(st.text() | st.text(st.characters(max_codepoint=0x3FF)))  # Latin letters and marks
def test_folding_any_text_is_dropping_its_marks_then_its_case(text: str) -> None:
    assert fold(text) == _folded_letter_by_letter(text)


def test_a_word_with_an_inner_apostrophe_is_found_joined_and_by_its_parts() -> None:
    assert joined_apostrophes("chay p'unchaw t’anta") == "chay punchaw tanta"
    assert apostrophe_parts("chay p'unchaw t’anta") == ["p", "unchaw", "t", "anta"]
