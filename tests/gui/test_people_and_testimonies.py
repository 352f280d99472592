"""The person and testimony editors, consent made prominent, links shown on the incident."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from willay.gui.window import MainWindow

from . import records


def test_a_person_and_their_testimony_appear_on_the_incident(qtbot: QtBot,
                                                             window: MainWindow) -> None:
    archive = window.controller.archive
    incident_id = records.incident(archive)
    workspace = window.workspace
    assert workspace is not None
    workspace.incidents.reload(incident_id)

    editor = workspace.edit_testimony(incident_id, "")
    assert "Añashuayco" in editor.about.text()
    editor.save()
    assert "witness" in editor.error.text()

    editor.new_witness.click()
    person_editor = editor.findChild(type(workspace.edit_person(None)), "personEditor")
    assert person_editor is not None
    person_editor.full_name.setText("Rosalía Quispe Ccori")
    person_editor.pseudonym.setText("T-01")
    person_editor.languages.set_codes(["qu", "es"])
    person_editor.consent.set_scope("partners")
    with qtbot.waitSignal(person_editor.saved) as saved:
        person_editor.save()
    person_id = saved.args[0]
    assert editor.witness.currentData() == person_id

    editor.consent.set_scope("legal")
    banner = editor.consent.banner.text()
    assert "prosecutors" in banner
    editor.language.setCurrentIndex(editor.language.findData("qu"))
    editor.transcript.setPlainText("Chay p'unchawmi policía disparó chakapi.")
    editor.translation.setPlainText("Ese día la policía disparó en el puente.")
    editor.recorded.setText("2023-01-12")
    with qtbot.waitSignal(editor.saved):
        editor.save()

    detail = workspace.incidents.detail
    assert detail.testimonies.count() == 1
    assert "T-01" in detail.testimonies.item(0).text()
    assert "Legal use" in detail.testimonies.item(0).text()
    assert detail.people.count() == 1 and "Rosalía" in detail.people.item(0).text()

    workspace.open_person(person_id)
    people = workspace.people
    assert "Quechua" in people.detail.toPlainText()
    assert people.testimonies.count() == 1
    edit = workspace.edit_person(person_id)
    assert edit.pseudonym.text() == "T-01" and edit.consent.scope() == "partners"


def test_consent_banner_explains_each_scope(window: MainWindow) -> None:
    workspace = window.workspace
    assert workspace is not None
    editor = workspace.edit_person(None)
    texts = set()
    for scope in ("internal", "partners", "legal", "public"):
        editor.consent.set_scope(scope)
        assert editor.consent.scope() == scope
        texts.add(editor.consent.banner.text())
    assert len(texts) == 4
