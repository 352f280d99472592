"""Intake benchmarks: a 12-megapixel phone photo, and the memory a 2 GiB video needs."""

from __future__ import annotations

import statistics
import subprocess
import tempfile
from pathlib import Path

from willay.core.media import intake as media
from willay.core.records import service as records

from . import worker
from .context import SEED, Context, timed
from .media_files import fake_mp4, phone_photo, photo_variant
from .results import Result, result
from .synthetic import Generator
from .vaults import new_vault

PHOTO_RUNS = 11
BIG_FULL = 2 * 1024**3
BIG_QUICK = 256 * 1024**2
MIB = 1024**2


def bench_intake(ctx: Context) -> list[Result]:
    """Intake of one 12 MP JPEG (median), and peak memory while adding one big video."""
    with tempfile.TemporaryDirectory(prefix="intake-", dir=ctx.tmp) as tmp:
        rows = _photo(ctx, Path(tmp))
    with tempfile.TemporaryDirectory(prefix="intake-big-", dir=ctx.tmp) as tmp:
        rows += _big_file(ctx, Path(tmp))
    return rows


def _photo(ctx: Context, tmp: Path) -> list[Result]:
    """Time ``media.add_files`` on fresh copies of one photo, with its parts and sha256sum.

    Each copy differs in one EXIF byte, so its SHA-256 is new and nothing is deduplicated.
    The runs interleave the full intake, its two heavy parts and the stock ``sha256sum``,
    each on its own fresh copy, so that other work on the machine weighs on all alike.
    """
    photo = phone_photo(SEED)
    vault = new_vault(tmp / "vault", "Rosa")
    try:
        with vault.session() as session:
            incident = records.create(session, "incident", Generator(SEED + 4).incident())
        copies = iter(range(1, 10_000))

        def fresh() -> Path:
            number = next(copies)
            path = tmp / f"IMG_2023010{number:04d}.jpg"
            path.write_bytes(photo_variant(photo, number))
            return path

        media.add_files(vault, incident, [fresh()])  # warm-up: imports, statement caches
        intake, inspect, put, sha256sum = [], [], [], []
        for _ in range(PHOTO_RUNS):
            elapsed, added = timed(media.add_files, vault, incident, [fresh()])
            if len(added) != 1 or added[0].already_attached:
                raise AssertionError("every photo copy must be a new intake")
            intake.append(elapsed)
            inspect.append(timed(media.inspect, fresh())[0])
            with vault.writing("intake"):
                elapsed, stored = timed(vault.objects.put, fresh())
                put.append(elapsed)
                vault.objects.remove(stored.sha256)  # no row refers to it
            path = fresh()
            sha256sum.append(timed(_sha256sum, path)[0])
    finally:
        vault.lock()
    ctx.progress(f"12 MP photo intake timed ({PHOTO_RUNS} runs)")
    what = f"4000x3000, {len(photo) / 1e6:.1f} MB, EXIF with GPS"
    return [
        result(f"intake of a 12 MP JPEG ({what}): media.add_files, median of {PHOTO_RUNS}",
               statistics.median(intake), "s", target=0.040),
        result("  media.inspect alone (sniff, JPEG check, 1/8-scale decode, EXIF, thumbnail)",
               statistics.median(inspect), "s"),
        result("  ObjectStore.put alone (SHA-256, encrypt, fsync)", statistics.median(put),
               "s"),
        result("  sha256sum of the same file (stock tool; process start-up included)",
               statistics.median(sha256sum), "s"),
    ]


def _big_file(ctx: Context, tmp: Path) -> list[Result]:
    """Add one big fake video in a fresh process; report its peak RSS and throughput."""
    size = BIG_QUICK if ctx.quick else BIG_FULL
    label = size_label(size)
    vault = new_vault(tmp / "vault", "Rosa")
    try:
        with vault.session() as session:
            incident = records.create(session, "incident", Generator(SEED + 5).incident())
    finally:
        vault.lock()
    path = tmp / "VID_20230109_154210.mp4"
    ctx.progress(f"writing a {label} video")
    fake_mp4(path, size, SEED + 6)
    ctx.progress(f"adding the {label} video in a fresh process")
    report = worker.run("intake", tmp / "vault", incident, path)
    if report["size"] != size or not report["new"]:
        raise AssertionError(f"the {label} intake stored {report['size']} bytes")
    ctx.progress(f"{label} intake: {report['seconds']:.1f}s, peak {report['peak_mib']:.0f} MiB")
    return [
        *worker.memory_rows(report, f"adding a {label} MP4 (media.add_files)", "the intake"),
        result(f"  time of that {label} intake (in-process: hash, encrypt, fsync, commit)",
               report["seconds"], "s"),
        result(f"  throughput of that {label} intake", size / MIB / report["seconds"],
               "MiB/s"),
    ]


def _sha256sum(path: Path) -> None:
    subprocess.run(["sha256sum", str(path)], check=True, capture_output=True)


def size_label(size: int) -> str:
    """Return a byte count as a round "2 GiB" or "256 MiB" for row names."""
    return f"{size // 1024**3} GiB" if size % 1024**3 == 0 else f"{size // MIB} MiB"
