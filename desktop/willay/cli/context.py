"""What every command needs: the vault folder, the output mode, the passphrase source."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from willay.cli import secrets
from willay.core.errors import ValidationError
from willay.core.i18n import _
from willay.core.paths import default_vault_dir

if TYPE_CHECKING:
    from willay.core.vault.hub import Hub
    from willay.core.vault.vault import Vault
    from willay.core.vault.writer_lock import Holder


HUB_ENV = "WILLAY_HUB"
COORDINATOR_ENV = "WILLAY_COORDINATOR"


@dataclass
class Context:
    """Global options of one ``willay-cli`` run."""

    vault_path: Path
    json: bool
    passphrase_file: str | None
    hub_url: str | None = None
    coordinator: str | None = None
    command: str = ""
    on_hub: bool = False

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        """Build the context from parsed global options."""
        path = Path(args.vault).expanduser() if args.vault else default_vault_dir()
        hub = getattr(args, "hub", None) or os.environ.get(HUB_ENV) or None
        coordinator = getattr(args, "coordinator", None) or os.environ.get(COORDINATOR_ENV)
        return cls(vault_path=path, json=bool(args.json), passphrase_file=args.passphrase_file,
                   hub_url=hub, coordinator=coordinator or None,
                   command=" ".join(str(getattr(args, name)) for name in
                                    ("command", "action", "what") if getattr(args, name, None)),
                   on_hub=bool(getattr(args, "on_hub", False)))

    def coordinator_name(self) -> str:
        """The coordinator this run opens a hub as (``--coordinator`` or its variable)."""
        if not self.coordinator:
            raise ValidationError(_("Say who you are on the hub with --coordinator NAME (or "
                                    "{variable}).").format(variable=COORDINATOR_ENV))
        return self.coordinator

    def hub_address(self) -> str:
        """The hub this run works on (``--hub`` or its variable)."""
        if not self.hub_url:
            raise ValidationError(_("Give the hub's address with --hub postgresql://… (or "
                                    "{variable}).").format(variable=HUB_ENV))
        return self.hub_url

    @contextmanager
    def unlocked_hub(self) -> Iterator[Hub]:
        """Open the hub and unlock it as this run's coordinator; lock it afterwards."""
        from willay.core.vault.hub import Hub

        address = self.hub_address()
        coordinator = self.coordinator_name()
        hub = Hub.connect(address)
        try:
            hub.unlock(coordinator, secrets.passphrase(self.passphrase_file))
            yield hub
        finally:
            hub.lock()

    @contextmanager
    def unlocked(self) -> Iterator[Vault]:
        """Open and unlock the vault (or, with ``--hub``, the hub) for one command; lock it
        afterwards."""
        if self.hub_url:
            if not self.on_hub:
                raise ValidationError(_("'{command}' works on a vault; on a hub it is not "
                                        "available yet.").format(command=self.command))
            with self.unlocked_hub() as hub:
                # The commands marked on_hub use only what a hub has of a vault: sessions
                # and its id.
                yield cast("Vault", hub)
            return
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
