"""Long core work looks at its cancel token often and stops at the next look once it is set:
the duplicate search, report counting, the vault check, checking an original and saving
one."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.benchmarks.loader import bulk_load
from tests.benchmarks.synthetic import Generator
from willay.core.progress import Cancelled, CancelToken
from willay.core.reconcile import duplicates, suggestion_store
from willay.core.records.verify import verify_vault
from willay.core.reports import counts
from willay.core.vault.vault import Vault

RECORDS = 300


class StopsAfter(CancelToken):
    """A token that counts how often the work looks at it, and is set after ``looks``."""

    def __init__(self, looks: int | None = None) -> None:
        self.looks = 0
        self.limit = looks
        self._set = False
        super().__init__()

    @property
    def cancelled(self) -> bool:
        """Count one look; set once ``limit`` looks were made."""
        self.looks += 1
        return self._set or (self.limit is not None and self.looks > self.limit)

    @cancelled.setter
    def cancelled(self, value: bool) -> None:
        self._set = value


@pytest.fixture
def filled(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> Vault:
    """The vault with 300 incidents and 300 people all written with one name."""
    with monkeypatch.context() as patch:
        patch.setattr(Generator, "name", lambda _self: "Juan Quispe Mamani")
        bulk_load(vault, incidents=RECORDS, people=RECORDS, testimonies=RECORDS, seed=3,
                  progress=lambda _msg: None)
    return vault


Work = Callable[[Vault, CancelToken], Any]


def _person_search(vault: Vault, cancel: CancelToken) -> Any:
    with vault.session() as session:
        suggestion_store.forget(session, duplicates.PERSON)  # a whole search, every time
        return duplicates.suggestions(session, duplicates.PERSON, 50, cancel)


def _incident_search(vault: Vault, cancel: CancelToken) -> Any:
    with vault.session() as session:
        suggestion_store.forget(session, duplicates.INCIDENT)
        return duplicates.suggestions(session, duplicates.INCIDENT, 50, cancel)


def _report(vault: Vault, cancel: CancelToken) -> Any:
    with vault.session() as session:
        return counts.build(session, None, "es", "partners", with_victims=True, cancel=cancel)


def _events(vault: Vault, cancel: CancelToken) -> Any:
    with vault.session() as session:
        return counts.events(session, None, cancel=cancel)


def _verify(vault: Vault, cancel: CancelToken) -> Any:
    return verify_vault(vault, cancel=cancel)


# How often each looks at least, for 300 records: once per person compared, once per
# incident in the sweep, once per revision checked; counting looks between its steps.
CASES = [
    pytest.param(_person_search, RECORDS, "possible duplicates", id="person duplicates"),
    pytest.param(_incident_search, RECORDS // 4, "possible duplicates",
                 id="incident duplicates"),
    pytest.param(_report, 10, "Counting for the report", id="report counts"),
    pytest.param(_events, 5, "Counting for the report", id="report events"),
    pytest.param(_verify, 3 * RECORDS, "vault check", id="verify"),
]


@pytest.mark.parametrize(("work", "at_least", "said"), CASES)
def test_long_work_stops_at_its_next_look_once_cancelled(
        filled: Vault, work: Work, at_least: int, said: str) -> None:
    whole = StopsAfter()
    result = work(filled, whole)
    assert result is not None
    assert whole.looks >= at_least, "the work looks at its token too rarely"

    halfway = StopsAfter(whole.looks // 2)
    with pytest.raises(Cancelled, match=said):
        work(filled, halfway)
    assert halfway.looks == whole.looks // 2 + 1  # it stopped at the first look after


@pytest.mark.parametrize(("work", "said"), [(case.values[0], case.values[2])
                                             for case in CASES])
def test_long_work_cancelled_before_it_starts_does_nothing(
        filled: Vault, work: Work, said: str) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled, match=said):
        work(filled, token)


def test_checking_an_original_stops_at_its_next_chunk(vault: Vault, tmp_path: Path) -> None:
    source = tmp_path / "video.bin"
    source.write_bytes(os.urandom(1024 * 1024))
    # Inside the writing block: leaving it removes originals no record refers to.
    with vault.writing("intake"):
        stored = vault.objects.put(source)
        whole = StopsAfter()
        assert vault.objects.check(stored.sha256, stored.size, whole) is None
        assert whole.looks >= 8  # at least one look per 64 KiB chunk of the 1 MiB
        with pytest.raises(Cancelled, match="vault check"):
            vault.objects.check(stored.sha256, stored.size, StopsAfter(2))


def test_saving_an_original_reports_its_bytes_and_stops_at_its_next_chunk(
        vault: Vault, tmp_path: Path) -> None:
    from sqlmodel import select

    from willay.core.media import intake as media
    from willay.core.records import service as records
    from willay.core.vault.models import CustodyEvent

    source = tmp_path / "grabacion.wav"
    source.write_bytes(b"RIFF" + (1024 * 1024).to_bytes(4, "little") + b"WAVEfmt "
                       + os.urandom(1024 * 1024))
    with vault.session() as session:
        incident = records.create(session, "incident", {
            "title": "Bloqueo", "occurred": {"text": "2023-01-09"}})
    (item,) = media.add_files(vault, incident, [source])

    def events() -> int:
        with vault.session() as session:
            return len(session.exec(select(CustodyEvent)).all())

    before = events()
    with pytest.raises(Cancelled, match="nothing was written"):
        media.export_original(vault, item.media_id, tmp_path / "copia.wav",
                              cancel=StopsAfter(3))
    assert not (tmp_path / "copia.wav").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grabacion.wav", "vault"]
    assert events() == before  # nothing saved, nothing logged

    seen: list[int] = []
    copy = media.export_original(vault, item.media_id, tmp_path / "copia.wav", seen.append)
    assert copy.read_bytes() == source.read_bytes()
    assert len(seen) >= 8 and seen == sorted(seen) and seen[-1] == source.stat().st_size
    assert events() == before + 1


SLOW_SQL = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
            "WHERE i < 300000000) SELECT count(*) FROM n")


def test_a_count_stops_in_the_middle_of_a_long_statement(
        vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    from sqlalchemy import text

    from willay.core.reports import summary

    def slow_pass(session: Any, *_args: Any) -> None:  # as a pass over a huge archive
        session.execute(text(SLOW_SQL)).all()

    monkeypatch.setattr(summary, "_add_tally", slow_pass)
    token = CancelToken()
    threading.Timer(0.3, token.cancel).start()
    started = time.perf_counter()
    with vault.session() as session, pytest.raises(Cancelled, match="Counting"):
        summary.summarize(session, cancel=token)
    assert time.perf_counter() - started < 2.0  # the statement itself was stopped
    monkeypatch.undo()
    with vault.session() as session:  # and the connection is fine afterwards
        assert summary.summarize(session).totals.events == 0
