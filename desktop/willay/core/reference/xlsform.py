"""A form made for ODK (an XLSForm workbook) turned into a Willay field set.

Questions become fields in their order, lists of choices the set's lists (those used), a
group a section heading (its questions stay in line), a repeat a group field whose columns
are the questions inside. Questions of types Willay does not hold (photos, sound, times,
lines on a map...) are named and refused, or left out when asked. A label in only one of
Spanish and English is copied into the other, and the person importing is told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from willay.core.errors import ValidationError
from willay.core.i18n import _
from willay.core.reference import fieldsets
from willay.core.reference.fieldsets import _ID_RE, _KEY_RE
from willay.core.reference.xlsx import Header, Row, Sheet, language, read_sheets
from willay.core.text import fold

SURVEY, CHOICES, SETTINGS, TYPE, NAME = "survey", "choices", "settings", "type", "name"
MAX_ROWS = 2000
MAPPED = ("text", "integer", "decimal", "date", "select_one", "select_multiple", "geopoint",
          "note", "acknowledge", "begin group", "begin repeat")
"""The XLSForm types that become Willay fields."""

_IGNORED = frozenset({"start", "end", "today", "deviceid", "subscriberid", "simserial",
                      "phonenumber", "username", "email", "audit", "calculate", "hidden",
                      "start-geopoint"})
_SIMPLE = {"text": "text", "string": "text", "integer": "integer", "int": "integer",
           "decimal": "decimal", "date": "date", "geopoint": "point", "note": "section",
           "acknowledge": "yes_no"}
_SELECT_RE = re.compile(r"^select[_ ](one|multiple) (\S+)$")
_BEGIN = {f"begin{sep}{kind}": kind for sep in " _" for kind in ("group", "repeat")}
_END = {f"end{sep}{kind}": kind for sep in " _" for kind in ("group", "repeat")}
_TRUE = frozenset({"yes", "true", "true()", "1"})
_YES_NO = ({"yes", "no"}, {"si", "no"})


@dataclass(frozen=True)
class Left:
    """One question the import could not take: its name, its type as written, its row."""

    name: str
    type: str
    row: int


@dataclass(frozen=True)
class Workbook:
    """What a workbook gave: the field set's document, what was left out, what to know."""

    document: dict[str, Any]
    left_out: list[Left]
    notes: list[str]


def _key(name: str) -> str:
    """A question's or choice's name as a Willay key: lower-case, with _ for - . and space."""
    return re.sub(r"[-. ]", "_", name.strip().lower())


class _Notes:
    """Labels copied from one language to another, or taken from a name, for the notes."""

    def __init__(self) -> None:
        self.copied: set[str] = set()
        self.named = False

    def labels(self, words: dict[str, str], fallback: str) -> dict[str, str]:
        """Labels with Spanish and English, copied or (when there are none) ``fallback``."""
        out = self.help(words)
        if not out:
            out = {"es": fallback, "en": fallback}
            self.named = True
        return out

    def help(self, words: dict[str, str]) -> dict[str, str]:
        """Words with Spanish and English, one copied from the other (empty stays empty)."""
        out = dict(words)
        for have, lacks in (("es", "en"), ("en", "es")):
            if have in out and lacks not in out:
                out[lacks] = out[have]
                self.copied.add(have)
        if out and "es" not in out:
            out["es"] = out["en"] = out.get("qu") or out["ay"]
            self.copied.add("other")
        return out

    def texts(self) -> list[str]:
        """One note for the labels copied (if any), one for the names used as labels."""
        out = []
        if self.copied == {"es"}:
            out.append(_("Some labels were only in Spanish; they were copied for English. "
                         "Correct them in the form editor."))
        elif self.copied == {"en"}:
            out.append(_("Some labels were only in English; they were copied for Spanish. "
                         "Correct them in the form editor."))
        elif self.copied:
            out.append(_("Some labels were in only one language; they were copied into the "
                         "others. Correct them in the form editor."))
        if self.named:
            out.append(_("Some questions or choices had no label; their names were used "
                         "instead. Correct them in the form editor."))
        return out


@dataclass
class _Frame:
    """A group or repeat still open while the survey sheet is read."""

    kind: str  # group, repeat, or dropped (a group or repeat inside a repeat)
    applies_to: str
    sensitivity: str
    repeat: dict[str, Any] | None = None
    keys: dict[str, int] = field(default_factory=dict)
    left: Left | None = None


