"""A hub out of reach is said within seconds, in the server's own words: the window waits
for it in a worker, and a person at a checkpoint or on a bad line must not wait minutes."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from willay.core.errors import VaultError
from willay.core.vault import hub as hub_module
from willay.core.vault.hub import CONNECT_TIMEOUT, Hub, hub_url


def test_an_address_waits_a_few_seconds_unless_it_says_how_long() -> None:
    assert f"connect_timeout={CONNECT_TIMEOUT}" in hub_url("postgresql://rosa@hub.example.org/w")
    said = hub_url("postgresql://rosa@hub.example.org/w?connect_timeout=30")
    assert "connect_timeout=30" in said and said.count("connect_timeout") == 1


def test_a_server_that_never_answers_is_given_up_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hub_module, "CONNECT_TIMEOUT", 1)  # the default, made short
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # takes the connection, never answers it
    address = f"postgresql://rosa@127.0.0.1:{silent.getsockname()[1]}/willay?sslmode=require"
    said: list[BaseException] = []

    def reach() -> None:
        try:
            Hub.connect(address)
        except BaseException as exc:
            said.append(exc)

    trying = threading.Thread(target=reach, daemon=True)
    trying.start()
    trying.join(timeout=8)
    silent.close()
    assert not trying.is_alive(), "still waiting for a server that never answers"
    assert len(said) == 1 and isinstance(said[0], VaultError)
    assert "cannot be reached" in str(said[0])


def test_the_reason_is_the_servers_words_on_one_line(tmp_path: Path) -> None:
    with pytest.raises(VaultError) as refused:
        Hub.connect(f"postgresql://rosa@/willay?host={tmp_path}")
    message = str(refused.value)
    assert "No such file or directory" in message
    assert "\n" not in message and "sqlalche.me" not in message
