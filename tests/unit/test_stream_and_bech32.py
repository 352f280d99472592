"""STREAM encryption and bech32: the building blocks shared with age."""

from __future__ import annotations

import io
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from willay.core.errors import ValidationError, VerificationError
from willay.core.formats import bech32, stream

KEY = bytes(range(32))


def _encrypt(data: bytes) -> bytes:
    return b"".join(stream.encrypt_chunks(KEY, io.BytesIO(data)))


def _decrypt(blob: bytes) -> bytes:
    return b"".join(stream.decrypt_chunks(KEY, io.BytesIO(blob), "test"))


@pytest.mark.parametrize("size", [0, 1, stream.CHUNK - 1, stream.CHUNK, stream.CHUNK + 1,
                                  3 * stream.CHUNK, 3 * stream.CHUNK + 17])
def test_round_trip_at_chunk_boundaries(size: int) -> None:
    data = os.urandom(size)
    blob = _encrypt(data)
    chunks = max(1, -(-size // stream.CHUNK))
    assert len(blob) == size + chunks * stream.TAG
    assert _decrypt(blob) == data


@settings(max_examples=25)
@given(st.binary(max_size=3 * stream.CHUNK + 5), st.data())
def test_any_flipped_bit_is_caught(data: bytes, draw: st.DataObject) -> None:
    blob = bytearray(_encrypt(data))
    position = draw.draw(st.integers(0, len(blob) - 1))
    blob[position] ^= 1 << draw.draw(st.integers(0, 7))
    with pytest.raises(VerificationError):
        _decrypt(bytes(blob))


def test_truncation_at_a_chunk_boundary_is_caught() -> None:
    blob = _encrypt(os.urandom(2 * stream.CHUNK + 10))
    with pytest.raises(VerificationError, match="truncated"):
        _decrypt(blob[: 2 * (stream.CHUNK + stream.TAG)])
    with pytest.raises(VerificationError, match="empty or truncated"):
        _decrypt(b"")


def test_trailing_data_and_swapped_chunks_are_caught() -> None:
    data = os.urandom(2 * stream.CHUNK + 10)
    blob = _encrypt(data)
    with pytest.raises(VerificationError, match=r"damaged .* from byte 131,072 "):
        _decrypt(blob + b"x")
    size = stream.CHUNK + stream.TAG
    swapped = blob[size : 2 * size] + blob[:size] + blob[2 * size :]
    with pytest.raises(VerificationError, match=r"damaged .* from byte 0 "):
        _decrypt(swapped)


def test_no_plaintext_is_released_past_a_failed_chunk() -> None:
    data = os.urandom(3 * stream.CHUNK)
    blob = bytearray(_encrypt(data))
    blob[stream.CHUNK + stream.TAG + 5] ^= 1  # damage chunk 1
    released = []
    with pytest.raises(VerificationError, match=r"damaged .* from byte 65,536 "):
        for chunk in stream.decrypt_chunks(KEY, io.BytesIO(bytes(blob)), "test"):
            released.append(chunk)
    assert b"".join(released) == data[: stream.CHUNK]


def test_bech32_known_vector_and_round_trip() -> None:
    # BIP 173 test vector.
    assert bech32.decode("A12UEL5L") == ("a", b"")
    key = bytes(range(32))
    text = bech32.encode("age", key)
    assert text.startswith("age1") and bech32.decode(text) == ("age", key)
    assert bech32.decode(text.upper()) == ("age", key)


@pytest.mark.parametrize("bad", ["age1qqqqq", "Age1abc", "age1" + "b" * 58, "noseparator"])
def test_bech32_rejects_bad_strings(bad: str) -> None:
    with pytest.raises(ValidationError):
        bech32.decode(bad)


def test_bech32_rejects_a_typo() -> None:
    text = bech32.encode("age", bytes(32))
    typo = text[:-3] + ("q" if text[-3] != "q" else "p") + text[-2:]
    with pytest.raises(ValidationError, match="checksum"):
        bech32.decode(typo)
