"""The embedded model in the real page (headless Debian chromium, Playwright; the REAL llama.cpp server
with the packaged Qwen2.5-Coder-1.5B): notes → the instant offline draft at once → the model's polish
starts (the progress line says which section) → Stop → the page keeps the complete draft and says it
stopped → a rewrite request runs at once with the same model.

Short notes (3 sections to polish) and Stop as soon as the polish starts keep the run to a few minutes
on a loaded 2-core machine; every wait is for an event on the page, with generous limits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import needs_chromium, run_app
from support import HONGXING_NOTES_ZH as NOTES

pytestmark = [*needs_chromium, pytest.mark.slow]

FIGURES = ["12.5亿元", "6.8%", "3000亩", "45万人次", "1.2亿元", "10万元", "6%", "5个"]


@pytest.fixture(scope="module")
def local_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed (pip install -e '.[local]')")
    from assistant.llm.local_model import prepare_model
    from assistant.settings import Settings

    model = prepare_model(Settings(_env_file=None))  # type: ignore[call-arg]  # the user's assembled model
    data = tmp_path_factory.mktemp("browser-local")
    with run_app(data, {"REPORT_ASSISTANT_PROVIDER": "local", "REPORT_ASSISTANT_LOCAL_MODEL_PATH": str(model)},
                 timeout=180) as url:
        yield url


def _text(page: Any, selector: str) -> str:
    return str(page.locator(selector).inner_text())


def test_instant_draft_then_polish_then_stop_then_rewrite_with_the_local_model(local_app: str, browser: Any) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(180_000)
    page.goto(local_app)
    page.wait_for_function(
        "() => ((document.querySelector('#ra-status') || {}).innerText || '').includes('本地模型已就绪')")

    # Notes: the complete offline draft is on the page at once, before the model has written a word.
    page.locator("#ra-input textarea").fill(NOTES)
    page.locator("#ra-send").click()
    page.wait_for_function(
        "() => ['12.5亿元', '养老服务站'].every(s => document.querySelector('#ra-draft-box').innerText.includes(s))",
        timeout=120_000)
    instant = _text(page, "#ra-draft-box")
    assert all(f in instant for f in FIGURES), instant

    # The model's polish starts: the progress line names the section being polished.
    page.wait_for_function(
        "() => /模型润色第 \\d+\\/\\d+ 节/.test(document.querySelector('#ra-summary').innerText)")
    progress = _text(page, "#ra-summary")
    match = re.search(r"模型润色第 (\d+)/(\d+) 节", progress)
    assert match and int(match.group(2)) >= 2, progress

    # Stop: the page says so, keeps the complete draft (polished sections and the offline rest).
    page.locator("#ra-stop").click()
    page.wait_for_function("() => document.querySelector('#ra-chat').innerText.includes('已按要求停止')",
                           timeout=120_000)
    kept = _text(page, "#ra-draft-box")
    assert all(f in kept for f in FIGURES), kept
    assert "【未生成】" not in kept
    chat = _text(page, "#ra-chat")
    assert "127.0.0.1" not in chat and "http://" not in chat

    # A rewrite at once, with the same local model: it runs (no refusal) and ends with its outcome.
    page.locator("#ra-input textarea").fill("把第二部分改写得更简洁")
    page.locator("#ra-send").click()
    page.wait_for_function(
        "() => /已改写|没有需要修改的地方/.test(document.querySelector('#ra-chat').innerText"
        ".split('把第二部分改写得更简洁').pop())", timeout=300_000)
    after = _text(page, "#ra-chat").split("把第二部分改写得更简洁")[-1]
    assert "上一个请求还在进行中" not in after
    final = _text(page, "#ra-draft-box")
    assert "12.5亿元" in final and "养老服务站" in final  # the other parts are untouched
    context.close()
