"""The window speaks a documenter's words, shows times in the local zone, and says how
things went: search counts, files added, a passphrase reset, errors put right."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCharts import QBarCategoryAxis
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.photos import photo
from willay.core.i18n import number
from willay.core.keys.kdf import KdfParams
from willay.core.records.queries import Change
from willay.core.vault.vault import Vault
from willay.gui import i18n
from willay.gui.labels import media_type, stamp
from willay.gui.settings import AppSettings
from willay.gui.views import search as search_view
from willay.gui.views.workspace import REPORTS
from willay.gui.window import MainWindow
from willay.pdf.charts import short

from . import records
from .helpers import PASSPHRASE, WindowFactory, table_item, tree_item, unlock

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "willay_es.ts"
# Jargon a documenter should never meet, in either language; JSON as a word (a file
# pattern such as "*.json" is what the file dialog needs).
JARGON = re.compile(r"stanza|age file|archivo age|chunk|manifest", re.IGNORECASE)
JSON_WORD = re.compile(r"\bJSON\b")
# Spanish words replaced by the one name the window uses for each thing.
REJECTED_ES = re.compile(r"muert|perpetrador|censur", re.IGNORECASE)


def _catalog() -> list[tuple[str, str]]:
    root = ET.parse(TS).getroot()  # noqa: S314 - our own file
    return [(m.findtext("source") or "", m.findtext("translation") or "")
            for m in root.iter("message")]


def test_the_window_never_speaks_jargon_and_uses_one_spanish_name_per_thing() -> None:
    problems = []
    for source, spanish in _catalog():
        plain = spanish.replace("&", "")
        if any(pattern.search(text) for pattern in (JARGON, JSON_WORD)
               for text in (source, plain)):
            problems.append(f"jargon: {source!r} / {spanish!r}")
        if REJECTED_ES.search(plain):
            problems.append(f"rejected word: {spanish!r}")
    assert not problems, problems
    words = {translation for _source, translation in _catalog()}
    assert "Fallecidos" in words and "Presuntos responsables" in words
    assert any("partes ocultas" in text for text in words)


def test_media_types_are_named_as_a_documenter_knows_them(qapp: QApplication) -> None:
    i18n.install("es")
    try:
        assert [media_type(m) for m in ("image/jpeg", "audio/x-wav", "video/mp4",
                                        "application/pdf")] == [
            "Foto JPEG", "Audio WAV", "Video MP4", "Documento PDF"]
    finally:
        i18n.install("en")
    assert media_type("image/jpeg") == "JPEG photo"
    assert media_type("audio/wav") == "WAV audio"
    assert media_type("audio/mpeg") == "MP3 audio"
    assert media_type("") == "File"


def test_times_show_in_the_local_zone_with_its_offset(lima: None, qapp: QApplication) -> None:
    assert stamp("2023-01-09T19:05:00Z") == "9 Jan 2023 14:05 (UTC−5)"
    assert stamp("2023-01-09T19:05:00+00:00", exact=False) == "9 Jan 2023 14:05"
    assert stamp("2023-01-01T02:30:00Z") == "31 Dec 2022 21:30 (UTC−5)"
    i18n.install("es")
    try:
        assert stamp("2023-01-09T19:05:00Z") == "9 ene 2023 14:05 (UTC−5)"
    finally:
        i18n.install("en")


def test_history_and_custody_show_local_times_field_labels_and_people(
        lima: None, window: MainWindow) -> None:
    archive = window.controller.archive
    incident_id = records.incident(archive)
    fields = archive.record(incident_id).fields
    assert fields is not None
    archive.save("incident", incident_id, {**fields, "killed": 19})
    assert window.workspace is not None
    detail = window.workspace.incidents.detail
    detail.show_incident(incident_id)
    changes = archive.changes(incident_id)
    newest = tree_item(detail.history, len(changes) - 1)
    assert newest.text(0) == stamp(changes[-1].time)
    assert newest.text(0).endswith("(UTC−5)")
    assert "Killed" in newest.text(3) and "killed" not in newest.text(3)
    assert newest.text(1) == "Rosa Huamán (this vault)"
    event = tree_item(detail.custody, 0)
    assert event.text(0).endswith("(UTC−5)")
    assert event.text(0) == stamp(archive.custody([incident_id])[0].time)

    stranger = Change("r1", "2023-01-09T19:05:00Z", "a1b2c3d4e5f6a7b8", ("title",), False)
    assert detail.author_text(stranger) == "Unknown (fingerprint a1b2c3d4e5f6…)"


def test_search_counts_loads_more_names_by_pseudonym_and_says_what_to_try(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_view, "PAGE", 2)
    archive = window.controller.archive
    for place in ("puente", "plaza", "mercado"):
        records.incident(archive, title=f"Disparos en el {place} de Juliaca")
    records.person(archive, name="Rosalía Quispe Ccori", pseudonym="T-01")
    assert window.workspace is not None
    page = window.workspace.search

    page.search_for("Juliaca")
    assert page.results.topLevelItemCount() == 2
    assert page.summary.text() == "2 of 3 results"
    assert not page.more_button.isHidden()
    page.more_button.click()
    assert page.results.topLevelItemCount() == 3
    assert page.summary.text() == "3 results" and page.more_button.isHidden()

    page.query.clear()
    assert page.summary.text() == ""

    page.search_for("Rosalía")
    assert tree_item(page.results, 0).text(1) == "T-01"
    assert "Rosalía" not in tree_item(page.results, 0).text(1)

    page.search_for("Ayacucho")
    assert page.results.topLevelItemCount() == 0
    assert page.summary.text() == "Nothing found. Try fewer words, or words without accents."


def test_search_numbers_are_grouped_the_spanish_way(window: MainWindow) -> None:
    assert window.workspace is not None
    page = window.workspace.search
    assert page.count_text(200, 1234) == "200 of 1,234 results"
    i18n.install("es")
    try:
        assert number(1234) == "1.234"
        assert page.count_text(200, 1234) == "200 de 1.234 resultados"
        assert page.count_text(0, 0) == "No se encontró nada. Pruebe con menos palabras o sin " \
                                        "tildes."
    finally:
        i18n.install("en")


def test_adding_files_is_confirmed(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    incident_id = records.incident(window.controller.archive)
    workspace = window.workspace
    assert workspace is not None
    files = [tmp_path / "herida.jpg", tmp_path / "casquillos.jpg", tmp_path / "puente.jpg"]
    for path in files:
        photo(path, description=path.stem)
    intake = workspace.add_files(incident_id, files)
    assert intake is not None
    with qtbot.waitSignal(intake.finished, timeout=20_000):
        pass
    assert workspace.notice.isVisible()
    assert workspace.notice.text() == "3 files added."
    workspace.notice_done.click()
    assert not workspace.notice_row.isVisible()


def test_purge_is_not_offered_with_nothing_to_purge(window: MainWindow) -> None:
    assert window.workspace is not None
    inbox = window.workspace.inbox
    inbox.reload()
    assert window.controller.archive.purgeable() == (0, 0)
    assert inbox.purge_button.isHidden()


def test_errors_under_inputs_clear_once_put_right(
        qtbot: QtBot, make_window: WindowFactory, locked_vault: Path,
        settings: AppSettings) -> None:
    window = make_window(locked_vault, settings)
    page = window.unlock_page
    page.unlock_button.click()
    assert page.error.isVisible() and page.error.text() == "Type the passphrase."
    page.passphrase.setText("l")
    assert not page.error.isVisible()

    page.forgot.click()
    page.new_passphrase.setText("una frase nueva y larga")
    page.new_repeat.setText("una frase nueva")
    page.recover_button.click()
    assert page.recover_error.isVisible()
    page.new_repeat.setText("una frase nueva y larg")
    assert page.recover_error.isVisible()  # still not the same
    page.new_repeat.setText("una frase nueva y larga")
    assert not page.recover_error.isVisible()


def test_a_passphrase_reset_is_confirmed(qtbot: QtBot, make_window: WindowFactory,
                                         tmp_path: Path, fast_kdf: KdfParams,
                                         settings: AppSettings) -> None:
    vault, code = Vault.create(tmp_path / "vault", PASSPHRASE, "Rosa", "Red Sur",
                               kdf_params=fast_kdf)
    vault.lock()
    window = make_window(tmp_path / "vault", settings)
    page = window.unlock_page
    page.forgot.click()
    page.code.setText(code)
    page.new_passphrase.setText(PASSPHRASE + " nueva")
    page.new_repeat.setText(PASSPHRASE + " nueva")
    with qtbot.waitSignal(page.passphrase_reset, timeout=20_000):
        page.recover_button.click()
    qtbot.waitUntil(lambda: window.workspace is not None
                    and window.workspace.notice.isVisible(), timeout=20_000)
    assert window.workspace is not None
    assert "new passphrase is set" in window.workspace.notice.text()


def test_the_reports_chart_shows_the_not_recorded_row_of_the_table(
        qtbot: QtBot, window: MainWindow) -> None:
    archive = window.controller.archive
    records.incident(archive)
    archive.save("incident", None, {"title": "Heridos en Ilave", "occurred": {"text": "2023-01-07"},
                                    "place": {"ubigeo": "210401"}, "killed": 2, "injured": 5})
    assert window.workspace is not None
    page = window.workspace.reports
    with qtbot.waitSignal(page.counted, timeout=20_000):
        window.workspace.show_section(REPORTS)
    page.dimension.setCurrentIndex(page.dimension.findData("perpetrator"))
    shown = {table_item(page.table, row, 0).text() for row in range(page.table.rowCount())}
    assert "Not recorded" in shown
    chart = page.chart_view.chart()
    axes = [axis for axis in chart.axes() if isinstance(axis, QBarCategoryAxis)]
    assert axes and set(axes[0].categories()) == {short(label) for label in shown}


@pytest.mark.parametrize("language", ["es", "en"])
def test_at_1366_by_768_the_incident_list_shows_every_column_without_scrolling(
        qtbot: QtBot, make_window: WindowFactory, locked_vault: Path, settings: AppSettings,
        language: str) -> None:
    settings.language = language
    window = make_window(locked_vault, settings)
    unlock(qtbot, window)
    records.incident(window.controller.archive)
    window.resize(1366, 768)
    assert window.workspace is not None
    page = window.workspace.incidents
    page.reload()
    qtbot.wait(50)
    table = page.table
    columns = sum(table.columnWidth(c) for c in range(page.model.columnCount()))
    assert table.viewport().width() >= columns
    assert not table.horizontalScrollBar().isVisible()
    assert table.columnWidth(1) >= 170  # titles readable
    # The detail pane gives way, but no further than its tabs and buttons shown whole.
    detail = page.detail
    assert detail.tabs.tabBar().width() >= detail.tabs.tabBar().sizeHint().width()
    for button in (detail.edit_button, detail.testimony_button, detail.files_button,
                   detail.package_button):
        assert button.width() >= button.sizeHint().width(), button.text()
    right_of_list = table.mapTo(window, table.rect().topRight()).x()
    assert right_of_list < detail.mapTo(window, detail.rect().topLeft()).x()


@pytest.mark.parametrize("language", ["es", "en"])
def test_every_language_a_person_speaks_is_readable_whole(
        qtbot: QtBot, make_window: WindowFactory, locked_vault: Path, settings: AppSettings,
        language: str) -> None:
    settings.language = language
    window = make_window(locked_vault, settings)
    unlock(qtbot, window)
    assert window.workspace is not None
    editor = window.workspace.edit_person(None)
    qtbot.wait(50)
    languages = editor.languages
    assert languages.count() > 10
    assert not languages.horizontalScrollBar().isVisible()
    assert languages.viewport().width() >= languages.sizeHintForColumn(0) > 0
    editor.reject()


def test_the_counts_above_the_lists_are_grouped_as_spanish_writes_them(
        qtbot: QtBot, make_window: WindowFactory, locked_vault: Path, settings: AppSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    settings.language = "es"
    window = make_window(locked_vault, settings)
    unlock(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    monkeypatch.setattr(workspace.incidents.model, "rowCount", lambda *_a: 12345)
    workspace.incidents.reload()
    monkeypatch.setattr(window.controller.archive, "count_media", lambda *_a: 1234)
    workspace.media.reload()
    assert workspace.incidents.count_label.text() == "Hechos: 12.345"
    assert workspace.media.count_label.text() == "Elementos: 1.234"
