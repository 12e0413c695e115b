"""Declared units and period-labelled value rows in notes (assistant/note_units.py): tables and figure
lists pasted into notes are read with their declared unit and each value's own period, by the fact
table and by both sides of the checker."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.check import check_draft
from assistant.facts import build_facts
from assistant.figures import extract_figures
from assistant.note_rows import period_row
from assistant.note_units import apply_declared_units, declared_units
from assistant.notes import parse_notes

GAO = (
    "GAO budget table (dollars in thousands)\n"
    "FTE: FY2025 3,556; FY2026 3,353; FY2027 request 3,210\n"
    "total budget authority: FY2025 $923,596; FY2026 $903,260; FY2027 request $910,347\n"
    "appropriation: FY2026 enacted $811,894; FY2027 request $860,084\n"
)
GAO_PLAN = "2. Fiscal Year 2027 Request\n"
SCOPE_EN = (
    "Budget (dollars in thousands)\n"
    "revenue: FY2025 $1,200; FY2026 $1,350\n"
    "\n"
    "Other notes\n"
    "- a grant of $5,000 was awarded to the county\n"
)
EXPLICIT_EN = (
    "Spending summary (in millions)\n"
    "- salaries: $420\n"
    "- a one-off settlement of $3.2 billion\n"
    "- budget growth 4.5%\n"
)
ZH_TABLE = (
    "财政收支情况（单位：万元）\n"
    "一般公共预算收入：2015年 12,345；2016年 13,579\n"
    "职工人数：2016年 1,200人\n"
    "\n"
    "其他\n"
    "- 奖励资金 500\n"
)
ZH_LABEL = "2016年主要数据\n- 农牧业收入（万元）：8,600\n- 新建学校：12所\n"
ZH_MULTI = "（单位：万元、%）\n财政收入：25,600\n增长率：8.5\n"
ZH_ROW = "地区生产总值：2014年 265.3亿元，2015年 287.9亿元\n"
TSV = ("GAO budget (dollars in thousands)\n\tFY2025\tFY2026\tFY2027 request\nFTE\t3,556\t3,353\t3,210\n"
       "Total budget authority\t$923,596\t$903,260\t$910,347\n")
FTE_ROW = ("GAO budget notes FY2027 request\n- appropriation: FY2026 enacted $811,894; FY2027 request $860,084\n"
           "- FTE: FY2025 3,556; FY2026 3,353; FY2027 request 3,210\n")
ZH_PAIR = "新建学校 2016/2017：12/15个\n"
ZH_BUDGET = "金额单位：万元\n预算支出：2025年实际 1,000；2026年预算 1,100\n"
ZH_QUARTER = "2016年经济运行\n- 规上工业增加值增速：一季度 5.2%、二季度 6.1%\n"


def _status(notes: str, draft: str, figure: str) -> str:
    result = check_draft(notes, draft)
    start = draft.index(figure)
    end = start + len(figure)
    hits = [fc for fc in result.figures if fc.figure.start < end and fc.figure.end > start and not fc.figure.ignored]
    assert hits, f"{figure!r} not checked"
    return hits[0].status


ACCEPT = {"verified", "approximate", "derived"}


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "expect"),
    [
        # a faithful rescale under a declared unit is accepted …
        (GAO, GAO_PLAN + "The request totals about $910.3 million in budget authority.", "$910.3 million", "accept"),
        (GAO, GAO_PLAN + "Appropriations would be $860.1 million.", "$860.1 million", "accept"),
        (GAO, GAO_PLAN + "The request supports 3,210 full-time equivalents.", "3,210", "accept"),  # FTE: never rescaled
        # … the digits copied without the declared unit are the wrong magnitude
        (GAO, GAO_PLAN + "The request totals $910,347 in budget authority.", "$910,347", "flag"),
        (GAO, GAO_PLAN + "The request totals $910,347 million in budget authority.", "$910,347 million", "flag"),
        # a value given to another period of its row
        (GAO, GAO_PLAN + "The request supports 3,353 full-time equivalents.", "3,353", "flag"),
        (GAO, "1. Fiscal Year 2025\nIn FY 2025 total budget authority was about $903.3 million.", "$903.3 million",
         "flag"),
        (GAO, "1. Fiscal Year 2025\nIn FY 2025 total budget authority was about $923.6 million.", "$923.6 million",
         "accept"),
        # a draft copying the table with its caption reads it as the notes do; a caption the notes
        # lack (pasted without it) leaves the written number to compare
        (GAO, "Table 1 (dollars in thousands)\nFY2027 request: $910,347", "910,347", "accept"),
        ("revenue: FY2025 $1,200; FY2026 $1,350\n", "Budget (dollars in thousands)\nrevenue: FY2026 $1,350",
         "1,350", "accept"),
        # the declaration's scope ends at a blank line
        (SCOPE_EN, "Revenue reached $1.35 million in FY 2026.", "$1.35 million", "accept"),
        (SCOPE_EN, "The county was awarded a grant of $5,000.", "$5,000", "accept"),
        (SCOPE_EN, "The county was awarded a grant of $5 million.", "$5 million", "flag"),
        # a figure's own scale word wins; percentages are never rescaled
        (EXPLICIT_EN, "Salaries cost $420 million.", "$420 million", "accept"),
        (EXPLICIT_EN, "A one-off settlement cost $3.2 billion.", "$3.2 billion", "accept"),
        (EXPLICIT_EN, "Budget growth was 4.5 percent.", "4.5 percent", "accept"),
        # 单位：万元 over a table, a row label's unit, a percent column
        (ZH_TABLE, "2016年一般公共预算收入1.36亿元。", "1.36亿元", "accept"),
        (ZH_TABLE, "2016年一般公共预算收入13579万元。", "13579万元", "accept"),
        (ZH_TABLE, "2016年一般公共预算收入13579元。", "13579元", "flag"),
        (ZH_TABLE, "2015年一般公共预算收入13579万元。", "13579万元", "flag"),  # another period of the row
        (ZH_TABLE, "2016年职工人数1200人。", "1200人", "accept"),  # its own unit word: never rescaled
        (ZH_TABLE, "奖励资金500万元。", "500万元", "flag"),  # the scope ended at the blank line
        (ZH_LABEL, "2016年农牧业收入8600万元。", "8600万元", "accept"),
        (ZH_LABEL, "2016年新建学校12所。", "12所", "accept"),
        (ZH_MULTI, "财政收入2.56亿元，增长8.5%。", "2.56亿元", "accept"),
        (ZH_MULTI, "财政收入2.56亿元，增长8.5%。", "8.5%", "accept"),
        # a period row: each value has its own period
        (ZH_ROW, "2015年地区生产总值287.9亿元。", "287.9亿元", "accept"),
        (ZH_ROW, "2014年地区生产总值287.9亿元。", "287.9亿元", "flag"),
        (ZH_QUARTER, "二季度规上工业增加值增长6.1%。", "6.1%", "accept"),
        (ZH_QUARTER, "一季度规上工业增加值增长6.1%。", "6.1%", "flag"),
        # a spreadsheet pasted with its period header row
        (TSV, GAO_PLAN + "The request totals about $910.3 million in budget authority.", "$910.3 million", "accept"),
        (TSV, GAO_PLAN + "The request supports 3,210 FTEs.", "3,210 FTEs", "accept"),
        (TSV, GAO_PLAN + "The request supports 3,353 FTEs.", "3,353 FTEs", "flag"),
        # a period row's other cells are other periods of the same indicator, never "another indicator"
        (FTE_ROW, GAO_PLAN + "GAO requests $860.1 million, supporting 3,210 FTEs.", "3,210 FTEs", "accept"),
        (FTE_ROW, "In FY 2026 GAO had 3,210 FTEs.", "3,210 FTEs", "flag"),
        (TSV, GAO_PLAN + "The request totals $910,347 in budget authority.", "$910,347", "flag"),
        (ZH_PAIR, "2017年新建学校15个。", "15个", "accept"),
        ("2016/2017: 12/15 个\n", "2017年15个。", "15个", "accept"),  # a pair of values is no code or date
        ("2016/2017: 12/15 个\n", "2016年12个。", "12个", "accept"),
        ("2016/2017: 12/15 个\n", "2016年15个。", "15个", "flag"),
        ("投资 2016/2017年：3.2/4.5亿元\n", "2016年投资3.2亿元。", "3.2亿元", "accept"),  # the unit after both
        ("投资 2016/2017年：3.2/4.5亿元\n", "2016年投资3.2元。", "3.2元", "flag"),
        ("投资 2016/2017年：3.2/4.5亿元\n", "2017年投资3.2亿元。", "3.2亿元", "flag"),
        (ZH_PAIR, "2016年新建学校15个。", "15个", "flag"),
        # a row's role words: 预算 is planned, 实际 achieved
        (ZH_BUDGET, "二、2026年工作安排\n2026年预算支出1100万元。", "1100万元", "accept"),
        (ZH_BUDGET, "一、2026年工作回顾\n2026年完成预算支出1100万元。", "1100万元", "flag"),
        (ZH_BUDGET, "二、2026年工作安排\n2026年预算支出1000万元。", "1000万元", "flag"),
        ("Revenue ($ in millions): FY2024 120; FY2025 135\n", "Revenue rose to $135 million in FY 2025.",
         "$135 million", "accept"),
        ("Revenue ($ in millions): FY2024 120; FY2025 135\n", "Revenue was $135 million in FY 2024.",
         "$135 million", "flag"),
        ("Revenue ($ in millions): FY2024 120; FY2025 135\n", "Revenue was $135 in FY 2025.", "$135", "flag"),
    ],
)
def test_declared_units_and_period_rows_in_the_checker(notes: str, draft: str, figure: str, expect: str) -> None:
    status = _status(notes, draft, figure)
    assert (status in ACCEPT) == (expect == "accept"), status


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (GAO, {1: 1000, 2: 1000, 3: 1000, 4: 1000}),
        (SCOPE_EN, {1: 1000, 2: 1000}),  # the blank line ends it
        ("Amounts in billions\nrevenue 12\n## Staffing\nstaff 40\n", {1: 10**9, 2: 10**9}),  # a header ends it
        ("$ in millions\ngrants 12\n", {1: 10**6, 2: 10**6}),
        ("金额单位：亿元\n财政收入 25.6\n", {1: 10**8, 2: 10**8}),
        ("收入（万元）：12,345\n支出 800\n", {1: 10**4}),  # a row label's unit: its own line only
        ("The agency saved money in billions of dollars.\nrevenue 12\n", {}),  # prose, no declaration
        ("表1 2015年财政收支情况（单位：万元、%）\n收入 100\n", {1: 10**4, 2: 10**4}),
    ],
)
def test_declaration_scope(text: str, lines: dict[int, int]) -> None:
    scopes = declared_units(text)
    assert {n: int(d.main[1]) for n, d in scopes.items()} == lines


@pytest.mark.parametrize(
    ("text", "values"),
    [
        (GAO, [Decimal(3556), Decimal(3353), Decimal(3210), Decimal(923596000), Decimal(903260000),
               Decimal(910347000), Decimal(811894000), Decimal(860084000)]),
        # beside $-amounts a bare number is another column (FTE), not dollars
        ("(dollars in thousands)\n|Human capital|3,540|$760,649|\n", [Decimal(3540), Decimal(760649000)]),
        (ZH_MULTI, [Decimal(256000000), Decimal("8.5")]),
        ("单位：万元\n收入：12,345元\n", [Decimal(12345)]),  # its own 元 wins
    ],
)
def test_rescaled_values(text: str, values: list[Decimal]) -> None:
    figs = [f for f in apply_declared_units(text, extract_figures(text)) if not f.ignored and f.value is not None]
    assert [f.value for f in figs] == values


def test_rescaled_units() -> None:
    figs = [f for f in apply_declared_units(ZH_MULTI, extract_figures(ZH_MULTI)) if not f.ignored]
    assert [(f.unit, f.kind) for f in figs] == [("元", "money"), ("%", "percent")]


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("FTE: FY2025 3,556; FY2026 3,353; FY2027 request 3,210",
         ("FTE", [("FY2025", None), ("FY2026", None), ("FY2027", "target")])),
        ("appropriation: FY2026 enacted $811,894; FY2027 request $860,084",
         ("appropriation", [("FY2026", "achieved"), ("FY2027", "target")])),
        ("地区生产总值：2014年 265.3亿元，2015年 287.9亿元", ("地区生产总值", [("2014年", None), ("2015年", None)])),
        ("预算支出：2025年实际 1,000；2026年预算 1,100", ("预算支出", [("2025年", "achieved"), ("2026年", "target")])),
        ("增速：一季度 5.2%、二季度 6.1%", ("增速", [("一季度", None), ("二季度", None)])),
        ("新建学校 2016/2017：12/15个", ("新建学校", [("2016年", None), ("2017年", None)])),
        ("地区生产总值265.3亿元，增长8%", None),  # one period at most: no row
        ("2015年地区生产总值287.9亿元", None),
    ],
)
def test_period_rows(line: str, cells: tuple[str, list[tuple[str, str | None]]] | None) -> None:
    row = period_row(line)
    if cells is None:
        assert row is None
        return
    assert row is not None
    assert (row.label, [(c.period, c.role) for c in row.cells]) == cells


def test_fact_table_reads_declared_units_and_period_rows() -> None:
    table = build_facts(parse_notes(GAO))
    got = {(f.indicator, f.value, f.unit, f.period.year, f.role) for f in table}
    assert ("FTE", Decimal(3353), "FTE", 2026, "achieved") in got
    assert ("FTE", Decimal(3210), "FTE", 2027, "target") in got
    assert ("total budget authority", Decimal(910347000), "USD", 2027, "target") in got
    assert ("appropriation", Decimal(811894000), "USD", 2026, "achieved") in got


def test_fact_table_zh_rows() -> None:
    table = build_facts(parse_notes(ZH_TABLE + "\n" + ZH_ROW))
    got = {(f.indicator, f.value, f.unit, f.period.year) for f in table}
    assert ("一般公共预算收入", Decimal(135790000), "元", 2016) in got
    assert ("地区生产总值", Decimal(26530000000), "元", 2014) in got
    assert ("职工人数", Decimal(1200), "人", 2016) in got


@pytest.mark.parametrize(
    ("notes", "language", "rows"),
    [
        (GAO, "en", {"$910,347 (thousand dollars)", "3,210"}),
        (ZH_TABLE, "zh", {"13,579（万元）", "1,200人"}),
    ],
)
def test_fact_rows_show_the_declared_unit(notes: str, language: str, rows: set[str]) -> None:
    table = build_facts(parse_notes(notes))
    shown = {r["value"] for r in table.rows("zh" if language == "zh" else "en")}
    assert rows <= shown


@pytest.mark.parametrize(
    ("notes", "item_text", "stated", "never"),
    [
        (GAO, "FY2027 request $910,347", "$910,347 thousand", ""),
        (GAO, "FY2027 request 3,210", "3,210", "thousand"),  # FTE: no unit added
        (ZH_TABLE, "2016年 13,579", "13,579万元", ""),
        (ZH_TABLE, "奖励资金 500", "500", "万"),  # out of scope
        ("Amounts in millions\nrevenue: 120\n", "revenue: 120", "120 million", ""),
        ("(dollars in millions)\nrevenue: 120\n", "revenue: 120", "120 million dollars", ""),
    ],
)
def test_prompt_text_states_the_declared_unit(notes: str, item_text: str, stated: str, never: str) -> None:
    """What models and the offline writer copy carries the unit, so a draft repeating it is read
    as the notes mean it (and verified), not as bare digits of the wrong magnitude."""
    item = next(i for i in parse_notes(notes).items if i.text.rstrip("；;") == item_text)
    assert stated in item.prompt_text
    assert not never or never not in item.prompt_text
    result = check_draft(notes, item.prompt_text)
    assert not [fc for fc in result.figures if fc.blocking], [(fc.figure.text, fc.reason) for fc in result.figures]


def test_row_cells_keep_their_label_and_captions_are_no_items() -> None:
    """A period row split into items at ；: each cell's prompt text names the row's indicator; a table
    caption (dollars in thousands / 单位：万元) heads the items and is no sentence of its own."""
    notes = parse_notes(GAO)
    prompts = [i.prompt_text for i in notes.items]
    assert not any("dollars in thousands" in p for p in prompts)
    assert any(p.startswith("FTE: ") and "3,353" in p for p in prompts)
    assert any(p.startswith("total budget authority: ") and "$903,260 thousand" in p for p in prompts)
    zh = parse_notes(ZH_TABLE)
    assert [i.prompt_text for i in zh.items if "13,579" in i.text] == ["一般公共预算收入：2016年13,579万元"]
    assert not any("单位" in i.text for i in zh.items)
    result = check_draft(GAO, "\n".join(prompts))
    assert not [fc for fc in result.figures if fc.blocking]


MD_TABLE = (
    "**Table 1: Summary of GAO Resources by Program, Fiscal Years 2025–2027**\n"
    "\n"
    "|(dollars in thousands)<br>Fiscal Year 2025 Fiscal Year 2026<br>Actual Enacted|Fiscal Year 2027<br>Request|\n"
    "|---|---|\n"
    "|Human capital<br>3,540<br>$760,649<br>3,336<br>$736,498|3,190<br>$742,663|\n"
    "|**Total budget authority**<br>**3,556**<br>**$923,596**<br>**3,353**<br>**$903,260**|**3,210**<br>**$910,347**|\n"
    "\n"
    "The request will support 3,210 full-time equivalents, for $910 million in total budget authority.\n"
)


@pytest.mark.parametrize(
    "notes",
    [MD_TABLE, MD_TABLE.replace("|(dollars in thousands)<br>", "|")],  # the caption dropped from the notes
)
def test_a_pasted_markdown_table_checks_clean_against_itself(notes: str) -> None:
    """The report's own table as the draft: its caption rescales the $-cells on both sides (or, when
    the notes lack it, the written numbers compare); FTE cells beside them are never dollars; the
    prose after the blank line is outside the caption's scope."""
    result = check_draft(notes, MD_TABLE)
    assert not [fc for fc in result.figures if fc.blocking], [(fc.figure.text, fc.reason) for fc in result.figures
                                                              if fc.blocking]
    values = {f.text: f.value for f in apply_declared_units(MD_TABLE, extract_figures(MD_TABLE)) if not f.ignored}
    assert values["760,649"] == Decimal(760649000)
    assert values["3,540"] == Decimal(3540)
    assert values["910 million"] == Decimal(910000000)
