"""Request guards on the page's ASGI app: Host/Origin allowlist, export downloads, login rate limit.

Installed by :func:`ui.app.launch_app` as FastAPI middleware (``app_kwargs={"middleware": …}``), so
they see every route Gradio serves (the page, ``/config``, ``/gradio_api/*``, files, login):

- :class:`HostOriginGuard` — a request whose ``Host`` (or ``Origin``, when sent) names a host
  outside the allowlist gets 403: a DNS-rebinding page (``Host: attacker.example``) or another site's
  script cannot read the page's sessions. Allowed: the loopback names, the bound address, and
  ``REPORT_ASSISTANT_ALLOWED_HOSTS`` (comma-separated; ``*`` turns the check off, e.g. behind a
  proxy that checks it).
- :class:`ExportGuard` — the exports folder is never served by path (``/gradio_api/file=…/exports/…``
  → 403): a download reaches the browser as the copy Gradio makes in its cache under a directory
  named by the file's content hash, which only the session that produced it is given.
- :class:`DownloadOwnerGuard` — with authentication on, a download of an export (a ``.md``/``.docx``
  file in Gradio's cache: the copy behind a download button) is served only to the user who owns it:
  the file's content digest must have been registered for that user by the export
  (:func:`download_owners`, :meth:`DownloadOwners.register`); anyone else — another logged-in user
  holding the URL — gets 403. A copy no export registered (a stale link after a restart) is refused
  too; opening the session again re-exports and registers it.
- :class:`LogoutCleaner` — ``GET /logout`` (Gradio deletes the login token and its cookies) also
  clears the browser's storage for the page: ``Clear-Site-Data: "storage", "cookies", "cache"`` and, for
  browsers that ignore that header, a tiny page that empties ``localStorage``/``sessionStorage`` (the
  ``gr.BrowserState`` holding the session id and language) before going back to the login page.
- :class:`LoginLimiter` — failed logins are counted per user name and per client address in a
  sliding window; past the limit every attempt (right or wrong) is answered 429 with the seconds
  to wait.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES: frozenset[str] = frozenset({"127.0.0.1", "localhost", "::1"})
#: Failed logins allowed per user name, and per client address, within :data:`LOGIN_WINDOW_S`.
LOGIN_MAX_PER_USER = 5
LOGIN_MAX_PER_ADDRESS = 20
LOGIN_WINDOW_S = 60.0
_MAX_LOGIN_BODY = 64 * 1024


def allowed_hosts(bind_host: str, configured: str = "") -> frozenset[str]:
    """Host names the page answers to: loopback, the bound address (and this machine's name when
    bound to every interface), and the comma-separated ``configured`` names."""
    names = set(LOOPBACK_NAMES)
    bind = bind_host.strip().strip("[]").lower()
    if bind in ("0.0.0.0", "::", ""):
        names.add(socket.gethostname().lower())
    else:
        names.add(bind)
    names.update(n.strip().strip("[]").lower() for n in configured.split(",") if n.strip())
    return frozenset(names)


def _host_of(value: str) -> str:
    """The host name of a ``Host`` header (``name:port``, ``[::1]:port``) or an ``Origin`` URL."""
    text = value.strip()
    try:
        parts = urlsplit(text if "://" in text else "//" + text)
        return (parts.hostname or "").lower()
    except ValueError:
        return ""


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}


async def _respond(send: Send, status: int, detail: str, extra: Iterable[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *extra]})
    await send({"type": "http.response.body", "body": body})


class HostOriginGuard:
    """403 for a ``Host`` or ``Origin`` outside ``hosts`` (``"*"`` in ``hosts`` allows any)."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = frozenset(h.lower() for h in hosts)
        self.any = "*" in self.hosts

    def allows(self, headers: dict[str, str]) -> bool:
        if self.any:
            return True
        if _host_of(headers.get("host", "")) not in self.hosts:
            return False
        origin = headers.get("origin")
        return origin is None or _host_of(origin) in self.hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and not self.allows(_headers(scope)):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            await _respond(send, 403, "host not allowed: add it to REPORT_ASSISTANT_ALLOWED_HOSTS")
            return
        await self.app(scope, receive, send)


