"""objects/: originals encrypted in chunks, named by a keyed hash, written crash-safe."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from willay.core import stream
from willay.core.errors import WillayError
from willay.core.objects import MAGIC, Cancelled, CancelToken, ObjectStore
from willay.core.vault import Vault


@pytest.fixture(autouse=True)
def writer(vault: Vault) -> Iterator[None]:
    """Only the holder of the writer lock changes objects/; these tests hold it."""
    with vault.writing("intake"):
        yield


def _store(vault: Vault) -> ObjectStore:
    return vault.objects


def test_put_encrypts_and_names_by_keyed_hash(vault: Vault, tmp_path: Path) -> None:
    data = os.urandom(3 * stream.CHUNK + 123)
    source = tmp_path / "foto.jpg"
    source.write_bytes(data)
    store = _store(vault)
    stored = store.put(source)
    sha = hashlib.sha256(data).hexdigest()
    assert stored.sha256 == sha and stored.size == len(data) and stored.new
    blob = stored.path.read_bytes()
    assert blob.startswith(MAGIC) and data[:64] not in blob
    assert sha not in str(stored.path) and sha[:16] not in stored.path.name
    assert oct(stored.path.stat().st_mode & 0o777) == "0o600"
    assert b"".join(store.read_chunks(sha)) == data
    assert store.check(sha, len(data)) is None
    assert source.read_bytes() == data  # the original is untouched


def test_same_bytes_are_stored_once(vault: Vault, tmp_path: Path) -> None:
    (tmp_path / "a.jpg").write_bytes(b"same bytes" * 1000)
    (tmp_path / "b.jpg").write_bytes(b"same bytes" * 1000)
    first = _store(vault).put(tmp_path / "a.jpg")
    second = _store(vault).put(tmp_path / "b.jpg")
    assert first.path == second.path and first.new and not second.new
    files = [p for p in (vault.path / "objects").rglob("*") if p.is_file()]
    assert files == [first.path]


def test_another_vault_names_the_same_file_differently(vault: Vault, tmp_path: Path,
                                                        fast_kdf: object) -> None:
    other, _ = Vault.create(tmp_path / "other", "otra frase bien larga",
                            kdf_params=fast_kdf)  # type: ignore[arg-type]
    sha = hashlib.sha256(b"x").hexdigest()
    assert vault.objects.path_for(sha).name != other.objects.path_for(sha).name
    other.lock()


@pytest.mark.parametrize("where", ["header", "first", "last"])
def test_damage_is_found(vault: Vault, tmp_path: Path, where: str) -> None:
    data = os.urandom(2 * stream.CHUNK + 5)
    (tmp_path / "v.mp4").write_bytes(data)
    stored = _store(vault).put(tmp_path / "v.mp4")
    blob = bytearray(stored.path.read_bytes())
    index = {"header": 3, "first": 100, "last": len(blob) - 3}[where]
    blob[index] ^= 0x40
    stored.path.write_bytes(bytes(blob))
    problem = _store(vault).check(stored.sha256, len(data))
    assert problem is not None and ("damaged" in problem or "failed" in problem)


def test_missing_file_is_found(vault: Vault, tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 test")
    stored = _store(vault).put(tmp_path / "a.pdf")
    stored.path.unlink()
    assert _store(vault).check(stored.sha256, stored.size) == "its encrypted file is missing."


def test_a_full_disk_leaves_nothing_behind(vault: Vault, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "big.mov"
    source.write_bytes(os.urandom(4 * stream.CHUNK))
    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WillayError, match=r"is full \(.*\): big\.mov could not be stored"):
        _store(vault).put(source)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert [p for p in (vault.path / "objects").rglob("*") if p.is_file()] == []


def test_cancel_leaves_nothing_behind(vault: Vault, tmp_path: Path) -> None:
    source = tmp_path / "long.mp4"
    source.write_bytes(os.urandom(8 * stream.CHUNK))
    token = CancelToken()
    seen = []

    def progress(done: int) -> None:
        seen.append(done)
        if done >= 2 * stream.CHUNK:
            token.cancel()

    with pytest.raises(Cancelled):
        _store(vault).put(source, progress, token)
    assert seen and [p for p in (vault.path / "objects").rglob("*") if p.is_file()] == []


def test_only_listed_unreferenced_files_and_temporary_files_are_removed(
        vault: Vault, tmp_path: Path) -> None:
    for name in ("kept", "orphan", "unlisted"):
        (tmp_path / f"{name}.jpg").write_bytes(name.encode())
    store = _store(vault)
    kept, orphan, unlisted = (store.put(tmp_path / f"{n}.jpg")
                              for n in ("kept", "orphan", "unlisted"))
    temp = vault.path / "objects" / ".incoming-deadbeef"
    temp.write_bytes(b"half")
    listed = [store.name_for(kept.sha256), store.name_for(orphan.sha256), "../../keyring.json"]
    assert store.remove_leftovers(listed, {kept.sha256}) == 2
    assert kept.path.exists() and not orphan.path.exists() and not temp.exists()
    assert unlisted.path.exists()  # no row refers to it, but no writer listed it
    assert (vault.path / "keyring.json").exists()


def test_objects_change_only_under_the_writer_lock(vault: Vault, tmp_path: Path) -> None:
    (tmp_path / "foto.jpg").write_bytes(b"foto")
    failures: list[BaseException] = []

    def elsewhere() -> None:  # this test's thread holds the lock, another one does not
        try:
            vault.objects.put(tmp_path / "foto.jpg")
        except BaseException as exc:
            failures.append(exc)

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert len(failures) == 1 and "writer lock" in str(failures[0])
    assert [p for p in (vault.path / "objects").rglob("*") if p.is_file()] == []


def test_written_originals_appear_only_once_settled(vault: Vault) -> None:
    store = _store(vault)
    first, second = os.urandom(stream.CHUNK + 7), os.urandom(5)
    def files() -> set[Path]:
        return {p for p in store.root.rglob("*") if p.is_file()}

    before = files()
    pending = [store.write_pending(io.BytesIO(data), "test") for data in (first, second)]
    shas = [hashlib.sha256(data).hexdigest() for data in (first, second)]
    assert [p.sha256 for p in pending] == shas
    assert not any(store.has(sha) for sha in shas)
    settled = store.settle(pending)
    assert [(s.sha256, s.new) for s in settled] == [(sha, True) for sha in shas]
    assert b"".join(store.read_chunks(shas[0])) == first
    again = store.write_pending(io.BytesIO(second), "test")
    assert [s.new for s in store.settle([again])] == [False]
    dropped = store.write_pending(io.BytesIO(b"never settled"), "test")
    store.discard([dropped])
    assert files() - before == {s.path for s in settled}  # no temporary file is left
