"""The recovery code, shown once, with a check that it was written down."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QVBoxLayout, QWidget

from willay.gui.widgets import heading, line, message_label, note


def _compact(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _groups(code: str) -> list[str]:
    return [group for group in re.split(r"[-\s]+", code) if group]


class RecoveryCodePage(QWidget):
    """Shows the recovery code and asks to type back its last group."""

    confirmed = Signal()
    """Emits: the person confirmed the recovery code is written down."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code = ""
        self.code_label = QLabel()
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(self.font().pointSizeF() * 1.8)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setAccessibleName(self.tr("Recovery code"))
        self.code_label.setStyleSheet("background: #fff8e1; border: 1px solid #c9a227; "
                                      "padding: 16px;")
        self.written = QCheckBox(self.tr("I have &written the recovery code on paper"))
        self.written.setAccessibleName(self.tr("I have written the recovery code on paper"))
        self.last_group = line(self.tr("Last group of the recovery code"))
        self.last_group.setMaxLength(8)
        self.last_group.setMaximumWidth(160)
        self.error = message_label("recoveryCheckError")
        self.done = QPushButton(self.tr("&Continue"))
        self.done.setEnabled(False)
        self.done.setAccessibleName(self.tr("Continue to the archive"))
        self.prompt = QLabel(self.tr("Type the &last group of four characters:"))
        self.prompt.setBuddy(self.last_group)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(96, 48, 96, 48)
        layout.addWidget(heading(self.tr("Your recovery code")))
        layout.addWidget(note(self.tr(
            "If you ever forget the passphrase, this code is the only way back into the "
            "vault. It is shown now and never again. Write it on paper and keep it apart "
            "from this computer; whoever holds it can open the vault.")))
        layout.addSpacing(12)
        layout.addWidget(self.code_label)
        layout.addSpacing(12)
        layout.addWidget(self.written)
        layout.addWidget(self.prompt)
        layout.addWidget(self.last_group)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.done, alignment=Qt.AlignmentFlag.AlignRight)

        self.written.toggled.connect(self._update)
        self.last_group.textChanged.connect(self._update)
        self.done.clicked.connect(self._confirm)
        self.last_group.returnPressed.connect(self._enter)

    def show_code(self, code: str) -> None:
        """Show a new recovery code and reset the checks."""
        self._code = code
        groups = _groups(code)
        self.code_label.setText("-".join(groups[:4]) + "-\n" + "-".join(groups[4:]))
        self.written.setChecked(False)
        self.last_group.clear()
        self.error.hide()
        self._update()

    def expected_group(self) -> str:
        """Return the group the person must type back."""
        groups = _groups(self._code)
        return groups[-1] if groups else ""

    def _update(self) -> None:
        typed = _compact(self.last_group.text())
        self.done.setEnabled(self.written.isChecked() and len(typed) == 4)

    def _enter(self) -> None:
        # Enter in the last group does what Continue does, once Continue may be used.
        if self.done.isEnabled():
            self._confirm()
        elif not self.written.isChecked():
            self.error.setText(self.tr("First tick the box once the code is written on paper."))
            self.error.show()

    def _confirm(self) -> None:
        if _compact(self.last_group.text()) != _compact(self.expected_group()):
            self.error.setText(self.tr(
                "That is not the last group of the code. Check what you wrote down."))
            self.error.show()
            return
        self._code = ""
        self.code_label.clear()
        self.confirmed.emit()
