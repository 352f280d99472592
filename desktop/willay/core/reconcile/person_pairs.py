"""Which people may be one person: names that match word by word under phonetic keys
(:mod:`willay.core.reconcile.names`).

Two names can match only when the keys of the shorter are all among the keys of the
longer, each given name among the other's words (see
:func:`~willay.core.reconcile.names.compare`). So each name is filed under its
**signature**, its keys sorted, and under each smaller part of it that keeps its given
name and two words or more; a name is compared only with the names whose signature is
its own or one of its parts. People written with the same name (letter case and accents
aside) are compared once, as one spelling, and are namesakes of each other. Two
spellings of many people each would make every one of them a pair with every other:
beyond :data:`MAX_PAIRS` pairs for one match, each person is paired with the first
(smallest id) of the other side instead, and namesakes with the next one, so every
person still appears and linking them one by one reaches them all. Every person's
signature and parts are kept in the vault
(:class:`~willay.core.vault.kept.PersonNameBlock`), so a changed name is compared with
the few names filed with it instead of every name.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import combinations, pairwise
from typing import Any, Protocol, TypeVar

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from willay.core.progress import CancelToken, Progress
from willay.core.reconcile.names import (
    Name,
    compare,
    folded,
    is_pseudonym_only,
    name_key,
    words,
)
from willay.core.reconcile.suggestion import Pair, Reason, check, tick
from willay.core.vault.database import plain_rows
from willay.core.vault.kept import PersonNameBlock
from willay.core.vault.models import Person

_EVERY = 1024  # rows read between two reports of progress
_AT_ONCE = 500  # ids or blocks per query
NAMES_SHARE = 30  # percent of a full pass spent reading names
MAX_PAIRS = 400  # pairs one match of two spellings makes at most, roughly
LARGE_GROUP = 28  # spellings of one signature compared all with all (378 comparisons)


Spelling = tuple[str, ...]  # a name's words, folded
Id = TypeVar("Id", str, int)  # a person's id, or its number in the order of ids


def _name(full_name: str, pseudonym: str) -> Name | None:
    """The name to compare, or None for one known by a pseudonym or of one word."""
    if is_pseudonym_only(full_name, pseudonym):
        return None
    found = tuple(words(full_name))
    if len(found) < 2:
        return None
    return Name("", found, tuple(name_key(w) for w in found))


def _spelling(name: Name) -> Spelling:
    return tuple(folded(w) for w in name.words)


def _signature(keys: Iterable[str]) -> str:
    return " ".join(sorted(keys))


def _parts(name: Name) -> set[str]:
    """The signatures of the shorter names this one may be: its given name and at least
    one more of its words, fewer than all."""
    rest = name.keys[1:]
    return {_signature((name.keys[0], *chosen)) for size in range(1, len(rest))
            for chosen in combinations(rest, size)}


def blocks(name: Name) -> set[str]:
    """Return what a name is filed under: ``=`` its signature, ``<`` each of its parts."""
    return {"=" + _signature(name.keys), *("<" + part for part in _parts(name))}


def _wanted(name: Name) -> set[str]:
    """The blocks of the names this one may match: the same signature, a signature that
    is one of its parts (a shorter name), a part that is its signature (a longer one)."""
    own = _signature(name.keys)
    return {"=" + own, "<" + own, *("=" + part for part in _parts(name))}


def _alike(group: list[Spelling], spelling: Spelling) -> list[Spelling]:
    """The spellings of one signature (sorted) that ``spelling``, one of them, is
    compared with: all the others, or in a large group the next and the previous."""
    if len(group) <= LARGE_GROUP:
        return [other for other in group if other != spelling]
    at = bisect_left(group, spelling)
    return group[max(at - 1, 0):at] + group[at + 1:at + 2]


def _shown_by(group: list[Spelling]) -> list[Spelling]:
    """The spellings of one signature (sorted) that a longer name is compared with: all,
    or the first of a large group."""
    return group if len(group) <= LARGE_GROUP else group[:1]


def match_pairs(a_ids: list[Id], b_ids: list[Id] | None = None) -> Iterator[tuple[Id, Id]]:
    """Yield the people to pair for two matching spellings (one of ``a_ids``, one of
    ``b_ids``), or for namesakes when ``b_ids`` is None, bounded as the module says."""
    if b_ids is None:
        ordered = sorted(set(a_ids))
        if len(ordered) * (len(ordered) - 1) // 2 <= MAX_PAIRS:
            yield from ((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:])
        else:
            yield from pairwise(ordered)
        return
    if len(a_ids) == 1 and len(b_ids) == 1:  # by far the most common: one person each
        if a_ids[0] != b_ids[0]:
            yield a_ids[0], b_ids[0]
        return
    if len(a_ids) * len(b_ids) <= MAX_PAIRS:
        chosen = {(a, b) for a in a_ids for b in b_ids}
    else:
        chosen = {(a, min(b_ids)) for a in a_ids} | {(min(a_ids), b) for b in b_ids}
    yield from ((a, b) for a, b in sorted(chosen) if a != b)


class Found(Protocol):
    """Where a full pass puts what it finds (:class:`~.found_pairs.FoundPairs`)."""

    def numbered(self, ids: list[str]) -> None:
        """Learn the people's ids, numbered 0, 1, … in their order, which the pairs and
        blocks below give."""

    def add(self, first: int, second: int, score: float, reasons: tuple[Reason, ...]) -> None:
        """Keep a pair; one found again replaces what it was found with before."""

    def blocks_of(self, blocks: Callable[[int], Iterable[str]]) -> None:
        """Learn each person's name blocks: ``blocks(number)``, asked when they are kept."""


