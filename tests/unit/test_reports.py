"""Report counts, with linked incidents once, checked against the synthetic truth.

The expected numbers are worked out here from the raw fields the generator produced and
the duplicates the test made, by plain arithmetic, not by calling the report code.
"""

from __future__ import annotations

import copy
import csv
import io
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from tests.benchmarks.synthetic import Generator
from willay.core.errors import ValidationError
from willay.core.reconcile import links
from willay.core.records import service as records
from willay.core.records.filter import IncidentFilter
from willay.core.reference import vocabularies
from willay.core.reference.gazetteer import gazetteer
from willay.core.reports import counts as reports
from willay.core.reports import csv as report_csv
from willay.core.reports import uwazi
from willay.core.reports.summary import STEPS, summarize
from willay.core.sharing import anonymize
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines

EVENTS = 40


def _shift(raw: dict[str, Any], days: int) -> dict[str, Any]:
    text = raw["occurred"]["text"].lstrip("~")
    day = date.fromisoformat(text) + timedelta(days=days)
    return {**raw, "occurred": {"text": day.isoformat()}}


def _truth_start(raw: dict[str, Any]) -> date:
    text = raw["occurred"]["text"].lstrip("~")
    return date.fromisoformat(text + "-01" if len(text) == 7 else text)


@pytest.fixture
def archive(vault: Vault) -> dict[str, Any]:
    """40 true events; 6 of them recorded twice (another title, a day later, other counts)."""
    gen = Generator(seed=7)
    truth: list[dict[str, Any]] = []
    with vault.session() as session:
        for number in range(EVENTS):
            raw = gen.incident()
            if number < 6:  # the duplicated ones need a day-precise date to shift
                raw["occurred"] = {"text": gen.day().isoformat()}
            first = records.create(session, "incident", raw)
            event = {"raw": raw, "ids": [first], "killed": raw["killed"],
                     "injured": raw["injured"], "detained": raw["detained"],
                     "violations": set(raw["violations"]),
                     "perpetrators": set(raw["perpetrators"])}
            if number < 6:
                other = copy.deepcopy(_shift(raw, 1))
                other["title"] = raw["title"].upper() + " (otra versión)"
                other["killed"] = raw["killed"] + number % 3
                other["injured"] = max(0, raw["injured"] - 1)
                other["violations"] = ["excessive_force"]
                second = records.create(session, "incident", other)
                links.decide(session, first, second, links.SAME)
                event["ids"].append(second)
                event["killed"] = max(raw["killed"], other["killed"])
                event["injured"] = max(raw["injured"], other["injured"])
                event["violations"] |= {"excessive_force"}
            truth.append(event)
        ghost = records.create(session, "incident", {**gen.incident(), "killed": 99})
        records.delete(session, ghost)
    return {"truth": truth}


def _expected_by(truth: list[dict[str, Any]], key: Any) -> dict[str, tuple[int, int, int, int]]:
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for event in truth:
        for k in key(event):
            sums[k][0] += 1
            sums[k][1] += event["killed"]
            sums[k][2] += event["injured"]
            sums[k][3] += event["detained"]
    return {k: (v[0], v[1], v[2], v[3]) for k, v in sums.items()}


def _as_dict(rows: list[reports.CountRow]) -> dict[str, tuple[int, int, int, int]]:
    return {r.key: (r.events, r.killed, r.injured, r.detained) for r in rows}


def test_linked_incidents_count_once_by_every_dimension(vault: Vault,
                                                        archive: dict[str, Any]) -> None:
    truth = archive["truth"]
    with vault.session() as session:
        report = reports.build(session)
    assert report.totals.events == EVENTS
    assert report.totals.records == EVENTS + 6
    assert report.totals.killed == sum(e["killed"] for e in truth)
    assert report.totals.injured == sum(e["injured"] for e in truth)
    assert report.totals.detained == sum(e["detained"] for e in truth)
    district: Callable[[dict[str, Any]], list[str]] = lambda e: [e["raw"]["place"]["ubigeo"]]  # noqa: E731
    assert _as_dict(report.tables["district"]) == _expected_by(truth, district)
    assert _as_dict(report.tables["province"]) == _expected_by(
        truth, lambda e: [district(e)[0][:4]])
    assert _as_dict(report.tables["department"]) == _expected_by(
        truth, lambda e: [district(e)[0][:2]])
    assert _as_dict(report.tables["violation"]) == _expected_by(
        truth, lambda e: sorted(e["violations"]))
    assert _as_dict(report.tables["perpetrator"]) == _expected_by(
        truth, lambda e: sorted(e["perpetrators"]))

    def month(event: dict[str, Any]) -> list[str]:
        text = event["raw"]["occurred"]["text"].lstrip("~")
        return [text[:7]]

    assert _as_dict(report.tables["month"]) == _expected_by(truth, month)
    names = {r.key: r.label for r in report.tables["department"]}
    for code, label in names.items():
        place = gazetteer().get(code)
        assert place is not None and label == place.full_name
    assert [e.start for e in report.timeline] == sorted(
        _truth_start(e["raw"]).isoformat() for e in truth)


