"""Controlled vocabularies (violation types, perpetrators, languages...).

Each vocabulary is a versioned JSON file in ``resources/vocabularies/`` in the
spirit of the HURIDOCS micro-thesauri: a list of terms, each with a stable code
(lower-case ASCII snake_case) and Spanish and English labels. Records store codes;
labels are for people.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from willay.core.errors import UnknownCodeError, WillayError
from willay.core.i18n import _
from willay.core.resources import resource_path
from willay.core.text import fold

FORMAT = "willay-vocabulary/1"
LANGUAGES = ("es", "en")

_CODE_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_MAX_SUGGESTIONS = 5
_CUTOFF = 0.6
_SPREAD = 0.15


def _key(text: str) -> str:
    """Fold ``text`` (no accents, no case) and keep only words separated by spaces."""
    return _NON_WORD.sub(" ", fold(text)).strip()


def _language(lang: str) -> str:
    """Return "en" for English language tags ("en", "en-GB"), else "es"."""
    return "en" if fold(lang).strip().replace("_", "-").split("-")[0] == "en" else "es"


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: a stable code and its Spanish and English labels."""

    code: str
    es: str
    en: str
    description_es: str | None = None
    description_en: str | None = None

    def label(self, lang: str) -> str:
        """Return the label in ``lang`` ("es" or "en"; other languages get Spanish)."""
        return self.en if _language(lang) == "en" else self.es

    def description(self, lang: str) -> str | None:
        """Return the description in ``lang`` ("es" or "en"), or None if there is none."""
        return self.description_en if _language(lang) == "en" else self.description_es


