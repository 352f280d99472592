"""Who wrote a revision, proven: author signatures, upgrade attestations, known author keys.

Every revision carries an Ed25519 signature over its canonical body by the key its
``author`` field names (key id: 32 hex digits of the SHA-256 of the public key). A
signature over the body, not over the id, so that anyone holding the body file and the
author's public key checks it with a stock tool (``openssl pkeyutl -verify -rawin``).

Revisions made before author signatures existed carry instead an *attestation*: this
vault's signature over ``{"format": "willay-attestation/1", "revision": ID,
"attested_by": KEY_ID}``, made once at the upgrade. It says "this vault held this
revision then", not "the author wrote it", and is shown as such. An attestation travels
to partners only when the attesting vault is the revision's author.

Author keys are known in three ways: this vault's own, a partner's (its card was added
after checking it in person), or vouched for: the card of a revision's author carried in
a bundle whose signer vouches for it (relaying), kept in ``author_key``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlmodel import Session, col, select

from willay.core.canonical import canonical_json
from willay.core.errors import VerificationError
from willay.core.formats.card import Card
from willay.core.i18n import _
from willay.core.vault.identity import SIGNING, key_id, signing_key
from willay.core.vault.models import AuthorKey, IdentityKey, Partner, Revision, VaultInfo

ATTESTATION = "willay-attestation/1"
OWN, PARTNER, VOUCHED = "own", "partner", "vouched"


@dataclass(frozen=True)
class Seal:
    """A revision's signature: the bytes, whose key made them, and of which kind."""

    signature: bytes
    signed_by: str
    attested: bool = False


@dataclass(frozen=True)
class KnownAuthor:
    """An author key this vault can check signatures against, and who it belongs to."""

    key_id: str
    public_key: bytes
    name: str
    organization: str
    how: str  # OWN, PARTNER or VOUCHED
    vouched_by: str = ""  # the name of the partner that vouched, for VOUCHED keys
    card: Card | None = None

    @property
    def label(self) -> str:
        """The author as a person reads it: a name, and how the key is known."""
        if self.how == OWN:
            return _("{name} (this vault)").format(name=self.name)
        if self.how == VOUCHED:
            return _("{name} (vouched for by {partner})").format(name=self.name,
                                                                 partner=self.vouched_by)
        return self.name


def attestation_message(revision_id: str, attester: str) -> bytes:
    """Return the bytes an upgrade attestation of ``revision_id`` signs."""
    return canonical_json({"format": ATTESTATION, "revision": revision_id,
                           "attested_by": attester})


def sign(key: ed25519.Ed25519PrivateKey, body: bytes) -> Seal:
    """Return the author signature of a revision body made by ``key``'s owner."""
    return Seal(key.sign(body), key_id(key.public_key().public_bytes_raw()))


