"""What the benchmarks share: the synthetic archive, its plain copy, timing helpers."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, event, select, text
from sqlmodel import col

from willay.core.keys import kdf
from willay.core.vault import database
from willay.core.vault.models import Record
from willay.core.vault.vault import Vault

from .loader import Loaded, bulk_load, verify_projection

T = TypeVar("T")
PASSPHRASE = "wayra pampa kallpa 2023"
SEED = 20230109
PAGE_SIZE = 200  # the window's page of the incident list (gui/models/paged.py)


@dataclass(frozen=True)
class Sizes:
    """How many records of each kind the synthetic archive holds."""

    incidents: int
    people: int
    testimonies: int


FULL = Sizes(incidents=1_000_000, people=200_000, testimonies=1_000_000)
QUICK = Sizes(incidents=100_000, people=20_000, testimonies=100_000)
ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".bench-cache"
# What the synthetic rows are made by: a change here builds the archive again. A change of
# schema does not; the cached vault upgrades itself as a documenter's vault would.
MADE_BY = ("tests/benchmarks/loader.py", "tests/benchmarks/synthetic.py")


@dataclass(frozen=True)
class Archive:
    """The loaded (locked) vault and its plain, unencrypted copy."""

    vault: Path
    plain: Path
    loaded: Loaded


class Context:
    """What the benchmarks share: options, a temporary folder, the lazily built archive."""

    def __init__(self, sizes: Sizes, tmp: Path, quick: bool) -> None:
        self.sizes = sizes
        self.tmp = tmp
        self.quick = quick
        self.started = time.perf_counter()
        self._params: kdf.KdfParams | None = None
        self._archive: Archive | None = None

    def progress(self, message: str) -> None:
        """Print a progress line to stderr with the elapsed time."""
        print(f"[{time.perf_counter() - self.started:6.1f}s] {message}", file=sys.stderr,
              flush=True)

    @property
    def kdf_params(self) -> kdf.KdfParams:
        """Argon2id parameters from ``kdf.calibrate()`` on this machine (computed once)."""
        if self._params is None:
            if os.environ.get(kdf.MEMORY_ENV):
                self.progress(f"note: {kdf.MEMORY_ENV} is set; calibration is bypassed")
            self._params = kdf.calibrate()
            self.progress(f"calibrated KDF: {self._params.memory_kib // 1024} MiB, "
                          f"t={self._params.iterations}, p={self._params.lanes}")
        return self._params

    @property
    def archive(self) -> Archive:
        """The synthetic archive, built on first use."""
        if self._archive is None:
            self._archive = self._build_archive()
        return self._archive

    def _build_archive(self) -> Archive:
        """Copy the cached archive of these sizes, building it first if there is none."""
        entry = CACHE / archive_key(self.sizes)
        if not (entry / "ready").exists():
            shutil.rmtree(entry, ignore_errors=True)
            entry.mkdir(parents=True)
            self._load(entry / "vault")
            (entry / "ready").write_text(time.strftime("%Y-%m-%d %H:%M\n"))
        else:
            self.progress(f"using the archive cached in {entry.relative_to(ROOT)} (built "
                          f"{(entry / 'ready').read_text().strip()})")
        with unlocked(entry / "vault") as vault:  # upgrades it, as the app would
            revision = database.current_revision(vault.engine) or ""
            marked = entry / "plain-revision"
            if not marked.exists() or marked.read_text() != revision:
                self.progress(f"schema {revision}: exporting the plain copy")
                _export_plain(vault, entry / "plain.db")
                marked.write_text(revision)
            loaded = loaded_ids(vault)
        # An upgrade keeps a copy of the database from before it, as it should for a
        # documenter; a copy the size of the archive has no use here.
        shutil.rmtree(entry / "vault" / "backups", ignore_errors=True)
        path = self.tmp / "vault"
        self.progress("copying the vault, so that this run changes only its own copy")
        shutil.copytree(entry / "vault", path)
        return Archive(path, entry / "plain.db", loaded)

    def _load(self, path: Path) -> None:
        s = self.sizes
        self.progress(f"creating a vault with the calibrated KDF, loading {s.incidents:,} "
                      f"incidents, {s.people:,} people, {s.testimonies:,} testimonies (kept "
                      "for later runs)")
        vault, _code = Vault.create(path, PASSPHRASE, "Red de Defensa del Sur (sintética)",
                                    "Banco de pruebas", kdf_params=self.kdf_params)
        try:
            loaded = bulk_load(vault, incidents=s.incidents, people=s.people,
                               testimonies=s.testimonies, seed=SEED, progress=self.progress)
            _list_words(vault)
            self.progress(f"loaded in {loaded.seconds:.1f}s; checking rows against "
                          "projection.project")
            checked = verify_projection(vault, loaded)
            self.progress(f"{checked} sampled records re-projected identically, custody "
                          "events valid")
        finally:
            vault.lock()
        mib = sum(f.stat().st_size for f in path.glob("archive.db*")) / 2**20
        self.progress(f"archive ready: {mib:,.0f} MiB encrypted")

    def label(self, count: int) -> str:
        """Return ``count`` formatted for row names."""
        return f"{count:,}"


def archive_key(sizes: Sizes) -> str:
    """Name the cached archive by its sizes, seed and the code that makes its rows."""
    digest = hashlib.sha256(repr((sizes, SEED)).encode())
    for name in MADE_BY:
        digest.update((ROOT / name).read_bytes())
    return f"{sizes.incidents}-{digest.hexdigest()[:12]}"


def _list_words(vault: Vault) -> None:
    """List the loaded index's words in ``search_word``, as upgrading to 0013 does.

    Here and not in the loader, whose code names the cached archives: archives cached
    before that migration get the very same rows from it.
    """
    with vault.session() as session:
        session.execute(text("CREATE VIRTUAL TABLE temp.loaded_words "
                             "USING fts5vocab(main, search_index, 'row')"))
        session.execute(text("INSERT OR IGNORE INTO search_word (word) "
                             "SELECT term FROM temp.loaded_words"))
        session.execute(text("DROP TABLE temp.loaded_words"))


def _export_plain(vault: Vault, plain: Path) -> None:
    """Write the unencrypted copy of ``vault`` that the baselines run on."""
    plain.unlink(missing_ok=True)
    raw = vault.engine.raw_connection()
    try:
        quoted = str(plain).replace("'", "''")
        raw.cursor().execute(f"ATTACH DATABASE '{quoted}' AS plaintext KEY ''")
        raw.cursor().execute("SELECT sqlcipher_export('plaintext')")
        raw.cursor().execute("DETACH DATABASE plaintext")
    finally:
        raw.close()


def loaded_ids(vault: Vault) -> Loaded:
    """Return the ids of a loaded archive's records of each kind, in loading order."""
    loaded = Loaded()
    with vault.session() as session:
        for kind, ids in (("incident", loaded.incidents), ("person", loaded.people),
                          ("testimony", loaded.testimonies)):
            ids.extend(session.execute(select(col(Record.id)).where(
                col(Record.kind) == kind).order_by(text("record.rowid"))).scalars())
    return loaded


