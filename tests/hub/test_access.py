"""Each coordinator reads only the testimonies their clearance reaches: the database
enforces it on their own connection, whatever program makes it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests import postgres
from tests.conftest import floor_kdf
from willay.core.errors import NotFoundError, ValidationError, VaultError
from willay.core.records import service as records
from willay.core.records.search import search
from willay.core.vault.hub import Hub

JUAN = "la frase de juan, larga también"
ANA = "la frase de ana, también larga"


def _fill(hub: Hub) -> dict[str, str]:
    with hub.session() as session:
        incident = records.create(session, "incident", {
            "title": "Paro en Juliaca", "occurred": {"text": "2023-01-09"}})
        witness = records.create(session, "person", {"full_name": "Rosalía Quispe Ccori",
                                                     "consent": "partners"})
        made = {}
        for consent, words in (("partners", "marcha pacífica"), ("legal", "comisaría"),
                               ("internal", "amenaza al testigo")):
            made[consent] = records.create(session, "testimony", {
                "incidents": [incident], "witness": witness, "language": "es",
                "consent": consent, "transcript": f"Relato: {words}."})
    return made


def _as(cluster: postgres.Cluster, hub: Hub, role: str, passphrase: str) -> Hub:
    database = hub.engine.url.database
    opened = Hub.connect(f"postgresql://{role}@/{database}?host={cluster.socket}")
    opened.unlock(role, passphrase)
    return opened


def test_a_coordinator_reads_only_what_their_clearance_reaches(
        hub: Hub, cluster: postgres.Cluster) -> None:
    made = _fill(hub)
    hub.add_coordinator("juan", JUAN, "partners", kdf_params=floor_kdf())
    hub.add_coordinator("ana", ANA, "legal", kdf_params=floor_kdf())
    juan = _as(cluster, hub, "juan", JUAN)
    with juan.session() as session:
        assert [t["consent"] for t in records.list_testimonies(session)] == ["partners"]
        assert search(session, "comisaria") == [] and search(session, "amenaza") == []
        assert [h.record_id for h in search(session, "marcha")] == [made["partners"]]
        with pytest.raises(NotFoundError):
            records.get(session, made["internal"])
        bodies = session.execute(text("SELECT body FROM revision")).scalars().all()
        assert not any(b"amenaza" in bytes(b) or b"comisar" in bytes(b) for b in bodies), \
            "not even the revisions' bodies"
        assert records.count_records(session)["incident"] == 1, "incidents are for all"
    with pytest.raises(ValidationError, match="cleared for"), juan.session() as session:
        session.execute(text("UPDATE hub_clearance SET clearance = 'internal'"))
    with juan.session() as session:
        incident = records.list_incidents(session)[0]["id"]
        witness = records.list_people(session)[0]["id"]
        mine = records.create(session, "testimony", {
            "incidents": [incident], "witness": witness, "language": "qu",
            "consent": "partners", "transcript": "Chay p'unchaw."})
    with pytest.raises(ValidationError, match="cleared for"), juan.session() as session:
        records.create(session, "testimony", {
            "incidents": [incident], "witness": witness, "language": "qu",
            "consent": "internal", "transcript": "Mana willakunichu."})
    with juan.session() as session:
        assert records.get(session, mine).fields is not None
    juan.lock()
    ana = _as(cluster, hub, "ana", ANA)
    with ana.session() as session:
        assert sorted(t["consent"] for t in records.list_testimonies(session)) == [
            "legal", "partners", "partners"], "juan's own testimony too"
    ana.lock()
    with hub.session() as session:  # the owner is not limited
        assert len(records.list_testimonies(session)) == 4


def test_a_coordinator_connects_as_their_own_role_and_removal_drops_it(
        hub: Hub, cluster: postgres.Cluster) -> None:
    # Roles belong to the server, not to one database: names of their own here.
    hub.add_coordinator("pedro", JUAN, "partners", kdf_params=floor_kdf())
    hub.add_coordinator("lucia", ANA, "legal", kdf_params=floor_kdf())
    database = hub.engine.url.database
    with pytest.raises(VaultError, match="your own database role"):
        Hub.connect(f"postgresql://lucia@/{database}?host={cluster.socket}").unlock(
            "pedro", JUAN)
    assert [(c.name, c.clearance) for c in hub.coordinators()] == [
        ("lucia", "legal"), ("pedro", "partners"), ("rosa", "")]
    assert hub.remove_coordinator("pedro") is True, "the role is dropped"
    with pytest.raises(VaultError, match="cannot be reached"):
        Hub.connect(f"postgresql://pedro@/{database}?host={cluster.socket}")


def test_a_testimony_search_entry_carries_its_consent_as_it_changes(
        hub: Hub, cluster: postgres.Cluster) -> None:
    made = _fill(hub)
    with hub.engine.connect() as conn:
        kept = {str(record): str(consent) for record, consent in conn.execute(text(
            "SELECT record_id, consent FROM search_doc WHERE kind = 'testimony'"))}
    assert kept == {record: consent for consent, record in made.items()}
    with hub.session() as session:
        records.edit(session, made["internal"], {"consent": "partners"})
    hub.add_coordinator("juan", JUAN, "partners", kdf_params=floor_kdf())
    juan = _as(cluster, hub, "juan", JUAN)
    with juan.session() as session:
        assert [h.record_id for h in search(session, "amenaza")] == [made["internal"]], \
            "a consent widened is searched as widened"
        assert search(session, "comisaria") == []
    juan.lock()


def test_a_cleared_search_gives_the_newest_it_may_see_up_to_its_limit(
        hub: Hub, cluster: postgres.Cluster) -> None:
    with hub.session() as session:
        witness = records.create(session, "person", {"full_name": "Ana Mamani",
                                                     "consent": "partners"})
        incident = records.create(session, "incident", {
            "title": "Paro en Puno", "occurred": {"text": "2023-01-04"}})

        def said(consent: str, n: int) -> str:
            return records.create(session, "testimony", {
                "incidents": [incident], "witness": witness, "language": "es",
                "consent": consent, "transcript": f"Relato {n}: la marcha."})

        seen = [said("partners", n) for n in range(3)]
        [said("legal", n) for n in range(3)]  # newer, beyond a partners clearance
    hub.add_coordinator("juan", JUAN, "partners", kdf_params=floor_kdf())
    juan = _as(cluster, hub, "juan", JUAN)
    with juan.session() as session:
        assert [h.record_id for h in search(session, "marcha", limit=2)] == [seen[2], seen[1]]
        assert [h.record_id for h in search(session, "marcha")] == seen[::-1]
    juan.lock()
