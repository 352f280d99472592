"""The unlocked archive: navigation, the search box, and the section pages."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import WillayError
from willay.core.vault.writer_lock import Holder
from willay.gui.capabilities import Feature, not_yet
from willay.gui.controller import Controller
from willay.gui.dialogs.coordinators_dialog import CoordinatorsDialog
from willay.gui.dialogs.export_dialog import ExportDialog
from willay.gui.dialogs.fieldsets_dialog import FieldSetsDialog
from willay.gui.dialogs.import_dialog import ImportDialog
from willay.gui.dialogs.incident_editor import IncidentEditor
from willay.gui.dialogs.media_viewer import MediaViewer
from willay.gui.dialogs.person_editor import PersonEditor
from willay.gui.dialogs.testimony_editor import TestimonyEditor
from willay.gui.dialogs.unsaved import Draft
from willay.gui.dialogs.verify_dialog import VerifyDialog
from willay.gui.errors import show_error
from willay.gui.intake import Intake
from willay.gui.labels import fill
from willay.gui.views.drop import dropped_paths
from willay.gui.views.duplicates import DuplicatesPage
from willay.gui.views.inbox import InboxPage
from willay.gui.views.incidents import IncidentsPage
from willay.gui.views.media_page import MediaPage
from willay.gui.views.not_yet import NotYetPage
from willay.gui.views.partners import PartnersPage
from willay.gui.views.people import PeoplePage
from willay.gui.views.reports import ReportsPage
from willay.gui.views.search import SearchPage
from willay.gui.widgets import Outcome, line

INCIDENTS, PEOPLE, MEDIA, PARTNERS, INBOX, REPORTS, SEARCH = range(7)
DUPLICATES = 7


class Workspace(QWidget):
    """Everything shown while the vault is unlocked."""

    lock_requested = Signal()
    """Emits: the person asked to lock the vault."""
    settings_requested = Signal()
    """Emits: the person asked for the settings."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.intake: Intake | None = None
        self.nav = QListWidget()
        self.nav.setAccessibleName(self.tr("Sections"))
        self.nav.setFixedWidth(140)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setIconSize(QSize(20, 20))
        for text in (self.tr("Incidents"), self.tr("People"), self.tr("Media"),
                     self.tr("Partners"), self.tr("Inbox"), self.tr("Reports"),
                     self.tr("Search"), self.tr("Duplicates")):
            item = QListWidgetItem(text)
            item.setSizeHint(QSize(160, 34))
            self.nav.addItem(item)
        self.search_box = line(self.tr("Search"), self.tr("Search (Ctrl+F)"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(320)
        self.owner = QLabel()
        self.lock_button = QPushButton(self.tr("Loc&k"))
        on_hub = controller.hub is not None
        self.lock_button.setToolTip(self.tr("Lock the hub (Ctrl+L)") if on_hub
                                    else self.tr("Lock the vault (Ctrl+L)"))
        self.lock_button.setAccessibleName(self.tr("Lock the hub") if on_hub
                                           else self.tr("Lock the vault"))
        self.settings_button = QPushButton(self.tr("Settin&gs"))
        self.fieldsets_button = self._fieldsets_button()
        self.coordinators_button = self._coordinators_button()

        self.incidents = IncidentsPage(controller)
        self.people = PeoplePage(controller)
        self.media = MediaPage(controller)
        self.partners = PartnersPage(controller)
        self.search = SearchPage(controller)
        self.inbox = InboxPage(controller)
        self.reports = ReportsPage(controller)
        self.duplicates = DuplicatesPage(controller)
        self.stack = QStackedWidget()
        self._fill_stack()

        top = QHBoxLayout()
        top.addWidget(self.owner, 1)
        for widget in (self.search_box, self.fieldsets_button, self.coordinators_button,
                       self.settings_button, self.lock_button):
            top.addWidget(widget)
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        # Said while work waits for another window or command that is changing the vault.
        self.waiting = Outcome("waitingForWriter")
        layout.addWidget(self.waiting)
        # Said after unlocking when editors open at the lock kept their changes as drafts.
        self.drafts_row = QWidget()
        drafts_layout = QHBoxLayout(self.drafts_row)
        drafts_layout.setContentsMargins(0, 0, 0, 0)
        self.drafts_note = Outcome("draftsKept")
        self.drafts_done = QPushButton(self.tr("OK"))
        self.drafts_done.setAccessibleName(self.tr("Close the note about drafts"))
        drafts_layout.addWidget(self.drafts_note, 1)
        drafts_layout.addWidget(self.drafts_done, 0, Qt.AlignmentFlag.AlignTop)
        self.drafts_row.hide()
        self.drafts_done.clicked.connect(self.drafts_row.hide)
        layout.addWidget(self.drafts_row)
        # Said when something finished that shows nowhere else: files added, passphrase set.
        self.notice_row = QWidget()
        notice_layout = QHBoxLayout(self.notice_row)
        notice_layout.setContentsMargins(0, 0, 0, 0)
        self.notice = Outcome("workspaceNotice")
        self.notice_done = QPushButton(self.tr("OK"))
        self.notice_done.setAccessibleName(self.tr("Close the note"))
        notice_layout.addWidget(self.notice, 1)
        notice_layout.addWidget(self.notice_done, 0, Qt.AlignmentFlag.AlignTop)
        self.notice_row.hide()
        self.notice_done.clicked.connect(self.notice_row.hide)
        layout.addWidget(self.notice_row)
        layout.addLayout(body, 1)

        self.nav.currentRowChanged.connect(self.show_section)
        self.search_box.returnPressed.connect(self._search_from_box)
        self.lock_button.clicked.connect(self.lock_requested)
        self.settings_button.clicked.connect(self.settings_requested)
        self.incidents.new_requested.connect(lambda: self.edit_incident(None))
        self.incidents.detail.edit_requested.connect(self.edit_incident)
        self.incidents.detail.testimony_requested.connect(self.edit_testimony)
        self.incidents.detail.person_requested.connect(self.open_person)
        self.incidents.detail.media_requested.connect(self.open_media)
        self.incidents.detail.files_dropped.connect(self.add_files)
        self.incidents.detail.add_files_requested.connect(self._choose_files)
        self.people.new_requested.connect(lambda: self.edit_person(None))
        self.people.edit_requested.connect(self.edit_person)
        self.people.testimony_requested.connect(lambda t: self.edit_testimony("", t))
        self.media.media_requested.connect(self.open_media)
        self.search.open_requested.connect(self.open_record)
        self.partners.partners.export_requested.connect(self.open_export)
        self.inbox.import_requested.connect(self.open_import)
        self.inbox.export_requested.connect(self.open_export)
        self.inbox.verify_requested.connect(self.open_verify)
        self.inbox.resolved.connect(self.controller.notify_changed)
        self.setAcceptDrops(True)
        controller.records_changed.connect(self._changed)
        controller.waiting_for_writer.connect(self.show_waiting)

        shortcuts = (("Ctrl+F", self.focus_search), ("Ctrl+N", lambda: self.edit_incident(None)),
                     ("Ctrl+E", lambda: self._if_can(Feature.BUNDLES, self.open_export)),
                     ("Ctrl+I", lambda: self._if_can(Feature.BUNDLES, self.open_import)))
        for keys, slot in shortcuts:
            QShortcut(QKeySequence(keys), self, slot,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # Ctrl+L (lock) is heard by the window in every dialog: see idle.LockKey.
        for number in range(self.nav.count()):
            QShortcut(QKeySequence(f"Ctrl+{number + 1}"), self,
                      lambda n=number: self.nav.setCurrentRow(n),
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self._show_owner()
        self.nav.setCurrentRow(INCIDENTS)

    def _fill_stack(self) -> None:
        # A section a hub lacks yet says so in its place (see capabilities); its page waits.
        needs = {MEDIA: Feature.ORIGINALS, PARTNERS: Feature.BUNDLES, INBOX: Feature.BUNDLES,
                 DUPLICATES: Feature.DUPLICATES}
        for number, page in enumerate((self.incidents, self.people, self.media, self.partners,
                                       self.inbox, self.reports, self.search, self.duplicates)):
            shown: QWidget = page
            feature = needs.get(number)
            if feature is not None and not self.controller.can(feature):
                page.setParent(self)
                page.hide()
                shown = NotYetPage(self.nav.item(number).text(), feature)
            self.stack.addWidget(shown)

    def _show_owner(self) -> None:
        status = self.controller.archive.own_card()
        self.owner.setText(f"<b>Willay</b> — {status.name} · {status.organization}"
                           if status.name else "<b>Willay</b>")
        hub = self.controller.hub
        if hub is not None:
            self.owner.setText(self.owner.text() + " · " + escape(fill(
                self.tr("on the hub, as %1"), hub.coordinator)))

    def show_drafts(self, drafts: list[Draft]) -> None:
        """Say which editors open at the last lock kept their changes as drafts (or not)."""
        lines = []
        for draft in drafts:
            if draft.record_id is None:
                text = fill(self.tr("What you were typing in “%1” could not be saved as a "
                                    "draft, and is lost."), draft.window_title)
                if draft.kind == "testimony":
                    text += " " + self.tr("A testimony can be kept only once its witness "
                                          "is chosen.")
                lines.append(text)
                continue
            name = self.controller.archive.title_of(draft.record_id, draft.kind)
            if draft.kind == "testimony":
                name = fill(self.tr("testimony of %1"), name)
            lines.append(fill(self.tr(
                "What you were typing in “%1” was saved as a draft."), name))
        if not lines:
            return
        tone = "caution" if any(d.record_id is None for d in drafts) else "ok"
        self.drafts_note.say(tone, "<br>".join(escape(text) for text in lines))
        self.drafts_row.show()

    # -- navigation --------------------------------------------------------------
    def show_waiting(self, holder: object) -> None:
        """Say for whom work waits (a writer_lock Holder), or clear it (None)."""
        if not isinstance(holder, Holder):
            self.waiting.hide()
            return
        doing = {
            "intake": self.tr("adding files"), "import": self.tr("importing a bundle"),
            "export": self.tr("exporting a bundle"),
            "purge": self.tr("removing delivered originals"),
            "redaction": self.tr("making a redacted copy"),
            "cleanup": self.tr("tidying the vault's files"),
        }.get(holder.activity, self.tr("changing it"))
        if holder.here:
            who = self.tr("another task in this window")
        elif holder.pid is None:
            who = self.tr("another Willay window or command")
        else:
            who = fill(self.tr("another Willay window or command (process %1, %2 since %3)"),
                       holder.pid, doing, holder.since or "?")
        self.waiting.say("caution", escape(fill(self.tr(
            "The vault is being changed by %1. Your work waits for it and goes on by itself "
            "when it has finished (after two minutes it stops, and nothing is changed)."),
            who)))

    def show_section(self, number: int) -> None:
        """Show one section and refresh what it lists."""
        if self.nav.currentRow() != number:
            self.nav.setCurrentRow(number)
            return
        self.stack.setCurrentIndex(number)
        page = self.stack.currentWidget()
        # A page that can tell whether its contents still hold refreshes itself by its
        # own judgement (the duplicate search is long); the others read again.
        refresh = getattr(page, "revisit", None) or getattr(page, "reload", None)
        if callable(refresh) and page is not self.search:
            refresh()

    def focus_search(self) -> None:
        """Put the cursor in the search box (Ctrl+F)."""
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _search_from_box(self) -> None:
        self.show_section(SEARCH)
        self.search.search_for(self.search_box.text())

    def open_record(self, kind: str, record_id: str) -> None:
        """Open a search result where it belongs."""
        if kind == "incident":
            self.show_section(INCIDENTS)
            self.incidents.show_incident(record_id)
        elif kind == "person":
            self.open_person(record_id)
        elif kind == "testimony":
            self.edit_testimony("", record_id)
        elif kind == "media":
            self.open_media(record_id)

    def open_person(self, person_id: str) -> None:
        """Show a person on the people page."""
        self.show_section(PEOPLE)
        self.people.show_person(person_id)

    # -- editors -----------------------------------------------------------------
    def edit_incident(self, incident_id: str | None) -> IncidentEditor:
        """Open the incident editor (new when ``incident_id`` is None)."""
        editor = IncidentEditor(self.controller.archive, incident_id, self)
        editor.saved.connect(self._incident_saved)
        self._come_back_to(editor, self.incidents.table)
        editor.open()
        return editor

    def _come_back_to(self, editor: QDialog, fallback: QAbstractItemView) -> None:
        """Once ``editor`` closes, put the focus back on the list it was opened from (the
        one focused now, or ``fallback``), not wherever the window would put it."""
        focus = QApplication.focusWidget()
        target = focus if isinstance(focus, QAbstractItemView) and self.isAncestorOf(focus) \
            else fallback
        # After the closing dialog has handed the focus back to the window; the timer
        # goes with the list if the workspace goes (a lock).
        editor.finished.connect(lambda _result: QTimer.singleShot(0, target, target.setFocus))

    def _incident_saved(self, incident_id: str) -> None:
        self.controller.notify_changed("incident", incident_id)

    def edit_person(self, person_id: str | None) -> PersonEditor:
        """Open the person editor."""
        editor = PersonEditor(self.controller.archive, person_id, self)
        editor.saved.connect(self._person_saved)
        self._come_back_to(editor, self.people.table)
        editor.open()
        return editor

    def _person_saved(self, person_id: str) -> None:
        self.controller.notify_changed("person", person_id)

    def edit_testimony(self, incident_id: str, testimony_id: str) -> TestimonyEditor:
        """Open the testimony editor for a new ("") or existing testimony."""
        editor = TestimonyEditor(self.controller.archive, [incident_id] if incident_id else [],
                                 testimony_id or None, self, controller=self.controller)
        editor.saved.connect(self._testimony_saved)
        self._come_back_to(editor, self.incidents.detail.testimonies if incident_id
                           else self.people.testimonies)
        editor.open()
        return editor

    def _testimony_saved(self, testimony_id: str) -> None:
        self.controller.notify_changed("testimony", testimony_id)

    def open_media(self, media_id: str) -> MediaViewer:
        """Open the viewer of a media item."""
        viewer = MediaViewer(self.controller, media_id, self)
        viewer.open()
        return viewer

    # -- bundles -----------------------------------------------------------------
    def _fieldsets_button(self) -> QPushButton:
        button = QPushButton(self.tr("Fiel&d sets"))
        button.setAccessibleName(self.tr("Your organization's field sets"))
        button.clicked.connect(self.open_fieldsets)
        return button

    def _coordinators_button(self) -> QPushButton:
        button = QPushButton(self.tr("Coordina&tors"))
        button.setAccessibleName(self.tr("The hub's coordinators"))
        button.clicked.connect(self.open_coordinators)
        if not self.controller.can(Feature.COORDINATORS):
            button.hide()
        return button

    def open_coordinators(self) -> CoordinatorsDialog:
        """Show the hub's coordinators (add one, remove one)."""
        dialog = CoordinatorsDialog(self.controller, self)
        dialog.open()
        return dialog

    def _if_can(self, feature: Feature, then: Callable[[], object]) -> None:
        """Do ``then``, or say plainly that the hub does not have ``feature`` yet."""
        if self.controller.can(feature):
            then()
        else:
            self.notice.say("caution", escape(not_yet(feature)))
            self.notice_row.show()

    def open_fieldsets(self) -> FieldSetsDialog:
        """Show the organization's field sets (make, import, choose, write to a file)."""
        dialog = FieldSetsDialog(self.controller.archive, self)
        dialog.changed.connect(lambda: self._changed("fieldset", ""))
        dialog.open()
        return dialog

    def open_export(self, fingerprint: str = "") -> ExportDialog:
        """Open the export dialog (with ``fingerprint``'s partner ticked, if given)."""
        dialog = ExportDialog(self.controller, fingerprint, self)
        dialog.exported.connect(self._bundles_changed)
        dialog.open()
        return dialog

    def open_import(self, path: Path | None = None) -> ImportDialog:
        """Open the import dialog; with ``path`` the bundle is checked at once."""
        dialog = ImportDialog(self.controller, self)
        dialog.conflicts_requested.connect(self.show_conflicts)
        dialog.purge_requested.connect(self._purge_requested)
        dialog.open()
        if isinstance(path, Path):
            dialog.start(path)
        return dialog

    def open_verify(self) -> VerifyDialog:
        """Check the whole vault in the worker and show what holds."""
        dialog = VerifyDialog(self.controller, self)
        dialog.open()
        return dialog

    def show_conflicts(self) -> None:
        """Show the inbox at its conflicts."""
        self.show_section(INBOX)
        self.inbox.show_conflicts()

    def _purge_requested(self) -> None:
        self.show_section(INBOX)
        self.inbox.confirm_purge()

    def _bundles_changed(self, _result: object = None) -> None:
        self.inbox.reload()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept a bundle file (.willay) dragged onto the window."""
        if any(path.suffix == ".willay" for path in dropped_paths(event)):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Import a bundle file dropped onto the window."""
        bundles = [path for path in dropped_paths(event) if path.suffix == ".willay"]
        if bundles:
            event.acceptProposedAction()
            self._if_can(Feature.BUNDLES, lambda: self.open_import(bundles[0]))

    def _choose_files(self, incident_id: str) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self, self.tr("Add files as evidence"))
        if chosen:
            self.add_files(incident_id, [Path(p) for p in chosen])

    def add_files(self, record_id: str, paths: list[Path]) -> Intake | None:
        """Encrypt files into the vault, attached to a record, in the worker thread."""
        try:
            self.intake = Intake(self.controller, record_id, paths, self)
        except WillayError as exc:
            show_error(self, exc)
            return None
        self.intake.finished.connect(self._files_added)
        return self.intake

    def _files_added(self, added: list[object]) -> None:
        if added:
            self.announce(self.tr("1 file added.") if len(added) == 1
                          else fill(self.tr("%1 files added."), len(added)))

    def announce(self, text: str) -> None:
        """Say that something finished well, above the pages, until it is closed."""
        self.notice.say("ok", escape(text))
        self.notice_row.show()

    def passphrase_was_reset(self) -> None:
        """Say that the new passphrase is set and the recovery code still holds."""
        self.announce(self.tr("The new passphrase is set: use it from now on. The recovery "
                              "code stays valid."))

    def _changed(self, kind: str, record_id: str) -> None:
        if kind in ("incident", "bundle") and self.stack.currentWidget() is self.reports:
            self.reports.reload()
        if kind == "incident":
            self.incidents.reload(record_id)
        elif kind in ("testimony", "media"):
            self.incidents.reload()
            if kind == "media":
                self.media.reload()
        elif kind == "person":
            self.people.reload(record_id if self.stack.currentWidget() is self.people
                               else None)
        elif kind == "bundle":
            self.incidents.reload()
            self.people.reload()
            self.media.reload()
            self.inbox.reload()
