"""Create, unlock, recover and lock through the window, on real vaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.photos import photo
from willay.core.keys.kdf import KdfParams
from willay.core.vault.vault import Vault
from willay.gui.settings import AppSettings
from willay.gui.window import MainWindow

from . import records
from .helpers import PASSPHRASE, WindowFactory, unlock


def test_first_start_creates_a_vault_and_checks_the_recovery_code(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, settings: AppSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WILLAY_KDF_MEMORY_MIB", "64")
    window = make_window(tmp_path / "new-vault", settings)
    start = window.start
    assert window.stack.currentWidget() is start
    start.name.setText("Rosa Huamán")
    start.organization.setText("Red Sur")
    start.passphrase.setText("corto")
    assert start.meter.value() == 0 and "10" in start.hint.text()
    start.repeat.setText("corto")
    start.create_button.click()
    assert start.error.isVisible() and "10" in start.error.text()

    start.passphrase.setText(PASSPHRASE)
    start.repeat.setText(PASSPHRASE + "x")
    start.create_button.click()
    assert "not the same" in start.error.text()

    start.repeat.setText(PASSPHRASE)
    with qtbot.waitSignal(start.created, timeout=20_000) as created:
        start.create_button.click()
    code = created.args[0]
    page = window.recovery
    assert window.stack.currentWidget() is page
    assert page.code_label.text().replace("\n", "") == code
    assert not page.done.isEnabled()
    page.written.setChecked(True)
    page.last_group.setText("ZZZZ" if not code.endswith("ZZZZ") else "YYYY")
    page.done.click()
    assert page.error.isVisible() and window.workspace is None
    page.last_group.setText(code.split("-")[-1].lower())
    with qtbot.waitSignal(window.controller.unlocked):
        page.done.click()
    assert window.workspace is not None
    assert page.code_label.text() == ""
    assert settings.last_vault == str(tmp_path / "new-vault")
    assert (tmp_path / "new-vault" / "keyring.json").is_file()


def test_a_wrong_passphrase_is_said_clearly_and_the_right_one_unlocks(
        qtbot: QtBot, make_window: WindowFactory, locked_vault: Path,
        settings: AppSettings) -> None:
    window = make_window(locked_vault, settings)
    page = window.unlock_page
    assert window.stack.currentWidget() is page
    page.passphrase.setText("not the passphrase at all")
    with qtbot.waitSignal(window.controller.workers.submitted):
        page.unlock_button.click()
    qtbot.waitUntil(page.error.isVisible, timeout=20_000)
    assert "Wrong passphrase" in page.error.text()
    assert window.workspace is None and not window.controller.is_unlocked
    unlock(qtbot, window)


def test_recovery_code_sets_a_new_passphrase(qtbot: QtBot, make_window: WindowFactory,
                                             tmp_path: Path,
                                             fast_kdf: KdfParams, settings: AppSettings) -> None:
    path = tmp_path / "vault"
    vault, code = Vault.create(path, PASSPHRASE, "Rosa", "Red Sur",
                               kdf_params=fast_kdf)
    vault.lock()
    window = make_window(path, settings)
    page = window.unlock_page
    page.forgot.click()
    assert page.recovery.isVisible()
    page.code.setText("0000-0000-0000-0000-0000-0000-0000-0000")
    page.new_passphrase.setText("una nueva frase segura")
    page.new_repeat.setText("una nueva frase segura")
    page.recover_button.click()
    qtbot.waitUntil(page.recover_error.isVisible, timeout=20_000)
    assert "does not open" in page.recover_error.text()
    page.code.setText(code.lower().replace("-", " "))
    with qtbot.waitSignal(window.controller.unlocked, timeout=20_000):
        page.recover_button.click()
    window.lock()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page)
    unlock(qtbot, window, "una nueva frase segura")


def test_lock_drops_the_workspace_and_the_keys(qtbot: QtBot, window: MainWindow) -> None:
    workspace = window.workspace
    assert workspace is not None
    with qtbot.waitSignal(window.controller.locked):
        qtbot.keyClick(workspace.search_box, "l", modifier=qtbot_ctrl())
    assert window.workspace is None
    assert window.stack.currentWidget() is window.unlock_page
    assert not window.controller.is_unlocked
    unlock(qtbot, window)


def test_idle_time_locks_the_vault(qtbot: QtBot, window: MainWindow) -> None:
    window.idle.set_period(200)
    with qtbot.waitSignal(window.controller.locked, timeout=5_000):
        pass
    assert window.stack.currentWidget() is window.unlock_page


def test_a_folder_that_is_not_a_vault_is_refused(make_window: WindowFactory, tmp_path: Path,
                                                 settings: AppSettings) -> None:
    window = make_window(tmp_path / "nothing", settings)
    (tmp_path / "other").mkdir()
    window.start.open_folder(tmp_path / "other")
    assert "not a Willay vault" in window.start.open_error.text()
    assert window.stack.currentWidget() is window.start


def qtbot_ctrl() -> Qt.KeyboardModifier:
    """The Control modifier."""
    return Qt.KeyboardModifier.ControlModifier


def test_idle_time_hides_the_records_but_never_cancels_an_intake(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    incident_id = records.incident(window.controller.archive)
    files = []
    for i in range(8):
        files.append(tmp_path / f"foto-{i}.jpg")
        photo(files[-1], size=(2000, 1500), description=f"foto {i}")
    workspace = window.workspace
    assert workspace is not None
    intake = workspace.add_files(incident_id, files)
    assert intake is not None
    (task,) = [t for t in window.controller.workers.unfinished() if t.name == "intake"]
    failures: list[object] = []
    task.failed.connect(failures.append)
    window.idle.set_period(1)
    with qtbot.waitSignal(window.controller.locked, timeout=5_000):
        pass
    # The records go at once; the intake goes on, and the keys go when it has ended.
    assert window.workspace is None and window.stack.currentWidget() is window.unlock_page
    assert not task.done, "the intake should still be running when the idle time passed"
    note = window.unlock_page.background
    assert not note.isHidden() and "adding files" in note.text().lower()
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    assert failures == []
    qtbot.waitUntil(lambda: not window.controller.is_unlocked, timeout=10_000)
    assert "finished" in note.text().lower() and "8" in note.text()
    unlock(qtbot, window)
    assert window.controller.archive.count_media() == 8


def test_work_that_waits_for_another_writer_says_for_whom_and_then_goes_on(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    incident_id = records.incident(window.controller.archive)
    files = [tmp_path / "herida.jpg"]
    photo(files[0])
    workspace = window.workspace
    assert workspace is not None
    other = Vault.open(window.controller.vault_path)  # as another window would
    other.unlock(PASSPHRASE)
    try:
        with other.writing("import"):
            intake = workspace.add_files(incident_id, files)
            assert intake is not None
            qtbot.waitUntil(lambda: workspace.waiting.isVisible(), timeout=20_000)
            text = workspace.waiting.text()
            assert "importing a bundle" in text and "goes on by itself" in text
            assert window.controller.archive.count_media() == 0
        with qtbot.waitSignal(intake.finished, timeout=20_000):
            pass
    finally:
        other.lock()
    assert not workspace.waiting.isVisible()
    assert window.controller.archive.count_media() == 1
