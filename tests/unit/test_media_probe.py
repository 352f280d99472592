"""Sniffing originals by content, probing photos: metadata, thumbnails, damage and bombs."""

from __future__ import annotations

import builtins
import hashlib
import io
import json
import os
import random
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PIL import ExifTags, Image, ImageCms, ImageOps, features
from PIL.TiffImagePlugin import IFDRational

from tests.conftest import tree_snapshot
from tests.unit import media_samples as samples
from willay.core.errors import ValidationError
from willay.core.media import probe as media_probe
from willay.core.media import sniff as media_sniff
from willay.core.media.probe import (
    MAX_PIXELS,
    MEDIA_KINDS,
    FileType,
    ImageInfo,
    MediaError,
    probe_image,
    sniff,
    sniff_file,
)

UNKNOWN = (
    '"x.bin": unknown format; Willay keeps photos (JPEG, PNG, WebP, TIFF, HEIC), audio (Opus, '
    "Ogg, M4A, MP3, WAV, AMR), video (MP4, MOV, 3GP), PDF and office documents"
)
needs_avif = pytest.mark.skipif(not features.check_module("avif"),
                                reason="this Pillow has no AVIF support")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    """Put ``data`` in a file called ``name`` and return its path."""
    path = tmp_path / name
    path.write_bytes(data)
    return path


def probe(path: Path) -> ImageInfo:
    """Sniff ``path`` as intake does, then probe it."""
    return probe_image(path, sniff_file(path))


def thumbnail(info: ImageInfo) -> Image.Image:
    """The thumbnail, opened."""
    img = Image.open(io.BytesIO(info.thumbnail_jpeg))
    img.load()
    return img


def _pixel(image: Image.Image, xy: tuple[int, int]) -> tuple[int, ...]:
    """The bands of the pixel at ``xy`` of a many-band image."""
    value = image.getpixel(xy)
    assert isinstance(value, tuple), f"{image.mode} image: one band"
    return value


# ---------------------------------------------------------------- sniffing

def test_sniff_module_exports_and_error_family() -> None:
    assert MEDIA_KINDS == ("image", "audio", "video", "document")
    assert issubclass(MediaError, ValidationError)
    assert media_probe.sniff is media_sniff.sniff


@pytest.mark.parametrize(("fmt", "params", "mime", "ext"), [
    ("JPEG", {}, "image/jpeg", "jpg"),
    ("PNG", {}, "image/png", "png"),
    ("WEBP", {}, "image/webp", "webp"),
    ("TIFF", {}, "image/tiff", "tiff"),
    ("GIF", {}, "image/gif", "gif"),
])
def test_sniff_images_written_by_pillow(fmt: str, params: dict[str, Any], mime: str,
                                        ext: str) -> None:
    head = samples.encode(samples.marked_photo(64, 48), fmt, **params)[:4096]
    found = sniff(head, "whatever.dat")
    assert (found.mime, found.kind, found.extension) == (mime, "image", ext)
    assert found.label.endswith("image")


def test_sniff_big_endian_tiff_and_bigtiff() -> None:
    assert sniff(b"MM\x00*\x00\x00\x00\x08" + bytes(16)).mime == "image/tiff"
    assert sniff(b"II+\x00\x08\x00\x00\x00" + bytes(16)).mime == "image/tiff"


def test_sniff_heic_written_by_pillow_heif() -> None:
    head = samples.heif_bytes(samples.marked_photo(64, 48))[:4096]
    assert sniff(head) == FileType("image/heic", "image", "HEIC image", "heic")


@pytest.mark.parametrize(("head", "mime"), [
    (samples.ftyp(b"heic", b"mif1", b"heic"), "image/heic"),
    (samples.ftyp(b"heix", b"mif1", b"heix"), "image/heic"),
    (samples.ftyp(b"mif1", b"mif1", b"heic"), "image/heic"),
    (samples.ftyp(b"msf1", b"msf1", b"hevc"), "image/heic"),
    (samples.ftyp(b"heim"), "image/heic"),
    (samples.ftyp(b"heis"), "image/heic"),
    (samples.ftyp(b"hevc"), "image/heic"),
    (samples.ftyp(b"mif1", b"mif1", b"miaf"), "image/heif"),
])
def test_sniff_heif_brands(head: bytes, mime: str) -> None:
    found = sniff(head)
    assert (found.mime, found.kind) == (mime, "image")


@needs_avif
def test_sniff_avif_when_pillow_reads_it() -> None:
    head = samples.encode(samples.marked_photo(64, 48), "AVIF")[:4096]
    assert sniff(head) == FileType("image/avif", "image", "AVIF image", "avif")
    assert sniff(samples.ftyp(b"mif1", b"mif1", b"avif")).mime == "image/avif"


