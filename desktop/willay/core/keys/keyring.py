"""keyring.json: the data key wrapped under the passphrase and under the recovery code.

The file holds no secret in the clear. Each wrap is ChaCha20-Poly1305 with the vault id
and the wrap's purpose as associated data, so a wrap cannot be moved between vaults or
between slots.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from willay.core import strict_json
from willay.core.errors import (
    CorruptKeyringError,
    NewerFormatError,
    VerificationError,
    WrongPassphraseError,
)
from willay.core.fileio import atomic_write
from willay.core.i18n import _
from willay.core.keys import kdf
from willay.core.keys.recovery import recovery_code_bytes

FORMAT = "willay-keyring"
VERSION = 1
MAX_KEYRING_BYTES = 64 * 1024
DEK_BYTES = 32
NONCE_BYTES = 12  # ChaCha20-Poly1305


@dataclass(frozen=True)
class Wrap:
    """One copy of the data key, encrypted under a key-encryption key."""

    nonce: bytes
    ciphertext: bytes


@dataclass(frozen=True)
class Keyring:
    """The parsed contents of keyring.json."""

    vault_id: str
    created: str
    kdf: kdf.KdfParams
    passphrase_wrap: Wrap
    recovery_salt: bytes
    recovery_wrap: Wrap


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, field: str) -> bytes:
    if not isinstance(text, str):
        raise CorruptKeyringError(_("The keyring is damaged: field {field} is missing.").format(
            field=repr(field)))
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CorruptKeyringError(
            _("The keyring is damaged: field {field} is not base64.").format(field=repr(field))
        ) from exc


def _nonce(text: Any, field: str) -> bytes:
    nonce = _unb64(text, field)
    if len(nonce) != NONCE_BYTES:
        raise CorruptKeyringError(_("The keyring is damaged: field {field} has the wrong "
                                    "length.").format(field=repr(field)))
    return nonce


def _aad(vault_id: str, slot: str) -> bytes:
    return f"{FORMAT}/{VERSION}|{vault_id}|{slot}".encode()


def _wrap(kek: bytes, dek: bytes, vault_id: str, slot: str) -> Wrap:
    nonce = os.urandom(NONCE_BYTES)
    return Wrap(nonce, ChaCha20Poly1305(kek).encrypt(nonce, dek, _aad(vault_id, slot)))


def _unwrap(kek: bytes, wrap: Wrap, vault_id: str, slot: str) -> bytes | None:
    try:
        dek = ChaCha20Poly1305(kek).decrypt(wrap.nonce, wrap.ciphertext, _aad(vault_id, slot))
    except InvalidTag:
        return None
    if len(dek) != DEK_BYTES:
        raise CorruptKeyringError(_("The keyring is damaged: the data key has the wrong "
                                  "length."))
    return dek


def _recovery_kek(code: str, salt: bytes) -> bytes:
    # The code carries 160 random bits, so a fast KDF is enough; no stretching needed.
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"willay recovery code")
    return hkdf.derive(recovery_code_bytes(code))


def new_keyring(passphrase: str, recovery_code: str, dek: bytes, params: kdf.KdfParams) -> Keyring:
    """Return a keyring wrapping ``dek`` under both the passphrase and the recovery code."""
    vault_id = str(uuid.uuid4())
    recovery_salt = os.urandom(16)
    return Keyring(
        vault_id=vault_id,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        kdf=params,
        passphrase_wrap=_wrap(kdf.derive(passphrase, params), dek, vault_id, "passphrase"),
        recovery_salt=recovery_salt,
        recovery_wrap=_wrap(_recovery_kek(recovery_code, recovery_salt), dek, vault_id, "recovery"),
    )


def rewrap_passphrase(keyring: Keyring, dek: bytes, new_passphrase: str) -> Keyring:
    """Return ``keyring`` with the data key wrapped under a new passphrase and fresh salt.

    The Argon2id parameters are calibrated anew on this machine, never taken from the
    keyring: someone who lowered them in keyring.json (which the recovery code path does
    not check) must not have them kept.
    """
    params = kdf.calibrate()
    kek = kdf.derive(new_passphrase, params)
    return replace(
        keyring, kdf=params, passphrase_wrap=_wrap(kek, dek, keyring.vault_id, "passphrase")
    )


def unwrap_with_passphrase(keyring: Keyring, passphrase: str) -> bytes:
    """Return the data key, or raise WrongPassphraseError."""
    dek = _unwrap(kdf.derive(passphrase, keyring.kdf), keyring.passphrase_wrap,
                  keyring.vault_id, "passphrase")
    if dek is None:
        raise WrongPassphraseError(_("Wrong passphrase: it does not open this vault."))
    return dek


def unwrap_with_recovery_code(keyring: Keyring, code: str) -> bytes:
    """Return the data key, or raise WrongPassphraseError if the code does not fit."""
    dek = _unwrap(_recovery_kek(code, keyring.recovery_salt), keyring.recovery_wrap,
                  keyring.vault_id, "recovery")
    if dek is None:
        raise WrongPassphraseError(_("Wrong recovery code: it does not open this vault."))
    return dek


def to_json(keyring: Keyring) -> bytes:
    """Serialise ``keyring`` for keyring.json."""
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "vault_id": keyring.vault_id,
        "created": keyring.created,
        "kdf": {
            "algorithm": "argon2id",
            "memory_kib": keyring.kdf.memory_kib,
            "iterations": keyring.kdf.iterations,
            "lanes": keyring.kdf.lanes,
            "salt": _b64(keyring.kdf.salt),
        },
        "passphrase": {
            "nonce": _b64(keyring.passphrase_wrap.nonce),
            "wrapped_key": _b64(keyring.passphrase_wrap.ciphertext),
        },
        "recovery": {
            "salt": _b64(keyring.recovery_salt),
            "nonce": _b64(keyring.recovery_wrap.nonce),
            "wrapped_key": _b64(keyring.recovery_wrap.ciphertext),
        },
    }
    return (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _obj(doc: dict[str, Any], field: str) -> dict[str, Any]:
    value = doc.get(field)
    if not isinstance(value, dict):
        raise CorruptKeyringError(_("The keyring is damaged: section {field} is missing.").format(
            field=repr(field)))
    return value


def _int(doc: dict[str, Any], field: str) -> int:
    value = doc.get(field)
    if not isinstance(value, int) or isinstance(value, bool):
        raise CorruptKeyringError(_("The keyring is damaged: {field} is not a number.").format(
            field=repr(field)))
    return value


def parse(data: bytes, where: Path) -> Keyring:
    """Parse keyring.json bytes read from ``where``; every defect is a clear error."""
    if len(data) > MAX_KEYRING_BYTES:
        raise CorruptKeyringError(_("{where} is too large to be a Willay keyring.").format(
            where=where))
    try:
        doc = strict_json.loads(data, str(where))
    except VerificationError as exc:
        raise CorruptKeyringError(
            _("{where} is damaged or truncated. Restore it from a backup; without it the "
              "vault cannot be opened.").format(where=where)
        ) from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise CorruptKeyringError(_("{where} is not a Willay keyring.").format(where=where))
    version = _int(doc, "version")
    if version > VERSION:
        raise NewerFormatError(
            _("This vault uses keyring format {version}, made by a newer version of Willay; "
              "this version reads format {supported}. Update Willay to open it.").format(
                  version=version, supported=VERSION)
        )
    if version < 1:
        raise CorruptKeyringError(_("{where} has an invalid format version {version}.").format(
            where=where, version=version))
    vault_id = doc.get("vault_id")
    created = doc.get("created")
    if not isinstance(vault_id, str) or not isinstance(created, str):
        raise CorruptKeyringError(_("The keyring {where} is damaged: the vault's id is "
                                  "missing.").format(where=where))
    kdf_doc = _obj(doc, "kdf")
    if kdf_doc.get("algorithm") != "argon2id":
        raise CorruptKeyringError(_("The keyring {where} names an unknown way of checking the "
                                  "passphrase; it is damaged or was not made by "
                                  "Willay.").format(where=where))
    params = kdf.KdfParams(
        memory_kib=_int(kdf_doc, "memory_kib"),
        iterations=_int(kdf_doc, "iterations"),
        lanes=_int(kdf_doc, "lanes"),
        salt=_unb64(kdf_doc.get("salt"), "kdf.salt"),
    )
    params.check_bounds()
    pw = _obj(doc, "passphrase")
    rc = _obj(doc, "recovery")
    return Keyring(
        vault_id=vault_id,
        created=created,
        kdf=params,
        passphrase_wrap=Wrap(_nonce(pw.get("nonce"), "passphrase.nonce"),
                             _unb64(pw.get("wrapped_key"), "passphrase.wrapped_key")),
        recovery_salt=_unb64(rc.get("salt"), "recovery.salt"),
        recovery_wrap=Wrap(_nonce(rc.get("nonce"), "recovery.nonce"),
                           _unb64(rc.get("wrapped_key"), "recovery.wrapped_key")),
    )


def read(path: Path) -> Keyring:
    """Read and parse the keyring at ``path``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorruptKeyringError(_("Cannot read {path}: {reason}.").format(
            path=path, reason=exc.strerror)) from exc
    return parse(data, path)


def write(path: Path, keyring: Keyring) -> None:
    """Replace the keyring at ``path`` atomically (temporary file, fsync, rename)."""
    atomic_write(path, to_json(keyring))
