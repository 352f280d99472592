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
from hypothesis import given
from hypothesis import strategies as st

from willay.core.errors import VerificationError, WillayError
from willay.core.formats import stream
from willay.core.formats.padding import padme
from willay.core.keys.kdf import KdfParams
from willay.core.progress import Cancelled, CancelToken
from willay.core.vault.objects import MAGIC, MAGIC_V1, ObjectStore
from willay.core.vault.vault import Vault


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
                                                        fast_kdf: KdfParams) -> None:
    other, _ = Vault.create(tmp_path / "other", "otra frase bien larga",
                            kdf_params=fast_kdf)
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
    pending = [store.write_pending(io.BytesIO(data), "test", size=len(data))
               for data in (first, second)]
    shas = [hashlib.sha256(data).hexdigest() for data in (first, second)]
    assert [p.sha256 for p in pending] == shas
    assert not any(store.has(sha) for sha in shas)
    settled = store.settle(pending)
    assert [(s.sha256, s.new) for s in settled] == [(sha, True) for sha in shas]
    assert b"".join(store.read_chunks(shas[0])) == first
    again = store.write_pending(io.BytesIO(second), "test", size=len(second))
    assert [s.new for s in store.settle([again])] == [False]
    dropped = store.write_pending(io.BytesIO(b"never settled"), "test", size=13)
    store.discard([dropped])
    assert files() - before == {s.path for s in settled}  # no temporary file is left


# Padding: format 2 pads (8-byte length header + plaintext) to its Padmé length.

HEADER = len(MAGIC) + stream.NONCE_BYTES


def _objects(vault: Vault) -> list[Path]:
    return [p for p in (vault.path / "objects").rglob("*") if p.is_file()]