def test_sniff_refuses_avif_when_pillow_cannot_read_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(features, "check_module", lambda name: False)
    with pytest.raises(MediaError, match=r'^"a\.avif": an AVIF image, which this installation'):
        sniff(samples.ftyp(b"avif", b"mif1", b"avif"), "a.avif")


@pytest.mark.parametrize(("head", "mime", "kind", "ext"), [
    (samples.ftyp(b"isom", b"isom", b"iso2", b"avc1", b"mp41"), "video/mp4", "video", "mp4"),
    (samples.ftyp(b"iso2"), "video/mp4", "video", "mp4"),
    (samples.ftyp(b"mp41"), "video/mp4", "video", "mp4"),
    (samples.ftyp(b"mp42", b"mp42", b"isom"), "video/mp4", "video", "mp4"),
    (samples.ftyp(b"avc1"), "video/mp4", "video", "mp4"),
    (samples.ftyp(b"dash", b"iso6", b"mp41"), "video/mp4", "video", "mp4"),
    (samples.ftyp(b"qt  ", b"qt  "), "video/quicktime", "video", "mov"),
    (b"\x00\x00\x00\x08wide\x00\x02\xb6\x1dmdat" + bytes(32), "video/quicktime", "video", "mov"),
    (b"\x00\x00\x6c\x9amoov\x00\x00\x00\x6cmvhd" + bytes(32), "video/quicktime", "video", "mov"),
    (b"\x00\x00\x00\x01mdat" + bytes(32), "video/quicktime", "video", "mov"),
    (samples.ftyp(b"3gp4", b"isom", b"3gp4"), "video/3gpp", "video", "3gp"),
    (samples.ftyp(b"3gp5"), "video/3gpp", "video", "3gp"),
    (samples.ftyp(b"3g2a"), "video/3gpp2", "video", "3g2"),
    (samples.ftyp(b"M4A ", b"M4A ", b"mp42", b"isom"), "audio/mp4", "audio", "m4a"),
    (samples.ftyp(b"M4B "), "audio/mp4", "audio", "m4b"),
    (samples.ogg_page(samples.OPUS_HEAD), "audio/ogg; codecs=opus", "audio", "opus"),
    (samples.ogg_page(samples.VORBIS_HEAD), "audio/ogg", "audio", "ogg"),
    (b"ID3\x04\x00\x00\x00\x00\x01\x00" + bytes(128), "audio/mpeg", "audio", "mp3"),
    (samples.mp3_frames(), "audio/mpeg", "audio", "mp3"),
    (samples.mp3_frames(b"\xff\xf3\x94\x00", 1)[:200], "audio/mpeg", "audio", "mp3"),
    (samples.wav_header(), "audio/wav", "audio", "wav"),
    (b"#!AMR\n" + bytes(32), "audio/amr", "audio", "amr"),
    (b"#!AMR-WB\n" + bytes(32), "audio/amr-wb", "audio", "awb"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf", "document", "pdf"),
    (b"{\\rtf1\\ansi\\deff0 {\\fonttbl", "application/rtf", "document", "rtf"),
])
def test_sniff_audio_video_and_documents(head: bytes, mime: str, kind: str, ext: str) -> None:
    found = sniff(head, "no-extension")
    assert (found.mime, found.kind, found.extension) == (mime, kind, ext)
    assert found.kind in MEDIA_KINDS


def test_opus_is_labelled_as_a_voice_note() -> None:
    found = sniff(samples.ogg_page(samples.OPUS_HEAD), "PTT-20230109-WA0003.opus")
    assert "WhatsApp voice note" in found.label
    assert found.mime == "audio/ogg; codecs=opus"


@pytest.mark.parametrize("head", [
    samples.ogg_page(samples.THEORA_HEAD),  # Ogg video
    samples.ftyp(b"crx ", b"crx ", b"isom"),  # Canon raw photo in an MP4 container
    samples.ftyp(b"M4P "),  # DRM-protected audio
    b"\xff\xf1\x50\x80\x02\x1f\xfc" + bytes(64),  # ADTS AAC: layer bits 00
    b"\xff\xfb\xf0\x00" + bytes(64),  # bitrate index 15
    b"\xff\xfb\x90\x00" + bytes(413) + b"\x00\x00\x00\x00" + bytes(100),  # no second frame
    b"RIFF\x24\x00\x00\x00AVI LIST",
    b"ID3\x09\x00\x00\x00\x00\x01\x00",  # no such ID3 version
])
def test_sniff_refuses_near_misses(head: bytes) -> None:
    with pytest.raises(MediaError, match="unknown format"):
        sniff(head, "x.bin")


def test_sniff_docx_xlsx_pptx_from_the_head_and_from_the_path(tmp_path: Path) -> None:
    for folder, main, mime_end, ext in [("word", "document.xml", "document", "docx"),
                                        ("xl", "workbook.xml", "sheet", "xlsx"),
                                        ("ppt", "presentation.xml", "presentation", "pptx")]:
        data = samples.ooxml(folder, main)
        assert data.startswith(b"PK\x03\x04")
        by_head = sniff(data[:4096], f"informe.{ext}")
        assert by_head.extension == ext
        assert by_head.mime.endswith(mime_end)
        assert by_head.kind == "document"
        path = write(tmp_path, f"informe-{ext}.zip", data)
        assert sniff_file(path) == by_head


def test_sniff_docx_saved_by_libreoffice_with_content_types_last() -> None:
    data = samples.ooxml("word", "document.xml", content_types_last=True)
    assert sniff(data[:4096]).extension == "docx"


def test_sniff_docx_whose_names_lie_past_the_head_needs_the_path(tmp_path: Path) -> None:
    data = samples.ooxml("word", "document.xml", padding=20_000)
    with pytest.raises(MediaError, match="a ZIP archive, not a document Willay keeps"):
        sniff(data[:4096], "informe.docx")
    path = write(tmp_path, "informe.docx", data)
    assert sniff(data[:4096], path.name, path).extension == "docx"


@pytest.mark.parametrize(("mime", "ext"), [
    ("application/vnd.oasis.opendocument.text", "odt"),
    ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
    ("application/vnd.oasis.opendocument.presentation", "odp"),
])
def test_sniff_opendocument(mime: str, ext: str) -> None:
    found = sniff(samples.odf(mime)[:4096])
    assert (found.mime, found.kind, found.extension) == (mime, "document", ext)


def test_sniff_opendocument_streamed_without_sizes_in_its_header() -> None:
    data = samples.streamed_odf("application/vnd.oasis.opendocument.text")
    assert data[6] & 0x08  # sizes follow the data
    assert sniff(data[:4096]).extension == "odt"


@pytest.mark.parametrize("members", [
    [("notes.txt", b"hello"), ("photo.jpg", b"\xff\xd8\xff")],
    [("word/document.xml", b"<w/>")],  # no package parts: not OOXML
    [("mimetype", b"application/epub+zip"), ("OEBPS/content.opf", b"<package/>")],
])
def test_sniff_refuses_zip_archives_that_are_not_documents(tmp_path: Path,
                                                           members: list[tuple[str, bytes]]
                                                           ) -> None:
    data = samples.zip_bytes(members, stored=("mimetype",))
    path = write(tmp_path, "archivo.docx", data)
    with pytest.raises(MediaError) as caught:
        sniff_file(path)
    assert str(caught.value) == '"archivo.docx": a ZIP archive, not a document Willay keeps'


def test_sniff_legacy_office(tmp_path: Path) -> None:
    in_head = sniff(samples.ole_header("WordDocument"), "acta.doc")
    assert in_head == FileType("application/x-ole-storage", "document",
                               "Microsoft Office document (legacy)", "doc")
    assert sniff(samples.ole_header("Workbook")).extension == "xls"
    assert sniff(samples.ole_header("PowerPoint Document")).extension == "ppt"
    assert sniff(samples.ole_header("__substg1.0_")).extension == "ole"
    # The directory sector lies past the head: found through the path.
    far = samples.ole_header("Workbook", directory_sector=20)
    assert sniff(far[:4096]).extension == "ole"
    path = write(tmp_path, "cuentas.bin", far)
    assert sniff(far[:4096], path.name, path).extension == "xls"


def test_sniff_goes_by_content_never_by_name() -> None:
    png = samples.encode(samples.marked_photo(32, 32), "PNG")
    for name in ("foto.jpg", "voice.opus", "informe.pdf", ""):
        assert sniff(png, name).mime == "image/png"


@pytest.mark.parametrize("head", [
    random.Random(3).randbytes(4096),
    "Declaración de testigos: el 9 de enero...\n".encode() * 20,
    b"<html><body>not evidence</body></html>",
    b"\x00" * 64,
])
def test_sniff_refuses_unknown_content_and_plain_text(head: bytes) -> None:
    with pytest.raises(MediaError) as caught:
        sniff(head, "x.bin")
    assert str(caught.value) == UNKNOWN


def test_sniff_refuses_an_empty_file(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match=r'^"vacio\.jpg": empty file$'):
        sniff_file(write(tmp_path, "vacio.jpg", b""))
    with pytest.raises(MediaError, match=r"^Empty file$"):
        sniff(b"")


def test_sniff_file_names_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match=r'^"missing\.jpg": cannot be read'):
        sniff_file(tmp_path / "missing.jpg")


