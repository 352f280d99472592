"""An organization's fields in reports: counted by a choice, and as columns of files.

A report for an audience uses only the values whose field's sensitivity reaches it (an
internal report uses them all), as consent decides whose names it shows. An event counts
under every choice any of its records gives, as it does under violations, so a table by
a choice does not add up to the totals.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from willay.core.errors import ValidationError
from willay.core.i18n import _, current_language
from willay.core.records import custom_parts, fieldset_lookup
from willay.core.reference.fieldset_text import choice_label, shown
from willay.core.reference.fieldsets import Field, FieldSet, label_in
from willay.core.reports.counts import CountRow, Event
from willay.core.reports.labels import key_label
from willay.core.sharing.partners import RECEIVABLE
from willay.core.vault.models import CustomCode, CustomPart, RecordHead, Revision

COUNTABLE = ("choose_one", "choose_many", "yes_no")
_SLICE = 500


def reaches(audience: str, sensitivity: str) -> bool:
    """Whether a value of ``sensitivity`` may appear in a report for ``audience``."""
    return audience == "internal" or sensitivity in RECEIVABLE.get(audience, frozenset())


@dataclass(frozen=True)
class Column:
    """One organization field of incidents, as a report's column or way of counting."""

    fieldset: FieldSet
    entry: Field

    @property
    def name(self) -> str:
        """The column's name in files: the field's key (``id.key`` where sets share it)."""
        return self.entry.key

    def label(self, lang: str) -> str:
        """The field's label in ``lang``."""
        return label_in(self.entry.labels, lang) or self.entry.key


def columns(session: Session, audience: str, *, countable: bool = False) -> list[Column]:
    """Return the incident fields of the field sets held here that ``audience`` may see.

    With ``countable``, only choose-one, choose-many and yes/no fields.
    """
    out = []
    for fieldset in fieldset_lookup.held(session):
        for entry in fieldset.for_kind("incident"):
            if not entry.holds_value or not entry.known or \
                    not reaches(audience, entry.sensitivity):
                continue
            if countable and entry.type not in COUNTABLE:
                continue
            out.append(Column(fieldset, entry))
    return out


def find_column(session: Session, key: str, audience: str) -> Column:
    """Return the countable field ``key`` (or ``set.key``) for ``audience``, or refuse."""
    choices = columns(session, audience, countable=True)
    found = [c for c in choices if key in (c.entry.key, f"{c.fieldset.id}.{c.entry.key}")]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise ValidationError(_("Several field sets have a field {key}; name it with its "
                                "field set, for example {example}.").format(
            key=key, example=f"{found[0].fieldset.id}.{key}"))
    names = ", ".join(c.entry.key for c in choices) or "—"
    for fieldset in fieldset_lookup.held(session):
        entry = fieldset.get(key.rsplit(".", 1)[-1])
        if entry is None or entry.applies_to != "incident":
            continue
        label = label_in(entry.labels, current_language())
        if entry.type not in COUNTABLE:
            raise ValidationError(_("{field} is not a field of choices; only choose-one, "
                                    "choose-many and yes/no fields can be counted: "
                                    "{names}.").format(field=label, names=names))
        raise ValidationError(_("{field} may not be shown to this audience (its "
                                "sensitivity is {sensitivity}); these can be counted: "
                                "{names}.").format(field=label,
                                                   sensitivity=entry.sensitivity,
                                                   names=names))
    raise ValidationError(_("No field {key} of your organization's field sets can be "
                            "counted for this audience; these can: {names}.").format(
        key=key, names=names))


def _codes_by_record(session: Session, column: Column, audience: str) -> dict[str, set[str]]:
    rows = session.exec(
        select(CustomCode.record_id, CustomCode.code, CustomPart.sensitivity)
        .join(CustomPart, col(CustomPart.id) == col(CustomCode.part_id))
        .where(CustomCode.set_id == column.fieldset.id, CustomCode.key == column.entry.key)
    ).all()
    found: dict[str, set[str]] = defaultdict(set)
    for record_id, code, sensitivity in rows:
        if reaches(audience, sensitivity):
            found[record_id].add(code)
    return found


