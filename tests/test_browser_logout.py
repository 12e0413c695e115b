"""Logout in the real page (issue 15, "no notes or drafts in browser storage after logout"): with
authentication on, a user logs in through Gradio's login page in headless Debian chromium, the page
stores its session id in localStorage (the ``gr.BrowserState``), "退出登录 / Log out" is pressed, and
afterwards localStorage and sessionStorage are empty, the login page shows, and the page is no longer
reachable without logging in again. Skipped only when /usr/bin/chromium is missing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import needs_chromium, run_app

pytestmark = needs_chromium

USER, PASSWORD = "alice", "pw-alice-logout-test"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("browser-logout")
    with run_app(data, {"REPORT_ASSISTANT_PROVIDER": "offline", "REPORT_ASSISTANT_AUTH": f"{USER}:{PASSWORD}"}) as url:
        yield url


def _log_in(page: Any) -> None:
    page.locator("input[type=password]").wait_for()
    page.locator("input:not([type=password])").first.fill(USER)
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("login|登录", re.IGNORECASE)).click()


def _storage(page: Any) -> dict[str, int]:
    return dict(page.evaluate("() => ({local: localStorage.length, session: sessionStorage.length})"))


@pytest.mark.timeout(600)
def test_logging_out_empties_browser_storage_and_shows_the_login_page(app_url: str, browser: Any) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(app_url)
    _log_in(page)
    page.wait_for_selector("#ra-send")
    page.wait_for_selector("#ra-logout")
    # the page keeps its session id (and language) in localStorage once its load event has run
    page.wait_for_function("() => localStorage.length > 0")
    assert _storage(page)["local"] > 0
    page.locator("#ra-logout").click()
    page.locator("input[type=password]").wait_for()  # back on the login page
    assert _storage(page) == {"local": 0, "session": 0}
    assert page.locator("#ra-send").count() == 0
    # the old login is gone: loading the page again shows the login form, not the page
    page.goto(app_url)
    page.locator("input[type=password]").wait_for()
    assert page.locator("#ra-send").count() == 0
    assert _storage(page)["local"] == 0
    context.close()
