"""Instant offline draft, then model polish (issue 12 item 1): the instant draft comes first; a polished
section replaces the offline one only when it passes the checker, keeps every note (non-numeric too)
and is not shorter; otherwise the offline text stays with the reason; a fault keeps the rest."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel, GenericFakeChatModel
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from openai_server import ScriptedOpenAIServer

from assistant.drafting.coverage import item_coverage, substance, uncovered_items
from assistant.drafting.model import (
    DraftDone,
    DraftInterrupted,
    InstantDraft,
    PolishStarted,
    PolishToken,
    RepairAttempt,
    SectionPolished,
)
from assistant.drafting.pipeline import draft_report, run_draft
from assistant.drafting.polish import (
    ACCEPTED,
    NOT_REACHED,
    REJECT_CHECK,
    REJECT_FAULT,
    REJECT_ITEMS,
    REJECT_SHORTER,
    STOPPED,
    polish_report,
    stream_safe,
)
from assistant.notes import parse_notes

NOTES = """单位：海拉尔区发改局
时期：2025年
- 固投100.6亿 +16.6%
- 社零56.2亿元，同比+8.1%
- 新建道路3公里
存在问题：
1. 人才短缺
2. 财政收支矛盾突出
明年计划
（1）力争GDP增长6%左右
（2）推进老旧小区改造
"""
ADDED = "各项工作扎实推进。"  # a polish that adds words and no figure


def _offline(text: str = NOTES) -> tuple[Any, list[str], dict[str, str]]:
    notes = parse_notes(text)
    draft = run_draft(draft_report(notes))
    leaves = [s.section_id for s in draft.sections if s.note_items and s.text.strip()]
    return notes, leaves, {s.section_id: s.text for s in draft.sections}


def _run(replies: list[str], **kw: Any) -> list[object]:
    notes = parse_notes(NOTES)
    model = FakeListChatModel(responses=replies)
    return list(polish_report(notes, model=model, provider="openai", **kw))


def _final(events: list[object]) -> Any:
    done = [e for e in events if isinstance(e, DraftDone)]
    assert len(done) == 1
    return done[0].draft


def test_the_instant_draft_comes_first_and_is_the_complete_offline_draft() -> None:
    _notes, leaves, offline = _offline()
    events = _run([offline[s] + ADDED for s in leaves])
    kinds = [type(e).__name__ for e in events]
    first_instant = kinds.index("InstantDraft")
    assert "PolishStarted" not in kinds[:first_instant] and "PolishToken" not in kinds[:first_instant]
    instant = next(e for e in events if isinstance(e, InstantDraft)).draft
    assert {s.section_id: s.text for s in instant.sections} == offline  # complete, every section
    started = [e for e in events if isinstance(e, PolishStarted)]
    assert [e.section_id for e in started] == leaves and [e.index for e in started] == list(range(1, len(leaves) + 1))
    assert all(e.total == len(leaves) for e in started)
    final = _final(events)
    for sid in leaves:
        section = final.section(sid)
        assert section.polish == "model" and section.polish_reason == ACCEPTED
        assert section.text == offline[sid] + ADDED
    data = final.to_json()
    assert all(s["polished"] for s in data["sections"] if s["id"] in leaves)
    assert instant.section(leaves[0]).text == offline[leaves[0]]  # the instant draft is not changed later


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("invented_figure", REJECT_CHECK),
        ("dropped_non_numeric", REJECT_ITEMS),
        ("dropped_numeric", REJECT_ITEMS),
        ("shorter", REJECT_SHORTER),
    ],
)
def test_a_polish_that_fails_is_rejected_and_the_offline_text_stays(case: str, reason: str) -> None:
    _notes, leaves, offline = _offline()
    problems = next(s for s in leaves if "人才短缺" in offline[s])
    summary = leaves[0]
    replies = {s: offline[s] + ADDED for s in leaves}
    target = summary
    if case == "invented_figure":
        replies[summary] = offline[summary] + "新增就业岗位1200个。"
    elif case == "dropped_non_numeric":
        target = problems
        replies[problems] = "工作中还存在一些问题：一是人才短缺，需要在今后的工作中认真加以研究解决，切实改进。"
    elif case == "dropped_numeric":
        replies[summary] = "消费市场保持平稳运行态势，各项工作扎实推进，取得了较好成效。" * 2
    elif case == "shorter":
        replies[summary] = offline[summary].replace("全年完成", "")  # every figure kept, fewer words
        assert substance(replies[summary]) < 0.9 * substance(offline[summary])
    events = _run([replies[s] for s in leaves], max_repairs=0)
    settled = {e.section_id: e for e in events if isinstance(e, SectionPolished)}
    assert settled[target].accepted is False and settled[target].reason == reason
    assert settled[target].text == offline[target]
    final = _final(events)
    assert final.section(target).text == offline[target]
    assert final.section(target).polish == "offline" and final.section(target).polish_reason == reason
    others = [s for s in leaves if s != target]
    assert all(final.section(s).polish == "model" for s in others)  # the rest were accepted
    if case == "dropped_non_numeric":
        assert "财政收支矛盾突出" in settled[target].detail


def test_a_figure_repair_is_tried_once_before_rejecting() -> None:
    _notes, leaves, offline = _offline()
    bad = offline[leaves[0]] + "新增就业岗位1200个。"
    replies = [bad, bad, *(offline[s] + ADDED for s in leaves[1:])]
    events = _run(replies, max_repairs=1)
    repairs = [e for e in events if isinstance(e, RepairAttempt)]
    assert [r.section_id for r in repairs] == [leaves[0]]
    final = _final(events)
    assert final.section(leaves[0]).polish_reason == REJECT_CHECK
    assert final.section(leaves[1]).polish == "model"


def test_a_shorter_polish_is_rejected_by_the_share_of_substance() -> None:
    _notes, leaves, offline = _offline()
    events = _run([offline[s] for s in leaves], min_share=1.5)  # the same text is not 1.5 × longer
    final = _final(events)
    assert {final.section(s).polish_reason for s in leaves} == {REJECT_SHORTER}


def test_a_fault_mid_polish_keeps_polished_sections_and_the_offline_rest() -> None:
    _notes, leaves, offline = _offline()
    notes = parse_notes(NOTES)
    model = GenericFakeChatModel(messages=iter([AIMessage(content=offline[leaves[0]] + ADDED)]))
    events = list(polish_report(notes, model=model, provider="openai"))  # the 2nd call fails: a model fault
    interrupted = [e for e in events if isinstance(e, DraftInterrupted)]
    assert len(interrupted) == 1 and interrupted[0].section_id == leaves[1]
    final = _final(events)
    assert final.section(leaves[0]).text == offline[leaves[0]] + ADDED
    assert final.section(leaves[1]).polish_reason == REJECT_FAULT
    assert all(final.section(s).polish_reason == NOT_REACHED for s in leaves[2:])
    assert all(final.section(s).text == offline[s] for s in leaves[1:])  # nothing lost, nothing marked
    assert kinds_after(events, DraftInterrupted) == ["DraftDone"]


def kinds_after(events: list[object], kind: type) -> list[str]:
    idx = next(n for n, e in enumerate(events) if isinstance(e, kind))
    return [type(e).__name__ for e in events[idx + 1:]]


def test_streamed_polish_text_is_cleaned_before_it_is_shown() -> None:
    _notes, leaves, offline = _offline()
    echo = "【本节任务】\n**" + offline[leaves[0]] + ADDED
    events = _run([echo, *(offline[s] + ADDED for s in leaves[1:])])
    shown = [e.text for e in events if isinstance(e, PolishToken)]
    assert shown
    assert not any("本节任务" in t or "**" in t or t.endswith("【") for t in shown)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年完成投资100亿元。【本", "全年完成投资100亿元。"),
        ("全年完成投资100亿元。**", "全年完成投资100亿元。"),
        ("Revenue grew 12%. [SECT", "Revenue grew 12%."),
        ("全年完成投资100亿元。", "全年完成投资100亿元。"),
    ],
)
def test_stream_safe_cuts_unfinished_echoes_and_markup(text: str, expected: str) -> None:
    assert stream_safe(text) == expected


@pytest.mark.parametrize(
    ("note", "text", "covered"),
    [
        ("- 财政收支矛盾突出", "财政收支矛盾较为突出，保障压力加大。", True),
        ("- 财政收支矛盾突出", "人才队伍建设仍有短板。", False),
        ("- 固投100.6亿 +16.6%", "固定资产投资完成100.6亿元。", True),
        ("- 固投100.6亿 +16.6%", "固定资产投资较快增长。", False),
        ("- supply delays from overseas vendors", "Overseas vendors caused supply delays.", True),
        ("- supply delays from overseas vendors", "Revenue grew strongly.", False),
    ],
)
def test_coverage_counts_numeric_and_non_numeric_notes(note: str, text: str, covered: bool) -> None:
    items = parse_notes(note).content_items
    assert (uncovered_items(items, text) == []) is covered


def test_coverage_helpers() -> None:
    item = parse_notes("- 财政收支矛盾突出").content_items[0]
    assert item_coverage(item, "财政收支矛盾突出") == 1.0
    assert substance(" 甲 乙\n丙 ") == 3


# --- the session and the CLI ------------------------------------------------------------------------

def test_the_session_stores_the_polished_draft_and_yields_the_instant_draft_first(settings: Any) -> None:
    from assistant.llm.providers import ProviderHandle
    from assistant.services.container import Services
    from assistant.services.session import Drafted, SessionWorkflow

    _notes, leaves, offline = _offline()
    replies = [offline[s] + ADDED for s in leaves]
    services = Services(settings, retriever_factory=lambda s: None,
                        provider_factory=lambda s, key: ProviderHandle("openai", FakeListChatModel(responses=replies),
                                                                       None, "fake"))
    try:
        sid = services.store.create_session("t").session_id
        events = list(SessionWorkflow(services, sid).draft(NOTES, cause="first_draft"))
        kinds = [type(e).__name__ for e in events]
        assert kinds.index("InstantDraft") < kinds.index("PolishStarted")
        outcome = events[-1]
        assert isinstance(outcome, Drafted) and outcome.version is not None
        assert outcome.markdown.count(ADDED) == len(leaves)
        assert services.store.head(sid).text == outcome.markdown
        assert len(services.store.list_versions(sid)) == 1  # one version, the final one
    finally:
        services.close()


def _cli(args: list[str], tmp_path: Path, base_url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("REPORT_ASSISTANT_") and k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    env.update({"REPORT_ASSISTANT_DATA_DIR": str(tmp_path / "data"), "REPORT_ASSISTANT_EMBEDDING": "hash",
                "REPORT_ASSISTANT_OPENAI_BASE_URL": base_url, "REPORT_ASSISTANT_OPENAI_API_KEY": "k"})
    return subprocess.run([sys.executable, "-c", "from assistant.cli import main; main()", "draft", *args,
                           "--provider", "openai", "--no-examples"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def _echo_polish(body: dict[str, Any]) -> str:
    """The offline section quoted in the polish prompt, plus ADDED."""
    prompt = body["messages"][-1]["content"]
    match = re.search(r"【初稿】\n(.*?)\n\n请在初稿基础上", prompt, re.S)
    return (match.group(1) if match else "") + ADDED


def test_the_cli_prints_the_instant_draft_first_then_the_final(tmp_path: Path) -> None:
    notes_file = tmp_path / "notes.txt"
    notes_file.write_text(NOTES, encoding="utf-8")
    _notes, leaves, offline = _offline()
    with ScriptedOpenAIServer(_echo_polish) as server:
        proc = _cli([str(notes_file)], tmp_path, server.base_url)
        out_path = tmp_path / "draft.md"
        proc_out = _cli([str(notes_file), "--out", str(out_path), "--json"], tmp_path, server.base_url)
    assert proc.returncode == 0, proc.stderr
    instant, final = proc.stdout.split("\n---\n", 1)
    assert ADDED not in instant and all(offline[s] in instant for s in leaves)
    assert final.count(ADDED) == len(leaves)
    assert "instant draft: stdout" in proc.stderr
    assert proc.stderr.index("instant draft") < proc.stderr.index("polished")
    assert proc_out.returncode == 0, proc_out.stderr
    assert f"instant draft: {out_path}" in proc_out.stderr
    data = json.loads(out_path.read_text(encoding="utf-8"))  # the final overwrote the instant draft
    assert all(s["polished"] for s in data["sections"] if s["id"] in leaves)


def test_the_page_folds_the_instant_draft_and_marks_polished_sections(settings: Any) -> None:
    from ui.views import PartialDraft, draft_html_of, fold_draft_event, polish_line_marks

    _notes, leaves, offline = _offline()
    replies = [offline[s] + ADDED for s in leaves]
    replies[-1] = "。"  # the last section's polish is unusable: it keeps its first-draft text
    events = _run(replies, max_repairs=0)
    partial = PartialDraft()
    seen_instant = ""
    for event in events:
        fold_draft_event(partial, event)
        if isinstance(event, InstantDraft):
            seen_instant = partial.markdown()
    assert all(offline[s] in seen_instant for s in leaves)  # the page shows the whole draft at once
    md = partial.markdown()
    assert md.count(ADDED) == len(leaves) - 1
    html = draft_html_of(md, None, "zh", "zh", polish=partial.polish_entries())
    assert html.count("ra-polish-model") == len(leaves) - 1 and html.count("ra-polish-offline") == 1
    final = _final(events)
    from assistant.drafting.polish import polish_marks

    marks = polish_line_marks(final.to_markdown(), polish_marks(final), "en")
    assert sorted(m[1] for m in marks.values()) == sorted(["polished"] * (len(leaves) - 1) + ["first draft"])
    assert sum("draft kept" in m[2] for m in marks.values()) == 1  # the reason, in words


def test_the_stored_check_says_which_sections_were_polished(settings: Any) -> None:
    from assistant.llm.providers import ProviderHandle
    from ui.context import AppContext
    from ui.views import render_view

    _notes, leaves, offline = _offline()
    replies = [offline[s] + ADDED for s in leaves]
    ctx = AppContext(settings=settings, retriever_factory=lambda c: None,
                     provider_factory=lambda s, key: ProviderHandle("openai", FakeListChatModel(responses=replies),
                                                                    None, "fake"))
    try:
        from assistant.services.session import SessionWorkflow

        sid = ctx.store.create_session("t").session_id
        list(SessionWorkflow(ctx, sid).draft(NOTES, cause="first_draft"))
        view = render_view(ctx, sid, "zh")
        assert view.draft_html.count("ra-polish-model") == len(leaves)
        assert "模型润色" in view.draft_html
    finally:
        ctx.close()


@pytest.mark.parametrize("to_file", [True, False])
def test_cli_local_writes_the_instant_draft_before_the_model_starts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, to_file: bool) -> None:
    """`draft --provider local`: the offline draft is out (file or stdout) before the local server starts."""
    from support import run_cli

    from assistant.llm import providers

    notes_file = tmp_path / "notes.txt"
    notes_file.write_text(NOTES, encoding="utf-8")
    out_path = tmp_path / "draft.md"
    _notes, leaves, offline = _offline()
    seen_at_start: list[str] = []

    def slow_local(settings: Any) -> providers.ProviderHandle:  # the server start, slow as the real one
        sys.stdout.flush()  # stdout is the CLI runner's buffer here
        seen_at_start.append(out_path.read_text(encoding="utf-8") if to_file
                             else sys.stdout.buffer.getvalue().decode("utf-8"))  # type: ignore[attr-defined]
        time.sleep(0.5)
        replies = [offline[s] + ADDED for s in leaves]
        return providers.ProviderHandle("local", FakeListChatModel(responses=replies), None, "local",
                                        None, providers.SMALL_MODEL)

    monkeypatch.setitem(providers.FACTORIES, "local", slow_local)
    monkeypatch.setenv("REPORT_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("REPORT_ASSISTANT_EMBEDDING", "hash")
    args = [str(notes_file), "--provider", "local", "--no-examples", *(["--out", str(out_path)] if to_file else [])]
    code, stdout, stderr = run_cli("draft", *args)
    assert code == 0, stderr
    assert len(seen_at_start) == 1
    assert all(offline[s] in seen_at_start[0] for s in leaves)  # the whole instant draft, before the model
    assert ADDED not in seen_at_start[0]
    final = out_path.read_text(encoding="utf-8") if to_file else stdout
    assert final.count(ADDED) == len(leaves)  # then the polished final
    assert stderr.index("instant draft:") < stderr.index("polished")


def test_cli_offline_provider_prints_one_draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No model, no instant draft: the offline provider's draft is printed once."""
    from support import run_cli

    notes_file = tmp_path / "notes.txt"
    notes_file.write_text(NOTES, encoding="utf-8")
    monkeypatch.setenv("REPORT_ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("REPORT_ASSISTANT_EMBEDDING", "hash")
    code, stdout, stderr = run_cli("draft", str(notes_file), "--provider", "offline")
    assert code == 0, stderr
    assert "instant draft" not in stderr and "\n---\n" not in stdout
    assert stdout.count("## 一、") == 1


# --- a polish cut short: the browser went away, or Stop ------------------------------------------------

class SlowPolish(BaseChatModel):
    """A chat model that streams the offline section back plus ADDED, a few characters every ``delay`` s."""

    delay: float = 0.02

    @property
    def _llm_type(self) -> str:
        return "slow-polish"

    def _reply(self, messages: list[BaseMessage]) -> str:
        match = re.search(r"【初稿】\n(.*?)\n\n请在初稿基础上", str(messages[-1].content), re.S)
        return (match.group(1) if match else "") + ADDED

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: Any = None, **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self._reply(messages)))])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: Any = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        reply = self._reply(messages)
        for start in range(0, len(reply), 4):
            time.sleep(self.delay)
            yield ChatGenerationChunk(message=AIMessageChunk(content=reply[start:start + 4]))


