"""Long core work in worker threads: core callbacks become signals, widgets stay idle.

One :class:`Workers` owns one long-lived thread per **lane**; the tasks of one lane run
there one after another, and tasks of different lanes at the same time. Whatever changes
the vault goes in the ``vault`` lane (one writer at a time in any case); work that only
reads and may take long (counting a report, searching for duplicates, checking the vault,
decrypting an original to show it) has a lane of its own, so that a report never waits
behind a duplicate search. The vault's database is in WAL mode: readers in one lane do
not block the writer in another. A :class:`Task` lives in the GUI thread and is only
emitted from a worker, so the widgets connected to it are called in the GUI thread.
Workers never touch widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from willay.core.progress import CancelToken, cancelled_before_start

log = logging.getLogger(__name__)

Work = Callable[["TaskContext"], Any]
VAULT_LANE = "vault"  # the default lane: everything that writes, one task after another


class TaskContext:
    """What a task's work receives: a progress callback and a cancel token."""

    def __init__(self, task: Task) -> None:
        self._task = task
        self.cancel = task.token

    def progress(self, done: int) -> None:
        """Report progress (bytes or steps done); adapts core callbacks to a signal."""
        self._task.progressed.emit(int(done))

    def say(self, message: str) -> None:
        """Report what is being done now."""
        self._task.said.emit(message)


class Task(QObject):
    """One unit of long work, its outcome reported by signals in the GUI thread."""

    progressed = Signal(int)
    """Emits: how much of the work is done (bytes or steps)."""
    said = Signal(str)
    """Emits: a short description of the step being worked on."""
    succeeded = Signal(object)
    """Emits: the work's result, once it finished without error."""
    failed = Signal(object)
    """Emits: the exception that stopped the work."""
    ended = Signal()
    """Emits: the work is over, whether it succeeded or failed."""

    def __init__(self, name: str, work: Work, lane: str = VAULT_LANE) -> None:
        super().__init__()
        self.name = name
        self.work = work
        self.lane = lane
        self.token = CancelToken()
        self.done = False
        self.shielded = False  # set when the vault locks for idle time: it runs to its end

    def cancel(self) -> None:
        """Ask the work to stop at its next chunk (unless it was let finish)."""
        if not self.shielded:
            self.token.cancel()


class _Runner(QObject):
    """Lives in the worker thread and runs tasks one at a time."""

    @Slot(object)
    def run(self, task: Task) -> None:
        try:
            result = task.work(TaskContext(task))
        except BaseException as exc:  # reported to the GUI; nothing is lost silently
            log.debug("task %s failed: %s", task.name, type(exc).__name__)
            task.done = True
            task.failed.emit(exc)
        else:
            task.done = True
            task.succeeded.emit(result)
        task.ended.emit()


class _Lane(QObject):
    """One worker thread and the runner living in it."""

    submitted = Signal(object)

    def __init__(self, name: str, parent: QObject) -> None:
        super().__init__(parent)
        self.worker_thread = QThread(self)
        self.worker_thread.setObjectName(f"willay-{name}")
        self.runner = _Runner()
        self.runner.moveToThread(self.worker_thread)
        self.submitted.connect(self.runner.run)
        self.worker_thread.start()


class Workers(QObject):
    """The owner of the worker threads: submits tasks, cancels them, and stops at exit."""

    submitted = Signal(object)
    """Emits: a task handed to its lane's worker thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lanes: dict[str, _Lane] = {}
        self._pending: list[Task] = []
        self._when_idle: list[Callable[[], None]] = []

    def _lane(self, name: str) -> _Lane:
        lane = self._lanes.get(name)
        if lane is None:
            lane = self._lanes[name] = _Lane(name, self)
        return lane

    def submit(self, task: Task) -> Task:
        """Run ``task`` in its lane's thread, after the tasks before it in that lane.

        The task starts on the next turn of the GUI event loop, so whoever asked for it
        connects to its signals before it can emit any.
        """
        self._pending.append(task)
        task.ended.connect(self._forget)
        QTimer.singleShot(0, self, partial(self._start, task))
        return task

    def _start(self, task: Task) -> None:
        if task.token.cancelled:
            task.done = True
            task.failed.emit(cancelled_before_start())
            task.ended.emit()
            return
        self.submitted.emit(task)
        self._lane(task.lane).submitted.emit(task)

    def _forget(self) -> None:
        task = self.sender()
        if isinstance(task, Task) and task in self._pending:
            self._pending.remove(task)
        if not self.busy:
            waiting, self._when_idle = self._when_idle, []
            for callback in waiting:
                callback()

    def when_idle(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` (in the GUI thread) once no task is queued or running in any
        lane: at once if none is."""
        if self.busy:
            self._when_idle.append(callback)
        else:
            callback()

    @property
    def busy(self) -> bool:
        """Whether any task is queued or running."""
        return any(not task.done for task in self._pending)

    def unfinished(self) -> list[Task]:
        """The tasks queued or running, in order."""
        return [task for task in self._pending if not task.done]

    def cancel_all(self) -> None:
        """Ask every queued or running task to stop, except those let finish."""
        for task in self._pending:
            task.cancel()

    def shutdown(self) -> None:
        """Cancel everything, stop the threads and wait for them (at exit)."""
        for task in self._pending:
            task.token.cancel()
        for lane in self._lanes.values():
            lane.worker_thread.quit()
        for lane in self._lanes.values():
            lane.worker_thread.wait()
