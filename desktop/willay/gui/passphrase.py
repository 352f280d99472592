"""A passphrase strength hint: length and variety, in plain words."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from willay.core.vault.vault import MIN_PASSPHRASE_CHARS


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
