"""Evidence packages: what a lawyer receives, checkable without Willay.

``build_package`` writes, into a new folder, per incident::

    incident-<id8>/originals/<sha256[:12]>-<name>   the originals, byte-exact
    incident-<id8>/records/<kind>-<id8>-<n>-<revision[:12]>.json (+ .sig, .minisig)
    incident-<id8>/custody.txt, custody.jsonl, custody-partners.jsonl
    incident-<id8>/summary.pdf                       (rendered by the caller)

and at the top ``README.txt``, ``willay-card.json``, ``minisign.pub``, ``authors/`` (each
author's public key as ``<key id>.pem``, and ``AUTHORS.txt``), ``SHA256SUMS`` over every
other file and ``SHA256SUMS.minisig``. Each record file holds a revision's canonical body
exactly, so its SHA-256 is the revision id. Its ``.sig`` is its author's own Ed25519
signature over the file, checked here before it is written (``openssl pkeyutl -verify
-rawin`` checks it); revisions older than author signatures carry their attestation
instead. The packaging vault also signs each file (``.minisig``). Custody events are
signed one by one, by this vault's key or, for events received from partners, by the
partner's key.

Consent decides what goes in: the audience (``legal`` by default) receives testimonies
and people whose consent reaches it; the others are withheld and only named by id and
reason. The folder is built beside its destination and renamed into place, so a
failure leaves nothing; it is private (0700/0600) because it holds plaintext.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlmodel import Session, col, select

from willay.core.canonical import canonical_json, sha256_hex
from willay.core.errors import NotFoundError, ValidationError, VerificationError
from willay.core.fileio import FolderBuild, atomic_folder, private_new_file
from willay.core.formats import minisign
from willay.core.formats.minisign import public_key_line
from willay.core.progress import Cancelled, CancelToken, Progress
from willay.core.records import authorship, custody
from willay.core.records import service as records
from willay.core.records.revisions import now_stamp
from willay.core.sharing.partners import allows
from willay.core.vault.identity import author_key_id, key_id, own_card, signing_key
from willay.core.vault.models import (
    CustodyEvent,
    ForeignCustodyEvent,
    Media,
    MediaThumbnail,
    Partner,
    Person,
    Record,
    Redaction,
    Revision,
    StoredObject,
    Testimony,
    TestimonyIncident,
)
from willay.core.vault.vault import Vault

AUDIENCES = ("legal", "partners", "public")
FORMAT = "willay-evidence/1"
_UNSAFE = re.compile(r"[^\w.\-]+")


@dataclass(frozen=True)
class MediaItem:
    """One original in the package."""

    id: str
    sha256: str
    size: int
    mime: str
    media_kind: str
    original_name: str
    attached_to: str
    captured_at: str | None
    file: str  # path inside the incident folder, or "" when it could not be included
    thumbnail: bytes | None
    redacted_copy: str | None
    missing: str = ""


@dataclass
class IncidentEvidence:
    """Everything packaged for one incident, also what its summary shows."""

    id: str
    folder: str
    fields: dict[str, Any]
    testimonies: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    people: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    media: list[MediaItem] = field(default_factory=list)
    record_files: list[str] = field(default_factory=list)
    # Per record file: (file, author in words, author key id, whether only attested).
    record_authors: list[tuple[str, str, str, bool]] = field(default_factory=list)
    events: list[CustodyEvent] = field(default_factory=list)
    foreign_events: list[ForeignCustodyEvent] = field(default_factory=list)


@dataclass(frozen=True)
class PackageInfo:
    """Who made the package, when, for whom."""

    package_id: str
    created: str
    audience: str
    signer_name: str
    signer_organization: str
    fingerprint: str
    key_id: str
    minisign_public_key: str


@dataclass(frozen=True)
class PackageResult:
    """What ``build_package`` wrote."""

    path: Path
    package_id: str
    incidents: list[str]
    originals: int
    records: int
    withheld: int
    files: int


SummaryRenderer = Callable[[IncidentEvidence, PackageInfo, Path], None]


def safe_name(name: str, limit: int = 80) -> str:
    """Return a file name safe in any folder: no separators, no leading dots, bounded."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    base = _UNSAFE.sub("_", base).strip("._") or "original"
    if len(base) > limit:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: limit - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 \
            else base[:limit]
    return base


