"""The start page's way into a hub: its address, the coordinator's name and passphrase."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import ValidationError, WrongPassphraseError
from willay.core.vault.hub_keys import check_name
from willay.gui.controller import Controller
from willay.gui.errors import message_for
from willay.gui.hub_profile import HubProfile
from willay.gui.widgets import clear_when_valid, line, message_label, note, secret_field

EXAMPLE_ADDRESS = "postgresql://rosa_huaman@hub.example.org/willay"


class HubBox(QGroupBox):
    """Open the organization's hub as one of its coordinators; the hubs opened before are
    offered, the last one first."""

    busy_changed = Signal(bool)
    """Emits: opening the hub started (True) or ended (False)."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setTitle(self.tr("Open your organization's hub"))
        self.address = QComboBox()
        self.address.setEditable(True)
        self.address.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.address.setAccessibleName(self.tr("Address of the hub"))
        self.address.setMinimumContentsLength(24)
        self.address.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        edit = self.address.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(EXAMPLE_ADDRESS)
        self.coordinator = line(self.tr("Your name on the hub"), "rosa_huaman")
        self.passphrase = secret_field(self.tr("Your passphrase on the hub"))
        self.open_button = QPushButton(self.tr("Open the h&ub"))
        self.open_button.setAccessibleName(self.tr("Open the hub"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(self.tr("Opening the hub"))
        self.busy.hide()
        self.error = message_label("hubError")

        form = QFormLayout()
        form.addRow(self.tr("Hub a&ddress:"), self.address)
        form.addRow(self.tr("Coordina&tor:"), self.coordinator)
        form.addRow(self.tr("Pa&ssphrase:"), self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(note(self.tr(
            "A hub is your organization's archive on a PostgreSQL server, shared by its "
            "coordinators. Willay remembers its address and your name, never a password: "
            "the database's own password goes in ~/.pgpass or PGPASSWORD.")))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addWidget(self.open_button, alignment=Qt.AlignmentFlag.AlignRight)

        self.address.activated.connect(self._chosen)
        if edit is not None:
            edit.returnPressed.connect(self.coordinator.setFocus)
        self.coordinator.returnPressed.connect(self.passphrase.setFocus)
        self.passphrase.returnPressed.connect(self.submit)
        self.open_button.clicked.connect(self.submit)
        # What the form refused clears as it is put right; what the hub answered stays.
        self.refused_by_hub = False
        clear_when_valid(self.error, lambda: not self.refused_by_hub and self.problem() is None,
                         self.coordinator, self.passphrase)
        self.refresh()

    def refresh(self) -> None:
        """Offer the hubs opened before, the last one filled in."""
        hubs = self.controller.settings.hubs
        self.address.clear()
        for profile in hubs:
            self.address.addItem(profile.shown(), profile)
        if hubs:
            self._fill(hubs[0])
        else:
            self.address.setEditText("")

    def _chosen(self, index: int) -> None:
        profile = self.address.itemData(index)
        if isinstance(profile, HubProfile):
            self._fill(profile)
            self.passphrase.setFocus()

    def _fill(self, profile: HubProfile) -> None:
        self.address.setEditText(profile.address)
        edit = self.address.lineEdit()
        if edit is not None:
            edit.setCursorPosition(0)  # the start says which server; a long end can wait
        self.coordinator.setText(profile.coordinator)

    def profile(self) -> HubProfile:
        """The hub and coordinator as typed."""
        return HubProfile(self.address.currentText().strip(), self.coordinator.text().strip())

    def problem(self) -> str | None:
        """Return what keeps the form from opening a hub, or None when it can try."""
        profile = self.profile()
        if not profile.address:
            return self.tr("Type the hub's address, such as %1.").replace("%1", EXAMPLE_ADDRESS)
        try:
            check_name(profile.coordinator)
        except ValidationError as exc:
            return str(exc)
        if not self.passphrase.text():
            return self.tr("Type your passphrase on the hub.")
        return None

    def submit(self) -> None:
        """Open the hub as the coordinator typed, in the worker thread."""
        if not self.open_button.isEnabled():
            return  # already under way (Enter pressed again)
        self.refused_by_hub = False
        problem = self.problem()
        if problem is not None:
            self._fail(problem)
            return
        self.error.hide()
        self.controller.set_hub(self.profile())
        self._set_busy(True)
        task = self.controller.unlock(self.passphrase.text())
        task.failed.connect(self._refused)
        task.succeeded.connect(self._opened)
        task.ended.connect(self._ended)

    def _opened(self, _result: object) -> None:
        self.passphrase.clear()

    def _ended(self) -> None:
        self._set_busy(False)

    def _refused(self, exc: object) -> None:
        self.refused_by_hub = True
        message = message_for(exc if isinstance(exc, BaseException) else Exception())
        if isinstance(exc, WrongPassphraseError):
            message = " ".join((message, self.tr(
                "Check the name, the keyboard layout and Caps Lock, and try again.")))
            self.passphrase.selectAll()
            self.passphrase.setFocus()
        self._fail(message)

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.address, self.coordinator, self.passphrase, self.open_button):
            widget.setEnabled(not busy)
        self.busy_changed.emit(busy)
