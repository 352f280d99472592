"""What a coordinator waits for on a large archive: the Reports page's counts and the
duplicate suggestions, each beside the same SQL on the plain copy where there is one,
and the peak memory of each in a fresh process.

Before measuring, 1 % of the incidents are linked in pairs as the same event (through
``links.decide``, as a coordinator would), so the counts merge linked records as they
do in real use. The suggestions are timed for a whole search, for a second visit with
nothing changed, and after importing a bundle of 1,000 records from a field vault.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
from functools import partial
from pathlib import Path

from sqlalchemy import delete
from sqlmodel import col

from willay.core.reconcile import duplicates, links, suggestion_store
from willay.core.reconcile.suggestion import INCIDENT, PERSON
from willay.core.records.filter import IncidentFilter
from willay.core.reports import counts
from willay.core.reports.summary import summarize
from willay.core.sharing import receive as sync_import
from willay.core.sharing import send as sync_export
from willay.core.vault.identity import own_card
from willay.core.vault.kept import DuplicateCandidate, PersonNameBlock
from willay.core.vault.vault import Vault

from . import worker
from .context import SEED, Context, capture, replay, timed, unlocked
from .loader import bulk_load
from .results import Result, result
from .vaults import introduce, new_vault

LINKED_SHARE = 0.01
REPORT_TARGET_S = 1.0
REPORT_RATIO_TARGET = 3.0
DUPLICATES_TARGET_S = 10.0
UPDATE_TARGET_S = 0.5
MEMORY_TARGET_MIB = 300
FIELD_INCIDENTS, FIELD_PEOPLE, FIELD_TESTIMONIES = 600, 200, 200  # the bundle's records

# The best plain SQLite can do for the same counts: one GROUP BY over the incidents by
# district and month, and one per vocabulary over the incidents joined to their codes.
PLAIN_GROUP_BY = [
    "SELECT coalesce(ubigeo, ''), CASE WHEN precision = 'day' OR substr(occurred_start, 1, "
    "7) = substr(occurred_end, 1, 7) THEN substr(occurred_start, 1, 7) ELSE '' END AS m, "
    "count(*), sum(killed), sum(injured), sum(detained) FROM incident GROUP BY 1, 2",
    *(f"SELECT coalesce(c.code, ''), count(*), sum(i.killed), sum(i.injured), "
      f"sum(i.detained) FROM incident AS i LEFT JOIN incident_code AS c ON c.incident_id = "
      f"i.id AND c.vocabulary = '{vocab}' GROUP BY 1" for vocab in ("violations",
                                                                     "perpetrators")),
]


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


def _plain_group_by(plain: sqlite3.Connection) -> None:
    for statement in PLAIN_GROUP_BY:
        plain.execute(statement).fetchall()


def _reports(ctx: Context, pairs: int) -> list[Result]:
    archive = ctx.archive
    n = ctx.label(len(archive.loaded.incidents))
    filters = {"all incidents": IncidentFilter(), "one department": IncidentFilter(place="21")}
    rows: list[Result] = []
    plain = sqlite3.connect(archive.plain)
    try:
        _plain_group_by(plain)  # warm-up
        best = statistics.median(timed(_plain_group_by, plain)[0] for _ in range(3))
        with unlocked(archive.vault) as vault:
            # A link made and undone: what linked incidents change in the counts is
            # computed again on the next report, and kept for the ones after it.
            with vault.session() as session:
                linked = links.groups(session, "incident")
                first, second = [i for i in archive.loaded.incidents[:100]
                                 if i not in linked][:2]
                links.decide(session, first, second, links.SAME)
                links.undo(session, first, second)
            after_change = timed(_summarize, vault, IncidentFilter())[0]
            for label, chosen in filters.items():
                _summarize(vault, chosen)  # warm-up
                # Each report in a session of its own, as the window asks for it.
                ours = [timed(_summarize, vault, chosen)[0] for _ in range(3)]
                with vault.session() as session:
                    sent = capture(vault.engine, partial(summarize, session, chosen))
                replay(plain, sent)
                base = [timed(replay, plain, sent)[0] for _ in range(3)]
                name = f"reports: totals + 6 tables, {label}, {n} incidents ({pairs:,} links)"
                rows.append(result(name, statistics.median(ours), "s", target=REPORT_TARGET_S))
                # Informational: the statements now read the kept counts, a few
                # milliseconds; what is left is merging the linked incidents in Python.
                rows.append(result(f"  {name} vs its SQL on plain SQLite",
                                   statistics.median(ours), "s",
                                   baseline=statistics.median(base)))
                if label == "all incidents":
                    rows.append(result(f"  {name}, the first after a link changed "
                                       "(linked incidents' share computed and kept)",
                                       after_change, "s"))
                    rows.append(result(
                        f"  {name} vs the best GROUP BY on plain SQLite over the same rows",
                        statistics.median(ours), "s", baseline=best,
                        target=REPORT_RATIO_TARGET))
            with vault.session() as session:
                full = timed(counts.build, session, IncidentFilter(), "es", "partners",
                             False)[0]
            rows.append(result(f"  the full report (every event built, for PDF/CSV), {n}",
                               full, "s"))
    finally:
        plain.close()
    report = worker.run("summary", archive.vault)
    rows += worker.memory_rows(report, f"counting the Reports page, {n} incidents",
                               "counting", MEMORY_TARGET_MIB)
    ctx.progress("report figures done")
    return rows


def _summarize(vault: Vault, filters: IncidentFilter) -> None:
    with vault.session() as session:
        summarize(session, filters)


def _suggest(vault_path: Path, kind: str, fresh: bool, first: bool = False) -> float:
    """Time the suggestions of ``kind`` as the page asks for them; return the seconds.

    ``fresh``: a full pass over the pairs kept before, as after a change of rules;
    ``first`` as well: with none kept, as the first visit after the upgrade.
    """
    with unlocked(vault_path) as vault:
        if fresh:
            with vault.session() as session:
                suggestion_store.forget(session, kind)
                if first:
                    session.execute(delete(DuplicateCandidate)
                                    .where(col(DuplicateCandidate.kind) == kind))
                    if kind == PERSON:
                        session.execute(delete(PersonNameBlock))
        with vault.session() as session:
            return timed(duplicates.suggestions, session, kind, 200)[0]


def _field_bundle(ctx: Context, coordinator: Path) -> Path:
    """Write a bundle of 1,000 records from a new field vault to the archive's vault."""
    field = new_vault(ctx.tmp / "field-duplicates", "Rosa")
    try:
        bulk_load(field, incidents=FIELD_INCIDENTS, people=FIELD_PEOPLE,
                  testimonies=FIELD_TESTIMONIES, seed=SEED + 11, progress=lambda _m: None)
        with unlocked(coordinator) as vault:
            introduce(field, vault)
            with vault.session() as session:
                name = own_card(session).name
        path = ctx.tmp / "field-duplicates.willay"
        sync_export.export_bundle(field, [name], path)
    finally:
        field.lock()
    return path


