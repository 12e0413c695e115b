"""Browser scenarios shared by the single-process tests and the two-replica office stack test.

:func:`draft_and_check` is the main scenario: paste the notes → the draft streams in (partial
content seen before the end) → every figure gets a status, the verified ones naming their note
line → the summary and the chat say the draft is done. ``tests/test_browser.py`` runs it against one
``report-assistant ui``; ``tests/test_office_local.py`` runs the same function through the sticky
proxy of ``scripts/office_local.py`` (two replicas, PostgreSQL, a Chroma server).
"""

from __future__ import annotations

from typing import Any

from support import HONGXING_NOTES_ZH as NOTES

#: The status line names the model once the page's load event has run.
LOADED_JS = "() => /模型|Model/.test((document.querySelector('#ra-status') || {}).innerText || '')"


def wait_loaded(page: Any) -> None:
    """The load event has run: the status line names the model."""
    page.wait_for_function(LOADED_JS)


def draft_and_check(page: Any, notes: str = NOTES, *, timeout_ms: int = 120_000) -> str:
    """Paste ``notes``, send, wait for the checked draft; returns the draft box's final text.

    Asserts: the draft streamed in (at least 3 streaming updates, one shorter than the final text),
    at least 3 verified figures whose hover text names the note line, "已核实" in the summary and
    "初稿已完成" in the chat. Every wait is on the page's own state.
    """
    page.wait_for_selector("#ra-draft-box")
    page.evaluate("""() => {
        window.__drafts = [];
        new MutationObserver(() => {
            const box = document.querySelector('#ra-draft-box');
            if (!box) return;
            const text = box.innerText;
            const streaming = !!box.querySelector('.ra-cursor');
            const last = window.__drafts[window.__drafts.length - 1];
            if (!last || last.text !== text) window.__drafts.push({text, streaming});
        }).observe(document.body, {subtree: true, childList: true, characterData: true});
    }""")
    page.locator("#ra-input textarea").fill(notes)
    page.locator("#ra-send").click()
    page.wait_for_selector("#ra-draft-box .ra-fig-verified", timeout=timeout_ms)
    page.wait_for_function("() => document.querySelector('#ra-chat').innerText.includes('初稿已完成')",
                           timeout=timeout_ms)
    snapshots = page.evaluate("window.__drafts")
    streaming = [s for s in snapshots if s["streaming"] and "各项工作" in s["text"]]
    assert len(streaming) >= 3, f"expected the draft to stream in; saw {len(snapshots)} updates"
    final_text = str(page.locator("#ra-draft-box").inner_text())
    assert any(len(s["text"]) < len(final_text) for s in streaming), "partial content before the end"

    # Figure statuses: highlighted spans whose hover text names the note line.
    verified = page.locator("#ra-draft-box p .ra-fig-verified")
    assert verified.count() >= 3
    assert "笔记第" in (verified.first.get_attribute("title") or "")
    assert "已核实" in page.locator("#ra-summary").inner_text()
    assert "初稿已完成" in page.locator("#ra-chat").inner_text()
    return final_text
