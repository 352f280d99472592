"""minisign signatures: round trips and every way a signature must be refused."""

from __future__ import annotations

import base64
import hashlib
import io

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from willay.core.errors import ValidationError, VerificationError
from willay.core.formats import minisign

DATA = b'{"format":"willay-bundle/1","sequence":7}'
COMMENT = "willay bundle 5d0c2a1e sequence 7"


@pytest.fixture
def key() -> ed25519.Ed25519PrivateKey:
    """A fresh signing key."""
    return ed25519.Ed25519PrivateKey.generate()


def public_line(key: ed25519.Ed25519PrivateKey) -> str:
    """The minisign key line of ``key``."""
    return minisign.public_key_line(key.public_key().public_bytes_raw())


def replace_line(text: str, index: int, new: str) -> str:
    """``text`` with its line ``index`` replaced."""
    lines = text.split("\n")
    lines[index] = new
    return "\n".join(lines)


def test_round_trip(key: ed25519.Ed25519PrivateKey) -> None:
    signature = minisign.sign(key, DATA, COMMENT)
    assert minisign.verify(public_line(key), DATA, signature, "manifest.json.minisig") == COMMENT
    lines = signature.split("\n")
    assert lines[0] == "untrusted comment: signature from willay"
    assert lines[2] == f"trusted comment: {COMMENT}"
    assert lines[4:] == [""]
    raw = base64.b64decode(lines[1])
    assert raw[:2] == b"ED"
    assert raw[2:10] == minisign.derive_key_id(key.public_key().public_bytes_raw())


def test_prehash_is_blake2b_512(key: ed25519.Ed25519PrivateKey) -> None:
    raw = base64.b64decode(minisign.sign(key, DATA, COMMENT).split("\n")[1])
    key.public_key().verify(raw[10:], hashlib.blake2b(DATA).digest())


def test_stream_and_bytes_sign_alike(key: ed25519.Ed25519PrivateKey) -> None:
    data = bytes(range(256)) * 1000
    from_stream = minisign.sign(key, io.BytesIO(data), COMMENT)
    assert from_stream == minisign.sign(key, data, COMMENT)  # Ed25519 is deterministic
    assert minisign.verify(public_line(key), io.BytesIO(data), from_stream, "s") == COMMENT


def test_whole_pub_file_accepted(key: ed25519.Ed25519PrivateKey) -> None:
    public = key.public_key().public_bytes_raw()
    pub = minisign.public_key_file(public)
    key_id = minisign.derive_key_id(public)
    assert pub == (
        f"untrusted comment: minisign public key {int.from_bytes(key_id, 'little'):X}\n"
        f"{minisign.public_key_line(public)}\n"
    )
    assert minisign.verify(pub, DATA, minisign.sign(key, DATA, COMMENT), "s") == COMMENT


def test_format_key_id() -> None:
    assert minisign.format_key_id(bytes.fromhex("3a4bfc63d275633c")) == "3C6375D263FC4B3A"
    assert minisign.format_key_id(bytes(7) + b"\x01") == "100000000000000"
    assert minisign.format_key_id(b"\x01" + bytes(7)) == "1"  # no leading zeros, as minisign


def test_legacy_algorithm_accepted(key: ed25519.Ed25519PrivateKey) -> None:
    key_id = minisign.derive_key_id(key.public_key().public_bytes_raw())
    signature = key.sign(DATA)
    global_signature = key.sign(signature + b"old style")
    text = (
        "untrusted comment: legacy\n"
        + base64.b64encode(b"Ed" + key_id + signature).decode()
        + "\ntrusted comment: old style\n"
        + base64.b64encode(global_signature).decode()
        + "\n"
    )
    assert minisign.verify(public_line(key), DATA, text, "legacy.minisig") == "old style"
    with pytest.raises(VerificationError, match="does not match the signed data"):
        minisign.verify(public_line(key), DATA + b" ", text, "legacy.minisig")


def test_tampered_data(key: ed25519.Ed25519PrivateKey) -> None:
    signature = minisign.sign(key, DATA, COMMENT)
    with pytest.raises(VerificationError, match=r"m\.minisig: the signature does not match") as e:
        minisign.verify(public_line(key), DATA.replace(b"7", b"8"), signature, "m.minisig")
    assert e.value.exit_code == 3


def test_tampered_trusted_comment(key: ed25519.Ed25519PrivateKey) -> None:
    signature = minisign.sign(key, DATA, COMMENT)
    altered = replace_line(signature, 2, "trusted comment: willay bundle 5d0c2a1e sequence 9")
    with pytest.raises(VerificationError, match="trusted comment"):
        minisign.verify(public_line(key), DATA, altered, "m.minisig")


