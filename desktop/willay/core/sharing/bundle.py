"""The bundle file (``*.willay``): age-encrypted POSIX tar with a signed manifest.

Members, in this order: ``manifest.json`` (canonical JSON), ``manifest.json.minisig``
(minisign signature by the sender; its trusted comment names the bundle id and
sequence), ``records.jsonl`` (one revision a line: its body and its author's signature,
see :mod:`willay.core.records.authorship`), ``custody.jsonl``, then ``media/<sha256>`` for each
original. With stock ``age``, ``tar``, ``minisign`` and ``sha256sum`` anyone holding a
recipient key can open and check one.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric import ed25519

from willay.core import strict_json
from willay.core.canonical import canonical_json
from willay.core.disk_io import DiskWriter
from willay.core.errors import NewerFormatError, VerificationError, WillayError
from willay.core.fileio import atomic_file
from willay.core.formats import age, minisign, tarstream
from willay.core.formats.card import Card, card_from_doc
from willay.core.i18n import _

FORMAT = "willay-bundle/2"
# Format 1 carried revisions without their authors' signatures; such bundles are refused.
UNSIGNED_FORMAT = "willay-bundle/1"
MAX_AUTHORS = 10_000
KINDS = ("data", "receipt")
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
RECORDS = "records.jsonl"
CUSTODY = "custody.jsonl"
MEDIA_PREFIX = "media/"
FIXED_MEMBERS = (MANIFEST, SIGNATURE, RECORDS, CUSTODY)
MAX_MANIFEST = 16 * 1024 * 1024
MAX_SIGNATURE = 4096
# What a bundle may carry, whoever sent it. records.jsonl and custody.jsonl are read a
# line at a time, so memory stays bounded whatever their size; these caps bound the time
# a hostile sender can cost. A revision holds at most three 1,000,000-character texts, so
# a 16 MiB line is never too short for one Willay wrote.
MAX_JSONL = 4 * 1024 * 1024 * 1024
MAX_LINE = 16 * 1024 * 1024
MAX_REVISIONS = 5_000_000
MAX_EVENTS = 10_000_000
MAX_RECEIPT = 32 * 1024 * 1024
_SHA = re.compile(r"^[0-9a-f]{64}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class UnsignedFormatError(VerificationError):
    """The bundle is of the format before author signatures, which cannot be checked."""


@dataclass(frozen=True)
class MemberEntry:
    """A member's name, size and SHA-256, as the manifest lists it."""

    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """The signed table of contents of a bundle."""

    kind: str
    bundle_id: str
    sender: str
    sender_name: str
    recipients: list[str]
    created: str
    sequence: int
    profile: str
    revision_range: dict[str, int]
    members: list[MemberEntry]
    receipt_for: str | None = None
    # Cards of the revisions' authors other than the sender, which the sender vouches for.
    authors: list[Card] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the manifest as a JSON document."""
        doc: dict[str, Any] = {
            "format": FORMAT,
            "kind": self.kind,
            "bundle_id": self.bundle_id,
            "sender": self.sender,
            "sender_name": self.sender_name,
            "recipients": self.recipients,
            "created": self.created,
            "sequence": self.sequence,
            "profile": self.profile,
            "revision_range": self.revision_range,
            "members": [{"name": m.name, "size": m.size, "sha256": m.sha256}
                        for m in self.members],
        }
        if self.receipt_for is not None:
            doc["receipt_for"] = self.receipt_for
        if self.authors:
            doc["authors"] = [card.to_dict() for card in self.authors]
        return doc

    def to_bytes(self) -> bytes:
        """Return the canonical bytes that are signed and shipped."""
        return canonical_json(self.to_dict())

    def trusted_comment(self) -> str:
        """Return the signature's trusted comment: bundle id and sequence."""
        return f"{FORMAT} bundle_id={self.bundle_id} sequence={self.sequence}"

    def member(self, name: str) -> MemberEntry | None:
        """Return the entry of one member by name."""
        return next((m for m in self.members if m.name == name), None)


