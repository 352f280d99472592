"""The stock tools the interoperability tests run against: missing ones fail, not skip.

A bundle must open with the stock ``age``, ``age-keygen`` and ``minisign``; when they are
absent these tests cannot prove it, so they fail with how to install them.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

PACKAGES = {"age": "age", "age-keygen": "age", "minisign": "minisign", "openssl": "openssl",
            "tar": "tar", "sha256sum": "coreutils"}

Runner = Callable[..., subprocess.CompletedProcess[bytes]]


def require_tool(name: str) -> str:
    """Return the path of the stock tool ``name``, or fail the test saying how to get it."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"The interoperability tests need the stock `{name}` tool, which is not on PATH. "
            f"Install it (Debian/Ubuntu: apt-get install {PACKAGES[name]}); .ci/run does.",
            pytrace=False,
        )
    return path


def make_runner(path: str) -> Runner:
    """Return a function running the tool at ``path``; a non-zero exit fails the test."""

    def run(*args: str | Path, cwd: Path | None = None, check: bool = True,
            input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        result = subprocess.run(
            [path, *map(str, args)], cwd=cwd, input=input, capture_output=True,
            timeout=60, check=False,
        )
        if check:
            assert result.returncode == 0, (
                f"{path} {' '.join(map(str, args))} exited {result.returncode}: "
                f"{result.stderr.decode(errors='replace')}"
            )
        return result

    return run


@pytest.fixture
def age_tool() -> Runner:
    """Run the stock ``age``."""
    return make_runner(require_tool("age"))


@pytest.fixture
def age_keygen() -> Runner:
    """Run the stock ``age-keygen``."""
    return make_runner(require_tool("age-keygen"))


@pytest.fixture
def minisign_tool() -> Runner:
    """Run the stock ``minisign``."""
    return make_runner(require_tool("minisign"))