def test_untrusted_comment_is_not_signed(key: ed25519.Ed25519PrivateKey) -> None:
    signature = replace_line(minisign.sign(key, DATA, COMMENT), 0, "untrusted comment: other")
    assert minisign.verify(public_line(key), DATA, signature, "m") == COMMENT


def test_wrong_key(key: ed25519.Ed25519PrivateKey) -> None:
    other = ed25519.Ed25519PrivateKey.generate()
    signature = minisign.sign(other, DATA, COMMENT)
    other_id = minisign.derive_key_id(other.public_key().public_bytes_raw())
    with pytest.raises(VerificationError, match="signed by another key") as caught:
        minisign.verify(public_line(key), DATA, signature, "m.minisig")
    assert minisign.format_key_id(other_id) in str(caught.value)
    assert "m.minisig" in str(caught.value)


def test_same_key_id_other_key(key: ed25519.Ed25519PrivateKey) -> None:
    # A forged key id does not help: the Ed25519 signature still has to verify.
    other = ed25519.Ed25519PrivateKey.generate()
    key_id = minisign.derive_key_id(key.public_key().public_bytes_raw())
    signature = minisign.sign(other, DATA, COMMENT, key_id=key_id)
    with pytest.raises(VerificationError, match="does not match"):
        minisign.verify(public_line(key), DATA, signature, "m")


def test_unknown_algorithm(key: ed25519.Ed25519PrivateKey) -> None:
    lines = minisign.sign(key, DATA, COMMENT).split("\n")
    raw = base64.b64decode(lines[1])
    lines[1] = base64.b64encode(b"XX" + raw[2:]).decode()
    with pytest.raises(VerificationError, match="unknown signature algorithm"):
        minisign.verify(public_line(key), DATA, "\n".join(lines), "m")


def test_crlf_line_ends_accepted(key: ed25519.Ed25519PrivateKey) -> None:
    signature = minisign.sign(key, DATA, COMMENT).replace("\n", "\r\n")
    assert minisign.verify(public_line(key), DATA, signature, "m") == COMMENT


def mangled(signature: str) -> list[str]:
    """Malformed variants of a good signature file."""
    lines = signature.split("\n")
    return [
        "",
        "garbage",
        "\n".join(lines[:3]),
        signature + "extra line\n",
        replace_line(signature, 0, "comment: x"),
        replace_line(signature, 2, "trusted: x"),
        replace_line(signature, 1, lines[1][:-4]),
        replace_line(signature, 1, lines[1] + "AAAA"),
        replace_line(signature, 1, "!" + lines[1][1:]),
        replace_line(signature, 3, lines[3][:-4]),
        replace_line(signature, 3, lines[3].rstrip("=")),
        replace_line(signature, 2, "trusted comment: " + "x" * 20_000),
        replace_line(signature, 2, "trusted comment: \udfff"),
    ]


def test_malformed_signature_files(key: ed25519.Ed25519PrivateKey) -> None:
    for text in mangled(minisign.sign(key, DATA, COMMENT)):
        with pytest.raises(VerificationError, match=r"bad\.minisig"):
            minisign.verify(public_line(key), DATA, text, "bad.minisig")


def test_malformed_public_key(key: ed25519.Ed25519PrivateKey) -> None:
    signature = minisign.sign(key, DATA, COMMENT)
    for bad in ("", "RWQnot-base64", "a\nb\nc", base64.b64encode(b"Ed" + bytes(30)).decode()):
        with pytest.raises(ValidationError):
            minisign.verify(bad, DATA, signature, "m")


def test_comment_rules(key: ed25519.Ed25519PrivateKey) -> None:
    with pytest.raises(ValidationError, match="single line"):
        minisign.sign(key, DATA, "two\nlines")
    with pytest.raises(ValidationError, match="single line"):
        minisign.sign(key, DATA, COMMENT, untrusted_comment="a\rb")
    with pytest.raises(ValidationError, match="at most"):
        minisign.sign(key, DATA, "x" * (minisign.MAX_TRUSTED_COMMENT + 1))
    text = "señal ñ " + "x" * 100
    assert minisign.verify(public_line(key), DATA, minisign.sign(key, DATA, text), "m") == text


def test_signature_key_id(key: ed25519.Ed25519PrivateKey) -> None:
    signature = minisign.sign(key, DATA, COMMENT)
    assert minisign.signature_key_id(signature, "m") == minisign.derive_key_id(
        key.public_key().public_bytes_raw()
    )
