"""The Reports page keeps what linked incidents change in its counts, and never uses it
once a link, a linked incident or its codes changed."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select, text
from sqlmodel import Session

from tests.benchmarks.synthetic import Generator
from tests.unit.test_count_tally import TALLIED, _fill, _same_counts
from willay.core.reconcile import links
from willay.core.records import service as records
from willay.core.reports.summary import summarize
from willay.core.vault.kept import CountCorrection, CountCorrectionState
from willay.core.vault.vault import Vault


def _state(vault: Vault) -> tuple[int, int]:
    with vault.session() as session:
        state = session.get(CountCorrectionState, 1)
        assert state is not None
        return state.changes, state.kept


def _current(vault: Vault) -> bool:
    changes, kept = _state(vault)
    return changes == kept


def _linked(vault: Vault) -> list[str]:
    ids = _fill(vault)
    with vault.session() as session:
        for first, second in ((0, 1), (1, 2), (3, 4), (6, 8), (10, 11)):
            links.decide(session, ids[first], ids[second], links.SAME)
    return ids


def test_the_first_report_keeps_the_correction_and_the_next_ones_read_it(
        vault: Vault) -> None:
    _linked(vault)
    assert not _current(vault)
    _same_counts(vault)  # computed, then kept
    assert _current(vault)
    with vault.session() as session:
        assert session.execute(select(func.count()).select_from(CountCorrection)).scalar()
        before = [summarize(session, filters) for filters in TALLIED]
    _same_counts(vault)  # read back: still the counts the full report gives
    with vault.session() as session:
        assert [summarize(session, filters) for filters in TALLIED] == before


def test_every_change_behind_the_correction_makes_it_computed_again(vault: Vault) -> None:
    ids = _linked(vault)
    changes: list[Callable[[Session], object]] = [
        lambda s: records.edit(s, ids[0], {"killed": 9, "status": "reviewed"}),
        lambda s: records.edit(s, ids[1], {"violations": ["torture"], "perpetrators": []}),
        lambda s: records.edit(s, ids[3], {"place": {"ubigeo": "080101", "text": "Cusco"}}),
        lambda s: records.delete(s, ids[4]),
        lambda s: links.decide(s, ids[6], ids[8], links.DISTINCT),
        lambda s: links.undo(s, ids[10], ids[11]),
        lambda s: links.decide(s, ids[12], ids[13], links.SAME),
        lambda s: s.execute(text("UPDATE incident SET detained = detained + 4 WHERE id = :id"),
                            {"id": ids[2]}),
        lambda s: s.execute(text("DELETE FROM incident_code WHERE incident_id = :id"),
                            {"id": ids[12]}),
    ]
    for change in changes:
        _same_counts(vault)
        assert _current(vault)
        with vault.session() as session:
            change(session)
            session.commit()
        assert not _current(vault)
        _same_counts(vault)


def test_a_change_to_an_incident_without_links_keeps_the_correction(vault: Vault) -> None:
    ids = _linked(vault)
    _same_counts(vault)
    with vault.session() as session:
        records.edit(session, ids[20], {"killed": 3, "violations": ["torture"]})
        records.delete(session, ids[21])
        records.create(session, "incident", Generator(seed=5).incident())
        links.decide(session, ids[22], ids[23], links.DISTINCT)  # a dismissal
        links.undo(session, ids[22], ids[23])
    assert _current(vault)
    _same_counts(vault)


def test_a_report_while_other_work_writes_counts_right_and_keeps_nothing(
        vault: Vault) -> None:
    _linked(vault)
    with vault.engine.connect() as holder, holder.begin() as writing:
        # Another writer holds the vault until the end of this block.
        holder.exec_driver_sql("UPDATE count_correction_state SET kept = kept")
        _same_counts(vault)
        assert not _current(vault)  # nothing could be kept, nothing went wrong
        writing.rollback()
    _same_counts(vault)
    assert _current(vault)
