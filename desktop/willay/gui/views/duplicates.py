"""Possible duplicates: incidents seen from several places, people spelled several ways.

Suggestions are computed in the worker thread. The coordinator links a pair (same event,
same person: both records kept, counted once) or dismisses it; every decision is listed
below the suggestions and can be undone. Nothing is ever merged automatically.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from willay.core.errors import WillayError
from willay.core.progress import Cancelled
from willay.core.reconcile import links
from willay.core.reconcile.duplicates import INCIDENT, PERSON, Decided, Reason, Side, Suggestion
from willay.gui.controller import Controller
from willay.gui.errors import message_for
from willay.gui.labels import fill, stamp, terms
from willay.gui.widgets import Outcome, heading, note, task_bar
from willay.gui.workers import Task

PAIR_ROLE = Qt.ItemDataRole.UserRole + 31
SUGGESTION_LIMIT = 500


def _tree(accessible: str, headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setAccessibleName(accessible)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setWordWrap(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.header().setStretchLastSection(False)
    return tree


class KindPanel(QWidget):
    """Suggestions and decisions for one kind of record (incidents or people)."""

    decided = Signal(str, str, str)
    """Emits: the two record ids and the decision taken ("same", "distinct" or "undone")."""

    def __init__(self, page: DuplicatesPage, kind: str) -> None:
        super().__init__(page)
        self.page = page
        self.kind = kind
        self.suggestions: list[Suggestion] = []
        incidents = kind == INCIDENT
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.list = _tree(
            self.tr("Possible duplicate incidents") if incidents
            else self.tr("Possible duplicate people"),
            [self.tr("One record"), self.tr("The other record"), self.tr("Why")])
        self.same_button = QPushButton(self.tr("&Same event") if incidents
                                       else self.tr("&Same person"))
        self.same_button.setToolTip(
            self.tr("Link them: both records stay, and the event is counted once")
            if incidents else self.tr("Link them: both records stay, as one person"))
        self.distinct_button = QPushButton(self.tr("&Not the same"))
        self.distinct_button.setToolTip(self.tr("Dismiss: this pair is not suggested again"))
        self.decisions = _tree(self.tr("Decisions taken"), [
            self.tr("Decision"), self.tr("One record"), self.tr("The other record"),
            self.tr("Decided")])
        self.undo_button = QPushButton(self.tr("&Undo"))
        self.undo_button.setToolTip(self.tr("Forget this decision; the pair may be suggested "
                                            "again"))
        stretch, fit = QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.ResizeToContents
        for tree, modes in ((self.list, (stretch, stretch, fit)),
                            (self.decisions, (fit, stretch, stretch, fit))):
            tree.header().setMinimumSectionSize(120)
            for column, mode in enumerate(modes):
                tree.header().setSectionResizeMode(column, mode)

        top = QWidget()
        box = QVBoxLayout(top)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.status)
        box.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.same_button)
        row.addWidget(self.distinct_button)
        row.addStretch(1)
        box.addLayout(row)
        bottom = QWidget()
        box = QVBoxLayout(bottom)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(heading(self.tr("Decisions"), 3))
        box.addWidget(self.decisions, 1)
        row = QHBoxLayout()
        row.addWidget(self.undo_button)
        row.addStretch(1)
        box.addLayout(row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.same_button.clicked.connect(lambda: self.decide_selected(links.SAME))
        self.distinct_button.clicked.connect(lambda: self.decide_selected(links.DISTINCT))
        self.undo_button.clicked.connect(self.undo_selected)
        self.list.currentItemChanged.connect(lambda *_: self._enable())
        self.decisions.currentItemChanged.connect(lambda *_: self._enable())
        self._enable()

    def _enable(self) -> None:
        chosen = self.list.currentItem() is not None
        self.same_button.setEnabled(chosen)
        self.distinct_button.setEnabled(chosen)
        self.undo_button.setEnabled(self.decisions.currentItem() is not None)

    # -- what is shown -----------------------------------------------------------
    def describe(self, side: Side) -> str:
        """Return a record as a few lines to compare with the other side."""
        if side.extra.get("deleted"):
            return fill(self.tr("(deleted record %1)"), side.id[:8])
        if side.kind == INCIDENT:
            lines = [side.title, " · ".join(p for p in (side.when, side.place) if p),
                     terms("violations", side.extra.get("violations", [])),
                     fill(self.tr("killed %1, injured %2, detained %3"),
                          side.extra.get("killed", 0), side.extra.get("injured", 0),
                          side.extra.get("detained", 0))]
        else:
            age = side.extra.get("age")
            lines = [side.title, side.place,
                     terms("person_roles", side.extra.get("roles", [])),
                     fill(self.tr("age %1"), age) if age is not None else ""]
        return "\n".join(line for line in lines if line)

    def reason(self, reason: Reason) -> str:
        """Return why a pair is suggested, in the window's language."""
        v = reason.values
        if reason.code == "same_district":
            return fill(self.tr("same district (%1)"), v[0])
        if reason.code == "same_day":
            return self.tr("same day")
        if reason.code == "days_apart":
            return self.tr("1 day apart") if v[0] == "1" else fill(self.tr("%1 days apart"),
                                                                   v[0])
        if reason.code == "dates_overlap":
            return self.tr("dates overlap")
        if reason.code == "shared":
            return fill(self.tr("shared: %1"), terms("violations", list(v)))
        if reason.code == "same_name":
            return self.tr("same name")
        if reason.code == "given_name":
            return fill(self.tr("same given name (%1)"), v[0])
        if reason.code == "spelling":
            return fill(self.tr("%1 ~ %2"), v[0], v[1])
        if reason.code == "missing":
            return fill(self.tr("only on one side: %1"), ", ".join(v))
        return reason.text()

    def show_suggestions(self, found: list[Suggestion]) -> None:
        """List the suggestions (best first)."""
        self.suggestions = found
        self.list.clear()
        for suggestion in found:
            why = "\n".join(self.reason(r) for r in suggestion.reasons)
            item = QTreeWidgetItem([self.describe(suggestion.first),
                                    self.describe(suggestion.second), why])
            item.setData(0, PAIR_ROLE, (suggestion.first.id, suggestion.second.id))
            for column in range(3):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignTop)
            self.list.addTopLevelItem(item)
        first = self.list.topLevelItem(0)
        if first is not None:
            self.list.setCurrentItem(first)
        self._say_count()
        self._enable()

    def _say_count(self) -> None:
        count = self.list.topLevelItemCount()
        if count:
            self.status.setText(fill(self.tr(
                "Possible duplicates to look at: %1. Compare them, then link or dismiss "
                "each pair; nothing is merged by itself."), count))
        else:
            self.status.setText(self.tr("No possible duplicates left to look at."))
        self.page.count_changed(self)

    def show_decisions(self, rows: list[Decided]) -> None:
        """List the decisions taken, newest first."""
        self.decisions.clear()
        same = self.tr("Same event") if self.kind == INCIDENT else self.tr("Same person")
        for row in rows:
            item = QTreeWidgetItem([same if row.decision == links.SAME
                                    else self.tr("Not the same"),
                                    self.describe(row.first), self.describe(row.second),
                                    stamp(row.decided, exact=False)])
            item.setData(0, PAIR_ROLE, (row.first.id, row.second.id))
            for column in range(4):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignTop)
            self.decisions.addTopLevelItem(item)
        self._enable()

    def loading(self) -> None:
        """Say that suggestions are being looked for."""
        self.status.setText(self.tr("Looking for possible duplicates…"))
        self.same_button.setEnabled(False)
        self.distinct_button.setEnabled(False)

    # -- decisions ---------------------------------------------------------------
    def decide_selected(self, decision: str) -> None:
        """Link or dismiss the selected suggestion."""
        item = self.list.currentItem()
        if item is None:
            return
        first, second = item.data(0, PAIR_ROLE)
        try:
            self.page.controller.archive.decide_duplicate(first, second, decision)
        except WillayError as exc:
            self.page.outcome.say("refused", escape(message_for(exc)))
            return
        self.list.takeTopLevelItem(self.list.indexOfTopLevelItem(item))
        self.page.outcome.say("ok", escape(
            (self.tr("Linked as the same event: both records stay, counted once.")
             if self.kind == INCIDENT else self.tr("Linked as the same person: both records "
                                                   "stay."))
            if decision == links.SAME else self.tr("Dismissed: not suggested again.")))
        self.show_decisions(self.page.controller.archive.duplicate_decisions(self.kind))
        self._say_count()
        self.decided.emit(first, second, decision)

    def undo_selected(self) -> None:
        """Undo the selected decision; the pair may be suggested again."""
        item = self.decisions.currentItem()
        if item is None:
            return
        first, second = item.data(0, PAIR_ROLE)
        self.page.controller.archive.undo_duplicate(first, second)
        self.page.outcome.say("ok", escape(self.tr("Decision undone.")))
        self.page.reload()
        self.decided.emit(first, second, "undone")


