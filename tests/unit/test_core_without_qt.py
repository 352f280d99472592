"""The command line starts without Qt: its PDF reports load Qt only when asked for.

That the core never imports Qt at all is a contract of ``lint-imports`` (pyproject.toml).
"""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
sys.modules["PySide6"] = None  # any import of PySide6 now fails
import pkgutil, importlib, willay.core, willay.cli
for info in pkgutil.walk_packages(willay.core.__path__, "willay.core."):
    if ".migrations" in info.name:
        continue
    importlib.import_module(info.name)
assert not any(name.startswith("PySide6") for name in sys.modules if sys.modules[name])
print("ok")
"""


def test_every_core_and_cli_module_imports_without_qt() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
