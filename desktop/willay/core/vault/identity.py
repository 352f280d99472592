"""The vault's key pairs: Ed25519 to sign, X25519 to receive bundles."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from sqlmodel import Session

from willay.core.errors import VaultError, VaultLockedError
from willay.core.formats.card import Card
from willay.core.i18n import _
from willay.core.vault.models import IdentityKey, VaultInfo

SIGNING = "ed25519"
RECEIVING = "x25519"


def new_identity_keys() -> list[IdentityKey]:
    """Return fresh signing and receiving key pairs, ready to store in the vault."""
    created = datetime.now(UTC).isoformat(timespec="seconds")
    signing = ed25519.Ed25519PrivateKey.generate()
    receiving = x25519.X25519PrivateKey.generate()
    return [
        IdentityKey(
            kind=SIGNING,
            public_key=signing.public_key().public_bytes_raw(),
            secret_key=signing.private_bytes_raw(),
            created=created,
        ),
        IdentityKey(
            kind=RECEIVING,
            public_key=receiving.public_key().public_bytes_raw(),
            secret_key=receiving.private_bytes_raw(),
            created=created,
        ),
    ]


def key_id(public_key: bytes) -> str:
    """Return the author key id of an Ed25519 public key: 32 hex digits of its SHA-256."""
    return hashlib.sha256(public_key).hexdigest()[:32]


def _secret(session: Session, key: IdentityKey) -> bytes:
    """A secret key as this session may use it: on a hub, only once a coordinator unlocked
    it (the database holds it encrypted under the organization key)."""
    if not session.info.get("hub"):
        return key.secret_key
    secrets = session.info.get("identity_secrets")
    if not secrets:
        raise VaultLockedError(_("The hub is locked: a coordinator must open it with their "
                                 "passphrase first."))
    return bytes(secrets[key.kind])


def author_key_id(session: Session) -> str:
    """Return the key id that signs this vault's revisions."""
    key = session.get(IdentityKey, SIGNING)
    if key is None:
        raise VaultError(_("This vault has no signing key; its database is incomplete."))
    return key_id(key.public_key)


def signing_key(session: Session) -> ed25519.Ed25519PrivateKey:
    """Return the vault's Ed25519 signing key."""
    key = session.get(IdentityKey, SIGNING)
    if key is None:
        raise VaultError(_("This vault has no signing key; its database is incomplete."))
    return ed25519.Ed25519PrivateKey.from_private_bytes(_secret(session, key))


def receiving_secret(session: Session) -> bytes | None:
    """Return the raw X25519 secret that opens bundles sent here (None if missing)."""
    key = session.get(IdentityKey, RECEIVING)
    return _secret(session, key) if key is not None else None


def public_keys(session: Session) -> tuple[bytes, bytes]:
    """Return the vault's raw public keys: ``(x25519, ed25519)``."""
    receiving = session.get(IdentityKey, RECEIVING)
    signing = session.get(IdentityKey, SIGNING)
    if receiving is None or signing is None:
        raise VaultError(_("This vault has no identity keys; its database is incomplete."))
    return receiving.public_key, signing.public_key


def own_card(session: Session) -> Card:
    """Return this vault's own card."""
    info = session.get(VaultInfo, 1)
    x_pub, ed_pub = public_keys(session)
    key = session.get(IdentityKey, RECEIVING)
    return Card(
        name=info.name if info else "",
        organization=info.organization if info else "",
        x25519_public=x_pub,
        ed25519_public=ed_pub,
        created=key.created if key else "",
    )
