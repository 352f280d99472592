"""A throwaway PostgreSQL cluster for the hub's tests: initdb and pg_ctl in a temporary
folder, reached through a Unix socket only (no TCP port is opened)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy


def bin_dir() -> Path | None:
    """The folder of the newest installed PostgreSQL's programs (None when there is none)."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return versions[-1].parent if versions else None


@dataclass
class Cluster:
    """A running cluster: its folder, its socket folder and the superuser's name."""

    root: Path
    bin: Path
    user: str

    @property
    def socket(self) -> Path:
        """The folder of the cluster's Unix socket."""
        return self.root / "socket"

    def url(self, database: str = "postgres") -> str:
        """The address of ``database`` on this cluster."""
        return f"postgresql://{self.user}@/{database}?host={self.socket}"

    def new_database(self) -> str:
        """Make an empty database as a hub needs it (C ordering, UTF-8); return its address."""
        return new_database(self.url)

    def copy_database(self, template: str) -> str:
        """Make a new database as a copy of ``template`` (which nobody may be connected
        to); return its address."""
        name = "hub_" + uuid.uuid4().hex[:12]
        engine = sqlalchemy.create_engine(self.url().replace("postgresql://",
                                                             "postgresql+psycopg://"),
                                          isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE {name} TEMPLATE "{template}"')
        engine.dispose()
        return self.url(name)

    def stop(self) -> None:
        """Stop the cluster and remove its folder."""
        self._run(self.bin / "pg_ctl", "-D", str(self.root / "data"), "-m", "immediate",
                  "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, *args: object, check: bool = True) -> subprocess.CompletedProcess[str]:
        return run_as_server(*args, check=check)


def server_user() -> str:
    """The server's superuser: ``postgres`` when running as root, else this user."""
    return "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name


def run_as_server(*args: object, check: bool = True, timeout: float = 120
                  ) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL program, as the ``postgres`` user when running as root (initdb
    and postgres refuse to run as root)."""
    command = [str(a) for a in args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, capture_output=True, text=True, check=check,
                          timeout=timeout)


def new_database(url: Callable[[str], str], name: str | None = None) -> str:
    """Make an empty database as a hub needs it (C ordering, UTF-8) on the server whose
    addresses ``url(database)`` gives; return its address."""
    name = name or "hub_" + uuid.uuid4().hex[:12]
    engine = sqlalchemy.create_engine(url("postgres").replace("postgresql://",
                                                              "postgresql+psycopg://"),
                                      isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE template0 "
                             "LC_COLLATE 'C' LC_CTYPE 'C.UTF-8' ENCODING 'UTF8'")
    engine.dispose()
    return url(name)


def start() -> Cluster | None:
    """Start a cluster in a new temporary folder (None when PostgreSQL is not installed).

    The folder is made directly in the system's temporary folder, which every user may
    cross, so that the ``postgres`` user can reach it when the tests run as root.
    """
    programs = bin_dir()
    if programs is None:
        return None
    root = Path(tempfile.mkdtemp(prefix="willay-hub-"))
    cluster = Cluster(root, programs, server_user())
    cluster.socket.mkdir(exist_ok=True)
    if os.geteuid() == 0:
        record = pwd.getpwnam("postgres")
        for path in (root, cluster.socket):
            os.chown(path, record.pw_uid, record.pw_gid)
    cluster._run(programs / "initdb", "-D", root / "data", "-U", cluster.user, "--auth=trust",
                 "-E", "UTF8", "--locale=C.UTF-8")
    cluster._run(programs / "pg_ctl", "-D", root / "data", "-l", root / "log", "-w",
                 "-o", f"-k {cluster.socket} -c listen_addresses='' -c fsync=off", "start")
    return cluster
