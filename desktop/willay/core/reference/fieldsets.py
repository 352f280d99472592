"""Field sets: an organization's own questions for incidents, people and testimonies.

A field set is a versioned list of extra fields. Each field has a stable key (never
reused), a type, labels and help in Spanish and English (and Quechua or Aymara where
given), whether it is required, and a sensitivity: the consent scope a value needs before
it may leave the vault. Choices come from the set's own lists (stable codes, labelled).

A version is never edited once made. The next version keeps every field and every choice
of the one before (a field or a choice may only be deprecated, or its words corrected)
and may add new ones: :func:`successor_problems` says what a proposed version breaks.

A field of a type this Willay does not know (written by a newer one) is kept as it came,
``known`` false, and its values are shown read-only, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from willay.core.errors import ValidationError
from willay.core.i18n import _

FORMAT = "willay-fieldset/1"
LANGUAGES = ("es", "en", "qu", "ay")
KINDS = ("incident", "person", "testimony")
SENSITIVITIES = ("internal", "partners", "legal", "public")
TYPES = ("text", "long_text", "integer", "decimal", "yes_no", "date", "date_range",
         "choose_one", "choose_many", "vocabulary", "reference", "point", "group", "section")
COLUMN_TYPES = tuple(t for t in TYPES if t not in ("group", "section"))
REFERENCE_TARGETS = ("person", "incident", "testimony")
GAZETTEER = "gazetteer"

_KEY_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")
_MAX_FIELDS = 500


def _labels(value: Any, where: str, *, required: bool = True) -> dict[str, str]:
    if value is None and not required:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError(_("{where}: the labels must name a language and its words, "
                                "for example es and en.").format(where=where))
    out = {}
    for lang, text in value.items():
        if lang not in LANGUAGES or not isinstance(text, str):
            raise ValidationError(_("{where}: labels are given in es, en, qu or ay, as "
                                    "words; {lang} is not one of them.").format(
                where=where, lang=repr(lang)))
        if text.strip():
            out[lang] = text.strip()
    if required and not {"es", "en"} <= out.keys():
        raise ValidationError(_("{where}: a label in Spanish (es) and in English (en) is "
                                "needed.").format(where=where))
    return out


def label_in(labels: Mapping[str, str], lang: str) -> str:
    """Return the words of ``labels`` in ``lang``, else Spanish, else English."""
    return labels.get(lang) or labels.get("es") or labels.get("en") or ""


@dataclass(frozen=True)
class Choice:
    """One choice of a field set's list: a stable code and its labels."""

    code: str
    labels: Mapping[str, str] = field(hash=False)
    deprecated: bool = False

    def as_fields(self) -> dict[str, Any]:
        """Return the choice as the field set's document writes it."""
        return {"code": self.code, "labels": dict(self.labels), "deprecated": self.deprecated}


@dataclass(frozen=True)
class Field:
    """One field of a field set (or one column of a group)."""

    key: str
    type: str
    labels: Mapping[str, str] = field(hash=False)
    applies_to: str = ""
    help: Mapping[str, str] = field(default_factory=dict, hash=False)
    required: bool = False
    sensitivity: str = "partners"
    deprecated: bool = False
    list_name: str = ""
    vocabulary: str = ""
    target: str = ""
    columns: tuple[Field, ...] = ()
    raw: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def known(self) -> bool:
        """Whether this Willay knows the field's type (else it is kept and shown as is)."""
        return self.type in TYPES

    @property
    def holds_value(self) -> bool:
        """Whether the field takes a value (a section heading does not)."""
        return self.type != "section"

    def as_fields(self) -> dict[str, Any]:
        """Return the field as the field set's document writes it."""
        if not self.known:
            return dict(self.raw)
        out: dict[str, Any] = {"key": self.key, "type": self.type, "labels": dict(self.labels)}
        if self.applies_to:
            out["for"] = self.applies_to
        if self.help:
            out["help"] = dict(self.help)
        if self.holds_value:
            out["required"] = self.required
            out["sensitivity"] = self.sensitivity
        out["deprecated"] = self.deprecated
        for name, value in (("list", self.list_name), ("vocabulary", self.vocabulary),
                            ("target", self.target)):
            if value:
                out[name] = value
        if self.type == "group":
            out["columns"] = [c.as_fields() for c in self.columns]
        return out


