"""Draft section trees: heading recognition, nesting, stable ids, byte-identical round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import InputError
from assistant.sections import find_heading, parse_draft, render, replace_section

REAL = Path(__file__).resolve().parent / "data" / "public" / "real-reports"

ZH_MD = """# 某镇2025年工作总结暨2026年工作安排

## 一、2025年工作总结

### （一）经济运行稳中有进

全年完成固定资产投资1.2亿元，同比增长8%。

### （二）民生保障持续加强

新增就业320人。

## 二、存在的问题

招商引资难度加大。

## 三、2026年工作安排

力争固定资产投资增长10%左右。
"""

ZH_PLAIN = """某镇2025年工作总结
　　今年以来，我镇在县委县政府的领导下开展工作。
第一部分　2025年工作总结
一、经济发展
（一）工业
1、规上工业
规上工业产值4.2亿元。
2、园区建设
园区新入驻企业5家。
（二）农业
粮食产量3.1万吨。
二、社会事业
① 教育
新建学校1所。
② 卫生
第二部分　2026年工作安排
一、总体目标
地区生产总值增长6%。
"""

EN_NUM = """Annual Report 2025

This report summarises the year.

1. Summary of 2025
Revenue reached $4.2 million.
1.1 Sales
Sales grew 12 percent.
1.2 Operations
Costs fell 3 percent.
2. Challenges
Hiring is slow.
3. Plan for 2026
We aim for 10 percent growth.
"""

EN_MD = """# Work report

## Summary of 2025

Revenue reached $4.2 million.

## Challenges

Hiring is slow.

## Plan for 2026

