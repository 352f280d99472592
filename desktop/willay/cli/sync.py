"""Commands for partners, bundles and conflicts: ``partner``, ``export``, ``import``,
``conflicts`` and ``resolve``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from willay.cli import output
from willay.core.errors import WillayError
from willay.core.i18n import _, local_stamp, ngettext, number

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
    output.emit(_("Added {name} ({organization}), profile {profile}, scope {scope}.").format(
        name=partner.name, organization=partner.organization or "—",
        profile=partner.profile, scope=partner.scope))
    output.emit(_("Fingerprint: {fingerprint}").format(fingerprint=partner.fingerprint))
    command = f'willay-cli partner verified "{partner.name}"'
    output.emit(_("Compare it aloud with them, then run: {command}").format(command=command))
    return 0


def partner_list(ctx: Context, args: argparse.Namespace) -> int:
    """List partners (with ``--all``, their retired cards too)."""
    from willay.core.sharing.partners import list_partners

    show_all = bool(getattr(args, "all", False))
    with ctx.unlocked() as vault, vault.session() as session:
        rows: list[dict[str, Any]] = [
            {"id": p.fingerprint, "name": p.name, "organization": p.organization,
             "profile": p.profile, "scope": p.scope, "verified": p.verified,
             "last_sequence": p.last_received_sequence, "retired": p.retired,
             "replaced_by": p.replaced_by or None}
            for p in list_partners(session, include_retired=show_all)]
    if ctx.json:
        output.emit_json(rows)
        return 0
    cells = [[r["name"], r["organization"], r["id"], r["profile"], r["scope"],
              _("yes") if r["verified"] else _("NO")] for r in rows]
    headers = [_("NAME"), _("ORGANIZATION"), _("FINGERPRINT"), _("PROFILE"), _("SCOPE"),
               _("VERIFIED")]
    if show_all:
        for row, cell in zip(rows, cells, strict=True):
            day = local_stamp(str(row["retired"] or ""))[:10]
            cell.append(_("replaced {date}").format(date=day) if row["replaced_by"]
                        else _("removed {date}").format(date=day) if day else "—")
        headers.append(_("RETIRED"))
    output.table(cells, headers)
    return 0


def partner_replace(ctx: Context, args: argparse.Namespace) -> int:
    """Replace a partner's card with a new one (a new vault, a lost laptop)."""
    from willay.core.formats.card import read_card
    from willay.core.sharing.partners import replace_partner

    card = read_card(Path(args.card))
    with ctx.unlocked() as vault, vault.session() as session:
        old, new = replace_partner(session, args.partner, card)
    if ctx.json:
        output.emit_json({"id": new.fingerprint, "name": new.name, "retired": old.fingerprint,
                          "profile": new.profile, "scope": new.scope,
                          "verified": new.verified})
        return 0
    output.emit(_("The card of {name} was replaced: the old card {old} is retired (what it "
                  "signed before stays verifiable); exports now go to the new card only, "
                  "profile {profile}, scope {scope}.").format(
        name=new.name, old=old.fingerprint, profile=new.profile, scope=new.scope))
    output.emit(_("New fingerprint: {fingerprint}").format(fingerprint=new.fingerprint))
    command = f"willay-cli partner verified {new.fingerprint}"
    output.emit(_("Compare it aloud with them, then run: {command}").format(command=command))
    return 0


def partner_remove(ctx: Context, args: argparse.Namespace) -> int:
    """Remove a partner: no more exports to them, their bundles refused."""
    from willay.core.sharing.partners import remove_partner

    with ctx.unlocked() as vault, vault.session() as session:
        partner = remove_partner(session, args.partner)
    if ctx.json:
        output.emit_json({"id": partner.fingerprint, "name": partner.name,
                          "retired": partner.retired})
        return 0
    output.emit(_("{name} ({fingerprint}) was removed from the partners: nothing more is "
                  "exported to them and their bundles are refused from now on. What they "
                  "sent before stays, and stays verifiable.").format(
        name=partner.name, fingerprint=partner.fingerprint))
    return 0


def partner_verified(ctx: Context, args: argparse.Namespace) -> int:
    """Record that a partner's fingerprint was compared in person."""
    from willay.core.sharing.partners import mark_verified

    with ctx.unlocked() as vault, vault.session() as session:
        partner = mark_verified(session, args.partner)
    if ctx.json:
        output.emit_json({"id": partner.fingerprint, "verified": True})
    else:
        output.emit(_("{name} ({fingerprint}) marked as verified.").format(
            name=partner.name, fingerprint=partner.fingerprint))
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
    output.emit(_("Bundle {bundle} (sequence {sequence}) written to {path}").format(
        bundle=result.bundle_id, sequence=result.sequence, path=result.path))
    output.emit("  " + _("for {partners}, profile {profile}: {revisions} revisions, "
                         "{events} custody events, {originals} originals").format(
        partners=", ".join(result.partners), profile=result.profile,
        revisions=number(result.revisions), events=number(result.custody_events),
        originals=number(result.media)))
    if result.withheld:
        output.emit("  " + ngettext(
            "{count} record withheld: its consent does not reach this partner",
            "{count} records withheld: their consent does not reach this partner",
            result.withheld).format(count=number(result.withheld)))
    if result.unprovable:
        output.emit("  " + ngettext(
            "{count} change kept here: received before changes were signed by their "
            "authors, so the partner could not check who wrote it",
            "{count} changes kept here: received before changes were signed by their "
            "authors, so the partner could not check who wrote them",
            result.unprovable).format(count=number(result.unprovable)))
    return 0


