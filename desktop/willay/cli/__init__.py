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
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, cast

from willay import __version__
from willay.cli import (
    about,
    delivery,
    evidence,
    evidence_package,
    fieldsets,
    hub_commands,
    identity,
    reconcile,
    records,
    reference,
    reports,
    sync,
    vault_commands,
)
from willay.core import i18n
from willay.core.errors import WillayError
from willay.core.i18n import _
from willay.core.process import harden

if TYPE_CHECKING:
    from willay.cli.context import Context

Handler = Callable[["Context", argparse.Namespace], int]



def _epilog() -> str:
    """Return the text under ``willay-cli --help``, in the language of the messages."""
    return _("The passphrase comes from WILLAY_PASSPHRASE, --passphrase-file, or a prompt.\n"
             "Dates: YYYY-MM-DD (a day), YYYY-MM (a month), YYYY; put ~ before an "
             "approximate date.\n"
             "Exit codes: 0 success, 1 error, 2 usage, 3 verification failure.\n")


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's layout of the help, with "usage: " in the language of the messages."""

    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        """Add the usage line, prefixed with the translated "usage: "."""
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


def _argparse_message(message: str) -> str:
    """Return one of argparse's own error messages in the language of the messages.

    argparse writes its errors in English (through its own gettext domain); the few a
    person meets on a mistyped command line are matched here and said again from our
    catalog. Any other message stays as argparse wrote it.
    """
    found = re.fullmatch(r"argument (\S+): (.+)", message, re.DOTALL)
    if found:
        return _("argument {argument}: {message}").format(
            argument=found[1], message=_argparse_message(found[2]))
    for pattern, text in (
            (r"the following arguments are required: (?P<arguments>.+)",
             _("the following arguments are required: {arguments}")),
            (r"unrecognized arguments: (?P<arguments>.+)",
             _("unrecognized arguments: {arguments}")),
            (r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)",
             _("invalid choice: {value} (choose from {choices})")),
            (r"invalid int value: (?P<value>.+)",
             _("{value} is not a whole number")),
            (r"expected one argument", _("expected one argument")),
            (r"not allowed with argument (?P<argument>.+)",
             _("not allowed with argument {argument}")),
            (r"one of the arguments (?P<arguments>.+) is required",
             _("one of the arguments {arguments} is required")),
            (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)",
             _("ambiguous option: {option} could match {matches}"))):
        matched = re.fullmatch(pattern, message, re.DOTALL)
        if matched:
            return text.format(**matched.groupdict())
    return message


class _Parser(argparse.ArgumentParser):
    """An argument parser whose own words (usage, headings, ``-h``, errors) are in the
    language of the messages; sub-commands' parsers are of this class too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=_("show this help message and exit"))

    def error(self, message: str) -> NoReturn:
        """Print the usage and the translated error on stderr; exit with code 2."""
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: error: {message}").format(
            prog=self.prog, message=_argparse_message(message)) + "\n")


# Each group's ``register``, in the order ``willay-cli --help`` lists the commands.
GROUPS: tuple[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...] = (
    vault_commands.register,  # init, passphrase, erase
    records.register,  # incident, person, testimony, delete, list, show, history, search
    reference.register,  # vocab, places
    fieldsets.register,  # fieldset
    identity.register,  # identity
    sync.register,  # partner, export, import, conflicts, resolve
    reconcile.register,  # duplicates, link, dismiss, unlink, links
    delivery.register,  # receipt, purge
    evidence.register,  # media, redact, custody, verify
    evidence_package.register,  # evidence-package
    about.register,  # selftest, about, lock-check
    reports.register,  # report, count, export-uwazi
    hub_commands.register,  # hub
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
    parser = _Parser(
        prog="willay-cli",
        description=_("Willay: encrypted archive for field documentation."),
        epilog=_epilog(),
    )
    parser.add_argument("--version", action=_VersionAction,
                        help=_("print Willay's version ({version}) and those of its main "
                               "parts").format(version=__version__))
    parser.add_argument("--vault", metavar="DIR",
                        help=_("vault folder (default: WILLAY_VAULT or the user data folder)"))
    parser.add_argument("--json", action="store_true",
                        help=_("output for other programs (JSON)"))
    parser.add_argument("--passphrase-file", metavar="F",
                        help=_("read the passphrase from F"))
    parser.add_argument("--hub", metavar="URL",
                        help=_("work on a hub (postgresql://…) instead of a vault (default: "
                               "WILLAY_HUB)"))
    parser.add_argument("--coordinator", metavar="NAME",
                        help=_("who you are on the hub (default: WILLAY_COORDINATOR)"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                help=_("one of the commands below; 'willay-cli COMMAND -h' "
                                       "tells more"))
    for register in GROUPS:
        register(cast("argparse._SubParsersAction[argparse.ArgumentParser]", sub))
    return parser


def resolve_handler(handler: str | Handler) -> Handler:
    """Return the function of a parsed command: itself, or ``"module:function"`` imported."""
    if callable(handler):
        return handler
    module, _, name = handler.partition(":")
    found: Handler = getattr(importlib.import_module(f"willay.cli.{module}"), name)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``willay-cli`` with ``argv``; return the exit code.

    Messages are written in the locale's language (Spanish or English); a caller running
    ``main`` inside its own process gets its language back afterwards.
    """
    before = i18n.current_language()
    i18n.set_language(i18n.language_from_environment())
    try:
        return _run(argv)
    finally:
        i18n.set_language(before)


def _run(argv: Sequence[str] | None) -> int:
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
        print("willay-cli: " + _("interrupted; nothing more was changed."), file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("WILLAY_DEBUG"):
            raise
        print("willay-cli: " + _("unexpected {error}; rerun with WILLAY_DEBUG=1 for details. "
                                 "Nothing was left half-written.").format(
            error=type(exc).__name__), file=sys.stderr)
        return 1

