"""Abort a model request from another thread: the HTTP connection is closed at once, even while the
reading thread is blocked waiting for the first byte (a prompt still being evaluated).

A stream is read in a thread that blocks in ``recv`` until the server sends something; closing the
response from the thread that wants to stop is not safe, and the reading thread cannot notice a flag
while it is blocked. So the model clients of :mod:`assistant.llm.resilience` use
:func:`abortable_http_client`, whose event hooks record, for the thread's current :class:`AbortScope`,
the socket of each request in flight (a new connection as soon as it connects, a reused one when the
response headers arrive); :meth:`AbortScope.abort` (from any thread) shuts those sockets down
(``shutdown(SHUT_RDWR)`` wakes the blocked ``recv``, and the server sees the client go away: the
embedded llama.cpp server then drops the request, :mod:`assistant.llm.server_abort`) and refuses any
request the aborted thread still tries to send (a retry, a failover to another endpoint).

* :class:`AbortScope` — ``with scope.active():`` in the thread that calls the model; ``abort()`` from
  any thread; ``aborted``.
* :func:`current_scope` / :func:`aborted` — the calling thread's scope, and whether it was aborted
  (the retry and failover loops stop at once then).
* :func:`abortable_http_client` — an ``httpx.Client`` (the OpenAI client's defaults) with the hooks.

Only the sockets of requests still in flight are shut down (a response closed has handed its
connection back to the client's keep-alive pool, perhaps to another session's request: it is never
touched); the local servers' clients keep no connection alive at all
(``make_resilient_chat(keep_alive=False)``), so no socket is ever shared there. Nothing runs at
import time; the HTTP client library is imported when a client is made.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

log = logging.getLogger(__name__)

_local = threading.local()


class RequestAborted(ConnectionError):
    """A request refused because its thread's :class:`AbortScope` was aborted."""


class AbortScope:
    """The model requests of one reading thread, abortable from another (module docstring)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: list[list[Any]] = []  # [socket, its httpx response or None before the headers]
        self._aborted = False

    @property
    def aborted(self) -> bool:
        return self._aborted

    @contextlib.contextmanager
    def active(self) -> Iterator[AbortScope]:
        """Make this the calling thread's scope for the ``with`` body."""
        previous = getattr(_local, "scope", None)
        _local.scope = self
        try:
            yield self
        finally:
            _local.scope = previous
            with self._lock:
                self._open.clear()

    def abort(self) -> int:
        """Close this scope's requests in flight (their sockets) and refuse its further requests;
        returns how many connections were shut down. Safe to call from any thread, many times."""
        with self._lock:
            self._aborted = True
            doomed = [sock for sock, response in self._open if response is None or not response.is_closed]
            self._open.clear()
        for sock in doomed:
            _shutdown(sock)
        return len(doomed)

    # --- the client's hooks (the reading thread) ---------------------------------------------------
    def _track(self, sock: Any, response: Any = None) -> None:
        """A request of this scope uses ``sock`` (a new connection: before any byte came back; a
        response: its headers arrived)."""
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            if not self._aborted:
                self._open[:] = [e for e in self._open if e[0] is not sock and (e[1] is None or not e[1].is_closed)]
                self._open.append([sock, response])
                return
        _shutdown(sock)  # aborted while the request was being sent

    def _tracer(self, previous: Callable[[str, dict[str, Any]], Any] | None) -> Callable[[str, dict[str, Any]], Any]:
        def trace(name: str, info: dict[str, Any]) -> Any:
            if name.endswith("connect_tcp.complete"):
                stream = info.get("return_value")
                if stream is not None:
                    self._track(stream.get_extra_info("socket"))
            return previous(name, info) if previous is not None else None

        return trace


def _shutdown(sock: socket.socket) -> None:
    # socket.socket.shutdown, not an SSL socket's own (which drops its TLS state under the reader)
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def current_scope() -> AbortScope | None:
    """The calling thread's :class:`AbortScope`, if any."""
    scope = getattr(_local, "scope", None)
    return scope if isinstance(scope, AbortScope) else None


def aborted() -> bool:
    """True when the calling thread's scope was aborted (stop retrying, stop failing over)."""
    scope = current_scope()
    return scope is not None and scope.aborted


def _on_request(request: Any) -> None:
    scope = current_scope()
    if scope is None:
        return
    if scope.aborted:
        raise RequestAborted("the request was stopped before it was sent")
    # a new connection is known when it connects, before the server sends anything back
    request.extensions["trace"] = scope._tracer(request.extensions.get("trace"))


def _on_response(response: Any) -> None:
    scope = current_scope()
    if scope is not None:
        stream = response.extensions.get("network_stream")
        if stream is not None:  # a reused keep-alive connection is known from here on
            scope._track(stream.get_extra_info("socket"), response)


def abortable_http_client(*, keep_alive: bool = True) -> Any:
    """The OpenAI client's HTTP client (``openai.DefaultHttpxClient``: its timeouts, limits, redirects)
    with the abort hooks; ``keep_alive=False``: a new connection for every request."""
    from openai import DefaultHttpxClient

    options: dict[str, Any] = {}
    if not keep_alive:
        try:  # the client class openai uses (httpx2 in openai 3, httpx before)
            import httpx2 as http
        except ImportError:  # pragma: no cover - older openai
            import httpx as http  # type: ignore[no-redef]
        options["limits"] = http.Limits(max_connections=1000, max_keepalive_connections=0)
    return DefaultHttpxClient(event_hooks={"request": [_on_request], "response": [_on_response]}, **options)


__all__ = ["AbortScope", "RequestAborted", "abortable_http_client", "aborted", "current_scope"]
