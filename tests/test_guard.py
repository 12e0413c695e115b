"""The remote-call guard itself: loopback is allowed, anything else fails the test."""

from __future__ import annotations

import socket

import pytest
from conftest import RemoteCallError


@pytest.mark.parametrize("address", [("8.8.8.8", 443), ("10.1.2.3", 80), ("api.openai.com", 443)])
def test_remote_connections_are_refused(address: tuple[str, int]) -> None:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(RemoteCallError):
            s.connect(address)
    finally:
        s.close()


def test_loopback_is_allowed() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.socket()
    try:
        client.connect(server.getsockname())
    finally:
        client.close()
        server.close()


def test_settings_fixture_is_offline(settings: object) -> None:
    assert settings.embedding == "hash"
    assert settings.provider == "offline"