def check_destination(out_dir: Path) -> None:
    """Refuse a destination that exists and is not empty, or whose parent is missing."""
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise ValidationError(f"{out_dir} already exists and is not empty; evidence packages "
                              "are written into a new folder. Nothing was written.")
    if not out_dir.parent.is_dir():
        raise ValidationError(f"The folder {out_dir.parent} does not exist.")


def _admitted(session: Session, evidence: IncidentEvidence, kind: str, whose: str,
              record_id: str, consent: str, audience: str) -> dict[str, Any] | None:
    """A live record's fields if its consent reaches the audience; else None.

    A record withheld for consent is noted in ``evidence.withheld`` (by id, never by name).
    """
    record = session.get(Record, record_id)
    if record is None or record.deleted:
        return None
    if not allows(audience, consent):
        evidence.withheld.append(f"{kind} {record_id}: {whose} consent is {consent!r}, "
                                 f"which does not reach the {audience!r} audience")
        return None
    return records.current_fields(session, record) or {}


def _collect(session: Session, incident: Record, audience: str) -> IncidentEvidence:
    fields = records.current_fields(session, incident) or {}
    evidence = IncidentEvidence(incident.id, f"incident-{incident.id[:8]}", fields)
    testimony_ids = sorted(session.exec(select(TestimonyIncident.testimony_id).where(
        TestimonyIncident.incident_id == incident.id)).all())
    witnesses: list[str] = []
    for tid in testimony_ids:
        testimony = session.get(Testimony, tid)
        if testimony is None:
            continue
        admitted = _admitted(session, evidence, "testimony", "its", tid, testimony.consent,
                             audience)
        if admitted is None:
            continue
        evidence.testimonies.append((tid, admitted))
        if testimony.witness_id not in witnesses:
            witnesses.append(testimony.witness_id)
    for pid in witnesses:
        person = session.get(Person, pid)
        if person is None:
            continue
        admitted = _admitted(session, evidence, "person", "their", pid, person.consent, audience)
        if admitted is not None:
            evidence.people.append((pid, admitted))
    owners = [incident.id] + [t for t, _ in evidence.testimonies] + [p for p, _ in evidence.people]
    rows = session.exec(select(Media).where(col(Media.attached_to).in_(owners))
                        .order_by(col(Media.intake_time), col(Media.id))).all()
    for row in rows:
        record = session.get(Record, row.id)
        if record is None or record.deleted:
            continue
        stored = session.get(StoredObject, row.sha256)
        missing = ""
        if stored is None or stored.purged:
            missing = "purged from this vault after delivery; ask the partner who received it"
        name = f"originals/{row.sha256[:12]}-{safe_name(row.original_name)}"
        thumb = session.get(MediaThumbnail, row.sha256)
        redaction = session.get(Redaction, row.id)
        evidence.media.append(MediaItem(
            row.id, row.sha256, row.size, row.mime, row.media_kind, row.original_name,
            row.attached_to, row.captured_at, "" if missing else name,
            thumb.jpeg if thumb else None,
            redaction.derivative_sha256 if redaction else None, missing))
    ids = owners + [m.id for m in evidence.media]
    evidence.events = custody.events_for(session, ids)
    evidence.foreign_events = list(session.exec(
        select(ForeignCustodyEvent).where(col(ForeignCustodyEvent.record_id).in_(ids))
        .order_by(col(ForeignCustodyEvent.record_id), col(ForeignCustodyEvent.seq))).all())
    return evidence


def _write_file(path: Path, data: bytes) -> None:
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
            f"media {item.id} ({item.original_name}): the stored original does not match the "
            "SHA-256 recorded at intake; no package was written. Run 'willay-cli verify'.")


