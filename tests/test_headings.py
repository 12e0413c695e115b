"""Heading recognition, Chinese and English: one table of lines and what they must parse to."""

from __future__ import annotations

import pytest

from assistant.headings import Heading, parse_heading, plain_cjk_heading, split_heading

# line, expected (level, marker, title, kind, body) or None
CASES: list[tuple[str, tuple[int, str, str, str, str] | None]] = [
    # --- Chinese, by level --------------------------------------------------------------------
    ("第一部分", (0, "第一部分", "", "part", "")),
    ("第三部分 XX年工作打算", (0, "第三部分", "XX年工作打算", "part", "")),
    ("第二章　主要任务", (0, "第二章", "主要任务", "part", "")),
    ("二、进一步调整产业结构,推动农村经济较快发展", (1, "二、", "进一步调整产业结构,推动农村经济较快发展", "cn_number", "")),
    ("一、2024年工作回顾", (1, "一、", "2024年工作回顾", "cn_number", "")),
    ("十三、明确研修内容及步骤。为避免出现盲目现象", (1, "十三、", "明确研修内容及步骤", "cn_number", "为避免出现盲目现象")),
    ("四、XX年工作安排", (1, "四、", "XX年工作安排", "cn_number", "")),
    ("（一）协同作战,全速推进,基本建设取得超常规进展", (2, "（一）", "协同作战,全速推进,基本建设取得超常规进展", "cn_paren", "")),
    ("(一)关于经济形势", (2, "(一)", "关于经济形势", "cn_paren", "")),
    (
        "（三）千方百计扩大内需，高质量发展内生动力持续增强。大力提振消费。",
        (2, "（三）", "千方百计扩大内需，高质量发展内生动力持续增强", "cn_paren", "大力提振消费。"),
    ),
    ("2、产业园区不断拓展。投资1146万元,建设了9.9公顷的七台新菜田园区", (3, "2、", "产业园区不断拓展", "number", "投资1146万元,建设了9.9公顷的七台新菜田园区")),
    (
        "1、扎实开展群众路线教育实践活动。群众路线教育实践活动开展以来,镇党委始终牢牢遵循总要求。",
        (3, "1、", "扎实开展群众路线教育实践活动", "number", "群众路线教育实践活动开展以来,镇党委始终牢牢遵循总要求。"),
    ),
    ("1.征地动迁。在国家对土地实行最严格的控制", (3, "1.", "征地动迁", "number", "在国家对土地实行最严格的控制")),
    ("3．给排水建设", (3, "3．", "给排水建设", "number", "")),
    ("１、突出招商引资", (3, "１、", "突出招商引资", "number", "")),
    ("（1）加强组织领导", (4, "（1）", "加强组织领导", "paren_number", "")),
    ("①冶金矿山设备集群。在现有工矿设备基础上", (4, "①", "冶金矿山设备集群", "circled", "在现有工矿设备基础上")),
    ("一、指导思想：坚持稳中求进", (1, "一、", "指导思想", "cn_number", "坚持稳中求进")),
    # --- markdown --------------------------------------------------------------------------------
    ("# 2025年工作总结", (1, "#", "2025年工作总结", "markdown", "")),
    ("## Highlights", (2, "##", "Highlights", "markdown", "")),
    ("### What GAO Found", (3, "###", "What GAO Found", "markdown", "")),
    ("###### Order by Phone", (6, "######", "Order by Phone", "markdown", "")),
    ("## 一、工作回顾 ##", (2, "##", "一、工作回顾", "markdown", "")),
    # --- English ---------------------------------------------------------------------------------
    ("1. Summary of 2025", (3, "1.", "Summary of 2025", "number", "")),
    ("2. Plans for 2026", (3, "2.", "Plans for 2026", "number", "")),
    ("I. Introduction", (1, "I.", "Introduction", "roman", "")),
    ("IV. Budget Request", (1, "IV.", "Budget Request", "roman", "")),
    ("A. Background", (2, "A.", "Background", "letter", "")),
    ("Background", (2, "", "Background", "title", "")),
    ("WHAT GAO FOUND", (2, "", "WHAT GAO FOUND", "title", "")),
    ("By the Numbers: GAO’s Fiscal Year 2025 Accomplishments", (2, "", "By the Numbers: GAO’s Fiscal Year 2025 Accomplishments", "title", "")),
    # --- not headings ----------------------------------------------------------------------------
    ("一是加大招商引资大力度。立足地域特点", None),
    ("二要写好材料,在以文辅政上有提升。", None),
    ("——发展质效不断提高，综合实力进一步跃升。", None),
    ("2024-12-29", None),
    ("2025年", None),
    ("12月)", None),
    ("1.5亿元用于基础设施建设", None),
    ("2、3、4月份增长较快", None),
    ("5、XX年9月19日,应重庆教科院之邀,工作室主持人赴重庆,为重庆地区的高中语文教师做了专题讲座", None),
    ("各位代表：", None),
    ("二、适当提高铁路短途运价，以利于调整运输结构，充分发挥公路和水运的作用；", None),
    ("第二部分,杜总从安全、经营、服务方面,指出分公司存在的问题。他讲", None),
    ("过去一年，我国发展历程很不平凡。", None),
    ("GAO’s mission is to support", None),
    ("of the full", None),
    ("Source: GAO.  |  GAO-26-900720", None),
    ("1. The Secretary of Education should ensure that the Chief Operating Officer of FSA develops a plan.", None),
    ("A. Inspect the receipt copies that the Senate Office of Public Records (OPR) retains to", None),
    ("GAO-26-900720 Fiscal Year 2027 Budget Request 1", None),
    ("Chairman Sessions, Ranking Member Mfume, and Members of the", None),
    ("The agency grew its revenue by 5 percent in 2025.", None),
    ("$62.7 billion", None),
    ("46", None),
    ("#", None),
    ("", None),
]


