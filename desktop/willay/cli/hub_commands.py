"""Commands for a hub (the archive on a PostgreSQL server): ``hub init``, ``hub push``,
``hub upgrade`` and ``hub coordinator`` (add, remove, list). Other commands reach a hub
with ``--hub URL --coordinator NAME`` (or ``WILLAY_HUB`` and ``WILLAY_COORDINATOR``)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from willay.cli import output, secrets
from willay.core.i18n import _, local_stamp, number

if TYPE_CHECKING:
    from willay.cli.context import Context


def hub_init(ctx: Context, args: argparse.Namespace) -> int:
    """Make a hub in an empty PostgreSQL database, with its first coordinator."""
    from willay.core.vault.hub import Hub

    coordinator = ctx.coordinator_name()
    passphrase = secrets.new_passphrase(ctx.passphrase_file, env=secrets.PASSPHRASE_ENV)
    hub = Hub.create(ctx.hub_address(), args.name, args.organization, coordinator, passphrase)
    hub_id = hub.vault_id
    hub.lock()
    output.emit_result(ctx.json, {"id": hub_id, "coordinator": coordinator},
                       _("Hub made; {coordinator} is its first coordinator. Add the others "
                         "with 'willay-cli hub coordinator add NAME'.").format(
                           coordinator=coordinator))
    return 0


def hub_upgrade(ctx: Context, _args: argparse.Namespace) -> int:
    """Bring an older hub's tables to this Willay's version, whole or not at all."""
    from willay.core.vault import hub_schema
    from willay.core.vault.hub import Hub

    hub = Hub.connect(ctx.hub_address())
    try:
        before, after = hub_schema.upgrade(hub.engine)
    finally:
        hub.close()
    if before == after:
        message = _("This hub's tables are already of version {version}; nothing was "
                    "changed.").format(version=after)
    else:
        message = _("This hub's tables went from version {before} to {after}, in one "
                    "transaction.").format(before=before, after=after)
    output.emit_result(ctx.json, {"before": before, "after": after}, message)
    return 0


def hub_originals(ctx: Context, args: argparse.Namespace) -> int:
    """Say where the hub keeps originals, or send new ones to an S3 store or its rows."""
    from willay.core.vault.hub_s3 import S3Place

    with ctx.unlocked_hub() as hub:
        if args.s3:
            hub.keep_originals_on(S3Place.parse(args.s3, args.endpoint or "",
                                                args.region or ""))
        elif args.database:
            hub.keep_originals_on(None)
        place, to_s3 = hub.originals_place()
        on_s3 = hub.objects.kept_on_s3()
        total = hub.objects.count()
    if ctx.json:
        output.emit_json({"new_originals_to": "s3" if to_s3 else "database",
                          "s3": str(place) if place else None, "originals": total,
                          "on_s3": on_s3})
        return 0
    if to_s3:
        output.emit(_("New originals go to the S3-compatible store {place}.").format(
            place=place))
    else:
        output.emit(_("New originals are kept in the hub's own database."))
    output.emit("  " + _("Originals kept: {total}, of them on the S3 store: {on_s3}.").format(
        total=number(total), on_s3=number(on_s3)))
    return 0


def coordinator_add(ctx: Context, args: argparse.Namespace) -> int:
    """Give a new coordinator their own copy of the organization's keys."""
    with ctx.unlocked_hub() as hub:
        passphrase = secrets.new_passphrase(args.new_passphrase_file)
        added = hub.add_coordinator(args.name, passphrase, args.clearance)
    output.emit_result(ctx.json, {"name": added.name, "added_by": added.added_by,
                                  "clearance": args.clearance},
                       _("{name} is now a coordinator of this hub, with a passphrase of "
                         "their own and a database role of that name cleared for "
                         "{clearance}; give the role a password on the server (ALTER ROLE "
                         "{name} PASSWORD …).").format(name=added.name,
                                                      clearance=args.clearance))
    return 0


def coordinator_remove(ctx: Context, args: argparse.Namespace) -> int:
    """Delete a coordinator's copy of the organization's keys."""
    with ctx.unlocked_hub() as hub:
        dropped = hub.remove_coordinator(args.name)
    if ctx.json:
        output.emit_json({"name": args.name, "removed": True, "role_dropped": dropped})
        return 0
    output.emit(_("{name} can no longer open this hub.").format(name=args.name))
    if not dropped:
        output.emit(_("Their database role has rights in another database of this server, "
                      "so it was kept, with no right left on this hub."))
    output.emit(_("What they read while they were a coordinator, and any copy of the "
                  "organization's keys they made, cannot be taken back: to close that, "
                  "the organization needs new keys and a new card sent to every partner."))
    return 0


