"""The hub's coordinators: who they are and what they may read; add one, remove one.

Removing a coordinator deletes their copy of the organization's keys and their database
role. It cannot take back what they read or copied while they were one: the dialog says
so before anything is done (see :mod:`willay.core.vault.hub_keys`).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from willay.core.vault.hub import Hub
from willay.core.vault.hub_keys import Coordinator
from willay.gui.controller import Controller
from willay.gui.dialogs.add_coordinator import (
    AddCoordinatorDialog,
    clearance_meaning,
    clearance_name,
)
from willay.gui.errors import message_for
from willay.gui.labels import fill, stamp
from willay.gui.widgets import Outcome, fit_columns, note
from willay.gui.workers import Task

NAME_ROLE = Qt.ItemDataRole.UserRole + 3


class CoordinatorsDialog(QDialog):
    """Lists the hub's coordinators; adds one, or removes one after saying what that does."""

    changed = Signal()
    """Emits: a coordinator was added or removed."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.me = controller.hub.coordinator if controller.hub is not None else ""
        self.coordinators: list[Coordinator] = []
        self.task: Task | None = None
        self.question: QMessageBox | None = None
        self.adding: AddCoordinatorDialog | None = None
        self.setObjectName("coordinatorsDialog")
        self.setWindowTitle(self.tr("Coordinators of the hub"))
        self.resize(780, 460)
        self.list = QTreeWidget()
        self.list.setAccessibleName(self.tr("Coordinators"))
        self.list.setHeaderLabels([self.tr("Name"), self.tr("May read"), self.tr("Added by"),
                                   self.tr("Added")])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.add_button = QPushButton(self.tr("&Add a coordinator…"))
        self.remove_button = QPushButton(self.tr("&Remove…"))
        self.remove_button.setEnabled(False)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setAccessibleName(self.tr("Working on the hub"))
        self.busy.hide()
        self.last_one = note(self.tr(
            "The hub's last coordinator cannot be removed: nobody could open the hub then. "
            "Add another coordinator first."))
        self.last_one.hide()
        self.outcome = Outcome("coordinatorsOutcome")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)

        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addWidget(self.busy)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note(self.tr(
            "Each coordinator opens the hub with a passphrase of their own, and reads the "
            "testimonies their clearance reaches: the database itself holds them to it.")))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.last_one)
        layout.addLayout(row)
        layout.addWidget(self.outcome)
        layout.addWidget(buttons)

        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.add_button.clicked.connect(self.open_add)
        self.remove_button.clicked.connect(self.confirm_remove)
        buttons.rejected.connect(self.reject)
        self.reload()

    # -- the list ----------------------------------------------------------------
    def reload(self) -> Task | None:
        """Read the coordinators from the hub, in the worker."""
        return self._start(self.controller.hub_task(
            "coordinators", lambda hub, _ctx: hub.coordinators()), self._listed)

    def _listed(self, found: object) -> None:
        self.coordinators = [c for c in found if isinstance(c, Coordinator)] \
            if isinstance(found, list) else []
        self.list.clear()
        for coordinator in self.coordinators:
            name = coordinator.name if coordinator.name != self.me else fill(
                self.tr("%1 (you)"), coordinator.name)
            item = QTreeWidgetItem([name, clearance_name(coordinator.clearance),
                                    coordinator.added_by, stamp(coordinator.added)])
            item.setData(0, NAME_ROLE, coordinator.name)
            item.setToolTip(1, clearance_meaning(coordinator.clearance))
            self.list.addTopLevelItem(item)
        fit_columns(self.list, 1)
        self.last_one.setVisible(len(self.coordinators) == 1)
        self._selection_changed()

    def selected(self) -> str | None:
        """The name of the coordinator chosen in the list."""
        items = self.list.selectedItems()
        return str(items[0].data(0, NAME_ROLE)) if items else None

    def select(self, name: str) -> None:
        """Choose the coordinator ``name`` in the list."""
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item is not None and item.data(0, NAME_ROLE) == name:
                self.list.setCurrentItem(item)

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(self.task is None and self.selected() is not None
                                      and len(self.coordinators) > 1)

    # -- adding ------------------------------------------------------------------
    def open_add(self) -> AddCoordinatorDialog:
        """Open the form for a new coordinator."""
        self.adding = AddCoordinatorDialog(self.controller, self)
        self.adding.added.connect(self._added)
        self.adding.open()
        return self.adding

    def _added(self, coordinator: object) -> None:
        if not isinstance(coordinator, Coordinator):
            return
        self.outcome.say("ok", escape(fill(self.tr(
            "%1 is now a coordinator of this hub, cleared for: %2. They open it with their "
            "own passphrase, connecting as the database role %1: give that role a password "
            "on the server (ALTER ROLE %1 PASSWORD '…')."), coordinator.name,
            clearance_name(coordinator.clearance))))
        self.changed.emit()
        self.reload()

    # -- removing ----------------------------------------------------------------
    def removal_text(self, name: str) -> str:
        """What removing ``name`` does and cannot undo, in plain words."""
        lines = [fill(self.tr("Remove %1 as a coordinator of this hub?"), name), fill(self.tr(
            "What this does: %1's copy of the organization's keys is deleted, so their "
            "passphrase no longer opens the hub, and their database role is dropped (or, if "
            "it has rights in another database of this server, kept with no right left on "
            "this hub)."), name), fill(self.tr(
            "What it cannot undo: whatever %1 read or copied while they were a coordinator. "
            "If they could have kept a copy of the organization's keys, only new keys close "
            "that door: a new card for the organization, compared in person again and sent "
            "to every partner."), name)]
        if name == self.me:
            lines.append(self.tr("You are removing yourself: once the hub locks, your "
                                 "passphrase will not open it again."))
        return "\n\n".join(lines)

    def confirm_remove(self) -> QMessageBox | None:
        """Ask before removing the chosen coordinator, saying what it can and cannot undo."""
        name = self.selected()
        if name is None or len(self.coordinators) < 2:
            return None
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Remove a coordinator"),
                          self.removal_text(name), QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("removeCoordinator")
        remove = box.addButton(fill(self.tr("Remove %1"), name),
                               QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)
        remove.clicked.connect(lambda: self.remove(name))
        self.question = box
        box.open()
        return box

    def remove(self, name: str) -> Task | None:
        """Remove ``name`` from the hub, in the worker."""
        def work(hub: Hub, _ctx: object) -> tuple[str, bool]:
            return name, hub.remove_coordinator(name)

        return self._start(self.controller.hub_task("remove coordinator", work),
                           self._removed)

    def _removed(self, result: object) -> None:
        if not isinstance(result, tuple):
            return
        name, dropped = result
        text = fill(self.tr("%1 can no longer open this hub."), name)
        if not dropped:
            text += " " + self.tr("Their database role has rights in another database of "
                                  "this server, so it was kept, with no right left on this "
                                  "hub.")
        self.outcome.say("ok", escape(text))
        self.changed.emit()
        self.reload()

    # -- tasks -------------------------------------------------------------------
    def _start(self, task: Task, done: Callable[[object], None]) -> Task:
        self.task = task
        self.busy.show()
        self.add_button.setEnabled(False)
        self.remove_button.setEnabled(False)
        task.succeeded.connect(done)
        task.failed.connect(self._failed)
        task.ended.connect(self._ended)
        return task

    def _failed(self, exc: object) -> None:
        self.outcome.say("refused", escape(message_for(
            exc if isinstance(exc, BaseException) else Exception())))

    def _ended(self) -> None:
        if self.sender() is not self.task:
            return  # the list is being read again after this work
        self.task = None
        self.busy.hide()
        self.add_button.setEnabled(True)
        self._selection_changed()
