"""The whole path through the window: create a vault, record, attach a photo, search, lock.

Everything is done as a person would, through the window's own controls, on a real
vault in a temporary folder; waits are on signals, never on fixed sleeps.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.photos import photo
from willay.gui import i18n
from willay.gui.app import build_window
from willay.gui.dialogs.incident_editor import IncidentEditor
from willay.gui.dialogs.person_editor import PersonEditor
from willay.gui.settings import AppSettings

PASSPHRASE = "wayra pampa 2023 qhichwa"


def test_create_record_search_lock_unlock(qtbot: QtBot, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WILLAY_KDF_MEMORY_MIB", "64")
    settings = AppSettings(tmp_path / "settings")
    settings.language = "en"
    window = build_window(tmp_path / "vault", settings)
    window.show()
    try:
        # 1. First start: create the vault and confirm the recovery code.
        start = window.start
        start.name.setText("Rosa Huamán")
        start.organization.setText("Red Sur de Derechos Humanos")
        start.passphrase.setText(PASSPHRASE)
        start.repeat.setText(PASSPHRASE)
        with qtbot.waitSignal(start.created, timeout=30_000) as created:
            qtbot.mouseClick(start.create_button, Qt.MouseButton.LeftButton)
        code = created.args[0]
        window.recovery.written.setChecked(True)
        qtbot.keyClicks(window.recovery.last_group, code.split("-")[-1])
        with qtbot.waitSignal(window.controller.unlocked):
            qtbot.mouseClick(window.recovery.done, Qt.MouseButton.LeftButton)
        workspace = window.workspace
        assert workspace is not None

        # 2. An incident, with every main field.
        qtbot.keyClick(workspace, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        (editor,) = workspace.findChildren(IncidentEditor)
        editor.title.insert("Enfrentamiento en el puente Añashuayco")  # QTest types ASCII only
        editor.start.setDate(QDate(2023, 1, 9))
        qtbot.keyClicks(editor.district, "juliaca")
        editor.district.choose(editor.district.suggestions()[0])
        editor.violations.set_codes(["killing", "injury_firearm"])
        editor.perpetrators.set_codes(["pnp"])
        editor.killed.setValue(18)
        editor.injured.setValue(107)
        editor.narrative.insertPlainText("La policía disparó contra los manifestantes.")
        with qtbot.waitSignal(editor.saved) as saved:
            editor.save()
        incident_id = saved.args[0]
        assert workspace.incidents.detail.incident_id == incident_id

        # 3. A testimony by a new witness.
        testimony = workspace.edit_testimony(incident_id, "")
        qtbot.mouseClick(testimony.new_witness, Qt.MouseButton.LeftButton)
        person = testimony.findChild(PersonEditor, "personEditor")
        assert person is not None
        person.full_name.insert("Rosalía Quispe Ccori")
        qtbot.keyClicks(person.pseudonym, "T-01")
        with qtbot.waitSignal(person.saved):
            person.save()
        testimony.language.setCurrentIndex(testimony.language.findData("qu"))
        testimony.consent.set_scope("partners")
        testimony.transcript.insertPlainText("Chay p'unchawmi policía disparó chakapi.")
        with qtbot.waitSignal(testimony.saved):
            testimony.save()
        assert workspace.incidents.detail.testimonies.count() == 1

        # 4. A photo, encrypted in the worker thread.
        picture = tmp_path / "herida.jpg"
        photo(picture)
        intake = workspace.add_files(incident_id, [picture])
        assert intake is not None
        with qtbot.waitSignal(intake.finished, timeout=30_000) as finished:
            pass
        assert len(finished.args[0]) == 1
        assert workspace.incidents.detail.gallery_model.rowCount() == 1

        # 5. Search finds the incident and the testimony, accents ignored.
        qtbot.keyClick(workspace, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(workspace.search_box, "anashuayco")
        qtbot.keyClick(workspace.search_box, Qt.Key.Key_Return)
        assert workspace.search.results.topLevelItemCount() >= 1
        workspace.search.search_for("chakapi")
        first = workspace.search.results.topLevelItem(0)
        assert first is not None and first.text(0) == "Testimony"

        # 6. Lock, then unlock again with the passphrase.
        # Offscreen there is no window manager to give the window back its focus.
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        with qtbot.waitSignal(window.controller.locked):
            qtbot.keyClick(workspace.search_box, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert window.workspace is None and not window.controller.is_unlocked
        qtbot.keyClicks(window.unlock_page.passphrase, PASSPHRASE)
        with qtbot.waitSignal(window.controller.unlocked, timeout=30_000):
            qtbot.keyClick(window.unlock_page.passphrase, Qt.Key.Key_Return)
        assert window.workspace is not None
        assert window.workspace.incidents.model.rowCount() == 1
    finally:
        window.close()
        window.deleteLater()
        i18n.install("en")
