"""Commands about this copy of Willay and its vault: ``selftest``, ``about`` (the bundled
components, their versions and licenses) and ``lock-check``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from willay.cli import output
from willay.core.i18n import _, ngettext, number

if TYPE_CHECKING:
    from willay.cli.context import Context


def about(ctx: Context, _args: argparse.Namespace) -> int:
    """List every bundled component with its version, license and license files."""
    from willay.core.components import components, version_text

    parts = components()
    if ctx.json:
        output.emit_json([c.as_dict() for c in parts])
        return 0
    output.emit(version_text().splitlines()[0])
    output.table([[c.name, c.version, c.license, c.role] for c in parts],
                 [_("COMPONENT"), _("VERSION"), _("LICENSE"), _("USED FOR")])
    output.emit()
    output.emit(_("License texts shipped with this copy:"))
    for part in parts:
        for path in part.license_files:
            output.emit(f"  {part.name}: {path}")
    return 0


def lock_check(ctx: Context, _args: argparse.Namespace) -> int:
    """Unlock, report format, schema and counts, lock."""
    from willay.core.records import service as records

    with ctx.unlocked() as vault:
        status = vault.status()
        with vault.session() as session:
            counts = records.count_records(session)
    if ctx.json:
        output.emit_json({"id": status.vault_id, "path": status.path,
                          "keyring_format": status.keyring_format, "schema": status.schema,
                          "name": status.name, "organization": status.organization,
                          "kdf_memory_mib": status.kdf_memory_mib, "counts": counts,
                          "backup": vault.backup_made})
        return 0
    output.emit(_("Vault {path} unlocked and locked again.").format(path=status.path))
    output.emit("  " + _("owner: {name} ({organization})").format(
        name=status.name or "—", organization=status.organization or "—"))
    output.emit("  " + _("key file format {keyring}, database version {schema}, "
                         "Argon2id {memory} MiB").format(
        keyring=status.keyring_format, schema=status.schema, memory=status.kdf_memory_mib))
    incidents, people, testimonies, items, revisions = (
        counts[key] for key in ("incident", "person", "testimony", "media", "revisions"))
    held = (ngettext("{count} incident", "{count} incidents", incidents).format(
                count=number(incidents)),
            ngettext("{count} person", "{count} people", people).format(count=number(people)),
            ngettext("{count} testimony", "{count} testimonies", testimonies).format(
                count=number(testimonies)),
            ngettext("{count} media item", "{count} media items", items).format(
                count=number(items)),
            ngettext("{count} revision", "{count} revisions", revisions).format(
                count=number(revisions)))
    output.emit("  " + ", ".join(held))
    if vault.backup_made:
        output.emit("  " + _("database upgraded; encrypted backup at {path}").format(
            path=vault.backup_made))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``selftest``, ``about`` and ``lock-check`` to the command parser."""
    p = sub.add_parser("selftest", help=_("check this installation end to end in a temporary "
                                          "folder, then remove it"))
    p.set_defaults(handler="selftest:selftest")
    p = sub.add_parser("about", help=_("bundled components, their versions and licenses"))
    p.set_defaults(handler=about)

    p = sub.add_parser("lock-check", help=_("unlock, report format, schema and counts, lock"))
    p.set_defaults(handler=lock_check)
