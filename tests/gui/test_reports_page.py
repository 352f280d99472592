"""The Reports page: numbers as the core counts them, tables by dimension, saving files."""

from __future__ import annotations

import csv
import io
import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCharts import QAbstractBarSeries
from pytestqt.qtbot import QtBot

from willay.core.reconcile import links
from willay.core.records import service as records
from willay.core.reports.summary import STEPS
from willay.core.vault.vault import Vault
from willay.gui.settings import AppSettings
from willay.gui.views.reports import ReportsPage
from willay.gui.views.workspace import INBOX, REPORTS, Workspace
from willay.gui.workers import Task

from .helpers import PASSPHRASE, WindowFactory, table_item, unlock

# (title, day, district, killed, injured, detained); the first two are one event.
RECORDED = (
    ("Enfrentamiento en el puente", "2023-01-09", "211101", 17, 107, 3),
    ("Masacre del puente", "2023-01-10", "211101", 18, 90, 3),
    ("Disparos en el aeropuerto", "2022-12-15", "050101", 10, 40, 5),
    ("Detención masiva", "2023-01-20", "030201", 0, 0, 30),
)


@pytest.fixture
def archive_vault(locked_vault: Path) -> Path:
    """The test vault with four records of three events, two of them linked."""
    vault = Vault.open(locked_vault)
    vault.unlock(PASSPHRASE)
    with vault.session() as session:
        ids = [records.create(session, "incident", {
            "title": title, "occurred": {"text": day}, "place": {"ubigeo": ubigeo},
            "violations": ["killing"] if killed else ["mass_detention"],
            "perpetrators": ["pnp"], "killed": killed, "injured": injured,
            "detained": detained}) for title, day, ubigeo, killed, injured, detained in RECORDED]
        links.decide(session, ids[0], ids[1], links.SAME)
    vault.lock()
    return locked_vault


def _counted(qtbot: QtBot, make_window: WindowFactory, vault: Path,
             settings: AppSettings) -> Workspace:
    """The unlocked window's workspace on the Reports page, its first counts shown."""
    window = make_window(vault, settings)
    unlock(qtbot, window)
    assert window.workspace is not None
    with qtbot.waitSignal(window.workspace.reports.counted, timeout=20_000):
        window.workspace.show_section(REPORTS)
    return window.workspace


def _page(qtbot: QtBot, make_window: WindowFactory, vault: Path,
          settings: AppSettings) -> ReportsPage:
    return _counted(qtbot, make_window, vault, settings).reports


def test_summary_and_tables_count_linked_records_once(
        qtbot: QtBot, make_window: WindowFactory, archive_vault: Path,
        settings: AppSettings) -> None:
    page = _page(qtbot, make_window, archive_vault, settings)
    text = page.summary.text()
    for number in ("3", "28", "147", "38"):  # events, killed 18+10, injured 107+40, detained
        assert f">{number}</span>" in text
    assert "4 records from documenters make 3 events" in text
    page.dimension.setCurrentIndex(page.dimension.findData("district"))
    table = page.table
    rows = {table_item(table, r, 0).text(): [table_item(table, r, c).text() for c in range(1, 5)]
            for r in range(table.rowCount())}
    assert rows["Juliaca, San Román, Puno"] == ["1", "18", "107", "3"]
    series = page.chart_view.chart().series()[0]
    assert isinstance(series, QAbstractBarSeries)
    assert series.count() == 3  # killed, injured, detained

    page.department.setCurrentIndex(page.department.findData("21"))
    with qtbot.waitSignal(page.counted, timeout=20_000):
        page.count_button.click()
    assert ">1</span><br>Events" in page.summary.text()

    page.date_from.setText("no es fecha")
    page.count_button.click()
    assert page.status.isVisible() and "no es fecha" in page.status.text()


def test_saving_pdf_and_csv_and_a_clear_message_when_the_folder_is_missing(
        qtbot: QtBot, make_window: WindowFactory, archive_vault: Path,
        settings: AppSettings, tmp_path: Path) -> None:
    page = _page(qtbot, make_window, archive_vault, settings)
    pdf = tmp_path / "informe.pdf"
    with qtbot.waitSignal(page.saved, timeout=30_000):
        page.save_pdf(pdf)
    assert pdf.read_bytes().startswith(b"%PDF") and str(pdf) in page.status.text()
    table = tmp_path / "informe.csv"
    with qtbot.waitSignal(page.saved, timeout=30_000):
        page.save_csv(table)
    rows = list(csv.DictReader(io.StringIO(table.read_text("utf-8-sig"), newline="")))
    assert len(rows) == 4 and len({r["event_id"] for r in rows}) == 3
    with qtbot.waitSignal(page.save_failed, timeout=30_000):
        page.save_csv(tmp_path / "no-such-folder" / "x.csv")
    assert page.status.isVisible() and "was not saved" in page.status.text()
    assert page.pdf_button.isEnabled()


