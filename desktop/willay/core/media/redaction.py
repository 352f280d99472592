"""Redacted copies of photos: regions blacked out or blurred, every metadata block stripped.

The original stays sealed and byte-exact. A redaction decodes it in memory, turns it
upright (EXIF orientation applied), hides each region, re-encodes the pixels alone as a
JPEG (no EXIF, XMP, GPS, ICC or comments) and stores that copy as an encrypted object
of its own. The ``redaction`` row points at the current copy; every redaction made or
removed is a signed custody event linking the copy's SHA-256 to the original's, with
the regions, so the history stays even when a redaction is replaced or removed.

Regions are rectangles in pixels of the upright original. ``black`` fills the region;
``blur`` pixelates it into at most six blocks along its longer side and then blurs
those blocks, so a face inside is not recognizable and cannot be sharpened back.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageFilter, ImageOps
from sqlmodel import Session

from willay.core.canonical import canonical_json
from willay.core.errors import NotFoundError, ValidationError, VerificationError, WillayError
from willay.core.fileio import atomic_file
from willay.core.i18n import _, number
from willay.core.media import intake as media
from willay.core.media.probe import MAX_PIXELS, PILLOW_FORMATS
from willay.core.records import custody
from willay.core.records.revisions import now_stamp
from willay.core.vault.models import Media, Redaction, StoredObject
from willay.core.vault.objects import StoredFile
from willay.core.vault.vault import Vault

KINDS = ("black", "blur")
MAX_REGIONS = 500
JPEG_QUALITY = 92
# Blur: the region becomes at most this many blocks along its longer side.
BLUR_BLOCKS = 6
HOW = "redacted copy: regions hidden, pixels only, metadata stripped"



@dataclass(frozen=True)
class Region:
    """A rectangle to hide, in pixels of the upright original."""

    kind: str
    x: int
    y: int
    width: int
    height: int

    def to_dict(self) -> dict[str, Any]:
        """Return the region as stored in the redaction row and the custody log."""
        return {"kind": self.kind, "x": self.x, "y": self.y, "width": self.width,
                "height": self.height}

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Region:
        """Read a region back from its stored form."""
        return cls(str(doc["kind"]), int(doc["x"]), int(doc["y"]), int(doc["width"]),
                   int(doc["height"]))


@dataclass(frozen=True)
class RedactionResult:
    """What one redaction stored."""

    media_id: str
    original_sha256: str
    derivative_sha256: str
    size: int
    width: int
    height: int
    regions: list[Region]


def parse_region(kind: str, text: str) -> Region:
    """Parse ``X,Y,W,H`` (whole pixels) into a region of ``kind``; refuse anything else."""
    if kind not in KINDS:
        raise ValidationError(_("Unknown way to hide a region {kind}; use one of: {choices}.")
                              .format(kind=repr(kind), choices=", ".join(KINDS)))
    parts = [p.strip() for p in text.split(",")]
    try:
        x, y, width, height = (int(p) for p in parts)
    except ValueError:
        raise ValidationError(
            _("Region {region} should be four whole numbers X,Y,W,H (pixels).")
            .format(region=repr(text))) from None
    if x < 0 or y < 0 or width <= 0 or height <= 0:
        raise ValidationError(
            _("Region {region}: X and Y may not be negative, W and H must be above zero.")
            .format(region=repr(text)))
    return Region(kind, x, y, width, height)


def regions_json(regions: list[Region]) -> str:
    """Return the canonical JSON text of a list of regions."""
    return canonical_json([r.to_dict() for r in regions]).decode("utf-8")


def load_regions(text: str) -> list[Region]:
    """Read the regions stored in a redaction row."""
    return [Region.from_dict(doc) for doc in json.loads(text)]


def upright_image(data: bytes, mime: str, name: str) -> Image.Image:
    """Decode a photo from memory, orientation applied, as 8-bit RGB pixels only.

    Only the Pillow formats of ``mime`` are tried; a decompression bomb or a damaged
    file raises WillayError naming ``name``.
    """
    formats = PILLOW_FORMATS.get(mime)
    if formats is None:
        raise ValidationError(_('"{name}" is not a photo Willay can hide parts of ({type}).')
                              .format(name=name, type=mime))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=formats) as img:
                if img.width * img.height > MAX_PIXELS:
                    raise WillayError(
                        _('"{name}" is too large to hide parts of ({pixels} pixels).')
                        .format(name=name, pixels=number(img.width * img.height)))
                img.load()
                upright = ImageOps.exif_transpose(img)
                if upright.mode in ("RGBA", "LA", "PA", "P"):
                    upright = upright.convert("RGBA")
                    background = Image.new("RGBA", upright.size, (255, 255, 255, 255))
                    return Image.alpha_composite(background, upright).convert("RGB")
                return upright.convert("RGB")
        except WillayError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise WillayError(
                _('"{name}" is too large to hide parts of: opened, it would fill the memory '
                  "(a decompression bomb).").format(name=name)) from exc
        except Exception as exc:  # Pillow raises many kinds; all mean "cannot decode"
            reason = " ".join(str(exc).split())[:200] or type(exc).__name__
            raise WillayError(
                _('"{name}" cannot be decoded as a photo, so no parts of it can be hidden: '
                  "{reason}.").format(name=name, reason=reason)) from exc


def clip(region: Region, width: int, height: int, number: int) -> tuple[int, int, int, int]:
    """Return the region's box within a ``width``×``height`` image; refuse one outside it."""
    x0, y0 = min(region.x, width), min(region.y, height)
    x1, y1 = min(region.x + region.width, width), min(region.y + region.height, height)
    if x1 - x0 <= 0 or y1 - y0 <= 0:
        raise ValidationError(
            _("Region {number} ({x},{y},{width},{height}) lies outside the photo, which is "
              "{photo_width}×{photo_height} pixels upright.").format(
                number=number, x=region.x, y=region.y, width=region.width,
                height=region.height, photo_width=width, photo_height=height))
    return x0, y0, x1, y1


