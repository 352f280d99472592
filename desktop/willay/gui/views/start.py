"""First start: create a vault, open an existing vault folder, or open a hub."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import ValidationError
from willay.core.vault.vault import check_passphrase_strength, is_vault
from willay.gui.controller import Controller
from willay.gui.errors import message_for
from willay.gui.passphrase import StrengthMeter
from willay.gui.views.hub_box import HubBox
from willay.gui.widgets import (
    clear_when_valid,
    heading,
    line,
    message_label,
    note,
    secret_field,
)


class StartPage(QWidget):
    """Create a new vault, pick the folder of an existing one, or open a hub."""

    created = Signal(str)
    """Emits: a vault was created; the recovery code to show once."""
    open_requested = Signal(str)
    """Emits: the folder of an existing vault to unlock."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.name = line(self.tr("Your name"))
        self.organization = line(self.tr("Organization"))
        self.passphrase = secret_field(self.tr("Passphrase"))
        self.repeat = secret_field(self.tr("Repeat the passphrase"))
        self.meter = StrengthMeter()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.folder = QLabel()
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_folder = QPushButton(self.tr("Change &folder…"))
        self.change_folder.setAccessibleName(self.tr("Change the folder of the new vault"))
        self.create_button = QPushButton(self.tr("&Create vault"))
        self.create_button.setDefault(True)
        self.create_button.setAccessibleName(self.tr("Create vault"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(self.tr("Creating the vault"))
        self.busy.hide()
        self.error = message_label("createError")
        self.open_button = QPushButton(self.tr("&Open a vault folder…"))
        self.open_button.setAccessibleName(self.tr("Open an existing vault folder"))
        self.open_error = message_label("openError")

        form = QFormLayout()
        form.addRow(self.tr("Your &name:"), self.name)
        form.addRow(self.tr("Or&ganization:"), self.organization)
        form.addRow(self.tr("&Passphrase:"), self.passphrase)
        form.addRow(self.tr("&Repeat passphrase:"), self.repeat)
        form.addRow("", self.meter)
        form.addRow("", self.hint)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.change_folder)
        form.addRow(self.tr("Vault folder:"), folder_row)
        self.name.setMinimumWidth(260)

        create_box = QGroupBox(self.tr("Create a new vault"))
        create_layout = QVBoxLayout(create_box)
        create_layout.addWidget(note(self.tr(
            "Everything you record is kept encrypted in this vault. Without the passphrase "
            "nobody can read it, not even with the laptop in hand.")))
        create_layout.addLayout(form)
        create_layout.addWidget(self.error)
        create_layout.addWidget(self.busy)
        create_layout.addWidget(self.create_button, alignment=Qt.AlignmentFlag.AlignRight)
        create_layout.addStretch(1)  # the hub's column may be the taller one

        open_box = QGroupBox(self.tr("Open an existing vault"))
        open_layout = QVBoxLayout(open_box)
        open_layout.addWidget(note(self.tr(
            "If you already have a vault on this computer or on a drive, choose its folder. "
            "It contains a file named keyring.json.")))
        open_layout.addWidget(self.open_error)
        open_layout.addStretch(1)
        open_layout.addWidget(self.open_button, alignment=Qt.AlignmentFlag.AlignRight)
        self.hub_box = HubBox(self.controller)
        self.hub_box.busy_changed.connect(self._hub_busy)
        others = QVBoxLayout()
        others.addWidget(open_box)
        others.addWidget(self.hub_box)
        others.addStretch(1)

        columns = QHBoxLayout()
        columns.addWidget(create_box, 3)
        columns.addLayout(others, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addWidget(heading(self.tr("Welcome to Willay")))
        layout.addWidget(note(self.tr(
            "An encrypted archive for documenting human-rights violations, kept on this "
            "computer and shared only with the partners you choose.")))
        layout.addSpacing(12)
        layout.addLayout(columns)
        layout.addStretch(1)

        self.passphrase.textChanged.connect(self._update_strength)
        clear_when_valid(self.error, lambda: self.problem() is None, self.passphrase,
                         self.repeat)
        self.create_button.clicked.connect(self.submit)
        # Enter goes on to the next field, and submits from the last one.
        self.name.returnPressed.connect(self.organization.setFocus)
        self.organization.returnPressed.connect(self.passphrase.setFocus)
        self.passphrase.returnPressed.connect(self.repeat.setFocus)
        self.repeat.returnPressed.connect(self.submit)
        self.change_folder.clicked.connect(self._choose_new_folder)
        self.open_button.clicked.connect(self._choose_existing)
        self.setTabOrder(self.name, self.organization)
        self.setTabOrder(self.organization, self.passphrase)
        self.setTabOrder(self.passphrase, self.repeat)
        self.setTabOrder(self.repeat, self.change_folder)
        self.setTabOrder(self.change_folder, self.create_button)
        self.setTabOrder(self.create_button, self.open_button)
        self.refresh()
        self._update_strength("")

    def refresh(self) -> None:
        """Show the folder the new vault will be created in, and the hubs opened before."""
        self.folder.setText(str(self.controller.vault_path))
        self.hub_box.refresh()
        self.name.setFocus()

    def _update_strength(self, text: str) -> None:
        self.hint.setText(self.meter.measure(text))

    def _hub_busy(self, busy: bool) -> None:
        # One archive opens at a time: a vault made meanwhile would take the hub's place.
        for widget in (self.create_button, self.open_button, self.change_folder):
            widget.setEnabled(not busy)

    def _choose_new_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder for the new vault"))
        if chosen:
            self.controller.set_vault_path(Path(chosen) / "willay-vault")
            self.refresh()

    def _choose_existing(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Vault folder"))
        if chosen:
            self.open_folder(Path(chosen))

    def open_folder(self, folder: Path) -> None:
        """Use the vault in ``folder`` if it is one; otherwise say why not."""
        if not is_vault(folder):
            self.open_error.setText(self.tr(
                "This folder is not a Willay vault: it has no keyring.json file."))
            self.open_error.show()
            return
        self.open_error.hide()
        self.open_requested.emit(str(folder))

    def problem(self) -> str | None:
        """Return what keeps the form from creating a vault, or None when it can."""
        passphrase = self.passphrase.text()
        if passphrase != self.repeat.text():
            return self.tr("The two passphrases are not the same.")
        try:
            check_passphrase_strength(passphrase)
        except ValidationError:
            return self.tr("The passphrase is too short: use at least 10 characters "
                           "(a few unrelated words).")
        if self.controller.vault_exists:
            return self.tr("A vault already exists in this folder. Open it instead, or "
                           "choose another folder.")
        return None

    def submit(self) -> None:
        """Check the form and create the vault in the worker thread."""
        passphrase = self.passphrase.text()
        problem = self.problem()
        if problem is not None:
            self._fail(problem)
            return
        self.error.hide()
        self._set_busy(True)
        task = self.controller.create(self.name.text(), self.organization.text(), passphrase)
        task.succeeded.connect(self._created)
        task.failed.connect(self._create_failed)
        task.ended.connect(self._ended)

    def _create_failed(self, exc: object) -> None:
        self._fail(message_for(exc if isinstance(exc, BaseException) else Exception()))

    def _ended(self) -> None:
        self._set_busy(False)

    def _created(self, code: object) -> None:
        self.passphrase.clear()
        self.repeat.clear()
        self.created.emit(str(code))

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.create_button, self.open_button, self.change_folder,
                       self.passphrase, self.repeat, self.hub_box):
            widget.setEnabled(not busy)

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
