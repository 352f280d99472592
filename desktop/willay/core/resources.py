"""Where the ``resources/`` folder is: source checkout, installed wheel or frozen app."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

from willay.core.errors import WillayError
from willay.core.i18n import _

_ENV = "WILLAY_RESOURCES"


@cache
def resources_dir() -> Path:
    """Return the folder holding vocabularies, gazetteer, icons and translations.

    Looked for, in order: ``WILLAY_RESOURCES``; next to a frozen executable
    (``sys._MEIPASS``); the ``resources`` folder shipped inside the package; the
    ``resources`` folder at the top of a source checkout.
    """
    candidates: list[Path] = []
    if os.environ.get(_ENV):
        candidates.append(Path(os.environ[_ENV]))
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    package_dir = Path(__file__).resolve().parent.parent
    candidates.append(package_dir / "resources")
    candidates.append(package_dir.parent.parent / "resources")
    for candidate in candidates:
        if (candidate / "vocabularies").is_dir():
            return candidate
    raise WillayError(
        _("Willay's resources folder was not found (looked in: {places}). Reinstall "
          "Willay.").format(places=", ".join(str(c) for c in candidates))
    )


def resource_path(*parts: str) -> Path:
    """Return the path of one file or folder inside ``resources/``."""
    return resources_dir().joinpath(*parts)
