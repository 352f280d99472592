"""Three field vaults that saw overlapping events, and the coordinator who receives them.

The synthetic truth is six events in three districts. Documenters A and B both recorded
two of them (other titles, a day apart, different counts: each saw part of it); C
recorded two others. Every vault is real (encrypted, the cheapest KDF); bundles are real
exports imported by the coordinator. :func:`link_duplicates` then records the
coordinator's decisions as the duplicate review would.

What the truth says an event counts follows the documented rule: the highest number any
documenter gave, every violation and perpetrator any of them named, the earliest date.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from willay.core.keys import kdf
from willay.core.reconcile import links
from willay.core.records import service as records
from willay.core.sharing import receive as sync_import
from willay.core.sharing import send as sync_export
from willay.core.sharing.partners import add_partner, mark_verified
from willay.core.vault.identity import own_card
from willay.core.vault.vault import Vault

PASSPHRASE = "frase de la coordinación bien larga"


@dataclass(frozen=True)
class TrueEvent:
    """One event as it happened."""

    key: str
    ubigeo: str
    day: str
    title: str
    killed: int
    injured: int
    detained: int
    violations: tuple[str, ...]
    perpetrators: tuple[str, ...]


TRUTH = (
    TrueEvent("puente", "211101", "2023-01-09", "Enfrentamiento en el puente Añashuayco",
              18, 107, 3, ("killing", "injury_firearm"), ("pnp",)),
    TrueEvent("comisaria", "211101", "2023-01-10", "Quema de la comisaría de Juliaca",
              1, 30, 6, ("killing", "property_destruction"), ("pnp", "unidentified")),
    TrueEvent("huamanga", "050101", "2022-12-15", "Disparos en el aeropuerto de Huamanga",
              10, 40, 5, ("killing",), ("army",)),
    TrueEvent("andahuaylas", "030201", "2022-12-11", "Heridos por perdigones en Andahuaylas",
              2, 20, 0, ("killing", "injury_pellets"), ("pnp",)),
    TrueEvent("detenciones", "050101", "2022-12-16", "Detenciones en la plaza de Huamanga",
              0, 5, 12, ("arbitrary_detention",), ("pnp",)),
    TrueEvent("redada", "030201", "2023-01-20", "Detención masiva en el local comunal",
              0, 0, 30, ("mass_detention", "arbitrary_detention"), ("pnp_use",)),
)
BY_KEY = {event.key: event for event in TRUTH}


def _record(event: TrueEvent, **changes: Any) -> dict[str, Any]:
    """The incident fields a documenter types for ``event``, with what they saw otherwise."""
    fields: dict[str, Any] = {
        "title": event.title, "occurred": {"text": event.day},
        "place": {"ubigeo": event.ubigeo, "text": "centro"},
        "violations": list(event.violations), "perpetrators": list(event.perpetrators),
        "killed": event.killed, "injured": event.injured, "detained": event.detained,
        "narrative": f"Relato de {event.title}.", "status": "reviewed",
    }
    fields.update(changes)
    return fields


# What each documenter recorded. A and B both saw "puente" and "comisaria": B a day later
# for the bridge, fewer dead or injured, only some of the violations.
FIELD_RECORDS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "A": [
        ("puente", _record(BY_KEY["puente"], killed=17, violations=["killing"])),
        ("comisaria", _record(BY_KEY["comisaria"], injured=28,
                              perpetrators=["pnp"])),
        ("huamanga", _record(BY_KEY["huamanga"])),
    ],
    "B": [
        ("puente", _record(BY_KEY["puente"], title="Masacre del puente en Juliaca",
                           occurred={"text": "2023-01-10"}, injured=90,
                           violations=["injury_firearm"])),
        ("comisaria", _record(BY_KEY["comisaria"], title="Incendio de la comisaría",
                              killed=0, detained=4)),
        ("andahuaylas", _record(BY_KEY["andahuaylas"])),
    ],
    "C": [
        ("detenciones", _record(BY_KEY["detenciones"])),
        ("redada", _record(BY_KEY["redada"])),
    ],
}

# Victims who gave testimonies: (vault, name, pseudonym, consent, event key).
VICTIMS = (
    ("A", "Marco Antonio Samillán", "", "public", "puente"),
    ("B", "Rosalía Quispe Ccori", "T-07", "legal", "puente"),
    ("C", "Juan Pari Mamani", "T-11", "partners", "redada"),
)
WITNESSES = (("C", "Edith Ccama Flores", "public", "detenciones"),)


@dataclass
class Scenario:
    """The coordinator's vault after importing the three bundles, and where things are."""

    coordinator: Vault
    coordinator_path: Path
    fields: dict[str, Vault]
    incidents: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    people: dict[str, str] = field(default_factory=dict)
    bundles: list[Path] = field(default_factory=list)

    def close(self) -> None:
        """Lock every vault."""
        for vault in (self.coordinator, *self.fields.values()):
            vault.lock()


