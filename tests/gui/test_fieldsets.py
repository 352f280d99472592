"""The organization's field sets in the window: made, imported, filled in, shown."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
)
from pytestqt.qtbot import QtBot

from tests.fieldset_sample import sample
from tests.unit.test_xlsform import CHOICES, SETTINGS, SURVEY
from tests.xlsx_writer import Cell, write_xlsx
from willay.core.reference.fieldsets import parse
from willay.gui.dialogs.custom_fields import OrganizationFields
from willay.gui.dialogs.fieldset_editor import ENGLISH, KEY, SPANISH, TYPE, FieldSetEditor
from willay.gui.field_names import field_name, learn_organization_labels
from willay.gui.rows import OrganizationValues
from willay.gui.window import MainWindow

from . import records


def _with_sample(window: MainWindow) -> None:
    window.controller.archive.keep_fieldset(parse(sample()))


def _choose(box: object, data: object) -> None:
    assert isinstance(box, QComboBox)
    box.setCurrentIndex(box.findData(data))


def test_the_incident_editor_fills_in_the_organization_fields(qtbot: QtBot,
                                                              window: MainWindow) -> None:
    _with_sample(window)
    workspace = window.workspace
    assert workspace is not None
    editor = workspace.edit_incident(None)
    tabs = editor.findChild(QTabWidget, "editorTabs")
    assert tabs is not None and tabs.tabText(1) == "Registration sheet"
    fields = editor.organization
    assert isinstance(fields, OrganizationFields)
    editor.title.setText("Represión en el puente")
    editor.start.setDate(QDate(2023, 1, 9))
    _choose(fields.inputs["weapon"].widget, "firearm")
    editor.save()
    assert editor.isVisible() and "Police present? is required" in editor.error.text()
    assert window.controller.archive.count_incidents() == 0, "nothing half-written"
    _choose(fields.inputs["police_present"].widget, True)
    fields.inputs["hospital"].set("Hospital Carlos Monge")
    wounded = fields.inputs["wounded"]
    wounded.set([{"name": "Ana Q.", "age": 19, "weapon": "pellets"}])
    with qtbot.waitSignal(editor.saved) as saved:
        editor.save()
    values = window.controller.archive.custom_values(saved.args[0]).values
    assert values == {"weapon": "firearm", "police_present": True,
                      "hospital": "Hospital Carlos Monge",
                      "wounded": [{"name": "Ana Q.", "age": 19, "weapon": "pellets"}]}
    summary = workspace.incidents.detail.summary.toPlainText()
    assert "Registration sheet" in summary and "Type of weapon" in summary
    assert "Firearm" in summary and "Name: Ana Q.; Age: 19; Weapon: Pellets" in summary
    again = workspace.edit_incident(saved.args[0])
    assert again.organization is not None
    assert again.organization.inputs["hospital"].get() == "Hospital Carlos Monge"
    assert not again.dirty, "loading the values is no change"
    again.organization.inputs["hospital"].set("")
    assert again.dirty
    with qtbot.waitSignal(again.saved):
        again.save()
    assert "hospital" not in window.controller.archive.custom_values(saved.args[0]).values


def test_a_person_editor_without_a_field_set_has_no_tabs(window: MainWindow) -> None:
    workspace = window.workspace
    assert workspace is not None
    editor = workspace.edit_person(None)
    assert editor.organization is None and editor.findChild(QTabWidget, "editorTabs") is None


def test_the_draft_kept_at_a_lock_keeps_organization_values(qtbot: QtBot,
                                                           window: MainWindow) -> None:
    _with_sample(window)
    workspace = window.workspace
    assert workspace is not None
    incident = records.incident(window.controller.archive)
    editor = workspace.edit_incident(incident)
    assert editor.organization is not None
    editor.organization.inputs["hospital"].set("Hospital Carlos Monge")
    draft = editor.keep_draft()  # what a lock does; police_present (required) is empty
    assert draft is not None and draft.record_id == incident
    values = window.controller.archive.custom_values(incident).values
    assert values == {"hospital": "Hospital Carlos Monge"}


def test_a_field_set_is_made_retired_and_extended_in_the_editor(qtbot: QtBot,
                                                                window: MainWindow) -> None:
    workspace = window.workspace
    assert workspace is not None
    dialog = workspace.open_fieldsets()
    assert "no field set yet" in dialog.detail.text()
    editor = dialog.open_editor(None)
    editor.set_id.setText("ficha-juliaca")
    editor.title_es.setText("Ficha de Juliaca")
    editor.title_en.setText("Juliaca sheet")
    row = editor.add_field()
    table = editor.table
    _cell(table, row, KEY).setText("weapon")
    _cell(table, row, SPANISH).setText("Tipo de arma")
    _cell(table, row, ENGLISH).setText("Type of weapon")
    _choose(table.cellWidget(row, TYPE), "choose_one")
    editor.choice_text.setPlainText("firearm | Arma de fuego | Firearm\n"
                                    "pellets | Perdigones | Pellets")
    second = editor.add_field()
    _cell(table, second, KEY).setText("hospital")
    _cell(table, second, SPANISH).setText("Hospital")
    _cell(table, second, ENGLISH).setText("Hospital")
    editor.table.setCurrentCell(second, KEY)
    editor.up_button.click()  # the hospital first
    editor.tabs.setCurrentIndex(1)
    preview = editor.findChild(OrganizationFields)
    assert preview is not None and list(preview.inputs) == ["hospital", "weapon"]
    with qtbot.waitSignal(editor.saved):
        editor.save()
    held, in_use = window.controller.archive.fieldsets()
    assert [fs.id for fs in held] == ["ficha-juliaca"] and in_use == "ficha-juliaca"
    assert [c.code for c in held[0].choices("weapon")] == ["firearm", "pellets"]

    dialog.reload("ficha-juliaca")
    nxt = dialog.open_editor(dialog.chosen())
    assert nxt.set_id.isReadOnly() and not table_key_editable(nxt, 0)
    nxt.remove_button.setEnabled(True)
    nxt.table.setCurrentCell(0, KEY)
    nxt.remove_button.click()
    assert "never removed" in nxt.error.text() and nxt.table.rowCount() == 2
    retired = nxt.table.cellWidget(0, 7)
    assert isinstance(retired, QCheckBox)
    retired.setChecked(True)
    added = nxt.add_field()
    _cell(nxt.table, added, KEY).setText("days")
    _cell(nxt.table, added, SPANISH).setText("Días en el hospital")
    _cell(nxt.table, added, ENGLISH).setText("Days in hospital")
    _choose(nxt.table.cellWidget(added, TYPE), "integer")
    nxt.table.setCurrentCell(1, KEY)  # the weapon: its earlier choices are shown
    assert "firearm | Arma de fuego | Firearm" in nxt.choice_text.toPlainText()
    nxt.choice_text.setPlainText("firearm | Arma de fuego (bala) | Firearm\n"
                                 "tear_gas | Gas lacrimógeno | Tear gas")
    with qtbot.waitSignal(nxt.saved):
        nxt.save()
    (kept,), _ = window.controller.archive.fieldsets()
    assert kept.version == 2 and kept.get("hospital").deprecated  # type: ignore[union-attr]
    assert kept.get("days") is not None
    assert [(c.code, c.labels["es"]) for c in kept.choices("weapon")] == [
        ("firearm", "Arma de fuego (bala)"), ("pellets", "Perdigones"),
        ("tear_gas", "Gas lacrimógeno")], "a choice left out of the text is kept"


def table_key_editable(editor: FieldSetEditor, row: int) -> bool:
    """Whether the key of ``row`` can be typed over."""
    from PySide6.QtCore import Qt

    return bool(_cell(editor.table, row, KEY).flags() & Qt.ItemFlag.ItemIsEditable)


def _cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


def test_forms_are_imported_from_files_and_unmapped_questions_asked_about(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    workspace = window.workspace
    assert workspace is not None
    dialog = workspace.open_fieldsets()
    own = tmp_path / "ficha.json"
    own.write_text(json.dumps(sample(), ensure_ascii=False), encoding="utf-8")
    dialog.import_file(own)
    assert "Registration sheet, version 1, kept." in dialog.outcome.text()
    survey: list[list[Cell]] = [*SURVEY, ["image", "photo", "Photo", "Foto"]]
    form = write_xlsx(tmp_path / "encuesta.xlsx",
                      {"survey": survey, "choices": CHOICES, "settings": SETTINGS})
    dialog.import_kind.setCurrentIndex(dialog.import_kind.findData("person"))
    box = dialog.import_file(form)
    assert isinstance(box, QMessageBox) and "photo (row 22, image)" in box.text()
    rest = next(b for b in box.buttons() if "rest" in b.text())
    rest.click()
    qtbot.waitUntil(lambda: "Household survey" in dialog.outcome.text())
    assert "Left out: photo (image)" in dialog.outcome.text()
    held, in_use = window.controller.archive.fieldsets()
    assert {fs.id for fs in held} == {"red-sur-registro", "household-survey"}
    assert in_use == "red-sur-registro", "the first one stays in use"
    dialog.reload("household-survey")
    dialog.use_chosen()
    assert window.controller.archive.fieldsets()[1] == "household-survey"
    written = tmp_path / "copia.json"
    dialog.export_to(written)
    assert json.loads(written.read_text(encoding="utf-8"))["id"] == "household-survey"


def test_the_reports_page_counts_by_a_choice_of_the_organization(qtbot: QtBot,
                                                                 window: MainWindow,
                                                                 tmp_path: Path) -> None:
    _with_sample(window)
    archive = window.controller.archive
    for weapon, killed in (("firearm", 2), ("firearm", 1), ("pellets", 0)):
        incident = records.incident(archive, killed=killed)
        archive.save("incident", incident, {}, OrganizationValues(
            archive.fieldsets()[0][0], {"weapon": weapon, "police_present": True}))
    records.incident(archive, "Sin ficha", killed=5)
    workspace = window.workspace
    assert workspace is not None
    page = workspace.reports
    with qtbot.waitSignal(page.counted, timeout=20_000):
        workspace.show_section(5)
    found = page.dimension.findData("field:red-sur-registro.weapon")
    assert found >= 0 and page.dimension.itemText(found) == "Type of weapon"
    assert page.dimension.findData("field:red-sur-registro.hospital") < 0, "not a choice"
    page.dimension.setCurrentIndex(found)
    rows = [[page.table.item(r, c).text() for c in range(3)]  # type: ignore[union-attr]
            for r in range(page.table.rowCount())]
    assert rows == [["Firearm", "2", "3"], ["Pellets", "1", "0"], ["Not recorded", "1", "5"]]
    with qtbot.waitSignal(page.saved, timeout=20_000):
        page.save_csv(tmp_path / "informe.csv")
    header = (tmp_path / "informe.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.endswith(",weapon,weapon_codes,weapons_seen,weapons_seen_codes,shots,"
                           "distance_m,police_present,police_present_codes,reported_on,"
                           "curfew,district,camera,lawyer,wounded")
    assert "hospital" not in header and "account" not in header, "partners see neither"


def test_a_conflict_names_the_organization_fields_by_their_labels(window: MainWindow) -> None:
    _with_sample(window)
    labels = window.controller.archive.organization_labels("en")
    learn_organization_labels(labels)
    assert field_name("x.weapon") == "Type of weapon" and field_name("sensitivity") == \
        "Who may see it"
    learn_organization_labels({})
    assert field_name("x.weapon") == "weapon", "a set not held here shows the key"
