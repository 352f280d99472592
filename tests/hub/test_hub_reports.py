"""The Reports page's counts and the possible duplicates are the same on a vault and on a
hub, through edits, deletions and links.

A vault keeps both up to date through SQLite triggers; a hub counts from the rows and
keeps the duplicates' lists through triggers of its own (decision 0059). Each check holds
the quick summary to the full report (every event built from the rows), and the pairs
kept to what a whole new search finds.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete
from sqlmodel import col

from tests import postgres
from tests.conftest import floor_kdf
from tests.functional.conftest import CliRunner, cli, cli_env  # noqa: F401 (fixtures)
from tests.hub.conftest import PASSPHRASE, Store
from willay.core.reconcile import duplicates, links, suggestion_store
from willay.core.reconcile.suggestion import INCIDENT, PERSON
from willay.core.records import hub_push
from willay.core.records import service as records
from willay.core.records.filter import IncidentFilter
from willay.core.reports import counts as reports
from willay.core.reports.counts import Totals
from willay.core.reports.summary import Summary, summarize
from willay.core.vault.hub import Hub
from willay.core.vault.kept import DuplicateCandidate, PersonNameBlock
from willay.core.vault.vault import Vault

FILTERS = [IncidentFilter(), IncidentFilter(place="21"), IncidentFilter(status="reviewed"),
           IncidentFilter(place="05", status="draft"), IncidentFilter(place="2111"),
           IncidentFilter(violation="killing"), IncidentFilter(perpetrator="army"),
           IncidentFilter(date_from=date(2023, 1, 1))]


def _incident(title: str, occurred: str, ubigeo: str | None, violations: list[str],
              perpetrators: list[str], **numbers: Any) -> dict[str, Any]:
    return {"title": title, "occurred": {"text": occurred},
            "place": {"ubigeo": ubigeo, "text": "" if ubigeo else "sin distrito"},
            "violations": violations, "perpetrators": perpetrators, **numbers}


INCIDENTS = [
    _incident("Paro en Juliaca", "2023-01-09", "211101", ["killing", "injury_firearm"],
              ["pnp"], killed=2, injured=5),
    _incident("Balacera en el aeropuerto", "2023-01-09", "211101", ["killing"], ["army"],
              killed=3, injured=1, status="reviewed"),
    _incident("Marcha en Juliaca", "2023-01-10", "211101", ["injury_pellets"], ["pnp"],
              injured=4),
    _incident("Detenciones en Andahuaylas", "2022-12-11", "030201",
              ["arbitrary_detention", "mass_detention"], ["pnp"], detained=12,
              status="reviewed"),
    _incident("Detenciones en la plaza", "2022-12-12", "030201", ["arbitrary_detention"],
              [], detained=3),
    _incident("Toma del puente", "2023-01", "210101", [], ["pnp"]),
    _incident("Bloqueo en Huamanga", "2022-12-15", "050101", ["killing"], ["army"],
              killed=1),
    _incident("Muerte sin lugar", "2022-12-15", None, ["killing"], [], killed=1),
    _incident("Amenazas del año", "2022", "050101", ["threat"], ["unidentified"]),
    _incident("Enfrentamiento en Huamanga", "2022-12-15", "050101", ["killing", "torture"],
              ["army"], killed=2, detained=1),
]
PEOPLE = ["Rosalía Quispe Ccori", "Rosalia Qhispi Ccori", "Juan Mamani", "Juan Mamani Condori",
          "Edith Apaza Ticona", "R-7K2"]


def _fill(store: Store) -> dict[str, str]:
    """Write the incidents and people above; return their ids by title or name."""
    made: dict[str, str] = {}
    with store.session() as session:
        for raw in INCIDENTS:
            made[raw["title"]] = records.create(session, "incident", raw)
        for name in PEOPLE:
            made[name] = records.create(session, "person", {"full_name": name})
    return made


def _change(store: Store, made: dict[str, str]) -> None:
    """Edits that make and break pairs, a deletion, links and a dismissal."""
    with store.session() as session:
        records.edit(session, made["Marcha en Juliaca"],
                     {"violations": ["injury_pellets", "killing"]})  # now near two others
        records.edit(session, made["Detenciones en la plaza"],
                     {"occurred": {"text": "2023-02-20"}})  # no longer near Andahuaylas
        records.delete(session, made["Amenazas del año"])
        links.decide(session, made["Paro en Juliaca"], made["Balacera en el aeropuerto"],
                     links.SAME)
        links.decide(session, made["Bloqueo en Huamanga"],
                     made["Enfrentamiento en Huamanga"], links.SAME)
        links.decide(session, made["Bloqueo en Huamanga"],
                     made["Enfrentamiento en Huamanga"], links.DISTINCT)
        records.edit(session, made["Balacera en el aeropuerto"],
                     {"killed": 4, "status": "draft", "perpetrators": ["army", "pnp"]})
        records.edit(session, made["Edith Apaza Ticona"], {"full_name": "Rosalía Quispe"})
        records.delete(session, made["Juan Mamani"])


def _same_as_the_full_report(store: Store) -> dict[IncidentFilter, Summary]:
    found = {}
    with store.session() as session:
        for filters in FILTERS:
            full = reports.build(session, filters, with_victims=False)
            quick = summarize(session, filters)
            assert quick.totals == full.totals, filters
            assert quick.tables == full.tables, filters
            found[filters] = quick
    return found


def test_the_report_counts_every_event_once_through_changes_and_links(store: Store) -> None:
    made = _fill(store)
    first = _same_as_the_full_report(store)
    assert first[IncidentFilter()].totals == Totals(events=10, records=10, killed=9,
                                                    injured=10, detained=16)
    assert first[IncidentFilter(place="21")].totals == Totals(4, 4, 5, 10, 0)
    _change(store, made)
    again = _same_as_the_full_report(store)
    assert again[IncidentFilter()].totals == Totals(events=8, records=9, killed=8,
                                                    injured=9, detained=16), \
        "the two linked incidents are one event, counted once"
    assert [(row.key, row.events, row.killed) for row in
            again[IncidentFilter()].tables["department"]] == [
        ("03", 2, 0), ("05", 2, 3), ("21", 3, 4), ("", 1, 1)]
    with store.session() as session:
        links.undo(session, made["Paro en Juliaca"], made["Balacera en el aeropuerto"])
        records.delete(session, made["Muerte sin lugar"])
    undone = _same_as_the_full_report(store)
    assert undone[IncidentFilter()].totals == Totals(events=8, records=8, killed=9,
                                                     injured=10, detained=16)


def _suggested(store: Store, kind: str) -> list[tuple[str, str, float, tuple[str, ...]]]:
    """The open suggestions of ``kind``, by the titles or names of their records."""
    with store.session() as session:
        found = duplicates.suggestions(session, kind)
    return [(s.first.title, s.second.title, round(s.score, 6),
             tuple(r.text() for r in s.reasons)) for s in found]


def _from_scratch(store: Store, kind: str) -> list[tuple[str, str, float, tuple[str, ...]]]:
    """The suggestions of a whole new search, with nothing kept."""
    with store.session() as session:
        suggestion_store.forget(session, kind)
        session.execute(delete(DuplicateCandidate).where(col(DuplicateCandidate.kind) == kind))
        if kind == PERSON:
            session.execute(delete(PersonNameBlock))
    return _suggested(store, kind)


def _titles(found: list[tuple[str, str, float, tuple[str, ...]]]) -> set[frozenset[str]]:
    return {frozenset(pair[:2]) for pair in found}


def test_the_same_duplicates_are_suggested_and_follow_edits(store: Store) -> None:
    made = _fill(store)
    incidents, people = _suggested(store, INCIDENT), _suggested(store, PERSON)
    assert _titles(incidents) == {
        frozenset({"Paro en Juliaca", "Balacera en el aeropuerto"}),
        frozenset({"Detenciones en Andahuaylas", "Detenciones en la plaza"}),
        frozenset({"Bloqueo en Huamanga", "Enfrentamiento en Huamanga"})}
    assert _titles(people) == {frozenset({"Rosalía Quispe Ccori", "Rosalia Qhispi Ccori"}),
                               frozenset({"Juan Mamani", "Juan Mamani Condori"})}
    _change(store, made)
    incidents, people = _suggested(store, INCIDENT), _suggested(store, PERSON)
    assert _titles(incidents) == {
        frozenset({"Marcha en Juliaca", "Paro en Juliaca"}),
        frozenset({"Marcha en Juliaca", "Balacera en el aeropuerto"})}, \
        "a pair made by an edit is found, one broken is gone, linked and dismissed are not"
    assert _titles(people) == {frozenset({"Rosalía Quispe Ccori", "Rosalia Qhispi Ccori"}),
                               frozenset({"Rosalía Quispe", "Rosalía Quispe Ccori"}),
                               frozenset({"Rosalía Quispe", "Rosalia Qhispi Ccori"})}
    assert incidents == _from_scratch(store, INCIDENT)
    assert people == _from_scratch(store, PERSON)


@pytest.fixture
def both(vault: Vault, hub: Hub) -> tuple[Vault, Hub]:
    """A vault and a hub, each holding the same records (written the same way)."""
    for store in (vault, hub):
        _change(store, _fill(store))
    return vault, hub


def _alike(found: list[tuple[str, str, float, tuple[str, ...]]]
           ) -> list[tuple[tuple[str, ...], float]]:
    """The pairs by their titles and scores, whichever of each pair has the smaller id."""
    return sorted((tuple(sorted(pair[:2])), pair[2]) for pair in found)


def test_a_vault_and_a_hub_give_the_same_report_and_suggestions(
        both: tuple[Vault, Hub]) -> None:
    vault, hub = both
    assert _same_as_the_full_report(vault) == _same_as_the_full_report(hub)
    for kind in (INCIDENT, PERSON):
        assert _alike(_suggested(vault, kind)) == _alike(_suggested(hub, kind))


def test_a_vault_moved_into_a_hub_counts_and_pairs_as_it_did(
        vault: Vault, cluster: postgres.Cluster) -> None:
    made = _fill(vault)
    _change(vault, made)
    counted = _same_as_the_full_report(vault)
    suggested = {kind: _alike(_suggested(vault, kind)) for kind in (INCIDENT, PERSON)}
    url = cluster.new_database()
    hub_push.push(vault, url, "rosa", PASSPHRASE, kdf_params=floor_kdf())
    hub = Hub.connect(url)
    hub.unlock("rosa", PASSPHRASE)
    try:
        assert _same_as_the_full_report(hub) == counted
        for kind in (INCIDENT, PERSON):
            assert _alike(_suggested(hub, kind)) == suggested[kind]
        with hub.session() as session:  # the hub goes on after the vault
            records.edit(session, made["Detenciones en la plaza"],
                         {"occurred": {"text": "2022-12-12"}})
        again = _suggested(hub, INCIDENT)
        assert frozenset({"Detenciones en Andahuaylas", "Detenciones en la plaza"}) in \
            _titles(again)
        assert again == _from_scratch(hub, INCIDENT)
        assert _same_as_the_full_report(hub)[IncidentFilter()].totals == Totals(
            events=8, records=9, killed=8, injured=9, detained=16)
    finally:
        hub.close()
    vault.lock()


CLI_INCIDENTS = [
    ("Paro en Juliaca", "2023-01-09", "211101", ["killing", "injury_firearm"], ["pnp"], "2",
     "draft"),
    ("Balacera en el aeropuerto", "2023-01-09", "211101", ["killing"], ["army"], "3",
     "reviewed"),
    ("Marcha en Juliaca", "2023-01", "211101", ["injury_pellets"], [], "0", "draft"),
    ("Detenciones en Andahuaylas", "2022-12-11", "030201", ["arbitrary_detention"], ["pnp"],
     "0", "reviewed"),
    ("Detenciones en la plaza", "2022-12-12", "030201", ["arbitrary_detention"], [], "1",
     "draft"),
]


def _write(cli: CliRunner, where: list[str], env: dict[str, str]) -> dict[str, str]:  # noqa: F811
    """Add the incidents and people above with ``willay-cli`` (on ``where``)."""
    made = {}
    for title, day, ubigeo, violations, perpetrators, killed, status in CLI_INCIDENTS:
        codes = [*(x for v in violations for x in ("--violation", v)),
                 *(x for p in perpetrators for x in ("--perpetrator", p))]
        made[title] = cli(*where, "incident", "add", "--title", title, "--occurred", day,
                          "--ubigeo", ubigeo, "--killed", killed, "--status", status, *codes,
                          env=env).stdout.strip()
    for name in ("Rosalía Quispe Ccori", "Rosalia Qhispi Ccori", "Edith Apaza Ticona"):
        made[name] = cli(*where, "person", "add", "--name", name, env=env).stdout.strip()
    return made


def _answers(cli: CliRunner, where: list[str], env: dict[str, str],  # noqa: F811
             report: Path) -> dict[str, Any]:
    """What ``report``, ``count`` and ``duplicates`` say, without the records' ids."""
    def json_of(*args: str) -> Any:
        return json.loads(cli(*where, "--json", *args, env=env).stdout)

    written = json_of("report", "--format", "csv", "-o", str(report), "--force")
    return {
        "report": {key: written[key] for key in ("events", "records", "killed", "injured",
                                                 "detained")},
        "said": cli(*where, "report", "--format", "csv", "-o", str(report), "--force",
                    env=env).stdout.splitlines()[1],
        **{by: json_of("count", "--by", by) for by in ("department", "district", "month",
                                                      "violation", "perpetrator")},
        "narrowed": json_of("count", "--by", "district", "--department", "21",
                            "--violation", "killing"),
        "duplicates": sorted((s["kind"], s["score"], *sorted(r["title"] for r in s["records"]))
                             for s in json_of("duplicates")),
    }