@dataclass(frozen=True)
class Vocabulary:
    """A named, versioned, ordered list of terms."""

    name: str
    version: str
    source: str
    labels: Mapping[str, str] = field(hash=False)
    terms: tuple[Term, ...]
    _by_code: Mapping[str, Term] = field(
        init=False, repr=False, compare=False, hash=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        """Index the terms by code; raise ValueError on duplicate or malformed codes."""
        index: dict[str, Term] = {}
        for term in self.terms:
            if not _CODE_RE.match(term.code):
                raise ValueError(
                    _("the code {code} must be written in lower-case letters, digits and _ "
                      "(snake_case)")
                    .format(code=repr(term.code)))
            if term.code in index:
                raise ValueError(_("the code {code} appears twice").format(code=repr(term.code)))
            index[term.code] = term
        object.__setattr__(self, "_by_code", index)

    def __len__(self) -> int:
        """Return the number of terms."""
        return len(self.terms)

    def __contains__(self, code: object) -> bool:
        """Return True if ``code`` (in any case, with surrounding spaces) is a known code."""
        return isinstance(code, str) and code.strip().lower() in self._by_code

    def title(self, lang: str) -> str:
        """Return the vocabulary's own name for people, in ``lang`` ("es" or "en")."""
        return self.labels.get(_language(lang)) or self.name

    def codes(self) -> list[str]:
        """Return the codes in the vocabulary's order."""
        return [term.code for term in self.terms]

    def get(self, code: str) -> Term | None:
        """Return the term for ``code`` (case and surrounding spaces ignored), or None."""
        return self._by_code.get(code.strip().lower())

    def check(self, code: str) -> str:
        """Return ``code`` normalised (stripped, lower case) if it is known.

        Otherwise raise UnknownCodeError whose message names the closest codes,
        found by spelling and by Spanish or English label, e.g.
        ``Unknown violations code "kiling". Closest: killing (...)``.
        """
        normalised = code.strip().lower()
        if normalised in self._by_code:
            return normalised
        shown = code.strip()
        if not shown:
            raise UnknownCodeError(
                _('A {name} code is required; see "willay-cli vocab {name}".')
                .format(name=self.name), [])
        suggestions = self.suggest(shown)
        if suggestions:
            closest = ", ".join(
                f"{term.code} ({term.es} / {term.en})"
                for term in (self._by_code[c] for c in suggestions)
            )
            message = _('Unknown {name} code "{code}". Closest: {closest}; '
                        'see "willay-cli vocab {name}".').format(
                name=self.name, code=shown, closest=closest)
        elif len(self.terms) <= 10:
            message = _('Unknown {name} code "{code}". Known codes: {codes}.').format(
                name=self.name, code=shown, codes=", ".join(self.codes()))
        else:
            message = _('Unknown {name} code "{code}". No code is close to it; '
                        'see "willay-cli vocab {name}".').format(name=self.name, code=shown)
        raise UnknownCodeError(message, suggestions)

    def suggest(self, text: str, limit: int = _MAX_SUGGESTIONS) -> list[str]:
        """Return up to ``limit`` codes whose code or label is close to ``text``, best first.

        "kiling" suggests killing; "detencion arbitraria" (a Spanish label) and
        "arbitrary detention" (an English one) suggest arbitrary_detention.
        """
        query = _key(text)
        if not query:
            return []
        scores: dict[str, float] = {}
        for term in self.terms:
            best = 0.0
            for candidate in (_key(term.code), _key(term.es), _key(term.en)):
                if not candidate:
                    continue
                ratio = difflib.SequenceMatcher(None, query, candidate).ratio()
                if candidate.startswith(query) or query.startswith(candidate):
                    ratio = max(ratio, 0.8 + 0.2 * ratio)
                elif (" " + query) in (" " + candidate) or query in candidate.split():
                    ratio = max(ratio, 0.7 + 0.2 * ratio)
                best = max(best, ratio)
            if best >= _CUTOFF:
                scores[term.code] = best
        if not scores:
            return []
        # Drop weak matches trailing far behind the best one.
        floor = max(scores.values()) - _SPREAD
        order = {code: position for position, code in enumerate(self.codes())}
        ranked = sorted(
            (code for code, score in scores.items() if score >= floor),
            key=lambda code: (-scores[code], order[code]),
        )
        return ranked[:limit]

    def label(self, code: str, lang: str) -> str:
        """Return the label of ``code`` in ``lang``; raise UnknownCodeError if unknown."""
        return self._by_code[self.check(code)].label(lang)


def _read(path: Path, expected_name: str) -> Vocabulary:
    """Read and validate one vocabulary file; raise WillayError if it is malformed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return _from_dict(data, expected_name)
    except FileNotFoundError:
        raise WillayError(
            _("The list of terms (vocabulary) {path} is missing. Reinstall Willay.")
            .format(path=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WillayError(
            _("The list of terms (vocabulary) {path} cannot be read: {reason}.")
            .format(path=path, reason=exc)) from exc
    except ValueError as exc:
        raise WillayError(
            _("The list of terms (vocabulary) {path} is damaged or is not one of Willay's "
              "lists ({reason}). Reinstall Willay.").format(path=path, reason=exc)
        ) from exc


def _text(entry: Mapping[str, Any], key: str, what: str, required: bool = True) -> str | None:
    """Return the non-empty text at ``key``; None if absent and optional, else ValueError."""
    value = entry.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(_('{what} has no text "{key}"').format(what=what, key=key))
    return value


def _from_dict(data: Any, expected_name: str) -> Vocabulary:
    """Build a Vocabulary from a parsed JSON document; raise ValueError if malformed."""
    if not isinstance(data, dict):
        raise ValueError(_("its content is not laid out as a list of terms"))
    found = data.get("format")
    if found != FORMAT:
        raise ValueError(_('its format is {found}, expected "{expected}"').format(
            found=repr(found), expected=FORMAT))
    name = _text(data, "name", _("the list"))
    if name != expected_name:
        raise ValueError(_('it is named "{name}", expected "{expected}"').format(
            name=name, expected=expected_name))
    labels = data.get("labels")
    if not isinstance(labels, dict) or not all(
        isinstance(labels.get(lang), str) and labels[lang].strip() for lang in LANGUAGES
    ):
        raise ValueError(_('"labels" must give "es" and "en" names'))
    entries = data.get("terms")
    if not isinstance(entries, list) or not entries:
        raise ValueError(_('"terms" is missing or empty'))
    terms: list[Term] = []
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ValueError(_("term {position} is not laid out as a term").format(
                position=position))
        what = _("term {position}").format(position=position)
        terms.append(
            Term(
                code=str(_text(entry, "code", what)),
                es=str(_text(entry, "es", what)),
                en=str(_text(entry, "en", what)),
                description_es=_text(entry, "description_es", what, required=False),
                description_en=_text(entry, "description_en", what, required=False),
            )
        )
    return Vocabulary(
        name=str(name),
        version=str(_text(data, "version", _("the list"))),
        source=str(_text(data, "source", _("the list"))),
        labels={lang: str(labels[lang]) for lang in labels},
        terms=tuple(terms),
    )


@cache
def _names() -> tuple[str, ...]:
    """Return the stems of the JSON files in ``resources/vocabularies``, read once."""
    folder = resource_path("vocabularies")
    return tuple(sorted(path.stem for path in folder.glob("*.json")))


def vocabulary_names() -> list[str]:
    """Return the names of the available vocabularies, sorted."""
    return list(_names())


@cache
def _load(name: str) -> Vocabulary:
    """Read one vocabulary file, once per name."""
    return _read(resource_path("vocabularies", f"{name}.json"), name)


def vocabulary(name: str) -> Vocabulary:
    """Return the vocabulary called ``name`` (read once, then cached).

    Raises UnknownCodeError listing the available names if there is no such vocabulary,
    and WillayError if its file is malformed.
    """
    normalised = name.strip().lower()
    names = vocabulary_names()
    if normalised not in names:
        close = difflib.get_close_matches(normalised, names, n=3, cutoff=0.5)
        if close:
            message = _('Unknown vocabulary "{name}". Closest: {closest}. '
                        'Vocabularies: {names}.').format(
                name=name.strip(), closest=", ".join(close), names=", ".join(names))
        else:
            message = _('Unknown vocabulary "{name}". Vocabularies: {names}.').format(
                name=name.strip(), names=", ".join(names))
        raise UnknownCodeError(message, close)
    return _load(normalised)
