"""Evidence through willay-cli: identity, media intake and export, custody, verify."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import sqlcipher3

from tests.functional.conftest import CliRunner
from tests.photos import photo


def _vault_with_incident(cli: CliRunner) -> str:
    cli("init", "--name", "Rosa Huamán", "--organization", "Red Sur")
    return cli("incident", "add", "--title", "Heridos en Juliaca", "--occurred", "2023-01-09",
               "--ubigeo", "211101").stdout.strip()


def test_identity_show_and_card(cli: CliRunner, tmp_path: Path) -> None:
    cli("init", "--name", "Rosa Huamán", "--organization", "Red Sur")
    shown = json.loads(cli("--json", "identity", "show").stdout)
    card_path = tmp_path / "rosa.card"
    out = cli("identity", "card", "-o", str(card_path)).stdout
    assert shown["fingerprint"] in out
    card = json.loads(card_path.read_text())
    assert card["fingerprint"] == shown["fingerprint"] and card["name"] == "Rosa Huamán"
    assert "already exists" in cli("identity", "card", "-o", str(card_path), expect=1).stderr


def test_photo_intake_show_export_custody_verify(cli: CliRunner, tmp_path: Path) -> None:
    incident = _vault_with_incident(cli)
    original = photo(tmp_path / "IMG_0042.jpg")
    added = json.loads(cli("--json", "media", "add", incident[:8],
                           str(tmp_path / "IMG_0042.jpg")).stdout)
    (item,) = added
    assert item["sha256"] == hashlib.sha256(original).hexdigest()
    assert item["size"] == len(original) and not item["already_attached"]

    shown = json.loads(cli("--json", "media", "show", item["id"][:8]).stdout)
    meta = shown["metadata"]
    assert shown["mime"] == "image/jpeg" and shown["original_name"] == "IMG_0042.jpg"
    assert meta["captured_at"] == "2023-01-09T15:42:10-05:00"
    assert meta["gps_latitude"].startswith("-15.49") and meta["gps_longitude"].startswith("-70.13")
    assert meta["camera_make"] == "Motorola" and meta["orientation"] == 6
    assert shown["thumbnail"] is True

    exported = tmp_path / "out" / "copia.jpg"
    exported.parent.mkdir()
    cli("media", "export", item["id"], "-o", str(exported))
    assert exported.read_bytes() == original
    assert "already exists" in cli("media", "export", item["id"], "-o", str(exported),
                                   expect=1).stderr

    listing = json.loads(cli("--json", "list", "media").stdout)
    assert [m["id"] for m in listing] == [item["id"]]
    events = json.loads(cli("--json", "custody", incident).stdout)
    assert [e["action"] for e in events] == ["created", "media_added", "media_exported"]
    assert events[1]["details"]["sha256"] == item["sha256"]
    report = json.loads(cli("--json", "verify").stdout)
    assert report["ok"] and report["objects"] == 1 and report["events"] == 3


def test_same_bytes_twice_are_stored_once_and_linked_twice(cli: CliRunner, tmp_path: Path,
                                                           cli_env: dict[str, str]) -> None:
    incident = _vault_with_incident(cli)
    other = cli("incident", "add", "--title", "Otro hecho", "--occurred", "2023-01-10"
                ).stdout.strip()
    photo(tmp_path / "a.jpg")
    (tmp_path / "copy-of-a.jpg").write_bytes((tmp_path / "a.jpg").read_bytes())
    first = json.loads(cli("--json", "media", "add", incident, str(tmp_path / "a.jpg")).stdout)
    second = json.loads(cli("--json", "media", "add", other, str(tmp_path / "copy-of-a.jpg")
                            ).stdout)
    again = json.loads(cli("--json", "media", "add", incident, str(tmp_path / "a.jpg")).stdout)
    assert first[0]["sha256"] == second[0]["sha256"] and first[0]["id"] != second[0]["id"]
    assert again[0]["already_attached"] and again[0]["id"] == first[0]["id"]
    objects = [p for p in (Path(cli_env["WILLAY_VAULT"]) / "objects").rglob("*") if p.is_file()]
    assert len(objects) == 1
    assert len(json.loads(cli("--json", "list", "media").stdout)) == 2


def test_a_bad_file_refuses_the_whole_command(cli: CliRunner, tmp_path: Path,
                                              cli_env: dict[str, str]) -> None:
    incident = _vault_with_incident(cli)
    photo(tmp_path / "good.jpg")
    (tmp_path / "broken.jpg").write_bytes((tmp_path / "good.jpg").read_bytes()[:2000])
    (tmp_path / "empty.opus").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("plain text")
    (tmp_path / "folder").mkdir()
    result = cli("media", "add", incident, str(tmp_path / "good.jpg"),
                 str(tmp_path / "broken.jpg"), str(tmp_path / "empty.opus"),
                 str(tmp_path / "notes.txt"), str(tmp_path / "folder"),
                 str(tmp_path / "missing.jpg"), expect=1)
    err = result.stderr
    assert "Nothing was added: 5 of 6 files" in err
    for name, reason in (("broken.jpg", "truncated or corrupt"), ("empty.opus", "empty"),
                         ("notes.txt", "unknown format"), ("folder", "is a folder"),
                         ("missing.jpg", "no such file")):
        assert any(name in line and reason in line for line in err.splitlines()), (name, err)
    assert json.loads(cli("--json", "list", "media").stdout) == []
    assert [p for p in (Path(cli_env["WILLAY_VAULT"]) / "objects").rglob("*") if p.is_file()
            ] == []


def test_a_photo_that_does_not_decode_leaves_nothing_though_it_was_stored_meanwhile(
        cli: CliRunner, tmp_path: Path, cli_env: dict[str, str]) -> None:
    # Every file passes the checks made before storing; the broken photo fails only when
    # decoded, which happens while the originals are already being written.
    incident = _vault_with_incident(cli)
    photo(tmp_path / "good.jpg")
    (tmp_path / "broken.jpg").write_bytes((tmp_path / "good.jpg").read_bytes()[:2000])
    result = cli("media", "add", incident, str(tmp_path / "good.jpg"),
                 str(tmp_path / "broken.jpg"), expect=1)
    assert "Nothing was added: 1 of 2 files" in result.stderr
    assert "broken.jpg" in result.stderr and "good.jpg" not in result.stderr
    assert json.loads(cli("--json", "list", "media").stdout) == []
    assert [p for p in (Path(cli_env["WILLAY_VAULT"]) / "objects").rglob("*") if p.is_file()
            ] == []


def _raw_connection(cli_env: dict[str, str]) -> sqlite3.Connection:
    """Open archive.db directly with SQLCipher, as an attacker holding the key would."""
    from willay.core.vault.vault import Vault

    vault = Vault.open(Path(cli_env["WILLAY_VAULT"]))
    vault.unlock(cli_env["WILLAY_PASSPHRASE"])
    key = vault.subkey("archive.db")
    vault.lock()
    conn: sqlite3.Connection = sqlcipher3.connect(str(Path(cli_env["WILLAY_VAULT"]) / "archive.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def test_tampering_is_caught_and_named(cli: CliRunner, tmp_path: Path,
                                       cli_env: dict[str, str]) -> None:
    incident = _vault_with_incident(cli)
    for name in ("one.jpg", "two.jpg"):
        photo(tmp_path / name)
    added = json.loads(cli("--json", "media", "add", incident, str(tmp_path / "one.jpg"),
                           str(tmp_path / "two.jpg")).stdout)
    assert json.loads(cli("--json", "verify").stdout)["ok"]
    objects = Path(cli_env["WILLAY_VAULT"]) / "objects"
    files = sorted(p for p in objects.rglob("*") if p.is_file())
    assert len(files) == 2
    # 1. flip one byte in one object file
    blob = bytearray(files[0].read_bytes())
    blob[len(blob) // 2] ^= 0x01
    files[0].write_bytes(bytes(blob))
    # 2. delete the other
    files[1].unlink()
    # 3. edit a custody row through a raw SQLCipher connection
    conn = _raw_connection(cli_env)
    conn.execute("UPDATE custody_event SET details = replace(details, 'one.jpg', 'uno.jpg')")
    conn.commit()
    conn.close()

    result = cli("--json", "verify", expect=3)
    report = json.loads(result.stdout)
    assert not report["ok"]
    reasons = {p["item"]: p["reason"] for p in report["problems"]}
    by_name = {a["original_name"]: a for a in added}
    damaged = [item for item in reasons if "media " + by_name["one.jpg"]["id"] in item
               or "media " + by_name["two.jpg"]["id"] in item]
    assert len(damaged) == 2
    assert any("missing" in reasons[item] for item in damaged)
    assert any("damaged (altered or corrupted) from byte" in reasons[item] for item in damaged)
    assert any(item.startswith("custody event") and "altered" in reason
               for item, reason in reasons.items())
    human = cli("verify", expect=3)
    assert "BROKEN" in human.stdout and "items failed verification" in human.stderr