def _file_size(plain_size: int) -> int:
    """The size of a format-2 object file holding ``plain_size`` bytes."""
    padded = padme(8 + plain_size)
    return HEADER + padded + max(1, -(-padded // stream.CHUNK)) * stream.TAG


PADME = {  # worked out by hand: E = floor(log2 L), S = floor(log2 E) + 1, E - S bits
    0: 0, 1: 1, 2: 2, 3: 3, 7: 7, 8: 8, 9: 10, 15: 16, 16: 16, 17: 18, 31: 32, 32: 32,
    33: 36, 63: 64, 64: 64, 65: 72, 127: 128, 128: 128, 129: 144, 255: 256, 256: 256,
    257: 272, 1000: 1024, 1025: 1088, 65535: 65536, 65536: 65536, 65537: 67584,
    1_000_000: 1_015_808, 2**30 + 1: 2**30 + 2**25,
}


def test_padme_matches_hand_computed_values() -> None:  # one test: each sets up a vault
    assert {length: padme(length) for length in PADME} == PADME


def test_padme_refuses_a_negative_length() -> None:
    with pytest.raises(ValueError, match="negative"):
        padme(-1)


def test_padme_stays_within_12_percent_for_every_small_length() -> None:
    for length in range(1, 1 << 17):
        padded = padme(length)
        assert length <= padded <= length * 1.12
        assert padme(padded) == padded


@given(st.integers(min_value=1, max_value=2**44))
def test_padme_overhead_is_bounded(length: int) -> None:
    padded = padme(length)
    assert length <= padded <= length * 1.12 and padme(padded) == padded
    if length >= 1 << 16:
        assert padded <= length * 1.03125
    # the whole object file (header, nonce, tags) costs at most 12 % from 1 KiB on
    assert length < 1024 or _file_size(length) <= length * 1.12


def test_sizes_in_one_bucket_give_files_of_one_size(vault: Vault, tmp_path: Path) -> None:
    small = 3 * stream.CHUNK + 123
    large = padme(8 + small) - 8
    assert large - small > 1000  # two quite different originals
    paths = []
    for size in (small, large):
        (tmp_path / f"{size}.jpg").write_bytes(os.urandom(size))
        paths.append(_store(vault).put(tmp_path / f"{size}.jpg").path)
    assert paths[0].stat().st_size == paths[1].stat().st_size == _file_size(small)
    one_more = padme(8 + large + 1) - 8  # the next bucket up
    (tmp_path / "next.jpg").write_bytes(os.urandom(large + 1))
    assert _store(vault).put(tmp_path / "next.jpg").path.stat().st_size \
        == _file_size(one_more) > _file_size(small)


@pytest.mark.parametrize("size", [
    0, 1, 7, 100, stream.CHUNK - 9, stream.CHUNK - 8, stream.CHUNK - 7, stream.CHUNK - 1,
    stream.CHUNK, stream.CHUNK + 1, 2 * stream.CHUNK - 8, 5 * stream.CHUNK + 77,
])
def test_round_trip_yields_the_plaintext_only(vault: Vault, tmp_path: Path, size: int) -> None:
    data = os.urandom(size)
    (tmp_path / "a.bin").write_bytes(data)
    store = _store(vault)
    stored = store.put(tmp_path / "a.bin")
    assert stored.size == size and stored.path.stat().st_size == _file_size(size)
    assert stored.path.read_bytes()[:len(MAGIC)] == MAGIC
    chunks = list(store.read_chunks(stored.sha256))
    assert b"".join(chunks) == data and all(chunks)
    assert max((len(c) for c in chunks), default=0) <= stream.CHUNK
    assert store.check(stored.sha256, size) is None
    assert store.check(stored.sha256, size + 1) == f"its size is {size} bytes, not {size + 1}"


def _write_by_hand(vault: Vault, magic: bytes, payload: bytes) -> str:
    """Store ``payload`` as the stream of an object, as if its plaintext were ``payload``;
    return the SHA-256 it is filed under."""
    store = _store(vault)
    sha = hashlib.sha256(payload).hexdigest()
    nonce = os.urandom(stream.NONCE_BYTES)
    key = stream.payload_key(vault.subkey("objects"), nonce)
    path = store.path_for(sha)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    path.write_bytes(magic + nonce + b"".join(stream.encrypt_chunks(key, io.BytesIO(payload))))
    return sha


@pytest.mark.parametrize("size", [0, 1, stream.CHUNK, 3 * stream.CHUNK + 5])
def test_format_1_files_are_still_read_and_checked(vault: Vault, size: int) -> None:
    data = os.urandom(size)
    sha = _write_by_hand(vault, MAGIC_V1, data)
    store = _store(vault)
    assert store.has(sha)
    assert b"".join(store.read_chunks(sha)) == data
    assert store.check(sha, size) is None
    assert store.check(sha, size + 1) is not None


def test_damage_in_the_padding_is_found(vault: Vault, tmp_path: Path) -> None:
    data = os.urandom(2 * stream.CHUNK + 100)
    (tmp_path / "p.jpg").write_bytes(data)
    stored = _store(vault).put(tmp_path / "p.jpg")
    blob = bytearray(stored.path.read_bytes())
    padding = padme(8 + len(data)) - 8 - len(data)
    assert padding > 40
    blob[len(blob) - stream.TAG - padding // 2] ^= 0x01  # in the encrypted padding
    stored.path.write_bytes(bytes(blob))
    problem = _store(vault).check(stored.sha256, len(data))
    assert problem is not None and "damaged (altered or corrupted) from byte" in problem


def _framed(data: bytes, length: int | None = None, pad: bytes | None = None) -> bytes:
    length = len(data) if length is None else length
    if pad is None:
        pad = bytes(padme(8 + len(data)) - 8 - len(data))
    return length.to_bytes(8, "big") + data + pad


@pytest.mark.parametrize(("payload", "says"), [
    (_framed(b"x" * 1000, pad=b"\0" * 23 + b"\1"), "its padding is not all zeros"),
    (_framed(b"x" * 1000, length=1017), "announces 1017 bytes, more than it can hold"),
    (_framed(b"x" * 1000, length=2**63), "more than it can hold"),
    (_framed(b"x" * 900 + bytes(100), length=900), "its padding is not of the expected length"),
    (_framed(b"x" * 1000, pad=bytes(100)), "its padding is not of the expected length"),
    (_framed(b"x" * 1000, pad=b""), "its padding is not of the expected length"),
    (b"\0" * 5, "the length written at its start is missing"),
])
def test_a_format_2_stream_that_breaks_the_layout_is_damage(vault: Vault, payload: bytes,
                                                             says: str) -> None:
    # Well authenticated, but not what the writer writes: the reader stays strict.
    sha = _write_by_hand(vault, MAGIC, payload)
    problem = _store(vault).check(sha, 1000)
    assert problem is not None and problem.startswith("its encrypted file is damaged")
    assert says in problem
    with pytest.raises(VerificationError, match="damaged"):
        b"".join(_store(vault).read_chunks(sha))


def test_a_hand_written_format_2_stream_is_read(vault: Vault) -> None:
    # The layout the tests above break, written the same way, reads back.
    data = os.urandom(stream.CHUNK + 3)
    sha = _write_by_hand(vault, MAGIC, _framed(data))  # filed under the framed bytes' hash
    assert b"".join(_store(vault).read_chunks(sha)) == data


@pytest.mark.parametrize("change", ["grows", "shrinks"])
def test_a_source_that_changes_while_read_is_refused(vault: Vault, tmp_path: Path,
                                                     change: str) -> None:
    source = tmp_path / "live.mp4"
    source.write_bytes(os.urandom(4 * stream.CHUNK))
    changed: list[int] = []

    def progress(done: int) -> None:
        if not changed:
            changed.append(done)
            if change == "grows":
                with open(source, "ab") as more:
                    more.write(b"more frames")
            else:
                os.truncate(source, 2 * stream.CHUNK)

    with pytest.raises(WillayError, match=r"live\.mp4 changed size while it was read"):
        _store(vault).put(source, progress)
    assert changed and _objects(vault) == []


@pytest.mark.parametrize("size", [0, 9, 11])
def test_a_stream_of_another_size_than_announced_is_refused(vault: Vault, size: int) -> None:
    with pytest.raises(WillayError, match="test changed size") as raised:
        _store(vault).put_stream(io.BytesIO(b"ten bytes!"), "test", size=size)
    assert not isinstance(raised.value, VerificationError)
    with pytest.raises(VerificationError,
                       match=r"test: its size does not match the bundle.s list of what it holds"):
        _store(vault).put_stream(io.BytesIO(b"ten bytes!"), "test", expected_size=size)
    assert _objects(vault) == []


def test_the_size_must_be_known_before_writing(vault: Vault) -> None:
    with pytest.raises(ValueError, match="size must be known"):
        _store(vault).write_pending(io.BytesIO(b"data"), "test")
    assert _objects(vault) == []
    stored = _store(vault).put_stream(io.BytesIO(b"data"), "test", expected_size=4)
    assert stored.size == 4 and b"".join(_store(vault).read_chunks(stored.sha256)) == b"data"
