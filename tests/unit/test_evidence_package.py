"""Evidence packages in the core: safe names, nothing left behind on failure or cancel."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.photos import photo
from willay.core import custody, media, records
from willay.core.errors import VerificationError
from willay.core.evidence_package import build_package, safe_name
from willay.core.objects import Cancelled, CancelToken
from willay.core.vault import Vault


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
    # An encrypted original altered on disk: its chunk fails authentication.
    path = vault.objects.path_for(sha)
    data = bytearray(path.read_bytes())
    data[100] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(VerificationError):
        build_package(vault, [incident], out)
    assert list(out.parent.iterdir()) == []
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
