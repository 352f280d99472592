"""Commands for an organization's field sets (``fieldset``) and the ``--field`` option that
fills them in on incidents, people and testimonies."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from willay.cli import output
from willay.core.errors import ValidationError
from willay.core.i18n import _, current_language, ngettext, number
from willay.core.reference.fieldsets import label_in

if TYPE_CHECKING:
    from sqlmodel import Session

    from willay.cli.context import Context
    from willay.core.records.custom_values import RecordValues
    from willay.core.reference.fieldsets import FieldSet

def _kinds_counted(fieldset: FieldSet) -> str:
    """Return "14 for incidents, 1 for people" for the fields that take a value."""
    counted = []
    for kind in ("incident", "person", "testimony"):
        held = len([f for f in fieldset.for_kind(kind) if f.holds_value])
        if not held:
            continue
        if kind == "incident":
            words = ngettext("{count} for incidents", "{count} for incidents", held)
        elif kind == "person":
            words = ngettext("{count} for people", "{count} for people", held)
        else:
            words = ngettext("{count} for testimonies", "{count} for testimonies", held)
        counted.append(words.format(count=number(held)))
    return ", ".join(counted)


def _read_document(args: argparse.Namespace, organization: str
                   ) -> tuple[FieldSet, list[str], list[str]]:
    """Read the file given: an XLSForm workbook (of ``organization`` unless the command
    names another) or a field set of Willay's own."""
    from willay.core.reference import fieldset_files, xlsform

    try:
        read = fieldset_files.read_file(
            Path(args.file), organization=args.organization or organization,
            applies_to=args.for_kind, version=args.version or 1,
            skip_unmapped=args.skip_unmapped)
    except xlsform.UnmappedQuestions as exc:
        raise ValidationError(str(exc) + " " + _("To import the rest, add "
                                                 "--skip-unmapped.")) from exc
    left = [_("{name} (row {row}, {type})").format(name=q.name, row=q.row, type=q.type)
            for q in read.left_out]
    return read.fieldset, read.notes, left


def import_fieldset(ctx: Context, args: argparse.Namespace) -> int:
    """Add a field set (or its next version) from a file."""
    from willay.core.records import fieldset_store
    from willay.core.vault.identity import own_card

    with ctx.unlocked() as vault, vault.session() as session:
        fieldset, notes, left = _read_document(args, own_card(session).organization)
        kept = fieldset_store.keep(session, fieldset, use=args.use)
    if ctx.json:
        output.emit_json({"id": fieldset.id, "version": fieldset.version,
                          "outcome": kept.outcome, "in_use": kept.in_use, "notes": notes,
                          "left_out": left})
        return 0
    title = _title(fieldset)
    said = {
        fieldset_store.ADDED: _("Field set {id} ({title}), version {version}, added."),
        fieldset_store.NEXT_VERSION: _("Field set {id} ({title}) is now at version "
                                       "{version}."),
        fieldset_store.ALREADY_HERE: _("This vault already holds version {version} of the "
                                       "field set {id} ({title}); nothing changed."),
    }[kept.outcome]
    output.emit(said.format(id=fieldset.id, title=title, version=fieldset.version))
    fields = [f for f in fieldset.fields if f.holds_value]
    output.emit("  " + ngettext("{count} field", "{count} fields", len(fields)).format(
        count=number(len(fields))) + ": " + _kinds_counted(fieldset))
    if kept.in_use:
        output.emit("  " + _("New records of this vault are filled in with it."))
    for note in notes:
        output.emit("  " + note)
    if left:
        output.emit("  " + _("Left out (types Willay cannot take): {questions}").format(
            questions=", ".join(left)))
    return 0


def _title(fieldset: FieldSet) -> str:
    return label_in(fieldset.labels, current_language())


def list_fieldsets(ctx: Context, _args: argparse.Namespace) -> int:
    """List the field sets this vault holds."""
    from willay.core.records import fieldset_lookup

    with ctx.unlocked() as vault, vault.session() as session:
        held = fieldset_lookup.held(session)
        used = fieldset_lookup.in_use(session)
    in_use = used.id if used else None
    if ctx.json:
        output.emit_json([{"id": fs.id, "version": fs.version, "organization": fs.organization,
                           "labels": dict(fs.labels), "in_use": fs.id == in_use,
                           "fields": len([f for f in fs.fields if f.holds_value])}
                          for fs in held])
        return 0
    if not held:
        output.emit(_("This vault holds no field set yet; add one with "
                      "'willay-cli fieldset import FILE'."))
        return 0
    cells = [[fs.id, str(fs.version), fs.organization, _title(fs),
              str(len([f for f in fs.fields if f.holds_value])),
              _("yes") if fs.id == in_use else ""] for fs in held]
    output.table(cells, ["ID", _("VERSION"), _("ORGANIZATION"), _("NAME"), _("FIELDS"),
                         _("IN USE")])
    return 0


