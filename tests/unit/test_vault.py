"""The vault as a user meets it: create, unlock, lock, passphrases, recovery, erase, bad folders."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, tree_snapshot
from willay.core.errors import (
    CorruptKeyringError,
    NewerFormatError,
    NotAVaultError,
    ValidationError,
    VaultError,
    VaultExistsError,
    VaultLockedError,
    WrongPassphraseError,
)
from willay.core.keys import kdf
from willay.core.records.service import count_records
from willay.core.vault.vault import Vault


def test_new_vault_has_private_files_and_no_plaintext_secrets(vault: Vault) -> None:
    root = vault.path
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE((root / "objects").stat().st_mode) == 0o700
    for name in ("keyring.json", "archive.db"):
        assert stat.S_IMODE((root / name).stat().st_mode) == 0o600
    assert not (root / "archive.db").read_bytes().startswith(b"SQLite format 3")
    ring = json.loads((root / "keyring.json").read_text())
    assert ring["format"] == "willay-keyring" and ring["version"] == 1
    assert ring["kdf"]["algorithm"] == "argon2id"
    assert ring["kdf"]["memory_kib"] >= 64 * 1024
    assert ring["kdf"]["iterations"] == 3 and ring["kdf"]["lanes"] == 4


def test_status_reports_owner_schema_and_counts(vault: Vault) -> None:
    status = vault.status()
    assert status.name == "Rosa Huamán" and status.organization == "Red Sur"
    assert status.schema and status.keyring_format == 1
    with vault.session() as session:
        assert count_records(session)["incident"] == 0


def test_lock_then_unlock_with_passphrase(vault: Vault) -> None:
    vault.lock()
    assert not vault.is_unlocked
    with pytest.raises(VaultLockedError):
        vault.status()
    reopened = Vault.open(vault.path)
    reopened.unlock(PASSPHRASE)
    assert reopened.status().name == "Rosa Huamán"
    reopened.lock()


def test_wrong_passphrase_is_refused_and_changes_nothing(vault: Vault) -> None:
    vault.lock()
    before = tree_snapshot(vault.path)
    with pytest.raises(WrongPassphraseError, match="Wrong passphrase"):
        Vault.open(vault.path).unlock("not the passphrase")
    assert tree_snapshot(vault.path) == before


def test_recovery_code_unlocks_and_sets_a_new_passphrase(vault_path: Path,
                                                         fast_kdf: kdf.KdfParams) -> None:
    vault, code = Vault.create(vault_path, PASSPHRASE, kdf_params=fast_kdf)
    vault.lock()
    assert len(code.split("-")) == 8
    typed = code.lower().replace("-", " ").replace("1", "l")  # as a person might type it
    recovering = Vault.open(vault_path)
    recovering.unlock_with_recovery_code(typed)
    recovering.change_passphrase("a brand new passphrase")
    recovering.lock()
    with pytest.raises(WrongPassphraseError):
        Vault.open(vault_path).unlock(PASSPHRASE)
    again = Vault.open(vault_path)
    again.unlock("a brand new passphrase")
    again.lock()
    # The recovery code still works after the change.
    Vault.open(vault_path).unlock_with_recovery_code(code)


def test_wrong_recovery_code_is_refused(vault: Vault) -> None:
    vault.lock()
    with pytest.raises(WrongPassphraseError, match="recovery code"):
        Vault.open(vault.path).unlock_with_recovery_code("0000-0000-0000-0000-0000-0000-0000-0000")
    with pytest.raises(WrongPassphraseError, match="not a recovery code"):
        Vault.open(vault.path).unlock_with_recovery_code("banana")


def test_change_passphrase(vault: Vault) -> None:
    vault.change_passphrase("otra frase secreta larga")
    vault.lock()
    with pytest.raises(WrongPassphraseError):
        Vault.open(vault.path).unlock(PASSPHRASE)
    Vault.open(vault.path).unlock("otra frase secreta larga")


def test_short_passphrase_is_refused(vault_path: Path, fast_kdf: kdf.KdfParams) -> None:
    with pytest.raises(ValidationError, match="too short"):
        Vault.create(vault_path, "short", kdf_params=fast_kdf)
    assert not vault_path.exists()


def test_create_refuses_an_existing_vault_or_a_non_empty_folder(
        vault: Vault, tmp_path: Path, fast_kdf: kdf.KdfParams) -> None:
    with pytest.raises(VaultExistsError, match="already exists"):
        Vault.create(vault.path, PASSPHRASE, kdf_params=fast_kdf)
    other = tmp_path / "papers"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(VaultExistsError, match="not empty"):
        Vault.create(other, PASSPHRASE, kdf_params=fast_kdf)
    assert (other / "notes.txt").read_text() == "mine"


def test_calibration_stays_within_bounds() -> None:
    params = kdf.calibrate(target_seconds=0.05)
    assert kdf.MIN_MEMORY_KIB <= params.memory_kib <= kdf.MAX_MEMORY_KIB
    assert params.iterations == 3 and params.lanes == 4


# -- folders that are not (whole) vaults -----------------------------------------------
def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(NotAVaultError, match="no vault"):
        Vault.open(tmp_path / "nowhere")


def test_folder_that_is_not_a_vault(tmp_path: Path) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(NotAVaultError, match="not a Willay vault"):
        Vault.open(tmp_path)
    assert (tmp_path / "photo.jpg").read_bytes() == b"\xff\xd8"


def test_missing_database(vault: Vault) -> None:
    vault.lock()
    (vault.path / "archive.db").unlink()
    with pytest.raises(VaultError, match=r"database .* is missing"):
        Vault.open(vault.path)


def _edit_keyring(vault: Vault, change: object) -> dict[str, bytes]:
    vault.lock()
    path = vault.path / "keyring.json"
    if callable(change):
        path.write_bytes(change(path.read_bytes()))
    return tree_snapshot(vault.path)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda b: b[: len(b) // 2], "damaged or truncated"),
        (lambda b: b"", "damaged or truncated"),
        (lambda b: b"\x00\xff" * 50, "damaged or truncated"),
        (lambda b: b'{"format": "something-else"}', "not a Willay keyring"),
        (lambda b: b.replace(b'"salt"', b'"pepper"', 1), "missing"),
        (lambda b: b"[1, 2, 3]", "not a Willay keyring"),
    ],
)
def test_corrupt_keyring_gives_a_clear_message_and_changes_nothing(
        vault: Vault, damage: object, message: str) -> None:
    before = _edit_keyring(vault, damage)
    with pytest.raises(CorruptKeyringError, match=message):
        Vault.open(vault.path).unlock(PASSPHRASE)
    assert tree_snapshot(vault.path) == before


def test_tampered_wrapped_key_reads_as_wrong_passphrase(vault: Vault) -> None:
    def flip(data: bytes) -> bytes:
        doc = json.loads(data)
        wrapped = doc["passphrase"]["wrapped_key"]
        doc["passphrase"]["wrapped_key"] = ("B" if wrapped[0] == "A" else "A") + wrapped[1:]
        return json.dumps(doc).encode()

    _edit_keyring(vault, flip)
    with pytest.raises(WrongPassphraseError):
        Vault.open(vault.path).unlock(PASSPHRASE)


@pytest.mark.parametrize("memory_kib", [8 * 1024 * 1024, 1024])
def test_hostile_kdf_parameters_are_refused_before_deriving(vault: Vault,
                                                            memory_kib: int) -> None:
    def hostile(data: bytes) -> bytes:
        doc = json.loads(data)
        doc["kdf"]["memory_kib"] = memory_kib
        return json.dumps(doc).encode()

    before = _edit_keyring(vault, hostile)
    with pytest.raises(CorruptKeyringError, match="MiB of memory"):
        Vault.open(vault.path)
    assert tree_snapshot(vault.path) == before


def test_hostile_iteration_count_is_refused(vault: Vault) -> None:
    def hostile(data: bytes) -> bytes:
        doc = json.loads(data)
        doc["kdf"]["iterations"] = 10**9
        return json.dumps(doc).encode()

    _edit_keyring(vault, hostile)
    with pytest.raises(CorruptKeyringError, match="passes or lanes"):
        Vault.open(vault.path)


def test_newer_keyring_format_is_refused(vault: Vault) -> None:
    def newer(data: bytes) -> bytes:
        doc = json.loads(data)
        doc["version"] = 2
        return json.dumps(doc).encode()

    before = _edit_keyring(vault, newer)
    with pytest.raises(NewerFormatError, match="newer version of Willay"):
        Vault.open(vault.path)
    assert tree_snapshot(vault.path) == before


def test_database_from_another_vault_is_refused(tmp_path: Path, fast_kdf: kdf.KdfParams) -> None:
    first, _ = Vault.create(tmp_path / "a", PASSPHRASE, kdf_params=fast_kdf)
    second, _ = Vault.create(tmp_path / "b", PASSPHRASE, kdf_params=fast_kdf)
    first.lock()
    second.lock()
    (tmp_path / "a" / "archive.db").write_bytes((tmp_path / "b" / "archive.db").read_bytes())
    before = tree_snapshot(tmp_path / "a")
    with pytest.raises(VaultError, match="cannot be read with this vault's key"):
        Vault.open(tmp_path / "a").unlock(PASSPHRASE)
    assert tree_snapshot(tmp_path / "a") == before


def test_emergency_erase_leaves_nothing(vault: Vault) -> None:
    path = vault.path
    vault.erase()
    assert not path.exists()
    with pytest.raises(NotAVaultError):
        Vault.open(path)


def test_a_new_passphrase_is_wrapped_with_calibrated_parameters(
        vault_path: Path, fast_kdf: kdf.KdfParams, monkeypatch: pytest.MonkeyPatch) -> None:
    """An intruder who lowered Argon2id's passes and lanes in keyring.json does not keep
    them: the new passphrase is wrapped with the parameters calibrated on this machine."""
    vault, code = Vault.create(vault_path, PASSPHRASE, kdf_params=fast_kdf)
    vault.lock()
    ring = vault_path / "keyring.json"
    doc = json.loads(ring.read_text())
    doc["kdf"].update(iterations=1, lanes=1)  # the passphrase no longer opens it
    ring.write_text(json.dumps(doc))
    monkeypatch.setenv(kdf.MEMORY_ENV, "80")  # what calibration picks here, fixed for speed
    opened = Vault.open(vault_path)
    opened.unlock_with_recovery_code(code)
    opened.change_passphrase("una frase nueva y larga")
    opened.lock()
    written = json.loads(ring.read_text())["kdf"]
    assert (written["iterations"], written["lanes"]) == (kdf.ITERATIONS, kdf.LANES)
    assert written["memory_kib"] == 80 * 1024
    Vault.open(vault_path).unlock("una frase nueva y larga")
