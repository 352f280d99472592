"""What each line a bundle brings must be: a signed revision, a custody event, by whom.

:mod:`willay.core.sharing.receive` reads ``records.jsonl`` and ``custody.jsonl`` a line at a
time and hands each line here; a line that is not exactly what this vault would write, or
that is signed by a key it may not be signed by, is refused with where it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from willay.core import strict_json
from willay.core.canonical import canonical_json, sha256_hex
from willay.core.errors import VerificationError, WillayError
from willay.core.i18n import _
from willay.core.records import authorship, custody, revisions
from willay.core.records.fields import KINDS, normalize
from willay.core.vault.identity import key_id
from willay.core.vault.models import Partner

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_INTEGER = 2**63 - 1
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_KEY_ID = re.compile(r"^[0-9a-f]{32}$")
_SIGNATURE = re.compile(r"^[0-9a-f]{128}$")  # Ed25519, 64 bytes in lowercase hex


@dataclass(frozen=True)
class RevisionLine:
    """One revision of ``records.jsonl``: id, canonical body, parsed body, seal, place."""

    id: str
    body: bytes
    doc: dict[str, Any]
    seal: authorship.Seal
    place: str


@dataclass(frozen=True)
class CustodyLine:
    """One checked custody event of ``custody.jsonl``."""

    hash: str
    body: bytes
    signature: bytes
    doc: dict[str, Any]
    link: custody.Link


def revision_line(place: str, line: bytes) -> RevisionLine:
    """Parse and check one line of ``records.jsonl`` (its signature is checked later)."""
    doc = strict_json.loads(line, place)
    if not isinstance(doc, dict) or canonical_json(doc) != line \
            or not isinstance(doc.get("body"), dict) or len(doc) != 2 \
            or not isinstance(doc.get("signature", doc.get("attestation")), str):
        raise VerificationError(_(
            "{place}: not a signed revision in the form Willay writes (canonical form)."
        ).format(place=place))
    attested = "attestation" in doc
    written = doc["attestation" if attested else "signature"]
    if not _SIGNATURE.match(written):
        raise VerificationError(_("{place}: the signature is malformed.").format(place=place))
    signature = bytes.fromhex(written)
    body_doc = doc["body"]
    body = canonical_json(body_doc)
    check_revision(body_doc, place)
    author = body_doc["author"]
    return RevisionLine(sha256_hex(body), body, body_doc,
                        authorship.Seal(signature, author, attested), place)


def check_revision(doc: dict[str, Any], place: str) -> None:
    """Refuse a revision body that is not one this vault would write."""
    if doc.get("format") != revisions.FORMAT or doc.get("kind") not in KINDS \
            or not isinstance(doc.get("record"), str) or not _UUID.match(doc["record"]) \
            or not isinstance(doc.get("parents"), list) \
            or not all(isinstance(p, str) and _SHA256.match(p) for p in doc["parents"]) \
            or doc["parents"] != sorted(set(doc["parents"])) \
            or not isinstance(doc.get("author"), str) or not _KEY_ID.match(doc["author"]) \
            or not isinstance(doc.get("time"), str):
        raise VerificationError(_("{place}: not a revision Willay writes.").format(place=place))
    fields = doc.get("fields")
    if doc.get("deleted") is not (fields is None):
        raise VerificationError(_("{place}: a revision that deletes its record is malformed."
                                  ).format(place=place))
    if fields is not None:
        try:
            clean = normalize(doc["kind"], fields)
        except WillayError as exc:
            raise VerificationError(_("{place}: fields this vault cannot accept ({reason})."
                                      ).format(place=place, reason=exc)) from exc
        if canonical_json(clean) != canonical_json(fields):
            raise VerificationError(_("{place}: fields not in the form Willay writes."
                                      ).format(place=place))


def check_authors(lines: list[RevisionLine], authors: dict[str, authorship.KnownAuthor],
                   partner: Partner, where: str) -> None:
    """Refuse the bundle unless every revision is signed by the key its author names.

    ``authors`` holds the keys this vault knows and those the sender vouches for.
    Attestations (revisions older than signatures) count only when made by the author.
    """
    signer = f"{partner.name} ({partner.fingerprint})"
    for line in lines:
        author = authors.get(line.seal.signed_by)
        if author is None:
            raise authorship.refusal(
                where, line.id, line.doc["author"], signer,
                _("that key is neither the sender's, nor a partner's, nor one whose card the "
                  "sender vouches for in the bundle"))
        if not authorship.check(author.public_key, line.body, line.id, line.seal):
            raise authorship.refusal(
                where, line.id, line.doc["author"], signer,
                _("its signature is not one made by that key ({key})").format(
                    key=author.label))


def custody_line(place: str, line: bytes, partner: Partner,
                   signer: ed25519.Ed25519PublicKey) -> CustodyLine:
    """One of the sender's custody events, checked: its form, hash and signature."""
    doc = strict_json.loads(line, place)
    origin = key_id(partner.ed25519_public)
    if not isinstance(doc, dict) or set(doc) != {"body", "hash", "signature"} \
            or not isinstance(doc["body"], dict):
        raise VerificationError(_("{place}: not an event of a custody log.").format(
            place=place))
    seq = doc["body"].get("seq", 0)
    record = doc["body"].get("record")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq <= MAX_INTEGER \
            or not (record is None or isinstance(record, str)):
        raise VerificationError(_("{place}: not an event of a custody log.").format(
            place=place))
    named = doc["body"].get("signer")
    if named != origin:
        raise authorship.AuthorshipError(_(
            "{place}: the event names {signer} as its signer, but only the sender ({name}, "
            "key {key}) can sign the events of its bundle.").format(
                place=place, signer=str(named)[:12], name=partner.name, key=origin[:12]))
    body = canonical_json(doc["body"])
    if sha256_hex(body) != doc["hash"]:
        raise VerificationError(_(
            "{place}: the event was altered (it does not match its hash)."
        ).format(place=place))
    try:
        signer.verify(bytes.fromhex(doc["signature"]), body)
    except (InvalidSignature, ValueError, TypeError) as exc:
        raise VerificationError(_("{place}: the event's signature is not the sender's."
                                  ).format(place=place)) from exc
    return CustodyLine(doc["hash"], body, bytes.fromhex(doc["signature"]), doc["body"],
                  custody.Link(seq, doc["hash"], str(doc["body"].get("prev")), place))
