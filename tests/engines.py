"""What a test of the core does differently on a vault and on a hub, where the two
engines really differ: reaching the stored bytes behind the services (to damage them, as
an attacker or a failing disk would), and locking then opening the archive again."""

from __future__ import annotations

import hashlib
from typing import cast

from sqlalchemy import text

from tests.conftest import HUB_PASSPHRASE, PASSPHRASE, tree_snapshot
from willay.core.vault.hub import Hub
from willay.core.vault.vault import Vault


def on_hub(archive: Vault | Hub) -> bool:
    """Whether ``archive`` is a hub."""
    return isinstance(archive, Hub)


def damage_original(archive: Vault | Hub, sha256: str, offset: int = 100) -> None:
    """Flip one bit of an original's encrypted bytes where the archive keeps them: its
    file in a vault, its stored parts on a hub (``offset`` below 0 counts from the end:
    of the file, of the last part)."""
    if isinstance(archive, Hub):
        part = "0" if offset >= 0 else "(SELECT max(seq) FROM hub_object_part q " \
                                       "WHERE q.object_id = p.object_id)"
        at = ":at" if offset >= 0 else "length(p.data) + :at"
        with archive.engine.begin() as conn:
            changed = conn.execute(text(
                f"UPDATE hub_object_part p SET data = set_byte(p.data, {at}, "
                f"get_byte(p.data, {at}) # 1) FROM hub_object o "
                f"WHERE o.id = p.object_id AND o.sha256 = :sha AND p.seq = {part}"),
                {"at": offset, "sha": sha256}).rowcount
        assert changed == 1, "the original is not stored in the hub's database"
        return
    path = archive.objects.path_for(sha256)
    data = bytearray(path.read_bytes())
    data[offset] ^= 1
    path.write_bytes(bytes(data))


def replace_in_bodies(archive: Vault | Hub, old: str, new: str,
                         table: str = "revision") -> None:
    """Rewrite the stored body of every row of ``table`` (revisions, or another table of
    signed bodies), ``old`` replaced by ``new``, behind the services' back."""
    if isinstance(archive, Hub):
        statement = (f"UPDATE {table} SET body = convert_to(replace(convert_from(body, "
                     "'UTF8'), :old, :new), 'UTF8')")
    else:
        statement = (f"UPDATE {table} SET body = CAST(replace(CAST(body AS TEXT), :old, "
                     ":new) AS BLOB)")
    with archive.engine.begin() as conn:
        conn.execute(text(statement), {"old": old, "new": new})


def stored_state(archive: Vault | Hub, passphrase: str) -> dict[str, str]:
    """Everything the archive has stored, to prove that nothing was changed: a vault's
    files (locked for the reading, then unlocked with ``passphrase``), or a digest of
    every row of each of a hub's tables."""
    if isinstance(archive, Hub):
        with archive.engine.connect() as conn:
            tables = conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "ORDER BY tablename")).scalars().all()
            return {table: str(conn.execute(text(
                f"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' "
                f"ORDER BY t::text)), '') FROM {table} t")).scalar_one()) for table in tables}
    archive.lock()
    files = {name: hashlib.sha256(data).hexdigest()
             for name, data in tree_snapshot(archive.path).items()}
    archive.unlock(passphrase)
    return files


def reopened(archive: Vault | Hub) -> Vault:
    """Lock ``archive`` and open it again from what is stored, with its passphrase (the
    same archive to the record services, which take a hub where they take a vault)."""
    if isinstance(archive, Hub):
        coordinator = str(archive.coordinator)
        archive.lock()
        archive.unlock(coordinator, HUB_PASSPHRASE)
        return cast(Vault, archive)
    archive.lock()
    again = Vault.open(archive.path)
    again.unlock(PASSPHRASE)
    return again
