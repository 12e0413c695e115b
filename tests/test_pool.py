"""Several OpenAI-compatible endpoints (REPORT_ASSISTANT_OPENAI_BASE_URLS): least-busy routing and
failover before the first token, against real local OpenAI-protocol servers (one killed mid-test)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fault_server import FaultServer, closed_port
from openai_server import ScriptedOpenAIServer

from assistant.llm.pool import EndpointPool, PooledChatModel, parse_base_urls
from assistant.llm.providers import make_chat_model
from assistant.llm.resilience import ModelFault
from assistant.settings import Settings


def _settings(data_dir: Path, urls: list[str], **kw: Any) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, embedding="hash", provider="openai",  # type: ignore[call-arg]
                    openai_base_urls=",".join(urls), openai_model="test-model", llm_timeout=10, **kw)


def _text(model: Any) -> str:
    return "".join(str(c.content) for c in model.stream([("user", "写一句话")]))


@pytest.fixture
def servers() -> Iterator[list[FaultServer]]:
    started = [FaultServer([f"来自{name}的回复。"]).start() for name in ("甲", "乙", "丙")]
    yield started
    for s in started:
        s.stop()


def _chats(server: ScriptedOpenAIServer) -> int:
    return sum(1 for r in server.requests if r.path.endswith("/chat/completions"))


@pytest.mark.parametrize(
    ("spec", "urls"),
    [
        ("", []),
        ("http://a/v1", ["http://a/v1"]),
        (" http://a/v1/ , http://b:8000/v1,,http://a/v1", ["http://a/v1", "http://b:8000/v1"]),
    ],
)
def test_parse_base_urls(spec: str, urls: list[str]) -> None:
    assert parse_base_urls(spec) == urls


def test_order_prefers_the_least_busy_then_least_recent() -> None:
    now = [100.0]
    pool = EndpointPool(["a", "b", "c"], cooldown=30, clock=lambda: now[0])
    with pool.lease(0):
        now[0] += 1
        with pool.lease(1):
            assert pool.order()[0] == 2  # nothing in flight there
            now[0] += 1
            with pool.lease(2), pool.lease(2):
                assert pool.order() == [0, 1, 2]  # one, one, two in flight; 0 used before 1
    assert pool.order() == [0, 1, 2]  # all idle: least recently used first
    pool.failed(0, "refused")
    assert pool.order() == [1, 2, 0]  # cooling down: tried last
    now[0] += 31
    assert pool.order()[0] == 0
    pool.failed(1, "rate_limited")  # a 429 is not the endpoint's fault: no cool-down
    assert 1 in pool.order()[:2]


def test_calls_spread_over_every_endpoint(servers: list[FaultServer], data_dir: Path) -> None:
    handle = make_chat_model(_settings(data_dir, [s.base_url for s in servers]))
    assert isinstance(handle.model, PooledChatModel)
    replies = {_text(handle.model) for _ in range(6)}
    assert replies == {"来自甲的回复。", "来自乙的回复。", "来自丙的回复。"}
    assert [_chats(s) for s in servers] == [2, 2, 2]
    assert handle.model.invoke([("user", "hi")]).content  # the non-streaming path too


def test_concurrent_calls_go_to_the_idle_endpoint(data_dir: Path) -> None:
    release = threading.Event()
    entered = threading.Semaphore(0)

    def hold(handler: Any, req: Any) -> bool:  # a chat request waits until released
        if req.path.endswith("/chat/completions"):
            entered.release()
            release.wait(30)
        return False

    busy = [ScriptedOpenAIServer([f"r{i}"], before_response=hold).start() for i in range(3)]
    try:
        model = make_chat_model(_settings(data_dir, [s.base_url for s in busy])).model
        threads = [threading.Thread(target=_text, args=(model,)) for _ in range(3)]
        for t in threads:
            t.start()
            assert entered.acquire(timeout=30)  # this call is in flight before the next starts
        assert [_chats(s) for s in busy] == [1, 1, 1]  # each went to the endpoint with none in flight
        release.set()
        for t in threads:
            t.join(30)
    finally:
        release.set()
        for s in busy:
            s.stop()


def test_a_killed_endpoint_is_skipped_and_the_call_still_answers(servers: list[FaultServer], data_dir: Path) -> None:
    handle = make_chat_model(_settings(data_dir, [s.base_url for s in servers], endpoint_cooldown=300))
    assert isinstance(handle.model, PooledChatModel)
    assert _text(handle.model)
    servers[1].stop()  # killed mid-test
    answers = [_text(handle.model) for _ in range(6)]
    assert all(a in ("来自甲的回复。", "来自丙的回复。") for a in answers)
    state = handle.model.pool.snapshot()[1]
    assert state.failures == 1 and state.in_flight == 0  # tried once, then skipped while cooling down


def test_a_5xx_fails_over_before_the_first_token(servers: list[FaultServer], data_dir: Path) -> None:
    servers[0].add_faults("503")
    model = make_chat_model(_settings(data_dir, [s.base_url for s in servers])).model
    assert _text(model) == "来自乙的回复。"  # the first endpoint answered 503: the second served the call
    assert servers[0].injected == ["503"]
    assert model.pool.snapshot()[0].cooling_until > 0


def test_a_stream_cut_after_text_is_not_replayed(servers: list[FaultServer], data_dir: Path) -> None:
    servers[0].add_faults("cut")
    model = make_chat_model(_settings(data_dir, [s.base_url for s in servers])).model
    with pytest.raises(ModelFault) as info:
        _text(model)
    assert info.value.kind == "interrupted"
    assert _chats(servers[1]) == 0 and _chats(servers[2]) == 0  # never sent twice


def test_every_endpoint_down_is_one_clear_error(data_dir: Path) -> None:
    urls = [f"http://127.0.0.1:{closed_port()}/v1" for _ in range(2)]
    model = make_chat_model(_settings(data_dir, urls)).model
    with pytest.raises(ModelFault) as info:
        _text(model)
    assert info.value.kind == "refused"
    assert [s.failures for s in model.pool.snapshot()] == [1, 1]


def test_a_single_url_in_the_list_is_a_plain_endpoint(data_dir: Path) -> None:
    with ScriptedOpenAIServer(["只有一个。"]) as server:
        handle = make_chat_model(_settings(data_dir, [server.base_url]))
        assert not isinstance(handle.model, PooledChatModel)
        assert _text(handle.model) == "只有一个。"
