"""Identity cards: what partners exchange in person, and what Willay refuses."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest

from willay.core.errors import NewerFormatError, WillayError
from willay.core.formats import bech32
from willay.core.formats.card import CardError, parse_card, read_card
from willay.core.keys.kdf import KdfParams
from willay.core.vault.identity import author_key_id, own_card
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines


def _card_doc(vault: Vault) -> dict[str, str]:
    with vault.session() as session:
        doc: dict[str, str] = json.loads(own_card(session).to_bytes())
    return doc


def test_own_card_carries_the_vault_keys_in_stock_formats(vault: Vault) -> None:
    doc = _card_doc(vault)
    assert doc["format"] == "willay-card/1"
    assert doc["name"] == "Rosa Huamán" and doc["organization"] == "Red Sur"
    hrp, x25519 = bech32.decode(doc["age_recipient"])
    assert hrp == "age" and len(x25519) == 32
    raw = base64.b64decode(doc["minisign_public_key"])
    assert doc["minisign_public_key"].startswith("RW") and raw[:2] == b"Ed" and len(raw) == 42
    groups = doc["fingerprint"].split(" ")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    with vault.session() as session:
        assert author_key_id(session) == hashlib.sha256(raw[10:]).hexdigest()[:32]


def test_card_round_trips_through_a_file(vault: Vault, tmp_path: Path) -> None:
    with vault.session() as session:
        card = own_card(session)
    path = tmp_path / "rosa.card.json"
    path.write_bytes(card.to_bytes())
    assert read_card(path) == card
    # A fingerprint typed in lower case without spaces still matches.
    doc = json.loads(card.to_bytes())
    doc["fingerprint"] = doc["fingerprint"].replace(" ", "").lower()
    assert parse_card(json.dumps(doc).encode(), "typed").fingerprint == card.fingerprint


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"fingerprint": "0000 0000 0000 0000 0000 0000 0000 0000"}, "does not match its keys"),
        ({"age_recipient": "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq"},
         "does not match its keys|not valid"),
        ({"minisign_public_key": "RWQAAAAA"}, "minisign"),
        ({"age_recipient": "not-a-recipient"}, "not valid"),
        ({"name": 7}, "'name' is missing or not text"),
        ({"format": "something/1"}, "not a Willay card"),
    ],
)
def test_bad_cards_are_refused(vault: Vault, change: dict[str, object], message: str) -> None:
    doc = {**_card_doc(vault), **change}
    with pytest.raises(CardError, match=message):
        parse_card(json.dumps(doc).encode(), "card.json")


def test_swapping_a_key_without_the_fingerprint_is_caught(vault: Vault, tmp_path: Path,
                                                          fast_kdf: KdfParams) -> None:
    other, _ = Vault.create(tmp_path / "other", "otra frase bien larga", "Eve",
                            kdf_params=fast_kdf)
    with other.session() as session:
        stranger = json.loads(own_card(session).to_bytes())
    other.lock()
    doc = {**_card_doc(vault), "age_recipient": stranger["age_recipient"]}
    with pytest.raises(CardError, match="altered"):
        parse_card(json.dumps(doc).encode(), "card.json")


def test_newer_card_format_and_non_json(vault: Vault, tmp_path: Path) -> None:
    doc = {**_card_doc(vault), "format": "willay-card/2"}
    with pytest.raises(NewerFormatError, match="Update Willay"):
        parse_card(json.dumps(doc).encode(), "card.json")
    with pytest.raises(CardError, match="not a Willay card: its text is damaged"):
        parse_card(b"\x89PNG\r\n", "photo.png")
    with pytest.raises(WillayError, match="does not exist"):
        read_card(tmp_path / "missing.json")
