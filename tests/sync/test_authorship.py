"""Who wrote what, proven: a partner cannot put words in anyone else's mouth.

Four vaults: two documenters (Rosa, Luis), a coordinator who knows both, and a lawyer
who knows only the coordinator. Forged bundles are signed by a real partner (Rosa) and
carry revisions or custody events claiming someone else; each must be refused, naming
the change, the claimed author and the signer, with nothing changed. Relaying works:
Luis's own signature reaches the lawyer through the coordinator, and is checkable.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from tests.interop.conftest import require_tool
from tests.sync import forge
from tests.sync.conftest import PASS, introduce, make_vault
from tests.sync.test_import_attacks import assert_untouched, refused
from tests.sync.test_sync import INCIDENT, export, fill
from willay.core.canonical import canonical_json, sha256_hex
from willay.core.errors import NotFoundError, VerificationError
from willay.core.keys import keyring
from willay.core.records import authorship, queries, revisions
from willay.core.records import service as records
from willay.core.records.verify import verify_vault
from willay.core.reports import evidence_package
from willay.core.sharing import delivery
from willay.core.sharing import receive as sync_import
from willay.core.vault.identity import author_key_id, own_card
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines


@dataclass
class People:
    """The four vaults, Luis's incident as the coordinator holds it, and the ids."""

    rosa: Vault
    luis: Vault
    coordinator: Vault
    lawyer: Vault
    luis_incident: str
    rosa_ids: dict[str, str]


NAMES = ("rosa", "luis", "coordinator", "lawyer")


@dataclass(frozen=True)
class World:
    """The four vaults as made once for the module (locked), with their data keys."""

    root: Path
    keys: dict[str, bytes]
    luis_incident: str
    rosa_ids: dict[str, str]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """Make the four vaults once: Luis's incident at the coordinator, Rosa's records."""
    root = tmp_path_factory.mktemp("authorship-world")
    rosa = make_vault(root / "rosa", "Rosa")
    luis = make_vault(root / "luis", "Luis")
    coordinator = make_vault(root / "coordinator", "Coordinadora")
    lawyer = make_vault(root / "lawyer", "Abogada")
    introduce(rosa, coordinator)
    introduce(luis, coordinator)
    introduce(coordinator, lawyer)
    with luis.session() as session:
        incident = records.create(session, "incident", {**INCIDENT, "killed": 3,
                                                        "title": "Balacera en Juliaca"})
    export(luis, "Coordinadora", root / "luis.willay")
    sync_import.import_bundle(coordinator, root / "luis.willay")
    (root / "rosa-files").mkdir()
    rosa_ids = fill(rosa, root / "rosa-files")
    for vault in (rosa, luis, coordinator, lawyer):
        vault.lock()
    keys = {name: keyring.unwrap_with_passphrase(keyring.read(root / name / "keyring.json"),
                                                 PASS) for name in NAMES}
    return World(root, keys, incident, rosa_ids)


@pytest.fixture
def people(world: World, tmp_path: Path) -> Iterator[People]:
    """A copy of the module's four vaults for this test alone, unlocked."""
    shutil.copytree(world.root, tmp_path, dirs_exist_ok=True)
    opened = {name: Vault.open(tmp_path / name) for name in NAMES}
    for name, vault in opened.items():
        # Opened with the data key, as the session's vault templates are: unlocking
        # with the passphrase is tested where it is the subject.
        vault._open_database(world.keys[name])
    yield People(opened["rosa"], opened["luis"], opened["coordinator"], opened["lawyer"],
                 world.luis_incident, dict(world.rosa_ids))
    for vault in opened.values():
        vault.lock()


def _key(vault: Vault) -> Any:
    return forge.identity(vault).signing_key


def _author(vault: Vault) -> str:
    with vault.session() as session:
        return author_key_id(session)


def _edit_of_luis(people: People, author: str) -> bytes:
    """A revision of Luis's incident (killed 3 → 0, narrative replaced) naming ``author``."""
    with people.coordinator.session() as session:
        view = records.get(session, people.luis_incident)
    assert view.fields is not None
    fields = {**view.fields, "killed": 0, "narrative": "No pasó nada."}
    _rev_id, body = revisions.build(people.luis_incident, "incident", fields, view.heads,
                                    author)
    return body


def _rosa_bundle(people: People, path: Path, lines: bytes, **kwargs: Any) -> Path:
    forge.forge(path, people.rosa, [people.coordinator],
                forge.Payload(lines, b""), **kwargs)
    return path


