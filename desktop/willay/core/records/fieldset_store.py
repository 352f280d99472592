"""Keeping field sets: a new one, its next version, and the one this vault fills in.

Each version is a revision of the set's record, written once. A version this vault
already holds is recognised, not written twice; one that differs under the same number,
or that does not follow from the version before it, is refused with every reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from willay.core.errors import ValidationError
from willay.core.i18n import _
from willay.core.records import fieldset_lookup, revisions
from willay.core.records.custom_parts import fieldset_record_id
from willay.core.records.service import commit_revision
from willay.core.reference.fieldsets import FieldSet, successor_problems
from willay.core.vault.models import FieldSetInUse, Record

ADDED = "added"
NEXT_VERSION = "next_version"
ALREADY_HERE = "already_here"


@dataclass(frozen=True)
class Kept:
    """What keeping a field set version did: ``added``, ``next_version`` or ``already_here``."""

    outcome: str
    fieldset: FieldSet
    in_use: bool


def keep(session: Session, fieldset: FieldSet, *, use: bool = False) -> Kept:
    """Store ``fieldset`` (a new set, or the next version of one held here).

    With ``use``, or when this vault fills in no field set yet, it becomes the one in use.
    """
    held = fieldset_lookup.versions(session, fieldset.id)
    same = next((fs for fs in held if fs.version == fieldset.version), None)
    if same is not None:
        if same.as_fields() != fieldset.as_fields():
            raise ValidationError(_(
                "This vault already holds version {version} of the field set {id}, with "
                "other content; a version never changes, so give the new one the number "
                "{next}.").format(version=fieldset.version, id=fieldset.id,
                                  next=held[-1].version + 1))
        return Kept(ALREADY_HERE, same, _choose(session, fieldset.id, use))
    record_id = fieldset_record_id(fieldset.id)
    record = session.get(Record, record_id)
    if held:
        problems = successor_problems(held[-1], fieldset)
        if problems:
            raise ValidationError(_("This cannot be the next version of the field set {id}:"
                                    "\n{problems}").format(
                id=fieldset.id, problems="\n".join(f"- {p}" for p in problems)))
    elif fieldset.version != 1:
        raise ValidationError(_("This vault has no version of the field set {id}; its "
                                "first version is number 1, not {version}.").format(
            id=fieldset.id, version=fieldset.version))
    if record is None:
        record = Record(id=record_id, kind="fieldset", created=revisions.now_stamp(),
                        updated="")
        session.add(record)
        session.flush()
    elif record.deleted:
        raise ValidationError(_("The field set {id} was removed from this vault.").format(
            id=fieldset.id))
    commit_revision(session, record, fieldset.as_fields(),
                    revisions.heads(session, record_id),
                    custody_details={"fieldset": fieldset.id, "version": fieldset.version})
    return Kept(NEXT_VERSION if held else ADDED, fieldset,
                _choose(session, fieldset.id, use))


def _choose(session: Session, set_id: str, use: bool) -> bool:
    current = session.get(FieldSetInUse, 1)
    if current is None or use:
        session.merge(FieldSetInUse(id=1, set_id=set_id))
        return True
    return current.set_id == set_id


def use(session: Session, set_id: str) -> FieldSet:
    """Make ``set_id`` the field set this vault fills in for its records."""
    found = fieldset_lookup.newest(session, set_id)
    if found is None:
        raise ValidationError(_("This vault holds no field set {id}.").format(id=set_id))
    session.merge(FieldSetInUse(id=1, set_id=set_id))
    return found
