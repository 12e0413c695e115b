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


#: Relative weights of the long test files: seconds of a serial run (setup + calls + teardown) on the
#: shared 2-core machine at load ~9 (docs/BENCHMARKS.md "Test suite time, session 5"; the files marked
#: "est." were not measured there: earlier idle figures x 3). Any other file counts 0.1 s a test. Only
#: the ORDER of the work under ``make test`` depends on them (:func:`_longest_first`): a stale figure
#: costs balance, never a test.
FILE_SECONDS: dict[str, float] = {
    "test_hostile_input.py": 200, "test_concurrency.py": 225, "test_office_local.py": 224,
    "test_browser_local.py": 224, "test_cli_ui.py": 131, "test_index_server.py": 124,
    "test_draft_cmd.py": 105, "test_index.py": 95, "test_browser_control.py": 87, "test_knowledge.py": 81,
    "test_browser.py": 76, "test_catalog_race.py": 71, "test_downloads.py": 69, "test_polish.py": 66,
    "test_cli_search.py": 65, "test_browser_outline.py": 60, "test_browser_knowledge.py": 57,
    "test_knowledge_tab.py": 56, "test_page_language.py": 46, "test_local_llm.py": 42, "test_durability.py": 42,
    "test_browser_logout.py": 42, "test_export.py": 40, "test_faults.py": 28, "test_cli_rewrite_export.py": 28,
    "test_lexical.py": 20, "test_facts_browser.py": 40, "test_draft.py": 17, "test_indicators.py": 12,
    "test_outline_tab.py": 11, "test_check.py": 30, "test_check_once.py": 25, "test_figures.py": 20,
    # est. (not in the session-5 runs)
    "test_security.py": 130, "test_responsive.py": 55, "test_workspaces_app.py": 55, "test_replica_kill.py": 60,
    "test_vector_pack.py": 40, "test_store.py": 30, "test_workspaces.py": 30, "test_retrieve.py": 20,
}
DEFAULT_TEST_SECONDS = 0.1


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Real-browser tests drive a real page on a 2-core machine: a timing hiccup (an element Gradio
    re-renders mid-query) gets one rerun; a real failure fails twice. Nothing else is retried."""
    for item in items:
        if item.get_closest_marker("browser") is not None and item.get_closest_marker("flaky") is None:
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=2))
    if getattr(config, "workerinput", {}).get("longest_first"):  # set by pytest_configure_node below
        _longest_first(items)


# ---- make test: ``pytest -n 2 --dist loadfile --no-loadscope-reorder`` (pytest-xdist) --------------------
# Work units are test files (a module's app or server starts once, on one worker), except that every
# browser test file is in ONE unit "browser" (one chromium and one ``offline_app`` for all of them, and
# never two real pages, two apps and two chromiums at once on the two cores: the load under which a page
# test's timing hiccup needed a rerun). The units go out longest first, so the last ones are seconds long
# and both workers finish together (with ``--dist load`` a minute-long file could start last while the
# other worker idled). Only the order changes: every test still runs; a serial run keeps its order.

_BROWSER_FILES: dict[str, bool] = {}


def _unit(path: str) -> str:
    """The work unit of a test file (``path`` relative to the root, as in a node id)."""
    if path not in _BROWSER_FILES:
        try:  # a browser test module sets ``pytestmark`` from browser_support.needs_chromium
            _BROWSER_FILES[path] = "needs_chromium" in (PROJECT_ROOT / path).read_text(encoding="utf-8")
        except OSError:
            _BROWSER_FILES[path] = False
    return "browser" if _BROWSER_FILES[path] else path


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadfile``: the files as units, the browser files as one (:func:`_unit`), in the workers'
    collection order (longest first; ``--no-loadscope-reorder`` keeps it)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class UnitScheduling(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return _unit(nodeid.split("::", 1)[0])

    return UnitScheduling(config, log)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """Tell each worker to collect longest first (the scheduler sends units in the collection order)."""
    node.workerinput["longest_first"] = node.config.getvalue("dist") == "loadfile"


def _longest_first(items: list[pytest.Item]) -> None:
    """Reorder ``items`` unit by unit (:func:`_unit`), the longest unit first; within a unit the
    collection order stays (stable sort)."""
    per_file: dict[str, int] = {}
    for item in items:
        per_file[item.location[0]] = per_file.get(item.location[0], 0) + 1
    units: dict[str, list[pytest.Item]] = {}
    cost: dict[str, float] = {}
    for item in items:
        path = item.location[0]
        unit = _unit(path)
        units.setdefault(unit, []).append(item)
        name = path.rsplit("/", 1)[-1]
        seconds = FILE_SECONDS[name] / per_file[path] if name in FILE_SECONDS else DEFAULT_TEST_SECONDS
        cost[unit] = cost.get(unit, 0.0) + seconds
    order = sorted(units, key=lambda u: -cost[u])
    items[:] = [item for unit in order for item in units[unit]]


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