def _choice_label(column: Column, code: str, lang: str) -> str:
    if not code:
        return key_label("violation", "", lang)  # "Not recorded", as the other tables say
    if column.entry.type == "yes_no":
        return {"yes": {"es": "Sí", "en": "Yes"}, "no": {"es": "No", "en": "No"}}[code][lang]
    return choice_label(column.fieldset, column.entry, code, lang)


def count_by_field(session: Session, merged: Iterable[Event], column: Column, lang: str,
                   audience: str) -> list[CountRow]:
    """Count events, killed, injured and detained under each choice of ``column``.

    The choices come in the order of the set's list; "not recorded" comes last.
    """
    codes = _codes_by_record(session, column, audience)
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for event in merged:
        given = set().union(*(codes.get(m.id, set()) for m in event.members))
        for code in sorted(given) or [""]:
            row = sums[code]
            row[0] += 1
            row[1] += event.killed
            row[2] += event.injured
            row[3] += event.detained
    order = ["yes", "no"] if column.entry.type == "yes_no" else [
        c.code for c in column.fieldset.choices(column.entry.list_name)]
    rank = {code: n for n, code in enumerate(order)}
    rows = [CountRow(code, _choice_label(column, code, lang), *values)
            for code, values in sums.items()]
    rows.sort(key=lambda r: (not r.key, rank.get(r.key, len(rank)), r.key))
    return rows


def values_by_record(session: Session, record_ids: list[str], audience: str
                     ) -> dict[str, dict[str, Any]]:
    """Return, for each record that has some, its organization field values ``audience``
    may see, keyed ``set id`` → ``{key: value}``."""
    out: dict[str, dict[str, Any]] = defaultdict(dict)
    for start in range(0, len(record_ids), _SLICE):
        rows = session.exec(
            select(CustomPart.record_id, CustomPart.sensitivity, CustomPart.set_id,
                   Revision.body)
            .join(RecordHead, col(RecordHead.record_id) == col(CustomPart.id))
            .join(Revision, col(Revision.id) == col(RecordHead.revision_id))
            .where(col(CustomPart.record_id).in_(record_ids[start:start + _SLICE]))
        ).all()
        for record_id, sensitivity, set_id, body in rows:
            if reaches(audience, sensitivity):
                fields = json.loads(body)["fields"] or {}
                out[record_id].setdefault(set_id, {}).update(custom_parts.values_of(fields))
    return out


def cell(column: Column, values: dict[str, dict[str, Any]], lang: str) -> str:
    """Return one record's value of ``column`` in words, or "" when it has none."""
    held = values.get(column.fieldset.id, {})
    if column.entry.key not in held:
        return ""
    return shown(column.fieldset, column.entry, held[column.entry.key], lang)


def codes_cell(column: Column, values: dict[str, dict[str, Any]]) -> str:
    """Return one record's choice codes of ``column``, separated by ``; ``."""
    held = values.get(column.fieldset.id, {}).get(column.entry.key)
    if isinstance(held, bool):
        return "yes" if held else "no"
    if isinstance(held, list):
        return "; ".join(str(code) for code in held)
    return "" if held is None else str(held)


@dataclass(frozen=True)
class CustomTable:
    """The organization fields a file carries: its columns and each record's values."""

    columns: list[Column]
    values: dict[str, dict[str, dict[str, Any]]]

    def headers(self) -> list[str]:
        """The columns' names: the key, or ``set.key`` where two sets share a key; a
        choice field has a second column of its codes, ``KEY_codes``."""
        keys = [c.entry.key for c in self.columns]
        out = []
        for column in self.columns:
            name = column.entry.key if keys.count(column.entry.key) == 1 \
                else f"{column.fieldset.id}.{column.entry.key}"
            out.append(name)
            if column.entry.type in COUNTABLE:
                out.append(f"{name}_codes")
        return out

    def cells(self, record_id: str, lang: str) -> list[str]:
        """One record's cells, in the order of :meth:`headers`."""
        values = self.values.get(record_id, {})
        out = []
        for column in self.columns:
            out.append(cell(column, values, lang))
            if column.entry.type in COUNTABLE:
                out.append(codes_cell(column, values))
        return out


def table_for(session: Session, merged: Iterable[Event], audience: str) -> CustomTable:
    """Return the organization fields of the records of ``merged`` that ``audience`` sees."""
    ids = [m.id for event in merged for m in event.members]
    return CustomTable(columns(session, audience), values_by_record(session, ids, audience))
