"""An organization's fields in the Uwazi export: template properties, thesauri, columns.

Each incident field becomes a property of the Incident template, named by the field's
key: choices (and yes/no, and Willay lists) a Select or Multiple select whose thesaurus
is named after the field, with its labels in Spanish and English; long text and tables
a Rich text in both languages; dates a Date or Date range; points a Geolocation. An
event takes each value from its earliest record that has one; choose-many joins every
choice any of its records gives, in the order of the field's list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from willay.core.reference.dates import from_fields
from willay.core.reference.fieldset_text import shown
from willay.core.reference.fieldsets import Field, FieldSet, label_in
from willay.core.reports.counts import Event
from willay.core.reports.custom_fields import Column, CustomTable

SEPARATOR = "|"
_SELECT = ("choose_one", "yes_no", "vocabulary")
_BOTH_LANGUAGES = ("long_text", "group", "choose_one", "choose_many", "yes_no", "vocabulary")
_TYPES = {"text": "Text", "reference": "Text", "integer": "Numeric", "decimal": "Numeric",
          "long_text": "Rich text (markdown)", "group": "Rich text (markdown)",
          "date": "Date", "date_range": "Date range", "point": "Geolocation",
          "choose_one": "Select", "yes_no": "Select", "vocabulary": "Select",
          "choose_many": "Multiple select"}


@dataclass(frozen=True)
class Property:
    """A property to add to Uwazi's Incident template for one organization field."""

    name: str
    type: str
    label_es: str
    label_en: str
    thesaurus: str


def properties(custom: CustomTable) -> list[Property]:
    """Return the template properties the export's organization columns need."""
    out = []
    for column in custom.columns:
        entry = column.entry
        thesaurus = label_in(entry.labels, "es") if entry.type in (*_SELECT,
                                                                   "choose_many") else ""
        out.append(Property(entry.key, _TYPES[entry.type], label_in(entry.labels, "es"),
                            label_in(entry.labels, "en"), thesaurus))
    return out


def headers(custom: CustomTable) -> list[str]:
    """Return the CSV columns of the organization fields, after the fixed ones."""
    out = []
    for column in custom.columns:
        if column.entry.type in _BOTH_LANGUAGES:
            out += [f"{column.entry.key}__es", f"{column.entry.key}__en"]
        else:
            out.append(column.entry.key)
    return out


def _first(column: Column, custom: CustomTable, event: Event) -> Any:
    for member in event.members:
        held = custom.values.get(member.id, {}).get(column.fieldset.id, {})
        if column.entry.key in held:
            return held[column.entry.key]
    return None


def _choices(column: Column, custom: CustomTable, event: Event) -> list[str]:
    """Every choice any record of the event gives, in the order of the set's list."""
    codes: set[str] = set()
    for member in event.members:
        held = custom.values.get(member.id, {}).get(column.fieldset.id, {})
        codes.update(held.get(column.entry.key, []))
    order = [c.code for c in column.fieldset.choices(column.entry.list_name)]
    return sorted(codes, key=lambda code: (order.index(code) if code in order
                                           else len(order), code))


def _date(value: Any) -> str:
    span = from_fields(dict(value))
    return span.start.isoformat()


def _in_words(fieldset: FieldSet, entry: Field, value: Any, lang: str) -> str:
    """A value in words for a language column; a thesaurus label never holds the ``|``
    that separates several."""
    if value is None or value == []:
        return ""
    if entry.type == "choose_many":
        return SEPARATOR.join(shown(fieldset, entry, [code], lang).replace(SEPARATOR, "/")
                              for code in value)
    words = shown(fieldset, entry, value, lang)
    return words if entry.type in ("long_text", "group") else words.replace(SEPARATOR, "/")


def cells(custom: CustomTable, event: Event) -> list[str]:
    """Return one event's cells for the organization columns, in :func:`headers` order."""
    out = []
    for column in custom.columns:
        entry, fieldset = column.entry, column.fieldset
        value: Any = _choices(column, custom, event) if entry.type == "choose_many" \
            else _first(column, custom, event)
        if entry.type in _BOTH_LANGUAGES:
            out += [_in_words(fieldset, entry, value, lang) for lang in ("es", "en")]
        elif value is None:
            out.append("")
        elif entry.type == "date":
            out.append(_date(value))
        elif entry.type == "date_range":
            first = from_fields(dict(value["from"]))
            last = from_fields(dict(value["to"]))
            out.append(f"{first.start.isoformat()}:{last.end.isoformat()}")
        elif entry.type == "point":
            out.append(f"{value['latitude']}{SEPARATOR}{value['longitude']}")
        else:
            out.append(str(value))
    return out
