"""Vaults that know each other: field documenters and a coordinator.

The ``field`` and ``coordinator`` fixtures are copies of session templates (see
``tests/conftest.py``): each test gets its own folders, the two with different keys.
:func:`make_vault` always creates a new vault.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import HubTemplates, VaultTemplates
from willay.core.keys import kdf
from willay.core.sharing.partners import add_partner, mark_verified
from willay.core.vault.identity import own_card
from willay.core.vault.vault import Vault

PASS = "frase de prueba bien larga"


def make_vault(path: Path, name: str) -> Vault:
    """Create a vault with the cheapest allowed KDF."""
    params = kdf.KdfParams(kdf.MIN_MEMORY_KIB, 3, 4, os.urandom(16))
    vault, _ = Vault.create(path, PASS, name, f"Org of {name}", kdf_params=params)
    return vault


def introduce(a: Vault, b: Vault, profile: str = "full", scope: str = "partners") -> None:
    """Each vault adds the other's card (a receives b as a partner with the given terms)."""
    with a.session() as session:
        card_a = own_card(session)
    with b.session() as session:
        card_b = own_card(session)
    with a.session() as session:
        add_partner(session, card_b, profile, scope)
        mark_verified(session, card_b.name)
    with b.session() as session:
        add_partner(session, card_a, "full", "legal")
        mark_verified(session, card_a.name)


@pytest.fixture
def field(tmp_path: Path, vault_templates: VaultTemplates) -> Iterator[Vault]:
    """A documenter's vault."""
    vault = vault_templates.unlocked("field", tmp_path / "field", PASS, "Rosa", "Org of Rosa")
    yield vault
    vault.lock()


@pytest.fixture
def coordinator(tmp_path: Path, field: Vault, vault_templates: VaultTemplates, engine: str,
                request: pytest.FixtureRequest) -> Iterator[Vault]:
    """A coordinator's vault that knows the documenter, and is known by her; in a
    ``both_engines`` module's second run, a hub of the same details."""
    if engine == "hub":
        templates: HubTemplates = request.getfixturevalue("hub_templates")
        hub = templates.unlocked("Coordinadora", "Org of Coordinadora")
        introduce(field, hub)  # type: ignore[arg-type]
        yield hub  # type: ignore[misc]
        hub.close()
        return
    vault = vault_templates.unlocked("coordinator", tmp_path / "coordinator", PASS,
                                     "Coordinadora", "Org of Coordinadora")
    introduce(field, vault)
    yield vault
    vault.lock()
