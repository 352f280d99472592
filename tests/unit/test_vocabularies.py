"""Controlled vocabularies: contents, code checking and suggestions."""

from __future__ import annotations

import json
import re

import pytest

from willay.core.errors import UnknownCodeError, ValidationError
from willay.core.reference.vocabularies import (
    FORMAT,
    Term,
    Vocabulary,
    vocabulary,
    vocabulary_names,
)
from willay.core.resources import resource_path

EXPECTED = {
    "violations",
    "perpetrators",
    "victim_characteristics",
    "consent_scopes",
    "person_roles",
    "sex_gender",
    "incident_status",
    "date_precision",
    "languages",
}
CODE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


def test_all_vocabularies_are_present() -> None:
    assert set(vocabulary_names()) >= EXPECTED
    assert vocabulary_names() == sorted(vocabulary_names())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_vocabulary_file_is_well_formed(name: str) -> None:
    data = json.loads(resource_path("vocabularies", f"{name}.json").read_text("utf-8"))
    assert data["format"] == FORMAT
    assert data["name"] == name
    assert data["version"]
    assert data["source"]
    assert data["labels"]["es"] and data["labels"]["en"]
    vocab = vocabulary(name)
    assert vocab.name == name
    codes = vocab.codes()
    assert len(codes) == len(set(codes)), "codes must be unique"
    for term in vocab.terms:
        assert CODE.match(term.code), term.code
        assert term.es.strip() and term.en.strip(), term.code
        assert term.es == term.es.strip() and term.en == term.en.strip()
    # Labels identify terms for people: no two terms share one.
    assert len({fold_label(t.es) for t in vocab.terms}) == len(vocab.terms)
    assert len({fold_label(t.en) for t in vocab.terms}) == len(vocab.terms)


def fold_label(text: str) -> str:
    return text.casefold()


def test_check_accepts_case_and_space_variants() -> None:
    violations = vocabulary("violations")
    assert violations.check("killing") == "killing"
    assert violations.check("  Killing ") == "killing"
    assert violations.check("ARBITRARY_DETENTION\n") == "arbitrary_detention"
    assert " Torture " in violations
    assert "nonsense" not in violations
    assert vocabulary("languages").check(" QUZ ") == "quz"


def test_misspelled_code_gets_suggestions() -> None:
    violations = vocabulary("violations")
    with pytest.raises(UnknownCodeError) as caught:
        violations.check("kiling")
    error = caught.value
    assert isinstance(error, ValidationError)
    assert error.suggestions[0] == "killing"
    message = str(error)
    assert message.startswith('Unknown violations code "kiling". Closest: killing (')
    assert "Ejecución extrajudicial" in message
    assert 'see "willay-cli vocab violations"' in message


@pytest.mark.parametrize(
    "text",
    ["detencion arbitraria", "Detención arbitraria", "arbitrary detention", "arbitary_detention"],
)
def test_labels_in_either_language_suggest_the_code(text: str) -> None:
    with pytest.raises(UnknownCodeError) as caught:
        vocabulary("violations").check(text)
    assert caught.value.suggestions[0] == "arbitrary_detention"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("violations", "tortura", "torture"),
        ("violations", "terruqueo", "stigmatisation"),
        ("violations", "perdigones", "injury_pellets"),
        ("perpetrators", "ejercito", "army"),
        ("perpetrators", "policia", "pnp"),
        ("consent_scopes", "publico", "public"),
        ("languages", "awajun", "agr"),
        ("languages", "spanish", "es"),
    ],
)
def test_suggestions_for_spanish_and_english_words(name: str, text: str, expected: str) -> None:
    assert expected in vocabulary(name).suggest(text)


def test_unknown_code_without_close_match() -> None:
    with pytest.raises(UnknownCodeError) as caught:
        vocabulary("consent_scopes").check("zzz")
    assert caught.value.suggestions == []
    assert "internal, partners, legal, public" in str(caught.value)
    with pytest.raises(UnknownCodeError, match="required"):
        vocabulary("violations").check("   ")


