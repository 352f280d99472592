"""The custody log: every change is a signed, chained event; tampering is named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session

from tests.engines import reopened, replace_in_bodies
from tests.photos import photo
from willay.core.canonical import sha256_hex
from willay.core.errors import DiskFullError
from willay.core.media import intake as media
from willay.core.records import custody
from willay.core.records import service as records
from willay.core.records.verify import verify_vault
from willay.core.vault.models import CustodyEvent
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines

INCIDENT = {"title": "Detención en la plaza", "occurred": {"text": "2023-02-04"},
            "violations": ["arbitrary_detention"], "detained": 3}


def test_every_change_appends_a_chained_signed_event(vault: Vault) -> None:
    with vault.session() as session:
        record_id = records.create(session, "incident", INCIDENT)
        records.edit(session, record_id, {"detained": 4})
        records.delete(session, record_id)
        history = records.history(session, record_id)
        events = custody.events_for(session, [record_id])
    assert [e.action for e in events] == ["created", "revised", "deleted"]
    assert [e.subject for e in events] == [r.id for r in history]
    assert events[0].prev_hash == custody.GENESIS
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    assert verify_vault(vault).ok


def test_editing_an_event_through_raw_sql_is_caught_and_named(vault: Vault) -> None:
    with vault.session() as session:
        record_id = records.create(session, "incident", INCIDENT)
        records.edit(session, record_id, {"detained": 4})
    with vault.engine.begin() as conn:
        conn.execute(text("UPDATE custody_event SET time = '2020-01-01T00:00:00Z' WHERE seq = 2"))
    report = verify_vault(vault)
    assert not report.ok
    (problem,) = report.problems
    assert problem.item == f"custody event 2 (revised, record {record_id})"
    assert "altered" in problem.reason


def test_rewriting_the_hash_too_still_fails_the_signature_and_the_chain(vault: Vault) -> None:
    with vault.session() as session:
        record_id = records.create(session, "incident", INCIDENT)
        records.edit(session, record_id, {"detained": 4})
        records.edit(session, record_id, {"detained": 5})
    with vault.session() as session:
        event = session.get(CustodyEvent, 2)
        assert event is not None
        event.details = json.dumps({"kind": "incident", "note": "nothing happened"})
        event.hash = sha256_hex(custody.event_body(event))
        session.add(event)
    reasons = {p.item: p.reason for p in verify_vault(vault).problems}
    assert "signature is not valid" in reasons[f"custody event 2 (revised, record {record_id})"]
    assert "does not follow" in reasons[f"custody event 3 (revised, record {record_id})"]


def test_deleting_an_event_is_caught(vault: Vault) -> None:
    with vault.session() as session:
        record_id = records.create(session, "incident", INCIDENT)
        records.edit(session, record_id, {"detained": 4})
        records.edit(session, record_id, {"detained": 5})
    with vault.engine.begin() as conn:
        conn.execute(text("DELETE FROM custody_event WHERE seq = 2"))
    reasons = [str(p) for p in verify_vault(vault).problems]
    assert any("events 2–2 are missing" in r for r in reasons)


def test_a_tampered_revision_is_caught(vault: Vault) -> None:
    with vault.session() as session:
        record_id = records.create(session, "incident", INCIDENT)
    replace_in_bodies(vault, "plaza", "playa")
    problems = [str(p) for p in verify_vault(vault).problems]
    assert len(problems) == 1
    assert f"of record {record_id}" in problems[0] and "does not match its content" in problems[0]


def test_log_survives_lock_and_unlock(vault: Vault) -> None:
    with vault.session() as session:
        records.create(session, "incident", INCIDENT)
    again = reopened(vault)
    report = verify_vault(again)
    assert report.ok and report.events == 1 and report.revisions == 1
    again.lock()


def test_a_saved_original_whose_log_cannot_be_written_is_removed(
        vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with vault.session() as session:
        incident = records.create(session, "incident", {
            "title": "Heridos", "occurred": {"text": "2023-01-09"}})
    photo(tmp_path / "a.jpg")
    (added,) = media.add_files(vault, incident, [tmp_path / "a.jpg"])
    real = custody.append

    def full_at_the_export(session: Session, action: str, *args: Any, **kwargs: Any) -> Any:
        if action == "media_exported":
            raise DiskFullError("The disk is full.")
        return real(session, action, *args, **kwargs)

    monkeypatch.setattr(custody, "append", full_at_the_export)
    with pytest.raises(DiskFullError):
        media.export_original(vault, added.media_id, tmp_path / "copia.jpg")
    assert not (tmp_path / "copia.jpg").exists(), "nothing leaves without its log entry"
    monkeypatch.setattr(custody, "append", real)
    copy = media.export_original(vault, added.media_id, tmp_path / "copia.jpg")
    assert copy.read_bytes() == (tmp_path / "a.jpg").read_bytes()
    with vault.session() as session:
        actions = [e.action for e in custody.events_for(session, [added.media_id])]
    assert actions.count("media_exported") == 1
