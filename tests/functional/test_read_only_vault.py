"""A vault on a read-only disk (a write-protected stick, a read-only mount) is named so.

The vault is mounted read-only in a mount namespace of its own (``unshare -m``, a bind
mount remounted ``ro``): the real kernel refuses every write, as it would on a
write-protected stick.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import tree_snapshot
from tests.functional.conftest import CliRunner


def _read_only(cli_env: dict[str, str], source: Path, mount: Path, *args: str
               ) -> subprocess.CompletedProcess[str]:
    """Run ``willay-cli ARGS`` on ``source`` mounted read-only at ``mount``."""
    if shutil.which("unshare") is None:
        pytest.fail("unshare (util-linux) is needed to mount a vault read-only")
    command = " ".join(shlex.quote(part) for part in [sys.executable, "-m", "willay.cli",
                                                       "--vault", str(mount), *args])
    script = (f"mount --bind {shlex.quote(str(source))} {shlex.quote(str(mount))} && "
              f"mount -o remount,ro,bind {shlex.quote(str(mount))} && {command}")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"this machine does not allow mount namespaces: {probe.stderr!r}")
    return subprocess.run(["unshare", "-m", "sh", "-c", script], env=cli_env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_a_read_only_vault_is_called_read_only(cli: CliRunner, cli_env: dict[str, str],
                                               tmp_path: Path) -> None:
    cli("init", "--name", "Rosa Huamán", "--organization", "Red Sur")
    cli("incident", "add", "--title", "Juliaca", "--occurred", "2023-01-09")
    vault = Path(cli_env["WILLAY_VAULT"])
    before = tree_snapshot(vault)
    mount = tmp_path / "stick"
    mount.mkdir()
    done = _read_only(cli_env, vault, mount, "list")
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "read-only" in done.stderr and str(mount) in done.stderr
    assert "damaged" not in done.stderr and "another vault" not in done.stderr
    assert tree_snapshot(vault) == before
