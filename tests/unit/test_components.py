"""The component list behind --version, ``about`` and the About dialog."""

from __future__ import annotations

import platform
from pathlib import Path

import cryptography
import PIL
import pytest
import sqlalchemy
import sqlcipher3

from willay import __version__
from willay.core import components


def test_versions_are_those_running_here() -> None:
    found = {c.name: c for c in components.components()}
    assert found["Willay"].version == __version__
    assert found["Python"].version == platform.python_version()
    assert found["cryptography"].version == cryptography.__version__
    assert found["Pillow"].version == PIL.__version__
    assert found["SQLAlchemy"].version == sqlalchemy.__version__
    assert found["SQLite"].version == sqlcipher3.sqlite_version
    major = int(found["SQLCipher"].version.split(".")[0])
    assert major >= 4  # SQLCipher 4 is the format the vaults are written in


def test_every_component_names_a_license_and_a_use() -> None:
    parts = components.components()
    assert len({c.name for c in parts}) == len(parts)
    for part in parts:
        assert part.license and part.role and part.version != components.UNKNOWN, part
    licenses = {c.name: c.license for c in parts}
    assert licenses["SQLCipher"] == "BSD-3-Clause"
    assert licenses["pillow-heif"] == "BSD-3-Clause"
    assert licenses["Pillow"].startswith("MIT-CMU")


def test_the_hubs_parts_are_listed_where_installed_and_left_off_where_not(
        monkeypatch: pytest.MonkeyPatch) -> None:
    names = {c.name for c in components.components()}
    assert {"psycopg", "boto3"} <= names, "this installation has the hub's part"
    real = components._distribution_version
    monkeypatch.setattr(components, "_distribution_version", lambda d: (
        components.UNKNOWN if d in ("psycopg", "boto3") else real(d)))
    names = {c.name for c in components.components()}
    assert "psycopg" not in names and "boto3" not in names
    assert {"Pillow", "cryptography"} <= names


def test_license_texts_are_files_with_license_words() -> None:
    parts = {c.name: c for c in components.components()}
    for name in ("SQLAlchemy", "SQLModel", "Alembic", "cryptography", "Pillow", "segno",
                 "soundfile", "NumPy",
                 "platformdirs", "SQLCipher", "psycopg", "boto3"):
        texts = [Path(f).read_text(encoding="utf-8", errors="replace")
                 for f in parts[name].license_files]
        assert texts and any("copyright" in t.lower() or "license" in t.lower()
                             for t in texts), name


def test_a_missing_distribution_reads_unknown_instead_of_failing() -> None:
    assert components._distribution_version("no-such-distribution-xyz") == components.UNKNOWN
    assert components._license_files("no-such-distribution-xyz") == ()


def test_version_text_starts_with_willay() -> None:
    lines = components.version_text().splitlines()
    assert lines[0] == f"willay {__version__}"
    assert any(line.startswith("  Qt / PySide6: 6.") for line in lines)


def test_gpl_lgpl_and_python_license_texts_are_found() -> None:
    parts = {c.name: c for c in components.components()}
    willay = Path(parts["Willay"].license_files[0]).read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in willay and "Version 3" in willay
    qt = [Path(f).read_text(encoding="utf-8") for f in parts["Qt / PySide6"].license_files]
    assert any("GNU LESSER GENERAL PUBLIC LICENSE" in text for text in qt)
    python = Path(parts["Python"].license_files[0]).read_text(encoding="utf-8")
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in python
