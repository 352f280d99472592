"""Recorded testimonies on the command line: ``testimony add --audio`` and ``testimony recover``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from willay.cli import fieldsets, output
from willay.core.errors import ValidationError, WillayError
from willay.core.i18n import _, clock, local_stamp, ngettext, number

if TYPE_CHECKING:
    from willay.cli.context import Context


def _check_recordings(paths: list[Path]) -> None:
    """Refuse, naming each, the files that are not sound recordings or cannot be kept."""
    from willay.core.media import intake

    problems = []
    for candidate in intake.inspect_all(paths):
        if candidate.file_type.kind != "audio":
            problems.append(_('"{path}": is not a recording but a {kind}; give sound files '
                              "with --audio (photos and documents are added with "
                              "media add).").format(path=candidate.path,
                                                    kind=candidate.file_type.label))
    if problems:
        raise ValidationError(_("The testimony was not added:") + "\n  " +
                              "\n  ".join(problems))


def add(ctx: Context, args: argparse.Namespace, fields: dict[str, Any]) -> int:
    """Add a testimony, with its recordings when ``--audio`` gives them; print its id."""
    from willay.core.media import intake
    from willay.core.records import service as records

    audio: list[Path] = args.audio or []
    if not fields.get("transcript") and not audio:
        raise ValidationError(_("A testimony needs its transcript (--text or --text-file) or "
                                "a recording of it (--audio)."))
    if audio:
        _check_recordings(audio)
    with ctx.unlocked() as vault:
        with vault.session() as session:
            record_id = records.create(session, "testimony", fields)
            fieldsets.apply_fields(session, record_id, "testimony", args.field, creating=True)
        try:
            added = intake.add_files(vault, record_id, audio) if audio else []
        except WillayError as exc:
            with vault.session() as session:
                records.delete(session, record_id)
            raise WillayError(_("{problem}\nThe testimony {id} was not kept (it is marked "
                                "deleted); add it again once the recordings can be kept.")
                              .format(problem=exc, id=record_id[:8])) from exc
    if ctx.json:
        output.emit_json({"id": record_id, "kind": "testimony",
                          "recordings": [a.media_id for a in added]})
    else:
        output.emit(record_id)
    return 0


def recover(ctx: Context, _args: argparse.Namespace) -> int:
    """Keep the recordings that were cut short (a dead battery, a closed window)."""
    from willay.core.media import recording

    with ctx.unlocked() as vault:
        kept, problems = recording.recover(vault)
        busy = sum(1 for item in recording.interrupted(vault.path) if item.busy)
    if ctx.json:
        output.emit_json({"kept": [{"media": k.media_id, "testimony": k.testimony_id,
                                    "duration_ms": k.duration_ms, "started": k.started}
                                   for k in kept],
                          "problems": problems, "still_recording": busy})
        return 1 if problems else 0
    for item in kept:
        output.emit(_("Recording started {started}, {length} long, kept with testimony "
                      "{testimony} up to its last sealed part.").format(
            started=local_stamp(item.started), length=clock(item.duration_ms),
            testimony=item.testimony_id[:8]))
    for problem in problems:
        output.emit(problem)
    if busy:
        output.emit(ngettext("{count} recording is still being made in another window; it "
                             "is left alone.",
                             "{count} recordings are still being made in other windows; "
                             "they are left alone.", busy).format(count=number(busy)))
    if not kept and not problems and not busy:
        output.emit(_("No recording was cut short."))
    return 1 if problems else 0


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``recover`` to the ``testimony`` command."""
    p = actions.add_parser("recover", help=_("keep recordings that were cut short (a dead "
                                             "battery, a closed window)"))
    p.set_defaults(handler=recover)
