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


@pytest.mark.parametrize(
    ("text", "title", "first"),
    [
        ("- 新建道路3公里", "【年份】年工作总结暨【下一年份】年工作安排", "【年份】年工作总结"),
        ("工作要点（原始笔记）\n- 新建道路3公里\n明年计划：\n- 新建学校2所", "【年份】年工作总结暨【下一年份】年工作安排",
         "【年份】年工作总结"),
        ("- Built 3 km of new roads", "Summary of [year] and Plan for [next year]", "Summary of [year]"),
    ],
)
def test_a_missing_year_is_a_visible_placeholder_not_today(text: str, title: str, first: str) -> None:
    notes = parse_notes(text)
    outline = make_outline(notes, today=dt.date(2031, 12, 1))
    assert outline.year_missing
    assert (outline.title, outline.sections[0].title) == (title, first)
    assert "2031" not in outline.title and "2032" not in outline.title


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


# --- placement by role; continuations beside their head; the offline draft ------------------------------

E2E_NOTES = """工作要点（原始笔记）
{period}- 地区生产总值由2010年的162.4亿元增加到2015年的287.9亿元
- 年均增长12.1%
- 公共财政预算收入由2010年的5.24亿元增加到2015年的15.07亿元
- 年均增长23.53%
- 城镇常住居民人均可支配收入完成30788元
- 比2010年增加13480元
- 社零136.3亿元 +9.6%
- 新建、改造城市主干道路80条，总里程61.4公里
存在问题：
- 经济总量小，产业结构不优
明年目标和安排：
- 地区生产总值增长7.5%左右
- 旅游收入达到83亿元
- 城镇常住居民人均可支配收入增长8%
- 同比多增1.2个百分点
- 新建、改造城市道路20条
"""
TARGETS = ("7.5%", "83亿元", "8%", "1.2个百分点", "20条")
ACHIEVED = ("162.4亿元", "287.9亿元", "12.1%", "5.24亿元", "15.07亿元", "23.53%", "30788元", "13480元", "136.3亿元", "9.6%",
            "80条", "61.4公里")
PAIRS = (("287.9亿元", "12.1%"), ("15.07亿元", "23.53%"), ("30788元", "13480元"), ("8%", "1.2个百分点"))


def _leaf_of(outline: Outline) -> dict[str, str]:
    return {i: leaf.section_id for leaf in outline.leaves() for i in (*leaf.note_items, *leaf.attached)}


def test_targets_only_in_the_plan_and_continuations_beside_their_head() -> None:
    notes = parse_notes(E2E_NOTES.format(period="时期：2015年\n"))
    outline = make_outline(notes)
    _assert_each_item_once(notes, outline)
    plan_ids = {i for s in outline.sections if s.kind in ("plan", "targets", "measures")
                for leaf in s.leaves() for i in (*leaf.note_items, *leaf.attached)}
    assert plan_ids == {i.item_id for i in notes.items if i.role == "plan"}
    leaf = _leaf_of(outline)
    for cont in notes.continuation_items:
        assert leaf[cont.item_id] == leaf[cont.continues or ""]
        assert cont.item_id not in outline.find(leaf[cont.item_id]).note_items  # written inside its head


def test_every_note_item_once_on_the_evaluation_notes() -> None:
    from pathlib import Path

    folder = Path(__file__).parent / "data" / "eval_notes"
    for path in sorted(folder.glob("hailar_*.txt")):
        notes = parse_notes(path.read_text(encoding="utf-8"))
        outline = make_outline(notes)
        _assert_each_item_once(notes, outline)
        plan_ids = {i for s in outline.sections if s.kind in ("plan", "targets", "measures")
                    for leaf in s.leaves() for i in (*leaf.note_items, *leaf.attached)}
        assert plan_ids == {i.item_id for i in notes.items if i.role == "plan"}, path.name


def _parts(markdown: str, plan_heading: str) -> tuple[str, str]:
    head, _, plan = markdown.partition(plan_heading)
    assert plan, markdown
    return head, plan


def _sentences(text: str) -> list[str]:
    import re

    return [s for s in re.split(r"[。\n]", text) if s.strip()]


@pytest.mark.parametrize(
    ("period", "title", "plan_heading"),
    [("时期：2015年\n", "# 2015年工作总结暨2016年工作安排", "## 三、2016年工作安排"),
     ("", "# 【年份】年工作总结暨【下一年份】年工作安排", "## 三、【下一年份】年工作安排")],
)
def test_offline_draft_places_facts_by_role(period: str, title: str, plan_heading: str) -> None:
    from assistant.drafting.pipeline import draft_report, run_draft

    text = E2E_NOTES.format(period=period)
    if not period:  # notes that state no year anywhere
        text = text.replace("2010年的", "").replace("2015年的", "").replace("比2010年", "比上年")
    notes = parse_notes(text)
    draft = run_draft(draft_report(notes, check=False, today=dt.date(2031, 1, 1)))
    markdown = draft.to_markdown()
    assert markdown.splitlines()[0] == title
    assert "2031" not in markdown and "2032" not in markdown
    assert "工作要点" not in markdown and "原始笔记" not in markdown
    summary, plan = _parts(markdown, plan_heading)
    for figure in TARGETS:
        assert figure in plan, figure
    summary_body = summary.split("\n", 1)[1]
    for figure in ("83亿元", "7.5%", "1.2个百分点", "20条"):
        assert figure not in summary_body, figure
    for figure in ACHIEVED:
        assert figure in summary_body and figure not in plan, figure
    sentences = _sentences(markdown)
    for head, cont in PAIRS:
        assert any(head in s and cont in s for s in sentences), (head, cont)
    assert not any(s.strip().startswith(("年均增长", "比2010年", "比上年", "同比")) for s in sentences)
    if not period:
        from assistant.notes import year_warnings

        assert notes.year_missing and "【年份】" in year_warnings(notes)[0]