def _require(doc: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = doc.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise VerificationError(_(
            "{where}: in the bundle's list of contents, the field '{field}' is missing or "
            "malformed.").format(where=where, field=key))
    return value


def parse_manifest(data: bytes, where: str) -> Manifest:
    """Parse and check a manifest; nothing in it is trusted until its signature is checked."""
    doc = strict_json.loads(data, _("{where}: the bundle's list of contents").format(
        where=where))
    if not isinstance(doc, dict):
        raise VerificationError(_(
            "{where}: the bundle's list of contents is damaged (it is not a JSON object)."
        ).format(where=where))
    fmt = doc.get("format")
    if not isinstance(fmt, str) or not fmt.startswith("willay-bundle/"):
        raise VerificationError(_(
            "{where}: this is not a Willay bundle (its list of contents names the format "
            "{format}).").format(where=where, format=repr(fmt)))
    if fmt == UNSIGNED_FORMAT:
        raise UnsignedFormatError(_(
            "{where} was written by an earlier version of Willay, whose changes do not "
            "carry their authors' signatures, so who wrote them cannot be checked. Ask the "
            "sender to update Willay and send a new bundle.").format(where=where))
    if fmt != FORMAT:
        raise NewerFormatError(_(
            "{where} was made by a newer version of Willay (bundle format {format}) than "
            "this one. Update Willay to import it.").format(where=where, format=fmt))
    if canonical_json(doc) != data:
        raise VerificationError(_(
            "{where}: the bundle's list of contents was altered or not written by Willay "
            "(it is not in canonical form).").format(where=where))
    kind = _require(doc, "kind", str, where)
    if kind not in KINDS:
        raise VerificationError(_("{where}: the bundle is of an unknown kind ({kind})."
                                  ).format(where=where, kind=repr(kind)))
    bundle_id = _require(doc, "bundle_id", str, where)
    if not _UUID.match(bundle_id):
        raise VerificationError(_("{where}: the bundle's identifier is malformed."
                                  ).format(where=where))
    recipients = _require(doc, "recipients", list, where)
    if not recipients or not all(isinstance(r, str) for r in recipients):
        raise VerificationError(_("{where}: the list of whom the bundle is for is malformed."
                                  ).format(where=where))
    members = []
    for entry in _require(doc, "members", list, where):
        if not isinstance(entry, dict) or set(entry) != {"name", "size", "sha256"}:
            raise VerificationError(_(
                "{where}: the bundle's list of contents describes one of its files wrongly."
            ).format(where=where))
        name, size, sha = entry["name"], entry["size"], entry["sha256"]
        if not isinstance(name, str) or not isinstance(size, int) or isinstance(size, bool) \
                or size < 0 or not isinstance(sha, str) or not _SHA.match(sha):
            raise VerificationError(_(
                "{where}: the bundle's list of contents describes the file {name} wrongly."
            ).format(where=where, name=repr(name)))
        members.append(MemberEntry(name, size, sha))
    names = [m.name for m in members]
    if names[:2] != [RECORDS, CUSTODY] or len(set(names)) != len(names):
        raise VerificationError(_(
            "{where}: the bundle's list of contents lists its files wrongly (missing, "
            "repeated or out of order).").format(where=where))
    for entry in members[2:]:
        if not entry.name.startswith(MEDIA_PREFIX) or \
                entry.name[len(MEDIA_PREFIX):] != entry.sha256:
            raise VerificationError(_(
                "{where}: the bundle's list of contents names a file a bundle may not hold: "
                "{name}."
            ).format(where=where, name=repr(entry.name)))
    revision_range = _require(doc, "revision_range", dict, where)
    created = _require(doc, "created", str, where)
    try:
        datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError as exc:
        raise VerificationError(_("{where}: the time the bundle was made is malformed."
                                  ).format(where=where)) from exc
    receipt_for = doc.get("receipt_for")
    if kind == "receipt" and (not isinstance(receipt_for, str) or not _UUID.match(receipt_for)):
        raise VerificationError(_("{where}: a receipt must name the bundle it confirms."
                                  ).format(where=where))
    authors = []
    if "authors" in doc:
        listed = _require(doc, "authors", list, where)
        if not listed or len(listed) > MAX_AUTHORS:
            raise VerificationError(_("{where}: the list of the changes' authors is malformed."
                                      ).format(where=where))
        try:
            authors = [card_from_doc(item, _("{where}: an author's card").format(where=where))
                       for item in listed]
        except WillayError as exc:
            raise VerificationError(str(exc)) from exc
    sequence = _require(doc, "sequence", int, where)
    if not 1 <= sequence <= 2**63 - 1:
        raise VerificationError(_("{where}: the bundle's sequence number {sequence} is out "
                                  "of range.").format(where=where, sequence=sequence))
    return Manifest(
        kind=kind, bundle_id=bundle_id, sender=_require(doc, "sender", str, where),
        sender_name=_require(doc, "sender_name", str, where), recipients=recipients,
        created=created, sequence=sequence,
        profile=_require(doc, "profile", str, where),
        revision_range={k: v for k, v in revision_range.items() if isinstance(v, int)},
        members=members, receipt_for=receipt_for if kind == "receipt" else None,
        authors=authors,
    )


# -- writing -------------------------------------------------------------------------
@dataclass
class MediaSource:
    """An original to ship: its SHA-256, size, and a way to read its plaintext chunks."""

    sha256: str
    size: int
    chunks: Callable[[], Iterable[bytes]]


@dataclass
class Contents:
    """Everything a bundle carries, before it is sealed."""

    records: bytes
    custody: bytes
    media: list[MediaSource] = field(default_factory=list)


def _entry(name: str, data: bytes) -> MemberEntry:
    return MemberEntry(name, len(data), hashlib.sha256(data).hexdigest())


class Addressee(Protocol):
    """Anyone a bundle is encrypted to: a card or a partner."""

    @property
    def fingerprint(self) -> str:
        """The card fingerprint the manifest lists."""
        ...

    @property
    def x25519_public(self) -> bytes:
        """The key the bundle is encrypted to."""
        ...


@dataclass(frozen=True)
class Heading:
    """What the manifest says of a bundle besides its sender, recipients and members."""

    kind: str
    sequence: int
    profile: str
    revision_range: dict[str, int]
    created: str
    receipt_for: str | None = None
    authors: list[Card] = field(default_factory=list)


@dataclass(frozen=True)
class Sealer:
    """The sending vault: its card, and the key that signs the manifest."""

    card: Card
    signing_key: ed25519.Ed25519PrivateKey


def seal(path: Path, heading: Heading, contents: Contents, sealer: Sealer,
         recipients: Sequence[Addressee]) -> Manifest:
    """Write a bundle to ``path`` (temporary file, fsync, rename); return its manifest.

    The sender is always the last recipient, so it can open what it sent. Memory stays
    bounded by the records and custody members: media stream through.
    """
    me = sealer.card
    addressees = [*recipients, me]
    manifest = Manifest(
        kind=heading.kind, bundle_id=str(uuid.uuid4()), sender=me.fingerprint,
        sender_name=me.name, recipients=[a.fingerprint for a in addressees],
        created=heading.created, sequence=heading.sequence, profile=heading.profile,
        revision_range=heading.revision_range,
        members=[_entry(RECORDS, contents.records), _entry(CUSTODY, contents.custody)]
        + [MemberEntry(MEDIA_PREFIX + m.sha256, m.size, m.sha256) for m in contents.media],
        receipt_for=heading.receipt_for, authors=list(heading.authors),
    )
    manifest_bytes = manifest.to_bytes()
    signature = minisign.sign(sealer.signing_key, manifest_bytes, manifest.trusted_comment(),
                              f"willay bundle {manifest.bundle_id}").encode("utf-8")
    mtime = int(datetime.fromisoformat(heading.created.replace("Z", "+00:00")).timestamp())

    def members() -> Iterator[tarstream.MemberSpec]:
        yield tarstream.MemberSpec(MANIFEST, len(manifest_bytes), [manifest_bytes])
        yield tarstream.MemberSpec(SIGNATURE, len(signature), [signature])
        yield tarstream.MemberSpec(RECORDS, len(contents.records), [contents.records])
        yield tarstream.MemberSpec(CUSTODY, len(contents.custody), [contents.custody])
        for item in contents.media:
            yield tarstream.MemberSpec(MEDIA_PREFIX + item.sha256, item.size, item.chunks())

    with atomic_file(path, what=_("the bundle {path}").format(path=path)) as out, \
            DiskWriter(out) as writer:
        # In this thread: the originals are read ahead and the bundle written behind by
        # the disk's own helpers; decrypting them in a third thread made it slower.
        tar = tarstream.write(members(), mtime)
        age.encrypt([a.x25519_public for a in addressees], tarstream.IterReader(tar), writer)
    return manifest
