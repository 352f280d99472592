"""A hub's tables are made and upgraded by migrations of its own, and always match what
this Willay's models describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from tests import postgres
from tests.conftest import floor_kdf
from tests.functional.conftest import CliRunner, cli, cli_env  # noqa: F401 (fixtures)
from tests.hub.conftest import PASSPHRASE
from willay.core.errors import VaultError
from willay.core.records import service as records
from willay.core.vault import database, hub_schema
from willay.core.vault.hub import Hub, hub_url


def test_a_new_hub_has_exactly_the_tables_the_models_describe(hub: Hub) -> None:
    with hub.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "include_object": hub_schema.modelled})
        differences = compare_metadata(context, hub_schema.target_metadata())
        assert hub_schema.current(conn) == hub_schema.head()
    assert differences == [], "a change of the models needs a hub migration too"


def test_the_head_is_read_from_the_scripts_as_alembic_reads_it() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(hub_schema.MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == hub_schema.head()
    assert hub_schema.head() != database.head_revision(), "two lines of versions"


def test_an_older_hub_is_upgraded_by_its_owner_in_one_step(
        cluster: postgres.Cluster, cli: CliRunner) -> None:  # noqa: F811
    url = cluster.new_database()
    made = Hub.create(url, "Coordinadora", "Red Sur", "rosa", PASSPHRASE,
                      kdf_params=floor_kdf())
    with made.session() as session:
        incident = records.create(session, "incident", {"title": "Paro en Juliaca",
                                                        "occurred": {"text": "2023-01-09"}})
    made.close()
    engine = create_engine(hub_url(url))
    with engine.begin() as conn:  # as a hub of the first version was
        hub_schema.undo(conn, to="h001")
    with pytest.raises(VaultError, match=r"older than this Willay's.*hub upgrade"):
        Hub.connect(url).unlock("rosa", PASSPHRASE)
    engine.dispose()
    env = {"WILLAY_HUB": url, "WILLAY_COORDINATOR": "rosa"}
    said = cli("hub", "upgrade", env=env).stdout
    assert f"from version h001 to {hub_schema.head()}, in one transaction" in said
    assert "nothing was changed" in cli("hub", "upgrade", env=env).stdout
    opened = Hub.connect(url)
    opened.unlock("rosa", PASSPHRASE)
    with opened.session() as session:
        assert records.get(session, incident).fields is not None
    opened.close()


def test_only_the_owner_upgrades_a_hub(hub: Hub, cluster: postgres.Cluster) -> None:
    hub.add_coordinator("juan", "la frase de juan, larga también", "internal",
                        kdf_params=floor_kdf())
    engine = create_engine(hub_url(
        f"postgresql://juan@/{hub.engine.url.database}?host={cluster.socket}"))
    with pytest.raises(VaultError, match="Only the role that owns"):
        hub_schema.upgrade(engine)
    engine.dispose()


def test_an_upgrade_makes_the_words_of_quechua_writing_found_as_in_a_vault(hub: Hub) -> None:
    from willay.core.records import search

    with hub.session() as session:
        incident = records.create(session, "incident", {
            "title": "Chay p'unchawmi", "occurred": {"text": "2023-02-01"}})
        records.create(session, "incident", {"title": "Paqarin", "occurred": {"text": "2023"}})

    def found(word: str) -> set[str]:
        with hub.session() as session:
            return {hit.record_id for hit in search.search(session, word)}

    def indexed(word: str) -> int:
        with hub.engine.connect() as conn:
            return int(conn.execute(text(
                "SELECT count(*) FROM search_doc WHERE words @@ to_tsquery('willay_es', :w)"),
                {"w": word}).scalar_one())

    assert found("unchawmi") == {incident} == found("punchawmi")
    with hub.engine.begin() as conn:  # as a hub before h007 indexed it
        hub_schema.undo(conn, to="h006")
    assert indexed("unchawmi") == 0 and indexed("punchawmi") == 1
    assert hub_schema.upgrade(hub.engine) == ("h006", hub_schema.head())
    assert indexed("unchawmi") == 1
    assert found("unchawmi") == {incident} == found("punchawmi") and found("paqarin") != set()
