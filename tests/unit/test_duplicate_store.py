"""Possible duplicates are kept in the vault: a look after changes finds again only the
changed records' pairs, and ends with what a whole new search would find."""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy import delete, func, select, text
from sqlmodel import col
from sqlmodel import select as orm_select

from tests.benchmarks.synthetic import Generator
from willay.core.reconcile import (
    duplicates,
    found_pairs,
    incident_pairs,
    person_pairs,
    suggestion_store,
)
from willay.core.reconcile.names import compare_names, name_key
from willay.core.reconcile.suggestion import INCIDENT, PERSON, Suggestion
from willay.core.records import service as records
from willay.core.vault.kept import (
    DuplicateCandidate,
    DuplicatePending,
    IncidentSpan,
    PersonNameBlock,
)
from willay.core.vault.models import Incident
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines

SURNAMES = ["Quispe", "Qhispi", "Mamani", "Mamane", "Huamán", "Waman", "Condori", "Kunturi"]
GIVEN = ["Juan", "Rosa", "María", "Marco"]


def _pairs(found: list[Suggestion]) -> list[tuple[str, str, float, tuple[str, ...]]]:
    return [(s.first.id, s.second.id, round(s.score, 6), tuple(r.text() for r in s.reasons))
            for s in found]


def _from_scratch(vault: Vault, kind: str) -> list[Suggestion]:
    """The suggestions of a full pass on a vault that keeps nothing yet."""
    with vault.session() as session:
        suggestion_store.forget(session, kind)
        session.execute(delete(DuplicateCandidate).where(col(DuplicateCandidate.kind) == kind))
        if kind == PERSON:
            session.execute(delete(PersonNameBlock))
    with vault.session() as session:
        return duplicates.suggestions(session, kind)


def _blocks(vault: Vault) -> list[tuple[str, str]]:
    with vault.session() as session:
        return sorted((row[0], row[1]) for row in session.execute(
            select(col(PersonNameBlock.block), col(PersonNameBlock.person_id))))


def _blocks_of_names(vault: Vault) -> list[tuple[str, str]]:
    """The name blocks every person's name gives, worked out here one person at a time."""
    with vault.session() as session:
        people = session.execute(text("SELECT id, full_name, pseudonym FROM person")).all()
    return sorted((block, person_id) for person_id, full_name, pseudonym in people
                  if (name := person_pairs._name(full_name, pseudonym)) is not None
                  for block in person_pairs.blocks(name))


def _fill(vault: Vault, rng: random.Random) -> dict[str, list[str]]:
    gen = Generator(seed=5)
    made: dict[str, list[str]] = {INCIDENT: [], PERSON: []}
    with vault.session() as session:
        for _ in range(60):
            raw = gen.incident()
            raw["place"] = {"ubigeo": rng.choice(["211101", "211102"]), "text": ""}
            raw["occurred"] = {"text": f"2023-01-{rng.randint(1, 9):02d}"}
            made[INCIDENT].append(records.create(session, "incident", raw))
        for _ in range(40):
            name = " ".join([rng.choice(GIVEN), *rng.sample(SURNAMES, rng.choice((1, 2)))])
            made[PERSON].append(records.create(session, "person", {"full_name": name}))
    return made


@pytest.mark.parametrize("kind", [INCIDENT, PERSON])
def test_a_look_after_changes_ends_as_a_whole_new_search(vault: Vault, kind: str) -> None:
    rng = random.Random(3)
    made = _fill(vault, rng)
    with vault.session() as session:
        first = duplicates.suggestions(session, kind)
    assert first and _pairs(first) == _pairs(_from_scratch(vault, kind))
    with vault.session() as session:
        if kind == INCIDENT:
            records.edit(session, made[INCIDENT][0], {"occurred": {"text": "2023-03-01"}})
            records.edit(session, made[INCIDENT][1], {"violations": ["torture"]})
            records.edit(session, made[INCIDENT][2], {"place": {"ubigeo": "211102",
                                                                  "text": ""}})
            records.delete(session, made[INCIDENT][3])
            for _ in range(5):
                records.create(session, "incident", {
                    "title": "Nuevo", "occurred": {"text": "2023-01-05"},
                    "place": {"ubigeo": "211101", "text": ""}, "violations": ["killing"]})
        else:
            records.edit(session, made[PERSON][0], {"full_name": "Rosa Qhispi Waman"})
            records.edit(session, made[PERSON][1], {"full_name": "R-7K2"})
            records.delete(session, made[PERSON][2])
            for _ in range(3):
                records.create(session, "person", {"full_name": "Marco Quispe Condori"})
        pending = session.execute(select(func.count()).select_from(DuplicatePending)
                                  .where(col(DuplicatePending.kind) == kind)).scalar_one()
        assert pending > 0
    with vault.session() as session:
        again = duplicates.suggestions(session, kind)
        assert session.execute(select(func.count()).select_from(DuplicatePending)
                               .where(col(DuplicatePending.kind) == kind)).scalar_one() == 0
    assert _pairs(again) != _pairs(first)
    assert _pairs(again) == _pairs(_from_scratch(vault, kind))


