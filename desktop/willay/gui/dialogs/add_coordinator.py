"""Add a coordinator to the hub: their name, their own passphrase (typed twice, by them),
and which testimonies they may read."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import ValidationError
from willay.core.vault.hub import Hub
from willay.core.vault.hub_access import CLEARANCES
from willay.core.vault.hub_keys import Coordinator, check_name
from willay.core.vault.vault import check_passphrase_strength
from willay.gui.controller import Controller
from willay.gui.errors import message_for
from willay.gui.passphrase import StrengthMeter
from willay.gui.widgets import line, message_label, note, secret_field

# Each clearance in field words: its short name, and what a coordinator cleared for it reads.
CLEARANCE_WORDS = {
    "partners": (QT_TRANSLATE_NOOP("Clearance", "Partners"), QT_TRANSLATE_NOOP(
        "Clearance", "Reads the testimonies whose consent lets them go to partners, and the "
        "public ones.")),
    "legal": (QT_TRANSLATE_NOOP("Clearance", "Legal use"), QT_TRANSLATE_NOOP(
        "Clearance", "Reads those, and the testimonies given for legal use: for a lawyer, "
        "the prosecutor or the Inter-American Commission.")),
    "internal": (QT_TRANSLATE_NOOP("Clearance", "Internal"), QT_TRANSLATE_NOOP(
        "Clearance", "Reads every testimony, also those kept only inside the organization.")),
    "": (QT_TRANSLATE_NOOP("Clearance", "Everything (the hub's owner)"), QT_TRANSLATE_NOOP(
        "Clearance", "Connects as the database role that made the hub, which is not "
        "limited.")),
}


def clearance_name(clearance: str) -> str:
    """The short name of a clearance, in the window's language."""
    name, _meaning = CLEARANCE_WORDS.get(clearance, (clearance, ""))
    return QCoreApplication.translate("Clearance", str(name))


def clearance_meaning(clearance: str) -> str:
    """What a coordinator of ``clearance`` may read, in the window's language."""
    _name, meaning = CLEARANCE_WORDS.get(clearance, ("", ""))
    return QCoreApplication.translate("Clearance", str(meaning)) if meaning else ""


class AddCoordinatorDialog(QDialog):
    """Give a new coordinator their own copy of the organization's keys, and a database
    role cleared for what they may read."""

    added = Signal(object)
    """Emits: the Coordinator just added (its clearance filled in)."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("addCoordinatorDialog")
        self.setWindowTitle(self.tr("Add a coordinator"))
        self.setMinimumWidth(560)
        self.name = line(self.tr("Name of the new coordinator"), "juan_quispe")
        self.passphrase = secret_field(self.tr("Their passphrase"))
        self.repeat = secret_field(self.tr("Their passphrase again"))
        self.meter = StrengthMeter()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.clearance = QComboBox()
        self.clearance.setAccessibleName(self.tr("What they may read"))
        for clearance in CLEARANCES:
            self.clearance.addItem(clearance_name(clearance), clearance)
        self.meaning = note("")
        self.meaning.setObjectName("clearanceMeaning")
        self.error = message_label("addCoordinatorError")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(self.tr("Adding the coordinator"))
        self.busy.hide()
        self.buttons = QDialogButtonBox()
        self.add_button = QPushButton(self.tr("Add coordi&nator"))
        self.add_button.setDefault(True)
        self.buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        form = QFormLayout()
        form.addRow(self.tr("Na&me:"), self.name)
        form.addRow("", note(self.tr("Lower-case letters, digits and _, starting with a "
                                     "letter: it also names their database role.")))
        form.addRow(self.tr("&Passphrase:"), self.passphrase)
        form.addRow(self.tr("R&epeat it:"), self.repeat)
        form.addRow("", self.meter)
        form.addRow("", self.hint)
        form.addRow(self.tr("May &read:"), self.clearance)
        form.addRow("", self.meaning)
        layout = QVBoxLayout(self)
        layout.addWidget(note(self.tr(
            "The new coordinator types their own passphrase here, with you beside them: "
            "nobody else should know it. It opens their own copy of the organization's keys; "
            "Willay keeps no passphrase.")))
        layout.addLayout(form)
        layout.addWidget(note(self.tr(
            "Incidents and people are for every coordinator; what a coordinator may read "
            "limits the testimonies, and the database itself holds them to it.")))
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons, alignment=Qt.AlignmentFlag.AlignRight)

        self.passphrase.textChanged.connect(self._measure)
        self.clearance.currentIndexChanged.connect(self._explain)
        self.name.returnPressed.connect(self.passphrase.setFocus)
        self.passphrase.returnPressed.connect(self.repeat.setFocus)
        self.repeat.returnPressed.connect(self.submit)
        self.add_button.clicked.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self._measure("")
        self._explain()

    def _measure(self, text: str) -> None:
        self.hint.setText(self.meter.measure(text))

    def _explain(self) -> None:
        self.meaning.setText(clearance_meaning(str(self.clearance.currentData())))

    def problem(self) -> str | None:
        """Return what keeps the form from adding the coordinator, or None."""
        try:
            check_name(self.name.text().strip())
            if self.passphrase.text() != self.repeat.text():
                return self.tr("The two passphrases are not the same.")
            check_passphrase_strength(self.passphrase.text())
        except ValidationError as exc:
            return str(exc)
        return None

    def submit(self) -> None:
        """Check the form and add the coordinator in the worker (Argon2id takes a second)."""
        if not self.add_button.isEnabled():
            return  # already under way
        problem = self.problem()
        if problem is not None:
            self._fail(problem)
            return
        self.error.hide()
        name, passphrase = self.name.text().strip(), self.passphrase.text()
        clearance = str(self.clearance.currentData())

        def work(hub: Hub, _ctx: object) -> Coordinator:
            added = hub.add_coordinator(name, passphrase, clearance)
            return Coordinator(added.name, added.added, added.added_by, clearance)

        self._set_busy(True)
        task = self.controller.hub_task("add coordinator", work)
        task.succeeded.connect(self._added)
        task.failed.connect(self._refused)
        task.ended.connect(self._ended)

    def _added(self, coordinator: object) -> None:
        self.passphrase.clear()
        self.repeat.clear()
        self.added.emit(coordinator)
        self.accept()

    def _refused(self, exc: object) -> None:
        self._fail(message_for(exc if isinstance(exc, BaseException) else Exception()))

    def _ended(self) -> None:
        self._set_busy(False)

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for widget in (self.name, self.passphrase, self.repeat, self.clearance,
                       self.add_button):
            widget.setEnabled(not busy)