def _slow_services(settings: Any) -> Any:
    from assistant.llm.providers import ProviderHandle
    from assistant.services.container import Services

    return Services(settings, retriever_factory=lambda s: None,
                    provider_factory=lambda s, key: ProviderHandle("openai", SlowPolish(), None, "slow"))


def _assert_partly_polished(text: str, leaves: list[str], offline: dict[str, str]) -> None:
    assert text.count(ADDED) == 1  # the first section, polished
    assert offline[leaves[0]] + ADDED in text
    assert all(offline[s] in text for s in leaves[1:])  # the rest: the offline text, complete


def test_a_caller_gone_mid_polish_keeps_the_polished_sections_and_the_offline_rest(settings: Any) -> None:
    from assistant.services.session import SessionWorkflow

    _notes, leaves, offline = _offline()
    services = _slow_services(settings)
    try:
        sid = services.store.create_session("t").session_id
        events = SessionWorkflow(services, sid).draft(NOTES, cause="first_draft")
        polished = 0
        for event in events:
            if isinstance(event, SectionPolished):
                polished += event.accepted
            if isinstance(event, PolishToken) and polished == 1:  # the second section is being written
                break
        events.close()  # what Gradio does when the browser goes away
        versions = services.store.list_versions(sid)
        assert len(versions) == 1 and versions[0].cause == "first_draft"
        head = services.store.head(sid)
        _assert_partly_polished(head.text, leaves, offline)
        check = services.store.load_check(head.version_id)
        assert check["polish_partial"] == {"reason": "disconnect", "sections": len(leaves), "polished": 1}
        assert [m["polish"] for m in check["polish"]] == ["model"] + ["offline"] * (len(leaves) - 1)
        assert {m["reason"] for m in check["polish"][1:]} == {NOT_REACHED}
    finally:
        services.close()


