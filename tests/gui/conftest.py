"""GUI tests run offscreen unless a display is asked for; real vaults, fast KDF."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pytestqt.qtbot import QtBot

from tests.conftest import VaultTemplates
from willay.gui import i18n
from willay.gui.app import build_window
from willay.gui.settings import AppSettings
from willay.gui.window import MainWindow

from .helpers import PASSPHRASE, WindowFactory, unlock


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    """Settings in the test's own folder, in English."""
    store = AppSettings(tmp_path / "settings")
    store.language = "en"
    return store


@pytest.fixture
def locked_vault(tmp_path: Path, vault_templates: VaultTemplates) -> Path:
    """A vault folder of its own (a copy of the session's template), locked."""
    return vault_templates.locked("gui", tmp_path / "vault", PASSPHRASE, "Rosa Huamán",
                                  "Red Sur")


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[WindowFactory]:
    """Build and show windows; each is closed (thread stopped, vault locked) afterwards."""
    made: list[MainWindow] = []

    def make(vault: Path, settings: AppSettings) -> MainWindow:
        window = build_window(vault, settings)
        made.append(window)
        window.show()
        return window

    yield make
    for window in made:
        window.close()
        window.deleteLater()
    qtbot.wait(1)
    i18n.install("en")


@pytest.fixture
def window(qtbot: QtBot, make_window: WindowFactory, locked_vault: Path,
           settings: AppSettings) -> MainWindow:
    """The window over a fresh vault, unlocked."""
    win = make_window(locked_vault, settings)
    unlock(qtbot, win)
    return win
