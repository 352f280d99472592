"""A field set with a field of every type: an organization's victim registration sheet."""

from __future__ import annotations

from typing import Any


def labels(es: str, en: str, **more: str) -> dict[str, str]:
    """Labels in Spanish and English (and Quechua or Aymara where given)."""
    return {"es": es, "en": en, **more}


def sample() -> dict[str, Any]:
    """Version 1 of Red Sur's registration sheet, as its own document."""
    return {
        "format": "willay-fieldset/1", "id": "red-sur-registro", "version": 1,
        "organization": "Red Sur", "labels": labels("Ficha de registro", "Registration sheet"),
        "lists": {
            "weapons": [
                {"code": "firearm", "labels": labels("Arma de fuego", "Firearm")},
                {"code": "pellets", "labels": labels("Perdigones", "Pellets")},
                {"code": "tear_gas", "labels": labels("Gas lacrimógeno", "Tear gas")},
            ],
            "legal_status": [
                {"code": "charged", "labels": labels("Con denuncia", "Charged")},
                {"code": "released", "labels": labels("Liberado", "Released")},
            ],
        },
        "fields": [
            {"key": "attack", "for": "incident", "type": "section",
             "labels": labels("El ataque", "The attack")},
            {"key": "weapon", "for": "incident", "type": "choose_one", "list": "weapons",
             "labels": labels("Tipo de arma", "Type of weapon", qu="Imayna arma"),
             "help": labels("La principal", "The main one"), "sensitivity": "public"},
            {"key": "weapons_seen", "for": "incident", "type": "choose_many",
             "list": "weapons", "labels": labels("Armas vistas", "Weapons seen")},
            {"key": "hospital", "for": "incident", "type": "text",
             "labels": labels("Hospital", "Hospital"), "sensitivity": "legal"},
            {"key": "account", "for": "incident", "type": "long_text",
             "labels": labels("Relato del médico", "Doctor's account"),
             "sensitivity": "internal"},
            {"key": "shots", "for": "incident", "type": "integer",
             "labels": labels("Disparos oídos", "Shots heard")},
            {"key": "distance_m", "for": "incident", "type": "decimal",
             "labels": labels("Distancia (m)", "Distance (m)")},
            {"key": "police_present", "for": "incident", "type": "yes_no",
             "labels": labels("¿Había policía?", "Police present?"), "required": True},
            {"key": "reported_on", "for": "incident", "type": "date",
             "labels": labels("Fecha de la denuncia", "Date reported")},
            {"key": "curfew", "for": "incident", "type": "date_range",
             "labels": labels("Toque de queda", "Curfew")},
            {"key": "district", "for": "incident", "type": "vocabulary",
             "vocabulary": "gazetteer", "labels": labels("Distrito", "District")},
            {"key": "camera", "for": "incident", "type": "point",
             "labels": labels("Cámara", "Camera")},
            {"key": "lawyer", "for": "incident", "type": "reference", "target": "person",
             "labels": labels("Abogado(a)", "Lawyer")},
            {"key": "wounded", "for": "incident", "type": "group",
             "labels": labels("Heridos", "Wounded"),
             "columns": [
                 {"key": "name", "type": "text", "labels": labels("Nombre", "Name"),
                  "required": True},
                 {"key": "age", "type": "integer", "labels": labels("Edad", "Age")},
                 {"key": "weapon", "type": "choose_one", "list": "weapons",
                  "labels": labels("Arma", "Weapon")},
             ]},
            {"key": "detention_status", "for": "person", "type": "choose_one",
             "list": "legal_status", "labels": labels("Situación legal", "Legal status"),
             "sensitivity": "legal"},
            {"key": "interview_language", "for": "testimony", "type": "vocabulary",
             "vocabulary": "languages",
             "labels": labels("Idioma de la entrevista", "Language of the interview")},
        ],
    }
