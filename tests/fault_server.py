"""A fault-injecting OpenAI-protocol server for the reliability tests (``tests/test_faults.py``).

:class:`FaultServer` is :class:`tests.openai_server.ScriptedOpenAIServer` plus a queue of faults: each
chat request takes the next fault from ``server.faults`` (empty queue: a normal scripted reply). A
fault is a :class:`Fault` or its kind as a string:

``hang``        sleep ``seconds`` before any byte is sent (timeout before the first token)
``429``         status 429 with ``Retry-After: retry_after`` (and an OpenAI error body)
``500``/``503`` a server error (503 carries ``Retry-After`` when ``retry_after`` is set)
``401``         the key is refused (the error message echoes the key, as some services do)
``malformed``   HTTP 200 whose body (or first SSE event) is not JSON
``cut``         stream ``after`` tokens of the reply, then drop the connection mid-stream
``endless``     stream tokens forever (until the client goes away)
``empty``       a well-formed completion with no content at all
``slow``        stream the reply at ``rate`` tokens a second (for kill -9 tests)
``ok``          no fault: the normal scripted reply (to place a fault at the n-th request)

Connection refused needs no server: :func:`closed_port` gives a loopback port nobody listens on.

Run it as a process (the fake llama.cpp server of the restart test, the model of the kill -9
tests)::

    python tests/fault_server.py --port 8123 [--reply TEXT] [--rate 20]
"""

from __future__ import annotations

import argparse
import json
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

from openai_server import RecordedRequest, ScriptedOpenAIServer, _Handler, _HTTPServer


@dataclass
class Fault:
    kind: str
    seconds: float = 5.0  # hang
    retry_after: str | None = None  # 429 / 503: the Retry-After header value
    after: int = 3  # cut: tokens sent before the connection drops
    rate: float = 20.0  # slow: tokens a second


def closed_port() -> int:
    """A loopback port with nothing listening (connecting to it is refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class FaultServer(ScriptedOpenAIServer):
    """``ScriptedOpenAIServer`` whose chat requests first consume ``faults`` (see the module doc)."""

    def __init__(
        self,
        replies: Sequence[str] | Callable[[dict[str, Any]], str] = ("OK",),
        *,
        faults: Sequence[Fault | str] = (),
        port: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(replies, before_response=self._inject, **kwargs)
        self.faults: list[Fault] = [f if isinstance(f, Fault) else Fault(f) for f in faults]
        self.fixed_port = port
        self.injected: list[str] = []  # the kinds injected, in order
        self._stop_streams = threading.Event()

    def add_faults(self, *faults: Fault | str) -> None:
        with self._lock:
            self.faults.extend(f if isinstance(f, Fault) else Fault(f) for f in faults)

    def start(self) -> FaultServer:
        httpd = _HTTPServer(("127.0.0.1", self.fixed_port), _Handler)
        httpd.owner = self
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, name="fault-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop_streams.set()
        super().stop()

    # --- the hook ----------------------------------------------------------------------------------
    def _inject(self, handler: BaseHTTPRequestHandler, req: RecordedRequest) -> bool:
        if not req.path.rstrip("/").endswith("/chat/completions"):
            return False
        with self._lock:
            fault = self.faults.pop(0) if self.faults else None
        if fault is None or fault.kind == "ok":
            return False
        self.injected.append(fault.kind)
        h: Any = handler
        stream = bool(req.body.get("stream"))
        kind = fault.kind
        if kind == "hang":
            self._stop_streams.wait(fault.seconds)
            return self._close(h)
        if kind in ("429", "500", "503", "401"):
            status = int(kind)
            message = {429: "Rate limit reached", 500: "internal error", 503: "overloaded",
                       401: "Incorrect API key provided"}[status]
            if status == 401:  # like real services, echo the key back: it must still never reach the user
                message += ": " + str(req.headers.get("authorization", "")).removeprefix("Bearer ")
            data = json.dumps({"error": {"message": message, "type": "test_fault", "code": kind}}).encode()
            h.send_response(status)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(data)))
            if fault.retry_after is not None:
                h.send_header("Retry-After", fault.retry_after)
            h.end_headers()
            h.wfile.write(data)
            return True
        if kind == "malformed":
            if not stream:
                data = b'{"id": "chatcmpl-x", "choices": [{"message": '
                h.send_response(200)
                h.send_header("Content-Type", "application/json")
                h.send_header("Content-Length", str(len(data)))
                h.end_headers()
                h.wfile.write(data)
                return True
            self._sse_head(h)
            self._raw_event(h, b"data: {this is not json\n\n")
            self._raw_event(h, b"data: [DONE]\n\n")
            h.wfile.write(b"0\r\n\r\n")
            return True
        if kind == "empty":
            if not stream:
                h.send_json(200, self._completion(req.body, ""))
                return True
            self._sse_head(h)
            base = self._chunk_base(req.body)
            h._event({**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                           "finish_reason": None}]})
            h._event({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
            self._raw_event(h, b"data: [DONE]\n\n")
            h.wfile.write(b"0\r\n\r\n")
            return True
        if kind in ("cut", "endless", "slow"):
            if not stream:
                return self._close(h)
            self._sse_head(h)
            base = self._chunk_base(req.body)
            tokens = self.tokens(self.reply_for(req.body)) or ["…"]
            interval = 1.0 / fault.rate if kind == "slow" else 0.01
            n = 0
            try:
                while not self._stop_streams.is_set():
                    if kind == "cut" and n >= fault.after:
                        return self._close(h)  # no terminating chunk: the stream is cut
                    if kind != "endless" and n >= len(tokens):
                        break
                    tok = tokens[n % len(tokens)]
                    h._event({**base, "choices": [{"index": 0, "delta": {"content": tok}, "finish_reason": None}]})
                    n += 1
                    time.sleep(interval)
                h._event({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
                self._raw_event(h, b"data: [DONE]\n\n")
                h.wfile.write(b"0\r\n\r\n")
            except OSError:  # the client went away (a deadline, a killed process)
                pass
            return True
        raise ValueError(f"unknown fault {kind!r}")

    # --- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _close(h: Any) -> bool:
        h.close_connection = True
        with contextlib.suppress(OSError):
            h.connection.shutdown(socket.SHUT_RDWR)
        return True

    @staticmethod
    def _sse_head(h: Any) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.send_header("Cache-Control", "no-cache")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()

    @staticmethod
    def _raw_event(h: Any, data: bytes) -> None:
        h.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        h.wfile.flush()

    def _chunk_base(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"id": "chatcmpl-fault", "object": "chat.completion.chunk", "created": int(time.time()),
                "model": body.get("model", self.model)}

    def _completion(self, body: dict[str, Any], text: str) -> dict[str, Any]:
        return {"id": "chatcmpl-fault", "object": "chat.completion", "created": int(time.time()),
                "model": body.get("model", self.model),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 0, "total_tokens": 1}}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--reply", default="全年完成各项工作任务，运行平稳。")
    parser.add_argument("--rate", type=float, default=0.0, help="tokens a second (0: as fast as possible)")
    args, _unknown = parser.parse_known_args(argv)  # llama.cpp-style extra arguments are ignored
    server = FaultServer([args.reply], port=args.port, tokens_per_second=args.rate or None).start()
    print(f"ready {server.base_url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
