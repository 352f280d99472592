"""Bundles made by hand, to test what import accepts and what it refuses.

A forged bundle is built the way ``bundle.seal`` builds one, but every layer can be
bent: the tar members (any type, name, order, declared size, or a raw header block),
the manifest (fields overridden, or raw bytes), the signature (another key, another
trusted comment, a signature file given as bytes) and the age recipients. Unless told
otherwise the result is a valid bundle, which the positive controls import.
"""

from __future__ import annotations

import base64
import hashlib
import io
import itertools
import json
import tarfile
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519

from willay.core.canonical import canonical_json
from willay.core.formats import age, minisign
from willay.core.records.revisions import now_stamp
from willay.core.sharing import bundle
from willay.core.vault.identity import RECEIVING, own_card, signing_key
from willay.core.vault.models import IdentityKey
from willay.core.vault.vault import Vault

BLOCK = 512
RECORD = 20 * BLOCK
MTIME = 1_700_000_000
DROP = object()  # a manifest override that removes the field

# Every forged bundle gets a sequence newer than any before it in this process, so that a
# bundle one test let in wrongly cannot turn the next test's bundle into a "replay".
_SEQUENCES = itertools.count(1000)


def next_sequence() -> int:
    """Return a sender sequence number newer than any forged before."""
    return next(_SEQUENCES)


# -- identities ----------------------------------------------------------------------
@dataclass(frozen=True)
class Identity:
    """What a forger needs of a vault: its card's fingerprint and name, and its keys."""

    fingerprint: str
    name: str
    x25519_public: bytes
    x25519_secret: bytes
    signing_key: ed25519.Ed25519PrivateKey


def identity(vault: Vault) -> Identity:
    """Return the public card data and the secret keys of ``vault``."""
    with vault.session() as session:
        card = own_card(session)
        receiving = session.get(IdentityKey, RECEIVING)
        assert receiving is not None
        return Identity(card.fingerprint, card.name, card.x25519_public,
                        receiving.secret_key, signing_key(session))


# -- tar -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Member:
    """One tar member as it will be written.

    ``size`` is the size the header declares (by default the length of ``data``);
    ``raw`` replaces the generated header block(s) entirely.
    """

    name: str
    data: bytes = b""
    type: bytes = tarfile.REGTYPE
    linkname: str = ""
    size: int | None = None
    raw: bytes | None = None


def header(member: Member) -> bytes:
    """Return the header block(s) of ``member``, as tarfile writes them (PAX format)."""
    if member.raw is not None:
        return member.raw
    info = tarfile.TarInfo(member.name)
    info.type = member.type
    info.size = len(member.data) if member.size is None else member.size
    info.linkname = member.linkname
    info.mode = 0o700 if member.type == tarfile.DIRTYPE else 0o600
    info.mtime = MTIME
    info.uname = info.gname = ""
    return info.tobuf(tarfile.PAX_FORMAT, "utf-8", "strict")


def with_checksum(block: bytes) -> bytes:
    """Return a 512-byte header block with its checksum field recomputed."""
    assert len(block) == BLOCK
    blank = block[:148] + b" " * 8 + block[156:]
    return blank[:148] + b"%06o\0 " % sum(blank) + blank[156:]


def patch_header(block: bytes, offset: int, value: bytes) -> bytes:
    """Return a header block with ``value`` written at ``offset``, checksum fixed."""
    patched = block[:offset] + value + block[offset + len(value):]
    return with_checksum(patched[:BLOCK])


def pax_block(records: Sequence[bytes], name: str = "././@PaxHeader") -> bytes:
    """Return a PAX extended header (type ``x``) carrying ``records`` verbatim."""
    data = b"".join(records)
    info = tarfile.TarInfo(name)
    info.type = tarfile.XHDTYPE
    info.size = len(data)
    info.mtime = MTIME
    info.uname = info.gname = ""
    head = info.tobuf(tarfile.USTAR_FORMAT, "utf-8", "strict")
    return head + data + b"\0" * (-len(data) % BLOCK)


