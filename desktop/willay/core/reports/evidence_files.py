"""The checked and signed files of an evidence package, each written private (0600).

Originals are copied out of the vault and checked against the SHA-256 recorded at
intake; each revision is written as its canonical body, beside its author's own
signature (checked first) and the packaging vault's ``.minisig``; the authors' public
keys and ``SHA256SUMS`` complete the package. Any mismatch raises VerificationError, so
the package being built is dropped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlmodel import Session, col, select

from willay.core.canonical import sha256_hex
from willay.core.errors import VerificationError
from willay.core.fileio import private_new_file
from willay.core.i18n import _
from willay.core.progress import Cancelled, CancelToken
from willay.core.records import authorship
from willay.core.reports.evidence_contents import IncidentEvidence, MediaItem
from willay.core.vault.identity import author_key_id
from willay.core.vault.models import Revision
from willay.core.vault.vault import Vault


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` into the new private file ``path``."""
    with private_new_file(path) as out:
        out.write(data)


def _write_original(vault: Vault, item: MediaItem, path: Path, progress: Callable[[int], None],
                    cancel: CancelToken | None) -> None:
    digest = hashlib.sha256()
    size = 0
    with private_new_file(path) as out:
        for chunk in vault.objects.read_chunks(item.sha256):
            if cancel is not None and cancel.cancelled:
                raise Cancelled("Cancelled; no evidence package was written.")
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
            progress(len(chunk))
    if digest.hexdigest() != item.sha256 or size != item.size:
        raise VerificationError(
            _("Media {id} ({name}): the stored original is not the file that was added (its "
              "SHA-256 differs); no package was written. Run 'willay-cli verify'.").format(
                id=item.id, name=item.original_name))


def write_originals(vault: Vault, evidence: IncidentEvidence, folder: Path,
                    progress: Callable[[int], None], cancel: CancelToken | None) -> None:
    """Copy an incident's originals into ``folder/originals``, each once, checked.

    ``progress`` receives the bytes of each chunk written; a cancel raises Cancelled.
    """
    (folder / "originals").mkdir(mode=0o700)
    written: set[str] = set()
    for item in evidence.media:
        if item.file and item.file not in written:
            _write_original(vault, item, folder / item.file, progress, cancel)
            written.add(item.file)


def record_files(session: Session, evidence: IncidentEvidence, folder: Path,
                 sign: Callable[[bytes, str], str], authors: dict[str, authorship.KnownAuthor],
                 used: set[str]) -> None:
    """Write each revision's body with the vault's .minisig and its author's own signature.

    The author's signature (``.sig``, raw Ed25519 over the file) is checked before it is
    written; a revision older than signatures carries its attestation instead
    (``.attestation`` and ``.attestation.sig``). ``used`` collects the keys to publish.
    """
    (folder / "records").mkdir(mode=0o700)
    packager = author_key_id(session)
    kinds = [("incident", evidence.id)] + [("testimony", t) for t, _ in evidence.testimonies] \
        + [("person", p) for p, _ in evidence.people] \
        + [("media", m.id) for m in evidence.media]
    for kind, record_id in kinds:
        rows = session.exec(select(Revision).where(Revision.record_id == record_id)
                            .order_by(col(Revision.seq))).all()
        for number, row in enumerate(rows, 1):
            if sha256_hex(row.body) != row.id:
                raise VerificationError(_(
                    "Revision {revision} of record {record} is damaged (its content does not "
                    "match its id); no package was written. Run 'willay-cli verify'.").format(
                        revision=row.id[:12], record=record_id))
            seal = authorship.seal_of(row)
            key = authors.get(seal.signed_by) if seal is not None else None
            if seal is None or key is None \
                    or not authorship.check(key.public_key, row.body, row.id, seal):
                raise VerificationError(_(
                    "Revision {revision} of record {record}: its author's signature does not "
                    "hold; no package was written. Run 'willay-cli verify'.").format(
                        revision=row.id[:12], record=record_id))
            name = f"records/{kind}-{record_id[:8]}-{number:02d}-{row.id[:12]}.json"
            write_file(folder / name, row.body)
            if seal.attested:
                write_file(folder / (name + ".attestation"),
                           authorship.attestation_message(row.id, seal.signed_by))
                write_file(folder / (name + ".attestation.sig"), seal.signature)
            else:
                write_file(folder / (name + ".sig"), seal.signature)
            used.add(seal.signed_by)
            comment = (f"willay revision {row.id} of {kind} {record_id}, written by key "
                       f"{row.author}, packaged by key {packager}")
            write_file(folder / (name + ".minisig"), sign(row.body, comment).encode("ascii"))
            evidence.record_files.append(name)
            evidence.record_authors.append((name, key.label, row.author, seal.attested))


def author_keys(folder: Path, authors: dict[str, authorship.KnownAuthor], used: set[str]
                ) -> None:
    """Publish the public key of every author whose signature is in the package."""
    (folder / "authors").mkdir(mode=0o700)
    lines = []
    for kid in sorted(used):
        author = authors[kid]
        public = ed25519.Ed25519PublicKey.from_public_bytes(author.public_key)
        write_file(folder / "authors" / f"{kid}.pem", public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
        lines.append(f"{kid}  {author.label}\n")
    write_file(folder / "authors" / "AUTHORS.txt", "".join(lines).encode("utf-8"))


def sha256sums(root: Path) -> bytes:
    """Return ``SHA256SUMS`` of every file under ``root``, as ``sha256sum -c`` reads it."""
    lines = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
        lines.append(f"{digest.hexdigest()}  {rel}\n")
    return "".join(lines).encode("utf-8")
