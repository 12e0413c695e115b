"""Outline: default structures, every item assigned once, structure requests, example-shaped titles."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from assistant.documents import Chunk, Hit
from assistant.notes import Notes, parse_notes
from assistant.outline import (
    Outline,
    OutlineOptions,
    make_outline,
    parse_structure_request,
    topic_of,
    zh_number,
)

ZH_NOTES = """单位：海拉尔区发改局
时期：2025年
- 固投100.6亿 +16.6%
- 规上工业增加值增长7%
- 新建道路3公里
- 党员培训200人次
- 粮食产量5万吨
- 一季度新增就业300人
存在问题：
1. 人才短缺
2、招商引资后劲不足
明年计划
（1）力争GDP增长6%左右
（2）推进老旧小区改造
"""

EN_NOTES = """Organisation: Acme Ltd
Period: 2025
- Revenue $4.2M +12%
- Hired 30 engineers
Challenges:
- supply delays
Plans:
- Target revenue $5M
- open a second warehouse
"""


def _assert_each_item_once(notes: Notes, outline: Outline) -> None:
    assigned = outline.assigned_items() + outline.title_items
    counts = Counter(assigned)
    assert all(c == 1 for c in counts.values()), counts
    assert set(assigned) == {i.item_id for i in notes.items}


def _headings(outline: Outline) -> list[str]:
    return [s.heading(outline.language) for s in outline.walk()]


def test_default_chinese_structure() -> None:
    notes = parse_notes(ZH_NOTES)
    outline = make_outline(notes)
    _assert_each_item_once(notes, outline)
    top = [s.heading("zh") for s in outline.sections]
    assert top == ["一、2025年工作总结", "二、存在的问题", "三、2026年工作安排"]
    assert outline.title == "海拉尔区发改局2025年工作总结暨2026年工作安排"
    summary = outline.sections[0]
    assert len(summary.children) >= 3
    assert summary.children[0].heading("zh").startswith("（一）")
    plan = outline.sections[2]
    assert [c.title for c in plan.children] == ["主要目标", "重点举措"]
    targets = [notes.item(i).text for i in plan.children[0].note_items]
    assert targets == ["力争GDP增长6%左右"]


def test_default_english_structure() -> None:
    notes = parse_notes(EN_NOTES)
    outline = make_outline(notes)
    _assert_each_item_once(notes, outline)
    assert [s.title for s in outline.sections] == ["Summary of 2025", "Challenges", "Plan for 2026"]
    assert outline.sections[0].heading("en") == "1. Summary of 2025"


def test_years_default_to_today_without_metadata() -> None:
    notes = parse_notes("- 新建道路3公里")
    outline = make_outline(notes, today=dt.date(2031, 12, 1))
    assert outline.sections[0].title == "2031年工作总结"
    assert outline.plan_year == 2032


def test_no_problem_items_means_no_problem_section() -> None:
    notes = parse_notes("- 新建道路3公里\n明年计划\n- 新建学校2所")
    outline = make_outline(notes)
    assert [s.kind for s in outline.sections] == ["summary", "plan"]
    assert [s.number for s in outline.sections] == [1, 2]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("分成四部分", OutlineOptions(parts=4)),
        ("请分三部分写", OutlineOptions(parts=3)),
        ("分成两部分", OutlineOptions(parts=2)),
        ("不要问题部分", OutlineOptions(problems="merge")),
        ("把问题并入总结", OutlineOptions(problems="merge")),
        ("no problems section please", OutlineOptions(problems="merge")),
        ("merge the challenges into the summary", OutlineOptions(problems="merge")),
        ("单列存在问题", OutlineOptions(problems="section")),
        ("按季度写", OutlineOptions(group_by="quarter")),
        ("不分小节", OutlineOptions(group_by="none")),
        ("部分为：工作成绩、问题、明年打算", OutlineOptions(custom_titles=("工作成绩", "问题", "明年打算"))),
        ("分成以下部分：一、成绩 二、问题", OutlineOptions(custom_titles=("成绩", "问题"))),
        ("sections: Results; Risks; Next steps", OutlineOptions(custom_titles=("Results", "Risks", "Next steps"))),
        ("写得更正式一些", None),
        ("", None),
    ],
)
def test_parse_structure_request(message: str, expected: OutlineOptions | None) -> None:
    assert parse_structure_request(message) == expected


@pytest.mark.parametrize(
    "options",
    [
        OutlineOptions(),
        OutlineOptions(parts=4),
        OutlineOptions(parts=2),
        OutlineOptions(problems="merge"),
        OutlineOptions(group_by="quarter"),
        OutlineOptions(group_by="none"),
        OutlineOptions(custom_titles=("工作成绩", "存在不足", "明年打算")),
        OutlineOptions(custom_titles=("经济发展", "城乡建设", "党的建设", "下一步计划")),
    ],
)
@pytest.mark.parametrize("text", [ZH_NOTES, EN_NOTES, "- 只有一条"])
def test_every_structure_assigns_each_item_once(options: OutlineOptions, text: str) -> None:
    notes = parse_notes(text)
    outline = make_outline(notes, options=options)
    _assert_each_item_once(notes, outline)


def test_four_parts_splits_targets_and_measures() -> None:
    outline = make_outline(parse_notes(ZH_NOTES), options=OutlineOptions(parts=4))
    assert [s.heading("zh") for s in outline.sections] == [
        "一、2025年工作总结", "二、存在的问题", "三、2026年主要目标", "四、2026年重点工作"]


def test_merged_problems_become_the_summary_end() -> None:
    notes = parse_notes(ZH_NOTES)
    outline = make_outline(notes, options=OutlineOptions(problems="merge"))
    assert [s.kind for s in outline.sections] == ["summary", "plan"]
    last = outline.sections[0].children[-1]
    assert last.kind == "problems"
    assert [notes.item(i).text for i in last.note_items] == ["人才短缺", "招商引资后劲不足"]


def test_quarter_grouping() -> None:
    notes = parse_notes("- 一季度新增就业300人\n- 第二季度完成投资5亿元\n- 全年粮食产量5万吨")
    outline = make_outline(notes, options=OutlineOptions(group_by="quarter"))
    assert [c.title for c in outline.sections[0].children] == ["第一季度", "第二季度", "全年综合"]


def test_custom_titles_route_items_by_role_and_topic() -> None:
    notes = parse_notes(ZH_NOTES)
    outline = make_outline(notes, options=OutlineOptions(custom_titles=("工作成绩", "存在不足", "明年打算")))
    by_title = {s.title: [notes.item(i).role for i in s.note_items] for s in outline.sections}
    assert set(by_title["工作成绩"]) == {"achievement"}
    assert set(by_title["存在不足"]) == {"problem"}
    assert set(by_title["明年打算"]) == {"plan"}


def _hit(section: str) -> Hit:
    chunk = Chunk("c1", "r1", "某区政府工作报告", section, "正文", "zh", 0)
    return Hit(chunk, 1.0)


def test_example_sections_shape_the_titles() -> None:
    notes = parse_notes(ZH_NOTES)
    hits = [_hit("一、2014年工作回顾 > （一）经济"), _hit("二、存在的困难和问题"), _hit("三、2015年重点工作")]
    outline = make_outline(notes, hits)
    assert [s.title for s in outline.sections] == ["2025年工作回顾", "存在的困难和问题", "2026年重点工作"]
    assert outline.example_sections == ["2014年工作回顾", "存在的困难和问题", "2015年重点工作"]


@pytest.mark.parametrize(
    ("text", "key"),
    [("固定资产投资100亿元", "projects"), ("地区生产总值300亿元", "economy"), ("粮食产量5万吨", "agriculture"),
     ("党员培训200人次", "party"), ("新增就业300人", "welfare"), ("Revenue $4.2M", "economy"), ("开会", "other")],
)
def test_topic_of(text: str, key: str) -> None:
    assert topic_of(text).key == key


@pytest.mark.parametrize(("n", "zh"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三")])
def test_zh_number(n: int, zh: str) -> None:
    assert zh_number(n) == zh


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("2026年目标：地区生产总值增长6%左右", True),
        ("规上工业增加值增长8%", True),
        ("计划新建村级养老服务站5个", False),
        ("新建乡村公路8公里", False),
        ("推进老旧小区改造", False),
        ("Target 2026: revenue growth of about 7%", True),
        ("Plan to build 2 new primary schools with 1,800 places", False),
    ],
)
def test_targets_and_measures(text: str, target: bool) -> None:
    from assistant.outline import is_target

    notes = parse_notes("明年计划\n" + text if "2026" not in text and "Target" not in text else text)
    item = notes.content_items[0]
    assert is_target(item) is target
