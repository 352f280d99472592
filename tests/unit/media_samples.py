"""Sample originals made on the spot: photos with EXIF, damaged files and minimal headers."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from typing import Any

from PIL import ExifTags, Image
from PIL.TiffImagePlugin import IFDRational

# The place the sample GPS block points at: 12°2'45.67" S, 77°1'3" W, 423.5 m below sea level.
LATITUDE = "-12.046019"
LONGITUDE = "-77.0175"
ALTITUDE = "-423.5"


def photo_exif(orientation: int | None = 6, gps: bool = True, **extra: Any) -> Image.Exif:
    """EXIF as a phone writes it: make, model, times with an offset, GPS with S/W refs.

    ``extra`` maps tag names to values that replace the defaults (None removes a tag):
    Make, Model, DateTime and Orientation go to IFD0, GPS* tags to the GPS IFD and any
    other name (DateTimeOriginal, OffsetTime...) to the Exif IFD.
    """
    base: dict[str, Any] = {"Make": "Apple\x00\x00 ", "Model": " iPhone 12\x00",
                            "DateTime": "2023:01:10 08:00:00", "Orientation": orientation}
    sub: dict[str, Any] = {"DateTimeOriginal": "2023:01:09 15:42:10",
                           "OffsetTimeOriginal": "-05:00"}
    location: dict[str, Any] = {}
    if gps:
        location = {
            "GPSLatitudeRef": "S",
            "GPSLatitude": (IFDRational(12, 1), IFDRational(2, 1), IFDRational(4567, 100)),
            "GPSLongitudeRef": "W",
            "GPSLongitude": (IFDRational(77, 1), IFDRational(1, 1), IFDRational(3, 1)),
            "GPSAltitudeRef": b"\x01",
            "GPSAltitude": IFDRational(4235, 10),
        }
    for key, value in extra.items():
        target = location if key.startswith("GPS") else base if key in base else sub
        target[key] = value
    exif = Image.Exif()
    for key, value in base.items():
        if value is not None:
            exif[ExifTags.Base[key]] = value
    exif_ifd = exif.get_ifd(ExifTags.IFD.Exif)
    for key, value in sub.items():
        if value is not None:
            exif_ifd[ExifTags.Base[key]] = value
    gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
    for key, value in location.items():
        if value is not None:
            gps_ifd[ExifTags.GPS[key]] = value
    return exif


def marked_photo(width: int = 1200, height: int = 800) -> Image.Image:
    """A grey picture with a red block in its top-left corner, to follow rotations."""
    img = Image.new("RGB", (width, height), (128, 128, 128))
    img.paste((255, 0, 0), (0, 0, width // 4, height // 4))
    return img


def noisy_photo(width: int, height: int, seed: int = 7, grain: float = 0.1) -> Image.Image:
    """A picture with coarse shapes, texture and grain, so that it compresses like a photo."""
    rnd = random.Random(seed)

    def layer(w: int, h: int) -> Image.Image:
        return Image.frombytes("RGB", (w, h), rnd.randbytes(w * h * 3))

    coarse = layer(width // 50, height // 50).resize((width, height), Image.Resampling.BICUBIC)
    texture = layer(width // 6, height // 6).resize((width, height), Image.Resampling.BILINEAR)
    return Image.blend(Image.blend(coarse, texture, 0.35), layer(width, height), grain)


def encode(img: Image.Image, fmt: str, **params: Any) -> bytes:
    """Return ``img`` saved in memory as ``fmt``."""
    out = io.BytesIO()
    img.save(out, fmt, **params)
    return out.getvalue()


def heif_bytes(img: Image.Image, **params: Any) -> bytes:
    """Return ``img`` saved as HEIC with pillow-heif."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    if isinstance(params.get("exif"), Image.Exif):
        params["exif"] = params["exif"].tobytes()
    return encode(img, "HEIF", **params)


