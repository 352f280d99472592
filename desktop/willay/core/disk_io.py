"""Long reads and writes (a bundle, an original) that go to and from the disk directly.

Written bytes otherwise wait in the system's memory until the fsync at the end, which
then waits for all of them: the disk idles while a bundle is encrypted, a USB stick's
progress bar reaches the end minutes before the write does, and a gigabyte of bundle
pushes the vault's own pages out of memory. Where the file system allows it (Linux's
``O_DIRECT``), each full 8 MiB block is handed straight to the disk by a helper thread
while the next one is filled; the last, partial block is written normally. Elsewhere the
bytes are written normally and the system is asked to start writing each 8 MiB at once
(``sync_file_range``, which does not wait). Either way the caller's fsync at the end
still decides what is durable.

Reading a large file through the system's memory likewise costs more than reading it from
the disk: :func:`open_for_reading` reads files of a block or more directly, a block ahead
in a helper thread, so the disk works while the last block is decrypted.
"""

from __future__ import annotations

import contextlib
import errno
import io
import mmap
import os
import stat
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from queue import Queue
from types import TracebackType
from typing import Any, BinaryIO

try:
    import fcntl
except ImportError:  # Windows: no direct writes
    fcntl = None  # type: ignore[assignment]

BLOCK_BYTES = 8 * 1024 * 1024  # how much is handed to the disk at a time
_ALIGN = 4096  # direct writes start at, and span, whole blocks of the disk
_DIRECT = getattr(os, "O_DIRECT", 0) if fcntl is not None else 0
_READ_BUFFER = 64 * 1024  # reads of an encrypted piece (64 KiB + 16) bypass it whole
_START_WRITE = getattr(os, "sync_file_range", None)
_WRITE_FLAG = getattr(os, "SYNC_FILE_RANGE_WRITE", 0)


class DiskWriter:
    """A writer over an open file that hands its bytes to the disk as they come.

    Use it as a context manager around everything written to ``out`` after it: leaving
    the block normally writes what is still held (before the caller's fsync); leaving it
    by an exception waits for the write in progress and writes nothing more. A refused
    write (a full disk) is raised from the :meth:`write` that follows it, or at the end.
    """

    def __init__(self, out: BinaryIO) -> None:
        out.flush()
        self._out = out
        self._fd = out.fileno()
        self._written = os.lseek(self._fd, 0, os.SEEK_CUR)
        self._started = self._written  # the bytes before this were already handed over
        # Whether blocks go through the buffers and the helper thread (decided here, once),
        # and whether the file still takes direct writes (only the writing side changes it).
        self._direct = self._written % _ALIGN == 0 and _set_direct(self._fd, True)
        self._fd_direct = self._direct
        self._buffers: list[mmap.mmap] = []
        self._filling = 0  # which buffer is being filled
        self._held = 0  # bytes in it
        self._pool: ThreadPoolExecutor | None = None
        self._in_flight: Future[None] | None = None

    def __enter__(self) -> DiskWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if kind is None:
                self._finish()
            else:
                self._settle(raise_error=False)
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
            for buffer in self._buffers:
                with contextlib.suppress(BufferError):  # still viewed: freed when collected
                    buffer.close()
            if self._fd_direct:
                _set_direct(self._fd, False)

    def write(self, data: bytes | bytearray | memoryview) -> int:
        """Write ``data``; return its length."""
        if not self._direct:
            return self._write_normally(data)
        view = memoryview(data).cast("B")
        taken = 0
        while taken < len(view):
            buffer = self._buffer()
            take = min(BLOCK_BYTES - self._held, len(view) - taken)
            buffer[self._held:self._held + take] = view[taken:taken + take]
            self._held += take
            taken += take
            if self._held == BLOCK_BYTES:
                self._hand_over()
        return len(view)

    def _write_normally(self, data: bytes | bytearray | memoryview) -> int:
        count = self._out.write(data)
        self._written += count
        if self._written - self._started >= BLOCK_BYTES and _START_WRITE is not None:
            self._out.flush()
            _START_WRITE(self._fd, self._started, self._written - self._started,
                         _WRITE_FLAG)
            self._started = self._written
        return count

    def _buffer(self) -> mmap.mmap:
        # Anonymous maps start on a page boundary, as direct writes need.
        while len(self._buffers) <= self._filling:
            self._buffers.append(mmap.mmap(-1, BLOCK_BYTES))
        return self._buffers[self._filling]

    def _hand_over(self) -> None:
        """Send the full buffer to the disk and go on filling the other one."""
        self._settle(raise_error=True)  # the other buffer is free again
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="willay-disk")
        self._in_flight = self._pool.submit(self._write_buffer, self._filling, BLOCK_BYTES)
        self._filling = 1 - self._filling
        self._held = 0

    def _write_buffer(self, which: int, size: int) -> None:
        """Write the first ``size`` bytes of buffer ``which``; never two writes at once."""
        with memoryview(self._buffers[which]) as whole, whole[:size] as block:
            done, self._fd_direct = _transfer(self._fd, block, os.write, self._fd_direct)
        if done < size:  # a write that took nothing: never silently short
            raise OSError(errno.EIO, os.strerror(errno.EIO))

    def _settle(self, raise_error: bool) -> None:
        """Wait for the write in progress; raise what it raised if asked to."""
        in_flight, self._in_flight = self._in_flight, None
        if in_flight is None:
            return
        error = in_flight.exception()
        if error is not None and raise_error:
            raise error

    def _finish(self) -> None:
        self._settle(raise_error=True)
        if self._direct and self._held:
            if self._fd_direct:  # a partial block cannot be written directly
                self._fd_direct = _set_direct(self._fd, False)
            self._write_buffer(self._filling, self._held)
        self._held = 0


