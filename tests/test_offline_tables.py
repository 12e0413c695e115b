"""Table-style notes in the offline writer (issue 10, wave 8; found drafting real GAO budget notes).

* A title line of any shape (FY-prefixed years, "request", "budget notes", "notes for the 2025 review",
  红星镇2025年工作要点（笔记）, 预算说明, 工作计划, a review and a plan year) is metadata: it gives the
  organisation and the years and is never drafted as body text.
* A period row (``label: FY2025 x; FY2026 y``, ``2014年 x，2015年 y``, ``一季度 x、二季度 y``) is written
  as one sentence per row and part, in both languages, with its declared unit attached; achieved cells
  in the review, request / budget / target cells only in the plan; a row cell another plan note repeats
  (FTE 3,210 / support 3,210 full-time equivalents) is written once.
* The checker verifies every figure of these drafts (no flag on a faithful offline draft).
"""

from __future__ import annotations

import re

import pytest

from assistant.check import blocking_figures, check_draft
from assistant.drafting.offline_rows import row_cell, row_sentence, take_rows
from assistant.drafting.pipeline import draft_report, run_draft
from assistant.note_rows import split_row
from assistant.notes import note_years, parse_notes
from assistant.outline import make_outline

# --- title lines ---------------------------------------------------------------------------------

_EN_BODY = "\n- total budget authority: FY2025 $923,596; FY2026 $903,260\nNext year:\n- support 3,210 FTEs\n"
_ZH_BODY = "\n- 地区生产总值：2014年 265.3亿元，2015年 287.9亿元\n明年目标和安排：\n- 新建学校2所\n"


@pytest.mark.parametrize(
    ("first_line", "body", "organisation", "years"),
    [
        ("GAO budget notes FY2027 request", _EN_BODY, "GAO", (2026, 2027)),
        ("GAO budget notes: FY2027 request", _EN_BODY, "GAO", (2026, 2027)),
        ("GAO FY2027 budget request", _EN_BODY, "GAO", (2026, 2027)),
        ("City of Springfield budget notes FY2027 request", _EN_BODY, "City of Springfield", (2026, 2027)),
        ("Budget request for FY2027 (notes)", _EN_BODY, "", (2026, 2027)),
        ("GAO FY2027 Congressional Budget Justification notes", _EN_BODY, "GAO", (2026, 2027)),
        ("GAO FY2025 performance and accountability report", _EN_BODY, "GAO", (2025, 2026)),
        ("Notes for the 2025 review", _EN_BODY, "", (2025, 2026)),
        ("Riverside Clinic notes for the 2025 review", _EN_BODY, "Riverside Clinic", (2025, 2026)),
        ("红星镇2025年工作要点（笔记）", _ZH_BODY, "红星镇", (2025, 2026)),
        ("红星镇2026年预算说明", _ZH_BODY, "红星镇", (2025, 2026)),
        ("某某局2026年部门预算说明（草稿）", _ZH_BODY, "某某局", (2025, 2026)),
        ("红星镇2026年工作计划", _ZH_BODY, "红星镇", (2025, 2026)),
        ("红星镇2026年一般公共预算草案说明", _ZH_BODY, "红星镇", (2025, 2026)),
        ("红星镇2025年工作总结与计划（笔记）", _ZH_BODY, "红星镇", (2025, 2026)),
        ("红星镇2025年工作总结和2026年工作计划（笔记）", _ZH_BODY, "红星镇", (2025, 2026)),
        ("红星镇2015年预算执行情况和2016年预算（笔记）", _ZH_BODY, "红星镇", (2015, 2016)),
        ("2013年工作和2014年打算（口述整理）", _ZH_BODY, "", (2013, 2014)),
        # found in real use: the organisation after the year, spaces, 小结 / 情况 titles
        ("2025年区教育局工作要点", _ZH_BODY, "区教育局", (2025, 2026)),
        ("2025年度XX县农业农村局工作总结（笔记）", _ZH_BODY, "XX县农业农村局", (2025, 2026)),
        ("城关镇 2025 年工作小结", _ZH_BODY, "城关镇", (2025, 2026)),
        ("县统计局 2025年经济运行情况（草稿）", _ZH_BODY, "县统计局", (2025, 2026)),
        ("2025年上半年工作总结", _ZH_BODY, "", (2025, 2026)),
        ("2025年经济运行情况", _ZH_BODY, "", (2025, 2026)),
        ("Office of Housing Assistance — FY2025 year-end notes", _EN_BODY, "Office of Housing Assistance",
         (2025, 2026)),
        ("某县“十四五”时期工作回顾和2026年打算（初稿）", _ZH_BODY, "某县", (2025, 2026)),
        ("红星镇十四五工作总结和2026年计划", _ZH_BODY, "红星镇", (2025, 2026)),
    ],
)
def test_a_title_line_gives_organisation_and_years_and_is_no_body_text(
        first_line: str, body: str, organisation: str, years: tuple[int, int]) -> None:
    notes = parse_notes(first_line + body)
    assert notes.items[0].role == "metadata"
    assert notes.metadata.get("organisation", "") == organisation
    assert note_years(notes) == years
    title = make_outline(notes).title
    assert organisation in title and str(years[0]) in title and str(years[1]) in title
    draft = run_draft(draft_report(notes, check=False)).to_markdown()
    body_text = "\n".join(ln for ln in draft.splitlines() if not ln.startswith("#"))
    words = re.sub(r"[（(][^）)]*[）)]", "", first_line).replace(organisation, "", 1).strip(" :：")
    assert words not in body_text