Match = tuple[float, tuple[Reason, ...]]


Keep = Callable[[Any, Any, float, tuple[Reason, ...]], None]


def _add(keep: Keep, pairs: Iterable[tuple[Any, Any]], a: Name, b: Name, match: Match,
         cancel: CancelToken | None) -> None:
    """Keep each pair of a person named ``a`` and one named ``b``, its reasons told from
    the side of the smaller id, which the pair is shown from."""
    check(cancel)
    reverse: Match | None = None
    for x, y in pairs:
        if x < y:
            keep(x, y, *match)
        else:
            reverse = reverse or compare(b, a)
            assert reverse is not None
            keep(y, x, *reverse)


def full_pass(session: Session, found: Found, cancel: CancelToken | None = None,
              progress: Progress | None = None, share: int = 100) -> None:
    """Find every pair of live people who may be one person, and their blocks, and put
    them in ``found``."""
    total = session.execute(sa_select(func.count()).select_from(Person)).scalar_one()
    # People are numbered in the order of their ids, so numbers sort as the ids do and
    # the pairs found wait as numbers: a third of the memory.
    ids: list[str] = []
    people: dict[Spelling, list[int]] = defaultdict(list)
    names: dict[Spelling, Name] = {}
    rows = plain_rows(session, sa_select(col(Person.id), col(Person.full_name),
                                         col(Person.pseudonym)))
    for n, (person_id, full_name, pseudonym) in enumerate(rows):
        ids.append(person_id)
        check(cancel)
        if not n % _EVERY:
            tick(progress, share * NAMES_SHARE // 100 * n // max(total, 1))
        name = _name(full_name, pseudonym)
        if name is not None:
            spelling = _spelling(name)
            people[spelling].append(n)
            names.setdefault(spelling, name)
    # Read in the table's order (faster than by id), then numbered in the order of ids.
    order = sorted(range(len(ids)), key=ids.__getitem__)
    ranks = [0] * len(ids)
    for rank, n in enumerate(order):
        ranks[n] = rank
    for numbers in people.values():
        numbers[:] = [ranks[n] for n in numbers]
    found.numbered([ids[n] for n in order])
    name_of: list[Name | None] = [None] * len(ids)
    del ids, order, ranks
    by_signature: dict[str, list[Spelling]] = defaultdict(list)
    for spelling, name in names.items():
        by_signature[_signature(name.keys)].append(spelling)
        for number in people[spelling]:
            name_of[number] = name
    # Worked out again person by person as they are kept: held, the blocks of 200,000
    # people would take tens of megabytes.
    found.blocks_of(lambda number: () if (name := name_of[number]) is None else blocks(name))
    for spelling, numbers in people.items():
        if len(numbers) > 1:
            same = compare(names[spelling], names[spelling])
            assert same is not None
            _add(found.add, match_pairs(numbers), names[spelling], names[spelling], same,
                 cancel)
    for alike in by_signature.values():
        alike.sort()
    for done, alike in enumerate(by_signature.values()):
        if not done % _EVERY:
            tick(progress, share * (NAMES_SHARE + (100 - NAMES_SHARE) * done
                                    // max(len(by_signature), 1)) // 100)
        check(cancel)
        for a in alike:
            # The same signature: other spellings of the same sounds (Quispe, Qhispi);
            # then the shorter names this one may be.
            candidates = [*(b for b in _alike(alike, a) if b > a),
                          *(b for part in _parts(names[a])
                            for b in _shown_by(by_signature.get(part, [])))]
            for b in candidates:
                match = compare(names[a], names[b])
                if match is not None:
                    _add(found.add, match_pairs(people[a], people[b]), names[a], names[b],
                         match, cancel)


def _names_of(session: Session, ids: Iterable[str]) -> dict[str, Name]:
    found: dict[str, Name] = {}
    wanted = sorted(set(ids))
    for at in range(0, len(wanted), _AT_ONCE):
        for person_id, full_name, pseudonym in session.execute(
                sa_select(col(Person.id), col(Person.full_name), col(Person.pseudonym))
                .where(col(Person.id).in_(wanted[at:at + _AT_ONCE]))):
            name = _name(full_name, pseudonym)
            if name is not None:
                found[person_id] = name
    return found


def pairs_of(session: Session, ids: Iterable[str]) -> tuple[list[Pair], list[tuple[str, str]]]:
    """Return the pairs the people ``ids`` (live or not) form now, and their blocks.

    Every person of a spelling is filed under the same blocks, so the people found
    through the changed names' blocks come as whole spellings, paired by the same rule
    as in a full pass.
    """
    listed = set(ids)
    changed = _names_of(session, listed)
    kept = [(block, person_id) for person_id, name in changed.items()
            for block in blocks(name)]
    wanted = sorted({block for name in changed.values() for block in _wanted(name)})
    filed: dict[str, set[str]] = defaultdict(set)
    for at in range(0, len(wanted), _AT_ONCE):
        for block, person_id in session.execute(
                sa_select(col(PersonNameBlock.block), col(PersonNameBlock.person_id))
                .where(col(PersonNameBlock.block).in_(wanted[at:at + _AT_ONCE]))):
            if person_id not in listed:  # the listed people's kept blocks are outdated
                filed[block].add(person_id)
    for block, person_id in kept:
        filed[block].add(person_id)
    names = {**_names_of(session, set().union(*filed.values()) - listed), **changed}
    people: dict[Spelling, list[str]] = defaultdict(list)
    for person_id, name in names.items():
        people[_spelling(name)].append(person_id)
    by_signature: dict[str, list[Spelling]] = defaultdict(list)
    for spelling in people:
        by_signature[_signature(names[people[spelling][0]].keys)].append(spelling)
    for group in by_signature.values():
        group.sort()
    found: dict[tuple[str, str], Pair] = {}

    def keep(first: str, second: str, score: float, reasons: tuple[Reason, ...]) -> None:
        found[(first, second)] = Pair(first, second, score, reasons)

    parts_of = {spelling: _parts(names[group[0]]) for spelling, group in people.items()}
    for person_id, name in changed.items():
        own, signature = _spelling(name), _signature(name.keys)
        candidates = {*_alike(by_signature[signature], own),  # the same signature
                      *(b for part in _parts(name) for b in _shown_by(by_signature[part]))}
        if own in _shown_by(by_signature[signature]):  # the longer names it may be part of
            candidates.update(b for b, parts in parts_of.items() if signature in parts)
        candidates.add(own)  # its namesakes
        for spelling in candidates:
            other = names[people[spelling][0]]
            match = compare(name, other)
            if match is None:
                continue
            pairs = match_pairs(people[own]) if spelling == own else match_pairs(
                people[own], people[spelling])
            _add(keep, (p for p in pairs if person_id in p), name, other, match, None)
    return list(found.values()), kept
