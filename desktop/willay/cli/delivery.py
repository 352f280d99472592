"""Commands for what partners confirmed receiving: ``receipt`` and ``purge``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from willay.cli import output
from willay.core.errors import WillayError

if TYPE_CHECKING:
    from willay.cli.context import Context


def receipt(ctx: Context, args: argparse.Namespace) -> int:
    """Write a signed receipt for an imported bundle."""
    from willay.core.sharing import delivery

    with ctx.unlocked() as vault:
        result = delivery.write_receipt(vault, args.bundle, Path(args.output),
                                        sender=args.sender)
    if ctx.json:
        output.emit_json({"id": result.receipt_id, "receipt_for": result.receipt_for,
                          "partner": result.partner, "items": result.items,
                          "left_out": result.left_out, "path": str(result.path)})
    else:
        output.emit(f"Receipt for bundle {result.receipt_for} ({result.items} items) written "
                    f"to {result.path}; give it back to {result.partner}.")
        if result.left_out:
            output.emit(f"Originals not confirmed: {result.left_out}. Their files here are "
                        f"missing or damaged (run verify), so {result.partner} keeps the "
                        "copies.")
    return 0


def purge(ctx: Context, args: argparse.Namespace) -> int:
    """Remove originals that partners confirmed receiving."""
    from willay.core.sharing import delivery

    if not args.delivered:
        raise WillayError("Say what to purge: --delivered.")
    with ctx.unlocked() as vault:
        result = delivery.purge_delivered(vault)
    if ctx.json:
        output.emit_json({"id": vault.vault_id, "originals": result.originals,
                          "bytes": result.bytes})
    else:
        output.emit(f"Purged {result.originals} delivered originals "
                    f"({result.bytes} bytes); each is logged in the custody log.")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``receipt`` and ``purge`` to the command parser."""
    p = sub.add_parser("receipt", help="write a signed receipt for an imported bundle")
    p.add_argument("bundle", metavar="BUNDLE_ID")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--from", dest="sender", metavar="PARTNER",
                   help="whose bundle, when two partners used the same id")
    p.set_defaults(handler=receipt)
    p = sub.add_parser("purge", help="remove originals partners confirmed receiving")
    p.add_argument("--delivered", action="store_true", required=True)
    p.set_defaults(handler=purge)