def test_a_caller_gone_before_the_instant_draft_stores_nothing(settings: Any) -> None:
    from assistant.services.session import DraftBegun, SessionWorkflow

    services = _slow_services(settings)
    try:
        sid = services.store.create_session("t").session_id
        events = SessionWorkflow(services, sid).draft(NOTES, cause="first_draft")
        assert isinstance(next(events), DraftBegun)
        events.close()
        assert services.store.list_versions(sid) == []
    finally:
        services.close()


def test_stop_mid_polish_stores_one_version_with_the_polished_sections(settings: Any) -> None:
    from assistant.services.jobs import JobServices, registry
    from assistant.services.session import Drafted, SessionWorkflow

    _notes, leaves, offline = _offline()
    services = _slow_services(settings)
    try:
        sid = services.store.create_session("t").session_id
        jobs = registry(services)
        job = jobs.start(sid, kind="draft")
        outcome = None
        polished = 0
        stopped = []
        try:
            for event in SessionWorkflow(JobServices(services, job), sid).draft(NOTES, cause="first_draft"):  # type: ignore[arg-type]
                if isinstance(event, SectionPolished):
                    polished += event.accepted
                    if not event.accepted:
                        stopped.append(event.reason)
                if isinstance(event, PolishToken) and polished == 1 and not job.cancelled:
                    threading.Thread(target=jobs.cancel, args=(sid,)).start()  # the Stop button
                if isinstance(event, Drafted):
                    outcome = event
        finally:
            jobs.finish(job)
        assert outcome is not None and outcome.version is not None and outcome.interrupted is not None
        assert stopped == [STOPPED]  # the section being written when Stop came; the rest not reached
        assert len(services.store.list_versions(sid)) == 1
        _assert_partly_polished(services.store.head(sid).text, leaves, offline)
        assert outcome.check is not None
        assert outcome.check["polish_partial"] == {"reason": "cancelled", "sections": len(leaves), "polished": 1}
        assert [m["reason"] for m in outcome.check["polish"]] == [ACCEPTED, STOPPED] + [NOT_REACHED] * (len(leaves) - 2)
    finally:
        services.close()


