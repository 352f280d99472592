"""Adding a partner from its card file: compare the fingerprint aloud, choose what it gets."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import WillayError
from willay.core.formats.card import Card
from willay.gui.archive import Archive
from willay.gui.labels import fill, term
from willay.gui.rows import PartnerRow
from willay.gui.widgets import fingerprint_label, heading, message_label, note


class PartnerCardDialog(QDialog):
    """Shows a card's name and fingerprint and stores it as a partner.

    With ``replacing``, the card becomes that partner's new card instead: the old card is
    retired and the partner keeps what it receives.
    """

    added = Signal(str)
    """Emits: the fingerprint of the partner just added (or of the new card)."""

    def __init__(self, archive: Archive, card: Card, parent: QWidget | None = None,
                 replacing: PartnerRow | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.card = card
        self.replacing = replacing
        self.setObjectName("partnerCardDialog")
        self.setWindowTitle(self.tr("Add a partner") if replacing is None
                            else self.tr("Replace a partner's card"))
        self.profile = QComboBox()
        self.profile.setAccessibleName(self.tr("What this partner receives"))
        self.profile.addItem(self.tr("Full evidence, originals included"), "full")
        self.profile.addItem(self.tr("Anonymized: pseudonyms, coarse places, no originals"),
                             "anonymized")
        self.scope = QComboBox()
        self.scope.setAccessibleName(self.tr("Consent scope of this partner"))
        for code in ("partners", "legal", "public"):
            self.scope.addItem(term("consent_scopes", code), code)
        self.verified = QCheckBox(self.tr("I &compared this fingerprint aloud with the partner, "
                                          "and it is the same"))
        self.error = message_label("partnerError")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = buttons.addButton(self.tr("&Add partner"),
                                            QDialogButtonBox.ButtonRole.AcceptRole)
        form = QFormLayout()
        form.addRow(self.tr("&Receives:"), self.profile)
        form.addRow(self.tr("Consent &scope:"), self.scope)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(card.name, 2))
        layout.addWidget(QLabel(card.organization))
        layout.addWidget(note(self.tr("Fingerprint of this card. Read it aloud with the partner, "
                                      "in person or on a call you trust:")))
        layout.addWidget(fingerprint_label(card.fingerprint))
        if replacing is None:
            layout.addLayout(form)
        else:
            self.add_button.setText(self.tr("&Replace card"))
            layout.addWidget(note(fill(self.tr(
                "This card replaces the card of %1 with fingerprint %2. The old card stays "
                "known to check what it signed before today; bundles it signs from now on "
                "are refused, and exports go only to this new card."),
                replacing.name, replacing.fingerprint)))
        layout.addWidget(self.verified)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

    def save(self) -> None:
        """Store the partner; a refusal (own card, already known) is shown here."""
        try:
            if self.replacing is not None:
                partner = self.archive.replace_partner(self.replacing.fingerprint, self.card,
                                                       self.verified.isChecked())
            else:
                partner = self.archive.add_partner(self.card, str(self.profile.currentData()),
                                                   str(self.scope.currentData()),
                                                   self.verified.isChecked())
        except WillayError as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.adjustSize()  # room for the message; nothing above it gives way
            return
        self.added.emit(partner.fingerprint)
        self.accept()
