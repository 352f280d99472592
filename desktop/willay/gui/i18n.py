"""The window's language: Spanish or English, from the system locale or the settings.

Source strings are English; Spanish comes from ``resources/translations/willay_es.qm``
(made with pyside6-lupdate and pyside6-lrelease), plus Qt's own catalog for standard
buttons when it is installed. The core's messages follow the same language through
:mod:`willay.core.i18n`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from willay.core import i18n as core_i18n
from willay.core.errors import WillayError
from willay.core.resources import resource_path

LANGUAGES = ("es", "en")
SYSTEM = "system"

_state = {"language": "en"}
_installed: list[QTranslator] = []


def system_language() -> str:
    """Return "es" when the system locale is Spanish, else "en"."""
    return "es" if QLocale.system().language() == QLocale.Language.Spanish else "en"


def resolve(setting: str) -> str:
    """Turn a language setting ("system", "es", "en") into the language to show."""
    return setting if setting in LANGUAGES else system_language()


def current_language() -> str:
    """Return the language the window shows now ("es" or "en")."""
    return _state["language"]


def catalog_path() -> str:
    """Return the path of the Spanish catalog (.qm)."""
    try:
        return str(resource_path("translations", "willay_es.qm"))
    except WillayError:
        return ""


def install(language: str) -> str:
    """Install the translators for ``language`` in the running application; return it."""
    app = QCoreApplication.instance()
    for translator in _installed:
        if app is not None:
            app.removeTranslator(translator)
    _installed.clear()
    _state["language"] = language if language in LANGUAGES else "en"
    # The core's messages (errors, refusals, summaries) follow the window's language.
    core_i18n.set_language(_state["language"])
    if _state["language"] == "es" and app is not None:
        own = QTranslator()
        if own.load(catalog_path()):
            app.installTranslator(own)
            _installed.append(own)
        qt = QTranslator()
        if qt.load("qtbase_es", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
    return _state["language"]