# ---------------------------------------------------------------- probing: metadata

EXPECTED_EXIF = {
    "captured_at": "2023-01-09T15:42:10-05:00",
    "gps_latitude": samples.LATITUDE,
    "gps_longitude": samples.LONGITUDE,
    "gps_altitude": samples.ALTITUDE,
    "camera_make": "Apple",
    "camera_model": "iPhone 12",
    "orientation": 6,
}


@pytest.mark.parametrize(("fmt", "name", "params"), [
    ("JPEG", "IMG_0001.JPG", {"quality": 90}),
    ("PNG", "captura.png", {}),
    ("WEBP", "foto.webp", {"quality": 80}),
])
def test_probe_reads_exif_and_rotates_the_thumbnail(tmp_path: Path, fmt: str, name: str,
                                                    params: dict[str, Any]) -> None:
    img = samples.marked_photo(1200, 800)
    path = write(tmp_path, name, samples.encode(img, fmt, exif=samples.photo_exif(), **params))
    info = probe(path)
    fields = info.as_fields()
    assert {k: fields[k] for k in EXPECTED_EXIF} == EXPECTED_EXIF
    assert (fields["format"], fields["width"], fields["height"]) == (fmt, 1200, 800)
    assert_upright_thumbnail(info, img, 6)


def assert_upright_thumbnail(info: ImageInfo, original: Image.Image, orientation: int) -> None:
    """The thumbnail is the original turned as EXIF says, at most 512 px, plain RGB."""
    thumb = thumbnail(info)
    assert thumb.format == "JPEG"
    assert thumb.mode == "RGB"
    assert max(thumb.size) <= 512
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    reference = original.copy()
    reference.info["exif"] = exif.tobytes()
    upright = ImageOps.exif_transpose(reference)
    upright.thumbnail(thumb.size)
    assert thumb.size == upright.size
    # The red block lands in the same corner as in the reference rotation.
    for corner in ((5, 5), (thumb.width - 5, 5), (5, thumb.height - 5),
                   (thumb.width - 5, thumb.height - 5)):
        red = _pixel(thumb, corner)[0] > 200
        assert red == (_pixel(upright, corner)[0] > 200), corner


