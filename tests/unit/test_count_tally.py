"""The counts the vault keeps for the Reports page stay right through every change.

Each check compares the quick summary, which reads the kept tally for these filters,
with the full report, which builds every event from the incident rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from alembic import command
from sqlalchemy import text

from tests.benchmarks.synthetic import Generator
from tests.conftest import PASSPHRASE
from willay.core.reconcile import links
from willay.core.records import service as records
from willay.core.records.filter import IncidentFilter
from willay.core.reports import counts as reports
from willay.core.reports.summary import summarize, tally_covers
from willay.core.vault import database
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines

TALLIED = [IncidentFilter(), IncidentFilter(place="21"), IncidentFilter(status="reviewed"),
           IncidentFilter(place="08", status="draft")]
# Passes every incident, but through the rows: the two ways must agree.
FROM_ROWS = IncidentFilter(date_from=date(1900, 1, 1))


def _same_counts(vault: Vault) -> None:
    with vault.session() as session:
        for filters in (*TALLIED, FROM_ROWS):
            assert tally_covers(filters) == (filters is not FROM_ROWS)
            full = reports.build(session, filters, with_victims=False)
            quick = summarize(session, filters)
            assert quick.totals == full.totals, filters
            for dimension in reports.DIMENSIONS:
                assert quick.tables[dimension] == full.tables[dimension], (filters, dimension)


def _fill(vault: Vault, count: int = 30) -> list[str]:
    gen = Generator(seed=11)
    ids = []
    with vault.session() as session:
        for number in range(count):
            raw = gen.incident()
            if number % 5 == 0:
                raw["violations"] = []
            if number % 7 == 0:
                raw["perpetrators"] = []
            if number % 9 == 0:
                raw["place"] = {"ubigeo": None, "text": "sin distrito"}
            ids.append(records.create(session, "incident", raw))
    return ids


def test_the_kept_counts_follow_edits_deletions_and_links(vault: Vault) -> None:
    ids = _fill(vault)
    _same_counts(vault)
    with vault.session() as session:
        records.edit(session, ids[0], {"violations": ["torture", "excessive_force"]})
        records.edit(session, ids[1], {"violations": [], "perpetrators": []})
        records.edit(session, ids[2], {"place": {"ubigeo": "210101", "text": "Puno"},
                                       "status": "reviewed", "killed": 7})
        records.edit(session, ids[3], {"occurred": {"text": "2021"}})
        records.delete(session, ids[4])
        records.delete(session, ids[5])
        links.decide(session, ids[6], ids[7], links.SAME)
        links.decide(session, ids[8], ids[9], links.SAME)
        links.decide(session, ids[8], ids[9], links.DISTINCT)
    _same_counts(vault)


def test_the_kept_counts_follow_a_change_written_straight_to_a_row(vault: Vault) -> None:
    ids = _fill(vault, 10)
    with vault.session() as session:
        session.execute(text("UPDATE incident SET status = 'reviewed', killed = killed + 3, "
                             "ubigeo = '080101' WHERE id = :id"), {"id": ids[0]})
        session.execute(text("DELETE FROM incident_code WHERE incident_id = :id"),
                        {"id": ids[1]})
    _same_counts(vault)


@pytest.mark.parametrize("filters", [
    IncidentFilter(place="2101"), IncidentFilter(violation="torture"),
    IncidentFilter(date_from=date(2022, 1, 1))],
    ids=["province", "violation", "dates"])
def test_other_filters_count_from_the_rows(filters: IncidentFilter) -> None:
    assert not tally_covers(filters)


@pytest.mark.vault_only("a hub counts from its rows; it has no tally to add")
def test_a_vault_from_before_the_tally_counts_what_it_already_held(vault: Vault) -> None:
    _fill(vault)
    with vault.session() as session:
        before: Any = summarize(session)
    command.downgrade(database._alembic_config(vault.engine), "0009")
    vault.lock()

    upgraded = Vault.open(vault.path)
    upgraded.unlock(PASSPHRASE)
    assert database.current_revision(upgraded.engine) == database.head_revision()
    with upgraded.session() as session:
        assert summarize(session) == before
    _same_counts(upgraded)
    upgraded.lock()
