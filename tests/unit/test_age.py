"""age v1: the C2SP test vectors, round trips, and the strict decoder's refusals."""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import x25519
from hypothesis import given, settings
from hypothesis import strategies as st

from willay.core.errors import ValidationError, VerificationError
from willay.core.formats import age, age_header, bech32, stream

VECTORS = Path(__file__).resolve().parent.parent / "data" / "age-cctv"
VECTOR_NAMES = sorted(p.name for p in VECTORS.iterdir() if p.name != "README.md")
EXPECTED_KIND = {
    "no match": "no_match",
    "HMAC failure": "hmac",
    "header failure": "header",
    "payload failure": "payload",
}
CHUNK = stream.CHUNK


@dataclass
class Vector:
    """One test vector file: its header fields and the age file."""

    name: str
    fields: dict[str, list[str]]
    data: bytes

    def one(self, key: str) -> str:
        """Return the single value of a header field."""
        (value,) = self.fields[key]
        return value

    @property
    def identities(self) -> list[str]:
        """All identities named by the vector."""
        return self.fields.get("identity", [])

    @property
    def supported(self) -> bool:
        """True when the vector uses only what Willay accepts: X25519, binary format."""
        return (
            "armored" not in self.fields
            and "passphrase" not in self.fields
            and all(i.startswith("AGE-SECRET-KEY-1") for i in self.identities)
        )


def load_vector(name: str) -> Vector:
    """Parse a vector file: ``key: value`` lines, an empty line, then the age file."""
    raw = (VECTORS / name).read_bytes()
    head, sep, data = raw.partition(b"\n\n")
    assert sep, f"{name}: no empty line after the vector's header"
    fields: dict[str, list[str]] = {}
    for line in head.decode("utf-8").splitlines():
        key, _, value = line.partition(": ")
        fields.setdefault(key, []).append(value)
    if fields.get("compressed") == ["zlib"]:
        data = zlib.decompress(data)
    return Vector(name, fields, data)


def x25519_keys(vector: Vector) -> list[bytes]:
    """The vector's X25519 identities, as 32-byte secrets."""
    return [age.parse_identity(i) for i in vector.identities if i.startswith("AGE-SECRET-KEY-1")]


def decrypt_released(
    keys: list[bytes], data: bytes, where: str
) -> tuple[bytes, BaseException | None]:
    """Decrypt, returning everything released and the error that stopped it, if any."""
    released = bytearray()
    try:
        for chunk in age.Decryptor(keys, io.BytesIO(data), where).chunks():
            released += chunk
    except age.AgeError as exc:
        return bytes(released), exc
    return bytes(released), None


def test_every_vector_is_here() -> None:
    assert len(VECTOR_NAMES) == 143
    assert (VECTORS / "README.md").is_file()


@pytest.mark.parametrize("name", VECTOR_NAMES)
def test_vector(name: str) -> None:
    vector = load_vector(name)
    expect = vector.one("expect")
    keys = x25519_keys(vector)
    started = time.monotonic()
    released, error = decrypt_released(keys, vector.data, name)
    elapsed = time.monotonic() - started

    if not vector.supported:
        # Armor, passphrases and post-quantum recipients are refused by policy: cleanly.
        assert isinstance(error, age.AgeError), f"{name} ({expect}) was not refused"
        assert released == b""
        assert elapsed < 1.0
        for identity in vector.identities:
            if not identity.startswith("AGE-SECRET-KEY-1"):
                with pytest.raises(ValidationError, match="post-quantum"):
                    age.parse_identity(identity)
        return

    if expect == "success":
        assert error is None, f"{name}: {error}"
        assert hashlib.sha256(released).hexdigest() == vector.one("payload")
        return
    assert isinstance(error, age.AgeError), f"{name}: expected {expect}, got success"
    assert error.kind == EXPECTED_KIND[expect], f"{name}: {error}"
    assert name in str(error)
    if expect == "payload failure":
        assert hashlib.sha256(released).hexdigest() == vector.one("payload")
    else:
        assert released == b""