def _vault(path: Path, name: str) -> Vault:
    params = kdf.KdfParams(kdf.MIN_MEMORY_KIB, kdf.ITERATIONS, kdf.LANES,
                           os.urandom(kdf.SALT_BYTES))
    vault, _ = Vault.create(path, PASSPHRASE, name, f"Red de {name}", kdf_params=params)
    return vault


def _introduce(field_vault: Vault, coordinator: Vault) -> str:
    """Exchange cards; the field vault sends to the coordinator with scope ``legal``."""
    with field_vault.session() as session:
        field_card = own_card(session)
    with coordinator.session() as session:
        coordinator_card = own_card(session)
        add_partner(session, field_card, "full", "partners")
        mark_verified(session, field_card.name)
    with field_vault.session() as session:
        add_partner(session, coordinator_card, "full", "legal")
        mark_verified(session, coordinator_card.name)
    return coordinator_card.name


def build(tmp: Path) -> Scenario:
    """Create the vaults, let each documenter record and export, import all at the coordinator."""
    coordinator_path = tmp / "coordinadora"
    coordinator = _vault(coordinator_path, "Coordinadora Sur")
    scenario = Scenario(coordinator, coordinator_path, {})
    for name, recorded in FIELD_RECORDS.items():
        vault = _vault(tmp / f"campo-{name}", f"Documentador {name}")
        scenario.fields[name] = vault
        partner = _introduce(vault, coordinator)
        with vault.session() as session:
            ids = {}
            for key, fields in recorded:
                ids[key] = records.create(session, "incident", fields)
                scenario.incidents[key].append(ids[key])
            for where, person, given, consent, key in VICTIMS:
                if where == name:
                    _testimony(session, scenario, person, given, consent, ["victim"], ids[key])
            for where, person, consent, key in WITNESSES:
                if where == name:
                    _testimony(session, scenario, person, "", consent, ["witness"], ids[key])
        bundle = tmp / f"{name}.willay"
        sync_export.export_bundle(vault, [partner], bundle)
        scenario.bundles.append(bundle)
    for bundle in scenario.bundles:
        sync_import.import_bundle(coordinator, bundle)
    return scenario


def _testimony(session: Any, scenario: Scenario, name: str, given: str, consent: str,
               roles: list[str], incident: str) -> None:
    person = records.create(session, "person", {"full_name": name, "pseudonym": given,
                                                "roles": roles, "consent": consent})
    scenario.people[name] = person
    records.create(session, "testimony", {"incidents": [incident], "witness": person,
                                          "language": "es", "consent": "legal",
                                          "transcript": f"Testimonio de {name}."})


def link_duplicates(scenario: Scenario) -> None:
    """Link the records of each event seen twice, as the coordinator decides after review."""
    with scenario.coordinator.session() as session:
        for ids in scenario.incidents.values():
            for other in ids[1:]:
                links.decide(session, ids[0], other, links.SAME)


def recorded_sum(what: str) -> int:
    """What adding up every record would give (counting shared events twice)."""
    return sum(int(fields.get(what, 0)) for recorded in FIELD_RECORDS.values()
               for _key, fields in recorded)


def expected_by(dimension: str) -> dict[str, tuple[int, int, int, int]]:
    """The truth's (events, killed, injured, detained) by a report dimension's key."""
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for event in TRUTH:
        keys = {"department": [event.ubigeo[:2]], "province": [event.ubigeo[:4]],
                "district": [event.ubigeo], "month": [event.day[:7]],
                "violation": list(event.violations),
                "perpetrator": list(event.perpetrators)}[dimension]
        for key in keys:
            row = sums[key]
            row[0] += 1
            row[1] += event.killed
            row[2] += event.injured
            row[3] += event.detained
    return {key: (v[0], v[1], v[2], v[3]) for key, v in sums.items()}
