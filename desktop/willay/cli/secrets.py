"""Where the CLI gets passphrases and recovery codes: environment, file, or a silent prompt."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from willay.core.errors import ValidationError, WillayError
from willay.core.i18n import _

PASSPHRASE_ENV = "WILLAY_PASSPHRASE"  # noqa: S105 - the name of a variable, not a secret
NEW_PASSPHRASE_ENV = "WILLAY_NEW_PASSPHRASE"  # noqa: S105
RECOVERY_ENV = "WILLAY_RECOVERY_CODE"


def _read_secret_file(path: str, what: str) -> str:
    """Return the first line of the file at ``path``; ``what`` names it in errors
    ("the passphrase file", already translated)."""
    try:
        data = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WillayError(_("{what} {path} does not exist.").format(
            what=_capital(what), path=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WillayError(_("Cannot read {what} {path}: {reason}.").format(
            what=what, path=path, reason=exc)) from exc
    # Only the first line counts, so an editor's final newline does no harm.
    first = data.splitlines()[0] if data else ""
    if not first:
        raise WillayError(_("{what} {path} is empty.").format(what=_capital(what), path=path))
    return first


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _prompt(label: str) -> str:
    if not sys.stdin.isatty():
        raise WillayError(
            _("{what} is needed but there is no terminal to ask on. Set "
              "{variable} or use --passphrase-file.").format(what=label, variable=PASSPHRASE_ENV)
        )
    return getpass.getpass(_("{what}: ").format(what=label))


def passphrase(file: str | None) -> str:
    """Return the vault passphrase from ``WILLAY_PASSPHRASE``, ``file`` or a prompt."""
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if file:
        return _read_secret_file(file, _("the passphrase file"))
    return _prompt(_("Passphrase"))


def new_passphrase(file: str | None, env: str = NEW_PASSPHRASE_ENV) -> str:
    """Return a new passphrase from ``env``, ``file``, or asked twice at a prompt."""
    if os.environ.get(env):
        return os.environ[env]
    if file:
        return _read_secret_file(file, _("the new passphrase file"))
    first = _prompt(_("New passphrase"))
    second = _prompt(_("Repeat the new passphrase"))
    if first != second:
        raise ValidationError(_("The two passphrases differ; nothing was changed."))
    return first


def recovery_code(file: str | None) -> str:
    """Return a recovery code from ``WILLAY_RECOVERY_CODE``, ``file`` or a prompt."""
    if os.environ.get(RECOVERY_ENV):
        return os.environ[RECOVERY_ENV]
    if file:
        return _read_secret_file(file, _("the recovery code file"))
    return _prompt(_("Recovery code"))