def _duplicates(ctx: Context) -> list[Result]:
    archive = ctx.archive
    over = {INCIDENT: f"{ctx.label(len(archive.loaded.incidents))} incidents",
            PERSON: f"{ctx.label(len(archive.loaded.people))} people"}
    rows: list[Result] = []
    for kind in (INCIDENT, PERSON):
        first = _suggest(archive.vault, kind, fresh=True, first=True)
        rows.append(result(f"duplicate search, a full pass over {over[kind]}",
                           _suggest(archive.vault, kind, fresh=True), "s",
                           target=DUPLICATES_TARGET_S))
        rows.append(result(f"  the first full pass over {over[kind]}, none kept yet (as "
                           "after the upgrade)", first, "s"))
        rows.append(result(f"  duplicate suggestions again, nothing changed, {over[kind]}",
                           _suggest(archive.vault, kind, fresh=False), "s",
                           target=UPDATE_TARGET_S))
    bundle = _field_bundle(ctx, archive.vault)
    with unlocked(archive.vault) as vault:
        imported = timed(sync_import.import_bundle, vault, bundle)[0]
    records = FIELD_INCIDENTS + FIELD_PEOPLE + FIELD_TESTIMONIES
    updated = sum(_suggest(archive.vault, kind, fresh=False) for kind in (INCIDENT, PERSON))
    rows.append(result(f"duplicate suggestions updated after importing a bundle of "
                       f"{records:,} records ({FIELD_INCIDENTS} incidents, {FIELD_PEOPLE} "
                       "people), incidents + people", updated, "s", target=UPDATE_TARGET_S))
    rows.append(result("  the import of that bundle itself", imported, "s"))
    for kind in (INCIDENT, PERSON):
        report = worker.run("duplicates", archive.vault, kind)
        rows += worker.memory_rows(report, f"a full duplicate search over {over[kind]}",
                                   "the search", MEMORY_TARGET_MIB)
    ctx.progress("duplicate figures done")
    return rows


def bench_coordination(ctx: Context) -> list[Result]:
    """Time the Reports page's counts, the full report and the duplicate suggestions."""
    pairs = _link_some(ctx)
    return _reports(ctx, pairs) + _duplicates(ctx)
