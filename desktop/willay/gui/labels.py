"""Words for codes, dates and sizes, in the window's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from willay.core.errors import WillayError
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


def stamp(iso: str) -> str:
    """Return a stored UTC time as "YYYY-MM-DD HH:MM UTC"."""
    if not iso:
        return ""
    return iso[:16].replace("T", " ") + " UTC" if "T" in iso else iso


def fill(text: str, *values: object) -> str:
    """Put ``values`` into the numbered places ``%1``, ``%2``… of a translated text."""
    for number in range(len(values), 0, -1):
        text = text.replace(f"%{number}", str(values[number - 1]))
    return text


def authors_text(names: list[str], vouched: list[str], sender: str) -> str:
    """Return who wrote a bundle's changes: names, those known only through ``sender``
    marked as vouched for by it."""
    return ", ".join(
        fill(QCoreApplication.translate("Authors", "%1 (vouched for by %2)"), name, sender)
        if name in vouched else name for name in names) or "—"
