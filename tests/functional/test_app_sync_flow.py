"""Two windows, two vaults: export a bundle, drop it on the other window, edit apart, merge.

Everything goes through the windows' own dialogs; the vaults are real, in temporary
folders, and only know each other by the cards they exchanged.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from tests.sync.conftest import PASS, introduce, make_vault
from willay.gui import i18n
from willay.gui.app import build_window
from willay.gui.dialogs.import_dialog import ImportDialog
from willay.gui.settings import AppSettings
from willay.gui.window import MainWindow


def _open(qtbot: QtBot, folder: Path, settings_folder: Path) -> MainWindow:
    settings = AppSettings(settings_folder)
    settings.language = "en"
    window = build_window(folder, settings)
    window.show()
    window.unlock_page.passphrase.setText(PASS)
    with qtbot.waitSignal(window.controller.unlocked, timeout=30_000):
        window.unlock_page.unlock_button.click()
    return window


def _drop(window: MainWindow, path: Path) -> ImportDialog:
    workspace = window.workspace
    assert workspace is not None
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    workspace.dropEvent(event)
    (dialog,) = [d for d in workspace.findChildren(ImportDialog) if d.isVisible()]
    return dialog


def test_export_in_one_window_import_by_drop_in_another_then_merge(qtbot: QtBot,
                                                                    tmp_path: Path) -> None:
    field = make_vault(tmp_path / "field", "Rosa")
    office = make_vault(tmp_path / "office", "Coordinadora")
    introduce(field, office)
    field.lock()
    office.lock()
    rosa = _open(qtbot, tmp_path / "field", tmp_path / "s1")
    coordinator = _open(qtbot, tmp_path / "office", tmp_path / "s2")
    try:
        incident = rosa.controller.archive.save("incident", None, {
            "title": "Disparos en el puente", "occurred": {"text": "2023-01-09"},
            "place": {"ubigeo": "211101", "text": "Puente"}, "violations": ["killing"],
            "killed": 2, "injured": 4})
        assert rosa.workspace is not None and coordinator.workspace is not None

        # 1. Rosa exports with Ctrl+E's dialog; the coordinator drops the file on the window.
        export = rosa.workspace.open_export()
        export.file.setText(str(tmp_path / "para-coordinadora.willay"))
        with qtbot.waitSignal(export.exported, timeout=30_000):
            export.export_button.click()
        dialog = _drop(coordinator, tmp_path / "para-coordinadora.willay")
        with qtbot.waitSignal(dialog.imported, timeout=30_000):
            pass
        assert "comes from Rosa" in dialog.outcome.text()
        assert coordinator.workspace.incidents.model.rowCount() == 1
        dialog.close()

        # 2. Both edit the same fields apart; the coordinator's bundle comes back.
        rosa.controller.archive.save("incident", incident, {"injured": 5})
        coordinator.controller.archive.save("incident", incident, {"injured": 6,
                                                                   "killed": 3})
        back = coordinator.workspace.open_export()
        back.file.setText(str(tmp_path / "para-rosa.willay"))
        with qtbot.waitSignal(back.exported, timeout=30_000):
            back.export_button.click()
        reply = _drop(rosa, tmp_path / "para-rosa.willay")
        with qtbot.waitSignal(reply.imported, timeout=30_000):
            pass
        assert "New conflicts: 1" in reply.outcome.text()

        # 3. Rosa merges in the inbox: disjoint changes combine, the newest wins "injured".
        inbox = rosa.workspace.inbox
        rosa.workspace.show_conflicts()
        resolve = inbox.resolve(incident)
        assert resolve is not None
        with qtbot.waitSignal(inbox.resolved):
            resolve.merge_button.click()
        fields = rosa.controller.archive.record(incident).fields or {}
        assert fields["killed"] == 3 and fields["injured"] == 6
        assert inbox.tabs.tabText(0) == "Conflicts (0)"

        # 4. The vault still verifies end to end.
        check = rosa.workspace.open_verify()
        with qtbot.waitSignal(check.task.ended, timeout=30_000):
            pass
        assert "Everything verifies" in check.outcome.text()
    finally:
        for window in (rosa, coordinator):
            window.close()
            window.deleteLater()
        i18n.install("en")
