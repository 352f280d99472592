"""Two coordinators changing the hub at the same moment: one change stands, the other is
undone whole and said, and the custody log stays one valid chain."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
from sqlmodel import Session

from tests.hub.conftest import PASSPHRASE
from willay.core.errors import ConcurrentChangeError, VaultBusyError
from willay.core.records import custody, revisions, unit_of_work
from willay.core.records import service as records
from willay.core.reports.evidence_package import build_package
from willay.core.vault.hub import Hub
from willay.core.vault.vault import Vault

INCIDENT: dict[str, Any] = {"title": "Paro en Puno", "occurred": {"text": "2023-01-04"},
                            "killed": 1}


def _at_once(hub: Hub, work: Callable[[Session, int], object],
             changing: Callable[[int], list[str]] | None = None) -> list[str]:
    """Run ``work`` in two coordinators' sessions whose first attempts both read before
    either writes (as two people pressing Save together): in a plain session, or, given
    ``changing`` (the records each changes), through the unit of work that saves again."""
    url = hub.engine.url.render_as_string(hide_password=False)
    others = [Hub.connect(url), Hub.connect(url)]
    for other in others:
        other.unlock("rosa", PASSPHRASE)
    both_read = threading.Barrier(2, timeout=20)
    outcome: list[str] = ["", ""]
    tries = [0, 0]

    def run(number: int) -> None:
        def attempt(session: Session) -> object:
            tries[number] += 1
            records.count_records(session)  # each sees the hub as it is now
            if tries[number] == 1:
                both_read.wait()
            return work(session, number)

        try:
            if changing is None:
                with others[number].session() as session:
                    attempt(session)
            else:
                unit_of_work.write(others[number], attempt, changing(number))
            outcome[number] = "saved"
        except ConcurrentChangeError as exc:
            outcome[number] = str(exc)
        except Exception as exc:  # anything else is a failure of the hub, not a refusal
            outcome[number] = f"unexpected {type(exc).__name__}: {exc}"

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for other in others:
        other.lock()
    return outcome


def test_two_edits_of_one_record_end_with_one_head(hub: Hub) -> None:
    with hub.session() as session:
        incident = records.create(session, "incident", INCIDENT)
    outcome = _at_once(hub, lambda session, n: records.edit(session, incident,
                                                             {"killed": 10 + n}))
    assert sorted(o == "saved" for o in outcome) == [False, True], outcome
    told = next(o for o in outcome if o != "saved")
    assert "Another coordinator changed the hub at the same moment" in told
    winner = outcome.index("saved")
    with hub.session() as session:
        assert len(revisions.heads(session, incident)) == 1
        assert records.get(session, incident).fields["killed"] == 10 + winner  # type: ignore[index]
        assert custody.verify_chain(session) == []


def test_two_new_records_at_once_keep_one_custody_chain(hub: Hub) -> None:
    titles = ["Bloqueo en Ilave", "Marcha en Juliaca"]
    outcome = _at_once(hub, lambda session, n: records.create(
        session, "incident", {**INCIDENT, "title": titles[n]}))
    assert "saved" in outcome
    assert all(o == "saved" or o.startswith("Another coordinator") for o in outcome), outcome
    with hub.session() as session:
        kept = sorted(r["title"] for r in records.list_incidents(session))
        assert kept == sorted(t for t, o in zip(titles, outcome, strict=True) if o == "saved")
        assert custody.verify_chain(session) == []
        events = custody.events_for(session, [r["id"] for r in records.list_incidents(session)])
        assert len(events) == len(kept)


def test_work_on_originals_and_bundles_takes_turns_between_coordinators(hub: Hub) -> None:
    other = Hub.connect(hub.engine.url.render_as_string(hide_password=False))
    other.unlock("rosa", PASSPHRASE)
    try:
        with hub.writing("import"):
            with hub.writing("intake"):  # the same coordinator's nested work goes on
                pass
            with pytest.raises(VaultBusyError, match="has not finished"), \
                    other.writing("import", wait=0.3):
                pass
        with other.writing("import"):
            pass
    finally:
        other.lock()


def test_coordinators_waiting_for_the_turn_take_it_in_the_order_they_asked(hub: Hub) -> None:
    url = hub.engine.url.render_as_string(hide_password=False)
    waiting = [Hub.connect(url) for _ in range(4)]
    for other in waiting:
        other.unlock("rosa", PASSPHRASE)
    order: list[int] = []

    def take(number: int) -> None:
        with waiting[number].writing("import", wait=30):
            order.append(number)
            time.sleep(0.05)

    threads = [threading.Thread(target=take, args=(n,)) for n in range(len(waiting))]
    try:
        with hub.writing("import"):
            for thread in threads:  # each asks for the turn well after the one before
                thread.start()
                time.sleep(0.3)
        for thread in threads:
            thread.join(timeout=60)
    finally:
        for other in waiting:
            other.lock()
    assert order == [0, 1, 2, 3], "the one who asked first goes first, none is passed over"


def test_two_coordinators_saving_new_records_together_both_keep_theirs(hub: Hub) -> None:
    titles = ["Bloqueo en Ilave", "Marcha en Juliaca"]
    outcome = _at_once(hub, lambda session, n: records.create(
        session, "incident", {**INCIDENT, "title": titles[n]}), lambda n: [])
    assert outcome == ["saved", "saved"], "a crossing on the custody log is saved again"
    with hub.session() as session:
        assert sorted(r["title"] for r in records.list_incidents(session)) == titles
        assert custody.verify_chain(session) == []


def test_two_coordinators_changing_different_records_together_both_keep_theirs(
        hub: Hub) -> None:
    with hub.session() as session:
        made = [records.create(session, "incident", INCIDENT) for _ in range(2)]
    outcome = _at_once(hub, lambda session, n: records.edit(
        session, made[n], {"killed": 20 + n}), lambda n: [made[n]])
    assert outcome == ["saved", "saved"]
    with hub.session() as session:
        assert [records.get(session, m).fields["killed"] for m in made] == [20, 21]  # type: ignore[index]
        assert custody.verify_chain(session) == []


def test_of_two_coordinators_changing_one_record_together_one_is_told(hub: Hub) -> None:
    with hub.session() as session:
        incident = records.create(session, "incident", INCIDENT)
    outcome = _at_once(hub, lambda session, n: records.edit(
        session, incident, {"killed": 10 + n}), lambda n: [incident])
    assert sorted(o == "saved" for o in outcome) == [False, True], outcome
    told = next(o for o in outcome if o != "saved")
    assert "changed this record at the same moment: their change was saved" in told
    with hub.session() as session:
        assert len(revisions.heads(session, incident)) == 1
        assert records.get(session, incident).fields["killed"] == 10 + outcome.index(  # type: ignore[index]
            "saved")


def test_an_evidence_package_is_made_while_another_coordinator_edits(
        hub: Hub, tmp_path: Path) -> None:
    with hub.session() as session:
        incident = records.create(session, "incident", INCIDENT)
        other_incident = records.create(session, "incident", INCIDENT)
    url = hub.engine.url.render_as_string(hide_password=False)
    other = Hub.connect(url)
    other.unlock("rosa", PASSPHRASE)

    def summary_while_another_edits(evidence: object, info: object, path: Path) -> None:
        # While this package is being written, another coordinator saves two changes.
        with other.session() as session:
            records.edit(session, incident, {"killed": 2})
        with other.session() as session:
            records.edit(session, other_incident, {"killed": 3})
        path.write_bytes(b"%PDF-1.4 summary")

    try:
        made = build_package(cast(Vault, hub), [incident], tmp_path / "caso",
                             render_summary=summary_while_another_edits)
    finally:
        other.lock()
    assert (tmp_path / "caso" / "SHA256SUMS").is_file() and made.incidents == [incident]
    with hub.session() as session:
        actions = [e.action for e in custody.events_for(session, [incident])]
        assert actions.count("evidence_packaged") == 1 and actions.count("revised") == 1
        assert custody.verify_chain(session) == []
