"""Peru's departments, provinces and districts by INEI ubigeo code.

The data comes from ``resources/gazetteer/peru-ubigeo.json`` (see the README there).
Codes are INEI codes: a 2-digit department, a 4-digit province starting with its
department, a 6-digit district starting with its province. RENIEC numbers places
differently (Puno is "21" here, "20" for RENIEC) and must not be mixed in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from willay.core.errors import UnknownCodeError, WillayError
from willay.core.i18n import _
from willay.core.resources import resource_path
from willay.core.text import fold

FORMAT = "willay-gazetteer/1"

Level = Literal["department", "province", "district"]

LEVELS: tuple[Level, ...] = ("department", "province", "district")
_DIGITS: dict[Level, int] = {"department": 2, "province": 4, "district": 6}
_RANK: dict[Level, int] = {"department": 0, "province": 1, "district": 2}
_NON_WORD = re.compile(r"[^0-9a-z]+")
_MAX_SUGGESTIONS = 5
_NOT_DIGIT = re.compile(r"[^0-9]+")
_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})


@dataclass(frozen=True)
class Place:
    """One department, province or district of Peru.

    ``full_name`` is the name followed by its province and department, for example
    "Andahuaylas, Andahuaylas, Apurímac" for district 030201.
    """

    code: str
    name: str
    level: Level
    department_code: str
    province_code: str | None
    full_name: str

    def label(self) -> str:
        """Return the name with its parents: "district, province, department"."""
        return self.full_name

    @property
    def parent_code(self) -> str | None:
        """Return the code of the enclosing province or department (None for a department)."""
        if self.level == "district":
            return self.province_code
        if self.level == "province":
            return self.department_code
        return None


def _key(text: str) -> str:
    """Fold ``text`` and reduce it to lower-case words separated by single spaces."""
    return _NON_WORD.sub(" ", fold(text)).strip()


def _match_rank(name_key: str, words: tuple[str, ...], query_key: str) -> int | None:
    """Rank how ``query_key`` matches a name: 0 exact, 1 prefix ... 4 substring, None not."""
    if name_key == query_key:
        return 0
    if name_key.startswith(query_key):
        return 1
    if (" " + query_key) in name_key:
        return 2
    tokens = query_key.split()
    if all(any(word.startswith(token) for word in words) for token in tokens):
        return 3
    if query_key in name_key:
        return 4
    return None


def _edit_distance(a: str, b: str) -> int:
    """Return the optimal-string-alignment distance (edits plus adjacent swaps)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def _common_prefix(a: str, b: str) -> int:
    """Return the length of the common prefix of ``a`` and ``b``."""
    length = 0
    for char_a, char_b in zip(a, b, strict=False):
        if char_a != char_b:
            break
        length += 1
    return length


def level_name(level: str) -> str:
    """Return "department", "province" or "district" as the current language says it."""
    names = {"department": _("department"), "province": _("province"),
             "district": _("district")}
    return names.get(level, level)


def _describe(place: Place) -> str:
    """Return "030201 Andahuaylas (Andahuaylas, Apurímac)" style text for messages."""
    parents = place.full_name.split(", ", 1)
    if len(parents) == 2:
        return f"{place.code} {place.name} ({parents[1]})"
    return f"{place.code} {place.name}"


