"""Evidence intake and export: originals in, encrypted; metadata and thumbnails extracted.

Every file of one ``add_files`` call is checked (readable, not empty, a known type, an
image that decodes); if any fails, the whole call is refused and nothing is kept, with
one line per bad file. Otherwise each original is hashed and encrypted into ``objects/``
and one media record per file is committed, all in one transaction. Photos are decoded
while the originals are written; a photo that fails then leaves nothing behind either.
"""

from __future__ import annotations

import hashlib
import io
import stat
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from willay.core.errors import NotFoundError, ValidationError, VerificationError, WillayError
from willay.core.fileio import atomic_file, taken_back_on_failure
from willay.core.i18n import _, ngettext, number
from willay.core.media.probe import FileType, ImageInfo, MediaError, probe_image, sniff
from willay.core.progress import Cancelled, CancelToken, Progress
from willay.core.records import custody
from willay.core.records import service as records
from willay.core.records.revisions import now_stamp
from willay.core.vault import thumbnails
from willay.core.vault.database import again_on_collision
from willay.core.vault.models import Delivery, Media, StoredObject
from willay.core.vault.vault import Vault

SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Candidate:
    """A file that passed every check and is ready to be stored."""

    path: Path
    size: int
    file_type: FileType
    image: ImageInfo | None


@dataclass(frozen=True)
class Added:
    """What intake did with one file."""

    media_id: str
    sha256: str
    size: int
    label: str
    original_name: str
    already_attached: bool


def _check_file(path: Path) -> tuple[int, FileType]:
    """The checks that need no decoding: the file is there, ordinary, not empty, and of
    a known type; return its size and type, or raise MediaError naming it."""
    name = path.name or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise MediaError(_('"{path}": no such file.').format(path=path)) from None
    except OSError as exc:
        raise MediaError(_('"{path}": cannot be read ({reason}).').format(
            path=path, reason=exc.strerror)) from exc
    if stat.S_ISDIR(info.st_mode):
        raise MediaError(_('"{path}": is a folder, not a file; add the files inside it.')
                         .format(path=path))
    if not stat.S_ISREG(info.st_mode):
        raise MediaError(_('"{path}": is not an ordinary file (a photo, a recording, a '
                           "document).").format(path=path))
    if info.st_size == 0:
        raise MediaError(_('"{path}": is an empty file.').format(path=path))
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise MediaError(_('"{path}": cannot be read ({reason}).').format(
            path=path, reason=exc.strerror)) from exc
    return info.st_size, sniff(head, name, path)


def inspect(path: Path) -> Candidate:
    """Check one file before intake; raise MediaError naming it and the reason."""
    size, file_type = _check_file(path)
    image = probe_image(path, file_type) if file_type.kind == "image" else None
    return Candidate(path, size, file_type, image)


def _refuse(problems: list[str], total: int) -> MediaError:
    count = len(problems)
    summary = ngettext("Nothing was added: {count} of {total} files cannot be kept.",
                       "Nothing was added: {count} of {total} files cannot be kept.",
                       count).format(count=number(count), total=number(total))
    return MediaError(summary + "\n  " + "\n  ".join(problems))


def inspect_all(paths: list[Path]) -> list[Candidate]:
    """Check every file; if any fails, raise one MediaError listing each bad file."""
    candidates: list[Candidate] = []
    problems: list[str] = []
    for path in paths:
        try:
            candidates.append(inspect(path))
        except MediaError as exc:
            problems.append(str(exc))
    if problems:
        raise _refuse(problems, len(paths))
    return candidates


def _fields(candidate: Candidate, sha256: str, size: int, target: str,
            extra: dict[str, str | int] | None = None) -> dict[str, Any]:
    metadata: dict[str, Any] = {"type_label": candidate.file_type.label, **(extra or {})}
    if candidate.image is not None:
        metadata.update(candidate.image.as_fields())
    return {
        "sha256": sha256,
        "size": size,
        "mime": candidate.file_type.mime,
        "media_kind": candidate.file_type.kind,
        "original_name": candidate.path.name,
        "intake_time": now_stamp(),
        "attached_to": target,
        "metadata": metadata,
    }


