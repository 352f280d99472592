"""A Qt application for rendering documents, also from the command line without a display."""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication


def ensure_app() -> QApplication:
    """Return the running QApplication, creating an offscreen one when there is none.

    Qt Charts needs a widgets application even to paint into a PDF; without a display
    (a terminal, a server) the offscreen platform is used so no window ever opens.
    """
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") \
            and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QApplication([sys.argv[0] if sys.argv else "willay"])
