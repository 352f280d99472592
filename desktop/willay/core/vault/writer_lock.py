"""One writer at a time per vault, across processes and across the tasks of one window.

Every change to ``objects/`` (taking in files, importing a bundle, purging, making a
copy for export or redaction) happens while its process holds an exclusive lock from the
operating system on ``writer.lock`` in the vault folder. The system drops the lock when
the process ends, however it ends, so a killed writer never keeps the vault busy.

While it holds the lock a writer lists in ``pending-objects``, before putting it in
place, every file it adds to ``objects/`` that the database does not refer to yet. The
vault removes the listed files that no row refers to when the work ends and when the next
writer starts (a writer that was killed leaves its list behind), and nothing else: a file
is never judged by its age, nor deleted only because no row refers to it, which would
cost the originals added since a database was put back from an older backup.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from willay.core.errors import VaultBusyError
from willay.core.fileio import fsync_dir
from willay.core.i18n import _

LOCK_FILE = "writer.lock"
JOURNAL_FILE = "pending-objects"
WAIT_SECONDS = 120.0
_POLL_SECONDS = 0.1
_WINDOWS_LOCK_OFFSET = 1 << 20  # Windows locks a byte range; keep it clear of the holder note

# The activities a writer notes in the lock file.
ACTIVITIES = ("intake", "import", "export", "purge", "redaction", "cleanup")


def activity_text(activity: str) -> str:
    """Say what a writer doing ``activity`` is doing, to someone waiting for it."""
    return {
        "intake": _("adding files"),
        "import": _("importing a bundle"),
        "export": _("exporting a bundle"),
        "purge": _("removing delivered originals"),
        "redaction": _("making a copy with parts hidden"),
        "cleanup": _("tidying the vault's files"),
    }.get(activity, _("changing it"))



@dataclass(frozen=True)
class Holder:
    """Who holds a vault's writer lock, as far as its note says (nothing is secret here)."""

    folder: Path
    here: bool = False  # another task of this very process
    pid: int | None = None
    activity: str = ""  # one of ACTIVITIES
    since: str = ""  # HH:MM, local time

    def who(self) -> str:
        """Name the holder in words."""
        if self.here:
            return _("another task in this window")
        if self.pid is None:
            return _("another Willay window or command")
        doing = activity_text(self.activity)
        if self.since:
            return _("another Willay window or command (process {pid}, {doing} since "
                     "{since})").format(pid=self.pid, doing=doing, since=self.since)
        return _("another Willay window or command (process {pid}, {doing})").format(
            pid=self.pid, doing=doing)

    def waiting_message(self) -> str:
        """What a writer waiting for this holder says."""
        return _("The vault {folder} is being changed by {who}; waiting for it to "
                 "finish…").format(folder=self.folder, who=self.who())

    def busy_message(self) -> str:
        """What a writer that waited in vain says."""
        return _("The vault {folder} is being changed by {who}. Nothing was changed; try "
                 "again when it has finished.").format(folder=self.folder, who=self.who())


# Told once that a writer waits (with whom for), then None once it holds the lock.
Waiting = Callable[[Holder | None], None]


