"""Long writes go to the disk as they are made, byte for byte, and fail leaving nothing."""

from __future__ import annotations

import errno
import fcntl
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from willay.core import disk_io
from willay.core.disk_io import BLOCK_BYTES, DiskWriter, open_for_reading
from willay.core.errors import WillayError
from willay.core.fileio import atomic_file

PIECE = os.urandom(65552)  # the size of one encrypted piece of a bundle
REAL_WRITE = os.write


def _direct_possible(folder: Path) -> bool:
    probe = folder / "probe"
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_DIRECT)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
        probe.unlink()


@pytest.fixture
def writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, bool]]:
    """Every write the writer makes: its size, and whether it went straight to the disk."""
    if not _direct_possible(tmp_path):
        pytest.skip("this file system offers no direct writes")
    seen: list[tuple[int, bool]] = []

    def spy(fd: int, data: Any) -> int:
        seen.append((len(data), bool(fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_DIRECT)))
        return REAL_WRITE(fd, data)

    monkeypatch.setattr(os, "write", spy)
    return seen


def _write(target: Path, pieces: int, header: bytes = b"") -> None:
    with atomic_file(target) as out:
        out.write(header)
        with DiskWriter(out) as writer:
            for _ in range(pieces):
                writer.write(PIECE)


def test_full_blocks_go_straight_to_the_disk_and_the_file_is_exact(
        tmp_path: Path, writes: list[tuple[int, bool]]) -> None:
    target = tmp_path / "b.willay"
    _write(target, 300)  # 18.75 MiB: two full blocks and a part
    assert target.read_bytes() == PIECE * 300
    tail = 300 * len(PIECE) - 2 * BLOCK_BYTES
    assert writes == [(BLOCK_BYTES, True), (BLOCK_BYTES, True), (tail, False)]


def test_a_small_file_is_written_normally_once(
        tmp_path: Path, writes: list[tuple[int, bool]]) -> None:
    target = tmp_path / "photo"
    _write(target, 3)
    assert target.read_bytes() == PIECE * 3
    assert writes == [(3 * len(PIECE), False)]


