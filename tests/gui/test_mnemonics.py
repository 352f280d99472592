"""Alt+letter works everywhere: no two visible controls of one window share a letter, and
no letter is accented (hard to type on many keyboards), in Spanish and in English."""

from __future__ import annotations

import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMainWindow,
    QTabBar,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests import postgres
from tests.conftest import HUB_PASSPHRASE, floor_kdf
from tests.fieldset_sample import sample
from tests.photos import photo
from willay.core.reference.fieldsets import parse
from willay.core.vault.hub import Hub
from willay.gui.dialogs.about_dialog import AboutDialog
from willay.gui.dialogs.fieldset_editor import FieldSetEditor
from willay.gui.dialogs.partner_card import PartnerCardDialog
from willay.gui.dialogs.recorder_dialog import RecorderDialog
from willay.gui.dialogs.task_dialog import TaskDialog
from willay.gui.dialogs.transcription import TranscriptionDialog
from willay.gui.dialogs.unsaved import ask_discard
from willay.gui.settings import AppSettings
from willay.gui.views.workspace import Workspace
from willay.gui.window import MainWindow

from . import records
from .helpers import WindowFactory, unlock
from .hub_helpers import address, open_hub

PLAIN = set(string.ascii_lowercase + string.digits)


def mnemonic(text: str) -> str | None:
    """The letter after a single "&" (Qt's mnemonic), lower case; None if there is none."""
    at = 0
    while (at := text.find("&", at)) != -1 and at + 1 < len(text):
        if text[at + 1] == "&":
            at += 2
            continue
        return text[at + 1].lower()
    return None


def _texts(top: QWidget) -> Iterator[str]:
    for widget in top.findChildren(QWidget):
        if widget.window() is not top or not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton) or (
                isinstance(widget, QLabel) and widget.buddy() is not None):
            yield widget.text()
        elif isinstance(widget, QGroupBox):
            yield widget.title()
        elif isinstance(widget, QTabBar):
            yield from (widget.tabText(i) for i in range(widget.count()))
    if isinstance(top, QMainWindow):
        yield from (action.text() for action in top.menuBar().actions() if action.isVisible())


def problems(top: QWidget, where: str) -> list[str]:
    """Duplicated or accented mnemonics among the visible controls of one window."""
    QApplication.processEvents()
    seen: dict[str, str] = {}
    found = []
    for text in _texts(top):
        letter = mnemonic(text)
        if letter is None:
            continue
        if letter not in PLAIN:
            found.append(f"{where}: accented mnemonic in {text!r}")
        if letter in seen:
            found.append(f"{where}: {text!r} and {seen[letter]!r} share Alt+{letter}")
        seen[letter] = text
    return found


def test_the_mnemonic_reader_follows_qt() -> None:
    assert mnemonic("&Guardar") == "g" and mnemonic("Rock && roll") is None
    assert mnemonic("Tom && &Jerry") == "j" and mnemonic("Men&ú") == "ú"


