"""A change to records as one unit of work, done again on a hub when only the moment
collided.

On a hub, two coordinators saving at the same moment cross each other on the one custody
log even when they change different records, and PostgreSQL undoes one of them whole.
A new record, or a change of a record nobody else changed meanwhile, is then simply
saved again. A record another coordinator changed meanwhile is not: their change
stands, and this one is told, so that no one's change is written over unseen. On a
vault, with its one writer, the work runs once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Protocol, TypeVar

from sqlmodel import Session

from willay.core.errors import ConcurrentChangeError
from willay.core.i18n import _
from willay.core.records import revisions
from willay.core.records.custom_parts import part_id
from willay.core.reference.fieldsets import SENSITIVITIES
from willay.core.vault.database import again_on_collision

T = TypeVar("T")


class SessionSource(Protocol):
    """A vault or a hub: whatever opens a session for one unit of work."""

    def session(self) -> AbstractContextManager[Session]:
        """Open a session, committed at its end."""
        ...


def _guarded(record_ids: Sequence[str]) -> Iterator[str]:
    """The records and their organization fields' parts."""
    for record_id in record_ids:
        yield record_id
        for sensitivity in SENSITIVITIES:
            yield part_id(record_id, sensitivity)


def _heads(session: Session, record_ids: Sequence[str]) -> dict[str, list[str]]:
    return {rid: revisions.heads(session, rid) for rid in _guarded(record_ids)}


class _ChangedMeanwhile(Exception):
    """The records a unit of work changes stand otherwise than at its first attempt."""


def write(source: SessionSource, work: Callable[[Session], T],
          changing: Sequence[str] = ()) -> T:
    """Run ``work`` in a session of ``source`` and commit it; when a hub undid it for a
    concurrent change, run it again (:func:`~willay.core.vault.database.again_on_collision`)
    as long as the records in ``changing`` (and their organization fields) stand as they
    did at the first attempt.

    Raises ConcurrentChangeError when they changed meanwhile, or after the last attempt.
    """
    first: dict[str, list[str]] | None = None

    def attempt() -> T:
        nonlocal first
        with source.session() as session:
            heads = _heads(session, changing)
            if first is None:
                first = heads
            elif heads != first:
                raise _ChangedMeanwhile  # another coordinator's change of these stands
            return work(session)

    try:
        return again_on_collision(attempt)
    except _ChangedMeanwhile as exc:
        raise ConcurrentChangeError(_(
            "Another coordinator changed this record at the same moment: their change was "
            "saved and yours was not. Open the record again to see theirs, then make your "
            "change again.")) from exc