def pax_record(key: str, value: str) -> bytes:
    """Return one PAX record, ``"<length> <key>=<value>\\n"``, its length counted right."""
    body = f" {key}={value}\n".encode()
    length = len(body) + 1
    while len(str(length)) + len(body) != length:
        length += 1
    return str(length).encode() + body


def tar_stream(members: Sequence[Member]) -> bytes:
    """Return a tar archive of ``members`` exactly as given: end marker, record padding."""
    out = bytearray()
    for member in members:
        out += header(member)
        out += member.data
        out += b"\0" * (-len(member.data) % BLOCK)
    out += b"\0" * (2 * BLOCK)
    out += b"\0" * (-len(out) % RECORD)
    return bytes(out)


def read_tar(data: bytes) -> list[tuple[str, bytes]]:
    """Return the (name, content) of each member of a trusted tar archive, in order."""
    out = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
        for info in archive:
            handle = archive.extractfile(info)
            out.append((info.name, handle.read() if handle is not None else b""))
    return out


# -- age -----------------------------------------------------------------------------
def decrypt(path: Path, vault: Vault) -> bytes:
    """Return the tar stream inside the bundle at ``path``, opened with ``vault``'s key."""
    return age.decrypt_bytes([identity(vault).x25519_secret], path.read_bytes(), str(path))


def encrypt(path: Path, recipient_keys: Sequence[bytes], plaintext: bytes) -> Path:
    """Write ``plaintext`` to ``path`` as an age file for ``recipient_keys``."""
    with open(path, "wb") as out:
        age.encrypt(recipient_keys, io.BytesIO(plaintext), out)
    return path


def armor(data: bytes) -> bytes:
    """Return an age file in the ASCII armor (PEM) of ``age -a``."""
    text = base64.b64encode(data)
    lines = [text[i : i + 64] for i in range(0, len(text), 64)]
    return (b"-----BEGIN AGE ENCRYPTED FILE-----\n" + b"\n".join(lines)
            + b"\n-----END AGE ENCRYPTED FILE-----\n")


# -- contents ------------------------------------------------------------------------
@dataclass
class Payload:
    """What a data bundle carries: its records, custody events and originals."""

    records: bytes
    custody: bytes
    media: list[bytes] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)


def unpack(path: Path, vault: Vault) -> Payload:
    """Return the payload of a real bundle, decrypted with ``vault``'s key."""
    members = dict(read_tar(decrypt(path, vault)))
    media = [data for name, data in members.items() if name.startswith(bundle.MEDIA_PREFIX)]
    return Payload(members[bundle.RECORDS], members[bundle.CUSTODY], media,
                   load_json(members[bundle.MANIFEST]))


def load_json(data: bytes) -> dict[str, Any]:
    """Parse a trusted JSON object."""
    doc = json.loads(data)
    assert isinstance(doc, dict)
    return doc


def signed_line(body: bytes, key: ed25519.Ed25519PrivateKey) -> bytes:
    """Return a revision body as a ``records.jsonl`` line, signed with ``key``."""
    return canonical_json({"body": json.loads(body), "signature": key.sign(body).hex()}) + b"\n"


