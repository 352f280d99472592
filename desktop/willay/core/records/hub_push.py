"""Moving a vault into a new hub: every row, the same identity, checked after.

The hub takes the vault's identity keys (so partners keep recognising its card), sealed
under the new organization key, and every row of the vault's tables, then builds its own
search index from the records' head states. Tables a vault keeps by itself (counts and
duplicate suggestions kept by SQLite triggers, the words of its index) are not copied.
Then every revision is checked against its id and its signature, the custody log as one
chain, and every table's rows counted on both sides; the hub is kept only if all holds.

Every original (photo, recording, document) is decrypted from the vault a chunk at a
time and encrypted into the hub (:mod:`willay.core.vault.hub_objects`), its SHA-256 and
size checked as it goes and once more read back from the hub; thumbnails are sealed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, func, text
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from willay.core.errors import VerificationError
from willay.core.i18n import _, number
from willay.core.keys import kdf
from willay.core.records import authorship, custody, projection, revisions, search
from willay.core.vault import hub_keys, thumbnails
from willay.core.vault.hub import Hub
from willay.core.vault.identity import author_key_id
from willay.core.vault.models import (
    IdentityKey,
    Record,
    RecordHead,
    Revision,
    SQLModel,
    StoredObject,
    VaultInfo,
)
from willay.core.vault.object_format import ChunkReader
from willay.core.vault.vault import Vault

# Kept by SQLite (triggers, the full-text index) or by the hub itself.
_NOT_COPIED = {"search_entry", "search_word", "count_tally", "duplicate_candidate",
               "incident_span", "duplicate_pending", "duplicate_state", "person_name_block",
               "count_correction", "count_correction_state", "identity_key", "vault_info"}
_SLICE = 1000


@dataclass(frozen=True)
class Pushed:
    """What moving a vault into a hub copied and checked."""

    rows: dict[str, int]
    revisions: int
    custody_events: int
    originals: int = 0


def push(vault: Vault, url: str, coordinator: str, passphrase: str,
         kdf_params: kdf.KdfParams | None = None) -> Pushed:
    """Make a hub at ``url`` (an empty database) holding everything of ``vault``."""
    with vault.session() as source:
        info = source.get(VaultInfo, 1)
        keys = [IdentityKey(kind=k.kind, public_key=k.public_key,
                            secret_key=k.secret_key, created=k.created)
                for k in source.exec(select(IdentityKey)).all()]
    hub = Hub.create(url, info.name if info else "", info.organization if info else "",
                     coordinator, passphrase, kdf_params)
    try:
        _take_identity(hub, keys)
        copied = _copy_rows(vault, hub)
        originals = _copy_originals(vault, hub)
        _index(hub)
        checked = _check(hub, copied, originals)
    except BaseException:
        hub.undo_creation()  # the database is left as empty as it was found
        raise
    finally:
        hub.lock()
    return checked


def _take_identity(hub: Hub, keys: list[IdentityKey]) -> None:
    """Replace the new hub's fresh keys by the vault's, sealed under the organization key."""
    organization_key = hub.organization_key()
    with hub.session() as session:
        for key in keys:
            stored = session.get(IdentityKey, key.kind)
            assert stored is not None
            stored.public_key = key.public_key
            stored.created = key.created
            stored.secret_key = hub_keys.seal(organization_key, key.secret_key,
                                              hub_keys.identity_binding(key.kind))
            session.add(stored)
    hub.reopen()


def _copy_rows(vault: Vault, hub: Hub) -> dict[str, int]:
    """Copy every row of the vault's tables into the hub's; return how many of each."""
    copied: dict[str, int] = {}
    with vault.session() as source, hub.session() as target:
        for table in SQLModel.metadata.sorted_tables:
            if table.name in _NOT_COPIED:
                continue
            total = 0
            result = source.execute(sa_select(table))
            while rows := result.fetchmany(_SLICE):
                found = [dict(row._mapping) for row in rows]
                if table.name == "media_thumbnail":
                    for row in found:
                        row["jpeg"] = thumbnails.sealed(target, row["sha256"], row["jpeg"])
                _write(target, table, found)
                total += len(rows)
            copied[table.name] = total
        # Rows came with their numbers: the hub's counter of revisions goes on after them.
        target.execute(text(
            "SELECT setval(pg_get_serial_sequence('revision', 'seq'), "
            "coalesce((SELECT max(seq) FROM revision), 0) + 1, false)"))
    return copied


def _write(target: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Add ``rows`` to ``table`` of the hub with PostgreSQL's COPY: over millions of rows
    a third faster than INSERTs, the same triggers and checks running on each."""
    quote = target.get_bind().dialect.identifier_preparer.quote
    names = [column.name for column in table.columns]
    statement = (f"COPY {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
                 "FROM STDIN")
    raw: Any = target.connection().connection.dbapi_connection
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([row[name] for name in names])


