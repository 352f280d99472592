"""Search and the Reports page's counts on a hub holding the synthetic archive, beside the
same on the vault.

The hub is the archive's vault moved in by ``hub_push.push`` (its rows, its identity,
its own search index, everything checked) on a PostgreSQL server of the benchmarks
(:mod:`.hub_server`). Moving a million records in takes long, so the server's data
folder is kept in ``.bench-cache/`` beside the archive it was made from (vacuumed and
analyzed, as autovacuum leaves it soon after), named by what makes the hub's tables and
index; each run starts a server on a copy of it.

The searches and reports run as the hub's owner (the role that made it, whom row-level
security does not limit), each in a session of its own as the window asks, and again
through a coordinator's own role (cleared for every consent, so row-level security is
checked on every row and hides nothing); a search through that role is cut at a bound
so that a plan gone wrong shows as a figure, not as a run that never ends. Hub and vault
alternate query by query, so that other work on the machine weighs on both.
"""

from __future__ import annotations

import hashlib
import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from willay.core.reconcile import links
from willay.core.records import hub_push, search
from willay.core.records.filter import IncidentFilter
from willay.core.reports.summary import Summary, summarize
from willay.core.vault import hub_schema
from willay.core.vault.hub import Hub
from willay.core.vault.vault import Vault

from .context import CACHE, PASSPHRASE, ROOT, SEED, Context, archive_key, timed, unlocked
from .hub_import import cheap_kdf
from .hub_server import as_role, bin_dir, server
from .results import Result, percentile, result
from .synthetic import Generator

T = TypeVar("T")
DATABASE = "willay"
OWNER, COORDINATOR = "rosa", "juan"
# What makes the hub's tables (its migrations), its search index and its access rules.
MADE_BY = ("desktop/willay/core/records/search_postgres.py",
           "desktop/willay/core/vault/hub_access.py")
SETTLE = "VACUUM (ANALYZE)"  # run on the hub once it is made (part of its name too)
# The vault's own bounds (search in run.py, reports in coordination.py), and a small
# factor beside the vault for a server on the same machine (see the README).
SEARCH_TARGET_MS, REPORT_TARGET_S = 30.0, 1.0
SEARCH_RATIO_TARGET = REPORT_RATIO_TARGET = 3.0
# A search through a coordinator's own role is cut at this bound.
CLEARED_TIMEOUT_MS = 10_000
REPORT_FILTERS = {"all incidents": IncidentFilter(), "one department": IncidentFilter(place="21")}


def hub_key() -> str:
    """Name the kept hub by the schema it was made with and the code that makes it."""
    digest = hashlib.sha256(f"{hub_schema.head()} {bin_dir()} {SETTLE}".encode())
    sources = [ROOT / name for name in MADE_BY]
    sources += sorted(hub_schema.MIGRATIONS_DIR.rglob("*.py"))
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _kept_hub(ctx: Context) -> Path:
    """The data folder of a server holding the archive's hub, made first if there is none."""
    entry = CACHE / archive_key(ctx.sizes)
    folder = entry / f"hub-{hub_key()}"
    if (folder / "ready").exists():
        ctx.progress(f"using the hub kept in {folder.relative_to(ROOT)} (made "
                     f"{(folder / 'ready').read_text().splitlines()[0]})")
        return folder / "data"
    for old in entry.glob("hub-*"):  # made by other code: of no more use
        shutil.rmtree(old, ignore_errors=True)
    folder.mkdir()
    ctx.progress("moving the archive's vault into a new hub with hub_push.push (kept for "
                 "later runs)")
    with server(save_to=folder / "data") as running:
        url = running.new_database(DATABASE)
        with unlocked(entry / "vault") as vault:
            seconds, pushed = timed(hub_push.push, vault, url, OWNER, PASSPHRASE,
                                    cheap_kdf())
        hub = Hub.connect(url)
        hub.unlock(OWNER, PASSPHRASE)
        try:
            hub.add_coordinator(COORDINATOR, PASSPHRASE, "internal", kdf_params=cheap_kdf())
        finally:
            hub.lock()
        # What autovacuum does within minutes of a move on a server left running:
        # planner statistics and the visibility map, so every run starts from it.
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"),
                               isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(SETTLE))
        finally:
            engine.dispose()
    ctx.progress(f"moved in {seconds:.0f}s: {pushed.revisions:,} revisions and "
                 f"{pushed.custody_events:,} custody events checked")
    (folder / "ready").write_text(f"{time.strftime('%Y-%m-%d %H:%M')}\n{seconds:.1f}\n"
                                  f"{pushed.revisions}\n")
    return folder / "data"


def _alternating(rounds: int, items: list[T], vault_run: Callable[[T], float],
                 hub_run: Callable[[T], float]) -> tuple[list[float], list[float]]:
    """Time each item on the vault and then on the hub, ``rounds`` times over."""
    on_vault: list[float] = []
    on_hub: list[float] = []
    for _ in range(rounds):
        for item in items:
            on_vault.append(vault_run(item))
            on_hub.append(hub_run(item))
    return on_vault, on_hub


def _searching(session_of: Callable[[], AbstractContextManager[Session]],
               timeout_ms: int | None = None) -> Callable[[str], float]:
    """Time one search in a session of its own; a hub's may be cut at ``timeout_ms``."""
    def run(query: str) -> float:
        with session_of() as session:
            if timeout_ms is not None:
                session.execute(text(f"SET LOCAL statement_timeout = {int(timeout_ms)}"))
            start = time.perf_counter()
            try:
                search.search(session, query)
            except OperationalError:  # cut at the timeout: it took at least that long
                session.rollback()
                return max(time.perf_counter() - start, (timeout_ms or 0) / 1000)
            return time.perf_counter() - start
    return run


