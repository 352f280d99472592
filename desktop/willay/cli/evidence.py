"""Commands for identity, media intake and export, custody and verification."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from willay.cli import output
from willay.cli.context import Context
from willay.core.errors import VerificationError, WillayError
from willay.core.fileio import atomic_write
from willay.core.media import intake as media
from willay.core.media import redaction
from willay.core.records import custody
from willay.core.records.verify import verify_vault
from willay.core.vault.identity import own_card


def _size(size: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)


def identity_show(ctx: Context, _args: argparse.Namespace) -> int:
    """Print this vault's name, organization and fingerprint."""
    with ctx.unlocked() as vault, vault.session() as session:
        card = own_card(session)
    if ctx.json:
        output.emit_json({"id": card.fingerprint, **card.to_dict()})
        return 0
    output.emit(f"name:         {card.name or '—'}")
    output.emit(f"organization: {card.organization or '—'}")
    output.emit(f"fingerprint:  {card.fingerprint}")
    output.emit(f"age:          {card.age_recipient}")
    output.emit(f"minisign:     {card.minisign_public_key}")
    return 0


def identity_card(ctx: Context, args: argparse.Namespace) -> int:
    """Write this vault's public card to a file."""
    target = Path(args.output)
    if target.exists() and not args.force:
        raise WillayError(f"{target} already exists; add --force to replace it.")
    with ctx.unlocked() as vault, vault.session() as session:
        card = own_card(session)
    atomic_write(target, card.to_bytes())
    if ctx.json:
        output.emit_json({"id": card.fingerprint, "path": str(target)})
    else:
        output.emit(f"Card written to {target}. Fingerprint: {card.fingerprint}")
        output.emit("Read the fingerprint aloud to your partner when you hand over the card.")
    return 0


def media_add(ctx: Context, args: argparse.Namespace) -> int:
    """Attach files to a record; all or nothing."""
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
        note = "  (already attached)" if item.already_attached else ""
        output.emit(f"{item.media_id}  {item.original_name}  {item.label}, "
                    f"{_size(item.size)}{note}")
    return 0


def media_show(ctx: Context, args: argparse.Namespace) -> int:
    """Print the metadata of a media item."""
    from willay.core.records import service as records

    with ctx.unlocked() as vault, vault.session() as session:
        row = media.media_row(session, args.id)
        fields = records.get(session, row.id).fields or {}
        has_thumbnail = media.thumbnail(session, row.sha256) is not None
    doc = {"id": row.id, **fields, "thumbnail": has_thumbnail}
    if ctx.json:
        output.emit_json(doc)
        return 0
    output.emit(f"media {row.id}")
    output.emit(f"  file:        {row.original_name}")
    output.emit(f"  type:        {fields['metadata'].get('type_label', row.mime)} ({row.mime})")
    output.emit(f"  size:        {_size(row.size)} ({row.size} bytes)")
    output.emit(f"  sha256:      {row.sha256}")
    output.emit(f"  attached to: {row.attached_to}")
    output.emit(f"  intake:      {row.intake_time}")
    for key, value in fields["metadata"].items():
        if key != "type_label" and value is not None:
            output.emit(f"  {key.replace('_', ' ')}: {value}")
    return 0


def media_export(ctx: Context, args: argparse.Namespace) -> int:
    """Write a media item's original bytes (or, with --redacted, its redacted copy) to a file."""
    if getattr(args, "redacted", False):
        with ctx.unlocked() as vault:
            target = redaction.export_redacted(vault, args.id, Path(args.output))
        if ctx.json:
            output.emit_json({"id": args.id, "path": str(target), "redacted": True})
        else:
            output.emit(f"Redacted copy written to {target} (logged in the custody log).")
        return 0
    with ctx.unlocked() as vault:
        target = media.export_original(vault, args.id, Path(args.output))
    if ctx.json:
        output.emit_json({"id": args.id, "path": str(target)})
    else:
        output.emit(f"Original written to {target} (logged in the custody log).")
    return 0


def redact(ctx: Context, args: argparse.Namespace) -> int:
    """Make (or, with --clear, remove) the redacted copy of a photo."""
    regions = [redaction.parse_region("black", text) for text in args.black or []]
    regions += [redaction.parse_region("blur", text) for text in args.blur or []]
    if args.clear:
        if regions:
            raise WillayError("--clear removes the redacted copy; give no regions with it.")
        with ctx.unlocked() as vault:
            media_id = redaction.clear(vault, args.id)
        if ctx.json:
            output.emit_json({"id": media_id, "cleared": True})
        else:
            output.emit(f"The redacted copy of media {media_id} was removed (its history "
                        "stays in the custody log).")
        return 0
    with ctx.unlocked() as vault:
        result = redaction.redact(vault, args.id, regions)
    if ctx.json:
        output.emit_json({"id": result.media_id, "original_sha256": result.original_sha256,
                          "derivative_sha256": result.derivative_sha256, "size": result.size,
                          "width": result.width, "height": result.height,
                          "regions": [r.to_dict() for r in result.regions]})
    else:
        output.emit(f"Redacted copy of media {result.media_id}: {len(result.regions)} regions "
                    f"hidden, {result.width}×{result.height}, no metadata.")
        output.emit(f"  original sha256: {result.original_sha256}")
        output.emit(f"  copy sha256:     {result.derivative_sha256}")
    return 0


def custody_show(ctx: Context, args: argparse.Namespace) -> int:
    """Print the custody events of one record and of the media attached to it."""
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
            extra = f" to {details.get('to', '')}"
        elif row["action"] in ("derivative_made", "redaction_removed"):
            extra = f" copy sha256 {str(details.get('derivative', ''))[:16]}…"
        elif row["subject"]:
            extra = f" revision {row['subject'][:12]}"
        who = "" if row["record"] == record.id else f" [media {str(row['record'])[:8]}]"
        output.emit(f"{row['seq']:>6}  {row['time']}  {row['action']}{who}{extra}"
                    f"  signed {row['signer'][:12]}")
    return 0


def verify(ctx: Context, _args: argparse.Namespace) -> int:
    """Check the custody chain, every revision and every original; exit 3 if broken."""
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
        output.emit(f"Checked {report.events} custody events, {report.revisions} revisions, "
                    f"{report.objects} originals.")
        output.emit(f"  revisions signed by their authors: {report.signed}; written before "
                    f"author signatures and attested: {report.attested}")
        if report.purged:
            output.emit(f"  originals removed after partners confirmed them (not checked: "
                        f"their files are with the partners now): {report.purged}")
        for problem in report.problems:
            output.emit(f"  BROKEN  {problem}")
        if report.ok:
            output.emit("Everything verifies.")
    if not report.ok:
        raise VerificationError(f"{len(report.problems)} items failed verification.")
    return 0
