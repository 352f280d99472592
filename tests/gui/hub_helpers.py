"""Helpers for the window on a hub: its address as a person types it, and opening it from
the start page."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests import postgres
from willay.core.vault.hub import Hub
from willay.gui.window import MainWindow


def address(cluster: postgres.Cluster, hub: Hub, role: str | None = None) -> str:
    """The hub's address on the test cluster, connecting as ``role`` (its owner by default)."""
    return f"postgresql://{role or cluster.user}@/{hub.engine.url.database}?host={cluster.socket}"


def fill_hub_form(window: MainWindow, where: str, coordinator: str, passphrase: str) -> None:
    """Type the hub's address, the coordinator and the passphrase on the start page, and
    press Open."""
    box = window.start.hub_box
    window.show_start()
    box.address.setEditText(where)
    box.coordinator.setText(coordinator)
    box.passphrase.setText(passphrase)
    box.open_button.click()


def open_hub(qtbot: QtBot, window: MainWindow, where: str, coordinator: str,
             passphrase: str) -> None:
    """Open the hub from the start page and wait until its records show."""
    with qtbot.waitSignal(window.controller.unlocked, timeout=30_000):
        fill_hub_form(window, where, coordinator, passphrase)
    assert window.workspace is not None


def refused(qtbot: QtBot, window: MainWindow, where: str, coordinator: str,
            passphrase: str) -> str:
    """Try to open the hub from the start page; return what the page says."""
    box = window.start.hub_box
    fill_hub_form(window, where, coordinator, passphrase)
    qtbot.waitUntil(lambda: box.error.isVisible() and box.open_button.isEnabled(),
                    timeout=30_000)
    return box.error.text()
