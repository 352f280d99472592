"""Unlock: the passphrase, or the recovery code and a new passphrase."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import ValidationError, WrongPassphraseError
from willay.core.vault import check_passphrase_strength
from willay.gui.controller import Controller
from willay.gui.errors import message_for
from willay.gui.widgets import heading, line, message_label, note, secret_field


class UnlockPage(QWidget):
    """Asks for the passphrase; offers the recovery path when it is forgotten."""

    other_vault_requested = Signal()
    """Emits: the person wants to create or open another vault."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passphrase = secret_field(self.tr("Passphrase"))
        self.unlock_button = QPushButton(self.tr("&Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.setAccessibleName(self.tr("Unlock"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(self.tr("Unlocking"))
        self.busy.hide()
        self.error = message_label("unlockError")
        self.forgot = QPushButton(self.tr("I &forgot the passphrase…"))
        self.forgot.setFlat(True)
        self.forgot.setAccessibleName(self.tr("Use the recovery code"))
        self.other = QPushButton(self.tr("Open or create &another vault…"))
        self.other.setFlat(True)

        self.code = line(self.tr("Recovery code"), "XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.new_passphrase = secret_field(self.tr("New passphrase"))
        self.new_repeat = secret_field(self.tr("Repeat the new passphrase"))
        self.recover_button = QPushButton(self.tr("&Set new passphrase and unlock"))
        self.recover_error = message_label("recoverError")
        self.recovery = QGroupBox(self.tr("Recover with the recovery code"))
        recovery_form = QFormLayout(self.recovery)
        recovery_form.addRow(note(self.tr(
            "Type the recovery code you wrote down when the vault was created, and choose "
            "a new passphrase. The recovery code stays valid.")))
        recovery_form.addRow(self.tr("Recovery &code:"), self.code)
        recovery_form.addRow(self.tr("&New passphrase:"), self.new_passphrase)
        recovery_form.addRow(self.tr("Re&peat it:"), self.new_repeat)
        recovery_form.addRow(self.recover_error)
        recovery_form.addRow(self.recover_button)
        self.recovery.hide()

        form = QFormLayout()
        form.addRow(self.tr("&Passphrase:"), self.passphrase)
        column = QVBoxLayout()
        column.addWidget(heading(self.tr("Unlock the vault")))
        column.addWidget(self.where)
        column.addSpacing(12)
        column.addLayout(form)
        column.addWidget(self.error)
        column.addWidget(self.busy)
        column.addWidget(self.unlock_button, alignment=Qt.AlignmentFlag.AlignRight)
        column.addSpacing(12)
        column.addWidget(self.forgot, alignment=Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.recovery)
        column.addWidget(self.other, alignment=Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)
        holder = QWidget()
        holder.setLayout(column)
        holder.setFixedWidth(540)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 64, 32, 32)
        layout.addWidget(holder, alignment=Qt.AlignmentFlag.AlignHCenter)

        self.unlock_button.clicked.connect(self.submit)
        self.passphrase.returnPressed.connect(self.submit)
        self.forgot.clicked.connect(self._toggle_recovery)
        self.recover_button.clicked.connect(self.submit_recovery)
        self.other.clicked.connect(self.other_vault_requested)

    def refresh(self) -> None:
        """Show which vault is to be unlocked and clear old input."""
        self.where.setText(self.tr("Vault: %s") % self.controller.vault_path)
        self.passphrase.clear()
        self.error.hide()
        self.recover_error.hide()
        self._set_busy(False)
        self.passphrase.setFocus()

    def _toggle_recovery(self) -> None:
        self.recovery.setVisible(not self.recovery.isVisible())
        if self.recovery.isVisible():
            self.code.setFocus()

    def submit(self) -> None:
        """Unlock with the passphrase in the worker thread."""
        if not self.passphrase.text():
            self._fail(self.error, self.tr("Type the passphrase."))
            return
        self.error.hide()
        self._set_busy(True)
        task = self.controller.unlock(self.passphrase.text())
        task.failed.connect(self._unlock_failed)
        task.succeeded.connect(self._unlocked)

    def submit_recovery(self) -> None:
        """Unlock with the recovery code and set the new passphrase, in the worker thread."""
        if self.new_passphrase.text() != self.new_repeat.text():
            self._fail(self.recover_error, self.tr("The two new passphrases are not the same."))
            return
        try:
            check_passphrase_strength(self.new_passphrase.text())
        except ValidationError:
            self._fail(self.recover_error, self.tr(
                "The new passphrase is too short: use at least 10 characters."))
            return
        self.recover_error.hide()
        self._set_busy(True)
        task = self.controller.recover(self.code.text(), self.new_passphrase.text())
        task.failed.connect(self._recover_failed)
        task.succeeded.connect(self._recovered)

    def _unlock_failed(self, exc: object) -> None:
        self._failed(self.error, exc)

    def _recover_failed(self, exc: object) -> None:
        self._failed(self.recover_error, exc)

    def _unlocked(self, _result: object) -> None:
        self.passphrase.clear()
        self._set_busy(False)

    def _recovered(self, _result: object) -> None:
        self._set_busy(False)
        for field in (self.code, self.new_passphrase, self.new_repeat):
            field.clear()
        self.recovery.hide()

    def _failed(self, label: QLabel, exc: object) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongPassphraseError) and label is self.error:
            message = self.tr("Wrong passphrase. Check the keyboard layout and Caps Lock, "
                              "and try again.")
            self.passphrase.selectAll()
            self.passphrase.setFocus()
        elif isinstance(exc, WrongPassphraseError):
            message = self.tr("This recovery code does not open this vault.")
        else:
            message = message_for(exc if isinstance(exc, BaseException) else Exception())
        self._fail(label, message)

    def _fail(self, label: QLabel, message: str) -> None:
        label.setText(message)
        label.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.unlock_button, self.passphrase, self.recover_button, self.forgot):
            widget.setEnabled(not busy)
