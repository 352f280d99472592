"""Damaged and crafted bundles: each is refused with a clear message, and nothing changes.

Every case runs against a coordinator that knows the field vault as a partner. A refusal
must be a WillayError (exit code 1 or 3) whose message names the bundle file and says
what is wrong, and the vault must be exactly as before: same records and revisions,
same custody head, same files under objects/, same bookkeeping rows. Crafted bundles are
made with ``tests.sync.forge``; the positive controls prove that a forged bundle left
alone imports, so that each refusal is owed to the one thing the case changes.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
import random
import re
import shutil
import signal
import struct
import tarfile
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from sqlmodel import Session, SQLModel, select

from tests.photos import photo
from tests.sync import forge
from tests.sync.conftest import PASS, introduce, make_vault
from tests.sync.forge import Member, Payload
from tests.sync.test_sync import export, fill
from willay.core.canonical import canonical_json, sha256_hex
from willay.core.errors import NewerFormatError, WillayError
from willay.core.formats import age, age_header
from willay.core.records import custody, revisions
from willay.core.records import service as records
from willay.core.records.fields import normalize
from willay.core.records.revisions import now_stamp
from willay.core.records.verify import verify_vault
from willay.core.sharing import bundle
from willay.core.sharing import receive as sync_import
from willay.core.vault.identity import key_id
from willay.core.vault.models import (
    ForeignCustodyEvent,
    MediaThumbnail,
    Partner,
    ReceivedBundle,
    ReceivedItem,
    Revision,
    StoredObject,
)
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines

CHUNK = 64 * 1024 + 16  # one encrypted age payload chunk
TIME_LIMIT = 5  # seconds; an import of these small bundles takes well under one

# -- the untouched-vault check -----------------------------------------------------


def _rows(session: Session, model: type[SQLModel]) -> list[str]:
    return sorted(repr(sorted(row.model_dump().items()))
                  for row in session.exec(select(model)).all())


def snapshot(vault: Vault) -> dict[str, Any]:
    """What an import may change: records, revisions, custody head, originals, bookkeeping."""
    with vault.session() as session:
        head = custody.head(session)
        state: dict[str, Any] = {
            "record counts": records.count_records(session),
            "revision ids": set(session.exec(select(Revision.id)).all()),
            "custody head": head.hash if head else None,
            "received_bundle rows": _rows(session, ReceivedBundle),
            "partner rows": _rows(session, Partner),
            "stored_object rows": _rows(session, StoredObject),
            "received_item rows": _rows(session, ReceivedItem),
            "foreign custody rows": _rows(session, ForeignCustodyEvent),
            "thumbnails": set(session.exec(select(MediaThumbnail.sha256)).all()),
        }
    objects = vault.path / "objects"
    state["files under objects/"] = {str(p.relative_to(objects)): p.read_bytes()
                                     for p in sorted(objects.rglob("*")) if p.is_file()}
    return state


class Hung(AssertionError):
    """The import ran past the time limit: a hang."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise Hung inside the block if it runs longer than ``seconds``."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise Hung(f"the import did not finish within {seconds} s (a hang)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def assert_untouched(vault: Vault, action: Callable[[], object]) -> WillayError:
    """Run ``action``, which must fail with a WillayError, and check the vault is as before."""
    before = snapshot(vault)
    with time_limit(TIME_LIMIT), pytest.raises(WillayError) as caught:
        action()
    after = snapshot(vault)
    changed = [part for part in before if before[part] != after[part]]
    assert not changed, f"a refused import changed the vault: {changed}"
    assert caught.value.exit_code in (1, 3), caught.value.exit_code
    return caught.value


def refused(vault: Vault, path: Path, says: str, **kwargs: Any) -> WillayError:
    """Import ``path``: it must be refused, untouched, naming the file and saying ``says``."""
    error = assert_untouched(vault, lambda: sync_import.import_bundle(vault, path, **kwargs))
    message = str(error)
    assert str(path) in message, f"the message does not name the bundle file: {message!r}"
    assert re.search(says, message.replace(str(path), "<bundle>"), re.IGNORECASE), (
        f"the message does not say what is wrong ({says!r}): {message!r}")
    return error


# -- the vaults --------------------------------------------------------------------


@dataclass(repr=False)
class World:
    """A field vault, a coordinator that knows it, a stranger, and real bundles."""

    root: Path
    field: Vault
    coordinator: Vault
    stranger: Vault
    template: Path
    pristine: dict[str, Any]
    real: Path
    elsewhere: Path
    payload: Payload
    ids: dict[str, str]

    def __repr__(self) -> str:
        return f"World({self.root})"

    def reset(self) -> None:
        """Put the coordinator back as it was (after a test let something in)."""
        self.coordinator.lock()
        shutil.rmtree(self.coordinator.path)
        shutil.copytree(self.template, self.coordinator.path)
        self.coordinator = Vault.open(self.coordinator.path)
        self.coordinator.unlock(PASS)

    def copy(self, where: Path) -> Vault:
        """Return an unlocked copy of the pristine coordinator at ``where``."""
        shutil.copytree(self.template, where)
        vault = Vault.open(where)
        vault.unlock(PASS)
        return vault


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("attacks")
    field = make_vault(root / "field", "Rosa")
    coordinator = make_vault(root / "coordinator", "Coordinadora")
    stranger = make_vault(root / "stranger", "Desconocida")
    introduce(field, coordinator)
    introduce(field, stranger)  # the field vault knows her; the coordinator does not
    ids = fill(field, root)
    real = root / "real.willay"
    export(field, "Coordinadora", real)
    elsewhere = root / "elsewhere.willay"
    export(field, "Desconocida", elsewhere)
    payload = forge.unpack(real, field)
    coordinator.lock()
    shutil.copytree(coordinator.path, root / "template")
    coordinator.unlock(PASS)
    made = World(root, field, coordinator, stranger, root / "template", snapshot(coordinator),
                 real, elsewhere, payload, ids)
    yield made
    for vault in (made.field, made.coordinator, made.stranger):
        vault.lock()


@pytest.fixture
def coord(world: World) -> Iterator[Vault]:
    """The shared coordinator; put back as it was if a test changed it."""
    yield world.coordinator
    if snapshot(world.coordinator) != world.pristine:
        world.reset()


@pytest.fixture
def fresh(world: World, tmp_path: Path) -> Iterator[Vault]:
    """A copy of the pristine coordinator, for imports that must succeed."""
    vault = world.copy(tmp_path / "coordinator-copy")
    yield vault
    vault.lock()


def forged(world: World, path: Path, payload: Payload | None = None,
           **kwargs: Any) -> forge.Forged:
    """A bundle from the field vault to the coordinator, bent as ``kwargs`` say."""
    return forge.forge(path, world.field, [world.coordinator],
                       world.payload if payload is None else payload, **kwargs)


# -- 0. positive controls ------------------------------------------------------------


def test_the_real_bundle_imports(world: World, fresh: Vault) -> None:
    result = sync_import.import_bundle(fresh, world.real)
    assert result.new_revisions == 4 and result.new_media == 1
    assert verify_vault(fresh).ok


def _neutral(world: World) -> dict[str, dict[str, Any]]:
    """Each way of bending a forged bundle, used so that it changes nothing."""
    bundle_id, sequence = str(uuid.uuid4()), forge.next_sequence()
    return {
        "left alone": {},
        "members": {"members": lambda ms: ms},
        "entries": {"entries": lambda es: es},
        "manifest overrides": {"manifest_overrides": {
            "bundle_id": bundle_id, "sequence": sequence, "profile": "full"},
            "trusted": f"{bundle.FORMAT} bundle_id={bundle_id} sequence={sequence}"},
        "manifest bytes": {"manifest_bytes": canonical_json},
        "signing key": {"sign_with": forge.identity(world.field).signing_key},
        "signature edit": {"edit_signature": lambda sig: sig},
        "after signing": {"after_signing": lambda data: data},
        "age recipients": {"age_to": [forge.identity(world.coordinator).x25519_public]},
    }


@pytest.mark.parametrize("knob", ["left alone", "members", "entries", "manifest overrides",
                                  "manifest bytes", "signing key", "signature edit",
                                  "after signing", "age recipients"])
def test_a_forged_bundle_bent_to_no_effect_imports(world: World, fresh: Vault,
                                                   tmp_path: Path, knob: str) -> None:
    made = forged(world, tmp_path / "forged.willay", **_neutral(world)[knob])
    assert [m.name for m in made.members][:4] == list(bundle.FIXED_MEMBERS)
    result = sync_import.import_bundle(fresh, made.path)
    assert result.bundle_id == made.bundle_id and result.signer == "Rosa"
    assert result.new_revisions == 4 and result.new_media == 1 and result.custody_events == 4
    assert not result.conflicts
    assert verify_vault(fresh).ok
    assert sync_import.import_bundle(fresh, made.path).already_imported


def test_the_real_bundle_rebuilt_by_hand_imports(world: World, fresh: Vault,
                                                 tmp_path: Path) -> None:
    """Re-encrypting the real tar and rebuilding it member by member keeps it valid."""
    tar = forge.decrypt(world.real, world.field)
    rebuilt = forge.tar_stream([Member(name, data) for name, data in forge.read_tar(tar)])
    copy = forge.encrypt(tmp_path / "again.willay", [forge.identity(fresh).x25519_public],
                         rebuilt)
    assert sync_import.import_bundle(fresh, copy).new_revisions == 4


# -- 1. a bit flipped anywhere -------------------------------------------------------


def layout(data: bytes) -> dict[str, int]:
    """Offsets of the parts of an age file: header lines, MAC, nonce, payload chunks."""
    stanza = data.index(b"\n-> X25519 ") + 1
    body = data.index(b"\n", stanza) + 1
    mac = data.index(b"\n--- ") + 1
    header_end = data.index(b"\n", mac) + 1
    payload = header_end + 16
    chunks = math.ceil((len(data) - payload) / CHUNK)
    assert chunks >= 3, "the bundle should span at least three payload chunks"
    return {"version line": 4, "stanza arguments": stanza + 12, "stanza body": body + 7,
            "header MAC": mac + 9, "header end": header_end - 1,
            "payload nonce": header_end + 5, "payload": payload,
            "first chunk": payload + 700, "chunk tag": payload + CHUNK - 3,
            "middle chunk": payload + (chunks // 2) * CHUNK + 4321,
            "last chunk": payload + (chunks - 1) * CHUNK + 99, "last byte": len(data) - 1,
            "chunks": chunks, "size": len(data)}


FLIPPED = (r"age|header|altered|damaged|truncated|cut short"
           r"|not locked for this vault's key")


def flip(data: bytes, position: int, bit: int = 0) -> bytes:
    """Return ``data`` with one bit flipped."""
    return data[:position] + bytes([data[position] ^ (1 << bit)]) + data[position + 1:]


@pytest.mark.parametrize("where", ["version line", "stanza arguments", "stanza body",
                                   "header MAC", "header end", "payload nonce", "payload",
                                   "first chunk", "chunk tag", "middle chunk", "last chunk",
                                   "last byte"])
def test_a_flipped_bit_is_refused(world: World, coord: Vault, tmp_path: Path,
                                  where: str) -> None:
    data = world.real.read_bytes()
    bad = tmp_path / "flipped.willay"
    bad.write_bytes(flip(data, layout(data)[where]))
    refused(coord, bad, FLIPPED)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_a_bit_flipped_at_random_is_refused(world: World, coord: Vault, tmp_path: Path,
                                            data: st.DataObject) -> None:
    original = world.real.read_bytes()
    position = data.draw(st.integers(0, len(original) - 1), label="position")
    bit = data.draw(st.integers(0, 7), label="bit")
    bad = tmp_path / "flipped.willay"
    bad.write_bytes(flip(original, position, bit))
    refused(coord, bad, FLIPPED)


# -- 2. truncated --------------------------------------------------------------------


@pytest.mark.parametrize("cut", ["empty", "inside the version line", "inside a stanza",
                                 "inside the MAC line", "after the header", "inside the nonce",
                                 "after the nonce", "inside the first chunk",
                                 "at the first chunk boundary", "at the last chunk boundary",
                                 "inside the last chunk", "one byte short"])
def test_a_truncated_bundle_is_refused(world: World, coord: Vault, tmp_path: Path,
                                       cut: str) -> None:
    data = world.real.read_bytes()
    at = layout(data)
    payload = at["payload"]
    length = {
        "empty": 0, "inside the version line": 10,
        "inside a stanza": at["stanza arguments"] + 5, "inside the MAC line": at["header MAC"],
        "after the header": at["header end"] + 1, "inside the nonce": at["payload nonce"],
        "after the nonce": payload, "inside the first chunk": payload + 1000,
        "at the first chunk boundary": payload + CHUNK,
        "at the last chunk boundary": payload + (at["chunks"] - 1) * CHUNK,
        "inside the last chunk": at["last chunk"], "one byte short": len(data) - 1,
    }[cut]
    bad = tmp_path / "cut.willay"
    bad.write_bytes(data[:length])
    refused(coord, bad, r"truncated|cut short|empty|ends before")


# -- 3. not an age file --------------------------------------------------------------


def test_not_an_age_file(world: World, coord: Vault, tmp_path: Path) -> None:
    jpeg = tmp_path / "photo.willay"
    photo(jpeg)
    refused(coord, jpeg, r"not an age file")

    noise = tmp_path / "noise.willay"
    noise.write_bytes(random.Random(7).randbytes(100_000))
    refused(coord, noise, r"not an age file")

    plain_tar = tmp_path / "plain.willay"
    plain_tar.write_bytes(forge.decrypt(world.real, world.field))
    refused(coord, plain_tar, r"not an age file")

    armored = tmp_path / "armored.willay"
    coordinator_key = forge.identity(coord).x25519_public
    armored.write_bytes(forge.armor(age.encrypt_bytes(
        [coordinator_key], forge.decrypt(world.real, world.field))))
    refused(coord, armored, r"armored")


def test_a_passphrase_age_file_is_refused(coord: Vault, tmp_path: Path) -> None:
    stanza = age_header.Stanza("scrypt", (age_header.b64encode(bytes(16)).decode(), "10"),
                               bytes(32))
    header = age_header.format_header([stanza], bytes(32))
    bad = tmp_path / "scrypt.willay"
    bad.write_bytes(header + bytes(16) + bytes(100))
    refused(coord, bad, r"passphrase")


def test_a_folder_or_a_missing_file_is_refused(coord: Vault, tmp_path: Path) -> None:
    folder = tmp_path / "folder.willay"
    folder.mkdir()
    refused(coord, folder, r"folder")
    refused(coord, tmp_path / "missing.willay", r"does not exist")


# -- 4. encrypted to someone else ----------------------------------------------------


def test_a_bundle_for_someone_else_is_refused(world: World, coord: Vault) -> None:
    refused(coord, world.elsewhere, r"not locked for this vault's key")


# -- 5. signatures -------------------------------------------------------------------


def _swap_trusted_comment(signature: bytes) -> bytes:
    lines = signature.split(b"\n")
    lines[2] = lines[2].replace(b"sequence=", b"sequence=9")
    return b"\n".join(lines)


SIGNATURE_CASES: dict[str, tuple[Callable[[World], dict[str, Any]], str]] = {
    "missing": (lambda w: {"members": lambda ms: [m for m in ms
                                                  if m.name != bundle.SIGNATURE]},
                r"manifest\.json\.minisig"),
    "empty": (lambda w: {"signature": b""}, r"not a valid minisign signature"),
    "garbage": (lambda w: {"signature": b"untrusted comment: x\nnot base64!\n"},
                r"not a valid minisign signature"),
    "by the wrong key": (lambda w: {"sign_with": forge.identity(w.stranger).signing_key},
                         r"signed by another key"),
    "trusted comment altered": (lambda w: {"edit_signature": _swap_trusted_comment},
                                r"trusted comment"),
    "trusted comment of another bundle": (
        lambda w: {"trusted": f"{bundle.FORMAT} bundle_id={uuid.uuid4()} sequence=1"},
        r"trusted comment.*does not name this bundle"),
    "manifest changed after signing": (
        lambda w: {"after_signing": lambda b: b.replace(b'"sender_name":"Rosa"',
                                                        b'"sender_name":"Rosy"')},
        r"signature does not match"),
}


@pytest.mark.parametrize("case", list(SIGNATURE_CASES))
def test_a_bad_signature_is_refused(world: World, coord: Vault, tmp_path: Path,
                                    case: str) -> None:
    options, says = SIGNATURE_CASES[case]
    made = forged(world, tmp_path / "signed.willay", **options(world))
    refused(coord, made.path, says)


def test_an_unknown_signer_is_named_by_fingerprint(world: World, coord: Vault,
                                                   tmp_path: Path) -> None:
    made = forge.forge(tmp_path / "stranger.willay", world.stranger, [coord], world.payload)
    stranger = forge.identity(world.stranger).fingerprint
    error = refused(coord, made.path, r"unknown sender")
    assert stranger in str(error) and isinstance(error, sync_import.UnknownSenderError)


def test_a_bundle_claiming_to_come_from_this_vault_is_refused(
        world: World, coord: Vault, tmp_path: Path) -> None:
    me = forge.identity(coord)
    made = forged(world, tmp_path / "mine.willay",
                  manifest_overrides={"sender": me.fingerprint})
    error = refused(coord, made.path, r"written by this vault")
    assert isinstance(error, sync_import.OwnBundleError)


# -- 6. sizes and hashes -------------------------------------------------------------


def _change_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1:]


def _edit_member(name: str, change: Callable[[bytes], bytes]
                 ) -> Callable[[list[Member]], list[Member]]:
    def edit(members: list[Member]) -> list[Member]:
        return [replace(m, data=change(m.data)) if m.name == name else m for m in members]
    return edit


def _edit_entry(name: str, size_delta: int) -> Callable[[list[dict[str, Any]]],
                                                        list[dict[str, Any]]]:
    def edit(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for item in entries:
            if item["name"] == name:
                item["size"] += size_delta
        return entries
    return edit


@pytest.mark.parametrize("how", ["content changed", "manifest size larger",
                                 "manifest size smaller"])
@pytest.mark.parametrize("which", ["records.jsonl", "custody.jsonl", "media"])
def test_a_member_that_does_not_match_the_manifest_is_refused(
        world: World, coord: Vault, tmp_path: Path, which: str, how: str) -> None:
    name = which if which != "media" else forge.media_name(world.payload.media[0])
    if how == "content changed":
        options: dict[str, Any] = {"members": _edit_member(name, _change_byte)}
    else:
        options = {"entries": _edit_entry(name, 1 if how == "manifest size larger" else -1)}
    made = forged(world, tmp_path / "mismatch.willay", **options)
    error = refused(coord, made.path, r"does not match|larger than|size|SHA-256")
    assert name in str(error), f"the message does not name the member: {error}"


# -- 7. members ----------------------------------------------------------------------


def _drop(name: str) -> Callable[[list[Member]], list[Member]]:
    return lambda ms: [m for m in ms if m.name != name]


def _insert(index: int, member: Member) -> Callable[[list[Member]], list[Member]]:
    return lambda ms: [*ms[:index], member, *ms[index:]]


def _swap(i: int, j: int) -> Callable[[list[Member]], list[Member]]:
    def edit(ms: list[Member]) -> list[Member]:
        out = list(ms)
        out[i], out[j] = out[j], out[i]
        return out
    return edit


def _replace_at(index: int, change: Callable[[Member], Member]
                ) -> Callable[[list[Member]], list[Member]]:
    return lambda ms: [change(m) if i == index else m for i, m in enumerate(ms)]


def _raw_member(name: str, data: bytes, raw: bytes) -> Member:
    return Member(name, data, raw=raw)


def _header_block(name: str, size: int) -> bytes:
    return forge.header(Member(name, size=size))[:forge.BLOCK]


def _pax(records: list[bytes], name: str, data: bytes) -> Member:
    """A member preceded by a PAX extended header carrying ``records`` verbatim."""
    raw = forge.pax_block(records) + _header_block(name, len(data))
    return Member(name, data, raw=raw)


MEDIA = 4  # index of the first media member in the tar

MEMBER_CASES: dict[str, tuple[Callable[[World], Callable[[list[Member]], list[Member]]],
                              str]] = {
    "manifest missing": (lambda w: _drop(bundle.MANIFEST), r"manifest\.json"),
    "records.jsonl missing": (lambda w: _drop(bundle.RECORDS), r"records\.jsonl"),
    "custody.jsonl missing": (lambda w: _drop(bundle.CUSTODY), r"custody\.jsonl"),
    "media member missing": (lambda w: _drop(forge.media_name(w.payload.media[0])),
                             r"media/[0-9a-f]{64} is missing"),
    "extra member at the end": (lambda w: lambda ms: [*ms, Member("notes.txt", b"hola")],
                                r"does not list"),
    "extra member before custody": (lambda w: _insert(3, Member("notes.txt", b"hola")),
                                    r"expected the file custody\.jsonl but found 'notes\.txt'"),
    "extra original not in the manifest": (
        lambda w: lambda ms: [*ms, Member(forge.media_name(b"otra foto"), b"otra foto")],
        r"does not list"),
    "manifest duplicated": (lambda w: lambda ms: [ms[0], *ms],
                            r"expected the file manifest\.json\.minisig"),
    "records.jsonl duplicated": (lambda w: lambda ms: [*ms[:3], ms[2], *ms[3:]],
                                 r"expected the file custody\.jsonl but found 'records\.jsonl'"),
    "media member duplicated": (lambda w: lambda ms: [*ms, ms[MEDIA]], r"does not list"),
    "manifest and signature swapped": (lambda w: _swap(0, 1),
                                       r"expected the file manifest\.json but found"),
    "records and custody swapped": (lambda w: _swap(2, 3),
                                    r"expected the file records\.jsonl but found"),
    "media before records": (lambda w: lambda ms: [*ms[:2], ms[MEDIA], *ms[2:MEDIA]],
                             r"expected the file records\.jsonl but found 'media/"),
    "a symbolic link": (lambda w: _replace_at(MEDIA, lambda m: Member(
        m.name, type=tarfile.SYMTYPE, linkname="/etc/passwd")), r"symbolic link"),
    "a hard link": (lambda w: _replace_at(MEDIA, lambda m: Member(
        m.name, type=tarfile.LNKTYPE, linkname=bundle.RECORDS)), r"hard link"),
    "a symbolic link first": (lambda w: _replace_at(0, lambda m: Member(
        m.name, type=tarfile.SYMTYPE, linkname="/etc/passwd")), r"symbolic link"),
    "a directory": (lambda w: _insert(MEDIA, Member("media", type=tarfile.DIRTYPE)),
                    r"which is a folder"),
    "a device": (lambda w: _insert(MEDIA, Member("media/tty", type=tarfile.CHRTYPE)),
                 r"not a plain file"),
    "a fifo": (lambda w: _insert(2, Member("records.jsonl", type=tarfile.FIFOTYPE)),
               r"not a plain file"),
    "an absolute path": (lambda w: _insert(MEDIA, Member("/tmp/willay-evil", b"x")),
                         r"not a plain relative path"),
    "an absolute records path": (lambda w: _replace_at(2, lambda m: replace(
        m, name="/records.jsonl")), r"not a plain relative path"),
    "a .. path": (lambda w: _insert(MEDIA, Member("../../willay-evil", b"x")),
                  r"not a plain relative path"),
    "a .. inside the media folder": (lambda w: _insert(MEDIA, Member(
        "media/../../willay-evil", b"x")), r"not a plain relative path"),
    "a PAX path with ..": (lambda w: _replace_at(MEDIA, lambda m: _pax(
        [forge.pax_record("path", "../willay-evil")], m.name, m.data)),
        r"not a plain relative path"),
    "a PAX header with other fields": (lambda w: _replace_at(MEDIA, lambda m: _pax(
        [forge.pax_record("uname", "root")], m.name, m.data)), r"unexpected fields"),
    "a GNU long name": (lambda w: _insert(0, Member("././@LongLink", b"manifest.json\0",
                                                    type=tarfile.GNUTYPE_LONGNAME)),
                        r"not a plain file"),
    "a damaged header checksum": (lambda w: _replace_at(2, lambda m: _raw_member(
        m.name, m.data, _header_block(m.name, len(m.data))[:148] + b"0000000\0"
        + _header_block(m.name, len(m.data))[156:])), r"description of a file cannot be read"),
    "a media header claiming more than the manifest": (lambda w: _replace_at(
        MEDIA, lambda m: Member(m.name, m.data, size=len(m.data) + 10 * 1024 * 1024)),
        r"does not match the bundle's list of contents"),
    "a manifest header claiming more than the archive holds": (lambda w: _replace_at(
        0, lambda m: Member(m.name, m.data, size=1024 * 1024)), r"cut short"),
}


@pytest.mark.parametrize("case", list(MEMBER_CASES))
def test_a_bad_member_is_refused(world: World, coord: Vault, tmp_path: Path,
                                 case: str) -> None:
    edit, says = MEMBER_CASES[case]
    made = forged(world, tmp_path / "members.willay", members=edit(world))
    refused(coord, made.path, says)


def test_a_member_name_that_is_not_utf8_is_refused(world: World, coord: Vault,
                                                   tmp_path: Path) -> None:
    """Anyone holding the coordinator's card can encrypt a tar to it: the first member
    header is read before any signature is checked."""
    block = forge.patch_header(_header_block("manifest.json", 10), 0, b"manifest\xff.json")
    made = forged(world, tmp_path / "latin1.willay", members=_replace_at(
        0, lambda m: _raw_member(m.name, m.data, block)))
    refused(coord, made.path, r"file name")


PAX_RECORDS = {
    "a record of length zero": b"0 path=manifest.json\n",
    "a record of negative length": b"-7 x=y\n",
    "a record longer than the header": b"99 path=manifest.json\n",
    "a record without a length": b"path=manifest.json\n",
    "a size that is not a number": forge.pax_record("size", "\u00b2"),  # isdigit(), not int()
    "a negative size": forge.pax_record("size", "-1"),
}


@pytest.mark.parametrize("case", list(PAX_RECORDS))
def test_a_damaged_pax_header_is_refused(world: World, coord: Vault, tmp_path: Path,
                                         case: str) -> None:
    """The first member's header is read before any signature: anyone holding the
    coordinator's card can make one."""
    made = forged(world, tmp_path / "pax.willay", members=_replace_at(
        0, lambda m: _pax([PAX_RECORDS[case]], m.name, m.data)))
    refused(coord, made.path, r"extended description")


@pytest.mark.parametrize("header", ["member", "PAX"])
def test_a_negative_member_size_is_refused(world: World, coord: Vault, tmp_path: Path,
                                           header: str) -> None:
    def negative(block: bytes) -> bytes:
        return forge.patch_header(block[:forge.BLOCK], 124, b"\xff" * 11 + b"\xf0")  # -16

    def edit(m: Member) -> Member:
        regular = _header_block(m.name, len(m.data))
        if header == "member":
            return _raw_member(m.name, m.data, negative(regular))
        return _raw_member(m.name, m.data, negative(forge.pax_block(
            [forge.pax_record("path", m.name)])) + regular)

    made = forged(world, tmp_path / "negative.willay", members=_replace_at(0, edit))
    refused(coord, made.path, r"negative size")


# -- 8. this vault is not among the recipients -----------------------------------------


@pytest.mark.parametrize("listed", ["only the sender", "only a stranger"])
def test_a_vault_left_off_the_recipients_is_refused(world: World, coord: Vault,
                                                    tmp_path: Path, listed: str) -> None:
    who = world.field if listed == "only the sender" else world.stranger
    made = forged(world, tmp_path / "recipients.willay",
                  manifest_overrides={"recipients": [forge.identity(who).fingerprint]})
    error = refused(coord, made.path, r"not among the bundle's recipients")
    assert isinstance(error, sync_import.NotARecipientError)


# -- 9. JSON -------------------------------------------------------------------------


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


JSON_CASES: dict[str, tuple[bytes | Callable[[dict[str, Any]], bytes], str]] = {
    "malformed": (b'{"format":"willay-bundle/1",', r"list of contents: the data is damaged"),
    "not UTF-8": (b'{"format":"willay-bundle/1\xff"}',
                  r"list of contents: the text is not in UTF-8"),
    "nested 10,000 deep": (_nested(10_000), r"list of contents: the data is nested more than"),
    "with a field nested 10,000 deep": (
        lambda doc: canonical_json(doc)[:-1] + b',"z":' + _nested(10_000) + b"}",
        r"list of contents: the data is nested more than"),
    "with a duplicate key": (lambda doc: b'{"bundle_id":"' + str(uuid.uuid4()).encode()
                             + b'",' + canonical_json(doc)[1:], r"duplicate key 'bundle_id'"),
    "not canonical": (lambda doc: json.dumps(doc, indent=1).encode(), r"canonical form"),
    "a list": (b"[]", r"not a JSON object"),
    "without a format": (lambda doc: canonical_json({k: v for k, v in doc.items()
                                                     if k != "format"}),
                         r"not a Willay bundle"),
    "without a sequence": (lambda doc: canonical_json({k: v for k, v in doc.items()
                                                       if k != "sequence"}),
                           r"'sequence' is missing or malformed"),
}


@pytest.mark.parametrize("case", list(JSON_CASES))
def test_a_bad_manifest_is_refused(world: World, coord: Vault, tmp_path: Path,
                                   case: str) -> None:
    manifest, says = JSON_CASES[case]
    made = forged(world, tmp_path / "json.willay", manifest_bytes=manifest)
    refused(coord, made.path, says)


LINE_CASES: dict[str, tuple[Callable[[bytes], bytes], str, str]] = {
    "malformed": (lambda line: line[:-3], "records", r"records\.jsonl line 1: the data is damaged"),
    "nested 10,000 deep": (lambda line: _nested(10_000), "records",
                           r"records\.jsonl line 1: the data is nested more than"),
    "with a duplicate key": (lambda line: b'{"signature":"x",' + line[1:], "records",
                             r"records\.jsonl line 1: .*duplicate key 'signature'"),
    "not UTF-8": (lambda line: line[:-2] + b'\xff"}', "records",
                  r"records\.jsonl line 1: the text is not in UTF-8"),
    "custody malformed": (lambda line: line[:-3], "custody",
                          r"custody\.jsonl line 1: the data is damaged"),
    "custody nested 10,000 deep": (lambda line: _nested(10_000), "custody",
                                   r"custody\.jsonl line 1: the data is nested more than"),
    "custody with a duplicate key": (lambda line: b'{"hash":"x",' + line[1:], "custody",
                                     r"custody\.jsonl line 1: .*duplicate key 'hash'"),
}


@pytest.mark.parametrize("case", list(LINE_CASES))
def test_a_bad_line_is_refused(world: World, coord: Vault, tmp_path: Path, case: str) -> None:
    change, member, says = LINE_CASES[case]
    source = world.payload.records if member == "records" else world.payload.custody
    first, rest = source.split(b"\n", 1)
    changed = change(first) + b"\n" + rest
    payload = (replace(world.payload, records=changed) if member == "records"
               else replace(world.payload, custody=changed))
    made = forged(world, tmp_path / "lines.willay", payload)
    refused(coord, made.path, says)


@pytest.mark.parametrize("member", ["records", "custody"])
def test_a_line_longer_than_any_record_is_refused(world: World, coord: Vault, tmp_path: Path,
                                                  member: str) -> None:
    long = b'{"body":"' + b"a" * (bundle.MAX_LINE + 10) + b'"}'
    source = world.payload.records if member == "records" else world.payload.custody
    changed = source + long + b"\n"
    payload = (replace(world.payload, records=changed) if member == "records"
               else replace(world.payload, custody=changed))
    made = forged(world, tmp_path / "long.willay", payload)
    lines = source.count(b"\n")
    refused(coord, made.path, rf"{member}\.jsonl line {lines + 1} is longer than 16 MB")


def test_a_line_without_its_end_is_refused(world: World, coord: Vault, tmp_path: Path
                                           ) -> None:
    payload = replace(world.payload, records=world.payload.records.rstrip(b"\n"))
    made = forged(world, tmp_path / "no-end.willay", payload)
    refused(coord, made.path, r"records\.jsonl does not end with a newline")


@pytest.mark.parametrize("member", ["records", "custody"])
def test_more_lines_than_a_bundle_may_carry_are_refused(
        world: World, coord: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        member: str) -> None:
    source = world.payload.records if member == "records" else world.payload.custody
    most = source.count(b"\n") - 1
    monkeypatch.setattr(bundle, "MAX_REVISIONS" if member == "records" else "MAX_EVENTS",
                        most)
    made = forged(world, tmp_path / "many.willay")
    refused(coord, made.path, rf"{member}\.jsonl holds more than {most:,} lines")


# -- 10. a decompression bomb --------------------------------------------------------


def png(width: int, height: int) -> bytes:
    """A small PNG whose header declares ``width`` × ``height`` pixels."""
    buffer = io.BytesIO()
    Image.new("1", (8, 8)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def with_image(world: World, image: bytes, name: str) -> Payload:
    """The real payload plus a media record (image/png) and its original, properly hashed."""
    key = forge.identity(world.field).signing_key
    author = key_id(key.public_key().public_bytes_raw())
    width, height = struct.unpack(">II", image[16:24])
    fields = normalize("media", {
        "sha256": hashlib.sha256(image).hexdigest(), "size": len(image), "mime": "image/png",
        "media_kind": "image", "original_name": name, "intake_time": now_stamp(),
        "attached_to": world.ids["incident"], "notes": "",
        "metadata": {"format": "PNG", "type_label": "PNG image", "width": width,
                     "height": height}})
    _rev_id, body = revisions.build(str(uuid.uuid4()), "media", fields, [], author)
    return replace(world.payload, records=world.payload.records + forge.signed_line(body, key),
                   media=[*world.payload.media, image])


def test_a_small_png_imports(world: World, fresh: Vault, tmp_path: Path) -> None:
    made = forged(world, tmp_path / "png.willay", with_image(world, png(8, 8), "mapa.png"))
    result = sync_import.import_bundle(fresh, made.path)
    assert result.new_media == 2 and result.new_revisions == 5
    assert verify_vault(fresh).ok


@pytest.mark.parametrize("size", [(30_000, 30_000), (11_000, 10_000)])
def test_a_decompression_bomb_is_refused(world: World, coord: Vault, tmp_path: Path,
                                         size: tuple[int, int]) -> None:
    made = forged(world, tmp_path / "bomb.willay", with_image(world, png(*size), "mapa.png"))
    bomb = forge.media_name(made.members[-1].data)
    error = refused(coord, made.path, r"decompression bomb")
    assert bomb in str(error)


def test_an_image_that_does_not_decode_is_refused(world: World, coord: Vault,
                                                  tmp_path: Path) -> None:
    image = bytearray(png(8, 8))
    image[30] ^= 0xFF  # the IHDR checksum no longer matches
    made = forged(world, tmp_path / "corrupt.willay", with_image(world, bytes(image), "x.png"))
    error = refused(coord, made.path, r"corrupt")
    assert forge.media_name(bytes(image)) in str(error)


# -- 11. a newer format --------------------------------------------------------------


def test_a_newer_format_asks_for_an_update(world: World, coord: Vault,
                                           tmp_path: Path) -> None:
    made = forged(world, tmp_path / "v3.willay",
                  manifest_overrides={"format": "willay-bundle/3"})
    error = refused(coord, made.path, r"update Willay")
    assert isinstance(error, NewerFormatError) and "willay-bundle/3" in str(error)


def test_a_bundle_of_the_format_before_author_signatures_is_refused(
        world: World, coord: Vault, tmp_path: Path) -> None:
    made = forged(world, tmp_path / "v1.willay",
                  manifest_overrides={"format": "willay-bundle/1"})
    error = refused(coord, made.path, r"earlier version of Willay.*authors' signatures")
    assert isinstance(error, bundle.UnsignedFormatError)


# -- beyond the list: signed by the partner, but not what Willay writes --------------


def _custody_line(world: World, body: Any) -> bytes:
    data = canonical_json(body)
    signature = forge.identity(world.field).signing_key.sign(data)
    return canonical_json({"body": body, "hash": sha256_hex(data),
                           "signature": signature.hex()}) + b"\n"


def _revision_without(key: str) -> Callable[[World], Payload]:
    def make(world: World) -> Payload:
        doc = forge.load_json(world.payload.records.split(b"\n", 1)[0])
        del doc["body"][key]
        return replace(world.payload, records=canonical_json(doc) + b"\n", media=[])
    return make


def _revision_with(key: str, value: Any) -> Callable[[World], Payload]:
    def make(world: World) -> Payload:
        doc = forge.load_json(world.payload.records.split(b"\n", 1)[0])
        doc["body"][key] = value
        return replace(world.payload, records=canonical_json(doc) + b"\n", media=[])
    return make


PARTNER_CASES: dict[str, tuple[Callable[[World], Payload], dict[str, Any], str]] = {
    "a sequence too large to store": (lambda w: w.payload, {"manifest_overrides": {
        "sequence": 2**70}}, r"sequence"),
    "a revision without an author": (_revision_without("author"), {}, r"records\.jsonl"),
    "a revision without a time": (_revision_without("time"), {}, r"records\.jsonl"),
    "a revision whose parents are not ids": (_revision_with("parents", [1, None]), {},
                                             r"records\.jsonl"),
    "a custody event whose body is a list": (lambda w: replace(
        w.payload, custody=_custody_line(w, ["not", "an", "event"])), {},
        r"custody\.jsonl"),
    "a custody event with a sequence too large": (lambda w: replace(
        w.payload, custody=_custody_line(w, {"seq": 2**70, "action": "created"})), {},
        r"custody\.jsonl"),
    "an original no record refers to": (lambda w: replace(
        w.payload, media=[*w.payload.media, b"\x89PNG\r\n\x1a\nnadie"]), {},
        r"belongs to no media record"),
    "a receipt carrying an original": (lambda w: w.payload, {"manifest_overrides": {
        "kind": "receipt", "receipt_for": str(uuid.uuid4())}}, r"receipt"),
}


@pytest.mark.parametrize("case", list(PARTNER_CASES))
def test_partner_content_willay_does_not_write_is_refused(
        world: World, coord: Vault, tmp_path: Path, case: str) -> None:
    make, options, says = PARTNER_CASES[case]
    made = forged(world, tmp_path / "partner.willay", make(world), **options)
    refused(coord, made.path, says)
