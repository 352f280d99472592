"""The words a report's rows show, in Spanish or English: places, months and codes.

A key with nothing recorded (no place, a date vaguer than a month, no code) gets a label
saying so; a place code the gazetteer does not know, or a code outside its vocabulary,
shows as itself.
"""

from __future__ import annotations

from willay.core.reference.gazetteer import gazetteer
from willay.core.reference.vocabularies import vocabulary

_UNKNOWN = {
    "place": {"es": "Sin lugar registrado", "en": "No place recorded"},
    "month": {"es": "Fecha imprecisa", "en": "Imprecise date"},
    "code": {"es": "No registrado", "en": "Not recorded"},
}


def place_name(ubigeo: str | None, lang: str) -> str:
    """Return the full name of a place code, or "no place recorded" in ``lang``."""
    if not ubigeo:
        return _UNKNOWN["place"][lang]
    found = gazetteer().get(ubigeo)
    return found.full_name if found else ubigeo


def key_label(dimension: str, key: str, lang: str) -> str:
    """Return the label of a table row's key (a place, month or code) in ``lang``."""
    if dimension in ("department", "province", "district"):
        return place_name(key, lang)
    if dimension == "month":
        return key or _UNKNOWN["month"][lang]
    if not key:
        return _UNKNOWN["code"][lang]
    vocab = vocabulary("violations" if dimension == "violation" else "perpetrators")
    return vocab.label(key, lang) if key in vocab else key
