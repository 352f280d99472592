"""Auto-lock (a timer restarted by every key press, click, wheel turn or mouse move) and
the lock key, Ctrl+L, heard in every window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent

_INPUT = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin,
})


class IdleWatcher(QObject):
    """Emits :attr:`idle` after a period without user input (an application event filter)."""

    idle = Signal()
    """Emits: no user input arrived for the whole period."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)

    def set_period(self, milliseconds: int) -> None:
        """Lock after ``milliseconds`` of no input; 0 turns auto-lock off."""
        self.timer.stop()
        self.timer.setInterval(max(0, milliseconds))
        if milliseconds > 0:
            self.timer.start()

    def stop(self) -> None:
        """Stop counting (while locked)."""
        self.timer.stop()

    def restart(self) -> None:
        """Start counting again from now (after unlocking), if auto-lock is on."""
        if self.timer.interval() > 0:
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Restart the timer on user input; never swallow the event."""
        if event.type() in _INPUT and self.timer.isActive():
            self.timer.start()
        return False


class LockKey(QObject):
    """Emits :attr:`pressed` for Ctrl+L wherever the focus is (an application event filter).

    A window shortcut is not enough: Qt blocks application shortcuts while a modal dialog
    (an editor, a viewer) is open, and locking must work from all of them.
    """

    pressed = Signal()
    """Emits: Ctrl+L was pressed in any window of the application."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Take Ctrl+L (and only it) before any widget sees it."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_L and not event.isAutoRepeat() \
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
            self.pressed.emit()
            return True
        return False