def _where(row: int) -> str:
    return _("The survey sheet, row {row}").format(row=row)


def _choice_where(row: int) -> str:
    return _("The choices sheet, row {row}").format(row=row)


def _bad_name(where: str, name: str) -> ValidationError:
    return ValidationError(_("{where}: the name {name} cannot be used. Use letters without "
                             "accents, digits and _, starting with a letter (for example "
                             "first_name).").format(where=where, name=repr(name)))


_Choices = dict[str, list[tuple[int, str, dict[str, str]]]]


def _choices(sheet: Sheet, default: str | None) -> _Choices:
    """The choices sheet's rows by list: each choice's row, name and labels."""
    if not sheet:
        return {}
    header = Header(sheet[0][1], default)
    lists: _Choices = {}
    for number, cells in sheet[1:]:
        list_name = header.get(cells, "list_name")
        name = header.get(cells, NAME)
        if not list_name:
            continue
        if not name:
            raise ValidationError(_("{where}: a choice of the list {list} has no name.").format(
                where=_choice_where(number), list=list_name))
        lists.setdefault(_key(list_name), []).append(
            (number, name, header.words(cells, "label")))
    return lists


class _Reader:
    """The survey sheet read row by row into fields, with what it left out."""

    def __init__(self, survey: Sheet, choices: Sheet | None, default: str | None,
                 applies_to: str) -> None:
        self.header = Header(survey[0][1], default)
        self.lists = _choices(choices or [], default)
        self.applies_to = applies_to
        self.fields: list[dict[str, Any]] = []
        self.left: list[Left] = []
        self.keys: dict[str, int] = {}
        self.used: list[str] = []
        self.stack: list[_Frame] = []
        self.notes = _Notes()
        self.numbered = False

    def read(self, rows: Sheet) -> None:
        """Read the rows after the header, then close what is still open."""
        for number, cells in rows:
            self.row(number, cells)
        while self.stack:
            self.close(self.stack.pop())

    def row(self, number: int, cells: Row) -> None:
        written = " ".join(self.header.get(cells, TYPE).split())
        kind = written.lower()
        if not kind:
            return
        top = self.stack[-1] if self.stack else None
        if kind in _END:
            if top is None or top.kind not in (_END[kind], "dropped"):
                raise ValidationError(_("{where}: this end of a group or repeat has no "
                                        "matching beginning.").format(where=_where(number)))
            self.close(self.stack.pop())
            return
        dropped = top is not None and top.kind == "dropped"
        if dropped and kind in _BEGIN:
            self.stack.append(_Frame("dropped", "", ""))
        if dropped or kind in _IGNORED:
            return
        name = self.header.get(cells, NAME)
        in_repeat = top is not None and top.kind == "repeat"
        if kind in _BEGIN and in_repeat:
            self.stack.append(_Frame("dropped", "", "", left=Left(name, written, number)))
            return
        if kind in _BEGIN and _BEGIN[kind] == "group" and \
                not self.header.words(cells, "label"):
            self.stack.append(_Frame("group", *self.overrides(_where(number), cells)))
            return  # a group without a label gives no heading
        mapped = self.mapped(kind, number, name)
        if mapped is None or (in_repeat and mapped[0] == "section"):
            self.left.append(Left(name, written, number))
            return
        entry = self.entry(number, cells, name, mapped, column=in_repeat)
        if top is not None and top.repeat is not None:
            self.unique(entry["key"], number, top.keys)
            top.repeat["columns"].append(entry)
        else:
            self.unique(entry["key"], number, self.keys)
            self.fields.append(entry)
        if kind in _BEGIN:
            self.stack.append(_Frame(_BEGIN[kind], *self.overrides(_where(number), cells),
                                     entry if _BEGIN[kind] == "repeat" else None,
                                     left=Left(name, written, number)))

    def mapped(self, kind: str, number: int, name: str) -> tuple[str, str] | None:
        """The Willay type (and list) of an XLSForm type, or None when it does not map."""
        if kind in _BEGIN:
            return ("section" if _BEGIN[kind] == "group" else "group"), ""
        if kind in _SIMPLE:
            return _SIMPLE[kind], ""
        select = _SELECT_RE.match(kind)
        if select is None:
            return None
        list_name = _key(select.group(2))
        if list_name not in self.lists:
            raise ValidationError(_("{where}: the question {name} chooses from the list of "
                                    "choices {list}, which is not on the choices sheet.")
                                  .format(where=_where(number), name=name,
                                          list=select.group(2)))
        codes = [fold(choice_name).strip() for _r, choice_name, _c in self.lists[list_name]]
        if select.group(1) == "one" and len(codes) == 2 and set(codes) in _YES_NO:
            return "yes_no", ""
        if list_name not in self.used:
            self.used.append(list_name)
        return ("choose_one" if select.group(1) == "one" else "choose_many"), list_name

    def entry(self, number: int, cells: Row, name: str, mapped: tuple[str, str], *,
              column: bool) -> dict[str, Any]:
        """One field's document from its row."""
        where = _where(number)
        if not name:
            raise ValidationError(_("{where}: the question has no name; write one in the name "
                                    "column.").format(where=where))
        key = _key(name)
        if not _KEY_RE.match(key):
            raise _bad_name(where, name)
        kind, list_name = mapped
        if kind == "text" and "multiline" in self.header.get(cells, "appearance").lower():
            kind = "long_text"
        entry: dict[str, Any] = {
            "key": key, "type": kind,
            "labels": self.notes.labels(self.header.words(cells, "label"), name)}
        applies_to, sensitivity = self.overrides(where, cells)
        if not column:
            entry["for"] = applies_to
        if help_words := self.notes.help(self.header.words(cells, "hint")):
            entry["help"] = help_words
        if kind not in ("section", "group"):
            required = self.header.get(cells, "required").lower().replace(" ", "")
            entry["required"] = required in _TRUE
        if sensitivity and kind != "section":
            entry["sensitivity"] = sensitivity
        if list_name:
            entry["list"] = list_name
        if kind == "group":
            entry["columns"] = []
        return entry

    def overrides(self, where: str, cells: Row) -> tuple[str, str]:
        """The row's willay::for and willay::sensitivity, checked, else its group's."""
        found = []
        for column, allowed, refusal in (
                ("willay::for", fieldsets.KINDS, _("{where}: {value} is not a kind of record; "
                 "write incident, person or testimony in the willay::for column.")),
                ("willay::sensitivity", fieldsets.SENSITIVITIES, _("{where}: {value} is not a "
                 "sensitivity; write internal, partners, legal or public in the "
                 "willay::sensitivity column."))):
            value = self.header.get(cells, column).lower()
            if value and value not in allowed:
                raise ValidationError(refusal.format(where=where, value=repr(value)))
            found.append(value)
        top = self.stack[-1] if self.stack else None
        return (found[0] or (top.applies_to if top else self.applies_to),
                found[1] or (top.sensitivity if top else ""))

    def unique(self, key: str, number: int, keys: dict[str, int]) -> None:
        if key in keys:
            raise ValidationError(_("The survey sheet, rows {first} and {second}: two "
                                    "questions are named {name}; each question needs a name "
                                    "of its own.").format(first=keys[key], second=number, name=key))
        keys[key] = number

    def close(self, frame: _Frame) -> None:
        """End a group or repeat; a repeat left with no columns is left out itself."""
        empty = frame.repeat is not None and not frame.repeat["columns"]
        if empty and frame.repeat is not None:
            self.fields.remove(frame.repeat)
            del self.keys[frame.repeat["key"]]
        if (empty or frame.kind == "dropped") and frame.left is not None:
            self.left.append(frame.left)

    def built_lists(self) -> dict[str, list[dict[str, Any]]]:
        """The lists the fields choose from, each choice with its code and labels."""
        out: dict[str, list[dict[str, Any]]] = {}
        for list_name in self.used:
            entries = self.lists[list_name]
            if not _KEY_RE.match(list_name):
                raise _bad_name(_choice_where(entries[0][0]), list_name)
            seen: dict[str, int] = {}
            choices = []
            for number, name, words in entries:
                code = _key(name)
                if code[:1].isdigit():  # ODK forms often number their choices: 1, 2, 3
                    code = f"c_{code}"
                    self.numbered = True
                if not _KEY_RE.match(code):
                    raise _bad_name(_choice_where(number), name)
                if code in seen:
                    raise ValidationError(_("The choices sheet, rows {first} and {second}: the "
                                            "list {list} has two choices named {name}.").format(
                        first=seen[code], second=number, list=list_name, name=code))
                seen[code] = number
                choices.append({"code": code, "labels": self.notes.labels(words, name)})
            out[list_name] = choices
        return out