Grow 10 percent.
"""

NO_HEADINGS_ZH = "今年以来，我镇完成投资1.2亿元。\n\n新增就业320人。\n"
NO_HEADINGS_TITLED = "工作总结\n\n今年以来，我镇完成投资1.2亿元。\n新增就业320人。\n"


def _outline(text: str) -> list[tuple[str, str]]:
    return [(s.id, s.label) for s in parse_draft(text).walk()]


@pytest.mark.parametrize(
    ("text", "title", "outline"),
    [
        (
            ZH_MD,
            "某镇2025年工作总结暨2026年工作安排",
            [("s1", "一、2025年工作总结"), ("s1.1", "（一）经济运行稳中有进"), ("s1.2", "（二）民生保障持续加强"),
             ("s2", "二、存在的问题"), ("s3", "三、2026年工作安排")],
        ),
        (
            ZH_PLAIN,
            "某镇2025年工作总结",
            [("s1", "第一部分2025年工作总结"), ("s1.1", "一、经济发展"), ("s1.1.1", "（一）工业"),
             ("s1.1.1.1", "1、规上工业"), ("s1.1.1.2", "2、园区建设"), ("s1.1.2", "（二）农业"),
             ("s1.2", "二、社会事业"), ("s1.2.1", "①教育"), ("s1.2.2", "②卫生"),
             ("s2", "第二部分2026年工作安排"), ("s2.1", "一、总体目标")],
        ),
        (
            EN_NUM,
            "Annual Report 2025",
            [("s1", "1. Summary of 2025"), ("s1.1", "1.1 Sales"), ("s1.2", "1.2 Operations"),
             ("s2", "2. Challenges"), ("s3", "3. Plan for 2026")],
        ),
        (EN_MD, "Work report", [("s1", "Summary of 2025"), ("s2", "Challenges"), ("s3", "Plan for 2026")]),
        (NO_HEADINGS_ZH, None, [("s1", "")]),
        (NO_HEADINGS_TITLED, "工作总结", [("s1", "")]),
    ],
    ids=["zh-markdown", "zh-plain-nested", "en-numbered", "en-markdown", "zh-no-headings", "zh-no-headings-title"],
)
def test_outline_title_and_round_trip(text: str, title: str | None, outline: list[tuple[str, str]]) -> None:
    tree = parse_draft(text)
    assert tree.title == title
    assert _outline(text) == outline
    assert render(tree) == text


def test_preamble_and_headingless_body() -> None:
    tree = parse_draft(ZH_PLAIN)
    assert tree.preamble == "某镇2025年工作总结\n　　今年以来，我镇在县委县政府的领导下开展工作。\n"
    t2 = parse_draft(NO_HEADINGS_TITLED)
    assert t2.headingless and t2.preamble == "工作总结\n\n"
    assert t2.sections[0].body == "今年以来，我镇完成投资1.2亿元。\n新增就业320人。\n"


@pytest.mark.parametrize(
    ("line", "kind", "marker", "title", "number"),
    [
        ("一、2025年工作总结", "cn_num", "一、", "2025年工作总结", 1),
        ("十二、其他工作", "cn_num", "十二、", "其他工作", 12),
        ("（三）民生保障", "cn_paren", "（三）", "民生保障", 3),
        ("(四) 生态建设", "cn_paren", "(四)", "生态建设", 4),
        ("第二部分 2026年工作安排", "part", "第二部分", "2026年工作安排", 2),
        ("第3章", "part", "第3章", "第3章", 3),
        ("1、规上工业", "arabic", "1、", "规上工业", 1),
        ("2. Challenges", "arabic", "2.", "Challenges", 2),
        ("２．园区建设", "arabic", "２．", "园区建设", 2),
        ("（1）教育", "arabic_paren", "（1）", "教育", 1),
        ("③ 卫生", "circled", "③", "卫生", 3),
        ("1.2 Operations", "decimal2", "1.2", "Operations", 1),
        ("II. Challenges", "roman", "II.", "Challenges", 2),
        ("B. Hiring", "letter", "B.", "Hiring", 2),
        ("Part 2: Plan", "part", "Part 2", "Plan", 2),
        ("Section III - Outlook", "part", "Section III", "Outlook", 3),
        ("## 二、存在的问题", "md2", "##", "二、存在的问题", 2),
        ("**一、工作总结**", "cn_num", "一、", "工作总结", 1),
        ("**Key results**", "bold", "**", "Key results", None),
    ],
)
def test_heading_table(line: str, kind: str, marker: str, title: str, number: int | None) -> None:
    h = find_heading(line + "\n")
    assert h is not None
    assert (h.kind, h.marker, h.title, h.number) == (kind, marker, title, number)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "全年完成固定资产投资1.2亿元，同比增长8%。",
        "一是加强领导；二是完善机制。",
        "——坚持稳中求进。",
        "1. 完成固定资产投资1.2亿元，同比增长8%，超额完成全年任务。",
        "1. We completed 42 projects.",
        "3.5%的增速高于全省平均水平",
        "2025年是“十四五”收官之年",
        "- bullet item",
        "一、" + "很长的标题" * 12,
    ],
)
def test_not_headings(line: str) -> None:
    assert find_heading(line) is None


def test_run_in_heading_splits_inside_the_line() -> None:
    text = "一、过去一年工作回顾\n（一）经济增长进一步加快。2011年，地区生产总值完成198.5亿元。\n（二）项目带动成效凸显\n内容。\n"
    tree = parse_draft(text)
    s = tree.get("s1.1")
    assert s.title == "经济增长进一步加快"
    assert s.heading == "（一）经济增长进一步加快。"
    assert s.body == "2011年，地区生产总值完成198.5亿元。\n"
    assert render(tree) == text
    new = replace_section(tree, "s1.1", "2011年，经济平稳增长。")
    assert new == text.replace("2011年，地区生产总值完成198.5亿元。", "2011年，经济平稳增长。")


@pytest.mark.parametrize("text", [ZH_MD, ZH_PLAIN, EN_NUM, EN_MD], ids=["zh-md", "zh-plain", "en-num", "en-md"])
def test_replace_section_keeps_other_bytes_and_ids(text: str) -> None:
    tree = parse_draft(text)
    ids = [s.id for s in tree.walk()]
    for target in ids:
        new_text = replace_section(tree, target, "NEW BODY 新内容。")
        new_tree = parse_draft(new_text)
        t = tree.get(target)
        # everything before the section's body and after its span is byte-identical
        assert new_text.startswith(text[: t.body_start])
        assert new_text.endswith(text[t.span_end :])
        assert new_tree.section_body(target).strip() == "NEW BODY 新内容。"
        # siblings and ancestors keep their ids and titles; descendants of the target are replaced
        kept = [s.id for s in tree.walk() if not s.id.startswith(target + ".")]
        assert [s.id for s in new_tree.walk()] == kept
        for sid in kept:
            if sid != target and not target.startswith(sid + ".") and not sid.startswith(target):
                assert new_tree.section_text(sid) == tree.section_text(sid)


def test_replace_section_errors() -> None:
    tree = parse_draft(ZH_MD)
    with pytest.raises(InputError):
        replace_section(tree, "s9", "x")
    with pytest.raises(InputError):
        replace_section(tree, "s1", "  \n")


def test_tree_json_shape() -> None:
    data = parse_draft(ZH_MD).to_json()
    assert data["title"] == "某镇2025年工作总结暨2026年工作安排"
    s1 = data["sections"][0]
    assert (s1["id"], s1["title"], s1["number"]) == ("s1", "一、2025年工作总结", 1)
    assert [c["id"] for c in s1["children"]] == ["s1.1", "s1.2"]


REAL_FILES = sorted(REAL.glob("*.txt"))


@pytest.mark.parametrize("path", REAL_FILES, ids=[p.stem for p in REAL_FILES])
def test_real_reports_round_trip_byte_identical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    tree = parse_draft(text)
    assert render(tree) == text
    ids = [s.id for s in tree.walk()]
    assert len(ids) == len(set(ids))
    # replacing the last top-level section leaves every byte before it untouched
    last = tree.sections[-1]
    new = replace_section(tree, last.id, "改写后的内容。")
    assert new[: last.body_start] == text[: last.body_start]


def test_real_report_structure_hailar_2015() -> None:
    path = REAL / "cn_county_hailar_gwr_2015.txt"
    tree = parse_draft(path.read_text(encoding="utf-8"))
    assert [s.label for s in tree.sections] == ["一、2014年工作回顾", "二、2015年工作安排"]
    assert tree.get("s1.1").label == "（一）县域经济实力稳步提升"
    assert len(tree.get("s2").children) == 10


EVAL_NOTES = sorted((Path(__file__).resolve().parent / "data" / "eval_notes").glob("*.txt"))


@pytest.mark.parametrize("notes_path", EVAL_NOTES, ids=[p.stem for p in EVAL_NOTES])
def test_offline_provider_drafts_round_trip(notes_path: Path) -> None:
    """Every draft the offline provider writes parses into its sections and renders byte-identically."""
    from assistant.drafting.pipeline import draft_report, run_draft
    from assistant.notes import parse_notes

    draft = run_draft(draft_report(parse_notes(notes_path.read_text(encoding="utf-8")), model=None))
    md = draft.to_markdown()
    tree = parse_draft(md)
    assert render(tree) == md
    assert tree.title == draft.title
    assert [s.label for s in tree.walk()] == [s.heading for s in draft.sections]