def test_labels_by_language() -> None:
    violations = vocabulary("violations")
    assert violations.label("killing", "es") == "Ejecución extrajudicial"
    assert violations.label("Killing", "en") == "Extrajudicial killing"
    assert violations.label("torture", "en-GB") == "Torture"
    assert violations.label("torture", "qu") == "Tortura"  # Spanish for other languages
    assert violations.title("es") == "Tipos de violación"
    term = violations.get("KILLING")
    assert term is not None and term.label("es") == "Ejecución extrajudicial"
    assert violations.get("nope") is None
    with pytest.raises(UnknownCodeError):
        violations.label("nope", "es")


def test_consent_scopes_from_narrowest_to_widest() -> None:
    scopes = vocabulary("consent_scopes")
    assert scopes.codes() == ["internal", "partners", "legal", "public"]
    for term in scopes.terms:
        assert term.description_es and term.description_en
        assert term.description("es") == term.description_es
        assert term.description("en") == term.description_en


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("person_roles", ["victim", "witness", "family_member", "other"]),
        (
            "sex_gender",
            ["female", "male", "non_binary", "other", "unknown", "prefer_not_to_say"],
        ),
        ("incident_status", ["draft", "reviewed"]),
        ("date_precision", ["day", "month", "approximate"]),
    ],
)
def test_fixed_vocabularies(name: str, codes: list[str]) -> None:
    assert vocabulary(name).codes() == codes


def test_violations_cover_protest_repression() -> None:
    codes = set(vocabulary("violations").codes())
    assert {
        "killing",
        "death_in_custody",
        "enforced_disappearance",
        "injury_firearm",
        "injury_pellets",
        "injury_tear_gas_canister",
        "injury_blunt_force",
        "torture",
        "sexual_violence",
        "arbitrary_detention",
        "incommunicado_detention",
        "stigmatisation",
        "criminalisation_of_protest",
    } <= codes
    assert len(codes) >= 20


def test_perpetrators_and_victim_characteristics() -> None:
    assert {"pnp", "army", "navy", "air_force", "serenazgo", "rondas", "unidentified"} <= set(
        vocabulary("perpetrators").codes()
    )
    assert {"minor", "woman", "indigenous", "comunero", "hrd", "lgbti"} <= set(
        vocabulary("victim_characteristics").codes()
    )


def test_languages() -> None:
    languages = vocabulary("languages")
    codes = languages.codes()
    assert codes[:3] == ["es", "qu", "ay"]
    assert {"quz", "quy", "aym", "ayr", "cni", "agr", "shp", "mcb", "hub", "ame"} <= set(codes)
    assert all(re.fullmatch(r"[a-z]{2,3}", code) for code in codes)
    two_letter = [code for code in codes if len(code) == 2]
    assert len(two_letter) >= 180  # all of ISO 639-1
    assert {"en", "pt", "fr", "de", "zh"} <= set(two_letter)
    assert languages.label("es", "es") == "Español"
    assert languages.label("qu", "en") == "Quechua"
    assert languages.label("ay", "es") == "Aimara"


def test_unknown_vocabulary_lists_the_names() -> None:
    with pytest.raises(UnknownCodeError) as caught:
        vocabulary("violation")
    assert caught.value.suggestions == ["violations"]
    assert "consent_scopes" in str(caught.value)


def test_vocabulary_is_cached_and_name_normalised() -> None:
    assert vocabulary("violations") is vocabulary(" Violations ")


def test_vocabulary_rejects_bad_codes() -> None:
    term = Term(code="a", es="A", en="A")
    with pytest.raises(ValueError, match="twice"):
        Vocabulary(name="x", version="1", source="s", labels={}, terms=(term, term))
    with pytest.raises(ValueError, match="snake_case"):
        Vocabulary(
            name="x", version="1", source="s", labels={}, terms=(Term("Bad-Code", "B", "B"),)
        )
