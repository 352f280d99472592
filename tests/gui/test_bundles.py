"""Export, import, refusals, cancel, the inbox, conflicts, receipts and purge, in the window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlmodel import select

from tests.photos import photo
from tests.sync.conftest import introduce, make_vault
from willay.core.formats.card import Card
from willay.core.records import service as records
from willay.core.sharing import delivery
from willay.core.sharing import receive as sync_import
from willay.core.sharing import send as sync_export
from willay.core.sharing.partners import add_partner
from willay.core.vault.identity import own_card
from willay.core.vault.models import Delivery
from willay.core.vault.vault import Vault
from willay.gui.dialogs.import_dialog import CONFLICTS_LINK, ImportDialog
from willay.gui.settings import AppSettings
from willay.gui.views.inbox import ID_ROLE
from willay.gui.views.workspace import INBOX, Workspace
from willay.gui.window import MainWindow

from . import records as make
from .helpers import PASSPHRASE, WindowFactory, column_header, table_item, tree_item, unlock

INCIDENT = {"title": "Bloqueo en la carretera a Ilave", "occurred": {"text": "2023-01-20"},
            "place": {"ubigeo": "210401", "text": "Carretera"}, "violations": ["killing"],
            "killed": 1, "injured": 3}


@pytest.fixture
def partner(tmp_path: Path, locked_vault: Path) -> Iterator[Vault]:
    """The coordinator's vault; it and the window's vault hold each other's cards."""
    other = make_vault(tmp_path / "coordinator", "Coordinadora")
    mine = Vault.open(locked_vault)
    mine.unlock(PASSPHRASE)
    introduce(mine, other)
    mine.lock()
    yield other
    other.lock()


@pytest.fixture
def win(qtbot: QtBot, partner: Vault, make_window: WindowFactory, locked_vault: Path,
        settings: AppSettings) -> MainWindow:
    """The window over the documenter's vault, unlocked, with the coordinator as partner."""
    window = make_window(locked_vault, settings)
    unlock(qtbot, window)
    return window


def _workspace(window: MainWindow) -> Workspace:
    assert window.workspace is not None
    return window.workspace


def _import(qtbot: QtBot, window: MainWindow, path: Path) -> ImportDialog:
    dialog = _workspace(window).open_import(path)
    assert dialog.task is not None
    with qtbot.waitSignal(dialog.task.ended, timeout=30_000):
        pass
    return dialog


def _from_partner(partner: Vault, path: Path, **fields: object) -> Path:
    with partner.session() as session:
        records.create(session, "incident", {**INCIDENT, **fields})
    sync_export.export_bundle(partner, ["Rosa Huamán"], path)
    return path


def test_export_from_the_window_is_imported_by_the_partner(qtbot: QtBot, win: MainWindow,
                                                           partner: Vault,
                                                           tmp_path: Path) -> None:
    workspace = _workspace(win)
    archive = win.controller.archive
    incident = make.incident(archive)
    make.person(archive)
    archive.save("person", None, {"full_name": "Reservada", "consent": "internal"})
    photo(tmp_path / "herida.jpg")
    intake = workspace.add_files(incident, [tmp_path / "herida.jpg"])
    assert intake is not None
    with qtbot.waitSignal(intake.finished, timeout=30_000):
        pass

    workspace.show_section(3)
    tab = workspace.partners.partners
    tab.list.setCurrentItem(tree_item(tab.list, 0))
    with qtbot.waitSignal(tab.export_requested) as asked:
        tab.export_button.click()
    dialog = workspace.open_export(asked.args[0])
    assert [p.name for p in dialog.chosen()] == ["Coordinadora"]
    assert not dialog.unchecked_warning.isVisible()
    assert dialog.file.text().endswith(".willay") and "willay-coordinadora-" in dialog.file.text()
    target = tmp_path / "para-coordinadora.willay"
    dialog.file.setText(str(target))
    task = dialog.start()
    assert task is not None
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        pass
    text = dialog.outcome.text()
    assert "Bundle for Coordinadora saved." in text
    assert "Changes: 3 · Photos and files: 1" in text
    assert "Records kept here because their consent does not reach this partner: 1" in text
    assert dialog.outcome.tone == "ok" and target.is_file()

    result = sync_import.import_bundle(partner, target)
    assert result.signer == "Rosa Huamán" and result.new_revisions == 3
    assert result.new_media == 1

    workspace.show_section(INBOX)
    inbox = workspace.inbox
    assert inbox.sent.topLevelItemCount() == 1
    assert tree_item(inbox.sent, 0).text(1) == "Coordinadora"
    assert tree_item(inbox.sent, 0).text(5) == "3"


