"""A throwaway PostgreSQL server for the hub benchmarks, set up as docs/hub.md sets one up.

The hub's tests start theirs with ``fsync=off`` (:mod:`tests.postgres`), which is right
for tests and wrong for a benchmark: a vault makes each commit durable, and so must the
hub it is measured against. This one keeps PostgreSQL's defaults (those of Debian's
package: 128 MB of shared buffers, ``fsync`` and ``synchronous_commit`` on) and, like the
tests' server, listens on a Unix socket only. Its folder is made in the system's
temporary folder, which the ``postgres`` user can reach when the benchmarks run as root;
a data folder kept from an earlier run is copied there first (:func:`server`).
"""

from __future__ import annotations

import os
import pwd
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from tests import postgres


@dataclass(frozen=True)
class Server:
    """A running server: its data folder, its socket folder and its superuser."""

    data: Path
    socket: Path
    user: str

    def url(self, database: str = "postgres") -> str:
        """The address of ``database`` on this server."""
        return f"postgresql://{self.user}@/{database}?host={self.socket}"

    def new_database(self, name: str | None = None) -> str:
        """Make an empty database as a hub needs it (C ordering, UTF-8); return its address."""
        return postgres.new_database(self.url, name)


def bin_dir() -> Path:
    """The folder of the newest installed PostgreSQL's programs."""
    found = postgres.bin_dir()
    if found is None:
        raise RuntimeError("PostgreSQL is not installed (Debian's postgresql package); the "
                           "hub benchmarks need a real server.")
    return found


def _run(*args: object) -> None:
    postgres.run_as_server(*args, timeout=600)


def _give_to_server(path: Path) -> None:
    """Make ``path`` and everything in it the ``postgres`` user's, when running as root."""
    if os.geteuid() != 0:
        return
    record = pwd.getpwnam("postgres")
    os.chown(path, record.pw_uid, record.pw_gid)
    for folder, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(folder, name), record.pw_uid, record.pw_gid)


@contextmanager
def server(kept: Path | None = None, save_to: Path | None = None) -> Iterator[Server]:
    """Start a server on a new data folder, or on a copy of the ``kept`` one; stop it and
    remove its folder after (copying its data folder to ``save_to`` first, if given and
    the block ended without an error)."""
    programs = bin_dir()
    root = Path(tempfile.mkdtemp(prefix="willay-bench-hub-"))
    user = postgres.server_user()
    running = Server(root / "data", root / "socket", user)
    running.socket.mkdir()
    try:
        if kept is None:
            _give_to_server(root)
            _run(programs / "initdb", "-D", running.data, "-U", user, "--auth=trust",
                 "-E", "UTF8", "--locale=C.UTF-8")
        else:
            shutil.copytree(kept, running.data)
            _give_to_server(root)
        _run(programs / "pg_ctl", "-D", running.data, "-l", root / "log", "-w", "-o",
             f"-k {running.socket} -c listen_addresses=''", "start")
        try:
            yield running
        finally:
            _run(programs / "pg_ctl", "-D", running.data, "-m", "fast", "-w", "stop")
        if save_to is not None:
            shutil.copytree(running.data, save_to)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def as_role(url: str, role: str) -> str:
    """Return ``url`` connecting as the database role ``role`` (a coordinator's own)."""
    return make_url(url).set(username=role).render_as_string(hide_password=False)
