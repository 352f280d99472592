"""Bundles into a hub by several coordinators at once, beside one process into a vault.

Six field vaults (cheapest KDF) write bundles of 100 records each (60 incidents, 20
people, 20 testimonies about them, bulk-loaded as the big archive is, with a consent
their receivers may get), every bundle for two receivers: a coordinator's vault and a
hub on a throwaway PostgreSQL server (:mod:`.hub_server`). Four processes import them
into the hub at the same moment, each with its own connection, as its own coordinator
(a database role of its own, cleared for legal testimonies); one process imports the
same bundles into the vault, which has one writer. Four senders' bundles go to one
process each; the other two senders' (a tenth of the bundles) are offered to two
processes each, at the same place in both lists, so the same bundle is often imported
by two processes at once. Bundles of one sender reach a process in the order they were
written, as a coordinator receives them (an older one after a newer would be refused
as a replay).

Afterwards the hub must hold every record sent, have taken each bundle once
(``received_bundle`` and one ``imported`` custody event per bundle), keep its custody
log one chain (``custody.verify_chain``), and no import may have failed. An import that
``receive.import_bundle`` gives up for concurrent changes (after four attempts) is done
again by its process, as the message asks a coordinator to, and counted apart.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from sqlalchemy import select, text
from sqlmodel import col

from willay.core.keys import kdf
from willay.core.records import custody
from willay.core.sharing import send
from willay.core.vault.hub import Hub
from willay.core.vault.identity import author_key_id
from willay.core.vault.models import ReceivedBundle, Record
from willay.core.vault.vault import Vault

from . import loader
from .context import PASSPHRASE, ROOT, SEED, Context, unlocked
from .hub_server import Server, as_role, server
from .hub_worker import AGAIN
from .results import Result, result
from .synthetic import Generator
from .vaults import introduce, new_vault

BUNDLES_FULL, BUNDLES_QUICK = 1_000, 100
INCIDENTS, PEOPLE, TESTIMONIES = 60, 20, 20  # each bundle's records
RECORDS = INCIDENTS + PEOPLE + TESTIMONIES
VAULT_NAME, HUB_NAME = "Coordinadora", "Central"
COORDINATORS = ("rosa", "juan", "ana", "luis")  # rosa made the hub; one process each
OWN_SENDERS = ("Brigada Juliaca", "Brigada Puno", "Brigada Cusco", "Brigada Andahuaylas")
SHARED_SENDERS = ("Brigada Huamanga", "Brigada Ilave")  # each offered to two processes
SHARED_SHARE = 0.1
IMPORT_RATIO_TARGET = 1.0
# Receivers of scope "legal" get every consent but "internal", which never leaves a vault.
PERSON_CONSENT, TESTIMONY_CONSENT = ("partners", "legal"), ("partners", "legal", "public")


def cheap_kdf() -> kdf.KdfParams:
    """The cheapest allowed KDF: unlocking is not what these figures measure."""
    return kdf.KdfParams(kdf.MIN_MEMORY_KIB, kdf.ITERATIONS, kdf.LANES,
                         os.urandom(kdf.SALT_BYTES))


@dataclass
class Stream:
    """One sender's bundles, in the order written, and the processes offered them."""

    sender: str
    processes: tuple[int, ...]
    count: int
    bundles: list[Path] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # the bundles' manifest ids


def _plan(total: int) -> list[Stream]:
    """Split ``total`` bundles among the senders; say which process imports whose."""
    shared = max(len(SHARED_SENDERS), round(total * SHARED_SHARE))

    def share(count: int, parts: int, n: int) -> int:
        return count // parts + (n < count % parts)

    own = len(OWN_SENDERS)
    return ([Stream(s, (n,), share(total - shared, own, n))
             for n, s in enumerate(OWN_SENDERS)]
            + [Stream(s, (2 * n, 2 * n + 1), share(shared, len(SHARED_SENDERS), n))
               for n, s in enumerate(SHARED_SENDERS)])


def _interleave(lists: list[list[Path]]) -> list[Path]:
    """Merge lists keeping each one's order, spreading each evenly over the whole."""
    placed = [(n / len(items), k, item) for k, items in enumerate(lists)
              for n, item in enumerate(items)]
    return [item for _at, _k, item in sorted(placed)]


def process_lists(streams: list[Stream]) -> list[list[Path]]:
    """The bundles each process imports: its own sender's, with a shared one's among them."""
    return [_interleave([s.bundles for s in streams if p in s.processes])
            for p in range(len(COORDINATORS))]


