"""Read a photo original: check that it decodes, extract its metadata, make a thumbnail.

The original is only ever read. The thumbnail is returned as JPEG bytes, to be stored
inside the encrypted database; nothing decoded is written to disk. Sniffing lives in
:mod:`willay.core.media.sniff` and is re-exported here.
"""

from __future__ import annotations

import functools
import io
import math
import re
import struct
import warnings
import zlib
from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import ExifTags, Image, ImageFile, UnidentifiedImageError

from willay.core.i18n import _
from willay.core.media.sniff import (
    MEDIA_KINDS,
    SNIFF_BYTES,
    FileType,
    MediaError,
    media_error,
    sniff,
    sniff_file,
)

if TYPE_CHECKING:
    from PIL.ImageCms import ImageCmsProfile

__all__ = [
    "MAX_PIXELS",
    "MEDIA_KINDS",
    "SNIFF_BYTES",
    "THUMBNAIL_SIZE",
    "FileType",
    "ImageInfo",
    "MediaError",
    "probe_image",
    "sniff",
    "sniff_file",
]

#: Images with more pixels than this are refused before anything is decoded.
MAX_PIXELS = 100_000_000
#: The thumbnail's longest side is at most this many pixels.
THUMBNAIL_SIZE = 512
#: A JPEG is decoded at the smallest 1/2, 1/4 or 1/8 scale that keeps this longest side.
_DRAFT_MIN_SIDE = 384
_THUMBNAIL_QUALITY = 80

# Pillow format names allowed for each sniffed image type (redaction accepts the same).
PILLOW_FORMATS = {
    "image/jpeg": ("JPEG", "MPO"),
    "image/png": ("PNG",),
    "image/webp": ("WEBP",),
    "image/tiff": ("TIFF",),
    "image/gif": ("GIF",),
    "image/heic": ("HEIF",),
    "image/heif": ("HEIF",),
    "image/avif": ("AVIF",),
}
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError,
                  RuntimeError, struct.error, zlib.error)
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


@dataclass(frozen=True)
class ImageInfo:
    """What a photo tells about itself, and a small JPEG preview of it.

    ``width`` and ``height`` are as stored, before ``orientation`` (EXIF, 1..8) is applied;
    the thumbnail has the orientation applied already. Coordinates are decimal degrees
    (negative for S and W) and the altitude metres (negative below sea level), as strings.
    """

    format: str
    width: int
    height: int
    orientation: int | None
    captured_at: str | None
    gps_latitude: str | None
    gps_longitude: str | None
    gps_altitude: str | None
    camera_make: str | None
    camera_model: str | None
    thumbnail_jpeg: bytes

    def as_fields(self) -> dict[str, str | int | None]:
        """Return everything but the thumbnail, as JSON-ready strings, integers and None."""
        fields: dict[str, str | int | None] = asdict(self)
        del fields["thumbnail_jpeg"]
        return fields


def probe_image(path: Path, file_type: FileType) -> ImageInfo:
    """Decode the image at ``path`` fully, read its metadata and build its thumbnail.

    Only the Pillow formats that match ``file_type`` (from :func:`sniff`) are tried.
    Raises :class:`MediaError` for an image of more than :data:`MAX_PIXELS` pixels
    (or that Pillow itself calls a decompression bomb), before decoding it, and for a
    truncated or corrupt one. A JPEG is decoded at a reduced scale (all of its data is
    still read and checked) and its marker structure is checked as well. The warning
    filters are changed for the duration of the call (``warnings.catch_warnings``), so
    probe from one thread at a time.
    """
    name = path.name
    if file_type.kind != "image" or PILLOW_FORMATS.get(file_type.mime) is None:
        raise media_error(name, _("not a photo Willay can read ({type})").format(
            type=file_type.label))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise media_error(name, _("cannot be read ({reason})").format(
            reason=exc.strerror or exc)) from exc
    return probe_image_bytes(data, file_type, name)


