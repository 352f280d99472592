"""Schema migrations: every revision in order gives the models' schema; newer ones are refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from tests.conftest import PASSPHRASE, tree_snapshot
from willay.core.errors import NewerFormatError
from willay.core.records.service import count_records
from willay.core.vault import database, kept, models
from willay.core.vault.vault import Vault

FTS_TABLES = ("search_index",)


def _not_fts(obj: object, name: str | None, type_: str, *_args: object) -> bool:
    return not (type_ == "table" and name and name.startswith(FTS_TABLES))


def test_empty_database_through_every_revision_matches_the_models(tmp_path: Path) -> None:
    engine = database.open_engine(tmp_path / "archive.db", b"\x01" * 32)
    script = ScriptDirectory.from_config(database._alembic_config())
    steps = list(reversed(list(script.walk_revisions())))
    assert steps, "no migrations found"
    config = database._alembic_config(engine)
    from alembic import command

    for step in steps:
        command.upgrade(config, step.revision)
        assert database.current_revision(engine) == step.revision
    assert kept.CountTally.__tablename__ in models.SQLModel.metadata.tables
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"include_object": _not_fts}),
            models.SQLModel.metadata,
        )
        assert diff == []
        fts = conn.execute(text("SELECT sql FROM sqlite_master WHERE name='search_index'"))
        assert "remove_diacritics 2" in fts.scalar_one()
    engine.dispose()


def test_database_of_a_newer_schema_is_refused_untouched(vault: Vault) -> None:
    with vault.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f999'"))
    vault.lock()
    before = tree_snapshot(vault.path)
    with pytest.raises(NewerFormatError, match="newer version of Willay"):
        Vault.open(vault.path).unlock(PASSPHRASE)
    assert tree_snapshot(vault.path) == before


NEXT_MIGRATION = '''
"""a later schema, for the test"""
from alembic import op
import sqlalchemy as sa

revision = "t002"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("later_table", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table("later_table")
'''


def test_upgrade_backs_up_the_encrypted_database_first(vault: Vault, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    with vault.session() as session:
        from willay.core.records import service as records

        records.create(session, "person", {"full_name": "Juana Mamani"})
    vault.lock()
    original = (vault.path / "archive.db").read_bytes()
    newer = tmp_path / "migrations"
    shutil.copytree(database.MIGRATIONS_DIR, newer)
    (newer / "versions" / "t002_later.py").write_text(
        NEXT_MIGRATION.format(head=database.head_revision()))
    monkeypatch.setattr(database, "MIGRATIONS_DIR", newer)

    upgraded = Vault.open(vault.path)
    upgraded.unlock(PASSPHRASE)
    assert upgraded.backup_made is not None
    backup = Path(upgraded.backup_made)
    assert backup.parent == vault.path / "backups"
    assert backup.read_bytes() == original
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    assert database.current_revision(upgraded.engine) == "t002"
    with upgraded.session() as session:
        assert count_records(session)["person"] == 1
    upgraded.lock()


def test_a_vault_from_before_the_custody_log_gets_its_history_logged(vault: Vault) -> None:
    from alembic import command

    from willay.core.records import custody
    from willay.core.records import service as records
    from willay.core.records.verify import verify_vault

    with vault.session() as session:
        record_id = records.create(session, "incident", {
            "title": "Bloqueo de carretera", "occurred": {"text": "2022-12-12"}})
        records.edit(session, record_id, {"injured": 2})
    command.downgrade(database._alembic_config(vault.engine), "0001")
    vault.lock()

    upgraded = Vault.open(vault.path)
    upgraded.unlock(PASSPHRASE)
    assert upgraded.backup_made is not None
    with upgraded.session() as session:
        events = custody.events_for(session, [record_id])
    assert [e.action for e in events] == ["created", "revised"]
    assert all('"backfilled":true' in e.details for e in events)
    assert verify_vault(upgraded).ok
    upgraded.lock()
