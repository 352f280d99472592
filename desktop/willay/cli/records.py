"""Commands for incidents, people and testimonies: add, edit, delete, list, show, history,
search."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from willay.cli import fieldsets, output
from willay.cli.filters import add_filter_options, filters_from
from willay.core.errors import ValidationError, WillayError
from willay.core.i18n import _, current_language, local_stamp, ngettext, number

if TYPE_CHECKING:
    from sqlmodel import Session

    from willay.cli.context import Context
    from willay.core.records import queries

KIND_OF_LIST = {"incidents": "incident", "people": "person", "testimonies": "testimony",
                "media": "media"}


def _read_text_file(path: str, what: str) -> str:
    """Return the text of the file at ``path``; ``what`` names it in errors ("the
    narrative file", already translated)."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WillayError(_("{what} {path} does not exist.").format(
            what=_capital(what), path=path)) from None
    except UnicodeDecodeError:
        raise WillayError(_("{what} {path} is not plain text in UTF-8; save it as UTF-8 "
                            "text and try again.").format(what=_capital(what), path=path)
                          ) from None
    except OSError as exc:
        raise WillayError(_("Cannot read {what} {path}: {reason}.").format(
            what=what, path=path, reason=exc.strerror)) from exc


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _incident_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    required = not editing
    parser.add_argument("--title", required=required, help=_("short title of the incident"))
    parser.add_argument("--occurred", required=required, metavar="DATE",
                        help=_("when it happened: 2023-01-09, 2023-01 or ~2023-01-09"))
    parser.add_argument("--until", metavar="DATE", help=_("last day, for an incident over days"))
    parser.add_argument("--precision", choices=["day", "month", "approximate"],
                        help=_("override the precision read from the date"))
    parser.add_argument("--ubigeo", metavar="CODE", help=_("INEI district code (see 'places')"))
    parser.add_argument("--place", metavar="TEXT", help=_("place in words (street, sector, km)"))
    parser.add_argument("--latitude", metavar="DEG", help=_("latitude in degrees"))
    parser.add_argument("--longitude", metavar="DEG", help=_("longitude in degrees"))
    parser.add_argument("--violation", action="append", metavar="CODE",
                        help=_("violation code (repeat); see 'vocab violations'"))
    parser.add_argument("--perpetrator", action="append", metavar="CODE",
                        help=_("alleged perpetrator code (repeat); see 'vocab perpetrators'"))
    parser.add_argument("--killed", type=int, metavar="N", help=_("number of people killed"))
    parser.add_argument("--injured", type=int, metavar="N", help=_("number of people injured"))
    parser.add_argument("--detained", type=int, metavar="N",
                        help=_("number of people detained"))
    parser.add_argument("--status", choices=["draft", "reviewed"],
                        help=_("draft or reviewed"))
    narrative = parser.add_mutually_exclusive_group()
    narrative.add_argument("--narrative", metavar="TEXT", help=_("what happened, in words"))
    narrative.add_argument("--narrative-file", metavar="F",
                           help=_("read what happened from a text file"))


def _person_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    parser.add_argument("--name", required=not editing, help=_("full name"))
    parser.add_argument("--pseudonym", help=_("pseudonym or code used outside the vault"))
    parser.add_argument("--sex", metavar="CODE", help=_("see 'vocab sex_gender'"))
    parser.add_argument("--age", type=int, help=_("age in years"))
    parser.add_argument("--age-range", metavar="A-B", help=_("e.g. 18-25"))
    parser.add_argument("--community", help=_("community the person belongs to"))
    parser.add_argument("--indigenous-people", metavar="TEXT", help=_("e.g. Aymara, Awajún"))
    parser.add_argument("--language", action="append", metavar="CODE", help=_("ISO 639 (repeat)"))
    parser.add_argument("--role", action="append", metavar="ROLE",
                        help=_("victim, witness, family_member, other (repeat)"))
    parser.add_argument("--contact", help=_("contact details"))
    parser.add_argument("--consent", metavar="SCOPE", help=_("internal, partners, legal, public"))


def _testimony_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    required = not editing
    parser.add_argument("--incident", action="append", required=required, metavar="ID",
                        help=_("incident the testimony speaks of (repeat)"))
    parser.add_argument("--witness", required=required, metavar="PERSON_ID",
                        help=_("the person who gives the testimony"))
    parser.add_argument("--language", required=required, metavar="CODE", help=_("es, qu, ay, …"))
    parser.add_argument("--consent", required=required, metavar="SCOPE",
                        help=_("internal, partners, legal, public"))
    text = parser.add_mutually_exclusive_group()
    text.add_argument("--text", metavar="T", help=_("the transcript"))
    text.add_argument("--text-file", metavar="F", help=_("read the transcript from a file"))
    if not editing:
        parser.add_argument("--audio", action="append", metavar="FILE", type=Path,
                            help=_("a recording of the testimony (repeat); the transcript "
                                   "can then come later"))
    parser.add_argument("--translation", metavar="T", help=_("a translation of the transcript"))
    parser.add_argument("--translation-file", metavar="F",
                        help=_("read the translation from a file"))
    parser.add_argument("--notes", metavar="T", help=_("notes of the interviewer"))
    parser.add_argument("--recorded", metavar="DATE", help=_("when it was recorded"))
    parser.add_argument("--recorded-place", metavar="TEXT",
                        help=_("where it was recorded, in words"))
    parser.add_argument("--recorded-ubigeo", metavar="CODE",
                        help=_("INEI district code of where it was recorded"))
    parser.add_argument("--interviewer", metavar="NAME", help=_("who took the testimony"))


def _incident_fields(args: argparse.Namespace, current: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if args.title is not None:
        fields["title"] = args.title
    if args.occurred or args.until or args.precision:
        occurred = current.get("occurred") or {}
        fields["occurred"] = {
            "text": args.occurred or occurred.get("start", ""),
            "until": args.until or (None if args.occurred else occurred.get("end")),
            "precision": args.precision,
        }
    place = dict(current.get("place") or {})
    for option, key in (("ubigeo", "ubigeo"), ("place", "text"), ("latitude", "latitude"),
                        ("longitude", "longitude")):
        if getattr(args, option) is not None:
            place[key] = getattr(args, option)
    if place != (current.get("place") or {}):
        fields["place"] = place
    if args.violation is not None:
        fields["violations"] = args.violation
    if args.perpetrator is not None:
        fields["perpetrators"] = args.perpetrator
    for key in ("killed", "injured", "detained", "status"):
        if getattr(args, key) is not None:
            fields[key] = getattr(args, key)
    if args.narrative is not None:
        fields["narrative"] = args.narrative
    elif args.narrative_file:
        fields["narrative"] = _read_text_file(args.narrative_file, _("the narrative file"))
    return fields


def _person_fields(args: argparse.Namespace, _current: dict[str, Any]) -> dict[str, Any]:
    mapping = {"name": "full_name", "pseudonym": "pseudonym", "sex": "sex_gender",
               "age": "age", "age_range": "age_range", "community": "community",
               "indigenous_people": "indigenous_people", "language": "languages",
               "role": "roles", "contact": "contact", "consent": "consent"}
    return {key: getattr(args, opt) for opt, key in mapping.items()
            if getattr(args, opt) is not None}


def _testimony_fields(args: argparse.Namespace, current: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    mapping = {"incident": "incidents", "witness": "witness", "language": "language",
               "consent": "consent", "text": "transcript", "translation": "translation",
               "notes": "notes", "recorded": "recorded_date", "interviewer": "interviewer"}
    for opt, key in mapping.items():
        if getattr(args, opt) is not None:
            fields[key] = getattr(args, opt)
    if args.text_file:
        fields["transcript"] = _read_text_file(args.text_file, _("the transcript file"))
    if args.translation_file:
        fields["translation"] = _read_text_file(args.translation_file,
                                               _("the translation file"))
    if args.recorded_place is not None or args.recorded_ubigeo is not None:
        place = dict(current.get("recorded_place") or {})
        if args.recorded_place is not None:
            place["text"] = args.recorded_place
        if args.recorded_ubigeo is not None:
            place["ubigeo"] = args.recorded_ubigeo
        fields["recorded_place"] = place
    return fields


FIELD_BUILDERS = {"incident": _incident_fields, "person": _person_fields,
                  "testimony": _testimony_fields}

# The help of each kind's command and of its add and edit actions (functions, so that
# the texts are translated when the parser is built, in the language then in force).
_KIND_HELP = {
    "incident": lambda: (_("add or edit an incident"), _("add an incident; prints its id"),
                         _("change fields of an incident")),
    "person": lambda: (_("add or edit a person"), _("add a person; prints its id"),
                       _("change fields of a person")),
    "testimony": lambda: (_("add or edit a testimony"), _("add a testimony; prints its id"),
                          _("change fields of a testimony")),
}


def _listed(kind: str, count: int) -> str:
    """Return "3 incidents", "1 person"... for the line under a list."""
    shown = number(count)
    if kind == "incident":
        return ngettext("{count} incident", "{count} incidents", count).format(count=shown)
    if kind == "person":
        return ngettext("{count} person", "{count} people", count).format(count=shown)
    if kind == "testimony":
        return ngettext("{count} testimony", "{count} testimonies", count).format(count=shown)
    return ngettext("{count} media item", "{count} media items", count).format(count=shown)


def add(ctx: Context, args: argparse.Namespace) -> int:
    """Add an incident, person or testimony; print its id."""
    from willay.core.records import service as records
    from willay.core.records import unit_of_work

    fields = FIELD_BUILDERS[args.kind](args, {})
    if args.kind == "testimony":
        from willay.cli import testimony_audio

        return testimony_audio.add(ctx, args, fields)
    def work(session: Session) -> str:
        made = records.create(session, args.kind, fields)
        fieldsets.apply_fields(session, made, args.kind, args.field, creating=True)
        return made

    with ctx.unlocked() as vault:
        record_id = unit_of_work.write(vault, work)
    if ctx.json:
        output.emit_json({"id": record_id, "kind": args.kind})
    else:
        output.emit(record_id)
    return 0


def edit(ctx: Context, args: argparse.Namespace) -> int:
    """Change some fields of a record; print the new revision."""
    from willay.core.records import service as records
    from willay.core.records import unit_of_work

    def work(session: Session) -> str:
        current = records.current_fields(session, record) or {}
        changes = FIELD_BUILDERS[args.kind](args, current)
        if not changes and not args.field:
            raise ValidationError(_("Nothing to change: give at least one field option."))
        revised = records.edit(session, record.id, changes)
        fieldsets.apply_fields(session, record.id, args.kind, args.field, creating=False)
        return revised

    with ctx.unlocked() as vault:
        with vault.session() as session:
            record = records.find_record(session, args.id, args.kind)
        revision_id = unit_of_work.write(vault, work, [record.id])
    output.emit_result(ctx.json, {"id": record.id, "revision": revision_id},
                       _("{record} now at revision {revision}").format(
                           record=record.id, revision=revision_id[:12]))
    return 0


def delete(ctx: Context, args: argparse.Namespace) -> int:
    """Delete a record with a tombstone revision."""
    from willay.core.records import service as records
    from willay.core.records import unit_of_work

    with ctx.unlocked() as vault:
        with vault.session() as session:
            record = records.find_record(session, args.id)
        revision_id = unit_of_work.write(
            vault, lambda session: records.delete(session, record.id), [record.id])
    output.emit_result(ctx.json, {"id": record.id, "revision": revision_id, "deleted": True},
                       _("{record} deleted (revision {revision}); its history stays.").format(
                           record=record.id, revision=revision_id[:12]))
    return 0


def list_records(ctx: Context, args: argparse.Namespace) -> int:
    """List records of one kind."""
    from willay.core.media import intake as media
    from willay.core.records import service as records

    kind = KIND_OF_LIST[args.what]
    lister = media.list_media if kind == "media" else records.LISTERS[kind]
    with ctx.unlocked() as vault, vault.session() as session:
        rows = lister(session, offset=args.offset, limit=args.limit)
    if ctx.json:
        output.emit_json(rows)
        return 0
    if kind == "incident":
        from willay.core.reference.vocabularies import vocabulary

        statuses = vocabulary("incident_status")
        cells = [[r["id"][:8], r["occurred"], r["title"], r["place"],
                  f"{r['killed']}/{r['injured']}/{r['detained']}",
                  statuses.label(r["status"], current_language())] for r in rows]
        output.table(cells, ["ID", _("OCCURRED"), _("TITLE"), _("PLACE"), _("K/I/D"),
                             _("STATUS")])
    elif kind == "person":
        cells = [[r["id"][:8], r["full_name"], r["pseudonym"], ",".join(r["roles"]),
                  r["consent"]] for r in rows]
        output.table(cells, ["ID", _("NAME"), _("PSEUDONYM"), _("ROLES"), _("CONSENT")])
    elif kind == "media":
        cells = [[r["id"][:8], r["original_name"], r["mime"], str(r["size"]),
                  r["attached_to"][:8], r["captured_at"] or "—"] for r in rows]
        output.table(cells, ["ID", _("FILE"), _("TYPE"), _("BYTES"), _("ATTACHED"),
                             _("CAPTURED")])
    else:
        cells = [[r["id"][:8], r["recorded_date"] or "—", r["witness_name"],
                  r["language"], r["consent"], str(len(r["incidents"])),
                  _("to transcribe") if r["to_transcribe"] else ""] for r in rows]
        output.table(cells, ["ID", _("RECORDED"), _("WITNESS"), _("LANG"), _("CONSENT"),
                             _("INCIDENTS"), _("TRANSCRIPT")])
        waiting = sum(1 for r in rows if r["to_transcribe"])
        if waiting:
            output.emit("(" + _listed(kind, len(rows)) + ", " + ngettext(
                "{count} to transcribe", "{count} to transcribe", waiting).format(
                count=number(waiting)) + ")")
            return 0
    output.emit("(" + _listed(kind, len(rows)) + ")")
    return 0


def show(ctx: Context, args: argparse.Namespace) -> int:
    """Show one record's current fields."""
    from willay.core.records import custom_values
    from willay.core.records import service as records

    with ctx.unlocked() as vault, vault.session() as session:
        view = records.get(session, args.id)
        names: dict[str, str] = {}
        if view.kind == "testimony" and view.fields:
            for ref in view.fields["incidents"]:
                names[ref] = records.summary(session, ref, "incident")["title"]
            witness = view.fields["witness"]
            names[witness] = records.summary(session, witness, "person")["title"]
        values = custom_values.read(session, view.id)
        custom = fieldsets.shown_lines(session, values, view.kind) if not view.deleted else []
    doc = {"id": view.id, "kind": view.kind, "fields": view.fields, "heads": view.heads,
           "deleted": view.deleted, "conflict": view.conflict, "created": view.created,
           "updated": view.updated,
           "organization_fields": {"fieldset": values.named, "values": values.values}}
    if ctx.json:
        output.emit_json(doc)
        return 0
    output.emit(f"{view.kind} {view.id}" + ("  " + _("(deleted)") if view.deleted else ""))
    output.emit(_("created {created}, updated {updated}, revision {revision}").format(
        created=local_stamp(view.created), updated=local_stamp(view.updated),
        revision=view.heads[0][:12]))
    readable = output.readable_fields(view.kind, view.fields or {})
    if names:
        readable["incidents"] = [f"{ref} ({names[ref]})" for ref in readable["incidents"]]
        readable["witness"] = f"{readable['witness']} ({names[readable['witness']]})"
    for line in output.describe(readable):
        output.emit("  " + line)
    for line in custom:
        output.emit("  " + line)
    return 0


def history(ctx: Context, args: argparse.Namespace) -> int:
    """Print every revision of a record, with the fields each one changed."""
    from willay.core.records import queries
    from willay.core.records import service as records

    with ctx.unlocked() as vault, vault.session() as session:
        revs = records.history(session, args.id)
        checked = {c.revision_id: c for c in queries.changes(session, revs[0].record_id)
                   } if revs else {}
    if ctx.json:
        output.emit_json([{"id": r.id, "record": r.record_id, "kind": r.kind,
                           "parents": r.parents, "author": r.author,
                           "author_name": checked[r.id].author_name, "time": r.time,
                           "signature": _seal_doc(checked[r.id]),
                           "deleted": r.deleted, "fields": r.fields} for r in revs])
        return 0
    previous: dict[str, Any] = {}
    for rev in revs:
        if rev.deleted:
            change = _("deleted")
        elif not rev.parents:
            change = _("created")
        else:
            fields = rev.fields or {}
            changed = sorted(k for k in fields if fields[k] != previous.get(k))
            change = (_("changed {fields}").format(fields=", ".join(changed)) if changed
                      else _("changed nothing"))
        who = checked[rev.id].author_name or _("unknown key {key}").format(key=rev.author[:12])
        output.emit(f"{local_stamp(rev.time)}  {rev.id[:12]}  " + _("by {who}").format(who=who)
                    + f"  {change}")
        output.emit(f"    {_seal_text(checked[rev.id])}")
        previous = rev.fields or {}
    return 0


def _seal_doc(change: queries.Change) -> dict[str, str]:
    seal = change.seal
    assert seal is not None
    return {"state": seal.state, "signer": seal.signer, "reason": seal.reason}


def _seal_text(change: queries.Change) -> str:
    """Say what checking a revision's signature found, naming the key on demand."""
    from willay.core.records import authorship

    seal = change.seal
    assert seal is not None
    if seal.state == authorship.SIGNED:
        return _("signed by its author, key {key} (checked)").format(key=change.author)
    if seal.state == authorship.ATTESTED:
        return _("written before author signatures; attested by {signer} at its upgrade "
                 "(checked), not signed by its author").format(signer=seal.signer)
    return _("NOT VERIFIED: {reason}").format(reason=seal.reason)


def search(ctx: Context, args: argparse.Namespace) -> int:
    """Full-text search with place, date, violation and perpetrator filters."""
    from willay.core.records import service as records
    from willay.core.records.search import search as run_search

    filters = filters_from(args)
    with ctx.unlocked() as vault, vault.session() as session:
        hits = run_search(session, args.query, filters, limit=args.limit)
        rows = [{**records.summary(session, h.record_id, h.kind), "snippet": h.snippet}
                for h in hits]
    if ctx.json:
        output.emit_json(rows)
        return 0
    for row in rows:
        found, kind, title = row["id"][:8], row["kind"], row["title"]
        output.emit(f"{found}  {kind:<9}  {title}")
        snippet = " ".join(str(row["snippet"] or "").split())
        if snippet:
            output.emit(f"          {snippet}")
    output.emit("(" + ngettext("{count} found", "{count} found", len(rows)).format(
        count=number(len(rows))) + ")")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``incident``, ``person``, ``testimony``, ``delete``, ``list``, ``show``,
    ``history`` and ``search`` to the command parser."""
    for kind, options in (("incident", _incident_options), ("person", _person_options),
                          ("testimony", _testimony_options)):
        helps = _KIND_HELP[kind]()
        p = sub.add_parser(kind, help=helps[0])
        actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
        new = actions.add_parser("add", help=helps[1])
        options(new, editing=False)
        fieldsets.add_field_option(new)
        new.set_defaults(handler=add, kind=kind, on_hub=True)
        change = actions.add_parser("edit", help=helps[2])
        change.add_argument("id", metavar="ID", help=_("the record's id (its first letters "
                                                       "are enough)"))
        options(change, editing=True)
        fieldsets.add_field_option(change)
        change.set_defaults(handler=edit, kind=kind, on_hub=True)
        if kind == "testimony":
            from willay.cli import testimony_audio

            testimony_audio.register(actions)

    p = sub.add_parser("delete", help=_("delete a record (its history stays)"))
    p.add_argument("id", metavar="ID", help=_("the record's id"))
    p.set_defaults(handler=delete, on_hub=True)

    p = sub.add_parser("list", help=_("list incidents, people or testimonies"))
    p.add_argument("what", nargs="?", default="incidents",
                   choices=["incidents", "people", "testimonies", "media"],
                   help=_("what to list (default: incidents)"))
    p.add_argument("--limit", type=int, default=None, help=_("at most this many rows"))
    p.add_argument("--offset", type=int, default=0, help=_("skip this many rows first"))
    p.set_defaults(handler=list_records, on_hub=True)

    p = sub.add_parser("show", help=_("show one record"))
    p.add_argument("id", metavar="ID", help=_("the record's id"))
    p.set_defaults(handler=show, on_hub=True)

    p = sub.add_parser("history", help=_("every revision of a record"))
    p.add_argument("id", metavar="ID", help=_("the record's id"))
    p.set_defaults(handler=history, on_hub=True)

    p = sub.add_parser("search", help=_("full-text search with filters"))
    p.add_argument("query", metavar="QUERY", help=_("the words to look for"))
    add_filter_options(p)
    p.add_argument("--limit", type=int, default=50,
                   help=_("at most this many results (default: 50)"))
    p.set_defaults(handler=search, on_hub=True)
