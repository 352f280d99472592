"""A partner's card replaced or the partner removed from the Partners page; fingerprints shown."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot
from sqlmodel import select

from willay.core.keys.kdf import KdfParams
from willay.core.vault.identity import own_card
from willay.core.vault.models import CustodyEvent
from willay.core.vault.vault import Vault
from willay.gui.views.partners import PartnersTab
from willay.gui.window import MainWindow

from .helpers import tree_item


def _card_file(tmp_path: Path, folder: str, fast_kdf: KdfParams) -> tuple[Path, str]:
    """A vault of Juan Mamani's (a new one each call) and its card file."""
    other, _code = Vault.create(tmp_path / folder, "otra frase muy larga", "Juan Mamani",
                                "Coordinadora Aymara", kdf_params=fast_kdf)
    with other.session() as session:
        card = own_card(session)
    other.lock()
    path = tmp_path / f"{folder}.json"
    path.write_bytes(card.to_bytes())
    return path, card.fingerprint


def _tab(window: MainWindow) -> PartnersTab:
    workspace = window.workspace
    assert workspace is not None
    workspace.show_section(3)
    return workspace.partners.partners


def _custody_actions(window: MainWindow) -> list[str]:
    vault = window.controller._vault
    assert vault is not None
    with vault.session() as session:
        return [e.action for e in session.exec(select(CustodyEvent)).all()]


def test_a_partner_with_a_new_card_is_replaced_and_told_apart_by_fingerprint(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, fast_kdf: KdfParams) -> None:
    first, old_fingerprint = _card_file(tmp_path, "juan", fast_kdf)
    second, new_fingerprint = _card_file(tmp_path, "juan-nuevo", fast_kdf)
    tab = _tab(window)
    added = tab.add_card_file(first)
    assert added is not None
    added.verified.setChecked(True)
    with qtbot.waitSignal(added.added):
        added.add_button.click()

    same_name = tab.add_card_file(second)
    assert same_name is not None
    same_name.save()
    assert "already called 'Juan Mamani'" in same_name.error.text()
    assert "Replace card" in same_name.error.text()
    # The message takes room of its own: the fingerprint above it stays whole.
    qtbot.wait(20)
    fingerprint = same_name.findChild(QLabel, "fingerprint")
    assert fingerprint is not None and fingerprint.height() >= fingerprint.sizeHint().height()
    below = same_name.verified.mapTo(same_name, same_name.verified.rect().topLeft()).y()
    assert fingerprint.mapTo(same_name, fingerprint.rect().bottomLeft()).y() < below
    assert same_name.error.isVisible() and same_name.height() >= same_name.sizeHint().height()
    same_name.close()

    assert not tab.replace_button.isEnabled()
    tab.list.setCurrentItem(tree_item(tab.list, 0))
    assert tab.replace_button.isEnabled() and tab.remove_button.isEnabled()
    dialog = tab.replace_card_file(second)
    assert dialog is not None
    assert dialog.windowTitle() == "Replace a partner's card"
    assert dialog.add_button.text() == "&Replace card"
    dialog.verified.setChecked(True)
    with qtbot.waitSignal(dialog.added) as done:
        dialog.add_button.click()
    assert done.args == [new_fingerprint]

    assert tab.list.topLevelItemCount() == 1
    row = tree_item(tab.list, 0)
    assert (row.text(0), row.text(2), row.text(5)) == ("Juan Mamani", new_fingerprint, "Yes")
    assert "partner_replaced" in _custody_actions(window)

    workspace = window.workspace
    assert workspace is not None
    export = workspace.open_export(new_fingerprint)
    assert export.partners.headerItem().text(2) == "Fingerprint"
    shown = [tree_item(export.partners, n) for n in range(export.partners.topLevelItemCount())]
    assert [(r.text(0), r.text(2)) for r in shown] == [("Juan Mamani", new_fingerprint)]
    assert old_fingerprint not in json.dumps([r.text(2) for r in shown])
    assert [p.fingerprint for p in export.chosen()] == [new_fingerprint]
    export.close()


def test_a_partner_is_removed_after_a_question(qtbot: QtBot, window: MainWindow,
                                               tmp_path: Path, fast_kdf: KdfParams) -> None:
    card, fingerprint = _card_file(tmp_path, "juan", fast_kdf)
    tab = _tab(window)
    added = tab.add_card_file(card)
    assert added is not None
    with qtbot.waitSignal(added.added):
        added.add_button.click()
    tab.list.setCurrentItem(tree_item(tab.list, 0))

    asked = tab.confirm_remove()
    assert asked is not None and fingerprint in asked.text()
    assert asked.defaultButton() is asked.button(QMessageBox.StandardButton.Cancel)
    asked.button(QMessageBox.StandardButton.Cancel).click()
    assert tab.list.topLevelItemCount() == 1

    box = tab.confirm_remove()
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    assert tab.list.topLevelItemCount() == 0 and tab.empty.isVisibleTo(tab)
    assert not tab.export_button.isEnabled()
    assert "partner_removed" in _custody_actions(window)
