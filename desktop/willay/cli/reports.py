"""Commands for reports: ``report`` (PDF or CSV) and ``export-uwazi``.

Both commands write the file atomically and refuse to replace an existing one unless
``--force`` is given, as ``identity card -o`` does. Their filter options are those of
``search`` too (:mod:`willay.cli.filters`).
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from willay.cli import output
from willay.cli.filters import add_filter_options, filters_from
from willay.core.errors import WillayError
from willay.core.fileio import atomic_write
from willay.core.i18n import _, local_stamp, ngettext, number

if TYPE_CHECKING:
    from willay.cli.context import Context

# The core's ``reports.counts.AUDIENCES`` and ``LANGUAGES``, spelled out so that parsing
# the command line does not load the reports (a test keeps them equal).
AUDIENCES = ("internal", "partners", "legal", "public")
LANGUAGES = ("es", "en")


def _target(args: argparse.Namespace) -> Path:
    target = Path(args.output)
    if target.is_dir():
        raise WillayError(_("{path} is a folder; give a file name with -o.").format(path=target))
    if target.exists() and not args.force:
        raise WillayError(_("{path} already exists; add --force to replace it.").format(
            path=target))
    if not target.parent.is_dir():
        raise WillayError(_("The folder {path} does not exist; nothing was written.").format(
            path=target.parent))
    return target


def report(ctx: Context, args: argparse.Namespace) -> int:
    """Write a report as PDF (tables, charts, timeline, victims) or CSV (one row per incident)."""
    from willay.core.reports import counts as reports
    from willay.core.reports import csv as report_csv
    from willay.core.vault.identity import own_card

    target = _target(args)
    filters = filters_from(args)
    from willay.core.reports import custom_fields

    with ctx.unlocked() as vault, vault.session() as session:
        built = reports.build(session, filters, args.lang, args.audience,
                              with_victims=args.format == "pdf")
        card = own_card(session)
        custom = custom_fields.table_for(session, built.timeline, args.audience)
    if args.format == "pdf":
        from willay.pdf import report_pdf  # Qt only when a PDF is asked for

        generated = local_stamp(datetime.now(UTC).isoformat())
        data = report_pdf.render(built, report_pdf.Signer(card.name, card.organization,
                                                          card.fingerprint), generated)
    else:
        data = report_csv.render(built.timeline, args.lang, custom)
    atomic_write(target, data)
    t = built.totals
    doc = {"id": vault.vault_id, "path": str(target), "format": args.format,
           "audience": args.audience, "lang": args.lang, "events": t.events,
           "records": t.records, "killed": t.killed, "injured": t.injured,
           "detained": t.detained, "victims": len(built.victims)}
    if ctx.json:
        output.emit_json(doc)
    else:
        output.emit(_("Report written to {path} ({format}, audience {audience}).").format(
            path=target, format=args.format, audience=args.audience))
        events = ngettext("{count} event", "{count} events", t.events).format(
            count=number(t.events))
        output.emit("  " + ngettext(
            "{events} from {count} record: {killed} killed, {injured} injured, "
            "{detained} detained (linked incidents once).",
            "{events} from {count} records: {killed} killed, {injured} injured, "
            "{detained} detained (linked incidents once).", t.records).format(
            events=events, count=number(t.records), killed=number(t.killed),
            injured=number(t.injured), detained=number(t.detained)))
    return 0


def export_uwazi(ctx: Context, args: argparse.Namespace) -> int:
    """Write the events as a CSV file for Uwazi's import (Incident template)."""
    from willay.core.reports import counts as reports
    from willay.core.reports import custom_fields, uwazi, uwazi_fields

    target = _target(args)
    filters = filters_from(args)
    with ctx.unlocked() as vault, vault.session() as session:
        merged = reports.events(session, filters, with_narrative=True)
        custom = custom_fields.table_for(session, merged, args.audience)
    atomic_write(target, uwazi.render(merged, custom))
    added = uwazi_fields.properties(custom)
    if ctx.json:
        output.emit_json({"id": vault.vault_id, "path": str(target), "events": len(merged),
                          "properties": [vars(p) for p in added]})
    else:
        output.emit(ngettext(
            "{count} event written to {path} for Uwazi's spreadsheet import "
            "(see docs/uwazi-incident-template.md).",
            "{count} events written to {path} for Uwazi's spreadsheet import "
            "(see docs/uwazi-incident-template.md).", len(merged)).format(
            count=number(len(merged)), path=target))
        if added:
            output.emit(_("Add these properties of your organization's fields to the "
                          "Incident template first (name, type, thesaurus):"))
            for prop in added:
                output.emit(f"  {prop.name}  {prop.type}" + (
                    f"  «{prop.thesaurus}»" if prop.thesaurus else "") +
                    f"  ({prop.label_es} / {prop.label_en})")
    return 0


