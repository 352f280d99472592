"""Run one vault operation in a fresh process; report its time and peak memory as JSON.

    python -m tests.benchmarks.worker intake VAULT RECORD FILE
    python -m tests.benchmarks.worker export VAULT PARTNER BUNDLE
    python -m tests.benchmarks.worker import VAULT BUNDLE
    python -m tests.benchmarks.worker summary VAULT
    python -m tests.benchmarks.worker duplicates VAULT KIND
    python -m tests.benchmarks.worker first-page VAULT
    python -m tests.benchmarks.worker search VAULT WORD...

The vault is opened and unlocked with the benchmark passphrase first. The kernel's
peak-RSS mark is then reset (``/proc/self/clear_refs``), so the peak reported is that of
the operation in a process that has already imported everything and unlocked the vault,
and not that of the passphrase's Argon2id derivation; the operation alone is timed,
process start-up and unlocking are not. ``export`` also reports the time spent in
``bundle.seal`` (tar and age over the stream, fsync), ``import`` the time spent storing
the originals (``ObjectStore.write_pending`` and ``settle``), then imports the same bundle
a second time and times that too. The last line on stdout is a JSON object.
"""

from __future__ import annotations

import gc
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from willay.core.media import intake as media
from willay.core.reconcile import duplicates, suggestion_store
from willay.core.records import queries, search
from willay.core.reports.summary import summarize
from willay.core.sharing import bundle as willay_bundle
from willay.core.sharing import receive as sync_import
from willay.core.sharing import send as sync_export
from willay.core.vault.objects import ObjectStore
from willay.core.vault.vault import Vault

from .context import PAGE_SIZE, PASSPHRASE
from .results import Result, result

ROOT = Path(__file__).resolve().parents[2]


def _status_kib(field: str) -> int | None:
    """Return a ``/proc/self/status`` figure in KiB (VmRSS, VmHWM), or None."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Reset this process's peak-RSS mark to its current RSS (Linux 4.0 and later)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        return False
    return _status_kib("VmHWM") is not None


@contextmanager
def stopwatch(owner: object, name: str) -> Iterator[list[float]]:
    """Time every call of ``owner.name`` (a module function or a method) inside the block."""
    original = getattr(owner, name)
    spent: list[float] = []

    def timed_call(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - start)

    setattr(owner, name, timed_call)
    try:
        yield spent
    finally:
        setattr(owner, name, original)


def _intake(vault: Vault, record: str, file: str) -> dict[str, Any]:
    added = media.add_files(vault, record, [Path(file)])
    return {"size": sum(a.size for a in added), "new": not added[0].already_attached}


def _export(vault: Vault, partner: str, bundle: str) -> dict[str, Any]:
    with stopwatch(willay_bundle, "seal") as sealing:
        done = sync_export.export_bundle(vault, [partner], Path(bundle))
    return {"media": done.media, "revisions": done.revisions,
            "custody_events": done.custody_events, "seal_seconds": sum(sealing)}


def _import(vault: Vault, bundle: str) -> dict[str, Any]:
    # Originals are written (write_pending) and then made durable together (settle).
    with stopwatch(ObjectStore, "write_pending") as writing, \
            stopwatch(ObjectStore, "settle") as settling:
        done = sync_import.import_bundle(vault, Path(bundle))
    return {"new_media": done.new_media, "new_revisions": done.new_revisions,
            "already_imported": done.already_imported,
            "media_seconds": sum(writing) + sum(settling)}


def _summary(vault: Vault) -> dict[str, Any]:
    with vault.session() as session:
        return {"events": summarize(session).totals.events}


def _duplicates(vault: Vault, kind: str) -> dict[str, Any]:
    with vault.session() as session:
        suggestion_store.forget(session, kind)
    with vault.session() as session:
        return {"suggestions": len(duplicates.suggestions(session, kind, 200))}


def _first_page(vault: Vault) -> dict[str, Any]:
    with vault.session() as session:
        return {"incidents": queries.count_incidents(session),
                "shown": len(queries.incident_page(session, 0, PAGE_SIZE))}


def _search(vault: Vault, *words: str) -> dict[str, Any]:
    hits = 0
    for query in words:
        with vault.session() as session:
            hits += len(search.search(session, query))
    return {"hits": hits}


OPERATIONS: dict[str, Callable[..., dict[str, Any]]] = {
    "intake": _intake, "export": _export, "import": _import, "summary": _summary,
    "duplicates": _duplicates, "first-page": _first_page, "search": _search}


def main(argv: list[str]) -> int:
    """Run the operation named in ``argv`` and print its report."""
    operation, vault_path, *args = argv
    vault = Vault.open(Path(vault_path))
    vault.unlock(PASSPHRASE)
    try:
        gc.collect()
        reset = _reset_peak()
        before = _status_kib("VmRSS")
        start = time.perf_counter()
        report = OPERATIONS[operation](vault, *args)
        seconds = time.perf_counter() - start
        peak = _status_kib("VmHWM") if reset else None
        if peak is None:  # no /proc: the process's lifetime peak, unlocking included
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        report.update(seconds=seconds, peak_mib=peak / 1024, peak_reset=reset,
                      before_mib=None if before is None else before / 1024)
        if operation == "import":
            start = time.perf_counter()
            again = _import(vault, *args)
            report.update(again_seconds=time.perf_counter() - start,
                          again_already_imported=again["already_imported"])
    finally:
        vault.lock()
    print(json.dumps(report))
    return 0


def run(*args: str | Path) -> dict[str, Any]:
    """Run the worker in a child process of this Python; return its report."""
    command = [sys.executable, "-m", "tests.benchmarks.worker", *map(str, args)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark worker {args[0]} failed ({done.returncode}):\n"
                           f"{done.stderr.strip()}")
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def memory_rows(report: dict[str, Any], doing: str, operation: str,
                target: float = 200) -> list[Result]:
    """Return the peak-RSS row (``target`` MiB) of a worker report, and its starting RSS."""
    how = "" if report["peak_reset"] else " (lifetime peak: no /proc, unlocking included)"
    rows = [result(f"peak RSS {doing}, fresh process{how}", report["peak_mib"], "MiB",
                   target=target)]
    if report["before_mib"] is not None:
        rows.append(result(f"  RSS of that process before {operation} (imports, unlocked "
                           "vault)", report["before_mib"], "MiB"))
    return rows


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