@pytest.mark.parametrize("claims", ["luis", "coordinator"])
def test_a_partner_cannot_sign_for_another(people: People, tmp_path: Path, claims: str) -> None:
    claimed = _author(people.luis if claims == "luis" else people.coordinator)
    body = _edit_of_luis(people, claimed)
    path = _rosa_bundle(people, tmp_path / "forged.willay",
                        forge.signed_line(body, _key(people.rosa)))
    error = refused(people.coordinator, path, r"not one made by that key")
    message = str(error)
    assert sha256_hex(body)[:12] in message  # names the change
    assert claimed[:12] in message and "Rosa" in message  # the claimed author, the signer
    assert isinstance(error, authorship.AuthorshipError)
    with people.coordinator.session() as session:
        fields = records.get(session, people.luis_incident).fields
    assert fields is not None and fields["killed"] == 3


def test_a_key_nobody_vouches_for_is_refused(people: People, tmp_path: Path) -> None:
    stranger = make_vault(tmp_path / "stranger", "Desconocida")
    body = _edit_of_luis(people, _author(stranger))
    path = _rosa_bundle(people, tmp_path / "stranger.willay",
                        forge.signed_line(body, _key(stranger)))
    refused(people.coordinator, path, r"neither the sender's, nor a partner's")
    stranger.lock()


def test_a_vouched_card_does_not_cover_a_signature_by_another_key(
        people: People, tmp_path: Path) -> None:
    stranger = make_vault(tmp_path / "stranger", "Desconocida")
    with stranger.session() as session:
        card = own_card(session)
    body = _edit_of_luis(people, _author(stranger))
    path = _rosa_bundle(people, tmp_path / "vouched.willay",
                        forge.signed_line(body, _key(people.rosa)),
                        manifest_overrides={"authors": [card.to_dict()]})
    refused(people.coordinator, path, r"not one made by that key")
    stranger.lock()


def test_an_unsigned_or_garbled_signature_is_refused(people: People, tmp_path: Path) -> None:
    body = _edit_of_luis(people, _author(people.rosa))
    good = json.loads(forge.signed_line(body, _key(people.rosa)))
    for name, line in {
        "unsigned": {"body": good["body"], "note": "x"},
        "flipped": {**good, "signature": ("0" if good["signature"][0] != "0" else "1")
                    + good["signature"][1:]},
        "not hex": {**good, "signature": "zz"},
    }.items():
        path = _rosa_bundle(people, tmp_path / f"{name}.willay", canonical_json(line) + b"\n")
        refused(people.coordinator, path, r"signed revision|signature")


def test_a_custody_event_naming_another_signer_is_refused(people: People,
                                                          tmp_path: Path) -> None:
    real = tmp_path / "real.willay"
    export(people.rosa, "Coordinadora", real)
    payload = forge.unpack(real, people.rosa)
    first, rest = payload.custody.split(b"\n", 1)
    doc = json.loads(first)
    doc["body"]["signer"] = _author(people.luis)
    body = canonical_json(doc["body"])
    line = canonical_json({"body": doc["body"], "hash": sha256_hex(body),
                           "signature": _key(people.rosa).sign(body).hex()})
    forge.forge(tmp_path / "event.willay", people.rosa, [people.coordinator],
                replace(payload, custody=line + b"\n" + rest))
    error = refused(people.coordinator, tmp_path / "event.willay",
                    r"names .* as its signer, but only the sender \(Rosa")
    assert isinstance(error, authorship.AuthorshipError)


def _resigned(doc: dict[str, Any], rosa: Vault) -> bytes:
    body = canonical_json(doc)
    return canonical_json({"body": doc, "hash": sha256_hex(body),
                           "signature": _key(rosa).sign(body).hex()}) + b"\n"


def test_a_broken_chain_in_a_bundle_is_refused(people: People, tmp_path: Path) -> None:
    real = tmp_path / "real.willay"
    export(people.rosa, "Coordinadora", real)
    payload = forge.unpack(real, people.rosa)
    events = [json.loads(line)["body"] for line in payload.custody.splitlines()]
    assert [e["seq"] for e in events[:2]] == [1, 2]
    events[1]["prev"] = "ab" * 32  # re-signed by Rosa, but it no longer follows event 1
    forge.forge(tmp_path / "chain.willay", people.rosa, [people.coordinator],
                replace(payload, custody=b"".join(_resigned(e, people.rosa) for e in events)))
    refused(people.coordinator, tmp_path / "chain.willay", r"does not follow event 1")


