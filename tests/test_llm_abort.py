"""Stop closes the model request at once (assistant/llm/abort.py, the job's CancellableModel), even
while the server has sent nothing yet (a prompt still being evaluated): against real loopback
servers — a silent one that records when the client's connection closes, and the fault-injecting
OpenAI-protocol server (tests/fault_server.py) for another session's request that must go on.
Waits are event-based and generous; nothing asserts a speed."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fault_server import Fault, FaultServer

from assistant.llm.abort import AbortScope, aborted, current_scope
from assistant.llm.pool import make_pooled_chat
from assistant.llm.resilience import ModelFault, make_resilient_chat
from assistant.llm.server_abort import source
from assistant.services.jobs import CancellableModel, Job

WAIT_S = 60.0
REPLY = "各项工作有序推进，成效明显。"


class SilentServer:
    """Accepts HTTP requests and never answers (a model still evaluating a long prompt); records each
    request, and when each client connection was closed by the client."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.requests = 0
        self.received = threading.Event()  # a request arrived
        self.closed = threading.Event()  # a client closed its connection
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/v1"

    def start(self) -> SilentServer:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def _accept(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(0.2)
            seen = b""
            while not self._stop.is_set():
                try:
                    data = conn.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not data:
                    self.closed.set()  # the client went away
                    return
                seen += data
                if b"\r\n\r\n" in seen and b'"messages"' in seen:
                    seen = b""
                    self.requests += 1
                    self.received.set()

    def stop(self) -> None:
        self._stop.set()
        self.sock.close()
        for thread in self._threads:
            thread.join(5)


@pytest.fixture
def silent() -> Iterator[SilentServer]:
    server = SilentServer().start()
    yield server
    server.stop()


def _chat(url: str, *, retries: int = 0, keep_alive: bool = True) -> Any:
    return make_resilient_chat(base_url=url, api_key="sk-test", model="m", temperature=0, timeout=120.0,
                               retries=retries, max_tokens=64, total_timeout=300.0, keep_alive=keep_alive)


def _stream_in_thread(model: Any, scope: AbortScope | None = None) -> tuple[threading.Thread, list[Any]]:
    """Stream ``model`` in a thread (inside ``scope``); the outcome list gets the text or the error."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            if scope is None:
                outcome.append("".join(str(c.content) for c in model.stream("你好")))
                return
            with scope.active():
                outcome.append("".join(str(c.content) for c in model.stream("你好")))
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


@pytest.mark.parametrize("keep_alive", [True, False], ids=["keep-alive", "connection-per-request"])
@pytest.mark.parametrize("retries", [0, 2])
def test_abort_closes_a_request_that_has_no_answer_yet(silent: SilentServer, keep_alive: bool,
                                                       retries: int) -> None:
    scope = AbortScope()
    thread, outcome = _stream_in_thread(_chat(silent.base_url, retries=retries, keep_alive=keep_alive), scope)
    assert silent.received.wait(WAIT_S)
    assert scope.abort() == 1  # the one connection in flight
    assert silent.closed.wait(WAIT_S)  # the server sees the client go away, with nothing sent to it
    thread.join(WAIT_S)
    assert not thread.is_alive()
    assert isinstance(outcome[0], ModelFault) and outcome[0].kind == "cancelled"
    assert silent.requests == 1  # an aborted call is not retried


def test_pool_neither_fails_over_nor_blames_the_endpoint_after_an_abort(silent: SilentServer) -> None:
    other = SilentServer().start()
    try:
        pooled = make_pooled_chat([silent.base_url, other.base_url], lambda url: _chat(url), cooldown=60.0)
        scope = AbortScope()
        thread, outcome = _stream_in_thread(pooled, scope)
        assert silent.received.wait(WAIT_S) or other.received.wait(WAIT_S)
        scope.abort()
        thread.join(WAIT_S)
        assert isinstance(outcome[0], ModelFault) and outcome[0].kind == "cancelled"
        assert silent.requests + other.requests == 1  # no failover to the other endpoint
        assert all(s.failures == 0 for s in pooled.pool.states)  # not counted as the endpoint's fault
    finally:
        other.stop()


def test_a_scope_aborted_before_the_request_sends_nothing(silent: SilentServer) -> None:
    scope = AbortScope()
    scope.abort()
    thread, outcome = _stream_in_thread(_chat(silent.base_url, retries=2), scope)
    thread.join(WAIT_S)
    assert isinstance(outcome[0], ModelFault) and outcome[0].kind == "cancelled"
    assert silent.requests == 0


def test_scope_is_per_thread() -> None:
    scope = AbortScope()
    seen: list[Any] = []
    with scope.active():
        assert current_scope() is scope and not aborted()
        thread = threading.Thread(target=lambda: seen.append(current_scope()))
        thread.start()
        thread.join()
        scope.abort()
        assert aborted()
    assert seen == [None] and current_scope() is None and not aborted()


def test_stop_closes_the_jobs_request_before_the_first_token(silent: SilentServer) -> None:
    """The Stop button while the server is still silent: the job's stream ends with the job's fault,
    and its HTTP connection is closed at once (before, it stayed open until the first token)."""
    job = Job("s-stop", None, "polish")
    outcome: list[Any] = []

    def polish() -> None:
        try:
            outcome.extend(CancellableModel(_chat(silent.base_url, keep_alive=False), job).stream("你好"))
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=polish, daemon=True)
    thread.start()
    assert silent.received.wait(WAIT_S)
    job.cancel()
    thread.join(WAIT_S)
    assert isinstance(outcome[-1], ModelFault) and outcome[-1].kind == "cancelled"
    assert silent.closed.wait(WAIT_S)


@pytest.mark.parametrize("keep_alive", [True, False], ids=["keep-alive", "connection-per-request"])
def test_another_sessions_request_on_the_same_client_survives_a_stop(keep_alive: bool) -> None:
    """Two sessions share one model client (one server): A waits for its first token, B streams; A's
    Stop closes A's connection only, and B's reply arrives whole."""
    server = FaultServer([REPLY]).start()
    server.add_faults(Fault("hang", seconds=120), Fault("slow", rate=20))
    try:
        shared = _chat(server.base_url, keep_alive=keep_alive)
        job = Job("s-a", None, "polish")
        a_out: list[Any] = []

        def session_a() -> None:
            try:
                a_out.extend(CancellableModel(shared, job).stream("甲"))
            except BaseException as exc:
                a_out.append(exc)

        a = threading.Thread(target=session_a, daemon=True)
        a.start()
        while not server.injected:  # A's request is the one that hangs
            a.join(0.05)
        b_first = threading.Event()
        b_out: list[str] = []

        def session_b() -> None:
            for chunk in shared.stream("乙"):
                b_out.append(str(chunk.content))
                if chunk.content:
                    b_first.set()

        b = threading.Thread(target=session_b, daemon=True)
        b.start()
        assert b_first.wait(WAIT_S)
        job.cancel()  # A presses Stop while B is streaming
        a.join(WAIT_S)
        b.join(WAIT_S)
        assert isinstance(a_out[-1], ModelFault) and a_out[-1].kind == "cancelled"
        assert "".join(b_out) == REPLY
    finally:
        server.stop()


def test_the_server_wrapper_installs_the_abort_patch(tmp_path: Path) -> None:
    """The llama.cpp server's wrapper runs ``server_abort.install`` (other modules run bare), and the
    installed llama-cpp-python still has what it patches (a llama.cpp abort callback in every context's
    parameters, the streaming publisher), checked in a fresh interpreter."""
    from assistant.llm.local_llm import child_code

    assert "report_assistant_server_abort" in child_code()
    assert "report_assistant_server_abort" not in child_code("sleepy_mod")
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed (pip install -e '.[local]')")
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import sys\n"
        f"ns = {{}}\nexec(compile({source()!r}, 'server_abort', 'exec'), ns)\n"
        "import llama_cpp.llama_cpp as lib, llama_cpp.server.app as app\n"
        "original = app.get_event_publisher\n"
        "assert ns['install']() is True\n"
        "assert app.get_event_publisher is not original\n"
        "assert app.prepare_request_resources.__name__ == 'prepare_request'\n"
        "assert lib.llama_context_default_params().abort_callback\n"
        "print('patched')\n", encoding="utf-8")
    out = subprocess.run([sys.executable, str(probe)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and "patched" in out.stdout, out.stderr[-2000:]