def _load_bundle_records(field_vault: Vault, gen: Generator, rng: random.Random
                         ) -> list[str]:
    """Bulk-load one bundle's records into ``field_vault`` (the loader's own steps)."""
    # Not bulk_load: it draws consents itself, "internal" among them, which never leaves
    # a vault; and a change to loader.py would build every cached archive again.
    with field_vault.session() as session:
        author = author_key_id(session)
        log = loader._CustodyLog(session)

    def load(kind: str, count: int, make: Callable[[], dict[str, Any]]) -> list[str]:
        return loader._load_kind(field_vault, kind, count, make, gen.new_id, author, log,
                                 lambda _message: None)

    incidents = load("incident", INCIDENTS, gen.incident)
    people = load("person", PEOPLE,
                  lambda: {**gen.person(), "consent": rng.choice(PERSON_CONSENT)})
    testimonies = load("testimony", TESTIMONIES, lambda: {
        **gen.testimony(rng.choice(people), rng.sample(incidents, rng.choice((1, 1, 2)))),
        "consent": rng.choice(TESTIMONY_CONSENT)})
    return incidents + people + testimonies


def _write_bundles(ctx: Context, tmp: Path, streams: list[Stream], hub: Hub,
                   coordinator: Vault) -> set[str]:
    """Make the field vaults and write every stream's bundles; return the records' ids."""
    folder = tmp / "bundles"
    folder.mkdir()
    sent: set[str] = set()
    for number, stream in enumerate(streams):
        field_vault = new_vault(tmp / f"field-{number}", stream.sender)
        gen, rng = Generator(SEED + 300 + number), random.Random(SEED + 400 + number)
        try:
            introduce(field_vault, coordinator, scope="legal")
            introduce(field_vault, cast(Vault, hub), scope="legal")
            for n in range(stream.count):
                sent.update(_load_bundle_records(field_vault, gen, rng))
                path = folder / f"{number}-{n:04d}.willay"
                done = send.export_bundle(field_vault, [VAULT_NAME, HUB_NAME], path)
                if done.revisions != RECORDS:
                    raise AssertionError(f"{path.name} carries {done.revisions} records")
                stream.bundles.append(path)
                stream.ids.append(done.bundle_id)
        finally:
            field_vault.lock()
        ctx.progress(f"  {stream.sender}: {len(stream.bundles)} bundles written")
    return sent


def _run_workers(commands: list[list[str]]) -> list[dict[str, Any]]:
    """Start the workers, let them all begin at once when ready, return their reports."""
    with ExitStack() as stack:
        # Their stderr goes to files: a pipe nobody reads while they import could fill.
        errors = [stack.enter_context(tempfile.TemporaryFile("w+")) for _ in commands]
        workers = [subprocess.Popen([sys.executable, "-m", "tests.benchmarks.hub_worker",
                                     *command], cwd=ROOT, stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=error, text=True)
                   for command, error in zip(commands, errors, strict=True)]
        try:
            return _signal_and_collect(workers, errors)
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait()


def _signal_and_collect(workers: list[subprocess.Popen[str]], errors: Sequence[IO[str]]
                        ) -> list[dict[str, Any]]:
    """Wait until every worker is ready, say go to all, and read their reports."""
    def failure(n: int, what: str) -> RuntimeError:
        workers[n].wait()
        errors[n].seek(0)
        return RuntimeError(f"hub worker {what} ({workers[n].returncode}):\n"
                            f"{errors[n].read().strip()}")

    for n, worker in enumerate(workers):
        assert worker.stdout is not None
        if worker.stdout.readline().strip() != "ready":
            raise failure(n, "failed to start")
    os.sync()  # what writing the bundles left dirty weighs on no one's import
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    reports = []
    for n, worker in enumerate(workers):
        out, _err = worker.communicate()
        if worker.returncode != 0:
            raise failure(n, "failed")
        reports.append(json.loads(out.strip().splitlines()[-1]))
    return reports


def _listing(tmp: Path, name: str, bundles: list[Path]) -> str:
    path = tmp / f"{name}.txt"
    path.write_text("".join(f"{bundle}\n" for bundle in bundles))
    return str(path)


@dataclass(frozen=True)
class Outcome:
    """What an archive holds after the imports, against what was sent."""

    lost: int  # records sent and not held, or held and never sent
    not_once: set[str]  # ids of bundles without one received_bundle row and one event
    chain_problems: int


def _outcome(store: Vault | Hub, sent: set[str], bundle_ids: set[str]) -> Outcome:
    with store.session() as session:
        held = set(session.execute(select(col(Record.id))).scalars())
        received = set(session.execute(select(col(ReceivedBundle.id))).scalars())
        taken = dict(session.execute(text(
            "SELECT subject, count(*) FROM custody_event WHERE action = 'imported' "
            "GROUP BY subject")).tuples().all())
        problems = custody.verify_chain(session)
    not_once = {b for b in bundle_ids | set(taken) | received
                if taken.get(b) != 1 or b not in received or b not in bundle_ids}
    return Outcome(len(sent ^ held), not_once, len(problems))


def bench_hub_import(ctx: Context) -> list[Result]:
    """Import bundles of 100 records into a hub by 4 processes, vs one into a vault."""
    with tempfile.TemporaryDirectory(prefix="hub-import-", dir=ctx.tmp) as tmp, \
            server() as running:
        return _hub_import(ctx, Path(tmp), running)


