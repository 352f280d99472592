"""Every message the core and the command line can show exists in Spanish.

Three checks: the source hands every sentence it shows (an error's message, a line the
command line prints) to ``_()`` or ``ngettext()`` as a plain literal Babel can extract;
every extracted message has a Spanish form in the catalog with the same placeholders;
and the compiled catalog the program reads holds exactly those forms.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from babel.messages import mofile, pofile
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

from willay.core import i18n

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (ROOT / "desktop" / "willay" / "core", ROOT / "desktop" / "willay" / "cli")
PO = ROOT / "resources" / "locale" / "es" / "LC_MESSAGES" / "willay.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "ngettext": (1, 2)}
# Calls whose text arguments a person reads: error constructors and the CLI's printing;
# of the command line's parser, only the texts of its help.
SHOWN = re.compile(r"^(\w*Error|emit|print|table|counted|confirm|ask|prompt|input|getpass)$")
PARSER = {"add_argument", "add_parser", "ArgumentParser", "add_argument_group",
          "add_mutually_exclusive_group"}
HELP_KEYWORDS = {"help", "description", "epilog", "title"}
WORDS = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
# Names and symbols that read the same in both languages.
SAME_IN_BOTH = {"willay", "cli", "Willay", "WILLAY_DEBUG", "WILLAY_PASSPHRASE", "SHA",
                "minisign", "age", "tar", "sha256sum", "UTC", "ID", "id"}


def _extracted() -> list[tuple[str, tuple[str, ...]]]:
    found: list[tuple[str, tuple[str, ...]]] = []
    for source in SOURCES:
        for _file, _line, message, _comments, _context in extract_from_dir(
                source, keywords=KEYWORDS):
            forms = (message,) if isinstance(message, str) else tuple(message)
            found.append((forms[0], forms))
    return found


def _catalog() -> Catalog:
    with PO.open("rb") as handle:
        return pofile.read_po(handle)


def _key(value: str | Iterable[str] | None) -> str | tuple[str, ...]:
    return value if isinstance(value, str) else tuple(value or ())


def _translated(value: str | Iterable[str] | None) -> bool:
    return value is not None and all([value] if isinstance(value, str) else value)


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def _has_words(text: str) -> bool:
    return any(word not in SAME_IN_BOTH for word in WORDS.findall(text))


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _loose_text(node: ast.AST) -> Iterator[ast.expr]:
    """Literal text under ``node`` that is not inside a ``_()`` or ``ngettext()`` call."""
    if isinstance(node, ast.Call) and _call_name(node) in ("_", "ngettext"):
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if _has_words(node.value):
            yield node
        return
    if isinstance(node, ast.JoinedStr):
        parts = "".join(v.value for v in node.values
                        if isinstance(v, ast.Constant) and isinstance(v.value, str))
        if _has_words(parts):
            yield node
            return
    for child in ast.iter_child_nodes(node):
        yield from _loose_text(child)


def _python_files() -> Iterator[Path]:
    for source in SOURCES:
        yield from (p for p in sorted(source.rglob("*.py"))
                    if "migrations" not in p.parts and p.name != "i18n.py")


def test_every_shown_sentence_goes_through_the_catalog() -> None:
    loose: list[str] = []
    not_literal: list[str] = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            if name in ("_", "ngettext"):
                if not all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                           for a in node.args[:2 if name == "ngettext" else 1]):
                    not_literal.append(f"{where}:{node.lineno}")
                continue
            if name in PARSER:
                for keyword in node.keywords:
                    if keyword.arg in HELP_KEYWORDS:
                        loose += [f"{where}:{n.lineno}" for n in _loose_text(keyword.value)]
            elif SHOWN.match(name):
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    loose += [f"{where}:{n.lineno}" for n in _loose_text(arg)]
    assert not not_literal, "_() must be given one literal Babel can read: " + \
        ", ".join(not_literal)
    assert not loose, "English shown without _(): " + ", ".join(sorted(set(loose)))


def test_every_message_has_its_spanish_form() -> None:
    catalog = _catalog()
    missing: list[str] = []
    wrong: list[str] = []
    for msgid, forms in _extracted():
        key = msgid if len(forms) == 1 else forms[0]
        entry = catalog.get(key)
        translated = entry.string if entry is not None else None
        strings = [translated] if isinstance(translated, str) else list(translated or [])
        if entry is None or entry.fuzzy or not strings or not all(strings):
            missing.append(msgid)
            continue
        expected = set().union(*(_fields(f) for f in forms))
        if any(_fields(s) != expected and _fields(s) - expected for s in strings) or \
                _fields(strings[-1]) != _fields(forms[-1]):
            wrong.append(msgid)
    assert not missing, f"{len(missing)} messages lack Spanish (make translations): " + \
        " | ".join(missing[:20])
    assert not wrong, "Spanish with other {placeholders} than the English: " + \
        " | ".join(wrong[:20])


def test_the_compiled_catalog_is_current() -> None:
    catalog = _catalog()
    with MO.open("rb") as handle:
        compiled = mofile.read_mo(handle)
    wanted = {_key(m.id): _key(m.string) for m in catalog
              if m.id and not m.fuzzy and _translated(m.string)}
    have = {_key(m.id): _key(m.string) for m in compiled if m.id}
    assert have == wanted, "willay.mo is older than willay.po: run make translations"


@pytest.fixture
def spanish() -> Iterator[None]:
    before = i18n.current_language()
    i18n.set_language("es")
    yield
    i18n.set_language(before)


def test_a_message_is_written_in_the_language_in_force(spanish: None) -> None:
    from willay.core.reference import dates

    with pytest.raises(Exception) as raised:
        dates.parse_fuzzy("enero 2023")
    assert "enero 2023" in str(raised.value)
    i18n.set_language("en")
    with pytest.raises(Exception) as english:
        dates.parse_fuzzy("enero 2023")
    assert str(english.value) != str(raised.value)


@pytest.mark.parametrize(("environ", "language"), [
    ({"LANG": "es_PE.UTF-8"}, "es"),
    ({"LANGUAGE": "es_PE:en", "LANG": "en_US.UTF-8"}, "es"),
    ({"LC_ALL": "C", "LANG": "es_PE.UTF-8"}, "en"),
    ({"LANG": "qu_PE.UTF-8"}, "en"),
    ({}, "en"),
])
def test_the_command_line_follows_the_locale(environ: dict[str, str], language: str) -> None:
    assert i18n.language_from_environment(environ) == language


def test_numbers_are_grouped_as_the_language_writes_them(spanish: None) -> None:
    assert i18n.number(1234567) == "1.234.567"
    i18n.set_language("en")
    assert i18n.number(1234567) == "1,234,567"
