"""The values a record gives to its organization's fields: read them, change them.

The values are checked against the field set as a whole (required fields, types, lists),
then kept in one part per sensitivity (:mod:`custom_parts`). A record keeps the field set
it was written with; a change moves it to that set's newest version, which holds every
field of the one before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from willay.core.errors import ValidationError
from willay.core.i18n import _
from willay.core.records import custom_parts, fieldset_lookup, revisions
from willay.core.records.custom_parts import PREFIX, part_id, reference
from willay.core.records.fields import kind_name
from willay.core.records.service import commit_revision, current_fields, find_record, summary
from willay.core.reference.fieldset_values import check_values
from willay.core.reference.fieldsets import KINDS, SENSITIVITIES, FieldSet
from willay.core.vault.models import Record


@dataclass(frozen=True)
class RecordValues:
    """A record's organization fields: the field set version and the values, by key.

    ``fieldset`` is None when the record has no values, or names a set this vault lacks.
    """

    record_id: str
    fieldset: FieldSet | None
    values: dict[str, Any] = field(default_factory=dict)
    named: str = ""


def _parts(session: Session, record_id: str) -> list[tuple[Record, dict[str, Any]]]:
    found = []
    for sensitivity in SENSITIVITIES:
        part = session.get(Record, part_id(record_id, sensitivity))
        if part is None or part.deleted:
            continue
        fields = current_fields(session, part)
        if fields is not None:
            found.append((part, fields))
    return found


def read(session: Session, record_id: str) -> RecordValues:
    """Return the organization fields of ``record_id`` (all its parts together)."""
    parts = _parts(session, record_id)
    if not parts:
        return RecordValues(record_id, None)
    values: dict[str, Any] = {}
    newest: tuple[str, int] | None = None
    for _part, fields in parts:
        values.update(custom_parts.values_of(fields))
        named = custom_parts.parse_reference(fields["fieldset"])
        if newest is None or named[1] > newest[1]:
            newest = named
    assert newest is not None
    return RecordValues(record_id, fieldset_lookup.version(session, *newest), values,
                        reference(*newest))


def fieldset_for(session: Session, record_id: str) -> FieldSet | None:
    """Return the field set a record is filled in with: its own set's newest version, or
    for a record with none, the set this vault fills in."""
    return _fieldset_of(session, read(session, record_id))


def form_for(session: Session, record_id: str | None
             ) -> tuple[FieldSet | None, dict[str, Any]]:
    """Return what an editor fills in for ``record_id`` (None: a new record): the field set
    (as :func:`fieldset_for` chooses it) and the record's values."""
    current = read(session, record_id) if record_id else RecordValues("", None)
    return _fieldset_of(session, current), current.values


def _fieldset_of(session: Session, current: RecordValues) -> FieldSet | None:
    if current.named:
        set_id, _number = custom_parts.parse_reference(current.named)
        return fieldset_lookup.newest(session, set_id)
    return fieldset_lookup.in_use(session)


def _check_references(session: Session, fieldset: FieldSet, kind: str,
                      values: Mapping[str, Any]) -> None:
    for entry in fieldset.for_kind(kind):
        if entry.type == "reference" and entry.key in values:
            target = find_record(session, values[entry.key], entry.target)
            if target.deleted:
                raise ValidationError(_("Record {id} has been deleted.").format(id=target.id))


def write(session: Session, ref: str, changes: Mapping[str, Any], *,
          fieldset: FieldSet | None = None, draft: bool = False) -> list[str]:
    """Give the record ``ref`` the values in ``changes`` (an empty value clears a field).

    A ``draft`` may leave required fields empty. Returns the revisions written (none
    when nothing changed).
    """
    record = find_record(session, ref)
    if record.kind not in KINDS:
        raise ValidationError(_("A record of the kind {kind} has no organization fields."
                                ).format(kind=kind_name(record.kind)))
    if record.deleted:
        raise ValidationError(_("Record {id} has been deleted; it cannot be edited.")
                              .format(id=record.id))
    current = read(session, record.id)
    chosen = fieldset or _fieldset_of(session, current)
    if chosen is None:
        raise ValidationError(_("This vault has no field set to fill in; add your "
                                "organization's first (willay-cli fieldset import FILE)."))
    if current.named and custom_parts.parse_reference(current.named)[0] != chosen.id:
        raise ValidationError(_("Record {id} is filled in with the field set {named}, not "
                                "{chosen}.").format(id=record.id, named=current.named,
                                                    chosen=chosen.id))
    merged = {**current.values, **changes}
    checked = check_values(chosen, record.kind, merged, require=not draft)
    _check_references(session, chosen, record.kind, checked)
    written = []
    for sensitivity in SENSITIVITIES:
        keys = {f.key for f in chosen.fields if f.sensitivity == sensitivity}
        held = {key: value for key, value in checked.items() if key in keys}
        revision = _write_part(session, record, sensitivity, chosen, held)
        if revision is not None:
            written.append(revision)
    return written


def _write_part(session: Session, record: Record, sensitivity: str, fieldset: FieldSet,
                values: dict[str, Any]) -> str | None:
    part = session.get(Record, part_id(record.id, sensitivity))
    current = current_fields(session, part) if part is not None and not part.deleted else None
    if current is None and not values:
        return None
    fields: dict[str, Any] = {
        "of": record.id, "of_kind": record.kind, "sensitivity": sensitivity,
        "fieldset": reference(fieldset.id, fieldset.version),
        **{PREFIX + key: value for key, value in values.items()}}
    if current is not None and custom_parts.values_of(current) == values:
        return None  # unchanged: it keeps the version it was written with
    if part is None:
        part = Record(id=part_id(record.id, sensitivity), kind="custom",
                      created=revisions.now_stamp(), updated="")
        session.add(part)
        session.flush()
    elif part.deleted:
        raise ValidationError(_("Record {id} has been deleted; it cannot be edited.")
                              .format(id=record.id))
    return commit_revision(session, part, fields, revisions.heads(session, part.id),
                           custody_details={"of": record.id})


def linked_names(session: Session, fieldset: FieldSet, kind: str,
                 values: Mapping[str, Any]) -> dict[str, str]:
    """Return the names of the records a record's values link to (id → name), for those
    this vault holds."""
    names = {}
    for entry in fieldset.for_kind(kind):
        target = values.get(entry.key) if entry.type == "reference" else None
        if isinstance(target, str) and session.get(Record, target) is not None:
            title = str(summary(session, target, entry.target)["title"])
            if title:
                names[target] = title
    return names
