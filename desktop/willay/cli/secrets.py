"""Where the CLI gets passphrases and recovery codes: environment, file, or a silent prompt."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from willay.core.errors import ValidationError, WillayError

PASSPHRASE_ENV = "WILLAY_PASSPHRASE"  # noqa: S105 - the name of a variable, not a secret
NEW_PASSPHRASE_ENV = "WILLAY_NEW_PASSPHRASE"  # noqa: S105
RECOVERY_ENV = "WILLAY_RECOVERY_CODE"


def _read_secret_file(path: str, what: str) -> str:
    try:
        data = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WillayError(f"The {what} file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WillayError(f"Cannot read the {what} file {path}: {exc}.") from exc
    # Only the first line counts, so an editor's final newline does no harm.
    first = data.splitlines()[0] if data else ""
    if not first:
        raise WillayError(f"The {what} file {path} is empty.")
    return first


def _prompt(label: str) -> str:
    if not sys.stdin.isatty():
        raise WillayError(
            f"{label} is needed but there is no terminal to ask on. Set "
            f"{PASSPHRASE_ENV} or use --passphrase-file."
        )
    return getpass.getpass(f"{label}: ")


def passphrase(file: str | None) -> str:
    """Return the vault passphrase from ``WILLAY_PASSPHRASE``, ``file`` or a prompt."""
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if file:
        return _read_secret_file(file, "passphrase")
    return _prompt("Passphrase")


def new_passphrase(file: str | None, env: str = NEW_PASSPHRASE_ENV) -> str:
    """Return a new passphrase from ``env``, ``file``, or asked twice at a prompt."""
    if os.environ.get(env):
        return os.environ[env]
    if file:
        return _read_secret_file(file, "new passphrase")
    first = _prompt("New passphrase")
    second = _prompt("Repeat the new passphrase")
    if first != second:
        raise ValidationError("The two passphrases differ; nothing was changed.")
    return first


def recovery_code(file: str | None) -> str:
    """Return a recovery code from ``WILLAY_RECOVERY_CODE``, ``file`` or a prompt."""
    if os.environ.get(RECOVERY_ENV):
        return os.environ[RECOVERY_ENV]
    if file:
        return _read_secret_file(file, "recovery code")
    return _prompt("Recovery code")