@pytest.mark.parametrize("language", ["es", "en"])
def test_reports_page_in_both_languages(qtbot: QtBot, make_window: WindowFactory,
                                        archive_vault: Path, settings: AppSettings,
                                        language: str, tmp_path: Path) -> None:
    settings.language = language
    page = _page(qtbot, make_window, archive_vault, settings)
    page.window().resize(1366, 768)
    qtbot.wait(50)
    words = {"es": ("Eventos", "Guardar &PDF…"), "en": ("Events", "Save &PDF…")}[language]
    assert words[0] in page.summary.text() and page.pdf_button.text() == words[1]
    shot = os.environ.get("WILLAY_SHOT_DIR")
    if shot:  # to look at the page: WILLAY_SHOT_DIR=/some/folder pytest ...
        page.window().grab().save(str(Path(shot) / f"reports-{language}.png"))


def test_counts_follow_a_new_incident_while_the_page_shows(
        qtbot: QtBot, make_window: WindowFactory, archive_vault: Path,
        settings: AppSettings) -> None:
    page = _page(qtbot, make_window, archive_vault, settings)
    new = page.controller.archive.save("incident", None, {
        "title": "Heridos en Ilave", "occurred": {"text": "2023-01-07"},
        "place": {"ubigeo": "210401"}, "killed": 2, "injured": 5})
    with qtbot.waitSignal(page.counted, timeout=20_000):
        page.controller.notify_changed("incident", new)
    assert ">4</span><br>Events" in page.summary.text()
    assert ">30</span><br>Killed" in page.summary.text()


def test_counting_shows_its_steps_and_can_be_cancelled(
        qtbot: QtBot, make_window: WindowFactory, archive_vault: Path,
        settings: AppSettings) -> None:
    page = _page(qtbot, make_window, archive_vault, settings)
    shown = page.summary.text()
    assert "Events" in shown and not page.progress.isVisible()

    # The reports lane is held busy, so the count waits and the cancel comes first.
    released = threading.Event()
    hold = page.controller.workers.submit(
        Task("report counts", lambda _ctx: released.wait(10), "reports"))
    page.reload()
    assert page.progress.isVisible() and page.cancel_button.isVisible()
    assert (page.progress.minimum(), page.progress.maximum()) == (0, STEPS)
    assert not page.count_button.isEnabled() and page.summary.text() == "Counting…"
    page.cancel_button.click()
    assert page.task is not None
    with qtbot.waitSignal(page.task.ended, timeout=20_000):
        released.set()
    qtbot.waitUntil(lambda: hold.done, timeout=20_000)
    assert page.summary.text() == "Counting was cancelled. Press Count to count again."
    assert not page.progress.isVisible() and page.count_button.isEnabled()
    assert not page.status.isVisible()  # a cancel is not an error

    # Counted again: every step heard, then the numbers.
    steps: list[int] = []
    page.reload()
    assert page.task is not None
    page.task.progressed.connect(steps.append)
    with qtbot.waitSignal(page.counted, timeout=20_000):
        pass
    assert steps[-1] == STEPS and steps == sorted(steps)
    assert page.summary.text() == shown


def test_coming_back_counts_again_only_when_something_changed(
        qtbot: QtBot, make_window: WindowFactory, archive_vault: Path,
        settings: AppSettings) -> None:
    workspace = _counted(qtbot, make_window, archive_vault, settings)
    page = workspace.reports
    counted = page.task
    assert ">3</span><br>Events" in page.summary.text()
    workspace.show_section(INBOX)
    workspace.show_section(REPORTS)
    assert page.task is counted  # nothing changed: the counts shown still hold

    # A record added behind the window's back (another process on this vault).
    other = Vault.open(archive_vault)
    other.unlock(PASSPHRASE)
    with other.session() as session:
        records.create(session, "incident", {
            "title": "Otra marcha", "occurred": {"text": "2023-02-01"},
            "place": {"ubigeo": "080101"}, "killed": 0, "injured": 1, "detained": 0})
    other.lock()
    workspace.show_section(INBOX)
    with qtbot.waitSignal(page.counted, timeout=20_000):
        workspace.show_section(REPORTS)
    assert page.task is not counted and ">4</span><br>Events" in page.summary.text()