def _copy_originals(vault: Vault, hub: Hub) -> list[tuple[str, int]]:
    """Encrypt every original the vault keeps into the hub, checked as it is read."""
    with vault.session() as session:
        kept = [(row.sha256, row.size) for row in session.exec(
            select(StoredObject).where(col(StoredObject.purged).is_(False))
            .order_by(col(StoredObject.sha256))).all()]
    for sha256, size in kept:
        label = _("the original {id}").format(id=sha256[:12])
        hub.objects.put_stream(ChunkReader(vault.objects.read_chunks(sha256)), label,
                               expected_sha256=sha256, expected_size=size)
    return kept


def _index(hub: Hub) -> None:
    """Build the hub's search index from every live record's head, oldest change first.

    The heads are read a slice at a time through a server-side cursor and indexed as
    they come, so a vault of a million records needs no more memory than one of a
    thousand.
    """
    with hub.session() as session:
        heads = session.execute(
            sa_select(col(Record.id), col(Record.kind), col(Revision.body))
            .join(RecordHead, col(RecordHead.record_id) == col(Record.id))
            .join(Revision, col(Revision.id) == col(RecordHead.revision_id))
            .where(col(Record.deleted).is_(False))
            .order_by(col(Record.updated), col(Record.id))
            .execution_options(yield_per=_SLICE))
        for rows in heads.partitions():
            search.index_many(session, projection.search_entries(session, [
                (record_id, kind, revisions.parse(bytes(body)).fields or {})
                for record_id, kind, body in rows]))


def _check(hub: Hub, copied: dict[str, int], originals: list[tuple[str, int]]) -> Pushed:
    with hub.session() as session:
        for name, count in copied.items():
            table = SQLModel.metadata.tables[name]
            found = session.execute(sa_select(func.count()).select_from(table)).scalar_one()
            if found != count:
                raise VerificationError(_(
                    "The hub holds {found} rows of {table}, and the vault {count}; the move "
                    "is not complete.").format(found=number(found), table=name,
                                               count=number(count)))
        known = authorship.known_authors(session)
        me = author_key_id(session)
        checked = 0
        for row in session.scalars(select(Revision).execution_options(yield_per=_SLICE)):
            view = revisions.parse(bytes(row.body), row.id)
            seal = authorship.examine(row, view.author, known, me)
            if seal.state == authorship.BROKEN:
                raise VerificationError(_("Revision {id} on the hub does not check: "
                                          "{problem}").format(id=row.id[:12],
                                                              problem=seal.reason))
            checked += 1
        problems = custody.verify_chain(session)
        if problems:
            raise VerificationError(_("The custody log on the hub is not one unbroken chain: "
                                      "{problem}").format(problem=problems[0]))
        events = copied.get("custody_event", 0)
    for sha256, size in originals:
        problem = hub.objects.check(sha256, size)
        if problem:
            raise VerificationError(_("The original {id} on the hub does not check: "
                                      "{problem}").format(id=sha256[:12], problem=problem))
    return Pushed(copied, checked, events, len(originals))