def _counting(store: Vault | Hub) -> Callable[[IncidentFilter], float]:
    def run(filters: IncidentFilter) -> float:
        with store.session() as session:
            start = time.perf_counter()
            summarize(session, filters)
            return time.perf_counter() - start
    return run


def _differing(vault: Vault, hub: Hub) -> tuple[int, int]:
    """How many reports' totals and tables differ between the vault and the hub, of how
    many."""
    differ = compared = 0
    for filters in REPORT_FILTERS.values():
        found: list[Summary] = []
        for store in (vault, hub):
            with store.session() as session:
                found.append(summarize(session, filters))
        mine, theirs = found
        differ += mine.totals != theirs.totals
        differ += sum(mine.tables[d] != theirs.tables.get(d) for d in mine.tables)
        compared += 1 + len(mine.tables)
    return differ, compared


@contextmanager
def _opened(url: str, coordinator: str) -> Iterator[Hub]:
    hub = Hub.connect(url)
    hub.unlock(coordinator, PASSPHRASE)
    try:
        yield hub
    finally:
        hub.lock()


def _search_rows(ctx: Context, vault: Vault, owner: Hub, cleared: Hub) -> list[Result]:
    queries = Generator(SEED + 2).queries(200)
    rounds = 1 if ctx.quick else 2
    on_vault, on_hub = _searching(vault.session), _searching(owner.session)
    _alternating(1, queries, on_vault, on_hub)  # warm-up, not counted
    vault_s, hub_s = _alternating(rounds, queries, on_vault, on_hub)
    ctx.progress(f"search p95 {percentile(hub_s, 95) * 1000:.1f} ms on the hub, "
                 f"{percentile(vault_s, 95) * 1000:.1f} ms on the vault; now through a "
                 "coordinator's role")
    vault_again, cleared_s = _alternating(
        rounds, queries, on_vault, _searching(cleared.session, CLEARED_TIMEOUT_MS))
    ms_vault = [t * 1000 for t in vault_s]
    ms_hub = [t * 1000 for t in hub_s]
    loaded = ctx.archive.loaded
    docs = (f"{len(loaded.testimonies):,} testimonies + {len(loaded.incidents):,} "
            f"incidents + {len(loaded.people):,} people")
    cut = sum(t >= CLEARED_TIMEOUT_MS / 1000 for t in cleared_s)
    name = f"hub search p95, {len(queries)} queries x {rounds}, {docs}, as the hub's owner"
    return [
        result(name, percentile(ms_hub, 95), "ms", target=SEARCH_TARGET_MS),
        result(f"  {name}; vs the same searches on the vault", percentile(ms_hub, 95), "ms",
               baseline=percentile(ms_vault, 95), target=SEARCH_RATIO_TARGET),
        result("  hub search p50 vs the vault's", percentile(ms_hub, 50), "ms",
               baseline=percentile(ms_vault, 50)),
        result("  hub slowest search vs the vault's", max(ms_hub), "ms",
               baseline=max(ms_vault)),
        result(f"hub search p95 through a coordinator's own role (row-level security), "
               f"the same queries, {cut} cut at {CLEARED_TIMEOUT_MS // 1000} s",
               percentile(cleared_s, 95) * 1000, "ms", target=SEARCH_TARGET_MS),
        result("  the same; vs the same searches on the vault",
               percentile(cleared_s, 95) * 1000, "ms",
               baseline=percentile(vault_again, 95) * 1000, target=SEARCH_RATIO_TARGET),
    ]


def _report_rows(ctx: Context, vault: Vault, hub: Hub, cleared: Hub) -> list[Result]:
    n = ctx.label(len(ctx.archive.loaded.incidents))
    rows = []
    for who, store in (("as the hub's owner", hub),
                       ("through a coordinator's own role", cleared)):
        differing, compared = _differing(vault, store)  # also the reports' warm-up
        for label, filters in REPORT_FILTERS.items():
            mine, theirs = _alternating(3, [filters], _counting(vault), _counting(store))
            name = (f"hub reports: totals + 6 tables, {label}, {n} incidents, {who}, "
                    "median of 3")
            rows.append(result(name, statistics.median(theirs), "s",
                               target=REPORT_TARGET_S))
            rows.append(result(f"  {name}; vs the same on the vault",
                               statistics.median(theirs), "s",
                               baseline=statistics.median(mine),
                               target=REPORT_RATIO_TARGET))
        rows.append(result(f"hub reports {who}: totals or tables that differ from the "
                           f"vault's (of {compared})", differing, "tables", target=0))
    return rows


def bench_hub_search(ctx: Context) -> list[Result]:
    """Search p95 and the Reports counts on a hub of the archive, vs on the vault."""
    archive = ctx.archive
    kept = _kept_hub(ctx)
    made = (kept.parent / "ready").read_text().splitlines()
    with server(kept) as running, unlocked(archive.vault) as vault, \
            _opened(running.url(DATABASE), OWNER) as owner, \
            _opened(as_role(running.url(DATABASE), COORDINATOR), COORDINATOR) as cleared:
        with vault.session() as session:
            if links.decisions(session, "incident"):
                ctx.progress("warning: the vault has links the hub lacks; its counts "
                             "differ (run hub-search before coordination)")
        rows = _search_rows(ctx, vault, owner, cleared)
        rows += _report_rows(ctx, vault, owner, cleared)
    ctx.progress("hub search and report figures done")
    rows.append(result(f"  moving the vault into the hub (hub_push.push, every check), "
                       f"{int(made[2]):,} revisions, when it was made ({made[0]})",
                       float(made[1]), "s"))
    return rows
