"""The cells of an Excel workbook (.xlsx), read with the standard library alone.

Only what a form needs: each sheet's cells as text, placed by their column letters, in
rows numbered as the spreadsheet shows them. Formulas give their last value, numbers
that are whole read without ".0", and styles, dates and pictures are not looked at.

A sheet's first row is read as its :class:`Header`, which knows the language of columns
named like ``label::English (en)`` (es, en, qu or ay, by code or by name).

A workbook comes from outside: every part is checked for its size before it is read
(and read no further than that), and a part that declares entities is refused.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

from willay.core.errors import ValidationError
from willay.core.i18n import _
from willay.core.text import fold

MAX_PART = 50 * 1024 * 1024
MAX_COLUMN = 16384  # XFD, the last column Excel has
_WORKBOOK = "xl/workbook.xml"
_RELS = "xl/_rels/workbook.xml.rels"
_STRINGS = "xl/sharedStrings.xml"
# What a damaged zip file can raise while it is opened or one of its parts read.
_BROKEN = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
           NotImplementedError, ValueError)
_CELL_RE = re.compile(r"^([A-Za-z]{1,3})(\d+)$")
_LANGUAGE_NAMES = {"es": ("es", "spa", "espanol", "spanish", "castellano"),
                   "en": ("en", "eng", "english", "ingles"),
                   "qu": ("qu", "que", "quz", "quy", "qxu", "quechua", "runasimi",
                          "runa simi", "kichwa", "quichua"),
                   "ay": ("ay", "aym", "ayr", "aymara", "aimara", "aymar")}
_CODE_IN_PARENTHESES = re.compile(r"\(\s*([a-z]{2,3})(?:[-_][a-z0-9]+)*\s*\)")

Row = dict[int, str]
"""The cells of one row that hold something: column number (1 for A) to text."""
Sheet = list[tuple[int, Row]]
"""A sheet's rows that hold something, in order, each with its number (1-based)."""


