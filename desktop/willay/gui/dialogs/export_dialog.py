"""Export: choose partners and what to send, seal a bundle in the worker, say what went."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import WillayError
from willay.core.progress import Cancelled
from willay.core.sharing.send import ExportResult
from willay.gui.controller import Controller
from willay.gui.dialogs.task_dialog import TaskDialog
from willay.gui.errors import message_for
from willay.gui.labels import fill, size, term
from willay.gui.rows import PartnerRow
from willay.gui.widgets import Outcome, buddy_label, heading, note
from willay.gui.workers import Task

FINGERPRINT_ROLE = Qt.ItemDataRole.UserRole + 7


def slug(text: str) -> str:
    """Return ``text`` as a file-name part: plain letters, digits and dashes."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "partner"


def default_folder() -> Path:
    """Return where bundles are suggested: the Documents folder, else the home folder."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def suggested_path(folder: Path, names: list[str], today: date | None = None) -> Path:
    """Return ``willay-<name>-<date>.willay`` in ``folder``, numbered if it exists."""
    stem = f"willay-{slug('-'.join(names) if names else 'partner')}-" \
           f"{(today or date.today()).isoformat()}"
    candidate = folder / f"{stem}.willay"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}.willay"
        number += 1
    return candidate


class ExportDialog(TaskDialog):
    """Seal a bundle for one or more partners, with progress and Cancel."""

    exported = Signal(object)
    """Emits: the ExportResult of a bundle just written."""

    def __init__(self, controller: Controller, preselect: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.last_result: ExportResult | None = None
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export a bundle"))
        self.partner_rows: dict[str, PartnerRow] = {}

        self.partners = QTreeWidget()
        self.partners.setAccessibleName(self.tr("Partners to send to"))
        # The fingerprint tells apart two partners of one name (an old card and a new one).
        self.partners.setHeaderLabels([self.tr("Partner"), self.tr("Organization"),
                                       self.tr("Fingerprint"),
                                       self.tr("Receives"), self.tr("Consent scope"),
                                       self.tr("Checked in person")])
        self.partners.setRootIsDecorated(False)
        self.partners.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.partners.setMinimumHeight(90)
        self.partners.setMaximumHeight(200)
        profiles = {"full": self.tr("Full evidence"), "anonymized": self.tr("Anonymized")}
        for partner in controller.archive.partners():
            self.partner_rows[partner.fingerprint] = partner
            item = QTreeWidgetItem([partner.name, partner.organization, partner.fingerprint,
                                    profiles.get(partner.profile, partner.profile),
                                    term("consent_scopes", partner.scope),
                                    self.tr("Yes") if partner.verified else self.tr("No")])
            item.setData(0, FINGERPRINT_ROLE, partner.fingerprint)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = partner.fingerprint == preselect or (
                not preselect and len(self.partner_rows) == 1)
            item.setCheckState(0, Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.partners.addTopLevelItem(item)
        for column in range(self.partners.columnCount()):
            self.partners.resizeColumnToContents(column)
        # Wide enough for every column whole (names, fingerprints), as far as the screen goes.
        needed = sum(self.partners.columnWidth(c) for c in range(self.partners.columnCount()))
        room = int(self.screen().availableGeometry().width() * 0.95)
        self.setMinimumWidth(min(room, max(880, needed + 2 * self.partners.frameWidth() + 40)))
        self.unchecked_warning = Outcome("uncheckedWarning")

        self.only_new = QRadioButton(self.tr("Only what is &new for them (usual)"))
        self.everything = QRadioButton(self.tr("&Everything they may receive, again"))
        self.only_new.setChecked(True)
        self.scope = QButtonGroup(self)
        self.scope.addButton(self.only_new)
        self.scope.addButton(self.everything)
        self.profile = QComboBox()
        self.profile.setAccessibleName(self.tr("Profile"))
        self.profile.addItem(self.tr("As set for the partner"), None)
        self.profile.addItem(self.tr("Anonymized this time"), "anonymized")
        self.profile.addItem(self.tr("Full evidence this time"), "full")
        self.file = QLineEdit()
        self.file.setAccessibleName(self.tr("Bundle file"))
        self.choose_button = QPushButton(self.tr("C&hoose…"))
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.choose_button)
        form = QFormLayout()
        what = QVBoxLayout()
        what.addWidget(self.only_new)
        what.addWidget(self.everything)
        form.addRow(self.tr("What to send:"), what)
        form.addRow(buddy_label(self.tr("&Profile:"), self.profile), self.profile)
        form.addRow(buddy_label(self.tr("Save &to:"), self.file), file_row)

        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Export progress"))
        self.progress.hide()
        self.outcome = Outcome("exportOutcome")
        self.export_button = QPushButton(self.tr("E&xport"))
        self.export_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"))
        self.busy_inputs = (self.partners, self.only_new, self.everything, self.profile,
                            self.file, self.choose_button, self.export_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Export a bundle for partners"), 2))
        layout.addWidget(note(self.tr(
            "A bundle is one encrypted file that only the chosen partners (and this vault) can "
            "open. Take it to them on a USB stick or send it any way you like. People and "
            "testimonies go only where their consent allows.")))
        layout.addWidget(self.partners)
        layout.addWidget(self.unchecked_warning)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self.partners.itemChanged.connect(self._partners_changed)
        self.choose_button.clicked.connect(self._choose)
        self.export_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.close_or_cancel)
        self.empty = not self.partner_rows
        if self.empty:
            self.outcome.say("caution", escape(self.tr(
                "There are no partners yet. Add a partner's card on the Partners page first.")))
            self.export_button.setEnabled(False)
        self._partners_changed()

    # -- choices -----------------------------------------------------------------
    def chosen(self) -> list[PartnerRow]:
        """The partners ticked."""
        return [self.partner_rows[str(item.data(0, FINGERPRINT_ROLE))]
                for item in self._items() if item.checkState(0) == Qt.CheckState.Checked]

    def _items(self) -> list[QTreeWidgetItem]:
        items = (self.partners.topLevelItem(n) for n in range(self.partners.topLevelItemCount()))
        return [item for item in items if item is not None]

    def set_chosen(self, fingerprints: list[str]) -> None:
        """Tick exactly these partners."""
        for item in self._items():
            item.setCheckState(0, Qt.CheckState.Checked
                               if item.data(0, FINGERPRINT_ROLE) in fingerprints
                               else Qt.CheckState.Unchecked)

    def _partners_changed(self, *_args: object) -> None:
        chosen = self.chosen()
        unchecked = [p.name for p in chosen if not p.verified]
        if unchecked:
            self.unchecked_warning.say("caution", escape(fill(self.tr(
                "Careful: the fingerprint of %1 was not checked in person. If that card is not "
                "really theirs, a stranger could read this bundle. Compare the fingerprint aloud "
                "with them (Partners page) before sending."), ", ".join(unchecked))))
        else:
            self.unchecked_warning.clear_message()
        current = Path(self.file.text()) if self.file.text() else None
        if current is None or current.name.startswith("willay-"):
            folder = current.parent if current is not None else default_folder()
            self.file.setText(str(suggested_path(folder, [p.name for p in chosen])))

    def _choose(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        target, _ = QFileDialog.getSaveFileName(self, self.tr("Save the bundle as"),
                                                self.file.text(),
                                                self.tr("Willay bundles (*.willay)"))
        if target:
            self.file.setText(target if target.endswith(".willay") else target + ".willay")

    # -- work --------------------------------------------------------------------
    def start(self) -> Task | None:
        """Seal the bundle in the worker thread."""
        chosen = self.chosen()
        if not chosen:
            self.outcome.say("refused", escape(self.tr("Tick at least one partner.")))
            return None
        if not self.file.text().strip():
            self.outcome.say("refused", escape(self.tr("Choose where to save the bundle.")))
            return None
        path = Path(self.file.text().strip()).expanduser()
        fingerprints = [p.fingerprint for p in chosen]
        complete = self.everything.isChecked()
        try:
            total = self.controller.archive.unsent_bytes(fingerprints, complete)
            self.task = self.controller.export_bundle(fingerprints, path, complete,
                                                      self.profile.currentData())
        except WillayError as exc:
            self.outcome.say("refused", escape(message_for(exc)))
            return None
        self.start_progress(total)
        self.outcome.say("plain", escape(self.tr("Sealing the bundle…")))
        self.set_busy(True)
        self.task.progressed.connect(self._progressed)
        self.task.succeeded.connect(self._succeeded)
        self.task.failed.connect(self._failed)
        return self.task

    def _progressed(self, done: int) -> None:
        self.show_progress(done, fill(self.tr("Sealing the bundle… %1 of originals"),
                                      size(done)))

    def _succeeded(self, result: object) -> None:
        self.set_busy(False)
        self.progress.setValue(self.progress.maximum())
        if not isinstance(result, ExportResult):
            return
        self.last_result = result
        self.export_button.setEnabled(False)
        self.outcome.say("ok", self.describe(result))
        self.exported.emit(result)

    def describe(self, result: ExportResult) -> str:
        """Return what was exported, in plain words (HTML)."""
        lines = [fill(self.tr("Bundle for %1 saved."), ", ".join(result.partners)),
                 fill(self.tr("Changes: %1 · Photos and files: %2"), result.revisions,
                      result.media)]
        if result.revisions == 0:
            lines.append(self.tr("There was nothing new for them."))
        if result.withheld:
            lines.append(fill(self.tr(
                "Records kept here because their consent does not reach this partner: %1"),
                result.withheld))
        if result.profile == "anonymized":
            lines.append(self.tr("Anonymized: pseudonyms, coarse places, photos without "
                                 "their metadata; no recordings or videos, which carry "
                                 "voices and faces."))
        lines.append(fill(self.tr("File: %1"), result.path))
        return "<b>" + escape(lines[0]) + "</b><br>" + "<br>".join(
            escape(line) for line in lines[1:])

    def _failed(self, exc: object) -> None:
        self.set_busy(False)
        self.progress.hide()
        if isinstance(exc, Cancelled):
            self.outcome.say("caution", escape(self.tr(
                "Export cancelled; no bundle was written.")))
            return
        error = exc if isinstance(exc, BaseException) else RuntimeError(str(exc))
        self.outcome.say("refused", escape(fill(self.tr("The bundle was not written: %1"),
                                                message_for(error))))

