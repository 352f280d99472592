"""The values a record gives to its field set's fields: checked, and stored in one form.

Stored forms (what a revision holds):

- text, long text: the words; integer: a whole number; decimal: its digits as text
  ("12.5"), so no rounding creeps in; yes/no: true or false;
- date: the span and precision of a date as the documenter gave it (like an incident's
  occurrence); date range: ``{"from": date, "to": date}``;
- choose one: a code of the set's list; choose many: codes, each once, in the order given;
- vocabulary: a code of the Willay vocabulary (or an ubigeo of the gazetteer);
- reference: the id of a person, incident or testimony;
- point: ``{"latitude": "-15.49", "longitude": "-70.13"}``;
- group: a list of rows, each a mapping of column key to a value of that column.

An empty value is left out. A field of a type this Willay does not know keeps the value
it came with, untouched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from willay.core.errors import UnknownCodeError, ValidationError
from willay.core.i18n import _, current_language
from willay.core.reference import dates
from willay.core.reference.fieldsets import GAZETTEER, Field, FieldSet, label_in

MAX_TEXT = 100_000
MAX_LINE = 500
MAX_ROWS = 1000
_YES = {"yes", "y", "true", "1", "si", "sí", "s"}
_NO = {"no", "n", "false", "0"}
_ID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _name(entry: Field) -> str:
    return label_in(entry.labels, current_language()) or entry.key


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _text(entry: Field, value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError(_("{field}: write it as words.").format(field=_name(entry)))
    limit = MAX_TEXT if entry.type == "long_text" else MAX_LINE
    text = value.strip() if entry.type == "text" else value.rstrip()
    if entry.type == "text" and "\n" in text:
        raise ValidationError(_("{field}: one line only.").format(field=_name(entry)))
    if len(text) > limit:
        raise ValidationError(_("{field}: at most {count} characters.").format(
            field=_name(entry), count=limit))
    return text


def _integer(entry: Field, value: Any) -> int:
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,15}\s*", value):
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(_("{field}: a whole number, such as 3.").format(
            field=_name(entry)))
    return value


def _decimal(entry: Field, value: Any) -> str:
    try:
        number = Decimal(str(value).strip().replace(",", ".")) if not isinstance(
            value, bool) else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or len(str(value)) > 40:
        raise ValidationError(_("{field}: a number, such as 12.5.").format(field=_name(entry)))
    return format(number.normalize(), "f")


def _yes_no(entry: Field, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _YES or word in _NO:
        return word in _YES
    raise ValidationError(_("{field}: yes or no.").format(field=_name(entry)))


def _date(entry: Field, value: Any) -> dict[str, str]:
    try:
        if isinstance(value, Mapping) and "start" in value:
            return dates.from_fields(dict(value)).as_fields()
        if isinstance(value, str):
            return dates.parse_fuzzy(value).as_fields()
    except (ValidationError, ValueError, KeyError, TypeError):
        pass
    raise ValidationError(_("{field}: a date such as 2023-01-09, 2023-01 or ~2023.").format(
        field=_name(entry)))


def _date_range(entry: Field, value: Any) -> dict[str, dict[str, str]]:
    if isinstance(value, str) and "/" in value:
        first, last = value.split("/", 1)
        value = {"from": first, "to": last}
    if not isinstance(value, Mapping) or not {"from", "to"} <= value.keys():
        raise ValidationError(_("{field}: two dates, from and to, such as "
                                "2023-01-09/2023-02.").format(field=_name(entry)))
    span = {"from": _date(entry, value["from"]), "to": _date(entry, value["to"])}
    if span["to"]["end"] < span["from"]["start"]:
        raise ValidationError(_("{field}: the range ends before it begins.").format(
            field=_name(entry)))
    return span


def _code(entry: Field, value: Any, fieldset: FieldSet) -> str:
    codes = {c.code for c in fieldset.choices(entry.list_name)}
    if isinstance(value, str) and value.strip() in codes:
        return value.strip()
    raise UnknownCodeError(_("{field}: {value} is not one of its choices: {codes}.").format(
        field=_name(entry), value=repr(value), codes=", ".join(sorted(codes))))


def _codes(entry: Field, value: Any, fieldset: FieldSet) -> list[str]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValidationError(_("{field}: a list of choices.").format(field=_name(entry)))
    out: list[str] = []
    for item in items:
        code = _code(entry, item, fieldset)
        if code not in out:
            out.append(code)
    return out


def _vocabulary_code(entry: Field, value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError(_("{field}: a code.").format(field=_name(entry)))
    if entry.vocabulary == GAZETTEER:
        from willay.core.reference.gazetteer import gazetteer

        if gazetteer().get(value.strip()) is None:
            raise UnknownCodeError(_("{field}: {value} is not an ubigeo of the "
                                     "gazetteer.").format(field=_name(entry), value=repr(value)))
        return value.strip()
    from willay.core.reference.vocabularies import vocabulary

    return vocabulary(entry.vocabulary).check(value.strip())


def _reference(entry: Field, value: Any) -> str:
    if isinstance(value, str) and _ID_RE.match(value.strip().lower()):
        return value.strip().lower()
    targets = {"person": _("person"), "incident": _("incident"), "testimony": _("testimony")}
    raise ValidationError(_("{field}: the full id of a {target}.").format(
        field=_name(entry), target=targets.get(entry.target, entry.target)))


def _point(entry: Field, value: Any) -> dict[str, str]:
    if isinstance(value, str) and "," in value:
        first, second = value.split(",", 1)
        value = {"latitude": first, "longitude": second}
    if isinstance(value, Mapping):
        try:
            north = Decimal(str(value.get("latitude")).strip())
            east = Decimal(str(value.get("longitude")).strip())
        except InvalidOperation:
            north = east = Decimal("NaN")
        if north.is_finite() and east.is_finite() and abs(north) <= 90 and abs(east) <= 180:
            return {"latitude": format(north, "f"), "longitude": format(east, "f")}
    raise ValidationError(_("{field}: a latitude and a longitude in degrees, such as "
                            "-15.49, -70.13.").format(field=_name(entry)))


def _group(entry: Field, value: Any, fieldset: FieldSet) -> list[dict[str, Any]]:
    if not isinstance(value, list) or len(value) > MAX_ROWS:
        raise ValidationError(_("{field}: rows of its columns (at most {count}).").format(
            field=_name(entry), count=MAX_ROWS))
    rows = []
    for row in value:
        if not isinstance(row, Mapping):
            raise ValidationError(_("{field}: each row gives its columns.").format(
                field=_name(entry)))
        if all(_empty(v) for v in row.values()):
            continue  # a row left blank in a grid is no row
        checked = _check(list(entry.columns), row, fieldset, require=True)
        if checked:
            rows.append(checked)
    return rows


# The types whose value needs nothing but the field to be checked.
_SIMPLE: dict[str, Callable[[Field, Any], Any]] = {
    "text": _text, "long_text": _text, "integer": _integer, "decimal": _decimal,
    "yes_no": _yes_no, "date": _date, "date_range": _date_range,
    "vocabulary": _vocabulary_code, "reference": _reference, "point": _point}


def value(entry: Field, raw: Any, fieldset: FieldSet) -> Any:
    """Check one value of ``entry`` and return its stored form."""
    if not entry.known:
        return raw
    if entry.type in _SIMPLE:
        return _SIMPLE[entry.type](entry, raw)
    if entry.type == "choose_one":
        return _code(entry, raw, fieldset)
    if entry.type == "choose_many":
        return _codes(entry, raw, fieldset)
    if entry.type == "group":
        return _group(entry, raw, fieldset)
    raise ValidationError(_("{field} is a heading and takes no value.").format(
        field=_name(entry)))


def _check(entries: list[Field], values: Mapping[str, Any], fieldset: FieldSet, *,
           require: bool) -> dict[str, Any]:
    by_key = {f.key: f for f in entries if f.holds_value}
    unknown = sorted(set(values) - set(by_key))
    if unknown:
        raise ValidationError(_("The field set {id} has no field {keys}.").format(
            id=fieldset.id, keys=", ".join(unknown)))
    out: dict[str, Any] = {}
    for key, entry in by_key.items():
        raw = values.get(key)
        if _empty(raw):
            if require and entry.required and not entry.deprecated:
                raise ValidationError(_("{field} is required.").format(field=_name(entry)))
            continue
        checked = value(entry, raw, fieldset)
        if not _empty(checked):
            out[key] = checked
    return out


def check_values(fieldset: FieldSet, kind: str, values: Mapping[str, Any], *,
                 require: bool = True) -> dict[str, Any]:
    """Check the values a record of ``kind`` gives to its field set; return them stored.

    Raises ValidationError naming the field (by its label) whose value is wrong or
    missing (unless ``require`` is false, as for a draft), or the keys the field set does
    not have.
    """
    return _check(fieldset.for_kind(kind), values, fieldset, require=require)