def test_a_rewritten_log_is_refused_against_what_was_kept(people: People,
                                                          tmp_path: Path) -> None:
    export(people.rosa, "Coordinadora", tmp_path / "one.willay")
    sync_import.import_bundle(people.coordinator, tmp_path / "one.willay")
    payload = forge.unpack(tmp_path / "one.willay", people.rosa)
    event = json.loads(payload.custody.splitlines()[0])["body"]
    event["details"] = {**event["details"], "kind": "person"}  # event 1 told differently
    forge.forge(tmp_path / "two.willay", people.rosa, [people.coordinator],
                replace(payload, custody=_resigned(event, people.rosa)))
    refused(people.coordinator, tmp_path / "two.willay", r"another event already has number 1")


def test_relayed_revisions_keep_their_authors_signature(people: People,
                                                        tmp_path: Path) -> None:
    luis = _author(people.luis)
    export(people.coordinator, "Abogada", tmp_path / "relay.willay")
    result = sync_import.import_bundle(people.lawyer, tmp_path / "relay.willay")
    assert result.authors == ["Luis"] and result.vouched == ["Luis"]
    with people.lawyer.session() as session:
        (change,) = queries.changes(session, people.luis_incident)
    assert change.author == luis and change.author_name == "Luis (vouched for by Coordinadora)"
    assert change.seal is not None and change.seal.state == authorship.SIGNED
    report = verify_vault(people.lawyer)
    assert report.ok and report.signed == report.revisions > 0
    # The lawyer's evidence package carries Luis's own signature, checkable with openssl.
    out = tmp_path / "package"
    evidence_package.build_package(people.lawyer, [people.luis_incident], out)
    (record,) = out.glob("incident-*/records/incident-*.json")
    assert json.loads(record.read_bytes())["author"] == luis
    pem = out / "authors" / f"{luis}.pem"
    assert "Luis (vouched for by Coordinadora)" in (out / "authors" / "AUTHORS.txt").read_text()
    check = [require_tool("openssl"), "pkeyutl", "-verify", "-pubin", "-inkey", str(pem), "-rawin",
             "-in", str(record), "-sigfile", f"{record}.sig"]
    assert subprocess.run(check, capture_output=True).returncode == 0
    record.write_bytes(record.read_bytes().replace(b'"killed":3', b'"killed":0'))
    assert subprocess.run(check, capture_output=True).returncode != 0


def test_a_relayed_revision_altered_on_the_way_is_refused(people: People,
                                                          tmp_path: Path) -> None:
    export(people.coordinator, "Abogada", tmp_path / "relay.willay")
    payload = forge.unpack(tmp_path / "relay.willay", people.coordinator)
    line = json.loads(payload.records.splitlines()[0])
    line["body"]["fields"]["killed"] = 0
    forge.forge(tmp_path / "altered.willay", people.coordinator, [people.lawyer],
                replace(payload, records=canonical_json(line) + b"\n"),
                manifest_overrides={"authors": forge.unpack(
                    tmp_path / "relay.willay", people.coordinator).manifest["authors"]})
    error = assert_untouched(people.lawyer, lambda: sync_import.import_bundle(
        people.lawyer, tmp_path / "altered.willay"))
    assert "Luis" in str(error) and "Coordinadora" in str(error)


# -- bundles known by sender and id; a known bundle is checked in full again ---------


def _squatted(people: People, tmp_path: Path) -> tuple[Path, str]:
    """Rosa's real bundle, and Luis's bundle under its id, imported first; return the
    real bundle and its id."""
    real = tmp_path / "rosa.willay"
    export(people.rosa, "Coordinadora", real)
    real_id = forge.unpack(real, people.rosa).manifest["bundle_id"]
    with people.luis.session() as session:
        records.create(session, "incident", {**INCIDENT, "title": "Otro"})
    export(people.luis, "Coordinadora", tmp_path / "luis2.willay")
    payload = forge.unpack(tmp_path / "luis2.willay", people.luis)
    forge.forge(tmp_path / "squat.willay", people.luis, [people.coordinator], payload,
                manifest_overrides={"bundle_id": real_id})
    sync_import.import_bundle(people.coordinator, tmp_path / "squat.willay")
    return real, real_id


def test_a_squatted_bundle_id_does_not_hide_the_real_bundle(people: People,
                                                            tmp_path: Path) -> None:
    real, _real_id = _squatted(people, tmp_path)
    result = sync_import.import_bundle(people.coordinator, real)
    assert not result.already_imported and result.new_revisions == 4