def test_orientation_6_on_a_landscape_photo_gives_a_portrait_thumbnail(tmp_path: Path) -> None:
    path = write(tmp_path, "a.jpg", samples.encode(samples.marked_photo(1600, 1000), "JPEG",
                                                   exif=samples.photo_exif(orientation=6)))
    info = probe(path)
    assert (info.width, info.height, info.orientation) == (1600, 1000, 6)
    assert thumbnail(info).size == (250, 400)  # decoded at 1/4 scale, already small enough


@pytest.mark.parametrize("orientation", [1, 2, 3, 4, 5, 7, 8])
def test_every_orientation_is_applied_to_the_thumbnail(tmp_path: Path, orientation: int) -> None:
    img = samples.marked_photo(900, 600)
    exif = samples.photo_exif(orientation=orientation)
    info = probe(write(tmp_path, "o.jpg", samples.encode(img, "JPEG", exif=exif)))
    assert info.orientation == orientation
    assert_upright_thumbnail(info, img, orientation)


def test_probe_tiff_with_orientation_that_pillow_applies_itself(tmp_path: Path) -> None:
    img = samples.marked_photo(1200, 800)
    info = probe(write(tmp_path, "escaneo.tif",
                       samples.encode(img, "TIFF", exif=samples.photo_exif(gps=False))))
    assert (info.format, info.width, info.height, info.orientation) == ("TIFF", 1200, 800, 6)
    assert (info.camera_make, info.camera_model) == ("Apple", "iPhone 12")
    assert info.captured_at == "2023-01-10T08:00:00"  # Pillow's TIFF writer keeps IFD0 only
    assert_upright_thumbnail(info, img, 6)


def test_probe_heic_with_exif(tmp_path: Path) -> None:
    img = samples.marked_photo(1200, 800)
    path = write(tmp_path, "IMG_4021.HEIC", samples.heif_bytes(img, exif=samples.photo_exif()))
    info = probe(path)
    assert info.format == "HEIF"
    assert {k: info.as_fields()[k] for k in EXPECTED_EXIF} == EXPECTED_EXIF
    # libheif rotates the pixels itself; the size is still reported as stored.
    assert (info.width, info.height) == (1200, 800)
    assert_upright_thumbnail(info, img, 6)


@needs_avif
def test_probe_avif(tmp_path: Path) -> None:
    img = samples.marked_photo(600, 400)
    exif = samples.photo_exif(orientation=8).tobytes()
    info = probe(write(tmp_path, "a.avif", samples.encode(img, "AVIF", exif=exif)))
    assert (info.format, info.width, info.height, info.orientation) == ("AVIF", 600, 400, 8)
    assert_upright_thumbnail(info, img, 8)


