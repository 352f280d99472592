"""The window on a hub: opened from the start page as a coordinator, locked like a vault,
offered at the next start; every refusal said in words; the records written on the hub
shown and edited; what a hub lacks yet said plainly."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from tests import postgres
from tests.conftest import HUB_PASSPHRASE, floor_kdf
from tests.photos import photo
from tests.sync.conftest import introduce, make_vault
from willay.core.records import service as records
from willay.core.sharing import send as sync_export
from willay.core.vault.hub import Hub
from willay.core.vault.vault import Vault
from willay.gui import i18n
from willay.gui.app import build_window, hub_to_offer
from willay.gui.hub_profile import HubProfile
from willay.gui.settings import AppSettings
from willay.gui.views.not_yet import NotYetPage
from willay.gui.views.workspace import DUPLICATES, INBOX, MEDIA, PARTNERS, Workspace
from willay.gui.window import MainWindow

from .helpers import WindowFactory, tree_item, unlock
from .hub_helpers import address, open_hub, refused

JUAN = "la frase de juan, larga también"
ANA = "la frase de ana, también larga"


def _workspace(window: MainWindow) -> Workspace:
    assert window.workspace is not None
    return window.workspace


def test_a_hub_opens_from_the_start_page_locks_and_is_offered_at_the_next_start(
        qtbot: QtBot, make_window: WindowFactory, cluster: postgres.Cluster, hub: Hub,
        settings: AppSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(tmp_path / "no-vault", settings)
    assert window.stack.currentWidget() is window.start
    where = address(cluster, hub).replace("@/", ":clave-de-la-base@/")  # a password typed in
    open_hub(qtbot, window, where, "rosa", HUB_PASSPHRASE)
    workspace = _workspace(window)
    assert "on the hub, as rosa" in workspace.owner.text()
    assert workspace.coordinators_button.isVisible()
    assert settings.hubs == [HubProfile(address(cluster, hub), "rosa")]
    written = (settings.folder / "willay.ini").read_text(encoding="utf-8")
    assert "clave-de-la-base" not in written and HUB_PASSPHRASE not in written

    opened = window.controller._vault
    assert isinstance(opened, Hub) and opened.is_unlocked
    workspace.lock_button.click()
    qtbot.waitUntil(lambda: window.controller._vault is None, timeout=10_000)
    assert not opened.is_unlocked and opened.coordinator is None, "the hub's keys are gone"
    page = window.unlock_page
    assert window.stack.currentWidget() is page
    assert page.title.text() == "Unlock the hub" and "Coordinator: rosa" in page.where.text()
    assert "clave-de-la-base" not in page.where.text()
    assert not page.forgot.isVisible() and "no recovery code" in page.no_recovery.text()
    unlock(qtbot, window, HUB_PASSPHRASE)

    opened = window.controller._vault
    assert isinstance(opened, Hub) and opened.is_unlocked
    window.idle.set_period(200)  # a few moments without the keyboard or the mouse
    with qtbot.waitSignal(window.controller.locked, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: window.controller._vault is None, timeout=10_000)
    assert not opened.is_unlocked
    assert window.stack.currentWidget() is page and not window.controller.is_unlocked

    monkeypatch.delenv("WILLAY_VAULT", raising=False)
    offered = hub_to_offer(argparse.Namespace(vault=None), settings)
    assert offered == HubProfile(address(cluster, hub), "rosa")
    assert hub_to_offer(argparse.Namespace(vault=str(tmp_path / "v")), settings) is None
    again = build_window(tmp_path / "no-vault", settings, offered)
    try:
        again.show()
        assert again.stack.currentWidget() is again.unlock_page
        assert again.unlock_page.title.text() == "Unlock the hub"
        unlock(qtbot, again, HUB_PASSPHRASE)
    finally:
        again.close()
        again.deleteLater()


def _another_version(cluster: postgres.Cluster, hub: Hub) -> str:
    with hub.session() as session:
        session.execute(text("UPDATE alembic_version SET version_num = 'h999'"))
    return address(cluster, hub)


def _two_with_roles(cluster: postgres.Cluster, hub: Hub) -> str:
    hub.add_coordinator("juan", JUAN, "partners", kdf_params=floor_kdf())
    hub.add_coordinator("ana", ANA, "legal", kdf_params=floor_kdf())
    return address(cluster, hub, role="ana")


Where = Callable[[postgres.Cluster, Hub], str]
REFUSALS: dict[str, tuple[Where, str, str, str]] = {
    "wrong passphrase": (lambda c, h: address(c, h), "rosa", "otra frase cualquiera",
                         "rosa is not a coordinator of this hub, or the passphrase is wrong"),
    "unknown coordinator": (lambda c, h: address(c, h), "pedro", HUB_PASSPHRASE,
                            "pedro is not a coordinator of this hub"),
    "unreachable": (lambda c, h: f"postgresql://{c.user}@/willay?host={c.root}/nowhere",
                    "rosa", HUB_PASSPHRASE, "cannot be reached: connection"),
    "no hub in the database": (lambda c, h: c.new_database(), "rosa", HUB_PASSPHRASE,
                               "This database holds no hub"),
    "another version": (_another_version, "rosa", HUB_PASSPHRASE,
                        "tables are of version h999, which a newer Willay made"),
    "another coordinator's role": (_two_with_roles, "juan", JUAN,
                                   "Connect to the hub as your own database role (juan), "
                                   "not as ana"),
    "not a PostgreSQL address": (lambda c, h: "sqlite:///archivo.db", "rosa", HUB_PASSPHRASE,
                                 "A hub is a PostgreSQL database"),
    "in the clear": (lambda c, h: "postgresql://rosa@hub.example.org/willay?sslmode=disable",
                     "rosa", HUB_PASSPHRASE, "would send records in the clear"),
    "a name that cannot be a coordinator's": (lambda c, h: address(c, h), "Rosa Huamán",
                                              HUB_PASSPHRASE, "cannot name a coordinator"),
}


@pytest.mark.parametrize("state", REFUSALS)
def test_every_refusal_is_said_in_words_and_the_window_goes_on(
        qtbot: QtBot, make_window: WindowFactory, cluster: postgres.Cluster, hub: Hub,
        settings: AppSettings, tmp_path: Path, state: str) -> None:
    where, coordinator, passphrase, said = REFUSALS[state]
    window = make_window(tmp_path / "no-vault", settings)
    message = refused(qtbot, window, where(cluster, hub), coordinator, passphrase)
    assert said in message
    assert "sqlalche.me" not in message and "Something went wrong" not in message
    assert window.stack.currentWidget() is window.start and not window.controller.is_unlocked
    assert settings.hubs == [], "only a hub that opened is remembered"
    assert window.start.create_button.isEnabled() and window.start.hub_box.isEnabled()


def test_without_the_database_driver_the_window_says_how_to_get_it(
        qtbot: QtBot, make_window: WindowFactory, cluster: postgres.Cluster, hub: Hub,
        settings: AppSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(tmp_path / "no-vault", settings)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if Willay came without it
    message = refused(qtbot, window, address(cluster, hub), "rosa", HUB_PASSPHRASE)
    assert "psycopg" in message and "willay[hub]" in message
    monkeypatch.undo()
    open_hub(qtbot, window, address(cluster, hub), "rosa", HUB_PASSPHRASE)


def test_a_wrong_passphrase_is_said_in_spanish_and_the_right_one_then_opens(
        qtbot: QtBot, make_window: WindowFactory, cluster: postgres.Cluster, hub: Hub,
        settings: AppSettings, tmp_path: Path) -> None:
    settings.language = "es"
    window = make_window(tmp_path / "no-vault", settings)
    message = refused(qtbot, window, address(cluster, hub), "rosa", "otra frase cualquiera")
    assert "rosa no coordina en este servidor central" in message
    assert "las mayúsculas" in message
    box = window.start.hub_box
    assert box.passphrase.hasSelectedText(), "ready to type it again"
    open_hub(qtbot, window, address(cluster, hub), "rosa", HUB_PASSPHRASE)
    assert "en el servidor central, como rosa" in _workspace(window).owner.text()


def test_records_written_on_the_hub_show_in_the_window_and_its_changes_reach_the_hub(
        qtbot: QtBot, make_window: WindowFactory, cluster: postgres.Cluster, hub: Hub,
        settings: AppSettings, tmp_path: Path) -> None:
    with hub.session() as session:  # another coordinator's connection
        incident = records.create(session, "incident", {
            "title": "Enfrentamiento en el puente Añashuayco",
            "occurred": {"text": "2023-01-09"}, "place": {"ubigeo": "211101"},
            "violations": ["killing"], "killed": 18})
        witness = records.create(session, "person", {"full_name": "Rosalía Quispe Ccori",
                                                     "pseudonym": "T-01",
                                                     "consent": "partners"})
        records.create(session, "testimony", {
            "incidents": [incident], "witness": witness, "language": "qu",
            "consent": "partners", "transcript": "Chay p'unchawmi policía disparó."})
    window = make_window(tmp_path / "no-vault", settings)
    open_hub(qtbot, window, address(cluster, hub), "rosa", HUB_PASSPHRASE)
    workspace = _workspace(window)
    page = workspace.incidents
    assert page.model.rowCount() == 1
    assert page.model.index(0, 1).data() == "Enfrentamiento en el puente Añashuayco"
    page.show_incident(incident)
    assert "Puno" in page.detail.summary.toPlainText()
    assert page.detail.testimonies.count() == 1
    assert page.detail.custody.topLevelItemCount() >= 1
    assert tree_item(page.detail.custody, 0).text(1) == "Created, by rosa", \
        "the custody tab names the coordinator"
    assert tree_item(page.detail.history, 0).text(1).endswith("(this hub)")

    workspace.search_box.setText("disparo")  # accents and endings need not match
    workspace.search_box.returnPressed.emit()
    found = workspace.search.results
    assert found.topLevelItemCount() == 1
    assert tree_item(found, 0).text(1) == "Testimony of T-01"

    editor = workspace.edit_incident(incident)
    editor.killed.setValue(19)
    with qtbot.waitSignal(editor.saved):
        editor.save()
    with hub.session() as session:
        assert (records.get(session, incident).fields or {})["killed"] == 19


@pytest.mark.parametrize("language", ["en", "es"])
def test_what_a_hub_lacks_yet_says_so_plainly(
        qtbot: QtBot, make_window: WindowFactory, cluster: postgres.Cluster, hub: Hub,
        settings: AppSettings, tmp_path: Path, language: str) -> None:
    settings.language = language
    with hub.session() as session:
        incident = records.create(session, "incident", {"title": "Paro en Juliaca",
                                                        "occurred": {"text": "2023-01-09"}})
        witness = records.create(session, "person", {"full_name": "Edith Apaza"})
        testimony = records.create(session, "testimony", {
            "incidents": [incident], "witness": witness, "language": "es",
            "consent": "partners", "transcript": "Vimos a la policía."})
    window = make_window(tmp_path / "no-vault", settings)
    open_hub(qtbot, window, address(cluster, hub), "rosa", HUB_PASSPHRASE)
    workspace = _workspace(window)
    not_yet = "not available on a hub yet" if language == "en" else \
        "todavía no está disponible en un servidor central"
    for section in (MEDIA, PARTNERS, INBOX, DUPLICATES):  # what the hub has, it shows
        workspace.show_section(section)
        assert not isinstance(workspace.stack.currentWidget(), NotYetPage)

    editor = workspace.edit_testimony(incident, testimony)
    assert not editor.recordings.record.isEnabled()
    assert not_yet in editor.recordings.record.toolTip()
    assert not_yet in editor.recordings.listing.text()
    editor.discard()

    workspace.lock_button.click()
    page = window.unlock_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page)
    assert not page.forgot.isVisible() and page.no_recovery.isVisible()
    assert ("no recovery code" if language == "en" else "no tiene código de recuperación") \
        in page.no_recovery.text()
    i18n.install("en")


def test_photos_bundles_and_the_check_work_in_the_window_on_a_hub(
        qtbot: QtBot, make_window: WindowFactory, cluster: postgres.Cluster, hub: Hub,
        settings: AppSettings, tmp_path: Path) -> None:
    field = make_vault(tmp_path / "field", "Rosa")
    introduce(field, cast(Vault, hub))
    with field.session() as session:
        records.create(session, "incident", {"title": "Bloqueo en Ilave",
                                             "occurred": {"text": "2023-01-20"}})
    sync_export.export_bundle(field, ["Coordinadora"], tmp_path / "de-rosa.willay")
    window = make_window(tmp_path / "no-vault", settings)
    open_hub(qtbot, window, address(cluster, hub), "rosa", HUB_PASSPHRASE)
    workspace = _workspace(window)
    incident = window.controller.archive.save("incident", None, {
        "title": "Paro en Juliaca", "occurred": {"text": "2023-01-09"}})
    workspace.incidents.show_incident(incident)
    assert workspace.incidents.detail.files_button.isEnabled()
    photo(tmp_path / "herida.jpg")
    intake = workspace.add_files(incident, [tmp_path / "herida.jpg"])
    assert intake is not None
    with qtbot.waitSignal(intake.finished, timeout=30_000):
        pass
    workspace.show_section(MEDIA)
    assert workspace.media.model.rowCount() == 1
    viewer = workspace.open_media(workspace.controller.archive.media_page(0, 1)[0].id)
    assert viewer.task is not None
    with qtbot.waitSignal(viewer.task.ended, timeout=20_000):
        pass
    with hub.session() as session:  # each look at an original is in the custody log
        seen = session.execute(text("SELECT details FROM custody_event "
                                    "WHERE action = 'original_seen'")).scalars().all()
    assert len(seen) == 1 and '"rosa"' in seen[0]
    viewer.close()

    dialog = workspace.open_import(tmp_path / "de-rosa.willay")
    assert dialog.task is not None
    with qtbot.waitSignal(dialog.task.ended, timeout=30_000):
        pass
    assert "it was not altered, and it is for you" in dialog.outcome.text()
    dialog.close()
    workspace.show_section(0)
    titles = {workspace.incidents.model.index(row, 1).data()
              for row in range(workspace.incidents.model.rowCount())}
    assert titles == {"Paro en Juliaca", "Bloqueo en Ilave"}
    check = workspace.open_verify()
    with qtbot.waitSignal(check.task.ended, timeout=60_000):
        pass
    assert "Everything verifies" in check.outcome.text()


def test_hubs_are_remembered_last_first_and_never_with_a_password(
        settings: AppSettings) -> None:
    assert settings.hubs == [] and settings.hub_opened_last is None
    for n in range(7):
        settings.remember_hub(HubProfile(f"postgresql://rosa:secreta{n}@hub{n}.example.org/w"
                                         f"?sslmode=require&password=otra{n}", "rosa"))
    settings.remember_hub(HubProfile("postgresql://rosa@hub3.example.org/w?sslmode=require",
                                     "rosa"))
    hubs = settings.hubs
    assert [p.address for p in hubs] == [
        "postgresql://rosa@hub3.example.org/w?sslmode=require",
        *(f"postgresql://rosa@hub{n}.example.org/w?sslmode=require" for n in (6, 5, 4, 2))]
    written = (settings.folder / "willay.ini").read_text(encoding="utf-8")
    assert "secreta" not in written and "otra" not in written
    assert settings.hub_opened_last == hubs[0]
    settings.last_vault = "/media/usb/boveda"  # a vault opened since: it is offered instead
    assert settings.hub_opened_last is None and settings.hubs == hubs
