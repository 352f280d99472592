"""Which people may be one person: names that match word by word under phonetic keys
(:mod:`willay.core.reconcile.names`).

Candidates share a **block**: the key of their given name and the key of one more word
of their name. Each candidate pair is then compared in full; people written with the
same name (letter case and accents aside) are compared once, as one spelling, and are
namesakes of each other. Two spellings of many people each would make every one of
them a pair with every other: beyond :data:`MAX_PAIRS` pairs for one match, each person
is paired with the first (smallest id) of the other side instead, and namesakes with the
next one, so every person still appears and linking them one by one reaches them all.
The blocks of every person are kept in the vault
(:class:`~willay.core.vault.models.PersonNameBlock`), so a changed name is compared with
the few names of its blocks instead of every name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from willay.core.progress import CancelToken, Progress
from willay.core.reconcile.names import Name, compare, is_pseudonym_only, name_key, words
from willay.core.reconcile.suggestion import Pair, Reason, check, tick
from willay.core.text import fold
from willay.core.vault.models import Person, PersonNameBlock

_EVERY = 1024  # rows read between two reports of progress
_AT_ONCE = 500  # ids or blocks per query
NAMES_SHARE = 30  # percent of a full pass spent reading names
MAX_PAIRS = 400  # pairs one match of two spellings makes at most, roughly


Spelling = tuple[str, ...]  # a name's words, folded


def _name(full_name: str, pseudonym: str) -> Name | None:
    """The name to compare, or None for one known by a pseudonym or of one word."""
    if is_pseudonym_only(full_name, pseudonym):
        return None
    found = tuple(words(full_name))
    if len(found) < 2:
        return None
    return Name("", found, tuple(name_key(w) for w in found))


def _spelling(name: Name) -> Spelling:
    return tuple(fold(w) for w in name.words)


def blocks(name: Name) -> set[str]:
    """Return the blocks of a name: its given name's key with each other word's key."""
    return {f"{name.keys[0]} {key}" for key in name.keys[1:]}


def match_pairs(a_ids: list[str], b_ids: list[str] | None = None
                ) -> Iterator[tuple[str, str]]:
    """Yield the people to pair for two matching spellings (one of ``a_ids``, one of
    ``b_ids``), or for namesakes when ``b_ids`` is None, bounded as the module says."""
    if b_ids is None:
        ordered = sorted(set(a_ids))
        if len(ordered) * (len(ordered) - 1) // 2 <= MAX_PAIRS:
            yield from ((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:])
        else:
            yield from pairwise(ordered)
        return
    if len(a_ids) * len(b_ids) <= MAX_PAIRS:
        chosen = {(a, b) for a in a_ids for b in b_ids}
    else:
        chosen = {(a, min(b_ids)) for a in a_ids} | {(min(a_ids), b) for b in b_ids}
    yield from ((a, b) for a, b in sorted(chosen) if a != b)


@dataclass
class FullPass:
    """What a full pass found: the pairs, and every person's blocks to keep."""

    pairs: list[Pair] = field(default_factory=list)
    blocks: list[tuple[str, str]] = field(default_factory=list)  # block, person id


Match = tuple[float, tuple[Reason, ...]]


def _add(found: dict[tuple[str, str], Pair], pairs: Iterable[tuple[str, str]],
         a: Name, b: Name, match: Match, cancel: CancelToken | None) -> None:
    """Keep each pair of a person named ``a`` and one named ``b``, its reasons told from
    the side of the smaller id, which the pair is shown from."""
    check(cancel)
    reverse: Match | None = None
    for x, y in pairs:
        if x < y:
            found[(x, y)] = Pair(x, y, *match)
        else:
            reverse = reverse or compare(b, a)
            assert reverse is not None
            found[(y, x)] = Pair(y, x, *reverse)


def full_pass(session: Session, cancel: CancelToken | None = None,
              progress: Progress | None = None, share: int = 100) -> FullPass:
    """Find every pair of live people who may be one person, and their blocks."""
    total = session.execute(sa_select(func.count()).select_from(Person)).scalar_one()
    people: dict[Spelling, list[str]] = defaultdict(list)
    names: dict[Spelling, Name] = {}
    result = FullPass()
    for n, (person_id, full_name, pseudonym) in enumerate(session.execute(
            sa_select(col(Person.id), col(Person.full_name), col(Person.pseudonym)))):
        check(cancel)
        if not n % _EVERY:
            tick(progress, share * NAMES_SHARE // 100 * n // max(total, 1))
        name = _name(full_name, pseudonym)
        if name is not None:
            people[_spelling(name)].append(person_id)
            names.setdefault(_spelling(name), name)
    by_block: dict[str, list[Spelling]] = defaultdict(list)
    for spelling, name in names.items():
        for block in blocks(name):
            by_block[block].append(spelling)
            result.blocks.extend((block, person_id) for person_id in people[spelling])
    found: dict[tuple[str, str], Pair] = {}
    for spelling, ids in people.items():
        if len(ids) > 1:
            same = compare(names[spelling], names[spelling])
            assert same is not None
            _add(found, match_pairs(ids), names[spelling], names[spelling], same, cancel)
    compared: set[tuple[Spelling, Spelling]] = set()
    for done, members in enumerate(by_block.values()):
        if not done % 64:
            tick(progress, share * (NAMES_SHARE + (100 - NAMES_SHARE) * done
                                    // max(len(by_block), 1)) // 100)
        members.sort()
        for i, a in enumerate(members):
            check(cancel)
            for b in members[i + 1:]:
                if (a, b) not in compared:
                    compared.add((a, b))
                    match = compare(names[a], names[b])
                    if match is not None:
                        _add(found, match_pairs(people[a], people[b]), names[a], names[b],
                             match, cancel)
    result.pairs = list(found.values())
    return result


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

    Every person of a spelling shares its blocks, so the people of the changed names'
    blocks are whole spellings, paired by the same rule as in a full pass.
    """
    changed = _names_of(session, ids)
    kept = [(block, person_id) for person_id, name in changed.items()
            for block in blocks(name)]
    wanted = sorted({block for block, _ in kept})
    around: set[str] = set(changed)
    for at in range(0, len(wanted), _AT_ONCE):
        around.update(session.execute(
            sa_select(col(PersonNameBlock.person_id))
            .where(col(PersonNameBlock.block).in_(wanted[at:at + _AT_ONCE]))).scalars())
    names = {**_names_of(session, around - set(changed)), **changed}
    people: dict[Spelling, list[str]] = defaultdict(list)
    for person_id, name in names.items():
        people[_spelling(name)].append(person_id)
    found: dict[tuple[str, str], Pair] = {}
    for person_id, name in changed.items():
        own = _spelling(name)
        for spelling, ids_there in people.items():
            other = names[ids_there[0]]
            match = compare(name, other)
            if match is None:
                continue
            pairs = match_pairs(ids_there) if spelling == own else match_pairs(
                people[own], ids_there)
            _add(found, (p for p in pairs if person_id in p), name, other, match, None)
    return list(found.values()), kept
