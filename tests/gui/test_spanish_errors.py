"""In a Spanish window, the core's refusals reach the person in Spanish.

Each error path a field worker meets (an incident without a title, a date the archive
does not understand, a file that cannot be kept, a file that is not a card) is driven
through the window in Spanish, and the message shown must hold no English sentence.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from willay.gui.settings import AppSettings
from willay.gui.window import MainWindow

from . import records
from .helpers import PASSPHRASE, WindowFactory, unlock

# Words that only an English sentence holds; none is Spanish.
ENGLISH = re.compile(r"\b(the|is|not|must|cannot|was|were|and|file|files|empty|date)\b",
                     re.IGNORECASE)


@pytest.fixture
def spanish_window(qtbot: QtBot, make_window: WindowFactory, locked_vault: Path,
                   tmp_path: Path) -> MainWindow:
    """The window over a fresh vault, in Spanish, unlocked."""
    store = AppSettings(tmp_path / "settings-es")
    store.language = "es"
    window = make_window(locked_vault, store)
    unlock(qtbot, window)
    assert PASSPHRASE
    return window


def _spanish(text: str) -> str:
    assert text.strip(), "no message was shown"
    assert not ENGLISH.search(text), f"English reached the Spanish window: {text!r}"
    return text


def _visible_boxes(window: MainWindow) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox) if b.isVisible()]


def test_an_incident_without_a_title_is_refused_in_spanish(spanish_window: MainWindow) -> None:
    workspace = spanish_window.workspace
    assert workspace is not None
    editor = workspace.edit_incident(None)
    editor.save()
    assert editor.isVisible()
    assert "Título" in _spanish(editor.error.text())
    editor.reject()


def test_a_date_it_does_not_understand_is_explained_in_spanish(
        qtbot: QtBot, spanish_window: MainWindow) -> None:
    workspace = spanish_window.workspace
    assert workspace is not None
    records.incident(spanish_window.controller.archive)
    qtbot.keyClick(workspace, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = workspace.search
    search.date_from.setText("enero 2023")
    search.run()
    assert not search.error.isHidden()
    assert "enero 2023" in _spanish(search.error.text())


def test_files_that_cannot_be_kept_are_refused_in_spanish(
        qtbot: QtBot, spanish_window: MainWindow, tmp_path: Path) -> None:
    workspace = spanish_window.workspace
    assert workspace is not None
    incident = records.incident(spanish_window.controller.archive)
    empty = tmp_path / "vacío.jpg"
    empty.write_bytes(b"")
    intake = workspace.add_files(incident, [empty])
    assert intake is not None
    with qtbot.waitSignal(intake.finished, timeout=30_000):
        pass
    boxes = _visible_boxes(spanish_window)
    assert boxes
    assert "vacío.jpg" in _spanish(boxes[-1].text())
    boxes[-1].close()


def test_a_file_that_is_not_a_card_is_refused_in_spanish(spanish_window: MainWindow,
                                                         tmp_path: Path) -> None:
    workspace = spanish_window.workspace
    assert workspace is not None
    bad = tmp_path / "tarjeta.json"
    bad.write_text("{}")
    tab = workspace.partners.partners
    assert tab.add_card_file(bad) is None
    boxes = [b for b in tab.findChildren(QMessageBox) if b.isVisible()]
    assert boxes
    assert "tarjeta" in _spanish(boxes[-1].text()).lower()
    boxes[-1].close()
