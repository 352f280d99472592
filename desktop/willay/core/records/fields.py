"""What each kind of record holds, and the checks a value passes before it is stored.

Each ``normalize_*`` function takes the fields as given (a partial dict for an edit
merged over the current fields) and returns the complete canonical dict that goes into
a revision: every key present, strings NFC-normalised and trimmed, codes checked
against their vocabulary or the gazetteer.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from willay.core.errors import ValidationError
from willay.core.i18n import _, number
from willay.core.records.custom_parts import normalize_fieldset, normalize_part
from willay.core.reference import dates
from willay.core.reference.gazetteer import gazetteer
from willay.core.reference.vocabularies import vocabulary

KINDS = ("incident", "person", "testimony", "media", "fieldset", "custom")
# The kinds a person creates and edits one by one; field sets and organization fields have
# their own services (fieldset_store, custom_values), which check them against each other.
EDITABLE = ("incident", "person", "testimony", "media")
ATTACHABLE = ("incident", "testimony", "person")
MEDIA_KINDS = ("image", "audio", "video", "document")
MAX_TEXT = 1_000_000
MAX_LINE = 500
_AGE_RANGE = re.compile(r"^(\d{1,3})-(\d{1,3})$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def text(value: Any, field: str, *, required: bool = False, limit: int = MAX_LINE) -> str:
    """Return ``value`` as trimmed NFC text, checking presence and length."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(_("{field} must be text.").format(field=field))
    cleaned = unicodedata.normalize("NFC", value).strip()
    if required and not cleaned:
        raise ValidationError(_("{field} must not be empty.").format(field=field))
    if len(cleaned) > limit:
        raise ValidationError(_("{field} is longer than {limit} characters.").format(
            field=field, limit=number(limit)))
    if "\x00" in cleaned:
        raise ValidationError(
            _("{field} contains a character that cannot be stored (NUL).").format(field=field))
    return cleaned


def count(value: Any, field: str) -> int:
    """Return a non-negative whole number of people."""
    if value is None or value == "":
        return 0
    try:
        whole = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("{field} must be a whole number, not {value}.").format(
            field=field, value=repr(value))) from exc
    if whole < 0 or whole > 1_000_000:
        raise ValidationError(_("{field} must be between 0 and {most}.").format(
            field=field, most=number(1_000_000)))
    return whole


def codes(values: Any, vocab: str, field: str) -> list[str]:
    """Return the sorted, de-duplicated list of checked codes of one vocabulary."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple):
        raise ValidationError(_("{field} must be a list of codes.").format(field=field))
    checked = {vocabulary(vocab).check(str(v)) for v in values if str(v).strip()}
    return sorted(checked)


def byte_size(value: Any) -> int:
    """Return a file size in bytes."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
        raise ValidationError(_("A file size must be a whole number of bytes, not {value}.")
                              .format(value=repr(value)))
    return value


