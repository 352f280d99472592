"""Killing the importer at any moment leaves the vault openable, verified, all or nothing.

``willay-cli import`` runs as a separate process on a copy of the coordinator's vault and
is sent SIGKILL after a random (seeded) delay between zero and the time a whole import
takes. The copy must then unlock, pass ``verify``, hold either none of the bundle or all
of it, miss no original its database refers to, keep no file its database does not
refer to once unlocked (the killed writer's list of pending files is honoured), and accept
the same bundle again.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from tests.photos import photo
from tests.sync.conftest import PASS, introduce, make_vault
from tests.sync.test_sync import INCIDENT, export
from willay.core.media import intake as media
from willay.core.records import service as records
from willay.core.records.verify import verify_vault
from willay.core.sharing import receive as sync_import
from willay.core.vault.models import Media, ReceivedBundle, Revision, StoredObject
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines

PHOTOS = 6  # 2000×1500 noise JPEGs, about 1.6 MB each: an import of a second or two
KILLS = 6
SEED = 20230109


@dataclass(frozen=True)
class Counts:
    """What an import adds: revisions, media records, originals, received bundles."""

    revisions: int
    media: int
    originals: int
    bundles: int


def counts(vault: Vault) -> Counts:
    with vault.session() as session:
        return Counts(*(int(session.exec(select(func.count()).select_from(model)).one())
                        for model in (Revision, Media, StoredObject, ReceivedBundle)))


def missing_originals(vault: Vault) -> list[str]:
    """The originals the database refers to whose encrypted file is not there."""
    with vault.session() as session:
        wanted = session.exec(select(StoredObject.sha256).where(
            col(StoredObject.purged).is_(False))).all()
    return [sha for sha in wanted if not vault.objects.has(sha)]


def stored_files(folder: Path) -> int:
    """How many files the vault's objects/ folder holds."""
    return sum(1 for p in (folder / "objects").rglob("*") if p.is_file())


def cli_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WILLAY_")}
    env.update({"WILLAY_PASSPHRASE": PASS, "WILLAY_KDF_MEMORY_MIB": "64", "PYTHONUTF8": "1"})
    return env


def start_import(vault: Path, bundle: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "willay.cli", "--vault", str(vault), "import", str(bundle)],
        env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def open_vault(path: Path) -> Vault:
    vault = Vault.open(path)
    vault.unlock(PASS)
    return vault


@pytest.mark.slow  # about 15–25 s: six killed imports, each checked and redone
def test_an_import_killed_at_any_moment_leaves_all_or_nothing(tmp_path: Path) -> None:
    field = make_vault(tmp_path / "field", "Rosa")
    coordinator = make_vault(tmp_path / "coordinator", "Coordinadora")
    introduce(field, coordinator)
    with field.session() as session:
        incident = records.create(session, "incident", INCIDENT)
    photos = [tmp_path / f"foto-{i}.jpg" for i in range(PHOTOS)]
    for i, path in enumerate(photos):
        photo(path, size=(2000, 1500), description=f"foto {i}")
    media.add_files(field, incident, photos)
    bundle = tmp_path / "usb" / "rosa-1.willay"
    bundle.parent.mkdir()
    sent = export(field, "Coordinadora", bundle)
    assert sent.media == PHOTOS
    field.lock()
    with coordinator.session() as session:  # the coordinator's own work must survive too
        records.create(session, "incident", {**INCIDENT, "title": "Otro caso"})
    nothing = counts(coordinator)
    coordinator.lock()
    template = tmp_path / "template"
    shutil.copytree(coordinator.path, template)

    measured = tmp_path / "measured"
    shutil.copytree(template, measured)
    started = time.monotonic()
    finished = subprocess.run(
        [sys.executable, "-m", "willay.cli", "--vault", str(measured), "import", str(bundle)],
        env=cli_env(), capture_output=True, text=True, timeout=120, check=False)
    duration = time.monotonic() - started
    assert finished.returncode == 0, finished.stderr
    with open_vault(measured) as vault:
        everything = counts(vault)
    assert everything == Counts(nothing.revisions + sent.revisions, nothing.media + PHOTOS,
                                nothing.originals + PHOTOS, nothing.bundles + 1)

    # Start-up and unlocking take most of that time; how long they take alone:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "willay.cli", "--vault", str(measured), "lock-check"],
                   env=cli_env(), capture_output=True, timeout=120, check=True)
    startup = min(time.monotonic() - started, duration)

    rng = random.Random(SEED)
    outcomes = []
    for kill in range(KILLS):
        # Random delays between zero and the whole import's duration: the first during
        # start-up, the others one in each slice of the import proper, so that the kills
        # spread over reading, storing originals and committing.
        if kill == 0:
            delay = rng.uniform(0, startup)
        else:
            delay = startup + (kill - 1 + rng.random()) / (KILLS - 1) * (duration - startup)
        copy = tmp_path / f"killed-{kill}"
        shutil.copytree(template, copy)
        process = start_import(copy, bundle)
        time.sleep(delay)
        process.kill()
        _out, err = process.communicate(timeout=60)
        assert process.returncode in (0, -9), err.decode()
        left = sum(1 for p in (copy / "objects").rglob("*") if p.is_file())

        with open_vault(copy) as vault:
            report = verify_vault(vault)
            assert report.ok, [str(p) for p in report.problems]
            found = counts(vault)
            assert found in (nothing, everything), (
                f"killed after {delay:.2f} s: {found}, neither {nothing} nor {everything}")
            assert missing_originals(vault) == []
            assert stored_files(copy) == found.originals, "leftovers of the kill remain"
            outcomes.append(f"{delay:.2f} s: {'all' if found == everything else 'none'}"
                            f" ({left} files in objects/)")

            again = sync_import.import_bundle(vault, bundle)
            assert again.already_imported == (found == everything)
            assert counts(vault) == everything
            assert missing_originals(vault) == []
            assert verify_vault(vault).ok
    print(f"import of {duration:.2f} s (start-up {startup:.2f} s) killed at",
          ", ".join(outcomes))
