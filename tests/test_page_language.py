"""The page is complete in each language: built in English, no Chinese character appears in any label,
placeholder, button, hover text or upload zone of the Gradio config (the language toggle excepted), and
built in Chinese, no label is left in English; the dynamic parts (versions, hover texts, replies,
progress line) follow the page language too. User content (notes, drafts) is not scanned."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from ui import handlers, session_handlers
from ui.app import build_app
from ui.context import AppContext

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
TEXT_PROPS = ("label", "placeholder", "value", "info", "choices", "headers")
TOGGLE = "ra-lang"  # the language toggle names the other language

NOTES_EN = """Riverside County 2025 annual summary notes
- GDP reached 12.5 billion yuan, up 6.8% year on year
- Built 3,000 mu of high-standard farmland
- Problem: 12 villages earn less than 100,000 yuan a year
- 2026 target: GDP growth of about 6%
"""


@pytest.fixture
def ctx(settings: Any) -> Iterator[AppContext]:
    context = AppContext(settings=settings)
    yield context
    context.close()


def _texts(demo: Any) -> Iterator[tuple[str, str, str]]:
    """(elem_id or type, property, text) of every text-bearing property in the page's config."""
    config = demo.get_config_file()
    for comp in config["components"]:
        props = comp.get("props", {})
        name = str(props.get("elem_id") or comp.get("type"))
        for key in TEXT_PROPS:
            if key in props and props[key] not in (None, "", []):
                value = props[key]
                yield name, key, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                                                    default=str)


def test_the_english_page_has_no_chinese_outside_user_content(ctx: AppContext) -> None:
    demo = build_app(ctx.settings, services=ctx, language="en")
    found = [(name, key, text[:80]) for name, key, text in _texts(demo) if name != TOGGLE and CJK.search(text)]
    assert found == []
    labels = {name: text for name, key, text in _texts(demo) if key in ("label", "placeholder")}
    assert "Shift+Enter sends" in labels["ra-input"]  # the true send key of a multi-line Gradio textbox
    buttons = {name: text for name, key, text in _texts(demo) if key == "value"}
    assert buttons["ra-stop"] == "Stop" and buttons["ra-send"] == "Send"


def test_the_chinese_page_has_no_english_labels(ctx: AppContext) -> None:
    demo = build_app(ctx.settings, services=ctx, language="zh")
    found = [(name, key, text) for name, key, text in _texts(demo)
             if key in ("label", "placeholder") and name != TOGGLE and LATIN_WORD.search(text)
             and not CJK.search(text)]
    assert found == []
    buttons = {name: text for name, key, text in _texts(demo) if key == "value"}
    assert buttons["ra-stop"] == "停止"
    labels = {name: text for name, key, text in _texts(demo) if key == "placeholder"}
    assert "Shift+Enter 发送" in labels["ra-input"]


def test_dynamic_parts_follow_the_english_page(ctx: AppContext) -> None:
    sid = session_handlers.load_page(ctx, None, "en").session_id
    greeting = list(handlers.send_message(ctx, sid, "en", "hello"))[-1]
    assert not CJK.search(greeting.chat[-1]["content"])
    views = list(handlers.send_message(ctx, sid, "en", NOTES_EN))
    view = views[-1]
    assert view.head_version is not None
    # the draft is English (its notes are): every hover text, version label, summary and status is too
    hovers = re.findall(r'title="([^"]*)"', view.draft_html)
    assert hovers and not [h for h in hovers if CJK.search(h)]
    assert view.versions and not [label for label, _ in view.versions if CJK.search(label)]
    assert view.summary and not CJK.search(view.summary)
    assert not CJK.search(view.status)
    progress_lines = [v.summary for v in views if v.streaming and v.summary]
    assert progress_lines and all(not CJK.search(s) for s in progress_lines)
    assert any(re.fullmatch(r"Section \d+/\d+(?: · about \d+ s)?|Writing…", s) for s in progress_lines)


def test_export_of_a_draft_with_flagged_figures_lists_them_for_a_confirm(ctx: AppContext) -> None:
    from support import HONGXING_NOTES_ZH

    from assistant.export import export_file
    from assistant.export_layout import FlaggedFiguresError

    sid = session_handlers.load_page(ctx, None, "zh").session_id
    list(handlers.send_message(ctx, sid, "zh", HONGXING_NOTES_ZH))
    assert handlers.export_flags(ctx, sid, "zh") == []  # every figure from the notes: nothing to confirm
    head = ctx.store.head(sid)
    assert head is not None and "12.5亿元" in head.text
    session_handlers.save_manual_edit(ctx, sid, "zh", head.text.replace("12.5亿元", "13.5亿元", 1))
    flags_zh = handlers.export_flags(ctx, sid, "zh")
    flags_en = handlers.export_flags(ctx, sid, "en")
    assert len(flags_zh) == 1 and "13.5亿元" in flags_zh[0] and flags_zh[0].startswith("第 ")
    assert flags_en[0].startswith("line ") and "13.5亿元" in flags_en[0]
    text = handlers.export_flags_markdown(flags_zh, "zh")
    assert "1 个待核实的数字" in text and "13.5亿元" in text
    # the same rule as the core export: without a confirm the .docx is refused, listing the figure
    edited = ctx.store.head(sid)
    assert edited is not None
    with pytest.raises(FlaggedFiguresError) as refused:
        export_file(edited.text, ctx.settings.data_dir, fmt="docx", notes_text=HONGXING_NOTES_ZH)
    assert any("13.5亿元" in f for f in refused.value.flagged)
    assert export_file(edited.text, ctx.settings.data_dir, fmt="docx", notes_text=HONGXING_NOTES_ZH,
                       confirm=True).exists()


def test_a_knowledge_tab_redraft_is_refused_while_the_session_drafts(ctx: AppContext) -> None:
    from support import HONGXING_NOTES_ZH

    from assistant.services.jobs import registry
    from ui import knowledge_examples

    sid = session_handlers.load_page(ctx, None, "en").session_id
    list(handlers.send_message(ctx, sid, "en", HONGXING_NOTES_ZH))
    job = registry(ctx).start(sid, kind="draft")  # a draft of this session is running
    try:
        view = knowledge_examples.redraft(ctx, sid, "en")
        assert "still running" in view.message
        assert len(ctx.store.list_versions(sid)) == 1
    finally:
        registry(ctx).finish(job)
    knowledge_examples.redraft(ctx, sid, "en")
    assert len(ctx.store.list_versions(sid)) == 2