def _hub_import(ctx: Context, tmp: Path, running: Server) -> list[Result]:
    total = BUNDLES_QUICK if ctx.quick else BUNDLES_FULL
    streams = _plan(total)
    url = running.new_database()
    hub = Hub.create(url, HUB_NAME, "Red Sur", COORDINATORS[0], PASSPHRASE, cheap_kdf())
    coordinator = new_vault(tmp / "coordinator", VAULT_NAME)
    try:
        for name in COORDINATORS[1:]:
            hub.add_coordinator(name, PASSPHRASE, "legal", kdf_params=cheap_kdf())
        ctx.progress(f"writing {total:,} bundles of {RECORDS} records from "
                     f"{len(streams)} field vaults")
        sent = _write_bundles(ctx, tmp, streams, hub, coordinator)
    finally:
        hub.lock()
        coordinator.lock()
    bundle_ids = {bundle_id for stream in streams for bundle_id in stream.ids}

    ctx.progress(f"importing them into the vault, one process ({_load()})")
    everything = _interleave([stream.bundles for stream in streams])
    [alone] = _run_workers([["vault", str(tmp / "coordinator"),
                             _listing(tmp, "vault", everything)]])
    lists = process_lists(streams)
    ctx.progress(f"importing them into the hub, {len(lists)} processes at once ({_load()})")
    together = _run_workers([
        ["hub", as_role(url, name) if n else url, name, _listing(tmp, name, lists[n])]
        for n, name in enumerate(COORDINATORS)])
    ctx.progress(f"imports done ({_load()}); checking what the hub and the vault hold")

    with unlocked(tmp / "coordinator") as vault:
        in_vault = _outcome(vault, sent, bundle_ids)
    if alone["failed"] or in_vault.lost or in_vault.not_once or in_vault.chain_problems:
        raise AssertionError(f"the vault's import is incomplete: {in_vault}, "
                             f"failed {alone['failed']}")
    hub = Hub.connect(url)
    hub.unlock(COORDINATORS[0], PASSPHRASE)
    try:
        in_hub = _outcome(hub, sent, bundle_ids)
    finally:
        hub.lock()
    return _rows(ctx, streams, alone, together, in_hub)


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f}, {five:.2f}"


def _rows(ctx: Context, streams: list[Stream], alone: dict[str, Any],
          together: list[dict[str, Any]], in_hub: Outcome) -> list[Result]:
    total = sum(stream.count for stream in streams)
    records = total * RECORDS
    vault_s = alone["end"] - alone["start"]
    hub_s = max(r["end"] for r in together) - min(r["start"] for r in together)
    failed = {name: why for r in together for name, why in r["failed"].items()}
    refused = [name for r in together for name in r["refused"]]
    for name, why in list(failed.items())[:5]:
        ctx.progress(f"warning: the hub did not take {name}: {why}")
    # A bundle is taken once when one process imported it and the hub says so too.
    by_name = {path.name: bundle_id for stream in streams
               for path, bundle_id in zip(stream.bundles, stream.ids, strict=True)}
    imported = Counter(by_name[name] for r in together for name in r["imported"])
    not_once = in_hub.not_once | {b for b in by_name.values() if imported[b] != 1}
    offered = sum(len(r["imported"]) + len(r["already"]) + len(r["failed"])
                  for r in together) + len(refused)
    again = sum(r["attempts"] for r in together) - offered
    shared = sum(stream.count for stream in streams if len(stream.processes) > 1)
    ctx.progress(f"hub import: {records / hub_s:,.0f} records/s ({hub_s:.1f}s), vault "
                 f"{records / vault_s:,.0f} records/s ({vault_s:.1f}s); {again} imports "
                 f"started again after a collision, {len(refused)} refused for one")
    what = (f"{total:,} bundles of {RECORDS} records from {len(streams)} field vaults, "
            f"{len(together)} processes at once")
    return [
        result(f"hub import: {what}, records/s; vs the same bundles by one process into a "
               "vault", records / hub_s, "records/s", baseline=records / vault_s),
        result(f"  hub import, {what}: the time vs one process into a vault", hub_s, "s",
               baseline=vault_s, target=IMPORT_RATIO_TARGET),
        result(f"  bundles offered to two processes at once ({shared:,}; one imports, the "
               "other finds it already imported)", shared, "bundles"),
        result("  imports started again by import_bundle because another coordinator's "
               f"change crossed them (of {offered:,} started)", again, "imports"),
        result("hub import: imports refused for a concurrent change after 4 attempts "
               f"(\"do it again\"; done again here, {AGAIN} times at most)", len(refused),
               "imports", target=0),
        result(f"hub import, no loss: records sent and not on the hub, or there unsent (of "
               f"{records:,})", in_hub.lost, "records", target=0),
        result(f"hub import, no loss: bundles not taken exactly once (of {total:,}; one "
               "received_bundle row, one 'imported' custody event, one process's answer)",
               len(not_once), "bundles", target=0),
        result("hub import, no loss: problems in the hub's custody chain (verify_chain)",
               in_hub.chain_problems, "problems", target=0),
        result("hub import, no loss: imports that failed (any other error, or refused "
               f"{AGAIN} times)", len(failed), "bundles", target=0),
    ]
