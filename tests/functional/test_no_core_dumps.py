"""willay-cli and willay forbid core dumps: a crash never writes their memory (keys,
decrypted records) to disk."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest


def _core_limit(pid: int) -> str:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max core file size"):
            return " ".join(line.split()[4:6])
    raise AssertionError("no core file size in /proc/PID/limits")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("program", ["willay.cli", "willay.gui.app"])
def test_the_running_program_may_not_dump_core(cli_env: dict[str, str], tmp_path: Path,
                                               program: str) -> None:
    fifo = tmp_path / "frase"
    os.mkfifo(fifo)
    # The CLI waits for its passphrase on the FIFO; the window waits in its event loop.
    args = ["--passphrase-file", str(fifo), "list"] if program == "willay.cli" else []
    env = {**cli_env, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("WILLAY_PASSPHRASE")
    with subprocess.Popen([sys.executable, "-m", program, *args], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
        try:
            deadline = time.monotonic() + 60
            while _core_limit(process.pid) != "0 0" and time.monotonic() < deadline:
                assert process.poll() is None, "the program ended before it could be seen"
                time.sleep(0.1)
            assert _core_limit(process.pid) == "0 0"
        finally:
            process.kill()