class DuplicatesPage(QWidget):
    """Possible duplicate incidents and people, and the decisions taken on them."""

    loaded = Signal()
    """Emits: fresh suggestions are shown."""
    linked = Signal(str, str, str)
    """Emits: two record ids and the decision taken on them ("same", "distinct", "undone")."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.task: Task | None = None
        self.incidents = KindPanel(self, INCIDENT)
        self.people = KindPanel(self, PERSON)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.incidents, "")
        self.tabs.addTab(self.people, "")
        self.refresh_button = QPushButton(self.tr("&Look again"))
        self.progress = task_bar(self.tr("Looking for possible duplicates"), 100)
        self.cancel_button = QPushButton(self.tr("&Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Stop looking for duplicates"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        # The records' stamp (queries.data_version) of the suggestions shown, and of the
        # search under way: a visit looks again only when the vault's differs, whoever
        # changed it (this window or another process).
        self._searched: tuple[int, int, str] | None = None
        self._searching: tuple[int, int, str] | None = None
        self.outcome = Outcome("duplicatesOutcome")
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Possible duplicates"), 2), 1)
        top.addWidget(self.progress)
        top.addWidget(self.cancel_button)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(note(self.tr(
            "Reports from several documenters may describe the same event or person. "
            "Incidents are suggested when they are in the same district, within a day of "
            "each other and share a violation; people when their names match allowing for "
            "Spanish, Quechua and Aymara spellings (Quispe, Qhispi) or a missing second "
            "surname. Linking keeps both records and counts them once.")))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.outcome)
        self.refresh_button.clicked.connect(self.reload)
        for panel in (self.incidents, self.people):
            panel.decided.connect(self.linked)
            self.count_changed(panel)

    def count_changed(self, panel: KindPanel) -> None:
        """Show how many suggestions each tab holds in its title."""
        index = self.tabs.indexOf(panel)
        if index < 0:
            return
        count = panel.list.topLevelItemCount()
        title = self.tr("Incidents (%1)") if panel.kind == INCIDENT else self.tr("People (%1)")
        self.tabs.setTabText(index, fill(title, count))

    def revisit(self) -> Task | None:
        """Coming back to the page: look again only if records or decisions changed since
        the last search (or it never finished); otherwise the suggestions shown hold."""
        if self.task is not None and not self.task.done:
            return None  # the search under way is of the present state
        version = self.controller.archive.data_version()
        return self._search(version) if version != self._searched else None

    def reload(self) -> Task | None:
        """Read the decisions, and look for suggestions again in the worker thread."""
        return self._search(self.controller.archive.data_version())

    def _search(self, version: tuple[int, int, str]) -> Task:
        archive = self.controller.archive
        for panel in (self.incidents, self.people):
            panel.show_decisions(archive.duplicate_decisions(panel.kind))
            panel.loading()
        if self.task is not None and not self.task.done:
            self.task.cancel()
        self.outcome.clear_message()
        self._searching = version
        self.task = self.controller.find_duplicates((INCIDENT, PERSON), SUGGESTION_LIMIT)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        # Bound slots: Qt drops them if the page goes (a lock) before the task ends.
        self.task.progressed.connect(self._progressed)
        self.task.succeeded.connect(self._found)
        self.task.failed.connect(self._failed)
        self.task.ended.connect(self._ended)
        return self.task

    def cancel(self) -> None:
        """Stop looking; the suggestions shown before stay."""
        if self.task is not None and not self.task.done:
            self.task.cancel()

    def _progressed(self, percent: int) -> None:
        if self.sender() is self.task:
            self.progress.setValue(percent)

    def _ended(self) -> None:
        if self.sender() is self.task:
            self._idle()

    def _idle(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()

    def _found(self, result: object) -> None:
        if self.sender() is not self.task or not isinstance(result, dict):
            return
        self._idle()  # before anyone hears of the suggestions
        self._searched = self._searching
        self.incidents.show_suggestions(result.get(INCIDENT, []))
        self.people.show_suggestions(result.get(PERSON, []))
        self.loaded.emit()

    def _failed(self, exc: object) -> None:
        if self.sender() is not self.task:
            return
        self._searched = None  # nothing new was found: look again next time
        if isinstance(exc, Cancelled):
            for panel in (self.incidents, self.people):
                panel.status.setText(self.tr(
                    "The search was stopped. Press Look again to look for possible "
                    "duplicates."))
            self.outcome.say("caution", escape(self.tr(
                "The search for possible duplicates was stopped; nothing was changed.")))
            return
        error = exc if isinstance(exc, BaseException) else RuntimeError(str(exc))
        self.outcome.say("refused", escape(message_for(error)))