def coordinator_list(ctx: Context, _args: argparse.Namespace) -> int:
    """List the hub's coordinators."""
    with ctx.unlocked_hub() as hub:
        found = hub.coordinators()
    if ctx.json:
        output.emit_json([vars(c) for c in found])
        return 0
    output.table([[c.name, c.clearance or _("everything (owner)"), local_stamp(c.added),
                   c.added_by] for c in found],
                 [_("NAME"), _("CLEARED FOR"), _("ADDED"), _("BY")])
    return 0


def hub_push(ctx: Context, args: argparse.Namespace) -> int:
    """Move a vault into a new hub, everything checked after."""
    from pathlib import Path

    from willay.core.records import hub_push as pushing
    from willay.core.vault.vault import Vault

    address = ctx.hub_address()
    coordinator = ctx.coordinator_name()
    vault = Vault.open(Path(args.vault_dir).expanduser())
    vault.unlock(secrets.passphrase(ctx.passphrase_file))
    try:
        pushed = pushing.push(vault, address, coordinator,
                              secrets.new_passphrase(args.new_passphrase_file))
    finally:
        vault.lock()
    if ctx.json:
        output.emit_json({"rows": pushed.rows, "revisions": pushed.revisions,
                          "custody_events": pushed.custody_events,
                          "originals": pushed.originals,
                          "coordinator": coordinator})
        return 0
    output.emit(_("The vault is now on the hub, and {coordinator} is its first "
                  "coordinator.").format(coordinator=coordinator))
    output.emit("  " + _("Checked on the hub: the rows of every table; revisions against "
                         "their ids and signatures: {revisions}; custody events in one "
                         "chain: {events}.").format(
        revisions=number(pushed.revisions), events=number(pushed.custody_events)))
    output.emit("  " + _("Originals encrypted into the hub and read back against their "
                         "fingerprints: {count}.").format(count=number(pushed.originals)))
    output.emit("  " + _("The vault itself is unchanged; keep it until the hub is in use."))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``hub`` (init, coordinator add, remove, list) to the command parser."""
    p = sub.add_parser("hub", help=_("the archive on a PostgreSQL server, for several "
                                     "coordinators"))
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("init", help=_("make a hub in an empty database (--hub URL "
                                          "--coordinator NAME)"))
    q.add_argument("--name", default="", help=_("the hub's name, as partners see it"))
    q.add_argument("--organization", default="", help=_("the organization it belongs to"))
    q.set_defaults(handler=hub_init, on_hub=True)
    q = actions.add_parser("push", help=_("move a vault into a new hub (--hub URL "
                                          "--coordinator NAME), checked after"))
    q.add_argument("--vault", dest="vault_dir", metavar="DIR", required=True,
                   help=_("the vault to move (its passphrase: WILLAY_PASSPHRASE or asked)"))
    q.add_argument("--new-passphrase-file", metavar="F",
                   help=_("read the coordinator's passphrase on the hub from F"))
    q.set_defaults(handler=hub_push, on_hub=True)
    q = actions.add_parser("upgrade", help=_("bring an older hub's tables to this version "
                                             "(as their owner; back up with pg_dump first)"))
    q.set_defaults(handler=hub_upgrade, on_hub=True)
    q = actions.add_parser("originals", help=_("where the hub keeps originals: its database "
                                               "or an S3-compatible store"))
    where = q.add_mutually_exclusive_group()
    where.add_argument("--s3", metavar="s3://BUCKET/PREFIX",
                       help=_("send new originals to this bucket (its credentials: "
                              "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"))
    where.add_argument("--database", action="store_true",
                       help=_("keep new originals in the hub's database"))
    q.add_argument("--endpoint", metavar="URL",
                   help=_("the store's address, when it is not Amazon's"))
    q.add_argument("--region", help=_("the store's region, when it needs one"))
    q.set_defaults(handler=hub_originals, on_hub=True)
    q = actions.add_parser("coordinator", help=_("add, remove or list coordinators"))
    who = q.add_subparsers(dest="what", required=True, metavar="ACTION")
    r = who.add_parser("add", help=_("give a new coordinator a passphrase of their own"))
    r.add_argument("name", metavar="NAME", help=_("their name: lower-case letters, digits "
                                                  "and _"))
    r.add_argument("--new-passphrase-file", metavar="F",
                   help=_("read their passphrase from F"))
    r.add_argument("--clearance", choices=["partners", "legal", "internal"],
                   default="partners",
                   help=_("the testimonies they may read, by consent (default: partners)"))
    r.set_defaults(handler=coordinator_add, on_hub=True)
    r = who.add_parser("remove", help=_("take a coordinator's copy of the keys away"))
    r.add_argument("name", metavar="NAME")
    r.set_defaults(handler=coordinator_remove, on_hub=True)
    r = who.add_parser("list", help=_("the hub's coordinators"))
    r.set_defaults(handler=coordinator_list, on_hub=True)
