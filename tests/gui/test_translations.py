"""The Spanish catalog is complete, matches the source strings, and its .qm is current."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "willay_es.ts"
QM = ROOT / "resources" / "translations" / "willay_es.qm"
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    other = shutil.which(name)
    if other is None:
        pytest.skip(f"{name} is not installed")
    return other


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for context in ET.parse(path).getroot().iter("context"):  # noqa: S314 - our own file
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message
    return out


def test_every_source_string_has_a_finished_spanish_translation() -> None:
    messages = _messages(TS)
    assert len(messages) > 300
    problems = []
    for (context, source), message in messages.items():
        translation = message.find("translation")
        assert translation is not None
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or \
                not (translation.text or "").strip():
            problems.append(f"{context}: {source}")
        elif source.count("%") != (translation.text or "").count("%"):
            problems.append(f"{context}: placeholders differ in {source!r}")
    assert not problems, problems


def test_the_catalog_holds_exactly_the_strings_of_the_source(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    shutil.copy(TS, fresh)
    sources = sorted(str(p) for p in (ROOT / "desktop" / "willay" / "gui").rglob("*.py"))
    subprocess.run([_tool("pyside6-lupdate"), *sources, "-locations", "none", "-no-obsolete",
                    "-source-language", "en", "-target-language", "es", "-ts", str(fresh)],
                   check=True, capture_output=True)
    assert set(_messages(fresh)) == set(_messages(TS)), "run `make translations`"


def test_the_compiled_catalog_is_up_to_date(tmp_path: Path) -> None:
    compiled = tmp_path / "fresh.qm"
    subprocess.run([_tool("pyside6-lrelease"), str(TS), "-qm", str(compiled)], check=True,
                   capture_output=True)
    assert compiled.read_bytes() == QM.read_bytes(), "run `make translations`"