@dataclass(frozen=True)
class FieldSet:
    """One version of an organization's field set."""

    id: str
    version: int
    organization: str
    labels: Mapping[str, str] = field(hash=False)
    lists: Mapping[str, tuple[Choice, ...]] = field(hash=False)
    fields: tuple[Field, ...]

    def for_kind(self, kind: str) -> list[Field]:
        """Return the fields of incidents, people or testimonies, in their order."""
        return [f for f in self.fields if f.applies_to == kind]

    def get(self, key: str) -> Field | None:
        """Return the field named ``key``, or None."""
        return next((f for f in self.fields if f.key == key), None)

    def choices(self, list_name: str) -> tuple[Choice, ...]:
        """Return the choices of one of the set's lists."""
        return self.lists.get(list_name, ())

    def as_fields(self) -> dict[str, Any]:
        """Return the version as its document: what a record of kind ``fieldset`` holds."""
        return {
            "format": FORMAT, "id": self.id, "version": self.version,
            "organization": self.organization, "labels": dict(self.labels),
            "lists": {name: [c.as_fields() for c in choices]
                      for name, choices in sorted(self.lists.items())},
            "fields": [f.as_fields() for f in self.fields],
        }


def _flag(entry: Mapping[str, Any], name: str, where: str) -> bool:
    value = entry.get(name, False)
    if not isinstance(value, bool):
        raise ValidationError(_("{where}: {name} is true or false.").format(
            where=where, name=name))
    return value


def _choices(name: str, entries: Any) -> tuple[Choice, ...]:
    where = _("list {name}").format(name=name)
    if not _KEY_RE.match(name) or not isinstance(entries, list) or not entries:
        raise ValidationError(_("{where}: a list has a name in lower-case letters, digits "
                                "and _, and at least one choice.").format(where=where))
    out: list[Choice] = []
    for entry in entries:
        code = entry.get("code") if isinstance(entry, Mapping) else None
        here = f"{where}, {code!r}"
        if not isinstance(code, str) or not _KEY_RE.match(code):
            raise ValidationError(_("{where}: each choice has a code in lower-case letters, "
                                    "digits and _.").format(where=here))
        if any(c.code == code for c in out):
            raise ValidationError(_("{where}: the code appears twice.").format(where=here))
        out.append(Choice(code, _labels(entry.get("labels"), here),
                          _flag(entry, "deprecated", here)))
    return tuple(out)


def _field(entry: Any, lists: Mapping[str, tuple[Choice, ...]], *, column: bool = False,
           received: bool = False) -> Field:
    if not isinstance(entry, Mapping):
        raise ValidationError(_("Each field is described by its key, type and labels."))
    key = entry.get("key")
    if not isinstance(key, str) or not _KEY_RE.match(key):
        raise ValidationError(_("The field key {key} is not valid: use lower-case letters, "
                                "digits and _, starting with a letter.").format(key=repr(key)))
    where = _("field {key}").format(key=key)
    kind = entry.get("type")
    applies_to = "" if column else entry.get("for")
    if not column and applies_to not in KINDS:
        raise ValidationError(_("{where}: say whether it is for an incident, a person or a "
                                "testimony (for).").format(where=where))
    if kind not in TYPES:
        if received and isinstance(kind, str):
            return Field(key, kind, _labels(entry.get("labels"), where, required=False),
                         applies_to or "", raw=dict(entry))
        raise ValidationError(_("{where}: the type {type} is not known; use one of: "
                                "{types}.").format(where=where, type=repr(kind),
                                                   types=", ".join(TYPES)))
    if column and kind not in COLUMN_TYPES:
        raise ValidationError(_("{where}: a column of a group cannot be a {type}.").format(
            where=where, type=kind))
    sensitivity = entry.get("sensitivity", "partners")
    if sensitivity not in SENSITIVITIES:
        raise ValidationError(_("{where}: the sensitivity is one of {choices}.").format(
            where=where, choices=", ".join(SENSITIVITIES)))
    extra: dict[str, Any] = {}
    if kind in ("choose_one", "choose_many"):
        chosen_from = entry.get("list")
        if chosen_from not in lists:
            raise ValidationError(_("{where}: it chooses from the list {list}, which the field "
                                    "set does not have.").format(where=where,
                                                                 list=repr(chosen_from)))
        extra["list_name"] = chosen_from
    elif kind == "vocabulary":
        extra["vocabulary"] = _vocabulary_name(entry.get("vocabulary"), where)
    elif kind == "reference":
        extra["target"] = entry.get("target")
        if extra["target"] not in REFERENCE_TARGETS:
            raise ValidationError(_("{where}: a reference points to a person, an incident or "
                                    "a testimony (target).").format(where=where))
    elif kind == "group":
        columns = entry.get("columns")
        if not isinstance(columns, list) or not columns:
            raise ValidationError(_("{where}: a group needs its columns.").format(where=where))
        parsed = tuple(_field(c, lists, column=True, received=received) for c in columns)
        _unique([c.key for c in parsed], where)
        extra["columns"] = parsed
    return Field(key, kind, _labels(entry.get("labels"), where), applies_to or "",
                 _labels(entry.get("help"), where, required=False),
                 _flag(entry, "required", where), sensitivity,
                 _flag(entry, "deprecated", where), **extra)


