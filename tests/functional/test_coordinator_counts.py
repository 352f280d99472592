"""A coordinator's counts from three field vaults equal the known truth of the events.

Real vaults, real bundles, the real CLI for the files; the PDF is rendered to PNG with
pdftoppm (poppler-utils) and each page must carry ink.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from tests.functional.conftest import run_in_process
from tests.functional.coordinator_scenario import (
    BY_KEY,
    PASSPHRASE,
    TRUTH,
    Scenario,
    build,
    expected_by,
    link_duplicates,
    recorded_sum,
)
from willay.core.reconcile import duplicates, links
from willay.core.records.filter import IncidentFilter
from willay.core.reports import counts as reports


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    """The three field vaults exported; the coordinator imported all and linked duplicates."""
    built = build(tmp_path_factory.mktemp("coordinator"))
    link_duplicates(built)
    yield built
    built.close()


def _cli(scenario: Scenario, *args: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
    env = {"WILLAY_PASSPHRASE": PASSPHRASE, "PATH": "/usr/bin:/bin", "PYTHONUTF8": "1",
           "QT_QPA_PLATFORM": "offscreen"}
    result = run_in_process(["--vault", str(scenario.coordinator_path), *args], env)
    assert result.returncode == expect, (result.stdout, result.stderr)
    return result


def _table(rows: list[reports.CountRow]) -> dict[str, tuple[int, int, int, int]]:
    return {r.key: (r.events, r.killed, r.injured, r.detained) for r in rows}


def test_before_linking_the_shared_events_count_twice(tmp_path: Path) -> None:
    unlinked = build(tmp_path)
    try:
        with unlinked.coordinator.session() as session:
            report = reports.build(session)
    finally:
        unlinked.close()
    assert report.totals.events == len(TRUTH) + 2
    assert report.totals.killed == recorded_sum("killed") == 18 + 17 + 1 + 0 + 10 + 2 + 0 + 0
    assert report.totals.killed > sum(e.killed for e in TRUTH)
    juliaca = _table(report.tables["district"])["211101"]
    assert juliaca[0] == 4  # two events, each counted twice


def test_linked_counts_equal_the_truth_in_every_dimension(scenario: Scenario) -> None:
    with scenario.coordinator.session() as session:
        report = reports.build(session, audience="legal")
    t = report.totals
    assert (t.events, t.records) == (len(TRUTH), len(TRUTH) + 2)
    assert t.killed == sum(e.killed for e in TRUTH) == 31
    assert t.injured == sum(e.injured for e in TRUTH)
    assert t.detained == sum(e.detained for e in TRUTH)
    for dimension in reports.DIMENSIONS:
        assert _table(report.tables[dimension]) == expected_by(dimension), dimension
    labels = {r.key: r.label for r in report.tables["district"]}
    assert labels["211101"] == "Juliaca, San Román, Puno"
    assert [e.start for e in report.timeline] == sorted(e.day for e in TRUTH)
    bridge = next(e for e in report.timeline if e.start == BY_KEY["puente"].day)
    assert bridge.title == BY_KEY["puente"].title and bridge.end == "2023-01-10"


def test_filters_count_the_truth_of_one_place_and_perpetrator(scenario: Scenario) -> None:
    with scenario.coordinator.session() as session:
        puno = reports.build(session, IncidentFilter(place="21")).totals
        army = reports.build(session, IncidentFilter(perpetrator="army")).totals
        january = reports.build(session, IncidentFilter(
            date_from=date(2023, 1, 1), date_to=date(2023, 1, 31))).totals
    in_puno = [e for e in TRUTH if e.ubigeo.startswith("21")]
    assert (puno.events, puno.killed) == (len(in_puno), sum(e.killed for e in in_puno))
    assert (army.events, army.killed) == (1, BY_KEY["huamanga"].killed)
    assert january.events == sum(1 for e in TRUTH if e.day.startswith("2023-01"))


def test_victims_list_respects_consent_per_audience(scenario: Scenario) -> None:
    shown = {}
    with scenario.coordinator.session() as session:
        for audience in ("legal", "partners", "public"):
            shown[audience] = {v.label for v in reports.build(session, audience=audience).victims}
    assert shown["legal"] == {"Marco Antonio Samillán", "Rosalía Quispe Ccori",
                              "Juan Pari Mamani"}
    assert shown["partners"] == {"Marco Antonio Samillán", "T-07", "Juan Pari Mamani"}
    assert shown["public"] == {"Marco Antonio Samillán", "T-07", "T-11"}


def test_csv_report_lets_a_spreadsheet_count_each_event_once(scenario: Scenario,
                                                               tmp_path: Path) -> None:
    target = tmp_path / "informe.csv"
    _cli(scenario, "report", "--format", "csv", "-o", str(target))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(TRUTH) + 2
    killed: dict[str, int] = defaultdict(int)
    for row in rows:
        killed[row["event_id"]] = max(killed[row["event_id"]], int(row["killed"]))
    assert len(killed) == len(TRUTH)
    assert sum(killed.values()) == sum(e.killed for e in TRUTH)
    assert {row["district"] for row in rows} == {"Juliaca", "Ayacucho", "Andahuaylas"}
    _cli(scenario, "report", "--format", "csv", "-o", str(target), expect=1)
    _cli(scenario, "report", "--format", "csv", "-o", str(target), "--force")


def test_uwazi_export_has_one_entity_per_event(scenario: Scenario, tmp_path: Path) -> None:
    target = tmp_path / "uwazi.csv"
    _cli(scenario, "export-uwazi", "-o", str(target))
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"), newline="")))
    assert len(rows) == len(TRUTH)
    bridge = next(r for r in rows if r["title__es"] == BY_KEY["puente"].title)
    assert bridge["occurred"] == "2023-01-09:2023-01-10"
    assert (bridge["department"], bridge["province"], bridge["district"]) == \
        ("Puno", "San Román", "Juliaca")
    assert bridge["violations__es"] == "Ejecución extrajudicial|Herida por arma de fuego"
    assert bridge["violations__en"].split("|")[0] == "Extrajudicial killing"
    assert int(bridge["killed"]) == 18 and len(bridge["willay_records"].split()) == 2


def _pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    assert found, "pdftoppm is missing: install poppler-utils (listed in .ci/run)"
    return found


@pytest.mark.parametrize("lang", ["es", "en"])
def test_pdf_report_renders_pages_with_content(scenario: Scenario, tmp_path: Path,
                                               lang: str) -> None:
    target = tmp_path / f"informe-{lang}.pdf"
    result = _cli(scenario, "--json", "report", "--format", "pdf", "-o", str(target),
                  "--lang", lang, "--audience", "public")
    assert '"killed": 31' in result.stdout
    assert target.read_bytes().startswith(b"%PDF")
    subprocess.run([_pdftoppm(), "-r", "40", "-png", str(target), str(tmp_path / "page")],
                   check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 4  # title, tables and charts, timeline, victims
    for page in pages:
        with Image.open(page) as image:
            assert image.size[1] > image.size[0]  # portrait A4
            ink = ImageStat.Stat(image.convert("L")).extrema[0][0]
            assert ink < 128, f"{page.name} looks blank"
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    heading = "Cronología" if lang == "es" else "Timeline"
    assert heading in text and "Añashuayco" in text and "Huamanga" in text
    # A public report names only those who consented to publication.
    assert "Marco Antonio Samillán" in text and "T-07" in text
    assert "Rosalía" not in text and "Juan Pari" not in text


def test_review_of_the_suggestions_leads_to_the_true_counts(tmp_path: Path) -> None:
    """Events seen twice whose records share a violation are suggested; the coordinator links
    true pairs, dismisses the rest, links by hand what no rule could see, and counts each
    event once."""
    reviewed = build(tmp_path)
    event_of = {record: key for key, ids in reviewed.incidents.items() for record in ids}
    try:
        with reviewed.coordinator.session() as session:
            suggested = duplicates.suggestions(session, "incident")
            pairs = {frozenset((s.first.id, s.second.id)) for s in suggested}
            # "comisaria" was recorded twice with the same violations: it must be suggested.
            # "puente" was recorded as a killing by one and an injury by the other, so no
            # violation is shared and the rule does not suggest it.
            assert frozenset(reviewed.incidents["comisaria"]) in pairs
            assert frozenset(reviewed.incidents["puente"]) not in pairs
            assert any(event_of[s.first.id] != event_of[s.second.id] for s in suggested), \
                "the bridge and the police station (one day apart, same district) look alike"
            for suggestion in suggested:
                same = event_of[suggestion.first.id] == event_of[suggestion.second.id]
                links.decide(session, suggestion.first.id, suggestion.second.id,
                             links.SAME if same else links.DISTINCT)
            first, second = reviewed.incidents["puente"]
            links.decide(session, first, second, links.SAME)
        with reviewed.coordinator.session() as session:
            assert duplicates.suggestions(session, "incident") == []
            report = reports.build(session)
    finally:
        reviewed.close()
    assert report.totals.events == len(TRUTH)
    assert report.totals.killed == sum(event.killed for event in TRUTH)
    assert report.totals.detained == sum(event.detained for event in TRUTH)
