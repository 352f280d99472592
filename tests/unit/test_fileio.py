"""Crash-safe writes: a file or folder lands whole, or not at all, and leaves no trace."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import IO, Any

import pytest

from willay.core import fileio
from willay.core.errors import WillayError
from willay.core.fileio import TEMP_PREFIX, atomic_file, atomic_folder, atomic_write

PACKAGE = Path(fileio.__file__).resolve().parents[1]
NO_SPACE = os.strerror(errno.ENOSPC)


class Boom(Exception):
    """A failure raised by the code inside a with-block."""


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _no_space(*_args: Any, **_kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, NO_SPACE)


def _full_after(limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every file opened from a descriptor fail with ENOSPC after ``limit`` bytes."""
    real_fdopen = os.fdopen

    class Filling:
        def __init__(self, handle: IO[Any]) -> None:
            self._handle = handle
            self._written = 0

        def write(self, data: bytes) -> int:
            if self._written + len(data) > limit:
                raise OSError(errno.ENOSPC, NO_SPACE)
            self._written += len(data)
            return self._handle.write(data)

        def __getattr__(self, name: str) -> Any:
            return getattr(self._handle, name)

        def __enter__(self) -> Filling:
            return self

        def __exit__(self, *exc: object) -> None:
            self._handle.close()

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: Filling(real_fdopen(fd, *a, **k)))


def test_the_content_lands_whole_and_private(tmp_path: Path) -> None:
    target = tmp_path / "b.willay"
    chunks = [os.urandom(65536) for _ in range(40)]
    with atomic_file(target) as out:
        for chunk in chunks:
            out.write(chunk)
        assert not target.exists()  # nothing shows until the block ends
    assert target.read_bytes() == b"".join(chunks)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _names(tmp_path) == ["b.willay"]


def test_the_temporary_file_is_hidden_in_the_one_scheme(tmp_path: Path) -> None:
    with atomic_file(tmp_path / "x.csv") as out:
        out.write(b"a,b\n")
        (temp,) = tmp_path.iterdir()
        assert temp.name.startswith(TEMP_PREFIX) and TEMP_PREFIX.startswith(".")
        assert stat.S_IMODE(temp.stat().st_mode) == 0o600
    with atomic_folder(tmp_path / "paquete") as build:
        assert build.path.parent == tmp_path and build.path.name.startswith(TEMP_PREFIX)
        assert stat.S_IMODE(build.path.stat().st_mode) == 0o700
    assert _names(tmp_path) == ["paquete", "x.csv"]


def test_only_the_writers_here_rename_files_into_place() -> None:
    renaming = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                      if "os.replace(" in p.read_text(encoding="utf-8")
                      or "os.rename(" in p.read_text(encoding="utf-8"))
    # The object store keeps its own journaled scheme, under the writer lock.
    assert renaming == ["core/fileio.py", "core/vault/objects.py"]


@pytest.mark.parametrize("failure", [Boom, KeyboardInterrupt])
def test_a_failure_midway_leaves_nothing(tmp_path: Path, failure: type[BaseException]) -> None:
    target = tmp_path / "original.jpg"
    with pytest.raises(failure), atomic_file(target, replace=False) as out:
        out.write(b"half of it")
        raise failure()
    assert _names(tmp_path) == []


@pytest.mark.parametrize("failure", [Boom, KeyboardInterrupt])
def test_a_failed_write_keeps_the_existing_file(tmp_path: Path,
                                                failure: type[BaseException]) -> None:
    target = tmp_path / "keyring.json"
    target.write_bytes(b"old")
    with pytest.raises(failure), atomic_file(target) as out:
        out.write(b"new")
        raise failure()
    assert target.read_bytes() == b"old"
    assert _names(tmp_path) == ["keyring.json"]


def test_a_full_disk_while_writing_is_named_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "b.willay"
    _full_after(100_000, monkeypatch)
    with pytest.raises(WillayError) as caught, \
            atomic_file(target, what=f"the bundle {target}") as out:
        for _ in range(10):
            out.write(b"x" * 65536)
    assert str(caught.value) == (f"Could not write the bundle {target}: {NO_SPACE}. "
                                 "Nothing was written.")
    assert isinstance(caught.value.__cause__, OSError)
    assert _names(tmp_path) == []


