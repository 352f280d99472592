"""A record edited apart: a second author's revision beside this vault's own edit."""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlmodel import Session

from willay.core.reconcile import merge
from willay.core.records import authorship, revisions
from willay.core.records import service as records
from willay.core.records.fields import normalize
from willay.core.vault.identity import key_id
from willay.core.vault.models import AuthorKey

# Another documenter's key; its revisions are signed as a partner's would be.
OTHER_KEY = ed25519.Ed25519PrivateKey.from_private_bytes(b"\x07" * 32)
OTHER_PUBLIC = OTHER_KEY.public_key().public_bytes_raw()
OTHER_AUTHOR = key_id(OTHER_PUBLIC)


def fork(session: Session, record_id: str, ours: dict[str, Any] | None,
         theirs: dict[str, Any] | None) -> str:
    """Give ``record_id`` two heads: our change and another author's; return "conflict"…

    ``None`` on a side deletes the record there. The other author's revision is written
    as an import would write it, then the record is settled as after an import.
    """
    record = records.find_record(session, record_id)
    (parent,) = revisions.heads(session, record.id)
    current = records.current_fields(session, record) or {}
    other_fields = None if theirs is None else normalize(record.kind, {**current, **theirs})
    rev_id, body = revisions.build(record.id, record.kind, other_fields, [parent],
                                   OTHER_AUTHOR, "2020-01-01T00:00:00.000000Z")
    if ours is None:
        records.delete(session, record.id)
    else:
        records.edit(session, record.id, ours)
    if session.get(AuthorKey, OTHER_AUTHOR) is None:  # known as a bundle would make it
        session.add(AuthorKey(key_id=OTHER_AUTHOR, ed25519_public=OTHER_PUBLIC,
                              x25519_public=b"\0" * 32, name="Luis", vouched_by="",
                              added="2020-01-01T00:00:00Z"))
    seal = authorship.sign(OTHER_KEY, body)
    revisions.append(session, record.id, record.kind, rev_id, body, [parent], OTHER_AUTHOR,
                     "2020-01-01T00:00:00.000000Z", deleted=other_fields is None,
                     signature=seal.signature, signed_by=seal.signed_by)
    session.flush()
    return merge.settle(session, record.id)