def test_a_partner_not_checked_in_person_is_warned_about(qtbot: QtBot, win: MainWindow,
                                                         tmp_path: Path) -> None:
    stranger = make_vault(tmp_path / "stranger", "Juan Mamani")
    with stranger.session() as session:
        card = own_card(session)
    stranger.lock()
    win.controller.archive.add_partner(card, "full", "partners", verified=False)
    dialog = _workspace(win).open_export()
    dialog.set_chosen([card.fingerprint])
    assert dialog.unchecked_warning.isVisible()
    assert "fingerprint of Juan Mamani was not checked in person" in \
        dialog.unchecked_warning.text()
    dialog.close()


def test_import_shows_who_signed_and_what_came(qtbot: QtBot, win: MainWindow, partner: Vault,
                                               tmp_path: Path) -> None:
    bundle = _from_partner(partner, tmp_path / "de-coordinadora.willay")
    dialog = _import(qtbot, win, bundle)
    text = dialog.outcome.text()
    assert "Checked: this bundle comes from Coordinadora, Org of Coordinadora (fingerprint" in text
    assert "it was not altered, and it is for you." in text
    assert "New changes: 1" in text and "New photos and files: 0" in text
    assert ("every signature was checked (changes: 1). Written by: Coordinadora." in text)
    assert "No conflicts." in text and dialog.outcome.tone == "ok"
    workspace = _workspace(win)
    assert workspace.incidents.model.rowCount() == 1
    assert workspace.inbox.received.topLevelItemCount() == 1
    row = tree_item(workspace.inbox.received, 0)
    assert row.text(1) == "Coordinadora" and row.text(3) == "1" and row.text(4) == "Not yet"
    assert "New changes: 1" in row.text(5)

    again = _import(qtbot, win, bundle)
    assert ("You imported this bundle before. This copy was read in full again and every part "
            "matches what you imported; nothing changed.") in again.outcome.text()


def test_a_tampered_bundle_is_refused_and_changes_nothing(qtbot: QtBot, win: MainWindow,
                                                          partner: Vault,
                                                          tmp_path: Path) -> None:
    bundle = _from_partner(partner, tmp_path / "b.willay")
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered = tmp_path / "alterado.willay"
    tampered.write_bytes(bytes(data))
    dialog = _import(qtbot, win, tampered)
    text = dialog.outcome.text()
    assert "This bundle could not be verified." in text
    assert "altered or damaged" in text and "Nothing in your vault was changed." in text
    assert dialog.outcome.tone == "refused"
    archive = win.controller.archive
    assert archive.count_incidents() == 0 and archive.received_bundles() == []


def test_an_unknown_sender_and_a_bundle_for_someone_else_are_explained(
        qtbot: QtBot, win: MainWindow, partner: Vault, tmp_path: Path) -> None:
    stranger = make_vault(tmp_path / "stranger", "Desconocido")
    with stranger.session() as session:
        add_partner(session, win.controller.archive.own_card())
        records.create(session, "incident", INCIDENT)
    sync_export.export_bundle(stranger, ["Rosa Huamán"], tmp_path / "x.willay")
    dialog = _import(qtbot, win, tmp_path / "x.willay")
    text = dialog.outcome.text()
    assert "not among your partners" in text and "compare their fingerprint aloud" in text
    assert "Desconocido" in text

    with partner.session() as session:
        add_partner(session, _card(stranger))
        records.create(session, "incident", INCIDENT)
    sync_export.export_bundle(partner, ["Desconocido"], tmp_path / "y.willay")
    other = _import(qtbot, win, tmp_path / "y.willay")
    assert "It was not made for you" in other.outcome.text()
    assert win.controller.archive.count_incidents() == 0
    stranger.lock()


def _card(vault: Vault) -> Card:
    with vault.session() as session:
        return own_card(session)


def test_an_older_bundle_is_explained_and_can_be_imported_anyway(
        qtbot: QtBot, win: MainWindow, partner: Vault, tmp_path: Path) -> None:
    first = _from_partner(partner, tmp_path / "1.willay")
    second = _from_partner(partner, tmp_path / "2.willay", title="Segundo hecho")
    _import(qtbot, win, second)
    dialog = _import(qtbot, win, first)
    assert "not newer than the last one you imported" in dialog.outcome.text()
    assert dialog.anyway_button.isVisible()
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.anyway_button.click()
    assert "older than the last bundle from them" in dialog.outcome.text()
    assert win.controller.archive.count_incidents() == 2


