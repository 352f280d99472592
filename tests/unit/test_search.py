"""Search: case- and accent-insensitive, over every text a documenter writes, with filters."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from willay.core.records import service as records
from willay.core.records.filter import IncidentFilter
from willay.core.records.search import search
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines


@pytest.fixture
def filled(vault: Vault) -> dict[str, str]:
    ids: dict[str, str] = {}
    with vault.session() as session:
        ids["juliaca"] = records.create(session, "incident", {
            "title": "Enfrentamiento en Juliaca", "occurred": {"text": "2023-01-09"},
            "place": {"ubigeo": "211101", "text": "Puente Añashuayco"},
            "violations": ["killing"], "killed": 18,
            "narrative": "Disparos contra manifestantes aimaras."})
        ids["andahuaylas"] = records.create(session, "incident", {
            "title": "Protesta en el aeropuerto", "occurred": {"text": "2022-12-11"},
            "place": {"ubigeo": "030201"}, "violations": ["injury_firearm"],
            "narrative": "Heridos por perdigones cerca de la pista."})
        ids["quispe"] = records.create(session, "person", {
            "full_name": "ROSALÍA QUISPE CCORI", "community": "Santa Bárbara"})
        ids["testimony"] = records.create(session, "testimony", {
            "incidents": [ids["juliaca"]], "witness": ids["quispe"], "language": "es",
            "consent": "partners",
            "transcript": "Vi cómo la policía disparó desde el techo de la comisaría."})
    return ids


def _found(vault: Vault, query: str, **filters: Any) -> set[str]:
    with vault.session() as session:
        return {h.record_id for h in search(session, query, IncidentFilter(**filters))}


def test_accents_and_case_do_not_matter(vault: Vault, filled: dict[str, str]) -> None:
    assert _found(vault, "apurimac") == {filled["andahuaylas"]}  # from the gazetteer
    assert _found(vault, "APURÍMAC") == {filled["andahuaylas"]}
    assert _found(vault, "quispe") == {filled["quispe"]}
    assert _found(vault, "rosalia") == {filled["quispe"]}
    assert _found(vault, "anashuayco") == {filled["juliaca"]}
    assert _found(vault, "comisaria") == {filled["testimony"]}


def test_prefixes_and_every_word_must_match(vault: Vault, filled: dict[str, str]) -> None:
    assert _found(vault, "manifest") == {filled["juliaca"]}
    assert _found(vault, "disparos manifestantes") == {filled["juliaca"]}
    assert _found(vault, "disparos perdigones") == set()
    assert _found(vault, '"; DROP TABLE record; --') == set()
    assert _found(vault, "") == set()


def test_filters_by_place_date_and_violation(vault: Vault, filled: dict[str, str]) -> None:
    assert _found(vault, "puno") == {filled["juliaca"]}
    assert _found(vault, "comisaria", place="21") == {filled["testimony"]}
    assert _found(vault, "comisaria", place="03") == set()
    assert _found(vault, "", place="03") == {filled["andahuaylas"]}
    assert _found(vault, "", place="2111") == {filled["juliaca"]}
    assert _found(vault, "", date_from=date(2023, 1, 1)) == {filled["juliaca"]}
    assert _found(vault, "", date_to=date(2022, 12, 31)) == {filled["andahuaylas"]}
    assert _found(vault, "", violation="killing") == {filled["juliaca"]}
    # People carry no place or date, so a filtered search leaves them out.
    assert _found(vault, "quispe", place="21") == set()


def test_edits_and_deletions_update_the_index(vault: Vault, filled: dict[str, str]) -> None:
    with vault.session() as session:
        records.edit(session, filled["andahuaylas"], {"narrative": "Gases lacrimógenos."})
    assert _found(vault, "perdigones") == set()
    assert _found(vault, "lacrimogenos") == {filled["andahuaylas"]}
    with vault.session() as session:
        records.delete(session, filled["andahuaylas"])
    assert _found(vault, "lacrimogenos") == set()


def test_the_quechua_apostrophe_is_optional(vault: Vault) -> None:
    with vault.session() as session:
        person = records.create(session, "person", {"full_name": "Eulogia Ccama"})
        incident = records.create(session, "incident", {
            "title": "Desalojo en Ayaviri", "occurred": {"text": "2023-02-01"}})
        marked = records.create(session, "testimony", {
            "incidents": [incident], "witness": person, "language": "qu",
            "consent": "partners", "transcript": "Chay p'unchawmi ch'aki karqan."})
        plain = records.create(session, "testimony", {
            "incidents": [incident], "witness": person, "language": "qu",
            "consent": "partners", "transcript": "Paqarin punchawmi hamunqa."})
    assert _found(vault, "punchawmi") == {marked, plain}
    assert _found(vault, "p'unchawmi") == {marked, plain}
    assert _found(vault, "p\u2019unchawmi") == {marked, plain}
    assert _found(vault, "chaki") == {marked}
    assert _found(vault, "punchaw") == {marked, plain}
    assert _found(vault, "unchawmi") == {marked}
    assert _found(vault, "paqarin") == {plain}



def test_the_count_matches_what_search_finds(vault: Vault, filled: dict[str, str]) -> None:
    from willay.core.records.search import count

    with vault.session() as session:
        for query, chosen in (("disparos", IncidentFilter()), ("en", IncidentFilter()),
                              ("", IncidentFilter(violation="killing")), ("", IncidentFilter()),
                              ("nadaparecido", IncidentFilter())):
            assert count(session, query, chosen) == len(search(session, query, chosen, 1000))