class WriterLock:
    """The writer lock of one vault folder, held by at most one thread of one process."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._turn = threading.Lock()  # tasks of this process queue here first
        self._owner: int | None = None
        self._depth = 0
        self.claimed_here: dict[str, str] = {}  # name to SHA-256, of this holder's claims

    @property
    def journal(self) -> Path:
        """The list of files put in objects/ by the current or a killed writer."""
        return self.folder / JOURNAL_FILE

    @property
    def held_here(self) -> bool:
        """Whether the calling thread holds the lock."""
        return self._owner == threading.get_ident()

    @contextmanager
    def hold(self, activity: str, wait: float = WAIT_SECONDS,
             waiting: Waiting | None = None) -> Iterator[bool]:
        """Hold the lock for ``activity``; yield whether this is the outermost hold.

        A thread already holding it holds it again. Otherwise this waits up to ``wait``
        seconds, telling ``waiting`` once what it waits for, then raises VaultBusyError.
        """
        if self.held_here:
            self._depth += 1
            try:
                yield False
            finally:
                self._depth -= 1
            return
        deadline = time.monotonic() + wait
        told = False
        while not self._turn.acquire(timeout=_POLL_SECONDS):
            holder = Holder(self.folder, here=True)
            if time.monotonic() >= deadline:
                raise VaultBusyError(holder.busy_message())
            if not told and waiting is not None:
                waiting(holder)
                told = True
        try:
            handle = self._open()
            try:
                while not try_lock_file(handle):
                    holder = self._holder()
                    if time.monotonic() >= deadline:
                        raise VaultBusyError(holder.busy_message())
                    if not told and waiting is not None:
                        waiting(holder)
                        told = True
                    time.sleep(_POLL_SECONDS)
                _note_holder(handle, activity)
                if told and waiting is not None:
                    waiting(None)
                self._owner, self._depth = threading.get_ident(), 1
                try:
                    yield True
                finally:
                    self._owner, self._depth = None, 0
                    _clear_note(handle)
                    unlock_file(handle)
            finally:
                handle.close()
        finally:
            self._turn.release()

    def claim(self, names: dict[str, str]) -> None:
        """List object files (name to SHA-256) about to be put in place, durably, before
        they are. Only the names go to the disk; the hashes stay in memory."""
        self.require()
        if not names:
            return
        with open(self.journal, "a", encoding="ascii") as out:
            out.write("".join(f"{name}\n" for name in names))
            out.flush()
            os.fsync(out.fileno())
        self.claimed_here.update(names)

    def claimed(self) -> list[str]:
        """The names listed by the current or a killed writer (complete lines only)."""
        try:
            text = self.journal.read_text(encoding="ascii", errors="replace")
        except FileNotFoundError:
            return []
        lines = text.split("\n")[:-1]  # a line cut short by a kill has no newline
        return [line for line in lines if line]

    def forget_claims(self) -> None:
        """Empty the list once every listed file is referred to or removed."""
        self.require()
        self.claimed_here.clear()
        with contextlib.suppress(FileNotFoundError):
            self.journal.unlink()
            fsync_dir(self.folder)

    def require(self) -> None:
        """Refuse to change objects/ without holding the lock (a programming error)."""
        if not self.held_here:
            raise RuntimeError(_("objects/ changed without holding the vault's writer lock"))

    def _open(self) -> IO[str]:
        fd = os.open(self.folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        return os.fdopen(fd, "r+", encoding="utf-8")

    def _holder(self) -> Holder:
        try:
            doc = json.loads((self.folder / LOCK_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            doc = None  # being written by the holder this very moment
        if not isinstance(doc, dict) or not isinstance(doc.get("pid"), int):
            return Holder(self.folder)
        return Holder(self.folder, pid=doc["pid"], activity=str(doc.get("activity", "")),
                      since=str(doc.get("since", ""))[11:16])


def _note_holder(handle: IO[str], activity: str) -> None:
    # Not secret: who holds the lock and what for, so that a waiting process can say it.
    note = json.dumps({"pid": os.getpid(), "activity": activity,
                       "since": datetime.now().astimezone().isoformat(timespec="seconds")})
    with contextlib.suppress(OSError):  # a full disk: the waiting side says less, that is all
        handle.seek(0)
        handle.truncate()
        handle.write(note)
        handle.flush()


def _clear_note(handle: IO[str]) -> None:
    # An idle vault's lock file is empty again, so that work that ends leaves it as it was.
    with contextlib.suppress(OSError):
        handle.seek(0)
        handle.truncate()
        handle.flush()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def try_lock_file(handle: IO[str]) -> bool:
        """Take the system's exclusive lock on an open file without waiting; say if taken."""
        handle.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def unlock_file(handle: IO[str]) -> None:
        """Release the lock :func:`try_lock_file` took."""
        handle.seek(_WINDOWS_LOCK_OFFSET)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def try_lock_file(handle: IO[str]) -> bool:
        """Take the system's exclusive lock on an open file without waiting; say if taken."""
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def unlock_file(handle: IO[str]) -> None:
        """Release the lock :func:`try_lock_file` took."""
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