@pytest.mark.parametrize(
    "line",
    ["2026年目标：地区生产总值增长6%左右", "Revenue FY2025 report: up 5%", "Plans for 2027:", "全镇地区生产总值完成12.5亿元"],
)
def test_a_content_or_header_line_is_no_title(line: str) -> None:
    notes = parse_notes(line + "\n- 新建学校2所\n")
    assert notes.items[0].key != "title"


def test_a_title_after_a_metadata_line_is_read() -> None:
    notes = parse_notes("单位：红星镇\n2026年部门预算说明\n- 基本支出：2025年执行 3,200；2026年预算 3,450\n")
    assert notes.metadata["organisation"] == "红星镇"
    assert note_years(notes) == (2025, 2026)
    assert all(i.role != "metadata" for i in notes.items[2:])


def test_a_declared_unit_line_is_no_organisation() -> None:
    notes = parse_notes("红星镇2016年预算说明\n单位：万元\n- 一般公共预算收入：2015年 12,345，2016年预算 13,579\n")
    assert notes.metadata["organisation"] == "红星镇"
    notes = parse_notes("单位：万元\n- 一般公共预算收入：2015年 12,345，2016年预算 13,579\n")
    assert "organisation" not in notes.metadata


# --- period rows: split into cells, read back as one cell each -----------------------------------

@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("一般公共预算收入：2014年 12,345，2015年 13,210", ["一般公共预算收入：2014年 12,345", "2015年 13,210"]),
        ("增速：一季度 5.2%、二季度 6.1%、三季度 6.8%", ["增速：一季度 5.2%", "二季度 6.1%", "三季度 6.8%"]),
        ("预算支出：2025年实际 1,000；2026年预算 1,100", ["预算支出：2025年实际 1,000", "2026年预算 1,100"]),
        ("revenue: 2024 $4.1 million, 2025 $4.6 million", ["revenue: 2024 $4.1 million", "2025 $4.6 million"]),
        ("新建学校 2016/2017：12/15个", ["新建学校 2016/2017：12/15个"]),  # a pair keeps its shared unit
        ("地区生产总值2015年完成287.9亿元，增长8.1%", ["地区生产总值2015年完成287.9亿元，增长8.1%"]),  # prose
        ("FY2025 3,556", ["FY2025 3,556"]),
        # no label before the cells: the line stays whole (a cell alone would name no indicator)
        ("2014年地区生产总值265.3亿元，2015年287.9亿元", ["2014年地区生产总值265.3亿元，2015年287.9亿元"]),
    ],
)
def test_split_row(text: str, parts: list[str]) -> None:
    assert split_row(text) == parts


@pytest.mark.parametrize(
    ("notes", "cells"),
    [
        ("- FTE: FY2025 3,556; FY2026 3,353; FY2027 request 3,210",
         [("FTE", "fiscal year 2025", "", "3,556"), ("FTE", "fiscal year 2026", "", "3,353"),
          ("FTE", "fiscal year 2027", "request", "3,210")]),
        ("单位：万元\n- 一般公共预算支出：2015年实际 20,110，2016年预算 21,500",
         [("一般公共预算支出", "2015年", "实际", "20,110万元"), ("一般公共预算支出", "2016年", "预算", "21,500万元")]),
        ("- 规上工业增加值增速：一季度 5.2%、二季度 6.1%",
         [("规模以上工业增加值增速", "一季度", "", "5.2%"), ("规模以上工业增加值增速", "二季度", "", "6.1%")]),
        ("- 地区生产总值287.9亿元，增长8.1%", [None]),
    ],
)
def test_row_cells_carry_label_period_role_and_declared_unit(
        notes: str, cells: list[tuple[str, str, str, str] | None]) -> None:
    items = [i for i in parse_notes(notes).items if i.role != "metadata"]
    got = [(c.label, c.period, c.role, c.value) if (c := row_cell(i)) is not None else None for i in items]
    assert got == cells


# --- the offline drafts -----------------------------------------------------------------------------

