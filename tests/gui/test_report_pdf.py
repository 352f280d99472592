"""The PDF's own texts: both languages complete, and an empty report still says why."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from willay.core.records import service as records
from willay.core.records.filter import IncidentFilter
from willay.core.reports import counts as reports
from willay.core.vault.vault import Vault
from willay.pdf import report_pdf

PLACEHOLDER = re.compile(r"\{\w+\}")


def test_spanish_and_english_texts_are_complete_and_distinct() -> None:
    es, en = report_pdf.STRINGS["es"], report_pdf.STRINGS["en"]
    assert set(es) == set(en)
    for key in es:
        assert es[key].strip() and en[key].strip(), key
        assert sorted(PLACEHOLDER.findall(es[key])) == sorted(PLACEHOLDER.findall(en[key]))
    differing = [k for k in es if es[k] != en[k]]
    assert len(differing) >= len(es) - 2  # only words such as "Total" may coincide
    assert set(reports.COUNTING_RULE) == set(reports.VICTIMS_RULE) == {"es", "en"}


def test_an_empty_report_says_that_nothing_matched(vault: Vault,
                                                                 tmp_path: Path) -> None:
    with vault.session() as session:
        report = reports.build(session, IncidentFilter(place="21"), lang="en")
    data = report_pdf.render(report, report_pdf.Signer("Rosa", "Red Sur", "ABCD"), "today")
    target = tmp_path / "empty.pdf"
    target.write_bytes(data)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: install poppler-utils (listed in .ci/run)"
    text = subprocess.run([pdftotext, str(target), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    # pdftotext gives the "fi" of "filters" as a ligature.
    assert "No event matches the" in text and "Page 2 of 2" in text
    assert "Puno" in text  # the filter is named on the title page


def test_a_long_timeline_is_cut_with_a_note_but_counted_whole(
        vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_pdf, "MAX_LISTED", 2)
    with vault.session() as session:
        for day in (9, 10, 11):
            records.create(session, "incident", {
                "title": f"Marcha del día {day}", "occurred": {"text": f"2023-01-{day:02d}"},
                "place": {"ubigeo": "211101"}, "violations": ["killing"], "killed": 1})
        report = reports.build(session, lang="en")
    target = tmp_path / "long.pdf"
    target.write_bytes(report_pdf.render(report, report_pdf.Signer("Rosa", "Red Sur", "ABCD"),
                                         "today"))
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    listed = [day for day in (9, 10, 11) if f"Marcha del día {day}" in text]
    assert len(listed) == 2
    assert "and 1 more events this report does not list" in text
    assert "3 records from documenters make 3 events" in text  # still counted whole
