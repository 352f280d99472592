"""Redaction through willay-cli: redact, export the copy, clear, and the custody trail."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PIL import Image, ImageStat

from tests.functional.conftest import CliRunner
from tests.photos import photo


def test_redact_export_clear_and_verify(cli: CliRunner, tmp_path: Path) -> None:
    cli("init", "--name", "Rosa Huamán")
    incident = cli("incident", "add", "--title", "Heridos", "--occurred", "2023-01-09"
                   ).stdout.strip()
    original = photo(tmp_path / "cara.jpg")
    (tmp_path / "acta.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    added = json.loads(cli("--json", "media", "add", incident, str(tmp_path / "cara.jpg"),
                           str(tmp_path / "acta.pdf")).stdout)
    photo_id, pdf_id = added[0]["id"], added[1]["id"]

    made = json.loads(cli("--json", "redact", photo_id[:8], "--black", "0,0,160,160",
                          "--blur", "240,320,200,240").stdout)
    assert made["id"] == photo_id and made["original_sha256"] == added[0]["sha256"]
    assert (made["width"], made["height"]) == (480, 640)
    copy = tmp_path / "copia.jpg"
    cli("media", "export", photo_id, "--redacted", "-o", str(copy))
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == made["derivative_sha256"]
    with Image.open(copy) as img:
        assert not img.getexif() and "exif" not in img.info and "xmp" not in img.info
        rgb = img.convert("RGB")
    assert max(ImageStat.Stat(rgb.crop((8, 8, 152, 152))).extrema[0]) <= 8
    assert ImageStat.Stat(rgb.crop((248, 328, 432, 552))).stddev[0] < 6
    original_copy = tmp_path / "original.jpg"
    cli("media", "export", photo_id, "-o", str(original_copy))
    assert original_copy.read_bytes() == original

    refused = cli("redact", pdf_id, "--black", "0,0,5,5", expect=1)
    assert "not a photo" in refused.stderr
    bad = cli("redact", photo_id, "--blur", "10,10,ancho,5", expect=1)
    assert "X,Y,W,H" in bad.stderr
    outside = cli("redact", photo_id, "--black", "900,900,5,5", expect=1)
    assert "outside the photo" in outside.stderr and "480×640" in outside.stderr

    cli("redact", photo_id, "--clear")
    gone = cli("media", "export", photo_id, "--redacted", "-o", str(tmp_path / "x.jpg"),
               expect=1)
    assert "no redacted copy" in gone.stderr
    events = json.loads(cli("--json", "custody", incident).stdout)
    actions = [e["action"] for e in events]
    assert actions.count("derivative_made") == 1 and "redaction_removed" in actions
    derived = next(e for e in events if e["action"] == "derivative_made")
    assert derived["subject"] == added[0]["sha256"]
    assert derived["details"]["derivative"] == made["derivative_sha256"]
    assert [r["kind"] for r in derived["details"]["regions"]] == ["black", "blur"]
    report = json.loads(cli("--json", "verify").stdout)
    assert report["ok"] and report["objects"] == 3
