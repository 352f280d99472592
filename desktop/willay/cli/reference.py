"""Commands for the reference data: ``vocab`` (the vocabularies) and ``places`` (the
gazetteer of INEI ubigeo codes)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TYPE_CHECKING

from willay.cli import output
from willay.core.i18n import _

if TYPE_CHECKING:
    from willay.cli.context import Context


def vocab(ctx: Context, args: argparse.Namespace) -> int:
    """List vocabularies, or the codes of one with Spanish and English labels."""
    from willay.core.reference.vocabularies import vocabulary, vocabulary_names

    if not args.name:
        rows = [vocabulary(name) for name in vocabulary_names()]
        if ctx.json:
            output.emit_json([{"id": v.name, "version": v.version, "labels": v.labels,
                               "terms": len(v.terms)} for v in rows])
        else:
            cells = [[v.name, v.version, str(len(v.terms)), *_both(v.labels)] for v in rows]
            output.table(cells, [_("NAME"), _("VERSION"), _("TERMS"), _("ES"), _("EN")])
        return 0
    voc = vocabulary(args.name)
    if ctx.json:
        output.emit_json({"id": voc.name, "version": voc.version, "source": voc.source,
                          "terms": [{"id": t.code, "es": t.es, "en": t.en} for t in voc.terms]})
        return 0
    spanish, english = _both(voc.labels)
    output.emit(f"{voc.name} {voc.version} — {spanish} / {english}")
    output.table([[t.code, t.es, t.en] for t in voc.terms], [_("CODE"), _("ES"), _("EN")])
    return 0


def _both(labels: Mapping[str, str]) -> tuple[str, str]:
    """Return a vocabulary's Spanish and English labels (empty when missing)."""
    return labels.get("es", ""), labels.get("en", "")


def places(ctx: Context, args: argparse.Namespace) -> int:
    """Find places of the gazetteer by name or code."""
    from willay.core.reference.gazetteer import gazetteer

    found = gazetteer().search(args.query, limit=args.limit)
    if ctx.json:
        output.emit_json([{"id": p.code, "name": p.name, "level": p.level,
                           "full_name": p.full_name} for p in found])
        return 0
    for place in found:
        output.emit(f"{place.code:<6}  {place.level:<10}  {place.full_name}")
    if not found:
        output.emit(_("No place matches '{query}'.").format(query=args.query))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``vocab`` and ``places`` to the command parser."""
    p = sub.add_parser("vocab", help=_("list vocabularies, or the terms of one"))
    p.add_argument("name", nargs="?", help=_("the vocabulary to list (e.g. violations)"))
    p.set_defaults(handler=vocab)

    p = sub.add_parser("places", help=_("find INEI ubigeo codes by name"))
    p.add_argument("query", metavar="QUERY", help=_("a place name or code"))
    p.add_argument("--limit", type=int, default=20,
                   help=_("at most this many places (default: 20)"))
    p.set_defaults(handler=places)
