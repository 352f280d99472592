"""Locking while long work runs: the lock page at once, the keys gone within 2 s, the work
cancelled, and after unlocking a note saying what was cancelled."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from sqlmodel import Session

from tests.benchmarks.loader import bulk_load
from tests.unit.test_cancel_long_work import SLOW_SQL
from willay.core.errors import VaultLockedError
from willay.core.keys import kdf
from willay.core.progress import Cancelled
from willay.core.reconcile import person_pairs
from willay.core.reports import summary
from willay.core.vault.vault import Vault
from willay.gui.settings import AppSettings
from willay.gui.window import MainWindow
from willay.gui.workers import Task

from .helpers import PASSPHRASE, WindowFactory, unlock

KEYS_GONE_WITHIN = 2.0  # seconds


def _big_vault(path: Path, fast_kdf: kdf.KdfParams, *, incidents: int = 0,
               people: int = 0) -> Path:
    """A vault with ``people`` people and ``incidents`` incidents."""
    vault, _ = Vault.create(path, PASSPHRASE, "Rosa", "Red Sur", kdf_params=fast_kdf)
    bulk_load(vault, incidents=incidents, people=people, testimonies=0, seed=7,
              progress=lambda _msg: None)
    vault.lock()
    return path


def _lock_and_time(qtbot: QtBot, window: MainWindow, task: Task, lock: object) -> float:
    """Lock with ``lock()`` while ``task`` runs; return how long the keys stayed."""
    vault = window.controller._vault
    assert vault is not None and vault.is_unlocked
    assert not task.done, "the work ended before the lock: make the vault bigger"
    failures: list[object] = []
    task.failed.connect(failures.append)
    started = time.perf_counter()
    assert callable(lock)
    lock()
    # The lock page shows at once, before the work has stopped.
    assert window.stack.currentWidget() is window.unlock_page
    assert window.workspace is None
    qtbot.waitUntil(lambda: not vault.is_unlocked, timeout=int(KEYS_GONE_WITHIN * 1000))
    took = time.perf_counter() - started
    assert window.controller._vault is None
    with pytest.raises(VaultLockedError):
        vault.subkey("objects")
    qtbot.waitUntil(lambda: task.done and bool(failures), timeout=1000)
    assert isinstance(failures[0], Cancelled)
    return took


def _notice(window: MainWindow) -> str:
    workspace = window.workspace
    assert workspace is not None
    assert workspace.notice_row.isVisibleTo(workspace)
    return workspace.notice.text()


def test_locking_during_a_duplicate_search_cancels_it_and_drops_the_keys_at_once(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, fast_kdf: kdf.KdfParams,
        settings: AppSettings, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _big_vault(tmp_path / "big", fast_kdf, people=3000)
    # As on a huge archive, where reading the names takes many seconds: each name read
    # takes two milliseconds here, and the lock must not wait for the rest.
    read_name = person_pairs._name

    def slow_name(*args: str) -> object:
        time.sleep(0.002)
        return read_name(*args)

    monkeypatch.setattr(person_pairs, "_name", slow_name)
    window = make_window(path, settings)
    unlock(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    task = workspace.duplicates.reload()
    assert task is not None
    qtbot.wait(300)  # the search is under way
    took = _lock_and_time(qtbot, window, task, workspace.lock_button.click)
    print(f"keys dropped {took:.2f} s after the lock")
    assert took < KEYS_GONE_WITHIN

    unlock(qtbot, window)
    assert "The search for possible duplicates was cancelled when the vault locked." \
        in _notice(window)
    # Said once: the next unlock has nothing to tell.
    window.lock()
    qtbot.waitUntil(lambda: not window.controller.is_unlocked, timeout=2000)
    unlock(qtbot, window)
    assert window.workspace is not None
    assert not window.workspace.notice_row.isVisibleTo(window.workspace)


def test_ctrl_l_during_a_report_count_cancels_it_and_drops_the_keys_at_once(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, fast_kdf: kdf.KdfParams,
        settings: AppSettings, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _big_vault(tmp_path / "big", fast_kdf, incidents=200)
    # As on a huge archive: the read of the counts is one statement that
    # runs for many seconds; the lock must stop it in the middle.
    def slow_pass(session: Session, *_args: object) -> None:
        session.execute(text(SLOW_SQL)).all()

    monkeypatch.setattr(summary, "_add_tally", slow_pass)
    window = make_window(path, settings)
    unlock(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    workspace.reports.reload()
    task = workspace.reports.task
    assert isinstance(task, Task)
    qtbot.wait(300)
    took = _lock_and_time(qtbot, window, task,
                          lambda: qtbot.keyClick(workspace, Qt.Key.Key_L,
                                                 Qt.KeyboardModifier.ControlModifier))
    print(f"keys dropped {took:.2f} s after Ctrl+L")
    assert took < KEYS_GONE_WITHIN
    unlock(qtbot, window)
    assert "Counting for the report was cancelled when the vault locked." in _notice(window)
