"""Commands for partners, bundles and conflicts: ``partner``, ``export``, ``import``,
``conflicts`` and ``resolve``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from willay.cli import output
from willay.core.errors import WillayError

if TYPE_CHECKING:
    from willay.cli.context import Context
    from willay.core.sharing.receive import ImportResult


def partner_add(ctx: Context, args: argparse.Namespace) -> int:
    """Add a partner from its card file."""
    from willay.core.formats.card import read_card
    from willay.core.sharing.partners import add_partner

    card = read_card(Path(args.card))
    with ctx.unlocked() as vault, vault.session() as session:
        partner = add_partner(session, card, args.profile, args.scope)
    doc = {"id": partner.fingerprint, "name": partner.name, "organization":
           partner.organization, "profile": partner.profile, "scope": partner.scope,
           "verified": partner.verified}
    if ctx.json:
        output.emit_json(doc)
        return 0
    output.emit(f"Added {partner.name} ({partner.organization or '—'}), profile "
                f"{partner.profile}, scope {partner.scope}.")
    output.emit(f"Fingerprint: {partner.fingerprint}")
    output.emit("Compare it aloud with them, then run: willay-cli partner verified "
                f'"{partner.name}"')
    return 0


def partner_list(ctx: Context, _args: argparse.Namespace) -> int:
    """List partners."""
    from willay.core.sharing.partners import list_partners

    with ctx.unlocked() as vault, vault.session() as session:
        rows: list[dict[str, Any]] = [
            {"id": p.fingerprint, "name": p.name, "organization": p.organization,
             "profile": p.profile, "scope": p.scope, "verified": p.verified,
             "last_sequence": p.last_received_sequence} for p in list_partners(session)]
    if ctx.json:
        output.emit_json(rows)
        return 0
    output.table([[r["name"], r["organization"], r["id"], r["profile"], r["scope"],
                   "yes" if r["verified"] else "NO"] for r in rows],
                 ["NAME", "ORGANIZATION", "FINGERPRINT", "PROFILE", "SCOPE", "VERIFIED"])
    return 0


def partner_verified(ctx: Context, args: argparse.Namespace) -> int:
    """Record that a partner's fingerprint was compared in person."""
    from willay.core.sharing.partners import mark_verified

    with ctx.unlocked() as vault, vault.session() as session:
        partner = mark_verified(session, args.partner)
    if ctx.json:
        output.emit_json({"id": partner.fingerprint, "verified": True})
    else:
        output.emit(f"{partner.name} ({partner.fingerprint}) marked as verified.")
    return 0


def export(ctx: Context, args: argparse.Namespace) -> int:
    """Write a bundle for one or more partners."""
    from willay.core.sharing import send as sync_export

    with ctx.unlocked() as vault:
        result = sync_export.export_bundle(vault, args.to, Path(args.output),
                                           complete=args.all, profile=args.profile)
    doc = {"id": result.bundle_id, "path": str(result.path), "sequence": result.sequence,
           "partners": result.partners, "profile": result.profile,
           "revisions": result.revisions, "custody_events": result.custody_events,
           "media": result.media, "withheld": result.withheld,
           "unprovable": result.unprovable}
    if ctx.json:
        output.emit_json(doc)
        return 0
    output.emit(f"Bundle {result.bundle_id} (sequence {result.sequence}) written to "
                f"{result.path}")
    output.emit(f"  for {', '.join(result.partners)}, profile {result.profile}: "
                f"{result.revisions} revisions, {result.custody_events} custody events, "
                f"{result.media} originals")
    if result.withheld:
        output.emit(f"  {result.withheld} records withheld: their consent does not reach "
                    "this partner")
    if result.unprovable:
        output.emit(f"  {result.unprovable} changes kept here: received before changes were "
                    "signed by their authors, so the partner could not check who wrote them")
    return 0


def _authors(result: ImportResult) -> str:
    return ", ".join(f"{name} (vouched for by {result.signer})" if name in result.vouched
                     else name for name in result.authors)


