"""GUI tests run offscreen unless a display is asked for; real vaults, fast KDF."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pytestqt.qtbot import QtBot

from willay.core.keys import kdf
from willay.core.vault.vault import Vault
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
def locked_vault(tmp_path: Path, fast_kdf: kdf.KdfParams) -> Path:
    """A vault folder created with the fast KDF and left locked."""
    path = tmp_path / "vault"
    vault, _code = Vault.create(path, PASSPHRASE, "Rosa Huamán", "Red Sur",
                                kdf_params=fast_kdf)
    vault.lock()
    return path


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
