"""Records for GUI tests, written through the window's own archive service."""

from __future__ import annotations

from typing import Any

from willay.gui.archive import Archive


def incident(archive: Archive, title: str = "Enfrentamiento en el puente Añashuayco",
             **extra: Any) -> str:
    """Create an incident in Juliaca; return its id."""
    fields: dict[str, Any] = {
        "title": title,
        "occurred": {"text": "2023-01-09"},
        "place": {"ubigeo": "211101", "text": "Puente Añashuayco"},
        "violations": ["killing", "injury_firearm"],
        "perpetrators": ["pnp"],
        "killed": 18, "injured": 107,
        "narrative": "La policía disparó contra los manifestantes.",
    }
    fields.update(extra)
    return archive.save("incident", None, fields)


def person(archive: Archive, name: str = "Rosalía Quispe Ccori", pseudonym: str = "T-01") -> str:
    """Create a witness; return the id."""
    return archive.save("person", None, {"full_name": name, "pseudonym": pseudonym,
                                         "roles": ["witness"], "consent": "partners"})


def testimony(archive: Archive, incident_id: str, witness_id: str,
              text: str = "Chay p'unchawmi policía disparó...") -> str:
    """Create a testimony about an incident; return its id."""
    return archive.save("testimony", None, {
        "incidents": [incident_id], "witness": witness_id, "language": "qu",
        "consent": "partners", "transcript": text, "recorded_date": "2023-01-12"})
