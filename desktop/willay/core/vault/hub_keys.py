"""The organization's identity on a hub, held by each coordinator under their passphrase.

The organization's secret keys (Ed25519 to sign, X25519 to receive bundles) are stored in
the hub encrypted under one random organization key. Each coordinator has a copy of that
key wrapped under a key derived from their own passphrase (Argon2id, then
ChaCha20-Poly1305, the coordinator's name bound in as associated data). Unlocking
unwraps the coordinator's copy; nothing in the database alone opens the keys.

Removing a coordinator deletes their copy. It cannot take back what they could read
while they were one, nor the organization key or secret keys they could have copied:
only new identity keys (a new card, sent to every partner) close that door.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from sqlalchemy import Column, Integer, LargeBinary, MetaData, String, Table, select, text
from sqlmodel import Session

from willay.core.errors import ValidationError, WrongPassphraseError
from willay.core.i18n import _
from willay.core.keys import kdf

_NONCE = 12
_NAME = re.compile(r"^[a-z][a-z0-9_]{1,30}$")
HUB_METADATA = MetaData()
COORDINATORS = Table(
    "hub_coordinator", HUB_METADATA,
    Column("name", String(32), primary_key=True),
    Column("kdf_memory_kib", Integer, nullable=False),
    Column("kdf_iterations", Integer, nullable=False),
    Column("kdf_lanes", Integer, nullable=False),
    Column("kdf_salt", LargeBinary, nullable=False),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("added", String, nullable=False),
    Column("added_by", String(32), nullable=False),
)


@dataclass(frozen=True)
class Coordinator:
    """A coordinator of the hub: their name, when they were added and by whom."""

    name: str
    added: str
    added_by: str
    clearance: str = ""


def check_name(name: str) -> str:
    """Return a coordinator's name if it can also name their database role."""
    if not _NAME.match(name):
        raise ValidationError(_("{name} cannot name a coordinator: use 2 to 31 lower-case "
                                "letters, digits and _, starting with a letter (for example "
                                "rosa_huaman).").format(name=repr(name)))
    return name


def seal(key: bytes, plain: bytes, bound: bytes) -> bytes:
    """Encrypt ``plain`` under ``key``, bound to ``bound``: nonce, then ciphertext."""
    nonce = os.urandom(_NONCE)
    return nonce + ChaCha20Poly1305(key).encrypt(nonce, plain, bound)


def open_sealed(key: bytes, sealed: bytes, bound: bytes) -> bytes:
    """Decrypt what :func:`seal` made; InvalidTag if the key or the binding is wrong."""
    return ChaCha20Poly1305(key).decrypt(sealed[:_NONCE], sealed[_NONCE:], bound)


def identity_binding(kind: str) -> bytes:
    """What an identity secret key is bound to when sealed under the organization key."""
    return b"willay-hub-identity:" + kind.encode()


def _binding(name: str) -> bytes:
    return b"willay-hub-coordinator:" + name.encode()


def add(session: Session, name: str, passphrase: str, organization_key: bytes,
        added_by: str, params: kdf.KdfParams | None = None) -> Coordinator:
    """Give ``name`` a copy of the organization key under ``passphrase``."""
    check_name(name)
    if session.execute(select(COORDINATORS.c.name).where(
            COORDINATORS.c.name == name)).first() is not None:
        raise ValidationError(_("{name} is already a coordinator of this hub.").format(
            name=name))
    chosen = params or kdf.calibrate()
    wrapped = seal(kdf.derive(passphrase, chosen), organization_key, _binding(name))
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    session.execute(COORDINATORS.insert().values(
        name=name, kdf_memory_kib=chosen.memory_kib, kdf_iterations=chosen.iterations,
        kdf_lanes=chosen.lanes, kdf_salt=chosen.salt, wrapped_key=wrapped, added=stamp,
        added_by=added_by))
    return Coordinator(name, stamp, added_by)


def unwrap(session: Session, name: str, passphrase: str) -> bytes:
    """Return the organization key from ``name``'s copy; WrongPassphraseError if the
    passphrase does not open it, or ``name`` is no coordinator."""
    row = session.execute(select(COORDINATORS).where(COORDINATORS.c.name == name)).first()
    if row is None:
        raise WrongPassphraseError(_("{name} is not a coordinator of this hub, or the "
                                     "passphrase is wrong.").format(name=name))
    params = kdf.KdfParams(row.kdf_memory_kib, row.kdf_iterations, row.kdf_lanes,
                           bytes(row.kdf_salt))
    try:
        return open_sealed(kdf.derive(passphrase, params), bytes(row.wrapped_key),
                           _binding(name))
    except InvalidTag:
        raise WrongPassphraseError(_("{name} is not a coordinator of this hub, or the "
                                     "passphrase is wrong.").format(name=name)) from None


def remove(session: Session, name: str) -> None:
    """Delete ``name``'s copy of the organization key (never the last coordinator's)."""
    names = list(session.execute(select(COORDINATORS.c.name)).scalars())
    if name not in names:
        raise ValidationError(_("{name} is not a coordinator of this hub.").format(name=name))
    if len(names) == 1:
        raise ValidationError(_("{name} is the hub's last coordinator; add another one "
                                "before removing them, or nobody could open the hub.")
                              .format(name=name))
    session.execute(COORDINATORS.delete().where(COORDINATORS.c.name == name))


def listed(session: Session) -> list[Coordinator]:
    """Every coordinator of the hub, by name, with the consent scope each is cleared for
    ("" for one who opens the hub as its owner, who is not limited)."""
    rows = session.execute(text(
        "SELECT c.name, c.added, c.added_by, coalesce(h.clearance, '') FROM hub_coordinator c "
        "LEFT JOIN hub_clearance h ON h.role = c.name ORDER BY c.name"))
    return [Coordinator(*row) for row in rows]
