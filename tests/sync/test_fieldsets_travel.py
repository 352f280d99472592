"""Field sets travel inside bundles, before the records that use them, and each value goes
only where its sensitivity reaches."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.fieldset_sample import labels, sample
from tests.sync import forge
from tests.sync.conftest import introduce, make_vault
from willay.core.canonical import canonical_json
from willay.core.errors import VerificationError
from willay.core.reconcile import merge
from willay.core.records import custom_values, fieldset_lookup, fieldset_store
from willay.core.records import service as records
from willay.core.reference.fieldsets import parse
from willay.core.sharing import receive as sync_import
from willay.core.sharing import send as sync_export
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines

EVERY_TYPE: dict[str, Any] = {
    "weapon": "firearm", "weapons_seen": ["pellets", "tear_gas"],
    "hospital": "Hospital Carlos Monge Medrano", "account": "Herida de bala en el tórax",
    "shots": 12, "distance_m": "35.5", "police_present": True,
    "reported_on": "2023-01-12", "curfew": {"from": "2023-01-09", "to": "2023-01-20"},
    "district": "211101", "camera": {"latitude": "-15.4997", "longitude": "-70.1333"},
    "wounded": [{"name": "Ana Q.", "age": 19, "weapon": "pellets"},
                {"name": "Luis M.", "age": 33}],
}


def _send(sender: Vault, to: str, path: Path) -> sync_export.ExportResult:
    return sync_export.export_bundle(sender, [to], path)


def _incident(vault: Vault) -> str:
    with vault.session() as session:
        return records.create(session, "incident", {
            "title": "Enfrentamiento en el puente", "occurred": {"text": "2023-01-09"},
            "place": {"ubigeo": "211101"}})


def _filled(vault: Vault, values: dict[str, Any] | None = None) -> str:
    """The sample field set kept in ``vault`` and an incident given ``values``."""
    with vault.session() as session:
        fieldset_store.keep(session, parse(sample()))
    incident = _incident(vault)
    with vault.session() as session:
        custom_values.write(session, incident, values or {"shots": 3, "police_present": True})
    return incident


def test_a_field_set_with_every_type_goes_round_three_vaults(tmp_path: Path) -> None:
    office = make_vault(tmp_path / "office", "Oficina")
    field = make_vault(tmp_path / "field", "Rosa")
    coordinator = make_vault(tmp_path / "coord", "Coordinadora")
    introduce(office, field, scope="legal")
    introduce(field, coordinator, scope="legal")
    introduce(coordinator, office, scope="legal")
    with office.session() as session:
        fieldset_store.keep(session, parse(sample()))
    _send(office, "Rosa", tmp_path / "1.willay")
    sync_import.import_bundle(field, tmp_path / "1.willay")
    incident = _incident(field)
    with field.session() as session:
        assert fieldset_lookup.in_use(session) is None, "a received set waits to be chosen"
        fieldset_store.use(session, "red-sur-registro")
        lawyer = records.create(session, "person", {"full_name": "Dra. Quispe",
                                                    "consent": "partners"})
        custom_values.write(session, incident, {**EVERY_TYPE, "lawyer": lawyer})
        given = custom_values.read(session, incident).values
    _send(field, "Coordinadora", tmp_path / "2.willay")
    sync_import.import_bundle(coordinator, tmp_path / "2.willay")
    with coordinator.session() as session:
        (held,) = fieldset_lookup.held(session)
        assert held.as_fields() == parse(sample()).as_fields(), "it never saw the set before"
        arrived = custom_values.read(session, incident)
        assert arrived.fieldset is not None and arrived.named == "red-sur-registro@1"
        internal = {"account"}
        assert arrived.values == {k: v for k, v in given.items() if k not in internal}
        assert arrived.values["lawyer"] == lawyer
    _send(coordinator, "Oficina", tmp_path / "3.willay")
    sync_import.import_bundle(office, tmp_path / "3.willay")
    with office.session() as session:
        back = custom_values.read(session, incident)
        assert back.values == arrived.values
    for vault in (office, field, coordinator):
        vault.lock()


def test_each_value_goes_only_where_its_sensitivity_reaches(field: Vault,
                                                            coordinator: Vault,
                                                            tmp_path: Path) -> None:
    incident = _filled(field, {
        "weapon": "firearm", "hospital": "Hospital Carlos Monge Medrano",
        "account": "Herida de bala", "shots": 3, "police_present": False})
    _send(field, "Coordinadora", tmp_path / "b.willay")  # scope "partners"
    sync_import.import_bundle(coordinator, tmp_path / "b.willay")
    with coordinator.session() as session:
        assert custom_values.read(session, incident).values == {
            "weapon": "firearm", "shots": 3, "police_present": False}


def test_the_anonymized_profile_carries_only_public_values(tmp_path: Path) -> None:
    field = make_vault(tmp_path / "f", "Rosa")
    ngo = make_vault(tmp_path / "n", "ONG")
    introduce(field, ngo, profile="anonymized", scope="legal")
    incident = _filled(field, {
        "weapon": "firearm", "hospital": "Hospital Carlos Monge Medrano", "shots": 3,
        "police_present": True})
    _send(field, "ONG", tmp_path / "anon.willay")
    sync_import.import_bundle(ngo, tmp_path / "anon.willay")
    with ngo.session() as session:
        assert custom_values.read(session, incident).values == {"weapon": "firearm"}
    field.lock()
    ngo.lock()


def test_concurrent_edits_of_different_fields_merge_by_themselves(field: Vault,
                                                                   coordinator: Vault,
                                                                   tmp_path: Path) -> None:
    incident = _filled(field, {"police_present": True, "shots": 2})
    _send(field, "Coordinadora", tmp_path / "1.willay")
    sync_import.import_bundle(coordinator, tmp_path / "1.willay")
    with field.session() as session:
        custom_values.write(session, incident, {"shots": 5})
    with coordinator.session() as session:
        custom_values.write(session, incident, {"distance_m": "40", "weapon": "pellets"})
    _send(field, "Coordinadora", tmp_path / "2.willay")
    _send(coordinator, "Rosa", tmp_path / "3.willay")
    got = sync_import.import_bundle(coordinator, tmp_path / "2.willay")
    sync_import.import_bundle(field, tmp_path / "3.willay")
    assert got.conflicts == [] and got.merged, "different fields merge without asking"
    expected = {"police_present": True, "shots": 5, "distance_m": "40", "weapon": "pellets"}
    for vault in (field, coordinator):
        with vault.session() as session:
            assert custom_values.read(session, incident).values == expected
            assert merge.conflicts(session) == []


def test_a_field_of_a_newer_type_is_kept_as_it_came(field: Vault, coordinator: Vault,
                                                   tmp_path: Path) -> None:
    newer = copy.deepcopy(sample())
    signature = {"key": "signature", "for": "incident", "type": "handwritten_signature",
                 "labels": labels("Firma", "Signature"), "pen": "blue"}
    newer["fields"].append(signature)
    with field.session() as session:  # as a newer Willay wrote it
        fieldset_store.keep(session, parse(newer, received=True))
    incident = _incident(field)
    with field.session() as session:
        custom_values.write(session, incident, {"police_present": True,
                                                "signature": {"strokes": [[1, 2], [3, 4]]}})
    _send(field, "Coordinadora", tmp_path / "b.willay")
    sync_import.import_bundle(coordinator, tmp_path / "b.willay")
    with coordinator.session() as session:
        arrived = custom_values.read(session, incident)
        assert arrived.values["signature"] == {"strokes": [[1, 2], [3, 4]]}
        assert arrived.fieldset is not None
        kept = arrived.fieldset.get("signature")
        assert kept is not None and not kept.known and kept.as_fields() == signature


def test_a_changed_version_under_the_same_number_is_refused(field: Vault, coordinator: Vault,
                                                           tmp_path: Path) -> None:
    with field.session() as session:
        fieldset_store.keep(session, parse(sample()))
    other = sample()
    other["labels"] = labels("Otra ficha", "Another sheet")
    with coordinator.session() as session:
        fieldset_store.keep(session, parse(other))
        before = fieldset_lookup.versions(session, "red-sur-registro")
    _send(field, "Coordinadora", tmp_path / "b.willay")
    with pytest.raises(VerificationError, match="never changes"):
        sync_import.import_bundle(coordinator, tmp_path / "b.willay")
    with coordinator.session() as session:
        assert fieldset_lookup.versions(session, "red-sur-registro") == before


def _bent(field: Vault, coordinator: Vault, tmp_path: Path,
          bend: Callable[[dict[str, Any]], None]) -> Path:
    """A real bundle whose organization fields a hostile sender changed and signed again."""
    real = tmp_path / "real.willay"
    _send(field, "Coordinadora", real)
    payload = forge.unpack(real, field)
    key = forge.identity(field).signing_key
    lines = []
    for line in payload.records.splitlines():
        doc = json.loads(line)
        if doc["body"]["kind"] == "custom":
            bend(doc["body"]["fields"])
            line = forge.signed_line(canonical_json(doc["body"]), key).rstrip(b"\n")
        lines.append(line + b"\n")
    made = forge.forge(tmp_path / "bent.willay", field, [coordinator],
                       replace(payload, records=b"".join(lines)))
    return made.path


@pytest.mark.parametrize(("bend", "says"), [
    (lambda f: f.update({"x.shots": "three"}), "Shots heard"),
    (lambda f: f.update({"x.account": "Relato del médico"}), "no field account"),
    (lambda f: f.update({"fieldset": "red-sur-registro@7"}), "red-sur-registro@7"),
    (lambda f: f.update({"x.police_present": "yes"}), "form Willay writes"),
])
def test_a_hostile_sender_cannot_slip_in_values_the_field_set_refuses(
        field: Vault, coordinator: Vault, tmp_path: Path,
        bend: Callable[[dict[str, Any]], None], says: str) -> None:
    _filled(field)
    path = _bent(field, coordinator, tmp_path, bend)
    with pytest.raises(VerificationError, match=says):
        sync_import.import_bundle(coordinator, path)
    with coordinator.session() as session:
        assert fieldset_lookup.held(session) == [], "nothing of the bundle stays"


def test_the_same_field_changed_in_two_places_is_a_conflict_to_resolve(
        field: Vault, coordinator: Vault, tmp_path: Path) -> None:
    _filled(field)
    _send(field, "Coordinadora", tmp_path / "1.willay")
    sync_import.import_bundle(coordinator, tmp_path / "1.willay")
    with field.session() as session:
        (incident,) = [r["id"] for r in records.list_incidents(session)]
        custom_values.write(session, incident, {"shots": 5})
    with coordinator.session() as session:
        custom_values.write(session, incident, {"shots": 7})
    _send(field, "Coordinadora", tmp_path / "2.willay")
    got = sync_import.import_bundle(coordinator, tmp_path / "2.willay")
    (part,) = got.conflicts
    with coordinator.session() as session:
        disputed = merge.dispute(session, part)
        assert disputed.kind == "custom" and disputed.disputed == ["x.shots"]
        merge.resolve_conflict(session, part, take=disputed.heads[0].id)
    with coordinator.session() as session:
        shots = custom_values.read(session, incident).values["shots"]
        assert shots == (disputed.heads[0].fields or {})["x.shots"]
        assert merge.conflicts(session) == []
