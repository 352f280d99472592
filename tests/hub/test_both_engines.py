"""The record services of the core give the same answers on a vault and on a hub."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import sqlalchemy
from sqlmodel import select

from tests import postgres
from tests.conftest import floor_kdf
from tests.fieldset_sample import sample
from tests.hub.conftest import PASSPHRASE, Store
from willay.core.errors import ValidationError, VaultError
from willay.core.records import authorship, custody, custom_values, fieldset_store, queries
from willay.core.records import service as records
from willay.core.records.filter import IncidentFilter
from willay.core.records.search import count, search
from willay.core.reference.fieldsets import parse
from willay.core.vault.hub import Hub
from willay.core.vault.models import CustomCode, Revision

INCIDENT: dict[str, Any] = {
    "title": "Enfrentamiento en el puente Añashuayco",
    "occurred": {"text": "2023-01-09"},
    "place": {"ubigeo": "211101", "text": "Puente de acceso al aeropuerto"},
    "violations": ["killing"], "perpetrators": ["pnp"], "killed": 2,
    "narrative": "Los manifestantes fueron dispersados con armas de fuego.",
}


def test_records_keep_their_signed_history(store: Store) -> None:
    with store.session() as session:
        incident = records.create(session, "incident", INCIDENT)
    with store.session() as session:
        records.edit(session, incident[:8], {"killed": 3})
        records.edit(session, incident, {"status": "reviewed"})
    with store.session() as session:
        history = records.history(session, incident)
        assert [h.fields["killed"] for h in history if h.fields] == [2, 3, 3]
        assert [h.parents for h in history][1:] == [[history[0].id], [history[1].id]]
        for row in session.exec(select(Revision)).all():
            assert row.id == hashlib.sha256(row.body).hexdigest()
        changes = queries.changes(session, incident)
        assert {c.seal.state for c in changes if c.seal} == {authorship.SIGNED}
        assert custody.verify_chain(session) == []
        witness = records.create(session, "person", {"full_name": "Rosalía Quispe Ccori",
                                                     "consent": "partners"})
        records.create(session, "testimony", {
            "incidents": [incident], "witness": witness, "language": "qu",
            "consent": "partners", "transcript": "Chay p'unchaw tawa runakuna wañurqan."})
    with store.session() as session, pytest.raises(ValidationError, match="testimony"):
        records.delete(session, incident)


def test_a_record_is_found_by_the_first_letters_of_its_id(store: Store) -> None:
    with store.session() as session:
        made = [records.create(session, "person", {"full_name": f"Persona {n}"})
                for n in range(40)]
    with store.session() as session:
        for record_id in made:
            assert records.find_record(session, record_id[:8]).id == record_id
            assert records.find_record(session, record_id.upper()[:10]).id == record_id


def test_search_finds_the_same_words(store: Store) -> None:
    with store.session() as session:
        puno = records.create(session, "incident", INCIDENT)
        apurimac = records.create(session, "incident", {
            "title": "Detenciones en Andahuaylas", "occurred": {"text": "2022-12-11"},
            "place": {"ubigeo": "030201"}, "violations": ["arbitrary_detention"],
            "narrative": "Chay p'unchaw policía runakunata hap'irqan."})
        person = records.create(session, "person", {"full_name": "ROSALÍA QUISPE CCORI"})
    with store.session() as session:
        assert [h.record_id for h in search(session, "anashuayco")] == [puno]
        assert [h.record_id for h in search(session, "quispe")] == [person]
        assert [h.record_id for h in search(session, "rosalia qui")] == [person]
        assert [h.record_id for h in search(session, "punchaw")] == [apurimac], \
            "the apostrophe of Quechua writing is optional"
        assert [h.record_id for h in search(session, "p'unchaw")] == [apurimac]
        assert search(session, "puno andahuaylas") == []
        both = search(session, "en")
        assert [h.record_id for h in both] == [apurimac, puno], "newest first"
        narrowed = search(session, "en", IncidentFilter(place="03"))
        assert [h.record_id for h in narrowed] == [apurimac]
        assert count(session, "en") == 2
        assert "[" in search(session, "anashuayco")[0].snippet
        records.edit(session, puno, {"title": "Enfrentamiento en Juliaca"})
    with store.session() as session:
        assert search(session, "anashuayco") == []
        assert [h.record_id for h in search(session, "juliaca")] == [puno]
        records.delete(session, person)
    with store.session() as session:
        assert search(session, "quispe") == []


def test_organization_fields_are_kept_searched_and_counted(store: Store) -> None:
    with store.session() as session:
        fieldset_store.keep(session, parse(sample()))
        incident = records.create(session, "incident", INCIDENT)
        custom_values.write(session, incident, {
            "police_present": True, "weapons_seen": ["pellets", "tear_gas"],
            "hospital": "Hospital Carlos Monge Medrano"})
    with store.session() as session:
        assert custom_values.read(session, incident).values["weapons_seen"] == [
            "pellets", "tear_gas"]
        assert [h.record_id for h in search(session, "monge")] == [incident]
        assert sorted(session.exec(select(CustomCode.code)).all()) == [
            "pellets", "tear_gas", "yes"]


def test_a_hub_is_only_made_where_it_can_work(cluster: postgres.Cluster) -> None:
    with pytest.raises(ValidationError, match="PostgreSQL"):
        Hub.connect("sqlite:///archivo.db")
    with pytest.raises(VaultError, match="cannot be reached"):
        Hub.connect(cluster.url("no_such_database"))
    engine = sqlalchemy.create_engine(cluster.url().replace("postgresql://",
                                                            "postgresql+psycopg://"),
                                      isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:  # ordered as Spanish is, not byte by byte
        conn.exec_driver_sql("CREATE DATABASE ordered_es TEMPLATE template0 "
                             "LOCALE_PROVIDER icu ICU_LOCALE 'es-PE' ENCODING 'UTF8'")
    engine.dispose()
    with pytest.raises(ValidationError, match="LC_COLLATE 'C'"):
        Hub.create(cluster.url("ordered_es"), "Coordinadora", "Red Sur", "rosa",
                   PASSPHRASE, kdf_params=floor_kdf())
