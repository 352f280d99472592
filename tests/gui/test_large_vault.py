"""100,000 incidents: the list counts them all but reads only the pages it shows; the
Reports and Duplicates pages show how far they are and stop when asked."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.benchmarks.loader import bulk_load
from willay.core.keys import kdf
from willay.core.reconcile import suggestion_store
from willay.core.reconcile.suggestion import INCIDENT
from willay.core.vault.vault import Vault
from willay.gui.models.paged import PAGE_SIZE
from willay.gui.settings import AppSettings
from willay.gui.views.workspace import DUPLICATES, REPORTS

from .helpers import PASSPHRASE, WindowFactory, unlock

TOTAL = 100_000


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A vault of 100,000 incidents and 2,000 people (built once for this module)."""
    path = tmp_path_factory.mktemp("large") / "big"
    fast = kdf.KdfParams(kdf.MIN_MEMORY_KIB, 3, 4, os.urandom(16))
    vault, _ = Vault.create(path, PASSPHRASE, "Rosa", "Red Sur", kdf_params=fast)
    bulk_load(vault, incidents=TOTAL, people=2_000, testimonies=0, seed=11,
              progress=lambda _msg: None)
    vault.lock()
    return path


@pytest.fixture
def big_copy(big: Path, tmp_path: Path) -> Path:
    """A copy of the large vault of this test's own."""
    copy = tmp_path / "big"
    shutil.copytree(big, copy)
    return copy


@pytest.mark.slow
def test_a_hundred_thousand_incidents_open_without_reading_them_all(
        qtbot: QtBot, make_window: WindowFactory, big_copy: Path,
        settings: AppSettings) -> None:
    window = make_window(big_copy, settings)
    started = time.perf_counter()
    unlock(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    model = workspace.incidents.model
    qtbot.waitUntil(lambda: workspace.incidents.detail.incident_id is not None)
    opened = time.perf_counter() - started  # reported, not asserted: machines differ
    assert model.rowCount() == TOTAL
    assert model.loaded_rows <= 2 * PAGE_SIZE
    table = workspace.incidents.table
    table.scrollToBottom()
    qtbot.wait(10)
    last = model.index(TOTAL - 1, 1)
    assert model.data(last)
    assert model.loaded_rows <= 4 * PAGE_SIZE
    print(f"unlocked and listed {TOTAL:,} incidents in {opened:.2f} s")


@pytest.mark.slow
def test_reports_and_duplicates_show_progress_and_stop_on_a_large_vault(
        qtbot: QtBot, make_window: WindowFactory, big_copy: Path,
        settings: AppSettings) -> None:
    window = make_window(big_copy, settings)
    unlock(qtbot, window)
    workspace = window.workspace
    assert workspace is not None

    reports = workspace.reports
    with qtbot.waitSignal(reports.counted, timeout=120_000) as counted:
        workspace.show_section(REPORTS)
        assert reports.progress.isVisible() and reports.cancel_button.isVisible()
    assert counted.args[0].totals.records == TOTAL
    shown = reports.summary.text()
    # A date range is counted from the rows, not from the kept counts: a long pass, stopped
    # once it has begun, in the middle of the database's work, not after it.
    reports.date_from.setText("1990-01-01")
    reports.reload()
    assert reports.task is not None
    reports.task.progressed.connect(lambda done: reports.cancel() if done >= 1 else None)
    started = time.perf_counter()
    with qtbot.waitSignal(reports.task.ended, timeout=120_000):
        pass
    stopped = time.perf_counter() - started
    assert reports.summary.text() == "Counting was cancelled. Press Count to count again."
    assert not reports.progress.isVisible() and reports.count_button.isEnabled()
    print(f"a count of {TOTAL:,} incidents stopped {stopped:.2f} s after it started")
    reports.date_from.clear()
    with qtbot.waitSignal(reports.counted, timeout=120_000):
        reports.count_button.click()
    assert reports.summary.text() == shown

    page = workspace.duplicates
    heard: list[int] = []
    with qtbot.waitSignal(page.loaded, timeout=300_000):
        workspace.show_section(DUPLICATES)
        assert page.task is not None and page.progress.isVisible()
        page.task.progressed.connect(heard.append)
    assert len(heard) > 5 and heard == sorted(heard) and heard[-1] == 100
    assert page.incidents.list.topLevelItemCount() > 0
    page.reload()  # nothing changed: the kept suggestions are shown at once
    qtbot.waitUntil(lambda: page.task is None or page.task.done, timeout=10_000)
    assert page.incidents.list.topLevelItemCount() > 0
    # As after an upgrade that changes the rules: a whole search again, stopped midway.
    vault = window.controller._vault
    assert vault is not None
    with vault.session() as session:
        suggestion_store.forget(session, INCIDENT)
    page.reload()
    assert page.task is not None
    page.task.progressed.connect(lambda percent: page.cancel() if percent >= 20 else None)
    with qtbot.waitSignal(page.task.ended, timeout=300_000):
        pass
    assert "was stopped; nothing was changed" in page.outcome.text()
    assert page.incidents.list.topLevelItemCount() > 0  # what was shown stays
