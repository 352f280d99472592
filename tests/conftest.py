"""Shared fixtures: real vaults in temporary folders, with the cheapest allowed KDF.

Creating a vault costs an Argon2id derivation and every schema migration. Fixtures that
only need *a* fresh vault get a copy of one made once per test session with the same
details (:class:`VaultTemplates`): a real, independent vault folder, but with the same
keys and vault id as the other copies of its template. Each fixture has a template of
its own, so the vaults of two fixtures never share keys; a test that needs two vaults
from one fixture's template, and lets them exchange bundles, cards or receipts, must
create them itself instead.

A hub (``cluster``, ``hub``) runs on a real throwaway PostgreSQL cluster, one per test
process, with a new database per test; the hub's tests and the window's use them alike.
Like a vault, each is a copy of a hub made once per session (:class:`HubTemplates`).

The core's suites run on both engines: a module marked ``both_engines`` runs each of its
tests that uses the ``vault`` fixture twice, on a vault and on a hub (unless the test is
marked ``vault_only``, with the reason). The hub's run is marked slow, so ``make
test-slow`` runs it and ``make test`` keeps to the vault.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests import postgres
from willay.core.keys import kdf, keyring
from willay.core.vault.hub import Hub
from willay.core.vault.vault import Vault

PASSPHRASE = "llaqta kawsay 2023"
HUB_PASSPHRASE = "una frase larga y secreta de rosa"


def floor_kdf() -> kdf.KdfParams:
    """The floor Argon2id parameters (64 MiB) with a fresh salt."""
    return kdf.KdfParams(kdf.MIN_MEMORY_KIB, kdf.ITERATIONS, kdf.LANES,
                         os.urandom(kdf.SALT_BYTES))


class VaultTemplates:
    """Vaults made once per session (and worker), copied for each test that needs one."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._keys: dict[Path, bytes] = {}

    def _template(self, label: str, passphrase: str, name: str, organization: str) -> Path:
        details = "\0".join((passphrase, name, organization)).encode("utf-8")
        path = self._root / f"{label}-{hashlib.sha256(details).hexdigest()[:12]}"
        if path not in self._keys:
            made, _code = Vault.create(path, passphrase, name, organization,
                                       kdf_params=floor_kdf())
            made.lock()
            self._keys[path] = keyring.unwrap_with_passphrase(
                keyring.read(path / "keyring.json"), passphrase)
        return path

    def locked(self, label: str, target: Path, passphrase: str, name: str,
               organization: str) -> Path:
        """Put at ``target`` (new) a locked copy of the template ``label`` with these details."""
        shutil.copytree(self._template(label, passphrase, name, organization), target)
        return target

    def unlocked(self, label: str, target: Path, passphrase: str, name: str,
                 organization: str) -> Vault:
        """Put a copy at ``target`` (new) and return it unlocked, as ``Vault.create`` does."""
        template = self._template(label, passphrase, name, organization)
        shutil.copytree(template, target)
        vault = Vault.open(target)
        # Opened with the data key, as Vault.create opens the vault it has just made:
        # unlocking with the passphrase is tested where it is the subject.
        vault._open_database(self._keys[template])
        return vault


class HubTemplates:
    """Hubs made once per session (and worker), each a template database copied for each
    test that needs one, opened by their first coordinator, rosa."""

    def __init__(self, cluster: postgres.Cluster) -> None:
        self._cluster = cluster
        self._made: dict[tuple[str, str], tuple[str, bytes]] = {}

    def unlocked(self, name: str, organization: str) -> Hub:
        """A new hub of these details, unlocked by rosa, as ``Hub.create`` returns it."""
        if (name, organization) not in self._made:
            url = self._cluster.new_database()
            made = Hub.create(url, name, organization, "rosa", HUB_PASSPHRASE,
                              kdf_params=floor_kdf())
            self._made[name, organization] = (str(make_url(url).database),
                                              made.organization_key())
            made.close()
        template, organization_key = self._made[name, organization]
        hub = Hub.connect(self._cluster.copy_database(template))
        # Opened with the organization key, as Hub.create opens the hub it has just made:
        # unlocking with a passphrase is tested where it is the subject.
        hub._open("rosa", organization_key)
        return hub


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the tests of a ``both_engines`` module that use a vault on a hub too."""
    if ("engine" in metafunc.fixturenames
            and metafunc.definition.get_closest_marker("both_engines")
            and not metafunc.definition.get_closest_marker("vault_only")):
        metafunc.parametrize("engine", ["vault", pytest.param("hub", marks=pytest.mark.slow)],
                             indirect=True)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """Which archive the ``vault`` fixture is: "vault", or "hub" in a ``both_engines``
    module's second run."""
    return str(getattr(request, "param", "vault"))


@pytest.fixture(scope="session")
def vault_templates(tmp_path_factory: pytest.TempPathFactory) -> VaultTemplates:
    """The session's vault templates."""
    return VaultTemplates(tmp_path_factory.mktemp("vault-templates"))


@pytest.fixture
def fast_kdf() -> kdf.KdfParams:
    """The floor Argon2id parameters (64 MiB): real, but quick enough for many tests."""
    return floor_kdf()


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    """Where a test vault lives."""
    return tmp_path / "vault"


@pytest.fixture
def vault(vault_path: Path, vault_templates: VaultTemplates, engine: str,
          request: pytest.FixtureRequest) -> Iterator[Vault]:
    """An unlocked vault of its own (a copy of the session's template), locked after the
    test; in a ``both_engines`` module's second run, a hub of the same details."""
    if engine == "hub":
        templates: HubTemplates = request.getfixturevalue("hub_templates")
        # The record services take either; a test that needs what only a vault has is
        # marked vault_only.
        hub = templates.unlocked("Rosa Huamán", "Red Sur")
        yield hub  # type: ignore[misc]
        hub.close()
        return
    created = vault_templates.unlocked("vault", vault_path, PASSPHRASE, "Rosa Huamán", "Red Sur")
    yield created
    created.lock()


def tree_snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, to prove that nothing was modified."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@pytest.fixture
def lima() -> Iterator[None]:
    """The computer's clock in Lima (UTC−5, no summer time)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/Lima"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture(scope="session")
def cluster() -> Iterator[postgres.Cluster]:
    """A PostgreSQL cluster of this test process (Debian's postgresql package)."""
    started = postgres.start()
    if started is None:
        pytest.fail("PostgreSQL is not installed (Debian's postgresql package); the hub's "
                    "tests need a real server.")
    yield started
    started.stop()


@pytest.fixture(scope="session")
def hub_templates(cluster: postgres.Cluster) -> HubTemplates:
    """The session's hub templates."""
    return HubTemplates(cluster)


@pytest.fixture
def hub(hub_templates: HubTemplates) -> Iterator[Hub]:
    """A new hub on its own database, unlocked by its first coordinator, rosa."""
    made = hub_templates.unlocked("Coordinadora", "Red Sur")
    yield made
    made.close()
