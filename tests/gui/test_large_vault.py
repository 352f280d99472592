"""100,000 incidents: the list counts them all but reads only the pages it shows."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.benchmarks.loader import bulk_load
from willay.core.keys import kdf
from willay.core.vault.vault import Vault
from willay.gui.models.paged import PAGE_SIZE
from willay.gui.settings import AppSettings

from .helpers import PASSPHRASE, WindowFactory, unlock

TOTAL = 100_000


@pytest.mark.slow
def test_a_hundred_thousand_incidents_open_without_reading_them_all(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, fast_kdf: kdf.KdfParams,
        settings: AppSettings) -> None:
    path = tmp_path / "big"
    vault, _ = Vault.create(path, PASSPHRASE, "Rosa", "Red Sur", kdf_params=fast_kdf)
    bulk_load(vault, incidents=TOTAL, people=0, testimonies=0, seed=11,
              progress=lambda _msg: None)
    vault.lock()
    window = make_window(path, settings)
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
