"""Run ``willay-cli`` as a user would: a separate process, real vault, real files."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

CliRunner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """Environment for the CLI: its own vault, temp dir and the cheapest allowed KDF."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WILLAY_")}
    env.update({
        "WILLAY_VAULT": str(tmp_path / "vault"),
        "WILLAY_PASSPHRASE": "una frase larga y secreta",
        "WILLAY_KDF_MEMORY_MIB": "64",
        "TMPDIR": str(tmp),
        "PYTHONUTF8": "1",
    })
    return env


@pytest.fixture
def cli(cli_env: dict[str, str]) -> CliRunner:
    """Return a function running ``willay-cli ARGS`` and returning the finished process."""

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None,
            expect: int | None = 0) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "willay.cli", *args],
            env={**cli_env, **(env or {})}, capture_output=True, text=True, input=input,
            timeout=120, check=False,
        )
        if expect is not None:
            assert result.returncode == expect, (result.stdout, result.stderr)
        return result

    return run
