"""Suggested duplicates: incidents near in place, date and violations; people by name."""

from __future__ import annotations

import time
import unicodedata
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from willay.core.reconcile import duplicates, incident_pairs, links
from willay.core.reconcile.duplicates import compare_names, name_key
from willay.core.records import service as records
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines

VARIANTS = [("Quispe", "Quispi"), ("Quispe", "Qhispi"), ("Quispi", "Qhispi"),
            ("Huamán", "Guamán"), ("Huamán", "Waman"), ("Guamán", "Waman"),
            ("Ccori", "Qori"), ("Condori", "Kunturi"), ("Mamani", "Mamane")]
DIFFERENT = [("Quispe", "Mamani"), ("Huamán", "Condori"), ("Ccori", "Condori"),
             ("Mamani", "Machaca"), ("Quispe", "Cusi"), ("Huamán", "Huanca"),
             ("Rosalía", "Rosario"), ("Chambi", "Cambi")]


@pytest.mark.parametrize(("a", "b"), VARIANTS)
def test_every_spelling_variant_of_the_issue_shares_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)
    assert name_key(a.upper()) == name_key(b.lower())


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_clearly_different_names_keep_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def _accented(text: str, data: st.DataObject) -> str:
    out = []
    for ch in text:
        if ch in "aeiou" and data.draw(st.booleans()):
            ch = unicodedata.normalize("NFC", ch + data.draw(st.sampled_from(
                ["\u0301", "\u0300", "\u0308", "\u0302"])))
        out.append(ch.upper() if data.draw(st.booleans()) else ch)
    return "".join(out)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=14), st.data())
def test_the_key_ignores_case_and_accents(word: str, data: st.DataObject) -> None:
    assert name_key(_accented(word, data)) == name_key(word)


# Letters that take part in no two-letter spelling rule (such as ll, cc, qh, hu).
@given(st.text(alphabet="aeimnoprstu", min_size=1, max_size=14), st.data())
def test_a_doubled_letter_does_not_change_the_key(word: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(word) - 1))
    assert name_key(word[:at] + word[at] + word[at:]) == name_key(word)


def test_names_match_with_a_missing_second_surname_but_not_another_given_name() -> None:
    found = compare_names("Rosalía Quispe Ccori", "Rosalia Qhispi")
    assert found is not None
    score, reasons = found
    assert 0.5 < score < 1
    assert [r.text() for r in reasons] == ["same given name (Rosalía)", "Quispe ~ Qhispi",
                                           "only on one side: Ccori"]
    assert compare_names("Juana Quispe Ccori", "Rosalía Qhispi") is None
    assert compare_names("Rosalía Quispe Ccori", "Rosalía Mamani Ccori") is None
    assert compare_names("Rosalía Quispe", "Rosalía") is None  # one word says too little
    # A second given name may be missing too; the first given name must be there.
    assert compare_names("Marco Antonio Huamán Condori", "Marco Guamán Kunturi") is not None
    assert compare_names("Antonio Huamán Condori", "Marco Guamán Kunturi") is None
    exact = compare_names("Juan de la Cruz Mamani", "JUAN DE LA CRUZ MAMANI")
    assert exact is not None and exact[0] == 1.0


INCIDENT: dict[str, Any] = {
    "title": "Enfrentamiento en el puente", "occurred": {"text": "2023-01-09"},
    "place": {"ubigeo": "211101"}, "violations": ["killing"], "killed": 1}


def _incident(session: Any, **changes: Any) -> str:
    return records.create(session, "incident", {**INCIDENT, **changes})