def test_vector_classes() -> None:
    vectors = [load_vector(n) for n in VECTOR_NAMES]
    supported = [v for v in vectors if v.supported]
    refused = [v for v in vectors if not v.supported]
    expects = Counter(v.one("expect") for v in supported)
    assert len(supported) == 67 and len(refused) == 76
    assert expects == {"success": 14, "header failure": 31, "payload failure": 18,
                       "no match": 3, "HMAC failure": 1}
    assert all(v.name.startswith(("armor", "hybrid", "scrypt")) for v in refused)


# --- round trips --------------------------------------------------------------------------


def new_identity() -> tuple[bytes, bytes]:
    """A fresh ``(secret, public)`` X25519 pair."""
    secret = x25519.X25519PrivateKey.generate()
    return secret.private_bytes_raw(), secret.public_key().public_bytes_raw()


SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 1, 3 * CHUNK - 7]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("count", [1, 2, 3])
def test_round_trip(size: int, count: int) -> None:
    pairs = [new_identity() for _ in range(count)]
    data = os.urandom(size)
    encrypted = age.encrypt_bytes([p for _, p in pairs], data)
    for secret, _ in pairs:
        assert age.decrypt_bytes([secret], encrypted) == data
    full_chunks = max(1, -(-size // CHUNK))
    assert len(encrypted) == encrypted.index(b"\n--- ") + 5 + 43 + 1 + 16 + size + 16 * full_chunks


@pytest.mark.parametrize("size", SIZES)
def test_encryptor_matches_encrypt_layout(size: int) -> None:
    secret, public = new_identity()
    data = os.urandom(size)
    out = io.BytesIO()
    with age.Encryptor([public], out) as writer:
        for start in range(0, size, 5000):
            writer.write(data[start : start + 5000])
    assert age.decrypt_bytes([secret], out.getvalue()) == data
    assert len(out.getvalue()) == len(age.encrypt_bytes([public], data))


def test_encryptor_not_finished_after_an_error() -> None:
    secret, public = new_identity()
    out = io.BytesIO()
    with pytest.raises(KeyError), age.Encryptor([public], out) as writer:
        writer.write(b"x" * 100)
        raise KeyError("export failed")
    with pytest.raises(age.AgeError) as caught:
        age.decrypt_bytes([secret], out.getvalue())
    assert caught.value.kind == "payload"


@settings(max_examples=25, deadline=None)
@given(data=st.binary(max_size=3000), count=st.integers(1, 3), pick=st.integers(0, 2))
def test_round_trip_property(data: bytes, count: int, pick: int) -> None:
    pairs = [new_identity() for _ in range(count)]
    encrypted = age.encrypt_bytes([p for _, p in pairs], data)
    assert age.decrypt_bytes([pairs[pick % count][0]], encrypted) == data


def test_several_identities_one_matches() -> None:
    ours, public = new_identity()
    stranger, _ = new_identity()
    encrypted = age.encrypt_bytes([public], b"testimonio")
    assert age.decrypt_bytes([stranger, ours], encrypted) == b"testimonio"


def test_wrong_identity_is_no_match() -> None:
    _, public = new_identity()
    stranger, _ = new_identity()
    with pytest.raises(age.AgeError) as caught:
        age.decrypt_bytes([stranger], age.encrypt_bytes([public], b"x"), where="bundle.willay")
    assert caught.value.kind == "no_match"
    assert "bundle.willay" in str(caught.value)
    assert isinstance(caught.value, VerificationError)
    assert caught.value.exit_code == 3


def test_every_flipped_header_byte_fails_before_any_plaintext() -> None:
    secret, public = new_identity()
    encrypted = age.encrypt_bytes([public], b"declaracion " * 100)
    header_end = encrypted.index(b"\n--- ") + 5 + 43 + 1
    for position in range(header_end):
        for bit in (0x01, 0x80):
            damaged = bytearray(encrypted)
            damaged[position] ^= bit
            released, error = decrypt_released([secret], bytes(damaged), "damaged")
            assert isinstance(error, age.AgeError), position
            assert error.kind in {"header", "hmac", "no_match"}, (position, error)
            assert released == b""
    mac_position = header_end - 10
    damaged = bytearray(encrypted)
    damaged[mac_position] = ord("A") if damaged[mac_position] != ord("A") else ord("B")
    _, error = decrypt_released([secret], bytes(damaged), "damaged")
    assert isinstance(error, age.AgeError)
    assert error.kind == "hmac"


@pytest.mark.parametrize("where_", ["nonce", "first", "middle", "tag", "last"])
def test_flipped_payload_byte(where_: str) -> None:
    secret, public = new_identity()
    data = os.urandom(3 * CHUNK + 100)
    encrypted = age.encrypt_bytes([public], data)
    payload = encrypted.index(b"\n--- ") + 5 + 43 + 1
    position = {
        "nonce": payload + 3,
        "first": payload + 16 + 10,
        "middle": payload + 16 + (CHUNK + 16) + 500,
        "tag": payload + 16 + CHUNK + 5,
        "last": len(encrypted) - 1,
    }[where_]
    damaged = bytearray(encrypted)
    damaged[position] ^= 0x04
    released, error = decrypt_released([secret], bytes(damaged), "damaged")
    assert isinstance(error, age.AgeError)
    assert error.kind == "payload"
    assert data.startswith(released)
    assert len(released) % CHUNK == 0


@pytest.mark.parametrize("cut", [1, 16, 17, CHUNK + 16, CHUNK + 17])
def test_truncated_payload(cut: int) -> None:
    secret, public = new_identity()
    data = os.urandom(2 * CHUNK)
    encrypted = age.encrypt_bytes([public], data)
    released, error = decrypt_released([secret], encrypted[:-cut], "cut")
    assert isinstance(error, age.AgeError)
    assert error.kind == "payload"
    assert data.startswith(released)


@pytest.mark.parametrize(("size", "kept"), [(3, 0), (CHUNK, CHUNK), (CHUNK + 3, CHUNK)])
def test_trailing_data_fails(size: int, kept: int) -> None:
    # After a short final chunk the extra bytes make that chunk fail; after a full-size
    # final chunk that chunk is authentic (released, as age does) and the extra bytes fail.
    secret, public = new_identity()
    data = os.urandom(size)
    encrypted = age.encrypt_bytes([public], data)
    released, error = decrypt_released([secret], encrypted + b"\x00", "extended")
    assert isinstance(error, age.AgeError)
    assert error.kind == "payload"
    assert released == data[:kept]


def test_missing_nonce_is_a_header_failure() -> None:
    secret, public = new_identity()
    encrypted = age.encrypt_bytes([public], b"")
    header_end = encrypted.index(b"\n--- ") + 5 + 43 + 1
    for end in (header_end, header_end + 15):
        with pytest.raises(age.AgeError) as caught:
            age.Decryptor([secret], io.BytesIO(encrypted[:end]), "short")
        assert caught.value.kind == "header"


def test_reader_feeds_a_tar_stream() -> None:
    secret, public = new_identity()
    payload = os.urandom(200_000)
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        info = tarfile.TarInfo("media/abc")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    out = io.BytesIO()
    with age.Encryptor([public], out) as writer:
        writer.write(archive.getvalue())
    reader = age.Decryptor([secret], io.BytesIO(out.getvalue()), "t").reader()
    with tarfile.open(fileobj=reader, mode="r|") as tar:
        member = tar.next()
        assert member is not None and member.name == "media/abc"
        extracted = tar.extractfile(member)
        assert extracted is not None and extracted.read() == payload
    assert reader.read() == b""


def test_reader_raises_at_the_damage() -> None:
    secret, public = new_identity()
    data = os.urandom(2 * CHUNK + 5)
    damaged = bytearray(age.encrypt_bytes([public], data))
    damaged[-3] ^= 1
    reader = age.Decryptor([secret], io.BytesIO(bytes(damaged)), "t").reader()
    assert reader.read(2 * CHUNK) == data[: 2 * CHUNK]
    with pytest.raises(age.AgeError) as caught:
        reader.read()
    assert caught.value.kind == "payload"


def test_chunks_once_only() -> None:
    secret, public = new_identity()
    decryptor = age.Decryptor([secret], io.BytesIO(age.encrypt_bytes([public], b"x")), "t")
    assert list(decryptor.chunks()) == [b"x"]
    with pytest.raises(RuntimeError):
        decryptor.chunks()


def test_streaming_encrypt_reads_in_chunks() -> None:
    _, public = new_identity()
    reads: list[int] = []

    class Source:
        def __init__(self) -> None:
            self.left = 10 * CHUNK

        def read(self, size: int = -1, /) -> bytes:
            reads.append(size)
            take = self.left if size < 0 else min(size, self.left)
            self.left -= take
            return b"\x00" * take

    age.encrypt([public], Source(), io.BytesIO())
    assert reads and max(reads) <= CHUNK and all(r > 0 for r in reads)


# --- the header, built by hand ------------------------------------------------------------


def handmade(
    public: bytes, extra: list[age_header.Stanza] | None = None, *, scrypt: bool = False
) -> bytes:
    """An age file built from the parts, to test what the decoder accepts."""
    file_key = os.urandom(16)
    stanzas = [age._x25519_stanza(file_key, public), *(extra or [])]
    if scrypt:
        stanzas.append(age_header.Stanza("scrypt", ("c2FsdHNhbHRzYWx0c2FsdA", "10"), b"x" * 32))
    header = age_header.format_header(
        stanzas, age._header_mac(file_key, age_header.mac_input(stanzas))
    )
    nonce = os.urandom(16)
    key = stream.payload_key(file_key, nonce)
    return header + nonce + b"".join(stream.encrypt_chunks(key, io.BytesIO(b"hola")))


def test_unknown_stanzas_are_skipped() -> None:
    secret, public = new_identity()
    extra = [
        age_header.Stanza("grease-1", ("a", "b~"), os.urandom(48)),
        age_header.Stanza("ssh-ed25519", ("abc",), b""),
    ]
    assert age.decrypt_bytes([secret], handmade(public, extra)) == b"hola"


def test_stanza_body_lengths_round_trip() -> None:
    for size in (0, 1, 47, 48, 49, 96, 100):
        stanza = age_header.Stanza("t", (), os.urandom(size))
        encoded = stanza.to_bytes()
        lines = encoded.split(b"\n")[1:-1]
        assert all(len(line) == 64 for line in lines[:-1])
        assert len(lines[-1]) < 64
        parsed = age_header.read_header(
            io.BytesIO(b"age-encryption.org/v1\n" + encoded + b"--- " + b"A" * 43 + b"\n"), "h"
        )
        assert parsed.stanzas == (stanza,)


def test_scrypt_is_refused() -> None:
    secret, public = new_identity()
    with pytest.raises(age.AgeError) as caught:
        age.decrypt_bytes([secret], handmade(public, scrypt=True), where="p.age")
    assert caught.value.kind == "unsupported"
    assert "passphrase" in str(caught.value)


def test_armor_is_refused() -> None:
    secret, _ = new_identity()
    armored = b"-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n"
    for data in (armored, b"\n  \n" + armored):
        with pytest.raises(age.AgeError) as caught:
            age.decrypt_bytes([secret], data, where="a.age")
        assert caught.value.kind == "unsupported"
        assert "armored" in str(caught.value)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"age-encryption.org/v1",
        b"age-encryption.org/v2\n",
        b"age-encryption.org/v1\r\n",
        b"not an age file at all\n",
        b"age-encryption.org/v1\n--- " + b"A" * 43 + b"\n",
        b"age-encryption.org/v1\n-> X25519 AAAA\nAA==\n--- " + b"A" * 43 + b"\n",
        b"age-encryption.org/v1\n-> X25519\xc3\xa9 AAAA\n\n--- " + b"A" * 43 + b"\n",
        b"age-encryption.org/v1\n-> a\n\n--- " + b"A" * 42 + b"\n",
        b"age-encryption.org/v1\n-> a\n\n--- " + b"A" * 43,
        b"age-encryption.org/v1\n-> a\n\n---" + b"A" * 43 + b"\n",
        b"age-encryption.org/v1\n-> a\n\n--- " + b"A" * 43 + b" \n",
    ],
)
def test_malformed_headers(data: bytes) -> None:
    secret, _ = new_identity()
    # The payload never starts with a newline: one would end the cut-off MAC line of
    # a case above and make its header valid, once in 256 runs.
    with pytest.raises(age.AgeError) as caught:
        age.decrypt_bytes([secret], data + b"\x01" + os.urandom(39))
    assert caught.value.kind == "header"