def count(ctx: Context, args: argparse.Namespace) -> int:
    """Print how many events, killed, injured and detained fall under each value of one way
    of counting: a place, a month, a violation, a perpetrator or an organization field."""
    from willay.core.reports import counts as reports
    from willay.core.reports import custom_fields

    filters = filters_from(args)
    with ctx.unlocked() as vault, vault.session() as session:
        merged = reports.events(session, filters)
        if args.by in reports.DIMENSIONS:
            rows = reports.count_by(merged, args.by, args.lang)
        else:
            column = custom_fields.find_column(session, args.by, args.audience)
            rows = custom_fields.count_by_field(session, merged, column, args.lang,
                                                args.audience)
    if ctx.json:
        output.emit_json([vars(row) for row in rows])
        return 0
    output.table([[row.label, number(row.events), number(row.killed), number(row.injured),
                   number(row.detained)] for row in rows],
                 [_("WHERE OR WHAT"), _("EVENTS"), _("KILLED"), _("INJURED"), _("DETAINED")])
    output.emit("(" + ngettext("{count} event", "{count} events", len(merged)).format(
        count=number(len(merged))) + ")")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``report``, ``count`` and ``export-uwazi`` to the command parser."""
    p = sub.add_parser("report", help=_("counts, charts, timeline and victims as PDF or CSV"))
    p.add_argument("--format", choices=["pdf", "csv"], required=True,
                   help=_("PDF to read and print, or CSV for a spreadsheet"))
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--audience", choices=list(AUDIENCES), default="partners",
                   help=_("who will read it: names appear only where consent reaches them"))
    p.add_argument("--lang", choices=list(LANGUAGES), default="es",
                   help=_("language of the report (default: es)"))
    p.add_argument("--force", action="store_true", help=_("replace an existing file"))
    add_filter_options(p)
    p.set_defaults(handler=report, on_hub=True)

    p = sub.add_parser("count", help=_("events, killed, injured and detained by place, "
                                       "month, code or one of your organization's fields"))
    p.add_argument("--by", required=True, metavar="WHAT",
                   help=_("department, province, district, month, violation, perpetrator, "
                          "or the key of a choice field of your field set"))
    p.add_argument("--audience", choices=list(AUDIENCES), default="partners",
                   help=_("who will read it: only the fields they may see can be counted"))
    p.add_argument("--lang", choices=list(LANGUAGES), default="es",
                   help=_("language of the labels (default: es)"))
    add_filter_options(p)
    p.set_defaults(handler=count, on_hub=True)

    p = sub.add_parser("export-uwazi", help=_("events as CSV for Uwazi's import"))
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--audience", choices=list(AUDIENCES), default="partners",
                   help=_("who will read it: your organization's fields go only where "
                          "their sensitivity reaches"))
    p.add_argument("--force", action="store_true", help=_("replace an existing file"))
    add_filter_options(p)
    p.set_defaults(handler=export_uwazi, on_hub=True)
