"""Helpers for GUI tests: build the window, unlock it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from willay.gui.settings import AppSettings
from willay.gui.window import MainWindow

PASSPHRASE = "llaqta kawsay 2023"

WindowFactory = Callable[[Path, AppSettings], MainWindow]


def unlock(qtbot: QtBot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    """Unlock through the unlock page and wait until the workspace shows."""
    page = window.unlock_page
    page.passphrase.setText(passphrase)
    with qtbot.waitSignal(window.controller.unlocked, timeout=20_000):
        page.unlock_button.click()
    assert window.workspace is not None