def test_cancel_stops_import_and_export_leaving_nothing(qtbot: QtBot, win: MainWindow,
                                                       partner: Vault, tmp_path: Path) -> None:
    bundle = _from_partner(partner, tmp_path / "b.willay")
    workspace = _workspace(win)
    dialog = workspace.open_import(bundle)
    assert dialog.close_button.text() == "Cancel"
    assert dialog.task is not None
    with qtbot.waitSignal(dialog.task.ended, timeout=30_000):
        dialog.close_button.click()
    assert "Import cancelled; nothing was changed." in dialog.outcome.text()
    assert win.controller.archive.count_incidents() == 0
    assert dialog.close_button.text() == "Close"

    make.incident(win.controller.archive)
    export = workspace.open_export()
    target = tmp_path / "cancelado.willay"
    export.file.setText(str(target))
    task = export.start()
    assert task is not None
    with qtbot.waitSignal(task.ended, timeout=30_000):
        export.close_button.click()
    assert "Export cancelled; no bundle was written." in export.outcome.text()
    assert not target.exists() and win.controller.archive.sent_bundles() == []


def test_a_conflict_shows_in_the_inbox_and_is_resolved(qtbot: QtBot, win: MainWindow,
                                                      partner: Vault, tmp_path: Path) -> None:
    archive = win.controller.archive
    incident = make.incident(archive)
    sync_import.import_bundle(partner, _export(win, tmp_path / "1.willay"))
    with partner.session() as session:
        records.edit(session, incident, {"injured": 9, "killed": 20})
    archive.save("incident", incident, {"injured": 7})
    sync_export.export_bundle(partner, ["Rosa Huamán"], tmp_path / "2.willay")
    dialog = _import(qtbot, win, tmp_path / "2.willay")
    assert "New conflicts: 1 (records changed differently here and there)." in \
        dialog.outcome.text()
    assert CONFLICTS_LINK in dialog.outcome.text()
    workspace = _workspace(win)
    dialog.outcome.linkActivated.emit(CONFLICTS_LINK)
    inbox = workspace.inbox
    assert workspace.stack.currentWidget() is inbox and inbox.tabs.currentIndex() == 0
    assert inbox.tabs.tabText(0) == "Conflicts (1)"
    item = tree_item(inbox.conflicts, 0)
    assert item.text(0) == "Enfrentamiento en el puente Añashuayco"
    assert item.text(2) == "Injured"
    assert "Coordinadora" in item.text(3) and "Rosa Huamán (here)" in item.text(3)

    inbox.conflicts.setCurrentItem(item)
    resolve = inbox.resolve(incident)
    assert resolve is not None
    table = resolve.table
    # The disputed field comes first, then every other field, greyed.
    assert table.verticalHeaderItem(0).text() == "● Injured"
    assert table.verticalHeaderItem(1).text() == "Title"
    versions = range(table.columnCount() - 1)
    columns = {column_header(table, c).text().split("\n")[1]: table_item(table, 0, c).text()
               for c in versions}
    assert columns == {"Rosa Huamán (here)": "7", "Coordinadora": "9"}
    theirs = next(n for n in versions
                  if "Coordinadora" in column_header(table, n).text())
    with qtbot.waitSignal(inbox.resolved):
        resolve.keep_buttons[theirs].click()
    assert inbox.conflicts.topLevelItemCount() == 0 and inbox.no_conflicts.isVisibleTo(inbox)
    fields = archive.record(incident).fields or {}
    assert fields["injured"] == 9 and fields["killed"] == 20


def _export(window: MainWindow, path: Path) -> Path:
    dialog = _workspace(window).open_export()
    dialog.file.setText(str(path))
    dialog.start()
    assert dialog.task is not None
    qtbot_wait(dialog)
    return path


def qtbot_wait(dialog: object) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    task = getattr(dialog, "task", None)
    assert task is not None
    if task.done:
        return
    loop = QEventLoop()
    task.ended.connect(loop.quit)
    QTimer.singleShot(30_000, loop.quit)
    loop.exec()


