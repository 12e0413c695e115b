"""The office stack without containers (``scripts/office_local.py``), driven through its proxy in chromium.

The script runs as a user would run it (a subprocess, ``--fake-model --embedding hash --port 0``,
two users): a throw-away PostgreSQL, ``chroma run``, the fake OpenAI-protocol model server, the
knowledge index built on the Chroma server, two ``report-assistant ui`` replicas and the sticky
proxy. Through the proxy:

* alice logs in and runs the SAME scenario as the single-process browser test
  (``browser_scenarios.draft_and_check``: notes → streamed draft → checked figures);
* her browser is then re-pinned to the other replica (as when her replica dies): after a login there
  the reloaded page shows her checked draft, read from PostgreSQL;
* bob's browser lands on the other replica than alice's first one (the proxy's counters show both
  replicas served requests) and sees none of alice's work;
* SIGTERM stops everything: the script exits 0 and the replicas no longer answer.

Every wait is on an event (the script's serving line, the page's state) with a generous bound.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from browser_scenarios import draft_and_check, wait_loaded
from browser_support import PROJECT_ROOT, launch_chromium, needs_chromium

pytestmark = [*needs_chromium, pytest.mark.slow]

WAIT_S = 600.0
USERS = {"alice": "pw-alice-4417", "bob": "pw-bob-9023"}
COOKIE = "ra_replica"


class Stack:
    """``scripts/office_local.py`` in a subprocess; :attr:`url` once it prints its serving line."""

    def __init__(self, work: Path) -> None:
        self.lines: list[str] = []
        self.serving = threading.Event()
        self.url = ""
        auth = ",".join(f"{u}:{p}" for u, p in USERS.items())
        self.proc = subprocess.Popen(
            [sys.executable, str(PROJECT_ROOT / "scripts" / "office_local.py"), "--fake-model", "--embedding", "hash",
             "--port", "0", "--auth", auth, "--work", str(work)],
            cwd=str(PROJECT_ROOT), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, env={**_clean_env(), "PYTHONPATH": str(PROJECT_ROOT), "OMP_NUM_THREADS": "1"},
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)
            found = re.search(r"serving on (http://\S+/)", line)
            if found:
                self.url = found.group(1)
                self.serving.set()
        self.serving.set()  # it exited

    def output(self) -> str:
        return "".join(self.lines)[-4000:]

    def replica_urls(self) -> list[str]:
        return re.findall(r"app\d+ on (http://127\.0\.0\.1:\d+)", "".join(self.lines))

    def stats(self) -> list[dict[str, Any]]:
        with urllib.request.urlopen(self.url + "_office/replicas", timeout=30) as resp:
            return list(json.load(resp)["replicas"])


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("REPORT_ASSISTANT_")}


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = Stack(tmp_path_factory.mktemp("office"))
    try:
        assert running.serving.wait(WAIT_S) and running.url, f"the stack did not start:\n{running.output()}"
        yield running
    finally:
        if running.proc.poll() is None:
            running.proc.send_signal(signal.SIGTERM)
            try:
                running.proc.wait(timeout=180)
            except subprocess.TimeoutExpired:
                running.proc.kill()
                running.proc.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch_chromium() as b:
        yield b


def _login(context: Any, url: str, user: str) -> None:
    """Log in through the proxy (the context keeps the cookies: the login and the replica pin)."""
    answer = context.request.post(url + "login", form={"username": user, "password": USERS[user]})
    assert answer.status == 200, answer.text()


def _replica_of(context: Any) -> int:
    (pin,) = [c["value"] for c in context.cookies() if c["name"] == COOKIE]
    return int(pin)


def _open(context: Any, url: str) -> Any:
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    page.wait_for_selector("#ra-send")
    wait_loaded(page)
    return page


def test_two_replicas_behind_the_proxy_run_the_browser_scenario(stack: Stack, browser: Any) -> None:
    url = stack.url
    assert len(stack.replica_urls()) == 2, stack.output()

    alice = browser.new_context(locale="zh-CN", viewport={"width": 1500, "height": 1000})
    _login(alice, url, "alice")
    first = _replica_of(alice)
    page = _open(alice, url)
    assert page.locator("#ra-send").inner_text().strip() == "发送"
    draft_and_check(page, timeout_ms=300_000)  # the same scenario as tests/test_browser.py

    # Her replica "dies" for her: the proxy pins her browser to the other one; after logging in
    # there (Gradio's login token lives in the replica that issued it) the same page shows her
    # checked draft, read from PostgreSQL.
    other = 1 - first
    alice.add_cookies([{"name": COOKIE, "value": str(other), "url": url}])
    _login(alice, url, "alice")
    assert _replica_of(alice) == other
    page.reload()
    wait_loaded(page)
    page.wait_for_function(
        "() => { const b = document.querySelector('#ra-draft-box');"
        " return !!b && !!b.querySelector('p .ra-fig-verified') && b.innerText.includes('12.5亿元'); }",
        timeout=300_000,
    )

    # bob: a new browser lands on the other replica than alice's first one and sees none of her work
    bob = browser.new_context(locale="en-US")
    _login(bob, url, "bob")
    assert _replica_of(bob) != first
    bob_page = _open(bob, url)
    bob_page.wait_for_function(
        "() => document.querySelector('#ra-draft-box').innerText.includes('No draft yet')")
    assert "12.5" not in bob_page.locator("#ra-chat").inner_text()

    stats = stack.stats()
    assert [s["url"] for s in stats] == stack.replica_urls()
    assert all(s["requests"] > 0 and s["pinned"] >= 1 for s in stats), stats
    alice.close()
    bob.close()


def test_sigterm_stops_every_part(stack: Stack) -> None:
    replicas = stack.replica_urls()
    for replica in replicas:  # both answer before
        assert httpx.get(replica + "/gradio_api/app_id", timeout=30).status_code == 200
    stack.proc.send_signal(signal.SIGTERM)
    assert stack.proc.wait(timeout=180) == 0, stack.output()
    assert "office-local: stopped" in stack.output()
    for replica in replicas:
        with pytest.raises(httpx.ConnectError):
            httpx.get(replica + "/gradio_api/app_id", timeout=10)
