"""Commands for evidence files, custody and verification: ``media``, ``redact``,
``custody`` and ``verify``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from willay.cli import output
from willay.core.errors import VerificationError, WillayError
from willay.core.i18n import _, local_stamp, ngettext, number

if TYPE_CHECKING:
    from willay.cli.context import Context


def _size(size: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            if unit == "bytes":
                return _("{count} bytes").format(count=number(int(size)))
            return f"{size:.1f} {unit}"
        size /= 1024
    return str(size)


def media_add(ctx: Context, args: argparse.Namespace) -> int:
    """Attach files to a record; all or nothing."""
    from willay.core.media import intake as media

    paths = [Path(p) for p in args.files]
    total = sum(p.stat().st_size for p in paths if p.is_file())
    progress = None
    if not ctx.json and sys.stderr.isatty() and total > 50 * 1024 * 1024:
        def progress(done: int) -> None:
            print(f"\r{done * 100 // max(total, 1):3d}%", end="", file=sys.stderr)
    with ctx.unlocked() as vault:
        added = media.add_files(vault, args.record, paths, progress)
    if progress is not None:
        print(file=sys.stderr)
    if ctx.json:
        output.emit_json([{"id": a.media_id, "sha256": a.sha256, "size": a.size,
                           "type": a.label, "original_name": a.original_name,
                           "already_attached": a.already_attached} for a in added])
        return 0
    for item in added:
        note = "  " + _("(already attached)") if item.already_attached else ""
        output.emit(f"{item.media_id}  {item.original_name}  {item.label}, "
                    f"{_size(item.size)}{note}")
    return 0


def media_show(ctx: Context, args: argparse.Namespace) -> int:
    """Print the metadata of a media item."""
    from willay.core.media import intake as media
    from willay.core.records import service as records

    with ctx.unlocked() as vault, vault.session() as session:
        row = media.media_row(session, args.id)
        fields = records.get(session, row.id).fields or {}
        has_thumbnail = media.thumbnail(session, row.sha256) is not None
    doc = {"id": row.id, **fields, "thumbnail": has_thumbnail}
    if ctx.json:
        output.emit_json(doc)
        return 0
    output.emit(_("media {id}").format(id=row.id))
    rows = ((_("file:"), row.original_name),
            (_("type:"), f"{fields['metadata'].get('type_label', row.mime)} ({row.mime})"),
            (_("size:"), f"{_size(row.size)} ("
             + _("{count} bytes").format(count=number(row.size)) + ")"),
            ("sha256:", row.sha256), (_("attached to:"), row.attached_to),
            (_("added:"), local_stamp(row.intake_time)))
    width = max(len(label) for label, _value in rows) + 1
    for label, value in rows:
        output.emit(f"  {label:<{width}}{value}")
    for key, value in fields["metadata"].items():
        if key != "type_label" and value is not None:
            output.emit(f"  {key.replace('_', ' ')}: {value}")
    return 0


def media_export(ctx: Context, args: argparse.Namespace) -> int:
    """Write a media item's original bytes (or, with --redacted, its redacted copy) to a file."""
    from willay.core.media import intake as media
    from willay.core.media import redaction

    if getattr(args, "redacted", False):
        with ctx.unlocked() as vault:
            target = redaction.export_redacted(vault, args.id, Path(args.output))
        if ctx.json:
            output.emit_json({"id": args.id, "path": str(target), "redacted": True})
        else:
            output.emit(_("Copy with hidden parts written to {path} (logged in the custody "
                          "log).").format(path=target))
        return 0
    with ctx.unlocked() as vault:
        target = media.export_original(vault, args.id, Path(args.output))
    if ctx.json:
        output.emit_json({"id": args.id, "path": str(target)})
    else:
        output.emit(_("Original written to {path} (logged in the custody log).").format(
            path=target))
    return 0


def redact(ctx: Context, args: argparse.Namespace) -> int:
    """Make (or, with --clear, remove) the redacted copy of a photo."""
    from willay.core.media import redaction

    regions = [redaction.parse_region("black", text) for text in args.black or []]
    regions += [redaction.parse_region("blur", text) for text in args.blur or []]
    if args.clear:
        if regions:
            raise WillayError(_("--clear removes the copy with hidden parts; give no regions "
                                "with it."))
        with ctx.unlocked() as vault:
            media_id = redaction.clear(vault, args.id)
        if ctx.json:
            output.emit_json({"id": media_id, "cleared": True})
        else:
            output.emit(_("The copy with hidden parts of media {id} was removed (its "
                          "history stays in the custody log).").format(id=media_id))
        return 0
    with ctx.unlocked() as vault:
        result = redaction.redact(vault, args.id, regions)
    if ctx.json:
        output.emit_json({"id": result.media_id, "original_sha256": result.original_sha256,
                          "derivative_sha256": result.derivative_sha256, "size": result.size,
                          "width": result.width, "height": result.height,
                          "regions": [r.to_dict() for r in result.regions]})
    else:
        output.emit(ngettext(
            "Copy with hidden parts of media {id}: {count} region hidden, "
            "{width}×{height}, no metadata.",
            "Copy with hidden parts of media {id}: {count} regions hidden, "
            "{width}×{height}, no metadata.", len(result.regions)).format(
            id=result.media_id, count=number(len(result.regions)), width=result.width,
            height=result.height))
        output.emit("  " + _("original sha256: {sha}").format(sha=result.original_sha256))
        output.emit("  " + _("copy sha256: {sha}").format(sha=result.derivative_sha256))
    return 0


