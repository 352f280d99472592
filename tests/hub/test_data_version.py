"""The stamp the window's Reports and Duplicates pages compare before counting again
changes with every record and every duplicate decision, on a vault and on a hub."""

from __future__ import annotations

from tests.hub.conftest import Store
from willay.core.reconcile import links
from willay.core.records import queries
from willay.core.records import service as records


def test_the_stamp_follows_records_and_duplicate_decisions(store: Store) -> None:
    with store.session() as session:
        empty = queries.data_version(session)
        first = records.create(session, "incident", {"title": "Paro en Juliaca",
                                                     "occurred": {"text": "2023-01-09"}})
        second = records.create(session, "incident", {"title": "Paro de Juliaca",
                                                      "occurred": {"text": "2023-01-09"}})
    with store.session() as session:
        written = queries.data_version(session)
        links.decide(session, first, second, links.SAME)
    with store.session() as session:
        linked = queries.data_version(session)
        links.undo(session, first, second)
        links.decide(session, first, second, links.DISTINCT)
    with store.session() as session:
        decided_again = queries.data_version(session)
        assert queries.data_version(session) == decided_again, "nothing changed, same stamp"
    assert len({empty, written, linked, decided_again}) == 4
    assert linked[1] == decided_again[1] == 1, "one decision each time: its time tells"
