"""Long work that reports how far it got and stops when asked: progress callbacks, cancel."""

from __future__ import annotations

from collections.abc import Callable

from willay.core.errors import WillayError

Progress = Callable[[int], None]


class Cancelled(WillayError):
    """The user cancelled a long operation; nothing was kept."""


class CancelToken:
    """A plain flag the GUI sets to stop long core work between steps."""

    def __init__(self) -> None:
        self.cancelled = False

    def cancel(self) -> None:
        """Ask the work to stop at the next step."""
        self.cancelled = True