def check(public_key: bytes, body: bytes, revision_id: str, seal: Seal) -> bool:
    """Whether ``seal`` is a valid signature (or attestation) by ``public_key`` of the body."""
    message = attestation_message(revision_id, seal.signed_by) if seal.attested else body
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(public_key).verify(seal.signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def known_authors(session: Session) -> dict[str, KnownAuthor]:
    """Return every author key this vault knows, by key id (own, partners, vouched)."""
    known: dict[str, KnownAuthor] = {}
    partners = session.exec(select(Partner)).all()
    names = {p.fingerprint: p.name for p in partners}
    for row in session.exec(select(AuthorKey)).all():
        known[row.key_id] = KnownAuthor(
            row.key_id, row.ed25519_public, row.name, row.organization, VOUCHED,
            names.get(row.vouched_by, row.vouched_by),
            Card(row.name, row.organization, row.x25519_public, row.ed25519_public,
                 row.card_created))
    for p in partners:
        known[key_id(p.ed25519_public)] = KnownAuthor(
            key_id(p.ed25519_public), p.ed25519_public, p.name, p.organization, PARTNER,
            card=Card(p.name, p.organization, p.x25519_public, p.ed25519_public,
                      p.card_created))
    own = session.get(IdentityKey, SIGNING)
    info = session.get(VaultInfo, 1)
    if own is not None:
        known[key_id(own.public_key)] = KnownAuthor(
            key_id(own.public_key), own.public_key, info.name if info else "",
            info.organization if info else "", OWN)
    return known


def author_labels(session: Session) -> dict[str, str]:
    """Return who each known author key id is, in words: a name and how it is known."""
    return {kid: author.label for kid, author in known_authors(session).items()}


def seal_of(row: Revision) -> Seal | None:
    """Return the stored seal of a revision row, or None if it has none."""
    if not row.signature:
        return None
    return Seal(row.signature, row.signed_by, row.attested)


def attest_unsigned(session: Session, batch: int = 2000) -> int:
    """Attest, with this vault's key, every revision stored without a signature.

    Run once when a vault made before author signatures is opened; returns how many
    revisions were attested.
    """
    key = signing_key(session)
    me = key_id(key.public_key().public_bytes_raw())
    done = 0
    while True:
        rows = session.exec(select(Revision).where(col(Revision.signature).is_(None))
                            .order_by(col(Revision.seq)).limit(batch)).all()
        if not rows:
            return done
        for row in rows:
            row.signature = key.sign(attestation_message(row.id, me))
            row.signed_by = me
            row.attested = True
            session.add(row)
        session.flush()
        done += len(rows)


SIGNED, ATTESTED, BROKEN = "signed", "attested", "broken"


@dataclass(frozen=True)
class SealCheck:
    """What checking a stored revision's signature found."""

    state: str  # SIGNED (by its author), ATTESTED (at an upgrade) or BROKEN
    signer: str  # who made the signature, in words (or a key id if unknown)
    reason: str = ""  # why it is BROKEN
    signed_by: str = ""  # the key id that made the signature


def examine(row: Revision, author: str, authors: dict[str, KnownAuthor], me: str) -> SealCheck:
    """Check a stored revision's signature; ``author`` is the key its body names.

    An attestation counts when made by this vault (``me``, at its upgrade) or by the
    author; a signature only when made by the author.
    """
    seal = seal_of(row)
    if seal is None:
        return SealCheck(BROKEN, "", _("it carries no signature"))
    known = authors.get(seal.signed_by)
    signer = known.label if known is not None else seal.signed_by[:12]
    if row.author != author:
        return SealCheck(BROKEN, signer, _("it is filed under another author than its "
                                           "content names"))
    if seal.signed_by != author and not (seal.attested and seal.signed_by == me):
        return SealCheck(BROKEN, signer, _("it is signed by {signer}, not by its author "
                                           "{author}").format(signer=seal.signed_by[:12],
                                                              author=author[:12]))
    if known is None:
        return SealCheck(BROKEN, signer, _("signed by a key this vault does not know ({key})")
                         .format(key=seal.signed_by[:12]))
    if not check(known.public_key, row.body, row.id, seal):
        return SealCheck(BROKEN, signer, _("its signature by {author} is not valid").format(
            author=known.label), seal.signed_by)
    return SealCheck(ATTESTED if seal.attested else SIGNED, signer, "", seal.signed_by)


def line_doc(body: bytes, seal: Seal) -> dict[str, Any]:
    """Return a revision as it travels in ``records.jsonl``: body and signature."""
    field = "attestation" if seal.attested else "signature"
    return {"body": json.loads(body), field: seal.signature.hex()}


class AuthorshipError(VerificationError):
    """A bundle holds a change or event not signed by the key it names as its author."""


def refusal(where: str, revision_id: str, author: str, signer: str, why: str
            ) -> AuthorshipError:
    """Return the refusal of a revision whose authorship does not hold."""
    return AuthorshipError(
        _("{where}: change {revision} claims to be written by key {author}, and the bundle "
          "is signed by {signer}; {why}. Nothing was imported.").format(
            where=where, revision=revision_id[:12], author=author[:12], signer=signer, why=why))