def test_probe_mpo_from_a_phone_is_reported_as_jpeg(tmp_path: Path) -> None:
    img = samples.marked_photo(800, 600)
    data = samples.encode(img, "MPO", save_all=True, append_images=[img],
                          exif=samples.photo_exif(orientation=1))
    info = probe(write(tmp_path, "portrait.jpg", data))
    assert (info.format, info.width, info.height) == ("JPEG", 800, 600)
    assert info.gps_latitude == samples.LATITUDE


def test_date_time_falls_back_and_offsets_follow_their_tag(tmp_path: Path) -> None:
    def captured(**tags: Any) -> str | None:
        exif = samples.photo_exif(**tags)
        path = write(tmp_path, "d.jpg", samples.encode(Image.new("RGB", (8, 8)), "JPEG",
                                                       exif=exif))
        return probe(path).captured_at

    assert captured(OffsetTimeOriginal=None) == "2023-01-09T15:42:10"
    assert captured(OffsetTimeOriginal=None, OffsetTime="+09:30") == "2023-01-09T15:42:10+09:30"
    assert captured(DateTimeOriginal=None, OffsetTimeOriginal=None,
                    OffsetTime="-03:00") == "2023-01-10T08:00:00-03:00"
    assert captured(DateTimeOriginal=None) == "2023-01-10T08:00:00"
    assert captured(DateTimeOriginal="2023:02:30 10:00:00", DateTime=None) is None
    assert captured(DateTimeOriginal="    :  :     :  :  ", DateTime=None) is None
    assert captured(DateTimeOriginal="2023:01:09 15:42:10\x00") == "2023-01-09T15:42:10-05:00"
    assert captured(OffsetTimeOriginal="5 hours") == "2023-01-09T15:42:10"


def test_gps_values_out_of_range_or_ambiguous_are_dropped(tmp_path: Path) -> None:
    def location(**tags: Any) -> tuple[str | None, str | None, str | None]:
        exif = samples.photo_exif(**tags)
        path = write(tmp_path, "g.jpg", samples.encode(Image.new("RGB", (8, 8)), "JPEG",
                                                       exif=exif))
        info = probe(path)
        return info.gps_latitude, info.gps_longitude, info.gps_altitude

    r = IFDRational
    assert location(GPSLatitudeRef="N", GPSLongitudeRef="E",
                    GPSAltitudeRef=b"\x00") == ("12.046019", "77.0175", "423.5")
    assert location(GPSLatitude=(r(95, 1), r(0, 1), r(0, 1)))[:2] == (None, None)
    assert location(GPSLongitude=(r(181, 1), r(0, 1), r(0, 1)))[:2] == (None, None)
    assert location(GPSLatitude=(r(12, 1), r(75, 1), r(0, 1)))[:2] == (None, None)
    assert location(GPSLatitude=(r(12, 0), r(0, 1), r(0, 1)))[:2] == (None, None)
    assert location(GPSLatitudeRef=None)[:2] == (None, None)  # which hemisphere?
    assert location(GPSLongitudeRef="X")[:2] == (None, None)
    zero = (r(0, 1), r(0, 1), r(0, 1))
    assert location(GPSLatitude=zero, GPSLongitude=zero)[:2] == (None, None)  # no fix
    assert location(GPSLatitude=(r(120463, 10000), r(0, 1), r(0, 1)))[0] == "-12.0463"
    assert location(GPSAltitudeRef=None)[2] == "423.5"  # reference defaults to above
    assert location(GPSAltitudeRef=b"\x07")[2] is None
    assert location(GPSAltitude=r(1, 0))[2] is None
    assert location(GPSAltitude=r(2, 3))[2] == "-0.67"


def test_make_and_model_are_cleaned(tmp_path: Path) -> None:
    exif = samples.photo_exif(Make="  samsung\x00\x00", Model="\x00\x00\x00")
    info = probe(write(tmp_path, "m.jpg", samples.encode(Image.new("RGB", (8, 8)), "JPEG",
                                                         exif=exif)))
    assert (info.camera_make, info.camera_model) == ("samsung", None)


def test_malformed_exif_yields_no_fields_and_no_crash(tmp_path: Path) -> None:
    junk = b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x05" + random.Random(5).randbytes(80)
    for exif in (junk, b"Exif\x00\x00II*\x00\xff\xff\xff\x7f", b"Exif\x00\x00garbage"):
        path = write(tmp_path, "junk.jpg", samples.encode(samples.marked_photo(300, 200),
                                                          "JPEG", exif=exif))
        info = probe(path)
        assert (info.width, info.height) == (300, 200)
        assert info.gps_latitude is None
        assert info.captured_at is None
        assert thumbnail(info).size == (300, 200)