GAO = """GAO budget notes FY2027 request
Budget table (dollars in thousands)
- total budget authority: FY2025 $923,596; FY2026 $903,260; FY2027 request $910,347
- appropriation: FY2026 enacted $811,894; FY2027 request $860,084
- FTE: FY2025 3,556; FY2026 3,353; FY2027 request 3,210

Next year:
- support 3,210 full-time equivalents
- use $50 million in offsetting receipts
"""
CLINIC = """Riverside Clinic notes for the 2025 review
- patient visits: Q1 12,400; Q2 13,100; Q3 12,900
- revenue: 2024 $4.1 million; 2025 $4.6 million; 2026 target $5.0 million
- opened 2 satellite sites
Plans:
- hire 6 nurses
"""
ZH_BUDGET = """红星镇2015年预算执行情况和2016年预算（笔记）
单位：万元
- 一般公共预算收入：2014年 12,345，2015年 13,210
- 一般公共预算支出：2015年实际 20,110，2016年预算 21,500
- 规上工业增加值增速：一季度 5.2%、二季度 6.1%、三季度 6.8%
- 新建村级文化活动室12个

2016年计划：
- 新建标准化卫生室5个
"""
ZH_DEPT = """某某局2026年部门预算说明（草稿）
金额单位：万元
- 基本支出：2025年执行 3,200；2026年预算 3,450
- 项目支出：2025年 1,800，2026年 2,100
- 在职人员：2025年 56人
"""
ZH_GDP = """红星镇2015年工作要点（笔记）
- 地区生产总值：2014年 265.3亿元，2015年 287.9亿元
- 新建学校2所
明年目标和安排：
- 地区生产总值增长8%左右
"""

TSV = ("GAO budget (dollars in thousands)\n\tFY2025\tFY2026\tFY2027 request\nFTE\t3,556\t3,353\t3,210\n"
       "Total budget authority\t$923,596\t$903,260\t$910,347\n")
ZH_TSV = ("红星镇2016年预算说明\n单位：万元\n项目\t2015年实际\t2016年预算\n一般公共预算收入\t12,345\t13,579\n"
          "一般公共预算支出\t20,110\t21,500\n")


def _parts(markdown: str) -> tuple[str, str]:
    """(review part, plan part) of a drafted report: the text under the first and the second ## heading."""
    chunks = re.split(r"^## .*$", markdown, flags=re.M)
    assert len(chunks) >= 2, markdown
    body = [re.sub(r"^#.*$", "", c, flags=re.M) for c in [*chunks[1:3], ""]]
    return body[0], body[1]  # no plan part when the notes hold no plan


@pytest.mark.parametrize(
    ("name", "notes", "review", "plan", "once"),
    [
        ("gao", GAO,
         ["Total budget authority was $923,596 thousand in fiscal year 2025 and $903,260 thousand in fiscal year 2026.",
          "Enacted appropriation was $811,894 thousand in fiscal year 2026.",
          "FTE was 3,556 in fiscal year 2025 and 3,353 in fiscal year 2026."],
         ["The fiscal year 2027 request for total budget authority is $910,347 thousand.",
          "The fiscal year 2027 request for appropriation is $860,084 thousand.",
          "The plan for 2027 is to support 3,210 full-time equivalents and use $50 million in offsetting receipts."],
         ["3,210"]),
        ("clinic", CLINIC,
         ["Patient visits were 12,400 in Q1; 13,100 in Q2; and 12,900 in Q3.",
          "Revenue was $4.1 million in 2024 and $4.6 million in 2025."],
         ["The 2026 target for revenue is $5.0 million."], []),
        ("zh_budget", ZH_BUDGET,
         ["一般公共预算收入2014年为12,345万元，2015年为13,210万元。",
          "一般公共预算支出2015年实际为20,110万元。",
          "规模以上工业增加值增速一季度为5.2%；二季度为6.1%；三季度为6.8%。"],
         ["一般公共预算支出2016年预算为21,500万元。"], []),
        ("zh_dept", ZH_DEPT,
         ["基本支出2025年执行3,200万元。", "项目支出2025年为1,800万元。", "在职人员2025年为56人。"],
         ["基本支出2026年预算为3,450万元。", "项目支出2026年为2,100万元。"], []),
        ("tsv", TSV,
         ["FTE was 3,556 in fiscal year 2025 and 3,353 in fiscal year 2026.",
          "Total budget authority was $923,596 thousand in fiscal year 2025 and $903,260 thousand in fiscal year 2026."],
         ["The fiscal year 2027 request for FTE is 3,210.",
          "The fiscal year 2027 request for total budget authority is $910,347 thousand."], ["3,210"]),
        ("zh_tsv", ZH_TSV, ["一般公共预算收入2015年实际为12,345万元。", "一般公共预算支出2015年实际为20,110万元。"],
         ["一般公共预算收入2016年预算为13,579万元。", "一般公共预算支出2016年预算为21,500万元。"], []),
        ("en_label_units", "Riverside Clinic 2015 work notes\n- revenue ($ millions): 2014 4.1; 2015 4.6\n"
                           "- staff (FTEs): 2014 120; 2015 131\n",
         ["Revenue was 4.1 million dollars in 2014 and 4.6 million dollars in 2015.",
          "Staff (FTEs) was 120 in 2014 and 131 in 2015."], [], []),
        ("zh_label_unit", "红星镇2015年工作要点\n- 农牧业收入（万元）：2014年 8,600，2015年 9,100\n",
         ["农牧业收入2014年为8,600万元，2015年为9,100万元。"], [], []),
        ("zh_gdp", ZH_GDP, ["地区生产总值2014年为265.3亿元，2015年为287.9亿元。"], [], []),
    ],
)
def test_a_period_row_is_one_sentence_in_its_part_and_every_figure_verifies(
        name: str, notes: str, review: list[str], plan: list[str], once: list[str]) -> None:
    parsed = parse_notes(notes)
    draft = run_draft(draft_report(parsed, check=False)).to_markdown()
    first, second = _parts(draft)
    for sentence in review:
        assert sentence in first, (name, sentence, draft)
    for sentence in plan:
        assert sentence in second, (name, sentence, draft)
    for figure in once:
        assert draft.count(figure) == 1, (name, figure, draft)
    assert not re.search(r"[:：]\s*(?:fiscal year |FY)?\d{4}", first + second), draft  # no "label: FY2025 x" fragment
    flagged = [(fc.figure.text, fc.reason) for fc in blocking_figures(check_draft(parsed.text, draft))]
    assert flagged == [], (name, draft)
    checked = run_draft(draft_report(parsed, check=True))
    assert all(ds.unverified == 0 for ds in checked.sections), name
    for item in parsed.content_items:
        for fig in item.figures:
            assert fig in draft, (name, fig)