def import_(ctx: Context, args: argparse.Namespace) -> int:
    """Verify and import a bundle or receipt."""
    from willay.core.sharing import receive as sync_import

    with ctx.unlocked() as vault:
        result = sync_import.import_bundle(vault, Path(args.file),
                                           accept_replay=args.accept_replay)
    if ctx.json:
        output.emit_json(result.as_dict())
        return 0
    output.emit(f"Verified: signed by {result.signer} ({result.fingerprint}), "
                f"bundle {result.bundle_id}, sequence {result.sequence}.")
    if result.already_imported:
        output.emit("This bundle was imported before. This copy was read to its end and every "
                    "part matches the signed list of contents (originals checked by size and "
                    f"SHA-256: {result.checked_originals}); nothing changed.")
        return 0
    if result.kind != "receipt":
        output.emit(f"  every part matches the signed list of contents; "
                    f"{result.checked_revisions} changes carry valid signatures of their "
                    f"authors: {_authors(result) or 'none'}")
    if result.replayed:
        output.emit("Imported although its sequence is not newer (--accept-replay).")
    if result.kind == "receipt":
        output.emit(f"Receipt: {result.delivered} items confirmed delivered.")
        return 0
    output.emit(f"  revisions: {result.new_revisions} new, {result.known_revisions} already "
                "known")
    output.emit(f"  originals: {result.new_media} new, {result.known_media} already known")
    output.emit(f"  custody events: {result.custody_events}")
    if result.merged:
        output.emit(f"  merged automatically: {len(result.merged)} records")
    if result.conflicts:
        output.emit(f"  NEW CONFLICTS: {len(result.conflicts)} records (see 'willay-cli "
                    "conflicts')")
    return 0


def conflicts(ctx: Context, _args: argparse.Namespace) -> int:
    """List records with conflicting heads, and the fields in dispute."""
    from willay.core.reconcile import merge
    from willay.core.records.authorship import author_labels

    with ctx.unlocked() as vault, vault.session() as session:
        rows: list[dict[str, Any]] = []
        names = author_labels(session)
        for record in merge.conflicts(session):
            found = merge.dispute(session, record.id)
            rows.append({"id": record.id, "kind": record.kind,
                         "heads": [{"id": h.id, "author": h.author,
                                    "author_name": names.get(h.author, ""), "time": h.time,
                                    "deleted": h.deleted, "fields": h.fields}
                                   for h in found.heads],
                         "fields": found.disputed,
                         "deleted_vs_edited": found.deleted_vs_edited})
    if ctx.json:
        output.emit_json(rows)
        return 0
    for row in rows:
        what = "deleted on one side, edited on the other" if row["deleted_vs_edited"] \
            else "fields in dispute: " + ", ".join(row["fields"])
        output.emit(f"{row['id']}  {row['kind']}  {what}")
        for head in row["heads"]:
            who = head["author_name"] or head["author"][:12]
            values = "DELETED" if head["deleted"] else "  ".join(
                f"{k}={_compact((head['fields'] or {}).get(k))}" for k in row["fields"])
            output.emit(f"    version {head['id'][:12]}  {head['time'][:19]}  by {who}  "
                        f"{values}")
        short = row["id"][:8]
        if row["deleted_vs_edited"]:
            output.emit(f"  resolve: willay-cli resolve {short} --restore | --keep-deleted")
        else:
            output.emit(f"  resolve: willay-cli resolve {short} --field NAME=VERSION "
                        "--set NAME=VALUE … (or --take VERSION, --merge)")
    output.emit(f"({len(rows)} conflicts)")
    return 0


