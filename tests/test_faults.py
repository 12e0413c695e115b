"""Model faults against a real fault-injecting OpenAI-protocol server (tests/fault_server.py).

Covers assistant/llm/resilience.py (retries, backoff, Retry-After, deadlines, classification), drafting
that survives a fault through the UI handlers (finished sections stored, the partial one marked and
redone on its own), and the local llama.cpp server restarted after it is killed.
"""

from __future__ import annotations

import email.utils
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fault_server import Fault, FaultServer, closed_port
from support import HONGXING_NOTES_ZH as NOTES_ZH

from assistant.drafting.model import INTERRUPTED_ZH, NOT_DRAFTED_ZH
from assistant.errors import ModelError
from assistant.llm.resilience import (
    ModelFault,
    ResilientChatOpenAI,
    backoff_delay,
    classify,
    endpoint_label,
    make_resilient_chat,
    parse_retry_after,
)

REPLY = "各项工作有序推进，成效明显。"


class Sleeps:
    """Records the backoff sleeps instead of sleeping (the retries stay real HTTP calls)."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def _model(server_url: str, *, timeout: float = 2.0, retries: int = 2, total_timeout: float = 30.0,
           cap: float = 30.0, recover: Any = None) -> tuple[ResilientChatOpenAI, Sleeps]:
    sleeps = Sleeps()
    model = make_resilient_chat(base_url=server_url, api_key="sk-test-not-a-real-key", model="test-model",
                                temperature=0, timeout=timeout, retries=retries, max_tokens=200,
                                retry_after_cap=cap, total_timeout=total_timeout, recover=recover)
    model.sleep = sleeps
    return model, sleeps


def _stream(model: ResilientChatOpenAI) -> tuple[str, ModelFault | None]:
    got: list[str] = []
    try:
        for chunk in model.stream("写一段"):
            got.append(str(chunk.content))
    except ModelFault as exc:
        return "".join(got), exc
    return "".join(got), None


# ------------------------------------------------------------------------------------------ transient


@pytest.mark.parametrize(
    "fault",
    [
        Fault("hang", seconds=5),  # timeout before the first token
        Fault("429", retry_after="1"),
        Fault("500"),
        Fault("503", retry_after="0"),
        Fault("malformed"),
        Fault("empty"),
    ],
    ids=["timeout", "429", "500", "503", "malformed-json", "empty"],
)
def test_a_transient_fault_is_retried_and_the_reply_arrives_whole(fault: Fault) -> None:
    with FaultServer([REPLY], faults=[fault]) as server:
        model, sleeps = _model(server.base_url, timeout=0.5)
        text, error = _stream(model)
        assert error is None and text == REPLY
        assert server.injected == [fault.kind] and len(server.chat_requests) == 2
        assert len(sleeps.calls) == 1
        if fault.retry_after is not None:
            assert sleeps.calls == [float(fault.retry_after)]  # Retry-After honoured exactly
        else:
            assert 0.3 <= sleeps.calls[0] <= 0.7  # exponential backoff, first step 0.5 s ± 25 %


@pytest.mark.parametrize(
    ("fault", "kind", "zh", "en"),
    [
        (Fault("hang", seconds=5), "timeout", "响应超时", "did not answer in time"),
        (Fault("429", retry_after="2"), "rate_limited", "限流", "rate-limiting"),
        (Fault("500"), "server_error", "内部出错", "internal error"),
        (Fault("503"), "server_error", "HTTP 503", "HTTP 503"),
        (Fault("malformed"), "bad_response", "无法解析", "not valid JSON"),
        (Fault("empty"), "empty", "空回复", "empty reply"),
    ],
    ids=["timeout", "429", "500", "503", "malformed-json", "empty"],
)
def test_a_persistent_fault_gives_up_after_bounded_retries_with_a_clear_message(
    fault: Fault, kind: str, zh: str, en: str
) -> None:
    with FaultServer([REPLY], faults=[fault] * 3) as server:
        model, sleeps = _model(server.base_url, timeout=0.5, retries=2)
        started = time.monotonic()
        text, error = _stream(model)
        assert error is not None and error.kind == kind and text == ""
        assert len(server.chat_requests) == 3 and len(sleeps.calls) == 2  # 1 call + 2 retries, no more
        assert zh in error.zh and en in error.en and "127.0.0.1" in error.en
        assert "请" in error.zh or "Check" in error.en or "try again" in error.en.lower()  # what to do
        assert time.monotonic() - started < 10
        if fault.kind == "500":
            assert sleeps.calls[1] > sleeps.calls[0]  # the backoff grows


def test_connection_refused_is_named_and_retried_a_bounded_number_of_times() -> None:
    model, sleeps = _model(f"http://127.0.0.1:{closed_port()}/v1", retries=3)
    text, error = _stream(model)
    assert error is not None and error.kind == "refused" and text == ""
    assert len(sleeps.calls) == 3
    assert "无法连接" in error.zh and "Cannot reach" in error.en and "REPORT_ASSISTANT_OPENAI_BASE_URL" in error.en


def test_a_retry_after_beyond_the_cap_is_not_waited_for_and_the_user_is_told_when() -> None:
    with FaultServer([REPLY], faults=[Fault("429", retry_after="3600")]) as server:
        model, sleeps = _model(server.base_url, cap=30)
        _, error = _stream(model)
        assert error is not None and error.kind == "rate_limited" and error.retry_after == 3600
        assert sleeps.calls == [] and len(server.chat_requests) == 1
        assert "3600" in error.zh and "3600" in error.en


def test_a_fault_that_is_not_transient_is_not_retried() -> None:
    with FaultServer([REPLY], faults=[Fault("401")]) as server:
        model, sleeps = _model(server.base_url)
        _, error = _stream(model)
        assert error is not None and error.kind == "auth" and sleeps.calls == []
        assert "REPORT_ASSISTANT_OPENAI_API_KEY" in error.en and "sk-test" not in str(error)


def test_a_stream_cut_midway_is_not_replayed_and_keeps_what_arrived() -> None:
    with FaultServer([REPLY], faults=[Fault("cut", after=4)]) as server:
        model, sleeps = _model(server.base_url)
        text, error = _stream(model)
        assert error is not None and error.kind == "interrupted"
        assert text == REPLY[:4] and len(server.chat_requests) == 1 and sleeps.calls == []
        assert "中途断开" in error.zh and "broke off" in error.en


def test_a_stream_that_never_ends_is_cut_at_the_total_timeout() -> None:
    with FaultServer([REPLY], faults=[Fault("endless")]) as server:
        model, _ = _model(server.base_url, total_timeout=1.0)
        started = time.monotonic()
        text, error = _stream(model)
        elapsed = time.monotonic() - started
        assert error is not None and error.kind == "too_slow"
        assert 1.0 <= elapsed < 5.0 and len(text) > len(REPLY)  # it kept streaming until cut


def test_invoke_retries_too() -> None:
    with FaultServer([REPLY], faults=["503", "malformed"]) as server:
        model, sleeps = _model(server.base_url)
        assert model.invoke("问").content == REPLY
        assert len(server.chat_requests) == 3 and len(sleeps.calls) == 2


# ------------------------------------------------------------------------------------------ helpers


def test_retry_after_parsing_seconds_ms_and_http_dates() -> None:
    assert parse_retry_after({"retry-after": "7"}) == 7.0
    assert parse_retry_after({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    now = time.time()
    date = email.utils.formatdate(now + 20, usegmt=True)
    assert 18 <= (parse_retry_after({"retry-after": date}, now=now) or 0) <= 21
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({}) is None and parse_retry_after(None) is None
    assert parse_retry_after({"retry-after": "-5"}) == 0.0


def test_backoff_is_bounded_and_honours_a_capped_retry_after() -> None:
    assert backoff_delay(1, rng=lambda: 0.5) == pytest.approx(0.5)
    assert backoff_delay(3, rng=lambda: 0.5) == pytest.approx(2.0)
    assert backoff_delay(50, rng=lambda: 1.0) <= 8.0 * 1.25
    fault = ModelFault("rate_limited", "zh", "en", retry_after=90)
    assert backoff_delay(1, fault, cap=30) == 30


def test_messages_never_carry_credentials_or_exception_text() -> None:
    assert endpoint_label("https://user:sk-secret@api.example.com:8443/v1?key=sk-secret") == \
        "https://api.example.com:8443"

    class Boom(Exception):
        pass

    error = classify(Boom("Incorrect API key provided: sk-live-abcdef123456"),
                     base_url="https://u:sk-live-abcdef123456@h.example/v1")
    assert error.kind == "unknown" and "sk-live" not in str(error) and "h.example" in str(error)


# ------------------------------------------------------------------------------------------ drafting


@pytest.fixture
def fault_ctx(settings: Any) -> Iterator[tuple[Any, FaultServer]]:
    from assistant.llm.providers import ProviderHandle
    from ui.context import AppContext

    server = FaultServer([f"{c}节{REPLY}" for c in "甲乙丙丁戊己庚辛"]).start()
    model, _ = _model(server.base_url, timeout=1.0, retries=1)
    # the model drafts each section (draft_polish off): these tests are about that pipeline's faults;
    # tests/test_polish.py covers faults during the polish
    ctx = AppContext(settings=settings.model_copy(update={"draft_polish": False}), retriever_factory=lambda c: None,
                     provider_factory=lambda s, key: ProviderHandle("openai", model, None, "test-model",
                                                                    server.base_url))
    yield ctx, server
    ctx.close()
    server.stop()


def test_a_fault_mid_draft_keeps_finished_sections_marks_the_partial_one_and_it_can_be_redone(
    fault_ctx: tuple[Any, FaultServer],
) -> None:
    from ui import handlers, session_handlers

    ctx, server = fault_ctx
    # sections s1.1 and s1.2 finish, s1.3 is cut after 3 tokens, s2 and s3 are never reached
    server.add_faults("ok", "ok", Fault("cut", after=3))
    sid = session_handlers.load_page(ctx, None, "zh").session_id
    views = list(handlers.send_message(ctx, sid, "zh", NOTES_ZH))
    last = views[-1]
    head = ctx.store.head(sid)
    assert head is not None, "what was drafted before the fault must be stored"
    assert "甲节" + REPLY in head.text and "乙节" + REPLY in head.text
    assert "丙节各" + INTERRUPTED_ZH in head.text  # the partial section: its 3 tokens, marked
    # every section after the cut (二、存在的问题, 三、工作安排 and its subsections) is marked, none lost
    rest = head.text.split("## 二、存在的问题", 1)[1]
    bodies = [ln.strip() for ln in rest.splitlines() if ln.strip() and not ln.startswith("#")]
    assert len(bodies) >= 2 and all(b == NOT_DRAFTED_ZH for b in bodies)
    # the heading of the interrupted section, whatever the outline called it
    partial = next(ln for ln in reversed(head.text.split("丙节各")[0].splitlines()) if ln.startswith("###"))
    redo = "重写" + partial.lstrip("# ").strip()
    message = ctx.store.list_messages(sid)[-1]
    assert message.meta.get("error") and message.meta.get("fault") == "interrupted"
    assert "中途断开" in message.content and redo in message.content
    assert last.notice and "中途断开" in last.notice
    # the section is redone on its own, exactly as the message says
    views = list(handlers.send_message(ctx, sid, "zh", redo))
    redone = ctx.store.head(sid)
    assert redone is not None and redone.version_id != head.version_id
    assert INTERRUPTED_ZH not in redone.text
    assert "甲节" + REPLY in redone.text and "乙节" + REPLY in redone.text  # others untouched
    assert len(ctx.store.list_versions(sid)) == 2


def test_a_fault_during_a_knowledge_tab_redraft_keeps_finished_sections(
    fault_ctx: tuple[Any, FaultServer],
) -> None:
    """The Knowledge tab's redraft goes through the same session workflow as the chat: a model fault
    keeps the finished sections, marks the rest, stores the version with cause ``redraft`` and says
    what failed, in the chat and in the tab."""
    from ui import handlers, session_handlers
    from ui import knowledge_examples as ke

    ctx, server = fault_ctx
    sid = session_handlers.load_page(ctx, None, "zh").session_id
    list(handlers.send_message(ctx, sid, "zh", NOTES_ZH))
    first = ctx.store.head(sid)
    assert first is not None and first.cause == "first_draft"
    server.add_faults("ok", Fault("cut", after=3))  # the redraft's first section finishes, the second is cut
    view = ke.redraft(ctx, sid, "zh")
    head = ctx.store.head(sid)
    assert head is not None and head.version_id != first.version_id, "the redraft's finished sections are kept"
    assert head.cause == "redraft"
    assert INTERRUPTED_ZH in head.text and NOT_DRAFTED_ZH in head.text
    bodies = [ln for ln in head.text.splitlines() if ln.strip() and not ln.startswith("#")]
    assert bodies[0].endswith(REPLY) and INTERRUPTED_ZH not in bodies[0]
    message = ctx.store.list_messages(sid)[-1]
    assert message.meta.get("kind") == "redraft" and message.meta.get("fault") == "interrupted"
    assert "中途断开" in message.content and "中途断开" in view.message


def test_a_knowledge_tab_redraft_is_stored_as_a_redraft(fault_ctx: tuple[Any, FaultServer]) -> None:
    from ui import handlers, session_handlers
    from ui import knowledge_examples as ke

    ctx, _server = fault_ctx
    sid = session_handlers.load_page(ctx, None, "en").session_id
    list(handlers.send_message(ctx, sid, "en", NOTES_ZH))
    ke.redraft(ctx, sid, "en")
    versions = ctx.store.list_versions(sid)
    assert [v.cause for v in versions][-1] == "redraft" and len(versions) == 2
    assert ctx.store.list_messages(sid)[-1].meta.get("kind") == "redraft"


def test_a_fault_before_anything_is_drafted_stores_no_empty_version(fault_ctx: tuple[Any, FaultServer]) -> None:
    from ui import handlers, session_handlers

    ctx, server = fault_ctx
    server.add_faults(*["500"] * 2)  # the first section fails after its retry
    sid = session_handlers.load_page(ctx, None, "en").session_id
    views = list(handlers.send_message(ctx, sid, "en", NOTES_ZH))
    assert ctx.store.head(sid) is None
    assert ctx.store.get_notes(sid) is not None  # the notes are kept: sending again redrafts
    assert "internal error" in views[-1].chat[-1]["content"] and "HTTP 500" in views[-1].chat[-1]["content"]
    views = list(handlers.send_message(ctx, sid, "en", NOTES_ZH))
    head = ctx.store.head(sid)
    assert head is not None and INTERRUPTED_ZH not in head.text and NOT_DRAFTED_ZH not in head.text


def test_a_failed_rewrite_leaves_the_draft_as_it_was(fault_ctx: tuple[Any, FaultServer]) -> None:
    from ui import handlers, session_handlers

    ctx, server = fault_ctx
    sid = session_handlers.load_page(ctx, None, "zh").session_id
    list(handlers.send_message(ctx, sid, "zh", NOTES_ZH))
    before = ctx.store.head(sid)
    assert before is not None
    server.add_faults(*["503"] * 2)
    views = list(handlers.send_message(ctx, sid, "zh", "把第二部分改写得更简洁"))
    after = ctx.store.head(sid)
    assert after is not None and after.version_id == before.version_id and after.text == before.text
    assert "内部出错" in views[-1].chat[-1]["content"]


def test_an_unexpected_model_exception_still_keeps_the_draft(settings: Any) -> None:
    """A model that raises something the resilience layer does not know (a fake model here)."""
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    from assistant.drafting.model import DraftInterrupted
    from assistant.drafting.pipeline import draft_resilient
    from assistant.notes import parse_notes

    class Flaky(GenericFakeChatModel):
        calls: int = 0

        def _stream(self, *args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            if self.calls == 2:
                raise RuntimeError("socket exploded")
            return super()._stream(*args, **kwargs)

    model = Flaky(messages=iter([AIMessage(content=REPLY)] * 10))
    events = list(draft_resilient(parse_notes(NOTES_ZH), model=model))
    stop = [e for e in events if isinstance(e, DraftInterrupted)]
    assert len(stop) == 1 and isinstance(stop[0].error, ModelError) and stop[0].kept_sections == 1
    draft = events[-1].draft
    assert draft.sections[1].text.startswith(REPLY) and INTERRUPTED_ZH in draft.section(stop[0].section_id).text


# ------------------------------------------------------------------------------------------ local server


@pytest.mark.parametrize("port_taken", [False, True], ids=["same-port", "port-taken"])
def test_the_local_server_is_restarted_when_it_dies(settings: Any, tmp_path: Path, port_taken: bool) -> None:
    import socket

    from assistant.llm import local_llm

    script = str(Path(__file__).resolve().parent / "fault_server.py")
    gguf = tmp_path / "fake.gguf"
    gguf.write_bytes(b"GGUF")

    def command(model: Path, port: int) -> list[str]:
        return [sys.executable, script, "--port", str(port), "--reply", REPLY]

    fast = settings.model_copy(update={"local_startup_timeout": 30.0})
    server = local_llm.LocalServer(fast, model_path=gguf, command=command)
    server.start()
    squatter = socket.socket()
    try:
        model, sleeps = _model(server.base_url, recover=server.ensure_running)
        assert _stream(model) == (REPLY, None)
        pid, url, port = server.pid, server.base_url, server.port
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while server.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not server.is_alive()
        if port_taken:  # something else holds the old port (bound, not listening: connecting is refused)
            squatter.bind(("127.0.0.1", port))
        text, error = _stream(model)  # refused → ensure_running() restarts it → the retry succeeds
        assert (text, error) == (REPLY, None)
        assert server.restarts == 1 and server.pid != pid and len(sleeps.calls) == 1
        assert (server.base_url != url) if port_taken else (server.base_url == url)
        assert model.openai_api_base == server.base_url  # the client followed the server
    finally:
        squatter.close()
        server.stop()
        local_llm.stop_local_server()


def test_the_draft_cli_writes_what_was_drafted_and_names_the_fault(tmp_path: Path) -> None:
    import subprocess

    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES_ZH, encoding="utf-8")
    out = tmp_path / "draft.md"
    with FaultServer([f"{c}节{REPLY}" for c in "甲乙丙丁戊"], faults=["ok", "ok", Fault("cut", after=3)]) as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith("REPORT_ASSISTANT_")}
        env.update({"REPORT_ASSISTANT_DATA_DIR": str(tmp_path / "data"), "REPORT_ASSISTANT_OPENAI_API_KEY": "k",
                    "REPORT_ASSISTANT_OPENAI_BASE_URL": server.base_url, "REPORT_ASSISTANT_EMBEDDING": "hash",
                    "REPORT_ASSISTANT_DRAFT_POLISH": "false"})
        proc = subprocess.run([str(Path(sys.executable).with_name("report-assistant")), "draft", str(notes),
                               "--provider", "openai", "--out", str(out)], env=env, capture_output=True, text=True,
                              timeout=120, check=False)
    assert proc.returncode == 2
    assert "中途断开" in proc.stderr and "broke off" in proc.stderr and "report-assistant rewrite" in proc.stderr
    text = out.read_text(encoding="utf-8")
    assert "甲节" + REPLY in text and "乙节" + REPLY in text and INTERRUPTED_ZH in text and NOT_DRAFTED_ZH in text
