"""Records in conflict, as the window and the command line list them: heads and disputes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from willay.core.reconcile import merge
from willay.core.records import authorship
from willay.core.records.service import summary
from willay.core.vault.identity import author_key_id
from willay.core.vault.models import VaultInfo


@dataclass(frozen=True)
class HeadRow:
    """One side of a conflict: a head revision, who wrote it and when."""

    id: str
    author: str
    author_name: str
    time: str
    deleted: bool
    fields: dict[str, Any] | None
    mine: bool = False


@dataclass(frozen=True)
class ConflictRow:
    """A record edited apart in two places, and the fields in dispute."""

    record_id: str
    kind: str
    title: str
    updated: str
    fields: tuple[str, ...]
    deleted_vs_edited: bool
    heads: tuple[HeadRow, ...]



def conflict_rows(session: Session) -> list[ConflictRow]:
    """Return every record in conflict with its heads and the fields in dispute."""
    # Names only: the window and the CLI say themselves whose vault it is.
    labels = {kid: a.name for kid, a in authorship.known_authors(session).items()}
    me = author_key_id(session)
    info = session.get(VaultInfo, 1)
    my_name = info.name if info else ""
    out = []
    for record in merge.conflicts(session):
        heads, result = merge.analyse(session, record.id)
        disputed = list(result.conflicting)
        if result.deleted_vs_edited:
            live = [h.fields for h in heads if h.fields is not None]
            disputed = sorted(set().union(*(set(f) for f in live))) if live else []
        title = str(summary(session, record.id, record.kind).get("title") or "")
        out.append(ConflictRow(
            record.id, record.kind, title, record.updated, tuple(disputed),
            result.deleted_vs_edited,
            tuple(HeadRow(h.id, h.author, my_name if h.author == me else labels.get(h.author, ""),
                          h.time, h.deleted, h.fields, h.author == me) for h in heads)))
    return out
