"""The keyboard never loses work: Ctrl+L everywhere, Escape asks, drafts survive a lock,
Enter submits, and the focus comes back to the list after saving."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.photos import photo
from willay.gui.dialogs.incident_editor import IncidentEditor
from willay.gui.dialogs.testimony_editor import TestimonyEditor
from willay.gui.dialogs.unsaved import DISCARD_BOX
from willay.gui.settings import AppSettings
from willay.gui.views.workspace import Workspace
from willay.gui.window import MainWindow

from . import records
from .helpers import PASSPHRASE, WindowFactory, unlock

# Typed key by key: QTest types only ASCII.
TRANSCRIPT = ("Chay p'unchawmi policia disparaspa chakapi wanuchirqan. " * 40).strip()


def _ctrl_l(widget: QWidget) -> None:
    QTest.keyClick(widget, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)


def _focused_in(dialog: QWidget) -> QWidget:
    """The widget of ``dialog`` that has (or would have) the keyboard focus."""
    return dialog.focusWidget() or dialog


def _workspace(window: MainWindow) -> Workspace:
    assert window.workspace is not None
    return window.workspace


def _media(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> str:
    archive = window.controller.archive
    incident_id = records.incident(archive)
    photo(tmp_path / "rostro.jpg")
    task = window.controller.add_files(incident_id, [tmp_path / "rostro.jpg"])
    with qtbot.waitSignal(task.ended, timeout=20_000):
        pass
    return archive.media_page(0, 10)[0].id


def _open_incident(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> QWidget:
    return _workspace(window).edit_incident(records.incident(window.controller.archive))


def _open_person(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> QWidget:
    return _workspace(window).edit_person(None)


def _open_testimony(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> QWidget:
    return _workspace(window).edit_testimony(records.incident(window.controller.archive), "")


def _open_viewer(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> QWidget:
    viewer = _workspace(window).open_media(_media(qtbot, window, tmp_path))
    assert viewer.task is not None
    with qtbot.waitSignal(viewer.task.ended, timeout=20_000):
        pass
    return viewer


def _open_redaction(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> QWidget:
    viewer = _workspace(window).open_media(_media(qtbot, window, tmp_path))
    assert viewer.task is not None
    with qtbot.waitSignal(viewer.task.ended, timeout=20_000):
        pass
    editor = viewer.open_redaction()
    with qtbot.waitSignal(editor.load_task.ended, timeout=20_000):
        pass
    return editor


def _open_export(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> QWidget:
    return _workspace(window).open_export()


def _open_import(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> QWidget:
    return _workspace(window).open_import()


OPENERS: dict[str, Callable[[QtBot, MainWindow, Path], QWidget]] = {
    "incident editor": _open_incident, "person editor": _open_person,
    "testimony editor": _open_testimony, "media viewer": _open_viewer,
    "redaction editor": _open_redaction, "export dialog": _open_export,
    "import dialog": _open_import,
}


@pytest.mark.parametrize("which", list(OPENERS))
def test_ctrl_l_locks_from_every_editor_viewer_and_dialog(qtbot: QtBot, window: MainWindow,
                                                          tmp_path: Path, which: str) -> None:
    dialog = OPENERS[which](qtbot, window, tmp_path)
    qtbot.waitExposed(dialog)
    assert dialog.isVisible()
    _ctrl_l(_focused_in(dialog))
    assert not window.controller.is_unlocked
    assert window.stack.currentWidget() is window.unlock_page
    assert window.workspace is None
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)


def test_ctrl_l_locks_from_the_workspace_and_does_nothing_when_locked(
        qtbot: QtBot, window: MainWindow) -> None:
    _ctrl_l(_workspace(window).incidents.table)
    assert window.stack.currentWidget() is window.unlock_page
    _ctrl_l(window.unlock_page.passphrase)
    assert window.stack.currentWidget() is window.unlock_page
    unlock(qtbot, window)
    assert window.controller.is_unlocked


# -- Escape, Cancel and the close button ask before unsaved changes go -------------------
def _testimony_editor(window: MainWindow) -> tuple[TestimonyEditor, str, str]:
    archive = window.controller.archive
    incident_id = records.incident(archive)
    testimony_id = records.testimony(archive, incident_id, records.person(archive))
    editor = _workspace(window).edit_testimony("", testimony_id)
    return editor, testimony_id, str((archive.record(testimony_id).fields or {})["transcript"])


def _discard_box(editor: QWidget) -> QMessageBox | None:
    shown = [box for box in editor.findChildren(QMessageBox, DISCARD_BOX) if box.isVisible()]
    assert len(shown) <= 1, "the question is asked once at a time"
    return shown[0] if shown else None


def test_escape_with_unsaved_text_asks_and_keep_editing_keeps_it(qtbot: QtBot,
                                                                  window: MainWindow) -> None:
    editor, testimony_id, saved = _testimony_editor(window)
    qtbot.waitExposed(editor)
    transcript = editor.transcript
    transcript.clear()
    QTest.keyClicks(transcript, TRANSCRIPT)
    QTest.keyClick(transcript, Qt.Key.Key_Escape)
    box = _discard_box(editor)
    assert box is not None and editor.isVisible()
    assert box.text() == "Discard your changes?"
    keep = box.button(QMessageBox.StandardButton.Cancel)
    assert keep.text().replace("&", "") == "Keep editing" and box.defaultButton() is keep
    assert box.button(QMessageBox.StandardButton.Discard).text().replace("&", "") == "Discard"
    # A second Escape answers the question with "Keep editing": nothing is lost.
    QTest.keyClick(box, Qt.Key.Key_Escape)
    assert _discard_box(editor) is None and editor.isVisible()
    assert transcript.toPlainText() == TRANSCRIPT
    # Enter on the question is "Keep editing" too.
    editor.buttons.button(editor.buttons.StandardButton.Cancel).click()
    box = _discard_box(editor)
    assert box is not None
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert editor.isVisible() and transcript.toPlainText() == TRANSCRIPT
    # "Discard" closes and the record is as it was.
    editor.close()
    box = _discard_box(editor)
    assert box is not None and editor.isVisible()
    box.button(QMessageBox.StandardButton.Discard).click()
    assert not editor.isVisible()
    assert (window.controller.archive.record(testimony_id).fields or {})["transcript"] == saved


@pytest.mark.parametrize("kind", ["incident", "person", "testimony"])
def test_an_unchanged_editor_closes_at_once(qtbot: QtBot, window: MainWindow,
                                            kind: str) -> None:
    archive = window.controller.archive
    workspace = _workspace(window)
    incident_id = records.incident(archive)
    editor: QWidget
    if kind == "incident":
        editor = workspace.edit_incident(incident_id)
    elif kind == "person":
        editor = workspace.edit_person(records.person(archive))
    else:
        editor = workspace.edit_testimony(incident_id, "")
    qtbot.waitExposed(editor)
    QTest.keyClick(_focused_in(editor), Qt.Key.Key_Escape)
    assert not editor.isVisible() and _discard_box(editor) is None


def test_a_changed_person_asks_on_the_close_button(qtbot: QtBot, window: MainWindow) -> None:
    editor = _workspace(window).edit_person(None)
    qtbot.waitExposed(editor)
    QTest.keyClicks(editor.full_name, "Rosalia Quispe Ccori")
    editor.close()
    box = _discard_box(editor)
    assert box is not None and editor.isVisible()
    box.button(QMessageBox.StandardButton.Discard).click()
    assert not editor.isVisible() and window.controller.archive.count_people() == 0


# -- drafts survive a lock ---------------------------------------------------------------
def _nowhere_on_disk(folder: Path, text: str) -> None:
    needle = text.encode()
    for path in folder.rglob("*"):
        if path.is_file():
            assert needle not in path.read_bytes(), f"{text!r} in the clear in {path}"


def test_a_new_incident_typed_before_ctrl_l_is_kept_as_a_draft(
        qtbot: QtBot, window: MainWindow, locked_vault: Path, tmp_path: Path) -> None:
    editor = _workspace(window).edit_incident(None)
    qtbot.waitExposed(editor)
    QTest.keyClicks(editor.title, "Desalojo en Ilave")
    QTest.keyClicks(editor.district, "ilave, sin elegir")
    QTest.keyClicks(editor.narrative, "Los comuneros fueron desalojados al amanecer.")
    _ctrl_l(editor.narrative)
    assert window.stack.currentWidget() is window.unlock_page
    _nowhere_on_disk(tmp_path, "desalojados al amanecer")

    unlock(qtbot, window)
    archive = window.controller.archive
    rows = archive.incident_page(0, 10)
    assert len(rows) == 1
    fields = archive.record(rows[0].id).fields or {}
    assert fields["title"] == "Desalojo en Ilave" and fields["status"] == "draft"
    assert fields["narrative"] == "Los comuneros fueron desalojados al amanecer."
    assert "ilave, sin elegir" in fields["place"]["text"]
    note = _workspace(window).drafts_note
    assert note.isVisible()
    assert "“Desalojo en Ilave” was saved as a draft" in note.text()


def test_a_testimony_edited_before_the_auto_lock_keeps_its_text(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    editor, testimony_id, _saved = _testimony_editor(window)
    qtbot.waitExposed(editor)
    transcript = editor.transcript
    transcript.clear()
    QTest.keyClicks(transcript, TRANSCRIPT)
    window.auto_lock()
    assert window.stack.currentWidget() is window.unlock_page
    assert _discard_box(editor) is None
    _nowhere_on_disk(tmp_path, TRANSCRIPT[:60])

    unlock(qtbot, window)
    archive = window.controller.archive
    assert (archive.record(testimony_id).fields or {})["transcript"] == TRANSCRIPT
    assert len(archive.changes(testimony_id)) == 2
    note = _workspace(window).drafts_note
    assert "“testimony of Rosalía Quispe Ccori” was saved as a draft" in note.text()
    _workspace(window).drafts_done.click()
    assert not note.isVisible()


def test_a_lock_while_the_question_shows_still_keeps_the_draft(qtbot: QtBot,
                                                                window: MainWindow) -> None:
    editor = _workspace(window).edit_person(None)
    qtbot.waitExposed(editor)
    QTest.keyClicks(editor.full_name, "Elena Mamani")
    QTest.keyClicks(editor.age_range, "30-")
    QTest.keyClick(editor.full_name, Qt.Key.Key_Escape)
    assert _discard_box(editor) is not None
    box = _discard_box(editor)
    assert box is not None
    _ctrl_l(box)
    assert window.stack.currentWidget() is window.unlock_page
    unlock(qtbot, window)
    people = window.controller.archive.people_page(0, 10)
    assert [p.full_name for p in people] == ["Elena Mamani"]
    fields = window.controller.archive.record(people[0].id).fields or {}
    # The core refuses "30-" as an age range: it is kept in the contact details instead.
    assert fields["age_range"] is None and "30-" in fields["contact"]
    assert "“Elena Mamani” was saved as a draft" in _workspace(window).drafts_note.text()


def test_a_testimony_without_witness_says_it_could_not_be_kept(qtbot: QtBot,
                                                                window: MainWindow) -> None:
    incident_id = records.incident(window.controller.archive)
    editor = _workspace(window).edit_testimony(incident_id, "")
    qtbot.waitExposed(editor)
    QTest.keyClicks(editor.transcript, "Sin testigo todavia")
    _ctrl_l(editor.transcript)
    unlock(qtbot, window)
    note = _workspace(window).drafts_note
    assert note.isVisible() and "could not be saved as a draft" in note.text()
    assert "witness" in note.text()


def test_an_unchanged_editor_leaves_no_draft_and_no_note(qtbot: QtBot,
                                                         window: MainWindow) -> None:
    incident_id = records.incident(window.controller.archive)
    editor = _workspace(window).edit_incident(incident_id)
    qtbot.waitExposed(editor)
    _ctrl_l(editor)
    unlock(qtbot, window)
    assert len(window.controller.archive.changes(incident_id)) == 1
    assert not _workspace(window).drafts_note.isVisible()


# -- Enter submits single-field steps ----------------------------------------------------
def test_enter_creates_confirms_and_recovers(qtbot: QtBot, make_window: WindowFactory,
                                             tmp_path: Path, settings: AppSettings) -> None:
    window = make_window(tmp_path / "new-vault", settings)
    start = window.start
    assert window.stack.currentWidget() is start
    start.name.setText("Rosa Huamán")
    start.organization.setText("Red Sur")
    QTest.keyClicks(start.passphrase, PASSPHRASE)
    QTest.keyClick(start.passphrase, Qt.Key.Key_Return)
    assert start.repeat.hasFocus() or window.focusWidget() is start.repeat
    QTest.keyClicks(start.repeat, PASSPHRASE)
    with qtbot.waitSignal(start.created, timeout=20_000) as created:
        QTest.keyClick(start.repeat, Qt.Key.Key_Return)
    code = str(created.args[0])

    page = window.recovery
    assert window.stack.currentWidget() is page
    QTest.keyClicks(page.last_group, page.expected_group())
    QTest.keyClick(page.last_group, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is page and "tick the box" in page.error.text()
    page.written.setChecked(True)
    with qtbot.waitSignal(window.controller.unlocked, timeout=20_000):
        QTest.keyClick(page.last_group, Qt.Key.Key_Return)

    window.lock()
    unlock_page = window.unlock_page
    unlock_page.forgot.click()
    QTest.keyClicks(unlock_page.code, code)
    QTest.keyClick(unlock_page.code, Qt.Key.Key_Return)
    new = "otra frase larga 2024"
    QTest.keyClicks(unlock_page.new_passphrase, new)
    QTest.keyClick(unlock_page.new_passphrase, Qt.Key.Key_Return)
    QTest.keyClicks(unlock_page.new_repeat, new)
    with qtbot.waitSignal(window.controller.unlocked, timeout=20_000):
        QTest.keyClick(unlock_page.new_repeat, Qt.Key.Key_Return)
    window.lock()
    unlock(qtbot, window, new)


# -- the focus comes back to the list ----------------------------------------------------
def test_after_saving_the_focus_returns_to_the_list(qtbot: QtBot, window: MainWindow) -> None:
    archive = window.controller.archive
    incident_id = records.incident(archive)
    workspace = _workspace(window)
    workspace.incidents.reload(incident_id)
    window.activateWindow()
    table = workspace.incidents.table
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=5_000)
    QTest.keyClick(table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = next(w for w in workspace.findChildren(IncidentEditor) if w.isVisible())
    qtbot.waitExposed(editor)
    QTest.keyClicks(editor.title, "Marcha en Juliaca")
    with qtbot.waitSignal(editor.saved):
        QTest.keyClick(editor.title, Qt.Key.Key_Return)
    assert not editor.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=5_000)
    assert QApplication.focusWidget() is not workspace.search_box

    people = workspace.people
    workspace.show_section(1)
    person_id = records.person(archive)
    people.reload(person_id)
    people.table.setFocus()
    person_editor = workspace.edit_person(person_id)
    qtbot.waitExposed(person_editor)
    QTest.keyClicks(person_editor.community, "Chucuito")
    with qtbot.waitSignal(person_editor.saved):
        person_editor.save()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is people.table, timeout=5_000)
