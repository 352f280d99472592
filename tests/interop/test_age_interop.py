"""age files go both ways between Willay and the stock ``age``/``age-keygen`` tools."""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import x25519

from willay.core.formats import age, stream

from .conftest import Runner

CHUNK = stream.CHUNK
SIZES = [0, 1, 1000, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 1_000_000]
CREATED = "2024-05-01T10:00:00-05:00"


def new_identity() -> tuple[bytes, bytes]:
    """A fresh ``(secret, public)`` X25519 pair."""
    secret = x25519.X25519PrivateKey.generate()
    return secret.private_bytes_raw(), secret.public_key().public_bytes_raw()


def decrypt_file(identities: list[bytes], path: Path) -> bytes:
    """Decrypt ``path`` with Willay's decoder."""
    with path.open("rb") as source:
        return b"".join(age.Decryptor(identities, source, str(path)).chunks())


@pytest.mark.parametrize("size", SIZES)
def test_stock_age_to_willay(tmp_path: Path, age_tool: Runner, size: int) -> None:
    secret, public = new_identity()
    data = os.urandom(size)
    (tmp_path / "plain").write_bytes(data)
    age_tool("-e", "-r", age.recipient_string(public), "-o", tmp_path / "out.age",
             tmp_path / "plain")
    assert decrypt_file([secret], tmp_path / "out.age") == data


def test_stock_age_several_recipients(tmp_path: Path, age_tool: Runner) -> None:
    pairs = [new_identity() for _ in range(3)]
    data = os.urandom(150_000)
    (tmp_path / "plain").write_bytes(data)
    args: list[str | Path] = ["-e"]
    for _, public in pairs:
        args += ["-r", age.recipient_string(public)]
    age_tool(*args, "-o", tmp_path / "out.age", tmp_path / "plain")
    for secret, _ in pairs:
        assert decrypt_file([secret], tmp_path / "out.age") == data
    stranger, _ = new_identity()
    with pytest.raises(age.AgeError) as caught:
        decrypt_file([stranger], tmp_path / "out.age")
    assert caught.value.kind == "no_match"


def test_stock_age_armor_is_refused(tmp_path: Path, age_tool: Runner) -> None:
    secret, public = new_identity()
    (tmp_path / "plain").write_bytes(b"hola")
    age_tool("-e", "-a", "-r", age.recipient_string(public), "-o", tmp_path / "out.age",
             tmp_path / "plain")
    with pytest.raises(age.AgeError) as caught:
        decrypt_file([secret], tmp_path / "out.age")
    assert caught.value.kind == "unsupported"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("count", [1, 3])
def test_willay_to_stock_age(tmp_path: Path, age_tool: Runner, size: int, count: int) -> None:
    pairs = [new_identity() for _ in range(count)]
    data = os.urandom(size)
    with (tmp_path / "out.age").open("wb") as out:
        age.encrypt([p for _, p in pairs], io.BytesIO(data), out)
    for number, (secret, _) in enumerate(pairs):
        key_file = tmp_path / f"key{number}.txt"
        key_file.write_text(age.identity_file(secret, CREATED))
        # To stdout: with nothing to write, ``age -o`` would not even create the file.
        result = age_tool("-d", "-i", key_file, tmp_path / "out.age")
        assert result.stdout == data


def test_willay_tar_stream_opens_with_stock_age(tmp_path: Path, age_tool: Runner) -> None:
    secret, public = new_identity()
    media = os.urandom(300_000)
    with (
        (tmp_path / "bundle.willay").open("wb") as out,
        age.Encryptor([public], out) as sink,
        # Stream mode only writes; typeshed asks every fileobj to read and seek too.
        tarfile.open(fileobj=sink, mode="w|", format=tarfile.PAX_FORMAT) as tar,  # type: ignore[call-overload]
    ):
        info = tarfile.TarInfo("media/photo")
        info.size = len(media)
        tar.addfile(info, io.BytesIO(media))
    key_file = tmp_path / "key.txt"
    key_file.write_text(age.identity_file(secret, CREATED))
    age_tool("-d", "-i", key_file, "-o", tmp_path / "bundle.tar", tmp_path / "bundle.willay")
    with tarfile.open(tmp_path / "bundle.tar") as tar:
        member = tar.extractfile("media/photo")
        assert member is not None and member.read() == media


def test_stock_age_rejects_willay_file_for_someone_else(tmp_path: Path, age_tool: Runner) -> None:
    _, public = new_identity()
    stranger, _ = new_identity()
    (tmp_path / "out.age").write_bytes(age.encrypt_bytes([public], b"secreto"))
    (tmp_path / "key.txt").write_text(age.identity_file(stranger, CREATED))
    result = age_tool("-d", "-i", tmp_path / "key.txt", tmp_path / "out.age", check=False)
    assert result.returncode != 0


def test_age_keygen_identity_file(tmp_path: Path, age_tool: Runner, age_keygen: Runner) -> None:
    key_file = tmp_path / "key.txt"
    age_keygen("-o", key_file)
    text = key_file.read_text()
    secret = age.parse_identity(text)
    recipient = next(line.split(": ", 1)[1] for line in text.splitlines()
                     if line.startswith("# public key: "))
    assert age.recipient_string(age.public_key(secret)) == recipient
    assert age.identity_file(secret, "X").splitlines()[1:] == text.splitlines()[1:]
    (tmp_path / "plain").write_bytes(b"testimonio")
    age_tool("-e", "-i", key_file, "-o", tmp_path / "out.age", tmp_path / "plain")
    assert decrypt_file([secret], tmp_path / "out.age") == b"testimonio"


def test_age_keygen_reads_willay_identity_file(tmp_path: Path, age_keygen: Runner) -> None:
    secret, public = new_identity()
    key_file = tmp_path / "key.txt"
    key_file.write_text(age.identity_file(secret, CREATED))
    result = age_keygen("-y", key_file)
    assert result.stdout.decode().strip() == age.recipient_string(public)
