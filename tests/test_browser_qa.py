"""What a new user hit in the real page (session 5, wave 10 QA), in headless Debian chromium, offline writer.

Notes without a year, typed with a header after bullets → the chat shows the header on its own line (not
inside the last bullet) → the draft shows 【年份】 and the notice says how to give the year → the user
answers "年份是2025年" → the draft is redrafted as the 2025 review and the 2026 plan, the answer is no
note of the draft → a binary file uploaded as notes is refused in Chinese, naming the file, not the
server's upload path, and the draft stays. Skipped only when /usr/bin/chromium is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from browser_support import needs_chromium

pytestmark = needs_chromium

NOTES = """县农业农村局工作总结
- 粮食总产量达到15.2万吨，比上年增加0.8万吨
- 发放惠农补贴资金3280万元
存在的问题
- 有效灌溉面积仅占耕地的41%
下一步工作打算
- 新建高标准农田3万亩
"""

CHAT_HAS = "(s) => (document.querySelector('#ra-chat') || {innerText: ''}).innerText.includes(s)"
DRAFT_HAS = "(s) => (document.querySelector('#ra-draft-box') || {innerText: ''}).innerText.includes(s)"


def test_year_answer_chat_lines_and_a_bad_upload(offline_app: str, browser: Any, tmp_path: Path) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(offline_app)
    page.wait_for_selector("#ra-send")
    page.wait_for_function("() => ((document.querySelector('#ra-status') || {}).innerText || '').length > 0")
    page.locator("#ra-input textarea").fill(NOTES)
    page.locator("#ra-send").click()
    page.wait_for_selector("#ra-draft-box .ra-fig-verified")
    page.wait_for_function(CHAT_HAS, arg="回复“年份是2025年”")  # the notice says how to give the year
    assert "【年份】" in page.locator("#ra-draft-box").inner_text()

    # The notes keep their lines: the header typed after the bullets is no part of the bullet above.
    items = page.locator("#ra-chat li").all_inner_texts()
    assert any("3280万元" in i for i in items) and not any("存在的问题" in i or "下一步" in i for i in items), items

    # The answer to the notice sets the year: the title and headings follow; it is no note of the draft.
    page.locator("#ra-input textarea").fill("年份是2025年")
    page.locator("#ra-send").click()
    page.wait_for_function(DRAFT_HAS, arg="县农业农村局2025年工作总结暨2026年工作安排")
    page.wait_for_selector("#ra-draft-box .ra-fig-verified")
    draft = page.locator("#ra-draft-box").inner_text()
    assert "【年份】" not in draft and "年份是" not in draft and "3万亩" in draft

    # A binary file uploaded as notes: refused in Chinese, naming the file, nothing lost.
    bad = tmp_path / "会议记录.txt"
    bad.write_bytes(b"\x00\x01\x02binary\x00" * 300)
    page.locator("#ra-upload input[type=file]").set_input_files(str(bad))
    page.wait_for_function(CHAT_HAS, arg="无法读取“会议记录.txt”")
    chat = page.locator("#ra-chat").inner_text()
    assert "二进制" in chat and str(tmp_path) not in chat and "/tmp" not in chat
    assert "县农业农村局2025年工作总结暨2026年工作安排" in page.locator("#ra-draft-box").inner_text()
    context.close()
