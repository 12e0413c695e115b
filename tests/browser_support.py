"""Shared helpers of the real-browser tests (``@pytest.mark.browser``).

* :data:`CHROMIUM` / :data:`CHROMIUM_ARGS`: Debian's chromium, started headless with no background
  networking (never ``playwright install``).
* :func:`free_port`, :func:`wait_up`: find a loopback port; wait for the page to answer.
* :func:`run_app`: ``report-assistant ui --port P`` in a subprocess with a private data directory and
  hash embeddings (context manager yielding the page URL; the process is terminated at exit).
* :func:`launch_chromium`: a Playwright browser (context manager).
* :data:`needs_chromium`: the marks a browser test module sets as ``pytestmark``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise AssertionError(f"the ui exited early ({proc.returncode}): {err[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("the ui did not come up")


@contextmanager
def run_app(data_dir: Path, env: Mapping[str, str] | None = None, *, timeout: float = 120) -> Iterator[str]:
    """Start ``report-assistant ui`` on a free loopback port; yields its URL."""
    port = free_port()
    full_env = {
        **os.environ,
        "REPORT_ASSISTANT_DATA_DIR": str(data_dir),
        "REPORT_ASSISTANT_EMBEDDING": "hash",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "ANONYMIZED_TELEMETRY": "False",
        "OMP_NUM_THREADS": "1",
        **(env or {}),
    }
    exe = Path(sys.executable).with_name("report-assistant")
    log_path = data_dir / "ui.log"
    data_dir.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log_file:
        proc = subprocess.Popen([str(exe), "ui", "--port", str(port)], cwd=PROJECT_ROOT, env=full_env,
                                stdout=subprocess.DEVNULL, stderr=log_file)
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if proc.poll() is not None:
                    raise AssertionError(f"the ui exited early ({proc.returncode}): "
                                         f"{log_path.read_text(errors='replace')[-2000:]}")
                try:
                    with urllib.request.urlopen(url, timeout=2):
                        break
                except OSError:
                    time.sleep(0.3)
            else:
                raise AssertionError("the ui did not come up")
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@contextmanager
def launch_chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