def timed(action: Callable[..., T], *args: Any) -> tuple[float, T]:
    """Call ``action(*args)``; return the seconds it took and its result."""
    start = time.perf_counter()
    value = action(*args)
    return time.perf_counter() - start, value


@contextmanager
def unlocked(path: Path) -> Iterator[Vault]:
    """Open and unlock the vault at ``path`` with the benchmark passphrase; lock after."""
    vault = Vault.open(path)
    vault.unlock(PASSPHRASE)
    try:
        yield vault
    finally:
        vault.lock()


@contextmanager
def kdf_stopwatch() -> Iterator[list[float]]:
    """Time every ``kdf.derive`` call made inside the block, with whatever parameters.

    Unlocking derives the key-encryption key once, with the vault's own parameters;
    timing that very derivation lets "beyond the KDF" figures subtract it exactly
    instead of a separately measured (and differently noisy) derivation.
    """
    spent: list[float] = []
    original = kdf.derive

    def derive(passphrase: str, params: kdf.KdfParams) -> bytes:
        start = time.perf_counter()
        try:
            return original(passphrase, params)
        finally:
            spent.append(time.perf_counter() - start)

    kdf.derive = derive
    try:
        yield spent
    finally:
        kdf.derive = original


def capture(engine: Engine, action: Callable[[], Any]) -> list[tuple[str, Any]]:
    """Run ``action``; return the statements and parameters it sent to the driver."""
    sent: list[tuple[str, Any]] = []

    def listener(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.strip().upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return sent


def replay(conn: Any, statements: list[tuple[str, Any]]) -> list[Any]:
    """Execute captured statements on a DB-API connection; return the last one's rows."""
    rows: list[Any] = []
    for sql, params in statements:
        cursor = conn.cursor()
        cursor.execute(sql, params)
        rows = list(cursor.fetchall())
    return rows
