"""Fill a vault quickly with synthetic records, writing exactly the rows the app writes.

``records.create`` costs a few milliseconds per record, too slow for 200,000 records in
a benchmark run. This loader does the same work in bulk: each record's fields pass
through ``record_fields.normalize``, its revision is built by ``revisions.build`` (so
ids, bodies and hashes are real), and its rows go into ``record``, ``revision``,
``record_head``, the head-state tables, the ``search_index`` FTS table and the signed,
hash-chained ``custody_event`` log through SQLAlchemy core ``insert()`` executemany,
mirroring :mod:`willay.core.records.projection` and :mod:`willay.core.records.custody`.
:func:`verify_projection` re-projects a sample with the application's own code and
checks that it writes the same rows.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, insert, text
from sqlmodel import Session, SQLModel

from willay.core.canonical import canonical_json, sha256_hex
from willay.core.records import custody, projection, revisions
from willay.core.records import service as records
from willay.core.records.fields import normalize
from willay.core.vault.identity import author_key_id, key_id, signing_key
from willay.core.vault.models import CustodyEvent
from willay.core.vault.vault import Vault

from .synthetic import Generator

CHUNK = 5_000
Progress = Callable[[str], None]

# The FTS row ids are given explicitly (the next ones SQLite would pick) so that the
# search_entry rows can name them, as search.index does with last_insert_rowid().
_FTS_INSERT = text(
    "INSERT INTO search_index (rowid, record_id, kind, title, body, place, names) "
    "VALUES (:rowid, :record_id, :kind, :title, :body, :place, :names)"
)


def _table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


@dataclass
class Loaded:
    """The ids of the records loaded, and how long loading took."""

    incidents: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    testimonies: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class _Batch:
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    fts: list[dict[str, Any]] = field(default_factory=list)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)

    def write(self, conn: Connection, next_doc: int) -> int:
        """Insert every row; FTS rows get ids from ``next_doc`` on. Return the next free id."""
        for row in self.fts:
            row["rowid"] = next_doc
            self.add("search_entry", {"record_id": row["record_id"], "doc": next_doc})
            next_doc += 1
        # Parents before children: the vault's connections enforce foreign keys.
        order = ("record", "revision", "record_head", "incident", "incident_code", "person",
                 "testimony", "testimony_incident", "custody_event", "search_entry")
        for name in order:
            rows = self.tables.get(name)
            if rows:
                conn.execute(insert(_table(name)), rows)
        if self.fts:
            conn.execute(_FTS_INSERT, self.fts)
        return next_doc


class _CustodyLog:
    """Continues the vault's custody log exactly as ``custody.append`` does.

    It also keeps the next free full-text row id, the other sequence the loader continues.
    """

    def __init__(self, session: Session) -> None:
        self.next_doc = session.execute(
            text("SELECT coalesce(max(rowid), 0) + 1 FROM search_index")).scalar_one()
        self.key = signing_key(session)
        self.signer = key_id(self.key.public_key().public_bytes_raw())
        last = custody.head(session)
        self.seq = last.seq if last else 0
        self.prev = last.hash if last else custody.GENESIS

    def created(self, record_id: str, revision_id: str, kind: str) -> dict[str, Any]:
        """Return the row of the next ``created`` event, signed and chained."""
        self.seq += 1
        event = CustodyEvent(
            seq=self.seq, time=revisions.now_stamp(), action="created", record_id=record_id,
            subject=revision_id, details=canonical_json({"kind": kind}).decode("utf-8"),
            prev_hash=self.prev, hash="", signer=self.signer, signature=b"",
        )
        body = custody.event_body(event)
        event.hash = sha256_hex(body)
        event.signature = self.key.sign(body)
        self.prev = event.hash
        return event.model_dump()


def _add_record(batch: _Batch, kind: str, record_id: str, fields: dict[str, Any],
                author: str, log: _CustodyLog) -> None:
    """Add the rows ``records.create`` writes: revision, head state, index, custody event."""
    stamp = revisions.now_stamp()
    revision_id, body = revisions.build(record_id, kind, fields, [], author, stamp)
    batch.add("record", {"id": record_id, "kind": kind, "created": stamp, "updated": stamp,
                         "deleted": False, "conflict": False})
    batch.add("revision", {"id": revision_id, "record_id": record_id, "kind": kind,
                           "author": author, "created": stamp, "deleted": False, "body": body,
                           "signature": log.key.sign(body), "signed_by": author,
                           "attested": False})
    batch.add("record_head", {"record_id": record_id, "revision_id": revision_id})
    batch.add("custody_event", log.created(record_id, revision_id, kind))
    # projection._place_words is reused so the indexed place text cannot drift.
    place_words = projection._place_words
    f = fields
    if kind == "incident":
        place = f["place"]
        batch.add("incident", {
            "id": record_id, "title": f["title"], "occurred_start": f["occurred"]["start"],
            "occurred_end": f["occurred"]["end"], "precision": f["occurred"]["precision"],
            "ubigeo": place["ubigeo"], "place_text": place["text"],
            "latitude": place["latitude"], "longitude": place["longitude"],
            "killed": f["killed"], "injured": f["injured"], "detained": f["detained"],
            "narrative": f["narrative"], "status": f["status"],
        })
        for vocab in ("violations", "perpetrators"):
            for code in f[vocab]:
                batch.add("incident_code",
                          {"incident_id": record_id, "vocabulary": vocab, "code": code})
        batch.fts.append({"record_id": record_id, "kind": kind, "title": f["title"],
                          "body": f["narrative"], "place": place_words(place), "names": ""})
    elif kind == "person":
        batch.add("person", {
            "id": record_id, "full_name": f["full_name"], "pseudonym": f["pseudonym"],
            "sex_gender": f["sex_gender"], "age": f["age"], "age_range": f["age_range"],
            "community": f["community"], "indigenous_people": f["indigenous_people"],
            "languages": ",".join(f["languages"]), "roles": ",".join(f["roles"]),
            "contact": f["contact"], "consent": f["consent"],
        })
        batch.fts.append({"record_id": record_id, "kind": kind, "title": f["full_name"],
                          "body": f["indigenous_people"], "place": f["community"],
                          "names": f"{f['full_name']} {f['pseudonym']}"})
    else:
        recorded_place = place_words(f["recorded_place"])
        batch.add("testimony", {
            "id": record_id, "witness_id": f["witness"], "interviewer": f["interviewer"],
            "recorded_date": f["recorded_date"], "recorded_place": recorded_place,
            "language": f["language"], "consent": f["consent"], "transcript": f["transcript"],
            "translation": f["translation"], "notes": f["notes"],
        })
        for incident_id in f["incidents"]:
            batch.add("testimony_incident",
                      {"testimony_id": record_id, "incident_id": incident_id})
        batch.fts.append({"record_id": record_id, "kind": kind, "title": "",
                          "body": "\n".join([f["transcript"], f["translation"], f["notes"]]),
                          "place": recorded_place, "names": f["interviewer"]})


def _load_kind(vault: Vault, kind: str, total: int, make: Callable[[], dict[str, Any]],
               new_id: Callable[[], str], author: str, log: _CustodyLog,
               progress: Progress) -> list[str]:
    ids: list[str] = []
    done = 0
    while done < total:
        batch = _Batch()
        for _ in range(min(CHUNK, total - done)):
            record_id = new_id()
            _add_record(batch, kind, record_id, normalize(kind, make()), author, log)
            ids.append(record_id)
        done = len(ids)
        with vault.engine.begin() as conn:
            log.next_doc = batch.write(conn, log.next_doc)
        if done % (CHUNK * 4) == 0 or done == total:
            progress(f"  {kind}: {done:,}/{total:,}")
    return ids


def bulk_load(vault: Vault, *, incidents: int, people: int, testimonies: int,
              seed: int, progress: Progress) -> Loaded:
    """Load synthetic incidents, people and testimonies (linked to both) into ``vault``."""
    start = time.perf_counter()
    gen = Generator(seed)
    links = random.Random(seed + 1)
    with vault.session() as session:
        author = author_key_id(session)
        log = _CustodyLog(session)
    loaded = Loaded()
    loaded.incidents = _load_kind(vault, "incident", incidents, gen.incident, gen.new_id,
                                  author, log, progress)
    loaded.people = _load_kind(vault, "person", people, gen.person, gen.new_id, author, log,
                               progress)

    def testimony() -> dict[str, Any]:
        about = links.sample(loaded.incidents, links.choice((1, 1, 1, 2)))
        return gen.testimony(links.choice(loaded.people), about)

    loaded.testimonies = _load_kind(vault, "testimony", testimonies, testimony, gen.new_id,
                                    author, log, progress)
    loaded.seconds = time.perf_counter() - start
    return loaded


_SNAPSHOTS = {
    "incident": (
        "SELECT * FROM incident WHERE id = :id",
        "SELECT vocabulary, code FROM incident_code WHERE incident_id = :id "
        "ORDER BY vocabulary, code",
    ),
    "person": ("SELECT * FROM person WHERE id = :id",),
    "testimony": (
        "SELECT * FROM testimony WHERE id = :id",
        "SELECT incident_id FROM testimony_incident WHERE testimony_id = :id "
        "ORDER BY incident_id",
    ),
}


def _snapshot(session: Session, kind: str, record_id: str) -> list[list[tuple[Any, ...]]]:
    return [[tuple(row) for row in session.execute(text(sql), {"id": record_id})]
            for sql in _SNAPSHOTS[kind]]


def _index_rows(session: Session, marks: str, params: dict[str, Any]
                ) -> dict[str, tuple[Any, ...]]:
    """Return the full-text rows that ``search_entry`` names for the given records."""
    rows = session.execute(
        text("SELECT e.record_id, s.kind, s.title, s.body, s.place, s.names "
             "FROM search_entry e JOIN search_index s ON s.rowid = e.doc "
             f"WHERE e.record_id IN ({marks})"),
        params,
    )
    return {row[0]: tuple(row) for row in rows}


def _check_custody(session: Session, record_id: str, kind: str) -> None:
    """Check a record's one ``created`` event: subject, hash, signature, link."""
    events = custody.events_for(session, [record_id])
    heads = revisions.heads(session, record_id)
    if len(events) != 1 or events[0].action != "created" or [events[0].subject] != heads:
        raise AssertionError(f"custody events of {kind} {record_id} are not one 'created'")
    event = events[0]
    body = custody.event_body(event)
    public = signing_key(session).public_key()
    public.verify(event.signature, body)  # raises InvalidSignature
    previous = session.get(CustodyEvent, event.seq - 1)
    if sha256_hex(body) != event.hash or previous is None or previous.hash != event.prev_hash:
        raise AssertionError(f"custody event {event.seq} is not hashed or chained correctly")


