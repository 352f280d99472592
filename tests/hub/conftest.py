"""The hub's tests run against a real PostgreSQL server: a throwaway cluster per test
process, a new database per test. Tests marked with the ``store`` fixture run twice: on
an encrypted vault and on a hub."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Protocol

import pytest
from sqlmodel import Session

from tests import postgres
from tests.conftest import VaultTemplates, floor_kdf
from willay.core.vault.hub import Hub


class Store(Protocol):
    """What the record services need of an archive: sessions."""

    def session(self) -> AbstractContextManager[Session]:
        """One unit of work."""
        ...


@pytest.fixture(scope="session")
def cluster() -> Iterator[postgres.Cluster]:
    """A PostgreSQL cluster of this test process (Debian's postgresql package)."""
    started = postgres.start()
    if started is None:
        pytest.fail("PostgreSQL is not installed (Debian's postgresql package); the hub's "
                    "tests need a real server.")
    yield started
    started.stop()


PASSPHRASE = "una frase larga y secreta de rosa"


@pytest.fixture
def hub(cluster: postgres.Cluster) -> Iterator[Hub]:
    """A new hub on its own database, unlocked by its first coordinator, rosa."""
    made = Hub.create(cluster.new_database(), "Coordinadora", "Red Sur", "rosa", PASSPHRASE,
                      kdf_params=floor_kdf())
    yield made
    made.close()


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
