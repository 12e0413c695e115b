"""The real page in headless Debian chromium (Playwright), against a real streaming OpenAI-protocol server.

Paste notes → the draft streams in (partial content visible before the end) → figure statuses
visible → rewrite a section via chat → restore the previous version → download the .docx →
switch the page language. Skipped only when /usr/bin/chromium is missing.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_scenarios import draft_and_check
from browser_scenarios import wait_loaded as _wait_loaded
from browser_support import (
    PROJECT_ROOT,
    free_port,
    needs_chromium,
    run_app,
    start_ui,
    stop_soon,
    ui_env,
    wait_up,
)
from openai_server import ScriptedOpenAIServer, section_reply
from support import HONGXING_NOTES_ZH as NOTES

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("browser-data")
    with ScriptedOpenAIServer(section_reply, tokens_per_second=60) as server, run_app(data, {
        "REPORT_ASSISTANT_PROVIDER": "openai",
        "REPORT_ASSISTANT_OPENAI_BASE_URL": server.base_url,
        "REPORT_ASSISTANT_OPENAI_API_KEY": "sk-browser-test-key",
        "REPORT_ASSISTANT_OPENAI_MODEL": "test-model",
    }) as url:
        yield url


def _chat_text(page: Any) -> str:
    return str(page.locator("#ra-chat").inner_text())


def test_draft_stream_check_rewrite_restore_download_language(app_url: str, browser: Any, tmp_path: Path) -> None:
    context = browser.new_context(locale="zh-CN", accept_downloads=True, viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(app_url)
    page.wait_for_selector("#ra-send")
    _wait_loaded(page)
    assert page.locator("#ra-send").inner_text().strip() == "发送"  # the browser's language: Chinese

    draft_and_check(page)  # notes → streamed draft → checked figures (tests/browser_scenarios.py)
    # The README's screenshot is refreshed on request only (UPDATE_SCREENSHOT=1), so test runs leave
    # the working tree clean.
    shot = PROJECT_ROOT / "docs" / "screenshot.png" if os.environ.get("UPDATE_SCREENSHOT") else tmp_path / "page.png"
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000

    # Rewrite one section from the chat.
    page.locator("#ra-input textarea").fill("把第二部分改写得更简洁")
    page.locator("#ra-send").click()
    page.wait_for_function(
        "() => /已改写|请问要改写哪一部分/.test(document.querySelector('#ra-chat').innerText)",
        timeout=120_000,
    )
    assert "已改写" in _chat_text(page)

    # Restore the previous version (the Versions tab preselects it as version A).
    page.get_by_role("tab", name="版本").click()
    page.locator("#ra-restore").click()
    page.wait_for_function("() => document.querySelector('#ra-chat').innerText.includes('已恢复到版本')")

    # A manual edit is saved as a version and re-checked: a changed figure is flagged.
    page.get_by_role("tab", name="手动编辑").click()
    editor = page.locator("#ra-editor textarea")
    page.wait_for_function(
        "() => (document.querySelector('#ra-editor textarea') || {value: ''}).value.includes('12.5亿元')")
    editor.fill(editor.input_value().replace("12.5亿元", "13.5亿元", 1))
    page.locator("#ra-save-edit").click()
    page.wait_for_function("() => document.querySelector('#ra-chat').innerText.includes('已保存手动修改')")
    page.get_by_role("tab", name="初稿").click()
    flagged = page.locator("#ra-draft-box p .ra-fig-mismatch, #ra-draft-box p .ra-fig-unsupported")
    assert flagged.count() >= 1 and flagged.first.inner_text().startswith("13.5")
    # Exporting a draft with a flagged figure asks first, listing it; the .docx comes after the confirm.
    page.wait_for_function(
        "() => (document.querySelector('#ra-export-flagged') || {innerText: ''}).innerText.includes('13.5亿元')")
    assert "待核实" in page.locator("#ra-export-flagged").inner_text()
    assert page.locator("#ra-dl-docx").is_disabled()
    page.locator("#ra-export-confirm").click()
    page.wait_for_function("() => !document.querySelector('#ra-dl-docx').disabled")
    page.get_by_role("tab", name="版本").click()
    page.locator("#ra-undo").click()
    page.wait_for_function("() => document.querySelector('#ra-chat').innerText.includes('已撤销')")

    # Download the .docx of the current version.
    page.get_by_role("tab", name="初稿").click()
    with page.expect_download() as info:
        page.locator("#ra-dl-docx").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.suffix == ".docx" and saved.stat().st_size > 2000
    import docx

    text = "\n".join(p.text for p in docx.Document(str(saved)).paragraphs)
    assert "12.5亿元" in text

    # Switch the page language.
    page.locator("#ra-lang").click()
    page.wait_for_function("() => document.querySelector('#ra-send').innerText.trim() === 'Send'")
    assert "Chat" in page.locator("#ra-chat").inner_text() or page.get_by_text("Versions").count() > 0
    # The toggle is remembered by this browser: a reload keeps English and the same session.
    page.reload()
    _wait_loaded(page)
    page.wait_for_function("() => document.querySelector('#ra-send').innerText.trim() === 'Send'")
    assert "12.5亿元" in page.locator("#ra-draft-box").inner_text()
    context.close()


def test_sessions_are_per_browser(app_url: str, browser: Any) -> None:
    """A second browser (its own local storage) starts its own session: no notes from the first."""
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(app_url)
    page.wait_for_selector("#ra-send")
    _wait_loaded(page)
    assert page.locator("#ra-send").inner_text().strip() == "Send"
    page.wait_for_function("() => document.querySelector('#ra-draft-box').innerText.includes('No draft yet')")
    assert "12.5" not in page.locator("#ra-chat").inner_text()
    # Nothing the page loads carries the API key (config, API info, the page itself).
    for path in ("config", "gradio_api/info", ""):
        body = page.request.get(app_url + path).text()
        assert "sk-browser-test-key" not in body, path
    assert "sk-browser-test-key" not in page.content()
    context.close()


def test_page_reopens_its_session_after_the_app_is_killed(browser: Any, tmp_path: Path) -> None:
    """kill -9 the app, start it again on the same data: the same browser sees its draft again."""
    port = free_port()
    data_dir = tmp_path / "data"
    env = ui_env(data_dir, {"REPORT_ASSISTANT_PROVIDER": "offline", "REPORT_ASSISTANT_KNOWLEDGE_DIRS": "[]"})
    log_path = data_dir / "ui.log"
    url = f"http://127.0.0.1:{port}/"

    def start() -> subprocess.Popen[bytes]:
        proc = start_ui(port, env, log_path)
        wait_up(url, proc, log_path=log_path)
        return proc

    proc = start()
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(url)
        _wait_loaded(page)
        page.locator("#ra-input textarea").fill(NOTES)
        page.locator("#ra-send").click()
        page.wait_for_selector("#ra-draft-box p .ra-fig-verified")
        proc.kill()  # SIGKILL: no clean shutdown
        proc.wait(timeout=30)
        proc = start()
        # The same browser opens the page again (its local storage holds the session id). Not
        # page.reload(): Gradio's page reloads itself once it reconnects, and that navigation aborts
        # a reload the test started at the same moment (net::ERR_ABORTED).
        page.close()
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(url)
        _wait_loaded(page)
        # one query per poll: Gradio may re-render the box after the reload (no detached handles)
        page.wait_for_function(
            "() => { const b = document.querySelector('#ra-draft-box');"
            " return !!b && !!b.querySelector('p .ra-fig-verified') && b.innerText.includes('12.5亿元'); }"
        )
        page.wait_for_function("() => document.querySelector('#ra-chat').innerText.includes('初稿已完成')")
    finally:
        context.close()
        stop_soon(proc)