def test_photo_without_exif(tmp_path: Path) -> None:
    info = probe(write(tmp_path, "plain.png", samples.encode(Image.new("L", (40, 30)), "PNG")))
    assert info.as_fields() == {
        "format": "PNG", "width": 40, "height": 30, "orientation": None, "captured_at": None,
        "gps_latitude": None, "gps_longitude": None, "gps_altitude": None,
        "camera_make": None, "camera_model": None,
    }


def test_as_fields_is_json_ready_without_floats_or_thumbnail(tmp_path: Path) -> None:
    path = write(tmp_path, "f.jpg", samples.encode(samples.marked_photo(), "JPEG",
                                                   exif=samples.photo_exif()))
    fields = probe(path).as_fields()
    assert "thumbnail_jpeg" not in fields
    assert all(value is None or type(value) in (str, int) for value in fields.values())
    assert json.loads(json.dumps(fields)) == fields


# ---------------------------------------------------------------- probing: thumbnails

def test_thumbnail_carries_no_metadata(tmp_path: Path) -> None:
    img = samples.marked_photo()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = samples.encode(img, "JPEG", exif=samples.photo_exif(), comment=b"taken at Ayacucho",
                          icc_profile=srgb)
    info = probe(write(tmp_path, "meta.jpg", data))
    thumb = thumbnail(info)
    assert not thumb.getexif()
    assert not {"exif", "comment", "icc_profile", "xmp"} & set(thumb.info)
    assert b"Exif" not in info.thumbnail_jpeg
    assert b"Ayacucho" not in info.thumbnail_jpeg


@pytest.mark.parametrize(("img", "fmt", "params"), [
    (Image.new("RGBA", (600, 300), (0, 0, 0, 0)), "PNG", {}),
    (Image.new("LA", (600, 300), (0, 0)), "PNG", {}),
    (Image.new("P", (600, 300), 0), "GIF", {"transparency": 0}),
    (Image.new("RGBA", (600, 300), (0, 0, 0, 0)), "WEBP", {"lossless": True}),
])
def test_transparent_pixels_become_white(img: Image.Image, fmt: str,
                                         params: dict[str, Any], tmp_path: Path) -> None:
    info = probe(write(tmp_path, "t.bin", samples.encode(img, fmt, **params)))
    thumb = thumbnail(info)
    assert thumb.size == (512, 256)
    assert min(_pixel(thumb, (256, 128))) > 245


def test_sixteen_bit_grey_is_scaled_not_clipped(tmp_path: Path) -> None:
    img = Image.new("I;16", (64, 64), 32768)
    info = probe(write(tmp_path, "g16.png", samples.encode(img, "PNG")))
    assert 120 <= _pixel(thumbnail(info), (32, 32))[0] <= 136


@pytest.mark.parametrize("mode", ["CMYK", "L", "1", "P"])
def test_other_modes_become_rgb(mode: str, tmp_path: Path) -> None:
    img = samples.marked_photo(300, 200).convert(mode)
    fmt = "GIF" if mode == "P" else "TIFF" if mode == "1" else "JPEG"
    info = probe(write(tmp_path, "m.bin", samples.encode(img, fmt)))
    thumb = thumbnail(info)
    assert thumb.mode == "RGB"
    assert thumb.size == (300, 200)


def test_large_jpeg_thumbnail_is_small_enough_and_not_tiny(tmp_path: Path) -> None:
    for size in ((4032, 3024), (3000, 4000), (2048, 1536), (800, 600), (6000, 1000)):
        path = write(tmp_path, "big.jpg", samples.encode(Image.new("RGB", size, "navy"), "JPEG"))
        thumb = thumbnail(probe(path))
        assert 384 <= max(thumb.size) <= 512, size
        assert abs(thumb.width / thumb.height - size[0] / size[1]) < 0.05


def test_probing_reads_only_and_writes_nothing(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    originals = {
        "a.jpg": samples.encode(samples.marked_photo(), "JPEG", exif=samples.photo_exif()),
        "b.png": samples.encode(samples.marked_photo(), "PNG", exif=samples.photo_exif()),
        "c.heic": samples.heif_bytes(samples.marked_photo(), exif=samples.photo_exif()),
        "d.webp": samples.encode(samples.marked_photo(), "WEBP"),
        "e.tif": samples.encode(samples.marked_photo(), "TIFF"),
    }
    for name, data in originals.items():
        write(tmp_path, name, data)
    before = tree_snapshot(tmp_path)
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in originals.items()}
    with no_writes(monkeypatch):
        for name in originals:
            probe(tmp_path / name)
    assert tree_snapshot(tmp_path) == before
    for name, digest in digests.items():
        assert hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() == digest


