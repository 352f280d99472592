"""Commands that reconcile what many documenters sent: duplicates, links, dismissals."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from willay.cli import output
from willay.core.errors import ValidationError
from willay.core.i18n import _, ngettext, number

if TYPE_CHECKING:
    from sqlmodel import Session

    from willay.cli.context import Context
    from willay.core.reconcile import duplicates
    from willay.core.vault.models import Record



def _same_words(kind: str) -> str:
    """Return "the same event" for incidents, "the same person" for people."""
    return _("the same event") if kind == "incident" else _("the same person")


def _kinds(what: str | None) -> list[str]:
    from willay.core.reconcile import duplicates

    kind_of = {"incidents": duplicates.INCIDENT, "people": duplicates.PERSON}
    return [kind_of[what]] if what else [duplicates.INCIDENT, duplicates.PERSON]


def _side_line(side: duplicates.Side) -> str:
    if side.extra.get("deleted"):
        return f"  {side.id}  " + _("(deleted)")
    parts = [side.title, side.when, side.place]
    return f"  {side.id}  " + "  ·  ".join(p for p in parts if p)


def duplicates_list(ctx: Context, args: argparse.Namespace) -> int:
    """List suggested duplicate incidents and people, best first."""
    from willay.core.reconcile import duplicates

    if args.limit is not None and args.limit < 1:
        raise ValidationError(_("--limit must be at least 1."))
    with ctx.unlocked() as vault, vault.session() as session:
        found = [s for kind in _kinds(args.what)
                 for s in duplicates.suggestions(session, kind, args.limit)]
    if ctx.json:
        output.emit_json([s.as_dict() for s in found])
        return 0
    for suggestion in found:
        output.emit(_("{kind}  score {score}  {reasons}").format(
            kind=suggestion.kind, score=f"{suggestion.score:.2f}",
            reasons=", ".join(r.text() for r in suggestion.reasons)))
        output.emit(_side_line(suggestion.first))
        output.emit(_side_line(suggestion.second))
        pair = f"{suggestion.first.id[:8]} {suggestion.second.id[:8]}"
        commands = f"  willay-cli link {pair}   |   willay-cli dismiss {pair}"
        output.emit(commands)
    output.emit("(" + ngettext("{count} suggestion; nothing is merged: link or dismiss each "
                               "pair",
                               "{count} suggestions; nothing is merged: link or dismiss each "
                               "pair", len(found)).format(count=number(len(found))) + ")")
    return 0


def _pair(session: Session, a: str, b: str) -> tuple[Record, Record]:
    from willay.core.reconcile import links
    from willay.core.records import service as records

    first, second = records.find_record(session, a), records.find_record(session, b)
    for record in (first, second):
        if record.kind not in links.KINDS:
            raise ValidationError(
                _("Record {id} is neither an incident nor a person; only incidents and "
                  "people are linked as duplicates.").format(id=record.id))
    if first.kind != second.kind:
        raise ValidationError(
            _("Records {first} and {second} are not of the same kind: only two "
              "incidents or two people can be linked.").format(first=first.id,
                                                               second=second.id))
    return first, second


def _decide(ctx: Context, args: argparse.Namespace, *, same: bool) -> int:
    from willay.core.reconcile import duplicates, links

    decision = links.SAME if same else links.DISTINCT
    with ctx.unlocked() as vault, vault.session() as session:
        first, second = _pair(session, args.first, args.second)
        row = links.decide(session, first.id, second.id, decision)
        sides = [duplicates.describe(session, r.id, r.kind) for r in (first, second)]
        doc: dict[str, Any] = {"id": f"{row.first}+{row.second}", "kind": row.kind,
                               "decision": row.decision, "records": [row.first, row.second]}
    if ctx.json:
        output.emit_json(doc)
        return 0
    if decision == links.SAME:
        output.emit(_("Linked as {same} (both records kept, counted once):").format(
            same=_same_words(first.kind)))
    else:
        output.emit(_("Dismissed: these are not the same (they will not be suggested "
                      "again):"))
    for side in sides:
        output.emit(_side_line(side))
    undo = f"willay-cli unlink {first.id[:8]} {second.id[:8]}"
    output.emit(_("Undo with: {command}").format(command=undo))
    return 0


def link(ctx: Context, args: argparse.Namespace) -> int:
    """Link two incidents as one event, or two people as one person."""
    return _decide(ctx, args, same=True)


def dismiss(ctx: Context, args: argparse.Namespace) -> int:
    """Record that a suggested pair is not the same event or person."""
    return _decide(ctx, args, same=False)


def unlink(ctx: Context, args: argparse.Namespace) -> int:
    """Undo a link or a dismissal."""
    from willay.core.reconcile import links

    with ctx.unlocked() as vault, vault.session() as session:
        first, second = _pair(session, args.first, args.second)
        if not links.undo(session, first.id, second.id):
            raise ValidationError(
                _("Records {first} and {second} are neither linked nor dismissed.").format(
                    first=first.id, second=second.id))
    a, b = sorted((first.id, second.id))
    if ctx.json:
        output.emit_json({"id": f"{a}+{b}", "kind": first.kind, "undone": True})
    else:
        output.emit(_("Undone: {first} and {second} are neither linked nor dismissed "
                      "now.").format(first=first.id, second=second.id))
    return 0


def links_list(ctx: Context, args: argparse.Namespace) -> int:
    """List the links and dismissals decided, newest first."""
    from willay.core.reconcile import duplicates, links

    with ctx.unlocked() as vault, vault.session() as session:
        found = [d for kind in _kinds(args.what) for d in duplicates.decided(session, kind)]
    if ctx.json:
        output.emit_json([d.as_dict() for d in found])
        return 0
    for row in found:
        what = _same_words(row.kind) if row.decision == links.SAME else _("not the same")
        output.emit(_("{kind}  {what}  decided {time}").format(
            kind=row.kind, what=what, time=row.decided[:16].replace("T", " ")))
        output.emit(_side_line(row.first))
        output.emit(_side_line(row.second))
    output.emit("(" + ngettext("{count} decision; undo one with 'willay-cli unlink ID ID'",
                               "{count} decisions; undo one with 'willay-cli unlink ID ID'",
                               len(found)).format(count=number(len(found))) + ")")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``duplicates``, ``link``, ``dismiss``, ``unlink`` and ``links`` to the command
    parser."""
    p = sub.add_parser("duplicates", help=_("suggested duplicate incidents and people"))
    p.add_argument("what", nargs="?", choices=["incidents", "people"],
                   help=_("only incidents or only people (default: both)"))
    p.add_argument("--limit", type=int, default=None, metavar="N",
                   help=_("at most this many suggestions of each kind"))
    p.set_defaults(handler=duplicates_list, on_hub=True)
    for name, handler, text in (
            ("link", link, _("link two incidents (same event) or two people (same person)")),
            ("dismiss", dismiss, _("record that two records are not the same")),
            ("unlink", unlink, _("undo a link or a dismissal"))):
        p = sub.add_parser(name, help=text)
        p.add_argument("first", metavar="ID", help=_("the first record's id"))
        p.add_argument("second", metavar="ID", help=_("the second record's id"))
        p.set_defaults(handler=handler, on_hub=True)
    p = sub.add_parser("links", help=_("links and dismissals decided"))
    p.add_argument("what", nargs="?", choices=["incidents", "people"],
                   help=_("only incidents or only people (default: both)"))
    p.set_defaults(handler=links_list, on_hub=True)