def _local(tag: str) -> str:
    """Return an element's or attribute's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> Iterable[ET.Element]:
    return (child for child in element if _local(child.tag) == name)


class _Parts:
    """The members of the workbook's zip file, read with care."""

    def __init__(self, archive: zipfile.ZipFile, path: Path) -> None:
        self.archive = archive
        self.file = path.name
        self.names = {info.filename: info for info in archive.infolist()}

    def damaged(self) -> ValidationError:
        return ValidationError(_("{file} is damaged: part of the workbook cannot be read. "
                                 "Open it in Excel or LibreOffice, save it again as .xlsx "
                                 "and try once more.").format(file=self.file))

    def xml(self, name: str) -> ET.Element | None:
        info = self.names.get(name)
        if info is None:
            return None
        too_large = _("{file} was not opened: one of its parts is larger than {size} MB "
                      "once unpacked, and a form is never this large.").format(
            file=self.file, size=MAX_PART // 2**20)
        if info.file_size > MAX_PART:
            raise ValidationError(too_large)
        try:
            with self.archive.open(info) as handle:
                data = handle.read(MAX_PART + 1)
        except _BROKEN as error:
            raise self.damaged() from error
        if len(data) > MAX_PART:
            raise ValidationError(too_large)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise self.damaged()
        try:
            return ET.fromstring(data)  # noqa: S314 - no DTD, so no entities to expand
        except ET.ParseError as error:
            raise self.damaged() from error


def _text(element: ET.Element) -> str:
    """The words of a shared or inline string: its <t>, or its rich-text runs joined."""
    direct = [t.text or "" for t in _children(element, "t")]
    if direct:
        return "".join(direct)
    return "".join(t.text or "" for run in _children(element, "r")
                   for t in _children(run, "t"))


def _number(value: str) -> str:
    """Write a whole number as a person typed it: "1", not "1.0" or "1E+0"."""
    try:
        number = float(value)
    except ValueError:
        return value
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return value


def _cell(cell: ET.Element, strings: list[str], parts: _Parts) -> str:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = next(iter(_children(cell, "is")), None)
        return "" if inline is None else _text(inline)
    value = next((v.text or "" for v in _children(cell, "v")), "")
    if kind == "s":
        try:
            return strings[int(value)]
        except (ValueError, IndexError) as error:
            raise parts.damaged() from error
    if kind == "b":
        return "TRUE" if value.strip() == "1" else "FALSE"
    if kind == "e":
        return ""
    return _number(value) if kind == "n" else value


def _column(reference: str | None, after: int) -> int:
    found = _CELL_RE.match(reference or "")
    if not found:
        return after + 1
    number = 0
    for letter in found.group(1).upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _sheet(root: ET.Element, strings: list[str], parts: _Parts) -> Sheet:
    rows: Sheet = []
    data = next(iter(_children(root, "sheetData")), None)
    number = 0
    for row in [] if data is None else _children(data, "row"):
        given = row.get("r", "")
        number = int(given) if given.isdigit() else number + 1
        cells: Row = {}
        column = 0
        for cell in _children(row, "c"):
            column = _column(cell.get("r"), column)
            if column > MAX_COLUMN:
                raise parts.damaged()
            text = _cell(cell, strings, parts).strip()
            if text:
                cells[column] = text
        if cells:
            rows.append((number, cells))
    return rows


def _not_a_workbook(path: Path) -> ValidationError:
    return ValidationError(_("{file} is not an Excel workbook (.xlsx). Save the form from "
                             "Excel or LibreOffice as .xlsx and try again.").format(
        file=path.name))


def read_sheets(path: Path, wanted: Iterable[str]) -> dict[str, Sheet]:
    """Return the ``wanted`` sheets of the workbook at ``path`` that it has.

    Sheet names are matched without regard to case or surrounding spaces; the answer is
    keyed by the wanted name as given (lower-case). Raises ValidationError when the file
    is not an .xlsx workbook, is damaged, or holds a part over 50 MB once unpacked.
    """
    want = {name.strip().lower() for name in wanted}
    try:
        archive = zipfile.ZipFile(path)
    except _BROKEN as error:
        raise _not_a_workbook(path) from error
    with archive:
        parts = _Parts(archive, path)
        book = parts.xml(_WORKBOOK)
        if book is None:
            raise _not_a_workbook(path)
        rels = parts.xml(_RELS)
        targets = {} if rels is None else {
            rel.get("Id", ""): rel.get("Target", "") for rel in _children(rels, "Relationship")}
        shared = parts.xml(_STRINGS)
        strings = [] if shared is None else [_text(si) for si in _children(shared, "si")]
        found: dict[str, Sheet] = {}
        sheets = next(iter(_children(book, "sheets")), None)
        for entry in [] if sheets is None else _children(sheets, "sheet"):
            name = entry.get("name", "").strip().lower()
            rel = next((v for k, v in entry.attrib.items() if _local(k) == "id" and "}" in k), "")
            if name not in want or name in found or rel not in targets:
                continue
            target = targets[rel]
            member = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join("xl", target))
            root = parts.xml(member)
            if root is None:
                raise parts.damaged()
            found[name] = _sheet(root, strings, parts)
        return found


def language(text: str) -> str | None:
    """Return es, en, qu or ay for a column's language ("English (en)", "Runasimi")."""
    folded = " ".join(fold(text).split())
    code = _CODE_IN_PARENTHESES.search(folded)
    candidates = [code.group(1)] if code else []
    bare = _CODE_IN_PARENTHESES.sub("", folded).strip()
    candidates += [bare, bare.replace("_", "-").split("-")[0]]
    for candidate in candidates:
        for lang, names in _LANGUAGE_NAMES.items():
            if candidate in names:
                return lang
    return None


class Header:
    """A sheet's first row: where each column is, and the language of the columns.

    A column without a language (``label``) is in ``default``, after any that has one.
    """

    def __init__(self, header: Row, default: str | None) -> None:
        self.plain: dict[str, int] = {}
        # name → language → (1 for a column without a language, column): marked ones first
        self.languages: dict[str, dict[str, list[tuple[int, int]]]] = {}
        for column, title in sorted(header.items()):
            base, marked, lang_text = title.partition("::")
            name = "_".join(fold(base).split())
            self.plain.setdefault(f"{name}::{fold(lang_text)}" if marked else name, column)
            lang = language(lang_text) if marked else default
            if lang is not None:
                by_lang = self.languages.setdefault(name, {}).setdefault(lang, [])
                by_lang.append((0 if marked else 1, column))

    def get(self, row: Row, name: str) -> str:
        """The text of the row's cell in the column ``name`` (empty when none)."""
        column = self.plain.get(name)
        return "" if column is None else row.get(column, "")

    def words(self, row: Row, name: str) -> dict[str, str]:
        """The row's ``name`` (label, hint...) in each language it is given in."""
        out = {lang: next((row[c] for _m, c in sorted(columns) if row.get(c)), "")
               for lang, columns in self.languages.get(name, {}).items()}
        return {lang: text for lang, text in out.items() if text}
