"""The Coordinators screen of a hub: who opens it and what each may read; adding one with
their own passphrase; removing one after saying plainly what removal cannot undo; never
the last one."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests import postgres
from tests.conftest import HUB_PASSPHRASE, floor_kdf
from willay.core.errors import VaultError
from willay.core.records import service as records
from willay.core.vault.hub import Hub
from willay.gui.dialogs.coordinators_dialog import CoordinatorsDialog
from willay.gui.settings import AppSettings
from willay.gui.window import MainWindow

from .helpers import WindowFactory
from .hub_helpers import address, open_hub

JUAN = "la frase de juan, larga también"


def _listed(dialog: CoordinatorsDialog) -> list[tuple[str, str, str]]:
    rows = []
    for row in range(dialog.list.topLevelItemCount()):
        item = dialog.list.topLevelItem(row)
        assert item is not None
        rows.append((item.text(0), item.text(1), item.text(2)))
    return rows


def _wait(qtbot: QtBot, dialog: CoordinatorsDialog) -> None:
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30_000)


def _open(qtbot: QtBot, make_window: WindowFactory, cluster: postgres.Cluster, hub: Hub,
          settings: AppSettings, tmp_path: Path) -> tuple[MainWindow, CoordinatorsDialog]:
    window = make_window(tmp_path / "no-vault", settings)
    open_hub(qtbot, window, address(cluster, hub), "rosa", HUB_PASSPHRASE)
    assert window.workspace is not None
    window.workspace.coordinators_button.click()
    dialogs = window.workspace.findChildren(CoordinatorsDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    _wait(qtbot, dialogs[0])
    return window, dialogs[0]


def test_a_coordinator_is_added_with_their_own_passphrase_and_removed_after_a_plain_warning(
        qtbot: QtBot, make_window: WindowFactory, cluster: postgres.Cluster, hub: Hub,
        settings: AppSettings, tmp_path: Path) -> None:
    # Roles belong to the whole server, which other tests' hubs share: a name of its own.
    juan = f"juan_{uuid.uuid4().hex[:8]}"
    _window, dialog = _open(qtbot, make_window, cluster, hub, settings, tmp_path)
    assert _listed(dialog) == [("rosa (you)", "Everything (the hub's owner)", "rosa")]
    assert not dialog.remove_button.isEnabled() and dialog.last_one.isVisible()
    dialog.select("rosa")
    assert not dialog.remove_button.isEnabled(), "never the last coordinator"

    form = dialog.open_add()
    form.name.setText(juan)
    form.passphrase.setText(JUAN)
    form.repeat.setText(JUAN + "!")
    form.submit()
    assert "not the same" in form.error.text() and form.isVisible()
    form.passphrase.setText("corta")
    form.repeat.setText("corta")
    assert "Too short" in form.hint.text()
    form.submit()
    assert "too short" in form.error.text()
    form.name.setText("Juan Quispe")
    form.submit()
    assert "cannot name a coordinator" in form.error.text()
    form.name.setText(juan)
    form.passphrase.setText(JUAN)
    form.repeat.setText(JUAN)
    form.clearance.setCurrentIndex(form.clearance.findData("legal"))
    assert "legal use" in form.meaning.text()
    with qtbot.waitSignal(form.added, timeout=30_000):
        form.add_button.click()
    _wait(qtbot, dialog)
    assert not form.isVisible()
    assert _listed(dialog) == [(juan, "Legal use", "rosa"),
                               ("rosa (you)", "Everything (the hub's owner)", "rosa")]
    assert f"ALTER ROLE {juan} PASSWORD" in dialog.outcome.text()
    theirs = Hub.connect(address(cluster, hub, role=juan))
    theirs.unlock(juan, JUAN)  # their own passphrase, as their own database role
    with theirs.session() as session:
        records.create(session, "incident", {"title": "Paro en Puno",
                                             "occurred": {"text": "2023-01-04"}})
    theirs.lock()

    dialog.select(juan)
    assert dialog.remove_button.isEnabled()
    dialog.remove_button.click()
    box = dialog.question
    assert isinstance(box, QMessageBox) and box.isVisible()
    warning = box.text()
    assert "passphrase no longer opens the hub" in warning
    assert "database role is dropped" in warning
    assert f"cannot undo: whatever {juan} read or copied" in warning
    assert "new card for the organization" in warning
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    [remove] = [b for b in box.buttons() if b.text() == f"Remove {juan}"]
    remove.click()
    _wait(qtbot, dialog)
    assert _listed(dialog) == [("rosa (you)", "Everything (the hub's owner)", "rosa")]
    assert f"{juan} can no longer open this hub." in dialog.outcome.text()
    assert dialog.last_one.isVisible() and not dialog.remove_button.isEnabled()
    with pytest.raises(VaultError, match=f'role "{juan}" does not exist'):
        Hub.connect(address(cluster, hub, role=juan))  # their role went with their keys


def test_cancelling_the_warning_removes_nobody_and_removing_oneself_is_said(
        qtbot: QtBot, make_window: WindowFactory, cluster: postgres.Cluster, hub: Hub,
        settings: AppSettings, tmp_path: Path) -> None:
    hub.add_coordinator("juan", JUAN, "partners", kdf_params=floor_kdf())
    _window, dialog = _open(qtbot, make_window, cluster, hub, settings, tmp_path)
    assert [row[:2] for row in _listed(dialog)] == [("juan", "Partners"),
                                                    ("rosa (you)",
                                                     "Everything (the hub's owner)")]
    dialog.select("rosa")
    box = dialog.confirm_remove()
    assert box is not None
    assert "You are removing yourself" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.wait(50)
    assert dialog.task is None
    assert [c.name for c in hub.coordinators()] == ["juan", "rosa"]