def png_with_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` (IHDR patched, CRC fixed)."""
    data = bytearray(encode(Image.new("1", (8, 8)), "PNG"))
    ihdr = data[12:29]  # chunk type + 13 bytes of fields
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(data)


def scan_start(jpeg: bytes) -> int:
    """Offset of the compressed data after the first SOS segment of a JPEG."""
    pos = 2
    while jpeg[pos + 1] != 0xDA:
        pos += 2 + int.from_bytes(jpeg[pos + 2:pos + 4], "big")
    return pos + 2 + int.from_bytes(jpeg[pos + 2:pos + 4], "big")


# ---- minimal headers for the formats that Pillow does not write ----

def ftyp(major: bytes, *compatible: bytes) -> bytes:
    """An ISO-BMFF ``ftyp`` box, then the start of an ``mdat`` box."""
    body = major + b"\x00\x00\x02\x00" + b"".join(compatible or (major,))
    return struct.pack(">I", 8 + len(body)) + b"ftyp" + body + b"\x00\x00\x00\x10mdat" + bytes(8)


def ogg_page(payload: bytes) -> bytes:
    """A first Ogg page (beginning of stream) carrying ``payload``."""
    header = b"OggS\x00\x02" + bytes(8) + b"\x01\x00\x00\x00" + bytes(8)
    return header + bytes([1, len(payload)]) + payload


OPUS_HEAD = b"OpusHead\x01\x01\x38\x01\x80\xbb\x00\x00\x00\x00\x00"
VORBIS_HEAD = b"\x01vorbis" + bytes(22)
THEORA_HEAD = b"\x80theora" + bytes(34)


def mp3_frames(header: bytes = b"\xff\xfb\x90\x00", count: int = 2) -> bytes:
    """``count`` silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz: 417 bytes each)."""
    return (header + bytes(413)) * count


def wav_header() -> bytes:
    """The RIFF/WAVE header of 16-bit mono 8 kHz audio."""
    fmt = struct.pack("<HHIIHH", 1, 1, 8000, 16000, 2, 16)
    return (b"RIFF" + struct.pack("<I", 36) + b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt
            + b"data" + struct.pack("<I", 0))


def ole_header(stream: str = "WordDocument", directory_sector: int = 0) -> bytes:
    """A compound file header (512-byte sectors) and its first directory sector."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[0x1A:0x20] = struct.pack("<HHH", 3, 0xFFFE, 9)
    header[0x30:0x34] = struct.pack("<I", directory_sector)
    filler = bytes(512 * directory_sector)
    entry = bytearray(128)
    name = stream.encode("utf-16-le") + b"\x00\x00"
    entry[0:len(name)] = name
    entry[64:66] = struct.pack("<H", len(name))
    root = "Root Entry".encode("utf-16-le") + b"\x00\x00"
    root_entry = bytearray(128)
    root_entry[0:len(root)] = root
    return bytes(header) + filler + bytes(root_entry) + bytes(entry) + bytes(256)


def zip_bytes(members: list[tuple[str, bytes]], stored: tuple[str, ...] = ()) -> bytes:
    """A ZIP archive with ``members`` in order (those named in ``stored`` uncompressed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members:
            method = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return out.getvalue()


CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                 b'openxmlformats.org/package/2006/content-types"/>')


def ooxml(folder: str, main: str, content_types_last: bool = False,
          padding: int = 0) -> bytes:
    """An Office Open XML package: ``folder``/``main`` with its content types and rels.

    ``content_types_last`` puts ``[Content_Types].xml`` at the end, as LibreOffice does;
    ``padding`` adds an incompressible first member so the names fall outside the head.
    """
    members = [("_rels/.rels", b"<Relationships/>"),
               (f"{folder}/{main}", b"<document>" + b"text " * 50 + b"</document>")]
    first = [("[Content_Types].xml", CONTENT_TYPES)]
    if padding:
        first.insert(0, ("docProps/thumbnail.jpeg", random.Random(1).randbytes(padding)))
    members = members + first if content_types_last else first + members
    return zip_bytes(members)


def streamed_odf(mime: str) -> bytes:
    """An OpenDocument package written to a pipe: sizes in data descriptors, not headers."""

    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self.data = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, chunk: Any) -> int:
            self.data += chunk
            return len(chunk)

    pipe = Pipe()
    with zipfile.ZipFile(pipe, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mime.encode())
        archive.writestr("content.xml", b"<office:document/>")
    return bytes(pipe.data)


def odf(mime: str) -> bytes:
    """An OpenDocument package: the uncompressed ``mimetype`` member first."""
    return zip_bytes([("mimetype", mime.encode()), ("content.xml", b"<office:document/>"),
                      ("META-INF/manifest.xml", b"<manifest/>")], stored=("mimetype",))
