"""Photos made for tests, with the EXIF a phone writes."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

GPS_IFD = 0x8825
EXIF_IFD = 0x8769


def photo(path: Path, *, description: str = "", size: tuple[int, int] = (640, 480)) -> bytes:
    """Write a JPEG like a phone's: capture time, GPS in Juliaca, camera, orientation."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.effect_noise(size, 40).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "Motorola"  # Make
    exif[0x0110] = "moto g(8)"  # Model
    exif[0x0112] = 6  # Orientation: rotated 90° clockwise
    if description:
        exif[0x010E] = description  # ImageDescription
    exif.get_ifd(EXIF_IFD)[0x9003] = "2023:01:09 15:42:10"  # DateTimeOriginal
    exif.get_ifd(EXIF_IFD)[0x9011] = "-05:00"  # OffsetTimeOriginal
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "S", (15.0, 29.0, 24.0)
    gps[3], gps[4] = "W", (70.0, 8.0, 0.0)
    gps[5], gps[6] = 0, 3825.0
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=85)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()
