"""A record edited apart: a second author's revision beside this vault's own edit."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from willay.core import merge, records, revisions
from willay.core.record_fields import normalize

OTHER_AUTHOR = "b" * 64


def fork(session: Session, record_id: str, ours: dict[str, Any] | None,
         theirs: dict[str, Any] | None) -> str:
    """Give ``record_id`` two heads: our change and another author's; return "conflict"…

    ``None`` on a side deletes the record there. The other author's revision is written
    as an import would write it, then the record is settled as after an import.
    """
    record = records.resolve(session, record_id)
    (parent,) = revisions.heads(session, record.id)
    current = records.current_fields(session, record) or {}
    other_fields = None if theirs is None else normalize(record.kind, {**current, **theirs})
    rev_id, body = revisions.build(record.id, record.kind, other_fields, [parent],
                                   OTHER_AUTHOR, "2020-01-01T00:00:00.000000Z")
    if ours is None:
        records.delete(session, record.id)
    else:
        records.edit(session, record.id, ours)
    revisions.append(session, record.id, record.kind, rev_id, body, [parent], OTHER_AUTHOR,
                     "2020-01-01T00:00:00.000000Z", deleted=other_fields is None)
    session.flush()
    return merge.settle(session, record.id)