def code(value: Any, vocab: str, field: str, *, required: bool = True) -> str | None:
    """Return one checked code, or None when it is optional and absent."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(_("{field} is required.").format(field=field))
        return None
    return vocabulary(vocab).check(str(value))


def coordinate(value: Any, field: str, bound: int) -> str | None:
    """Return a latitude or longitude as a decimal string with at most 6 decimals."""
    if value is None or value == "":
        return None
    try:
        decimal = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValidationError(_("{field} must be a decimal number, not {value}.").format(
            field=field, value=repr(value))) from exc
    if not decimal.is_finite() or abs(decimal) > bound:
        raise ValidationError(_("{field} must be between -{bound} and {bound}.").format(
            field=field, bound=bound))
    return format(decimal.quantize(Decimal("0.000001")).normalize(), "f")


def place(value: Any, field: str) -> dict[str, Any]:
    """Return a place: INEI district code (checked), free text, optional coordinates."""
    value = dict(value or {})
    ubigeo = str(value.get("ubigeo") or "").strip() or None
    if ubigeo is not None:
        ubigeo = gazetteer().district(ubigeo).code
    latitude = coordinate(value.get("latitude"), _("{field} latitude").format(field=field), 90)
    longitude = coordinate(value.get("longitude"), _("{field} longitude").format(field=field),
                           180)
    if (latitude is None) != (longitude is None):
        raise ValidationError(
            _("{field}: give both latitude and longitude, or neither.").format(field=field))
    return {
        "ubigeo": ubigeo,
        "text": text(value.get("text"), _("{field} text").format(field=field)),
        "latitude": latitude,
        "longitude": longitude,
    }


def language(value: Any) -> str:
    """Return an ISO 639 language code from the languages vocabulary."""
    raw = str(value or "").strip().lower()
    if not raw:
        raise ValidationError(
            _("A testimony needs its language (es, qu, ay or another ISO 639 code).")
        )
    if not _LANGUAGE.match(raw):
        raise ValidationError(
            _("{value} is not an ISO 639 language code such as es, qu or ay.")
            .format(value=repr(value)))
    return vocabulary("languages").check(raw)


def occurred(value: Any) -> dict[str, str]:
    """Return the occurrence span; accepts the stored dict or ``{"text", "until", "precision"}``."""
    if not isinstance(value, dict) or not value:
        raise ValidationError(_("An incident needs the date it occurred (--occurred)."))
    if "start" in value:
        span = dates.parse_fuzzy(value["start"], value.get("end"), value.get("precision"))
    else:
        span = dates.parse_fuzzy(value.get("text", ""), value.get("until"), value.get("precision"))
    return span.as_fields()


def normalize_incident(fields: dict[str, Any]) -> dict[str, Any]:
    """Check and complete the fields of an incident."""
    return {
        "title": text(fields.get("title"), _("Title"), required=True),
        "occurred": occurred(fields.get("occurred")),
        "place": place(fields.get("place"), _("Place")),
        "violations": codes(fields.get("violations"), "violations", _("Violations")),
        "perpetrators": codes(fields.get("perpetrators"), "perpetrators", _("Perpetrators")),
        "killed": count(fields.get("killed"), _("Killed")),
        "injured": count(fields.get("injured"), _("Injured")),
        "detained": count(fields.get("detained"), _("Detained")),
        "narrative": text(fields.get("narrative"), _("Narrative"), limit=MAX_TEXT),
        "status": code(fields.get("status") or "draft", "incident_status", _("Status")),
    }


def age_range(value: Any) -> str | None:
    """Return an age range such as ``18-25``."""
    raw = str(value or "").strip()
    if not raw:
        return None
    match = _AGE_RANGE.match(raw.replace(" ", ""))
    if not match or int(match[1]) > int(match[2]) or int(match[2]) > 130:
        raise ValidationError(_("Age range {value} must look like 18-25.").format(
            value=repr(value)))
    return f"{int(match[1])}-{int(match[2])}"


def age(value: Any) -> int | None:
    """Return an age in years, or None."""
    if value is None or value == "":
        return None
    years = count(value, _("Age"))
    if years > 130:
        raise ValidationError(_("Age must be at most 130."))
    return years


def normalize_person(fields: dict[str, Any]) -> dict[str, Any]:
    """Check and complete the fields of a person."""
    langs = fields.get("languages") or []
    if isinstance(langs, str):
        langs = [langs]
    return {
        "full_name": text(fields.get("full_name"), _("Name"), required=True),
        "pseudonym": text(fields.get("pseudonym"), _("Pseudonym")),
        "sex_gender": code(fields.get("sex_gender"), "sex_gender", _("Sex/gender"),
                           required=False),
        "age": age(fields.get("age")),
        "age_range": age_range(fields.get("age_range")),
        "community": text(fields.get("community"), _("Community")),
        "indigenous_people": text(fields.get("indigenous_people"), _("Indigenous people")),
        "languages": sorted({language(v) for v in langs if str(v).strip()}),
        "roles": codes(fields.get("roles"), "person_roles", _("Roles")),
        "contact": text(fields.get("contact"), _("Contact details"), limit=2000),
        "consent": code(fields.get("consent") or "internal", "consent_scopes", _("Consent")),
    }


def normalize_testimony(fields: dict[str, Any]) -> dict[str, Any]:
    """Check and complete the fields of a testimony (links are checked by the caller)."""
    incidents = fields.get("incidents") or []
    if isinstance(incidents, str):
        incidents = [incidents]
    recorded = str(fields.get("recorded_date") or "").strip() or None
    if recorded is not None:
        recorded = dates.parse_fuzzy(recorded).start.isoformat()
    witness = str(fields.get("witness") or "").strip()
    if not witness:
        raise ValidationError(_("A testimony needs its witness (a person id)."))
    if not incidents:
        raise ValidationError(_("A testimony needs at least one incident."))
    withheld = fields.get("text_withheld") is True
    out: dict[str, Any] = {
        "incidents": sorted({str(i).strip() for i in incidents}),
        "witness": witness,
        "interviewer": text(fields.get("interviewer"), _("Interviewer")),
        "recorded_date": recorded,
        "recorded_place": place(fields.get("recorded_place"), _("Recording place")),
        "language": language(fields.get("language")),
        "consent": code(fields.get("consent"), "consent_scopes", _("Consent")),
        # Empty until someone transcribes a recorded testimony ("to transcribe").
        "transcript": text(fields.get("transcript"), _("Transcript"), limit=MAX_TEXT),
        "translation": text(fields.get("translation"), _("Translation"), limit=MAX_TEXT),
        "notes": text(fields.get("notes"), _("Notes"), limit=MAX_TEXT),
    }
    if withheld:
        # Only in anonymized bundles: the text stayed with the documenter (consent).
        out["text_withheld"] = True
    return out


def needs_transcript(fields: dict[str, Any]) -> bool:
    """Whether a testimony still waits for its transcript (recorded, not yet typed)."""
    return not fields.get("transcript") and not fields.get("text_withheld")


def _metadata(value: Any) -> dict[str, str | int | None]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValidationError(_("The details of a media item must be a list of names and "
                                "values."))
    clean: dict[str, str | int | None] = {}
    for key, item in value.items():
        if item is None or (isinstance(item, int) and not isinstance(item, bool)):
            clean[str(key)] = item
        elif isinstance(item, str):
            clean[str(key)] = text(item, _("Detail {name}").format(name=key), limit=2000)
        else:
            raise ValidationError(
                _("The detail {name} of a media item must be text or a whole number.")
                .format(name=repr(key)))
    return clean


def normalize_media(fields: dict[str, Any]) -> dict[str, Any]:
    """Check and complete the fields of a media item (the link is checked by the caller)."""
    sha = str(fields.get("sha256") or "")
    if not _SHA256.match(sha):
        raise ValidationError(
            _("A media item needs the fingerprint (SHA-256) of its original."))
    media_kind = str(fields.get("media_kind") or "")
    if media_kind not in MEDIA_KINDS:
        raise ValidationError(_("Unknown kind of media {kind}; use one of: {choices}.").format(
            kind=repr(media_kind), choices=", ".join(MEDIA_KINDS)))
    return {
        "sha256": sha,
        "size": byte_size(fields.get("size")),
        "mime": text(fields.get("mime"), _("Type"), required=True),
        "media_kind": media_kind,
        "original_name": text(fields.get("original_name"), _("File name"), limit=1000),
        "intake_time": text(fields.get("intake_time"), _("Intake time"), required=True),
        "attached_to": text(fields.get("attached_to"), _("Attached to"), required=True),
        "metadata": _metadata(fields.get("metadata")),
        "notes": text(fields.get("notes"), _("Notes"), limit=MAX_TEXT),
    }


def kind_name(kind: str) -> str:
    """Return a kind of record as the current language names it: incident, person..."""
    names = {"incident": _("incident"), "person": _("person"), "testimony": _("testimony"),
             "media": _("media item"), "fieldset": _("field set"),
             "custom": _("organization's fields")}
    return names.get(kind, kind)


NORMALIZERS = {
    "incident": normalize_incident,
    "person": normalize_person,
    "testimony": normalize_testimony,
    "media": normalize_media,
    "fieldset": normalize_fieldset,
    "custom": normalize_part,
}


def normalize(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Check and complete the fields of a record of ``kind``."""
    normalizer = NORMALIZERS.get(kind)
    if normalizer is None:
        raise ValidationError(_("Unknown kind of record {kind}.").format(kind=repr(kind)))
    return normalizer(fields)
