"""Importing a bundle whose ``records.jsonl`` alone is 300 MB (30 MB with ``--quick``).

The field vault signs one testimony a partner would send, then the same revision is
made again and again for new records (each a new id, its transcript 10 KB of other
words), every one signed with the field vault's key, until the member reaches its size.
The bundle is sealed the way ``bundle.seal`` seals one (``tests.sync.forge``). The import
runs in a fresh process that reports its peak RSS (target: under 200 MiB whatever the
bundle); beside it, the stock pipeline reading the same bundle, ``age -d | tar x``.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ed25519

from tests.sync import forge
from willay.core.canonical import canonical_json
from willay.core.records import service as records
from willay.core.sharing import send as sync_export

from . import worker
from .context import Context, timed
from .results import Result, result
from .vaults import introduce, new_vault, write_age_identity

PARTNER = "Coordinadora (pruebas)"
SEED = 20230301
FULL_BYTES = 300 * 1024 * 1024
QUICK_BYTES = 30 * 1024 * 1024
NARRATIVE = 10_000
WORDS = ("puente", "policía", "disparo", "herido", "madrugada", "plaza", "comunidad",
         "dirigente", "testigo", "hospital", "humo", "piedra", "corrieron", "llegaron")


def bench_big_records(ctx: Context) -> list[Result]:
    """Peak memory and time of importing 300 MB of revisions, against ``age -d | tar x``."""
    with tempfile.TemporaryDirectory(prefix="big-records-", dir=ctx.tmp) as tmp:
        return _rows(ctx, Path(tmp))


def _rows(ctx: Context, tmp: Path) -> list[Result]:
    target = QUICK_BYTES if ctx.quick else FULL_BYTES
    field = new_vault(tmp / "field", "Rosa")
    coordinator = new_vault(tmp / "coordinator", PARTNER)
    try:
        with field.session() as session:
            incident = records.create(session, "incident", {
                "title": "Represión en el puente", "occurred": {"text": "2023-01-09"}})
            witness = records.create(session, "person", {
                "full_name": "Juana Quispe Mamani", "pseudonym": "", "consent": "partners"})
            records.create(session, "testimony", {
                "incidents": [incident], "witness": witness, "language": "es",
                "consent": "partners", "transcript": "x", "interviewer": "Rosa"})
        introduce(field, coordinator)
        real = tmp / "real.willay"
        sync_export.export_bundle(field, [PARTNER], real)
        payload = forge.unpack(real, field)
        ctx.progress(f"big records: signing revisions up to {target // 2**20} MB")
        lines = _revisions(payload.records, forge.identity(field).signing_key, target)
        bundle = tmp / "big.willay"
        forge.forge(bundle, field, [coordinator],
                    forge.Payload(lines, payload.custody, []))
        count = lines.count(b"\n")
        size = len(lines)
        del lines, payload
        identity_path = write_age_identity(coordinator, tmp / "identity.txt")
    finally:
        field.lock()
        coordinator.lock()

    ctx.progress(f"big records: importing {count:,} revisions ({size / 2**20:.0f} MB)")
    report = worker.run("import", coordinator.path, bundle)
    if report["new_revisions"] != count or not report["again_already_imported"]:
        raise AssertionError(f"imported {report['new_revisions']} of {count} revisions")
    extracted = tmp / "extracted"
    extracted.mkdir()
    stock = timed(_age_tar, identity_path, bundle, extracted)[0]
    shutil.rmtree(extracted)
    doing = f"importing a records.jsonl of {size / 2**20:.0f} MB ({count:,} revisions)"
    return [
        *worker.memory_rows(report, doing, "the import"),
        result(f"  time of that import (every signature checked, {count:,} records stored)",
               report["seconds"], "s", baseline=stock),
        result("  age -d | tar x of the same bundle", stock, "s"),
        result("  importing it again (known: every byte re-read, nothing written)",
               report["again_seconds"], "s", baseline=report["seconds"]),
    ]


def _revisions(records_jsonl: bytes, key: ed25519.Ed25519PrivateKey, target: int) -> bytes:
    """The bundle's own lines, then copies of its testimony for new records, signed."""
    rng = random.Random(SEED)
    own = records_jsonl.splitlines()
    template = next(json.loads(line)["body"] for line in own
                    if json.loads(line)["body"]["kind"] == "testimony")
    out = bytearray(records_jsonl)
    while len(out) < target:
        body = dict(template, record=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    parents=[])
        words: list[str] = []
        length = 0
        while length < NARRATIVE:
            words.append(rng.choice(WORDS))
            length += len(words[-1]) + 1
        body["fields"] = dict(template["fields"], transcript=" ".join(words))
        canonical = canonical_json(body)
        signature = key.sign(canonical)
        out += canonical_json({"body": body, "signature": signature.hex()}) + b"\n"
    return bytes(out)


def _age_tar(identity: Path, bundle: Path, into: Path) -> None:
    decrypt = subprocess.Popen(["age", "-d", "-i", str(identity), str(bundle)],
                               stdout=subprocess.PIPE)
    assert decrypt.stdout is not None
    untar = subprocess.run(["tar", "xf", "-", "-C", str(into)], stdin=decrypt.stdout,
                           check=False)
    decrypt.stdout.close()
    if decrypt.wait() or untar.returncode:
        raise RuntimeError("age -d | tar x failed on the big bundle")
