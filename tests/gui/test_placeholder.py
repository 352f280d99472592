"""Until the desktop window exists, ``willay`` says so in the user's language."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from willay.gui.app import PlaceholderWindow


@pytest.mark.parametrize(("language", "words", "button"),
                         [("es", "todavía está en construcción", "Cerrar"),
                          ("en", "still being built", "Close")])
def test_placeholder_explains_and_points_to_the_cli(qtbot: QtBot, language: str, words: str,
                                                    button: str) -> None:
    window = PlaceholderWindow(language)
    qtbot.addWidget(window)
    window.show()
    text = " ".join(label.text() for label in window.findChildren(QLabel))
    assert words in text and "willay-cli init" in text
    (close,) = window.findChildren(QPushButton)
    assert close.text() == button
    close.click()
    assert not window.isVisible()
