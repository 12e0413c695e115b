"""A model rewrite that drops a note item (non-numeric too) or ignores "分成几条 / in points" is caught,
re-asked once, then reported (issue 12 item 5)."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.notes import parse_notes
from assistant.rewrite.coverage import asks_for_points, dropped_items, in_points
from assistant.rewrite.engine import RewriteRepair, iter_rewrite, rewrite_section
from assistant.sections import parse_draft

NOTES = """单位：红星镇
时期：2025年
- 地区生产总值完成12.5亿元 +6.8%
存在问题：
- 财政收支矛盾突出
- 人才短缺
"""
DRAFT = """# 红星镇2025年工作总结

## 一、2025年工作总结

全镇地区生产总值完成12.5亿元，同比增长6.8%。

## 二、存在的问题

工作中还存在一些问题和不足：一是财政收支矛盾突出；二是人才短缺。
"""
DROPPED = "当前人才短缺问题较为明显。"
KEPT = "当前财政收支矛盾突出，人才短缺问题较为明显。"


def _fake(*replies: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=r) for r in replies]))


def _problems_id() -> str:
    return parse_draft(DRAFT).sections[1].id


def test_a_dropped_non_numeric_note_is_re_asked_and_fixed() -> None:
    events = list(iter_rewrite(parse_draft(DRAFT), _problems_id(), "改写得更简洁", NOTES,
                               model=_fake(DROPPED, KEPT), language="zh"))
    repairs = [e for e in events if isinstance(e, RewriteRepair)]
    assert repairs and any("财政收支矛盾突出" in p for p in repairs[0].problems)
    result = events[-1].result  # type: ignore[attr-defined]
    assert "财政收支矛盾突出" in result.new_section and result.problems == []


def test_a_note_still_dropped_after_the_re_ask_is_reported() -> None:
    result = rewrite_section(parse_draft(DRAFT), _problems_id(), "改写得更简洁", NOTES,
                             model=_fake(DROPPED, DROPPED), language="zh")
    assert any("财政收支矛盾突出" in p for p in result.problems)


def test_points_requested_but_not_given_are_re_asked_then_reported() -> None:
    flat = "当前财政收支矛盾突出，同时人才短缺。"
    points = "一是财政收支矛盾突出；二是人才短缺。"
    ok = rewrite_section(parse_draft(DRAFT), _problems_id(), "分成几条", NOTES, model=_fake(flat, points),
                         language="zh")
    assert points in ok.new_section and ok.problems == []
    bad = rewrite_section(parse_draft(DRAFT), _problems_id(), "分成几条", NOTES, model=_fake(flat, flat),
                          language="zh")
    assert bad.problems == ["没有按要求分条列出"]


@pytest.mark.parametrize(
    ("instruction", "asks"),
    [("分成几条", True), ("请分条列出", True), ("rewrite it in points", True), ("改写得更简洁", False),
     ("make it shorter", False)],
)
def test_points_requests(instruction: str, asks: bool) -> None:
    assert asks_for_points(instruction) is asks


@pytest.mark.parametrize(
    ("text", "points"),
    [("一是财政收支矛盾突出；二是人才短缺。", True), ("1. 财政收支矛盾突出\n2. 人才短缺", True),
     ("First, revenue fell. Second, costs rose.", True), ("财政收支矛盾突出，人才短缺。", False)],
)
def test_in_points(text: str, points: bool) -> None:
    assert in_points(text) is points


def test_dropped_items_only_counts_what_the_section_covered() -> None:
    items = parse_notes(NOTES).content_items
    before = "工作中还存在一些问题和不足：一是财政收支矛盾突出；二是人才短缺。"
    assert [i.text for i in dropped_items(items, before, DROPPED)] == ["财政收支矛盾突出"]
