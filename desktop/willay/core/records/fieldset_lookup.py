"""Finding the field sets a vault holds: the newest version of each, any version by number.

Every version of a field set is a revision of its record, never changed once written, so
a version read once is kept in memory by the id of its revision (its content's hash).
"""

from __future__ import annotations

import json
from collections import OrderedDict

from sqlmodel import Session, col, select

from willay.core.records.custom_parts import fieldset_record_id
from willay.core.reference.fieldsets import FieldSet, parse
from willay.core.vault.models import FieldSetHead, FieldSetInUse, Record, Revision

_PARSED: OrderedDict[str, FieldSet] = OrderedDict()
_KEEP = 64


def _parsed(revision_id: str, body: bytes) -> FieldSet:
    found = _PARSED.get(revision_id)
    if found is None:
        found = parse(json.loads(body)["fields"], received=True)
        _PARSED[revision_id] = found
        if len(_PARSED) > _KEEP:
            _PARSED.popitem(last=False)
    return found


def versions(session: Session, set_id: str) -> list[FieldSet]:
    """Return every version of ``set_id`` this vault holds, oldest first."""
    rows = session.exec(
        select(Revision.id, Revision.body)
        .where(Revision.record_id == fieldset_record_id(set_id),
               col(Revision.deleted).is_(False))
        .order_by(col(Revision.seq))).all()
    found = {fs.version: fs for fs in (_parsed(rid, body) for rid, body in rows)
             if fs.id == set_id}
    return [found[v] for v in sorted(found)]


def version(session: Session, set_id: str, number: int) -> FieldSet | None:
    """Return version ``number`` of ``set_id``, or None when this vault lacks it."""
    return next((fs for fs in versions(session, set_id) if fs.version == number), None)


def newest(session: Session, set_id: str) -> FieldSet | None:
    """Return the newest version of ``set_id`` this vault holds."""
    held = versions(session, set_id)
    return held[-1] if held else None


def held(session: Session) -> list[FieldSet]:
    """Return the newest version of every field set in the vault, by organization and id."""
    rows = session.exec(select(FieldSetHead).join(
        Record, col(Record.id) == col(FieldSetHead.record_id))
        .where(col(Record.deleted).is_(False))
        .order_by(col(FieldSetHead.organization), col(FieldSetHead.set_id))).all()
    return [fs for fs in (newest(session, row.set_id) for row in rows) if fs is not None]


def in_use(session: Session) -> FieldSet | None:
    """Return the newest version of the field set this vault fills in, if it has one."""
    row = session.get(FieldSetInUse, 1)
    return newest(session, row.set_id) if row is not None else None
