"""Long work that does not depend on other work does not wait for it: a report is counted
while a duplicate search runs; and lock waits for every lane before the keys go."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from willay.core.records.filter import IncidentFilter
from willay.gui.window import MainWindow
from willay.gui.workers import Task, TaskContext

from . import records


def _held(window: MainWindow, lane: str, released: threading.Event,
          stops_when_cancelled: bool = True) -> Task:
    """Submit work to ``lane`` that runs until ``released`` (or, if it listens, cancelled)."""

    def work(ctx: TaskContext) -> None:
        while not released.wait(0.02):
            if stops_when_cancelled and ctx.cancel.cancelled:
                return

    return window.controller.workers.submit(Task("duplicates", work, lane))


def test_a_report_is_counted_while_a_duplicate_search_runs(qtbot: QtBot,
                                                           window: MainWindow) -> None:
    records.incident(window.controller.archive)
    released = threading.Event()
    search = _held(window, "duplicates", released)
    report = window.controller.count_report(IncidentFilter(), "en")
    try:
        with qtbot.waitSignal(report.succeeded, timeout=20_000) as counted:
            pass
        assert counted.args[0].totals.events == 1
        assert not search.done  # the search still runs: the report did not wait for it
    finally:
        released.set()
    qtbot.waitUntil(lambda: search.done, timeout=20_000)


def test_lock_waits_for_every_lane_then_drops_the_keys(qtbot: QtBot,
                                                       window: MainWindow) -> None:
    released = threading.Event()
    vault = window.controller._vault
    assert vault is not None
    search = _held(window, "duplicates", released)
    # Work that finishes what it started before it looks at the cancel token.
    writer = _held(window, "vault", released, stops_when_cancelled=False)
    qtbot.wait(50)
    window.controller.lock()
    qtbot.waitUntil(lambda: search.done, timeout=20_000)
    qtbot.wait(100)
    assert vault.is_unlocked and not writer.done  # the keys wait for the last lane
    with qtbot.waitSignal(writer.ended, timeout=20_000):
        released.set()
    qtbot.waitUntil(lambda: not vault.is_unlocked, timeout=5_000)
    assert search.token.cancelled and writer.token.cancelled