def probe_image_bytes(data: bytes, file_type: FileType, name: str) -> ImageInfo:
    """Like :func:`probe_image`, for an image already in memory (``name`` for messages)."""
    formats = PILLOW_FORMATS.get(file_type.mime)
    if file_type.kind != "image" or formats is None:
        raise media_error(name, _("not a photo Willay can read ({type})").format(
            type=file_type.label))
    if "HEIF" in formats:
        _register_heif(name)
    if "JPEG" in formats and (damage := _jpeg_damage(data)):
        raise media_error(name, _("truncated or corrupt image ({reason})").format(
            reason=damage))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            if "PNG" in formats:
                with Image.open(io.BytesIO(data), formats=formats) as checked:
                    checked.verify()  # every chunk's CRC, which load() does not look at
            with Image.open(io.BytesIO(data), formats=formats) as img:
                return _probe_open(img, name)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            match = re.search(r"\((\d+) pixels\)", str(exc))
            pixels = match[1] if match else _("too many")
            raise media_error(name, _("decompression bomb: {pixels} pixels").format(
                pixels=pixels)) from exc
        except UnidentifiedImageError as exc:
            reason = _("not a readable {type}").format(type=file_type.label)
            raise media_error(name, _("truncated or corrupt image ({reason})").format(
                reason=reason)) from exc
        except _DECODE_ERRORS as exc:
            reason = " ".join(str(exc).split())[:200] or type(exc).__name__
            raise media_error(name, _("truncated or corrupt image ({reason})").format(
                reason=reason)) from exc


