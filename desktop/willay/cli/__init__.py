"""``willay-cli``: the command line over the core services.

Exit codes: 0 success, 1 an error the user can fix, 2 usage, 3 verification failure.

Each group of commands registers its sub-parsers from the module holding its commands (a
``register`` function). Those modules import the core only inside the commands, so
``--help`` or parsing a command line loads no database, vault or report code; the
self-test is named as ``"module:function"`` and imported only when it runs.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from willay import __version__
from willay.cli import (
    about,
    delivery,
    evidence,
    evidence_package,
    identity,
    reconcile,
    records,
    reference,
    reports,
    sync,
    vault_commands,
)
from willay.core.errors import WillayError
from willay.core.process import harden

if TYPE_CHECKING:
    from willay.cli.context import Context

Handler = Callable[["Context", argparse.Namespace], int]

EPILOG = """\
The passphrase comes from WILLAY_PASSPHRASE, --passphrase-file, or a prompt.
Dates: YYYY-MM-DD (a day), YYYY-MM (a month), YYYY; put ~ before an approximate date.
Exit codes: 0 success, 1 error, 2 usage, 3 verification failure.
"""

# Each group's ``register``, in the order ``willay-cli --help`` lists the commands.
GROUPS: tuple[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...] = (
    vault_commands.register,  # init, passphrase, erase
    records.register,  # incident, person, testimony, delete, list, show, history, search
    reference.register,  # vocab, places
    identity.register,  # identity
    sync.register,  # partner, export, import, conflicts, resolve
    reconcile.register,  # duplicates, link, dismiss, unlink, links
    delivery.register,  # receipt, purge
    evidence.register,  # media, redact, custody, verify
    evidence_package.register,  # evidence-package
    about.register,  # selftest, about, lock-check
    reports.register,  # report, export-uwazi
)


class _VersionAction(argparse.Action):
    """``--version``: Willay's version and the versions of its main parts, then exit."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from willay.core.components import version_text

        print(version_text())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``willay-cli``."""
    parser = argparse.ArgumentParser(
        prog="willay-cli", description="Willay: encrypted archive for field documentation.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction,
                        help=f"print Willay's version ({__version__}) and those of its main parts")
    parser.add_argument("--vault", metavar="DIR",
                        help="vault folder (default: WILLAY_VAULT or the user data folder)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--passphrase-file", metavar="F", help="read the passphrase from F")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in GROUPS:
        register(sub)
    return parser


def resolve_handler(handler: str | Handler) -> Handler:
    """Return the function of a parsed command: itself, or ``"module:function"`` imported."""
    if callable(handler):
        return handler
    module, _, name = handler.partition(":")
    found: Handler = getattr(importlib.import_module(f"willay.cli.{module}"), name)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``willay-cli`` with ``argv``; return the exit code."""
    harden()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    from willay.cli.context import Context

    ctx = Context.from_args(args)
    try:
        return int(resolve_handler(args.handler)(ctx, args))
    except WillayError as exc:
        print(f"willay-cli: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("willay-cli: interrupted; nothing more was changed.", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("WILLAY_DEBUG"):
            raise
        print(f"willay-cli: unexpected {type(exc).__name__}; rerun with WILLAY_DEBUG=1 for "
              "details. Nothing was left half-written.", file=sys.stderr)
        return 1

