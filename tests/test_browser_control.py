"""Control of a running draft in the real page (headless Debian chromium, Playwright), against a slow
streaming OpenAI-protocol server: the Enter / Shift+Enter convention the placeholder states, a short
message answered (no draft), the progress line, a message sent mid-draft refused (no second draft),
Stop keeping the finished sections with the page usable at once (a rewrite runs next)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import needs_chromium, run_app
from openai_server import ScriptedOpenAIServer
from support import HONGXING_NOTES_ZH as NOTES
from test_browser import section_reply

pytestmark = needs_chromium

EXTRA_NOTE = "- 新建乡村学校2所"
SLOW_TPS = 12  # slow enough to stop, refuse and close the page mid-draft
FAST_TPS = 400  # where the model's speed is not under test


@pytest.fixture(scope="module")
def slow_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, ScriptedOpenAIServer]]:
    data = tmp_path_factory.mktemp("browser-control")
    with ScriptedOpenAIServer(section_reply, tokens_per_second=SLOW_TPS) as server, run_app(data, {
        "REPORT_ASSISTANT_PROVIDER": "openai",
        "REPORT_ASSISTANT_OPENAI_BASE_URL": server.base_url,
        "REPORT_ASSISTANT_OPENAI_API_KEY": "sk-browser-test-key",
        "REPORT_ASSISTANT_OPENAI_MODEL": "test-model",
        # the model drafts each section from the notes (the stop/refusal semantics under test); the
        # instant-draft-then-polish path is covered by tests/test_polish.py
        "REPORT_ASSISTANT_DRAFT_POLISH": "false",
    }) as url:
        yield url, server


def _chat(page: Any) -> str:
    return str(page.locator("#ra-chat").inner_text())


def test_stop_mid_draft_keeps_finished_sections_refuses_a_second_draft_and_rewrites_at_once(
    slow_app: tuple[str, ScriptedOpenAIServer], browser: Any,
) -> None:
    url, server = slow_app
    context = browser.new_context(locale="zh-CN", viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(url)
    page.wait_for_function("() => /模型/.test((document.querySelector('#ra-status') || {}).innerText || '')")
    box = page.locator("#ra-input textarea")
    assert "Shift+Enter 发送，Enter 换行" in (box.get_attribute("placeholder") or "")

    # Enter starts a new line (nothing is sent); Shift+Enter sends. A greeting gets a reply, not a draft.
    box.click()
    box.press_sequentially("你好")
    box.press("Enter")
    assert box.input_value() == "你好\n"
    page.wait_for_timeout(500)
    assert "你好" not in _chat(page)
    box.press("Shift+Enter")
    page.wait_for_function("() => document.querySelector('#ra-chat').innerText.includes('请把工作笔记粘贴在这里')")
    assert not server.chat_requests, "a greeting must not start a draft"

    # Paste notes: the draft streams with a progress line above it.
    box.fill(NOTES)
    page.locator("#ra-send").click()
    page.wait_for_function(
        "() => /第 [2-9]\\/\\d+ 节/.test(document.querySelector('#ra-summary').innerText)", timeout=120_000)
    progress = page.locator("#ra-summary").inner_text()
    assert re.search(r"第 \d+/\d+ 节", progress)
    finished = page.locator("#ra-draft-box").inner_text()
    assert "各项工作稳步推进" in finished

    # A message while the draft runs is refused: a notice, the text stays in the box, no second draft.
    requests_before = len(server.chat_requests)
    box.fill(EXTRA_NOTE)
    page.locator("#ra-send").click()
    page.wait_for_function("() => document.body.innerText.includes('上一个请求还在进行中')")
    assert box.input_value() == EXTRA_NOTE

    # Stop: the model request ends, finished sections stay, the page is usable at once.
    page.locator("#ra-stop").click()
    page.wait_for_function("() => document.querySelector('#ra-chat').innerText.includes('已按要求停止')",
                           timeout=60_000)
    requests_at_stop = len(server.chat_requests)
    assert requests_at_stop <= requests_before + 1  # at most the section that was streaming
    draft = page.locator("#ra-draft-box").inner_text()
    assert "各项工作稳步推进" in draft and "【未生成】" in draft
    assert "上一个请求还在进行中" in _chat(page)  # the refusal is in the chat too
    assert "127.0.0.1" not in _chat(page)
    assert not any(EXTRA_NOTE.lstrip("- ") in r.prompt_text for r in server.chat_requests), \
        "the refused message reached the model"
    page.wait_for_timeout(1500)
    assert len(server.chat_requests) == requests_at_stop, "the stopped draft went on asking the model"

    # A rewrite right away (not refused). Its speed is not under test: the model answers fast for it.
    server.tokens_per_second = FAST_TPS
    try:
        box.fill("把第一部分改写得更简洁")
        page.locator("#ra-send").click()
        page.wait_for_function(
            "() => /已改写|请问要改写哪一部分|没有改动/.test(document.querySelector('#ra-chat').innerText)",
            timeout=120_000)
    finally:
        server.tokens_per_second = SLOW_TPS
    assert "上一个请求还在进行中" not in _chat(page).split("把第一部分改写得更简洁")[-1]
    context.close()


def test_the_english_page_states_the_send_key_and_its_stop_button(
    slow_app: tuple[str, ScriptedOpenAIServer], browser: Any,
) -> None:
    url, _server = slow_app
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.wait_for_function(
        "() => (document.querySelector('#ra-send') || {innerText: ''}).innerText.trim() === 'Send'")
    assert page.locator("#ra-stop").inner_text().strip() == "Stop"
    assert "Shift+Enter sends" in (page.locator("#ra-input textarea").get_attribute("placeholder") or "")
    labels = page.evaluate("""() => Array.from(document.querySelectorAll('label, button, [placeholder]'))
        .filter(e => e.offsetParent !== null && e.id !== 'ra-lang')
        .map(e => (e.getAttribute('placeholder') || '') + ' ' + e.innerText)""")
    chinese = [x for x in labels if re.search(r"[\u4e00-\u9fff]", x)]
    assert chinese == [], chinese
    context.close()


def test_closing_the_page_mid_draft_cancels_the_model_stream_and_frees_the_session(
    slow_app: tuple[str, ScriptedOpenAIServer], browser: Any,
) -> None:
    url, server = slow_app
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(url)
    page.wait_for_function("() => /模型/.test((document.querySelector('#ra-status') || {}).innerText || '')")
    page.locator("#ra-input textarea").fill(NOTES)
    page.locator("#ra-send").click()
    page.wait_for_function(
        "() => /第 [2-9]\\/\\d+ 节/.test(document.querySelector('#ra-summary').innerText)", timeout=120_000)
    inflight: list[Any] = []
    for _ in range(200):  # a section is streaming (not the moment between two sections)
        inflight = [r for r in server.chat_requests if r.finished_at is None and r.first_token_at is not None]
        if inflight:
            break
        page.wait_for_timeout(50)
    page.close()  # the browser leaves mid-draft
    # the server stops being asked for sections: the work was cancelled, not left running
    settled = len(server.chat_requests)
    deadline = 60.0
    waited = 0.0
    again = context.new_page()
    while waited < deadline:
        again.wait_for_timeout(2000)
        waited += 2.0
        if len(server.chat_requests) == settled:
            break
        settled = len(server.chat_requests)
    again.wait_for_timeout(8000)  # longer than a section takes at this rate
    assert len(server.chat_requests) == settled, "the draft went on after the page was closed"
    # the section streaming when the page closed was cut off (the server never finished writing it)
    assert inflight and all(r.finished_at is None for r in inflight)
    # the same browser's session (local storage) takes a new request at once: no refusal
    again.set_default_timeout(90_000)
    again.goto(url)
    again.wait_for_function("() => /模型/.test((document.querySelector('#ra-status') || {}).innerText || '')")
    again.locator("#ra-input textarea").fill("你好")
    again.locator("#ra-send").click()
    again.wait_for_function("() => document.querySelector('#ra-chat').innerText.includes('请把工作笔记粘贴在这里')")
    again.locator("#ra-input textarea").fill(NOTES)
    again.locator("#ra-send").click()
    again.wait_for_function(
        "() => /第 [1-9]\\/\\d+ 节/.test(document.querySelector('#ra-summary').innerText)", timeout=120_000)
    assert "上一个请求还在进行中" not in again.locator("body").inner_text()
    context.close()


def test_a_chinese_browser_switched_to_english_shows_no_chinese_words(
    slow_app: tuple[str, ScriptedOpenAIServer], browser: Any,
) -> None:
    url, _server = slow_app
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    page.wait_for_function(
        "() => (document.querySelector('#ra-send') || {innerText: ''}).innerText.trim() === '发送'")
    zone = ("() => { const e = document.querySelector('#ra-upload [data-testid=\"upload-text\"]');"
            " return e ? getComputedStyle(e, '::after').content : ''; }")
    page.wait_for_function(f"({zone})().includes('点击上传')")
    page.locator("#ra-lang").click()
    page.wait_for_function("() => document.querySelector('#ra-send').innerText.trim() === 'Send'")
    page.wait_for_function(f"({zone})().includes('Drop a file here')")
    assert page.locator("#ra-stop").inner_text().strip() == "Stop"
    # every visible label, button and placeholder; text drawn at font-size 0 (Gradio's own drop-zone
    # words in the browser's locale, replaced by the page language's) is not seen
    seen = page.evaluate("""() => Array.from(document.querySelectorAll('label, button, [placeholder], h1'))
        .filter(e => e.offsetParent !== null && e.id !== 'ra-lang' && !e.closest('#ra-chat'))
        .map(e => {
            const hidden = Array.from(e.querySelectorAll('*')).filter(c => getComputedStyle(c).fontSize === '0px');
            let text = e.innerText;
            for (const h of hidden) text = text.replace(h.innerText, '');
            return (e.getAttribute('placeholder') || '') + ' ' + (e.getAttribute('title') || '') + ' ' + text;
        })""")
    chinese = [x for x in seen if re.search(r"[\u4e00-\u9fff]", x)]
    assert chinese == [], chinese
    context.close()
