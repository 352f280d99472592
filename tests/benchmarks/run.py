"""Willay's benchmarks: ``make bench`` (``python -m tests.benchmarks.run``).

Each benchmark is a function taking the shared :class:`Context` and returning result
rows; :data:`BENCHMARKS` lists them in run order. The synthetic archive (100,000
incidents, 100,000 testimonies, 5,000 people; a tenth with ``--quick``) is built once,
on first use, in a temporary folder removed at the end. The intake and bundle
benchmarks (``intake.py``, ``bundles.py``) make their own small vaults and media there.
Results go to ``bench-results.json`` at the repository root and to a table on stdout;
progress goes to stderr.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from willay.core.keys import kdf
from willay.core.records import queries, search
from willay.core.records import service as records
from willay.core.vault.vault import Vault

from . import worker
from .authorship import bench_authorship
from .big_records import bench_big_records
from .bundles import bench_bundles
from .context import (
    FULL,
    PAGE_SIZE,
    PASSPHRASE,
    QUICK,
    SEED,
    Context,
    capture,
    kdf_stopwatch,
    replay,
    timed,
    unlocked,
)
from .coordination import bench_coordination
from .hub_archive import bench_hub_search
from .hub_import import bench_hub_import
from .intake import bench_intake
from .results import Result, percentile, result, table, write_json
from .synthetic import Generator

ROOT = Path(__file__).resolve().parents[2]


# -- benchmarks ----------------------------------------------------------------------
def bench_kdf(ctx: Context) -> list[Result]:
    """Time one Argon2id derivation with the calibrated parameters (median of 3)."""
    params = ctx.kdf_params
    times = [timed(kdf.derive, PASSPHRASE, params)[0] for _ in range(3)]
    mib = params.memory_kib // 1024
    return [
        result(f"KDF: one Argon2id derivation, calibrated ({mib} MiB, t={params.iterations},"
               f" p={params.lanes}; aim 0.5-1 s)", statistics.median(times), "s", target=1.0),
        result("KDF: memory chosen by kdf.calibrate() (cap)", mib, "MiB",
               target=kdf.MAX_MEMORY_KIB // 1024),
    ]


def bench_unlock(ctx: Context) -> list[Result]:
    """Unlock, and unlock + list every incident, minus the KDF time of that same unlock."""
    archive = ctx.archive
    n = ctx.label(len(archive.loaded.incidents))
    params = Vault.open(archive.vault).kdf_params
    with unlocked(archive.vault):
        pass  # warm-up: the first open after loading pays for alembic's script cache

    unlock, listing, list_only = [], [], []
    for _ in range(5):
        with kdf_stopwatch() as spent:
            start = time.perf_counter()
            vault = Vault.open(archive.vault)
            vault.unlock(PASSPHRASE)
            total = time.perf_counter() - start
        vault.lock()
        unlock.append(total - sum(spent))
    for _ in range(3):
        with kdf_stopwatch() as spent:
            start = time.perf_counter()
            with unlocked(archive.vault) as vault, vault.session() as session:
                rows = records.list_incidents(session)
                total = time.perf_counter() - start
                list_only.append(timed(records.list_incidents, session)[0])
                sent = capture(vault.engine, partial(records.list_incidents, session))
        assert len(rows) == len(archive.loaded.incidents)
        listing.append(total - sum(spent))
    first_page = []
    for _ in range(5):  # as the window opens: the count, then the first page, newest first
        with kdf_stopwatch() as spent:
            start = time.perf_counter()
            with unlocked(archive.vault) as vault, vault.session() as session:
                total = queries.count_incidents(session)
                page = queries.incident_page(session, 0, PAGE_SIZE)
                first_page.append(time.perf_counter() - start - sum(spent))
        assert total == len(archive.loaded.incidents) and len(page) == PAGE_SIZE
    plain = sqlite3.connect(archive.plain)
    try:
        plain_s = statistics.median(timed(replay, plain, sent)[0] for _ in range(3))
    finally:
        plain.close()
    memory = worker.memory_rows(worker.run("first-page", archive.vault),
                                f"opening the incident list (count + {PAGE_SIZE} newest), "
                                f"{n} incidents", "opening it", 300)
    ctx.progress("unlock figures done")
    kdf_note = f"its {params.memory_kib // 1024} MiB KDF timed in the call and subtracted"
    return [
        result(f"unlock beyond the KDF, {n} incidents ({kdf_note})",
               statistics.median(unlock), "s"),
        result(f"unlock + first page of incidents as the window shows it (count + "
               f"{PAGE_SIZE} newest), {n} incidents, beyond the KDF",
               statistics.median(first_page), "s", target=0.5),
        result(f"unlock + list all {n} incidents, beyond the KDF",
               statistics.median(listing), "s", target=1.5),
        result(f"  list_incidents() alone, {n} rows (vault already unlocked)",
               statistics.median(list_only), "s"),
        result(f"  the SQL list_incidents() sends, on plain sqlite3 ({n} rows, no dicts)",
               plain_s, "s"),
        *memory,
    ]


def bench_search(ctx: Context) -> list[Result]:
    """Search p95 through search.search() vs the very same SQL on plain SQLite.

    The statements ``search.search`` sends to the driver are captured once per query
    and replayed on the plain copy (standard ``sqlite3``) and on a raw SQLCipher
    connection of the vault, so the baseline follows whatever the core does.
    """
    archive = ctx.archive
    queries = Generator(SEED + 2).queries(200)
    rounds = 1 if ctx.quick else 2
    ours: list[float] = []
    raw_times: list[float] = []
    plain_times: list[float] = []
    differing = 0
    plain = sqlite3.connect(archive.plain)
    with unlocked(archive.vault) as vault:
        raw = vault.engine.raw_connection()
        try:
            def run_ours(q: str) -> list[search.SearchHit]:
                with vault.session() as session:
                    start = time.perf_counter()
                    hits = search.search(session, q)
                    ours.append(time.perf_counter() - start)
                return hits

            sent = {q: capture(vault.engine, partial(run_ours, q)) for q in queries}
            for q in queries:  # warm-up of the two baselines, not counted
                replay(plain, sent[q])
                replay(raw, sent[q])
            ours.clear()
            for _ in range(rounds):
                for q in queries:
                    elapsed, expected = timed(replay, plain, sent[q])
                    plain_times.append(elapsed)
                    raw_times.append(timed(replay, raw, sent[q])[0])
                    hits = run_ours(q)
                    if [(h.record_id, h.kind, h.snippet) for h in hits] != [
                            tuple(row[:3]) for row in expected]:
                        differing += 1
        finally:
            raw.close()
            plain.close()
    if differing:
        ctx.progress(f"warning: {differing} searches returned other hits than plain SQLite")
    ms = [t * 1000 for t in ours]
    slowest = sorted(zip(ms, queries * rounds, strict=True), reverse=True)[:5]
    ctx.progress("slowest searches: " + ", ".join(f"{q!r} {t:.0f} ms" for t, q in slowest))
    plain_ms = [t * 1000 for t in plain_times]
    raw_ms = [t * 1000 for t in raw_times]
    docs = (f"{len(archive.loaded.testimonies):,} testimonies + "
            f"{len(archive.loaded.incidents):,} incidents + {len(archive.loaded.people):,} "
            "people")
    memory = worker.memory_rows(worker.run("search", archive.vault, *queries),
                                f"{len(queries)} searches, {docs}", "searching", 300)
    ctx.progress(f"search figures done ({len(ms)} timed searches)")
    return [*memory,
        result(f"search p95, {len(queries)} queries x {rounds}, {docs}",
               percentile(ms, 95), "ms", target=30.0),
        result("search p95 vs the same SQL on plain SQLite (encryption + SQLAlchemy cost)",
               percentile(ms, 95), "ms", baseline=percentile(plain_ms, 95), target=1.5),
        result("  search p50 vs the same SQL on plain SQLite", percentile(ms, 50), "ms",
               baseline=percentile(plain_ms, 50)),
        result("  search p95, raw SQLCipher cursor vs plain (encryption alone)",
               percentile(raw_ms, 95), "ms", baseline=percentile(plain_ms, 95)),
        result("  slowest search vs slowest plain", max(ms), "ms", baseline=max(plain_ms)),
    ]


def bench_create(ctx: Context) -> list[Result]:
    """Time records.create/get one by one, in the loaded vault vs an empty vault.

    Runs last: it adds records to the archive.
    """
    archive = ctx.archive
    gen = Generator(SEED + 3)
    count = 20
    empty_path = ctx.tmp / "empty"
    fast = kdf.KdfParams(kdf.MIN_MEMORY_KIB, kdf.ITERATIONS, kdf.LANES,
                         os.urandom(kdf.SALT_BYTES))
    empty, _code = Vault.create(empty_path, PASSPHRASE, "Vacía", "Banco de pruebas",
                                kdf_params=fast)
    empty.lock()
    figures: dict[str, dict[str, float]] = {}
    for label, path in (("empty", empty_path), ("loaded", archive.vault)):
        with unlocked(path) as vault:
            with vault.session() as session:
                witness = records.create(session, "person", gen.person())
                incident = records.create(session, "incident", gen.incident())

            def create(kind: str, vault: Vault = vault, witness: str = witness,
                       incident: str = incident) -> str:
                fields = (gen.incident() if kind == "incident"
                          else gen.testimony(witness, [incident]))
                with vault.session() as session:
                    return records.create(session, kind, fields)

            def get(record_id: str, vault: Vault = vault) -> None:
                with vault.session() as session:
                    records.get(session, record_id)

            found = figures[label] = {}
            for kind in ("incident", "testimony"):
                times = [timed(create, kind)[0] for _ in range(count)]
                found[kind] = statistics.median(times) * 1000
            found["get"] = statistics.median(
                timed(get, incident)[0] for _ in range(count)) * 1000
        ctx.progress(f"records.create timed in the {label} vault")
    full = figures["empty"]["incident"] * len(archive.loaded.incidents) / 1000 / 60
    ctx.progress(f"filling {len(archive.loaded.incidents):,} incidents one by one would take "
                 f"at least {full:.1f} min even at the empty-vault rate")
    n = ctx.label(len(archive.loaded.incidents) + len(archive.loaded.testimonies)
                  + len(archive.loaded.people))
    return [
        result(f"records.create(incident) + commit, {n}-record vault vs empty vault",
               figures["loaded"]["incident"], "ms", baseline=figures["empty"]["incident"]),
        result(f"records.create(testimony) + commit, {n}-record vault vs empty vault",
               figures["loaded"]["testimony"], "ms", baseline=figures["empty"]["testimony"]),
        result(f"records.get(full id), {n}-record vault vs empty vault",
               figures["loaded"]["get"], "ms", baseline=figures["empty"]["get"]),
    ]


BENCHMARKS: list[tuple[str, Callable[[Context], list[Result]]]] = [
    ("kdf", bench_kdf),
    ("unlock", bench_unlock),
    ("search", bench_search),
    # Before coordination, which links incidents in the vault that the kept hub lacks.
    ("hub-search", bench_hub_search),
    ("coordination", bench_coordination),
    ("create", bench_create),
    ("intake", bench_intake),
    ("bundles", bench_bundles),
    ("authorship", bench_authorship),
    ("big-records", bench_big_records),
    ("hub-import", bench_hub_import),
]


def _load_note() -> str:
    """Describe how busy the machine is: other work inflates every timing."""
    cores = os.cpu_count() or 1
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return f"{cores} cores"
    return f"{cores} cores, load average {one:.2f} (1 min), {five:.2f} (5 min)"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the table and write bench-results.json."""
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.run",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true",
                        help="a tenth of the data (100,000 incidents and testimonies), "
                        "256 MiB instead of 2 GiB and 1 GiB of media")
    parser.add_argument("--only", action="append", choices=[name for name, _ in BENCHMARKS],
                        help="run only this benchmark (repeatable)")
    parser.add_argument("--output", type=Path, default=ROOT / "bench-results.json",
                        help="where to write the JSON results")
    args = parser.parse_args(argv)
    chosen = [(name, bench) for name, bench in BENCHMARKS if not args.only or name in args.only]
    rows: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="willay-bench-") as tmp:
        ctx = Context(QUICK if args.quick else FULL, Path(tmp), args.quick)
        ctx.progress(_load_note())
        for name, bench in chosen:
            # What the one before wrote (a copy of the whole archive, say) is flushed
            # first, so that writing it back does not weigh on this one's figures.
            os.sync()
            ctx.progress(f"benchmark {name}")
            rows.extend(bench(ctx))
        ctx.progress(_load_note())
        total = time.perf_counter() - ctx.started
    write_json(args.output, rows)
    print(table(rows))
    missed = [row.name for row in rows if row.met is False]
    print(f"\n{len(rows)} figures in {total:.0f}s; "
          f"{'all targets met' if not missed else f'{len(missed)} target(s) missed'}. "
          f"Written to {args.output}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