def _type_words(kind: str) -> str:
    words = {"text": _("text"), "long_text": _("long text"), "integer": _("whole number"),
             "decimal": _("decimal number"), "yes_no": _("yes or no"), "date": _("date"),
             "date_range": _("date range"), "choose_one": _("choose one"),
             "choose_many": _("choose several"), "vocabulary": _("Willay list"),
             "reference": _("link to a record"), "point": _("map point"),
             "group": _("table"), "section": _("heading")}
    return words.get(kind, _("{type} (newer Willay; shown as it came)").format(type=kind))


def _sensitivity_words(value: str) -> str:
    return {"internal": _("stays in this vault"), "partners": _("shared with partners"),
            "legal": _("legal partners only"), "public": _("public")}.get(value, value)


def show_fieldset(ctx: Context, args: argparse.Namespace) -> int:
    """Show the fields of a field set, in its order."""
    from willay.core.records import fieldset_lookup

    with ctx.unlocked() as vault, vault.session() as session:
        fieldset = (fieldset_lookup.version(session, args.id, args.version) if args.version
                    else fieldset_lookup.newest(session, args.id))
    if fieldset is None:
        raise ValidationError(_("This vault holds no field set {id}.").format(id=args.id))
    if ctx.json:
        output.emit_json(fieldset.as_fields())
        return 0
    lang = current_language()
    output.emit(_("{title} — {organization}, version {version}").format(
        title=_title(fieldset), organization=fieldset.organization or "—",
        version=fieldset.version))
    names = {"incident": _("Incidents"), "person": _("People"), "testimony": _("Testimonies")}
    for kind, heading in names.items():
        entries = fieldset.for_kind(kind)
        if not entries:
            continue
        output.emit(heading + ":")
        for entry in entries:
            marks = [_type_words(entry.type)]
            if entry.holds_value:
                marks.append(_sensitivity_words(entry.sensitivity))
            if entry.required:
                marks.append(_("required"))
            if entry.deprecated:
                marks.append(_("no longer asked"))
            output.emit(f"  {entry.key:<20} {label_in(entry.labels, lang)}  ("
                        + ", ".join(marks) + ")")
            if entry.list_name:
                choices = [label_in(c.labels, lang) for c in fieldset.choices(entry.list_name)
                           if not c.deprecated]
                output.emit("  " + " " * 21 + ": " + ", ".join(choices))
            for column in entry.columns:
                output.emit(f"    · {column.key:<16} {label_in(column.labels, lang)}  ("
                            + _type_words(column.type) + ")")
    return 0


def use_fieldset(ctx: Context, args: argparse.Namespace) -> int:
    """Choose the field set this vault fills in for its records."""
    from willay.core.records import fieldset_store

    with ctx.unlocked() as vault, vault.session() as session:
        fieldset = fieldset_store.use(session, args.id)
    output.emit_result(ctx.json, {"id": fieldset.id, "version": fieldset.version},
                       _("New records of this vault are filled in with {id} ({title}).")
                       .format(id=fieldset.id, title=_title(fieldset)))
    return 0


def export_fieldset(ctx: Context, args: argparse.Namespace) -> int:
    """Write a field set to a file, to hand to another vault or organization."""
    from willay.core import fileio
    from willay.core.canonical import canonical_json
    from willay.core.records import fieldset_lookup

    with ctx.unlocked() as vault, vault.session() as session:
        fieldset = fieldset_lookup.newest(session, args.id)
    if fieldset is None:
        raise ValidationError(_("This vault holds no field set {id}.").format(id=args.id))
    path = Path(args.file)
    if path.exists():
        raise ValidationError(_("{path} already exists; choose another file name.").format(
            path=path))
    document = json.dumps(json.loads(canonical_json(fieldset.as_fields())),
                          ensure_ascii=False, indent=2) + "\n"
    fileio.atomic_write(path, document.encode())
    output.emit_result(ctx.json, {"id": fieldset.id, "version": fieldset.version,
                                  "file": str(path)},
                       _("Field set {id}, version {version}, written to {path}.").format(
                           id=fieldset.id, version=fieldset.version, path=path))
    return 0


# -- --field on incidents, people and testimonies -----------------------------------------


