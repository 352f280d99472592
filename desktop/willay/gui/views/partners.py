"""Partners and my identity: cards exchanged in person, fingerprints compared aloud."""

from __future__ import annotations

from pathlib import Path

import segno
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import WillayError
from willay.core.fileio import atomic_write
from willay.core.formats.card import read_card
from willay.gui.controller import Controller
from willay.gui.dialogs.partner_card import PartnerCardDialog
from willay.gui.errors import show_error
from willay.gui.labels import fill, stamp, term
from willay.gui.widgets import fingerprint_label, fit_columns, heading, note

FINGERPRINT_ROLE = Qt.ItemDataRole.UserRole + 5
ORGANIZATION_COLUMN = 1  # gives way first when the list is too wide


def qr_pixmap(text: str, scale: int = 4) -> QPixmap:
    """Return a QR code of ``text`` as a pixmap, made in memory (segno → PNG bytes)."""
    import io

    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=scale, border=2)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


class IdentityTab(QWidget):
    """This vault's card: fingerprint, QR code, and Save card as…."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.card = controller.archive.own_card()
        self.qr = QLabel()
        self.qr.setPixmap(qr_pixmap(self.card.canonical().decode("utf-8")))
        self.qr.setAccessibleName(self.tr("QR code of my card"))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.save_button = QPushButton(self.tr("&Save my card as…"))
        self.save_button.setAccessibleName(self.tr("Save my card to a file"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        text = QVBoxLayout()
        text.addWidget(heading(self.card.name or self.tr("(no name)"), 2))
        text.addWidget(QLabel(self.card.organization))
        text.addSpacing(8)
        text.addWidget(note(self.tr(
            "Give your card to partners in person (a file on a USB stick, or this QR code). "
            "Then read this fingerprint aloud together: if it matches what they see, the card "
            "is really yours.")))
        text.addWidget(fingerprint_label(self.card.fingerprint))
        text.addSpacing(8)
        text.addWidget(self.save_button, alignment=Qt.AlignmentFlag.AlignLeft)
        text.addWidget(self.status)
        text.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(text, 3)
        layout.addWidget(self.qr, 2)
        self.save_button.clicked.connect(self._choose)

    def _choose(self) -> None:
        suggested = f"{self.card.name or 'willay'}.willay-card.json".replace(" ", "-")
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Save my card"), suggested,
                                                self.tr("Willay cards (*.json)"))
        if target:
            self.save_card(Path(target))

    def save_card(self, target: Path) -> None:
        """Write the public card to ``target`` (it holds no secret)."""
        try:
            atomic_write(target, self.card.to_bytes())
        except OSError as exc:
            show_error(self, self.tr("Could not write %1: %2").replace("%1", str(target))
                       .replace("%2", exc.strerror or ""))
            return
        self.status.setText(self.tr("Card saved to %s.") % target)


class PartnersTab(QWidget):
    """The partners this vault knows, and adding a partner from a card file."""

    export_requested = Signal(str)
    """Emits: the fingerprint of the partner to export a bundle for ("" for none chosen)."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.list = QTreeWidget()
        self.list.setAccessibleName(self.tr("Partners"))
        self.list.setHeaderLabels([self.tr("Name"), self.tr("Organization"),
                                   self.tr("Fingerprint"), self.tr("Receives"),
                                   self.tr("Consent scope"), self.tr("Checked in person"),
                                   self.tr("Added")])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.add_button = QPushButton(self.tr("&Add a card file…"))
        self.verify_button = QPushButton(self.tr("&Mark fingerprint as checked"))
        self.verify_button.setEnabled(False)
        self.replace_button = QPushButton(self.tr("Re&place card…"))
        self.replace_button.setToolTip(self.tr(
            "The selected partner has a new card (a new vault, a lost laptop): use it from "
            "now on, and keep the old one only to check what it signed before"))
        self.replace_button.setEnabled(False)
        self.remove_button = QPushButton(self.tr("Remo&ve partner…"))
        self.remove_button.setEnabled(False)
        self.export_button = QPushButton(self.tr("E&xport a bundle…"))
        self.export_button.setToolTip(self.tr("Export a bundle for the selected partner "
                                              "(Ctrl+E)"))
        self.empty = note(self.tr("No partners yet. Add the card file a partner gave you, then "
                                  "compare its fingerprint aloud."))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.replace_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        self.add_button.clicked.connect(self._choose)
        self.verify_button.clicked.connect(self.mark_selected)
        self.replace_button.clicked.connect(self._choose_new_card)
        self.remove_button.clicked.connect(self.confirm_remove)
        self.export_button.clicked.connect(self._export_clicked)
        self.list.currentItemChanged.connect(self._selection_changed)
        self.reload()

    def reload(self) -> None:
        """List the partners again."""
        self.list.clear()
        partners = self.controller.archive.partners()
        profiles = {"full": self.tr("Full evidence"), "anonymized": self.tr("Anonymized")}
        for partner in partners:
            item = QTreeWidgetItem([
                partner.name, partner.organization, partner.fingerprint,
                profiles.get(partner.profile, partner.profile),
                term("consent_scopes", partner.scope),
                self.tr("Yes") if partner.verified else self.tr("Not yet"),
                stamp(partner.added, exact=False)])
            item.setData(0, FINGERPRINT_ROLE, partner.fingerprint)
            self.list.addTopLevelItem(item)
        fit_columns(self.list, ORGANIZATION_COLUMN)
        self.empty.setVisible(not partners)
        self.export_button.setEnabled(bool(partners))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit the columns again to the new width."""
        super().resizeEvent(event)
        fit_columns(self.list, ORGANIZATION_COLUMN)

    def _selection_changed(self, item: QTreeWidgetItem | None, _old: object) -> None:
        for button in (self.verify_button, self.replace_button, self.remove_button):
            button.setEnabled(item is not None)

    def _selected(self) -> str:
        item = self.list.currentItem()
        return str(item.data(0, FINGERPRINT_ROLE)) if item is not None else ""

    def _choose_new_card(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Partner's new card"), "",
                                                self.tr("Willay cards (*.json);;All files (*)"))
        if chosen:
            self.replace_card_file(Path(chosen))

    def replace_card_file(self, path: Path) -> PartnerCardDialog | None:
        """Offer a card file as the selected partner's new card, fingerprint compared first."""
        partner = self.controller.archive.partner(self._selected())
        if partner is None:
            return None
        try:
            card = read_card(path)
        except WillayError as exc:
            show_error(self, exc, self.tr("Card not accepted"))
            return None
        dialog = PartnerCardDialog(self.controller.archive, card, self, replacing=partner)
        dialog.added.connect(self._partner_added)
        dialog.open()
        return dialog

    def confirm_remove(self) -> QMessageBox | None:
        """Ask before removing the selected partner; remove on Yes."""
        partner = self.controller.archive.partner(self._selected())
        if partner is None:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove a partner"), fill(self.tr(
            "Remove %1 (fingerprint %2)? Nothing more will be exported to them, and bundles "
            "they send will be refused. What they sent before stays here and can still be "
            "checked; the custody log records the removal."), partner.name,
            partner.fingerprint),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("removePartnerConfirmation")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("&Remove"))
        box.setProperty("fingerprint", partner.fingerprint)
        box.buttonClicked.connect(self._remove_answered)
        box.open()
        return box

    def _remove_answered(self, button: QAbstractButton) -> None:
        box = self.sender()
        if isinstance(box, QMessageBox) and \
                box.standardButton(button) == QMessageBox.StandardButton.Yes:
            self.remove(str(box.property("fingerprint")))

    def remove(self, fingerprint: str) -> None:
        """Remove the partner with this fingerprint (their card stays known, retired)."""
        try:
            self.controller.archive.remove_partner(fingerprint)
        except WillayError as exc:
            show_error(self, exc)
            return
        self.reload()

    def _export_clicked(self) -> None:
        item = self.list.currentItem()
        self.export_requested.emit(str(item.data(0, FINGERPRINT_ROLE)) if item else "")

    def _choose(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Partner's card"), "",
                                                self.tr("Willay cards (*.json);;All files (*)"))
        if chosen:
            self.add_card_file(Path(chosen))

    def add_card_file(self, path: Path) -> PartnerCardDialog | None:
        """Read a card file and offer to add it; a bad card is refused with its reason."""
        try:
            card = read_card(path)
        except WillayError as exc:
            show_error(self, exc, self.tr("Card not accepted"))
            return None
        dialog = PartnerCardDialog(self.controller.archive, card, self)
        dialog.added.connect(self._partner_added)
        dialog.open()
        return dialog

    def _partner_added(self, _fingerprint: str) -> None:
        self.reload()

    def mark_selected(self) -> None:
        """Record that the selected partner's fingerprint was compared in person."""
        item = self.list.currentItem()
        if item is None:
            return
        try:
            self.controller.archive.mark_verified(str(item.data(0, FINGERPRINT_ROLE)))
        except WillayError as exc:
            show_error(self, exc)
            return
        self.reload()


class PartnersPage(QTabWidget):
    """Two tabs: my identity, and my partners."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.identity = IdentityTab(controller)
        self.partners = PartnersTab(controller)
        self.addTab(self.partners, self.tr("Partners"))
        self.addTab(self.identity, self.tr("My identity"))

    def reload(self) -> None:
        """List the partners again."""
        self.partners.reload()