def test_the_command_line_counts_and_pairs_on_a_hub_as_on_a_vault(
        cli: CliRunner, cluster: postgres.Cluster, tmp_path: Path) -> None:  # noqa: F811
    url = cluster.new_database()
    hub = ["--hub", url, "--coordinator", "rosa"]
    cli(*hub, "hub", "init", "--name", "Coordinadora", "--organization", "Red Sur")
    cli("init", "--name", "Coordinadora", "--organization", "Red Sur")
    answers = []
    for where in ([], hub):
        made = _write(cli, where, {})
        first = _answers(cli, where, {}, tmp_path / "r.csv")
        cli(*where, "link", made["Paro en Juliaca"][:8], made["Balacera en el aeropuerto"][:8])
        cli(*where, "person", "edit", made["Edith Apaza Ticona"][:8], "--name", "Rosalía Quispe")
        answers.append((first, _answers(cli, where, {}, tmp_path / "r.csv")))
    (vault_first, vault_linked), (hub_first, hub_linked) = answers
    assert hub_first == vault_first
    assert hub_linked == vault_linked
    assert vault_first["report"] == {"events": 5, "records": 5, "killed": 6, "injured": 0,
                                     "detained": 0}
    assert vault_linked["report"]["events"] == 4, "two linked incidents are one event"
    assert "4 events from 5 records: 4 killed" in hub_linked["said"]
    assert {(s[2], s[3]) for s in hub_first["duplicates"] if s[0] == "incident"} == {
        ("Balacera en el aeropuerto", "Paro en Juliaca"),
        ("Detenciones en Andahuaylas", "Detenciones en la plaza")}
    assert len([s for s in hub_linked["duplicates"] if s[0] == "person"]) == 3


def test_a_report_on_a_hub_stops_in_the_middle_of_a_long_statement(
        hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    from sqlalchemy import text

    from willay.core.progress import Cancelled, CancelToken
    from willay.core.reports import summary

    def slow_pass(session: Any, *_args: Any) -> None:  # as a pass over a huge archive
        session.execute(text("SELECT count(*) FROM generate_series(1, 3000000000)")).all()

    monkeypatch.setattr(summary, "_add_places_and_months", slow_pass)
    token = CancelToken()
    threading.Timer(0.3, token.cancel).start()
    started = time.perf_counter()
    with pytest.raises(Cancelled, match="Counting"), hub.session() as session:
        summary.summarize(session, cancel=token)
    assert time.perf_counter() - started < 3.0, "the server stopped the statement itself"
    monkeypatch.undo()
    with hub.session() as session:  # and the hub is fine afterwards
        assert summary.summarize(session).totals.events == 0
