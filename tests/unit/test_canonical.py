"""Canonical JSON and revision ids: the same content always gives the same bytes and id."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from willay.core.canonical import canonical_json
from willay.core.errors import ValidationError
from willay.core.records import revisions

scalars = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=40)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner,
                                                                  max_size=5),
    max_leaves=25,
)


@given(values)
def test_canonical_json_round_trips(value: object) -> None:
    assert json.loads(canonical_json(value)) == value


@given(st.dictionaries(st.text(max_size=10), scalars, max_size=8))
def test_key_order_does_not_change_bytes(value: dict[str, object]) -> None:
    reordered = dict(reversed(list(value.items())))
    assert canonical_json(reordered) == canonical_json(value)


@given(values)
def test_no_insignificant_whitespace_and_utf8(value: object) -> None:
    data = canonical_json(value)
    assert data == json.dumps(value, ensure_ascii=False, sort_keys=True,
                              separators=(",", ":")).encode("utf-8")


def test_non_ascii_is_written_as_utf8_not_escaped() -> None:
    assert canonical_json({"lugar": "Ñuñoa, Apurímac"}) == '{"lugar":"Ñuñoa, Apurímac"}'.encode()


@pytest.mark.parametrize("bad", [1.5, float("nan"), {"a": [0.1]}, {1: "x"}, b"bytes"])
def test_values_without_a_canonical_form_are_refused(bad: object) -> None:
    with pytest.raises(ValidationError):
        canonical_json(bad)


@given(st.dictionaries(st.text(max_size=10), scalars, max_size=6),
       st.lists(st.text(alphabet="0123456789abcdef", min_size=64, max_size=64), max_size=3))
def test_revision_id_is_sha256_of_its_canonical_body(fields: dict[str, object],
                                                      parents: list[str]) -> None:
    revision_id, body = revisions.build("r-1", "incident", fields, parents, "author",
                                        "2023-01-09T00:00:00Z")
    assert revision_id == hashlib.sha256(body).hexdigest()
    assert canonical_json(json.loads(body)) == body
    again, _ = revisions.build("r-1", "incident", dict(reversed(list(fields.items()))),
                               list(reversed(parents)), "author", "2023-01-09T00:00:00Z")
    assert again == revision_id
    view = revisions.parse(body, revision_id)
    assert view.fields == fields and view.parents == sorted(parents)


@given(st.text(min_size=1, max_size=20))
def test_any_change_of_a_field_changes_the_id(title: str) -> None:
    base, _ = revisions.build("r", "incident", {"title": "x"}, [], "a", "t")
    other, _ = revisions.build("r", "incident", {"title": "x" + title}, [], "a", "t")
    assert base != other


def test_tampered_body_is_caught() -> None:
    revision_id, body = revisions.build("r", "incident", {"title": "Puno"}, [], "a", "t")
    from willay.core.errors import VerificationError

    with pytest.raises(VerificationError):
        revisions.parse(body.replace(b"Puno", b"Juli"), revision_id)
