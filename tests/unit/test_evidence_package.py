"""Evidence packages in the core: safe names, nothing left behind on failure or cancel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from tests.engines import damage_original
from tests.photos import photo
from tests.sync.conftest import introduce, make_vault
from willay.core.canonical import canonical_json, sha256_hex
from willay.core.errors import DiskFullError, VerificationError
from willay.core.fileio import FolderBuild
from willay.core.formats.minisign import parse_public_key_line
from willay.core.media import intake as media
from willay.core.progress import Cancelled, CancelToken
from willay.core.records import custody
from willay.core.records import service as records
from willay.core.reports.evidence_contents import safe_name
from willay.core.reports.evidence_package import build_package
from willay.core.sharing import receive as sync_import
from willay.core.sharing import send as sync_export
from willay.core.vault.identity import own_card
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines


def test_safe_names_cannot_leave_the_folder() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\boot.ini") == "boot.ini"
    assert safe_name("...") == "original" and safe_name("") == "original"
    assert safe_name("foto herida (1).jpg") == "foto_herida_1_.jpg"
    assert safe_name("Añashuayco.jpg") == "Añashuayco.jpg"
    long = safe_name("x" * 300 + ".jpeg")
    assert len(long) == 80 and long.endswith(".jpeg")


def _incident_with_photo(vault: Vault, tmp_path: Path) -> tuple[str, str]:
    with vault.session() as session:
        incident = records.create(session, "incident", {
            "title": "Heridos", "occurred": {"text": "2023-01-09"}})
    photo(tmp_path / "a.jpg")
    (added,) = media.add_files(vault, incident, [tmp_path / "a.jpg"])
    return incident, added.sha256


def test_cancel_and_a_damaged_original_leave_no_folder_and_no_log(vault: Vault,
                                                                  tmp_path: Path) -> None:
    incident, sha = _incident_with_photo(vault, tmp_path)
    out = tmp_path / "out" / "paquete"
    out.parent.mkdir()
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        build_package(vault, [incident], out, cancel=token)
    assert list(out.parent.iterdir()) == []
    # An encrypted original altered where it is kept: its part fails authentication.
    damage_original(vault, sha)
    with pytest.raises(VerificationError):
        build_package(vault, [incident], out)
    assert list(out.parent.iterdir()) == []
    with vault.session() as session:
        actions = [e.action for e in custody.events_for(session, [incident])]
    assert "evidence_packaged" not in actions


def test_a_package_whose_log_cannot_be_saved_is_taken_back(
        vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    incident, _sha = _incident_with_photo(vault, tmp_path)
    out = tmp_path / "out" / "paquete"
    out.parent.mkdir()
    real = FolderBuild.publish

    def in_place_then_the_disk_fills(build: FolderBuild) -> None:
        real(build)  # the folder is in place; saving its log then fails
        raise DiskFullError("The disk is full.")

    monkeypatch.setattr(FolderBuild, "publish", in_place_then_the_disk_fills)
    with pytest.raises(DiskFullError):
        build_package(vault, [incident], out)
    assert list(out.parent.iterdir()) == [], "no package leaves without its custody log"
    with vault.session() as session:
        actions = [e.action for e in custody.events_for(session, [incident])]
    assert "evidence_packaged" not in actions


def test_an_empty_existing_folder_is_used(vault: Vault, tmp_path: Path) -> None:
    incident, _sha = _incident_with_photo(vault, tmp_path)
    out = tmp_path / "vacia"
    out.mkdir()
    result = build_package(vault, [incident], out)
    assert (out / "SHA256SUMS").is_file() and result.originals == 1
    assert not (out / f"incident-{incident[:8]}" / "summary.pdf").exists()  # no renderer given


def test_a_coordinator_package_carries_the_documenters_signed_custody(tmp_path: Path) -> None:
    field = make_vault(tmp_path / "field", "Rosa")
    coordinator = make_vault(tmp_path / "coord", "Coordinadora")
    introduce(field, coordinator)
    try:
        incident, sha = _incident_with_photo(field, tmp_path)
        sync_export.export_bundle(field, ["Coordinadora"], tmp_path / "b.willay")
        sync_import.import_bundle(coordinator, tmp_path / "b.willay")
        out = tmp_path / "paquete"
        result = build_package(coordinator, [incident], out)
        folder = out / f"incident-{incident[:8]}"
        assert result.originals == 1
        (original,) = (folder / "originals").iterdir()
        assert original.name.startswith(sha[:12])
        lines = (folder / "custody-partners.jsonl").read_text().splitlines()
        with field.session() as session:
            field_key = own_card(session).minisign_public_key
        actions = []
        for line in lines:
            doc = json.loads(line)
            assert doc["signer_minisign_public_key"] == field_key
            _kid, public = parse_public_key_line(doc["signer_minisign_public_key"])
            body = canonical_json(doc["body"])
            assert sha256_hex(body) == doc["hash"]
            ed25519.Ed25519PublicKey.from_public_bytes(public).verify(
                bytes.fromhex(doc["signature"]), body)
            actions.append(doc["body"]["action"])
        assert "media_added" in actions and "created" in actions
        text = (folder / "custody.txt").read_text()
        assert "signed by: Rosa" in text
    finally:
        field.lock()
        coordinator.lock()
