"""Two processes on one vault never cost an original.

Each scenario runs real ``willay-cli`` processes (not threads) on one vault folder: an
intake while another process keeps unlocking the vault, two imports of one bundle at
once, a writer killed while another one waits. Afterwards every original the database
refers to is on disk and verifies, and a receipt lists only what is there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import func, select

from tests.photos import photo
from tests.sync.conftest import PASS, introduce, make_vault
from tests.sync.test_import_killed import cli_env, missing_originals, open_vault, stored_files
from tests.sync.test_sync import INCIDENT, export
from willay.core.errors import VaultBusyError
from willay.core.media import intake as media
from willay.core.records import service as records
from willay.core.records.verify import verify_vault
from willay.core.sharing import delivery
from willay.core.sharing import receive as sync_import
from willay.core.vault.models import ReceivedItem
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines

# A second process that, like a window left open, unlocks the vault again and again. Each
# round first makes every file in objects/ look an hour old, as if the intake beside it
# had been running that long.
UNLOCKER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from willay.core.vault.vault import Vault
    folder, stop = Path(sys.argv[1]), Path(sys.argv[2])
    rounds = 0
    while not stop.exists():
        old = time.time() - 3600
        for path in (folder / "objects").rglob("*"):
            try:
                os.utime(path, (old, old))
            except OSError:
                pass
        vault = Vault.open(folder)
        vault.unlock(os.environ["WILLAY_PASSPHRASE"])
        vault.lock()
        rounds += 1
    print(rounds)
""")


def cli(vault: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "willay.cli", "--vault", str(vault), "--json", *args],
        env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow  # about 10 s: twenty photos taken in while another process unlocks
