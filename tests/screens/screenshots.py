"""Render each main screen, in Spanish and English, from a demo vault: ``make screenshots``.

Usage: ``python -m tests.screens.screenshots OUTPUT_FOLDER`` (offscreen is fine). Windows
are 1366×768; dialogs are drawn over the dimmed window, as they appear.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QRectF, QTimer, SignalInstance
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from tests.screens.demo import DEMO_PASSPHRASE, build_demo_vault
from willay.core.formats.card import Card
from willay.core.records import service as records
from willay.core.sharing.partners import add_partner, mark_verified
from willay.core.sharing.receive import import_bundle
from willay.core.sharing.send import export_bundle
from willay.core.vault.identity import own_card
from willay.core.vault.vault import Vault
from willay.gui import i18n
from willay.gui.app import build_window
from willay.gui.dialogs.media_viewer import MediaViewer
from willay.gui.models.paged import ID_ROLE
from willay.gui.settings import AppSettings
from willay.gui.views.inbox import CONFLICTS, RECEIVED
from willay.gui.window import MainWindow

SIZE = (1366, 768)
EXAMPLE_CODE = "7K3M-Q9ZD-H2XW-P8RT-4VNC-YB6E-J1SA-0GFQ"


def wait_for(signal: SignalInstance, timeout_ms: int = 30_000) -> None:
    """Run the event loop until ``signal`` is emitted (or the timeout passes)."""
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def settle() -> None:
    """Let layouts and pending events finish."""
    for _ in range(5):
        QApplication.processEvents()


class Shooter:
    """Saves screenshots named ``NAME-LANG.png`` into one folder."""

    def __init__(self, folder: Path, language: str) -> None:
        self.folder = folder
        self.language = language
        self.saved: list[Path] = []

    def window(self, window: QWidget, name: str) -> None:
        """Save the whole window."""
        settle()
        self._save(window.grab(), name)

    def dialog(self, window: QWidget, dialog: QWidget, name: str) -> None:
        """Save the window dimmed, with ``dialog`` drawn over its centre."""
        settle()
        base = window.grab()
        top = dialog.grab()
        painter = QPainter(base)
        painter.fillRect(base.rect(), QColor(0, 0, 0, 90))
        x = max(0, (base.width() - top.width()) // 2)
        y = max(0, (base.height() - top.height()) // 2)
        painter.fillRect(x - 1, y - 1, top.width() + 2, top.height() + 2, QColor("#555555"))
        painter.drawPixmap(x, y, top)
        painter.end()
        self._save(base, name)

    def _save(self, pixmap: QPixmap, name: str) -> None:
        target = self.folder / f"{name}-{self.language}.png"
        pixmap.save(str(target), "PNG")
        self.saved.append(target)


def _unlock(window: MainWindow) -> None:
    window.unlock_page.passphrase.setText(DEMO_PASSPHRASE)
    window.unlock_page.submit()
    wait_for(window.controller.unlocked)


def _partner(scratch: Path) -> tuple[Vault, Path]:
    """Return the partner's vault (unlocked) and its card file."""
    from willay.core.keys import kdf

    params = kdf.KdfParams(kdf.MIN_MEMORY_KIB, kdf.ITERATIONS, kdf.LANES, b"\x01" * 16)
    other, _ = Vault.create(scratch / "partner", "otra frase larga de prueba",
                            "Juan Mamani Ticona", "Coordinadora Aymara de Derechos",
                            kdf_params=params)
    with other.session() as session:
        data = own_card(session).to_bytes()
    card = scratch / "juan.json"
    card.write_bytes(data)
    return other, card


def _partner_replies(partner: Vault, rosa: Card, incoming: Path, incident_id: str,
                     outgoing: Path) -> None:
    """The partner imports Rosa's bundle, edits an incident apart, and sends a bundle back."""
    with partner.session() as session:
        add_partner(session, rosa)
        mark_verified(session, rosa.fingerprint)
    import_bundle(partner, incoming)
    with partner.session() as session:
        records.edit(session, incident_id, {"injured": 27, "killed": 6})
        records.create(session, "incident", {
            "title": "Quema de la comisaría de Ilave", "occurred": {"text": "2023-01-10"},
            "place": {"ubigeo": "210401", "text": "Jirón Puno"},
            "violations": ["excessive_force"], "perpetrators": ["pnp"], "injured": 3,
            "status": "draft", "narrative": "Relato recibido de la coordinadora."})
    export_bundle(partner, [rosa.fingerprint], outgoing)


