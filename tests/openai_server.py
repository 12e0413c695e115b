"""A real local HTTP server speaking the OpenAI protocol, for tests and benchmarks.

``ScriptedOpenAIServer`` is a ``ThreadingHTTPServer`` on ``127.0.0.1:0`` with:

* ``GET  /v1/models`` – one model (``model`` argument);
* ``POST /v1/chat/completions`` – scripted replies, streamed as server-sent events when the request
  says ``"stream": true`` (one chunk per token, optional usage chunk, ``data: [DONE]``), otherwise one
  JSON completion; ``tokens_per_second`` paces the stream;
* ``POST /v1/embeddings`` – deterministic hashed vectors (``embedding_dim``).

Replies: a list consumed in order (the last one repeats), or a callable ``(request_body) -> str``.
Every request is recorded in ``server.requests`` as :class:`RecordedRequest` (path, headers, body).

Usage::

    with ScriptedOpenAIServer(["第一节……", "第二节……"], tokens_per_second=200) as server:
        ChatOpenAI(base_url=server.base_url, api_key="k", model="test-model")

Extension points for fault injection: override :meth:`ScriptedOpenAIServer.reply_for` (choose the
reply) or :meth:`ScriptedOpenAIServer.tokens` (split a reply into streamed tokens), or pass a
``before_response(handler, request) -> bool`` hook that may write its own response and return True.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = str | Callable[[dict[str, Any]], str]
_TOKEN_RE = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]|[^\s\u3400-\u9fff\u3000-\u303f\uff00-\uffef]+\s*|\s+")


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    received_at: float = field(default_factory=time.perf_counter)
    # streaming timeline (time.perf_counter): first content token written, last token written
    first_token_at: float | None = None
    finished_at: float | None = None

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    @property
    def prompt_text(self) -> str:
        return "\n".join(str(m.get("content", "")) for m in self.messages)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    current: RecordedRequest

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        return

    # --- plumbing ----------------------------------------------------------------------------
    def _read_body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return {}
        try:
            data = json.loads(raw)
        except json.JSONDecodeError:
            return {"_raw": raw.decode("utf-8", "replace")}
        return data if isinstance(data, dict) else {"_body": data}

    def send_json(self, status: int, payload: object) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _record(self, body: dict[str, Any]) -> RecordedRequest:
        req = RecordedRequest(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        with self.server.owner._lock:
            self.server.owner.requests.append(req)
        self.current = req
        return req

    # --- routes ------------------------------------------------------------------------------
    def do_GET(self) -> None:
        req = self._record({})
        owner = self.server.owner
        if owner.before_response and owner.before_response(self, req):
            return
        if self.path.rstrip("/").endswith("/models"):
            self.send_json(200, {"object": "list", "data": [
                {"id": owner.model, "object": "model", "created": 0, "owned_by": "tests"}]})
        else:
            self.send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

    def do_POST(self) -> None:
        body = self._read_body()
        req = self._record(body)
        owner = self.server.owner
        if owner.before_response and owner.before_response(self, req):
            return
        path = self.path.rstrip("/")
        if path.endswith("/chat/completions"):
            text = owner.reply_for(body)
            if body.get("stream"):
                self._stream(body, text)
            else:
                self._complete(body, text)
        elif path.endswith("/embeddings"):
            inputs = body.get("input", [])
            if isinstance(inputs, str):
                inputs = [inputs]
            data = [{"object": "embedding", "index": i, "embedding": owner.embed(str(t))}
                    for i, t in enumerate(inputs)]
            self.send_json(200, {"object": "list", "data": data, "model": body.get("model", owner.model),
                                 "usage": {"prompt_tokens": 0, "total_tokens": 0}})
        else:
            self.send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

    def _usage(self, body: dict[str, Any], completion_tokens: int) -> dict[str, int]:
        prompt_tokens = sum(len(_TOKEN_RE.findall(str(m.get("content", "")))) for m in body.get("messages", []))
        return {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens}

    def _complete(self, body: dict[str, Any], text: str) -> None:
        owner = self.server.owner
        tokens = owner.tokens(text)
        if owner.tokens_per_second:
            time.sleep(len(tokens) / owner.tokens_per_second)
        self.send_json(200, {
            "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model", owner.model),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                         "finish_reason": "stop"}],
            "usage": self._usage(body, len(tokens)),
        })

    def _event(self, payload: object) -> None:
        data = f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode()
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _stream(self, body: dict[str, Any], text: str) -> None:
        owner = self.server.owner
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        model = body.get("model", owner.model)
        base = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": int(time.time()),
                "model": model}
        self._event({**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                          "finish_reason": None}]})
        tokens = owner.tokens(text)
        interval = 1.0 / owner.tokens_per_second if owner.tokens_per_second else 0.0
        next_at = time.perf_counter()
        for tok in tokens:
            if interval:
                next_at += interval
                delay = next_at - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
            self._event({**base, "choices": [{"index": 0, "delta": {"content": tok}, "finish_reason": None}]})
            if self.current.first_token_at is None:
                self.current.first_token_at = time.perf_counter()
        self.current.finished_at = time.perf_counter()
        self._event({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        if (body.get("stream_options") or {}).get("include_usage"):
            self._event({**base, "choices": [], "usage": self._usage(body, len(tokens))})
        data = b"data: [DONE]\n\n"
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n0\r\n\r\n")
        self.wfile.flush()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: ScriptedOpenAIServer


class ScriptedOpenAIServer:
    """See the module docstring. Start with ``with`` or :meth:`start`; always :meth:`stop`."""

    def __init__(
        self,
        replies: Sequence[str] | Callable[[dict[str, Any]], str] = ("OK",),
        *,
        model: str = "test-model",
        tokens_per_second: float | None = None,
        embedding_dim: int = 16,
        before_response: Callable[[BaseHTTPRequestHandler, RecordedRequest], bool] | None = None,
    ) -> None:
        self.model = model
        self.tokens_per_second = tokens_per_second
        self.embedding_dim = embedding_dim
        self.before_response = before_response
        self.requests: list[RecordedRequest] = []
        self._replies: list[str] = [] if callable(replies) else list(replies)
        self._reply_fn = replies if callable(replies) else None
        self._next = 0
        self._lock = threading.Lock()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ----------------------------------------------------------------------------
    def start(self) -> ScriptedOpenAIServer:
        httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        httpd.owner = self
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, name="openai-test-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> ScriptedOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # --- behaviour (override points) -----------------------------------------------------------
    def reply_for(self, body: dict[str, Any]) -> str:
        """The reply text for a chat request: the next scripted reply (the last one repeats)."""
        if self._reply_fn is not None:
            return self._reply_fn(body)
        with self._lock:
            if not self._replies:
                return ""
            reply = self._replies[min(self._next, len(self._replies) - 1)]
            self._next += 1
            return reply

    def set_replies(self, replies: Sequence[str]) -> None:
        with self._lock:
            self._replies = list(replies)
            self._next = 0

    def tokens(self, text: str) -> list[str]:
        """Split a reply into streamed tokens: one per CJK character, one per word otherwise."""
        return _TOKEN_RE.findall(text)

    def embed(self, text: str) -> list[float]:
        vec = [0.0] * self.embedding_dim
        for i in range(max(len(text) - 1, 1)):
            gram = text[i: i + 2].encode("utf-8")
            h = int.from_bytes(hashlib.blake2b(gram, digest_size=4).digest(), "little")
            vec[h % self.embedding_dim] += 1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.rstrip("/").endswith("/chat/completions")]


def section_reply(body: dict[str, Any]) -> str:
    """A fake drafting model: the section written from its task's numbered note lines (``[nN] …``), so
    every figure of the draft comes from the notes and the checker verifies it. Used by the browser
    tests and by ``scripts/office_local.py --fake-model``."""
    messages = body.get("messages", [])
    task = str(messages[-1].get("content", "")) if messages else ""
    task = re.split(r"本节任务|Section task|TASK", task)[-1]
    lines = re.findall(r"^\[n\d+\]\s*(.+)$", task, flags=re.MULTILINE)
    wanted = [ln for ln in lines if re.search(r"\d", ln)][:3]
    core = "；".join(w.strip("。；") for w in wanted)
    if core:
        return "各项工作稳步推进，" + core + "。全镇上下齐心协力，取得了较好成效。"
    return "各项工作稳步推进，全镇上下齐心协力，取得了较好成效。"


if __name__ == "__main__":  # a manual check: python tests/openai_server.py
    with ScriptedOpenAIServer(["你好，世界。"], tokens_per_second=5) as s:
        print(s.base_url)
        time.sleep(60)
