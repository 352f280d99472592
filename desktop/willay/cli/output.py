"""How the CLI prints: plain lines for people, JSON for scripts."""

from __future__ import annotations

import json
import sys
from typing import Any

from willay.core.reference import dates
from willay.core.reference.gazetteer import gazetteer
from willay.core.reference.vocabularies import vocabulary

# The order a person reads a record in; the canonical form itself is sorted by key.
FIELD_ORDER = {
    "incident": ("title", "occurred", "place", "violations", "perpetrators", "killed",
                 "injured", "detained", "status", "narrative"),
    "person": ("full_name", "pseudonym", "sex_gender", "age", "age_range", "community",
               "indigenous_people", "languages", "roles", "contact", "consent"),
    "testimony": ("incidents", "witness", "interviewer", "recorded_date", "recorded_place",
                  "language", "consent", "transcript", "translation", "notes"),
}
CODED = {"violations": "violations", "perpetrators": "perpetrators", "roles": "person_roles",
         "consent": "consent_scopes", "sex_gender": "sex_gender", "status": "incident_status",
         "language": "languages", "languages": "languages"}


def emit_json(value: Any) -> None:
    """Print ``value`` as JSON (UTF-8, indented) on stdout."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
    sys.stdout.write("\n")


def emit(text: str = "") -> None:
    """Print one line for a person."""
    print(text)


def table(rows: list[list[str]], headers: list[str]) -> None:
    """Print rows as aligned columns under ``headers``; long cells are cut."""
    cut = [[_cell(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cut:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    print("  ".join(h.ljust(widths[i]) for i, h in enumerate(headers)).rstrip())
    for row in cut:
        print("  ".join(c.ljust(widths[i]) for i, c in enumerate(row)).rstrip())


def _cell(value: str, limit: int = 48) -> str:
    value = " ".join(str(value).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def describe(value: Any, indent: int = 0) -> list[str]:
    """Return readable ``key: value`` lines for a record's fields."""
    pad = "  " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            label = key.replace("_", " ")
            if isinstance(item, dict):
                lines.append(f"{pad}{label}:")
                lines.extend(describe(item, indent + 1))
            elif isinstance(item, list):
                lines.append(f"{pad}{label}: {', '.join(map(str, item)) if item else '—'}")
            elif isinstance(item, str) and "\n" in item:
                lines.append(f"{pad}{label}:")
                lines.extend(f"{pad}  {line}" for line in item.splitlines())
            else:
                lines.append(f"{pad}{label}: {'—' if item in (None, '') else item}")
    return lines


def _place(place: dict[str, Any]) -> str:
    parts = []
    if place.get("ubigeo"):
        found = gazetteer().get(place["ubigeo"])
        parts.append(f"{place['ubigeo']} {found.full_name if found else ''}".strip())
    if place.get("text"):
        parts.append(place["text"])
    if place.get("latitude") is not None:
        parts.append(f"({place['latitude']}, {place['longitude']})")
    return " — ".join(parts)


def _coded(vocab: str, value: Any) -> str:
    voc = vocabulary(vocab)
    items = value if isinstance(value, list) else [value]
    return ", ".join(f"{code} ({voc.label(code, 'es')} / {voc.label(code, 'en')})"
                     if code in voc else str(code) for code in items if code)


def readable_fields(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Return a record's fields in reading order, with dates, places and codes spelled out."""
    out: dict[str, Any] = {}
    for key in FIELD_ORDER.get(kind, tuple(sorted(fields))):
        value = fields.get(key)
        if key == "occurred" and value:
            out[key] = f"{dates.from_fields(value).label()} ({value['precision']})"
        elif key in ("place", "recorded_place") and isinstance(value, dict):
            out[key] = _place(value)
        elif key in CODED and value:
            out[key] = _coded(CODED[key], value)
        else:
            out[key] = value
    return out


def emit_result(as_json: bool, doc: dict[str, Any], text: str) -> None:
    """Print what a command did: ``doc`` as JSON for scripts, or ``text`` for a person."""
    if as_json:
        emit_json(doc)
    else:
        emit(text)
