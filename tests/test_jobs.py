"""One job per session, Stop, budgets and progress (assistant/services/jobs.py), against a real
OpenAI-protocol server that streams slowly or forever (tests/fault_server.py); the chat intents for
short messages and "停止"; internal URLs masked in the chat. Waits are event-based and generous."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fault_server import Fault, FaultServer, closed_port
from support import HONGXING_NOTES_ZH as NOTES_ZH

from assistant.drafting.model import INTERRUPTED_ZH, NOT_DRAFTED_ZH
from assistant.llm.resilience import make_resilient_chat
from assistant.services.chat_text import mask_chat
from assistant.services.events import Drafted, SectionDone, Token
from assistant.services.intents import classify, is_chat
from assistant.services.jobs import Job, JobRefused, JobRegistry, JobServices, progress, registry, track
from assistant.services.session import SessionWorkflow

REPLY = "各项工作有序推进，成效明显。"
WAIT_S = 60.0


class WatchedServer(FaultServer):
    """A FaultServer that records when a streamed reply ended because the client went away."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stream_ended = threading.Event()

    def _inject(self, handler: Any, req: Any) -> bool:
        answered = super()._inject(handler, req)
        if self.injected and self.injected[-1] == "endless":
            self.stream_ended.set()  # the endless loop only ends when the client closes the connection
        return answered


def _ctx(settings: Any, server: FaultServer, *, name: str = "openai") -> Any:
    from assistant.llm.providers import ProviderHandle
    from ui.context import AppContext

    model = make_resilient_chat(base_url=server.base_url, api_key="sk-test-not-a-real-key", model="test-model",
                                temperature=0, timeout=30.0, retries=0, max_tokens=200, total_timeout=300.0)
    return AppContext(settings=settings, retriever_factory=lambda c: None,
                      provider_factory=lambda s, key: ProviderHandle(name, model, None, "test-model",
                                                                     server.base_url))


@pytest.fixture
def slow(settings: Any) -> Iterator[tuple[Any, WatchedServer]]:
    server = WatchedServer([f"{c}节{REPLY}" for c in "甲乙丙丁戊己庚辛"]).start()
    ctx = _ctx(settings, server)
    yield ctx, server
    ctx.close()
    server.stop()


@pytest.fixture
def slow_drafting(settings: Any) -> Iterator[tuple[Any, WatchedServer]]:
    """:func:`slow` with the model drafting each section from the notes (``draft_polish`` off): the
    instant-draft-then-polish path keeps the whole offline draft on Stop, this one keeps what is done."""
    server = WatchedServer([f"{c}节{REPLY}" for c in "甲乙丙丁戊己庚辛"]).start()
    ctx = _ctx(settings.model_copy(update={"draft_polish": False}), server)
    yield ctx, server
    ctx.close()
    server.stop()


def _session(ctx: Any, lang: str = "zh") -> str:
    from ui import session_handlers

    return str(session_handlers.load_page(ctx, None, lang).session_id)


# ------------------------------------------------------------------------------------------ registry


def test_a_second_job_in_a_session_is_refused_and_the_user_limit_holds() -> None:
    jobs = JobRegistry(per_user=2)
    first = jobs.start("s1", user="ann")
    with pytest.raises(JobRefused) as busy:
        jobs.start("s1", user="ann")
    assert busy.value.reason == "session_busy" and "停止" in busy.value.message("zh")
    assert "Stop" in busy.value.message("en")
    jobs.start("s2", user="ann")
    with pytest.raises(JobRefused) as limit:
        jobs.start("s3", user="ann")
    assert limit.value.reason == "user_limit"
    jobs.start("s3", user="bob")  # another user is not blocked by ann's jobs
    jobs.finish(first)
    assert not jobs.running("s1")
    jobs.start("s1", user="ann")  # the session is free again once its job finished


def test_cancel_and_the_wall_time_budget_raise_the_jobs_fault() -> None:
    jobs = JobRegistry(budget_s=0.0)
    job = jobs.start("s1")
    job.check()  # nothing to stop yet
    assert jobs.cancel("s1") and not jobs.cancel("nobody")
    with pytest.raises(Exception) as stopped:
        job.check()
    assert getattr(stopped.value, "kind", "") == "cancelled"
    timed = Job("s2", None, "draft", budget_s=0.01)
    time.sleep(0.05)
    with pytest.raises(Exception) as over:
        timed.check()
    assert getattr(over.value, "kind", "") == "budget" and "0" in over.value.message("en")  # type: ignore[attr-defined]


