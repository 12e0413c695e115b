"""Stop frees the REAL embedded model (llama-cpp-python's server, the packaged GGUF): a request
stopped in the middle of its prompt evaluation is abandoned by the server (assistant/llm/
server_abort.py) and the next request takes the model; another session's running request is not cut
short by a Stop nor by a request arriving behind it.

Event-based: the server log names each streamed request as it takes the model and each one it
abandons (``TAKES_NOTE`` / ``ABORTED_NOTE``), so the tests assert the order of events, never a speed;
the waits are generous for a loaded 2-core machine. Marked ``slow`` (a real model)."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.llm.local_llm import LocalServer
from assistant.llm.resilience import ModelFault, make_resilient_chat
from assistant.llm.server_abort import ABORTED_NOTE, TAKES_NOTE
from assistant.services.jobs import CancellableModel, Job

pytestmark = pytest.mark.slow

WAIT_S = 600.0
ROOT = Path(__file__).resolve().parent.parent
LONG = ("请把下面的要点写成工作总结的一节，保留每一个数字：\n"
        + (ROOT / "benchmarks/data/notes_styles/hailar_2014_a.txt").read_text(encoding="utf-8") * 3)
TAKES = re.compile(re.escape(TAKES_NOTE).replace(r"\{n\}", r"(\d++)"))
ABORTED = re.compile(re.escape(ABORTED_NOTE).replace(r"\{n\}", r"(\d++)"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed (pip install -e '.[local]')")
    from assistant.llm.local_model import prepare_model
    from assistant.settings import Settings

    model = prepare_model(Settings(_env_file=None))  # type: ignore[call-arg]
    settings = Settings(_env_file=None, data_dir=tmp_path_factory.mktemp("data"),  # type: ignore[call-arg]
                        local_startup_timeout=WAIT_S)
    with LocalServer(settings, model_path=model) as running:
        yield running


def _events(server: LocalServer) -> list[tuple[str, int]]:
    """("takes" | "aborted", request number), in log order."""
    out: list[tuple[str, int]] = []
    for line in server.log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        if m := TAKES.search(line):
            out.append(("takes", int(m.group(1))))
        elif m := ABORTED.search(line):
            out.append(("aborted", int(m.group(1))))
    return out


def _arrivals(server: LocalServer) -> int:
    """Chat requests the server has answered the headers of (uvicorn's access log; a streamed reply
    starts at once, even while it waits for the model)."""
    return server.log_path.read_text(encoding="utf-8", errors="replace").count('"POST /v1/chat/completions')


def _wait_for(condition: Any, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"waited {WAIT_S:.0f} s for {what}"
        time.sleep(0.1)


def _chat(server: LocalServer) -> Any:
    return make_resilient_chat(base_url=server.base_url, api_key="local", model="local", temperature=0,
                               timeout=WAIT_S, retries=0, max_tokens=64, total_timeout=WAIT_S, keep_alive=False)


def _raw_stream(server: LocalServer, text: str, max_tokens: int) -> tuple[str, str | None]:
    """Stream a chat completion with plain HTTP: (text, the finish_reason of the last choice)."""
    import httpx

    body = {"model": "local", "stream": True, "max_tokens": max_tokens, "temperature": 0,
            "messages": [{"role": "user", "content": text}]}
    pieces: list[str] = []
    finish: str | None = None
    with httpx.Client(timeout=WAIT_S, trust_env=False) as client, \
            client.stream("POST", server.base_url + "/chat/completions", json=body) as response:
        for line in response.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            choice = json.loads(line[6:])["choices"][0]
            pieces.append(choice.get("delta", {}).get("content") or "")
            finish = choice.get("finish_reason") or finish
    return "".join(pieces), finish


def _stopped_polish(server: LocalServer, job: Job) -> tuple[threading.Thread, list[Any]]:
    outcome: list[Any] = []

    def polish() -> None:
        try:
            outcome.extend(CancellableModel(_chat(server), job).stream(LONG, extra_body={"max_tokens": 512}))
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=polish, daemon=True)
    thread.start()
    return thread, outcome


def test_stop_during_the_prompt_frees_the_model_for_the_next_request(server: LocalServer) -> None:
    before = len(_events(server))
    job = Job("session-a", None, "polish")
    thread, outcome = _stopped_polish(server, job)
    _wait_for(lambda: len(_events(server)) > before, "the polish to take the model")
    (kind, polish_n), = _events(server)[before:]
    assert kind == "takes"
    job.cancel()  # the Stop button, while the server evaluates the long prompt
    thread.join(WAIT_S)
    assert isinstance(outcome[-1], ModelFault) and outcome[-1].kind == "cancelled"
    text, finish = _raw_stream(server, "用一句话说明：全年新增就业1200人。", 16)  # the rewrite
    assert text.strip() and finish in ("stop", "length")
    events = _events(server)[before:]
    # the stopped polish was abandoned by the server BEFORE the next request took the model
    assert events[:3] == [("takes", polish_n), ("aborted", polish_n), ("takes", polish_n + 1)], events


def test_a_stop_and_a_queued_request_leave_another_sessions_request_whole(server: LocalServer) -> None:
    """B streams; A's polish queues behind it and A presses Stop; then C queues behind B: B's reply
    ends normally (a finish reason, not cut short), A never runs, C runs after B."""
    before = len(_events(server))
    b_result: list[tuple[str, str | None]] = []
    b = threading.Thread(target=lambda: b_result.append(
        _raw_stream(server, "请用三句话介绍呼伦贝尔的农业。", 48)), daemon=True)
    b.start()
    _wait_for(lambda: len(_events(server)) > before, "B to take the model")
    (_, b_n), = _events(server)[before:]
    job = Job("session-a", None, "polish")
    arrived = _arrivals(server)
    a, a_outcome = _stopped_polish(server, job)  # queued behind B
    _wait_for(lambda: _arrivals(server) > arrived, "A's request to reach the server")
    c_result: list[tuple[str, str | None]] = []
    job.cancel()
    a.join(WAIT_S)
    assert isinstance(a_outcome[-1], ModelFault) and a_outcome[-1].kind == "cancelled"
    c = threading.Thread(target=lambda: c_result.append(_raw_stream(server, "你好", 4)), daemon=True)
    c.start()  # another request arriving while B runs must not cut B short
    b.join(WAIT_S)
    c.join(WAIT_S)
    b_text, b_finish = b_result[0]
    assert b_text.strip() and b_finish in ("stop", "length"), b_result
    assert c_result and c_result[0][1] in ("stop", "length")
    events = _events(server)[before:]
    # numbered as they arrived (B, A, C): B ran whole, A (b_n + 1) never took the model, C ran after B
    assert events == [("takes", b_n), ("takes", b_n + 2)], events


def test_a_stopped_prompt_nobody_waits_behind_is_kept_for_the_next_request(server: LocalServer) -> None:
    """Stop with no other request waiting: the server finishes evaluating the stopped prompt (then
    drops the request at its first token), and a next request that begins the same way — a rewrite
    after a stopped polish — reuses that evaluation (llama.cpp's prompt-prefix match) instead of
    evaluating it again."""
    notes = (ROOT / "benchmarks/data/notes_styles/hailar_2014_a.txt").read_text(encoding="utf-8")
    before = len(_events(server))
    job = Job("session-a", None, "polish")
    outcome: list[Any] = []

    def polish() -> None:
        try:
            outcome.extend(CancellableModel(_chat(server), job).stream(notes, extra_body={"max_tokens": 256}))
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=polish, daemon=True)
    thread.start()
    _wait_for(lambda: len(_events(server)) > before, "the polish to take the model")
    (_, polish_n), = _events(server)[before:]
    job.cancel()
    thread.join(WAIT_S)
    _wait_for(lambda: ("aborted", polish_n) in _events(server), "the server to drop the stopped polish")
    log_mark = len(server.log_path.read_text(encoding="utf-8", errors="replace"))
    text, finish = _raw_stream(server, notes + "\n请改写得更简洁。", 4)
    assert text.strip() and finish in ("stop", "length")
    tail = server.log_path.read_text(encoding="utf-8", errors="replace")[log_mark:]
    reused = [int(n) for n in re.findall(r"Llama\.generate: (\d++) prefix-match hit", tail)]
    assert reused and reused[0] >= 200, tail[-2000:]  # the notes (~290 tokens) were not evaluated again
