"""Links between records: same event or person, dismissed suggestions, undo, groups."""

from __future__ import annotations

from typing import Any

import pytest

from willay.core.errors import ValidationError
from willay.core.reconcile import links
from willay.core.records import service as records
from willay.core.vault.vault import Vault

pytestmark = pytest.mark.both_engines


def _incident(title: str) -> dict[str, Any]:
    return {"title": title, "occurred": {"text": "2023-01-09"}, "violations": ["killing"]}


def test_linked_incidents_form_one_group_until_a_link_is_undone(vault: Vault) -> None:
    with vault.session() as session:
        a, b, c, d = (records.create(session, "incident", _incident(t)) for t in "abcd")
        links.decide(session, a, b, links.SAME)
        links.decide(session, c, b, links.SAME)
        links.decide(session, a, d, links.DISTINCT)
    with vault.session() as session:
        grouped = links.groups(session, "incident")
        assert grouped[a] == grouped[b] == grouped[c] == min(a, b, c)
        assert d not in grouped
        assert links.undo(session, b, c)
        assert not links.undo(session, b, c)
        grouped = links.groups(session, "incident")
        assert c not in grouped and grouped[a] == grouped[b]


def test_a_dismissal_can_become_a_link_and_only_same_kinds_link(vault: Vault) -> None:
    with vault.session() as session:
        a = records.create(session, "incident", _incident("a"))
        b = records.create(session, "incident", _incident("b"))
        p = records.create(session, "person", {"full_name": "Rosalía Quispe", "roles": ["witness"]})
        links.decide(session, a, b, links.DISTINCT)
        assert links.groups(session, "incident") == {}
        links.decide(session, b, a, links.SAME)
        assert [r.decision for r in links.decisions(session)] == [links.SAME]
        with pytest.raises(ValidationError, match="two incidents or two people"):
            links.decide(session, a, p, links.SAME)
        with pytest.raises(ValidationError, match="itself"):
            links.decide(session, a, a, links.SAME)
