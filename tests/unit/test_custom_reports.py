"""Reports with an organization's fields: counted by a choice, carried by the CSV report
and the Uwazi export, each value only for an audience its sensitivity reaches."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from tests.fieldset_sample import sample
from willay.core.errors import ValidationError
from willay.core.reconcile import links
from willay.core.records import custom_values, fieldset_store
from willay.core.records import service as records
from willay.core.reference.fieldsets import parse
from willay.core.reports import counts, custom_fields, uwazi, uwazi_fields
from willay.core.reports import csv as report_csv
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines


def _incident(vault: Vault, title: str, killed: int, **values: Any) -> str:
    with vault.session() as session:
        record_id = records.create(session, "incident", {
            "title": title, "occurred": {"text": "2023-01-09"},
            "place": {"ubigeo": "211101"}, "killed": killed})
        if values:
            custom_values.write(session, record_id, {"police_present": True, **values})
        return record_id


@pytest.fixture
def filled(vault: Vault) -> dict[str, str]:
    with vault.session() as session:
        fieldset_store.keep(session, parse(sample()))
    ids = {
        "a": _incident(vault, "Puente, según Rosa", 2, weapon="firearm",
                       account="Relato del médico", hospital="Hospital Carlos Monge",
                       curfew="2023-01-09/2023-01-20", camera="-15.49,-70.13",
                       weapons_seen=["pellets"]),
        "b": _incident(vault, "Puente, según Juan", 3, weapon="pellets",
                       weapons_seen=["tear_gas", "pellets"]),
        "c": _incident(vault, "Plaza", 1, weapon="firearm"),
        "d": _incident(vault, "Carretera", 0),
    }
    with vault.session() as session:
        links.decide(session, ids["a"], ids["b"], links.SAME)
    return ids


def test_a_report_counts_events_by_a_choice_of_the_organization(vault: Vault,
                                                                filled: dict[str, str]
                                                                ) -> None:
    with vault.session() as session:
        merged = counts.events(session)
        column = custom_fields.find_column(session, "weapon", "partners")
        rows = custom_fields.count_by_field(session, merged, column, "es", "partners")
    assert [(r.label, r.events, r.killed) for r in rows] == [
        ("Arma de fuego", 2, 4),  # the linked pair once, with its highest count
        ("Perdigones", 1, 3), ("No registrado", 1, 0)]
    with vault.session() as session:
        yes_no = custom_fields.find_column(session, "police_present", "internal")
        rows = custom_fields.count_by_field(session, merged, yes_no, "en", "internal")
    assert [(r.label, r.events) for r in rows] == [("Yes", 2), ("Not recorded", 1)]


def test_a_field_the_audience_may_not_see_cannot_be_counted(vault: Vault,
                                                            filled: dict[str, str]) -> None:
    with vault.session() as session:
        with pytest.raises(ValidationError, match="weapon"):
            custom_fields.find_column(session, "hospital", "partners")
        with pytest.raises(ValidationError, match="No field colour"):
            custom_fields.find_column(session, "colour", "internal")


def _csv(vault: Vault, audience: str) -> list[dict[str, str]]:
    with vault.session() as session:
        merged = counts.events(session)
        data = report_csv.render(merged, "es",
                                 custom_fields.table_for(session, merged, audience))
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_csv_report_carries_the_fields_its_audience_may_see(vault: Vault,
                                                                filled: dict[str, str]
                                                                ) -> None:
    rows = {row["id"]: row for row in _csv(vault, "partners")}
    first = rows[filled["a"]]
    assert first["weapon"] == "Arma de fuego" and first["weapon_codes"] == "firearm"
    assert first["police_present"] == "sí" and first["police_present_codes"] == "yes"
    assert first["curfew"] == "2023-01-09 – 2023-01-20"
    assert "hospital" not in first and "account" not in first, "legal and internal stay"
    assert rows[filled["d"]]["weapon"] == ""
    internal = {row["id"]: row for row in _csv(vault, "internal")}[filled["a"]]
    assert internal["account"] == "Relato del médico"
    assert internal["hospital"] == "Hospital Carlos Monge"


def test_the_uwazi_export_has_a_property_and_thesaurus_for_each_field(
        vault: Vault, filled: dict[str, str]) -> None:
    with vault.session() as session:
        merged = counts.events(session)
        custom = custom_fields.table_for(session, merged, "partners")
    data = uwazi.render(merged, custom).decode("utf-8")
    rows = {row["willay_id"]: row for row in csv.DictReader(io.StringIO(data))}
    pair = rows[min(filled["a"], filled["b"])]
    (event,) = [e for e in merged if len(e.members) == 2]
    # An event takes each value from its earliest record (same day here: the smaller id).
    first = "a" if event.members[0].id == filled["a"] else "b"
    expected = {"a": ("Arma de fuego", "Firearm"), "b": ("Perdigones", "Pellets")}[first]
    assert (pair["weapon__es"], pair["weapon__en"]) == expected
    assert pair["weapons_seen__es"] == "Perdigones|Gas lacrimógeno"
    assert pair["curfew"] == "2023-01-09:2023-01-20"
    assert pair["camera"] == "-15.49|-70.13"
    assert "hospital" not in pair and "account__es" not in pair
    props = {p.name: p for p in uwazi_fields.properties(custom)}
    assert props["weapon"].type == "Select" and props["weapon"].thesaurus == "Tipo de arma"
    assert props["weapons_seen"].type == "Multiple select"
    assert props["curfew"].type == "Date range" and props["camera"].type == "Geolocation"