def _record_files(session: Session, evidence: IncidentEvidence, folder: Path,
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
                raise VerificationError(f"revision {row.id[:12]} of {kind} {record_id}: its "
                                        "content does not match its id; run 'willay-cli verify'.")
            seal = authorship.seal_of(row)
            key = authors.get(seal.signed_by) if seal is not None else None
            if seal is None or key is None \
                    or not authorship.check(key.public_key, row.body, row.id, seal):
                raise VerificationError(f"revision {row.id[:12]} of {kind} {record_id}: its "
                                        "author's signature does not hold; no package was "
                                        "written. Run 'willay-cli verify'.")
            name = f"records/{kind}-{record_id[:8]}-{number:02d}-{row.id[:12]}.json"
            _write_file(folder / name, row.body)
            if seal.attested:
                _write_file(folder / (name + ".attestation"),
                            authorship.attestation_message(row.id, seal.signed_by))
                _write_file(folder / (name + ".attestation.sig"), seal.signature)
            else:
                _write_file(folder / (name + ".sig"), seal.signature)
            used.add(seal.signed_by)
            comment = (f"willay revision {row.id} of {kind} {record_id}, written by key "
                       f"{row.author}, packaged by key {packager}")
            _write_file(folder / (name + ".minisig"), sign(row.body, comment).encode("ascii"))
            evidence.record_files.append(name)
            evidence.record_authors.append((name, key.label, row.author, seal.attested))


def _author_keys(folder: Path, authors: dict[str, authorship.KnownAuthor], used: set[str]
                 ) -> None:
    """Publish the public key of every author whose signature is in the package."""
    (folder / "authors").mkdir(mode=0o700)
    lines = []
    for kid in sorted(used):
        author = authors[kid]
        public = ed25519.Ed25519PublicKey.from_public_bytes(author.public_key)
        _write_file(folder / "authors" / f"{kid}.pem", public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
        lines.append(f"{kid}  {author.label}\n")
    _write_file(folder / "authors" / "AUTHORS.txt", "".join(lines).encode("utf-8"))


def _event_doc(event: CustodyEvent) -> dict[str, Any]:
    return {"body": json.loads(custody.event_body(event)), "hash": event.hash,
            "signature": event.signature.hex()}


def custody_text(evidence: IncidentEvidence, info: PackageInfo,
                 partners: dict[str, Partner]) -> str:
    """Return the custody log of an incident's items in a form a person can read."""
    names = {m.id: f"media {m.id[:8]} ({m.original_name})" for m in evidence.media}
    names[evidence.id] = f"incident {evidence.id[:8]}"
    names.update({t: f"testimony {t[:8]}" for t, _ in evidence.testimonies})
    names.update({p: f"person {p[:8]}" for p, _ in evidence.people})
    lines = [
        f"Custody log of incident {evidence.id}",
        f"Evidence package {info.package_id}, made {info.created}",
        "",
        "Each event's hash is the SHA-256 of the canonical JSON of its \"body\" (see",
        "custody.jsonl) and its signature is Ed25519 over those same bytes. \"prev\" is the",
        "hash of the event before it in the vault's whole log, which also holds events of",
        "other records; the sequence numbers show where events of other records were.",
        f"This vault's signing key id is {info.key_id}; its public key is in minisign.pub",
        f"(fingerprint {info.fingerprint}).",
        "",
    ]
    for event in evidence.events:
        details = json.loads(event.details)
        lines.append(f"#{event.seq}  {event.time}  {event.action}")
        lines.append(f"    record:    {names.get(event.record_id or '', event.record_id or '—')}")
        if event.subject:
            lines.append(f"    subject:   {event.subject}")
        lines.append(f"    signer:    {event.signer}")
        lines.append(f"    prev hash: {event.prev_hash}")
        lines.append(f"    hash:      {event.hash}")
        for key in sorted(details):
            value = details[key]
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                                     sort_keys=True)
            lines.append(f"    {key}: {text}")
        lines.append("")
    if evidence.foreign_events:
        lines += ["Custody events received from partners (custody-partners.jsonl), each",
                  "signed by the partner who recorded it:", ""]
        by_key = {key_id(p.ed25519_public): p for p in partners.values()}
        for foreign in evidence.foreign_events:
            body = json.loads(foreign.body)
            partner = by_key.get(foreign.origin)
            who = f"{partner.name} ({partner.fingerprint})" if partner else foreign.origin
            lines.append(f"#{foreign.seq}  {body.get('time', '')}  {body.get('action', '')}")
            lines.append(f"    record:    {names.get(foreign.record_id or '', '—')}")
            lines.append(f"    signed by: {who}")
            lines.append(f"    hash:      {foreign.hash}")
            lines.append(f"    bundle:    {foreign.bundle_id}")
            lines.append("")
    return "\n".join(lines)


def _foreign_lines(evidence: IncidentEvidence, partners: dict[str, Partner]) -> bytes:
    by_key = {key_id(p.ed25519_public): p for p in partners.values()}
    out = []
    for foreign in evidence.foreign_events:
        partner = by_key.get(foreign.origin)
        out.append(canonical_json({
            "body": json.loads(foreign.body), "hash": foreign.hash,
            "signature": foreign.signature.hex(),
            "signer_minisign_public_key":
                public_key_line(partner.ed25519_public) if partner else None,
        }) + b"\n")
    return b"".join(out)


def readme(info: PackageInfo, incidents: list[IncidentEvidence]) -> str:
    """Return the bilingual README.txt of a package."""
    listing = "\n".join(f"  {e.folder}/  {e.fields.get('title', '')}" for e in incidents)
    return f"""Paquete de evidencia / Evidence package — Willay ({FORMAT})
Paquete / Package: {info.package_id}
Creado / Made: {info.created}
Firmado por / Signed by: {info.signer_name} — {info.signer_organization}
Huella / Fingerprint: {info.fingerprint}
Audiencia / Audience: {info.audience}

{listing}

ESPAÑOL
Cada carpeta incident-… contiene: originals/ (los archivos originales, idénticos byte a
byte a los recibidos; el nombre empieza con su SHA-256), records/ (cada versión del
incidente, sus testimonios, sus personas y sus archivos en JSON canónico: el SHA-256 de
cada archivo es el id de la versión; cada uno con su firma .minisig), custody.txt y
custody.jsonl (la cadena de custodia firmada), y summary.pdf (resumen con miniaturas y
hashes). Los testimonios y personas cuyo consentimiento no alcanza a esta audiencia se
omiten; summary.pdf los nombra solo por su id.

Para comprobar el paquete (Debian/Ubuntu: apt-get install minisign coreutils):
  sha256sum -c SHA256SUMS
  minisign -Vm SHA256SUMS -p minisign.pub
La huella de arriba debe coincidir con la que el firmante le leyó en persona
(willay-card.json). La firma de este archivo sobre un archivo de records/:
  minisign -Vm incident-…/records/ARCHIVO.json -p minisign.pub
Cada archivo de records/ lleva además la firma de quien lo escribió (ARCHIVO.json.sig);
authors/AUTHORS.txt dice quién es cada clave. Para comprobarla (OpenSSL 3):
  openssl pkeyutl -verify -pubin -inkey authors/CLAVE.pem -rawin \\
    -in incident-…/records/ARCHIVO.json -sigfile incident-…/records/ARCHIVO.json.sig
CLAVE es el campo "author" del archivo. Las versiones anteriores a las firmas de autor
traen en su lugar una atestación (ARCHIVO.json.attestation y .attestation.sig): la
bóveda que la firmó declara haber tenido esa versión, no que la escribió.

ENGLISH
Each incident-… folder holds: originals/ (the original files, byte for byte as received;
the name begins with their SHA-256), records/ (every version of the incident, its
testimonies, its people and its files as canonical JSON: each file's SHA-256 is the
version id; each with its .minisig signature), custody.txt and custody.jsonl (the
signed custody log), and summary.pdf (a summary with thumbnails and hashes).
Testimonies and people whose consent does not reach this audience are left out;
summary.pdf names them by id only.

To check the package (Debian/Ubuntu: apt-get install minisign coreutils):
  sha256sum -c SHA256SUMS
  minisign -Vm SHA256SUMS -p minisign.pub
The fingerprint above must match the one the signer read to you in person
(willay-card.json). This package's signature on one file of records/:
  minisign -Vm incident-…/records/FILE.json -p minisign.pub
Each file of records/ also carries the signature of whoever wrote it (FILE.json.sig);
authors/AUTHORS.txt says whose each key is. To check it (OpenSSL 3):
  openssl pkeyutl -verify -pubin -inkey authors/KEY.pem -rawin \\
    -in incident-…/records/FILE.json -sigfile incident-…/records/FILE.json.sig
KEY is the file's "author" field. Versions older than author signatures carry an
attestation instead (FILE.json.attestation and .attestation.sig): the vault that signed
it states it held that version, not that it wrote it.
"""


def _sums(root: Path) -> bytes:
    lines = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
        lines.append(f"{digest.hexdigest()}  {rel}\n")
    return "".join(lines).encode("utf-8")


def build_package(vault: Vault, incident_refs: list[str], out_dir: Path, *,
                  audience: str = "legal", render_summary: SummaryRenderer | None = None,
                  progress: Progress | None = None, cancel: CancelToken | None = None
                  ) -> PackageResult:
    """Write an evidence package for the incidents into the new folder ``out_dir``.

    ``render_summary`` writes each incident's summary.pdf (the core draws no PDF);
    ``progress`` receives the bytes of originals written so far. Any failure or a
    cancel leaves no folder behind; the custody log records, once the folder is in
    place, a ``media_exported`` event per original and an ``evidence_packaged`` event
    per incident.
    """
    if audience not in AUDIENCES:
        raise ValidationError(f"Unknown audience {audience!r}; use one of: "
                              f"{', '.join(AUDIENCES)}.")
    if not incident_refs:
        raise ValidationError("Name at least one incident.")
    out_dir = out_dir.absolute()
    check_destination(out_dir)
    with vault.session() as session:
        incidents: list[Record] = []
        for ref in incident_refs:
            record = records.find_record(session, ref, "incident")
            if record.deleted:
                raise NotFoundError(f"Incident {record.id} has been deleted.")
            if record.id not in [r.id for r in incidents]:
                incidents.append(record)
        card = own_card(session)
        info = PackageInfo(str(uuid.uuid4()), now_stamp(), audience, card.name,
                           card.organization, card.fingerprint, author_key_id(session),
                           card.minisign_public_key)
    with atomic_folder(out_dir, what="the evidence package") as build:
        return _build(vault, incidents, build, info, render_summary, progress, cancel)


def _build(vault: Vault, incidents: list[Record], build: FolderBuild, info: PackageInfo,
           render_summary: SummaryRenderer | None, progress: Progress | None,
           cancel: CancelToken | None) -> PackageResult:
    tmp, out_dir = build.path, build.target
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done)

    with vault.session() as session:
        key = signing_key(session)
        partners = {p.fingerprint: p for p in session.exec(select(Partner)).all()}

        def sign(data: bytes, comment: str) -> str:
            return minisign.sign(key, data, comment)

        authors = authorship.known_authors(session)
        used: set[str] = set()

        collected = [_collect(session, incident, info.audience) for incident in incidents]
        for evidence in collected:
            folder = tmp / evidence.folder
            folder.mkdir(mode=0o700)
            (folder / "originals").mkdir(mode=0o700)
            written: set[str] = set()
            for item in evidence.media:
                if item.file and item.file not in written:
                    _write_original(vault, item, folder / item.file, advance, cancel)
                    written.add(item.file)
            _record_files(session, evidence, folder, sign, authors, used)
            _write_file(folder / "custody.jsonl", b"".join(
                canonical_json(_event_doc(e)) + b"\n" for e in evidence.events))
            if evidence.foreign_events:
                _write_file(folder / "custody-partners.jsonl", _foreign_lines(evidence, partners))
            _write_file(folder / "custody.txt",
                        custody_text(evidence, info, partners).encode("utf-8"))
            if render_summary is not None:
                render_summary(evidence, info, folder / "summary.pdf")
                with contextlib.suppress(OSError):
                    os.chmod(folder / "summary.pdf", 0o600)
        _author_keys(tmp, authors, used)
        _write_file(tmp / "README.txt", readme(info, collected).encode("utf-8"))
        _write_file(tmp / "willay-card.json", own_card(session).to_bytes())
        _write_file(tmp / "minisign.pub", minisign.public_key_file(
            own_card(session).ed25519_public).encode("ascii"))
        sums = _sums(tmp)
        _write_file(tmp / "SHA256SUMS", sums)
        _write_file(tmp / "SHA256SUMS.minisig", sign(
            sums, f"willay evidence package {info.package_id} by {info.fingerprint}"
        ).encode("ascii"))
        files = sums.count(b"\n") + 2
        originals = 0
        for evidence in collected:
            for item in {m.sha256: m for m in evidence.media if m.file}.values():
                custody.append(session, "media_exported", item.id, item.sha256, {
                    "sha256": item.sha256, "to": str(out_dir / evidence.folder / item.file),
                    "reason": "evidence package", "package": info.package_id,
                    "audience": info.audience})
                originals += 1
            custody.append(session, "evidence_packaged", evidence.id, sha256_hex(sums), {
                "package": info.package_id, "to": str(out_dir), "audience": info.audience,
                "originals": len({m.sha256 for m in evidence.media if m.file}),
                "records": len(evidence.record_files), "withheld": len(evidence.withheld),
                "sha256sums": sha256_hex(sums)})
        # The folder goes into place before the log's commit: if the rename fails, the
        # events are rolled back; the package never exists without its log entries.
        build.publish()
    return PackageResult(out_dir, info.package_id, [e.id for e in collected], originals,
                         sum(len(e.record_files) for e in collected),
                         sum(len(e.withheld) for e in collected), files)
