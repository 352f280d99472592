"""Whether two written names may name one person: phonetic keys for Spanish, Quechua and
Aymara spellings of the same name (Quispe, Quispi, Qhispi), compared word by word.

A name may lack its second surname, and the given name must match. Records known only
by a pseudonym (as anonymized bundles carry them) are never compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from willay.core.reconcile.suggestion import Reason
from willay.core.text import fold

# Words that join surnames ("de la Cruz") carry no identity.
_PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "e", "da", "van", "von"})
_PSEUDONYM = re.compile(r"^[A-Z]{1,3}-[0-9A-Z]{3,}$")
_VOWEL = "aeiou"
_WORD_BREAK = re.compile(r"[\s,;/]+")

# Spelling classes shared by Spanish-based and Quechua/Aymara orthographies, applied in
# order to a folded word. Each maps several written forms of one sound to one form.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl) for pattern, repl in (
        (r"[^a-z]", ""),                 # apostrophes of ejectives (q'ori), hyphens
        (r"chh?", "C"),                  # ch, chh: one affricate, kept apart from c/k
        (r"sh", "s"),
        (r"ll", "y"),                    # ll / y (yeísmo)
        (r"qu(?=[ei])", "k"),            # Spanish qu before e, i: Quispe
        (r"gu(?=[ei])", "g"),            # Spanish gu before e, i: Guillermo
        (r"hu(?=[aeiou])", "w"),         # hua, gua, wa: Huamán, Guamán, Waman
        (r"gu(?=[ao])", "w"),
        (r"(?:qh|kh|cc|ck|q|k)", "k"),   # Qhispi, Ccori, Qori
        (r"c(?=[ei])", "s"),             # Spanish c before e, i sounds as s
        (r"c", "k"),                     # any other c: Condori, Cusi
        (r"z", "s"),
        (r"x", "s"),
        (r"j", "h"),                     # j / h (Jallasi, Hallasi); then h drops below
        (r"h", ""),                      # silent h, aspiration marks (ph, th)
        (r"v", "b"),
        (r"b", "p"),                     # no voiced stops in Quechua and Aymara:
        (r"d", "t"),                     # Condori / Kunturi, Inca / Inga
        (r"g", "k"),
        (r"e", "i"),                     # three vowels: Mamani / Mamane
        (r"o", "u"),                     # Condori / Kunturi
        (r"y(?![aiu])", "i"),            # Mayta / Maita
        (r"(.)\1+", r"\1"),              # doubled letters
    )
)


@lru_cache(maxsize=65536)
def folded(word: str) -> str:
    """Return a name word without case and accents (cached: names repeat their words)."""
    return fold(word)


@lru_cache(maxsize=65536)
def name_key(word: str) -> str:
    """Return the phonetic key of one name word; variants of one name share it.

    Case and accents are folded, then spelling classes common between Spanish-based
    and Quechua/Aymara writing are merged (q/qh/k/cc/c before a, o, u; hu/gu/w before a
    vowel; e/i and o/u; b/p, d/t, g/k; ll/y; z/s and c before e, i; j/h; doubled letters).
    """
    key = fold(word)
    for pattern, repl in _RULES:
        key = pattern.sub(repl, key)
    return key


def is_pseudonym_only(full_name: str, pseudonym: str) -> bool:
    """Whether a person is known here only by a pseudonym (no real name to compare)."""
    name = full_name.strip()
    return not name or name == pseudonym.strip() or bool(_PSEUDONYM.match(name))


@dataclass(frozen=True)
class Name:
    """A name as compared: the person's id, its words and their phonetic keys."""

    id: str
    words: tuple[str, ...]
    keys: tuple[str, ...]


def words(full_name: str) -> list[str]:
    """Return the words of a name that carry identity (no particles, no punctuation)."""
    return [w for w in _WORD_BREAK.split(full_name.strip())
            if w and folded(w) not in _PARTICLES and name_key(w)]


def compare_names(a: str, b: str) -> tuple[float, tuple[Reason, ...]] | None:
    """Return a score and reasons when two full names may name one person, else None.

    Both names need at least two words. The given name (first word) of each must be
    among the other's words; the shorter name's words must all match words of the
    longer (so a missing second surname still matches, a different surname does not).
    """
    words_a, words_b = words(a), words(b)
    return compare(Name("a", tuple(words_a), tuple(name_key(w) for w in words_a)),
                    Name("b", tuple(words_b), tuple(name_key(w) for w in words_b)))


def compare(a: Name, b: Name) -> tuple[float, tuple[Reason, ...]] | None:
    """Return a score and reasons when two names (their words and keys) match, else None."""
    if len(a.keys) < 2 or len(b.keys) < 2:
        return None
    if a.keys[0] not in b.keys or b.keys[0] not in a.keys:
        return None
    short, long_ = (a, b) if len(a.keys) <= len(b.keys) else (b, a)
    if not _within(short.keys, long_.keys):
        return None
    short_folded = [folded(w) for w in short.words]
    long_folded = [folded(w) for w in long_.words]
    if short_folded == long_folded:
        return 1.0, (Reason("same_name"),)
    reasons = [Reason("given_name", (a.words[0],))]
    remaining = list(range(len(long_.keys)))
    for word, key, fold_ in zip(short.words, short.keys, short_folded, strict=True):
        index = next(i for i in remaining if long_.keys[i] == key)
        remaining.remove(index)
        if long_folded[index] != fold_:
            other = long_.words[index]
            reasons.append(Reason("spelling", (word, other) if short is a else (other, word)))
    if remaining:
        reasons.append(Reason("missing", tuple(long_.words[i] for i in remaining)))
    long_set = set(long_folded)
    exact = sum(1 for w in short_folded if w in long_set)
    score = 0.6 + 0.3 * len(short.keys) / len(long_.keys) + 0.1 * exact / len(short.keys)
    return min(score, 0.99), tuple(reasons)


def _within(short: tuple[str, ...], long_: tuple[str, ...]) -> bool:
    """Whether every key of ``short`` is among those of ``long_``, as many times."""
    rest = list(long_)
    for key in short:
        if key not in rest:
            return False
        rest.remove(key)
    return True
