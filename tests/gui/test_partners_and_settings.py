"""My identity (card, QR, fingerprint), partners, settings, language switch, error dialogs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from willay.core.formats.card import parse_card
from willay.core.keys.kdf import KdfParams
from willay.core.vault.vault import Vault
from willay.gui import i18n
from willay.gui.errors import install_excepthook
from willay.gui.window import MainWindow

from .helpers import tree_item


def test_my_card_can_be_saved_and_is_shown_as_qr_and_fingerprint(window: MainWindow,
                                                                 tmp_path: Path) -> None:
    workspace = window.workspace
    assert workspace is not None
    workspace.show_section(3)
    identity = workspace.partners.identity
    assert not identity.qr.pixmap().isNull()
    labels = [label.text() for label in identity.findChildren(QLabel)]
    grouped = identity.card.fingerprint.split()
    assert " ".join(grouped[:4]) + "\n" + " ".join(grouped[4:]) in labels
    target = tmp_path / "mi-tarjeta.json"
    identity.save_card(target)
    card = parse_card(target.read_bytes(), "card")
    assert card.fingerprint == identity.card.fingerprint
    assert json.loads(target.read_bytes())["name"] == "Rosa Huamán"


def test_a_partner_card_is_added_and_marked_checked(qtbot: QtBot, window: MainWindow,
                                                    tmp_path: Path, fast_kdf: KdfParams) -> None:
    other, _code = Vault.create(tmp_path / "other", "otra frase muy larga", "Juan Mamani",
                                "Coordinadora Aymara", kdf_params=fast_kdf)
    from willay.core.vault.identity import own_card

    with other.session() as session:
        card_bytes = own_card(session).to_bytes()
    other.lock()
    card_file = tmp_path / "juan.json"
    card_file.write_bytes(card_bytes)
    workspace = window.workspace
    assert workspace is not None
    tab = workspace.partners.partners
    assert tab.empty.isVisibleTo(tab)
    dialog = tab.add_card_file(card_file)
    assert dialog is not None
    dialog.profile.setCurrentIndex(dialog.profile.findData("anonymized"))
    with qtbot.waitSignal(dialog.added):
        dialog.add_button.click()
    assert tab.list.topLevelItemCount() == 1
    item = tree_item(tab.list, 0)
    assert item.text(0) == "Juan Mamani" and item.text(5) == "Not yet"
    tab.list.setCurrentItem(item)
    tab.mark_selected()
    assert tree_item(tab.list, 0).text(5) == "Yes"

    again = tab.add_card_file(card_file)
    assert again is not None
    again.save()
    assert "already a partner" in again.error.text()
    again.close()

    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    assert tab.add_card_file(bad) is None
    boxes = [b for b in tab.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "not a Willay card" in boxes[-1].text()
    boxes[-1].close()


def test_settings_switch_language_and_autolock(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.open_settings()
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    dialog.autolock.setValue(3)
    with qtbot.waitSignal(window.language_changed):
        dialog.save()
    assert window.controller.settings.language == "es"
    assert window.controller.settings.autolock_minutes == 3
    assert window.idle.timer.interval() == 180_000 and window.idle.timer.isActive()
    workspace = window.workspace
    assert workspace is not None and window.controller.is_unlocked
    assert workspace.nav.item(0).text() == "Hechos"
    assert workspace.lock_button.text() == "Bloq&uear"
    window.retranslate("en")
    assert i18n.current_language() == "en"
    assert window.workspace is not None and window.workspace.nav.item(0).text() == "Incidents"


def test_an_unexpected_error_shows_a_dialog_without_details(qtbot: QtBot,
                                                            window: MainWindow) -> None:
    old = sys.excepthook
    install_excepthook()
    try:
        window.activateWindow()
        error = RuntimeError("Rosalía Quispe said secret things")
        sys.excepthook(RuntimeError, error, None)
    finally:
        sys.excepthook = old
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes
    assert "Rosalía" not in boxes[-1].text() and "Something went wrong" in boxes[-1].text()
    boxes[-1].close()
