"""Tables the vault keeps by itself from the head state, so that large archives answer
fast: the Reports page's counts and the possible duplicates.

Triggers written by the migrations keep them as records change; nothing here is
evidence, and each can be rebuilt from the head-state tables of :mod:`.models`.
"""

from __future__ import annotations

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from willay.core.vault.models import SQLModel


class CountTally(SQLModel, table=True):
    """Incidents counted under one key of one dimension, kept by the database itself.

    Triggers (migration 0010) add and take out each incident as its head-state rows and
    codes are written, so the Reports page reads a few thousand rows instead of a
    million. ``dimension`` is ``district``, ``month``, ``violations`` or
    ``perpetrators``; ``key`` is the district code, the month (YYYY-MM) or the code, ""
    for none; ``department`` (the district's first two digits) and ``status`` let a
    report narrowed to a department or a status read the tally too.
    """

    __tablename__ = "count_tally"
    dimension: str = Field(primary_key=True, max_length=16)
    key: str = Field(primary_key=True, max_length=64)
    department: str = Field(primary_key=True, max_length=2)
    status: str = Field(primary_key=True, max_length=32)
    events: int = 0
    killed: int = 0
    injured: int = 0
    detained: int = 0

class DuplicateCandidate(SQLModel, table=True):
    """A pair of records that may be one event or person, as last found (``first <
    second``); pairs decided since are left out when read. ``reasons`` are the reason
    codes with their values, as a list of lists in JSON."""

    __tablename__ = "duplicate_candidate"
    kind: str = Field(primary_key=True, max_length=16)
    first: str = Field(primary_key=True, max_length=36)
    second: str = Field(primary_key=True, max_length=36)
    score: float
    reasons: str

    __table_args__ = (Index("ix_duplicate_candidate_rank", "kind", "score", "first", "second"),
                      Index("ix_duplicate_candidate_second", "kind", "second"),
                      {"sqlite_with_rowid": False})

class IncidentSpan(SQLModel, table=True):
    """An incident's district, dates and violation codes (space-separated), kept by
    triggers (migration 0011) in one index, so that incidents are paired district by
    district in date order without looking up any code."""

    __tablename__ = "incident_span"
    id: str = Field(primary_key=True, max_length=36)
    ubigeo: str | None = Field(default=None, max_length=6)
    occurred_start: str
    occurred_end: str
    violations: str = ""

    __table_args__ = (Index("ix_incident_span_place", "ubigeo", "occurred_start",
                            "occurred_end", "id", "violations"),)

class DuplicatePending(SQLModel, table=True):
    """A record whose head state changed since its pairs were last found (written by
    triggers, migration 0011); ``seq`` grows with every change."""

    __tablename__ = "duplicate_pending"
    seq: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)
    record_id: str = Field(max_length=36)

    __table_args__ = (UniqueConstraint("kind", "record_id"),)

class DuplicateState(SQLModel, table=True):
    """That the pairs of one kind were all found once, under which rules (or -1: a
    full pass is under way). Records are listed as changed only while this row exists:
    a vault that never looks for duplicates keeps no list."""

    __tablename__ = "duplicate_state"
    kind: str = Field(primary_key=True, max_length=16)
    rules: int

class PersonNameBlock(SQLModel, table=True):
    """A person's name under one block (given-name key and one more word's key), so the
    people a changed name may match are found without reading every name."""

    __tablename__ = "person_name_block"
    block: str = Field(primary_key=True, max_length=128)
    person_id: str = Field(primary_key=True, index=True, max_length=36)

    # Rows are the key: one tree fewer to write for some hundred thousand rows.
    __table_args__ = ({"sqlite_with_rowid": False},)



class CountCorrection(SQLModel, table=True):
    """What linked incidents change in the tally: each taken out as an event of its
    own (negative) and the events they form put back (positive), summed by key.

    ``dimension`` is a table of the Reports page (``department`` … ``perpetrators``) or
    "" for the totals; ``department`` is the incident's or the merged event's, and
    ``statuses`` the statuses of its records between commas (``,open,closed,``), so a
    report narrowed to a department or a status reads the rows it needs. Valid only
    while :class:`CountCorrectionState` says nothing changed since it was kept.
    """

    __tablename__ = "count_correction"
    dimension: str = Field(primary_key=True, max_length=16)
    key: str = Field(primary_key=True, max_length=64)
    department: str = Field(primary_key=True, max_length=2)
    statuses: str = Field(primary_key=True, max_length=256)
    events: int = 0
    records: int = 0
    killed: int = 0
    injured: int = 0
    detained: int = 0


class CountCorrectionState(SQLModel, table=True):
    """One row: ``changes`` counts every change to an incident link, a linked incident
    or its codes (triggers, migration 0012); ``kept`` is that count when
    :class:`CountCorrection` was last written (-1: never)."""

    __tablename__ = "count_correction_state"
    id: int = Field(default=1, primary_key=True)
    changes: int = 0
    kept: int = -1


class SearchWord(SQLModel, table=True):
    """Every word the full-text index has held, as its tokenizer wrote it.

    The search turns the start of the last word typed into the words that begin with it
    (:mod:`willay.core.records.search`), a range of this table, where FTS5's own
    vocabulary reads the records of each word. Words of records since changed stay: a
    word no record holds any more only costs the search one empty look-up.
    """

    __tablename__ = "search_word"
    __table_args__ = ({"sqlite_with_rowid": False},)
    word: str = Field(primary_key=True)
