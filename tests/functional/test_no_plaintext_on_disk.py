"""No text a documenter writes may reach the disk in the clear: not in the vault, not in temp."""

from __future__ import annotations

import json
import os
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from tests.functional.conftest import CliRunner
from tests.photos import photo


def _marker(label: str) -> str:
    # Mixed ASCII and accented letters, so that both UTF-8 and UTF-16 forms are distinctive.
    return f"Ñ{label}{uuid.uuid4().hex[:12].upper()}ñá"


def _files_under(root: Path, since: float) -> list[Path]:
    found = []
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            try:
                if path.is_file() and path.stat().st_mtime >= since:
                    found.append(path)
            except OSError:
                continue
    return found


def _needles(markers: list[str]) -> dict[bytes, str]:
    needles = {}
    for marker in markers:
        core = marker[1:-2]  # the ASCII heart, in case accents are folded away on disk
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            needles[marker.encode(encoding)] = marker
            needles[core.encode(encoding)] = marker
            needles[core.lower().encode(encoding)] = marker
    return needles


# About 20 s: twenty CLI processes, each unlocking; CI runs it. The vault, object store and
# media player tests check the same for each part in this process.
@pytest.mark.slow
def test_markers_in_every_text_field_never_reach_the_disk(
        cli_process: CliRunner, cli_env: dict[str, str], tmp_path: Path) -> None:
    # Separate processes: whatever they write, wherever, is theirs alone.
    cli = cli_process
    started = time.time() - 1
    markers: dict[str, str] = {}

    def m(field: str) -> str:
        markers[field] = _marker(field.upper().replace("_", ""))
        return markers[field]

    cli("init", "--name", m("owner_name"), "--organization", m("organization"))
    incident = cli("incident", "add", "--title", m("title"), "--occurred", "2023-01-09",
                   "--ubigeo", "030201", "--place", m("place"),
                   "--narrative", m("narrative")).stdout.strip()
    cli("incident", "edit", incident, "--narrative", m("narrative_edited"))
    person = cli("person", "add", "--name", m("full_name"), "--pseudonym", m("pseudonym"),
                 "--community", m("community"), "--indigenous-people", m("people"),
                 "--contact", m("contact"), "--role", "witness").stdout.strip()
    cli("testimony", "add", "--incident", incident, "--witness", person, "--language", "qu",
        "--consent", "internal", "--text", m("transcript"), "--translation",
        m("translation"), "--notes", m("notes"), "--interviewer", m("interviewer"),
        "--recorded-place", m("recorded_place"))
    # A photo whose EXIF description and file name carry markers.
    photo_name = f"{m('file_name')}.jpg"
    photo(tmp_path / "input" / photo_name, description=m("exif_description"))
    media = json.loads(cli("--json", "media", "add", incident,
                           str(tmp_path / "input" / photo_name)).stdout)
    cli("media", "show", media[0]["id"])
    # A redacted copy is made from the decrypted original in memory only.
    cli("redact", media[0]["id"], "--black", "0,0,50,50", "--blur", "100,100,200,200")
    cli("custody", incident)
    cli("verify")
    # Reading and searching must not spill either.
    for field in ("title", "transcript", "full_name"):
        hits = json.loads(cli("--json", "search", markers[field].upper()).stdout)
        assert len(hits) == 1, f"the {field} marker is not in the vault at all"
    cli("list")
    cli("show", incident)
    cli("history", incident)
    cli("lock-check")

    vault = Path(cli_env["WILLAY_VAULT"])
    roots = [vault, Path(cli_env["TMPDIR"]), Path(tempfile.gettempdir())]
    inputs = tmp_path / "input"  # the user's own plaintext photo, outside the vault
    files = {p for root in roots for p in _files_under(root, started)
             if not p.is_relative_to(inputs)}
    assert any(p.name == "archive.db" for p in files)
    needles = _needles(list(markers.values()))
    leaks = []
    for path in sorted(files):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        for needle, marker in needles.items():
            if needle in data:
                leaks.append(f"{marker} in {path}")
    assert leaks == []