def add_files(vault: Vault, record_ref: str, paths: list[Path],
              progress: Progress | None = None, cancel: CancelToken | None = None
              ) -> list[Added]:
    """Attach the files at ``paths`` to a record, all or none; return what was added.

    ``progress`` receives the bytes read so far across all files.
    """
    if not paths:
        raise ValidationError(_("Give at least one file to add."))
    with vault.session() as session:
        target = records.find_record(session, record_ref)
        records.check_attachable(target)
    try:
        checked = [_check_file(path) for path in paths]
    except MediaError:
        inspect_all(paths)  # lists every bad file, the photos that do not decode too
        raise
    done = 0

    def report(read: int) -> None:
        if progress is not None:
            progress(done + read)

    # Photos are decoded (the damage check, the thumbnail) on a second thread while the
    # originals are hashed, encrypted and written: both mostly wait outside Python. A
    # photo that does not decode still refuses the whole call; the new files that end
    # up unreferenced (a failure, a cancel) are removed by writing().
    with ThreadPoolExecutor(1, thread_name_prefix="willay-probe") as pool, \
            vault.writing("intake"), vault.session() as session:
        stop = CancelToken()
        probes = pool.submit(_probe_all, paths, checked, stop)
        try:
            stored = []
            for path in paths:
                stored.append(vault.objects.put(path, report, cancel))
                done += stored[-1].size
        except BaseException:
            stop.cancel()
            wait([probes])  # the decoding ends before anything is cleaned up
            raise
        images = probes.result()
        results = []
        for path, (size, file_type), image, kept in zip(paths, checked, images, stored,
                                                        strict=True):
            candidate = Candidate(path, size, file_type, image)
            results.append(_record(session, candidate, kept.sha256, kept.size, target.id))
        return results


def add_bytes(vault: Vault, record_ref: str, data: bytes, name: str, file_type: FileType,
              metadata: dict[str, str | int]) -> Added:
    """Keep ``data``, an original made in the app (a recording), as a file of a record.

    ``name`` is the file name it is known by; ``metadata`` adds to what intake notes.
    """
    if not data:
        raise ValidationError(_("Nothing to keep: {name} is empty.").format(name=name))
    with vault.session() as session:
        target = records.find_record(session, record_ref)
        records.check_attachable(target)
    candidate = Candidate(Path(name), len(data), file_type, None)
    with vault.writing("intake"), vault.session() as session:
        kept = vault.objects.put_stream(io.BytesIO(data), name, size=len(data))
        return _record(session, candidate, kept.sha256, kept.size, target.id, metadata)


def _probe_all(paths: list[Path], checked: list[tuple[int, FileType]], stop: CancelToken
               ) -> list[ImageInfo | None]:
    """Decode every photo among ``paths``; raise one MediaError listing those that fail.

    Stops between photos once ``stop`` is set (the storing failed or was cancelled).
    """
    images: list[ImageInfo | None] = []
    problems: list[str] = []
    for path, (_size, file_type) in zip(paths, checked, strict=True):
        if stop.cancelled:
            return images
        try:
            images.append(probe_image(path, file_type) if file_type.kind == "image"
                          else None)
        except MediaError as exc:
            problems.append(str(exc))
    if problems:
        raise _refuse(problems, len(paths))
    return images


def _record(session: Session, candidate: Candidate, sha256: str, size: int,
            target: str, extra: dict[str, str | int] | None = None) -> Added:
    restore_if_purged(session, sha256)
    existing = session.exec(
        select(Media).where(Media.sha256 == sha256, Media.attached_to == target)
    ).first()
    if existing is not None:
        return Added(existing.id, sha256, size, candidate.file_type.label,
                     existing.original_name, already_attached=True)
    if session.get(StoredObject, sha256) is None:
        session.add(StoredObject(sha256=sha256, size=size, stored=now_stamp()))
    if candidate.image is not None:
        thumbnails.keep(session, sha256, candidate.image.thumbnail_jpeg)
    session.flush()
    media_id = records.create(
        session, "media", _fields(candidate, sha256, size, target, extra),
        custody_action="media_added",
        custody_details={"sha256": sha256, "size": size, "mime": candidate.file_type.mime,
                         "original_name": candidate.path.name, "attached_to": target},
    )
    return Added(media_id, sha256, size, candidate.file_type.label, candidate.path.name,
                 already_attached=False)


def restore_if_purged(session: Session, sha256: str) -> None:
    """Keep an original added again after it was purged (delivered, then removed here).

    Its deliveries are forgotten so that the next purge keeps it; the custody log still
    holds the purge, with whom it had been delivered to.
    """
    stored = session.get(StoredObject, sha256)
    if stored is None or not stored.purged:
        return
    stored.purged = False
    session.add(stored)
    delivered = session.exec(select(Delivery).where(Delivery.item == sha256)).all()
    for row in delivered:
        session.delete(row)
    media = session.exec(select(Media).where(Media.sha256 == sha256)).first()
    custody.append(session, "restored", media.id if media else None, sha256, {
        "sha256": sha256, "size": stored.size,
        "delivered_before_to": sorted(row.partner for row in delivered)})