def test_receipts_and_purge_through_the_window(qtbot: QtBot, win: MainWindow, partner: Vault,
                                               tmp_path: Path) -> None:
    archive = win.controller.archive
    workspace = _workspace(win)
    incident = make.incident(archive)
    photo(tmp_path / "herida.jpg")
    intake = workspace.add_files(incident, [tmp_path / "herida.jpg"])
    assert intake is not None
    with qtbot.waitSignal(intake.finished, timeout=30_000):
        pass
    sent = sync_import.import_bundle(partner, _export(win, tmp_path / "1.willay"))
    (bundle_id,) = [row.id for row in archive.sent_bundles()]
    delivery.write_receipt(partner, bundle_id, tmp_path / "acuse.willay")

    # A receipt from the coordinator: it says what arrived and offers to free space.
    dialog = _import(qtbot, win, tmp_path / "acuse.willay")
    assert sent.new_revisions == 2 and sent.new_media == 1
    assert "Coordinadora confirmed receiving what you sent (items: 3)." in \
        dialog.outcome.text()
    assert dialog.purge_button.isVisible()
    dialog.purge_button.click()
    inbox = workspace.inbox
    assert workspace.stack.currentIndex() == INBOX
    boxes = [b for b in inbox.findChildren(QMessageBox) if b.objectName() == "purgeConfirmation"]
    assert boxes and "Partners confirmed receiving these originals: 1" in boxes[-1].text()
    boxes[-1].button(QMessageBox.StandardButton.Yes).click()
    assert inbox.task is not None
    with qtbot.waitSignal(inbox.task.ended, timeout=30_000):
        pass
    assert "Delivered originals removed from this computer: 1" in inbox.status.text()
    assert archive.purgeable() == (0, 0) and not inbox.purge_button.isEnabled()
    assert tree_item(inbox.received, 0).text(2) == "Receipt"

    # A receipt written here for a bundle the coordinator sent.
    _import(qtbot, win, _from_partner(partner, tmp_path / "2.willay"))
    inbox.reload()
    received = next(tree_item(inbox.received, n) for n in range(
        inbox.received.topLevelItemCount()) if tree_item(inbox.received, n).text(2) == "Bundle")
    inbox.received.setCurrentItem(received)
    assert inbox.receipt_button.isEnabled()
    task = inbox.write_receipt(str(received.data(0, ID_ROLE)), tmp_path / "mi-acuse.willay")
    assert task is not None
    with qtbot.waitSignal(task.ended, timeout=30_000):
        pass
    confirmed = sync_import.import_bundle(partner, tmp_path / "mi-acuse.willay")
    assert confirmed.kind == "receipt" and confirmed.delivered >= 1
    assert f"(items confirmed: {confirmed.delivered})" in inbox.status.text()


def test_verify_the_vault_from_the_inbox(qtbot: QtBot, win: MainWindow) -> None:
    make.incident(win.controller.archive)
    dialog = _workspace(win).open_verify()
    with qtbot.waitSignal(dialog.task.ended, timeout=30_000):
        pass
    assert "Everything verifies:" in dialog.outcome.text()
    assert "changes: 1 (signed by their authors: 1; older than signatures, attested: 0)" in \
        dialog.outcome.text()


def test_one_receipt_for_every_bundle_a_partner_sent(qtbot: QtBot, win: MainWindow,
                                                     partner: Vault, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(3):
        _import(qtbot, win, _from_partner(partner, tmp_path / f"{n}.willay",
                                          title=f"Bloqueo {n}"))
    inbox = _workspace(win).inbox
    inbox.reload()
    rows = [tree_item(inbox.received, n) for n in range(inbox.received.topLevelItemCount())]
    assert inbox.received.headerItem().text(4) == "Receipt"
    assert [row.text(4) for row in rows] == ["Not yet"] * 3

    # Cancel in the question writes nothing and asks for no file.
    asked: list[str] = []
    target = tmp_path / "acuse-todos.willay"

    def save_as(*args: object) -> tuple[str, str]:
        asked.append(str(args[2]))
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    inbox.received.setCurrentItem(rows[0])
    inbox.receipt_button.click()
    (box,) = [b for b in inbox.findChildren(QMessageBox) if b.objectName() == "receiptChoice"]
    assert "Bundles from Coordinadora without a receipt: 3." in box.text()
    assert box.defaultButton().text() == "For all 3"
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert asked == [] and not target.exists()
    box.deleteLater()

    inbox.receipt_button.click()
    (box,) = [b for b in inbox.findChildren(QMessageBox)
              if b.objectName() == "receiptChoice" and b.isVisible()]
    box.defaultButton().click()
    assert asked and asked[-1].endswith("-all.willay")
    assert inbox.task is not None
    with qtbot.waitSignal(inbox.task.ended, timeout=30_000):
        pass
    assert "One receipt for 3 bundles from Coordinadora saved to" in inbox.status.text()
    rows = [tree_item(inbox.received, n) for n in range(inbox.received.topLevelItemCount())]
    assert [row.text(4) for row in rows] == ["Written"] * 3

    confirmed = sync_import.import_bundle(partner, target)
    assert confirmed.kind == "receipt"
    with partner.session() as session:
        confirmed_bundles = {row.bundle_id for row in session.exec(select(Delivery)).all()}
    assert confirmed_bundles == {row.data(0, ID_ROLE) for row in rows}
