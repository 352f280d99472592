"""Suggestions of records that may describe the same incident or the same person.

Nothing here changes a record: a coordinator links a suggested pair (see
:mod:`willay.core.reconcile.links`) or dismisses it. Pairs already decided, or already in one
linked group, are not suggested again.

Incidents are suggested when they share a district (INEI ubigeo), their date spans
come within one day of each other, and they share at least one violation code.
Incidents without a district are not suggested: in this archive a place code is always
a district, so a record without one has no place to compare. Spans longer than a month
(a year given as the date) are too vague to suggest from. Candidates are found per
district with a sweep over the spans sorted by start, so the work grows with the number
of near pairs, not with the square of the archive.

People are suggested when their names match token by token under a phonetic key that
is tolerant of Spanish, Quechua and Aymara spellings of the same name (Quispe, Quispi,
Qhispi), a name may lack its second surname, and the given name must match. Records
known only by a pseudonym (as anonymized bundles carry them) are never suggested.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from willay.core.i18n import _, ngettext
from willay.core.progress import Cancelled, CancelToken, Progress
from willay.core.reconcile import links
from willay.core.records.queries import place_label
from willay.core.reference.dates import FuzzyDate
from willay.core.reference.gazetteer import gazetteer
from willay.core.text import fold
from willay.core.vault.models import Incident, IncidentCode, Person

MAX_SPAN_DAYS = 31
NEAR_DAYS = 1
_EVERY = 1024  # rows read between two looks at the cancel token
READ_SHARE, NAMES_SHARE = 60, 30  # percent spent reading incidents, reading names
INCIDENT = "incident"
PERSON = "person"

# Words that join surnames ("de la Cruz") carry no identity.
_PARTICLES = frozenset({"de", "del", "la", "las", "los", "y", "e", "da", "van", "von"})
_PSEUDONYM = re.compile(r"^[A-Z]{1,3}-[0-9A-Z]{3,}$")
_VOWEL = "aeiou"

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


# -- suggestions -------------------------------------------------------------------------
@dataclass(frozen=True)
class Reason:
    """Why a pair is suggested: a code and its values, for any language to phrase."""

    code: str
    values: tuple[str, ...] = ()

    def text(self) -> str:
        """Return the reason in the current language (the command line and the window)."""
        v = self.values
        phrases: dict[str, Callable[[], str]] = {
            "same_district": lambda: _("same district ({district})").format(district=v[0]),
            "same_day": lambda: _("same day"),
            "days_apart": lambda: ngettext("{count} day apart", "{count} days apart",
                                           int(v[0]) if v[0].isdigit() else 2
                                           ).format(count=v[0]),
            "dates_overlap": lambda: _("dates overlap"),
            "shared": lambda: _("shared: {values}").format(values=", ".join(v)),
            "same_name": lambda: _("same name"),
            "given_name": lambda: _("same given name ({name})").format(name=v[0]),
            "spelling": lambda: f"{v[0]} ~ {v[1]}",
            "missing": lambda: _("only on one side: {values}").format(values=", ".join(v)),
        }
        return phrases[self.code]() if self.code in phrases else self.code


@dataclass(frozen=True)
class Side:
    """One record of a suggested pair, described for a person to compare."""

    id: str
    kind: str
    title: str
    when: str = ""
    place: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    """Two records that may be the same event or person, with a score and reasons."""

    kind: str
    first: Side
    second: Side
    score: float
    reasons: tuple[Reason, ...]

    def as_dict(self) -> dict[str, Any]:
        """Return the suggestion as plain data (for ``--json``)."""
        return {"id": f"{self.first.id}+{self.second.id}", "kind": self.kind,
                "score": round(self.score, 3),
                "reasons": [r.text() for r in self.reasons],
                "records": [_side_dict(self.first), _side_dict(self.second)]}


def _side_dict(side: Side) -> dict[str, Any]:
    return {"id": side.id, "kind": side.kind, "title": side.title, "when": side.when,
            "place": side.place, **side.extra}


def _check(cancel: CancelToken | None) -> None:
    """Stop the search (nothing is changed by it) once ``cancel`` is set."""
    if cancel is not None and cancel.cancelled:
        raise Cancelled(_("The search for possible duplicates was cancelled."))


def _tick(progress: Progress | None, percent: int) -> None:
    if progress is not None:
        progress(min(100, percent))


def _settled(session: Session, kind: str) -> tuple[set[tuple[str, str]], dict[str, str]]:
    decided = {(row.first, row.second) for row in links.decisions(session, kind)}
    return decided, links.groups(session, kind)


def _open_pair(a: str, b: str, decided: set[tuple[str, str]], grouped: dict[str, str]) -> bool:
    pair = (a, b) if a < b else (b, a)
    if pair in decided:
        return False
    return not (a in grouped and grouped.get(b) == grouped[a])


# -- incidents ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Span:
    id: str
    start: date
    end: date
    ubigeo: str
    codes: frozenset[str]


def _incident_spans(session: Session, cancel: CancelToken | None = None,
                    progress: Progress | None = None) -> Iterator[_Span]:
    total = session.execute(sa_select(func.count()).select_from(Incident)).scalar_one()
    codes: dict[str, set[str]] = defaultdict(set)
    for n, (incident_id, code) in enumerate(session.execute(
            sa_select(col(IncidentCode.incident_id), col(IncidentCode.code))
            .where(col(IncidentCode.vocabulary) == "violations"))):
        if not n % _EVERY:
            _check(cancel)
        codes[incident_id].add(code)
    stmt = sa_select(col(Incident.id), col(Incident.occurred_start), col(Incident.occurred_end),
                     col(Incident.ubigeo)).where(col(Incident.ubigeo).is_not(None))
    for n, (incident_id, start, end, ubigeo) in enumerate(session.execute(stmt)):
        if not n % _EVERY:
            _check(cancel)
            _tick(progress, READ_SHARE * n // max(total, 1))
        found = codes.get(incident_id)
        if not found:
            continue
        first, last = date.fromisoformat(start), date.fromisoformat(end)
        if (last - first).days >= MAX_SPAN_DAYS:
            continue
        yield _Span(incident_id, first, last, ubigeo, frozenset(found))


def _near_pairs(spans: Iterable[_Span], cancel: CancelToken | None = None
                ) -> Iterator[tuple[_Span, _Span]]:
    """Yield pairs in one district whose spans come within NEAR_DAYS of each other."""
    by_district: dict[str, list[_Span]] = defaultdict(list)
    for span in spans:
        by_district[span.ubigeo].append(span)
    reach = timedelta(days=NEAR_DAYS)
    for district in by_district.values():
        district.sort(key=lambda s: (s.start, s.id))
        active: list[_Span] = []
        for span in district:
            _check(cancel)
            active = [a for a in active if a.end + reach >= span.start]
            for other in active:
                if other.codes & span.codes:
                    yield other, span
            active.append(span)


def _gap(a: _Span, b: _Span) -> int:
    """Days between two spans (0 when they overlap or touch the same day)."""
    if a.start <= b.end and b.start <= a.end:
        return 0
    return (b.start - a.end).days if b.start > a.end else (a.start - b.end).days


def _incident_side(row: Incident, codes: frozenset[str]) -> Side:
    start, end = date.fromisoformat(row.occurred_start), date.fromisoformat(row.occurred_end)
    return Side(row.id, INCIDENT, row.title, FuzzyDate(start, end, row.precision).label(),
                place_label(row.ubigeo, row.place_text),
                {"ubigeo": row.ubigeo, "violations": sorted(codes), "killed": row.killed,
                 "injured": row.injured, "detained": row.detained})


def incident_suggestions(session: Session, limit: int | None = None,
                         cancel: CancelToken | None = None,
                         progress: Progress | None = None) -> list[Suggestion]:
    """Return pairs of live incidents that may be one event, best first.

    ``progress`` hears the percent done; cancelled (nothing changed) soon after
    ``cancel`` is set.
    """
    decided, grouped = _settled(session, INCIDENT)
    scored: list[tuple[float, _Span, _Span, tuple[Reason, ...]]] = []
    for a, b in _near_pairs(_incident_spans(session, cancel, progress), cancel):
        if not _open_pair(a.id, b.id, decided, grouped):
            continue
        if b.id < a.id:
            a, b = b, a  # the order links are stored in
        gap = _gap(a, b)
        same_day = a.start == a.end == b.start == b.end
        shared = sorted(a.codes & b.codes)
        overlap = len(shared) / len(a.codes | b.codes)
        # A vague date (a month) overlapping says less than two exact days one apart.
        nearness = 0.3 if same_day else 0.2 if gap else 0.1
        score = 0.5 + nearness + 0.15 * overlap
        place = gazetteer().get(a.ubigeo)
        when = (Reason("same_day") if same_day else Reason("dates_overlap") if gap == 0
                else Reason("days_apart", (str(gap),)))
        reasons: tuple[Reason, ...] = (
            Reason("same_district", (place.name if place else a.ubigeo,)), when,
            Reason("shared", tuple(shared)))
        scored.append((score, a, b, reasons))
    _check(cancel)
    _tick(progress, 95)
    scored.sort(key=lambda s: (-s[0], s[1].id, s[2].id))
    if limit is not None:
        scored = scored[:limit]
    _check(cancel)
    rows = _rows(session, Incident, {x.id for s in scored for x in (s[1], s[2])})
    _tick(progress, 100)
    return [Suggestion(INCIDENT, _incident_side(rows[a.id], a.codes),
                       _incident_side(rows[b.id], b.codes), score, why)
            for score, a, b, why in scored]


# -- people ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Name:
    id: str
    words: tuple[str, ...]
    keys: tuple[str, ...]


def _words(full_name: str) -> list[str]:
    return [w for w in re.split(r"[\s,;/]+", full_name.strip())
            if w and fold(w) not in _PARTICLES and name_key(w)]


def compare_names(a: str, b: str) -> tuple[float, tuple[Reason, ...]] | None:
    """Return a score and reasons when two full names may name one person, else None.

    Both names need at least two words. The given name (first word) of each must be
    among the other's words; the shorter name's words must all match words of the
    longer (so a missing second surname still matches, a different surname does not).
    """
    words_a, words_b = _words(a), _words(b)
    return _compare(_Name("a", tuple(words_a), tuple(name_key(w) for w in words_a)),
                    _Name("b", tuple(words_b), tuple(name_key(w) for w in words_b)))


def _compare(a: _Name, b: _Name) -> tuple[float, tuple[Reason, ...]] | None:
    if len(a.keys) < 2 or len(b.keys) < 2:
        return None
    short, long_ = (a, b) if len(a.keys) <= len(b.keys) else (b, a)
    if a.keys[0] not in b.keys or b.keys[0] not in a.keys:
        return None
    if len(short.keys) == len(long_.keys):
        if sorted(short.keys) != sorted(long_.keys):
            return None
    elif Counter(short.keys) - Counter(long_.keys):
        return None
    if [fold(w) for w in a.words] == [fold(w) for w in b.words]:
        return 1.0, (Reason("same_name"),)
    reasons = [Reason("given_name", (a.words[0],))]
    remaining = list(range(len(long_.keys)))
    for word, key in zip(short.words, short.keys, strict=True):
        index = next(i for i in remaining if long_.keys[i] == key)
        remaining.remove(index)
        other = long_.words[index]
        if fold(other) != fold(word):
            reasons.append(Reason("spelling", (word, other) if short is a else (other, word)))
    if remaining:
        reasons.append(Reason("missing", tuple(long_.words[i] for i in remaining)))
    exact = sum(1 for w in short.words if fold(w) in {fold(x) for x in long_.words})
    score = 0.6 + 0.3 * len(short.keys) / len(long_.keys) + 0.1 * exact / len(short.keys)
    return min(score, 0.99), tuple(reasons)


def _person_side(row: Person) -> Side:
    roles = [r for r in row.roles.split(",") if r]
    return Side(row.id, PERSON, row.full_name, "", row.community,
                {"pseudonym": row.pseudonym, "roles": roles, "age": row.age,
                 "age_range": row.age_range})


def _rows(session: Session, model: Any, ids: set[str]) -> dict[str, Any]:
    """Fetch the head rows of ``ids`` in a few queries instead of one per record."""
    ordered = sorted(ids)
    out: dict[str, Any] = {}
    for at in range(0, len(ordered), 500):
        chunk = ordered[at:at + 500]
        out.update({row.id: row for row in session.exec(
            select(model).where(col(model.id).in_(chunk)))})
    return out


def person_suggestions(session: Session, limit: int | None = None,
                       cancel: CancelToken | None = None,
                       progress: Progress | None = None) -> list[Suggestion]:
    """Return pairs of live people whose names may name one person, best first.

    Candidates share the key of their given name and of at least one more word; each
    candidate pair is then compared in full (see :func:`compare_names`). People written
    with the same name are compared once, as one spelling. ``progress`` hears the percent
    done; cancelled (nothing changed) soon after ``cancel`` is set.
    """
    decided, grouped = _settled(session, PERSON)
    total = session.execute(sa_select(func.count()).select_from(Person)).scalar_one()
    spellings: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for n, (person_id, full_name, pseudonym) in enumerate(session.execute(
            sa_select(col(Person.id), col(Person.full_name), col(Person.pseudonym)))):
        if not n % _EVERY:
            _check(cancel)
            _tick(progress, NAMES_SHARE * n // max(total, 1))
        if is_pseudonym_only(full_name, pseudonym):
            continue
        words = tuple(_words(full_name))
        if len(words) >= 2:
            spellings[words].append(person_id)
    names = {words: _Name("", words, tuple(name_key(w) for w in words)) for words in spellings}
    blocks: dict[tuple[str, str], list[tuple[str, ...]]] = defaultdict(list)
    for words, name in names.items():
        for key in set(name.keys[1:]):
            blocks[(name.keys[0], key)].append(words)
    compared: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    scored: list[tuple[float, str, str, tuple[Reason, ...]]] = []

    def add(a_ids: list[str], b_ids: list[str], found: tuple[float, tuple[Reason, ...]]
            ) -> None:
        for a in a_ids:
            _check(cancel)
            for b in b_ids:
                if a != b and _open_pair(a, b, decided, grouped):
                    scored.append((found[0], a, b, found[1]))

    for words, ids in spellings.items():
        if len(ids) > 1:
            same = _compare(names[words], names[words])
            assert same is not None
            ordered = sorted(ids)
            for i, a in enumerate(ordered):
                add([a], ordered[i + 1:], same)
    for done, members in enumerate(blocks.values()):
        if not done % 64:
            _tick(progress, NAMES_SHARE + (95 - NAMES_SHARE) * done // len(blocks))
        members.sort()
        for i, a_words in enumerate(members):
            _check(cancel)
            for b_words in members[i + 1:]:
                if (a_words, b_words) in compared:
                    continue
                compared.add((a_words, b_words))
                found = _compare(names[a_words], names[b_words])
                if found is not None:
                    add(spellings[a_words], spellings[b_words], found)
    _check(cancel)
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    if limit is not None:
        scored = scored[:limit]
    _check(cancel)
    rows = _rows(session, Person, {x for s in scored for x in (s[1], s[2])})
    _tick(progress, 100)
    return [Suggestion(PERSON, _person_side(rows[a]), _person_side(rows[b]), score, reasons)
            for score, a, b, reasons in scored]


def suggestions(session: Session, kind: str, limit: int | None = None,
                cancel: CancelToken | None = None,
                progress: Progress | None = None) -> list[Suggestion]:
    """Return the suggestions of one kind ("incident" or "person"), best first.

    ``progress`` hears the percent done (0 to 100). Raises
    :class:`~willay.core.progress.Cancelled` soon after ``cancel`` is set.
    """
    if kind == INCIDENT:
        return incident_suggestions(session, limit, cancel, progress)
    if kind == PERSON:
        return person_suggestions(session, limit, cancel, progress)
    raise ValueError(kind)


# -- decisions ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Decided:
    """A decision already taken on a pair, with both records described."""

    kind: str
    decision: str
    decided: str
    first: Side
    second: Side

    def as_dict(self) -> dict[str, Any]:
        """Return the decision as plain data (for ``--json``)."""
        return {"id": f"{self.first.id}+{self.second.id}", "kind": self.kind,
                "decision": self.decision, "decided": self.decided,
                "records": [_side_dict(self.first), _side_dict(self.second)]}


def describe(session: Session, record_id: str, kind: str) -> Side:
    """Describe one incident or person for a side-by-side view (deleted ones say so)."""
    if kind == INCIDENT:
        row = session.get(Incident, record_id)
        if row is not None:
            codes = frozenset(session.execute(
                sa_select(col(IncidentCode.code)).where(
                    col(IncidentCode.incident_id) == record_id,
                    col(IncidentCode.vocabulary) == "violations")).scalars())
            return _incident_side(row, codes)
    else:
        person = session.get(Person, record_id)
        if person is not None:
            return _person_side(person)
    return Side(record_id, kind, "", extra={"deleted": True})


def decided(session: Session, kind: str | None = None) -> list[Decided]:
    """Return the decisions taken (links and dismissals), newest first."""
    rows = links.decisions(session, kind)
    return [Decided(row.kind, row.decision, row.decided,
                    describe(session, row.first, row.kind),
                    describe(session, row.second, row.kind)) for row in reversed(rows)]
