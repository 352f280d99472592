"""Errors shown as dialogs: core errors with their own message, anything else generically.

The last-resort hook shows a dialog that holds no record content and logs only the
exception's type, so neither the screen nor a log can leak what the archive holds.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from willay.core.errors import WillayError

log = logging.getLogger(__name__)


def message_for(error: BaseException) -> str:
    """Return what to tell the user about ``error``: its own words if it is a core error."""
    if isinstance(error, WillayError):
        return str(error)
    if isinstance(error, MemoryError):
        return QCoreApplication.translate(
            "Errors", "There is not enough memory to finish this. Nothing was changed.")
    if isinstance(error, OSError):
        return QCoreApplication.translate(
            "Errors", "The operation failed: %s. Nothing was changed.") % (
            error.strerror or type(error).__name__)
    return QCoreApplication.translate(
        "Errors", "Something went wrong and the operation was stopped. Nothing was changed. "
        "If it happens again, restart Willay.")


def show_error(parent: QWidget | None, error: BaseException | str,
               title: str | None = None) -> QMessageBox:
    """Show an error dialog without blocking (window-modal); return it."""
    text = error if isinstance(error, str) else message_for(error)
    box = QMessageBox(QMessageBox.Icon.Warning,
                      title or QCoreApplication.translate("Errors", "Willay"), text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorDialog")
    box.setAccessibleName(QCoreApplication.translate("Errors", "Error"))
    box.open()
    return box


def _last_resort(kind: type[BaseException], error: BaseException,
                 trace: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    # Only the type: messages and tracebacks may carry record content.
    log.error("Unexpected error: %s", kind.__name__)
    if QApplication.instance() is not None:
        show_error(QApplication.activeWindow(), error)


def install_excepthook() -> None:
    """Route uncaught exceptions to a dialog instead of a crash."""
    sys.excepthook = _last_resort