def test_the_page_says_which_section_the_model_polishes_and_a_closed_page_keeps_the_draft(settings: Any) -> None:
    """Through the chat handler (the page's path): the progress line names the section being polished;
    closing the stream mid-polish (the browser went away) stores the draft as it stands."""
    from assistant.llm.providers import ProviderHandle
    from ui.context import AppContext
    from ui.handlers import send_message

    _notes, leaves, offline = _offline()
    ctx = AppContext(settings=settings, retriever_factory=lambda c: None,
                     provider_factory=lambda s, key: ProviderHandle("openai", SlowPolish(), None, "slow"))
    try:
        sid = ctx.store.create_session("t").session_id
        views = send_message(ctx, sid, "zh", NOTES)
        lines = []
        for view in views:
            lines.append(view.summary)
            if f"模型润色第 2/{len(leaves)} 节" in view.summary:
                break
        views.close()
        assert f"初稿已完成 · 模型润色第 1/{len(leaves)} 节" in lines
        head = ctx.store.head(sid)
        assert head is not None and head.text.count(ADDED) == 1
        assert all(offline[s] in head.text for s in leaves[1:])
        assert ctx.store.load_check(head.version_id)["polish_partial"]["reason"] == "disconnect"
    finally:
        ctx.close()


def test_a_caller_gone_right_after_the_last_section_still_gets_its_version(settings: Any) -> None:
    from assistant.services.session import SessionWorkflow

    _notes, leaves, _offline_texts = _offline()
    services = _slow_services(settings)
    try:
        sid = services.store.create_session("t").session_id
        events = SessionWorkflow(services, sid).draft(NOTES, cause="first_draft")
        for event in events:
            if isinstance(event, DraftDone):
                break
        events.close()  # gone before the version was stored
        head = services.store.head(sid)
        assert head is not None and head.text.count(ADDED) == len(leaves)
        assert "polish_partial" not in services.store.load_check(head.version_id)  # it was complete
        assert len(services.store.list_versions(sid)) == 1
    finally:
        services.close()


