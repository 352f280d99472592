"""Help → About: Willay's license and every bundled component, in both languages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMainWindow, QMenu
from pytestqt.qtbot import QtBot

from willay.core.components import components
from willay.gui.dialogs.about_dialog import COMPONENT, LICENSE, ROLE, VERSION, AboutDialog
from willay.gui.settings import AppSettings

from .helpers import WindowFactory, column_header, table_item


def _open_about(qtbot: QtBot, make_window: WindowFactory, vault: Path,
                settings: AppSettings) -> AboutDialog:
    window = make_window(vault, settings)
    help_menu = window.menuBar().actions()[0].menu()
    assert isinstance(help_menu, QMenu)
    assert window.about_action in help_menu.actions()
    window.about_action.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_about_lists_every_component_with_version_and_license(
        qtbot: QtBot, make_window: WindowFactory, locked_vault: Path,
        settings: AppSettings) -> None:
    dialog = _open_about(qtbot, make_window, locked_vault, settings)
    expected = components()
    assert dialog.component_names() == [c.name for c in expected]
    table = dialog.table
    rows = {table_item(table, r, COMPONENT).text(): r for r in range(table.rowCount())}
    sqlcipher = rows["SQLCipher"]
    assert table_item(table, sqlcipher, LICENSE).text() == "BSD-3-Clause"
    assert table_item(table, sqlcipher, ROLE).text() == "encrypted database"
    qt_row = rows["Qt / PySide6"]
    assert table_item(table, qt_row, LICENSE).text() == "LGPL-3.0-only"
    assert "(Qt 6." in table_item(table, qt_row, VERSION).text()
    pillow = rows["Pillow"]
    assert "License texts:" in table_item(table, pillow, COMPONENT).toolTip()
    assert table_item(table, rows["Willay"], LICENSE).text() == "GPL-3.0-or-later"
    # Every row fits without scrolling on a 768-pixel screen.
    assert dialog.height() <= 700
    assert table.verticalScrollBar().maximum() == 0
    dialog.close()


def test_about_in_spanish(qtbot: QtBot, make_window: WindowFactory, locked_vault: Path,
                          settings: AppSettings) -> None:
    settings.language = "es"
    dialog = _open_about(qtbot, make_window, locked_vault, settings)
    assert dialog.windowTitle() == "Acerca de Willay"
    window = dialog.parent()
    assert isinstance(window, QMainWindow)
    assert window.menuBar().actions()[0].text() == "A&yuda"
    table = dialog.table
    headers = [column_header(table, c).text() for c in range(4)]
    assert headers == ["Componente", "Versión", "Licencia", "Sirve para"]
    rows = {table_item(table, r, COMPONENT).text(): r for r in range(table.rowCount())}
    assert table_item(table, rows["SQLCipher"], ROLE).text() == "base de datos cifrada"
    assert table_item(table, rows["SQLite"], LICENSE).text() == "Dominio público"
    dialog.close()
    QApplication.processEvents()
