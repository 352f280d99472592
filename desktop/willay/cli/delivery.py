"""Commands for what partners confirmed receiving: ``receipt`` and ``purge``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from willay.cli import output
from willay.core.errors import WillayError
from willay.core.i18n import _, ngettext, number

if TYPE_CHECKING:
    from willay.cli.context import Context


def receipt(ctx: Context, args: argparse.Namespace) -> int:
    """Write a signed receipt for an imported bundle."""
    from willay.core.sharing import delivery

    if args.all == (args.bundle is not None):
        raise WillayError(_("Say which bundle the receipt is for (its id), or --all --from "
                            "PARTNER for every bundle from them that has no receipt yet."))
    if args.all and args.sender is None:
        raise WillayError(_("Say whose bundles: --all --from PARTNER."))
    with ctx.unlocked() as vault:
        if args.all:
            result = delivery.write_receipt_for_partner(vault, args.sender, Path(args.output))
        else:
            result = delivery.write_receipt(vault, args.bundle, Path(args.output),
                                            sender=args.sender)
    if ctx.json:
        output.emit_json({"id": result.receipt_id, "receipt_for": result.receipt_for,
                          "bundles": list(result.bundles),
                          "partner": result.partner, "items": result.items,
                          "left_out": result.left_out, "path": str(result.path)})
    elif len(result.bundles) > 1:
        output.emit(_("One receipt for {count} bundles ({bundles}), items confirmed: "
                      "{items}, written to {path}; give it back to {partner}.").format(
            count=number(len(result.bundles)),
            bundles=", ".join(b[:8] for b in result.bundles), items=number(result.items),
            path=result.path, partner=result.partner))
    else:
        output.emit(ngettext(
            "Receipt for bundle {bundle} ({count} item) written to {path}; give it back to "
            "{partner}.",
            "Receipt for bundle {bundle} ({count} items) written to {path}; give it back to "
            "{partner}.", result.items).format(
            bundle=result.receipt_for, count=number(result.items), path=result.path,
            partner=result.partner))
    if not ctx.json and result.left_out:
        output.emit(_("Originals not confirmed: {count}. Their files here are missing or "
                      "damaged (run verify), so {partner} keeps the copies.").format(
            count=number(result.left_out), partner=result.partner))
    return 0


def purge(ctx: Context, args: argparse.Namespace) -> int:
    """Remove originals that partners confirmed receiving."""
    from willay.core.sharing import delivery

    if not args.delivered:
        raise WillayError(_("Say what to purge: --delivered."))
    with ctx.unlocked() as vault:
        result = delivery.purge_delivered(vault)
    if ctx.json:
        output.emit_json({"id": vault.vault_id, "originals": result.originals,
                          "bytes": result.bytes})
    else:
        output.emit(ngettext(
            "Purged {count} delivered original ({bytes} bytes); it is logged in the "
            "custody log.",
            "Purged {count} delivered originals ({bytes} bytes); each is logged in the "
            "custody log.", result.originals).format(
            count=number(result.originals), bytes=number(result.bytes)))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``receipt`` and ``purge`` to the command parser."""
    p = sub.add_parser("receipt", help=_("write a signed receipt for an imported bundle"))
    p.add_argument("bundle", metavar="BUNDLE_ID", nargs="?")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--from", dest="sender", metavar="PARTNER",
                   help=_("whose bundle, when two partners used the same id"))
    p.add_argument("--all", action="store_true",
                   help=_("one receipt for every bundle from --from that has none yet"))
    p.set_defaults(handler=receipt, on_hub=True)
    p = sub.add_parser("purge", help=_("remove originals partners confirmed receiving"))
    p.add_argument("--delivered", action="store_true", required=True)
    p.set_defaults(handler=purge)