def test_progress_has_no_estimate_before_a_measurement_then_one_from_the_token_rate() -> None:
    job = Job("s", None, "draft", total=4, items_total=8)
    job.current = 1
    assert progress(job) == (1, 4, None)
    job.count(40, 2.0)  # 20 tokens a second
    assert progress(job)[2] is None  # no finished section yet: tokens per note item unknown
    job.done, job.items_done, job.tokens_done, job.current = 1, 2, 40, 2
    current, total, seconds = progress(job)
    assert (current, total) == (2, 4)
    assert seconds == 6  # 6 items left x 20 tokens an item / 20 tokens a second
    # a later job of the same provider starts from the rate measured before
    jobs = JobRegistry()
    first = jobs.start("a", provider="local")
    first.count(100, 10.0)
    jobs.finish(first)
    assert jobs.rate("local") == pytest.approx(10.0)
    assert jobs.start("b", provider="local").rate == pytest.approx(10.0)


# ------------------------------------------------------------------------------------------ stop


def test_stop_mid_draft_keeps_finished_sections_stores_one_version_and_reaches_the_server(
    slow_drafting: tuple[Any, WatchedServer],
) -> None:
    ctx, server = slow_drafting
    server.add_faults("ok", Fault("endless"))  # the first section finishes, the second streams forever
    sid = _session(ctx)
    ctx.store.set_notes(sid, NOTES_ZH)
    job = registry(ctx).start(sid, kind="draft")
    work = SessionWorkflow(JobServices(ctx, job), sid)
    events: list[Any] = []
    done_sections = 0
    stopped_at = 0.0
    for event in track(work.draft(NOTES_ZH, cause="first_draft"), job):
        events.append(event)
        if isinstance(event, SectionDone) and event.section.text.strip():
            done_sections += 1
        if isinstance(event, Token) and done_sections >= 1 and not job.cancelled:
            stopped_at = time.monotonic()
            job.cancel()  # the Stop button
    registry(ctx).finish(job)
    outcome = events[-1]
    assert isinstance(outcome, Drafted) and outcome.interrupted is not None
    assert getattr(outcome.interrupted.error, "kind", "") == "cancelled"
    assert time.monotonic() - stopped_at < WAIT_S
    versions = ctx.store.list_versions(sid)
    assert len(versions) == 1, "one version for a stopped draft"
    head = ctx.store.head(sid)
    assert head is not None and "甲节" + REPLY in head.text  # the finished section is kept
    assert INTERRUPTED_ZH in head.text and NOT_DRAFTED_ZH in head.text
    assert server.stream_ended.wait(WAIT_S), "the model stream was not closed: the server still streams"
    assert not registry(ctx).running(sid)
    assert job.done >= 1 and job.total >= 3


def _run_in_thread(fn: Any) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []

    def target() -> None:
        out.extend(fn())

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, out


def _wait(predicate: Any, seconds: float = WAIT_S) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


