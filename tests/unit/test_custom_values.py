"""An organization's fields on records: kept, checked, searched, counted and merged."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from sqlmodel import select

from tests.fieldset_sample import labels, sample
from willay.core.errors import ValidationError
from willay.core.records import custom_values, fieldset_lookup, fieldset_store, revisions
from willay.core.records import service as records
from willay.core.records.custom_parts import part_id
from willay.core.records.search import search
from willay.core.reference.fieldsets import parse
from willay.core.vault.models import CustomCode, Revision
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines

INCIDENT: dict[str, Any] = {"title": "Enfrentamiento en el puente",
                            "occurred": {"text": "2023-01-09"}, "place": {"ubigeo": "211101"}}


def _with_set(vault: Vault) -> str:
    with vault.session() as session:
        fieldset_store.keep(session, parse(sample()))
        return records.create(session, "incident", INCIDENT)


def test_values_are_kept_in_one_part_per_sensitivity_and_read_back_together(
        vault: Vault) -> None:
    incident = _with_set(vault)
    with vault.session() as session:
        written = custom_values.write(session, incident, {
            "weapon": "firearm", "hospital": "Hospital Carlos Monge Medrano",
            "account": "Herida de bala en el tórax", "police_present": "sí", "shots": "12"})
        # weapon is public, hospital legal, account internal, the rest partners
        assert len(written) == 4
    with vault.session() as session:
        read = custom_values.read(session, incident)
        assert read.named == "red-sur-registro@1"
        assert read.values == {"weapon": "firearm", "hospital": "Hospital Carlos Monge Medrano",
                               "account": "Herida de bala en el tórax",
                               "police_present": True, "shots": 12}
        internal = records.get(session, part_id(incident, "internal"))
        assert internal.fields is not None
        assert internal.fields["x.account"] == "Herida de bala en el tórax"
        assert "x.weapon" not in internal.fields


def test_a_required_field_and_a_wrong_choice_are_refused_by_their_label(vault: Vault) -> None:
    incident = _with_set(vault)
    with vault.session() as session, pytest.raises(ValidationError, match="Police present"):
        custom_values.write(session, incident, {"weapon": "firearm"})
    with vault.session() as session, pytest.raises(ValidationError, match="Type of weapon"):
        custom_values.write(session, incident, {"weapon": "sling", "police_present": "no"})
    with vault.session() as session:
        assert custom_values.read(session, incident).values == {}


def test_text_values_are_found_by_search_and_choices_are_counted(vault: Vault) -> None:
    incident = _with_set(vault)
    with vault.session() as session:
        custom_values.write(session, incident, {
            "police_present": False, "weapons_seen": ["pellets", "tear_gas"],
            "hospital": "Hospital Carlos Monge Medrano"})
    with vault.session() as session:
        assert [h.record_id for h in search(session, "monge")] == [incident]
        codes = session.exec(select(CustomCode.key, CustomCode.code)).all()
        assert sorted(codes) == [("police_present", "no"), ("weapons_seen", "pellets"),
                                 ("weapons_seen", "tear_gas")]
        records.edit(session, incident, {"narrative": "Dispersión con perdigones"})
    with vault.session() as session:
        assert [h.record_id for h in search(session, "monge")] == [incident], \
            "an edit of the incident keeps the words of its organization fields"
        custom_values.write(session, incident, {"hospital": ""})
    with vault.session() as session:
        assert search(session, "monge") == []


def test_deleting_a_record_deletes_its_organization_fields(vault: Vault) -> None:
    incident = _with_set(vault)
    with vault.session() as session:
        custom_values.write(session, incident, {"police_present": True, "account": "Relato"})
    with vault.session() as session:
        records.delete(session, incident)
    with vault.session() as session:
        assert custom_values.read(session, incident).values == {}
        assert session.exec(select(CustomCode)).all() == []


def test_a_next_version_must_keep_every_field_and_moves_records_on_when_edited(
        vault: Vault) -> None:
    incident = _with_set(vault)
    with vault.session() as session:
        custom_values.write(session, incident, {"police_present": True})
    second = copy.deepcopy(sample())
    second["version"] = 2
    second["fields"].append({"key": "hospital_days", "for": "incident", "type": "integer",
                             "labels": labels("Días en el hospital", "Days in hospital")})
    broken = copy.deepcopy(second)
    broken["fields"] = [f for f in broken["fields"] if f["key"] != "shots"]
    with vault.session() as session, pytest.raises(ValidationError, match="shots"):
        fieldset_store.keep(session, parse(broken))
    with vault.session() as session:
        kept = fieldset_store.keep(session, parse(second))
        assert kept.outcome == fieldset_store.NEXT_VERSION and kept.in_use
        assert fieldset_store.keep(session, parse(second)).outcome == fieldset_store.ALREADY_HERE
    with vault.session() as session:
        assert custom_values.read(session, incident).named == "red-sur-registro@1"
        custom_values.write(session, incident, {"hospital_days": 3})
    with vault.session() as session:
        read = custom_values.read(session, incident)
        assert read.named == "red-sur-registro@2"
        assert read.values == {"police_present": True, "hospital_days": 3}
        assert [fs.version for fs in fieldset_lookup.versions(session, "red-sur-registro")] \
            == [1, 2]


def test_a_changed_version_under_the_same_number_is_refused(vault: Vault) -> None:
    _with_set(vault)
    changed = sample()
    changed["labels"] = labels("Otra ficha", "Another sheet")
    with vault.session() as session, pytest.raises(ValidationError, match="never changes"):
        fieldset_store.keep(session, parse(changed))


def test_organization_fields_are_not_edited_as_plain_records(vault: Vault) -> None:
    incident = _with_set(vault)
    with vault.session() as session:
        custom_values.write(session, incident, {"police_present": True})
        part = part_id(incident, "partners")
    with vault.session() as session, pytest.raises(ValidationError, match="own commands"):
        records.edit(session, part, {"x.shots": 3})
    with vault.session() as session:
        body = json.loads(session.exec(select(Revision.body).where(
            Revision.record_id == part)).one())
        assert body["kind"] == "custom" and body["fields"]["x.police_present"] is True
        assert revisions.heads(session, part)