def _probe_open(img: ImageFile.ImageFile, name: str) -> ImageInfo:
    width, height = img.size
    if width * height > MAX_PIXELS:
        raise media_error(name, _("decompression bomb: {pixels} pixels").format(
            pixels=width * height))
    exif = _exif_fields(img)
    # pillow-heif applies the rotation at open and keeps the file's value aside.
    exif_orientation = exif.pop("orientation")
    orientation = _int_in(img.info.get("original_orientation"), 1, 8) or exif_orientation
    image_format = "JPEG" if img.format == "MPO" else str(img.format)
    if image_format == "JPEG":
        scale = next((s for s in (8, 4, 2) if max(width, height) // s >= _DRAFT_MIN_SIDE), 1)
        if scale > 1:
            img.draft("RGB", (max(1, width // scale), max(1, height // scale)))
    img.load()  # decodes every byte of image data: the truncation and corruption check
    # What is left to apply: the HEIF and TIFF plugins rotate the pixels themselves and
    # report the rotated size, which is turned back into the size as stored.
    pending = _orientation_tag(img)
    if orientation is not None and orientation >= 5 and pending != orientation:
        width, height = height, width
    return ImageInfo(format=image_format, width=width, height=height,
                     orientation=orientation, thumbnail_jpeg=_thumbnail(img, pending), **exif)


def _orientation_tag(img: Image.Image) -> int | None:
    try:
        return _int_in(img.getexif().get(ExifTags.Base.Orientation), 1, 8)
    except Exception:  # junk EXIF: nothing to apply
        return None


@functools.cache
def _heif_available() -> bool:
    try:
        import pillow_heif
    except ImportError:
        return False
    pillow_heif.register_heif_opener()
    return True


def _register_heif(name: str) -> None:
    if not _heif_available():
        raise media_error(name, _("HEIC photos need the pillow-heif package, which is "
                                  "missing; reinstall Willay"))


def _jpeg_damage(data: bytes) -> str | None:
    """Return what is wrong with a JPEG's marker structure, or None when it is whole.

    libjpeg only warns about markers that break into the compressed data, and Pillow
    ignores its warnings, so such damage is looked for here. Data after the end-of-image
    marker is allowed: phones append previews and motion clips there.
    """
    size, pos, scans = len(data), 2, 0
    while True:
        pos = data.find(b"\xff", pos)
        while 0 <= pos < size - 1 and data[pos + 1] == 0xFF:
            pos += 1  # fill bytes
        if pos < 0 or pos + 1 >= size:
            return _("it ends before its end-of-image marker")
        marker, pos = data[pos + 1], pos + 2
        if marker == 0xD9:
            return None if scans else _("it holds no image data")
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            continue
        if marker == 0x00 or pos + 2 > size:
            return _("it ends before its end-of-image marker")
        end = pos + int.from_bytes(data[pos:pos + 2], "big")
        if end < pos + 2 or end > size:
            return _("it ends before its end-of-image marker")
        pos = end
        if marker != 0xDA:
            continue
        scans += 1
        pos, code = _scan_end(data, pos)
        if code is None:
            return _("it ends before its end-of-image marker")
        if code not in _BETWEEN_SCANS:
            return _("marker 0xFF{code} breaks into the image data at byte {position}").format(
                code=f"{code:02X}", position=pos)


# EOI, SOS, DHT, DAC, DQT, DRI, COM and APPn may follow a scan; any other marker there is damage.
_BETWEEN_SCANS = frozenset({0xD9, 0xDA, 0xC4, 0xCC, 0xDB, 0xDD, 0xFE, *range(0xE0, 0xF0)})
_MARKER_IN_SCAN = re.compile(rb"\xff[^\x00]")


def _scan_end(data: bytes, pos: int) -> tuple[int, int | None]:
    """Find the marker that ends the compressed data starting at ``pos``; skip restarts."""
    while match := _MARKER_IN_SCAN.search(data, pos):
        code = data[match.start() + 1]
        if code == 0xFF:
            pos = match.start() + 1
        elif 0xD0 <= code <= 0xD7:
            pos = match.end()
        else:
            return match.start(), code
    return len(data), None


def _thumbnail(img: Image.Image, orientation: int | None) -> bytes:
    """Return a JPEG of at most THUMBNAIL_SIZE px, upright, in sRGB, without metadata."""
    if img.mode == "1":
        img = img.convert("L")
    elif img.mode in ("P", "PA"):
        img = img.convert("RGBA" if img.mode == "PA" or "transparency" in img.info else "RGB")
    img.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
    rgb = _to_srgb(img)
    if orientation in _TRANSPOSE:
        rgb = rgb.transpose(_TRANSPOSE[orientation])
    clean = Image.new("RGB", rgb.size)
    clean.paste(rgb)
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=_THUMBNAIL_QUALITY)
    return out.getvalue()


def _to_srgb(img: Image.Image) -> Image.Image:
    """Flatten any mode to 8-bit RGB (alpha over white, 16-bit scaled, ICC to sRGB)."""
    if img.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        high = img.getextrema()[1]
        brightest = high if isinstance(high, int | float) else 255
        top = 255 if brightest <= 255 else 65535 if brightest <= 65535 else brightest
        img = img.convert("I").point(lambda v: v * (255 / top)).convert("L")
    if img.mode in ("RGBA", "LA", "RGBa", "PA", "P"):
        img = img.convert("RGBA")
        background = Image.new("RGBA", img.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, img).convert("RGB")
    icc = img.info.get("icc_profile")
    if icc and img.mode in ("RGB", "CMYK", "L") and (converted := _icc_to_srgb(img, icc)):
        return converted
    return img if img.mode == "RGB" else img.convert("RGB")


def _icc_to_srgb(img: Image.Image, icc: bytes) -> Image.Image | None:
    """Convert from the embedded colour profile to sRGB; None when that cannot be done."""
    try:
        from PIL import ImageCms
    except ImportError:  # a Pillow built without littlecms
        return None
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(img, source, _srgb(), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None
    return converted if isinstance(converted, Image.Image) else None


@functools.cache
def _srgb() -> ImageCmsProfile:
    from PIL.ImageCms import ImageCmsProfile, createProfile

    return ImageCmsProfile(createProfile("sRGB"))


def _exif_fields(img: Image.Image) -> dict[str, Any]:
    """Metadata from EXIF; anything missing, malformed or out of range comes back as None."""
    fields: dict[str, Any] = dict.fromkeys(
        ("orientation", "captured_at", "gps_latitude", "gps_longitude", "gps_altitude",
         "camera_make", "camera_model"))
    try:
        exif = img.getexif()
        base = dict(exif)
    except Exception:  # junk EXIF must never stop intake
        return fields
    sub = _ifd(exif, ExifTags.IFD.Exif)
    gps = _ifd(exif, ExifTags.IFD.GPSInfo)
    fields["orientation"] = _int_in(base.get(ExifTags.Base.Orientation), 1, 8)
    fields["camera_make"] = _clean_text(base.get(ExifTags.Base.Make))
    fields["camera_model"] = _clean_text(base.get(ExifTags.Base.Model))
    offset = _offset(sub.get(ExifTags.Base.OffsetTimeOriginal))
    fields["captured_at"] = (
        _timestamp(sub.get(ExifTags.Base.DateTimeOriginal)
                   or base.get(ExifTags.Base.DateTimeOriginal),
                   offset or _offset(sub.get(ExifTags.Base.OffsetTime)))
        or _timestamp(base.get(ExifTags.Base.DateTime), _offset(sub.get(ExifTags.Base.OffsetTime)))
    )
    latitude = _coordinate(gps.get(ExifTags.GPS.GPSLatitude),
                           gps.get(ExifTags.GPS.GPSLatitudeRef), "N", "S", 90)
    longitude = _coordinate(gps.get(ExifTags.GPS.GPSLongitude),
                            gps.get(ExifTags.GPS.GPSLongitudeRef), "E", "W", 180)
    if (latitude is not None and longitude is not None
            and (latitude, longitude) != (Fraction(0), Fraction(0))):
        fields["gps_latitude"] = _decimal_text(latitude, 6)
        fields["gps_longitude"] = _decimal_text(longitude, 6)
    fields["gps_altitude"] = _altitude(gps.get(ExifTags.GPS.GPSAltitude),
                                       gps.get(ExifTags.GPS.GPSAltitudeRef))
    return fields


def _ifd(exif: Image.Exif, tag: int) -> dict[int, Any]:
    try:
        return dict(exif.get_ifd(tag))
    except Exception:  # a broken sub-IFD only loses its own fields
        return {}


def _int_in(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, tuple) and len(value) == 1:
        value = value[0]
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    return None


def _text(value: Any) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return value if isinstance(value, str) else None


def _clean_text(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    text = "".join(ch for ch in text if ch.isprintable()).strip()
    return text[:200] or None


_EXIF_DATETIME = re.compile(r"(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_EXIF_OFFSET = re.compile(r"([+-])(\d{2}):(\d{2})")


def _timestamp(value: Any, offset: str | None) -> str | None:
    """An EXIF "YYYY:MM:DD HH:MM:SS" as ISO 8601, with the offset when one is known."""
    text = _text(value)
    match = _EXIF_DATETIME.match(text.strip("\x00 ")) if text else None
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return moment.isoformat() + (offset or "")


def _offset(value: Any) -> str | None:
    text = _text(value)
    match = _EXIF_OFFSET.fullmatch(text.strip("\x00 ")) if text else None
    if match is None or int(match[2]) > 14 or int(match[3]) >= 60:
        return None
    return match[0]


def _rational(value: Any) -> Fraction | None:
    """An EXIF rational (or integer) as an exact fraction; None for 0/0 and junk."""
    try:
        if isinstance(value, tuple) and len(value) == 2:
            return Fraction(int(value[0]), int(value[1]))
        numerator, denominator = getattr(value, "numerator", None), getattr(value, "denominator",
                                                                           None)
        if isinstance(numerator, int) and isinstance(denominator, int):
            return Fraction(numerator, denominator)
        if isinstance(value, float) and math.isfinite(value):
            return Fraction(value)
    except (ValueError, ZeroDivisionError, TypeError):
        return None
    return None


def _coordinate(value: Any, ref: Any, positive: str, negative: str,
                bound: int) -> Fraction | None:
    """Degrees, minutes, seconds and a hemisphere as signed decimal degrees, or None."""
    hemisphere = (_text(ref) or "").strip("\x00 ").upper()
    if hemisphere not in (positive, negative) or not isinstance(value, tuple) or len(value) != 3:
        return None
    parts = [_rational(part) for part in value]
    if any(part is None or part < 0 for part in parts):
        return None
    degrees, minutes, seconds = (part or Fraction(0) for part in parts)
    if minutes >= 60 or seconds >= 60:
        return None
    total = degrees + minutes / 60 + seconds / 3600
    if total > bound:
        return None
    return -total if hemisphere == negative else total


def _altitude(value: Any, ref: Any) -> str | None:
    """Metres above sea level, negative below it (reference 1); None if implausible."""
    metres = _rational(value)
    if isinstance(ref, bytes):
        ref = ref[0] if len(ref) == 1 else None
    ref = 0 if ref is None else ref
    if metres is None or metres < 0 or ref not in (0, 1) or metres > 100_000:
        return None
    return _decimal_text(-metres if ref == 1 else metres, 2)


def _decimal_text(number: Fraction, places: int) -> str:
    """An exact fraction as a plain decimal string, rounded to at most ``places`` decimals."""
    with localcontext() as context:
        context.prec = 40
        value = Decimal(number.numerator) / Decimal(number.denominator)
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text