def test_before_linking_the_duplicates_count_twice(vault: Vault,
                                                   archive: dict[str, Any]) -> None:
    truth = archive["truth"]
    with vault.session() as session:
        for event in truth[:6]:
            links.undo(session, *event["ids"])
        report = reports.build(session)
    raw_killed = 0
    with vault.session() as session:
        for event in truth:
            for record_id in event["ids"]:
                fields = records.get(session, record_id).fields
                assert fields is not None
                raw_killed += fields["killed"]
    assert report.totals.events == EVENTS + 6
    assert report.totals.killed == raw_killed > sum(e["killed"] for e in truth)


def test_filters_apply_to_merged_events(vault: Vault, archive: dict[str, Any]) -> None:
    truth = archive["truth"]
    department = truth[0]["raw"]["place"]["ubigeo"][:2]
    expected = [e for e in truth if e["raw"]["place"]["ubigeo"].startswith(department)]
    with vault.session() as session:
        by_place = reports.build(session, IncidentFilter(place=department))
        by_violation = reports.build(session, IncidentFilter(violation="excessive_force"))
        perpetrator = truth[1]["raw"]["perpetrators"][0]
        by_perpetrator = reports.build(session, IncidentFilter(perpetrator=perpetrator))
        start = _truth_start(truth[0]["raw"])
        by_date = reports.build(session, IncidentFilter(date_from=start, date_to=start))
    assert by_place.totals.events == len(expected)
    assert by_place.totals.killed == sum(e["killed"] for e in expected)
    assert by_violation.totals.events == sum(
        1 for e in truth if "excessive_force" in e["violations"])
    assert by_perpetrator.totals.events == sum(
        1 for e in truth if perpetrator in e["perpetrators"])
    # The duplicate was recorded a day later: the event spans both days, counted once.
    assert truth[0]["ids"][0] in {m.id for e in by_date.timeline for m in e.members}
    assert all(len(e.members) in (1, 2) for e in by_date.timeline)


def _person(session: Any, name: str, consent: str, roles: list[str],
            pseudonym: str = "") -> str:
    return records.create(session, "person", {"full_name": name, "pseudonym": pseudonym,
                                              "roles": roles, "consent": consent})


def _testify(session: Any, witness: str, incident: str) -> None:
    records.create(session, "testimony", {"incidents": [incident], "witness": witness,
                                          "language": "es", "consent": "legal",
                                          "transcript": "Lo vi."})


def test_victims_are_named_only_where_consent_reaches_the_audience(
        vault: Vault, archive: dict[str, Any]) -> None:
    truth = archive["truth"]
    with vault.session() as session:
        a, b = truth[0]["ids"]
        public = _person(session, "Ana Quispe", "public", ["victim"])
        partners = _person(session, "Berta Mamani", "partners", ["victim"], "T-02")
        legal = _person(session, "Carla Ccori", "legal", ["victim", "witness"])
        internal = _person(session, "Dina Apaza", "internal", ["victim"])
        witness = _person(session, "Elsa Huanca", "public", ["witness"])
        twin = _person(session, "Berta Mamani Flores", "public", ["victim"])
        for person, incident in ((public, a), (partners, a), (legal, b), (internal, a),
                                 (witness, a), (twin, b)):
            _testify(session, person, incident)
        links.decide(session, partners, twin, links.SAME)
        visible = {}
        for audience in reports.AUDIENCES:
            rows = reports.build(session, audience=audience).victims
            visible[audience] = {r.label: r.named for r in rows}
            assert all(r.events == (min(a, b),) for r in rows)
    carla_code = anonymize.pseudonym(legal, "")
    dina_code = anonymize.pseudonym(internal, "")
    # Linked as one person: the representative's name, the pseudonym either record gives.
    berta = "Berta Mamani" if partners < twin else "Berta Mamani Flores"
    assert visible["internal"] == {"Ana Quispe": True, berta: True, "Carla Ccori": True,
                                   "Dina Apaza": True}
    assert visible["partners"] == {"Ana Quispe": True, berta: True, carla_code: False,
                                   dina_code: False}
    assert visible["legal"] == {"Ana Quispe": True, berta: True, "Carla Ccori": True,
                                dina_code: False}
    assert visible["public"] == {"Ana Quispe": True, "T-02": False, carla_code: False,
                                 dina_code: False}


def test_unknown_audience_or_language_is_refused(vault: Vault) -> None:
    with vault.session() as session, pytest.raises(ValidationError, match="audience"):
        reports.build(session, audience="press")
    with vault.session() as session, pytest.raises(ValidationError, match="es or en"):
        reports.build(session, lang="qu")