def test_a_message_while_a_draft_runs_is_refused_and_stop_frees_the_session(
    slow: tuple[Any, WatchedServer],
) -> None:
    from ui import handlers

    ctx, server = slow
    server.add_faults(Fault("endless"))
    sid = _session(ctx)
    thread, views = _run_in_thread(lambda: handlers.send_message(ctx, sid, "zh", NOTES_ZH))
    _wait(lambda: registry(ctx).running(sid) and server.injected)
    refused = list(handlers.send_message(ctx, sid, "zh", NOTES_ZH + "- 新增一条笔记\n"))
    assert "上一个请求还在进行中" in refused[-1].notice
    assert "上一个请求还在进行中" in refused[-1].chat[-1]["content"]
    assert len(server.chat_requests) == 1, "the refused message must not reach the model"
    # a rewrite from the page is refused the same way
    rewrite = list(handlers.rewrite_from_ui(ctx, sid, "zh", "s1", "更简洁"))
    assert "上一个请求还在进行中" in rewrite[-1].notice or rewrite[-1].notice
    # "停止" in the chat stops it (as the Stop button does)
    stop = list(handlers.send_message(ctx, sid, "zh", "停止"))
    assert "正在停止" in stop[-1].chat[-1]["content"]
    thread.join(WAIT_S)
    assert not thread.is_alive()
    assert len(ctx.store.list_versions(sid)) == 1
    assert not registry(ctx).running(sid)
    assert "已按要求停止" in views[-1].chat[-1]["content"] + "".join(m["content"] for m in views[-1].chat)
    assert "127.0.0.1" not in "".join(m["content"] for m in views[-1].chat)
    # the page is usable at once: a rewrite runs now
    server.add_faults("ok")
    after = list(handlers.send_message(ctx, sid, "zh", "把第一部分改写得更简洁"))
    assert after[-1].head_version is not None
    assert "上一个请求还在进行中" not in after[-1].chat[-1]["content"]


def test_stop_button_handler_and_closing_the_stream_cancel_the_job(slow: tuple[Any, WatchedServer]) -> None:
    from ui import handlers

    ctx, server = slow
    sid = _session(ctx)
    assert "没有正在进行" in handlers.stop_job(ctx, sid, "zh")
    server.add_faults(Fault("endless"))
    gen = handlers.send_message(ctx, sid, "en", NOTES_ZH)
    next(gen)
    _wait(lambda: registry(ctx).running(sid))
    job = registry(ctx).get(sid)
    assert job is not None
    deadline = time.monotonic() + WAIT_S
    while not server.injected:  # stream the page until the model is asked
        assert time.monotonic() < deadline
        next(gen)
    for _ in range(3):
        next(gen)
    gen.close()  # what Gradio does when the browser goes away
    assert job.cancelled and job.reason == "disconnect"
    assert not registry(ctx).running(sid)
    assert server.stream_ended.wait(WAIT_S), "closing the page's stream must close the model stream"


# ------------------------------------------------------------------------------------------ intents


@pytest.mark.parametrize(
    ("message", "has_draft", "kind"),
    [
        ("你好", False, "chat"),
        ("您好！", True, "chat"),
        ("hello", False, "chat"),
        ("thanks", True, "chat"),
        ("报告", False, "chat"),  # one word
        ("summary", False, "chat"),
        ("能帮我写一份总结吗？", False, "chat"),  # a question without figures, no draft yet
        ("can you write my annual report?", False, "chat"),
        ("停止", False, "stop"),
        ("停止生成", True, "stop"),
        ("stop", True, "stop"),
        ("GDP增长5%", False, "first_notes"),  # a figure: notes
        ("新建学校三所", False, "first_notes"),
        ("财政收支矛盾突出", True, "notes"),  # a non-numeric note is still a note
        ("全年完成招商引资项目12个", False, "first_notes"),
        ("哪些数字需要核实？", True, "question"),
        ("把第二部分改写得更简洁", True, "rewrite"),
        ("- 走访企业\n- 召开座谈会", False, "first_notes"),  # several lines: notes
    ],
)
def test_short_messages_that_are_not_notes_get_a_reply(message: str, has_draft: bool, kind: str) -> None:
    assert classify(message, has_draft=has_draft).kind == kind


def test_a_greeting_in_an_empty_session_gets_a_reply_not_a_draft(settings: Any) -> None:
    from ui import handlers
    from ui.context import AppContext

    ctx = AppContext(settings=settings)
    try:
        sid = _session(ctx, "en")
        views = list(handlers.send_message(ctx, sid, "en", "hello"))
        assert ctx.store.head(sid) is None and ctx.store.get_notes(sid) is None
        assert "Paste your work notes" in views[-1].chat[-1]["content"]
        assert not is_chat("- 全镇地区生产总值完成12.5亿元")
    finally:
        ctx.close()


# ------------------------------------------------------------------------------------------ URLs