def _blur(img: Image.Image, box: tuple[int, int, int, int]) -> None:
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0
    block = max(4, math.ceil(max(width, height) / BLUR_BLOCKS))
    patch = img.crop(box)
    small = patch.resize((max(1, math.ceil(width / block)), max(1, math.ceil(height / block))),
                         Image.Resampling.BOX)
    patch = small.resize((width, height), Image.Resampling.NEAREST)
    patch = patch.filter(ImageFilter.GaussianBlur(radius=max(2.0, float(block))))
    img.paste(patch, box)


def apply_regions(img: Image.Image, regions: list[Region]) -> Image.Image:
    """Return a copy of an upright RGB image with every region hidden."""
    out = img.copy()
    for position, region in enumerate(regions, 1):
        box = clip(region, out.width, out.height, position)
        if region.kind == "black":
            out.paste((0, 0, 0), box)
        else:
            _blur(out, box)
    return out


def encode_clean(img: Image.Image) -> bytes:
    """Return the pixels as a JPEG that carries no metadata at all."""
    clean = Image.new("RGB", img.size)
    clean.paste(img)
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=JPEG_QUALITY, subsampling=0)
    return out.getvalue()


def _image_row(session: Session, ref: str) -> Media:
    row = media.media_row(session, ref)
    if row.media_kind != "image" or row.mime not in PILLOW_FORMATS:
        raise ValidationError(
            _("Media {id} ({name}) is not a photo ({type}); parts can be hidden only in "
              "photos.").format(id=row.id, name=row.original_name, type=row.mime))
    stored = session.get(StoredObject, row.sha256)
    if stored is None or stored.purged:
        raise WillayError(
            _("The original of media {id} is no longer in this vault (it was purged after "
              "delivery); no parts of it can be hidden here.").format(id=row.id))
    return row


def _plaintext(vault: Vault, sha256: str, where: str) -> bytes:
    data = b"".join(vault.objects.read_chunks(sha256))
    if hashlib.sha256(data).hexdigest() != sha256:
        raise VerificationError(
            _("{where}: the stored file is not the one that was kept (its SHA-256 fingerprint "
              "differs); run 'willay-cli verify'.").format(where=where))
    return data


def original_image(vault: Vault, ref: str) -> tuple[Media, Image.Image]:
    """Return a photo's media row and its upright pixels, decrypted in memory."""
    with vault.session() as session:
        row = _image_row(session, ref)
    data = _plaintext(vault, row.sha256, _("Media {id}").format(id=row.id))
    return row, upright_image(data, row.mime, row.original_name)


def redact(vault: Vault, ref: str, regions: list[Region]) -> RedactionResult:
    """Make a redacted copy of a photo, replacing its current one; log it in custody."""
    if not regions:
        raise ValidationError(_("Give at least one region to hide (--black or --blur)."))
    if len(regions) > MAX_REGIONS:
        raise ValidationError(_("At most {count} regions can be hidden in one photo.")
                              .format(count=MAX_REGIONS))
    for region in regions:
        if region.kind not in KINDS:
            raise ValidationError(_("Unknown way to hide a region {kind}; use one of: "
                                    "{choices}.").format(kind=repr(region.kind),
                                                         choices=", ".join(KINDS)))
    row, upright = original_image(vault, ref)
    # A copy left unreferenced by a failure is removed by writing().
    with vault.writing("redaction"):
        stored, copy = _store_copy(vault, row, upright, regions)
        with vault.session() as session:
            _record_copy(session, row, stored.sha256, stored.size, copy, regions)
    return RedactionResult(row.id, row.sha256, stored.sha256, stored.size, copy.width,
                           copy.height, list(regions))


