"""Unlock: the passphrase, or the recovery code and a new passphrase; on a hub, the
coordinator's passphrase."""

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
from willay.core.sharing.receive import ImportResult
from willay.core.vault.vault import check_passphrase_strength
from willay.gui.capabilities import Feature, not_yet
from willay.gui.controller import Controller
from willay.gui.errors import message_for
from willay.gui.labels import fill
from willay.gui.widgets import (
    clear_when_valid,
    heading,
    line,
    message_label,
    note,
    secret_field,
)


class UnlockPage(QWidget):
    """Asks for the passphrase; offers the recovery path when it is forgotten."""

    other_vault_requested = Signal()
    """Emits: the person wants to create or open another vault."""
    passphrase_reset = Signal()
    """Emits: the recovery code opened the vault and the new passphrase was set."""

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
        # Work let finish by an idle-time lock, and how it ended (names only, no records).
        self.background = QLabel()
        self.background.setObjectName("backgroundWork")
        self.background.setWordWrap(True)
        self.background.setTextFormat(Qt.TextFormat.PlainText)
        self.background.hide()
        self._work: dict[str, str] = {}
        self.forgot = QPushButton(self.tr("I &forgot the passphrase…"))
        self.forgot.setFlat(True)
        self.forgot.setAccessibleName(self.tr("Use the recovery code"))
        self.other = QPushButton(self.tr("Open or create &another vault…"))
        self.other.setFlat(True)
        self.title = heading(self.tr("Unlock the vault"))
        # A hub has no recovery code: said where the vault offers it.
        self.no_recovery = note(not_yet(Feature.RECOVERY_CODE))
        self.no_recovery.hide()

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
        recovery_form.addRow(self.tr("&Repeat it:"), self.new_repeat)
        recovery_form.addRow(self.recover_error)
        recovery_form.addRow(self.recover_button)
        self.recovery.hide()

        form = QFormLayout()
        form.addRow(self.tr("&Passphrase:"), self.passphrase)
        column = QVBoxLayout()
        column.addWidget(self.title)
        column.addWidget(self.where)
        column.addWidget(self.background)
        column.addSpacing(12)
        column.addLayout(form)
        column.addWidget(self.error)
        column.addWidget(self.busy)
        column.addWidget(self.unlock_button, alignment=Qt.AlignmentFlag.AlignRight)
        column.addSpacing(12)
        column.addWidget(self.forgot, alignment=Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.no_recovery)
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
        # Enter goes on to the next field, and submits from the last one.
        self.code.returnPressed.connect(self.new_passphrase.setFocus)
        self.new_passphrase.returnPressed.connect(self.new_repeat.setFocus)
        self.new_repeat.returnPressed.connect(self.submit_recovery)
        self.other.clicked.connect(self.other_vault_requested)
        # Only what the form itself refused clears as it is put right; what the vault
        # answered (a wrong passphrase or code) stays until the next try.
        self.refused_by_vault = False
        clear_when_valid(self.error, lambda: bool(self.passphrase.text())
                         and self.error.text() == self.tr("Type the passphrase."),
                         self.passphrase)
        clear_when_valid(self.recover_error, lambda: self.recovery_problem() is None
                         and not self.refused_by_vault, self.new_passphrase, self.new_repeat)

    def refresh(self) -> None:
        """Show which vault (or hub) is to be unlocked and clear old input."""
        hub = self.controller.hub
        if hub is None:
            self.title.setText(self.tr("Unlock the vault"))
            self.where.setText(self.tr("Vault: %s") % self.controller.vault_path)
            self.other.setText(self.tr("Open or create &another vault…"))
        else:
            self.title.setText(self.tr("Unlock the hub"))
            self.where.setText(fill(self.tr("Hub: %1\nCoordinator: %2"), hub.shown(),
                                    hub.coordinator))
            self.other.setText(self.tr("Open a vault or &another hub…"))
        has_code = self.controller.can(Feature.RECOVERY_CODE)
        self.forgot.setVisible(has_code)
        self.no_recovery.setVisible(not has_code)
        if not has_code:
            self.recovery.hide()
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

    def recovery_problem(self) -> str | None:
        """Return what is wrong with the new passphrase typed, or None when it will do."""
        if self.new_passphrase.text() != self.new_repeat.text():
            return self.tr("The two new passphrases are not the same.")
        try:
            check_passphrase_strength(self.new_passphrase.text())
        except ValidationError:
            return self.tr("The new passphrase is too short: use at least 10 characters.")
        return None

    def submit_recovery(self) -> None:
        """Unlock with the recovery code and set the new passphrase, in the worker thread."""
        if not self.recover_button.isEnabled():
            return  # already under way (Enter pressed again)
        problem = self.recovery_problem()
        self.refused_by_vault = False
        if problem is not None:
            self._fail(self.recover_error, problem)
            return
        self.recover_error.hide()
        self._set_busy(True)
        task = self.controller.recover(self.code.text(), self.new_passphrase.text())
        task.failed.connect(self._recover_failed)
        task.succeeded.connect(self._recovered)

    def _unlock_failed(self, exc: object) -> None:
        self._failed(self.error, exc)

    def _recover_failed(self, exc: object) -> None:
        self.refused_by_vault = True
        self._failed(self.recover_error, exc)

    def _unlocked(self, _result: object) -> None:
        self.passphrase.clear()
        self._set_busy(False)
        self._work.clear()
        self.background.hide()

    def work_goes_on(self, names: list[str]) -> None:
        """Say that the vault locked for idle time while this work runs on to its end."""
        for name in names:
            self._work[name] = fill(self.tr(
                "%1 goes on; the keys are dropped as soon as it ends."), self._what(name))
        self._show_work()

    def work_ended(self, name: str, succeeded: bool, outcome: object) -> None:
        """Say how work let finish by an idle-time lock ended."""
        what = self._what(name)
        if succeeded:
            done = self._done(name, outcome)
            text = fill(self.tr("%1 finished while the vault was locked."), what)
            self._work[name] = f"{text} {done}".strip()
        else:
            reason = message_for(outcome if isinstance(outcome, BaseException) else Exception())
            self._work[name] = fill(self.tr("%1 stopped while the vault was locked: %2"),
                                    what, reason)
        self._show_work()

    def _show_work(self) -> None:
        heading_text = self.tr("Locked after a time without use.")
        self.background.setText("\n".join([heading_text, *self._work.values()]))
        self.background.setVisible(bool(self._work))

    def _what(self, name: str) -> str:
        labels = {
            "intake": self.tr("Adding files"),
            "import bundle": self.tr("Importing the bundle"),
            "export bundle": self.tr("Exporting the bundle"),
            "evidence package": self.tr("The evidence package"),
            "redact": self.tr("The redacted copy"),
            "clear redaction": self.tr("Removing the redacted copy"),
            "receipt": self.tr("The receipt"),
            "purge": self.tr("Freeing space"),
            "verify": self.tr("The vault check"),
            "export": self.tr("Saving the original"),
        }
        return labels.get(name, self.tr("The work under way"))

    def _done(self, name: str, outcome: object) -> str:
        if name == "intake" and isinstance(outcome, list):
            return fill(self.tr("Files added: %1."), len(outcome))
        if isinstance(outcome, ImportResult):
            return fill(self.tr("New changes: %1; new originals: %2."),
                        outcome.new_revisions, outcome.new_media)
        return ""

    def _recovered(self, _result: object) -> None:
        self._set_busy(False)
        for field in (self.code, self.new_passphrase, self.new_repeat):
            field.clear()
        self.recovery.hide()
        self.passphrase_reset.emit()

    def _failed(self, label: QLabel, exc: object) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongPassphraseError) and label is self.error:
            message = self.tr("Wrong passphrase. Check the keyboard layout and Caps Lock, "
                              "and try again.")
            if self.controller.hub is not None:  # the hub's words name the coordinator too
                message = " ".join((str(exc), self.tr(
                    "Check the keyboard layout and Caps Lock, and try again.")))
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