def _authors(result: ImportResult) -> str:
    return ", ".join(_("{name} (vouched for by {signer})").format(name=name,
                                                                    signer=result.signer)
                     if name in result.vouched else name for name in result.authors)


def import_(ctx: Context, args: argparse.Namespace) -> int:
    """Verify and import a bundle or receipt."""
    from willay.core.sharing import receive as sync_import

    with ctx.unlocked() as vault:
        result = sync_import.import_bundle(vault, Path(args.file),
                                           accept_replay=args.accept_replay)
    if ctx.json:
        output.emit_json(result.as_dict())
        return 0
    output.emit(_("Verified: signed by {signer} ({fingerprint}), bundle {bundle}, "
                  "sequence {sequence}.").format(
        signer=result.signer, fingerprint=result.fingerprint, bundle=result.bundle_id,
        sequence=result.sequence))
    if result.already_imported:
        output.emit(_("This bundle was imported before. This copy was read to its end and "
                      "every part matches the signed list of contents (originals checked by "
                      "size and SHA-256: {count}); nothing changed.").format(
            count=number(result.checked_originals)))
        return 0
    if result.kind != "receipt":
        output.emit("  " + _("every part matches the signed list of contents; {count} "
                             "changes carry valid signatures of their authors: "
                             "{authors}").format(count=number(result.checked_revisions),
                                                 authors=_authors(result) or _("none")))
    if result.replayed:
        output.emit(_("Imported although its sequence is not newer (--accept-replay)."))
    if result.kind == "receipt":
        output.emit(ngettext("Receipt: {count} item confirmed delivered.",
                             "Receipt: {count} items confirmed delivered.",
                             result.delivered).format(count=number(result.delivered)))
        return 0
    output.emit("  " + _("revisions: {new} new, {known} already known").format(
        new=number(result.new_revisions), known=number(result.known_revisions)))
    output.emit("  " + _("originals: {new} new, {known} already known").format(
        new=number(result.new_media), known=number(result.known_media)))
    output.emit("  " + _("custody events: {count}").format(count=number(result.custody_events)))
    if result.merged:
        output.emit("  " + ngettext("merged automatically: {count} record",
                                    "merged automatically: {count} records",
                                    len(result.merged)).format(count=number(len(result.merged))))
    if result.conflicts:
        output.emit("  " + ngettext("NEW CONFLICTS: {count} record (see 'willay-cli "
                                    "conflicts')",
                                    "NEW CONFLICTS: {count} records (see 'willay-cli "
                                    "conflicts')", len(result.conflicts)).format(
            count=number(len(result.conflicts))))
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
        what = _("deleted on one side, edited on the other") if row["deleted_vs_edited"] \
            else _("fields in dispute: {fields}").format(fields=", ".join(row["fields"]))
        record_id, kind = row["id"], row["kind"]
        output.emit(f"{record_id}  {kind}  {what}")
        for head in row["heads"]:
            who = head["author_name"] or head["author"][:12]
            values = _("DELETED") if head["deleted"] else "  ".join(
                f"{k}={_compact((head['fields'] or {}).get(k))}" for k in row["fields"])
            version, time = head["id"][:12], local_stamp(head["time"])
            output.emit("    " + _("version {version}  {time}  by {who}  {values}").format(
                version=version, time=time, who=who, values=values))
        short = row["id"][:8]
        if row["deleted_vs_edited"]:
            command = f"willay-cli resolve {short} --restore | --keep-deleted"
            output.emit("  " + _("resolve: {command}").format(command=command))
        else:
            command = f"willay-cli resolve {short} --field NAME=VERSION --set NAME=VALUE …"
            output.emit("  " + _("resolve: {command} (or --take VERSION, --merge)").format(
                command=command))
    output.emit("(" + ngettext("{count} conflict", "{count} conflicts", len(rows)).format(
        count=number(len(rows))) + ")")
    return 0


