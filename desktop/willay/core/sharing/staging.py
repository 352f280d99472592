"""A bundle's revisions on their way in, kept in the import's transaction, not in memory.

A bundle may carry hundreds of megabytes of revisions. Each line is checked and its
signature verified as it streams by, then written to ``import_revision`` (with the
parents it names in ``import_parent``): tables created inside the import's own
transaction and dropped before it commits, so they live in the encrypted database and
never outlast the import, whether it commits, fails or is killed. What follows (which
revisions are new, which records arrive whole and with which heads) is asked of those
tables in SQL, and whatever must pass through Python does so a slice at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

# Rows go through Python this many at a time (a revision may hold three long texts), and
# a slice of lines is staged once it holds this many bytes.
SLICE = 250
SLICE_BYTES = 4 * 1024 * 1024
# The import's connection keeps fewer decrypted pages than the usual 64 MiB: its writes
# go to the write-ahead log anyway, and memory must stay bounded however big the bundle.
IMPORT_CACHE_KIB = 16 * 1024

_CREATE = (
    """CREATE TABLE import_revision (
        n INTEGER PRIMARY KEY, id TEXT NOT NULL, record_id TEXT NOT NULL,
        kind TEXT NOT NULL, author TEXT NOT NULL, created TEXT NOT NULL,
        deleted BOOLEAN NOT NULL, body BLOB NOT NULL, signature BLOB NOT NULL,
        signed_by TEXT NOT NULL, attested BOOLEAN NOT NULL,
        known BOOLEAN NOT NULL DEFAULT 0, arrived BOOLEAN NOT NULL DEFAULT 0)""",
    "CREATE INDEX import_revision_id ON import_revision (id)",
    "CREATE INDEX import_revision_record ON import_revision (record_id, n)",
    "CREATE TABLE import_parent (record_id TEXT NOT NULL, parent_id TEXT NOT NULL)",
    "CREATE INDEX import_parent_named ON import_parent (record_id, parent_id)",
    """CREATE TABLE import_head (record_id TEXT NOT NULL, revision_id TEXT NOT NULL,
        n INTEGER NOT NULL, single BOOLEAN NOT NULL DEFAULT 0)""",
    "CREATE INDEX import_head_record ON import_head (record_id)",
)
_TABLES = ("import_head", "import_parent", "import_revision")

_REVISION = text(
    "INSERT INTO import_revision (n, id, record_id, kind, author, created, deleted, body, "
    "signature, signed_by, attested, known, arrived) VALUES (:n, :id, :record_id, :kind, "
    ":author, :created, :deleted, :body, :signature, :signed_by, :attested, :known, :arrived)")
_PARENT = text("INSERT INTO import_parent (record_id, parent_id) VALUES (:record_id, :parent)")


def _on_hub(session: Session) -> bool:
    return bool(session.get_bind().dialect.name == "postgresql")


# On a hub (PostgreSQL) the staging tables are the session's own temporary tables, dropped
# at the commit, so that several coordinators import at once.
_CREATE_ON_HUB = (
    """CREATE TEMPORARY TABLE import_revision (
        n bigint PRIMARY KEY, id text NOT NULL, record_id text NOT NULL,
        kind text NOT NULL, author text NOT NULL, created text NOT NULL,
        deleted boolean NOT NULL, body bytea NOT NULL, signature bytea NOT NULL,
        signed_by text NOT NULL, attested boolean NOT NULL,
        known boolean NOT NULL DEFAULT false, arrived boolean NOT NULL DEFAULT false)
        ON COMMIT DROP""",
    "CREATE INDEX import_revision_id ON import_revision (id)",
    "CREATE INDEX import_revision_record ON import_revision (record_id, n)",
    """CREATE TEMPORARY TABLE import_parent (record_id text NOT NULL,
        parent_id text NOT NULL) ON COMMIT DROP""",
    "CREATE INDEX import_parent_named ON import_parent (record_id, parent_id)",
    """CREATE TEMPORARY TABLE import_head (record_id text NOT NULL, revision_id text NOT NULL,
        n bigint NOT NULL, single boolean NOT NULL DEFAULT false) ON COMMIT DROP""",
    "CREATE INDEX import_head_record ON import_head (record_id)",
)
# Each record's first revision in the bundle: SQLite takes the other columns of the row
# that min() picked, PostgreSQL says it with DISTINCT ON.
_FIRST = {False: "SELECT record_id, kind, created, min(n) AS n FROM import_revision "
                 "WHERE arrived GROUP BY record_id",
          True: "SELECT DISTINCT ON (record_id) record_id, kind, created, n "
                "FROM import_revision WHERE arrived ORDER BY record_id, n"}


@contextmanager
def small_cache(session: Session) -> Iterator[None]:
    """Run the import with a smaller page cache on its connection, then restore it."""
    if _on_hub(session):  # the server's memory is the server's own
        yield
        return
    before = session.execute(text("PRAGMA cache_size")).scalar()
    session.execute(text(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}"))
    try:
        yield
    finally:
        session.execute(text(f"PRAGMA cache_size = {int(before or -IMPORT_CACHE_KIB)}"))


def create(session: Session) -> None:
    """Create the staging tables in the current transaction (dropping any left over)."""
    drop(session)
    for statement in _CREATE_ON_HUB if _on_hub(session) else _CREATE:
        session.execute(text(statement))


def drop(session: Session) -> None:
    """Empty and drop the staging tables, before the transaction commits.

    They are emptied a slice at a time: SQLite keeps, in memory, the pages one statement
    changes until that statement ends, so one statement over the whole table would hold
    all of it.
    """
    if _on_hub(session):
        for table in _TABLES:
            session.execute(text(f"DROP TABLE IF EXISTS pg_temp.{table}"))
        return
    for table in _TABLES:
        exists = _one(session, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                               "name = :t", t=table)
        if exists is None:
            continue
        while session.execute(text(
                f"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} "
                f"LIMIT {SLICE})")).rowcount:  # type: ignore[attr-defined]  # a DELETE's CursorResult
            pass
        session.execute(text(f"DROP TABLE {table}"))


def add(session: Session, rows: list[dict[str, Any]], parents: list[dict[str, str]]) -> None:
    """Stage checked revisions and the parents they name. Each row gives its order ``n``,
    whether this vault holds it already (``known``) and whether its record is new here
    (``arrived``), both as the vault was before the import."""
    if rows:
        session.execute(_REVISION, rows)
    if parents:
        session.execute(_PARENT, parents)


def _one(session: Session, sql: str, **params: Any) -> Any:
    return session.execute(text(sql), params).first()


def duplicate(session: Session) -> str | None:
    """A revision id the bundle lists twice, if any."""
    row = _one(session, "SELECT id FROM import_revision GROUP BY id HAVING count(*) > 1 "
                        "LIMIT 1")
    return None if row is None else str(row[0])


def counts(session: Session) -> tuple[int, int]:
    """How many revisions were staged, and how many of them this vault already holds."""
    total, known = _one(session, "SELECT count(*), count(CASE WHEN known THEN 1 END) "
                                 "FROM import_revision")
    return int(total), int(known)


def kind_clash(session: Session) -> tuple[str, str, str, str] | None:
    """A revision that files its record under another kind than the record has:
    ``(revision, record, claimed kind, real kind)``, or None."""
    row = _one(session, """
        SELECT s.id, s.record_id, s.kind, r.kind FROM import_revision s
        JOIN record r ON r.id = s.record_id
        WHERE NOT s.known AND s.kind != r.kind LIMIT 1""")
    if row is None:
        row = _one(session, f"""
            SELECT s.id, s.record_id, s.kind, f.kind FROM import_revision s
            JOIN ({_FIRST[_on_hub(session)]}) f ON f.record_id = s.record_id
            WHERE s.arrived AND s.kind != f.kind ORDER BY s.n LIMIT 1""")
    return None if row is None else (str(row[0]), str(row[1]), str(row[2]), str(row[3]))


def signers(session: Session) -> set[str]:
    """The keys that signed the revisions new here."""
    return {str(row[0]) for row in session.execute(text(
        "SELECT DISTINCT signed_by FROM import_revision WHERE NOT known"))}


def store_existing(session: Session) -> Iterator[list[Any]]:
    """Yield, a slice at a time in bundle order, the new revisions of records already
    here (each may move heads this vault holds, so they are stored one by one)."""
    last = 0
    while True:
        rows = session.execute(text("""
            SELECT n, id, record_id, kind, author, created, deleted, body, signature,
                   signed_by, attested FROM import_revision
            WHERE n > :last AND NOT known AND NOT arrived ORDER BY n LIMIT :limit"""),
            {"last": last, "limit": SLICE}).all()
        if not rows:
            return
        yield list(rows)
        last = rows[-1][0]


def store_arrived(session: Session) -> None:
    """Write, in bulk, the records new here: their rows, revisions and heads (the
    revisions no other one of the same record names as its parent)."""
    session.execute(text("""
        INSERT INTO import_head (record_id, revision_id, n)
        SELECT s.record_id, s.id, s.n FROM import_revision s
        WHERE s.arrived AND NOT EXISTS (
            SELECT 1 FROM import_parent p
            WHERE p.record_id = s.record_id AND p.parent_id = s.id)
        ORDER BY s.n"""))
    session.execute(text("""
        UPDATE import_head SET single = true WHERE record_id IN (
            SELECT record_id FROM import_head GROUP BY record_id HAVING count(*) = 1)"""))
    # A record's row: created when its first revision in the bundle was; with a single
    # head, updated and deleted as that head says.
    session.execute(text(f"""
        INSERT INTO record (id, kind, created, updated, deleted, conflict)
        SELECT f.record_id, f.kind, f.created,
               CASE WHEN h.single AND s.created > f.created THEN s.created
                    ELSE f.created END,
               CASE WHEN h.single THEN s.deleted ELSE false END, false
        FROM ({_FIRST[_on_hub(session)]}) f
        LEFT JOIN import_head h ON h.record_id = f.record_id AND h.single
        LEFT JOIN import_revision s ON s.n = h.n
        ORDER BY f.n"""))
    session.execute(text("""
        INSERT INTO revision (id, record_id, kind, author, created, deleted, body,
                              signature, signed_by, attested)
        SELECT id, record_id, kind, author, created, deleted, body, signature, signed_by,
               attested FROM import_revision WHERE arrived ORDER BY n"""))
    session.execute(text("""
        INSERT INTO record_head (record_id, revision_id)
        SELECT record_id, revision_id FROM import_head ORDER BY n"""))


def single_heads(session: Session) -> Iterator[list[tuple[str, str, bytes]]]:
    """Yield, a slice at a time, ``(record, kind, body)`` of the head of each record that
    arrived with one head and is not deleted: these are projected in bulk."""
    last = 0
    while True:
        rows = session.execute(text("""
            SELECT h.n, h.record_id, s.kind, s.body FROM import_head h
            JOIN import_revision s ON s.n = h.n
            WHERE h.single AND NOT s.deleted AND h.n > :last ORDER BY h.n LIMIT :limit"""),
            {"last": last, "limit": SLICE}).all()
        if not rows:
            return
        yield [(str(r[1]), str(r[2]), bytes(r[3])) for r in rows]
        last = rows[-1][0]


def to_settle(session: Session) -> list[str]:
    """The records given new revisions that did not arrive whole with a single head, in
    the order the bundle first names them: their heads must be merged or flagged."""
    return [str(row[0]) for row in session.execute(text("""
        SELECT record_id FROM import_revision WHERE NOT known
        AND record_id NOT IN (SELECT record_id FROM import_head WHERE single)
        GROUP BY record_id ORDER BY min(n)"""))]


def receive_items(session: Session, sender: str, bundle_id: str) -> None:
    """Remember every revision the bundle carried (what a receipt will confirm)."""
    session.execute(text("""
        INSERT INTO received_item (sender, bundle_id, item, item_kind)
        SELECT :sender, :bundle, id, 'revision' FROM import_revision ORDER BY n"""),
        {"sender": sender, "bundle": bundle_id})


def present(session: Session, column: Any, values: list[str]) -> set[str]:
    """Those of ``values`` found in ``column``, asked in slices to bound the statement."""
    found: set[str] = set()
    for start in range(0, len(values), 500):
        found.update(session.exec(select(column).where(
            col(column).in_(values[start:start + 500]))).all())
    return found