def test_csv_has_one_row_per_incident_and_protects_spreadsheets(
        vault: Vault, archive: dict[str, Any]) -> None:
    truth = archive["truth"]
    with vault.session() as session:
        records.create(session, "incident", {"title": "=HYPERLINK(\"http://x\")",
                                             "occurred": {"text": "2023-01-09"},
                                             "place": {"ubigeo": "211101", "text": "@puente"}})
        merged = reports.events(session)
    data = report_csv.render(merged, "en")
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(table) == EVENTS + 6 + 1
    by_id = {row["id"]: row for row in table}
    for event in truth:
        rows = [by_id[i] for i in event["ids"]]
        assert {r["event_id"] for r in rows} == {min(event["ids"])}
        assert rows[0]["title"] == event["raw"]["title"]
        assert rows[0]["district_code"] == event["raw"]["place"]["ubigeo"]
        place = gazetteer().get(event["raw"]["place"]["ubigeo"])
        assert place is not None and rows[0]["district"] == place.name
        assert set(rows[0]["violation_codes"].split("; ")) == set(event["raw"]["violations"])
        assert rows[0]["killed"] == str(event["raw"]["killed"])
    spoof = next(r for r in table if "HYPERLINK" in r["title"])
    assert spoof["title"].startswith("'=") and spoof["place_text"] == "'@puente"
    assert spoof["department"] == "Puno" and spoof["province"] == "San Román"
    # One row per event in the spreadsheet sense: distinct event ids give the event count.
    assert len({r["event_id"] for r in table}) == EVENTS + 1


def test_uwazi_csv_has_one_row_per_event_with_both_languages(
        vault: Vault, archive: dict[str, Any]) -> None:
    truth = archive["truth"]
    with vault.session() as session:
        merged = reports.events(session, with_narrative=True)
    data = uwazi.render(merged)
    assert not data.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert list(table[0]) == list(uwazi.COLUMNS)
    assert len(table) == EVENTS
    by_event = {row["willay_id"]: row for row in table}
    violations = vocabularies.vocabulary("violations")
    for event in truth:
        row = by_event[min(event["ids"])]
        assert set(row["willay_records"].split()) == set(event["ids"])
        assert int(row["killed"]) == event["killed"]
        assert set(row["violations__es"].split("|")) == {
            violations.label(c, "es") for c in event["violations"]}
        assert set(row["violations__en"].split("|")) == {
            violations.label(c, "en") for c in event["violations"]}
        start, end = row["occurred"].split(":")
        assert start == _truth_start(event["raw"]).isoformat() and end >= start
        district = gazetteer().get(event["raw"]["place"]["ubigeo"])
        assert district is not None and row["district"] == district.name
        assert row["narrative__es"] == event["raw"]["narrative"] == row["narrative__en"]



def test_a_date_vaguer_than_a_month_counts_in_no_month(vault: Vault) -> None:
    with vault.session() as session:
        for text, killed in (("2023", 1), ("~2023-02", 2), ("2023-03", 4),
                             ("2023-04-30", 8)):
            records.create(session, "incident", {"title": text, "occurred": {"text": text},
                                                 "killed": killed})
        records.create(session, "incident", {"title": "varios días", "killed": 16,
                                             "occurred": {"text": "2023-05-30",
                                                          "until": "2023-06-02"}})
        months = {r.key: r.killed for r in reports.build(session).tables["month"]}
    assert months == {"": 1, "2023-02": 2, "2023-03": 4, "2023-04": 8, "2023-05": 16}


@pytest.mark.parametrize("filters", [
    IncidentFilter(), IncidentFilter(place="21"), IncidentFilter(violation="excessive_force"),
    IncidentFilter(status="draft"), IncidentFilter(date_from=date(2023, 1, 1),
                                                   date_to=date(2023, 3, 31))],
    ids=["all", "place", "violation", "status", "dates"])
def test_the_quick_summary_counts_as_the_full_report_does(
        vault: Vault, archive: dict[str, Any], filters: IncidentFilter) -> None:
    with vault.session() as session:
        full = reports.build(session, filters, with_victims=False)
        steps: list[tuple[int, int]] = []
        quick = summarize(session, filters, progress=lambda done, total: steps.append(
            (done, total)))
    assert quick.totals == full.totals and full.totals.events > 0
    for dimension in reports.DIMENSIONS:
        assert quick.tables[dimension] == full.tables[dimension], dimension
    assert steps == [(n, STEPS) for n in range(STEPS + 1)]


def test_the_quick_summary_stops_when_cancelled(vault: Vault, archive: dict[str, Any]) -> None:
    from willay.core.progress import Cancelled, CancelToken

    token = CancelToken()
    with vault.session() as session, pytest.raises(Cancelled):
        summarize(session, cancel=token, progress=lambda done, _total: (
            token.cancel() if done == 1 else None))