def _store_copy(vault: Vault, row: Media, upright: Image.Image, regions: list[Region]
                ) -> tuple[StoredFile, Image.Image]:
    copy = apply_regions(upright, regions)
    data = encode_clean(copy)
    label = _("The redacted copy of media {id}").format(id=row.id)
    stored = vault.objects.put_stream(io.BytesIO(data), label, size=len(data))
    return stored, copy


def _record_copy(session: Session, row: Media, sha256: str, size: int, copy: Image.Image,
                 regions: list[Region]) -> None:
    known = session.get(StoredObject, sha256)
    if known is None:
        session.add(StoredObject(sha256=sha256, size=size, stored=now_stamp()))
    elif known.purged:
        known.purged = False
        session.add(known)
    text = regions_json(regions)
    previous = session.get(Redaction, row.id)
    replaced = previous.derivative_sha256 if previous else None
    if previous is not None:
        session.delete(previous)
        session.flush()
    session.add(Redaction(media_id=row.id, original_sha256=row.sha256,
                          derivative_sha256=sha256, regions=text, created=now_stamp()))
    custody.append(session, "derivative_made", row.id, row.sha256, {
        "original": row.sha256, "derivative": sha256, "size": size,
        "width": copy.width, "height": copy.height, "how": HOW,
        "regions": json.loads(text), "replaces": replaced})


def remake(vault: Vault, session: Session, media_id: str) -> tuple[str, int, int, int] | None:
    """Make a photo's redacted copy again when its file is gone (purged after delivery).

    Works inside the caller's session; returns (sha256, size, width, height), or None
    when the photo has no redaction or its original is gone too (nothing to redact from).
    """
    found = session.get(Redaction, media_id)
    row = session.get(Media, media_id)
    if found is None or row is None:
        return None
    original = session.get(StoredObject, row.sha256)
    if original is None or original.purged or not vault.objects.has(row.sha256):
        return None
    data = _plaintext(vault, row.sha256, _("Media {id}").format(id=row.id))
    regions = load_regions(found.regions)
    stored, copy = _store_copy(vault, row, upright_image(data, row.mime, row.original_name),
                               regions)
    _record_copy(session, row, stored.sha256, stored.size, copy, regions)
    return stored.sha256, stored.size, copy.width, copy.height


def clear(vault: Vault, ref: str) -> str:
    """Remove a photo's current redaction (the copy's history stays in custody); return its id."""
    with vault.session() as session:
        row = media.media_row(session, ref)
        current = session.get(Redaction, row.id)
        if current is None:
            raise NotFoundError(_("Media {id} has no redacted copy to remove.")
                                .format(id=row.id))
        derivative = current.derivative_sha256
        session.delete(current)
        custody.append(session, "redaction_removed", row.id, row.sha256,
                       {"original": row.sha256, "derivative": derivative})
    return row.id


def current(session: Session, media_id: str) -> Redaction | None:
    """Return the current redaction of a media item, if it has one."""
    return session.get(Redaction, media_id)


def redacted_bytes(vault: Vault, ref: str) -> tuple[Redaction, bytes]:
    """Return a photo's current redaction and the decrypted bytes of its copy (in memory)."""
    with vault.session() as session:
        row = media.media_row(session, ref)
        found = session.get(Redaction, row.id)
        if found is None:
            raise NotFoundError(_("Media {id} has no redacted copy.").format(id=row.id))
        stored = session.get(StoredObject, found.derivative_sha256)
        if stored is None or stored.purged:
            raise WillayError(
                _("The redacted copy of media {id} was purged after delivery; make it again "
                  "with 'redact'.").format(id=row.id))
        session.expunge(found)
    return found, _plaintext(vault, found.derivative_sha256,
                             _("The redacted copy of media {id}").format(id=ref))


def export_redacted(vault: Vault, ref: str, destination: Path) -> Path:
    """Write a photo's redacted copy to ``destination`` (a file or a folder); log it.

    An existing file is never overwritten; the bytes are checked against the copy's
    SHA-256 before the file is put in place.
    """
    found, data = redacted_bytes(vault, ref)
    target = destination / f"{found.derivative_sha256[:12]}-redacted.jpg" \
        if destination.is_dir() else destination
    if target.exists():
        raise WillayError(_("{path} already exists; choose another name. Nothing was written.")
                          .format(path=target))
    if not target.parent.is_dir():
        raise WillayError(_("The folder {path} does not exist.").format(path=target.parent))
    with atomic_file(target, replace=False) as out:
        out.write(data)
    media.log_export(vault, target, found.media_id, found.derivative_sha256,
                     {"original": found.original_sha256, "redacted": True})
    return target