@pytest.mark.parametrize(("line", "expected"), CASES, ids=[c[0][:24] or "<empty>" for c in CASES])
def test_parse_heading(line: str, expected: tuple[int, str, str, str, str] | None) -> None:
    heading = parse_heading(line)
    if expected is None:
        assert heading is None
    else:
        assert heading == Heading(*expected)


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("二、进一步调整产业结构,推动农村经济较快发展", "二、进一步调整产业结构,推动农村经济较快发展"),
        ("2、产业园区不断拓展。投资1146万元", "2、产业园区不断拓展"),
        ("（一）关于经济形势", "（一）关于经济形势"),
        ("第三部分 XX年工作打算", "第三部分 XX年工作打算"),
        ("1. Summary of 2025", "1. Summary of 2025"),
        ("A. Background", "A. Background"),
        ("## Highlights", "Highlights"),
        ("Background", "Background"),
    ],
)
def test_label_keeps_the_marker(line: str, label: str) -> None:
    heading = parse_heading(line)
    assert heading is not None
    assert heading.label == label


def test_split_heading_returns_title_and_remaining_body() -> None:
    heading, body = split_heading("2、产业园区不断拓展。投资1146万元,日光温室31栋、塑料大棚20栋。")
    assert heading is not None
    assert (heading.marker, heading.title) == ("2、", "产业园区不断拓展")
    assert body == "投资1146万元,日光温室31栋、塑料大棚20栋。"


def test_split_heading_on_body_text_returns_the_line() -> None:
    heading, body = split_heading("  一是培育特色农业。大力发展镇域经济。  ")
    assert heading is None
    assert body == "一是培育特色农业。大力发展镇域经济。"


def test_only_typographic_headings_are_weak() -> None:
    weak = parse_heading("Background")
    strong = parse_heading("一、工作回顾")
    assert weak is not None and weak.weak
    assert strong is not None and not strong.weak


def test_levels_order_the_chinese_outline() -> None:
    lines = ["第一部分", "一、总结", "（一）经济", "1、农业", "①粮食"]
    levels = [h.level for h in (parse_heading(x) for x in lines) if h is not None]
    assert levels == sorted(levels) and len(set(levels)) == len(lines)


@pytest.mark.parametrize(
    ("line", "expected"),
    [("“十四五”时期工作回顾", True), ("结束语", True), ("2026年重点工作", True), ("甘肃省省长 任振鹤", False),
     ("来源：甘肃日报", False), ("一、工作回顾", False), ("全镇完成投资1146万元。", False), ("2025年", False),
     ("Background", False)],
)
def test_plain_cjk_heading_candidates(line: str, expected: bool) -> None:
    heading = plain_cjk_heading(line)
    assert (heading is not None) is expected
    if heading is not None:
        assert heading.weak and heading.kind == "cn_plain" and heading.label == line