def test_incident_suggestions_need_district_near_dates_and_a_shared_violation(
        vault: Vault) -> None:
    with vault.session() as session:
        a = _incident(session)
        b = _incident(session, title="Muertos en Juliaca", occurred={"text": "2023-01-10"},
                      violations=["killing", "injury_firearm"])
        month = _incident(session, title="Enero en Juliaca", occurred={"text": "2023-01"})
        _incident(session, title="Dos días después", occurred={"text": "2023-01-11"},
                  violations=["torture"])
        _incident(session, title="Otro distrito", place={"ubigeo": "210101"})
        _incident(session, title="Sin distrito", place={"text": "Juliaca"})
        _incident(session, title="Solo el año", occurred={"text": "2023"})
        far = _incident(session, title="Febrero", occurred={"text": "2023-02-20"})
        records.delete(session, far)
        found = duplicates.incident_suggestions(session)
        pairs = {frozenset((s.first.id, s.second.id)): s for s in found}
        assert set(pairs) == {frozenset((a, b)), frozenset((a, month)),
                              frozenset((b, month))}
        near = pairs[frozenset((a, b))]
        assert [r.text() for r in near.reasons] == [
            "same district (Juliaca)", "1 day apart", "shared: killing"]
        assert [r.text() for r in pairs[frozenset((a, month))].reasons][1] == "dates overlap"
        assert near.first.place.startswith("Juliaca")
        assert duplicates.incident_suggestions(session, limit=1)[0].score == max(
            s.score for s in found)


def test_decided_and_grouped_pairs_are_not_suggested_again(vault: Vault) -> None:
    with vault.session() as session:
        a = _incident(session)
        b = _incident(session, title="b")
        c = _incident(session, title="c")
        assert len(duplicates.incident_suggestions(session)) == 3
        links.decide(session, a, b, links.SAME)
        links.decide(session, b, c, links.SAME)
        assert duplicates.incident_suggestions(session) == []  # a~c through b
        assert links.undo(session, b, c)
        left = duplicates.incident_suggestions(session)
        assert {frozenset((s.first.id, s.second.id)) for s in left} == {
            frozenset((a, c)), frozenset((b, c))}
        links.decide(session, a, c, links.DISTINCT)
        assert len(duplicates.incident_suggestions(session)) == 1
        decided = duplicates.decided(session, "incident")
        assert [d.decision for d in decided] == [links.DISTINCT, links.SAME]
        assert decided[1].first.title in ("Enfrentamiento en el puente", "b")


def test_people_suggestions_skip_pseudonyms_and_decided_pairs(vault: Vault) -> None:
    with vault.session() as session:
        rosa = records.create(session, "person", {"full_name": "Rosalía Quispe Ccori"})
        rosa2 = records.create(session, "person", {"full_name": "Rosalia Qhispi"})
        records.create(session, "person", {"full_name": "Juana Qhispi"})
        records.create(session, "person", {"full_name": "P-1A2B3C", "pseudonym": "P-1A2B3C"})
        records.create(session, "person", {"full_name": "P-1A2B3D", "pseudonym": "P-1A2B3D"})
        marco = records.create(session, "person", {"full_name": "Marco Huamán Condori"})
        marco2 = records.create(session, "person", {"full_name": "Marco Waman Kunturi"})
        found = duplicates.person_suggestions(session)
        assert {frozenset((s.first.id, s.second.id)) for s in found} == {
            frozenset((rosa, rosa2)), frozenset((marco, marco2))}
        links.decide(session, rosa, rosa2, links.DISTINCT)
        (left,) = duplicates.person_suggestions(session)
        assert {left.first.title, left.second.title} == {"Marco Huamán Condori",
                                                         "Marco Waman Kunturi"}


def test_many_incidents_are_compared_in_time_that_grows_with_near_pairs(
        vault: Vault) -> None:
    def day(n: int) -> date:
        return date(2023, 1, 1) + timedelta(days=(n // 100) % 700)

    spans = [incident_pairs.Span(f"{n:08d}", day(n), day(n), f"{210101 + n % 100}",
                              frozenset({"killing"})) for n in range(100_000)]
    started = time.perf_counter()
    pairs = sum(1 for _ in incident_pairs.near_pairs(spans))
    elapsed = time.perf_counter() - started
    # 100 districts × 700 days: a district holds one or two incidents a day, so each
    # incident has a handful of neighbours within a day, never all 1,000 of its district.
    assert 100_000 < pairs < 600_000
    assert elapsed < 10, f"{elapsed:.1f} s for 100,000 incidents"
