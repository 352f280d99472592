"""A passphrase strength hint: length and variety, in plain words, and its coloured bar."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QProgressBar, QWidget

from willay.core.vault.vault import MIN_PASSPHRASE_CHARS

STRENGTH_COLOURS = ("#b00020", "#c77700", "#5b8c00", "#1b7f3b")


def strength(passphrase: str) -> tuple[int, str]:
    """Return a score from 0 (refused) to 3 (strong) and a short hint to show."""

    if not passphrase:
        return 0, QCoreApplication.translate(
            "Passphrase", "Use a few unrelated words: easy to remember, hard to guess.")
    if len(passphrase) < MIN_PASSPHRASE_CHARS or len(set(passphrase)) < 4:
        return 0, QCoreApplication.translate("Passphrase", "Too short: use at least 10 characters.")
    words = len(passphrase.split())
    classes = sum(any(test(c) for c in passphrase) for test in
                  (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum()))
    if len(passphrase) >= 20 and (words >= 4 or classes >= 3):
        return 3, QCoreApplication.translate("Passphrase", "Strong.")
    if len(passphrase) >= 14 and (words >= 3 or classes >= 2):
        return 2, QCoreApplication.translate(
            "Passphrase", "Fair: another word would make it strong.")
    return 1, QCoreApplication.translate("Passphrase", "Weak: add more words.")


class StrengthMeter(QProgressBar):
    """A thin bar coloured by a passphrase's strength (see :func:`strength`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 3)
        self.setTextVisible(False)
        self.setMaximumHeight(8)
        self.setAccessibleName(QCoreApplication.translate("Passphrase", "Passphrase strength"))

    def measure(self, passphrase: str) -> str:
        """Show the strength of ``passphrase``; return the hint to show beside it."""
        score, hint = strength(passphrase)
        self.setValue(score if passphrase else 0)
        self.setStyleSheet(
            f"QProgressBar::chunk {{ background: {STRENGTH_COLOURS[score]}; }}")
        return hint
