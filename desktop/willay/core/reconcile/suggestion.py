"""What a possible-duplicate suggestion says: the two records, a score and the reasons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from willay.core.i18n import _, ngettext
from willay.core.progress import Cancelled, CancelToken, Progress
from willay.core.reconcile import links

INCIDENT = "incident"
PERSON = "person"


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
                "records": [side_dict(self.first), side_dict(self.second)]}


def side_dict(side: Side) -> dict[str, Any]:
    """Return one side of a pair as plain data."""
    return {"id": side.id, "kind": side.kind, "title": side.title, "when": side.when,
            "place": side.place, **side.extra}


def check(cancel: CancelToken | None) -> None:
    """Stop the search (nothing is changed by it) once ``cancel`` is set."""
    if cancel is not None and cancel.cancelled:
        raise Cancelled(_("The search for possible duplicates was cancelled."))


def tick(progress: Progress | None, percent: int) -> None:
    """Tell ``progress`` the percent done (at most 100)."""
    if progress is not None:
        progress(min(100, percent))


def settled(session: Session, kind: str) -> tuple[set[tuple[str, str]], dict[str, str]]:
    """Return the pairs already decided and the linked groups, which are not suggested."""
    pairs = links.decided_pairs(session, kind)
    return {(first, second) for first, second, _ in pairs}, links.groups_of(pairs)


def open_pair(a: str, b: str, decided: set[tuple[str, str]], grouped: dict[str, str]) -> bool:
    """Whether the pair is still open: not decided, and not already in one group."""
    pair = (a, b) if a < b else (b, a)
    if pair in decided:
        return False
    return not (a in grouped and grouped.get(b) == grouped[a])


@dataclass(frozen=True)
class Pair:
    """A suggested pair as found and kept: the ids (``first < second``), score, reasons."""

    first: str
    second: str
    score: float
    reasons: tuple[Reason, ...]
