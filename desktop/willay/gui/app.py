"""``willay``: the desktop entry point.

Starts with the vault from ``--vault``, ``WILLAY_VAULT`` or the default folder (or, when
neither names a vault and a hub was opened last, with that hub), in the language of the
settings or the system (Spanish or English).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from willay import __version__
from willay.core.errors import WillayError
from willay.core.paths import VAULT_ENV, default_vault_dir
from willay.core.process import harden
from willay.core.resources import resource_path
from willay.gui import i18n
from willay.gui.controller import Controller
from willay.gui.errors import install_excepthook
from willay.gui.hub_profile import HubProfile
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


def build_window(vault: Path, settings: AppSettings,
                 hub: HubProfile | None = None) -> MainWindow:
    """Make the controller and the window for ``vault``, or for ``hub`` when given (the
    application must exist)."""
    i18n.install(i18n.resolve(settings.language))
    controller = Controller(vault, settings)
    controller.hub = hub
    window = MainWindow(controller)
    controller.setParent(window)
    return window


# Set to 1, the app prints one line and quits once its first window is on screen: lets a
# build check prove that a frozen copy starts, without anyone at the screen.
EXIT_AFTER_FIRST_WINDOW = "WILLAY_EXIT_AFTER_FIRST_WINDOW"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """Return Willay's icon in every size shipped in ``resources/icons``."""
    icon = QIcon()
    try:
        folder = resource_path("icons")
    except WillayError:
        return icon
    for size in ICON_SIZES:
        path = folder / f"willay-{size}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon


def _report_first_window(app: QApplication, window: MainWindow) -> None:
    if not window.isVisible():
        print("willay: the first window did not show", flush=True)
        app.exit(1)
        return
    print(f"willay: first window shown: {window.windowTitle()} "
          f"({window.width()}x{window.height()}, {type(window.stack.currentWidget()).__name__})",
          flush=True)
    window.close()
    app.quit()


def forget_qt_state() -> None:
    """Keep Qt from writing its own state file (``QtProject.conf``).

    Qt's file dialogs remember the folders last visited there, in the clear and outside
    the vault: a list of where evidence was taken from or saved to. Willay's own
    settings live in a file of their own path (:mod:`willay.gui.settings`), untouched.
    """
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, os.path.join(os.devnull, "qt"))


def hub_to_offer(args: argparse.Namespace, settings: AppSettings) -> HubProfile | None:
    """The hub opened last, unless the command line or ``WILLAY_VAULT`` names a vault."""
    if args.vault or os.environ.get(VAULT_ENV):
        return None
    return settings.hub_opened_last


def main() -> int:
    """Start the desktop app."""
    harden()
    forget_qt_state()
    logging.basicConfig(level=logging.WARNING)
    args = parse_arguments(sys.argv[1:])
    app = QApplication(sys.argv)
    app.setApplicationName("Willay")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    install_excepthook()
    vault = Path(args.vault).expanduser() if args.vault else default_vault_dir()
    settings = AppSettings()
    window = build_window(vault, settings, hub_to_offer(args, settings))
    app.aboutToQuit.connect(window.controller.shutdown)
    window.show()
    if os.environ.get(EXIT_AFTER_FIRST_WINDOW) == "1":
        # Runs once the event loop has processed the window's show and first paint.
        QTimer.singleShot(0, lambda: _report_first_window(app, window))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
