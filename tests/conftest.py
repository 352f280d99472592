"""Shared fixtures: real vaults in temporary folders, with the cheapest allowed KDF."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from willay.core.keys import kdf
from willay.core.vault.vault import Vault

PASSPHRASE = "llaqta kawsay 2023"


@pytest.fixture
def fast_kdf() -> kdf.KdfParams:
    """The floor Argon2id parameters (64 MiB): real, but quick enough for many tests."""
    return kdf.KdfParams(kdf.MIN_MEMORY_KIB, kdf.ITERATIONS, kdf.LANES,
                         os.urandom(kdf.SALT_BYTES))


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    """Where a test vault lives."""
    return tmp_path / "vault"


@pytest.fixture
def vault(vault_path: Path, fast_kdf: kdf.KdfParams) -> Iterator[Vault]:
    """An unlocked vault, locked again after the test."""
    created, _code = Vault.create(vault_path, PASSPHRASE, "Rosa Huamán", "Red Sur",
                                  kdf_params=fast_kdf)
    yield created
    created.lock()


def tree_snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, to prove that nothing was modified."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}
