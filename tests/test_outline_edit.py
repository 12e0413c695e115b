"""Outline editing before drafting: JSON and text round trips, validation, edits, chat commands."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from support import HONGXING_NOTES_ZH

from assistant.errors import InputError
from assistant.notes import Notes, parse_notes
from assistant.outline import Outline, make_outline
from assistant.outline_edit import (
    OutlineEdit,
    apply_edit,
    carry_locked,
    headings,
    outline_from_json,
    outline_from_text,
    outline_to_text,
    parse_outline_edit,
    reconcile,
    required_items,
)
from assistant.services.intents import classify

NOTES_EN = """Acme Ltd 2025 annual notes
- Revenue reached $12.5 million, up 8% year on year
- Opened 3 new clinics in the north
- Hired 40 staff for the support team
- Challenge: staff turnover remained high at 18%
- 2026 target: revenue growth of 10%
- Plan to build 2 schools
"""


@pytest.fixture
def notes() -> Notes:
    return parse_notes(HONGXING_NOTES_ZH)


@pytest.fixture
def outline(notes: Notes) -> Outline:
    return make_outline(notes)


def _items(outline: Outline) -> dict[str, list[str]]:
    return {s.title: list(s.note_items) for s in outline.walk()}


def test_json_round_trip_is_identical(notes: Notes, outline: Outline) -> None:
    data = json.loads(json.dumps(outline.to_json(), ensure_ascii=False))
    again = outline_from_json(notes, data)
    assert again.to_json() == outline.to_json()
    assert sorted(again.assigned_items()) == sorted(outline.assigned_items())


def test_text_round_trip_is_identical(notes: Notes, outline: Outline) -> None:
    text = outline_to_text(outline, notes)
    assert "## 一、2025年工作总结" in text and "- n2 全镇地区生产总值完成12.5亿元" in text
    assert outline_from_text(notes, text).to_json() == outline.to_json()


def test_english_round_trip() -> None:
    notes = parse_notes(NOTES_EN)
    outline = make_outline(notes)
    assert outline_from_json(notes, outline.to_json()).to_json() == outline.to_json()
    assert outline_from_text(notes, outline_to_text(outline, notes)).to_json() == outline.to_json()


def _drop(data: dict[str, Any], item: str) -> None:
    for s in data["sections"]:
        for leaf in [s, *s["children"]]:
            if item in leaf["items"]:
                leaf["items"].remove(item)


@pytest.mark.parametrize(("change", "message"), [
    ("unknown", "unknown note item id 'n99'"),
    ("twice", "n2 is listed twice"),
    ("missing", "n3"),
    ("metadata", "title/metadata line"),
    ("no_sections", "non-empty \"sections\""),
    ("empty_title", "non-empty \"title\""),
    ("three_levels", "two levels"),
    ("items_and_children", "has subsections and its own items"),
])
def test_invalid_outlines_are_refused_with_a_clear_message(notes: Notes, outline: Outline, change: str,
                                                           message: str) -> None:
    data = copy.deepcopy(outline.to_json())
    first_leaf = data["sections"][0]["children"][0]
    if change == "unknown":
        first_leaf["items"].append("n99")
    elif change == "twice":
        data["sections"][1]["items"].append("n2")
    elif change == "missing":
        _drop(data, "n3")
    elif change == "metadata":
        first_leaf["items"].append("n1")
    elif change == "no_sections":
        data["sections"] = []
    elif change == "empty_title":
        data["sections"][1]["title"] = "  "
    elif change == "three_levels":
        first_leaf["children"] = [{"title": "x", "items": []}]
    elif change == "items_and_children":
        data["sections"][0]["items"] = ["n2"]
        _drop(data, "n2")
        data["sections"][0]["items"] = ["n2"]
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        outline_from_json(notes, data)


def test_every_required_item_is_placed_once(notes: Notes, outline: Outline) -> None:
    assert sorted(required_items(notes)) == sorted(i for leaf in outline.leaves() for i in leaf.note_items)


# --- edits --------------------------------------------------------------------------------------------
# headings of the Hongxing outline in reading order:
# 1 2025年工作总结 · 2 经济运行稳中有进 (n2) · 3 产业结构持续优化 (n4) · 4 农业农村稳步发展 (n3)
# 5 存在的问题 (n5) · 6 2026年工作安排 · 7 主要目标 (n6) · 8 重点举措 (n7)


@pytest.mark.parametrize(("edit", "check"), [
    (OutlineEdit("rename", heading=2, title="经济发展"),
     lambda o: headings(o)[1].title == "经济发展" and headings(o)[1].note_items == ["n2"]),
    (OutlineEdit("reorder", heading=4, target=2),
     lambda o: [s.title for s in o.sections[0].children][:2] == ["农业农村稳步发展", "经济运行稳中有进"]),
    (OutlineEdit("reorder", heading=2, target=4, title="after"),
     lambda o: [s.title for s in o.sections[0].children][-1] == "经济运行稳中有进"),
    (OutlineEdit("merge", heading=4, target=2),
     lambda o: _items(o)["经济运行稳中有进"] == ["n2", "n3"] and "农业农村稳步发展" not in _items(o)),
    (OutlineEdit("move", item="n3", target=3),
     lambda o: _items(o)["产业结构持续优化"] == ["n4", "n3"] and "农业农村稳步发展" not in _items(o)),
    (OutlineEdit("move", item="n7", target=7),
     lambda o: _items(o)["主要目标"] == ["n6", "n7"]),
    (OutlineEdit("lock", heading=5), lambda o: headings(o)[4].locked),
])
def test_edits(notes: Notes, outline: Outline, edit: OutlineEdit, check: Any) -> None:
    edited = apply_edit(outline, edit, notes)
    assert check(edited), outline_to_text(edited, notes)
    assert sorted(i for leaf in edited.leaves() for i in leaf.note_items) == sorted(required_items(notes))
    assert outline.to_json() == make_outline(notes).to_json()  # the original is not changed
    # ids and numbers follow the new order
    assert [s.section_id for s in edited.sections] == [f"s{n}" for n in range(1, len(edited.sections) + 1)]
    assert outline_from_json(notes, edited.to_json()).to_json() == edited.to_json()


def test_split_makes_two_headings() -> None:
    notes = parse_notes("红星镇2025年工作总结笔记\n- 新建道路3公里\n- 改造管网5公里\n- 新建学校2所\n- 新建医院1所\n")
    outline = make_outline(notes)
    flat = headings(outline)
    leaf = next(n for n, s in enumerate(flat, start=1) if len(s.note_items) >= 2)
    edited = apply_edit(outline, OutlineEdit("split", heading=leaf, title="社会事业"), notes)
    titles = [s.title for s in headings(edited)]
    assert "社会事业" in titles and len(titles) == len(flat) + 1
    new = next(s for s in headings(edited) if s.title == "社会事业")
    assert new.note_items and sorted(required_items(notes)) == sorted(edited.assigned_items())


@pytest.mark.parametrize(("edit", "message"), [
    (OutlineEdit("rename", heading=42, title="x"), "there is no heading 42"),
    (OutlineEdit("move", item="n99", target=2), "no heading holds"),
    (OutlineEdit("move", item="n2", target=1), "has subsections"),
    (OutlineEdit("merge", heading=2, target=1), "cannot be merged into itself, its part"),
    (OutlineEdit("reorder", heading=2, target=5), "only move among"),
    (OutlineEdit("split", heading=2), "fewer than two items"),
])
def test_impossible_edits_say_why(notes: Notes, outline: Outline, edit: OutlineEdit, message: str) -> None:
    with pytest.raises(InputError, match=message):
        apply_edit(outline, edit, notes)


def test_a_locked_heading_keeps_its_wording(notes: Notes, outline: Outline) -> None:
    locked = apply_edit(apply_edit(outline, OutlineEdit("rename", heading=5, title="短板弱项"), notes),
                        OutlineEdit("lock", heading=5), notes)
    with pytest.raises(InputError, match="locked"):
        apply_edit(locked, OutlineEdit("rename", heading=5, title="别的"), notes)
    rebuilt = carry_locked(make_outline(notes), locked)  # the outline made again (e.g. new notes)
    assert rebuilt.find("s2").title == "短板弱项" and rebuilt.find("s2").locked
    assert "[锁定]" in outline_to_text(locked, notes)
    assert outline_from_text(notes, outline_to_text(locked, notes)).find("s2").locked


def test_stored_outline_follows_added_notes(notes: Notes, outline: Outline) -> None:
    edited = apply_edit(outline, OutlineEdit("rename", heading=2, title="经济发展"), notes)
    more = parse_notes(HONGXING_NOTES_ZH + "- 全镇社会消费品零售总额完成3.1亿元，同比增长5%\n")
    again = reconcile(more, edited.to_json())
    assert again is not None
    assert "经济发展" in [s.title for s in again.walk()]
    assert sorted(again.assigned_items()) == sorted(make_outline(more).assigned_items())


# --- chat commands ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("message", "expected"), [
    ("把第三项并入第一项", OutlineEdit("merge", heading=3, target=1)),
    ("将第4项合并到第2项。", OutlineEdit("merge", heading=4, target=2)),
    ("把第二项改名为经济发展", OutlineEdit("rename", heading=2, title="经济发展")),
    ("第二项改为“经济高质量发展”", OutlineEdit("rename", heading=2, title="经济高质量发展")),
    ("把第5条移到第一项", OutlineEdit("move", item="n5", target=1)),
    ("将条目3移至第2项下", OutlineEdit("move", item="n3", target=2)),
    ("把第三项移到第一项前面", OutlineEdit("reorder", heading=3, target=1)),
    ("把第一项移到第三项之后", OutlineEdit("reorder", heading=1, target=3, title="after")),
    ("拆分第二项", OutlineEdit("split", heading=2)),
    ("把第二项拆成两项，新标题为社会事业", OutlineEdit("split", heading=2, title="社会事业")),
    ("锁定第二项", OutlineEdit("lock", heading=2)),
    ("解锁第二项标题", OutlineEdit("unlock", heading=2)),
    ("merge heading 3 into heading 1", OutlineEdit("merge", heading=3, target=1)),
    ("rename heading 2 to Economy", OutlineEdit("rename", heading=2, title="Economy")),
    ("move item 3 to heading 1", OutlineEdit("move", item="n3", target=1)),
    ("move heading 3 before heading 1", OutlineEdit("reorder", heading=3, target=1)),
    ("move heading 1 after heading 3", OutlineEdit("reorder", heading=1, target=3, title="after")),
    ("split heading 2: Staff", OutlineEdit("split", heading=2, title="Staff")),
    ("lock heading 2", OutlineEdit("lock", heading=2)),
    ("unlock heading 2", OutlineEdit("unlock", heading=2)),
])
def test_chat_outline_commands(message: str, expected: OutlineEdit) -> None:
    assert parse_outline_edit(message) == expected
    assert classify(message, has_draft=False).kind == "outline_edit"
    assert classify(message, has_draft=True).edit == expected


@pytest.mark.parametrize("message", [
    "把第二部分改写得更简洁", "重新生成第二部分", "全镇地区生产总值完成12.5亿元", "分成四部分",
    "- 第三项工作进展顺利", "What is the GDP figure?", "merge the results",
])
def test_other_messages_are_not_outline_edits(message: str) -> None:
    assert parse_outline_edit(message) is None
    assert classify(message, has_draft=True).kind != "outline_edit"
