"""The sticky proxy of ``scripts/office_local.py`` over two real local HTTP servers.

New clients alternate between the replicas and are pinned by the ``ra_replica`` cookie; a pinned
client stays; a replica that refuses connections is skipped and the client re-pinned; a streamed
response passes through before the upstream has finished it (the upstream waits for the client to
have read the first part); the counters say who served what; headers and bodies pass unchanged.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from office_local import COOKIE, STATS_PATH, StickyProxy

WAIT = 60.0


class Upstream:
    """A replica stand-in: answers its name, echoes POST bodies, streams ``/stream`` in two parts."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.first_part_read = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Set-Cookie", f"app-{owner.name}=1; Path=/")
                self.send_header("Connection", "close")  # a stopped stand-in refuses like a dead replica
                self.close_connection = True
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                if self.path == "/stream":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    for part in (b"data: one\n\n", b"data: two\n\n"):
                        self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                        self.wfile.flush()
                        owner.first_part_read.wait(WAIT)  # the second part only after the client saw the first
                    self.wfile.write(b"0\r\n\r\n")
                    self.wfile.flush()
                    return
                self._send(200, json.dumps({"replica": owner.name, "path": self.path,
                                            "host": self.headers.get("Host")}).encode())

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._send(201, json.dumps({"replica": owner.name, "echo": body.decode("utf-8")}).encode())

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def pair() -> Iterator[tuple[StickyProxy, list[Upstream]]]:
    ups = [Upstream("a"), Upstream("b")]
    proxy = StickyProxy([u.url for u in ups]).start()
    try:
        yield proxy, ups
    finally:
        proxy.stop()
        for u in ups:
            u.stop()


def _replica(client: httpx.Client, path: str = "/x") -> str:
    answer = client.get(path)
    assert answer.status_code == 200
    return str(answer.json()["replica"])


def test_new_clients_alternate_and_stay_pinned(pair: tuple[StickyProxy, list[Upstream]]) -> None:
    proxy, _ = pair
    with httpx.Client(base_url=proxy.url, timeout=WAIT) as one, httpx.Client(base_url=proxy.url, timeout=WAIT) as two:
        first, second = _replica(one), _replica(two)
        assert {first, second} == {"a", "b"}
        assert one.cookies[COOKIE] != two.cookies[COOKIE]
        for _ in range(5):
            assert _replica(one) == first and _replica(two) == second
    stats = httpx.get(proxy.url.rstrip("/") + STATS_PATH, timeout=WAIT).json()["replicas"]
    assert [(s["requests"], s["pinned"]) for s in stats] == [(6, 1), (6, 1)]


def test_bodies_headers_and_the_host_pass_through(pair: tuple[StickyProxy, list[Upstream]]) -> None:
    proxy, _ = pair
    with httpx.Client(base_url=proxy.url, timeout=WAIT) as client:
        answer = client.post("/api/x?q=1", content="工作总结 ok".encode())
        assert answer.status_code == 201 and answer.json()["echo"] == "工作总结 ok"
        replica = answer.json()["replica"]
        assert client.cookies[f"app-{replica}"] == "1"  # the upstream's own cookie passes too
        got = client.get("/p?x=%E5%B7%A5").json()
        assert got["path"] == "/p?x=%E5%B7%A5" and got["host"] == proxy.url.split("//")[1].rstrip("/")


def test_a_refusing_replica_is_skipped_and_its_client_re_pinned(pair: tuple[StickyProxy, list[Upstream]]) -> None:
    proxy, ups = pair
    with httpx.Client(base_url=proxy.url, timeout=WAIT) as client:
        first = _replica(client)
        dead = next(u for u in ups if u.name == first)
        dead.stop()
        moved = _replica(client)
        assert moved != first
        assert client.cookies[COOKIE] == str([u.name for u in ups].index(moved))
        assert _replica(client) == moved


def test_streams_pass_through_unbuffered(pair: tuple[StickyProxy, list[Upstream]]) -> None:
    proxy, ups = pair
    with httpx.Client(base_url=proxy.url, timeout=WAIT) as client, client.stream("GET", "/stream") as answer:
        assert answer.headers["content-type"] == "text/event-stream"
        seen = b""
        for chunk in answer.iter_raw():
            seen += chunk
            if b"data: one" in seen and not ups[0].first_part_read.is_set():
                assert b"two" not in seen
                for u in ups:  # the first part arrived while the upstream still holds the second
                    u.first_part_read.set()
        assert seen == b"data: one\n\ndata: two\n\n"