def _walk_workspace(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> list[str]:
    workspace = window.workspace
    assert isinstance(workspace, Workspace)
    archive = window.controller.archive
    archive.keep_fieldset(parse(sample()))  # the editors show the organization's fields
    incident_id = records.incident(archive)
    testimony_id = records.testimony(archive, incident_id, records.person(archive))
    photo(tmp_path / "rostro.jpg")
    task = window.controller.add_files(incident_id, [tmp_path / "rostro.jpg"])
    with qtbot.waitSignal(task.ended, timeout=20_000):
        pass
    media_id = archive.media_page(0, 10)[0].id
    workspace.incidents.reload(incident_id)
    found = []
    for number in range(workspace.nav.count()):
        workspace.show_section(number)
        found += problems(window, f"section {workspace.nav.item(number).text()}")
    workspace.show_section(0)
    tabs = workspace.incidents.detail.tabs
    for number in range(tabs.count()):
        tabs.setCurrentIndex(number)
        found += problems(window, f"incident tab {tabs.tabText(number)}")

    dialogs: list[tuple[str, QWidget]] = [
        ("incident editor", workspace.edit_incident(incident_id)),
        ("new incident", workspace.edit_incident(None)),
        ("person editor", workspace.edit_person(None)),
        ("testimony editor", workspace.edit_testimony(incident_id, "")),
        ("export", workspace.open_export()),
        ("import", workspace.open_import()),
        ("verify", workspace.open_verify()),
        ("settings", window.open_settings()),
        ("about", AboutDialog(window)),
        ("partner card", PartnerCardDialog(archive, archive.own_card(), workspace)),
        ("task", TaskDialog(workspace)),
        ("field sets", workspace.open_fieldsets()),
        ("new field set", FieldSetEditor(archive, None, workspace)),
        ("next field set version", FieldSetEditor(archive, archive.fieldsets()[0][0],
                                                  workspace)),
        ("recorder", RecorderDialog(window.controller, testimony_id, "Rosalía", "",
                                    workspace)),
        ("transcription", TranscriptionDialog(window.controller, testimony_id, "Rosalía",
                                              workspace)),
    ]
    viewer = workspace.open_media(media_id)
    assert viewer.task is not None
    with qtbot.waitSignal(viewer.task.ended, timeout=20_000):
        pass
    dialogs.append(("media viewer", viewer))
    redaction = viewer.open_redaction()
    with qtbot.waitSignal(redaction.load_task.ended, timeout=20_000):
        pass
    dialogs.append(("redaction editor", redaction))
    dialogs.append(("discard question", ask_discard(workspace, lambda: None)))
    for name, dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
        found += problems(dialog, name)
        for tabs in dialog.findChildren(QTabWidget):
            for number in range(1, tabs.count()):  # the organization's fields, a preview
                tabs.setCurrentIndex(number)
                found += problems(dialog, f"{name}, tab {tabs.tabText(number)}")
            tabs.setCurrentIndex(0)
        dialog.hide()
    return found


@pytest.mark.parametrize("language", ["es", "en"])
def test_no_window_repeats_or_accents_a_mnemonic(qtbot: QtBot, make_window: WindowFactory,
                                                 locked_vault: Path, tmp_path: Path,
                                                 settings: AppSettings, language: str) -> None:
    settings.language = language
    fresh = make_window(tmp_path / "empty", settings)
    found = problems(fresh, "start page")
    window = make_window(locked_vault, settings)
    window.unlock_page.forgot.click()
    found += problems(window, "unlock page")
    window.recovery.show_code("7K3M-Q9ZD-H2XW-P8RT-4VNC-YB6E-J1SA-0GFQ")
    window.stack.setCurrentWidget(window.recovery)
    found += problems(window, "recovery code page")
    unlock(qtbot, window)
    found += _walk_workspace(qtbot, window, tmp_path)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("language", ["es", "en"])
def test_no_window_on_a_hub_repeats_or_accents_a_mnemonic(
        qtbot: QtBot, make_window: WindowFactory, cluster: postgres.Cluster, hub: Hub,
        tmp_path: Path, settings: AppSettings, language: str) -> None:
    settings.language = language
    hub.add_coordinator("juan", "la frase de juan, larga también", kdf_params=floor_kdf())
    window = make_window(tmp_path / "no-vault", settings)
    open_hub(qtbot, window, address(cluster, hub), "rosa", HUB_PASSPHRASE)
    workspace = window.workspace
    assert isinstance(workspace, Workspace)
    found = []
    for number in range(workspace.nav.count()):
        workspace.show_section(number)
        found += problems(window, f"hub section {workspace.nav.item(number).text()}")
    workspace.show_section(0)
    coordinators = workspace.open_coordinators()
    qtbot.waitUntil(lambda: coordinators.task is None, timeout=20_000)
    coordinators.select("juan")
    dialogs: list[tuple[str, QWidget]] = [("coordinators", coordinators),
                                          ("add coordinator", coordinators.open_add())]
    question = coordinators.confirm_remove()
    assert question is not None
    dialogs.append(("remove coordinator", question))
    for name, dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
        found += problems(dialog, name)
        dialog.hide()
    window.lock()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.unlock_page)
    found += problems(window, "hub unlock page")
    assert not found, "\n".join(found)