def open_for_reading(path: Path) -> BinaryIO:
    """Open ``path`` to be read once, from start to end, as a binary file.

    A file of a block or more on a file system that allows it is read straight from the
    disk, a block ahead in a helper thread, unless the system already holds it in memory
    (just copied, say: from there it reads ten times faster than from the disk); any
    other file is opened as usual. Raises
    what ``open`` raises (``FileNotFoundError``, ``IsADirectoryError``, ...).
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if (not stat.S_ISREG(info.st_mode) or info.st_size < BLOCK_BYTES
                or _in_memory(fd, info.st_size) or not _set_direct(fd, True)):
            return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    return io.BufferedReader(_ReadAhead(fd), buffer_size=_READ_BUFFER)


class _ReadAhead(io.RawIOBase):
    """The raw bytes of an open file, read a block ahead by a helper thread.

    Two page-aligned buffers take turns: one is read into while the other is given out.
    """

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd
        self._fd_direct = True
        self._buffers = [mmap.mmap(-1, BLOCK_BYTES), mmap.mmap(-1, BLOCK_BYTES)]
        self._free: Queue[mmap.mmap | None] = Queue()
        self._full: Queue[tuple[mmap.mmap, int] | BaseException] = Queue()
        for buffer in self._buffers:
            self._free.put(buffer)
        self._current: mmap.mmap | None = None
        self._size = self._offset = 0
        self._ended = False
        self._reader = threading.Thread(target=self._read_ahead, name="willay-disk-read",
                                        daemon=True)
        self._reader.start()

    def readable(self) -> bool:
        """Return True: this file is read."""
        return True

    def fileno(self) -> int:
        """Return the open file's descriptor (for ``os.fstat``)."""
        return self._fd

    def readinto(self, target: Any) -> int:
        """Copy the next bytes into ``target``; return how many (0 at the end)."""
        while self._current is None or self._offset == self._size:
            if self._current is not None:
                last = self._size < BLOCK_BYTES
                self._free.put(self._current)
                self._current = None
                if last:
                    self._ended = True
            if self._ended:
                return 0
            item = self._full.get()
            if isinstance(item, BaseException):
                self._ended = True
                raise item
            self._current, self._size = item
            self._offset = 0
        with memoryview(target) as out, memoryview(self._current) as block:
            count = min(len(out), self._size - self._offset)
            out[:count] = block[self._offset:self._offset + count]
        self._offset += count
        return count

    def close(self) -> None:
        """Stop reading ahead, then close the file."""
        if self.closed:
            return
        self._free.put(None)  # wakes the reader if it waits for a buffer
        self._ended = True
        while self._reader.is_alive():
            with contextlib.suppress(Exception):
                self._free.put(None)
            self._reader.join(timeout=0.1)
        os.close(self._fd)
        for buffer in self._buffers:
            with contextlib.suppress(BufferError):
                buffer.close()
        super().close()

    def _read_ahead(self) -> None:
        try:
            while (buffer := self._free.get()) is not None:
                count = self._fill(buffer)
                self._full.put((buffer, count))
                if count < BLOCK_BYTES:
                    return
        except BaseException as exc:  # handed to the reading side, which raises it
            self._full.put(exc)

    def _fill(self, buffer: mmap.mmap) -> int:
        with memoryview(buffer) as whole:
            done, self._fd_direct = _transfer(self._fd, whole, _read_into, self._fd_direct)
        return done


def _read_into(fd: int, target: memoryview) -> int:
    return os.readv(fd, [target])


def _transfer(fd: int, view: memoryview, step: Callable[[int, memoryview], int],
              direct: bool) -> tuple[int, bool]:
    """Write or read all of ``view`` with ``step`` (``os.write``, :func:`_read_into`),
    up to the end of the file for a read; return how many bytes moved and whether ``fd``
    still takes direct transfers.

    One the file system refuses to make directly (``EINVAL``: it takes the flag but not
    the transfers) is made again normally; after a short one, which leaves the next off
    a block of the disk, the rest is moved normally too. Every view is released on the
    way out, even by an error (a traceback keeps its frames' variables, and a buffer
    still viewed cannot be closed).
    """
    done = 0
    while done < len(view):
        try:
            with view[done:] as rest:
                count = step(fd, rest)
        except OSError as exc:
            if exc.errno != errno.EINVAL or not direct:
                raise
            direct = _set_direct(fd, False)
            continue
        if count == 0:  # the end of the file
            break
        if count < len(view) - done and direct:
            direct = _set_direct(fd, False)
        done += count
    return done, direct


def _in_memory(fd: int, size: int) -> bool:
    """Whether the system holds the start and the middle of the file in memory (a read
    that would have to wait for the disk is refused at once, ``RWF_NOWAIT``)."""
    nowait = getattr(os, "RWF_NOWAIT", 0)
    if not nowait or not hasattr(os, "preadv"):
        return False
    probe = bytearray(_ALIGN)
    try:
        return all(os.preadv(fd, [probe], offset, nowait) > 0 for offset in (0, size // 2))
    except OSError:  # BlockingIOError: not in memory; or no such reads here
        return False


def _set_direct(fd: int, on: bool) -> bool:
    """Turn direct writes on or off for ``fd``; return whether they are now on."""
    if not _DIRECT:
        return False
    try:
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags | _DIRECT if on else flags & ~_DIRECT)
    except OSError:
        return False  # this file system does not offer them (tmpfs, some shares)
    return on
