"""After unlocking: keep the recordings that were cut short or set aside at a lock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from willay.core.i18n import clock
from willay.core.media import recording
from willay.gui.capabilities import Feature
from willay.gui.controller import Controller
from willay.gui.labels import fill, stamp
from willay.gui.workers import Task

if TYPE_CHECKING:
    from willay.gui.views.workspace import Workspace


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecordingRecovery", text)


def recovery_note(kept: list[recording.Kept], problems: list[str]) -> str:
    """Say in a few sentences which recordings were kept, and which could not be."""
    sentences = []
    for item in kept:
        if item.recovered:
            sentences.append(fill(_tr(
                "A recording started %1 was cut short (a dead battery or a closed window); "
                "%2 of it were kept with its testimony."), stamp(item.started, exact=False),
                clock(item.duration_ms)))
        else:
            sentences.append(fill(_tr(
                "The recording started %1 (%2) that was going on when the vault locked is "
                "now kept with its testimony."), stamp(item.started, exact=False),
                clock(item.duration_ms)))
    return " ".join(sentences + problems)


def keep_recordings_set_aside(controller: Controller, workspace: Workspace,
                              notes: list[str]) -> Task | None:
    """Look for recordings left in the vault folder and keep them, in the worker.

    The window says what was kept, after ``notes`` (what happened at the last lock).
    Nothing is started when no recording was left, nor on a hub without recordings.
    """
    if not controller.can(Feature.RECORDINGS) or \
            not recording.interrupted(controller.unlocked_vault().path):
        return None
    task = controller.vault_task("recover recordings", lambda vault, _ctx: recording.recover(
        vault))

    def done(result: object) -> None:
        if not isinstance(result, tuple):
            return
        kept, problems = result
        text = recovery_note(kept, problems)
        if text:
            workspace.announce(" ".join([*notes, text]))
        for item in kept:
            controller.notify_changed("media", item.media_id)

    task.succeeded.connect(done)
    return task
