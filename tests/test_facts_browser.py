"""The figures tab's fact table in headless Debian chromium (Playwright), offline writer.

Paste notes → the draft is checked → open the figures tab → the fact table shows role and period
columns → change one fact's role (achieved → target) → the item moves from the summary part to the
plan part of the redrafted draft. Skipped only when /usr/bin/chromium is missing.
"""

from __future__ import annotations

import re
from typing import Any

from browser_support import needs_chromium
from support import HONGXING_NOTES_ZH as NOTES

pytestmark = needs_chromium

PLAN_HEADING = "三、2026年工作安排"


#: Records every text the facts panel's message shows (a MutationObserver), so the test can tell that
#: the confirmation was never blanked after it appeared (the refresh after an apply used to do that).
RECORD_MESSAGES = """() => {
    const el = document.querySelector('#ra-facts-message');
    window.raFactMessages = [];
    const record = () => {
        const text = el.innerText.trim();
        if (window.raFactMessages[window.raFactMessages.length - 1] !== text) window.raFactMessages.push(text);
    };
    new MutationObserver(record).observe(el, {subtree: true, childList: true, characterData: true});
}"""


def _parts(text: str) -> tuple[str, str]:
    """(summary and problems, plan) of the draft box's text."""
    assert PLAN_HEADING in text, text[:500]
    before, _, plan = text.partition(PLAN_HEADING)
    return before, plan


def _pick(page: Any, elem_id: str, option: re.Pattern[str]) -> None:
    """Choose an option of a Gradio dropdown the way a user does: open it, click the option."""
    page.locator(f"#{elem_id} input").click()
    page.get_by_role("option", name=option).first.click()


def test_fact_table_role_change_moves_the_item(offline_app: str, browser: Any) -> None:
    app_url = offline_app  # the session's offline app: this test works in its own browser context
    context = browser.new_context(locale="zh-CN", viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(app_url)
    page.wait_for_selector("#ra-send")
    page.wait_for_function("() => ((document.querySelector('#ra-status') || {}).innerText || '').length > 0")
    page.locator("#ra-input textarea").fill(NOTES)
    page.locator("#ra-send").click()
    page.wait_for_selector("#ra-draft-box .ra-fig-verified", timeout=120_000)
    summary, plan = _parts(page.locator("#ra-draft-box").inner_text())
    assert "3000亩" in summary and "3000亩" not in plan

    # The figures tab: the checked figures, then the notes' fact table with role and period.
    page.get_by_role("tab", name="数字核对").click()
    facts = page.locator("#ra-facts")
    facts.get_by_text("3000亩").first.wait_for()
    header = facts.get_by_role("row").first.inner_text()  # Gradio's grid: rows are role=row elements
    assert "性质" in header and "时期" in header
    row = facts.get_by_role("row").filter(has_text="3000亩").first
    assert "完成" in row.inner_text() and "2025年" in row.inner_text()

    # Correct its role: achieved → target, apply.
    _pick(page, "ra-fact-pick", re.compile("3000亩"))
    page.wait_for_function(
        "() => (document.querySelector('#ra-fact-role input') || {}).value === '完成'")  # its current role
    _pick(page, "ra-fact-role", re.compile("^目标$"))
    page.evaluate(RECORD_MESSAGES)
    page.locator("#ra-fact-apply").click()
    page.locator("#ra-facts-message").get_by_text("已更正").wait_for(timeout=120_000)
    page.wait_for_function(
        """([heading]) => {
            const text = (document.querySelector('#ra-draft-box') || {}).innerText || '';
            const i = text.indexOf(heading);
            return i > 0 && text.indexOf('3000亩') > i;
        }""", arg=[PLAN_HEADING], timeout=120_000)
    assert "目标" in facts.get_by_role("row").filter(has_text="3000亩").first.inner_text()

    # The draft tab shows the redrafted draft: the item is in the plan part only, every figure checked.
    page.get_by_role("tab", name="初稿").click()
    summary, plan = _parts(page.locator("#ra-draft-box").inner_text())
    assert "3000亩" in plan and "3000亩" not in summary
    assert "已更正" in page.locator("#ra-chat").inner_text()
    # The panel's confirmation stayed: the refresh the page update triggers did not blank it.
    shown = page.evaluate("() => window.raFactMessages")
    first = next(i for i, m in enumerate(shown) if "已更正" in m)
    assert all("已更正" in m for m in shown[first:]), shown

    # The English page: the fact table's headers and roles follow the page language.
    page.locator("#ra-lang").click()
    page.get_by_role("tab", name="Figures", exact=True).click()
    page.wait_for_function(
        "() => /role/.test((document.querySelector('#ra-facts') || {}).innerText || '')", timeout=60_000)
    row = facts.get_by_role("row").filter(has_text="3000亩").first
    assert "target" in row.inner_text()
    assert "period" in facts.get_by_role("row").first.inner_text()
    context.close()