def render(language: str, folder: Path, scratch: Path) -> list[Path]:
    """Render every screen in ``language`` into ``folder``."""
    shoot = Shooter(folder, language)
    settings = AppSettings(scratch / f"settings-{language}")
    settings.language = language
    settings.autolock_minutes = 10
    vault_path = scratch / "vault"

    first = build_window(scratch / "new-vault", settings)
    first.resize(*SIZE)
    first.show()
    shoot.window(first, "01-start")
    first.recovery.show_code(EXAMPLE_CODE)
    first.stack.setCurrentWidget(first.recovery)
    shoot.window(first, "02-recovery-code")
    first.close()

    window = build_window(vault_path, settings)
    try:
        _render_workspace(shoot, window, scratch)
    finally:
        window.close()
    return shoot.saved


def _render_workspace(shoot: Shooter, window: MainWindow, scratch: Path) -> None:
    window.resize(*SIZE)
    window.show()
    shoot.window(window, "03-unlock")
    _unlock(window)
    workspace = window.workspace
    assert workspace is not None
    incidents = workspace.incidents
    for number in range(incidents.model.rowCount()):
        row = incidents.model.row_at(number)
        if row is not None and row.title.startswith("Disparos"):
            incidents.table.selectRow(number)
    shoot.window(window, "04-incidents")
    incidents.detail.tabs.setCurrentIndex(3)
    shoot.window(window, "05-incident-media")
    incidents.detail.tabs.setCurrentIndex(5)
    shoot.window(window, "06-incident-custody")
    incidents.detail.tabs.setCurrentIndex(4)
    shoot.window(window, "28-incident-history")
    incidents.detail.tabs.setCurrentIndex(1)
    shoot.window(window, "07-incident-testimonies")
    incident_id = incidents.detail.incident_id or ""
    editor = workspace.edit_incident(incident_id)
    shoot.dialog(window, editor, "08-incident-editor")
    editor.close()
    testimony_id = str(incidents.detail.testimonies.item(0).data(ID_ROLE))
    testimony = workspace.edit_testimony(incident_id, testimony_id)
    shoot.dialog(window, testimony, "09-testimony-editor")
    testimony.close()

    workspace.show_section(1)
    workspace.people.table.selectRow(0)
    shoot.window(window, "10-people")
    person = workspace.edit_person(workspace.people.person_id)
    shoot.dialog(window, person, "11-person-editor")
    person.close()

    workspace.show_section(2)
    shoot.window(window, "12-media")
    first_media = workspace.media.model.row(0)
    if first_media is not None:
        viewer = workspace.open_media(first_media.id)
        if viewer.task is not None:
            wait_for(viewer.task.ended)
        viewer.fit_image()
        shoot.dialog(window, viewer, "13-media-viewer")
        _render_redaction(shoot, window, viewer)
        viewer.close()

    workspace.search_box.setText("puente")
    workspace.search_box.returnPressed.emit()
    search = workspace.search
    search.department.setCurrentIndex(search.department.findData("21"))
    search.run()
    shoot.window(window, "14-search")
    workspace.search_box.clear()

    workspace.show_section(3)
    partner, card = _partner(scratch)
    try:
        dialog = workspace.partners.partners.add_card_file(card)
        if dialog is not None:
            dialog.verified.setChecked(True)
            shoot.dialog(window, dialog, "15-partner-card")
            dialog.save()
        again = workspace.partners.partners.add_card_file(card)
        if again is not None:  # the same card twice: refused inside the dialog
            again.save()
            shoot.dialog(window, again, "15-partner-card-refused")
            again.reject()
        shoot.window(window, "16-partners")
        workspace.partners.setCurrentIndex(1)
        shoot.window(window, "17-identity")
        _render_bundles(shoot, window, partner, scratch, incident_id)
    finally:
        partner.lock()
    settings_dialog = window.open_settings()
    shoot.dialog(window, settings_dialog, "19-settings")
    settings_dialog.close()
    _render_coordination(shoot, window)
    about = window.open_about()
    shoot.dialog(window, about, "27-about")
    about.close()


