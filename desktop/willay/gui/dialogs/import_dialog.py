"""Import: verify a bundle in the worker, then say in plain words who sent it and what came."""

from __future__ import annotations

import contextlib
from html import escape
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import VerificationError, WillayError
from willay.core.formats.age_header import NO_MATCH, AgeError
from willay.core.progress import Cancelled
from willay.core.records.authorship import AuthorshipError
from willay.core.sharing.bundle import UnsignedFormatError
from willay.core.sharing.receive import (
    BundleConflictError,
    ImportResult,
    NotARecipientError,
    OwnBundleError,
    ReplayError,
    UnknownSenderError,
)
from willay.gui.capabilities import Feature, hold_back
from willay.gui.controller import Controller
from willay.gui.dialogs.task_dialog import TaskDialog
from willay.gui.errors import message_for
from willay.gui.labels import authors_text, fill, size
from willay.gui.widgets import Outcome, buddy_label, heading, note
from willay.gui.workers import Task

CONFLICTS_LINK = "willay:conflicts"


def reason_of(error: BaseException, where: str) -> str:
    """Return a core error's message without the file name it starts with."""
    text = str(error)
    for prefix in (f"{where}: ", f"{where} "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


class ImportDialog(TaskDialog):
    """Check and import one bundle or receipt, with progress, Cancel and the verdict."""

    imported = Signal(object)
    """Emits: the ImportResult of a bundle just checked and imported."""
    conflicts_requested = Signal()
    """Emits: the person asked to see the conflicts in the Inbox."""
    purge_requested = Signal()
    """Emits: the person asked to free the space of delivered originals."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.last_result: ImportResult | None = None
        self.path: Path | None = None
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import a bundle"))
        self.setMinimumWidth(720)
        self.file = QLineEdit()
        self.file.setAccessibleName(self.tr("Bundle file"))
        self.choose_button = QPushButton(self.tr("C&hoose…"))
        row = QHBoxLayout()
        row.addWidget(buddy_label(self.tr("&File:"), self.file))
        row.addWidget(self.file, 1)
        row.addWidget(self.choose_button)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Import progress"))
        self.progress.hide()
        self.outcome = Outcome("importOutcome")
        self.outcome.linkActivated.connect(self._link)
        self.import_button = QPushButton(self.tr("Check and &import"))
        self.import_button.setDefault(True)
        self.anyway_button = QPushButton(self.tr("Import &anyway"))
        self.anyway_button.hide()
        self.purge_button = QPushButton(self.tr("&Purge delivered originals…"))
        self.purge_button.hide()
        self.close_button = QPushButton(self.tr("Close"))
        self.busy_inputs = (self.file, self.choose_button, self.import_button,
                            self.anyway_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.purge_button)
        buttons.addStretch(1)
        buttons.addWidget(self.anyway_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Import a bundle from a partner"), 2))
        layout.addWidget(note(self.tr(
            "Willay first checks who signed the bundle, that nothing in it was altered, and "
            "that it was made for you. Only then does it add what is new. If any check fails, "
            "nothing in your vault changes.")))
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.choose_button.clicked.connect(self._choose)
        self.import_button.clicked.connect(self._import_clicked)
        self.anyway_button.clicked.connect(self._import_anyway)
        self.purge_button.clicked.connect(self._purge)
        self.close_button.clicked.connect(self.close_or_cancel)

    def _choose(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Bundle to import"), self.file.text(),
            self.tr("Willay bundles (*.willay);;All files (*)"))
        if chosen:
            self.file.setText(chosen)

    def _import_clicked(self) -> None:
        if not self.file.text().strip():
            self.outcome.say("refused", escape(self.tr("Choose the bundle file first.")))
            return
        self.start(Path(self.file.text().strip()).expanduser())

    def _import_anyway(self) -> None:
        if self.path is not None:
            self.start(self.path, accept_replay=True)

    # -- work --------------------------------------------------------------------
    def start(self, path: Path, accept_replay: bool = False) -> Task | None:
        """Check and import ``path`` in the worker thread."""
        self.path = path
        self.file.setText(str(path))
        total = 0
        with contextlib.suppress(OSError):
            total = path.stat().st_size
        try:
            self.task = self.controller.import_bundle(path, accept_replay)
        except WillayError as exc:
            self.outcome.say("refused", escape(message_for(exc)))
            return None
        self.start_progress(total)
        self.anyway_button.hide()
        self.purge_button.hide()
        self.outcome.say("plain", escape(self.tr("Checking the bundle…")))
        self.set_busy(True)
        self.task.progressed.connect(self._progressed)
        self.task.succeeded.connect(self._succeeded)
        self.task.failed.connect(self._failed)
        return self.task

    def _progressed(self, done: int) -> None:
        self.show_progress(done, fill(self.tr("Checking and storing… %1"), size(done)))

    def _succeeded(self, result: object) -> None:
        self.set_busy(False)
        self.progress.setValue(self.progress.maximum())
        if not isinstance(result, ImportResult):
            return
        self.last_result = result
        self.import_button.setEnabled(False)
        self.outcome.say("caution" if result.conflicts else "ok", self.describe(result))
        self.purge_button.setVisible(result.kind == "receipt" and result.delivered > 0)
        hold_back(self.purge_button, Feature.PURGE, self.controller.can)
        self.imported.emit(result)

    def describe(self, result: ImportResult) -> str:
        """Return the verdict and what changed, in plain words (HTML)."""
        partner = self.controller.archive.partner(result.fingerprint)
        organization = partner.organization if partner is not None else ""
        who = f"{result.signer}, {organization}" if organization else result.signer
        parts = ["<b>" + escape(fill(self.tr(
            "Checked: this bundle comes from %1 (fingerprint %2), it was not altered, and "
            "it is for you."), who, result.fingerprint)) + "</b>"]
        if partner is not None and not partner.verified:
            parts.append(escape(self.tr(
                "You have not yet compared this partner's fingerprint in person; do it at "
                "your next meeting (Partners page).")))
        if result.already_imported:
            parts.append(escape(self.tr(
                "You imported this bundle before. This copy was read in full again and every "
                "part matches what you imported; nothing changed.")))
            return "<br>".join(parts)
        if result.kind != "receipt":
            parts.append(escape(fill(self.tr(
                "Each change carries the signature of the person who wrote it, and every "
                "signature was checked (changes: %1). Written by: %2."),
                result.checked_revisions, authors_text(result.authors, result.vouched,
                                                       result.signer))))
        if result.replayed:
            parts.append(escape(self.tr(
                "It was imported although it is older than the last bundle from them, as you "
                "asked.")))
        if result.kind == "receipt":
            parts.append(escape(fill(self.tr(
                "%1 confirmed receiving what you sent (items: %2). You may now free space on "
                "this computer: Purge delivered originals."), result.signer, result.delivered)))
            return "<br>".join(parts)
        counts = [
            fill(self.tr("New changes: %1"), result.new_revisions),
            fill(self.tr("Already known: %1"), result.known_revisions),
            fill(self.tr("New photos and files: %1"), result.new_media),
            fill(self.tr("Records merged automatically: %1"), len(result.merged)),
        ]
        parts.append("<ul style='margin:0'>" + "".join(
            f"<li>{escape(line)}</li>" for line in counts) + "</ul>")
        if result.conflicts:
            parts.append("<b>" + escape(fill(self.tr(
                "New conflicts: %1 (records changed differently here and there)."),
                len(result.conflicts))) + "</b> " + f"<a href='{CONFLICTS_LINK}'>" + escape(
                self.tr("Resolve them in the Inbox")) + "</a>")
        else:
            parts.append(escape(self.tr("No conflicts.")))
        return "".join(parts[:1]) + "<br>" + "<br>".join(parts[1:])

    def _failed(self, exc: object) -> None:
        self.set_busy(False)
        self.progress.hide()
        where = str(self.path) if self.path is not None else ""
        if isinstance(exc, Cancelled):
            self.outcome.say("caution", escape(self.tr(
                "Import cancelled; nothing was changed.")))
            return
        if isinstance(exc, ReplayError):
            self.outcome.say("caution", escape(self.tr(
                "This bundle is not newer than the last one you imported from this partner. "
                "It may be an old copy, or someone may be showing you an old bundle again. "
                "Nothing was changed. If you know it is a bundle you have not imported (for "
                "example, bundles arrived out of order), choose Import anyway.")))
            self.anyway_button.show()
            self.anyway_button.setFocus()
            return
        if isinstance(exc, VerificationError):
            self.outcome.say("refused", self.refusal(exc, where))
            return
        error = exc if isinstance(exc, BaseException) else RuntimeError(str(exc))
        self.outcome.say("refused", escape(fill(self.tr("Not imported: %1"),
                                                message_for(error))))

    def refusal(self, error: VerificationError, where: str) -> str:
        """Return why a bundle was refused, in plain words (HTML)."""
        title = self.tr("This bundle could not be verified.")
        if (isinstance(error, AgeError) and error.kind == NO_MATCH) \
                or isinstance(error, NotARecipientError):
            explain = self.tr(
                "It was not made for you: only the partners it was sealed for can open it. "
                "Ask the sender to export a bundle for you.")
        elif isinstance(error, UnknownSenderError):
            explain = self.tr(
                "It is signed by someone who is not among your partners. If you expected it, "
                "meet the sender, compare their fingerprint aloud, add their card on the "
                "Partners page, and import again.")
        elif isinstance(error, OwnBundleError):
            explain = self.tr("It was written by this vault; there is nothing to import.")
        elif isinstance(error, UnsignedFormatError):
            explain = self.tr(
                "It was made by an earlier version of Willay, whose changes do not carry the "
                "signature of the person who wrote them. Ask the sender to update Willay and "
                "send you a new bundle.")
        elif isinstance(error, BundleConflictError):
            explain = self.tr(
                "This partner already sent you a different bundle with the same number. "
                "This one may have been altered; ask the sender which one is right.")
        elif isinstance(error, AuthorshipError):
            explain = self.tr(
                "It holds a change that claims to be written by someone whose signature it "
                "does not carry. Someone may be trying to put words in another person's "
                "mouth. Tell the sender, in person.")
        else:
            explain = self.tr("It was altered or damaged on the way, or it is not a Willay "
                              "bundle.")
        details = fill(self.tr("Details: %1"), reason_of(error, where))
        return ("<b>" + escape(title) + "</b><br>" + escape(explain) + "<br>"
                + escape(self.tr("Nothing in your vault was changed.")) + "<br>"
                + f"<span style='color:#555'>{escape(details)}</span>")

    def _link(self, target: str) -> None:
        if target == CONFLICTS_LINK:
            self.conflicts_requested.emit()
            self.accept()

    def _purge(self) -> None:
        self.purge_requested.emit()
        self.accept()

