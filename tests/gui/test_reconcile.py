"""Reconciling in the window: conflicts field by field, possible duplicates, undo."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from tests.unit.conflicts import fork
from willay.core.records import service as records
from willay.core.vault.vault import Vault
from willay.gui.dialogs.resolve_dialog import AGREED_FOREGROUND, ResolveDialog
from willay.gui.settings import AppSettings
from willay.gui.views.duplicates import DuplicatesPage
from willay.gui.views.workspace import DUPLICATES, INBOX, Workspace
from willay.gui.window import MainWindow
from willay.gui.workers import Task

from .helpers import PASSPHRASE, WindowFactory, column_header, table_item, tree_item, unlock

INCIDENT: dict[str, Any] = {
    "title": "Enfrentamiento en el puente", "occurred": {"text": "2023-01-09"},
    "place": {"ubigeo": "211101", "text": "Puente"}, "violations": ["killing"], "killed": 1,
    "injured": 3}


def _prepare(path: Path, work: Any) -> Any:
    vault = Vault.open(path)
    vault.unlock(PASSPHRASE)
    try:
        with vault.session() as session:
            return work(session)
    finally:
        vault.lock()


def _open(qtbot: QtBot, make_window: WindowFactory, path: Path,
          settings: AppSettings) -> Workspace:
    window: MainWindow = make_window(path, settings)
    unlock(qtbot, window)
    assert window.workspace is not None
    return window.workspace


def _resolve_dialog(workspace: Workspace, record_id: str) -> ResolveDialog:
    workspace.show_section(INBOX)
    dialog = workspace.inbox.resolve(record_id)
    assert dialog is not None
    return dialog


def _click(qtbot: QtBot, dialog: ResolveDialog, row: int, column: int) -> None:
    table = dialog.table
    rect = table.visualItemRect(table_item(table, row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _type_result(qtbot: QtBot, dialog: ResolveDialog, row: int, text: str) -> None:
    table = dialog.table
    table.setCurrentCell(row, dialog.result_column)
    table.editItem(table_item(table, row, dialog.result_column))
    (editor,) = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    name = dialog.table.verticalHeaderItem(row).text().removeprefix("● ")
    assert editor.accessibleName() == f"New value of {name}"
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on the next turn of the event loop.
    key = dialog.keys[row]
    qtbot.waitUntil(lambda: dialog.written.get(key) == text)


def test_a_conflict_is_resolved_field_by_field(qtbot: QtBot, make_window: WindowFactory,
                                               locked_vault: Path,
                                               settings: AppSettings) -> None:
    def conflict(session: Any) -> str:
        incident = records.create(session, "incident", INCIDENT)
        fork(session, incident, {"title": "Heridos en el puente", "injured": 7},
             {"title": "Muertos en Juliaca", "injured": 9, "violations": ["killing", "torture"]})
        return incident

    incident = _prepare(locked_vault, conflict)
    workspace = _open(qtbot, make_window, locked_vault, settings)
    dialog = _resolve_dialog(workspace, incident)
    table = dialog.table
    headers = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    assert headers[:4] == ["● Injured", "● Title", "Date", "Place"]
    assert column_header(table, dialog.result_column).text() == "Result"
    # Agreed fields are greyed and already show their combined value.
    violations = headers.index("Violations")
    assert table_item(table, violations, dialog.result_column).text() == \
        "Extrajudicial killing, Torture"
    assert table_item(table, violations, 0).foreground().color() == AGREED_FOREGROUND
    assert table_item(table, 2, dialog.result_column).text() == "2023-01-09"
    theirs = next(c for c, h in enumerate(dialog.heads) if not h.mine)

    _click(qtbot, dialog, 1, theirs)
    assert table_item(table, 1, dialog.result_column).text() == "Muertos en Juliaca"
    assert table_item(table, 1, theirs).text() == "✔ Muertos en Juliaca"
    dialog.save_button.click()
    assert dialog.outcome.text() == "Choose a version or write a value for: Injured."

    _type_result(qtbot, dialog, 0, "muchos")
    assert table_item(table, 0, dialog.result_column).text() == "muchos"
    dialog.save_button.click()
    assert "Injured: Injured must be a whole number" in dialog.outcome.text()
    assert dialog.isVisible()

    _type_result(qtbot, dialog, 0, "8")
    with qtbot.waitSignal(workspace.inbox.resolved):
        dialog.save_button.click()
    assert workspace.inbox.conflicts.topLevelItemCount() == 0
    archive = workspace.controller.archive
    view = archive.record(incident)
    assert view.fields is not None and not view.conflict
    assert view.fields["title"] == "Muertos en Juliaca" and view.fields["injured"] == 8
    assert view.fields["violations"] == ["killing", "torture"]
    merged = archive.changes(incident)[-1]
    assert set(merged.changed) >= {"injured"} and len(view.heads) == 1


def test_deleted_here_edited_there_is_restored_or_kept_deleted(
        qtbot: QtBot, make_window: WindowFactory, locked_vault: Path,
        settings: AppSettings) -> None:
    def conflict(session: Any) -> list[str]:
        made = [records.create(session, "incident", {**INCIDENT, "title": t})
                for t in ("Uno", "Dos")]
        for incident in made:
            fork(session, incident, None, {"injured": 12})
        return made

    restored, deleted = _prepare(locked_vault, conflict)
    workspace = _open(qtbot, make_window, locked_vault, settings)
    dialog = _resolve_dialog(workspace, restored)
    assert dialog.save_button.text() == "&Restore with the result"
    assert not dialog.merge_button.isEnabled()
    assert any(b.text().startswith("Keep deleted") for b in dialog.keep_buttons)
    with qtbot.waitSignal(workspace.inbox.resolved):
        dialog.save_button.click()
    view = workspace.controller.archive.record(restored)
    assert not view.deleted and view.fields is not None and view.fields["injured"] == 12

    dialog = _resolve_dialog(workspace, deleted)
    keep = next(b for b in dialog.keep_buttons if b.text().startswith("Keep deleted"))
    # Another dialog on the same conflict, left open while the first one settles it.
    stale = ResolveDialog(workspace.controller.archive,
                          workspace.inbox.conflict_rows[deleted], workspace)
    with qtbot.waitSignal(workspace.inbox.resolved):
        keep.click()
    assert workspace.controller.archive.record(deleted).deleted
    assert workspace.inbox.conflicts.topLevelItemCount() == 0
    again = ResolveDialog(workspace.controller.archive, stale.conflict, workspace)
    assert "has no conflict to resolve" in again.outcome.text()
    assert not again.save_button.isEnabled() and not again.keep_buttons[0].isEnabled()
    stale.save_button.click()
    assert "has no conflict to resolve" in stale.outcome.text()


def _show_duplicates(qtbot: QtBot, workspace: Workspace) -> DuplicatesPage:
    page = workspace.duplicates
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        workspace.nav.setCurrentRow(DUPLICATES)
    assert workspace.stack.currentWidget() is page
    return page


def test_duplicates_are_linked_dismissed_and_undone(qtbot: QtBot, make_window: WindowFactory,
                                                    locked_vault: Path,
                                                    settings: AppSettings) -> None:
    def fill(session: Any) -> list[str]:
        made = [records.create(session, "incident", INCIDENT),
                records.create(session, "incident", {**INCIDENT, "title": "Muertos en Juliaca",
                                                     "occurred": {"text": "2023-01-10"}})]
        records.create(session, "incident", {**INCIDENT, "title": "Otro distrito",
                                             "place": {"ubigeo": "210101"}})
        for name in ("Rosalía Quispe Ccori", "Rosalia Qhispi", "Juana Mamani"):
            records.create(session, "person", {"full_name": name})
        return made

    incidents = _prepare(locked_vault, fill)
    workspace = _open(qtbot, make_window, locked_vault, settings)
    page = _show_duplicates(qtbot, workspace)
    panel = page.incidents
    assert page.tabs.tabText(0) == "Incidents (1)" and page.tabs.tabText(1) == "People (1)"
    item = tree_item(panel.list, 0)
    assert {item.text(0).split("\n")[0], item.text(1).split("\n")[0]} == {
        "Enfrentamiento en el puente", "Muertos en Juliaca"}
    assert item.text(2).split("\n") == ["same district (Juliaca)", "1 day apart",
                                        "shared: Extrajudicial killing"]

    with qtbot.waitSignal(page.linked):
        panel.same_button.click()
    assert panel.list.topLevelItemCount() == 0 and page.tabs.tabText(0) == "Incidents (0)"
    assert panel.decisions.topLevelItemCount() == 1
    assert tree_item(panel.decisions, 0).text(0) == "Same event"
    assert "counted once" in page.outcome.text()

    panel.decisions.setCurrentItem(tree_item(panel.decisions, 0))
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        panel.undo_button.click()
    assert panel.list.topLevelItemCount() == 1 and panel.decisions.topLevelItemCount() == 0

    page.tabs.setCurrentIndex(1)
    people = page.people
    assert "Quispe ~ Qhispi" in tree_item(people.list, 0).text(2) or \
        "Qhispi ~ Quispe" in tree_item(people.list, 0).text(2)
    people.distinct_button.click()
    assert people.list.topLevelItemCount() == 0
    assert tree_item(people.decisions, 0).text(0) == "Not the same"
    # Looking again does not bring a dismissed pair back.
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        page.refresh_button.click()
    assert people.list.topLevelItemCount() == 0 and panel.list.topLevelItemCount() == 1
    # Linking and dismissing never touch the records themselves.
    for incident in incidents:
        assert len(workspace.controller.archive.changes(incident)) == 1


def test_the_search_shows_progress_can_be_stopped_and_is_not_repeated_for_nothing(
        qtbot: QtBot, make_window: WindowFactory, locked_vault: Path,
        settings: AppSettings) -> None:
    _prepare(locked_vault, lambda session: [
        records.create(session, "incident", INCIDENT),
        records.create(session, "incident", {**INCIDENT, "title": "Muertos en Juliaca",
                                             "occurred": {"text": "2023-01-10"}})])
    workspace = _open(qtbot, make_window, locked_vault, settings)
    heard: list[int] = []
    workspace.controller.workers.submitted.connect(
        lambda task: task.progressed.connect(heard.append) if task.name == "duplicates"
        else None)
    page = _show_duplicates(qtbot, workspace)
    assert heard and heard == sorted(heard) and heard[-1] == 100
    assert not page.progress.isVisible() and not page.cancel_button.isVisible()
    first = page.task

    # Back to the page with nothing changed: the suggestions shown still hold.
    workspace.show_section(INBOX)
    workspace.show_section(DUPLICATES)
    assert page.task is first and page.incidents.list.topLevelItemCount() == 1

    # A record changed: the next visit looks again; this time the search is stopped.
    workspace.show_section(INBOX)
    workspace.controller.archive.save("incident", None, {
        **INCIDENT, "title": "Tercer registro", "occurred": {"text": "2023-01-11"}})
    workspace.controller.notify_changed("incident", "")
    released = threading.Event()
    hold = workspace.controller.workers.submit(
        Task("duplicates", lambda _ctx: released.wait(10), "duplicates"))
    workspace.show_section(DUPLICATES)
    assert page.task is not first and page.progress.isVisible()
    page.cancel_button.click()
    assert page.task is not None
    with qtbot.waitSignal(page.task.ended, timeout=20_000):
        released.set()
    qtbot.waitUntil(lambda: hold.done, timeout=20_000)
    assert "The search for possible duplicates was stopped; nothing was changed." in \
        page.outcome.text()
    assert not page.progress.isVisible()
    assert page.incidents.list.topLevelItemCount() == 1  # what was shown stays
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        workspace.show_section(INBOX)
        workspace.show_section(DUPLICATES)  # stopped, so the next visit looks again
    assert page.incidents.list.topLevelItemCount() == 2  # the new record pairs with the 10th

    # Another process on this vault adds a record: the window was not told, yet the next
    # visit sees that the records changed and looks again.
    _prepare(locked_vault, lambda session: records.create(session, "incident", {
        **INCIDENT, "title": "Desde otra ventana", "occurred": {"text": "2023-01-12"}}))
    with qtbot.waitSignal(page.loaded, timeout=20_000):
        workspace.show_section(INBOX)
        workspace.show_section(DUPLICATES)
    assert page.incidents.list.topLevelItemCount() == 3