def test_a_full_disk_at_fsync_leaves_nothing(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.csv"
    monkeypatch.setattr(os, "fsync", _no_space)
    expected = re.escape(f"Could not write {target}: {NO_SPACE}. Nothing was written.")
    with pytest.raises(WillayError, match=expected), atomic_file(target) as out:
        out.write(b"a,b\n")
    assert _names(tmp_path) == []


def test_a_refused_rename_keeps_the_existing_file(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "card.json"
    target.write_bytes(b"old")

    def refuse(*_args: Any) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WillayError, match=r"Could not write .* Nothing was changed\."):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert _names(tmp_path) == ["card.json"]


def test_atomic_write_replaces_and_names_a_full_disk(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "keyring.json"
    target.write_bytes(b"old")
    target.chmod(0o644)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    _full_after(2, monkeypatch)
    with pytest.raises(WillayError) as caught:
        atomic_write(target, b"newer")
    assert str(caught.value) == f"Could not write {target}: {NO_SPACE}. Nothing was changed."
    assert target.read_bytes() == b"new"
    assert _names(tmp_path) == ["keyring.json"]


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    target = tmp_path / "gone" / "x.csv"
    with pytest.raises(WillayError, match=re.escape(f"Could not write {target}: ")):
        atomic_write(target, b"x")
    assert _names(tmp_path) == []


@pytest.mark.parametrize("links", [True, False])
def test_a_file_that_appears_meanwhile_is_never_overwritten(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: bool) -> None:
    if not links:  # a file system without hard links (FAT, exFAT)
        monkeypatch.setattr(os, "link", lambda *_a, **_k: _refuse_link())
    target = tmp_path / "original.jpg"
    with atomic_file(target, replace=False) as out:
        out.write(b"exported")
    assert target.read_bytes() == b"exported"
    other = tmp_path / "other.jpg"
    with pytest.raises(WillayError) as caught, atomic_file(other, replace=False) as out:
        out.write(b"exported")
        other.write_bytes(b"someone else's")
    assert str(caught.value) == f"{other} already exists; choose another name. Nothing was " \
                                "written."
    assert other.read_bytes() == b"someone else's"
    assert _names(tmp_path) == ["original.jpg", "other.jpg"]


def _refuse_link() -> None:
    raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))


def test_a_folder_lands_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "paquete"
    with pytest.raises(Boom), atomic_folder(target) as build:
        (build.path / "README.txt").write_bytes(b"read me")
        raise Boom()
    assert _names(tmp_path) == []
    with pytest.raises(KeyboardInterrupt), atomic_folder(target) as build:
        (build.path / "sub").mkdir()
        raise KeyboardInterrupt()
    assert _names(tmp_path) == []
    target.mkdir()  # an empty folder already there is used
    with atomic_folder(target) as build:
        (build.path / "incident").mkdir(mode=0o700)
        (build.path / "incident" / "custody.txt").write_bytes(b"log")
        build.publish()
        assert (target / "incident" / "custody.txt").read_bytes() == b"log"
    assert _names(tmp_path) == ["paquete"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o700


def test_a_folder_that_cannot_go_into_place_leaves_nothing(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    target = tmp_path / "paquete"
    target.mkdir()
    (target / "kept.txt").write_bytes(b"kept")
    expected = r"Could not write the evidence package: .* Nothing was written\."
    with pytest.raises(WillayError, match=expected), \
            atomic_folder(target, what="the evidence package") as build:
        (build.path / "README.txt").write_bytes(b"read me")
    assert _names(tmp_path) == ["paquete"] and _names(target) == ["kept.txt"]
    target = tmp_path / "other"
    monkeypatch.setattr(os, "fsync", _no_space)
    expected = re.escape(f"Could not write {target}: {NO_SPACE}.")
    with pytest.raises(WillayError, match=expected), atomic_folder(target) as build:
        (build.path / "README.txt").write_bytes(b"read me")
    assert _names(tmp_path) == ["paquete"]
