"""The desktop app as a separate process: it starts, shows its first window, and can say so."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WILLAY_")}
    env.update({"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home"),
                "XDG_CONFIG_HOME": str(tmp_path / "config"),
                "XDG_DATA_HOME": str(tmp_path / "data"),
                "WILLAY_VAULT": str(tmp_path / "vault"), "LANG": "C.UTF-8", **extra})
    return env


def test_exit_after_first_window_prints_and_quits(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "willay.gui.app"],
        env=_env(tmp_path, WILLAY_EXIT_AFTER_FIRST_WINDOW="1"),
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "willay: first window shown: Willay 0.1.0 (1366x768, StartPage)" in result.stdout
    # Showing the start page creates no vault.
    assert not (tmp_path / "vault").exists()

