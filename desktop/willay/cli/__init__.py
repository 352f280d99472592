"""``willay-cli``: the command line over the core services.

Exit codes: 0 success, 1 an error the user can fix, 2 usage, 3 verification failure.

The parser names most commands' functions as ``"module:function"`` (a module of this
package), imported only once the command line is parsed: ``--help`` or one command does
not import every command module (the self-test's or the PDF reports' among them).
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
from willay.cli import evidence_package, reconcile, sync
from willay.cli import reports as report_commands
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


def _record_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    required = not editing
    parser.add_argument("--title", required=required, help="short title of the incident")
    parser.add_argument("--occurred", required=required, metavar="DATE",
                        help="when it happened: 2023-01-09, 2023-01 or ~2023-01-09")
    parser.add_argument("--until", metavar="DATE", help="last day, for an incident over days")
    parser.add_argument("--precision", choices=["day", "month", "approximate"],
                        help="override the precision read from the date")
    parser.add_argument("--ubigeo", metavar="CODE", help="INEI district code (see 'places')")
    parser.add_argument("--place", metavar="TEXT", help="place in words (street, sector, km)")
    parser.add_argument("--latitude", metavar="DEG")
    parser.add_argument("--longitude", metavar="DEG")
    parser.add_argument("--violation", action="append", metavar="CODE",
                        help="violation code (repeat); see 'vocab violations'")
    parser.add_argument("--perpetrator", action="append", metavar="CODE",
                        help="perpetrator code (repeat); see 'vocab perpetrators'")
    parser.add_argument("--killed", type=int, metavar="N")
    parser.add_argument("--injured", type=int, metavar="N")
    parser.add_argument("--detained", type=int, metavar="N")
    parser.add_argument("--status", choices=["draft", "reviewed"])
    narrative = parser.add_mutually_exclusive_group()
    narrative.add_argument("--narrative", metavar="TEXT")
    narrative.add_argument("--narrative-file", metavar="F")


def _person_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    parser.add_argument("--name", required=not editing, help="full name")
    parser.add_argument("--pseudonym", help="pseudonym or code used outside the vault")
    parser.add_argument("--sex", metavar="CODE", help="see 'vocab sex_gender'")
    parser.add_argument("--age", type=int)
    parser.add_argument("--age-range", metavar="A-B", help="e.g. 18-25")
    parser.add_argument("--community")
    parser.add_argument("--indigenous-people", metavar="TEXT", help="e.g. Aymara, Awajún")
    parser.add_argument("--language", action="append", metavar="CODE", help="ISO 639 (repeat)")
    parser.add_argument("--role", action="append", metavar="ROLE",
                        help="victim, witness, family_member, other (repeat)")
    parser.add_argument("--contact", help="contact details")
    parser.add_argument("--consent", metavar="SCOPE", help="internal, partners, legal, public")


def _testimony_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    required = not editing
    parser.add_argument("--incident", action="append", required=required, metavar="ID",
                        help="incident the testimony speaks of (repeat)")
    parser.add_argument("--witness", required=required, metavar="PERSON_ID")
    parser.add_argument("--language", required=required, metavar="CODE", help="es, qu, ay, …")
    parser.add_argument("--consent", required=required, metavar="SCOPE",
                        help="internal, partners, legal, public")
    text = parser.add_mutually_exclusive_group(required=required)
    text.add_argument("--text", metavar="T", help="the transcript")
    text.add_argument("--text-file", metavar="F", help="read the transcript from a file")
    parser.add_argument("--translation", metavar="T")
    parser.add_argument("--translation-file", metavar="F")
    parser.add_argument("--notes", metavar="T")
    parser.add_argument("--recorded", metavar="DATE")
    parser.add_argument("--recorded-place", metavar="TEXT")
    parser.add_argument("--recorded-ubigeo", metavar="CODE")
    parser.add_argument("--interviewer", metavar="NAME")


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

    p = sub.add_parser("init", help="create a new vault")
    p.add_argument("--name", default="", help="your name, as partners will see it")
    p.add_argument("--organization", default="")
    p.set_defaults(handler="commands:init")

    p = sub.add_parser("passphrase", help="change or recover the passphrase")
    pp = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = pp.add_parser("change", help="set a new passphrase (asks the current one)")
    q.add_argument("--new-passphrase-file", metavar="F")
    q.set_defaults(handler="commands:passphrase_change")
    q = pp.add_parser("recover", help="set a new passphrase using the recovery code")
    q.add_argument("--recovery-code-file", metavar="F")
    q.add_argument("--new-passphrase-file", metavar="F")
    q.set_defaults(handler="commands:passphrase_recover")

    p = sub.add_parser("erase", help="destroy the vault for good (emergency)")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler="commands:erase")

    for kind, options in (("incident", _record_options), ("person", _person_options),
                          ("testimony", _testimony_options)):
        p = sub.add_parser(kind, help=f"add or edit a {kind}")
        actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
        add = actions.add_parser("add", help=f"add a {kind}; prints its id")
        options(add, editing=False)
        add.set_defaults(handler="commands:add", kind=kind)
        edit = actions.add_parser("edit", help=f"change fields of a {kind}")
        edit.add_argument("id", metavar="ID")
        options(edit, editing=True)
        edit.set_defaults(handler="commands:edit", kind=kind)

    p = sub.add_parser("delete", help="delete a record (its history stays)")
    p.add_argument("id", metavar="ID")
    p.set_defaults(handler="commands:delete")

    p = sub.add_parser("list", help="list incidents, people or testimonies")
    p.add_argument("what", nargs="?", default="incidents",
                   choices=["incidents", "people", "testimonies", "media"])
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--offset", type=int, default=0)
    p.set_defaults(handler="commands:list_records")

    p = sub.add_parser("show", help="show one record")
    p.add_argument("id", metavar="ID")
    p.set_defaults(handler="commands:show")

    p = sub.add_parser("history", help="every revision of a record")
    p.add_argument("id", metavar="ID")
    p.set_defaults(handler="commands:history")

    p = sub.add_parser("search", help="full-text search with filters")
    p.add_argument("query", metavar="QUERY")
    report_commands.add_filter_options(p)
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler="commands:search")

    p = sub.add_parser("vocab", help="list vocabularies, or the terms of one")
    p.add_argument("name", nargs="?")
    p.set_defaults(handler="commands:vocab")

    p = sub.add_parser("places", help="find INEI ubigeo codes by name")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--limit", type=int, default=20)
    p.set_defaults(handler="commands:places")

    p = sub.add_parser("identity", help="this vault's identity and card")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("show", help="name, organization and fingerprint")
    q.set_defaults(handler="evidence:identity_show")
    q = actions.add_parser("card", help="write the public card to a file")
    q.add_argument("-o", "--output", required=True, metavar="FILE")
    q.add_argument("--force", action="store_true", help="replace an existing file")
    q.set_defaults(handler="evidence:identity_card")
    q = actions.add_parser("export-secret",
                           help="write the receiving secret key as an age identity file")
    q.add_argument("--age", action="store_true", required=True)
    q.add_argument("-o", "--output", required=True, metavar="FILE")
    q.set_defaults(handler="sync:identity_export_secret")

    p = sub.add_parser("partner", help="partners: add a card, list, mark verified")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("add", help="add a partner from its card file")
    q.add_argument("card", metavar="CARD_FILE")
    q.add_argument("--profile", choices=["full", "anonymized"], default="full")
    q.add_argument("--scope", choices=["partners", "legal", "public"], default="partners")
    q.set_defaults(handler="sync:partner_add")
    q = actions.add_parser("list", help="list partners")
    q.set_defaults(handler="sync:partner_list")
    q = actions.add_parser("verified", help="mark a partner's fingerprint as checked")
    q.add_argument("partner", metavar="NAME_OR_FINGERPRINT")
    q.set_defaults(handler="sync:partner_verified")

    p = sub.add_parser("export", help="write a bundle for partners")
    p.add_argument("--to", action="append", required=True, metavar="PARTNER")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--all", action="store_true", help="everything, not only what is new")
    scope.add_argument("--since-last", action="store_true",
                       help="only what each partner has not received yet (the default)")
    p.add_argument("--profile", choices=["full", "anonymized"])
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(handler="sync:export")

    p = sub.add_parser("import", help="verify and import a bundle or receipt")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--accept-replay", action="store_true",
                   help="import even if its sequence is not newer than the last one")
    p.set_defaults(handler="sync:import_")

    p = sub.add_parser("conflicts", help="records edited apart in two places")
    p.set_defaults(handler="sync:conflicts")
    p = sub.add_parser("resolve", help="resolve a conflict, field by field or whole")
    sync.resolve_options(p)
    p.set_defaults(handler="sync:resolve")
    reconcile.add_commands(sub)

    p = sub.add_parser("receipt", help="write a signed receipt for an imported bundle")
    p.add_argument("bundle", metavar="BUNDLE_ID")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--from", dest="sender", metavar="PARTNER",
                   help="whose bundle, when two partners used the same id")
    p.set_defaults(handler="sync:receipt")
    p = sub.add_parser("purge", help="remove originals partners confirmed receiving")
    p.add_argument("--delivered", action="store_true", required=True)
    p.set_defaults(handler="sync:purge")

    p = sub.add_parser("media", help="add, show or export evidence files")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("add", help="attach files to an incident, testimony or person")
    q.add_argument("record", metavar="RECORD_ID")
    q.add_argument("files", nargs="+", metavar="FILE")
    q.set_defaults(handler="evidence:media_add")
    q = actions.add_parser("show", help="metadata of a media item")
    q.add_argument("id", metavar="ID")
    q.set_defaults(handler="evidence:media_show")
    q = actions.add_parser("export", help="write the original bytes to a file")
    q.add_argument("id", metavar="ID")
    q.add_argument("-o", "--output", required=True, metavar="PATH")
    q.add_argument("--redacted", action="store_true",
                   help="write the redacted copy (see 'redact') instead of the original")
    q.set_defaults(handler="evidence:media_export")

    p = sub.add_parser("redact", help="make a redacted copy of a photo (regions hidden)")
    p.add_argument("id", metavar="MEDIA_ID")
    p.add_argument("--black", action="append", metavar="X,Y,W,H",
                   help="black out this rectangle (pixels of the upright photo; repeat)")
    p.add_argument("--blur", action="append", metavar="X,Y,W,H",
                   help="blur this rectangle beyond recognition (repeat)")
    p.add_argument("--clear", action="store_true", help="remove the current redacted copy")
    p.set_defaults(handler="evidence:redact")

    p = sub.add_parser("custody", help="the custody history of a record and its media")
    p.add_argument("id", metavar="ID")
    p.set_defaults(handler="evidence:custody_show")

    p = sub.add_parser("verify", help="check custody chain, revisions and originals")
    p.set_defaults(handler="evidence:verify")

    evidence_package.add_parser(sub)
    p = sub.add_parser("selftest", help="check this installation end to end in a temporary "
                                        "folder, then remove it")
    p.set_defaults(handler="selftest:selftest")
    p = sub.add_parser("about", help="bundled components, their versions and licenses")
    p.set_defaults(handler="about:about")

    p = sub.add_parser("lock-check", help="unlock, report format, schema and counts, lock")
    p.set_defaults(handler="commands:lock_check")

    report_commands.register(sub)
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