def test_header_size_and_stanza_count_are_capped() -> None:
    secret, _ = new_identity()
    huge = b"age-encryption.org/v1\n-> big\n" + (b"A" * 64 + b"\n") * 1100 + b"\n"
    with pytest.raises(age.AgeError, match="longer than") as caught:
        age.decrypt_bytes([secret], huge)
    assert caught.value.kind == "header"
    many = b"age-encryption.org/v1\n" + b"-> s\n\n" * (age.MAX_STANZAS + 1) + b"--- " + b"A" * 43
    with pytest.raises(age.AgeError, match="more than") as caught:
        age.decrypt_bytes([secret], many + b"\n")
    assert caught.value.kind == "header"
    endless = io.BytesIO(b"age-encryption.org/v1\n-> s " + b"x" * (10 * age.MAX_HEADER_BYTES))
    with pytest.raises(age.AgeError, match="longer than"):
        age.Decryptor([secret], endless, "endless")
    assert endless.tell() <= age.MAX_HEADER_BYTES + 1


@pytest.mark.parametrize("text", ["QUE=", "QUF", "QR", "QUFB\n", "Q", "QU-B", "QU F"])
def test_non_canonical_base64(text: str) -> None:
    with pytest.raises(ValueError):
        age_header.b64decode(text.encode())


