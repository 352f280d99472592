"""``evidence-package``: originals, signed records, custody and a PDF summary, for lawyers."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from willay.cli import output
from willay.core.i18n import _, ngettext, number

if TYPE_CHECKING:
    from willay.cli.context import Context

# The core's ``reports.evidence_package.AUDIENCES``, spelled out so that parsing the command
# line does not load the reports (a test keeps them equal).
AUDIENCES = ("legal", "partners", "public")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``evidence-package`` command."""
    p = sub.add_parser("evidence-package",
                       help=_("write an evidence package of incidents into a new folder"))
    p.add_argument("incidents", nargs="+", metavar="INCIDENT_ID")
    p.add_argument("-o", "--output", required=True, metavar="DIR",
                   help=_("a new (or empty) folder; it will hold unencrypted copies, keep it "
                          "safe"))
    p.add_argument("--audience", choices=AUDIENCES, default="legal",
                   help=_("whose consent decides what goes in (default: legal)"))
    p.set_defaults(handler=evidence_package, on_hub=True)


def evidence_package(ctx: Context, args: argparse.Namespace) -> int:
    """Write the evidence package and say what went in."""
    from willay.core.reports.evidence_package import build_package
    from willay.pdf.evidence_pdf import write_summary

    with ctx.unlocked() as vault:
        result = build_package(vault, list(args.incidents), Path(args.output),
                               audience=args.audience, render_summary=write_summary)
    if ctx.json:
        output.emit_json({"id": result.package_id, "path": str(result.path),
                          "incidents": result.incidents, "originals": result.originals,
                          "records": result.records, "withheld": result.withheld,
                          "files": result.files})
        return 0
    incidents = len(result.incidents)
    output.emit(_("Evidence package written to {path}: {incidents}, {originals}, "
                  "{records}.").format(
        path=result.path,
        incidents=ngettext("{count} incident", "{count} incidents", incidents).format(
            count=number(incidents)),
        originals=ngettext("{count} original", "{count} originals", result.originals).format(
            count=number(result.originals)),
        records=ngettext("{count} signed record file", "{count} signed record files",
                         result.records).format(count=number(result.records))))
    if result.withheld:
        output.emit(ngettext(
            "{count} testimony or person was withheld: its consent does not reach the "
            "audience '{audience}' (listed in summary.pdf).",
            "{count} testimonies or people were withheld: their consent does not reach the "
            "audience '{audience}' (listed in summary.pdf).", result.withheld).format(
            count=number(result.withheld), audience=args.audience))
    output.emit(_("It holds unencrypted copies: keep it safe. Check it with "
                  "'sha256sum -c SHA256SUMS' and 'minisign -Vm SHA256SUMS -p minisign.pub' "
                  "inside the folder."))
    return 0