def verify_projection(vault: Vault, loaded: Loaded, per_kind: int = 3) -> int:
    """Re-project a sample of loaded records with the app's code; raise if rows differ.

    Each sampled record's revision is read back and verified against its id, then
    ``projection.project`` rewrites its head rows and index entry (found through
    ``search_entry``); both must equal what the loader wrote, with no stale row left.
    The work is rolled back. Each sampled record's custody event is checked too (hash,
    signature, link to the event before). Return the number of records checked.
    """
    rng = random.Random(7)
    sample = [(kind, record_id)
              for kind, ids in (("incident", loaded.incidents), ("person", loaded.people),
                                ("testimony", loaded.testimonies))
              for record_id in rng.sample(ids, min(per_kind, len(ids)))]
    ids = {record_id for _, record_id in sample}
    marks = ", ".join(f":p{i}" for i in range(len(sample)))
    params = {f"p{i}": record_id for i, (_, record_id) in enumerate(sample)}
    with Session(vault.engine) as session:
        before_index = _index_rows(session, marks, params)
        before = {record_id: _snapshot(session, kind, record_id) for kind, record_id in sample}
        for kind, record_id in sample:
            record = records.find_record(session, record_id, kind)
            fields = records.current_fields(session, record)
            projection.project(session, record_id, kind, fields)
        session.flush()
        after_index = _index_rows(session, marks, params)
        # One full scan: the rows the loader wrote must be the ones projection replaced.
        stale = session.execute(
            text(f"SELECT count(*) FROM search_index WHERE record_id IN ({marks})"), params
        ).scalar_one()
        after = {record_id: _snapshot(session, kind, record_id) for kind, record_id in sample}
        session.rollback()
        for kind, record_id in sample:
            _check_custody(session, record_id, kind)
    if before != after:
        bad = sorted(r for r in ids if before[r] != after[r])
        raise AssertionError(f"bulk-loaded head rows differ from projection.project: {bad}")
    if before_index != after_index or set(before_index) != ids or stale != len(ids):
        raise AssertionError("bulk-loaded search_index rows differ from projection.project")
    return len(sample)