def test_another_manifest_under_a_known_id_is_a_conflict(people: People,
                                                         tmp_path: Path) -> None:
    real = tmp_path / "rosa.willay"
    export(people.rosa, "Coordinadora", real)
    sync_import.import_bundle(people.coordinator, real)
    payload = forge.unpack(real, people.rosa)
    forge.forge(tmp_path / "again.willay", people.rosa, [people.coordinator],
                replace(payload, media=[]), manifest_overrides={
                    "bundle_id": payload.manifest["bundle_id"],
                    "sequence": payload.manifest["sequence"]})
    error = refused(people.coordinator, tmp_path / "again.willay",
                    r"already sent a different bundle with the id")
    assert isinstance(error, sync_import.BundleConflictError) and error.exit_code == 3


def _flip(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1:]


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "trailing data"])
def test_a_damaged_copy_of_a_known_bundle_is_refused(people: People, tmp_path: Path,
                                                     damage: str) -> None:
    real = tmp_path / "rosa.willay"
    export(people.rosa, "Coordinadora", real)
    sync_import.import_bundle(people.coordinator, real)
    again = sync_import.import_bundle(people.coordinator, real)
    assert again.already_imported and again.checked_originals == 1
    data = real.read_bytes()
    copy = tmp_path / "copy.willay"
    copy.write_bytes({"flipped byte": _flip(data), "truncated": data[:-100],
                      "trailing data": data + b"\0" * 512}[damage])
    error = assert_untouched(people.coordinator,
                             lambda: sync_import.import_bundle(people.coordinator, copy))
    assert isinstance(error, VerificationError) and error.exit_code == 3
    assert str(copy) in str(error)


# -- revisions made before signatures --------------------------------------------------


def _as_before_signatures(vault: Vault) -> None:
    """Turn the vault's database back into the schema before author signatures."""
    from alembic import command

    from willay.core.vault import database

    command.downgrade(database._alembic_config(vault.engine), "0005")
    vault.lock()
    vault.unlock(PASS)


def test_revisions_older_than_signatures_are_attested_and_marked(people: People,
                                                                 tmp_path: Path) -> None:
    _as_before_signatures(people.coordinator)
    with people.coordinator.session() as session:
        (change,) = queries.changes(session, people.luis_incident)
    assert change.seal is not None and change.seal.state == authorship.ATTESTED
    assert "Coordinadora" in change.seal.signer
    report = verify_vault(people.coordinator)
    assert report.ok and report.attested == report.revisions
    # Luis's revision was only attested by the coordinator: it cannot be proven to the
    # lawyer, so it stays; nothing the lawyer receives is unchecked.
    result = export(people.coordinator, "Abogada", tmp_path / "old.willay")
    assert result.unprovable == 1 and result.revisions == 0


def test_an_authors_own_attested_revisions_travel_and_are_checked(people: People,
                                                                  tmp_path: Path) -> None:
    _as_before_signatures(people.rosa)
    export(people.rosa, "Coordinadora", tmp_path / "attested.willay")
    result = sync_import.import_bundle(people.coordinator, tmp_path / "attested.willay")
    assert result.new_revisions == 4
    with people.coordinator.session() as session:
        (change,) = queries.changes(session, people.rosa_ids["incident"])
    assert change.seal is not None and change.seal.state == authorship.ATTESTED
    assert verify_vault(people.coordinator).ok


def test_verify_finds_a_revision_whose_signature_was_altered(people: People) -> None:
    from sqlalchemy import text

    with people.coordinator.engine.begin() as conn:
        conn.execute(text("UPDATE revision SET signature = zeroblob(64) WHERE record_id = :r"),
                     {"r": people.luis_incident})
    report = verify_vault(people.coordinator)
    assert not report.ok
    assert any("signature by Luis is not valid" in p.reason for p in report.problems)


def test_a_receipt_goes_to_the_real_sender_of_a_squatted_id(people: People,
                                                            tmp_path: Path) -> None:
    real, real_id = _squatted(people, tmp_path)
    sync_import.import_bundle(people.coordinator, real)
    with pytest.raises(NotFoundError, match=r"from several partners.*Luis.*Rosa"):
        delivery.write_receipt(people.coordinator, real_id[:8], tmp_path / "r0.willay")
    made = delivery.write_receipt(people.coordinator, real_id[:8], tmp_path / "r.willay",
                                  sender="Rosa")
    assert made.partner == "Rosa" and made.items == 5
    result = sync_import.import_bundle(people.rosa, tmp_path / "r.willay")
    assert result.kind == "receipt" and result.delivered == 5
