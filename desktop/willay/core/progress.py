"""Long work that reports how far it got and stops when asked: progress callbacks, cancel."""

from __future__ import annotations

from collections.abc import Callable

from willay.core.errors import WillayError
from willay.core.i18n import _

Progress = Callable[[int], None]


class Cancelled(WillayError):
    """The user cancelled a long operation; nothing was kept."""


def cancelled_before_start() -> Cancelled:
    """Return the error of work cancelled before it began: nothing was done."""
    return Cancelled(_("Cancelled; nothing was done."))


class CancelToken:
    """A plain flag the GUI sets to stop long core work between steps."""

    def __init__(self) -> None:
        self.cancelled = False

    def cancel(self) -> None:
        """Ask the work to stop at the next step."""
        self.cancelled = True
