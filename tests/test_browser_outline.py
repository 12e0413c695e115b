"""Outline first in the real page (headless Debian chromium, offline provider): notes → the proposed
outline shown → a heading renamed (in the editor) and an item moved (a command) → drafted from the
edited outline → the draft follows it and the key indicators table is in the page with its figures
verified. Skipped only when /usr/bin/chromium is missing."""

from __future__ import annotations

from typing import Any

from browser_support import needs_chromium

pytestmark = needs_chromium

NOTES = """红星镇2025年工作总结笔记
- 全镇地区生产总值完成12.5亿元，同比增长6.8%
- 一般公共预算收入完成8600万元，同比增长3.2%
- 社零5.6亿元 +8.1%
- 新建高标准农田3000亩
- 接待游客45万人次，旅游收入1.2亿元
- 问题：村集体经济薄弱，12个村收入低于10万元
- 2026年目标：地区生产总值增长6%左右
- 计划新建村级养老服务站5个
"""


def _editor(page: Any) -> str:
    return str(page.locator("#ot-editor textarea").input_value())


def test_outline_first_edit_then_draft_with_indicators(offline_app: str, browser: Any) -> None:
    app_url = offline_app  # the session's offline app: this test works in its own browser context
    context = browser.new_context(locale="zh-CN", viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(app_url)
    page.wait_for_selector("#ra-send")
    page.wait_for_function("() => /模型|Model/.test((document.querySelector('#ra-status') || {}).innerText || '')")

    page.get_by_role("tab", name="提纲").click()
    page.wait_for_function("() => /请先粘贴笔记/.test(document.querySelector('#ot-message').innerText)")
    page.locator("#ot-notes textarea").fill(NOTES)
    page.locator("#ot-propose").click()
    page.wait_for_function(
        "() => (document.querySelector('#ot-editor textarea') || {}).value?.includes('## 一、2025年')")
    outline = _editor(page)
    assert "### （一）经济运行稳中有进" in outline and "- n5 新建高标准农田3000亩" in outline
    assert "已生成提纲" in page.locator("#ot-message").inner_text()

    # rename a heading in the editor, save
    page.locator("#ot-editor textarea").fill(outline.replace("（一）经济运行稳中有进", "（一）主要经济指标"))
    page.locator("#ot-save").click()
    page.wait_for_function("() => /已保存/.test(document.querySelector('#ot-message').innerText)")
    assert "（一）主要经济指标" in _editor(page)

    # move an item with a command (the chat's wording)
    page.locator("#ot-command textarea").fill("把第5条移到第2项")
    page.locator("#ot-apply").click()
    page.wait_for_function("() => /条目n5移到第2项/.test(document.querySelector('#ot-message').innerText)")
    block = _editor(page).split("### （一）主要经济指标", 1)[1].split("###", 1)[0]
    assert "- n5 " in block

    # draft from the edited outline
    page.locator("#ot-draft").click()
    page.wait_for_function("() => /已按提纲起草/.test(document.querySelector('#ot-message').innerText)",
                           timeout=120_000)
    page.get_by_role("tab", name="初稿").click()
    page.wait_for_function("() => /主要经济指标/.test(document.querySelector('#ra-draft-box').innerText)",
                           timeout=60_000)
    draft = str(page.locator("#ra-draft-box").inner_text())
    economy = draft.split("主要经济指标", 1)[1].split("（二）", 1)[0]
    assert "3000亩" in economy  # the moved item is drafted under the renamed heading
    assert "经济运行稳中有进" not in draft
    # the key indicators table, in the summary part, its figures verified
    assert "主要指标完成情况表" in draft and "| 地区生产总值 | 亿元 |" in draft
    assert draft.index("主要指标完成情况表") < draft.index("存在的问题")
    verified = page.locator("#ra-draft-box .ra-fig-verified", has_text="8600万元")
    assert verified.count() >= 2  # in the text and in the table
    assert "已按提纲起草" in page.locator("#ra-chat").inner_text()

    # the page language toggle relabels the tab
    page.locator("#ra-lang").click()
    page.get_by_role("tab", name="Outline").click()
    page.wait_for_function("() => /Propose outline/.test(document.querySelector('#ot-propose').innerText)")
    context.close()
