"""The names of record fields in the window's language, and their values as short text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from willay.core.reference import dates
from willay.gui.labels import place, term, terms

# Source strings for pyside6-lupdate; translated when shown.
_NAMES: dict[str, object] = {
    "title": QT_TRANSLATE_NOOP("Fields", "Title"),
    "occurred": QT_TRANSLATE_NOOP("Fields", "Date"),
    "place": QT_TRANSLATE_NOOP("Fields", "Place"),
    "violations": QT_TRANSLATE_NOOP("Fields", "Violations"),
    "perpetrators": QT_TRANSLATE_NOOP("Fields", "Alleged perpetrators"),
    "killed": QT_TRANSLATE_NOOP("Fields", "Killed"),
    "injured": QT_TRANSLATE_NOOP("Fields", "Injured"),
    "detained": QT_TRANSLATE_NOOP("Fields", "Detained"),
    "status": QT_TRANSLATE_NOOP("Fields", "Status"),
    "narrative": QT_TRANSLATE_NOOP("Fields", "Narrative"),
    "notes": QT_TRANSLATE_NOOP("Fields", "Notes"),
    "full_name": QT_TRANSLATE_NOOP("Fields", "Full name"),
    "pseudonym": QT_TRANSLATE_NOOP("Fields", "Pseudonym"),
    "sex_gender": QT_TRANSLATE_NOOP("Fields", "Sex or gender"),
    "age": QT_TRANSLATE_NOOP("Fields", "Age"),
    "age_range": QT_TRANSLATE_NOOP("Fields", "Age range"),
    "community": QT_TRANSLATE_NOOP("Fields", "Community"),
    "indigenous_people": QT_TRANSLATE_NOOP("Fields", "Indigenous people"),
    "languages": QT_TRANSLATE_NOOP("Fields", "Languages"),
    "roles": QT_TRANSLATE_NOOP("Fields", "Roles"),
    "contact": QT_TRANSLATE_NOOP("Fields", "Contact"),
    "consent": QT_TRANSLATE_NOOP("Fields", "Consent"),
    "incidents": QT_TRANSLATE_NOOP("Fields", "Incidents"),
    "witness": QT_TRANSLATE_NOOP("Fields", "Witness"),
    "language": QT_TRANSLATE_NOOP("Fields", "Language"),
    "recorded_date": QT_TRANSLATE_NOOP("Fields", "Recorded on"),
    "recorded_place": QT_TRANSLATE_NOOP("Fields", "Recorded at"),
    "interviewer": QT_TRANSLATE_NOOP("Fields", "Interviewer"),
    "transcript": QT_TRANSLATE_NOOP("Fields", "Transcript"),
    "translation": QT_TRANSLATE_NOOP("Fields", "Translation"),
    # The parts that hold an organization's fields (records of kind "custom").
    "of": QT_TRANSLATE_NOOP("Fields", "Record"),
    "of_kind": QT_TRANSLATE_NOOP("Fields", "Kind of record"),
    "sensitivity": QT_TRANSLATE_NOOP("Fields", "Who may see it"),
    "fieldset": QT_TRANSLATE_NOOP("Fields", "Field set"),
}
# The labels of the organization's fields (``x.KEY``), as the field sets held here give
# them in the window's language; kept by :func:`learn_organization_labels`.
_ORGANIZATION: dict[str, str] = {}


def learn_organization_labels(labels: dict[str, str]) -> None:
    """Name the organization's fields by these labels (field key -> label)."""
    _ORGANIZATION.clear()
    _ORGANIZATION.update(labels)
_VOCABULARIES = {"violations": "violations", "perpetrators": "perpetrators",
                 "status": "incident_status", "consent": "consent_scopes",
                 "roles": "person_roles", "languages": "languages", "language": "languages",
                 "sex_gender": "sex_gender"}


def field_name(key: str) -> str:
    """Return the name of a field in the window's language (the key if unknown); an
    organization's field by its label."""
    if key.startswith("x."):
        return _ORGANIZATION.get(key[2:], key[2:])
    return QCoreApplication.translate("Fields", str(_NAMES[key])) if key in _NAMES else key


def field_names(keys: list[str] | tuple[str, ...]) -> str:
    """Return several field names, comma-separated."""
    return ", ".join(field_name(key) for key in keys)


def field_value(key: str, value: Any) -> str:
    """Return a field's value as short text to compare side by side."""
    if value is None or value == "" or value == []:
        return "—"
    vocab = _VOCABULARIES.get(key)
    if isinstance(value, list):
        return terms(vocab, [str(v) for v in value]) if vocab else ", ".join(map(str, value))
    if isinstance(value, str) and vocab:
        return term(vocab, value)
    if isinstance(value, dict) and {"start", "end", "precision"} <= set(value):
        try:
            return dates.from_fields(value).label()
        except (TypeError, ValueError):
            return f"{value['start']} – {value['end']}"
    if key == "occurred" and isinstance(value, dict):
        text = str(value.get("text") or "")
        return f"{text} – {value['until']}" if value.get("until") else text
    if key == "place" and isinstance(value, dict):
        parts = [place(value.get("ubigeo")), str(value.get("text") or "")]
        return " · ".join(p for p in parts if p) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items() if v not in (None, ""))
    return str(value)