def test_canonical_base64() -> None:
    for size in range(0, 70):
        data = os.urandom(size)
        assert age_header.b64decode(age_header.b64encode(data)) == data


def test_age_error_kinds() -> None:
    with pytest.raises(ValueError):
        age.AgeError("nonsense", "x")


# --- identities ---------------------------------------------------------------------------


def test_identity_formats() -> None:
    secret, public = new_identity()
    line = age.format_identity(secret)
    assert line.startswith("AGE-SECRET-KEY-1") and line == line.upper()
    assert age.parse_identity(line) == secret
    text = age.identity_file(secret, "2024-05-01T10:00:00-05:00")
    assert text == (
        "# created: 2024-05-01T10:00:00-05:00\n"
        f"# public key: {bech32.encode('age', public)}\n"
        f"{line}\n"
    )
    assert age.parse_identity(text) == secret
    assert age.public_key(secret) == public
    assert age.recipient_string(public).startswith("age1")


def test_vector_identity_and_recipient() -> None:
    # The identity used by most vectors and its published recipient.
    secret = age.parse_identity(
        "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"
    )
    assert len(secret) == 32


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "No age identity"),
        ("# only a comment\n", "No age identity"),
        ("AGE-SECRET-KEY-1QQQQ\nAGE-SECRET-KEY-1PPPP\n", "2 lines"),
        ("age1qqqqqqqqqqqqqqqqqqqq", "not an age identity"),
        ("AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM1", "damaged"),
        ("age-secret-key-1egtzvffv20835nwyv6270lxyvk2vknx2mmdkwyklmgr48uawx40q2p2lm0",
         "not an age identity"),
        ("AGE-SECRET-KEY-PQ-1HZLGZUPT4ETPKDEV8HSGFDCYZ4E522W0A7PU2LHT8EH9W6YLNC3SW78XKG",
         "post-quantum"),
        ("AGE-PLUGIN-YUBIKEY-1QQQQQQ", "plugin"),
    ],
)
def test_bad_identities(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        age.parse_identity(text)
    assert "EGTZVFFV" not in str(caught.value)


def test_bad_recipients() -> None:
    with pytest.raises(ValidationError):
        age.encrypt_bytes([], b"x")
    with pytest.raises(ValidationError):
        age.encrypt_bytes([b"short"], b"x")
    with pytest.raises(ValidationError, match="not a usable"):
        age.encrypt_bytes([bytes(32)], b"x")