def _compact(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def resolve_options(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``resolve`` to its parser."""
    parser.add_argument("id", metavar="RECORD_ID", help=_("the record in conflict"))
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--take", metavar="VERSION",
                     help=_("keep this version (id or prefix); with --field/--set, the base"))
    how.add_argument("--merge", action="store_true",
                     help=_("the newest version wins each disputed field not given"))
    how.add_argument("--keep-deleted", action="store_true",
                     help=_("one side deleted the record: keep it deleted"))
    how.add_argument("--restore", action="store_true",
                     help=_("one side deleted the record: restore the edited version"))
    parser.add_argument("--field", action="append", default=[], metavar="NAME=VERSION",
                        help=_("take this version's value of a field (repeat)"))
    parser.add_argument("--set", dest="values", action="append", default=[],
                        metavar="NAME=VALUE",
                        help=_("write a new value (a list as [\"a\", \"b\"], a place as "
                               "'show --json' prints it; repeat)"))


def _assignments(items: list[str], option: str, what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise WillayError(_("{option} expects NAME={what}, not '{item}'.").format(
                option=option, what=what, item=item))
        if name in out:
            raise WillayError(_("{option} gives the field '{name}' twice.").format(
                option=option, name=name))
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
                raise WillayError(_("--keep-deleted takes no --field or --set."))
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
                raise WillayError(_("{record} was deleted on one side and edited on the "
                                    "other: say --restore or --keep-deleted.").format(
                    record=record.id))
            raise WillayError(
                _("Say how to resolve {record}: --field NAME=VERSION or --set NAME=VALUE "
                  "for each field in dispute ({fields}), or --take VERSION, "
                  "or --merge.").format(record=record.id, fields=", ".join(found.disputed)))
    if ctx.json:
        output.emit_json({"id": record.id, "revision": revision_id, "newest_won": newest_won,
                          "fields": sources})
    else:
        output.emit(_("{record} resolved at revision {revision}.").format(
            record=record.id, revision=revision_id[:12]))
        if newest_won:
            output.emit("  " + _("changed on both sides, newest kept: {fields}").format(
                fields=", ".join(newest_won)))
        for name, source in sorted(sources.items()):
            origin = _("new value") if source == "written" else _("version {version}").format(
                version=source[:12])
            output.emit(f"  {name}: {origin}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``partner``, ``export``, ``import``, ``conflicts`` and ``resolve`` to the command
    parser."""
    p = sub.add_parser("partner", help=_("partners: add a card, list, mark verified, "
                                         "replace a card, remove"))
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("add", help=_("add a partner from its card file"))
    q.add_argument("card", metavar="CARD_FILE", help=_("the card file the partner gave you"))
    q.add_argument("--profile", choices=["full", "anonymized"], default="full",
                   help=_("what the partner receives: full, or anonymized (no names)"))
    q.add_argument("--scope", choices=["partners", "legal", "public"], default="partners",
                   help=_("the widest consent the partner may receive"))
    q.set_defaults(handler=partner_add, on_hub=True)
    q = actions.add_parser("list", help=_("list partners"))
    q.add_argument("--all", action="store_true",
                   help=_("also list retired cards (replaced, or of partners removed)"))
    q.set_defaults(handler=partner_list, on_hub=True)
    q = actions.add_parser("replace", help=_("replace a partner's card with their new one"))
    q.add_argument("partner", metavar="NAME_OR_FINGERPRINT",
                   help=_("the partner's name or fingerprint"))
    q.add_argument("card", metavar="CARD_FILE", help=_("the new card file the partner gave you"))
    q.set_defaults(handler=partner_replace, on_hub=True)
    q = actions.add_parser("remove", help=_("stop sharing with a partner"))
    q.add_argument("partner", metavar="NAME_OR_FINGERPRINT",
                   help=_("the partner's name or fingerprint"))
    q.set_defaults(handler=partner_remove, on_hub=True)
    q = actions.add_parser("verified", help=_("mark a partner's fingerprint as checked"))
    q.add_argument("partner", metavar="NAME_OR_FINGERPRINT",
                   help=_("the partner's name or fingerprint"))
    q.set_defaults(handler=partner_verified, on_hub=True)

    p = sub.add_parser("export", help=_("write a bundle for partners"))
    p.add_argument("--to", action="append", required=True, metavar="PARTNER",
                   help=_("the partner it is for (repeat)"))
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--all", action="store_true",
                       help=_("everything, not only what is new"))
    scope.add_argument("--since-last", action="store_true",
                       help=_("only what each partner has not received yet (the default)"))
    p.add_argument("--profile", choices=["full", "anonymized"],
                   help=_("override the partner's profile for this bundle"))
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help=_("the bundle file to write"))
    p.set_defaults(handler=export, on_hub=True)

    p = sub.add_parser("import", help=_("verify and import a bundle or receipt"))
    p.add_argument("file", metavar="FILE", help=_("the bundle or receipt file"))
    p.add_argument("--accept-replay", action="store_true",
                   help=_("import even if its sequence is not newer than the last one"))
    p.set_defaults(handler=import_, on_hub=True)

    p = sub.add_parser("conflicts", help=_("records edited apart in two places"))
    p.set_defaults(handler=conflicts, on_hub=True)
    p = sub.add_parser("resolve", help=_("resolve a conflict, field by field or whole"))
    resolve_options(p)
    p.set_defaults(handler=resolve, on_hub=True)
