"""Records: every change is a revision; history, tombstones, links and checks."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from sqlmodel import select

from willay.core.errors import NotFoundError, UnknownCodeError, ValidationError
from willay.core.records import revisions
from willay.core.records import service as records
from willay.core.vault.identity import author_key_id
from willay.core.vault.models import Incident, IncidentCode, Revision
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines

INCIDENT: dict[str, Any] = {
    "title": "Enfrentamiento en el puente Añashuayco",
    "occurred": {"text": "2023-01-09"},
    "place": {"ubigeo": "211101", "text": "Puente de acceso al aeropuerto"},
    "violations": ["killing", "injury_firearm"],
    "perpetrators": ["pnp"],
    "killed": 2,
    "injured": 14,
    "narrative": "Los manifestantes fueron dispersados con armas de fuego.",
}


def test_create_appends_a_revision_whose_id_is_the_hash_of_its_body(vault: Vault) -> None:
    with vault.session() as session:
        record_id = records.create(session, "incident", INCIDENT)
        author = author_key_id(session)
    with vault.session() as session:
        (rev,) = session.exec(select(Revision).where(Revision.record_id == record_id)).all()
        assert rev.id == hashlib.sha256(rev.body).hexdigest()
        body = json.loads(rev.body)
        assert body["parents"] == [] and body["author"] == author and body["deleted"] is False
        assert body["fields"]["occurred"] == {"start": "2023-01-09", "end": "2023-01-09",
                                              "precision": "day"}
        assert rev.body == json.dumps(body, ensure_ascii=False, sort_keys=True,
                                      separators=(",", ":")).encode()
        view = records.get(session, record_id)
        assert view.fields is not None
        assert view.fields["place"]["ubigeo"] == "211101"
        assert view.fields["violations"] == ["injury_firearm", "killing"]


def test_edit_chains_revisions_and_keeps_history(vault: Vault) -> None:
    with vault.session() as session:
        record_id = records.create(session, "incident", INCIDENT)
    with vault.session() as session:
        second = records.edit(session, record_id, {"killed": 3, "status": "reviewed"})
    with vault.session() as session:
        unchanged = records.edit(session, record_id[:8], {"killed": 3})
        assert unchanged == second  # nothing new to record
        third = records.edit(session, record_id, {"title": "Puente Añashuayco, Juliaca"})
        history = records.history(session, record_id)
        assert [r.id for r in history][1:] == [second, third]
        assert history[1].parents == [history[0].id]
        assert history[2].parents == [second]
        assert [r.fields["killed"] for r in history if r.fields] == [2, 3, 3]
        assert records.get(session, record_id).heads == [third]
        incident = session.get(Incident, record_id)
        assert incident is not None and incident.status == "reviewed"


def test_delete_is_a_tombstone_and_history_stays(vault: Vault) -> None:
    with vault.session() as session:
        record_id = records.create(session, "incident", INCIDENT)
        tombstone = records.delete(session, record_id)
    with vault.session() as session:
        view = records.get(session, record_id)
        assert view.deleted and view.fields is None and view.heads == [tombstone]
        history = records.history(session, record_id)
        assert len(history) == 2 and history[-1].deleted
        assert session.get(Incident, record_id) is None
        assert session.exec(select(IncidentCode)).all() == []
        assert records.list_incidents(session) == []
        with pytest.raises(ValidationError, match="deleted"):
            records.edit(session, record_id, {"killed": 1})


def test_unknown_codes_are_refused_with_suggestions(vault: Vault) -> None:
    with vault.session() as session:
        with pytest.raises(UnknownCodeError, match="killing") as caught:
            records.create(session, "incident", {**INCIDENT, "violations": ["kiling"]})
        assert "killing" in caught.value.suggestions
        with pytest.raises(UnknownCodeError, match="211101"):
            records.create(session, "incident", {**INCIDENT, "place": {"ubigeo": "211199"}})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": "  "}, "Title must not be empty"),
        ({"occurred": {"text": "2023-02-30"}}, "not a real date"),
        ({"occurred": {"text": "ayer"}}, "not a date Willay understands"),
        ({"occurred": {"text": "2023-01-10", "until": "2023-01-01"}}, "before the start"),
        ({"killed": -1}, "between 0"),
        ({"place": {"latitude": "-15.5"}}, "both latitude and longitude"),
        ({"place": {"latitude": "95", "longitude": "-70"}}, "between -90 and 90"),
        ({"place": {"latitude": "-15.5", "longitude": "east"}}, "decimal number"),
    ],
)
def test_bad_values_are_refused_with_a_message(vault: Vault, change: dict[str, Any],
                                               message: str) -> None:
    with vault.session() as session, pytest.raises(ValidationError, match=message):
        records.create(session, "incident", {**INCIDENT, **change})


def test_dates_with_precision(vault: Vault) -> None:
    with vault.session() as session:
        month = records.create(session, "incident", {**INCIDENT, "occurred": {"text": "2022-12"}})
        approx = records.create(session, "incident",
                                {**INCIDENT, "occurred": {"text": "~2023-01-09"}})
        span = records.create(session, "incident", {
            **INCIDENT, "occurred": {"text": "2023-01-04", "until": "2023-01-07"}})
        got = {r["id"]: r["occurred"] for r in records.list_incidents(session)}
    assert got[month] == "2022-12"
    assert got[approx] == "~2023-01-09"
    assert got[span] == "2023-01-04 – 2023-01-07"


def _person(session: Any, name: str = "Juana Quispe Mamani") -> str:
    return records.create(session, "person", {
        "full_name": name, "pseudonym": "T-07", "roles": ["witness", "family_member"],
        "consent": "partners", "languages": ["qu", "es"], "age_range": "30-40"})


def test_testimony_links_to_incidents_and_witness(vault: Vault) -> None:
    with vault.session() as session:
        incident = records.create(session, "incident", INCIDENT)
        witness = _person(session)
        testimony = records.create(session, "testimony", {
            "incidents": [incident[:8]], "witness": witness[:8], "language": "qu",
            "consent": "legal", "transcript": "Chay p'unchawmi...", "interviewer": "R. H."})
        view = records.get(session, testimony)
        assert view.fields is not None
        assert view.fields["incidents"] == [incident] and view.fields["witness"] == witness
        (summary,) = records.list_testimonies(session)
        assert summary["witness_name"] == "Juana Quispe Mamani"
        with pytest.raises(ValidationError, match="has 1 testimony;"):
            records.delete(session, incident)
        with pytest.raises(ValidationError, match="is of the kind person, not incident"):
            records.create(session, "testimony", {
                "incidents": [witness], "witness": witness, "language": "es",
                "consent": "internal", "transcript": "x"})
        with pytest.raises(NotFoundError):
            records.create(session, "testimony", {
                "incidents": ["abcdef12"], "witness": witness, "language": "es",
                "consent": "internal", "transcript": "x"})
        with pytest.raises(UnknownCodeError):
            records.create(session, "testimony", {
                "incidents": [incident], "witness": witness, "language": "es",
                "consent": "everyone", "transcript": "x"})


def test_person_fields_are_checked(vault: Vault) -> None:
    with vault.session() as session:
        person = _person(session)
        fields = records.get(session, person).fields
        assert fields is not None
        assert fields["roles"] == ["family_member", "witness"]
        assert fields["languages"] == ["es", "qu"]
        with pytest.raises(UnknownCodeError, match="victim"):
            records.create(session, "person", {"full_name": "X", "roles": ["victm"]})
        with pytest.raises(ValidationError, match="18-25"):
            records.create(session, "person", {"full_name": "X", "age_range": "forty"})


def test_revisions_verify_against_their_ids(vault: Vault) -> None:
    with vault.session() as session:
        record_id = records.create(session, "incident", INCIDENT)
        for rev in revisions.history(session, record_id):
            assert revisions.load(session, rev.id) == rev


def test_short_or_ambiguous_ids(vault: Vault) -> None:
    with vault.session() as session:
        with pytest.raises(ValidationError, match="too short"):
            records.get(session, "ab")
        with pytest.raises(NotFoundError):
            records.get(session, "ffffffff")


def test_coordinates_are_stored_as_plain_decimals(vault: Vault) -> None:
    with vault.session() as session:
        record_id = records.create(session, "incident", {
            **INCIDENT, "place": {"latitude": "-10", "longitude": "-70.1234567"}})
        fields = records.get(session, record_id).fields
    assert fields is not None
    assert fields["place"]["latitude"] == "-10"
    assert fields["place"]["longitude"] == "-70.123457"
