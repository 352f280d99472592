"""Checks on the field sets and organization fields a bundle brings.

A field set version must be the one this vault holds under its number, or follow from
the version before it; a record's values must be values of the field set version they
name, of a field of that record's kind and of the part's sensitivity, in the form this
Willay writes. A value of a field type from a newer Willay is kept as it came.
References to other records are not required to be here: the record pointed to may have
stayed with the sender by its consent.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from willay.core.canonical import canonical_json
from willay.core.errors import VerificationError, WillayError
from willay.core.i18n import _
from willay.core.records import custom_parts, fieldset_lookup
from willay.core.reference import fieldset_values
from willay.core.reference.fieldsets import FieldSet, parse, successor_problems
from willay.core.sharing.line_checks import RevisionLine


class BundleFieldSets:
    """The field sets seen so far in one import, beside those the vault holds."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._seen: dict[tuple[str, int], FieldSet] = {}
        self._held: dict[tuple[str, int], FieldSet | None] = {}

    def version(self, set_id: str, number: int) -> FieldSet | None:
        """Return version ``number`` of ``set_id``, from the bundle or the vault (looked up
        there once per import: a bundle's parts name few versions)."""
        found = self._seen.get((set_id, number))
        if found is not None:
            return found
        if (set_id, number) not in self._held:
            self._held[(set_id, number)] = fieldset_lookup.version(self._session, set_id,
                                                                   number)
        return self._held[(set_id, number)]

    def check(self, lines: list[RevisionLine]) -> None:
        """Check the field sets and organization fields among ``lines``, in order."""
        for line in lines:
            fields = line.doc["fields"]
            if fields is None:
                continue
            if line.doc["kind"] == "fieldset":
                self._fieldset(line, fields)
            elif line.doc["kind"] == "custom":
                self._part(line, fields)

    def _fieldset(self, line: RevisionLine, fields: dict[str, Any]) -> None:
        fieldset = parse(fields, received=True)
        if line.doc["record"] != custom_parts.fieldset_record_id(fieldset.id):
            raise VerificationError(_("{place}: the field set {id} is filed under a record "
                                      "that is not its own.").format(place=line.place,
                                                                     id=fieldset.id))
        held = self.version(fieldset.id, fieldset.version)
        if held is not None and held.as_fields() != fieldset.as_fields():
            raise VerificationError(_(
                "{place}: version {version} of the field set {id} differs from the one this "
                "vault holds under that number; a version never changes.").format(
                place=line.place, version=fieldset.version, id=fieldset.id))
        before = self.version(fieldset.id, fieldset.version - 1)
        problems = successor_problems(before, fieldset) if before is not None else []
        if problems:
            raise VerificationError(_(
                "{place}: version {version} of the field set {id} does not follow from the "
                "one before: {problems}").format(place=line.place, version=fieldset.version,
                                                 id=fieldset.id, problems=" ".join(problems)))
        self._seen[(fieldset.id, fieldset.version)] = fieldset

    def _part(self, line: RevisionLine, fields: dict[str, Any]) -> None:
        place = line.place
        if line.doc["record"] != custom_parts.part_id(fields["of"], fields["sensitivity"]):
            raise VerificationError(_("{place}: organization fields filed under a record "
                                      "that is not theirs.").format(place=place))
        named = fields["fieldset"]
        set_id, number = custom_parts.parse_reference(named)
        fieldset = self.version(set_id, number)
        if fieldset is None:
            raise VerificationError(_(
                "{place}: these values were written with the field set {named}, which is "
                "neither in this vault nor earlier in the bundle.").format(
                place=place, named=named))
        kind, sensitivity = fields["of_kind"], fields["sensitivity"]
        for key, raw in custom_parts.values_of(fields).items():
            entry = fieldset.get(key)
            if entry is None or entry.applies_to != kind or entry.sensitivity != sensitivity \
                    or not entry.holds_value:
                raise VerificationError(_(
                    "{place}: the field set {named} has no field {key} of this sensitivity "
                    "for this kind of record.").format(place=place, named=named, key=key))
            try:
                stored = fieldset_values.value(entry, raw, fieldset)
            except WillayError as exc:
                raise VerificationError(_("{place}: a value this vault cannot accept "
                                          "({reason}).").format(place=place,
                                                                reason=exc)) from exc
            if canonical_json({"v": stored}) != canonical_json({"v": raw}):
                raise VerificationError(_("{place}: the value of {key} is not in the form "
                                          "Willay writes.").format(place=place, key=key))
