"""Settling a conflict field by field: picks, new values, deletion against an edit."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.conflicts import OTHER_AUTHOR, fork
from willay.core.errors import ValidationError
from willay.core.reconcile import merge
from willay.core.records import custody, revisions
from willay.core.records import service as records
from willay.core.records.verify import verify_vault
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines

INCIDENT: dict[str, Any] = {
    "title": "Enfrentamiento en el puente", "occurred": {"text": "2023-01-09"},
    "place": {"ubigeo": "211101", "text": "Puente"}, "violations": ["killing"],
    "killed": 1, "injured": 3}


def _conflicted(vault: Vault) -> tuple[str, str, str]:
    """An incident whose title, injured and violations were changed on both sides."""
    with vault.session() as session:
        incident = records.create(session, "incident", INCIDENT)
        outcome = fork(session, incident,
                       {"title": "Puente Añashuayco", "injured": 7,
                        "violations": ["injury_firearm"], "narrative": "Solo aquí."},
                       {"title": "Puente de Juliaca", "injured": 9, "killed": 2,
                        "violations": ["killing", "torture"]})
        assert outcome == "conflict"
        heads = merge.dispute(session, incident).heads
        theirs = next(h.id for h in heads if h.author == OTHER_AUTHOR)
        ours = next(h.id for h in heads if h.author != OTHER_AUTHOR)
    return incident, ours, theirs


def test_each_disputed_field_from_a_chosen_side_or_written_anew(vault: Vault) -> None:
    incident, ours, theirs = _conflicted(vault)
    with vault.session() as session:
        found = merge.dispute(session, incident)
        assert found.disputed == ["injured", "title", "violations"]
        # Disjoint changes are already combined.
        assert found.merged is not None and found.merged["killed"] == 2
        assert found.merged["narrative"] == "Solo aquí."
        done = merge.resolve_fields(
            session, incident, {"title": theirs[:8], "violations": ours[:8]},
            {"injured": "8"})
    with vault.session() as session:
        view = records.get(session, incident)
        assert not view.conflict and view.heads == [done.revision_id]
        assert view.fields is not None
        assert view.fields["title"] == "Puente de Juliaca"
        assert view.fields["violations"] == ["injury_firearm"]
        assert view.fields["injured"] == 8 and view.fields["killed"] == 2
        merged = revisions.load(session, done.revision_id)
        assert sorted(merged.parents) == sorted([ours, theirs])
        assert done.sources == {"title": theirs, "violations": ours, "injured": "written"}
        event = custody.events_for(session, [incident])[-1]
        assert event.action == "revised"
    assert verify_vault(vault).ok


def test_a_missing_field_a_bad_value_or_an_unknown_side_is_refused(vault: Vault) -> None:
    incident, ours, _theirs = _conflicted(vault)
    with vault.session() as session:
        with pytest.raises(ValidationError, match="missing: injured, violations"):
            merge.resolve_fields(session, incident, {"title": ours})
        with pytest.raises(ValidationError, match=r"injured: Injured must be a whole number"):
            merge.resolve_fields(session, incident, {"title": ours, "violations": ours},
                                 {"injured": "muchos"})
        with pytest.raises(ValidationError, match=r"violations: .*no-such-code"):
            merge.resolve_fields(session, incident, {"title": ours, "injured": ours},
                                 {"violations": ["no-such-code"]})
        with pytest.raises(ValidationError, match=r"'ffff' .*for title.* is not one of"):
            merge.resolve_fields(session, incident, {"title": "ffff", "injured": ours,
                                                     "violations": ours})
        with pytest.raises(ValidationError, match="Unknown field 'colour'"):
            merge.resolve_fields(session, incident, {"colour": ours}, fallback="newest")
        with pytest.raises(ValidationError, match="not both: title"):
            merge.resolve_fields(session, incident, {"title": ours}, {"title": "x"},
                                 fallback="newest")
    with vault.session() as session:
        assert records.get(session, incident).conflict


def test_fallbacks_newest_or_one_side_fill_what_was_not_chosen(vault: Vault) -> None:
    incident, ours, theirs = _conflicted(vault)
    with vault.session() as session:
        done = merge.resolve_fields(session, incident, {"injured": theirs}, fallback=ours)
        assert done.fields is not None
        assert done.fields["title"] == "Puente Añashuayco" and done.fields["injured"] == 9
        # A side taken as base keeps its own undisputed values too.
        assert done.fields["killed"] == 1


def test_new_values_in_json_or_text_are_normalized_like_an_edit(vault: Vault) -> None:
    incident, ours, _theirs = _conflicted(vault)
    with vault.session() as session:
        done = merge.resolve_fields(
            session, incident, {"title": ours},
            {"violations": merge.parse_typed("violations", '["torture", "killing"]'),
             "injured": merge.parse_typed("injured", " 10 ")})
        assert done.fields is not None
        assert done.fields["violations"] == ["killing", "torture"]
        assert done.fields["injured"] == 10
    with pytest.raises(ValidationError, match=r"violations: .* not valid JSON"):
        merge.parse_typed("violations", "[torture")
    assert merge.coerce("occurred", "2023-01") == {"text": "2023-01"}
    assert merge.coerce("place", "211101") == {"ubigeo": "211101", "text": ""}
    assert merge.coerce("violations", "killing, torture") == ["killing", "torture"]


@pytest.mark.parametrize("deleted_here", [True, False])
def test_deleted_on_one_side_edited_on_the_other(vault: Vault, deleted_here: bool) -> None:
    with vault.session() as session:
        incident = records.create(session, "incident", INCIDENT)
        edit = {"injured": 5, "title": "Editado"}
        fork(session, incident, None if deleted_here else edit, edit if deleted_here else None)
        found = merge.dispute(session, incident)
        assert found.deleted_vs_edited and found.disputed == []
        with pytest.raises(ValidationError, match="deleted the record"):
            deleted = next(h.id for h in found.heads if h.fields is None)
            merge.resolve_fields(session, incident, {"title": deleted})
        restored = merge.resolve_fields(session, incident, values={"killed": 4})
        assert restored.fields is not None
        assert restored.fields["injured"] == 5 and restored.fields["killed"] == 4
    with vault.session() as session:
        view = records.get(session, incident)
        assert not view.deleted and not view.conflict and len(view.heads) == 1


def test_keeping_the_deletion(vault: Vault) -> None:
    with vault.session() as session:
        incident = records.create(session, "incident", INCIDENT)
        fork(session, incident, {"injured": 5}, None)
        with pytest.raises(ValidationError, match="no fields to pick"):
            merge.resolve_fields(session, incident, {"injured": "abcd"}, keep_deleted=True)
        merge.resolve_fields(session, incident, keep_deleted=True)
    with vault.session() as session:
        view = records.get(session, incident)
        assert view.deleted and not view.conflict and view.fields is None
        with pytest.raises(ValidationError, match="no conflict"):
            merge.resolve_fields(session, incident, keep_deleted=True)
