"""Every path Willay uses is decided here: platformdirs, overridable per run."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

VAULT_ENV = "WILLAY_VAULT"
APP_NAME = "Willay"

KEYRING_FILE = "keyring.json"
DATABASE_FILE = "archive.db"
OBJECTS_DIR = "objects"
BACKUPS_DIR = "backups"


def default_vault_dir() -> Path:
    """Return the vault folder to use when none is given: ``WILLAY_VAULT`` or the user data dir."""
    override = os.environ.get(VAULT_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "vault"


def settings_dir() -> Path:
    """Return the folder for non-secret settings (language, auto-lock)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) if missing and make it readable only by its owner."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def restrict_umask() -> None:
    """Make every file this process creates private to its owner (umask 077)."""
    os.umask(0o077)