def _render_redaction(shoot: Shooter, window: MainWindow, viewer: MediaViewer) -> None:
    editor = viewer.open_redaction()
    if not editor.load_task.done:
        wait_for(editor.load_task.ended)
    settle()
    bounds = editor.canvas.bounds
    editor.blur_action.trigger()
    editor.add_region(QRectF(bounds.width() * 0.18, bounds.height() * 0.22,
                             bounds.width() * 0.2, bounds.height() * 0.3))
    editor.black_action.trigger()
    editor.add_region(QRectF(bounds.width() * 0.55, bounds.height() * 0.6,
                             bounds.width() * 0.3, bounds.height() * 0.12))
    shoot.dialog(window, editor, "24-redaction-editor")
    editor.discard()


def _render_coordination(shoot: Shooter, window: MainWindow) -> None:
    workspace = window.workspace
    assert workspace is not None
    workspace.show_section(workspace.stack.indexOf(workspace.duplicates))
    task = workspace.duplicates.reload()
    if task is not None and not task.done:
        wait_for(task.ended)
    settle()
    shoot.window(window, "25-duplicates")
    reports_page = workspace.reports
    workspace.show_section(workspace.stack.indexOf(reports_page))
    reports_page.reload()
    wait_for(reports_page.counted)
    settle()
    shoot.window(window, "26-reports")


def _render_bundles(shoot: Shooter, window: MainWindow, partner: Vault, scratch: Path,
                    incident_id: str) -> None:
    workspace = window.workspace
    assert workspace is not None
    archive = window.controller.archive
    juan = archive.partners()[0]
    usb = scratch / "USB"
    usb.mkdir()
    workspace.partners.setCurrentIndex(0)
    export = workspace.open_export(juan.fingerprint)
    export.file.setText(str(usb / Path(export.file.text()).name))
    export.start()
    if export.task is not None:
        wait_for(export.task.ended)
    shoot.dialog(window, export, "20-export")
    export.close()

    workspace.show_section(4)
    reply = usb / "willay-de-juan-mamani.willay"
    _partner_replies(partner, archive.own_card(), Path(export.file.text()), incident_id, reply)
    archive.save("incident", incident_id, {"injured": 25})
    tampered = usb / "paquete-dañado.willay"
    data = bytearray(reply.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    refused = workspace.open_import(tampered)
    if refused.task is not None:
        wait_for(refused.task.ended)
    shoot.dialog(window, refused, "22-import-refused")
    refused.close()
    accepted = workspace.open_import(reply)
    if accepted.task is not None:
        wait_for(accepted.task.ended)
    shoot.dialog(window, accepted, "21-import")
    accepted.close()

    workspace.show_conflicts()
    inbox = workspace.inbox
    first = inbox.conflicts.topLevelItem(0)
    if first is not None:
        inbox.conflicts.setCurrentItem(first)
    shoot.window(window, "18-inbox")
    inbox.tabs.setCurrentIndex(RECEIVED)
    shoot.window(window, "18-inbox-received")
    inbox.tabs.setCurrentIndex(CONFLICTS)
    resolve = inbox.resolve(incident_id)
    if resolve is not None:
        shoot.dialog(window, resolve, "23-resolve")
        resolve.close()


def main(argv: list[str] | None = None) -> int:
    """Render all screens into the folder given as the first argument."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "docs/screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    saved: list[Path] = []
    for language in ("es", "en"):
        scratch = Path(tempfile.mkdtemp(prefix="willay-shots-"))
        try:
            vault = build_demo_vault(scratch / "vault", scratch / "photos")
            vault.lock()
            i18n.install(language)
            saved += render(language, folder, scratch)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    del app
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
