"""``willay``: the desktop entry point.

Starts with the vault from ``--vault``, ``WILLAY_VAULT`` or the default folder, in the
language of the settings or the system (Spanish or English).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from willay import __version__
from willay.core.paths import default_vault_dir, restrict_umask
from willay.gui import i18n
from willay.gui.controller import Controller
from willay.gui.errors import install_excepthook
from willay.gui.settings import AppSettings
from willay.gui.window import MainWindow


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """Read the command line (Qt's own options are left to Qt)."""
    parser = argparse.ArgumentParser(prog="willay", description="Willay desktop app")
    parser.add_argument("--vault", help="the vault folder (default: WILLAY_VAULT or the "
                                        "user data folder)")
    parser.add_argument("--version", action="version", version=f"willay {__version__}")
    args, _qt = parser.parse_known_args(argv)
    return args


def build_window(vault: Path, settings: AppSettings) -> MainWindow:
    """Make the controller and the window for ``vault`` (the application must exist)."""
    i18n.install(i18n.resolve(settings.language))
    controller = Controller(vault, settings)
    window = MainWindow(controller)
    controller.setParent(window)
    return window


def main() -> int:
    """Start the desktop app."""
    restrict_umask()
    logging.basicConfig(level=logging.WARNING)
    args = parse_arguments(sys.argv[1:])
    app = QApplication(sys.argv)
    app.setApplicationName("Willay")
    app.setApplicationVersion(__version__)
    install_excepthook()
    vault = Path(args.vault).expanduser() if args.vault else default_vault_dir()
    window = build_window(vault, AppSettings())
    app.aboutToQuit.connect(window.controller.shutdown)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