def custody_show(ctx: Context, args: argparse.Namespace) -> int:
    """Print the custody events of one record and of the media attached to it."""
    from willay.core.media import intake as media
    from willay.core.records import custody
    from willay.core.records import service as records

    with ctx.unlocked() as vault, vault.session() as session:
        record = records.find_record(session, args.id)
        ids = [record.id] + [m["id"] for m in media.list_media(session, attached_to=record.id)]
        events = custody.events_for(session, ids)
    rows = [{"id": e.hash, "seq": e.seq, "time": e.time, "action": e.action,
             "record": e.record_id, "subject": e.subject, "details": json.loads(e.details),
             "signer": e.signer} for e in events]
    if ctx.json:
        output.emit_json(rows)
        return 0
    for row in rows:
        details = row["details"]
        extra = ""
        if row["action"] == "media_added":
            extra = f" {details.get('original_name', '')} sha256 {details.get('sha256', '')[:16]}…"
        elif row["action"] in ("media_exported", "evidence_packaged"):
            extra = " " + _("to {path}").format(path=details.get("to", ""))
        elif row["action"] in ("derivative_made", "redaction_removed"):
            extra = " " + _("copy sha256 {sha}").format(
                sha=str(details.get("derivative", ""))[:16] + "…")
        elif row["action"] == "original_seen":
            extra = " " + _("original sha256 {sha}").format(sha=row["subject"][:16] + "…")
        elif row["subject"]:
            extra = " " + _("revision {revision}").format(revision=row["subject"][:12])
        who = "" if row["record"] == record.id else " [" + _("media {id}").format(
            id=str(row["record"])[:8]) + "]"
        if details.get("coordinator"):
            who += " " + _("by {coordinator}").format(coordinator=details["coordinator"])
        seq, time, action, signer = (row[key] for key in ("seq", "time", "action", "signer"))
        output.emit(f"{seq:>6}  {local_stamp(time, seconds=True)}  {action}{who}{extra}  "
                    + _("signed {key}").format(key=signer[:12]))
    return 0


def verify(ctx: Context, _args: argparse.Namespace) -> int:
    """Check the custody chain, every revision and every original; exit 3 if broken."""
    from willay.core.records.verify import verify_vault

    with ctx.unlocked() as vault:
        report = verify_vault(vault)
    if ctx.json:
        output.emit_json({"id": vault.vault_id, "ok": report.ok, "events": report.events,
                          "revisions": report.revisions, "signed": report.signed,
                          "attested": report.attested, "objects": report.objects,
                          "purged": report.purged,
                          "problems": [{"item": p.item, "reason": p.reason}
                                       for p in report.problems]})
    else:
        output.emit(_("Checked {events} custody events, {revisions} revisions, "
                      "{originals} originals.").format(
            events=number(report.events), revisions=number(report.revisions),
            originals=number(report.objects)))
        output.emit("  " + _("revisions signed by their authors: {signed}; written before "
                             "author signatures and attested: {attested}").format(
            signed=number(report.signed), attested=number(report.attested)))
        if report.purged:
            output.emit("  " + _("originals removed after partners confirmed them (not "
                                 "checked: their files are with the partners now): "
                                 "{count}").format(count=number(report.purged)))
        for problem in report.problems:
            output.emit("  " + _("BROKEN  {problem}").format(problem=problem))
        if report.ok:
            output.emit(_("Everything verifies."))
    if not report.ok:
        count = len(report.problems)
        raise VerificationError(ngettext("{count} item failed verification.",
                                         "{count} items failed verification.", count).format(
            count=number(count)))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``media``, ``redact``, ``custody`` and ``verify`` to the command parser."""
    p = sub.add_parser("media", help=_("add, show or export evidence files"))
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("add", help=_("attach files to an incident, testimony or person"))
    q.add_argument("record", metavar="RECORD_ID", help=_("the record the files belong to"))
    q.add_argument("files", nargs="+", metavar="FILE", help=_("the files to attach"))
    q.set_defaults(handler=media_add, on_hub=True)
    q = actions.add_parser("show", help=_("metadata of a media item"))
    q.add_argument("id", metavar="ID", help=_("the media item's id"))
    q.set_defaults(handler=media_show, on_hub=True)
    q = actions.add_parser("export", help=_("write the original file to a file"))
    q.add_argument("id", metavar="ID", help=_("the media item's id"))
    q.add_argument("-o", "--output", required=True, metavar="PATH",
                   help=_("the file to write"))
    q.add_argument("--redacted", action="store_true",
                   help=_("write the copy with hidden parts (see 'redact') instead of the "
                          "original"))
    q.set_defaults(handler=media_export, on_hub=True)

    p = sub.add_parser("redact", help=_("make a copy of a photo with parts hidden"))
    p.add_argument("id", metavar="MEDIA_ID", help=_("the photo's media id"))
    p.add_argument("--black", action="append", metavar="X,Y,W,H",
                   help=_("black out this rectangle (pixels of the upright photo; repeat)"))
    p.add_argument("--blur", action="append", metavar="X,Y,W,H",
                   help=_("blur this rectangle beyond recognition (repeat)"))
    p.add_argument("--clear", action="store_true",
                   help=_("remove the current copy with hidden parts"))
    p.set_defaults(handler=redact, on_hub=True)

    p = sub.add_parser("custody", help=_("the custody history of a record and its media"))
    p.add_argument("id", metavar="ID", help=_("the record's id"))
    p.set_defaults(handler=custody_show, on_hub=True)

    p = sub.add_parser("verify", help=_("check custody chain, revisions and originals"))
    p.set_defaults(handler=verify, on_hub=True)
