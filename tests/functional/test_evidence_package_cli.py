"""Evidence packages through willay-cli, checked with the stock sha256sum, minisign, pdftoppm."""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
import subprocess
from pathlib import Path
from typing import cast

import pytest
from PIL import Image

from tests.functional.conftest import CliRunner
from tests.photos import photo

SECRET_TEXT = "Texto reservado que no sale del archivo"
SECRET_NAME = "Nombre Reservado Condori"


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is needed for this test (Debian: see .ci/run) and is missing"
    return found


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120,
                          check=False)


@pytest.fixture
def case(cli: CliRunner, tmp_path: Path) -> dict[str, object]:
    """A vault with one incident, consented and internal testimonies, two photos and a PDF."""
    cli("init", "--name", "Coordinadora Puno", "--organization", "Red Sur")
    incident = cli("incident", "add", "--title", "Heridos en el puente Añashuayco",
                   "--occurred", "2023-01-09", "--ubigeo", "211101", "--place", "Puente",
                   "--violation", "killing", "--violation", "injury_firearm",
                   "--perpetrator", "pnp", "--killed", "2", "--injured", "9",
                   "--narrative", "Disparos desde el puente contra los manifestantes."
                   ).stdout.strip()
    witness = cli("person", "add", "--name", "Juana Quispe Mamani", "--consent", "legal",
                  "--role", "witness").stdout.strip()
    hidden = cli("person", "add", "--name", SECRET_NAME, "--consent", "internal",
                 "--role", "witness").stdout.strip()
    cli("testimony", "add", "--incident", incident, "--witness", witness, "--language", "es",
        "--consent", "legal", "--text", "Vi a los policías disparar desde el puente.")
    internal = cli("testimony", "add", "--incident", incident, "--witness", hidden,
                   "--language", "qu", "--consent", "internal", "--text", SECRET_TEXT
                   ).stdout.strip()
    inputs = tmp_path / "inputs"
    files = [inputs / "IMG_0042.jpg", inputs / "herida 2 (copia).jpg", inputs / "acta.pdf"]
    photo(files[0])
    photo(files[1], size=(800, 600))
    files[2].write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    added = json.loads(cli("--json", "media", "add", incident, *map(str, files)).stdout)
    return {"incident": incident, "files": files, "added": added, "internal": internal,
            "hidden_person": hidden}


def test_package_checks_with_stock_tools_and_logs_custody(cli: CliRunner, tmp_path: Path,
                                                          case: dict[str, object]) -> None:
    sha256sum, minisign, pdftoppm = _tool("sha256sum"), _tool("minisign"), _tool("pdftoppm")
    incident = str(case["incident"])
    out = tmp_path / "paquete"
    result = json.loads(cli("--json", "evidence-package", incident, "-o", str(out)).stdout)
    assert result["originals"] == 3 and result["withheld"] == 1

    checked = _run([sha256sum, "-c", "SHA256SUMS"], out)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count(": OK") == result["files"] - 2
    signed = _run([minisign, "-Vm", "SHA256SUMS", "-p", "minisign.pub"], out)
    assert signed.returncode == 0, signed.stdout + signed.stderr
    assert "evidence package" in signed.stdout
    card = json.loads((out / "willay-card.json").read_text())
    assert card["minisign_public_key"] in (out / "minisign.pub").read_text()

    folder = out / f"incident-{incident[:8]}"
    files, added = cast(list[Path], case["files"]), cast(list[dict[str, str]], case["added"])
    for source, item in zip(files, added, strict=True):
        (copy,) = (folder / "originals").glob(f"{item['sha256'][:12]}-*")
        assert copy.read_bytes() == Path(source).read_bytes()
        assert " " not in copy.name and "(" not in copy.name
    records = sorted((folder / "records").glob("*.json"))
    assert any(p.name.startswith("incident-") for p in records)
    assert sum(p.name.startswith("testimony-") for p in records) == 1
    for record in records:
        assert hashlib.sha256(record.read_bytes()).hexdigest()[:12] in record.name
        one = _run([minisign, "-Vm", record.name, "-p", "../../minisign.pub"], record.parent)
        assert one.returncode == 0, one.stderr
    custody_text = (folder / "custody.txt").read_text()
    assert "media_added" in custody_text and "prev hash:" in custody_text
    assert len((folder / "custody.jsonl").read_text().splitlines()) >= 6

    # What consent withholds is nowhere in the package; only its id is named.
    everything = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert SECRET_TEXT.encode() not in everything and SECRET_NAME.encode() not in everything
    assert b"Juana Quispe Mamani" in everything

    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in out.rglob("*") if p.is_file())
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".willay-tmp-")] == []

    pages = tmp_path / "pages"
    pages.mkdir()
    rendered = _run([pdftoppm, "-r", "60", "-png", str(folder / "summary.pdf"),
                     str(pages / "p")], tmp_path)
    assert rendered.returncode == 0, rendered.stderr
    pngs = sorted(pages.glob("p*.png"))
    assert 1 <= len(pngs) <= 4
    with Image.open(pngs[0]) as first:
        assert first.width < first.height  # A4 portrait
        assert len(first.convert("L").getcolors(256) or []) > 20  # text and thumbnails

    events = json.loads(cli("--json", "custody", incident).stdout)
    actions = [e["action"] for e in events]
    assert actions.count("media_exported") == 3 and actions[-1] == "evidence_packaged"
    packaged = events[-1]["details"]
    assert packaged["package"] == result["id"] and packaged["audience"] == "legal"
    assert packaged["sha256sums"] == hashlib.sha256((out / "SHA256SUMS").read_bytes()).hexdigest()
    assert json.loads(cli("--json", "verify").stdout)["ok"]

    # Tampering with one original is caught by the stock tool.
    (original,) = (folder / "originals").glob("*IMG_0042.jpg")
    data = bytearray(original.read_bytes())
    data[-10] ^= 0xFF
    original.write_bytes(bytes(data))
    tampered = _run([sha256sum, "-c", "SHA256SUMS"], out)
    assert tampered.returncode != 0 and "FAILED" in tampered.stdout


def test_public_audience_withholds_legal_testimonies(cli: CliRunner, tmp_path: Path,
                                                     case: dict[str, object]) -> None:
    out = tmp_path / "publico"
    result = json.loads(cli("--json", "evidence-package", str(case["incident"]), "-o",
                            str(out), "--audience", "public").stdout)
    assert result["withheld"] == 2
    everything = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert b"Juana Quispe Mamani" not in everything
    assert result["originals"] == 3  # the incident's own files are not a person's consent


def test_bad_id_and_existing_folder_are_refused_leaving_nothing(cli: CliRunner, tmp_path: Path,
                                                                case: dict[str, object]) -> None:
    out = tmp_path / "paquete"
    refused = cli("evidence-package", str(case["incident"]), "ffff0000", "-o", str(out),
                  expect=1)
    assert "ffff0000" in refused.stderr
    assert not out.exists()
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".willay-tmp-")] == []
    cli("evidence-package", str(case["incident"]), "-o", str(out))
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    again = cli("evidence-package", str(case["incident"]), "-o", str(out), expect=1)
    assert "not empty" in again.stderr
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    with_testimony = cli("evidence-package", str(case["internal"]), "-o",
                         str(tmp_path / "x"), expect=1)
    assert "incident" in with_testimony.stderr and not (tmp_path / "x").exists()
