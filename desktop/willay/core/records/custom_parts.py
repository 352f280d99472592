"""Records that hold an organization's fields: field sets, and the parts of a record.

A field set version is a revision of a record of kind ``fieldset`` whose id follows from
the set's own id, so every vault that receives it names it alike. The values a record
gives its field set live in records of kind ``custom``, one per sensitivity of the values
(``internal``, ``partners``, ``legal``, ``public``), each bound to its record. A full
bundle carries revisions as they were signed, byte for byte, so a value that must not
reach a partner cannot share a revision with values that may: each part travels, or
stays, by its own sensitivity, the way a testimony does by its consent.

A part's fields::

    {"of": RECORD_ID, "of_kind": "incident", "sensitivity": "partners",
     "fieldset": "red-sur-registro@2", "x.weapon": "firearm", ...}

Each value is a field of its own, so two documenters who filled different fields merge
without a conflict.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from willay.core.errors import ValidationError
from willay.core.i18n import _
from willay.core.reference import fieldsets

PREFIX = "x."
_NAMESPACE = uuid.UUID("6b5e7f0e-2f4b-5b1c-9a57-77696c6c6179")
_REF = re.compile(r"^([a-z0-9][a-z0-9-]{1,62}[a-z0-9])@([1-9][0-9]{0,8})$")
_KEY = re.compile(r"^x\.[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
PART_KEYS = ("of", "of_kind", "sensitivity", "fieldset")


def fieldset_record_id(set_id: str) -> str:
    """Return the record id of the field set ``set_id``: the same in every vault."""
    return str(uuid.uuid5(_NAMESPACE, f"fieldset:{set_id}"))


def part_id(record_id: str, sensitivity: str) -> str:
    """Return the id of the part of ``record_id`` that holds values of ``sensitivity``."""
    return str(uuid.uuid5(_NAMESPACE, f"custom:{record_id}:{sensitivity}"))


def reference(set_id: str, version: int) -> str:
    """Return how a part names the field set version it was written with: ``id@version``."""
    return f"{set_id}@{version}"


def parse_reference(value: Any) -> tuple[str, int]:
    """Return ``(set id, version)`` of an ``id@version`` reference."""
    match = _REF.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValidationError(_("{value} does not name a field set version (its id, @ and "
                                "its number).").format(value=repr(value)))
    return match[1], int(match[2])


def values_of(fields: dict[str, Any]) -> dict[str, Any]:
    """Return the values a part holds, by field key (without the ``x.`` of its fields)."""
    return {key[len(PREFIX):]: value for key, value in fields.items()
            if key.startswith(PREFIX)}


def normalize_part(fields: dict[str, Any]) -> dict[str, Any]:
    """Check the form of a part (its values are checked against its field set elsewhere)."""
    record_id = fields.get("of")
    if not isinstance(record_id, str) or not _UUID.match(record_id):
        raise ValidationError(_("The organization's fields name no record they belong to."))
    kind = fields.get("of_kind")
    if kind not in fieldsets.KINDS:
        raise ValidationError(_("The organization's fields belong to an incident, a person "
                                "or a testimony, not to {kind}.").format(kind=repr(kind)))
    sensitivity = fields.get("sensitivity")
    if sensitivity not in fieldsets.SENSITIVITIES:
        raise ValidationError(_("Unknown sensitivity {value}; use one of: {choices}.").format(
            value=repr(sensitivity), choices=", ".join(fieldsets.SENSITIVITIES)))
    parse_reference(fields.get("fieldset"))
    out: dict[str, Any] = {name: fields[name] for name in PART_KEYS}
    for key, value in fields.items():
        if key in PART_KEYS:
            continue
        if not _KEY.match(key) or value is None:
            raise ValidationError(_("{key} is not a field of an organization's field set."
                                    ).format(key=repr(key)))
        out[key] = value
    return out


def normalize_fieldset(fields: dict[str, Any]) -> dict[str, Any]:
    """Check a field set version; a type from a newer Willay is kept as it came."""
    return fieldsets.parse(fields, received=True).as_fields()


_CODED = ("choose_one", "choose_many", "vocabulary", "yes_no")
_WORDS = ("text", "long_text")


def _words_of(entry: fieldsets.Field, value: Any) -> list[str]:
    if entry.type in _WORDS and isinstance(value, str):
        return [value]
    if entry.type == "group" and isinstance(value, list):
        found = []
        for row in value:
            for column in entry.columns:
                if isinstance(row, dict) and column.key in row:
                    found += _words_of(column, row[column.key])
        return found
    return []


def searchable(fieldset: fieldsets.FieldSet | None, values: dict[str, Any]) -> str:
    """Return the words of a part's text values (and of the text columns of its groups)."""
    if fieldset is None:
        return ""
    words: list[str] = []
    for key, value in values.items():
        entry = fieldset.get(key)
        if entry is not None:
            words += _words_of(entry, value)
    return "\n".join(w for w in words if w)


def coded(fieldset: fieldsets.FieldSet | None, values: dict[str, Any]
          ) -> list[tuple[str, str]]:
    """Return ``(key, code)`` of a part's choices, yes/no answers and vocabulary codes."""
    if fieldset is None:
        return []
    out = []
    for key, value in values.items():
        entry = fieldset.get(key)
        if entry is None or entry.type not in _CODED:
            continue
        if entry.type == "yes_no" and isinstance(value, bool):
            out.append((key, "yes" if value else "no"))
        elif isinstance(value, str):
            out.append((key, value))
        elif isinstance(value, list):
            out += [(key, code) for code in value if isinstance(code, str)]
    return out
