"""Schema migrations: every revision in order gives the models' schema; newer ones are refused."""

from __future__ import annotations

import errno
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from tests.conftest import PASSPHRASE, tree_snapshot
from willay.core.errors import DiskFullError, NewerFormatError, VaultError
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


@pytest.mark.parametrize(("change", "refusal", "said"), [
    # A newer schema, and a database naming two schemas at once (damaged).
    ("UPDATE alembic_version SET version_num = 'f999'", NewerFormatError,
     "newer version of Willay"),
    ("INSERT INTO alembic_version (version_num) VALUES ('0001')", VaultError,
     "names 2 schema versions at once; it is damaged"),
], ids=["newer", "two schemas"])
def test_a_database_of_an_unknown_schema_is_refused_untouched(
        vault: Vault, change: str, refusal: type[Exception], said: str) -> None:
    with vault.engine.begin() as conn:
        conn.execute(text(change))
    vault.lock()
    before = tree_snapshot(vault.path)
    with pytest.raises(refusal, match=said):
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


def _newer_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    newer = tmp_path / "migrations"
    shutil.copytree(database.MIGRATIONS_DIR, newer)
    (newer / "versions" / "t002_later.py").write_text(
        NEXT_MIGRATION.format(head=database.head_revision()))
    monkeypatch.setattr(database, "MIGRATIONS_DIR", newer)


def test_no_room_for_the_backup_before_an_upgrade_changes_nothing(
        vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vault.lock()
    before = tree_snapshot(vault.path)
    _newer_schema(tmp_path, monkeypatch)
    real_copy = shutil.copyfileobj

    def disk_fills_halfway(source: Any, target: Any, length: int = 0) -> None:
        target.write(source.read(4096))  # the disk takes the first bytes, then is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", disk_fills_halfway)
    with pytest.raises(DiskFullError) as refused:
        Vault.open(vault.path).unlock(PASSPHRASE)
    message = str(refused.value)
    assert str(vault.path) in message and "copy of its database" in message
    assert "Nothing was changed" in message
    # No half-written copy is left behind, and the database is still the old schema.
    assert not list((vault.path / "backups").glob("*"))
    assert {k: v for k, v in tree_snapshot(vault.path).items() if "backups" not in k} == \
        {k: v for k, v in before.items() if "backups" not in k}

    monkeypatch.setattr(shutil, "copyfileobj", real_copy)  # room was made
    upgraded = Vault.open(vault.path)
    upgraded.unlock(PASSPHRASE)
    assert database.current_revision(upgraded.engine) == "t002"
    assert upgraded.backup_made is not None
    upgraded.lock()


def test_a_disk_too_small_for_the_backup_is_refused_before_writing_it(
        vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vault.lock()
    _newer_schema(tmp_path, monkeypatch)
    size = (vault.path / "archive.db").stat().st_size
    real_usage = shutil.disk_usage

    def nearly_full(path: Any) -> Any:
        usage = real_usage(path)
        return type(usage)(usage.total, usage.total - size // 2, size // 2)

    monkeypatch.setattr(shutil, "disk_usage", nearly_full)
    copied: list[object] = []
    monkeypatch.setattr(shutil, "copyfileobj", lambda *a, **k: copied.append(a))
    with pytest.raises(DiskFullError, match="copy of its database"):
        Vault.open(vault.path).unlock(PASSPHRASE)
    assert copied == []
    assert not list((vault.path / "backups").glob("*"))


def test_the_head_read_from_the_scripts_is_alembics(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # Unlocking reads the newest revision from the scripts without Alembic; it must be the
    # one Alembic upgrades to, also once a later script is added.
    def alembics_head() -> str | None:
        return ScriptDirectory.from_config(database._alembic_config()).get_current_head()

    assert database.head_revision() == alembics_head() is not None
    _newer_schema(tmp_path, monkeypatch)
    assert database.head_revision() == alembics_head() == "t002"


def test_an_up_to_date_vault_opens_without_alembic(vault: Vault) -> None:
    # A command-line start pays for every module it imports: Alembic is only for upgrades.
    vault.lock()
    code = ("import sys; from pathlib import Path; import willay.core.records; "
            "from willay.core.vault.vault import Vault; "
            f"v = Vault.open(Path({str(vault.path)!r})); v.unlock({PASSPHRASE!r}); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert run.stdout.strip() == "[]"
