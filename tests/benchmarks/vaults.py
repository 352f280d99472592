"""Small vaults for the intake and bundle benchmarks: create, introduce, clone."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from willay.core.formats import age
from willay.core.keys import kdf
from willay.core.paths import OBJECTS_DIR
from willay.core.sharing.partners import add_partner, mark_verified
from willay.core.vault.identity import RECEIVING, own_card
from willay.core.vault.models import IdentityKey
from willay.core.vault.vault import Vault

from .context import PASSPHRASE


def new_vault(path: Path, name: str) -> Vault:
    """Create an unlocked vault with the cheapest allowed KDF (unlocking is not measured)."""
    params = kdf.KdfParams(kdf.MIN_MEMORY_KIB, kdf.ITERATIONS, kdf.LANES,
                           os.urandom(kdf.SALT_BYTES))
    vault, _code = Vault.create(path, PASSPHRASE, name, f"Banco de pruebas ({name})",
                                kdf_params=params)
    return vault


def introduce(sender: Vault, receiver: Vault, profile: str = "full",
              scope: str = "partners") -> None:
    """Make two vaults partners: ``sender`` may send ``receiver`` bundles and vice versa."""
    with sender.session() as session:
        sender_card = own_card(session)
    with receiver.session() as session:
        receiver_card = own_card(session)
    with sender.session() as session:
        add_partner(session, receiver_card, profile, scope)
        mark_verified(session, receiver_card.name)
    with receiver.session() as session:
        add_partner(session, sender_card, "full", "legal")
        mark_verified(session, sender_card.name)


def clone(source: Path, target: Path) -> Path:
    """Copy a locked vault folder; encrypted originals are hard-linked, not copied.

    Object files are written once (temporary file, rename) and never changed in place,
    so a clone that adds or removes originals leaves the source intact, and every run of
    a benchmark can start from the same state without copying a gigabyte.
    """
    objects = source / OBJECTS_DIR

    def copy(src: str, dst: str) -> str:
        if Path(src).is_relative_to(objects):
            os.link(src, dst)
        else:
            shutil.copy2(src, dst)
        return dst

    shutil.copytree(source, target, copy_function=copy)
    return target


def write_age_identity(vault: Vault, path: Path) -> Path:
    """Write ``vault``'s receiving key as a private age identity file (for ``age -d -i``)."""
    with vault.session() as session:
        key = session.get(IdentityKey, RECEIVING)
        assert key is not None
        identity = age.identity_file(key.secret_key, key.created)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600),
                   "w", encoding="ascii") as handle:
        handle.write(identity)
    return path
