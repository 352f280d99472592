"""Bundle benchmarks: export, import and re-import of 1 GiB of video against tar and age.

A field vault holds a few hundred records (bulk-loaded like the big archive) and 16
fake MP4 videos attached to incidents; a coordinator vault knows it as a partner. Every
run starts from a clone of the same vault (originals hard-linked, see
:func:`vaults.clone`), so each export sends everything and each import receives
everything. Our operations run in a fresh process that times the call itself (start-up
and unlocking excluded) and reports its peak RSS; the stock pipelines run as subprocess
pipelines on the same plaintext files (export) and the same bundle (import), their
process start-up included.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from willay.core.media import intake as media
from willay.core.vault.identity import own_card

from . import worker
from .context import SEED, Context, timed
from .intake import MIB, size_label
from .loader import bulk_load
from .media_files import fake_mp4
from .results import Result, result
from .vaults import clone, introduce, new_vault, write_age_identity

FILES = 16
FILE_FULL = 64 * MIB
FILE_QUICK = 16 * MIB
INCIDENTS, PEOPLE, TESTIMONIES = 300, 60, 200
PARTNER = "Coordinadora"


def _pipeline(first: list[str], second: list[str], out: Path | None = None) -> None:
    """Run ``first | second`` (``> out`` when given); raise if either command fails."""
    with open(out, "wb") if out is not None else open(os.devnull, "wb") as sink:
        producer = subprocess.Popen(first, stdout=subprocess.PIPE)
        consumer = subprocess.Popen(second, stdin=producer.stdout, stdout=sink)
        assert producer.stdout is not None
        producer.stdout.close()  # the consumer holds the pipe's read end now
        codes = consumer.wait(), producer.wait()
    if any(codes):
        raise RuntimeError(f"{first[0]} | {second[0]} failed with exit codes {codes}")


def _settle_disk() -> None:
    """Let the disk write back what earlier steps left dirty, so no timed run pays for it.

    Each run writes a gigabyte; without this, whichever of ours and the stock pipeline
    runs next is slowed by the other's write-back, and ratios swing by a third.
    """
    os.sync()
    time.sleep(1)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    """Make a written file durable as bundle.seal does: the file, then its folder."""
    _fsync(path)
    _fsync(path.parent)


def _fsync_tree(root: Path) -> None:
    """Make an extracted tree durable as the import does: every file and folder."""
    for folder, _dirs, files in os.walk(root):
        for name in files:
            _fsync(Path(folder, name))
        _fsync(Path(folder))


def bench_bundles(ctx: Context) -> list[Result]:
    """Export, import and re-import of about 1 GiB of media, against tar and age."""
    with tempfile.TemporaryDirectory(prefix="bundles-", dir=ctx.tmp) as tmp:
        return _bundles(ctx, Path(tmp))


def _bundles(ctx: Context, tmp: Path) -> list[Result]:
    per_file = FILE_QUICK if ctx.quick else FILE_FULL
    runs = 1 if ctx.quick else 3
    total = size_label(FILES * per_file)
    ctx.progress(f"writing {FILES} videos of {size_label(per_file)}, loading the field vault")
    sources = tmp / "media"
    sources.mkdir()
    names = [f"VID_202301{day:02d}_1542.mp4" for day in range(1, FILES + 1)]
    for number, name in enumerate(names):
        fake_mp4(sources / name, per_file, SEED + 100 + number)
    field = new_vault(tmp / "field", "Rosa")
    coordinator = new_vault(tmp / "coordinator", PARTNER)
    try:
        loaded = bulk_load(field, incidents=INCIDENTS, people=PEOPLE, testimonies=TESTIMONIES,
                           seed=SEED + 7, progress=lambda _message: None)
        for incident, name in zip(loaded.incidents, names, strict=False):
            media.add_files(field, incident, [sources / name])
        introduce(field, coordinator)
        with field.session() as session:
            field_recipient = own_card(session).age_recipient
        with coordinator.session() as session:
            coordinator_recipient = own_card(session).age_recipient
        identity_path = write_age_identity(coordinator, tmp / "coordinator-identity.txt")
    finally:
        field.lock()
        coordinator.lock()

    tar_age = (["tar", "cf", "-", "-C", str(sources), *names],
               ["age", "-r", coordinator_recipient, "-r", field_recipient])
    ours_export: list[float] = []
    stock_export: list[float] = []
    stock_export_sync: list[float] = []
    export_reports = []
    bundle = tmp / "bundle.willay"
    stock_out = tmp / "stock.tar.age"
    stock_size = 0
    for run in range(runs):
        ctx.progress(f"export {run + 1}/{runs}: export_bundle, then tar | age")
        copy = clone(tmp / "field", tmp / f"field-{run}")
        out = bundle if run == 0 else tmp / f"bundle-{run}.willay"
        _settle_disk()
        report = worker.run("export", copy, PARTNER, out)
        if report["media"] != FILES:
            raise AssertionError(f"the export carried {report['media']} of {FILES} videos")
        shutil.rmtree(copy)
        if out != bundle:
            out.unlink()
        export_reports.append(report)
        ours_export.append(report["seconds"])
        _settle_disk()
        piped = timed(_pipeline, *tar_age, stock_out)[0]
        stock_export.append(piped)
        stock_export_sync.append(piped + timed(_fsync_file, stock_out)[0])
        stock_size = stock_out.stat().st_size
        stock_out.unlink()

    age_tar = (["age", "-d", "-i", str(identity_path), str(bundle)],
               ["tar", "xf", "-", "-C", str(tmp / "extracted")])
    ours_import: list[float] = []
    again: list[float] = []
    stock_import: list[float] = []
    stock_import_sync: list[float] = []
    import_reports = []
    for run in range(runs):
        ctx.progress(f"import {run + 1}/{runs}: import_bundle and again, then age -d | tar x")
        copy = clone(tmp / "coordinator", tmp / f"coordinator-{run}")
        _settle_disk()
        report = worker.run("import", copy, bundle)
        if report["new_media"] != FILES or not report["again_already_imported"]:
            raise AssertionError(f"the import stored {report['new_media']} of {FILES} videos")
        shutil.rmtree(copy)
        import_reports.append(report)
        ours_import.append(report["seconds"])
        again.append(report["again_seconds"])
        extracted = tmp / "extracted"
        extracted.mkdir()
        _settle_disk()
        piped = timed(_pipeline, *age_tar)[0]
        stock_import.append(piped)
        stock_import_sync.append(piped + timed(_fsync_tree, extracted)[0])
        shutil.rmtree(extracted)

    export_peak = max(export_reports, key=lambda r: r["peak_mib"])
    import_peak = max(import_reports, key=lambda r: r["peak_mib"])
    first_export = export_reports[0]
    median = statistics.median
    sealing = median(r["seal_seconds"] for r in export_reports)
    storing = median(r["media_seconds"] for r in import_reports)
    what = (f"{total} video ({FILES} MP4s) + {INCIDENTS + PEOPLE + TESTIMONIES} records"
            f"{'' if runs == 1 else f', median of {runs}'}")
    ctx.progress(f"bundle figures done: export {median(ours_export):.1f}s vs "
                 f"{median(stock_export_sync):.1f}s, import {median(ours_import):.1f}s vs "
                 f"{median(stock_import_sync):.1f}s")
    return [
        result(f"export_bundle, {what}; vs tar | age > file + fsync",
               median(ours_export), "s", baseline=median(stock_export_sync), target=0.6),
        result("  export_bundle vs tar | age > file alone (no fsync)", median(ours_export),
               "s", baseline=median(stock_export)),
        result("  of which bundle.seal (tar, age, fsync of the stream) vs tar | age + fsync",
               sealing, "s", baseline=median(stock_export_sync)),
        result(f"  bundle size vs tar | age output ({first_export['revisions']} revisions, "
               f"{first_export['custody_events']} custody events)",
               bundle.stat().st_size / MIB, "MiB", baseline=stock_size / MIB),
        *worker.memory_rows(export_peak, f"exporting {total} (export_bundle)", "the export"),
        result(f"import_bundle of that bundle, {total}; vs age -d | tar x + fsync of each "
               "file", median(ours_import), "s", baseline=median(stock_import_sync),
               target=0.9),
        result("  import_bundle vs age -d | tar x alone (no fsync)", median(ours_import), "s",
               baseline=median(stock_import)),
        result("  of which storing the originals (age, tar, SHA-256, encrypt, fsync) vs "
               "age -d | tar x + fsync", storing, "s", baseline=median(stock_import_sync)),
        *worker.memory_rows(import_peak, f"importing {total} (import_bundle)", "the import"),
        result(f"re-import of the same bundle (already imported: every byte read and "
               f"checked again, nothing written), {total}; vs the first import",
               median(again), "s", baseline=median(ours_import), target=0.4),
    ]