@pytest.mark.parametrize(
    ("text", "lang", "shown", "hidden"),
    [
        ("无法连接语言模型服务 http://127.0.0.1:8123（连接被拒绝）", "zh", "无法连接语言模型服务 本地模型", "8123"),
        ("Cannot reach the language model at http://127.0.0.1:41233 (refused)", "en", "at the local model", "41233"),
        ("server at localhost:8080/v1 failed", "en", "the local model", "8080"),
        ("http://[::1]:9000/v1/chat/completions", "en", "the local model", "9000"),
        ("key in https://u:secret@api.example.com:8443/v1?api-key=K", "en", "https://api.example.com:8443",
         "secret"),
        ("版本 3 已保存", "zh", "版本 3 已保存", "127.0.0.1"),
    ],
)
def test_internal_urls_and_ports_never_reach_the_chat(text: str, lang: str, shown: str, hidden: str) -> None:
    masked = mask_chat(text, lang)
    assert shown in masked and hidden not in masked


def test_a_refused_local_model_is_named_not_addressed_in_the_chat(settings: Any) -> None:
    from assistant.llm.providers import ProviderHandle
    from ui import handlers
    from ui.context import AppContext
    from ui.controls import chat_safe

    url = f"http://127.0.0.1:{closed_port()}/v1"
    model = make_resilient_chat(base_url=url, api_key="x", model="local", temperature=0, timeout=5.0, retries=0,
                                max_tokens=50)
    ctx = AppContext(settings=settings, retriever_factory=lambda c: None,
                     provider_factory=lambda s, key: ProviderHandle("local", model, None, "local", url))
    try:
        sid = _session(ctx)
        views = list(handlers.send_message(ctx, sid, "zh", NOTES_ZH))
        stored = " ".join(m.content for m in ctx.store.list_messages(sid))
        shown = " ".join(m["content"] for m in chat_safe(views[-1].chat, "zh")) + views[-1].notice
        for text in (stored, shown):
            assert "127.0.0.1" not in text and url not in text
        assert "本地模型" in stored
    finally:
        ctx.close()


def test_stop_during_a_rewrite_leaves_the_draft_as_it_was(slow: tuple[Any, WatchedServer]) -> None:
    from ui import handlers

    ctx, server = slow
    sid = _session(ctx)
    list(handlers.send_message(ctx, sid, "zh", NOTES_ZH))
    before = ctx.store.head(sid)
    assert before is not None
    server.add_faults(Fault("endless"))
    thread, views = _run_in_thread(lambda: handlers.send_message(ctx, sid, "zh", "把第一部分改写得更简洁"))
    _wait(lambda: "endless" in server.injected)
    assert "没有正在进行" not in handlers.stop_job(ctx, sid, "zh")
    thread.join(WAIT_S)
    assert not thread.is_alive() and not registry(ctx).running(sid)
    after = ctx.store.head(sid)
    assert after is not None and after.version_id == before.version_id
    assert "已停止改写" in views[-1].chat[-1]["content"]
    assert server.stream_ended.wait(WAIT_S)


def test_the_registry_is_one_per_application_and_follows_the_settings(settings: Any) -> None:
    from ui.context import AppContext

    settings.jobs_per_user = 1
    settings.job_wall_seconds = 5.0
    ctx = AppContext(settings=settings)
    try:
        jobs = registry(ctx)
        assert registry(ctx) is jobs and jobs.per_user == 1 and jobs.budget_s == 5.0
        job = jobs.start("a", user="ann")
        assert registry(JobServices(ctx, job)) is jobs  # a job's view of the services shares it
        with pytest.raises(JobRefused):
            jobs.start("b", user="ann")
    finally:
        ctx.close()


def test_the_per_user_limit_counts_a_logged_in_user_or_else_the_address() -> None:
    from types import SimpleNamespace

    from ui.controls import client

    assert client(SimpleNamespace(username="ann", client=SimpleNamespace(host="10.0.0.2"))) == "user:ann"
    assert client(SimpleNamespace(username=None, client=SimpleNamespace(host="10.0.0.2"))) == "addr:10.0.0.2"
    assert client(None) is None
    # loopback without login is the single-user default: only one job per session, no per-user limit
    for host in ("127.0.0.1", "::1", "127.0.0.2"):
        assert client(SimpleNamespace(username=None, client=SimpleNamespace(host=host))) is None
