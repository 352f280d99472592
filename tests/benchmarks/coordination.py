"""What a coordinator waits for on a large archive: the Reports page's counts and the
duplicate search, each beside the same SQL on the plain copy where there is one.

Before measuring, 1 % of the incidents are linked in pairs as the same event (through
``links.decide``, as a coordinator would), so the counts merge linked records as they
do in real use.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from functools import partial

from willay.core.reconcile import duplicates, links
from willay.core.records.filter import IncidentFilter
from willay.core.reports import counts
from willay.core.reports.summary import summarize

from .context import SEED, Context, capture, replay, timed, unlocked
from .results import Result, result

LINKED_SHARE = 0.01
REPORT_TARGET_S = 1.0
REPORT_RATIO_TARGET = 3.0
DUPLICATES_TARGET_S = 10.0


def _link_some(ctx: Context) -> int:
    """Link 1 % of the loaded incidents in pairs (once per archive); return the pairs."""
    incidents = list(ctx.archive.loaded.incidents)
    chosen = random.Random(SEED + 7).sample(incidents, int(len(incidents) * LINKED_SHARE))
    pairs = list(zip(chosen[::2], chosen[1::2], strict=False))
    with unlocked(ctx.archive.vault) as vault, vault.session() as session:
        if links.decisions(session, "incident"):
            return len(pairs)
        for first, second in pairs:
            links.decide(session, first, second, links.SAME)
    return len(pairs)


def bench_coordination(ctx: Context) -> list[Result]:
    """Time the Reports page's counts (summary), the full report and the duplicate search."""
    archive = ctx.archive
    pairs = _link_some(ctx)
    n = ctx.label(len(archive.loaded.incidents))
    filters = {"all incidents": IncidentFilter(), "one department": IncidentFilter(place="21")}
    rows: list[Result] = []
    plain = sqlite3.connect(archive.plain)
    try:
        with unlocked(archive.vault) as vault:
            for label, chosen in filters.items():
                with vault.session() as session:
                    summarize(session, chosen)  # warm-up
                    ours = [timed(summarize, session, chosen)[0] for _ in range(3)]
                    sent = capture(vault.engine, partial(summarize, session, chosen))
                replay(plain, sent)
                base = [timed(replay, plain, sent)[0] for _ in range(3)]
                name = f"reports: totals + 6 tables, {label}, {n} incidents ({pairs:,} links)"
                rows.append(result(name, statistics.median(ours), "s", target=REPORT_TARGET_S))
                rows.append(result(f"  {name} vs its SQL on plain SQLite",
                                   statistics.median(ours), "s",
                                   baseline=statistics.median(base),
                                   target=REPORT_RATIO_TARGET))
            with vault.session() as session:
                full = timed(counts.build, session, IncidentFilter(), "es", "partners",
                             False)[0]
            rows.append(result(f"  the full report (every event built, for PDF/CSV), {n}",
                               full, "s"))
            ctx.progress("report figures done")
            for kind in ("incident", "person"):
                with vault.session() as session:
                    start = time.perf_counter()
                    duplicates.suggestions(session, kind, 200)
                    took = time.perf_counter() - start
                over = (f"{n} incidents" if kind == "incident"
                        else f"{ctx.label(len(archive.loaded.people))} people")
                rows.append(result(f"duplicate search, a full pass over {over}", took, "s",
                                   target=DUPLICATES_TARGET_S))
            ctx.progress("duplicate figures done")
    finally:
        plain.close()
    return rows
