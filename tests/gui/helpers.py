"""Helpers for GUI tests: build the window, unlock it, read its tables and trees."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QTreeWidget, QTreeWidgetItem
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


def tree_item(tree: QTreeWidget, row: int) -> QTreeWidgetItem:
    """Return the top-level item of ``tree`` at ``row``; fail the test if there is none."""
    item = tree.topLevelItem(row)
    assert item is not None, f"no row {row} in the tree"
    return item


def table_item(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """Return the item of ``table`` at ``row``, ``column``; fail the test if there is none."""
    item = table.item(row, column)
    assert item is not None, f"no item at ({row}, {column}) in the table"
    return item


def column_header(table: QTableWidget, column: int) -> QTableWidgetItem:
    """Return the header item of ``table``'s ``column``; fail the test if there is none."""
    item = table.horizontalHeaderItem(column)
    assert item is not None, f"no header for column {column} in the table"
    return item
