"""Open a hub with the frozen willay-cli (run by `make package-check`).

Usage: python packaging/check_hub.py [dist/willay]

Starts a throwaway PostgreSQL cluster (Debian's `postgresql` package, as the hub's tests
do), makes a hub in it with the frozen `willay-cli`, writes an incident, lists it and
verifies the hub: so the database driver travels in the frozen folder and works. Exits 1
naming the step that failed. Where PostgreSQL is not installed, says that the hub was not
checked and exits 0 (a frozen build for another system is made without it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import postgres  # noqa: E402  (the tests' throwaway cluster)

TITLE = "Paro en Juliaca"


def _environment(url: str, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WILLAY_")}
    env.update({"LANG": "C.UTF-8", "TMPDIR": str(tmp), "WILLAY_HUB": url,
                "WILLAY_COORDINATOR": "rosa",
                "WILLAY_PASSPHRASE": "una frase larga para el servidor de prueba",
                "WILLAY_KDF_MEMORY_MIB": "64"})
    return env


def _steps(cli: Path) -> list[tuple[list[str], str]]:
    """Each command and a text its output must hold."""
    return [
        ([str(cli), "hub", "init", "--name", "Coordinadora", "--organization", "Red Sur"],
         "rosa is its first coordinator"),
        ([str(cli), "incident", "add", "--title", TITLE, "--occurred", "2023-01-09"], ""),
        ([str(cli), "list"], TITLE),
        ([str(cli), "verify"], "Everything verifies."),
    ]


def check(folder: Path, cluster: postgres.Cluster) -> list[str]:
    """Run the steps against a new database of ``cluster``; return what went wrong."""
    cli = folder / ("willay-cli.exe" if sys.platform == "win32" else "willay-cli")
    with tempfile.TemporaryDirectory(prefix="willay-check-hub-") as tmp:
        env = _environment(cluster.new_database(), Path(tmp))
        for command, expected in _steps(cli):
            done = subprocess.run(command, env=env, capture_output=True, text=True,
                                  timeout=120, check=False)
            if done.returncode != 0 or expected not in done.stdout:
                return [f"{' '.join(command[1:])} (exit {done.returncode}): "
                        f"{done.stderr.strip() or done.stdout.strip()}"]
    return []


def main() -> int:
    """Check the frozen folder given (default dist/willay) on a throwaway hub."""
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "dist/willay")
    cluster = postgres.start()
    if cluster is None:
        print("check_hub: PostgreSQL is not installed here (Debian's postgresql package); "
              "the frozen app was NOT checked on a hub.", file=sys.stderr)
        return 0
    try:
        found = check(folder, cluster)
    finally:
        cluster.stop()
    for problem in found:
        print(f"check_hub: {problem}", file=sys.stderr)
    if not found:
        print("check_hub: the frozen willay-cli made a hub, wrote, listed and verified it")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
