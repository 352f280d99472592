"""Search as a person types: the start of the last word finds every word it begins.

The search names the index's words that begin with what was typed (FTS5 would otherwise
gather every record of a prefix before giving the newest). These tests hold the result to
the one FTS5 gives for the prefix itself, hit for hit and in the same order.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import Session

from willay.core.records import service as records
from willay.core.records.search import (
    MAX_PREFIX_WORDS,
    IndexWords,
    count,
    match_expression,
    search,
)
from willay.core.vault.vault import Vault

# Words sharing their starts, Quechua spellings with and without the apostrophe, and
# more words beginning with "ca" than the search names one by one.
SENTENCES = [
    "La comisaría de Juliaca cerró sus puertas.",
    "Dos comisarías más fueron tomadas por la policía.",
    "El comisario negó los disparos.",
    "La comisión llegó al puente al mediodía.",
    "Al alcalde lo llevaron al hospital de Ilave.",
    "Chay p'unchawmi ch'aki karqan.",
    "Paqarin punchawmi hamunqa, t'anta apamuspa.",
    "Hospitalizaron a tres heridos; el hospital no tenía sangre.",
    "Hosp italia: palabras cortadas no deben confundir la búsqueda.",
    " ".join(f"ca{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(MAX_PREFIX_WORDS + 8)),
]

QUERIES = [
    "c", "co", "com", "comi", "comis", "comisa", "comisar", "comisari", "comisaria",
    "comisarias", "comisario", "comision", "comisiones", "ca", "cab", "caa", "al", "alc",
    "hosp", "hospital", "hospitali", "punch", "p'unch", "punchawmi", "t'ant", "tant",
    "chak", "ch'ak", "la comis", "policia comis", "puente al", "al h", "juliaca cerr",
    "nadaparecido", "zz",
]


@pytest.fixture
def typed_vault(vault: Vault) -> Vault:
    with vault.session() as session:
        person = records.create(session, "person", {"full_name": "Eulogia Ccama"})
        incident = records.create(session, "incident", {
            "title": "Toma de la comisaría", "occurred": {"text": "2023-02-01"}})
        for number, sentence in enumerate(SENTENCES):
            records.create(session, "testimony", {
                "incidents": [incident], "witness": person, "language": "es",
                "consent": "partners", "transcript": f"{sentence} Relato {number}."})
    return vault


def _as_fts5_finds(session: Session, query: str) -> list[str]:
    expression = match_expression(query)  # the prefix as typed, no words looked up
    assert expression is not None
    return list(session.execute(
        text("SELECT record_id FROM search_index WHERE search_index MATCH :m "
             "ORDER BY rowid DESC"), {"m": expression}).scalars())


def test_every_start_of_a_word_finds_what_its_prefix_finds(typed_vault: Vault) -> None:
    with typed_vault.session() as session:
        for query in QUERIES:
            expected = _as_fts5_finds(session, query)
            found = [hit.record_id for hit in search(session, query, limit=1000)]
            assert found == expected, query
            assert count(session, query) == len(expected), query
        assert len(_as_fts5_finds(session, "comis")) == 5  # the incident and four accounts
        assert _as_fts5_finds(session, "zz") == []


def test_the_words_are_named_unless_too_many_begin_alike(typed_vault: Vault) -> None:
    with typed_vault.session() as session:
        words = IndexWords(session)
        assert words.starting("comis") == ["comisaria", "comisarias", "comisario",
                                           "comision"]
        assert words.starting("cx") == []
        assert words.starting("ca") is None  # forty words: FTS5 takes the prefix itself
        assert words.holds("juliaca") is True
        assert words.holds("julia") is False
        expression = match_expression("la comis", words)
        assert expression is not None and "*" not in expression
        assert match_expression("la ca", words) == '"la" AND "ca"*'
        assert match_expression("la cx", words) is None  # no word begins so: no record


def test_a_word_the_index_would_split_is_left_to_its_tokenizer(typed_vault: Vault) -> None:
    with typed_vault.session() as session:
        words = IndexWords(session)
        assert words.starting("comis_aria") is None
        assert words.holds("ñandú") is None
        assert [h.record_id for h in search(session, "hosp_ital", limit=1000)] == \
            _as_fts5_finds(session, "hosp_ital")


def _vocabulary(session: Session) -> set[str]:
    session.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocabulary "
                         "USING fts5vocab(main, search_index, 'row')"))
    return set(session.execute(text("SELECT term FROM temp.vocabulary")).scalars())


def _listed(session: Session) -> set[str]:
    return set(session.execute(text("SELECT word FROM search_word")).scalars())


def test_every_word_of_the_index_is_listed_as_records_change(typed_vault: Vault) -> None:
    with typed_vault.session() as session:
        incident = records.create(session, "incident", {
            "title": "Detención en Ñuñoa", "occurred": {"text": "2023-03-01"},
            "narrative": "Se llevaron a Huamán al cuartel."})
        records.edit(session, incident, {
            "narrative": "Straße, ﬁscalía, DINOES y 12 efectivos; Ch'usaq wasi, cuartel."})
        vocabulary = _vocabulary(session)
        assert {"nunoa", "dinoes", "12", "cuartel", "usaq"} <= vocabulary
        assert vocabulary <= _listed(session)
        assert [h.record_id for h in search(session, "cuart")] == [incident]


def test_an_upgraded_vault_lists_the_words_it_already_held(typed_vault: Vault) -> None:
    from alembic import command

    from tests.conftest import PASSPHRASE
    from willay.core.vault import database

    command.downgrade(database._alembic_config(typed_vault.engine), "0012")
    typed_vault.lock()
    upgraded = Vault.open(typed_vault.path)
    upgraded.unlock(PASSPHRASE)
    with upgraded.session() as session:
        assert _listed(session) == _vocabulary(session)
        assert len(search(session, "comis")) == 5
    upgraded.lock()
