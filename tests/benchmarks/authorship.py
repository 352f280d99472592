"""Author signatures: checking them on import of 100,000 revisions, and ``verify`` of the
synthetic archive (every revision's signature, the custody chain, every original).

The import figure is the time spent in the author signature checks of
``receive.check_authors`` (from ``sharing.line_checks``) during a real import of a
records-only bundle; the whole import and the same Ed25519 verifications done bare
(``cryptography`` over the same bodies and signatures, nothing else) are shown beside it.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ed25519

from tests.sync import forge
from willay.core.canonical import canonical_json
from willay.core.records.verify import verify_vault
from willay.core.sharing import receive as sync_import
from willay.core.sharing import send as sync_export
from willay.core.vault.vault import Vault

from .context import Context, timed, unlocked
from .loader import bulk_load
from .results import Result, result
from .vaults import introduce, new_vault
from .worker import stopwatch

PARTNER = "Coordinadora (pruebas)"
SEED = 20230217


def bench_authorship(ctx: Context) -> list[Result]:
    """Signature checks on import of 100,000 revisions; verify of the synthetic archive."""
    with tempfile.TemporaryDirectory(prefix="authorship-", dir=ctx.tmp) as tmp:
        rows = _import_rows(ctx, Path(tmp))
    return rows + _verify_rows(ctx)


def _import_rows(ctx: Context, tmp: Path) -> list[Result]:
    total = 10_000 if ctx.quick else 100_000  # revisions, whatever the archive's size
    ctx.progress(f"authorship: loading {total:,} incidents into a field vault")
    field = new_vault(tmp / "field", "Rosa")
    coordinator = new_vault(tmp / "coordinator", PARTNER)
    try:
        # Incidents only: no consent holds any back, so every revision travels.
        bulk_load(field, incidents=total, people=0, testimonies=0, seed=SEED,
                  progress=lambda _message: None)
        introduce(field, coordinator)
        bundle = tmp / "records.willay"
        exported = sync_export.export_bundle(field, [PARTNER], bundle)
        ctx.progress(f"authorship: importing {exported.revisions:,} signed revisions")
        with stopwatch(sync_import, "check_authors") as checking:
            seconds, imported = timed(sync_import.import_bundle, coordinator, bundle)
        if imported.new_revisions != exported.revisions:
            raise AssertionError(f"{imported.new_revisions} of {exported.revisions} imported")
        bare = _bare_checks(field, bundle)
    finally:
        field.lock()
        coordinator.lock()
    count = exported.revisions
    return [
        result(f"author signature checks on import of {count:,} revisions", sum(checking),
               "s", target=5.0),
        result("  the same Ed25519 verifications alone (cryptography, no parsing)", bare, "s"),
        result(f"  the whole import of those {count:,} revisions (records only)", seconds, "s"),
    ]


def _bare_checks(field: Vault, bundle: Path) -> float:
    """Seconds for the Ed25519 verifications of the bundle's revisions, and nothing else."""
    key = forge.identity(field).signing_key
    public = ed25519.Ed25519PublicKey.from_public_bytes(key.public_key().public_bytes_raw())
    payload = forge.unpack(bundle, field)
    pairs = []
    for line in payload.records.splitlines():
        doc = json.loads(line)
        pairs.append((canonical_json(doc["body"]), bytes.fromhex(doc["signature"])))
    start = time.perf_counter()
    for body, signature in pairs:
        public.verify(signature, body)
    return time.perf_counter() - start


def _verify_rows(ctx: Context) -> list[Result]:
    archive = ctx.archive
    with unlocked(archive.vault) as vault:
        ctx.progress("authorship: verify of the synthetic archive")
        seconds, report = timed(verify_vault, vault)
    if not report.ok:
        raise AssertionError(f"the synthetic archive does not verify: {report.problems[:3]}")
    return [result(f"verify of a vault of {report.revisions:,} revisions and "
                   f"{report.events:,} custody events (every signature)", seconds, "s")]
