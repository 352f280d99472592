"""Commands for this vault's identity: ``identity show``, ``card`` and ``export-secret``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from willay.cli import output
from willay.core.errors import WillayError
from willay.core.fileio import atomic_write
from willay.core.i18n import _

if TYPE_CHECKING:
    from willay.cli.context import Context


def identity_show(ctx: Context, _args: argparse.Namespace) -> int:
    """Print this vault's name, organization and fingerprint."""
    from willay.core.vault.identity import own_card

    with ctx.unlocked() as vault, vault.session() as session:
        card = own_card(session)
    if ctx.json:
        output.emit_json({"id": card.fingerprint, **card.to_dict()})
        return 0
    rows = ((_("name:"), card.name or "—"), (_("organization:"), card.organization or "—"),
            (_("fingerprint:"), card.fingerprint), ("age:", card.age_recipient),
            ("minisign:", card.minisign_public_key))
    width = max(len(label) for label, _value in rows) + 1
    for label, value in rows:
        output.emit(f"{label:<{width}}{value}")
    return 0


def identity_card(ctx: Context, args: argparse.Namespace) -> int:
    """Write this vault's public card to a file."""
    from willay.core.vault.identity import own_card

    target = Path(args.output)
    if target.exists() and not args.force:
        raise WillayError(_("{path} already exists; add --force to replace it.").format(
            path=target))
    with ctx.unlocked() as vault, vault.session() as session:
        card = own_card(session)
    atomic_write(target, card.to_bytes())
    if ctx.json:
        output.emit_json({"id": card.fingerprint, "path": str(target)})
    else:
        output.emit(_("Card written to {path}. Fingerprint: {fingerprint}").format(
            path=target, fingerprint=card.fingerprint))
        output.emit(_("Read the fingerprint aloud to your partner when you hand over the "
                      "card."))
    return 0


def identity_export_secret(ctx: Context, args: argparse.Namespace) -> int:
    """Write the vault's X25519 secret as an age identity file."""
    from willay.core.formats import age
    from willay.core.vault.identity import RECEIVING, receiving_secret
    from willay.core.vault.models import IdentityKey

    if not args.age:
        raise WillayError(_("Say which form to export: --age."))
    target = Path(args.output)
    if target.exists():
        raise WillayError(_("{path} already exists; choose another name.").format(path=target))
    with ctx.unlocked() as vault, vault.session() as session:
        key = session.get(IdentityKey, RECEIVING)
        secret = receiving_secret(session)
        assert key is not None and secret is not None
        text = age.identity_file(secret, key.created)
    atomic_write(target, text.encode("ascii"))
    if ctx.json:
        output.emit_json({"id": vault.vault_id, "path": str(target)})
    else:
        output.emit(_("Secret key written to {path}. Anyone holding this file can open "
                      "every bundle sent to this vault: keep it offline, in escrow.").format(
            path=target))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``identity`` and its actions to the command parser."""
    p = sub.add_parser("identity", help=_("this vault's identity and card"))
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("show", help=_("name, organization and fingerprint"))
    q.set_defaults(handler=identity_show, on_hub=True)
    q = actions.add_parser("card", help=_("write the public card to a file"))
    q.add_argument("-o", "--output", required=True, metavar="FILE")
    q.add_argument("--force", action="store_true", help=_("replace an existing file"))
    q.set_defaults(handler=identity_card, on_hub=True)
    q = actions.add_parser("export-secret",
                           help=_("write the receiving secret key as an age identity file"))
    q.add_argument("--age", action="store_true", required=True)
    q.add_argument("-o", "--output", required=True, metavar="FILE")
    q.set_defaults(handler=identity_export_secret)
