"""The language of the core's and the command line's messages: English or Spanish.

Messages are written in English inside ``_()`` (or ``ngettext()`` where a number decides
the form) with named ``{placeholders}`` filled after translation. The Spanish forms live
in the gettext catalog ``resources/locale/es/LC_MESSAGES/willay.po``, compiled into
``willay.mo``; ``make translations`` extracts new messages into it. The language is
chosen once per process: the command line takes it from the locale (``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG``), the window from its settings, and an error is
written in the language in force when it is raised.
"""

from __future__ import annotations

import gettext
import os
from datetime import UTC, datetime
from functools import cache

DOMAIN = "willay"
LANGUAGES = ("es", "en")
_ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_state: dict[str, str] = {"language": "en"}


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    from willay.core.resources import resources_dir  # resources' own message needs _()

    folder = resources_dir() / "locale"
    return gettext.translation(DOMAIN, folder, languages=[language], fallback=True)


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    """Return "es" when the locale variables ask for Spanish first, else "en"."""
    env = os.environ if environ is None else environ
    for name in _ENVIRONMENT:
        value = env.get(name, "")
        if not value:
            continue
        # LANGUAGE may list several (es_PE:en); "C" or "POSIX" mean no preference.
        first = value.split(":")[0].split("_")[0].split(".")[0].lower()
        return "es" if first == "es" else "en"
    return "en"


def set_language(language: str) -> str:
    """Write messages in ``language`` ("es" or "en"; anything else is English) from now on."""
    _state["language"] = language if language in LANGUAGES else "en"
    return _state["language"]


def current_language() -> str:
    """Return the language messages are written in now."""
    return _state["language"]


def _(message: str) -> str:
    """Return ``message`` (English, the catalog's key) in the current language."""
    return _catalog(_state["language"]).gettext(message)


def gettext_in(language: str, message: str) -> str:
    """Return ``message`` in ``language`` whatever the process's language (a report's own)."""
    return _catalog(language if language in LANGUAGES else "en").gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Return the singular or plural form for ``count``, in the current language."""
    return _catalog(_state["language"]).ngettext(singular, plural, count)


def number(value: int) -> str:
    """Return a whole number grouped as the language writes it: 1,234 or 1.234."""
    text = f"{value:,}"
    return text.replace(",", ".") if _state["language"] == "es" else text


def clock(milliseconds: int) -> str:
    """Say how long something lasts, or where in a recording, as m:ss (h:mm:ss from an hour)."""
    seconds = max(0, milliseconds) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def utc_offset(moment: datetime) -> str:
    """Return a local time's distance from UTC as "UTC−5", "UTC+5:30" or "UTC"."""
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def local_moment(iso: str) -> datetime | None:
    """Return a stored time (UTC unless it says otherwise) in this computer's time zone,
    or None for text that is not a time (a bare date, nothing)."""
    if not iso or "T" not in iso:
        return None
    try:
        moment = datetime.fromisoformat(iso.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


def local_stamp(iso: str, seconds: bool = False) -> str:
    """Return a stored UTC time in this computer's time zone, with the zone:
    "2023-01-09 09:42 (UTC−5)". Text that is not a time (a bare date) comes back as it is.
    """
    local = local_moment(iso)
    if local is None:
        return iso or ""
    shown = local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    return f"{shown} ({utc_offset(local)})"
