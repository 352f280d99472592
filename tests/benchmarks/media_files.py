"""Media for the intake and bundle benchmarks: a 12-megapixel phone photo and fake videos.

Everything is reproducible: pixels and video bytes come from a ChaCha20 keystream keyed
by a seed (fast, and as incompressible as real compressed media), not from an unseeded
generator.
"""

from __future__ import annotations

import io
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from PIL import Image

PHOTO_SIZE = (4000, 3000)
#: Sits in the photo's EXIF ImageDescription; :func:`photo_variant` rewrites its digits so
#: that every copy has other bytes (and another SHA-256) without re-encoding the image.
MARKER = b"willay-bench-0000"
GPS_IFD = 0x8825
EXIF_IFD = 0x8769
#: An ``ftyp`` box (major brand ``isom``) as a phone's MP4 opens, 32 bytes.
FTYP = (b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00" + b"isomiso2avc1mp41")
_WRITE_PIECE = 8 * 1024 * 1024


def keystream(seed: int, size: int) -> bytes:
    """Return ``size`` pseudo-random bytes determined by ``seed``."""
    cipher = Cipher(algorithms.ChaCha20(seed.to_bytes(32, "big"), bytes(16)), None)
    return cipher.encryptor().update(bytes(size))


def phone_photo(seed: int, size: tuple[int, int] = PHOTO_SIZE, quality: int = 90) -> bytes:
    """Return a JPEG like a phone's: smooth colour areas with sensor-like noise, and EXIF.

    The EXIF is that of :mod:`tests.photos` (capture time, GPS in Juliaca, camera,
    orientation 6) plus :data:`MARKER` as the image description. At 4000x3000 and
    quality 90 the file is about 4 MB, like a 12-megapixel phone photo.
    """
    width, height = size
    coarse = (max(1, width // 100), max(1, height // 100))
    base = Image.frombytes("RGB", coarse, keystream(seed, coarse[0] * coarse[1] * 3))
    base = base.resize(size, Image.Resampling.BICUBIC)
    grain = Image.frombytes("RGB", size, keystream(seed + 1, width * height * 3))
    image = Image.blend(base, grain, 0.14)
    exif = Image.Exif()
    exif[0x010F] = "Motorola"  # Make
    exif[0x0110] = "moto g(8)"  # Model
    exif[0x0112] = 6  # Orientation: rotated 90° clockwise
    exif[0x010E] = MARKER.decode("ascii")  # ImageDescription
    exif.get_ifd(EXIF_IFD)[0x9003] = "2023:01:09 15:42:10"  # DateTimeOriginal
    exif.get_ifd(EXIF_IFD)[0x9011] = "-05:00"  # OffsetTimeOriginal
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "S", (15.0, 29.0, 24.0)
    gps[3], gps[4] = "W", (70.0, 8.0, 0.0)
    gps[5], gps[6] = 0, 3825.0
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=quality)
    data = out.getvalue()
    if data.count(MARKER) != 1:
        raise AssertionError("the photo's marker must occur exactly once")
    return data


def photo_variant(photo: bytes, number: int) -> bytes:
    """Return ``photo`` with its marker's digits set to ``number``: other bytes, same size."""
    tag = f"willay-bench-{number:04d}".encode("ascii")
    if len(tag) != len(MARKER):
        raise ValueError("variant number out of range")
    return photo.replace(MARKER, tag, 1)


def fake_mp4(path: Path, size: int, seed: int) -> None:
    """Write an MP4-looking file of exactly ``size`` bytes: ``ftyp``, then one ``mdat`` box.

    The box content is incompressible pseudo-random data, as encoded video is.
    """
    header = FTYP + (1).to_bytes(4, "big") + b"mdat" + (size - len(FTYP)).to_bytes(8, "big")
    if size < len(header):
        raise ValueError("a fake MP4 needs at least 48 bytes")
    encryptor = Cipher(algorithms.ChaCha20(seed.to_bytes(32, "big"), bytes(16)),
                       None).encryptor()
    zeros = bytes(_WRITE_PIECE)
    with open(path, "wb") as out:
        out.write(header)
        left = size - len(header)
        while left:
            take = min(left, _WRITE_PIECE)
            out.write(encryptor.update(zeros[:take]))
            left -= take
