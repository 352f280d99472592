"""The incident list (paged), the editor with every field, detail, history and search."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from willay.gui.models.paged import PAGE_SIZE
from willay.gui.window import MainWindow

from . import records
from .helpers import tree_item


def test_the_editor_saves_every_field_and_the_detail_shows_them(qtbot: QtBot,
                                                                window: MainWindow) -> None:
    workspace = window.workspace
    assert workspace is not None
    editor = workspace.edit_incident(None)
    editor.title.setText("Represión en la plaza de Juliaca")
    editor.start.setDate(QDate(2023, 1, 9))
    editor.has_end.setChecked(True)
    editor.end.setDate(QDate(2023, 1, 10))
    editor.district.setText("JULIACA")
    editor.district._suggest("juliaca")  # what typing does (textEdited)
    offered = editor.district.suggestions()
    assert offered and offered[0].startswith("Juliaca, San Román, Puno")
    editor.district.choose(offered[0])
    assert editor.district.ubigeo == "211101"
    editor.place_text.setText("Plaza de Armas")
    editor.latitude.setText("-15.4997")
    editor.longitude.setText("-70.1333")
    editor.violations.set_codes(["killing", "arbitrary_detention"])
    editor.perpetrators.set_codes(["pnp"])
    editor.killed.setValue(2)
    editor.injured.setValue(30)
    editor.detained.setValue(5)
    editor.narrative.setPlainText("Los efectivos dispararon desde el puente.")
    editor.status.setCurrentIndex(editor.status.findData("reviewed"))
    with qtbot.waitSignal(editor.saved) as saved:
        editor.buttons.button(editor.buttons.StandardButton.Save).click()
    incident_id = saved.args[0]
    fields = window.controller.archive.record(incident_id).fields
    assert fields is not None
    assert fields["occurred"] == {"start": "2023-01-09", "end": "2023-01-10",
                                  "precision": "day"}
    assert fields["place"] == {"ubigeo": "211101", "text": "Plaza de Armas",
                               "latitude": "-15.4997", "longitude": "-70.1333"}
    assert fields["violations"] == ["arbitrary_detention", "killing"]
    assert (fields["killed"], fields["injured"], fields["detained"]) == (2, 30, 5)
    assert fields["status"] == "reviewed"

    page = workspace.incidents
    assert page.model.rowCount() == 1
    assert page.detail.incident_id == incident_id
    summary = page.detail.summary.toPlainText()
    assert "Represión en la plaza de Juliaca" in summary and "Juliaca, San Román, Puno" in summary
    assert "Extrajudicial killing" in summary

    again = workspace.edit_incident(incident_id)
    assert again.district.ubigeo == "211101" and again.killed.value() == 2
    again.killed.setValue(3)
    with qtbot.waitSignal(again.saved):
        again.save()
    history = page.detail.history
    assert history.topLevelItemCount() == 2
    assert tree_item(history, 1).text(3) == "Killed"  # the field's label, not its key
    assert tree_item(history, 1).text(2) == "Checked"
    assert tree_item(history, 1).text(1).endswith("(this vault)")
    assert page.detail.custody.topLevelItemCount() == 2


def test_a_refused_incident_says_why_and_keeps_the_editor_open(window: MainWindow) -> None:
    workspace = window.workspace
    assert workspace is not None
    editor = workspace.edit_incident(None)
    editor.save()
    assert editor.isVisible() and "Title must not be empty" in editor.error.text()
    editor.title.setText("Sin distrito")
    editor.district.setText("lugar que no está en la lista")
    editor.save()
    assert editor.isVisible() and "district" in editor.error.text()


def test_month_precision_is_kept(qtbot: QtBot, window: MainWindow) -> None:
    workspace = window.workspace
    assert workspace is not None
    editor = workspace.edit_incident(None)
    editor.title.setText("Amenazas en Ayaviri")
    editor.precision.setCurrentIndex(editor.precision.findData("month"))
    editor.start.setDate(QDate(2022, 12, 15))
    with qtbot.waitSignal(editor.saved) as saved:
        editor.save()
    fields = window.controller.archive.record(saved.args[0]).fields
    assert fields is not None and fields["occurred"]["precision"] == "month"
    assert fields["occurred"]["start"] == "2022-12-01"


def test_the_list_reads_pages_only_as_needed(window: MainWindow) -> None:
    archive = window.controller.archive
    for number in range(PAGE_SIZE + 20):
        records.incident(archive, f"Incidente {number:04d}")
    workspace = window.workspace
    assert workspace is not None
    page = workspace.incidents
    page.reload()
    model = page.model
    assert model.rowCount() == PAGE_SIZE + 20
    assert model.loaded_rows <= PAGE_SIZE
    last = model.index(model.rowCount() - 1, 1)
    assert str(model.data(last)).startswith("Incidente")
    assert model.pages_read == 2
    assert page.count_label.text() == "Incidents: 220"


def test_search_finds_by_words_and_filters(qtbot: QtBot, window: MainWindow) -> None:
    archive = window.controller.archive
    puno = records.incident(archive)
    records.incident(archive, "Detenciones en Andahuaylas", place={"ubigeo": "030201"},
                     violations=["arbitrary_detention"], occurred={"text": "2022-12-11"})
    workspace = window.workspace
    assert workspace is not None
    qtbot.keyClick(workspace, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    workspace.search_box.setText("añashuayco")
    qtbot.keyClick(workspace.search_box, Qt.Key.Key_Return)
    search = workspace.search
    assert workspace.stack.currentWidget() is search
    assert search.results.topLevelItemCount() == 1
    assert "Añashuayco" in tree_item(search.results, 0).text(1)

    search.query.setText("")
    search.department.setCurrentIndex(search.department.findData("03"))
    search.run()
    assert search.results.topLevelItemCount() == 1
    assert "Andahuaylas" in tree_item(search.results, 0).text(1)
    search.clear_filters()
    search.date_from.setText("2023-01")
    search.violation.setCurrentIndex(search.violation.findData("killing"))
    search.run()
    assert search.results.topLevelItemCount() == 1
    item = tree_item(search.results, 0)
    search.results.itemActivated.emit(item, 0)
    assert workspace.stack.currentWidget() is workspace.incidents
    assert workspace.incidents.detail.incident_id == puno
    search.date_from.setText("enero")
    search.run()
    assert not search.error.isHidden() and "not a date" in search.error.text()


def test_a_header_click_sorts_the_whole_list(qtbot: QtBot, window: MainWindow) -> None:
    archive = window.controller.archive
    for number in range(PAGE_SIZE + 5):
        records.incident(archive, f"Incidente {number:03d}", killed=number % 7,
                         occurred={"text": f"2022-{number % 12 + 1:02d}-01"})
    records.incident(archive, "Zona de la última fila", killed=99)
    workspace = window.workspace
    assert workspace is not None
    page = workspace.incidents
    page.model.reload()
    header = page.table.horizontalHeader()

    header.setSortIndicator(3, Qt.SortOrder.DescendingOrder)  # Killed, most first
    assert page.model.data(page.model.index(0, 1)) == "Zona de la última fila"
    header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # Title, A to Z
    assert page.model.data(page.model.index(0, 1)) == "Incidente 000"
    last = page.model.rowCount() - 1
    assert page.model.data(page.model.index(last, 1)) == "Zona de la última fila"
    assert page.model.pages_read >= 2  # the end was read from the vault, not sorted in a page

    header.setSortIndicator(2, Qt.SortOrder.AscendingOrder)  # Place cannot sort the list
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        1, Qt.SortOrder.AscendingOrder)
    assert page.model.data(page.model.index(0, 1)) == "Incidente 000"
