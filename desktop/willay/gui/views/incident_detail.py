"""One incident in full: summary, testimonies, people, media, history and custody."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from willay.core.records import authorship
from willay.core.records.queries import Change, TestimonyRow
from willay.core.reference import dates
from willay.core.reports.evidence_package import PackageResult
from willay.gui.capabilities import Feature, hold_back, not_yet
from willay.gui.controller import Controller
from willay.gui.errors import show_error
from willay.gui.field_names import field_names
from willay.gui.i18n import current_language
from willay.gui.labels import excerpt, fill, place, stamp, term, terms, unknown_author
from willay.gui.models.gallery import GalleryModel
from willay.gui.models.paged import ID_ROLE
from willay.gui.views import html
from willay.gui.views.drop import DropGallery, setup_gallery
from willay.gui.workers import Task

# Where a custody row keeps the full SHA-256 of its original (the column shows a prefix).
SHA256_ROLE = Qt.ItemDataRole.UserRole + 7

CUSTODY_ACTIONS = {
    "created": QT_TRANSLATE_NOOP("IncidentDetail", "Created"),
    "revised": QT_TRANSLATE_NOOP("IncidentDetail", "Revised"),
    "deleted": QT_TRANSLATE_NOOP("IncidentDetail", "Deleted"),
    "media_added": QT_TRANSLATE_NOOP("IncidentDetail", "Original added"),
    "media_exported": QT_TRANSLATE_NOOP("IncidentDetail", "Original exported"),
    "derivative_made": QT_TRANSLATE_NOOP("IncidentDetail", "Copy derived"),
    "purged": QT_TRANSLATE_NOOP("IncidentDetail", "Original purged"),
    "exported": QT_TRANSLATE_NOOP("IncidentDetail", "Sent in a bundle"),
    "imported": QT_TRANSLATE_NOOP("IncidentDetail", "Received in a bundle"),
    "receipt_received": QT_TRANSLATE_NOOP("IncidentDetail", "Receipt received"),
    "redaction_removed": QT_TRANSLATE_NOOP("IncidentDetail", "Redacted copy removed"),
    "evidence_packaged": QT_TRANSLATE_NOOP("IncidentDetail", "Evidence package made"),
    "restored": QT_TRANSLATE_NOOP("IncidentDetail", "Original added again after its purge"),
    "original_seen": QT_TRANSLATE_NOOP("IncidentDetail", "Original seen"),
}


class IncidentDetail(QWidget):
    """The detail pane of the incidents page."""

    edit_requested = Signal(str)
    """Emits: the incident to open in the editor."""
    testimony_requested = Signal(str, str)
    """Emits: incident id and testimony id to edit ("" for a new testimony)."""
    person_requested = Signal(str)
    """Emits: a person to show."""
    media_requested = Signal(str)
    """Emits: a media item to open in the viewer."""
    files_dropped = Signal(str, list)
    """Emits: the incident and the local files dropped or chosen for it."""
    add_files_requested = Signal(str)
    """Emits: the incident to which files should be added (with a file dialog)."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.incident_id: str | None = None
        self.summary = QTextBrowser()
        self.summary.setOpenLinks(False)
        self.summary.setAccessibleName(self.tr("Incident summary"))
        self.testimonies = QListWidget()
        self.testimonies.setAccessibleName(self.tr("Testimonies"))
        self.testimonies.setWordWrap(True)
        self.people = QListWidget()
        self.people.setAccessibleName(self.tr("People"))
        self.gallery_model = GalleryModel(controller.archive, [], self)
        self.gallery = DropGallery()
        setup_gallery(self.gallery)
        self.gallery.setModel(self.gallery_model)
        self.gallery.setAccessibleName(self.tr("Media of the incident"))
        self.history = self._tree([self.tr("Time"), self.tr("Author"), self.tr("Signature"),
                                   self.tr("Changed fields")], self.tr("History"))
        self.custody = self._tree([self.tr("Time"), self.tr("Event"), self.tr("Item"),
                                   self.tr("SHA-256")], self.tr("Custody"))
        self.custody.headerItem().setToolTip(3, self.tr("SHA-256 of the original"))
        self.custody.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.custody.customContextMenuRequested.connect(self.copy_sha256)
        self.edit_button = QPushButton(self.tr("&Edit"))
        self.edit_button.setAccessibleName(self.tr("Edit the incident"))
        self.testimony_button = QPushButton(self.tr("Add &testimony…"))
        self.files_button = QPushButton(self.tr("Add &files…"))
        self.files_button.setAccessibleName(self.tr("Add photos, audio or documents"))
        self.package_button = QPushButton(self.tr("Evidence &package…"))
        self.package_button.setAccessibleName(self.tr(
            "Write an evidence package of this incident for lawyers"))
        self.package_task: Task | None = None
        self.package_box: QMessageBox | None = None

        media_tab = QWidget()
        media_layout = QVBoxLayout(media_tab)
        hint = QLabel(self.tr("Drop photos, voice notes, videos or documents here to add them "
                              "as evidence. The originals are kept encrypted, byte for byte."))
        hint.setWordWrap(True)
        media_layout.addWidget(hint)
        media_layout.addWidget(self.gallery, 1)
        hold_back(self.files_button, Feature.ORIGINALS, controller.can)
        hold_back(self.package_button, Feature.EVIDENCE, controller.can)
        if not controller.can(Feature.ORIGINALS):
            hint.setText(not_yet(Feature.ORIGINALS))
            self.gallery.accepting = False

        self.tabs = QTabWidget()
        self.tabs.addTab(self.summary, self.tr("Summary"))
        self.tabs.addTab(self.testimonies, self.tr("Testimonies"))
        self.tabs.addTab(self.people, self.tr("People"))
        self.tabs.addTab(media_tab, self.tr("Media"))
        self.tabs.addTab(self.history, self.tr("History"))
        self.tabs.addTab(self.custody, self.tr("Custody"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.testimony_button)
        buttons.addWidget(self.files_button)
        buttons.addStretch(1)
        # What goes out to lawyers sits under the tabs: the row above keeps room for the
        # everyday actions when the detail pane gives way to the list.
        outputs = QHBoxLayout()
        outputs.addStretch(1)
        outputs.addWidget(self.package_button)
        self.empty = QLabel(self.tr("Choose an incident in the list, or create one with "
                                    "New incident (Ctrl+N)."))
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QWidget()
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(buttons)
        body_layout.addWidget(self.tabs, 1)
        body_layout.addLayout(outputs)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.body, 1)
        self.body.hide()

        self.edit_button.clicked.connect(lambda: self._emit_for(self.edit_requested.emit))
        self.testimony_button.clicked.connect(
            lambda: self._emit_for(lambda i: self.testimony_requested.emit(i, "")))
        self.files_button.clicked.connect(lambda: self._emit_for(self.add_files_requested.emit))
        self.package_button.clicked.connect(self.choose_package)
        self.testimonies.itemActivated.connect(self._testimony_activated)
        self.people.itemActivated.connect(
            lambda item: self.person_requested.emit(str(item.data(ID_ROLE))))
        self.gallery.activated.connect(
            lambda index: self.media_requested.emit(str(index.data(ID_ROLE))))
        self.gallery.files_dropped.connect(self._dropped)
        self.setAcceptDrops(False)

    def _tree(self, headers: list[str], accessible: str) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderLabels(headers)
        tree.setRootIsDecorated(False)
        tree.setAlternatingRowColors(True)
        tree.setAccessibleName(accessible)
        return tree

    def author_text(self, change: Change) -> str:
        """Return who wrote a revision, as a person reads it."""
        known = change.known_author
        name = (known.name or (known.card.name if known.card else "")) if known else ""
        name = name or change.author_name
        if known is None or not name:
            return unknown_author(change.author)
        if known.how == authorship.OWN:
            return fill(self.tr("%1 (this hub)") if self.controller.hub is not None
                        else self.tr("%1 (this vault)"), name)
        if known.how == authorship.VOUCHED:
            return fill(self.tr("%1 (vouched for by %2)"), name, known.vouched_by)
        return name

    def seal_text(self, change: Change, detailed: bool = False) -> str:
        """Return what checking a revision's signature found, briefly or in full."""
        seal = change.seal
        if seal is not None and seal.state == authorship.SIGNED:
            return self.tr("Checked") if not detailed else fill(
                self.tr("Signed by its author, %1; the signature was checked."),
                self.author_text(change))
        if seal is not None and seal.state == authorship.ATTESTED:
            by = (self.author_text(change) if seal.signed_by == change.author
                  else self.tr("this vault"))
            return self.tr("Attested") if not detailed else fill(
                self.tr("Written before changes were signed by their authors: %1 attested "
                        "that it held this version when Willay was updated, which is not "
                        "the author's signature. The attestation was checked."), by)
        reason = seal.reason if seal is not None else ""
        return self.tr("NOT VALID") if not detailed else fill(
            self.tr("The signature does not hold: %1. Use Verify the vault in the Inbox."),
            reason)

    def copy_sha256(self, position: QPoint) -> None:
        """Offer to copy the full SHA-256 of the original under the pointer."""
        item = self.custody.itemAt(position)
        sha256 = item.data(3, SHA256_ROLE) if item is not None else None
        if not sha256:
            return
        menu = QMenu(self.custody)
        action = menu.addAction(self.tr("Copy SHA-256"))
        if menu.exec(self.custody.viewport().mapToGlobal(position)) is action:
            QGuiApplication.clipboard().setText(str(sha256))

    def _emit_for(self, emit: object) -> None:
        if self.incident_id and callable(emit):
            emit(self.incident_id)

    def _dropped(self, paths: list[Path]) -> None:
        if self.incident_id:
            self.files_dropped.emit(self.incident_id, paths)

    def _testimony_count(self, testimonies: list[TestimonyRow]) -> str:
        waiting = sum(1 for t in testimonies if t.to_transcribe)
        if not waiting:
            return str(len(testimonies))
        return fill(self.tr("%1 (%2 to transcribe)"), len(testimonies), waiting)

    def _testimony_activated(self, item: QListWidgetItem) -> None:
        if self.incident_id:
            self.testimony_requested.emit(self.incident_id, str(item.data(ID_ROLE)))

    # -- evidence package --------------------------------------------------------
    def choose_package(self) -> None:
        """Ask where to write the package; it goes into a new folder there."""
        if not self.incident_id:
            return
        parent = QFileDialog.getExistingDirectory(
            self, self.tr("Choose where to write the evidence package"))
        if parent:
            self.make_package(new_package_folder(Path(parent), self.incident_id))

    def make_package(self, out_dir: Path) -> Task | None:
        """Write the shown incident's evidence package into the new ``out_dir``, in the worker."""
        if not self.incident_id or self.package_task is not None:
            return None
        self.package_task = self.controller.evidence_package([self.incident_id], out_dir)
        self.package_button.setEnabled(False)
        self.package_button.setText(self.tr("Writing the package…"))
        self.package_task.succeeded.connect(self._packaged)
        self.package_task.failed.connect(self._package_failed)
        self.package_task.ended.connect(self._package_ended)
        return self.package_task

    def _package_ended(self) -> None:
        self.package_task = None
        self.package_button.setEnabled(True)
        self.package_button.setText(self.tr("Evidence &package…"))

    def _packaged(self, result: object) -> None:
        if not isinstance(result, PackageResult):
            return
        text = self.tr(
            "The evidence package was written to %1: %2 originals, byte for byte, and %3 "
            "signed record files, with a PDF summary and the custody log.").replace(
            "%1", str(result.path)).replace("%2", str(result.originals)).replace(
            "%3", str(result.records))
        if result.withheld:
            text += "\n\n" + self.tr(
                "%1 testimonies or people were left out: their consent does not cover legal "
                "use. The summary names them by id only.").replace("%1", str(result.withheld))
        text += "\n\n" + self.tr(
            "The folder is not encrypted: keep it safe. To check it, run inside it: "
            "sha256sum -c SHA256SUMS and minisign -Vm SHA256SUMS -p minisign.pub")
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Evidence package"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("evidencePackageDone")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.package_box = box
        box.open()

    def _package_failed(self, exc: object) -> None:
        self.package_box = show_error(self, exc if isinstance(exc, BaseException) else str(exc),
                                      self.tr("Evidence package"))

    def clear(self) -> None:
        """Show nothing."""
        self.incident_id = None
        self.body.hide()
        self.empty.show()

    def show_incident(self, incident_id: str) -> None:
        """Read and show one incident with everything linked to it."""
        archive = self.controller.archive
        view = archive.record(incident_id)
        if view.fields is None:
            self.clear()
            return
        self.incident_id = incident_id
        f = view.fields
        links = archive.links(incident_id)
        span = dates.from_fields(f["occurred"])
        precision = {"day": self.tr("exact day"), "month": self.tr("month"),
                     "approximate": self.tr("approximate")}.get(span.precision, "")
        where = f["place"]
        coords = (f"{where['latitude']}, {where['longitude']}"
                  if where.get("latitude") else "")
        self.summary.setHtml(
            html.title(f["title"])
            + html.rows([
                (self.tr("Occurred"), f"{span.label()} ({precision})"),
                (self.tr("District"), place(where.get("ubigeo"))),
                (self.tr("Place"), where.get("text", "")),
                (self.tr("Coordinates"), coords),
                (self.tr("Violations"), terms("violations", f["violations"])),
                (self.tr("Perpetrators"), terms("perpetrators", f["perpetrators"])),
                (self.tr("Killed"), str(f["killed"])),
                (self.tr("Injured"), str(f["injured"])),
                (self.tr("Detained"), str(f["detained"])),
                (self.tr("Status"), term("incident_status", f["status"])),
                (self.tr("Testimonies"), self._testimony_count(links.testimonies)),
                (self.tr("Media"), str(len(links.media))),
            ])
            + html.paragraphs(f["narrative"])
            + html.organization_rows(*archive.custom_shown(incident_id, "incident",
                                                           current_language()))
        )
        self.testimonies.clear()
        for t in links.testimonies:
            who = t.witness_pseudonym or t.witness_name
            about = [who, term("languages", t.language), term("consent_scopes", t.consent),
                     t.recorded_date or ""]
            item = QListWidgetItem(" — ".join(a for a in about if a) + "\n" + excerpt(t))
            item.setData(ID_ROLE, t.id)
            self.testimonies.addItem(item)
        self.people.clear()
        for p in links.people:
            label = p.full_name + (f" ({p.pseudonym})" if p.pseudonym else "")
            item = QListWidgetItem(f"{label} — {terms('person_roles', p.roles)}")
            item.setData(ID_ROLE, p.id)
            self.people.addItem(item)
        owners = [incident_id, *(t.id for t in links.testimonies)]
        self.gallery_model.reload(owners, keep_owner=False)
        self.history.clear()
        for change in archive.changes(incident_id):
            fields = (self.tr("deleted") if change.deleted
                      else field_names(change.changed))
            line = QTreeWidgetItem([stamp(change.time), self.author_text(change),
                                    self.seal_text(change), fields])
            line.setToolTip(1, fill(self.tr("Author's fingerprint: %1"), change.author))
            line.setToolTip(2, self.seal_text(change, detailed=True))
            self.history.addTopLevelItem(line)
        self.custody.clear()
        media_ids = [m.id for m in links.media]
        names = {m.id: m.original_name for m in links.media}
        for event in archive.custody([incident_id, *media_ids]):
            action = self.tr(str(CUSTODY_ACTIONS.get(event.action, event.action)))
            if event.coordinator:
                action = fill(self.tr("%1, by %2"), action, event.coordinator)
            sha256 = event.original_sha256
            line = QTreeWidgetItem([
                stamp(event.time), action,
                names.get(event.record_id or "", self.tr("incident")),
                f"{sha256[:16]}…" if sha256 else ""])
            if sha256:
                line.setData(3, SHA256_ROLE, sha256)
                line.setToolTip(3, fill(self.tr("SHA-256 of the original: %1 (right-click to "
                                                "copy)"), sha256))
            self.custody.addTopLevelItem(line)
        for tree in (self.history, self.custody):
            for column in range(tree.columnCount() - 1):
                tree.resizeColumnToContents(column)
        self.empty.hide()
        self.body.show()


def new_package_folder(parent: Path, incident_id: str) -> Path:
    """Return a folder name inside ``parent`` not yet taken, for one incident's package."""
    base = f"evidencia-{incident_id[:8]}-{date.today().isoformat()}"
    candidate = parent / base
    number = 2
    while candidate.exists():
        candidate = parent / f"{base}-{number}"
        number += 1
    return candidate
