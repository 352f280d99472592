"""Settings: language and auto-lock. Nothing about records is stored."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from willay.gui.settings import MAX_AUTOLOCK_MINUTES, AppSettings
from willay.gui.widgets import note


class SettingsDialog(QDialog):
    """Choose the language and the idle time before the vault locks."""

    changed = Signal()
    """Emits: settings were saved."""

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        self.language.addItem(self.tr("As the system (Spanish or English)"), "system")
        self.language.addItem("Español", "es")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.autolock = QSpinBox()
        self.autolock.setAccessibleName(self.tr("Minutes before locking"))
        self.autolock.setRange(0, MAX_AUTOLOCK_MINUTES)
        self.autolock.setSpecialValueText(self.tr("Never"))
        self.autolock.setSuffix(self.tr(" min"))
        self.autolock.setValue(settings.autolock_minutes)
        form = QFormLayout()
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow(self.tr("Lock after &idle:"), self.autolock)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note(self.tr(
            "The vault locks by itself after this many minutes without keyboard or mouse "
            "input, and at once with Ctrl+L. Locking closes the archive and forgets the keys.")))
        layout.addWidget(buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

    def save(self) -> None:
        """Store the settings and close."""
        self.settings.language = str(self.language.currentData())
        self.settings.autolock_minutes = self.autolock.value()
        self.changed.emit()
        self.accept()
