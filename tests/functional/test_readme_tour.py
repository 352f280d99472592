"""The README's quick tour works when pasted into a shell."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.slow  # about 30 s: a dozen CLI processes, each unlocking; CI runs it
def test_quick_tour_runs_as_written(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Quick tour", 1)[1]
    script = re.search(r"```sh\n(.*?)```", section, re.S)
    assert script, "the quick tour has no shell block"
    # The tour calls .venv/bin/willay-cli from the checkout; here that is this interpreter.
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    launcher = bin_dir / "willay-cli"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m willay.cli "$@"\n')
    launcher.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WILLAY_")}
    env["WILLAY_KDF_MEMORY_MIB"] = "64"
    result = subprocess.run(["bash", "-e", "-c", script.group(1)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert "Recovery code" in result.stdout
    assert "Enfrentamiento en el puente Añashuayco" in result.stdout
    assert "1 incident, 1 person, 1 testimony, 1 media item" in result.stdout
    assert "Everything verifies." in result.stdout
    assert (tmp_path / "mi-tarjeta.json").exists()
    assert (tmp_path / "demo-vault" / "keyring.json").exists()
