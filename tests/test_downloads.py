"""Downloads go only to their owner, and logout clears the browser's storage (ui/guard.py), through the
real ``report-assistant ui`` with authentication on and two users."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from support import free_port
from test_security import NOTES, _start_cli, _stop, _wait

USERS = {"alice": "s3cret-a", "bob": "s3cret-b"}


@pytest.fixture(scope="module")
def two_users(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("two-users")
    port = free_port()
    proc = _start_cli(tmp, "--port", str(port),
                      env_extra={"REPORT_ASSISTANT_AUTH": ",".join(f"{u}:{p}" for u, p in USERS.items())})
    try:
        _wait(f"http://127.0.0.1:{port}/", proc)
        yield port
    finally:
        _stop(proc)


@contextmanager
def _web(port: int, user: str | None) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as web:
        if user is not None:
            assert web.post("/login", data={"username": user, "password": USERS[user]}).status_code == 200
        yield web


def _export_urls(port: int, user: str) -> list[str]:
    """Draft as ``user`` through the page's API; the URLs of the two download buttons' files."""
    from gradio_client import Client

    client = Client(f"http://127.0.0.1:{port}/", auth=(user, USERS[user]), verbose=False, download_files=False)
    try:
        outputs = client.submit(NOTES, api_name="/on_send").result(timeout=240)
    finally:
        client.close()
    urls = []
    for out in outputs:
        value = out.get("value") if isinstance(out, dict) else None
        if isinstance(value, dict) and str(value.get("path") or "").endswith((".docx", ".md")):
            urls.append(str(value.get("url") or f"/gradio_api/file={value['path']}"))
    return urls


def test_an_export_downloads_for_its_owner_and_for_no_other_user(two_users: Any) -> None:
    port = two_users
    urls = _export_urls(port, "alice")
    assert len(urls) == 2
    paths = [httpx.URL(u).path if u.startswith("http") else u for u in urls]
    with _web(port, "alice") as alice, _web(port, "bob") as bob, _web(port, None) as nobody:
        for path in paths:
            mine = alice.get(path)
            assert mine.status_code == 200 and len(mine.content) > 100
            theirs = bob.get(path)  # bob is logged in and holds the URL: still not his file
            assert theirs.status_code == 403 and "another user" in theirs.json()["detail"]
            assert mine.content not in theirs.content
            assert nobody.get(path).status_code in (401, 403)


def test_an_unregistered_copy_in_the_cache_is_refused_even_to_a_logged_in_user(two_users: Any, tmp_path: Path) -> None:
    port = two_users
    with _web(port, "alice") as alice:
        config = alice.get("/config")
        assert config.status_code == 200
    # a .docx in Gradio's cache that no export registered (a stale link): refused to everyone
    from ui.guard import DownloadOwnerGuard, DownloadOwners

    async def app(scope: Any, receive: Any, send: Any) -> None:  # pragma: no cover - never called
        raise AssertionError

    cache = tmp_path / "cache"
    stale = cache / "0123abcd" / "报告-v1.docx"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"PK stale export")
    owners = DownloadOwners()
    guard = DownloadOwnerGuard(app, cache, owners)
    target = guard.export_copy(f"/gradio_api/file={stale}")
    assert target is not None and not guard.allowed(target, "alice")
    owners.register(stale, "alice")
    assert guard.allowed(target, "alice") and not guard.allowed(target, "bob") and not guard.allowed(target, None)
    assert guard.export_copy(f"/gradio_api/file={cache}/x/notes.txt") is None  # only export kinds are checked
    assert guard.export_copy("/gradio_api/info") is None


def test_logout_clears_the_cookie_the_token_and_the_browser_storage(two_users: Any) -> None:
    port = two_users
    with _web(port, "bob") as bob:
        assert bob.get("/config").status_code == 200
        cookies = dict(bob.cookies)
        assert any(k.startswith("access-token") for k in cookies)
        out = bob.get("/logout", follow_redirects=False)
        assert out.status_code == 200
        cleared = out.headers.get("clear-site-data", "")
        assert '"storage"' in cleared and '"cookies"' in cleared
        assert "localStorage.clear()" in out.text and "sessionStorage.clear()" in out.text
        assert out.headers.get("cache-control") == "no-store"
        deleted = [c for c in out.headers.get_list("set-cookie") if c.startswith("access-token")]
        assert deleted and all("Max-Age=0" in c or "expires=Thu, 01 Jan 1970" in c.lower() or '=""' in c
                               for c in deleted)
    # the old token no longer opens the page
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60, cookies=cookies) as stale:
        assert stale.get("/config").status_code in (401, 403)


def test_the_page_offers_a_logout_control_when_authentication_is_on(two_users: Any) -> None:
    with _web(two_users, "alice") as alice:
        config = alice.get("/config").json()
    buttons = [c for c in config.get("components", []) if c.get("props", {}).get("elem_id") == "ra-logout"]
    assert buttons and buttons[0]["props"].get("link") == "/logout"