class ExportGuard:
    """403 for any file route whose path lies in the exports folder."""

    def __init__(self, app: ASGIApp, exports_dir: Path) -> None:
        self.app = app
        self.exports = Path(exports_dir).resolve()

    def refuses(self, path: str) -> bool:
        marker = "/file="
        if marker not in path:
            return False
        target = unquote(path.split(marker, 1)[1])
        try:
            resolved = Path(target).resolve()
        except (OSError, ValueError):
            return True
        return resolved == self.exports or self.exports in resolved.parents

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.refuses(str(scope.get("path", ""))):
            await _respond(send, 403, "this file is not served by path")
            return
        await self.app(scope, receive, send)


#: File kinds an export writes (the download buttons' files).
EXPORT_SUFFIXES: frozenset[str] = frozenset({".md", ".docx"})
_DIGEST_MAX_BYTES = 64 * 1024 * 1024


def file_digest(path: Path) -> str:
    """SHA-256 of a file's content (what identifies an export's copy wherever Gradio put it)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


class DownloadOwners:
    """Export content digest → the users who may download it (thread-safe)."""

    def __init__(self) -> None:
        self._owners: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def register(self, path: str | Path, owner: str) -> None:
        digest = file_digest(Path(path))
        with self._lock:
            self._owners.setdefault(digest, set()).add(owner)

    def owners(self, digest: str) -> frozenset[str]:
        with self._lock:
            return frozenset(self._owners.get(digest, ()))


_OWNERS: dict[str, DownloadOwners] = {}
_OWNERS_LOCK = threading.Lock()


def download_owners(files_root: Path) -> DownloadOwners:
    """The download-owner registry of the application whose files live under ``files_root``."""
    key = str(Path(files_root).resolve())
    with _OWNERS_LOCK:
        return _OWNERS.setdefault(key, DownloadOwners())


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except CookieError:
        return {}
    return {k: m.value for k, m in jar.items()}


def gradio_user(scope: Scope) -> str | None:
    """The logged-in user of a request to a Gradio app (its login token cookie), else None."""
    app = scope.get("app")
    tokens = getattr(app, "tokens", None)
    cookie_id = getattr(app, "cookie_id", None)
    if not isinstance(tokens, dict) or cookie_id is None:
        return None
    jar = _cookies(_headers(scope))
    token = jar.get(f"access-token-{cookie_id}") or jar.get(f"access-token-unsecure-{cookie_id}")
    user = tokens.get(token) if token else None
    return str(user) if user else None


class DownloadOwnerGuard:
    """With authentication on: 403 for an export copy in ``cache_dir`` that the logged-in user does not
    own (see the module docstring)."""

    def __init__(self, app: ASGIApp, cache_dir: Path, owners: DownloadOwners) -> None:
        self.app = app
        self.cache = Path(cache_dir).resolve()
        self.owners = owners

    def export_copy(self, path: str) -> Path | None:
        """The cached export file a ``/file=`` path names, else None."""
        marker = "/file="
        if marker not in path:
            return None
        try:
            target = Path(unquote(path.split(marker, 1)[1])).resolve()
        except (OSError, ValueError):
            return None
        if self.cache not in target.parents or target.suffix.lower() not in EXPORT_SUFFIXES:
            return None
        return target if target.is_file() else None

    def allowed(self, target: Path, user: str | None) -> bool:
        if user is None:
            return False
        try:
            if target.stat().st_size > _DIGEST_MAX_BYTES:
                return False
            return user in self.owners.owners(file_digest(target))
        except OSError:
            return False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and getattr(scope.get("app"), "auth", None) is not None:
            target = self.export_copy(str(scope.get("path", "")))
            if target is not None and not self.allowed(target, gradio_user(scope)):
                await _respond(send, 403, "此文件属于其他用户，或链接已过期：请重新打开会话后下载。 / This file belongs "
                                          "to another user, or the link expired: open the session again to download.")
                return
        await self.app(scope, receive, send)


_LOGOUT_PAGE = (
    "<!doctype html><meta charset=utf-8><title>Logged out</title>"
    "<meta http-equiv=refresh content=\"1;url={root}\">"
    "<script>try{{localStorage.clear();sessionStorage.clear()}}catch(e){{}}location.replace({root_js})</script>"
    "<p>已退出登录。/ Logged out. <a href=\"{root}\">登录 / Log in</a></p>"
)


class LogoutCleaner:
    """``GET /logout``: Gradio's logout (token and cookies deleted), answered with a page that also
    clears the browser's storage for the site (``Clear-Site-Data`` and a script)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", "")).rstrip("/")
        if scope["type"] != "http" or scope.get("method") != "GET" or not path.endswith("/logout"):
            await self.app(scope, receive, send)
            return
        root = path[: -len("/logout")] + "/"
        replaced = False

        async def rewrite(message: Message) -> None:
            nonlocal replaced
            if replaced:
                return  # the redirect's own body: replaced by the page
            if message["type"] == "http.response.start" and int(message["status"]) in (302, 303, 307):
                kept = [(k, v) for k, v in message.get("headers", [])
                        if k.lower() not in (b"location", b"content-length", b"content-type")]
                body = _LOGOUT_PAGE.format(root=root, root_js=json.dumps(root)).encode("utf-8")
                await send({"type": "http.response.start", "status": 200, "headers": [
                    *kept, (b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                    (b"clear-site-data", b'"storage", "cookies", "cache"'), (b"cache-control", b"no-store")]})
                await send({"type": "http.response.body", "body": body})
                replaced = True
                return
            await send(message)

        await self.app(scope, receive, rewrite)


class SlidingWindow:
    """Failures per key within the last ``window`` seconds (thread-safe)."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _trim(self, key: str, now: float) -> deque[float]:
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.window:
            events.popleft()
        if not events:
            self._events.pop(key, None)
        return events

    def wait_s(self, key: str) -> float:
        """0 when ``key`` may try again; else the seconds until its oldest failure leaves the window."""
        with self._lock:
            now = self.clock()
            events = self._trim(key, now)
            if len(events) < self.limit:
                return 0.0
            return max(0.0, events[0] + self.window - now)

    def record(self, key: str) -> None:
        with self._lock:
            now = self.clock()
            self._trim(key, now)
            self._events.setdefault(key, deque()).append(now)


class LoginLimiter:
    """Rate-limits ``POST /login``: failures counted per user name and per client address."""

    def __init__(self, app: ASGIApp, per_user: int = LOGIN_MAX_PER_USER, per_address: int = LOGIN_MAX_PER_ADDRESS,
                 window: float = LOGIN_WINDOW_S) -> None:
        self.app = app
        self.users = SlidingWindow(per_user, window)
        self.addresses = SlidingWindow(per_address, window)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", "")).rstrip("/")
        if scope["type"] != "http" or scope.get("method") != "POST" or not path.endswith("/login"):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > _MAX_LOGIN_BODY:
                await _respond(send, 413, "login request too large")
                return
            chunks.append(chunk)
            more = bool(message.get("more_body"))
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        user = await _form_username(scope, body)
        client = scope.get("client")
        address = str(client[0]) if client else "?"
        wait = max(self.users.wait_s("u:" + user), self.addresses.wait_s("a:" + address))
        if wait > 0:
            seconds = int(wait) + 1
            await _respond(send, 429, f"登录失败次数过多，请 {seconds} 秒后再试 / too many failed logins: "
                                      f"try again in {seconds} s", [(b"retry-after", str(seconds).encode())])
            return
        status = 0

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        await self.app(scope, replay, watch)
        if status >= 400:
            self.users.record("u:" + user)
            self.addresses.record("a:" + address)


async def _form_username(scope: Scope, body: bytes) -> str:
    from starlette.requests import Request

    delivered = False

    async def once() -> Message:
        nonlocal delivered
        if delivered:
            return {"type": "http.disconnect"}
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await Request(scope, once).form()
        value = form.get("username")
        return str(value).strip().lower() if isinstance(value, str) else ""
    except Exception:
        return ""
