"""The inbox: conflicts to resolve, bundles received and sent, receipts and purges."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import WillayError
from willay.core.reconcile.conflicts import ConflictRow, HeadRow
from willay.core.records.queries import ReceivedRow
from willay.core.sharing.delivery import PurgeResult, ReceiptResult
from willay.gui.capabilities import Feature, hold_back
from willay.gui.controller import Controller
from willay.gui.dialogs.export_dialog import default_folder, slug
from willay.gui.dialogs.resolve_dialog import ResolveDialog
from willay.gui.errors import message_for, show_error
from willay.gui.field_names import field_names, learn_organization_labels
from willay.gui.i18n import current_language
from willay.gui.labels import authors_text, fill, size, stamp, unknown_author
from willay.gui.widgets import Outcome, heading, note
from willay.gui.workers import Task

ID_ROLE = Qt.ItemDataRole.UserRole + 9
CONFLICTS, RECEIVED, SENT = range(3)
RECEIVED_CONTENTS = 5  # the column of what an imported bundle carried


def _tree(accessible: str, headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setAccessibleName(accessible)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return tree


class InboxPage(QWidget):
    """Open conflicts, bundles imported and written; receipts, purge, import and verify."""

    import_requested = Signal()
    """Emits: the person asked to import a bundle."""
    export_requested = Signal()
    """Emits: the person asked to export a bundle."""
    verify_requested = Signal()
    """Emits: the person asked to verify the vault."""
    resolved = Signal(str, str)
    """Emits: the kind and id of a record whose conflict was resolved here."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.task: Task | None = None
        self.conflict_rows: dict[str, ConflictRow] = {}
        self.import_button = QPushButton(self.tr("&Import a bundle…"))
        self.import_button.setToolTip(self.tr("Import a bundle (Ctrl+I)"))
        self.export_button = QPushButton(self.tr("E&xport a bundle…"))
        self.export_button.setToolTip(self.tr("Export a bundle (Ctrl+E)"))
        self.verify_button = QPushButton(self.tr("&Verify the hub…") if controller.hub
                                         else self.tr("&Verify the vault…"))
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Inbox"), 2), 1)
        for button in (self.import_button, self.export_button, self.verify_button):
            top.addWidget(button)

        self.conflicts = _tree(self.tr("Open conflicts"), [
            self.tr("Record"), self.tr("Kind"), self.tr("Fields in dispute"),
            self.tr("Versions by"), self.tr("Last change")])
        self.resolve_button = QPushButton(self.tr("&Resolve…"))
        self.resolve_button.setEnabled(False)
        self.no_conflicts = note(self.tr(
            "No conflicts: every record has one current version."))
        conflicts_tab = QWidget()
        box = QVBoxLayout(conflicts_tab)
        box.addWidget(note(self.tr(
            "A conflict happens when a record was changed in two places in different ways. "
            "Changes to different fields are combined by themselves; here are the ones that "
            "need a person to choose.")))
        box.addWidget(self.no_conflicts)
        box.addWidget(self.conflicts, 1)
        row = QHBoxLayout()
        row.addWidget(self.resolve_button)
        row.addStretch(1)
        box.addLayout(row)

        self.received = _tree(self.tr("Bundles received"), [
            self.tr("Imported"), self.tr("From"), self.tr("What"), self.tr("Number"),
            self.tr("Receipt"), self.tr("Contents")])
        self.receipt_button = QPushButton(self.tr("&Write receipt…"))
        self.receipt_button.setEnabled(False)
        self.receipt_button.setToolTip(self.tr(
            "Confirm to the sender what arrived, so they can free space on their computer"))
        self.purge_button = QPushButton(self.tr("&Purge delivered originals…"))
        self.status = Outcome("inboxStatus")
        received_tab = QWidget()
        box = QVBoxLayout(received_tab)
        box.addWidget(self.received, 1)
        row = QHBoxLayout()
        row.addWidget(self.receipt_button)
        row.addWidget(self.purge_button)
        row.addStretch(1)
        box.addLayout(row)

        self.sent = _tree(self.tr("Bundles sent"), [
            self.tr("Written"), self.tr("To"), self.tr("What"), self.tr("Number"),
            self.tr("Profile"), self.tr("Changes"), self.tr("Photos and files")])
        sent_tab = QWidget()
        box = QVBoxLayout(sent_tab)
        box.addWidget(self.sent, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(conflicts_tab, "")
        self.tabs.addTab(received_tab, "")
        self.tabs.addTab(sent_tab, "")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

        self.import_button.clicked.connect(self.import_requested)
        self.export_button.clicked.connect(self.export_requested)
        self.verify_button.clicked.connect(self.verify_requested)
        self.resolve_button.clicked.connect(self._resolve_selected)
        self.conflicts.itemDoubleClicked.connect(self._resolve_selected)
        self.conflicts.currentItemChanged.connect(
            lambda item, _old: self.resolve_button.setEnabled(item is not None))
        self.received.currentItemChanged.connect(self._received_selected)
        self.receipt_button.clicked.connect(self._choose_receipt)
        self.purge_button.clicked.connect(self.confirm_purge)
        self.reload()

    # -- lists -------------------------------------------------------------------
    def reload(self) -> None:
        """Read the conflicts and the bundles again."""
        archive = self.controller.archive
        conflicts = archive.conflicts()
        learn_organization_labels(archive.organization_labels(current_language()))
        kinds = {"incident": self.tr("Incident"), "person": self.tr("Person"),
                 "testimony": self.tr("Testimony"), "media": self.tr("Media"),
                 "custom": self.tr("Organization's fields"),
                 "fieldset": self.tr("Field set")}
        self.conflicts.clear()
        self.conflict_rows = {row.record_id: row for row in conflicts}
        for row in conflicts:
            authors = ", ".join(dict.fromkeys(self.author(h) for h in row.heads))
            disputed = (self.tr("deleted on one side, edited on the other")
                        if row.deleted_vs_edited else field_names(row.fields))
            item = QTreeWidgetItem([row.title or row.record_id[:8], kinds.get(row.kind, row.kind),
                                    disputed, authors, stamp(row.updated, exact=False)])
            item.setData(0, ID_ROLE, row.record_id)
            self.conflicts.addTopLevelItem(item)
        self.no_conflicts.setVisible(not conflicts)
        self.resolve_button.setEnabled(False)
        self.tabs.setTabText(CONFLICTS, fill(self.tr("Conflicts (%1)"), len(conflicts)))

        received = archive.received_bundles()
        self.received.clear()
        for bundle in received:
            item = QTreeWidgetItem([
                stamp(bundle.imported, exact=False), bundle.sender_name or bundle.sender,
                self.tr("Receipt") if bundle.kind == "receipt" else self.tr("Bundle"),
                str(bundle.sequence), self.receipt_state(bundle), self.contents(bundle)])
            item.setData(0, ID_ROLE, bundle.id)
            item.setData(1, ID_ROLE, bundle.sender)
            item.setData(2, ID_ROLE, bundle.kind)
            item.setToolTip(RECEIVED_CONTENTS, self.checked(bundle))
            self.received.addTopLevelItem(item)
        self.receipt_button.setEnabled(False)
        self.tabs.setTabText(RECEIVED, fill(self.tr("Received (%1)"), len(received)))

        sent = archive.sent_bundles()
        profiles = {"full": self.tr("Full evidence"), "anonymized": self.tr("Anonymized"),
                    "receipt": "—"}
        self.sent.clear()
        for written in sent:
            receipt = written.kind == "receipt"
            item = QTreeWidgetItem([
                stamp(written.created, exact=False), ", ".join(written.recipients),
                self.tr("Receipt") if receipt else self.tr("Bundle"),
                str(written.sequence), profiles.get(written.profile, written.profile),
                "—" if receipt else str(written.revisions),
                "—" if receipt else str(written.media)])
            item.setData(0, ID_ROLE, written.id)
            self.sent.addTopLevelItem(item)
        self.tabs.setTabText(SENT, fill(self.tr("Sent (%1)"), len(sent)))
        for tree in (self.conflicts, self.received, self.sent):
            for column in range(tree.columnCount()):
                tree.resizeColumnToContents(column)
            tree.setColumnWidth(0, min(tree.columnWidth(0), 360))
        count, total = archive.purgeable()
        self.purge_button.setEnabled(count > 0)
        self.purge_button.setVisible(count > 0)
        self.purge_button.setToolTip(fill(self.tr(
            "Originals confirmed received by partners, which can be removed here: %1 (%2)"),
            count, size(total)))
        hold_back(self.purge_button, Feature.PURGE, self.controller.can)

    def author(self, head: HeadRow) -> str:
        """Return who wrote a version: a partner's name, or this vault's owner."""
        name = head.author_name or unknown_author(head.author)
        return fill(self.tr("%1 (here)"), name) if head.mine else name

    def receipt_state(self, bundle: ReceivedRow) -> str:
        """Return whether a receipt was written for an imported bundle."""
        if bundle.kind == "receipt":
            return "—"
        return self.tr("Written") if bundle.receipt else self.tr("Not yet")

    def contents(self, bundle: ReceivedRow) -> str:
        """Return what an imported bundle carried, in a few words."""
        summary = bundle.summary
        if bundle.kind == "receipt":
            return fill(self.tr("Items confirmed received: %1"), summary.get("delivered", 0))
        parts = [fill(self.tr("New changes: %1"), summary.get("new_revisions", 0)),
                 fill(self.tr("already known: %1"), summary.get("known_revisions", 0)),
                 fill(self.tr("new photos and files: %1"), summary.get("new_media", 0))]
        if summary.get("merged"):
            parts.append(fill(self.tr("merged: %1"), len(summary["merged"])))
        if summary.get("conflicts"):
            parts.append(fill(self.tr("conflicts: %1"), len(summary["conflicts"])))
        return ", ".join(parts)

    def checked(self, bundle: ReceivedRow) -> str:
        """Return what was checked when a bundle was imported, in plain words."""
        if bundle.kind == "receipt":
            return self.tr("Checked on import: the partner's signature and every part of it.")
        authors = bundle.summary.get("authors")
        if not isinstance(authors, list):  # imported before author signatures
            return self.tr("Checked on import: the partner's signature and every part of it.")
        return fill(self.tr(
            "Checked on import: the partner's signature, every part against its signed list "
            "of contents, and the signature of the person who wrote each change (changes: "
            "%1; written by: %2)."), bundle.summary.get("checked_revisions", 0),
            authors_text([str(a) for a in authors],
                         [str(a) for a in bundle.summary.get("vouched", [])],
                         bundle.sender_name or bundle.sender))

    def show_conflicts(self) -> None:
        """Bring the conflicts tab to the front."""
        self.tabs.setCurrentIndex(CONFLICTS)

    # -- conflicts ---------------------------------------------------------------
    def _resolve_selected(self, *_args: object) -> None:
        item = self.conflicts.currentItem()
        if item is not None:
            self.resolve(str(item.data(0, ID_ROLE)))

    def resolve(self, record_id: str) -> ResolveDialog | None:
        """Open the resolve dialog for a record in conflict."""
        row = self.conflict_rows.get(record_id)
        if row is None:
            return None
        dialog = ResolveDialog(self.controller.archive, row, self)
        dialog.resolved.connect(self._resolved)
        dialog.open()
        return dialog

    def _resolved(self, kind: str, record_id: str) -> None:
        self.reload()
        self.resolved.emit(kind, record_id)

    # -- receipts and purge ------------------------------------------------------
    def _received_selected(self, item: QTreeWidgetItem | None, _old: object) -> None:
        self.receipt_button.setEnabled(item is not None and item.data(2, ID_ROLE) == "data")

    def _choose_receipt(self) -> None:
        item = self.received.currentItem()
        if item is None:
            return
        sender = str(item.data(1, ID_ROLE))
        waiting = self.controller.archive.unconfirmed(sender)
        if waiting > 1:
            self.ask_which_bundles(item, waiting)
        else:
            self.save_receipt(item, for_all=False)

    def ask_which_bundles(self, item: QTreeWidgetItem, waiting: int) -> QMessageBox:
        """Ask whether one receipt should confirm every bundle of the sender still waiting
        for one (the default), only the chosen bundle, or none."""
        partner = item.text(1)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Write receipt"), fill(self.tr(
            "Bundles from %1 without a receipt: %2. One receipt can confirm all of them, so "
            "%1 can free space for every one at once."), partner, waiting), parent=self)
        box.setObjectName("receiptChoice")
        every = box.addButton(fill(self.tr("For all %1"), waiting),
                              QMessageBox.ButtonRole.AcceptRole)
        every.setObjectName("forAll")
        only = box.addButton(self.tr("Only this one"), QMessageBox.ButtonRole.AcceptRole)
        only.setObjectName("onlyThis")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(every)

        def answered(button: QAbstractButton) -> None:
            if button is every or button is only:
                self.save_receipt(item, for_all=button is every)

        box.buttonClicked.connect(answered)
        box.open()
        return box

    def save_receipt(self, item: QTreeWidgetItem, for_all: bool) -> Task | None:
        """Ask where to save the receipt for the chosen bundle (or all the sender's bundles
        without one), then write it in the worker."""
        sender = str(item.data(1, ID_ROLE))
        suffix = "all" if for_all else item.text(3)
        suggested = default_folder() / f"willay-receipt-{slug(item.text(1))}-{suffix}.willay"
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Save the receipt as"),
                                                str(suggested),
                                                self.tr("Willay bundles (*.willay)"))
        if not target:
            return None
        if for_all:
            return self.write_receipt_for_partner(sender, Path(target))
        return self.write_receipt(str(item.data(0, ID_ROLE)), Path(target), sender)

    def write_receipt_for_partner(self, partner: str, target: Path) -> Task | None:
        """Write one signed receipt for every bundle of ``partner`` without one."""
        return self._receipt_task(
            lambda: self.controller.write_receipt_for_partner(partner, target))

    def write_receipt(self, bundle_id: str, target: Path, sender: str | None = None
                      ) -> Task | None:
        """Write a signed receipt for an imported bundle (of ``sender``), in the worker."""
        return self._receipt_task(
            lambda: self.controller.write_receipt(bundle_id, target, sender))

    def _receipt_task(self, start: Callable[[], Task]) -> Task | None:
        try:
            self.task = start()
        except WillayError as exc:
            show_error(self, exc)
            return None
        self.task.succeeded.connect(self._receipt_written)
        self.task.failed.connect(self._task_failed)
        return self.task

    def _receipt_written(self, result: object) -> None:
        if isinstance(result, ReceiptResult):
            if len(result.bundles) > 1:
                text = fill(self.tr(
                    "One receipt for %1 bundles from %2 saved to %3 (items confirmed: %4). "
                    "Give it to them; they can then free space on their computer."),
                    len(result.bundles), result.partner, result.path, result.items)
            else:
                text = fill(self.tr(
                    "Receipt for %1 saved to %2 (items confirmed: %3). Give it to them; they "
                    "can then free space on their computer."), result.partner, result.path,
                    result.items)
            if result.left_out:
                text += " " + fill(self.tr(
                    "Originals not confirmed: %1. Their files here are missing or damaged "
                    "(check the vault), so %2 keeps the copies."), result.left_out,
                    result.partner)
            self.status.say("caution" if result.left_out else "ok", escape(text))
        self.reload()

    def confirm_purge(self) -> QMessageBox:
        """Ask before removing delivered originals; purge on Yes."""
        count, total = self.controller.archive.purgeable()
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Purge delivered originals"),
                          fill(self.tr(
                              "Partners confirmed receiving these originals: %1 (%2). Purging "
                              "removes their files from this computer; their records, "
                              "thumbnails, fingerprints (hashes) and custody log stay, so you "
                              "can still show what they were and who holds them. You will no "
                              "longer be able to open or export those originals here.\n\n"
                              "Purge them now?"), count, size(total)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        box.setObjectName("purgeConfirmation")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("&Purge"))
        box.buttonClicked.connect(self._purge_answered)
        box.open()
        return box

    def _purge_answered(self, button: QAbstractButton) -> None:
        box = self.sender()
        if isinstance(box, QMessageBox) and \
                box.standardButton(button) == QMessageBox.StandardButton.Yes:
            self.purge()

    def purge(self) -> Task | None:
        """Remove delivered originals in the worker."""
        try:
            self.task = self.controller.purge_delivered()
        except WillayError as exc:
            show_error(self, exc)
            return None
        self.task.succeeded.connect(self._purged)
        self.task.failed.connect(self._task_failed)
        return self.task

    def _purged(self, result: object) -> None:
        if isinstance(result, PurgeResult):
            self.status.say("ok", escape(fill(self.tr(
                "Delivered originals removed from this computer: %1 (%2 freed)."),
                result.originals, size(result.bytes))))
        self.reload()

    def _task_failed(self, exc: object) -> None:
        error = exc if isinstance(exc, BaseException) else RuntimeError(str(exc))
        self.status.say("refused", escape(message_for(error)))
