"""An organization field's value in words, as a list, a report or a detail view shows it.

Choices show their label in the language asked for, yes/no answers a word, vocabulary
codes their term, dates as documenters write them. A value of a type this Willay does
not know is shown as it came, read-only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from willay.core import i18n
from willay.core.canonical import canonical_json
from willay.core.errors import WillayError
from willay.core.reference import dates
from willay.core.reference.fieldsets import GAZETTEER, Field, FieldSet, label_in


def _date(value: Any) -> str:
    try:
        return dates.from_fields(dict(value)).label()
    except (WillayError, ValueError, KeyError, TypeError):
        return str(value)


def choice_label(fieldset: FieldSet, entry: Field, code: Any, lang: str) -> str:
    """Return the label of one choice of ``entry`` in ``lang`` (the code if unknown)."""
    for choice in fieldset.choices(entry.list_name):
        if choice.code == code:
            return label_in(choice.labels, lang) or str(code)
    return str(code)


def _term(entry: Field, code: Any, lang: str) -> str:
    try:
        if entry.vocabulary == GAZETTEER:
            from willay.core.reference.gazetteer import gazetteer

            found = gazetteer().get(str(code))
            return found.full_name if found else str(code)
        from willay.core.reference.vocabularies import vocabulary

        return vocabulary(entry.vocabulary).label(str(code), lang)
    except WillayError:
        return str(code)


def shown(fieldset: FieldSet, entry: Field, value: Any, lang: str,
          names: Mapping[str, str] | None = None) -> str:
    """Return ``value`` of ``entry`` in words, in ``lang`` where it has labels; a link to a
    record shows its name from ``names`` (record id → name) when given."""
    kind = entry.type
    if kind == "reference" and names and value in names:
        return names[value]
    if not entry.known:
        return value if isinstance(value, str) else canonical_json(value).decode()
    if kind in ("text", "long_text", "decimal", "reference"):
        return str(value)
    if kind == "integer" and isinstance(value, int):
        grouped = f"{value:,}"
        return grouped.replace(",", ".") if lang == "es" else grouped
    if kind == "yes_no":
        def _(message: str) -> str:  # the language asked for, not the program's
            return i18n.gettext_in(lang, message)

        return _("yes") if value is True else _("no")
    if kind == "date":
        return _date(value)
    if kind == "date_range" and isinstance(value, Mapping):
        return f"{_date(value.get('from'))} – {_date(value.get('to'))}"
    if kind == "choose_one":
        return choice_label(fieldset, entry, value, lang)
    if kind == "choose_many" and isinstance(value, list):
        return ", ".join(choice_label(fieldset, entry, code, lang) for code in value)
    if kind == "vocabulary":
        return _term(entry, value, lang)
    if kind == "point" and isinstance(value, Mapping):
        return f"{value.get('latitude')}, {value.get('longitude')}"
    if kind == "group" and isinstance(value, list):
        return " | ".join(row_in_words(fieldset, entry, row, lang) for row in value
                          if isinstance(row, Mapping))
    return str(value)


def row_in_words(fieldset: FieldSet, entry: Field, row: Mapping[str, Any], lang: str) -> str:
    """Return one row of a group as ``Name: Ana; Age: 19``."""
    parts = []
    for column in entry.columns:
        if column.key in row:
            parts.append(f"{label_in(column.labels, lang)}: "
                         f"{shown(fieldset, column, row[column.key], lang)}")
    return "; ".join(parts)


def described(fieldset: FieldSet, kind: str, values: Mapping[str, Any], lang: str,
              names: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """Return ``(label, value in words)`` of a record's values, in the set's order; links
    to records show the names ``names`` gives them.

    Section headings that head some value come as ``(label, "")``.
    """
    out: list[tuple[str, str]] = []
    heading: tuple[str, str] | None = None
    for entry in fieldset.for_kind(kind):
        if entry.type == "section":
            heading = (label_in(entry.labels, lang), "")
            continue
        if entry.key not in values:
            continue
        if heading is not None:
            out.append(heading)
            heading = None
        out.append((label_in(entry.labels, lang) or entry.key,
                    shown(fieldset, entry, values[entry.key], lang, names)))
    return out
