"""What every command needs: the vault folder, the output mode, the passphrase source."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from willay.cli import secrets
from willay.core.paths import default_vault_dir

if TYPE_CHECKING:
    from willay.core.vault.vault import Vault
    from willay.core.vault.writer_lock import Holder


@dataclass
class Context:
    """Global options of one ``willay-cli`` run."""

    vault_path: Path
    json: bool
    passphrase_file: str | None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        """Build the context from parsed global options."""
        path = Path(args.vault).expanduser() if args.vault else default_vault_dir()
        return cls(vault_path=path, json=bool(args.json), passphrase_file=args.passphrase_file)

    @contextmanager
    def unlocked(self) -> Iterator[Vault]:
        """Open and unlock the vault for one command; lock it afterwards."""
        from willay.core.vault.vault import Vault  # not for commands that need no vault

        vault = Vault.open(self.vault_path)
        vault.waiting = _say_waiting
        vault.unlock(secrets.passphrase(self.passphrase_file))
        try:
            yield vault
        finally:
            vault.lock()


def _say_waiting(holder: Holder | None) -> None:
    if holder is not None:
        print(f"willay-cli: {holder.waiting_message()}", file=sys.stderr, flush=True)