#: One note item in each of the three parts: three sections for the real model to polish (the order of
#: the CLI's lines does not depend on how many; NOTES has six, each a real model call on one thread)
ONE_ITEM_A_PART = """单位：海拉尔区发改局
时期：2025年
- 固投100.6亿 +16.6%
存在问题：
1. 财政收支矛盾突出
明年计划
（1）推进老旧小区改造
"""


@pytest.mark.slow
def test_cli_draft_with_the_real_local_model_writes_the_instant_draft_before_the_server_starts(
        tmp_path: Path) -> None:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed (pip install -e '.[local]')")
    from assistant.llm.local_model import prepare_model
    from assistant.settings import Settings

    model = prepare_model(Settings(_env_file=None))  # type: ignore[call-arg]  # the user's assembled model
    notes_file = tmp_path / "notes.txt"
    notes_file.write_text(ONE_ITEM_A_PART, encoding="utf-8")
    out = tmp_path / "draft.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORT_ASSISTANT_")}
    env.update({"REPORT_ASSISTANT_DATA_DIR": str(tmp_path / "data"), "REPORT_ASSISTANT_EMBEDDING": "hash",
                "REPORT_ASSISTANT_LOCAL_MODEL_PATH": str(model)})
    proc = subprocess.run([sys.executable, "-c", "from assistant.cli import main; main()", "draft", str(notes_file),
                           "--provider", "local", "--no-examples", "--out", str(out), "--verbose"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=280)
    assert proc.returncode == 0, proc.stderr[-3000:]
    err = proc.stderr
    assert err.index("instant draft:") < err.index("local llama.cpp server ready")
    assert err.index("local llama.cpp server ready") < err.rindex(f"wrote {out}")
    final = out.read_text(encoding="utf-8")
    _notes, leaves, _offline_texts = _offline(ONE_ITEM_A_PART)
    assert len(leaves) == 3
    assert final.count("\n## ") >= 3 and all(f in final for f in ("100.6亿", "16.6%", "财政收支矛盾突出"))
    outcomes = re.findall(r"^  (\S+): (?:polished|kept offline)", err, re.M)
    assert sorted(outcomes) == sorted(leaves)  # every section was offered to the model, once
