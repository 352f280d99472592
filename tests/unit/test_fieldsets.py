"""An organization's field set: checked when made, versions that only add, values checked."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from tests.fieldset_sample import labels, sample
from willay.core import i18n
from willay.core.errors import UnknownCodeError, ValidationError
from willay.core.reference import fieldsets
from willay.core.reference.fieldset_values import check_values

PERSON_ID = "0b8e3d52-6f7a-4c1e-9a55-2d7c1e0f4a11"


def _next(doc: dict[str, Any]) -> dict[str, Any]:
    later = copy.deepcopy(doc)
    later["version"] += 1
    return later


def test_a_field_set_with_every_type_reads_and_writes_back_the_same() -> None:
    found = fieldsets.parse(sample())
    assert {f.type for f in found.fields} == set(fieldsets.TYPES)
    assert [f.key for f in found.for_kind("person")] == ["detention_status"]
    weapon = found.get("weapon")
    assert weapon is not None and weapon.labels["qu"] == "Imayna arma"
    hospital = found.get("hospital")
    assert weapon.sensitivity == "public" and hospital is not None
    assert hospital.sensitivity == "legal" and not hospital.required
    again = fieldsets.parse(found.as_fields())
    assert again == found and again.as_fields() == found.as_fields()


@pytest.mark.parametrize(("change", "says"), [
    (lambda d: d["fields"][1].update(type="slider"), "'slider' is not known"),
    (lambda d: d["fields"][2].update(key="weapon"), "weapon appears twice"),
    (lambda d: d["fields"][1].update(list="knives"), "the list 'knives'"),
    (lambda d: d["fields"][3].update(labels={"es": "Hospital"}), "in English (en)"),
    (lambda d: d["fields"][3].update(sensitivity="secret"), "sensitivity is one of"),
    (lambda d: d["fields"][3].pop("for"), "incident, a person or a testimony"),
    (lambda d: d["fields"][10].update(vocabulary="weapons"), "not a Willay vocabulary"),
    (lambda d: d["fields"][12].update(target="media"), "person, an incident or a testimony"),
    (lambda d: d["fields"][13]["columns"].append(
        {"key": "more", "type": "group", "labels": labels("Más", "More"), "columns": []}),
     "a column of a group cannot be a group"),
    (lambda d: d["lists"]["weapons"].append({"code": "firearm", "labels": labels("a", "b")}),
     "the code appears twice"),
    (lambda d: d.update(id="Red Sur"), "needs an id"),
    (lambda d: d.update(version=0), "whole number from 1"),
    (lambda d: d.update(format="odk"), "not a Willay field set"),
])
def test_a_field_set_that_does_not_hold_together_is_refused_saying_where(
        change: Any, says: str) -> None:
    doc = sample()
    change(doc)
    with pytest.raises(ValidationError, match=re.escape(says)):
        fieldsets.parse(doc)


def test_a_field_of_a_newer_type_is_kept_as_it_came_when_received() -> None:
    doc = sample()
    doc["fields"].append({"key": "signature", "for": "incident", "type": "drawing",
                          "labels": labels("Firma", "Signature"), "pen": "blue"})
    with pytest.raises(ValidationError, match="'drawing' is not known"):
        fieldsets.parse(doc)
    found = fieldsets.parse(doc, received=True)
    newer = found.get("signature")
    assert newer is not None and not newer.known and newer.labels["es"] == "Firma"
    assert found.as_fields()["fields"][-1] == doc["fields"][-1]  # nothing dropped
    stored = check_values(found, "incident", {"police_present": True,
                                              "signature": {"strokes": [[1, 2], [3, 4]]}})
    assert stored["signature"] == {"strokes": [[1, 2], [3, 4]]}


def test_the_next_version_may_add_deprecate_and_correct_words() -> None:
    first = fieldsets.parse(sample())
    doc = _next(sample())
    doc["fields"][4]["deprecated"] = True
    doc["fields"][3]["labels"]["es"] = "Hospital o posta"
    doc["lists"]["weapons"].append({"code": "baton", "labels": labels("Vara", "Baton")})
    doc["lists"]["weapons"][1]["deprecated"] = True
    doc["fields"].append({"key": "ambulance", "for": "incident", "type": "yes_no",
                          "labels": labels("¿Llegó ambulancia?", "Ambulance came?")})
    assert fieldsets.successor_problems(first, fieldsets.parse(doc)) == []


def test_the_next_version_may_not_remove_or_change_what_records_already_use() -> None:
    first = fieldsets.parse(sample())
    doc = _next(sample())
    doc["version"] = 3
    del doc["fields"][5]  # shots
    doc["fields"][5]["type"] = "integer"  # distance_m was decimal
    doc["lists"]["legal_status"] = doc["lists"]["legal_status"][:1]
    for column in doc["fields"][12]["columns"]:  # wounded (after the removal)
        if column["key"] == "age":
            column["type"] = "text"
    problems = fieldsets.successor_problems(first, fieldsets.parse(doc))
    assert len(problems) == 5, problems
    assert "is 2, not 3" in problems[0]
    assert "shots is missing" in problems[1]
    assert "distance_m changes its type from 'decimal' to 'integer'" in problems[2]
    assert "wounded / age changes its type from 'integer' to 'text'" in problems[3]
    assert "released of the list legal_status is missing" in problems[4]


def test_a_deprecated_field_does_not_come_back() -> None:
    doc = sample()
    doc["fields"][3]["deprecated"] = True
    first = fieldsets.parse(doc)
    later = _next(doc)
    later["fields"][3]["deprecated"] = False
    (problem,) = fieldsets.successor_problems(first, fieldsets.parse(later))
    assert "hospital was deprecated and cannot come back" in problem


def test_every_type_of_value_is_stored_in_one_form() -> None:
    found = fieldsets.parse(sample())
    stored = check_values(found, "incident", {
        "weapon": "firearm", "weapons_seen": "pellets,firearm,pellets",
        "hospital": "  Hospital Carlos Monge Medrano ", "account": "Llegó con dos heridas.\n",
        "shots": "12", "distance_m": "12,50", "police_present": "sí",
        "reported_on": "~2023-01", "curfew": "2023-01-09/2023-01-12", "district": "211101",
        "camera": "-15.49, -70.13", "lawyer": PERSON_ID.upper(),
        "wounded": [{"name": "Rosalía", "age": "17", "weapon": "pellets"},
                    {"name": "", "age": None}],
    })
    assert stored == {
        "weapon": "firearm", "weapons_seen": ["pellets", "firearm"],
        "hospital": "Hospital Carlos Monge Medrano", "account": "Llegó con dos heridas.",
        "shots": 12, "distance_m": "12.5", "police_present": True,
        "reported_on": {"start": "2023-01-01", "end": "2023-01-31", "precision": "approximate"},
        "curfew": {"from": {"start": "2023-01-09", "end": "2023-01-09", "precision": "day"},
                   "to": {"start": "2023-01-12", "end": "2023-01-12", "precision": "day"}},
        "district": "211101", "camera": {"latitude": "-15.49", "longitude": "-70.13"},
        "lawyer": PERSON_ID, "wounded": [{"name": "Rosalía", "age": 17, "weapon": "pellets"}],
    }
    assert check_values(found, "incident", stored) == stored  # the stored form is accepted
    assert check_values(found, "testimony", {"interview_language": "qu"}) == {
        "interview_language": "qu"}


@pytest.mark.parametrize(("values", "says"), [
    ({}, "Police present? is required"),
    ({"police_present": "maybe"}, "Police present?: yes or no"),
    ({"police_present": True, "weapon": "knife"}, "'knife' is not one of its choices"),
    ({"police_present": True, "shots": "doce"}, "Shots heard: a whole number"),
    ({"police_present": True, "distance_m": "cerca"}, "Distance (m): a number"),
    ({"police_present": True, "hospital": "a\nb"}, "Hospital: one line only"),
    ({"police_present": True, "curfew": "2023-02/2023-01"}, "ends before it begins"),
    ({"police_present": True, "camera": "-95, 10"}, "a latitude and a longitude"),
    ({"police_present": True, "lawyer": "Juan"}, "the full id of a person"),
    ({"police_present": True, "district": "999999"}, "not an ubigeo"),
    ({"police_present": True, "wounded": [{"age": 3}]}, "Name is required"),
    ({"police_present": True, "detention_status": "charged"}, "has no field detention_status"),
    ({"police_present": True, "attack": "x"}, "has no field attack"),
])
def test_a_wrong_or_missing_value_is_refused_by_its_label(values: dict[str, Any],
                                                          says: str) -> None:
    # The tests speak English: a field is named by its English label.
    with pytest.raises(ValidationError, match=re.escape(says)):
        check_values(fieldsets.parse(sample()), "incident", values)


def test_a_wrong_choice_is_an_unknown_code() -> None:
    with pytest.raises(UnknownCodeError):
        check_values(fieldsets.parse(sample()), "person", {"detention_status": "free"})


def test_a_deprecated_required_field_is_no_longer_asked_for() -> None:
    doc = sample()
    doc["fields"][7]["deprecated"] = True
    assert check_values(fieldsets.parse(doc), "incident", {}) == {}


def test_in_spanish_a_field_is_named_by_its_spanish_label() -> None:
    before = i18n.current_language()
    i18n.set_language("es")
    try:
        with pytest.raises(ValidationError, match=re.escape("«¿Había policía?» es obligatorio")):
            check_values(fieldsets.parse(sample()), "incident", {})
    finally:
        i18n.set_language(before)
