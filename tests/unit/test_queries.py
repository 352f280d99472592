"""Paged, read-only queries for the window: counts, pages, links, changes."""

from __future__ import annotations

from datetime import date

import pytest

from willay.core.records import queries
from willay.core.records import service as records
from willay.core.records.filter import IncidentFilter
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines


def _incident(vault: Vault, title: str, occurred: str, ubigeo: str, violations: list[str]
              ) -> str:
    with vault.session() as session:
        return records.create(session, "incident", {
            "title": title, "occurred": {"text": occurred}, "place": {"ubigeo": ubigeo},
            "violations": violations})


def test_pages_counts_and_filters(vault: Vault) -> None:
    juliaca = _incident(vault, "Puente", "2023-01-09", "211101", ["killing"])
    _incident(vault, "Mercado", "2022-12-11", "030201", ["tear_gas_misuse"])
    with vault.session() as session:
        assert queries.count_incidents(session) == 2
        first, second = queries.incident_page(session, 0, 10)
        assert first.id == juliaca and first.place == "Juliaca, San Román, Puno"
        assert second.occurred == "2022-12-11"
        assert queries.incident_page(session, 1, 1) == [second]
        puno = IncidentFilter(place="21")
        assert queries.count_incidents(session, puno) == 1
        since = IncidentFilter(date_from=date(2023, 1, 1), violation="killing")
        assert [r.id for r in queries.incident_page(session, 0, 5, since)] == [juliaca]


def test_links_and_changes(vault: Vault) -> None:
    incident_id = _incident(vault, "Puente", "2023-01-09", "211101", [])
    with vault.session() as session:
        person = records.create(session, "person", {"full_name": "Rosalía Quispe",
                                                    "pseudonym": "T-01"})
        testimony = records.create(session, "testimony", {
            "incidents": [incident_id], "witness": person, "language": "qu",
            "consent": "partners", "transcript": "Chay p'unchawmi..."})
        records.edit(session, incident_id, {"killed": 3})
    with vault.session() as session:
        links = queries.incident_links(session, incident_id)
        assert [t.id for t in links.testimonies] == [testimony]
        assert links.testimonies[0].witness_pseudonym == "T-01"
        assert [p.id for p in links.people] == [person]
        assert links.media == []
        changes = queries.changes(session, incident_id)
        assert len(changes) == 2 and changes[1].changed == ("killed",)
        assert "title" in changes[0].changed
        assert queries.count_people(session) == 1
        assert queries.testimonies_of_person(session, person)[0].id == testimony
        assert queries.record_kind(session, person) == "person"