@pytest.mark.parametrize(
    ("notes", "plan", "expected"),
    [
        ("- FTE: FY2026 3,353; FY2027 request 3,210", True,
         "For FTE, the target for fiscal year 2026 is 3,353 and the fiscal year 2027 request is 3,210."),
        ("- appropriation: FY2026 enacted $811,894; FY2027 enacted $820,000", False,
         "Enacted appropriation was $811,894 in fiscal year 2026 and $820,000 in fiscal year 2027."),
        ("- outlays: FY2025 actual $5 million; FY2026 estimate $6 million", False,
         "Outlays were $5 million in fiscal year 2025 (actual) and $6 million in fiscal year 2026 (estimate)."),
        ("- appropriation: FY2027 enacted $820,000; FY2028 request $830,000", True,
         "For appropriation, the enacted level for fiscal year 2027 is $820,000 and the fiscal year 2028 request "
         "is $830,000."),
        ("- FY2026 enacted $811 million", False, "The enacted level for fiscal year 2026 was $811 million."),
        ("- FY2027 request $910 million", True, "The fiscal year 2027 request is $910 million."),
        ("- 营业收入：上半年 1.2亿元、下半年 1.5亿元", False, "营业收入上半年为1.2亿元；下半年为1.5亿元。"),
        ("- 税收收入：2025年预计 8,000万元；2026年目标 8,800万元", True,
         "税收收入2025年预计为8,000万元，2026年目标为8,800万元。"),
    ],
)
def test_row_sentence(notes: str, plan: bool, expected: str) -> None:
    parsed = parse_notes(notes)
    entries, found = take_rows(parsed.content_items)
    assert found and len(entries) == 1 and isinstance(entries[0], list)
    assert row_sentence(entries[0], parsed.language, plan=plan) == expected


def test_a_row_cell_a_plan_note_repeats_is_written_once() -> None:
    notes = parse_notes("FY2027 request\n- FTE: FY2027 request 3,210\n- support 3,210 full-time equivalents\n")
    entries, _ = take_rows(notes.content_items)
    assert [e.text for e in entries if not isinstance(e, list)] == ["support 3,210 full-time equivalents"]
    assert not any(isinstance(e, list) for e in entries)
    # a different indicator with the same number is no repeat
    notes = parse_notes("- schools: FY2027 target 12\n- hire 12 nurses\n")
    entries, _ = take_rows(notes.content_items)
    assert any(isinstance(e, list) for e in entries)


@pytest.mark.parametrize("line", ["2026年计划新建学校", "2025年预算执行情况良好", "FY2027 request was submitted on time"])
def test_a_note_without_a_figure_at_the_top_is_no_title(line: str) -> None:
    notes = parse_notes(line + "\n- 新建学校2所\n")
    assert notes.items[0].key != "title"
    assert notes.items[0].role != "metadata"