def media_row(session: Session, ref: str) -> Media:
    """Return the head state of a media item by (prefix of) id."""
    record = records.find_record(session, ref, "media")
    row = session.get(Media, record.id)
    if row is None:
        raise NotFoundError(_("Media item {id} has been deleted.").format(id=record.id))
    return row


def thumbnail(session: Session, sha256: str) -> bytes | None:
    """Return the JPEG thumbnail of an image original, if it has one."""
    return thumbnails.read(session, sha256)


def read_original(vault: Vault, sha256: str) -> Iterator[bytes]:
    """Return the plaintext of an original, chunk by chunk, for a person to see.

    On a hub the reading is written in the custody log first, with the coordinator who
    reads; a vault has one keeper, and its log names what leaves it.
    """
    def log_seen() -> None:
        with vault.session() as session:
            if session.info.get("hub"):
                media = session.exec(select(Media.id).where(Media.sha256 == sha256)).first()
                custody.append(session, "original_seen", media, sha256, {"sha256": sha256})

    again_on_collision(log_seen)
    return vault.objects.read_chunks(sha256)


def log_export(vault: Vault, target: Path, media_id: str, sha256: str,
               details: dict[str, Any]) -> None:
    """Write in the custody log that a file just written to ``target`` left the vault
    (done again when a hub undid it for a concurrent change); if it cannot be written,
    remove the file: nothing leaves without its log entry."""
    def log() -> None:
        with vault.session() as session:
            custody.append(session, "media_exported", media_id, sha256,
                           {"sha256": sha256, **details, "to": str(target)})

    with taken_back_on_failure(target):
        again_on_collision(log)


def export_original(vault: Vault, ref: str, destination: Path,
                    progress: Progress | None = None,
                    cancel: CancelToken | None = None) -> Path:
    """Write the original bytes of a media item to ``destination``; log it in custody.

    ``destination`` may be a folder (the original file name is used inside it). An
    existing file is never overwritten. The bytes are checked against the SHA-256
    recorded at intake before the file is put in place. ``progress`` gets the bytes
    written so far; a cancel leaves no file and no custody event.
    """
    with vault.session() as session:
        row = media_row(session, ref)
        stored = session.get(StoredObject, row.sha256)
        if stored is None or stored.purged:
            raise WillayError(
                _("The original of media {id} is no longer in this vault (it was purged "
                  "after delivery); ask the partner who received it.").format(id=row.id)
            )
    target = destination / (Path(row.original_name).name or row.sha256) \
        if destination.is_dir() else destination
    if target.exists():
        raise WillayError(_("{path} already exists; choose another name. Nothing was written.")
                          .format(path=target))
    if not target.parent.is_dir():
        raise WillayError(_("The folder {path} does not exist.").format(path=target.parent))
    digest = hashlib.sha256()
    with atomic_file(target, replace=False) as out:
        written = 0
        for chunk in vault.objects.read_chunks(row.sha256):
            if cancel is not None and cancel.cancelled:
                raise Cancelled(_("Saving the original was cancelled; nothing was written."))
            digest.update(chunk)
            out.write(chunk)
            written += len(chunk)
            if progress is not None:
                progress(written)
        if digest.hexdigest() != row.sha256:
            raise VerificationError(
                _("Media {id}: the stored original is not the file that was added (its "
                  "SHA-256 fingerprint differs); it was not exported. Run 'willay-cli verify'.")
                .format(id=row.id)
            )
    log_export(vault, target, row.id, row.sha256, {})
    return target


def list_media(session: Session, offset: int = 0, limit: int | None = None,
               attached_to: str | None = None) -> list[dict[str, Any]]:
    """Return media summaries, newest intake first."""
    stmt = select(Media).order_by(col(Media.intake_time).desc(), col(Media.id))
    if attached_to is not None:
        stmt = stmt.where(Media.attached_to == attached_to)
    stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [{
        "id": row.id, "kind": "media", "sha256": row.sha256, "size": row.size,
        "mime": row.mime, "media_kind": row.media_kind, "original_name": row.original_name,
        "intake_time": row.intake_time, "attached_to": row.attached_to,
        "captured_at": row.captured_at,
    } for row in session.exec(stmt)]
