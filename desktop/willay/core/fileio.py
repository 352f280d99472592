"""Crash-safe file writes.

A file or a folder is built under a temporary name beside its destination and renamed
into place once it is whole and on disk, so a crash, a full disk or an error midway
leaves what was there before and no trace of the attempt. Every temporary name starts
with :data:`TEMP_PREFIX`: hidden, and recognisable as Willay's.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from willay.core.errors import DiskFullError, WillayError
from willay.core.i18n import _, number

TEMP_PREFIX = ".willay-tmp-"


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


def temp_path(folder: Path) -> Path:
    """Return a fresh temporary name inside ``folder``, in the one scheme every write uses."""
    return folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}"


def write_failure(what: str, exc: OSError, outcome: str | None = None) -> WillayError:
    """Return the error for a write of ``what`` that the system refused (a full disk, say).

    ``outcome`` is the sentence that follows, by default "Nothing was written."
    """
    return WillayError(_("Could not write {what}: {reason}. {outcome}").format(
        what=what, reason=exc.strerror or exc,
        outcome=_("Nothing was written.") if outcome is None else outcome))


@contextlib.contextmanager
def atomic_file(path: Path, *, what: str | None = None, replace: bool = True,
                outcome: str | None = None,
                failure: Callable[[OSError], WillayError] | None = None
                ) -> Iterator[BinaryIO]:
    """Yield a binary handle whose bytes land at ``path`` whole, or not at all.

    The handle writes a private (0600) temporary file beside ``path``. When the block
    ends the file is flushed, fsynced and renamed into place, and the folder is fsynced.
    With ``replace`` false an existing ``path`` is never overwritten, even one that
    appeared while the block ran. If the block raises (a cancel, an interrupt, a failed
    check) or the system refuses a write, the temporary file is removed and ``path`` is
    left as it was; an ``OSError`` becomes a :class:`WillayError` naming ``what`` (the
    path by default), the system's reason and ``outcome``, or the one ``failure`` makes.
    """
    tmp = temp_path(path.parent)
    created = False
    try:
        with private_new_file(tmp) as out:
            created = True
            yield out
            out.flush()
            os.fsync(out.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            _rename_new(tmp, path)
    except BaseException as exc:
        if created:
            with contextlib.suppress(OSError):
                tmp.unlink()
        if isinstance(exc, OSError):
            if failure is not None:
                raise failure(exc) from exc
            raise write_failure(what or str(path), exc, outcome) from exc
        raise
    fsync_dir(path.parent)


def _rename_new(tmp: Path, path: Path) -> None:
    """Rename ``tmp`` to ``path`` unless something is there, however late it came."""
    try:
        if os.name == "nt":
            os.rename(tmp, path)  # a Windows rename never replaces
        else:
            _link_new(tmp, path)
    except FileExistsError as exc:
        raise WillayError(_("{path} already exists; choose another name. Nothing was "
                            "written.").format(path=path)) from exc


def _link_new(tmp: Path, path: Path) -> None:
    try:
        os.link(tmp, path)  # unlike a POSIX rename, a link refuses an existing name
    except FileExistsError:
        raise
    except OSError:
        # No hard links on this file system (FAT and exFAT sticks, some shares).
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        os.replace(tmp, path)
        return
    with contextlib.suppress(OSError):
        tmp.unlink()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file.

    On failure (a full disk, say) nothing is left behind and ``path`` is untouched.
    """
    with atomic_file(path, outcome=_("Nothing was changed.")) as out:
        out.write(data)


class FolderBuild:
    """A private folder built beside its destination; see :func:`atomic_folder`."""

    def __init__(self, path: Path, target: Path) -> None:
        self.path = path
        self.target = target
        self.published = False
        self._settled = False

    def settle(self) -> None:
        """Put everything the folder holds on the disk (fsync), so that publishing it is
        only a rename."""
        for folder, _subfolders, files in os.walk(self.path):
            for name in files:
                _fsync_file(Path(folder) / name)
            fsync_dir(Path(folder))
        self._settled = True

    def publish(self) -> None:
        """Put the folder in place: fsync all it holds (unless settled), then rename it
        to the target.

        An empty folder already at the target is replaced; anything else there makes the
        rename fail. Calling it again does nothing.
        """
        if self.published:
            return
        if not self._settled:
            self.settle()
        if self.target.exists():
            self.target.rmdir()
        os.replace(self.path, self.target)
        self.published = True
        fsync_dir(self.target.parent)


def _fsync_file(path: Path) -> None:
    # Opened for writing, since Windows flushes only a handle that may write.
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_folder(target: Path, *, what: str | None = None,
                  outcome: str | None = None) -> Iterator[FolderBuild]:
    """Yield a private (0700) folder to fill; it appears at ``target`` whole, or not at all.

    The folder is renamed into place by :meth:`FolderBuild.publish`, which the block may
    call at the moment it chooses (before committing what records it, say), or else when
    the block ends. If the block raises, before that or after (what records it could not
    be committed), the folder and all it holds are removed; an ``OSError`` becomes a
    :class:`WillayError` naming ``what`` (the target by default), the system's reason
    and ``outcome``.
    """
    build = FolderBuild(temp_path(target.parent), target)
    created = False
    try:
        os.mkdir(build.path, 0o700)
        created = True
        yield build
        build.publish()
    except BaseException as exc:
        if created:  # put in place by this block, so nobody else's
            shutil.rmtree(build.target if build.published else build.path,
                          ignore_errors=True)
        if isinstance(exc, OSError):
            raise write_failure(what or str(target), exc, outcome) from exc
        raise


@contextlib.contextmanager
def taken_back_on_failure(path: Path) -> Iterator[None]:
    """Remove the file the block puts at ``path`` if the block raises, also after the
    file is in place: a file whose record (a custody entry, what was sent) could not be
    saved must not leave. ``path`` must be new to the block."""
    try:
        yield
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def private_new_file(path: Path) -> BinaryIO:
    """Create ``path`` for writing, readable only by its owner; fail if it exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "wb")


def disk_full(folder: Path, what: str | None = None) -> DiskFullError:
    """Return the error for a vault whose disk has no room left, saying how much is free
    and, given ``what``, what could not be stored."""
    try:
        stat = os.statvfs(folder)
        free = _("{size} KB free").format(size=number(stat.f_bavail * stat.f_frsize // 1024))
    except (OSError, AttributeError):
        free = _("no room left")
    if what:
        return DiskFullError(_(
            "The disk holding the vault {folder} is full ({free}): {what} could not be "
            "stored. Nothing was changed. Free some space on it, or move the vault to a "
            "larger disk, and try again.").format(folder=folder, free=free, what=what))
    return DiskFullError(_(
        "The disk holding the vault {folder} is full ({free}). Nothing was changed. Free "
        "some space on it, or move the vault to a larger disk, and try again."
    ).format(folder=folder, free=free))


def write_error(folder: Path, exc: OSError, what: str | None = None) -> WillayError:
    """Return the error for a write into the vault's folder that the system refused."""
    if exc.errno == errno.ENOSPC:
        return disk_full(folder, what)
    return WillayError(_("Could not write in the vault {folder}: {reason}. Nothing was "
                         "changed.").format(folder=folder, reason=exc.strerror))
