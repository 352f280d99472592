"""Commands for the vault itself: ``init``, ``passphrase change|recover`` and ``erase``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from willay.cli import output, secrets
from willay.core.errors import WillayError
from willay.core.i18n import _

if TYPE_CHECKING:
    from willay.cli.context import Context


def init(ctx: Context, args: argparse.Namespace) -> int:
    """Create a vault and print its recovery code once."""
    from willay.core.vault.vault import Vault

    passphrase = secrets.new_passphrase(ctx.passphrase_file, env=secrets.PASSPHRASE_ENV)
    vault, code = Vault.create(ctx.vault_path, passphrase, args.name, args.organization)
    vault.lock()
    if ctx.json:
        output.emit_json({"id": vault.vault_id, "path": str(ctx.vault_path),
                          "recovery_code": code})
        return 0
    output.emit(_("Vault created in {path}").format(path=ctx.vault_path))
    output.emit()
    output.emit(_("Recovery code (shown only this once; write it on paper and keep it apart\n"
                  "from this computer; it can unlock the vault and set a new passphrase):"))
    output.emit()
    output.emit(f"    {code}")
    output.emit()
    return 0


def passphrase_change(ctx: Context, args: argparse.Namespace) -> int:
    """Change the passphrase after unlocking with the current one."""
    with ctx.unlocked() as vault:
        vault.change_passphrase(secrets.new_passphrase(args.new_passphrase_file))
    output.emit_result(ctx.json, {"id": vault.vault_id, "changed": "passphrase"},
                       _("Passphrase changed."))
    return 0


def passphrase_recover(ctx: Context, args: argparse.Namespace) -> int:
    """Unlock with the recovery code and set a new passphrase."""
    from willay.core.vault.vault import Vault

    vault = Vault.open(ctx.vault_path)
    vault.unlock_with_recovery_code(secrets.recovery_code(args.recovery_code_file))
    try:
        vault.change_passphrase(secrets.new_passphrase(args.new_passphrase_file))
    finally:
        vault.lock()
    output.emit_result(ctx.json, {"id": vault.vault_id, "changed": "passphrase"},
                       _("New passphrase set. The recovery code stays valid."))
    return 0


def erase(ctx: Context, args: argparse.Namespace) -> int:
    """Destroy the vault: keyring overwritten, every file removed."""
    from willay.core.vault.vault import Vault

    vault = Vault.open(ctx.vault_path)
    if not args.yes:
        if not sys.stdin.isatty():
            raise WillayError(_("Erasing needs confirmation: add --yes."))
        print(_("This destroys the vault in {path} for good. Neither the passphrase "
                "nor the recovery code can bring it back; only copies already delivered to "
                "partners survive.").format(path=ctx.vault_path))
        if input(_("Type ERASE to confirm: ")).strip() != "ERASE":
            print(_("Nothing was erased."))
            return 1
    vault.erase()
    output.emit_result(ctx.json, {"id": vault.vault_id, "erased": True},
                       _("Vault {path} erased.").format(path=ctx.vault_path))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``init``, ``passphrase`` and ``erase`` to the command parser."""
    p = sub.add_parser("init", help=_("create a new vault"))
    p.add_argument("--name", default="", help=_("your name, as partners will see it"))
    p.add_argument("--organization", default="",
                   help=_("your organization, as partners will see it"))
    p.set_defaults(handler=init)

    p = sub.add_parser("passphrase", help=_("change or recover the passphrase"))
    pp = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = pp.add_parser("change", help=_("set a new passphrase (asks the current one)"))
    q.add_argument("--new-passphrase-file", metavar="F")
    q.set_defaults(handler=passphrase_change)
    q = pp.add_parser("recover", help=_("set a new passphrase using the recovery code"))
    q.add_argument("--recovery-code-file", metavar="F")
    q.add_argument("--new-passphrase-file", metavar="F")
    q.set_defaults(handler=passphrase_recover)

    p = sub.add_parser("erase", help=_("destroy the vault for good (emergency)"))
    p.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    p.set_defaults(handler=erase)