def _compact(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def resolve_options(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``resolve`` to its parser."""
    parser.add_argument("id", metavar="RECORD_ID")
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--take", metavar="VERSION",
                     help="keep this version (id or prefix); with --field/--set, the base")
    how.add_argument("--merge", action="store_true",
                     help="the newest version wins each disputed field not given")
    how.add_argument("--keep-deleted", action="store_true",
                     help="one side deleted the record: keep it deleted")
    how.add_argument("--restore", action="store_true",
                     help="one side deleted the record: restore the edited version")
    parser.add_argument("--field", action="append", default=[], metavar="NAME=VERSION",
                        help="take this version's value of a field (repeat)")
    parser.add_argument("--set", dest="values", action="append", default=[],
                        metavar="NAME=VALUE",
                        help="write a new value (JSON for lists and objects; repeat)")


def _assignments(items: list[str], option: str, what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise WillayError(f"{option} expects NAME={what}, not {item!r}.")
        if name in out:
            raise WillayError(f"{option} gives the field {name!r} twice.")
        out[name] = value
    return out


def resolve(ctx: Context, args: argparse.Namespace) -> int:
    """Resolve a conflict: per field (--field, --set), whole (--take, --merge), or deletion."""
    from willay.core.reconcile import merge
    from willay.core.records import service as records

    picks = _assignments(args.field, "--field", "VERSION")
    values = {name: merge.parse_typed(name, text)
              for name, text in _assignments(args.values, "--set", "VALUE").items()}
    with ctx.unlocked() as vault, vault.session() as session:
        record = records.find_record(session, args.id)
        newest_won: list[str] = []
        sources: dict[str, str] = {}
        if args.keep_deleted:
            if picks or values:
                raise WillayError("--keep-deleted takes no --field or --set.")
            revision_id = merge.resolve_fields(session, record.id, keep_deleted=True).revision_id
        elif picks or values or args.restore:
            done = merge.resolve_fields(session, record.id, picks, values,
                                        fallback=args.take or ("newest" if args.merge else None))
            revision_id, sources = done.revision_id, done.sources
        elif args.take or args.merge:
            revision_id, newest_won = merge.resolve_conflict(session, record.id, args.take)
        else:
            found = merge.dispute(session, record.id)
            if found.deleted_vs_edited:
                raise WillayError(f"{record.id} was deleted on one side and edited on the "
                                  "other: say --restore or --keep-deleted.")
            raise WillayError(
                f"Say how to resolve {record.id}: --field NAME=VERSION or --set NAME=VALUE "
                f"for each field in dispute ({', '.join(found.disputed)}), or --take VERSION, "
                "or --merge.")
    if ctx.json:
        output.emit_json({"id": record.id, "revision": revision_id, "newest_won": newest_won,
                          "fields": sources})
    else:
        output.emit(f"{record.id} resolved at revision {revision_id[:12]}.")
        if newest_won:
            output.emit(f"  changed on both sides, newest kept: {', '.join(newest_won)}")
        for name, source in sorted(sources.items()):
            origin = "new value" if source == "written" else f"version {source[:12]}"
            output.emit(f"  {name}: {origin}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``partner``, ``export``, ``import``, ``conflicts`` and ``resolve`` to the command
    parser."""
    p = sub.add_parser("partner", help="partners: add a card, list, mark verified")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("add", help="add a partner from its card file")
    q.add_argument("card", metavar="CARD_FILE")
    q.add_argument("--profile", choices=["full", "anonymized"], default="full")
    q.add_argument("--scope", choices=["partners", "legal", "public"], default="partners")
    q.set_defaults(handler=partner_add)
    q = actions.add_parser("list", help="list partners")
    q.set_defaults(handler=partner_list)
    q = actions.add_parser("verified", help="mark a partner's fingerprint as checked")
    q.add_argument("partner", metavar="NAME_OR_FINGERPRINT")
    q.set_defaults(handler=partner_verified)

    p = sub.add_parser("export", help="write a bundle for partners")
    p.add_argument("--to", action="append", required=True, metavar="PARTNER")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--all", action="store_true", help="everything, not only what is new")
    scope.add_argument("--since-last", action="store_true",
                       help="only what each partner has not received yet (the default)")
    p.add_argument("--profile", choices=["full", "anonymized"])
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(handler=export)

    p = sub.add_parser("import", help="verify and import a bundle or receipt")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--accept-replay", action="store_true",
                   help="import even if its sequence is not newer than the last one")
    p.set_defaults(handler=import_)

    p = sub.add_parser("conflicts", help="records edited apart in two places")
    p.set_defaults(handler=conflicts)
    p = sub.add_parser("resolve", help="resolve a conflict, field by field or whole")
    resolve_options(p)
    p.set_defaults(handler=resolve)
