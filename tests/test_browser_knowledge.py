"""The Knowledge tab in headless Debian chromium: upload a .docx example, see it listed, pin it,
draft, see it among the examples used, switch the page language."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_support import needs_chromium, run_app

pytestmark = needs_chromium

TITLE = "紫云镇2024年工作总结暨2025年工作安排"
NOTES = """紫云镇2025年工作总结笔记
- 新建茶叶加工厂2座，茶园面积达到1.2万亩
- 接待游客30万人次，旅游收入2.4亿元
- 问题：道路等基础设施仍然薄弱
- 2026年计划新建茶叶交易中心1个
"""

SHIPPED = """---
title: 工业园区工作总结
language: zh
year: 2014
---
一、招商引资

全年引进项目12个，完成固定资产投资8亿元，园区基础设施不断完善。

二、下一步工作

继续优化营商环境，力争新引进项目15个。
"""


def _example_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph(TITLE, style="Title")
    d.add_paragraph("紫云镇人民政府")
    d.add_paragraph("一、2024年工作总结", style="Heading 1")
    d.add_paragraph("（一）茶产业提质增效", style="Heading 2")
    d.add_paragraph("新建标准化茶园3000亩，茶叶加工厂投产1座，茶农人均增收2100元。")
    d.add_paragraph("（二）乡村旅游加快发展", style="Heading 2")
    d.add_paragraph("建成茶旅融合示范点4个，接待游客20万人次。")
    d.add_paragraph("二、2025年工作安排", style="Heading 1")
    d.add_paragraph("坚持茶旅融合，力争茶园面积突破1.5万亩。")
    d.save(str(path))
    return path


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("kn-browser")
    shipped = root / "knowledge"
    shipped.mkdir()
    (shipped / "park.md").write_text(SHIPPED, encoding="utf-8")
    env = {
        "REPORT_ASSISTANT_PROVIDER": "offline",
        "REPORT_ASSISTANT_KNOWLEDGE_DIRS": f'["{shipped}"]',
    }
    with run_app(root / "data", env) as url:
        yield url


def _text(page: Any, selector: str) -> str:
    return str(page.locator(selector).inner_text())


def test_upload_pin_draft_and_switch_language(app_url: str, browser: Any, tmp_path: Path) -> None:
    example = _example_docx(tmp_path / "紫云镇总结.docx")
    context = browser.new_context(locale="zh-CN", viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(app_url)
    page.wait_for_selector("#ra-send")

    # Upload the .docx in the Knowledge tab and see it listed as one of "my" examples.
    page.get_by_role("tab", name="范文库").click()
    page.locator("#ra-kn-upload input[type=file]").set_input_files(str(example))
    page.wait_for_function(
        "() => document.querySelector('#ra-kn-message').innerText.includes('已加入 1 篇范文')", timeout=90_000
    )
    assert "关键词检索已可用" in _text(page, "#ra-kn-message")
    table = _text(page, "#ra-kn-table")
    assert TITLE in table and "我的" in table and "紫云镇人民政府" in table

    # Pin it as the session's house-style example (the upload selected it).
    page.locator("#ra-kn-house").click()
    page.wait_for_function("() => document.querySelector('#ra-kn-examples-message').innerText.includes('已保存')")
    assert TITLE in _text(page, "#ra-kn-choices")

    # Draft from the chat.
    page.locator("#ra-input textarea").fill(NOTES)
    page.locator("#ra-send").click()
    page.wait_for_function("() => document.querySelector('#ra-chat').innerText.includes('初稿已完成')",
                           timeout=120_000)

    # The examples behind the draft list the pinned upload first.
    page.locator("#ra-kn-refresh").click()
    page.wait_for_function(
        f"() => document.querySelector('#ra-kn-examples').innerText.includes('{TITLE}')", timeout=30_000
    )
    assert "已固定" in _text(page, "#ra-kn-examples").split("2.")[0]
    # Redraft from the tab with the choices applied: the upload still leads the list.
    page.locator("#ra-kn-redraft").click()
    page.wait_for_function(
        "() => document.querySelector('#ra-kn-examples-message').innerText.includes('已按您的选择重新起草')",
        timeout=120_000,
    )
    # the main page follows the redraft (a Gradio .then, no hidden-button click): its chat says so
    page.wait_for_function(
        "() => document.querySelector('#ra-chat').innerText.includes('已按您的选择重新起草')", timeout=60_000
    )
    examples = _text(page, "#ra-kn-examples")
    first = examples.split("2.")[0]
    assert TITLE in first and "已固定" in first and "我的" in first
    # …and the draft's sources panel shows it too.
    page.get_by_role("tab", name="初稿").click()
    page.get_by_text("参考范文（仅借鉴结构与语气").click()  # open the accordion
    page.wait_for_function(
        f"() => (document.querySelector('#ra-sources')?.innerText || '').includes('{TITLE}')", timeout=30_000
    )

    # Switch the page language: the Knowledge tab follows.
    page.locator("#ra-lang").click()
    page.wait_for_function("() => document.querySelector('#ra-send').innerText.trim() === 'Send'")
    page.get_by_role("tab", name="Knowledge").click()
    page.wait_for_function(
        "() => document.querySelector('#ra-kn-redraft').innerText.trim() === 'Redraft with these choices'"
    )
    assert "mine" in _text(page, "#ra-kn-table")
    assert "Examples behind this draft" in page.content()
    context.close()
