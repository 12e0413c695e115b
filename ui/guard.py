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
- :class:`LoginLimiter` — failed logins are counted per user name and per client address in a
  sliding window; past the limit every attempt (right or wrong) is answered 429 with the seconds
  to wait.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
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
