"""Run ``willay-cli`` as a user would: real vault, real files, its real ``main``.

``cli`` calls ``willay.cli.main`` inside the test process, with the command's own
environment, temporary folder and standard streams, and returns what a finished process
would. ``cli_process`` runs the same command as a separate process; tests use it where
the process itself is what is checked (files it writes anywhere, signals, limits).

Every command of a test unlocks the same vault, deriving the same key from the same
passphrase and salt again; ``cli`` hands later commands of the test the bytes an earlier
one derived (:class:`KdfMemo`). Each vault's key is still derived for real at least once,
and a wrong passphrase or another salt always is.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
import tempfile
import traceback
import weakref
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from willay.core import process
from willay.core.keys import kdf
from willay.core.vault.vault import Vault

CliRunner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """Environment for the CLI: its own vault, temp dir and the cheapest allowed KDF."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    # English whatever this machine's locale: the Spanish runs set LANG themselves.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("WILLAY_") and k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update({
        "LANG": "C.UTF-8",
        "WILLAY_VAULT": str(tmp_path / "vault"),
        "WILLAY_PASSPHRASE": "una frase larga y secreta",
        "WILLAY_KDF_MEMORY_MIB": "64",
        "TMPDIR": str(tmp),
        "PYTHONUTF8": "1",
    })
    return env


@pytest.fixture(autouse=True)
def _test_process_keeps_its_limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``main`` run in this process may not forbid core dumps here, nor keep its umask.

    The limit it sets cannot be raised again and every later child would inherit it, so
    the test that a real ``willay-cli`` forbids core dumps could no longer fail.
    """
    monkeypatch.setattr(process, "forbid_core_dumps", lambda: None)
    umask = os.umask(0o077)
    os.umask(umask)
    yield
    os.umask(umask)


def _text(data: bytes) -> str:
    """Decode a finished command's output as ``subprocess.run(text=True)`` does."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline=None).read()


class _UnlockWatch:
    """The vaults a command unlocked, to prove it locked each again before it returned."""

    def __init__(self) -> None:
        self.seen: weakref.WeakSet[Vault] = weakref.WeakSet()
        self._original = Vault._open_database

    def __enter__(self) -> _UnlockWatch:
        original, seen = self._original, self.seen

        def watched(vault: Vault, dek: bytes) -> None:
            seen.add(vault)
            original(vault, dek)

        # Patched on the class for the test's length, so every vault opened is seen.
        Vault._open_database = watched  # type: ignore[method-assign,assignment]
        return self

    def __exit__(self, *_exc: object) -> None:
        Vault._open_database = self._original  # type: ignore[method-assign]  # undo the patch

    def left_unlocked(self) -> list[Vault]:
        """Vaults still unlocked; each is locked now, so the next command starts clean."""
        left = [vault for vault in self.seen if vault.is_unlocked]
        for vault in left:
            vault.lock()
        return left


class KdfMemo:
    """Argon2id results of a test's earlier commands, given again to its later ones.

    Only what finished commands derived is reused, so all derivations within one
    command (the probes of a calibration, say) run for real.
    """

    def __init__(self) -> None:
        self._known: dict[tuple[str, kdf.KdfParams], bytes] = {}

    @contextlib.contextmanager
    def during_command(self) -> Iterator[None]:
        """Patch ``kdf.derive`` for one command; keep what it derived for the next."""
        original, known = kdf.derive, self._known
        fresh: dict[tuple[str, kdf.KdfParams], bytes] = {}

        def derive(passphrase: str, params: kdf.KdfParams) -> bytes:
            if (passphrase, params) in known:
                params.check_bounds()
                return known[passphrase, params]
            fresh[passphrase, params] = derived = original(passphrase, params)
            return derived

        kdf.derive = derive
        try:
            yield
        finally:
            kdf.derive = original
            known.update(fresh)


def run_in_process(args: Sequence[str], env: dict[str, str], input: str | None = None,
                   kdf_memo: KdfMemo | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``willay.cli.main(args)`` here as if it were ``willay-cli ARGS`` in its own process.

    For the call, ``os.environ`` is ``env``, temporary files go to its ``TMPDIR``, the
    standard streams are UTF-8 text over bytes (``input`` is stdin, never a terminal),
    logging starts unconfigured and the umask is this process's; all is put back after.
    """
    from willay.cli import main

    memo = kdf_memo.during_command() if kdf_memo is not None else contextlib.nullcontext()

    saved_env = dict(os.environ)
    saved_tempdir = tempfile.tempdir
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    umask = os.umask(0o077)
    os.umask(umask)
    out, err = io.BytesIO(), io.BytesIO()
    sys.stdin = io.TextIOWrapper(io.BytesIO((input or "").encode("utf-8")), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace",
                                  write_through=True)
    os.environ.clear()
    os.environ.update(env)
    tempfile.tempdir = env.get("TMPDIR") or None
    root.handlers = []
    watch = _UnlockWatch()
    try:
        with watch, memo:
            try:
                code = main(list(args))
            except SystemExit as exit_:
                if exit_.code is None or isinstance(exit_.code, int):
                    code = exit_.code or 0
                else:
                    print(exit_.code, file=sys.stderr)
                    code = 1
            except Exception:
                traceback.print_exc()
                code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        stdout, stderr = out.getvalue(), err.getvalue()
    finally:
        for handler in root.handlers:
            if handler not in saved_handlers:
                handler.close()
        root.handlers, root.level = saved_handlers, saved_level
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.environ.clear()
        os.environ.update(saved_env)
        tempfile.tempdir = saved_tempdir
        os.umask(umask)
    left = watch.left_unlocked()
    assert not left, f"willay-cli {' '.join(args)} left {len(left)} vault(s) unlocked"
    return subprocess.CompletedProcess(["willay-cli", *args], code, _text(stdout),
                                       _text(stderr))


def _runner(cli_env: dict[str, str], in_process: bool) -> CliRunner:
    memo = KdfMemo()

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None,
            expect: int | None = 0) -> subprocess.CompletedProcess[str]:
        merged = {**cli_env, **(env or {})}
        if in_process:
            result = run_in_process(args, merged, input, memo)
        else:
            # Without input, stdin is nothing (never the terminal pytest may run in).
            result = subprocess.run(
                [sys.executable, "-m", "willay.cli", *args], env=merged,
                capture_output=True, text=True, input=input, timeout=120, check=False,
                stdin=subprocess.DEVNULL if input is None else None,
            )
        if expect is not None:
            assert result.returncode == expect, (result.stdout, result.stderr)
        return result

    return run


@pytest.fixture
def cli(cli_env: dict[str, str]) -> CliRunner:
    """Return a function running ``willay-cli ARGS`` (in this process) and returning the
    finished command."""
    return _runner(cli_env, in_process=True)


@pytest.fixture
def cli_process(cli_env: dict[str, str]) -> CliRunner:
    """Return a function running ``willay-cli ARGS`` as a separate process."""
    return _runner(cli_env, in_process=False)
