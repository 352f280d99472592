"""Crash-safe file writes."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from typing import BinaryIO

from willay.core.errors import DiskFullError, WillayError


def fsync_dir(path: Path) -> None:
    """Flush a directory entry change (a rename or unlink) to disk where the OS allows."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file.

    The bytes go to a temporary file beside ``path`` that is fsynced and renamed over it.
    On failure (a full disk, say) the temporary file is removed and ``path`` is untouched.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise WillayError(
            f"Could not write {path}: {exc.strerror or exc}. Nothing was changed."
        ) from exc
    fsync_dir(path.parent)


def private_new_file(path: Path) -> BinaryIO:
    """Create ``path`` for writing, readable only by its owner; fail if it exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "wb")


def disk_full(folder: Path, what: str | None = None) -> DiskFullError:
    """Return the error for a vault whose disk has no room left, saying how much is free
    and, given ``what``, what could not be stored."""
    try:
        stat = os.statvfs(folder)
        free = f"{stat.f_bavail * stat.f_frsize // 1024:,} KB free"
    except (OSError, AttributeError):
        free = "no room left"
    stored = f": {what} could not be stored" if what else ""
    return DiskFullError(
        f"The disk holding the vault {folder} is full ({free}){stored}. Nothing was changed. "
        "Free some space on it, or move the vault to a larger disk, and try again.")


def write_error(folder: Path, exc: OSError, what: str | None = None) -> WillayError:
    """Return the error for a write into the vault's folder that the system refused."""
    if exc.errno == errno.ENOSPC:
        return disk_full(folder, what)
    return WillayError(f"Could not write in the vault {folder}: {exc.strerror}. Nothing was "
                       "changed.")
