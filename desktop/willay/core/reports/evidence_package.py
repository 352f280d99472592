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

This module lays the package out and writes it in one go:
:mod:`~willay.core.reports.evidence_contents` gathers what goes in,
:mod:`~willay.core.reports.evidence_files` writes the checked and signed files and
:mod:`~willay.core.reports.evidence_custody` the custody log.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from willay.core.canonical import sha256_hex
from willay.core.errors import NotFoundError, ValidationError
from willay.core.fileio import FolderBuild, atomic_folder
from willay.core.formats import minisign
from willay.core.i18n import _
from willay.core.progress import CancelToken, Progress
from willay.core.records import authorship, custody
from willay.core.records import service as records
from willay.core.records.revisions import now_stamp
from willay.core.reports.evidence_contents import IncidentEvidence, PackageInfo, collect
from willay.core.reports.evidence_custody import write_custody
from willay.core.reports.evidence_files import (
    author_keys,
    record_files,
    sha256sums,
    write_file,
    write_originals,
)
from willay.core.vault.database import again_on_collision
from willay.core.vault.identity import author_key_id, own_card, signing_key
from willay.core.vault.models import Partner, Record
from willay.core.vault.vault import Vault

AUDIENCES = ("legal", "partners", "public")
FORMAT = "willay-evidence/1"


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


def check_destination(out_dir: Path) -> None:
    """Refuse a destination that exists and is not empty, or whose parent is missing."""
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise ValidationError(_("{path} already exists and is not empty; evidence packages "
                                "are written into a new folder. Nothing was written.").format(
            path=out_dir))
    if not out_dir.parent.is_dir():
        raise ValidationError(_("The folder {path} does not exist.").format(
            path=out_dir.parent))


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
        raise ValidationError(_("Unknown audience '{audience}'; use one of: {audiences}.").format(
            audience=audience, audiences=", ".join(AUDIENCES)))
    if not incident_refs:
        raise ValidationError(_("Name at least one incident."))
    out_dir = out_dir.absolute()
    check_destination(out_dir)
    with vault.session() as session:
        incidents: list[Record] = []
        for ref in incident_refs:
            record = records.find_record(session, ref, "incident")
            if record.deleted:
                raise NotFoundError(_("Incident {id} has been deleted.").format(id=record.id))
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

        collected = [collect(session, incident, info.audience) for incident in incidents]
        for evidence in collected:
            folder = tmp / evidence.folder
            folder.mkdir(mode=0o700)
            write_originals(vault, evidence, folder, advance, cancel)
            record_files(session, evidence, folder, sign, authors, used)
            write_custody(folder, evidence, info, partners)
            if render_summary is not None:
                render_summary(evidence, info, folder / "summary.pdf")
                with contextlib.suppress(OSError):
                    os.chmod(folder / "summary.pdf", 0o600)
        author_keys(tmp, authors, used)
        sums = _top_files(session, tmp, info, collected, sign)
    build.settle()

    def log_and_publish() -> int:
        # A unit of work of its own, short: a hub undoes a long one that read records
        # another coordinator changed meanwhile. The folder goes into place before the
        # log's commit; if that commit fails, atomic_folder takes the folder back: the
        # package never exists without its log entries.
        with vault.session() as session:
            logged = _log_custody(session, collected, info, out_dir, sums)
            session.flush()
            build.publish()
            return logged

    originals = again_on_collision(log_and_publish)
    return PackageResult(out_dir, info.package_id, [e.id for e in collected], originals,
                         sum(len(e.record_files) for e in collected),
                         sum(len(e.withheld) for e in collected), sums.count(b"\n") + 2)


def _top_files(session: Session, tmp: Path, info: PackageInfo,
               collected: list[IncidentEvidence], sign: Callable[[bytes, str], str]) -> bytes:
    """Write README.txt, the card, minisign.pub, SHA256SUMS and its signature; return the sums.

    SHA256SUMS covers every file written before it, so it comes once the rest is in place.
    """
    write_file(tmp / "README.txt", readme(info, collected).encode("utf-8"))
    card = own_card(session)
    write_file(tmp / "willay-card.json", card.to_bytes())
    write_file(tmp / "minisign.pub",
               minisign.public_key_file(card.ed25519_public).encode("ascii"))
    sums = sha256sums(tmp)
    write_file(tmp / "SHA256SUMS", sums)
    write_file(tmp / "SHA256SUMS.minisig", sign(
        sums, f"willay evidence package {info.package_id} by {info.fingerprint}"
    ).encode("ascii"))
    return sums


def _log_custody(session: Session, collected: list[IncidentEvidence], info: PackageInfo,
                 out_dir: Path, sums: bytes) -> int:
    """Append a media_exported event per original, an evidence_packaged one per incident.

    Returns how many originals were exported.
    """
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
    return originals
