"""One family of errors, each with a message fit to show a user as it is."""

from __future__ import annotations


class WillayError(Exception):
    """An error the user can act on; ``str(error)`` is the message to show."""

    exit_code = 1


class VaultError(WillayError):
    """The vault cannot be opened or changed as asked."""


class NotAVaultError(VaultError):
    """The folder holds no Willay vault."""


class VaultExistsError(VaultError):
    """A vault (or other files) already sits where a new one was to be created."""


class WrongPassphraseError(VaultError):
    """The passphrase or recovery code does not open this vault."""


class CorruptKeyringError(VaultError):
    """keyring.json is damaged, truncated or not a keyring."""


class NewerFormatError(VaultError):
    """The vault or database was written by a newer version of Willay."""


class ReadOnlyVaultError(VaultError):
    """The vault's folder is on a disk that cannot be written (write-protected, mounted
    read-only)."""


class DiskFullError(VaultError):
    """The disk holding the vault has no room left for what was asked."""


class VaultBusyError(VaultError):
    """Another process (or task) is changing the vault and did not finish in time."""


class ConcurrentChangeError(VaultBusyError):
    """Another coordinator changed the hub at the same moment; this unit of work was
    undone whole and can be done again."""


class VaultLockedError(VaultError):
    """An operation needed an unlocked vault."""


class ValidationError(WillayError):
    """A value given by the user is not acceptable."""


class UnknownCodeError(ValidationError):
    """A code is not in its vocabulary or gazetteer; the message suggests close ones."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = list(suggestions or [])


class NotFoundError(WillayError):
    """No record has the given id."""


class VerificationError(WillayError):
    """Something failed an integrity or authenticity check."""

    exit_code = 3
