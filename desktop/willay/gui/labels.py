"""Words for codes, dates and sizes, in the window's language."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from willay.core.errors import WillayError
from willay.core.i18n import local_moment, utc_offset
from willay.core.records.queries import TestimonyRow
from willay.core.reference.gazetteer import gazetteer
from willay.core.reference.vocabularies import vocabulary
from willay.gui.i18n import current_language


def term(vocab: str, code: str | None) -> str:
    """Return the label of ``code`` in ``vocab`` in the window's language (or the code)."""
    if not code:
        return ""
    try:
        found = vocabulary(vocab).get(code)
    except WillayError:
        return code
    return found.label(current_language()) if found else code


def terms(vocab: str, codes: list[str] | tuple[str, ...]) -> str:
    """Return the labels of several codes, comma-separated."""
    return ", ".join(term(vocab, code) for code in codes)


def description(vocab: str, code: str) -> str:
    """Return the description of a code in the window's language."""
    found = vocabulary(vocab).get(code)
    return (found.description(current_language()) or "") if found else ""


def place(ubigeo: str | None) -> str:
    """Return the full name of a district, province or department."""
    if not ubigeo:
        return ""
    found = gazetteer().get(ubigeo)
    return found.full_name if found else ubigeo


def size(number: int) -> str:
    """Return a file size in bytes, KiB, MiB or GiB."""
    value = float(number)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return str(number)


_MONTHS = (
    QT_TRANSLATE_NOOP("Months", "Jan"), QT_TRANSLATE_NOOP("Months", "Feb"),
    QT_TRANSLATE_NOOP("Months", "Mar"), QT_TRANSLATE_NOOP("Months", "Apr"),
    QT_TRANSLATE_NOOP("Months", "May"), QT_TRANSLATE_NOOP("Months", "Jun"),
    QT_TRANSLATE_NOOP("Months", "Jul"), QT_TRANSLATE_NOOP("Months", "Aug"),
    QT_TRANSLATE_NOOP("Months", "Sep"), QT_TRANSLATE_NOOP("Months", "Oct"),
    QT_TRANSLATE_NOOP("Months", "Nov"), QT_TRANSLATE_NOOP("Months", "Dec"),
)


def stamp(iso: str, exact: bool = True) -> str:
    """Return a stored UTC time in the computer's time zone: "9 Jan 2023 14:05 (UTC−5)".

    With ``exact`` False the distance from UTC is left out (where the day and hour are
    enough); text that is not a time (such as a bare date) is returned as it is.
    """
    local = local_moment(iso)
    if local is None:
        return iso or ""
    month = QCoreApplication.translate("Months", str(_MONTHS[local.month - 1]))
    text = f"{local.day} {month} {local.year} {local.hour:02d}:{local.minute:02d}"
    return f"{text} ({utc_offset(local)})" if exact else text


def camera_time(iso: str) -> str:
    """Return when a camera says a photo was taken, on the camera's own clock:
    "9 Jan 2023 15:42 (UTC−5)", or "(camera's clock)" when it did not record its zone."""
    try:
        moment = datetime.fromisoformat((iso or "").strip())
    except ValueError:
        return iso or ""
    month = QCoreApplication.translate("Months", str(_MONTHS[moment.month - 1]))
    text = f"{moment.day} {month} {moment.year} {moment.hour:02d}:{moment.minute:02d}"
    if moment.tzinfo is None:
        return fill(QCoreApplication.translate("Times", "%1 (camera's clock)"), text)
    return f"{text} ({utc_offset(moment)})"


# The media types a documenter recognizes, by the subtype of their MIME type.
_SUBTYPES = {"jpeg": "JPEG", "pjpeg": "JPEG", "png": "PNG", "heic": "HEIC", "heif": "HEIF",
             "webp": "WebP", "gif": "GIF", "tiff": "TIFF", "wav": "WAV", "x-wav": "WAV",
             "wave": "WAV", "vnd.wave": "WAV", "mpeg": "MP3", "mp3": "MP3", "ogg": "OGG",
             "opus": "Opus", "amr": "AMR", "aac": "AAC", "x-m4a": "M4A", "flac": "FLAC",
             "x-flac": "FLAC", "mp4": "MP4", "quicktime": "MOV", "3gpp": "3GP",
             "x-matroska": "MKV", "webm": "WebM", "x-msvideo": "AVI", "pdf": "PDF",
             "plain": "TXT", "msword": "Word", "rtf": "RTF", "vnd.oasis.opendocument.text": "ODT",
             "vnd.openxmlformats-officedocument.wordprocessingml.document": "Word"}
_KINDS = {"image": QT_TRANSLATE_NOOP("MediaTypes", "%1 photo"),
          "audio": QT_TRANSLATE_NOOP("MediaTypes", "%1 audio"),
          "video": QT_TRANSLATE_NOOP("MediaTypes", "%1 video"),
          "application": QT_TRANSLATE_NOOP("MediaTypes", "%1 document"),
          "text": QT_TRANSLATE_NOOP("MediaTypes", "%1 document")}


def media_type(mime: str) -> str:
    """Return a media type as a documenter names it: "JPEG photo", "WAV audio", "PDF document"."""
    major, _, subtype = (mime or "").lower().partition("/")
    subtype = subtype.split(";")[0].strip()
    if major == "audio" and subtype == "mp4":
        subtype = "x-m4a"
    kind = _KINDS.get(major)
    name = _SUBTYPES.get(subtype, subtype.removeprefix("x-").upper())
    if kind is None or not name:
        return QCoreApplication.translate("MediaTypes", "File")
    return fill(QCoreApplication.translate("MediaTypes", str(kind)), name)


def fill(text: str, *values: object) -> str:
    """Put ``values`` into the numbered places ``%1``, ``%2``… of a translated text."""
    for number in range(len(values), 0, -1):
        text = text.replace(f"%{number}", str(values[number - 1]))
    return text


def unknown_author(key_id: str) -> str:
    """Return how an author whose card this vault lacks is named: by a fingerprint prefix."""
    return fill(QCoreApplication.translate("Authors", "Unknown (fingerprint %1…)"), key_id[:12])


def authors_text(names: list[str], vouched: list[str], sender: str) -> str:
    """Return who wrote a bundle's changes: names, those known only through ``sender``
    marked as vouched for by it."""
    return ", ".join(
        fill(QCoreApplication.translate("Authors", "%1 (vouched for by %2)"), name, sender)
        if name in vouched else name for name in names) or "—"


def excerpt(testimony: TestimonyRow) -> str:
    """Return the start of a testimony's transcript, or say that it waits to be transcribed."""
    if testimony.to_transcribe:
        return QCoreApplication.translate("Testimonies", "To transcribe: recorded, not yet written")
    return testimony.excerpt