def _settings(sheet: Sheet | None) -> tuple[str, dict[str, str], str | None]:
    """The settings sheet's form_id, form_title and default language (es when none)."""
    if not sheet:
        return "", {}, "es"
    values = sheet[1][1] if len(sheet) > 1 else {}
    default_language = Header(sheet[0][1], None).get(values, "default_language")
    default = language(default_language) if default_language else "es"
    header = Header(sheet[0][1], default)
    return header.get(values, "form_id"), header.words(values, "form_title"), default


class UnmappedQuestions(ValidationError):
    """The form has questions of types Willay cannot take (each named in the message)."""


def _unmapped(left: list[Left]) -> ValidationError:
    questions = "; ".join(_("{name} (row {row}, {type})").format(
        name=item.name, row=item.row, type=item.type) for item in left)
    return UnmappedQuestions(_("These questions are of types Willay cannot take: {questions}. "
                             "It takes these types: {types}; a repeat holds only questions, "
                             "not groups, repeats or notes. Change or remove these questions "
                             "in the form, or import the rest without them.").format(
        questions=questions, types=", ".join(MAPPED)))


def read_workbook(path: Path, *, applies_to: str = "incident", organization: str = "",
                  version: int = 1, skip_unmapped: bool = False) -> Workbook:
    """Read the XLSForm workbook at ``path`` into a field set's document.

    Fields are for ``applies_to`` records unless a question's (or its group's) column
    ``willay::for`` says otherwise, and ``willay::sensitivity`` sets who may see a value;
    ``organization`` and ``version`` go into the document as given. Questions
    of types that do not map make the import fail, naming each with its row and type,
    unless ``skip_unmapped``: then they are returned in ``left_out``. Raises
    ValidationError, in words a person can act on, for a workbook that is not a form or
    does not hold together, and for a document :func:`fieldsets.parse` refuses.
    """
    sheets = read_sheets(path, (SURVEY, CHOICES, SETTINGS))
    survey = sheets.get(SURVEY)
    if survey is None:
        raise ValidationError(_("{file} has no survey sheet, so it is not a form made for "
                                "ODK (XLSForm).").format(file=path.name))
    if (count := len(survey) - 1) > MAX_ROWS:
        raise ValidationError(_("{file}: the survey sheet has {count} rows; a form can have "
                                "at most {limit}.").format(file=path.name, count=count,
                                                           limit=MAX_ROWS))
    form_id, title, default = _settings(sheets.get(SETTINGS))
    missing = [c for c in (TYPE, NAME) if not survey or c not in Header(survey[0][1], None).plain]
    if missing:
        raise ValidationError(_("{file}: the survey sheet has no {column} column.").format(
            file=path.name, column=missing[0]))
    reader = _Reader(survey, sheets.get(CHOICES), default, applies_to)
    reader.read(survey[1:])
    lists = reader.built_lists()
    if reader.left and not skip_unmapped:
        raise _unmapped(reader.left)
    ident = re.sub(r"[_. ]", "-", (form_id or path.stem).strip().lower())
    if not _ID_RE.match(ident):
        raise ValidationError(_("The form's id {id} cannot be used: it needs 3 to 64 "
                                "lower-case letters, digits and dashes, without accents. Write "
                                "one as form_id on the settings sheet, for example "
                                "red-sur-registro.").format(id=repr(form_id or path.stem)))
    named = form_id or path.stem
    labels = reader.notes.labels(title, named) if title else {"es": named, "en": named}
    document: dict[str, Any] = {
        "format": fieldsets.FORMAT, "id": ident, "version": version, "organization": organization,
        "labels": labels, "lists": lists, "fields": reader.fields}
    fieldsets.parse(document)
    notes = reader.notes.texts()
    if reader.numbered:
        notes.append(_("Choices named by numbers were given codes such as c_1; their "
                       "labels are as in the form."))
    return Workbook(document, sorted(reader.left, key=lambda item: item.row), notes)
