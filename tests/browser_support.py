"""Shared helpers of the real-browser tests (``@pytest.mark.browser``).

* :data:`CHROMIUM` / :data:`CHROMIUM_ARGS`: Debian's chromium, started headless with no background
  networking (never ``playwright install``).
* :func:`free_port` (from tests/support.py), :func:`wait_up`: find a loopback port; wait for the page to answer.
* :func:`ui_env`, :func:`start_ui`, :func:`stop`: the pieces of :func:`run_app`, for a test that restarts
  the app itself.
* :func:`run_app`: ``report-assistant ui --port P`` in a subprocess with a private data directory and
  hash embeddings (context manager yielding the page URL; the process is terminated at exit).
* :func:`launch_chromium`: a Playwright browser (context manager).
* :data:`SHARED`: one chromium for consecutive browser tests (``tests/conftest.py``'s ``browser``
  fixture; each test opens its own context, so its own storage and session); closed when the next
  test is not a browser test (a live sync Playwright makes ``asyncio.run`` fail in other tests).
* :func:`stop_soon` / :func:`reap`: a finished app is told to stop (SIGTERM) and left to shut down
  while the next test runs; ``reap`` (at the end of the session) waits for every one.
* :data:`needs_chromium`: the marks a browser test module sets as ``pytestmark``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from support import free_port

CHROMIUM = Path("/usr/bin/chromium")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
]

needs_chromium = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium "
                       "(scripts/setup.sh --test installs it)"),
]


def ui_env(data_dir: Path, env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a test ``report-assistant ui``: a private data directory, hash embeddings, no
    analytics or telemetry, one OpenMP thread; ``env`` adds to it or overrides it."""
    return {
        **os.environ,
        "REPORT_ASSISTANT_DATA_DIR": str(data_dir),
        "REPORT_ASSISTANT_EMBEDDING": "hash",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "ANONYMIZED_TELEMETRY": "False",
        "OMP_NUM_THREADS": "1",
        **(env or {}),
    }


def start_ui(port: int, env: Mapping[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    """``report-assistant ui --port PORT`` in a subprocess; its stderr is appended to ``log_path``."""
    exe = Path(sys.executable).with_name("report-assistant")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log_file:
        return subprocess.Popen([str(exe), "ui", "--port", str(port)], cwd=PROJECT_ROOT, env=dict(env),
                                stdout=subprocess.DEVNULL, stderr=log_file)


def wait_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 120, log_path: Path | None = None) -> None:
    """Wait for ``url`` to answer; fail (with the end of the ui's stderr) if the process exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            if log_path is not None:
                err = log_path.read_text(errors="replace")
            else:
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise AssertionError(f"the ui exited early ({proc.returncode}): {err[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("the ui did not come up")


def stop(proc: subprocess.Popen[Any]) -> None:
    """Terminate the process; kill it if it has not exited within 30 s."""
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


_STOPPING: list[subprocess.Popen[Any]] = []  # bytes or text pipes: only the process matters


def stop_soon(proc: subprocess.Popen[Any]) -> None:
    """SIGTERM now; :func:`reap` waits for the exit (Gradio's shutdown takes seconds that the next
    test need not wait for: every app has its own port and data directory)."""
    if proc.poll() is None:
        proc.terminate()
        _STOPPING.append(proc)


def reap() -> None:
    """Wait for every app :func:`stop_soon` stopped (killed if it has not exited within 30 s)."""
    while _STOPPING:
        stop(_STOPPING.pop())


@contextmanager
def run_app(data_dir: Path, env: Mapping[str, str] | None = None, *, timeout: float = 120) -> Iterator[str]:
    """Start ``report-assistant ui`` on a free loopback port; yields its URL (stopped with :func:`stop_soon`)."""
    port = free_port()
    log_path = data_dir / "ui.log"
    proc = start_ui(port, ui_env(data_dir, env), log_path)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_up(url, proc, timeout, log_path=log_path)
        yield url
    finally:
        stop_soon(proc)


class SharedBrowser:
    """One headless chromium, started on first use (:meth:`get`) and kept for the following browser
    tests until :meth:`close` (starting Playwright and chromium costs seconds per test on a loaded machine)."""

    def __init__(self) -> None:
        self._playwright: Any = None
        self._browser: Any = None

    @property
    def is_open(self) -> bool:
        return self._browser is not None

    def get(self) -> Any:
        if self._browser is None or not self._browser.is_connected():
            self.close()
            from playwright.sync_api import sync_playwright

            self._playwright = sync_playwright().start()
            try:
                self._browser = self._playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            except BaseException:
                self.close()
                raise
        return self._browser

    def close(self) -> None:
        browser, playwright = self._browser, self._playwright
        self._browser = self._playwright = None
        try:
            if browser is not None:
                browser.close()
        finally:
            if playwright is not None:
                playwright.stop()


SHARED = SharedBrowser()


@contextmanager
def launch_chromium() -> Iterator[Any]:
    """A browser of its own (for a test that needs one apart from :data:`SHARED`, which is closed
    first: one sync Playwright at a time)."""
    from playwright.sync_api import sync_playwright

    SHARED.close()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