def test_an_unlock_elsewhere_never_removes_a_running_intakes_originals(tmp_path: Path
                                                                       ) -> None:
    vault = make_vault(tmp_path / "vault", "Rosa")
    with vault.session() as session:
        incident = records.create(session, "incident", INCIDENT)
    vault.lock()
    photos = []
    for i in range(20):
        photos.append(tmp_path / f"foto-{i:02}.jpg")
        photo(photos[-1], size=(2000, 1500), description=f"foto {i}")

    stop = tmp_path / "stop"
    unlocker = subprocess.Popen([sys.executable, "-c", UNLOCKER, str(vault.path), str(stop)],
                                env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
    try:
        intake = cli(vault.path, "media", "add", incident, *map(str, photos))
        out, err = intake.communicate(timeout=300)
    finally:
        stop.touch()
        rounds, unlock_err = unlocker.communicate(timeout=60)
    assert unlocker.returncode == 0, unlock_err
    assert int(rounds) >= 2, "the other process should have unlocked during the intake"
    assert intake.returncode == 0, err
    added = json.loads(out)
    assert len(added) == 20

    with open_vault(vault.path) as again:
        assert missing_originals(again) == []
        report = verify_vault(again)
        assert report.ok, [str(p) for p in report.problems]
        assert report.objects == 20


def test_two_imports_of_one_bundle_at_once_one_wins(tmp_path: Path) -> None:
    field = make_vault(tmp_path / "field", "Rosa")
    coordinator = make_vault(tmp_path / "coordinator", "Coordinadora")
    introduce(field, coordinator)
    with field.session() as session:
        incident = records.create(session, "incident", INCIDENT)
    photos = []
    for i in range(6):
        photos.append(tmp_path / f"foto-{i}.jpg")
        photo(photos[-1], size=(2000, 1500), description=f"foto {i}")
    media.add_files(field, incident, photos)
    bundle = tmp_path / "rosa-1.willay"
    export(field, "Coordinadora", bundle)
    field.lock()
    coordinator.lock()

    for trial in range(2):
        copy = tmp_path / f"coordinator-{trial}"
        subprocess.run(["cp", "-a", str(coordinator.path), str(copy)], check=True)
        # A third writer holds the vault until both imports are started and waiting, so
        # that they meet however slow this machine is; then they race for it.
        with open_vault(copy) as holder, holder.writing("intake"):
            first, second = cli(copy, "import", str(bundle)), cli(copy, "import", str(bundle))
            for process in (first, second):
                assert process.stderr is not None
                said = process.stderr.readline()
                assert "adding files" in said and "waiting" in said, said
        results = [process.communicate(timeout=300) for process in (first, second)]
        for process, (_out, err) in zip((first, second), results, strict=True):
            assert process.returncode == 0, err
        done = [json.loads(out) for out, _err in results]
        assert sorted(d["already_imported"] for d in done) == [False, True]

        with open_vault(copy) as vault:
            assert missing_originals(vault) == []
            report = verify_vault(vault)
            assert report.ok, [str(p) for p in report.problems]
            assert report.objects == 6
            receipt = delivery.write_receipt(vault, done[0]["id"],
                                             tmp_path / f"receipt-{trial}.willay")
            with vault.session() as session:
                received = session.exec(select(func.count()).select_from(ReceivedItem)).one()
            assert (receipt.items, receipt.left_out) == (received, 0)


def test_a_second_writer_is_refused_clearly_when_the_first_does_not_finish(
        vault_pair: tuple[Vault, Vault]) -> None:
    holder, other = vault_pair
    with holder.writing("import"):
        started = time.monotonic()
        with pytest.raises(VaultBusyError) as refused, other.writing("intake", wait=0.3):
            pass
        assert time.monotonic() - started >= 0.3
    message = str(refused.value)
    assert f"process {os.getpid()}" in message
    assert "importing a bundle" in message
    assert "nothing was changed" in message.lower()
    with other.writing("intake"):  # free again
        pass


def test_a_writer_killed_mid_intake_leaves_files_the_next_writer_removes(tmp_path: Path
                                                                          ) -> None:
    vault = make_vault(tmp_path / "vault", "Rosa")
    with vault.session() as session:
        incident = records.create(session, "incident", INCIDENT)
    kept = tmp_path / "kept.jpg"
    photo(kept, description="kept")
    media.add_files(vault, incident, [kept])
    vault.lock()
    photos = []
    for i in range(12):
        photos.append(tmp_path / f"foto-{i:02}.jpg")
        photo(photos[-1], size=(2000, 1500), description=f"foto {i}")

    intake = cli(vault.path, "media", "add", incident, *map(str, photos))
    objects = vault.path / "objects"
    deadline = time.monotonic() + 120
    while sum(1 for p in objects.rglob("*") if p.is_file()) < 4:  # some put in place
        assert intake.poll() is None, intake.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    intake.kill()
    intake.communicate(timeout=60)
    left = sum(1 for p in objects.rglob("*") if p.is_file())
    assert left >= 4

    with open_vault(vault.path) as again:
        assert sum(1 for p in objects.rglob("*") if p.is_file()) == 1  # only the kept one
        assert missing_originals(again) == []
        assert verify_vault(again).ok
        media.add_files(again, incident, photos)
        assert verify_vault(again).objects == 13


def test_a_file_no_row_refers_to_is_not_deleted_for_that_alone(tmp_path: Path) -> None:
    """A database put back from an older backup must not cost the originals added since."""
    vault = make_vault(tmp_path / "vault", "Rosa")
    with vault.session() as session:
        incident = records.create(session, "incident", INCIDENT)
    vault.lock()
    backup = tmp_path / "archive.db.bak"
    subprocess.run(["cp", "-a", str(vault.path / "archive.db"), str(backup)], check=True)
    later = tmp_path / "later.jpg"
    photo(later, description="later")
    with open_vault(vault.path) as again:
        added = media.add_files(again, incident, [later])
    for stale in vault.path.glob("archive.db*"):
        stale.unlink()
    subprocess.run(["cp", "-a", str(backup), str(vault.path / "archive.db")], check=True)
    other = tmp_path / "other.jpg"
    photo(other, description="other")
    with open_vault(vault.path) as restored:
        media.add_files(restored, incident, [other])  # a writer's work, with its clean-up
    with open_vault(vault.path) as restored:
        assert restored.objects.has(added[0].sha256)


@pytest.fixture
def vault_pair(tmp_path: Path) -> Iterator[tuple[Vault, Vault]]:
    """One vault folder opened twice, as by two processes."""
    first = make_vault(tmp_path / "vault", "Rosa")
    second = Vault.open(first.path)
    second.unlock(PASS)
    yield first, second
    first.lock()
    second.lock()


@pytest.mark.slow  # about 20 s: a purge killed at five moments, each with an unlock beside
def test_a_purge_killed_at_any_moment_with_an_unlock_beside_costs_nothing_kept(
        tmp_path: Path) -> None:
    field = make_vault(tmp_path / "field", "Rosa")
    coordinator = make_vault(tmp_path / "coordinator", "Coordinadora")
    introduce(field, coordinator)
    with field.session() as session:
        incident = records.create(session, "incident", INCIDENT)
    sent_photos: list[Path] = []
    kept_photos: list[Path] = []
    for i in range(16):
        (sent_photos if i < 12 else kept_photos).append(tmp_path / f"foto-{i:02}.jpg")
        photo((sent_photos + kept_photos)[-1], size=(2000, 1500), description=f"foto {i}")
    media.add_files(field, incident, sent_photos)
    sent = export(field, "Coordinadora", tmp_path / "b.willay")
    sync_import.import_bundle(coordinator, tmp_path / "b.willay")
    delivery.write_receipt(coordinator, sent.bundle_id, tmp_path / "r.willay")
    sync_import.import_bundle(field, tmp_path / "r.willay")
    kept = media.add_files(field, incident, kept_photos)  # added after: not delivered
    field.lock()
    coordinator.lock()
    template = tmp_path / "template"
    subprocess.run(["cp", "-a", str(field.path), str(template)], check=True)

    outcomes = []
    measured = tmp_path / "measured"
    subprocess.run(["cp", "-a", str(template), str(measured)], check=True)
    started = time.monotonic()
    whole = cli(measured, "purge", "--delivered")
    assert whole.wait(timeout=120) == 0
    duration = time.monotonic() - started
    # Spread over the whole run, start-up included, the last ones near its end, where the
    # purge commits and then removes the files.
    for kill, share in enumerate((0.2, 0.5, 0.8, 0.9, 0.97)):
        delay = share * duration
        copy = tmp_path / f"killed-{kill}"
        subprocess.run(["cp", "-a", str(template), str(copy)], check=True)
        purge = cli(copy, "purge", "--delivered")
        unlock = subprocess.Popen([sys.executable, "-c", UNLOCKER, str(copy), str(copy / "x")],
                                  env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(delay)
        purge.kill()
        purge.communicate(timeout=60)
        outcomes.append(f"{delay:.2f} s: {stored_files(copy)} files left")
        (copy / "x").touch()
        unlock.communicate(timeout=60)
        with open_vault(copy) as vault:
            assert missing_originals(vault) == [], f"killed after {delay} s"
            assert all(vault.objects.has(item.sha256) for item in kept)
            assert verify_vault(vault).ok
            delivery.purge_delivered(vault)  # finishes what the kill interrupted
            assert missing_originals(vault) == []
            assert stored_files(copy) == len(kept)
            report = verify_vault(vault)
            assert report.ok and report.objects == len(kept)
            assert report.purged == len(sent_photos)
    print(f"purge of {duration:.2f} s killed at", ", ".join(outcomes))