def entry(name: str, data: bytes) -> dict[str, Any]:
    """Return a manifest member entry for ``data``."""
    return {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def media_name(data: bytes) -> str:
    """Return the member name of an original."""
    return bundle.MEDIA_PREFIX + hashlib.sha256(data).hexdigest()


def trusted_comment(manifest: dict[str, Any]) -> str:
    """Return the trusted comment a bundle's signature must carry."""
    return (f"{bundle.FORMAT} bundle_id={manifest.get('bundle_id')} "
            f"sequence={manifest.get('sequence')}")


@dataclass(frozen=True)
class Forged:
    """A forged bundle: where it is and what went into it."""

    path: Path
    manifest: dict[str, Any]
    manifest_bytes: bytes
    signature: bytes
    members: list[Member]
    tar: bytes

    @property
    def bundle_id(self) -> str:
        """The manifest's bundle id."""
        return str(self.manifest.get("bundle_id"))


def forge(path: Path, sender: Vault, to: Sequence[Vault], payload: Payload, *,
          age_to: Sequence[bytes] | None = None,
          manifest_overrides: dict[str, Any] | None = None,
          entries: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None,
          manifest_bytes: bytes | Callable[[dict[str, Any]], bytes] | None = None,
          sign_with: ed25519.Ed25519PrivateKey | None = None,
          trusted: str | None = None,
          signature: bytes | None = None,
          edit_signature: Callable[[bytes], bytes] | None = None,
          after_signing: Callable[[bytes], bytes] | None = None,
          members: Callable[[list[Member]], list[Member]] | None = None) -> Forged:
    """Write a bundle from ``sender`` for ``to`` carrying ``payload``; return what went in.

    By default everything is as ``bundle.seal`` makes it, with a new bundle id and a
    sequence newer than any forged before. Then, in the order the bundle is built:
    ``manifest_overrides`` replaces manifest fields (``DROP`` removes one), ``entries``
    edits the member list of the manifest, ``manifest_bytes`` gives the manifest's bytes
    (or a function making them from the manifest instead of canonical JSON); ``sign_with``
    signs with another key, ``trusted`` puts another trusted comment, ``signature`` ships
    these bytes as the signature file, ``edit_signature`` changes the signature file;
    ``after_signing`` changes the manifest bytes once signed; ``members`` edits the tar
    member list; the tar is encrypted to ``age_to`` (default: the X25519 keys of ``to``
    and of the sender).
    """
    me = identity(sender)
    others = [identity(vault) for vault in to]
    media_entries = [entry(media_name(data), data) for data in payload.media]
    lines = payload.records.count(b"\n")
    doc: dict[str, Any] = {
        "format": bundle.FORMAT,
        "kind": "data",
        "bundle_id": str(uuid.uuid4()),
        "sender": me.fingerprint,
        "sender_name": me.name,
        "recipients": [o.fingerprint for o in others] + [me.fingerprint],
        "created": now_stamp(),
        "sequence": next_sequence(),
        "profile": "full",
        "revision_range": {"from_seq": 1, "to_seq": lines, "count": lines},
        "members": [entry(bundle.RECORDS, payload.records),
                    entry(bundle.CUSTODY, payload.custody), *media_entries],
    }
    for key, value in (manifest_overrides or {}).items():
        if value is DROP:
            doc.pop(key, None)
        else:
            doc[key] = value
    if entries is not None:
        doc["members"] = entries([dict(e) for e in doc["members"]])
    if manifest_bytes is None:
        signed = canonical_json(doc)
    elif callable(manifest_bytes):
        signed = manifest_bytes(doc)
    else:
        signed = manifest_bytes
    if signature is None:
        signature = minisign.sign(sign_with or me.signing_key, signed,
                                  trusted if trusted is not None else trusted_comment(doc),
                                  f"willay bundle {doc.get('bundle_id')}").encode("utf-8")
    if edit_signature is not None:
        signature = edit_signature(signature)
    shipped = after_signing(signed) if after_signing is not None else signed
    tar_members = [
        Member(bundle.MANIFEST, shipped),
        Member(bundle.SIGNATURE, signature),
        Member(bundle.RECORDS, payload.records),
        Member(bundle.CUSTODY, payload.custody),
        *(Member(media_name(data), data) for data in payload.media),
    ]
    if members is not None:
        tar_members = members(tar_members)
    tar = tar_stream(tar_members)
    keys = list(age_to) if age_to is not None else (
        [o.x25519_public for o in others] + [me.x25519_public])
    encrypt(path, keys, tar)
    return Forged(path, doc, shipped, signature, tar_members, tar)
