"""Redacted copies of photos: hidden regions, no metadata, sealed original, custody link."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from PIL import Image, ImageOps, ImageStat

from tests.photos import photo
from tests.sync.conftest import introduce, make_vault
from willay.core.errors import NotFoundError, ValidationError, WillayError
from willay.core.media import intake as media
from willay.core.media import redaction
from willay.core.media.redaction import Region
from willay.core.records import custody
from willay.core.records import service as records
from willay.core.records.verify import verify_vault
from willay.core.sharing import receive as sync_import
from willay.core.sharing import send as sync_export
from willay.core.vault.models import Redaction, StoredObject
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines


def _photo_item(vault: Vault, tmp_path: Path, name: str = "herida.jpg") -> tuple[str, bytes]:
    with vault.session() as session:
        incident = records.create(session, "incident", {
            "title": "Heridos en el puente", "occurred": {"text": "2023-01-09"}})
    original = photo(tmp_path / name)
    (added,) = media.add_files(vault, incident, [tmp_path / name])
    return added.media_id, original


def _upright(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as img:
        return ImageOps.exif_transpose(img).convert("RGB")


def test_black_and_blur_regions_hide_pixels_and_strip_metadata(vault: Vault,
                                                              tmp_path: Path) -> None:
    media_id, original = _photo_item(vault, tmp_path)
    before = _upright(original)
    assert before.size == (480, 640)  # EXIF orientation 6: the upright photo is portrait
    black = Region("black", 20, 30, 100, 120)
    blur = Region("blur", 200, 300, 160, 200)
    result = redaction.redact(vault, media_id, [black, blur])
    _row, copy = redaction.redacted_bytes(vault, media_id)
    assert hashlib.sha256(copy).hexdigest() == result.derivative_sha256

    with Image.open(io.BytesIO(copy)) as img:
        assert not img.getexif()
        assert not {"exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"} & set(img.info)
        pixels = img.convert("RGB")
    assert b"Motorola" not in copy and b"GPS" not in copy and b"Exif" not in copy
    assert pixels.size == before.size

    inside_black = pixels.crop((28, 38, 112, 142))  # clear of JPEG blocks on its edges
    assert max(ImageStat.Stat(inside_black).extrema[i][1] for i in range(3)) <= 8

    region = (208, 308, 352, 492)
    blurred, plain = pixels.crop(region), before.crop(region)
    assert ImageStat.Stat(plain).stddev[0] > 30  # the photo is noisy there
    assert ImageStat.Stat(blurred).stddev[0] < 6  # and is flat after the blur
    assert blurred.tobytes() != plain.tobytes()

    outside = (380, 20, 470, 120)  # no region touches it: only JPEG re-encoding noise
    out_a = ImageStat.Stat(pixels.crop(outside)).mean
    out_b = ImageStat.Stat(before.crop(outside)).mean
    assert all(abs(a - b) < 3 for a, b in zip(out_a, out_b, strict=True))
    sample_a = pixels.crop(outside).tobytes()
    sample_b = before.crop(outside).tobytes()
    mean_abs = sum(abs(a - b) for a, b in zip(sample_a, sample_b, strict=True)) / len(sample_a)
    assert mean_abs < 12


def test_custody_links_copy_to_sealed_original_and_verify_passes(vault: Vault,
                                                                tmp_path: Path) -> None:
    media_id, original = _photo_item(vault, tmp_path)
    sha = hashlib.sha256(original).hexdigest()
    first = redaction.redact(vault, media_id, [Region("black", 0, 0, 50, 50)])
    second = redaction.redact(vault, media_id, [Region("blur", 10, 10, 200, 200)])
    assert first.derivative_sha256 != second.derivative_sha256
    with vault.session() as session:
        row = session.get(Redaction, media_id)
        assert row is not None and row.derivative_sha256 == second.derivative_sha256
        assert row.original_sha256 == sha
        assert json.loads(row.regions) == [{"kind": "blur", "x": 10, "y": 10, "width": 200,
                                            "height": 200}]
        made = [e for e in custody.events_for(session, [media_id])
                if e.action == "derivative_made"]
        assert session.get(StoredObject, second.derivative_sha256) is not None
    assert [e.subject for e in made] == [sha, sha]
    details = [json.loads(e.details) for e in made]
    assert [d["derivative"] for d in details] == [first.derivative_sha256,
                                                  second.derivative_sha256]
    assert details[1]["original"] == sha and details[1]["replaces"] == first.derivative_sha256
    assert details[0]["regions"][0]["kind"] == "black"
    # The original is untouched, byte for byte.
    assert b"".join(vault.objects.read_chunks(sha)) == original
    report = verify_vault(vault)
    assert report.ok and report.objects == 3

    redaction.clear(vault, media_id)
    with vault.session() as session:
        assert session.get(Redaction, media_id) is None
        actions = [e.action for e in custody.events_for(session, [media_id])]
    assert actions[-1] == "redaction_removed"
    with pytest.raises(NotFoundError, match="no redacted copy"):
        redaction.clear(vault, media_id)
    assert verify_vault(vault).ok


def test_bad_regions_non_images_and_corrupt_photos_are_refused(vault: Vault,
                                                              tmp_path: Path) -> None:
    media_id, _ = _photo_item(vault, tmp_path)
    with pytest.raises(ValidationError, match="outside the photo"):
        redaction.redact(vault, media_id, [Region("black", 5000, 5000, 10, 10)])
    with pytest.raises(ValidationError, match="four whole numbers"):
        redaction.parse_region("black", "1,2,3")
    with pytest.raises(ValidationError, match="above zero"):
        redaction.parse_region("blur", "1,2,0,4")
    with pytest.raises(ValidationError, match="at least one region"):
        redaction.redact(vault, media_id, [])
    with vault.session() as session:
        incident = records.create(session, "incident", {
            "title": "Acta", "occurred": {"text": "2023-01-10"}})
    pdf = tmp_path / "acta.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    (doc,) = media.add_files(vault, incident, [pdf])
    with pytest.raises(ValidationError, match="not a photo"):
        redaction.redact(vault, doc.media_id, [Region("black", 0, 0, 5, 5)])
    with pytest.raises(WillayError, match="cannot be decoded"):
        redaction.upright_image(b"\xff\xd8\xff\xe0garbage", "image/jpeg", "roto.jpg")
    with vault.session() as session:
        assert session.get(Redaction, media_id) is None


def test_anonymized_export_carries_the_redacted_copy(tmp_path: Path) -> None:
    field = make_vault(tmp_path / "f", "Rosa")
    ngo = make_vault(tmp_path / "n", "ONG")
    introduce(field, ngo, profile="anonymized", scope="partners")
    try:
        media_id, _original = _photo_item(field, tmp_path)
        result = redaction.redact(field, media_id, [Region("black", 0, 0, 240, 320)])
        sync_export.export_bundle(field, ["ONG"], tmp_path / "anon.willay")
        sync_import.import_bundle(ngo, tmp_path / "anon.willay")
        with ngo.session() as session:
            (item,) = media.list_media(session)
            fields = records.get(session, item["id"]).fields
        assert item["sha256"] == result.derivative_sha256
        assert fields is not None and fields["metadata"]["derivative"].startswith("redacted")
        received = b"".join(ngo.objects.read_chunks(item["sha256"]))
        with Image.open(io.BytesIO(received)) as img:
            assert not img.getexif()
            corner = img.convert("RGB").crop((10, 10, 230, 310))
        assert max(ImageStat.Stat(corner).extrema[i][1] for i in range(3)) <= 8

        # Redacted again after it went: the next incremental export sends the new copy.
        again = redaction.redact(field, media_id, [Region("blur", 0, 0, 480, 640)])
        sync_export.export_bundle(field, ["ONG"], tmp_path / "anon2.willay")
        sync_import.import_bundle(ngo, tmp_path / "anon2.willay")
        with ngo.session() as session:
            (item,) = media.list_media(session)
        assert item["sha256"] == again.derivative_sha256
    finally:
        field.lock()
        ngo.lock()


def test_full_export_keeps_the_original(tmp_path: Path) -> None:
    field = make_vault(tmp_path / "f", "Rosa")
    coordinator = make_vault(tmp_path / "c", "Coordinadora")
    introduce(field, coordinator)
    try:
        media_id, original = _photo_item(field, tmp_path)
        redaction.redact(field, media_id, [Region("black", 0, 0, 100, 100)])
        sync_export.export_bundle(field, ["Coordinadora"], tmp_path / "full.willay")
        sync_import.import_bundle(coordinator, tmp_path / "full.willay")
        with coordinator.session() as session:
            (item,) = media.list_media(session)
        assert item["sha256"] == hashlib.sha256(original).hexdigest()
    finally:
        field.lock()
        coordinator.lock()


def test_a_purged_redacted_copy_is_made_again_never_replaced_by_the_plain_photo(
        tmp_path: Path) -> None:
    field = make_vault(tmp_path / "f", "Rosa")
    ngo = make_vault(tmp_path / "n", "ONG")
    introduce(field, ngo, profile="anonymized", scope="partners")
    try:
        media_id, _original = _photo_item(field, tmp_path)
        first = redaction.redact(field, media_id, [Region("black", 0, 0, 240, 320)])
        # As a purge after a receipt does: the copy's file goes, its row is marked purged.
        with field.session() as session:
            row = session.get(StoredObject, first.derivative_sha256)
            assert row is not None
            row.purged = True
            session.add(row)
        with field.writing("purge"):
            field.objects.remove(first.derivative_sha256)
        sync_export.export_bundle(field, ["ONG"], tmp_path / "anon.willay", complete=True)
        sync_import.import_bundle(ngo, tmp_path / "anon.willay")
        with ngo.session() as session:
            (item,) = media.list_media(session)
        received = b"".join(ngo.objects.read_chunks(item["sha256"]))
        with Image.open(io.BytesIO(received)) as img:
            corner = img.convert("RGB").crop((10, 10, 230, 310))
        assert max(ImageStat.Stat(corner).extrema[i][1] for i in range(3)) <= 8
        with field.session() as session:
            current = session.get(Redaction, media_id)
            assert current is not None and current.derivative_sha256 == item["sha256"]
        assert verify_vault(field).ok
    finally:
        field.lock()
        ngo.lock()
