"""Test-wide guards and fixtures.

* No test may reach a remote host: any socket connection outside loopback fails the test.
* Gradio analytics, Chroma telemetry and hub downloads are off.
* Every test gets its own data directory; settings never read the developer's ``.env``.
* Browser tests share one chromium (``browser``; closed as soon as the next test is not a browser
  test) and, where they need nothing but the offline writer, one app (``offline_app``); each test
  works in its own browser context, so in its own session.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
# Never let a developer's real key leak into a test.
for _var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "REPORT_ASSISTANT_OPENAI_API_KEY"):
    os.environ.pop(_var, None)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The public reports tests read (the seed page, the real reports), vendored from the shared data
PUBLIC_DATA = PROJECT_ROOT / "tests" / "data" / "public"


class RemoteCallError(RuntimeError):
    """Raised when a test tries to open a connection to a non-loopback address."""


def _is_local(address: Any) -> bool:
    if not isinstance(address, tuple) or not address:
        return True  # AF_UNIX paths and the like
    host = str(address[0])
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if not _is_local(address):
        raise RemoteCallError(f"test tried to reach a remote host: {address!r}")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> Any:
    if not _is_local(address):
        raise RemoteCallError(f"test tried to reach a remote host: {address!r}")
    return _real_connect_ex(self, address)


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def settings(data_dir: Path) -> Iterator[Any]:
    """Fast, fully offline settings: hash embeddings, offline drafting, a private data dir."""
    from assistant.settings import Settings

    yield Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=data_dir,
        embedding="hash",
        provider="offline",
    )


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """tests/data/public: ``seed/`` (the seed page) and ``real-reports/`` (with SOURCES.md)."""
    return PUBLIC_DATA


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Real-browser tests drive a real page on a 2-core machine: a timing hiccup (an element Gradio
    re-renders mid-query) gets one rerun; a real failure fails twice. Nothing else is retried."""
    for item in items:
        if item.get_closest_marker("browser") is not None and item.get_closest_marker("flaky") is None:
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=2))


@pytest.fixture
def browser() -> Any:
    """The shared headless chromium (``browser_support.SHARED``): open your own context in it."""
    from browser_support import SHARED

    return SHARED.get()


@pytest.fixture(scope="session")
def offline_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One ``report-assistant ui`` with the offline writer and hash embeddings for the browser tests that
    need nothing else (its URL); each test's browser context is its own session there."""
    from browser_support import run_app

    with run_app(tmp_path_factory.mktemp("offline-app"), {"REPORT_ASSISTANT_PROVIDER": "offline"}) as url:
        yield url


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """Close the shared chromium after the last of consecutive browser tests (a live sync Playwright
    would make ``asyncio.run`` fail in the next test)."""
    support = sys.modules.get("browser_support")
    if support is not None and (nextitem is None or nextitem.get_closest_marker("browser") is None):
        support.SHARED.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Wait for every app process a browser test stopped (``browser_support.stop_soon``)."""
    support = sys.modules.get("browser_support")
    if support is not None:
        support.SHARED.close()
        support.reap()