def add_field_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--field KEY=VALUE`` (repeatable) to an add or edit command."""
    parser.add_argument("--field", action="append", metavar="KEY=VALUE", default=None,
                        help=_("a field of your organization's field set (repeat; see "
                               "'fieldset show'); KEY= with nothing clears it"))


def _pairs(given: list[str]) -> list[tuple[str, str]]:
    pairs = []
    for item in given:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValidationError(_("--field {item}: write the field's key, = and its value, "
                                    "for example --field weapon=firearm.").format(
                item=repr(item)))
        pairs.append((key.strip(), value))
    return pairs


def _group_row(text: str) -> dict[str, str]:
    row = {}
    for cell in text.split(";"):
        name, sep, value = cell.partition("=")
        if sep:
            row[name.strip()] = value.strip()
    return row


def values_from(session: Session, fieldset: FieldSet, kind: str, given: list[str]
                ) -> dict[str, Any]:
    """Turn ``--field`` options into values: lists by commas, tables row by row, links by
    the first letters of an id."""
    from willay.core.records.service import find_record

    values: dict[str, Any] = {}
    for key, text in _pairs(given):
        entry = fieldset.get(key)
        if entry is None or entry.applies_to != kind:
            keys = ", ".join(f.key for f in fieldset.for_kind(kind) if f.holds_value)
            raise ValidationError(_("The field set {id} has no field {key} for this kind of "
                                    "record; its fields are: {keys}.").format(
                id=fieldset.id, key=key, keys=keys or "—"))
        if entry.type == "group":
            rows = values.setdefault(key, [])
            if text.strip():
                rows.append(_group_row(text))
        elif entry.type == "reference" and text.strip():
            values[key] = find_record(session, text, entry.target).id
        else:
            values[key] = text
    return values


def apply_fields(session: Session, record_id: str, kind: str, given: list[str] | None, *,
                 creating: bool) -> None:
    """Fill in the organization fields given, or on a new record check the required ones."""
    from willay.core.records import custom_values

    fieldset = custom_values.fieldset_for(session, record_id)
    if not given:
        if not creating or fieldset is None or not fieldset.for_kind(kind):
            return
        given = []
    elif fieldset is None:
        raise ValidationError(_("This vault has no field set to fill in; add your "
                                "organization's first (willay-cli fieldset import FILE)."))
    values = values_from(session, fieldset, kind, given)
    if creating:
        missing = [f for f in fieldset.for_kind(kind)
                   if f.required and not f.deprecated and not str(values.get(f.key, "")).strip()]
        if missing:
            options = " ".join(f"--field {f.key}=…" for f in missing)
            raise ValidationError(_("Your organization's field set asks for: {fields}. Give "
                                    "them with {options}.").format(
                fields=", ".join(label_in(f.labels, current_language()) for f in missing),
                options=options))
    custom_values.write(session, record_id, values, fieldset=fieldset)


def shown_lines(session: Session, read: RecordValues, record_kind: str) -> list[str]:
    """Return the lines ``show`` prints for a record's organization fields (``read``)."""
    from willay.core.records import custom_values
    from willay.core.reference.fieldset_text import described

    if not read.values:
        return []
    if read.fieldset is None:
        return [_("Organization fields ({named}, a field set this vault lacks):").format(
            named=read.named)] + [f"  {key}: {value}" for key, value in read.values.items()]
    lines = [_("{title} (version {version}):").format(title=_title(read.fieldset),
                                                      version=read.fieldset.version)]
    pad = "  "
    names = custom_values.linked_names(session, read.fieldset, record_kind, read.values)
    for label, words in described(read.fieldset, record_kind, read.values,
                                  current_language(), names):
        if not words:  # a heading: the values after it sit under it
            lines.append(f"  {label}")
            pad = "    "
        else:
            lines.append(f"{pad}{label}: {words}")
    return lines


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``fieldset`` (import, list, show, use, export) to the command parser."""
    p = sub.add_parser("fieldset", help=_("your organization's own fields for incidents, "
                                          "people and testimonies"))
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = actions.add_parser("import", help=_("add a field set, or its next version, from a "
                                            "Willay file or an ODK form (XLSForm .xlsx)"))
    q.add_argument("file", metavar="FILE", help=_("the field set file, or the .xlsx form"))
    q.add_argument("--for", dest="for_kind", default="incident",
                   choices=["incident", "person", "testimony"],
                   help=_("for an ODK form: which records its questions are about "
                          "(default: incident)"))
    q.add_argument("--organization", metavar="NAME",
                   help=_("for an ODK form: the organization it belongs to"))
    q.add_argument("--version", type=int, metavar="N",
                   help=_("for an ODK form: the version number to give it (default: 1)"))
    q.add_argument("--skip-unmapped", action="store_true",
                   help=_("for an ODK form: leave out the questions of types Willay cannot "
                          "take, and import the rest"))
    q.add_argument("--use", action="store_true",
                   help=_("fill in new records with it from now on"))
    q.set_defaults(handler=import_fieldset, on_hub=True)
    q = actions.add_parser("list", help=_("the field sets this vault holds"))
    q.set_defaults(handler=list_fieldsets, on_hub=True)
    q = actions.add_parser("show", help=_("the fields of a field set"))
    q.add_argument("id", metavar="ID", help=_("the field set's id"))
    q.add_argument("--version", type=int, metavar="N", help=_("an earlier version"))
    q.set_defaults(handler=show_fieldset, on_hub=True)
    q = actions.add_parser("use", help=_("fill in new records with this field set"))
    q.add_argument("id", metavar="ID", help=_("the field set's id"))
    q.set_defaults(handler=use_fieldset, on_hub=True)
    q = actions.add_parser("export", help=_("write a field set to a file for others"))
    q.add_argument("id", metavar="ID", help=_("the field set's id"))
    q.add_argument("file", metavar="FILE", help=_("the file to write"))
    q.set_defaults(handler=export_fieldset, on_hub=True)