@contextmanager
def no_writes(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail the test if anything opens a file for writing (Python-level opens)."""
    real_open, real_os_open = builtins.open, os.open

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        assert not set(mode) & set("wax+"), f"opened {file} with mode {mode}"
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        assert not flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT), f"os.open({path})"
        return real_os_open(path, flags, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(builtins, "open", guarded_open)
        patch.setattr(io, "open", guarded_open)
        patch.setattr(os, "open", guarded_os_open)
        yield


# ---------------------------------------------------------------- probing: damage and bombs

def jpeg_sample() -> bytes:
    """A textured 640x480 JPEG with EXIF."""
    return samples.encode(samples.noisy_photo(640, 480), "JPEG", quality=90,
                          exif=samples.photo_exif())


def assert_corrupt(tmp_path: Path, name: str, data: bytes) -> MediaError:
    """Probing ``data`` fails with a message naming the file and the damage."""
    path = write(tmp_path, name, data)
    with pytest.raises(MediaError) as caught:
        probe_image(path, sniff(data[:4096], name))
    assert str(caught.value).startswith(f'"{name}": truncated or corrupt image (')
    return caught.value


def test_truncated_jpeg(tmp_path: Path) -> None:
    data = jpeg_sample()
    assert_corrupt(tmp_path, "recibo.jpg", data[:len(data) // 2])


def test_jpeg_without_its_end_marker(tmp_path: Path) -> None:
    data = jpeg_sample()
    assert_corrupt(tmp_path, "recibo.jpg", data[:-2])


def test_jpeg_with_bytes_inverted_in_the_scan_data(tmp_path: Path) -> None:
    data = bytearray(jpeg_sample())
    middle = (samples.scan_start(bytes(data)) + len(data)) // 2
    for i in range(middle, middle + 64):
        data[i] ^= 0xFF
    assert_corrupt(tmp_path, "recibo.jpg", bytes(data))


def test_jpeg_with_a_stray_marker_in_the_scan_data(tmp_path: Path) -> None:
    data = bytearray(jpeg_sample())
    middle = (samples.scan_start(bytes(data)) + len(data)) // 2
    data[middle:middle + 2] = b"\xff\x01"
    error = assert_corrupt(tmp_path, "recibo.jpg", bytes(data))
    assert "marker 0xFF01" in str(error)


def test_jpeg_whose_second_half_was_zeroed(tmp_path: Path) -> None:
    data = jpeg_sample()
    middle = (samples.scan_start(data) + len(data)) // 2
    assert_corrupt(tmp_path, "recibo.jpg", data[:middle] + bytes(len(data) - middle))


def test_jpeg_with_random_bytes_over_the_scan_data(tmp_path: Path) -> None:
    data = bytearray(jpeg_sample())
    start = samples.scan_start(bytes(data)) + 1000
    data[start:start + 3000] = random.Random(9).randbytes(3000)
    assert_corrupt(tmp_path, "recibo.jpg", bytes(data))


@pytest.mark.xfail(strict=True, reason="a JPEG has no checksum: a flipped bit in the entropy "
                   "data decodes as a slightly different picture, and libjpeg only warns")
def test_a_single_flipped_bit_in_jpeg_scan_data_goes_unnoticed(tmp_path: Path) -> None:
    data = bytearray(jpeg_sample())
    middle = (samples.scan_start(bytes(data)) + len(data)) // 2
    middle += data[middle:].index(b"\x12")  # a byte that stays clear of 0xFF when flipped
    data[middle] ^= 0x01
    assert_corrupt(tmp_path, "recibo.jpg", bytes(data))


@pytest.mark.parametrize("params", [
    {"progressive": True},
    {"progressive": True, "optimize": True, "subsampling": 0},
    {"restart_marker_rows": 1},
    {"restart_marker_blocks": 3, "progressive": True},
    {"quality": 100, "subsampling": 2},
])
def test_well_formed_jpeg_variants_pass_the_structure_check(tmp_path: Path,
                                                           params: dict[str, Any]) -> None:
    img = samples.noisy_photo(1000, 700)
    data = samples.encode(img, "JPEG", exif=samples.photo_exif(), **params)
    if "restart_marker_rows" in params or "restart_marker_blocks" in params:
        assert b"\xff\xdd" in data[:2000]  # a restart interval is defined
    info = probe(write(tmp_path, "v.jpg", data))
    assert (info.width, info.height) == (1000, 700)
    for mode in ("L", "CMYK"):
        gray = samples.encode(img.convert(mode), "JPEG", **params)
        assert probe(write(tmp_path, "g.jpg", gray)).width == 1000


def test_jpeg_with_data_after_its_end_marker_is_fine(tmp_path: Path) -> None:
    trailer = b"\x00\x00\x00\x18ftypmp42" + bytes(200)  # a motion photo's clip, say
    info = probe(write(tmp_path, "PXL_20230109.MP.jpg", jpeg_sample() + trailer))
    assert (info.width, info.height) == (640, 480)


def test_png_damage_is_caught_by_its_checksums(tmp_path: Path) -> None:
    data = samples.encode(samples.noisy_photo(200, 150), "PNG")
    assert_corrupt(tmp_path, "scan.png", data[:len(data) // 2])
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x04
    assert_corrupt(tmp_path, "scan.png", bytes(flipped))


@pytest.mark.parametrize(("name", "make"), [
    ("a.webp", lambda img: samples.encode(img, "WEBP")),
    ("a.heic", lambda img: samples.heif_bytes(img)),
    ("a.tif", lambda img: samples.encode(img, "TIFF")),
    ("a.gif", lambda img: samples.encode(img.convert("P"), "GIF")),
])
def test_truncated_images_of_other_formats(tmp_path: Path, name: str,
                                           make: Callable[[Image.Image], bytes]) -> None:
    data = make(samples.noisy_photo(200, 150))
    assert_corrupt(tmp_path, name, data[:len(data) // 2])


def test_decompression_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    data = samples.png_with_size(20_000, 20_000)
    assert len(data) < 200
    path = write(tmp_path, "bomba.png", data)
    limit_before, filters_before = Image.MAX_IMAGE_PIXELS, list(warnings.filters)
    with pytest.raises(MediaError) as caught:
        probe(path)
    assert str(caught.value) == '"bomba.png": decompression bomb: 400000000 pixels'
    assert limit_before == Image.MAX_IMAGE_PIXELS
    assert warnings.filters == filters_before


def test_pillow_warning_level_bomb_is_refused_too(tmp_path: Path) -> None:
    # Between Pillow's own warning limit (about 89.5 MP) and twice that.
    path = write(tmp_path, "bomba.png", samples.png_with_size(9600, 9600))
    with pytest.raises(MediaError, match=r"decompression bomb: 92160000 pixels"):
        probe(path)


def test_our_own_pixel_limit_applies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert MAX_PIXELS == 100_000_000
    monkeypatch.setattr(media_probe, "MAX_PIXELS", 10_000)
    path = write(tmp_path, "b.jpg", samples.encode(Image.new("RGB", (101, 100)), "JPEG"))
    with pytest.raises(MediaError, match=r'^"b\.jpg": decompression bomb: 10100 pixels$'):
        probe(path)


def test_probe_refuses_what_is_not_a_photo(tmp_path: Path) -> None:
    path = write(tmp_path, "voz.opus", samples.ogg_page(samples.OPUS_HEAD))
    with pytest.raises(MediaError, match=r"not a photo Willay can read \(WhatsApp voice note"):
        probe(path)


def test_probe_an_empty_or_mislabelled_file(tmp_path: Path) -> None:
    jpeg = media_sniff.JPEG
    with pytest.raises(MediaError, match=r'^"vacio\.jpg": truncated or corrupt image'):
        probe_image(write(tmp_path, "vacio.jpg", b""), jpeg)
    with pytest.raises(MediaError, match=r'^"x\.jpg": truncated or corrupt image'):
        probe_image(write(tmp_path, "x.jpg", samples.encode(Image.new("L", (9, 9)), "PNG")),
                    jpeg)
    webp = samples.encode(Image.new("L", (9, 9)), "WEBP")
    with pytest.raises(MediaError) as caught:
        probe_image(write(tmp_path, "x.png", webp), media_sniff.PNG)
    assert str(caught.value) == '"x.png": truncated or corrupt image (not a readable PNG image)'



# ---------------------------------------------------------------- speed

@pytest.fixture(scope="module")
def twelve_megapixels(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A 4000x3000 textured JPEG with EXIF at quality 90 (about 4 MB)."""
    path = tmp_path_factory.mktemp("speed") / "IMG_12MP.jpg"
    img = samples.noisy_photo(4000, 3000)
    path.write_bytes(samples.encode(img, "JPEG", quality=90, exif=samples.photo_exif()))
    yield path


def test_a_12_megapixel_jpeg_is_probed_with_its_size_and_a_small_thumbnail(
        twelve_megapixels: Path) -> None:
    """Its speed is measured by ``make bench``, against ``sha256sum`` of the same file."""
    path = twelve_megapixels
    assert 3_000_000 < path.stat().st_size < 6_000_000
    info = probe_image(path, sniff_file(path))
    assert (info.width, info.height) == (4000, 3000)
    assert thumbnail(info).size == (375, 500)
