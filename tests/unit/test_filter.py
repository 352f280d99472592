"""One incident filter for lists, search and reports: the same incidents pass in all three.

Four incidents with known places, dates, codes and statuses; each filter below names the
ones that must pass, and the incident list, a search without words and a report must
all keep exactly those.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from willay.cli import build_parser
from willay.cli.filters import filters_from
from willay.core.errors import ValidationError
from willay.core.reconcile import links
from willay.core.records import queries
from willay.core.records import service as records
from willay.core.records.filter import IncidentFilter, incident_conditions
from willay.core.records.search import search
from willay.core.reference.vocabularies import vocabulary
from willay.core.reports import counts as reports
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines

INCIDENTS: dict[str, dict[str, Any]] = {
    # Juliaca (San Román, Puno), one day.
    "bridge": {"title": "Puente", "occurred": {"text": "2023-01-09"},
               "place": {"ubigeo": "211101"}, "violations": ["killing"],
               "perpetrators": ["pnp"], "status": "reviewed"},
    # Andahuaylas (Apurímac), a month: 2022-12-01 to 2022-12-31.
    "market": {"title": "Mercado", "occurred": {"text": "2022-12"},
               "place": {"ubigeo": "030201"}, "violations": ["tear_gas_misuse"],
               "perpetrators": ["army"]},
    # Puno (Puno, Puno), six days: 2023-01-15 to 2023-01-20.
    "square": {"title": "Plaza", "occurred": {"text": "2023-01-15", "until": "2023-01-20"},
               "place": {"ubigeo": "210101"}, "violations": ["killing", "injury_firearm"],
               "perpetrators": ["army"]},
    # No district and a year: 2022-01-01 to 2022-12-31, no codes.
    "road": {"title": "Carretera", "occurred": {"text": "2022"},
             "place": {"text": "km 20"}},
}
ALL = set(INCIDENTS)


@pytest.fixture
def ids(vault: Vault) -> dict[str, str]:
    with vault.session() as session:
        return {name: records.create(session, "incident", fields)
                for name, fields in INCIDENTS.items()}


def _names(ids: dict[str, str], found: set[str]) -> set[str]:
    by_id = {record_id: name for name, record_id in ids.items()}
    return {by_id[record_id] for record_id in found}


def _everywhere(vault: Vault, ids: dict[str, str], filters: IncidentFilter) -> set[str]:
    """The incidents that pass in the list, a wordless search and a report (all the same)."""
    with vault.session() as session:
        listed = {row.id for row in queries.incident_page(session, 0, 100, filters)}
        counted = queries.count_incidents(session, filters)
        searched = {hit.record_id for hit in search(session, "", filters)}
        reported = {m.id for event in reports.events(session, filters) for m in event.members}
    assert counted == len(listed)
    assert searched == listed, "search keeps other incidents than the list"
    assert reported == listed, "a report keeps other incidents than the list"
    return _names(ids, listed)


CASES = [
    # place: a prefix of the district code; an incident without a district never matches.
    (IncidentFilter(place="21"), {"bridge", "square"}),
    (IncidentFilter(place="2111"), {"bridge"}),
    (IncidentFilter(place="211101"), {"bridge"}),
    (IncidentFilter(place="2101"), {"square"}),
    (IncidentFilter(place="211105"), set()),
    (IncidentFilter(place="03"), {"market"}),
    (IncidentFilter(place="0302"), {"market"}),
    # date_from keeps what ends on or after it, date_to what starts on or before it.
    (IncidentFilter(date_from=date(2023, 1, 9)), {"bridge", "square"}),
    (IncidentFilter(date_from=date(2023, 1, 10)), {"square"}),
    (IncidentFilter(date_from=date(2023, 1, 20)), {"square"}),
    (IncidentFilter(date_from=date(2023, 1, 21)), set()),
    (IncidentFilter(date_from=date(2022, 12, 31)), {"bridge", "market", "square", "road"}),
    (IncidentFilter(date_from=date(2023, 1, 1)), {"bridge", "square"}),
    (IncidentFilter(date_to=date(2023, 1, 9)), {"bridge", "market", "road"}),
    (IncidentFilter(date_to=date(2023, 1, 8)), {"market", "road"}),
    (IncidentFilter(date_to=date(2022, 12, 1)), {"market", "road"}),
    (IncidentFilter(date_to=date(2022, 11, 30)), {"road"}),
    (IncidentFilter(date_to=date(2021, 12, 31)), set()),
    # A range keeps what overlaps it, even when it lies inside one incident's days.
    (IncidentFilter(date_from=date(2023, 1, 16), date_to=date(2023, 1, 17)), {"square"}),
    (IncidentFilter(date_from=date(2023, 1, 9), date_to=date(2023, 1, 9)), {"bridge"}),
    (IncidentFilter(date_from=date(2023, 1, 10), date_to=date(2023, 1, 14)), set()),
    (IncidentFilter(date_from=date(2022, 12, 15), date_to=date(2022, 12, 15)),
     {"market", "road"}),
    # Codes: incidents that give the code, among others.
    (IncidentFilter(violation="killing"), {"bridge", "square"}),
    (IncidentFilter(violation="injury_firearm"), {"square"}),
    (IncidentFilter(violation="tear_gas_misuse"), {"market"}),
    (IncidentFilter(violation="torture"), set()),
    (IncidentFilter(perpetrator="army"), {"market", "square"}),
    (IncidentFilter(perpetrator="pnp"), {"bridge"}),
    (IncidentFilter(status="reviewed"), {"bridge"}),
    (IncidentFilter(status="draft"), {"market", "square", "road"}),
    # Every restriction set must hold.
    (IncidentFilter(place="21", violation="killing", perpetrator="army"), {"square"}),
    (IncidentFilter(place="21", date_to=date(2023, 1, 10)), {"bridge"}),
    (IncidentFilter(violation="killing", status="reviewed"), {"bridge"}),
    (IncidentFilter(place="03", violation="killing"), set()),
    (IncidentFilter(perpetrator="army", date_from=date(2023, 1, 1)), {"square"}),
    (IncidentFilter(place="21", date_from=date(2023, 1, 1), date_to=date(2023, 1, 31),
                    violation="killing", perpetrator="pnp", status="reviewed"), {"bridge"}),
]


@pytest.mark.parametrize(("filters", "expected"), CASES)
def test_each_restriction_alone_and_combined(vault: Vault, ids: dict[str, str],
                                            filters: IncidentFilter, expected: set[str]) -> None:
    assert filters.active()
    assert _everywhere(vault, ids, filters) == expected


def test_no_restriction(vault: Vault, ids: dict[str, str]) -> None:
    assert not IncidentFilter().active()
    assert incident_conditions(None) == incident_conditions(IncidentFilter()) == []
    with vault.session() as session:
        assert queries.count_incidents(session) == queries.count_incidents(
            session, IncidentFilter()) == len(ALL)
        # A search with neither words nor filters finds nothing.
        assert search(session, "", IncidentFilter()) == []
        assert len(reports.events(session, IncidentFilter())) == len(ALL)


def test_deleted_incidents_never_pass(vault: Vault, ids: dict[str, str]) -> None:
    with vault.session() as session:
        records.delete(session, ids["bridge"])
    assert _everywhere(vault, ids, IncidentFilter(place="21")) == {"square"}


def test_search_finds_testimonies_through_one_incident_that_passes(
        vault: Vault, ids: dict[str, str]) -> None:
    with vault.session() as session:
        witness = records.create(session, "person", {"full_name": "Rosalía Quispe"})
        testimony = records.create(session, "testimony", {
            "incidents": [ids["bridge"], ids["market"]], "witness": witness,
            "language": "es", "consent": "partners",
            "transcript": "Rosalía vio los disparos desde la comisaría."})

    def found(query: str, **filters: Any) -> set[str]:
        with vault.session() as session:
            return {h.record_id for h in search(session, query, IncidentFilter(**filters))}

    assert found("comisaria") == {testimony}
    assert found("comisaria", place="21") == {testimony}  # through the bridge
    assert found("comisaria", place="03") == {testimony}  # through the market
    assert found("comisaria", perpetrator="pnp") == {testimony}
    assert found("comisaria", status="reviewed") == {testimony}
    assert found("comisaria", place="2101") == set()
    # One incident must meet every restriction: the bridge is in Puno and a killing,
    # the market in Apurímac; neither is a killing in Apurímac.
    assert found("comisaria", place="03", violation="killing") == set()
    assert found("comisaria", place="21", violation="killing") == {testimony}
    # People carry no place or date: any active filter leaves them out.
    assert found("rosalia") == {witness, testimony}
    assert found("rosalia", place="21") == {testimony}
    assert found("rosalia", date_from=date(2000, 1, 1)) == {testimony}
    assert found("rosalia", place="") == {testimony}
    # Words and filters together: incidents found by words pass the filter themselves.
    assert found("puno") == {ids["bridge"], ids["square"]}  # from the gazetteer
    assert found("puno", violation="injury_firearm") == {ids["square"]}
    assert found("puno", date_to=date(2023, 1, 9)) == {ids["bridge"]}


def test_reports_filter_events_as_merged(vault: Vault, ids: dict[str, str]) -> None:
    with vault.session() as session:
        links.decide(session, ids["bridge"], ids["market"], links.SAME)

    def members(**filters: Any) -> list[set[str]]:
        with vault.session() as session:
            return [_names(ids, {m.id for m in e.members})
                    for e in reports.events(session, IncidentFilter(**filters))]

    # The event's place is its earliest record's (the market, in Apurímac); its dates run
    # from 2022-12-01 to 2023-01-09; its codes are those of both records.
    assert members(place="03") == [{"bridge", "market"}]
    assert members(place="2111") == []
    assert members(place="21") == [{"square"}]
    assert members(violation="killing") == [{"bridge", "market"}, {"square"}]
    assert members(perpetrator="pnp", violation="tear_gas_misuse") == [{"bridge", "market"}]
    assert members(date_from=date(2023, 1, 2), date_to=date(2023, 1, 9)) == [
        {"bridge", "market"}]
    # A status is met when any record of the event is in it.
    assert members(status="reviewed") == [{"bridge", "market"}]
    assert members(status="draft", place="03") == [{"bridge", "market"}]
    # The incident list and search know no events: each record passes on its own.
    with vault.session() as session:
        listed = {r.id for r in queries.incident_page(session, 0, 10,
                                                      IncidentFilter(place="2111"))}
    assert listed == {ids["bridge"]}


def test_described_for_readers() -> None:
    filters = IncidentFilter(place="2111", date_from=date(2023, 1, 1), violation="killing",
                             perpetrator="army", status="reviewed")
    assert filters.describe("en") == [
        "Place: San Román, Puno (2111)", "Dates: 2023-01-01 – …",
        "Violation: " + vocabulary("violations").label("killing", "en"),
        "Perpetrator: Peruvian Army", "Status: Reviewed"]
    spanish = IncidentFilter(date_to=date(2023, 1, 31)).describe("es")
    assert spanish == ["Fechas: … – 2023-01-31"]
    assert IncidentFilter().describe("es") == []


def _parsed(command: list[str], *options: str) -> IncidentFilter:
    return filters_from(build_parser().parse_args([*command, *options]))


SEARCH = ["search", "words"]
REPORT = ["report", "--format", "csv", "-o", "out.csv"]
UWAZI = ["export-uwazi", "-o", "out.csv"]


@pytest.mark.parametrize("command", [SEARCH, REPORT, UWAZI])
def test_command_line_options_make_the_same_filter(command: list[str]) -> None:
    assert _parsed(command) == IncidentFilter()
    assert _parsed(command, "--department", "21", "--province", "2111",
                   "--district", "211101") == IncidentFilter(place="211101")
    assert _parsed(command, "--department", "21", "--province", "2111") == IncidentFilter(
        place="2111")
    assert _parsed(command, "--department", "03") == IncidentFilter(place="03")
    # A date given as a month or a year covers all of it, from its first to its last day.
    assert _parsed(command, "--from", "2022-12", "--to", "2023") == IncidentFilter(
        date_from=date(2022, 12, 1), date_to=date(2023, 12, 31))
    assert _parsed(command, "--violation", " Killing ", "--perpetrator", "ARMY") == \
        IncidentFilter(violation="killing", perpetrator="army")


@pytest.mark.parametrize("command", [SEARCH, REPORT])
@pytest.mark.parametrize(("options", "message"), [
    (["--district", "211199"], 'Unknown ubigeo district code "211199". Closest: 211101'),
    (["--province", "2199"], 'Unknown ubigeo province code "2199"'),
    (["--department", "99"], 'Unknown ubigeo department code "99"'),
    (["--from", "2023-13"], "'2023-13' is not a real date"),
    (["--to", "ayer"], "'ayer' is not a date Willay understands"),
    (["--violation", "kiling"], 'Unknown violations code "kiling". Closest: killing'),
    (["--perpetrator", "armi"], 'Unknown perpetrators code "armi". Closest: army'),
])
def test_command_line_refuses_unknown_places_codes_and_dates(
        command: list[str], options: list[str], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _parsed(command, *options)
    assert message in str(caught.value)