class Gazetteer:
    """Peru's places by INEI ubigeo code, with lookup, validation and search."""

    def __init__(
        self,
        *,
        source: str,
        version: str,
        departments: Iterable[tuple[str, str]],
        provinces: Iterable[tuple[str, str]],
        districts: Iterable[tuple[str, str]],
    ) -> None:
        """Build the gazetteer from (code, name) pairs; raise ValueError on bad data."""
        self.source = source
        self.version = version
        self._by_level: dict[Level, list[Place]] = {level: [] for level in LEVELS}
        self._by_code: dict[str, Place] = {}
        given: dict[Level, Iterable[tuple[str, str]]] = {
            "department": departments,
            "province": provinces,
            "district": districts,
        }
        for level in LEVELS:
            for code, name in sorted(given[level]):
                self._add(level, code, name)
        self._search_index: list[tuple[Place, str, tuple[str, ...], tuple[str, ...]]] | None
        self._search_index = None

    @property
    def _index(self) -> list[tuple[Place, str, tuple[str, ...], tuple[str, ...]]]:
        """Every place with its name folded for search, built on the first search: a
        look-up by code (counts, suggestions) never needs it."""
        if self._search_index is None:
            built = []
            for level in LEVELS:
                for place in self._by_level[level]:
                    key = _key(place.name)
                    parents = tuple(_key(part) for part in place.full_name.split(", ")[1:])
                    built.append((place, key, tuple(key.split()), parents))
            self._search_index = built  # whole or not at all, should two threads search
        return self._search_index

    def _add(self, level: Level, code: str, name: str) -> None:
        """Add one place after its parents; raise ValueError on a bad code or orphan."""
        digits = _DIGITS[level]
        if len(code) != digits or not code.isdigit():
            raise ValueError(_("the {level} code {code} does not have {digits} digits").format(
                level=level_name(level), code=repr(code), digits=digits))
        if not name.strip():
            raise ValueError(_("the {level} {code} has no name").format(
                level=level_name(level), code=code))
        if code in self._by_code:
            raise ValueError(_("the {level} code {code} appears twice").format(
                level=level_name(level), code=code))
        department_code = code[:2]
        province_code = code[:4] if level != "department" else None
        parts = [name]
        if level == "district":
            province = self._by_code.get(code[:4])
            if province is None:
                raise ValueError(_("the district {code} has no province {province}").format(
                    code=code, province=code[:4]))
            parts.append(province.name)
        if level != "department":
            department = self._by_code.get(department_code)
            if department is None:
                raise ValueError(_("the {level} {code} has no department {department}").format(
                    level=level_name(level), code=code, department=department_code))
            parts.append(department.name)
        place = Place(
            code=code,
            name=name,
            level=level,
            department_code=department_code,
            province_code=province_code,
            full_name=", ".join(parts),
        )
        self._by_code[code] = place
        self._by_level[level].append(place)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Gazetteer:
        """Build a gazetteer from the parsed JSON document; raise ValueError if malformed."""
        found = data.get("format")
        if found != FORMAT:
            raise ValueError(_('its format is {found}, expected "{expected}"').format(
                found=repr(found), expected=FORMAT))
        lists: dict[str, list[tuple[str, str]]] = {}
        for key in ("departments", "provinces", "districts"):
            entries = data.get(key)
            if not isinstance(entries, list) or not entries:
                raise ValueError(_('"{key}" is missing or empty').format(key=key))
            pairs: list[tuple[str, str]] = []
            for entry in entries:
                if not isinstance(entry, dict):
                    raise ValueError(_('an entry of "{key}" is not laid out as a place')
                                     .format(key=key))
                code, name = entry.get("code"), entry.get("name")
                if not isinstance(code, str) or not isinstance(name, str):
                    raise ValueError(_('an entry of "{key}" lacks a code or a name')
                                     .format(key=key))
                pairs.append((code, name))
            lists[key] = pairs
        return cls(
            source=str(data.get("source", "")),
            version=str(data.get("version", "")),
            departments=lists["departments"],
            provinces=lists["provinces"],
            districts=lists["districts"],
        )

    @classmethod
    def load(cls, path: Path) -> Gazetteer:
        """Read a gazetteer JSON file; raise WillayError if it is missing or malformed."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise WillayError(
                _("The list of places (gazetteer) {path} is missing. Reinstall Willay.")
                .format(path=path)
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise WillayError(
                _("The list of places (gazetteer) {path} cannot be read: {reason}.")
                .format(path=path, reason=exc)
            ) from exc
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ValueError(_("its content is not laid out as a list of places"))
            return cls.from_dict(data)
        except ValueError as exc:
            raise WillayError(
                _("The list of places (gazetteer) {path} is damaged or not a Willay "
                  "gazetteer ({reason}). Reinstall Willay.").format(path=path, reason=exc)
            ) from exc

    # Lookup -----------------------------------------------------------------

    def get(self, code: str) -> Place | None:
        """Return the department, province or district with this code, or None."""
        return self._by_code.get(code.strip())

    def __contains__(self, code: object) -> bool:
        """Return True if ``code`` is a known department, province or district code."""
        return isinstance(code, str) and code.strip() in self._by_code

    def __len__(self) -> int:
        """Return the number of places of all levels."""
        return len(self._by_code)

    def counts(self) -> dict[str, int]:
        """Return the number of places per level: department, province, district."""
        return {level: len(self._by_level[level]) for level in LEVELS}

    def departments(self) -> list[Place]:
        """Return all departments, sorted by code."""
        return list(self._by_level["department"])

    def provinces(self) -> list[Place]:
        """Return all provinces, sorted by code."""
        return list(self._by_level["province"])

    def districts(self) -> list[Place]:
        """Return all districts, sorted by code."""
        return list(self._by_level["district"])

    def department(self, code: str) -> Place:
        """Return the department with this 2-digit code; raise UnknownCodeError if none."""
        return self._require("department", code)

    def province(self, code: str) -> Place:
        """Return the province with this 4-digit code; raise UnknownCodeError if none."""
        return self._require("province", code)

    def district(self, code: str) -> Place:
        """Return the district with this 6-digit code; raise UnknownCodeError if none.

        The error message names the closest known codes, for example
        ``Unknown ubigeo district code "030299". Closest: 030209 ...``.
        """
        return self._require("district", code)

    def provinces_in(self, department_code: str) -> list[Place]:
        """Return the provinces of a department, sorted by code."""
        department = self.department(department_code)
        return [p for p in self._by_level["province"] if p.department_code == department.code]

    def districts_in(self, code: str) -> list[Place]:
        """Return the districts of a department (2 digits) or province (4 digits), by code."""
        cleaned = code.strip()
        if len(cleaned) == 2:
            parent = self.department(cleaned)
        elif len(cleaned) == 4:
            parent = self.province(cleaned)
        else:
            raise UnknownCodeError(
                _('"{code}" is neither a 2-digit department code nor a 4-digit province code.')
                .format(code=cleaned)
            )
        return [p for p in self._by_level["district"] if p.code.startswith(parent.code)]

    def _require(self, level: Level, code: str) -> Place:
        """Return the place of ``level`` with ``code`` or raise UnknownCodeError with hints."""
        cleaned = code.strip()
        place = self._by_code.get(cleaned)
        if place is not None and place.level == level:
            return place
        suggestions = self._suggest(level, cleaned)
        digits = _DIGITS[level]
        name = level_name(level)
        if not cleaned:
            example = {"department": "03", "province": "0302", "district": "030201"}[level]
            message = _("A {level} code is required: a {digits}-digit INEI code such as "
                        "{example}.").format(level=name, digits=digits, example=example)
        elif place is not None:
            message = _('"{code}" is the {found} {place}, not a {level}; a {digits}-digit '
                        "INEI {level} code is needed.").format(
                code=cleaned, found=level_name(place.level), place=place.label(),
                level=name, digits=digits)
        elif len(cleaned) != digits or not cleaned.isdigit():
            message = _('Unknown ubigeo {level} code "{code}": it must be a {digits}-digit '
                        "INEI {level} code.").format(level=name, code=cleaned, digits=digits)
        else:
            message = _('Unknown ubigeo {level} code "{code}".').format(level=name, code=cleaned)
        if suggestions:
            # Two sentences side by side: the finding, then the places that come close.
            message += " " + _("Closest: {places}").format(
                places=", ".join(_describe(p) for p in suggestions))
        elif cleaned:
            message += " " + _("No {level} code is close to it; search the places by name."
                               ).format(level=name)
        raise UnknownCodeError(message, [p.code for p in suggestions])

    def _suggest(self, level: Level, code: str) -> list[Place]:
        """Return up to five places of ``level`` close to a wrong ``code``."""
        candidates = self._by_level[level]
        if not code:
            return []
        if not code.isdigit():
            if not any(char.isdigit() for char in code):
                hits = self.search(code, limit=100)
                return [p for p in hits if p.level == level][:_MAX_SUGGESTIONS]
            # "03-02-01", "0302 01" or a letter O typed for a zero.
            code = _NOT_DIGIT.sub("", code.translate(_LOOKALIKES))
            if not code:
                return []
        digits = _DIGITS[level]
        if len(code) > digits:
            # A longer code (say a district given for a department): offer its ancestor.
            ancestor = self._by_code.get(code[:digits])
            if ancestor is not None and ancestor.level == level:
                return [ancestor]
        if len(code) < digits:
            # A known parent: offer its children; a lost leading zero: offer the padded code.
            padded = self._by_code.get(code.zfill(digits))
            if padded is not None and padded.level == level:
                return [padded]
            if code in self._by_code:
                return [p for p in candidates if p.code.startswith(code)][:_MAX_SUGGESTIONS]
        scored: list[tuple[int, int, str, Place]] = []
        for place in candidates:
            distance = _edit_distance(code, place.code)
            prefix = _common_prefix(code, place.code)
            if distance <= 2 or (prefix >= digits - 2 and len(code) == digits):
                scored.append((distance, -prefix, place.code, place))
        scored.sort(key=lambda item: item[:3])
        return [item[3] for item in scored[:_MAX_SUGGESTIONS]]

    # Search -----------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[Place]:
        """Find places by name or code, ignoring accents and case.

        A name query matches the start of any word of a place name ("nunoa" finds
        Ñuñoa) and, failing that, any part of it. Results are ranked exact match,
        then prefix, then word prefix, then substring; on ties departments come before
        provinces before districts, then by name. Text after a comma narrows by parent:
        "anco, ayacucho" finds the Anco district of Ayacucho. A query of digits matches
        codes by prefix ("0302" gives that province and its districts).
        """
        text = query.strip()
        if not text or limit <= 0:
            return []
        if text.isdigit():
            hits = [p for p in self._by_code.values() if p.code.startswith(text)]
            hits.sort(key=lambda p: (p.code != text, _RANK[p.level], p.code))
            return hits[:limit]
        parts = [_key(part) for part in text.split(",")]
        name_query, parent_queries = parts[0], [part for part in parts[1:] if part]
        if not name_query:
            return []
        ranked: list[tuple[int, int, str, str, Place]] = []
        for place, key, words, parents in self._index:
            rank = _match_rank(key, words, name_query)
            if rank is None:
                continue
            if parent_queries and not all(
                any(_match_rank(parent, tuple(parent.split()), q) is not None for parent in parents)
                for q in parent_queries
            ):
                continue
            ranked.append((rank, _RANK[place.level], key, place.code, place))
        ranked.sort(key=lambda item: item[:4])
        return [item[4] for item in ranked[:limit]]


@cache
def gazetteer() -> Gazetteer:
    """Return Peru's gazetteer, read once from ``resources/gazetteer/peru-ubigeo.json``.

    Raises WillayError if the file is missing or is not a valid Willay gazetteer.
    """
    return Gazetteer.load(resource_path("gazetteer", "peru-ubigeo.json"))
