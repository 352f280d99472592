"""Whatever the bytes, the readers of outside input answer with a WillayError, nothing else.

The tar reader, the bundle manifest, the keyring and the card are all read before
anything is authenticated, by anyone who holds a card or a copy of a vault. Each is fed
the cases that once crashed, then bytes drawn by hypothesis around a valid example.
"""

from __future__ import annotations

import contextlib
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from willay.core.errors import WillayError
from willay.core.formats import tarstream
from willay.core.formats.card import Card, parse_card
from willay.core.keys import keyring
from willay.core.keys.recovery import new_recovery_code
from willay.core.sharing import bundle

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def _tar(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _read_tar(data: bytes) -> None:
    reader = tarstream.StrictReader(io.BytesIO(data), "prueba.willay")
    while (member := reader.next_member()) is not None:
        reader.read(member.size)


def _only_willay_errors(action: Any, *args: Any) -> None:
    with contextlib.suppress(WillayError):
        action(*args)


def _pax_header(records: bytes) -> bytes:
    info = tarfile.TarInfo("././@PaxHeader")
    info.type = tarfile.XHDTYPE
    info.size = len(records)
    head = info.tobuf(tarfile.USTAR_FORMAT, "utf-8", "strict")
    return head + records + b"\0" * (-len(records) % 512)


@pytest.mark.parametrize("records", [
    b"9" * 5000 + b" size=1\n",  # a record length of 5,000 digits
    b"20 size=" + b"9" * 5000 + b"\n",  # a member size of 5,000 digits
])
def test_huge_numbers_in_an_extended_header_are_refused(records: bytes) -> None:
    data = _pax_header(records) + _tar([("manifest.json", b"{}")])
    with pytest.raises(WillayError, match=r"prueba\.willay"):
        _read_tar(data)


@FAST
@given(st.data())
def test_a_tar_stream_bent_anywhere_is_refused_or_read(data: st.DataObject) -> None:
    valid = bytearray(_tar([("manifest.json", b'{"a":1}'), ("records.jsonl", b"x\n")]))
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(valid) - 1))
        valid[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(valid)))
    _only_willay_errors(_read_tar, bytes(valid[:cut]))


MANIFEST = {"format": bundle.FORMAT, "kind": "data",
            "bundle_id": "0b7f2d3c-6a1e-4c55-9d0b-1f2e3d4c5b6a", "sender": "x",
            "sender_name": "Rosa", "recipients": ["y"], "created": "2023-01-09T00:00:00Z",
            "sequence": 1, "profile": "full", "revision_range": {},
            "members": [{"name": "records.jsonl", "size": 0, "sha256": "0" * 64},
                        {"name": "custody.jsonl", "size": 0, "sha256": "0" * 64}]}

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)


@pytest.mark.parametrize("raw", [
    b'{"format":"willay-bundle/2","sender_name":"\\ud800"}',  # a lone surrogate
    b'{"format":"willay-bundle/2","kind":"data","sender_name":"\\udfff\\ud800"}',
    b"[" * 100_000 + b"]" * 100_000,
])
def test_manifests_that_once_crashed_are_refused(raw: bytes) -> None:
    with pytest.raises(WillayError):
        bundle.parse_manifest(raw, "prueba.willay")


@FAST
@given(st.sampled_from(sorted(MANIFEST)), JSON)
def test_a_manifest_with_any_field_changed_is_refused_or_read(key: str, value: Any) -> None:
    doc = {**MANIFEST, key: value}
    raw = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    _only_willay_errors(bundle.parse_manifest, raw.encode("utf-8", "surrogatepass"),
                        "prueba.willay")


@pytest.fixture(scope="module")
def keyring_doc() -> dict[str, Any]:
    from willay.core.keys import kdf

    params = kdf.KdfParams(kdf.MIN_MEMORY_KIB, kdf.ITERATIONS, kdf.LANES, b"\0" * 16)
    ring = keyring.new_keyring("una frase larga y secreta", new_recovery_code(),
                               b"\1" * 32, params)
    doc = json.loads(keyring.to_json(ring))
    assert isinstance(doc, dict)
    return doc


def _open_keyring(raw: bytes) -> None:
    ring = keyring.parse(raw, Path("keyring.json"))
    keyring.unwrap_with_recovery_code(ring, new_recovery_code())


@pytest.mark.parametrize("bend", ["short nonce", "long nonce", "deep", "surrogate"])
def test_keyrings_that_once_crashed_are_refused(keyring_doc: dict[str, Any],
                                                bend: str) -> None:
    doc = json.loads(json.dumps(keyring_doc))
    if bend == "short nonce":
        doc["recovery"]["nonce"] = "AAAA"
        raw = json.dumps(doc).encode()
    elif bend == "long nonce":
        doc["recovery"]["nonce"] = "A" * 40
        raw = json.dumps(doc).encode()
    elif bend == "deep":
        raw = b"[" * 30_000 + b"]" * 30_000
    else:
        raw = json.dumps(doc).replace('"vault_id": "', '"vault_id": "\\ud800').encode()
    with pytest.raises(WillayError, match="keyring"):
        _open_keyring(raw)


@FAST
@given(st.sampled_from(["format", "version", "vault_id", "created", "kdf", "passphrase",
                        "recovery"]), JSON)
def test_a_keyring_with_any_field_changed_is_refused_or_read(
        keyring_doc: dict[str, Any], key: str, value: Any) -> None:
    doc = {**keyring_doc, key: value}
    _only_willay_errors(_open_keyring, json.dumps(doc).encode("utf-8", "surrogatepass"))


@FAST
@given(st.sampled_from(["nonce", "wrapped_key", "salt"]), JSON)
def test_a_recovery_slot_with_any_field_changed_is_refused_or_read(
        keyring_doc: dict[str, Any], key: str, value: Any) -> None:
    doc = json.loads(json.dumps(keyring_doc))
    doc["recovery"][key] = value
    _only_willay_errors(_open_keyring, json.dumps(doc).encode("utf-8", "surrogatepass"))


def _card_named(name_json: str) -> bytes:
    card = Card("Rosa", "Red Sur", b"\2" * 32, b"\3" * 32, "2023-01-09T00:00:00Z")
    return card.to_bytes().replace(b'"Rosa"', name_json.encode())


@pytest.mark.parametrize("raw", [b"[" * 10_000 + b"]" * 10_000, _card_named('"\\ud800"'),
                                 _card_named('"Rosa \\udfff"')])
def test_cards_that_once_crashed_are_refused(raw: bytes) -> None:
    with pytest.raises(WillayError, match="card"):
        parse_card(raw, "tarjeta.json")


@FAST
@given(st.binary(max_size=300) | JSON.map(lambda v: json.dumps(v).encode()))
def test_any_card_bytes_are_refused_or_read(raw: bytes) -> None:
    _only_willay_errors(parse_card, raw, "tarjeta.json")
