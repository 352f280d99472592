"""The hub's tests run against a real PostgreSQL server: a throwaway cluster per test
process, a new database per test (the ``cluster`` and ``hub`` fixtures of
``tests/conftest.py``, which the window's tests use too). Tests marked with the ``store``
fixture run twice: on an encrypted vault and on a hub."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Protocol

import pytest
from sqlmodel import Session

from tests.conftest import HUB_PASSPHRASE, VaultTemplates

PASSPHRASE = HUB_PASSPHRASE


class Store(Protocol):
    """What the record services need of an archive: sessions."""

    def session(self) -> AbstractContextManager[Session]:
        """One unit of work."""
        ...


@pytest.fixture(params=["vault", "hub"])
def store(request: pytest.FixtureRequest, vault_templates: VaultTemplates,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """An archive of each engine: an encrypted vault, then a hub."""
    if request.param == "vault":
        vault = vault_templates.unlocked("hub-vault", tmp_path_factory.mktemp("v") / "vault",
                                         "una frase larga y secreta", "Coordinadora",
                                         "Red Sur")
        yield vault
        vault.lock()
    else:
        yield request.getfixturevalue("hub")