def test_a_file_system_refusing_direct_writes_gets_them_normally(
        tmp_path: Path, writes: list[tuple[int, bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = os.write  # the recording one

    def refuse_direct(fd: int, data: Any) -> int:
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_DIRECT:
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        return spy(fd, data)

    monkeypatch.setattr(os, "write", refuse_direct)
    target = tmp_path / "b.willay"
    _write(target, 300)
    assert target.read_bytes() == PIECE * 300
    assert all(not direct for _size, direct in writes)


def test_a_short_write_is_finished_normally(
        tmp_path: Path, writes: list[tuple[int, bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = os.write  # the recording one
    shortened: list[int] = []

    def short_once(fd: int, data: Any) -> int:
        if not shortened:
            shortened.append(len(data))
            return spy(fd, memoryview(data)[:4096 * 3])
        return spy(fd, data)

    monkeypatch.setattr(os, "write", short_once)
    target = tmp_path / "b.willay"
    _write(target, 300)
    assert target.read_bytes() == PIECE * 300
    assert writes[0] == (4096 * 3, True) and not any(direct for _s, direct in writes[1:])


def test_a_full_disk_during_a_block_leaves_nothing(
        tmp_path: Path, writes: list[tuple[int, bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = os.write  # the recording one

    def fills_up(fd: int, data: Any) -> int:
        if writes:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return spy(fd, data)

    monkeypatch.setattr(os, "write", fills_up)
    with pytest.raises(WillayError, match=r"No space left on device\. Nothing was written"):
        _write(tmp_path / "b.willay", 600)
    assert list(tmp_path.iterdir()) == []


def test_a_failure_in_the_block_writes_nothing_more(
        tmp_path: Path, writes: list[tuple[int, bool]]) -> None:
    class Cancelled(Exception):
        pass

    with pytest.raises(Cancelled), atomic_file(tmp_path / "b.willay") as out, \
            DiskWriter(out) as writer:
        for _ in range(200):  # one block and a part
            writer.write(PIECE)
        raise Cancelled
    assert writes == [(BLOCK_BYTES, True)]
    assert list(tmp_path.iterdir()) == []


def test_after_a_header_the_system_is_asked_to_start_each_block(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Not on a block of the disk: written normally, each 8 MiB handed over at once.
    started: list[tuple[int, int]] = []
    real: Callable[..., None] | None = disk_io._START_WRITE

    def start_write(fd: int, offset: int, count: int, flags: int) -> None:
        assert os.fstat(fd).st_size >= offset + count  # handed over before asking
        started.append((offset, count))
        if real is not None:
            real(fd, offset, count, flags)

    monkeypatch.setattr(disk_io, "_START_WRITE", start_write)
    target = tmp_path / "b.willay"
    _write(target, 300, header=b"header")
    assert target.read_bytes() == b"header" + PIECE * 300
    assert [offset for offset, _count in started] == [6, 6 + started[0][1]]
    assert all(count >= BLOCK_BYTES for _offset, count in started)


def test_a_full_disk_seen_while_handing_over_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(*_args: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(disk_io, "_START_WRITE", no_space)
    with pytest.raises(WillayError, match="Nothing was written"):
        _write(tmp_path / "b.willay", 200, header=b"x")
    assert list(tmp_path.iterdir()) == []


def _on_disk_only(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, then have the system forget the copy it holds in memory."""
    path.write_bytes(data)
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


@pytest.mark.parametrize("size", [0, 5, BLOCK_BYTES - 1, BLOCK_BYTES, 2 * BLOCK_BYTES,
                                  2 * BLOCK_BYTES + 4097])
def test_a_file_read_for_once_gives_back_every_byte(tmp_path: Path, size: int) -> None:
    path = tmp_path / "bundle"
    data = os.urandom(size)
    _on_disk_only(path, data)
    with open_for_reading(path) as handle:
        assert os.fstat(handle.fileno()).st_size == size
        head = handle.readline(100)  # the age header is read line by line
        rest = bytearray()
        while piece := handle.read(65552):
            rest += piece
    assert head + rest == data


def _spy_on_reads(folder: Path, monkeypatch: pytest.MonkeyPatch,
                  refuse_direct: bool = False) -> list[bool]:
    """Record whether each read went straight to the disk (refused then, if asked)."""
    if not _direct_possible(folder):
        pytest.skip("this file system offers no direct reads")
    reads: list[bool] = []
    real = os.readv

    def spy(fd: int, buffers: Any) -> int:
        direct = bool(fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_DIRECT)
        reads.append(direct)
        if direct and refuse_direct:
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        return real(fd, buffers)

    monkeypatch.setattr(os, "readv", spy)
    return reads


def test_a_large_file_is_read_straight_from_the_disk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = _spy_on_reads(tmp_path, monkeypatch)
    path = tmp_path / "bundle"
    data = os.urandom(3 * BLOCK_BYTES + 100)
    _on_disk_only(path, data)
    with open_for_reading(path) as handle:
        assert handle.read() == data
    assert reads[:3] == [True, True, True]
    reads.clear()
    # Now in memory (it was just read normally): read from there, not from the disk.
    assert path.read_bytes() == data
    with open_for_reading(path) as handle:
        assert handle.read() == data
    assert reads == []


def test_a_file_system_refusing_direct_reads_is_read_normally(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = _spy_on_reads(tmp_path, monkeypatch, refuse_direct=True)
    path = tmp_path / "bundle"
    data = os.urandom(2 * BLOCK_BYTES + 7)
    _on_disk_only(path, data)
    with open_for_reading(path) as handle:
        assert handle.read() == data
    assert reads.count(True) == 1  # asked once, then read normally


def test_a_read_error_reaches_the_reader_and_closing_early_stops_the_helper(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.readv
    calls: list[int] = []

    def fails_second(fd: int, buffers: Any) -> int:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real(fd, buffers)

    monkeypatch.setattr(os, "readv", fails_second)
    path = tmp_path / "bundle"
    _on_disk_only(path, os.urandom(3 * BLOCK_BYTES))
    with open_for_reading(path) as handle, pytest.raises(OSError, match=os.strerror(errno.EIO)):
        handle.read()
    monkeypatch.setattr(os, "readv", real)
    _on_disk_only(path, os.urandom(3 * BLOCK_BYTES))
    before = threading.active_count()
    with open_for_reading(path) as handle:
        handle.read(10)  # the rest is never read
    assert threading.active_count() <= before


def test_a_missing_file_and_a_folder_are_refused_as_open_refuses_them(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        open_for_reading(tmp_path / "missing")
    with pytest.raises(IsADirectoryError):
        open_for_reading(tmp_path)
