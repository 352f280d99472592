"""``willay``: the desktop entry point.

The full window is not built yet; until it is, this shows one calm window that says so
and points to ``willay-cli``, in the system's language (Spanish or English).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from willay import __version__
from willay.core.paths import default_vault_dir, restrict_umask

MESSAGES = {
    "es": (
        "Willay — archivo cifrado de documentación de campo",
        "La ventana de escritorio todavía está en construcción.\n\n"
        "Mientras tanto, use la línea de comandos:\n"
        "    willay-cli init\n    willay-cli --help\n\n"
        "Bóveda predeterminada: {vault}",
        "Cerrar",
    ),
    "en": (
        "Willay — encrypted archive for field documentation",
        "The desktop window is still being built.\n\n"
        "Meanwhile, use the command line:\n"
        "    willay-cli init\n    willay-cli --help\n\n"
        "Default vault: {vault}",
        "Close",
    ),
}


class PlaceholderWindow(QWidget):
    """A window that says the desktop app is not ready and where to go instead."""

    def __init__(self, language: str) -> None:
        super().__init__()
        title, body, close = MESSAGES.get(language, MESSAGES["en"])
        self.setWindowTitle(f"Willay {__version__}")
        heading = QLabel(f"<h2>{title}</h2>")
        text = QLabel(body.format(vault=default_vault_dir()))
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        button = QPushButton(close)
        button.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignRight)
        self.resize(560, 280)


def main() -> int:
    """Start the desktop app."""
    restrict_umask()
    app = QApplication(sys.argv)
    language = "es" if QLocale.system().language() == QLocale.Language.Spanish else "en"
    window = PlaceholderWindow(language)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
