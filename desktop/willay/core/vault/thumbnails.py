"""Thumbnails of image originals, kept in the database beside the head state.

A vault's database is encrypted whole (SQLCipher), so a thumbnail is kept as it is. A
hub's tables are not encrypted by Willay, so there each thumbnail is sealed
(ChaCha20-Poly1305, the original's SHA-256 bound in) under a key derived from the
organization key, which a hub session carries only while a coordinator has it unlocked:
the hub's database alone shows no picture.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from sqlmodel import Session

from willay.core.errors import VaultLockedError, VerificationError
from willay.core.i18n import _
from willay.core.vault.models import MediaThumbnail

SESSION_KEY = "thumbnail_key"
_NONCE = 12


def _hub_key(session: Session) -> bytes | None:
    if not session.info.get("hub"):
        return None
    key = session.info.get(SESSION_KEY)
    if not key:
        raise VaultLockedError(_("The hub is locked: a coordinator must open it with their "
                                 "passphrase first."))
    return bytes(key)


def sealed(session: Session, sha256: str, jpeg: bytes) -> bytes:
    """The thumbnail as this archive keeps it: as it is in a vault, sealed on a hub."""
    key = _hub_key(session)
    if key is None:
        return jpeg
    nonce = os.urandom(_NONCE)
    return nonce + ChaCha20Poly1305(key).encrypt(nonce, jpeg, sha256.encode())


def keep(session: Session, sha256: str, jpeg: bytes) -> None:
    """Keep the thumbnail of the original ``sha256`` unless it has one already."""
    if session.get(MediaThumbnail, sha256) is None:
        session.add(MediaThumbnail(sha256=sha256, jpeg=sealed(session, sha256, jpeg)))


def read(session: Session, sha256: str) -> bytes | None:
    """The JPEG thumbnail of the original ``sha256``, if it has one."""
    row = session.get(MediaThumbnail, sha256)
    if row is None:
        return None
    key = _hub_key(session)
    if key is None:
        return row.jpeg
    try:
        return ChaCha20Poly1305(key).decrypt(row.jpeg[:_NONCE], row.jpeg[_NONCE:],
                                             sha256.encode())
    except InvalidTag as exc:
        raise VerificationError(_("The thumbnail of the original {id} is damaged or was "
                                  "changed on the hub.").format(id=sha256[:12])) from exc