@pytest.mark.parametrize("kind", [INCIDENT, PERSON])
def test_a_full_pass_over_kept_pairs_ends_as_a_whole_new_search(
        vault: Vault, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The kept rows are compared a few thousand at a time: here a few at a time.
    monkeypatch.setattr(found_pairs, "_PEOPLE_AT_ONCE", 3)
    monkeypatch.setattr(found_pairs, "_COPY_AT_ONCE", 5)
    _fill(vault, random.Random(4))
    with vault.session() as session:
        before = duplicates.suggestions(session, kind)
        moved = before[0].first.id
        # Changed behind the kept pairs' back (nothing listed), as new rules would see
        # the records anew: one record leaves its pairs, two new namesakes or
        # neighbours appear, one kept pair has a score the rules do not give.
        if kind == INCIDENT:
            session.execute(text("UPDATE incident_span SET occurred_start = '2023-05-01', "
                                 "occurred_end = '2023-05-01' WHERE id = :id"), {"id": moved})
        else:
            session.execute(text("UPDATE person SET full_name = 'Zacarías Yupanqui Ttito' "
                                 "WHERE id = :id"), {"id": moved})
        for _ in range(2):
            made = records.create(session, kind, {"full_name": "Marco Kunturi Waman"}
                                  if kind == PERSON else {
                "title": "Nuevo", "occurred": {"text": "2023-01-05"},
                "place": {"ubigeo": "211101", "text": ""}, "violations": ["killing"]})
            assert made
        session.execute(delete(DuplicatePending))
        if kind == PERSON:  # blocks of no one there, before the first id and after the last
            for stale in ("00000000-0000-0000-0000-000000000000", "ffffffff-ffff"):
                session.execute(text("INSERT INTO person_name_block (block, person_id) "
                                     "VALUES ('=zz', :id)"), {"id": stale})
        session.execute(text("UPDATE duplicate_candidate SET score = score + 1, reasons = "
                             "'[]' WHERE kind = :kind AND first = (SELECT max(first) FROM "
                             "duplicate_candidate WHERE kind = :kind)"), {"kind": kind})
    with vault.session() as session:
        suggestion_store.forget(session, kind)  # the kept pairs stay
    with vault.session() as session:
        again = duplicates.suggestions(session, kind)
    assert not any(moved in (s.first.id, s.second.id) for s in again)
    assert len(again) > len(before) - sum(moved in (s.first.id, s.second.id) for s in before)
    blocks = _blocks(vault)
    assert _pairs(again) == _pairs(_from_scratch(vault, kind))
    assert blocks == _blocks(vault)
    if kind == PERSON:
        assert len(blocks) > 20
        assert blocks == _blocks_of_names(vault)


def test_a_record_written_while_a_search_runs_is_looked_at_next_time(
        vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    near = {"title": "Toma del puente", "occurred": {"text": "2023-01-05"},
            "place": {"ubigeo": "211101", "text": ""}, "violations": ["killing"]}
    with vault.session() as session:
        records.create(session, "incident", near)
    found_all = incident_pairs.all_pairs

    def meanwhile(*args: Any) -> Any:
        yield from found_all(*args)
        with vault.session() as other:  # another task writes during the search
            records.create(other, "incident", {**near, "title": "La misma toma"})

    monkeypatch.setattr(incident_pairs, "all_pairs", meanwhile)
    with vault.session() as session:
        assert duplicates.suggestions(session, INCIDENT) == []
    monkeypatch.undo()
    with vault.session() as session:
        (pair,) = duplicates.suggestions(session, INCIDENT)
    assert {pair.first.title, pair.second.title} == {"Toma del puente", "La misma toma"}


@pytest.mark.parametrize(("people", "kept"), [(20, 190), (30, 29)])
def test_many_namesakes_are_paired_one_after_another(vault: Vault, people: int,
                                                     kept: int) -> None:
    with vault.session() as session:
        for n in range(people):
            records.create(session, "person", {"full_name": "Juan Quispe Mamani"
                                               if n % 2 else "JUAN QUISPE MAMANÍ"})
        found = duplicates.suggestions(session, PERSON)
        assert len(found) == kept
        assert all(s.score == 1.0 for s in found)
        assert session.execute(select(func.count()).select_from(DuplicateCandidate)
                               ).scalar_one() == kept
        every = {x for s in found for x in (s.first.id, s.second.id)}
        assert len(every) == people  # no one is left out


def test_filing_names_by_their_keys_finds_every_match_comparing_all_would(
        vault: Vault) -> None:
    rng = random.Random(11)
    given = [*GIVEN, "Juana", "Wankar", "Huancar"]
    names = []
    with vault.session() as session:
        for _ in range(150):
            words = [rng.choice(given), *rng.sample(SURNAMES, rng.choice((1, 2, 3)))]
            if rng.random() < 0.2:
                words.insert(1, rng.choice(given))  # a second given name
            if rng.random() < 0.1:
                words.reverse()
            names.append((records.create(session, "person", {"full_name": " ".join(words)}),
                          " ".join(words)))
        found = {(s.first.id, s.second.id) for s in duplicates.suggestions(session, PERSON)}
    every = {(a, b) if a < b else (b, a)
             for i, (a, name_a) in enumerate(names) for b, name_b in names[i + 1:]
             if compare_names(name_a, name_b) is not None}
    assert found and found == every


def _spans(vault: Vault) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """The kept spans, and what they should be from the incident rows and their codes."""
    with vault.session() as session:
        kept = {(row.id, row.ubigeo, row.occurred_start, row.occurred_end,
                 frozenset(row.violations.split()))
                for row in session.exec(orm_select(IncidentSpan))}
        codes = incident_pairs.violation_codes(session, (i.id for i in session.exec(
            orm_select(Incident))))
        expected = {(i.id, i.ubigeo, i.occurred_start, i.occurred_end,
                     codes.get(i.id, frozenset())) for i in session.exec(orm_select(Incident))}
    return kept, expected


@pytest.mark.vault_only("the upgrade is the vault's migration; a hub's has tests of its own")
def test_the_kept_spans_follow_the_incidents_and_survive_an_upgrade(vault: Vault) -> None:
    from alembic import command

    from tests.conftest import PASSPHRASE
    from willay.core.vault import database

    made = _fill(vault, random.Random(8))
    with vault.session() as session:
        records.edit(session, made[INCIDENT][0], {"violations": []})
        records.edit(session, made[INCIDENT][1], {"violations": ["torture", "killing"],
                                                  "occurred": {"text": "2023-02"}})
        records.delete(session, made[INCIDENT][2])
    kept, expected = _spans(vault)
    assert kept == expected and len(kept) == 59
    command.downgrade(database._alembic_config(vault.engine), "0010")
    vault.lock()
    upgraded = Vault.open(vault.path)
    upgraded.unlock(PASSPHRASE)
    kept, expected = _spans(upgraded)
    assert kept == expected and len(kept) == 59
    upgraded.lock()


def test_many_spellings_of_one_name_are_paired_one_after_another(vault: Vault) -> None:
    # Typing slips double a letter here and there: spellings that all sound alike, which
    # all with all would make hundreds of pairs.
    def slips(word: str) -> set[str]:
        return {word[:i] + word[i] + word[i:] for i in range(len(word))}

    spellings = {f"Juan {a} {b}" for a in slips("Mamani") for b in slips("Condori")}
    assert len({tuple(sorted(name_key(w) for w in s.split())) for s in spellings}) == 1
    assert len(spellings) * (len(spellings) - 1) // 2 > 400
    with vault.session() as session:
        for name in sorted(spellings):
            records.create(session, "person", {"full_name": name})
        found = duplicates.suggestions(session, PERSON)
    assert len(found) == len(spellings) - 1
    assert len({x for s in found for x in (s.first.id, s.second.id)}) == len(spellings)