def _vocabulary_name(name: Any, where: str) -> str:
    from willay.core.reference.vocabularies import vocabulary_names

    if name == GAZETTEER or name in vocabulary_names():
        return str(name)
    raise ValidationError(_("{where}: {name} is not a Willay vocabulary; use one of: "
                            "{names}.").format(where=where, name=repr(name),
                                               names=", ".join([*vocabulary_names(), GAZETTEER])))


def _unique(keys: list[str], where: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise ValidationError(_("{where}: the key {key} appears twice; each field has a "
                                    "key of its own.").format(where=where, key=key))
        seen.add(key)


def parse(data: Any, *, received: bool = False) -> FieldSet:
    """Check a field set document and return it.

    ``received`` is for a version that came in a bundle: a field of a type this Willay does
    not know is kept as it is instead of refused.
    """
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise ValidationError(_("This is not a Willay field set (the format is not "
                                "{format}).").format(format=FORMAT))
    ident = data.get("id")
    if not isinstance(ident, str) or not _ID_RE.match(ident):
        raise ValidationError(_("The field set needs an id of 3 to 64 lower-case letters, "
                                "digits and dashes, for example red-sur-registro."))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValidationError(_("The field set's version is a whole number from 1."))
    organization = data.get("organization")
    if not isinstance(organization, str) or not organization.strip():
        raise ValidationError(_("The field set names the organization that made it."))
    raw_lists = data.get("lists", {})
    if not isinstance(raw_lists, Mapping):
        raise ValidationError(_("The lists of a field set are named lists of choices."))
    lists = {name: _choices(name, entries) for name, entries in raw_lists.items()}
    raw_fields = data.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise ValidationError(_("The field set has no fields."))
    if len(raw_fields) > _MAX_FIELDS:
        raise ValidationError(_("A field set holds at most {count} fields.").format(
            count=_MAX_FIELDS))
    fields = tuple(_field(entry, lists, received=received) for entry in raw_fields)
    _unique([f.key for f in fields], _("field set {id}").format(id=ident))
    return FieldSet(ident, version, organization.strip(),
                    _labels(data.get("labels"), _("field set {id}").format(id=ident)),
                    lists, fields)


def _field_problems(old: Field, new: Field | None, where: str) -> list[str]:
    if new is None:
        return [_("{where} is missing: a field is deprecated, never removed.").format(
            where=where)]
    problems = []
    aspects = {"type": _("type"), "applies_to": _("kind of record"), "list_name": _("list"),
               "vocabulary": _("vocabulary"), "target": _("kind of record it points to")}
    for name, what in aspects.items():
        if getattr(old, name) != getattr(new, name):
            problems.append(_("{where} changes its {what} from {old} to {new}; a field keeps "
                              "its meaning (add a new field instead).").format(
                where=where, what=what, old=repr(getattr(old, name)),
                new=repr(getattr(new, name))))
    if old.deprecated and not new.deprecated:
        problems.append(_("{where} was deprecated and cannot come back; add a new field.")
                        .format(where=where))
    if not old.known:
        return problems
    columns = {c.key: c for c in new.columns}
    for column in old.columns:
        problems += _field_problems(column, columns.get(column.key),
                                    f"{where} / {column.key}")
    return problems


def successor_problems(old: FieldSet, new: FieldSet) -> list[str]:
    """Return what keeps ``new`` from being the next version of ``old`` (empty if none)."""
    problems = []
    if new.id != old.id:
        problems.append(_("The field set {new} is not a version of {old}.").format(
            new=new.id, old=old.id))
    if new.version != old.version + 1:
        problems.append(_("The next version of {id} is {expected}, not {given}.").format(
            id=old.id, expected=old.version + 1, given=new.version))
    for old_field in old.fields:
        where = _("The field {key}").format(key=old_field.key)
        problems += _field_problems(old_field, new.get(old_field.key), where)
    for name, choices in old.lists.items():
        kept = {c.code: c for c in new.lists.get(name, ())}
        for choice in choices:
            if choice.code not in kept:
                problems.append(_("The choice {code} of the list {list} is missing: a "
                                  "choice is deprecated, never removed.").format(
                    code=choice.code, list=name))
            elif choice.deprecated and not kept[choice.code].deprecated:
                problems.append(_("The choice {code} of the list {list} was deprecated and "
                                  "cannot come back.").format(code=choice.code, list=name))
    return problems
