"""minisign signatures go both ways between Willay and the stock ``minisign`` tool."""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from willay.core.errors import VerificationError
from willay.core.formats import minisign

from .conftest import Runner

TRUSTED = "willay bundle 0f3a sequence 12"


@pytest.fixture
def stock_keys(tmp_path: Path, minisign_tool: Runner) -> tuple[Path, Path]:
    """A key pair made by ``minisign -G`` without a password: ``(public, secret)`` files."""
    public, secret = tmp_path / "key.pub", tmp_path / "key.sec"
    minisign_tool("-G", "-W", "-p", public, "-s", secret)
    return public, secret


@pytest.mark.parametrize("size", [0, 1, 100_000, 1_000_000])
@pytest.mark.parametrize("legacy", [False, True])
def test_stock_signature_verifies_here(
    tmp_path: Path, minisign_tool: Runner, stock_keys: tuple[Path, Path], size: int,
    legacy: bool,
) -> None:
    public, secret = stock_keys
    message = tmp_path / "manifest.json"
    message.write_bytes(os.urandom(size))
    minisign_tool("-S", *(["-l"] if legacy else []), "-s", secret, "-m", message, "-t", TRUSTED)
    signature = (tmp_path / "manifest.json.minisig").read_text()
    assert base64.b64decode(signature.split("\n")[1])[:2] == (b"Ed" if legacy else b"ED")
    data = message.read_bytes()
    for key in (public.read_text(), public.read_text().splitlines()[1]):
        assert minisign.verify(key, data, signature, "manifest.json.minisig") == TRUSTED
    assert minisign.verify(key, io.BytesIO(data), signature, "m") == TRUSTED
    with pytest.raises(VerificationError, match="does not match"):
        minisign.verify(key, data + b"\n", signature, "manifest.json.minisig")


def test_stock_default_trusted_comment(
    tmp_path: Path, minisign_tool: Runner, stock_keys: tuple[Path, Path]
) -> None:
    public, secret = stock_keys
    message = tmp_path / "f"
    message.write_bytes(b"x")
    minisign_tool("-S", "-s", secret, "-m", message)
    comment = minisign.verify(public.read_text(), b"x", (tmp_path / "f.minisig").read_text(), "f")
    assert comment.startswith("timestamp:") and "file:f" in comment


@pytest.mark.parametrize("size", [0, 1, 100_000, 1_000_000])
def test_willay_signature_verifies_with_stock_minisign(
    tmp_path: Path, minisign_tool: Runner, size: int
) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    public = tmp_path / "willay.pub"
    public.write_text(minisign.public_key_file(key.public_key().public_bytes_raw()))
    message = tmp_path / "manifest.json"
    message.write_bytes(os.urandom(size))
    with message.open("rb") as source:
        (tmp_path / "manifest.json.minisig").write_text(minisign.sign(key, source, TRUSTED))
    result = minisign_tool("-V", "-p", public, "-m", message)
    assert f"Trusted comment: {TRUSTED}" in result.stdout.decode()

    message.write_bytes(message.read_bytes() + b"!")
    tampered = minisign_tool("-V", "-p", public, "-m", message, check=False)
    assert tampered.returncode != 0


def test_stock_minisign_rejects_other_key(tmp_path: Path, minisign_tool: Runner) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    other = ed25519.Ed25519PrivateKey.generate()
    public = tmp_path / "willay.pub"
    public.write_text(minisign.public_key_file(key.public_key().public_bytes_raw()))
    message = tmp_path / "m"
    message.write_bytes(b"data")
    (tmp_path / "m.minisig").write_text(minisign.sign(other, b"data", TRUSTED))
    assert minisign_tool("-V", "-p", public, "-m", message, check=False).returncode != 0


def test_public_key_file_comment_matches_stock_format(
    stock_keys: tuple[Path, Path]
) -> None:
    public, _ = stock_keys
    comment, line = public.read_text().splitlines()
    key_id, ed_public = minisign.parse_public_key_line(line)
    assert comment == f"untrusted comment: minisign public key {minisign.format_key_id(key_id)}"
    ours = minisign.public_key_file(ed_public).splitlines()
    # Our key id is derived from the key, so it differs from minisign's random one; the
    # comment is written the same way (uppercase hex, no leading zeros).
    expected = minisign.format_key_id(minisign.derive_key_id(ed_public))
    assert ours[0] == f"untrusted comment: minisign public key {expected}"
