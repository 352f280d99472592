"""The one top-level window: start, recovery code, unlock, or the unlocked workspace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from willay import __version__
from willay.gui import i18n
from willay.gui.controller import Controller
from willay.gui.dialogs.about_dialog import AboutDialog
from willay.gui.dialogs.settings_dialog import SettingsDialog
from willay.gui.dialogs.unsaved import Draft, RecordEditor
from willay.gui.idle import IdleWatcher, LockKey
from willay.gui.recording_recovery import keep_recordings_set_aside
from willay.gui.views.recovery_code import RecoveryCodePage
from willay.gui.views.start import StartPage
from willay.gui.views.unlock import UnlockPage
from willay.gui.views.workspace import Workspace
from willay.gui.workers import Task

MIN_WIDTH, MIN_HEIGHT = 1000, 640


class MainWindow(QMainWindow):
    """Shows the page that fits the vault's state; owns the controller's life."""

    language_changed = Signal(str)
    """Emits: the window was rebuilt in another language ("es" or "en")."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("willayWindow")
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        self.resize(1366, 768)
        self.idle = IdleWatcher(self)
        self.idle.idle.connect(self.auto_lock)
        self.lock_key = LockKey(self)
        self.lock_key.pressed.connect(self._lock_key_pressed)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
            app.installEventFilter(self.lock_key)
        self.workspace: Workspace | None = None
        # What editors kept as drafts at the last lock: record ids only, no typed text.
        self.drafts: list[Draft] = []
        self.recovering: Task | None = None
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self._build_pages()
        controller.unlocked.connect(self._unlocked)
        controller.about_to_lock.connect(self._keep_drafts)
        controller.locked.connect(self._locked)
        controller.ended_while_locked.connect(self._ended_while_locked)
        self._apply_settings()
        self.show_entry()

    def _build_pages(self) -> None:
        self.setWindowTitle(self.tr("Willay %s") % __version__)
        self.start = StartPage(self.controller)
        self.recovery = RecoveryCodePage()
        self.unlock_page = UnlockPage(self.controller)
        for page in (self.start, self.recovery, self.unlock_page):
            self.stack.addWidget(page)
        self.start.created.connect(self._created)
        self.start.open_requested.connect(self._open_folder)
        self.recovery.confirmed.connect(self.controller.confirm_created)
        self.unlock_page.other_vault_requested.connect(self.show_start)
        self.unlock_page.passphrase_reset.connect(self._passphrase_reset)
        self.reset_to_announce = False
        self._build_menu()

    def _build_menu(self) -> None:
        """The Help menu, rebuilt with the pages when the language changes."""
        self.menuBar().clear()
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = help_menu.addAction(self.tr("&About Willay"))
        self.about_action.triggered.connect(self.open_about)

    def _apply_settings(self) -> None:
        minutes = self.controller.settings.autolock_minutes
        self.idle.set_period(minutes * 60_000)
        if not self.controller.is_unlocked:
            self.idle.stop()

    # -- pages -------------------------------------------------------------------
    def show_entry(self) -> None:
        """Show unlock if a hub is chosen or the vault folder holds a vault, else the start
        page."""
        if self.controller.is_unlocked and self.workspace is not None:
            self.stack.setCurrentWidget(self.workspace)
        elif self.controller.hub is not None or self.controller.vault_exists:
            self.unlock_page.refresh()
            self.stack.setCurrentWidget(self.unlock_page)
        else:
            self.show_start()

    def show_start(self) -> None:
        """Show the page to create or open a vault."""
        self.start.refresh()
        self.stack.setCurrentWidget(self.start)

    def _open_folder(self, folder: str) -> None:
        self.controller.set_vault_path(Path(folder))
        self.show_entry()

    def _created(self, code: str) -> None:
        self.recovery.show_code(code)
        self.stack.setCurrentWidget(self.recovery)

    def _unlocked(self) -> None:
        self._drop_workspace()
        self.workspace = Workspace(self.controller)
        self.workspace.lock_requested.connect(self.lock)
        self.workspace.settings_requested.connect(self.open_settings)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        if self.drafts:
            self.workspace.show_drafts(self.drafts)
            self.drafts = []
        notes = self.controller.take_lock_notes()
        if notes:
            self.workspace.announce(" ".join(notes))
        self.recovering = keep_recordings_set_aside(self.controller, self.workspace, notes)
        if self.reset_to_announce:
            self.workspace.passphrase_was_reset()
            self.reset_to_announce = False
        self.idle.restart()

    def _passphrase_reset(self) -> None:
        # The vault may report itself unlocked before or after the recovery task ends.
        if self.workspace is not None and self.controller.is_unlocked:
            self.workspace.passphrase_was_reset()
        else:
            self.reset_to_announce = True

    def _drop_workspace(self) -> None:
        if self.workspace is not None:
            # Close editors and viewers first: nothing showing records may outlive the lock.
            # Editors close without asking: their changes were kept as drafts just before.
            for child in self.workspace.findChildren(QWidget):
                if child.isWindow():
                    discard = getattr(child, "discard", None)
                    if callable(discard):
                        discard()
                    else:
                        child.close()
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None

    def _locked(self) -> None:
        self._drop_workspace()
        self.idle.stop()
        self.unlock_page.refresh()
        self.stack.setCurrentWidget(self.unlock_page)

    def lock(self) -> None:
        """Lock the vault now (Ctrl+L, the Lock button): running work is cancelled."""
        self.controller.lock()

    def _lock_key_pressed(self) -> None:
        if self.controller.is_unlocked:
            self.lock()

    def _keep_drafts(self) -> None:
        """Before any lock: every open editor keeps its unsaved changes inside the vault."""
        if self.workspace is None:
            return
        for child in self.workspace.findChildren(RecordEditor):
            if child.isVisible():
                draft = child.keep_draft()
                if draft is not None:
                    self.drafts.append(draft)

    def auto_lock(self) -> None:
        """Lock for idle time: records go at once, work under way runs to its end."""
        kept = self.controller.lock(finish_work=True)
        if kept:
            self.unlock_page.work_goes_on(kept)

    def _ended_while_locked(self, name: str, succeeded: bool, outcome: object) -> None:
        self.unlock_page.work_ended(name, succeeded, outcome)

    # -- settings ----------------------------------------------------------------
    def open_settings(self) -> SettingsDialog:
        """Open the settings dialog."""
        dialog = SettingsDialog(self.controller.settings, self)
        dialog.changed.connect(self._settings_changed)
        dialog.open()
        return dialog

    def open_about(self) -> AboutDialog:
        """Open the About dialog: versions and licenses of Willay and its components."""
        dialog = AboutDialog(self)
        dialog.open()
        return dialog

    def _settings_changed(self) -> None:
        self._apply_settings()
        language = i18n.resolve(self.controller.settings.language)
        if language != i18n.current_language():
            self.retranslate(language)

    def retranslate(self, language: str) -> None:
        """Switch language by rebuilding every page; the vault stays as it is."""
        i18n.install(language)
        unlocked = self.controller.is_unlocked
        self._drop_workspace()
        for page in (self.start, self.recovery, self.unlock_page):
            self.stack.removeWidget(page)
            page.deleteLater()
        self._build_pages()
        if unlocked:
            self._unlocked()
        else:
            self.show_entry()
        self.language_changed.emit(language)

    # -- exit --------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop the worker thread and lock before the window goes."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
            app.removeEventFilter(self.lock_key)
        self._drop_workspace()
        self.controller.shutdown()
        super().closeEvent(event)
