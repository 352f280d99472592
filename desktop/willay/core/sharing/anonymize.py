"""The ``anonymized`` profile: what a record looks like when it leaves without names.

People are pseudonymized (names and contact details removed), testimony text travels
only where the partner's scope allows its consent, places are coarsened to the district,
and photos travel as derivative copies with every metadata block stripped.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

from PIL import Image, ImageOps

from willay.core.errors import WillayError
from willay.core.i18n import _
from willay.core.sharing.partners import allows


def pseudonym(record_id: str, given: str) -> str:
    """Return the person's own pseudonym, or a stable code derived from the record id."""
    if given:
        return given
    return "P-" + hashlib.sha256(record_id.encode()).hexdigest()[:6].upper()


def _coarse_place(place: dict[str, Any]) -> dict[str, Any]:
    return {"ubigeo": place.get("ubigeo"), "text": "", "latitude": None, "longitude": None}


def incident(fields: dict[str, Any]) -> dict[str, Any]:
    """Coarsen an incident's place to its district; the rest travels."""
    return {**fields, "place": _coarse_place(fields["place"])}


def person(record_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Pseudonymize a person: no name, no contact details."""
    code = pseudonym(record_id, fields.get("pseudonym", ""))
    return {**fields, "full_name": code, "pseudonym": code, "contact": ""}


def testimony(fields: dict[str, Any], scope: str) -> dict[str, Any]:
    """Keep a testimony's text only where the partner's scope allows its consent."""
    out = {**fields, "interviewer": "", "recorded_place": _coarse_place(fields["recorded_place"])}
    if not allows(scope, fields.get("consent")):
        out.update({"transcript": "", "translation": "", "notes": "", "text_withheld": True})
    return out


def stripped_photo(original: bytes, name: str) -> bytes:
    """Return a JPEG re-encoded from the photo's pixels, with no EXIF, XMP, GPS or ICC.

    Orientation is applied to the pixels first, so the copy looks the same.
    """
    try:
        with Image.open(io.BytesIO(original)) as img:
            upright = ImageOps.exif_transpose(img)
            pixels = upright.convert("RGB")
    except Exception as exc:  # Pillow raises many kinds; all mean "cannot"
        raise WillayError(_("Cannot make an anonymized copy of the photo {name}: {reason}."
                            ).format(name=name, reason=exc)) from exc
    clean = Image.new("RGB", pixels.size)
    clean.paste(pixels)
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=90)
    return out.getvalue()


def media(fields: dict[str, Any], derivative_sha256: str, size: int,
          width: int, height: int, redacted: bool = False) -> dict[str, Any]:
    """Describe the derivative copy instead of the original; nothing of its metadata stays.

    ``redacted`` says the copy is the photo's redacted copy (regions hidden).
    """
    return {
        **fields,
        "sha256": derivative_sha256,
        "size": size,
        "mime": "image/jpeg",
        "original_name": f"{derivative_sha256[:12]}.jpg",
        "metadata": {"type_label": "JPEG image", "width": width, "height": height,
                     "derivative": "redacted, metadata stripped" if redacted
                     else "metadata stripped"},
        "notes": "",
    }
