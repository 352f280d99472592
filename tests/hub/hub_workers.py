"""Work done by other processes on one hub, as several coordinators' computers would."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from willay.core.errors import WillayError
from willay.core.records import service as records
from willay.core.sharing import receive
from willay.core.vault.database import again_on_collision
from willay.core.vault.hub import Hub
from willay.core.vault.vault import Vault


def import_all(url: str, coordinator: str, passphrase: str, bundles: list[str]) -> list[str]:
    """Import each bundle; return what happened to each, in words."""
    hub = Hub.connect(url)
    hub.unlock(coordinator, passphrase)
    said = []
    try:
        for bundle in bundles:
            try:
                result = receive.import_bundle(cast(Vault, hub), Path(bundle))
            except WillayError as exc:
                said.append(f"refused {Path(bundle).name}: {exc}")
            else:
                said.append(("already " if result.already_imported else "imported ")
                            + Path(bundle).name)
    finally:
        hub.lock()
    return said


def edit_many(url: str, coordinator: str, passphrase: str, record: str, times: int) -> int:
    """Change the number of detained of one incident ``times`` times; return how many
    changes were saved."""
    hub = Hub.connect(url)
    hub.unlock(coordinator, passphrase)

    def one(value: int) -> None:
        with hub.session() as session:
            records.edit(session, record, {"detained": value})

    try:
        for value in range(1, times + 1):
            again_on_collision(lambda value=value: one(value), attempts=20)  # type: ignore[misc]
    finally:
        hub.lock()
    return times
