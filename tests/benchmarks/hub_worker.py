"""Import a list of bundles in a process of its own, into a hub or a vault, on a signal.

    python -m tests.benchmarks.hub_worker hub URL COORDINATOR LIST
    python -m tests.benchmarks.hub_worker vault PATH LIST

``LIST`` is a file naming one bundle per line. The worker connects and unlocks first
(with the benchmark passphrase), says ``ready`` on stdout, and waits for a line on stdin:
so several workers start importing at the same moment, and neither start-up nor
unlocking is timed. It then imports each bundle in turn, as a coordinator's window
would, and prints a JSON object: when it started and ended (``time.monotonic``, one
clock for every process of the machine), what became of each bundle (imported, already
imported, or failed with the message), and how many times an import was started in all
(``receive.import_bundle`` starts one again when another coordinator's change crossed
it, up to four times in all). An import refused because those four were crossed too is
done again, as the message asks the coordinator to, and counted.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, cast

from willay.core.errors import ConcurrentChangeError, WillayError
from willay.core.sharing import receive
from willay.core.vault.hub import Hub
from willay.core.vault.vault import Vault

from .context import PASSPHRASE
from .worker import stopwatch


def _open(engine: str, where: str, coordinator: str | None) -> Vault | Hub:
    if engine == "hub":
        hub = Hub.connect(where)
        hub.unlock(str(coordinator), PASSPHRASE)
        return hub
    vault = Vault.open(Path(where))
    vault.unlock(PASSPHRASE)
    return vault


AGAIN = 20  # times a coordinator does a refused import again before giving up


def import_all(store: Vault | Hub, bundles: list[Path]) -> dict[str, Any]:
    """Import ``bundles`` in order; return the times and what became of each."""
    imported: list[str] = []
    already: list[str] = []
    failed: dict[str, str] = {}
    refused: list[str] = []
    with stopwatch(receive, "_import") as attempts:
        start = time.monotonic()
        for path in bundles:
            for _time in range(AGAIN):
                try:
                    done = receive.import_bundle(cast(Vault, store), path)
                except ConcurrentChangeError:
                    refused.append(path.name)
                    continue
                except WillayError as exc:
                    failed[path.name] = f"{type(exc).__name__}: {exc}"
                else:
                    (already if done.already_imported else imported).append(path.name)
                break
            else:
                failed[path.name] = f"refused {AGAIN} times for a concurrent change"
        end = time.monotonic()
    return {"start": start, "end": end, "imported": imported, "already": already,
            "failed": failed, "refused": refused, "attempts": len(attempts)}


def main(argv: list[str]) -> int:
    """Open the store ``argv`` names, wait for the signal, import, print the report."""
    engine, where, *rest = argv
    coordinator, listing = (rest[0], rest[1]) if engine == "hub" else (None, rest[0])
    bundles = [Path(line) for line in Path(listing).read_text().splitlines() if line]
    store = _open(engine, where, coordinator)
    try:
        print("ready", flush=True)
        sys.stdin.readline()
        report = import_all(store, bundles)
    finally:
        store.lock()
    print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
