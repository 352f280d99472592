"""Verify the vault: recompute every hash and signature in the worker, then say what holds."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from willay.core.records.verify import Report
from willay.gui.controller import Controller
from willay.gui.errors import message_for
from willay.gui.labels import fill
from willay.gui.widgets import Outcome, heading, note
from willay.gui.workers import Task

MAX_LISTED = 30


class VerifyDialog(QDialog):
    """Runs the vault check and shows "everything verifies" or the broken items."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verifyDialog")
        title = self.tr("Verify the hub") if controller.hub is not None \
            else self.tr("Verify the vault")
        self.setWindowTitle(title)
        self.setMinimumWidth(640)
        self.report: Report | None = None
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Verification progress"))
        self.progress.setRange(0, 0)
        self.outcome = Outcome("verifyOutcome")
        self.close_button = QPushButton(self.tr("Close"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title, 2))
        layout.addWidget(note(self.tr(
            "Willay recomputes the signed custody log, every revision and every original "
            "kept here, and reports anything that does not match what was recorded.")))
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.close_button.clicked.connect(self.reject)
        self.outcome.say("plain", escape(self.tr("Checking…")))
        self.task: Task = controller.verify()
        self.task.said.connect(self._said)
        self.task.succeeded.connect(self._succeeded)
        self.task.failed.connect(self._failed)

    def _said(self, step: str) -> None:
        self.outcome.say("plain", escape(fill(self.tr("Checking: %1"), step)))

    def _succeeded(self, report: object) -> None:
        self.progress.hide()
        if not isinstance(report, Report):
            return
        self.report = report
        counts = fill(self.tr("custody events: %1, changes: %2 (signed by their authors: "
                              "%3; older than signatures, attested: %4), originals: %5."),
                      report.events, report.revisions, report.signed, report.attested,
                      report.objects)
        if report.purged:
            counts += " " + fill(self.tr(
                "Originals removed after partners confirmed them (not checked: their files "
                "are with the partners now): %1."), report.purged)
        if report.ok:
            self.outcome.say("ok", "<b>" + escape(self.tr("Everything verifies:")) + "</b> "
                             + escape(counts))
            return
        items = "".join(f"<li>{escape(problem.item)}: {escape(problem.reason)}</li>"
                        for problem in report.problems[:MAX_LISTED])
        more = ""
        if len(report.problems) > MAX_LISTED:
            more = escape(fill(self.tr("Not listed here: %1 more."),
                               len(report.problems) - MAX_LISTED))
        self.outcome.say("refused", "<b>" + escape(fill(self.tr(
            "Items that do not verify: %1. They may have been altered or damaged on this "
            "disk; keep this list and compare with a backup or a partner's copy."),
            len(report.problems))) + "</b><ul>" + items + "</ul>" + more + escape(
            fill(self.tr("Checked: %1"), counts)))

    def _failed(self, exc: object) -> None:
        self.progress.hide()
        error = exc if isinstance(exc, BaseException) else RuntimeError(str(exc))
        self.outcome.say("refused", escape(message_for(error)))
