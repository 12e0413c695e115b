"""The notes read as a document (issue 10, wave 12): the role and period of every figure as a human reads
them from the sheet's structure — its title line, header lines, inline labels and bracketed values.

- A title naming a plan, targets, a budget or a request (2020年工作安排要点, ２０２１年主要预期目标,
  "2026 budget plan - key figures") gives every line under it the plan role and the title's year.
- A header naming last year's or base-period values (去年基数：, 上年基数, 基期, Baseline (2024):, Prior
  year:) gives its lines the baseline role and the year before; the next header (今年：, 今年完成：,
  Actual:) switches back.
- An inline label at the start of a line, or after a stop inside it (实绩（2025）：…  预期（2026）：…,
  "Next year: …", "County estimate: …", "Goals (Vision 2030): …", 目标：, 计划：) gives the figures after
  it that role (and the year it names).
- A value in brackets after a figure, opened by a year or a previous-period word ("~4% (2024: 3%)",
  （上年3.2%）, "(prev. 12)") is that year's, or last year's, baseline value; the line's own figure keeps
  the sheet's year.
The check rows show the checker now sees these readings: a sheet-title target written into the review is
flagged, the same target in the plan part stays accepted."""

from __future__ import annotations

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING
from assistant.facts import Fact, build_facts
from assistant.notes import parse_notes

PLAN_POINTS = ("2020年工作安排要点\n去年基数：\n- 粮食产量18.2万吨\n- 农村居民人均可支配收入15680元\n"
               "今年：\n- 粮食产量稳定在18.5万吨以上\n- 新建村级卫生室12个\n")
PLAN_FULLWIDTH = ("２０２１年主要预期目标和重点\n- 地区生产总值增长６％左右\n- 新增城镇就业３２００人\n"
                  "- 年度重点项目４２个\n")
PLAN_TARGETS_ZH = "城关镇2024年工作目标\n- 新建农村公路36公里\n- 改造老旧小区9个\n"
PLAN_DAZUAN = "2023年工作打算\n- 新发展家庭农场25家\n- 培训新型职业农民600人次\n"
BUDGET_EN = ("2026 budget plan - key figures\n- deficit ratio: ~3.8% (2025: 3.2%)\n"
             "- capital spending: 4.1 billion dollars, up 0.3 billion\n- library grants: 120 million dollars "
             "(2025: 95 million)\n")
TARGETS_EN = "Westfield schools 2027 targets\n- graduation rate 93%\n- 480 new teachers hired\n"
BASELINE_EN = ("Riverside clinic 2026 plan\nBaseline (2025):\n- patients seen 41,200\n- average wait 19 days\n"
               "Targets:\n- patients seen 44,000\n- average wait 14 days\n")
PRIOR_EN = ("County roads 2025 plan\nPrior year:\n- 212 miles resurfaced\nThis year:\n- 240 miles resurfaced\n")
BASE_PERIOD_ZH = ("某县2022年工作计划\n基期（2021年）：\n- 森林覆盖率23.1%\n- 污水处理率91%\n"
                  "目标：\n- 森林覆盖率23.6%\n- 污水处理率95%\n")
REVIEW_THEN_NEXT = ("2025年实绩 / 2026年预期\n实绩（2025）：粮食产量82万吨；规上工业增加值增长7.4%；"
                    "社零增长3.1%  预期（2026）：粮食产量85万吨；规上工业增加值增长7%左右\n")
INLINE_LINES = ("某市2025年工作素材\n实绩（2025）：新增城镇就业1.8万人；进出口增长9.2%\n"
                "预期（2026）：新增城镇就业1.9万人；进出口增长6%左右\n")
NEXT_YEAR_EN = ("Lakeside county 2025 review\nEconomy: output up 4.8%; 12,300 new jobs; unemployment 4.9%\n"
                "Next year: output about 4.5%; 12,800 new jobs; unemployment about 4.7%\n")
ESTIMATE_EN = ("Water district notes\nMeters replaced: 8,400 in 2025\n"
               "District estimate: the leak programme would save at least $2.4 million a year\n")
GOALS_EN = ("Literacy programme notes\nGoals (Vision 2030): reading at grade level 85% / maths at grade level 80%\n"
            "Reading at grade level: 71% in 2025\n")
TARGET_LABEL_ZH = "2025年工作素材\n- 改造农村危房312户\n- 目标：2026年改造农村危房350户\n"
PREV_ZH = "2024年工作总结要点\n- 城镇登记失业率3.1%（上年3.4%）\n- 一般公共预算收入8.6亿元（2023年：8.1亿元）\n"
PREV_EN = "Parks 2025 summary\n- visits 2.3 million (prev. 2.1 million)\n- volunteers 1,450 vs 1,320 in 2024\n"
FIVE_YEAR = ("过去五年（2019—2023）主要数据\n- 城镇新增就业：年均6200多人\n- 森林覆盖率：21.4%→24.9%\n"
             "今年（2024）目标：城镇新增就业6000人左右，森林覆盖率25.2%\n")
COMPANY = "某建筑公司2026年经营目标\n- 营业收入3.2亿元\n- 新签合同额5.5亿元\n"
HALF_BASE = ("2025年上半年工作总结\n- 接待游客42万人次\n上年同期：\n- 接待游客37万人次\n本期：\n- 旅游收入3.6亿元\n")
YEAR_END = ("街道2026年工作计划\n2025年底：\n- 登记就业人员8400人\n目标：\n- 登记就业人员8800人\n")
ACTUAL_EN = ("Transit FY2027 plan\nActual (FY2026):\n- riders 18.4 million\nFY2027:\n- riders 19.2 million\n")
GOAL_BRACKET = "Forestry 2025 summary\n- planted 1,150 trees (goal: 1,000)\n- 14 parks maintained\n"
MID_PLAN_ZH = "林业站2025年工作小结\n- 完成造林1.2万亩；计划：明年造林1.5万亩\n"
OUTLOOK_EN = "Harbor 2025 review\n- cargo 41 million tonnes, up 3%\n- Outlook: cargo about 43 million tonnes\n"
REVIEW_SPAN_EN = ("Review of 2021-2025\n- new jobs: 62,000 in total\n- broadband coverage: 64% -> 91%\n"
                  "Targets for 2026: new jobs about 13,000; broadband coverage 93%\n")
REVIEW_TITLE_ZH = "红星镇2025年工作总结笔记\n- 新建高标准农田3000亩\n2026年计划：\n- 新建高标准农田3500亩\n"


def _fact(notes: str, text: str, nth: int = 0) -> Fact:
    found = [f for f in build_facts(parse_notes(notes)) if f.text == text]
    assert len(found) > nth, [f.text for f in build_facts(parse_notes(notes))]
    return found[nth]


@pytest.mark.parametrize(
    ("notes", "figure", "role", "year"),
    [
        # a title of a plan: every line is the title year's target
        (PLAN_FULLWIDTH, "６％左右", "target", 2021),
        (PLAN_FULLWIDTH, "３２００人", "target", 2021),
        (PLAN_FULLWIDTH, "４２个", "target", 2021),
        (PLAN_TARGETS_ZH, "36公里", "target", 2024),
        (PLAN_DAZUAN, "25家", "target", 2023),
        (TARGETS_EN, "93%", "target", 2027),
        (BUDGET_EN, "4.1 billion dollars", "target", 2026),
        # a baseline header under a plan title, and the header after it switching back
        (PLAN_POINTS, "18.2万吨", "baseline", 2019),
        (PLAN_POINTS, "15680元", "baseline", 2019),
        (PLAN_POINTS, "18.5万吨以上", "target", 2020),
        (PLAN_POINTS, "12个", "target", 2020),
        (BASELINE_EN, "41,200", "baseline", 2025),
        (BASELINE_EN, "19 days", "baseline", 2025),
        (BASELINE_EN, "44,000", "target", 2026),
        (PRIOR_EN, "212 miles", "baseline", 2024),
        (PRIOR_EN, "240 miles", "target", 2025),
        (BASE_PERIOD_ZH, "23.1%", "baseline", 2021),
        (BASE_PERIOD_ZH, "23.6%", "target", 2022),
        # inline labels split one line (or each line) into role segments
        (REVIEW_THEN_NEXT, "82万吨", "achieved", 2025),
        (REVIEW_THEN_NEXT, "7.4%", "achieved", 2025),
        (REVIEW_THEN_NEXT, "85万吨", "target", 2026),
        (REVIEW_THEN_NEXT, "7%左右", "target", 2026),
        (INLINE_LINES, "1.8万人", "achieved", 2025),
        (INLINE_LINES, "1.9万人", "target", 2026),
        (INLINE_LINES, "6%左右", "target", 2026),
        (NEXT_YEAR_EN, "12,300", "achieved", 2025),
        (NEXT_YEAR_EN, "12,800", "target", 2026),
        (NEXT_YEAR_EN, "4.7%", "target", 2026),
        (ESTIMATE_EN, "$2.4 million", "forecast", 2025),
        (GOALS_EN, "85%", "target", 2030),
        (GOALS_EN, "71%", "achieved", 2025),
        (TARGET_LABEL_ZH, "350户", "target", 2026),
        (TARGET_LABEL_ZH, "312户", "achieved", 2025),
        # a bracketed previous value is that year's baseline; the line's own value keeps the sheet's year
        (BUDGET_EN, "3.8%", "target", 2026),
        (BUDGET_EN, "3.2%", "baseline", 2025),
        (BUDGET_EN, "95 million", "baseline", 2025),
        (PREV_ZH, "3.1%", "achieved", 2024),
        (PREV_ZH, "3.4%", "baseline", 2023),
        (PREV_ZH, "8.1亿元", "baseline", 2023),
        (PREV_EN, "2.3 million", "achieved", 2025),
        (PREV_EN, "2.1 million", "baseline", 2024),
        # a five-year review sheet and the plan line after it
        (FIVE_YEAR, "6000人左右", "target", 2024),
        (FIVE_YEAR, "25.2%", "target", 2024),
        (REVIEW_SPAN_EN, "62,000", "achieved", 2025),
        (REVIEW_SPAN_EN, "13,000", "target", 2026),
        # office wordings: a company's targets, 上年同期 in a half-year review, a year-end base, Actual
        (COMPANY, "3.2亿元", "target", 2026),
        (COMPANY, "5.5亿元", "target", 2026),
        (HALF_BASE, "42万人次", "achieved", 2025),
        (HALF_BASE, "37万人次", "baseline", 2024),
        (HALF_BASE, "3.6亿元", "achieved", 2025),
        (YEAR_END, "8400人", "baseline", 2025),
        (YEAR_END, "8800人", "target", 2026),
        (ACTUAL_EN, "18.4 million", "achieved", 2026),
        (ACTUAL_EN, "19.2 million", "target", 2027),
        (GOAL_BRACKET, "1,150", "achieved", 2025),
        (GOAL_BRACKET, "1,000", "target", 2025),
        (MID_PLAN_ZH, "1.2万亩", "achieved", 2025),
        (MID_PLAN_ZH, "1.5万亩", "target", 2026),
        (OUTLOOK_EN, "41 million tonnes", "achieved", 2025),
        (OUTLOOK_EN, "43 million tonnes", "target", 2026),
        (PREV_EN, "1,450", "achieved", 2025),
        (PREV_EN, "1,320", "baseline", 2024),
        # a review title keeps its own lines achieved
        (REVIEW_TITLE_ZH, "3000亩", "achieved", 2025),
        (REVIEW_TITLE_ZH, "3500亩", "target", 2026),
    ],
)
def test_fact_role_and_period(notes: str, figure: str, role: str, year: int | None) -> None:
    fact = _fact(notes, figure)
    assert (fact.role, fact.period.year) == (role, year), fact


def test_stated_role_from_structure() -> None:
    """The role the structure gives is a stated role: the checker holds a draft to it."""
    assert _fact(PLAN_FULLWIDTH, "４２个").stated_role == "target"
    assert _fact(NEXT_YEAR_EN, "12,800").stated_role == "target"
    assert _fact(ESTIMATE_EN, "$2.4 million").stated_role == "forecast"
    assert _fact(PLAN_POINTS, "18.2万吨").stated_role == "baseline"


def test_plan_title_is_metadata() -> None:
    notes = parse_notes(PLAN_FULLWIDTH)
    # period8 (wave 13): a fullwidth year is read as its ASCII form: the title is then a plan header with its
    # year (２０２１年主要预期目标和重点 as 2021年…), never body text
    assert notes.items[0].role == "metadata" or (notes.headers[0].line, notes.headers[0].year) == (1, 2021)
    assert all(i.role == "plan" for i in notes.items if i.role != "metadata")
    notes = parse_notes(BUDGET_EN)
    assert notes.items[0].role == "metadata"


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # a sheet-title target written into the review as done
        (PLAN_FULLWIDTH, "一、2020年工作回顾\n全年年度重点项目42个，项目建设有序推进。", "42个"),
        (PLAN_FULLWIDTH, "一、2020年工作回顾\n新增城镇就业3200人。", "3200人"),
        (BUDGET_EN, "Summary of 2025\nCapital spending reached 4.1 billion dollars.", "4.1 billion dollars"),
        # last year's base value written as this year's target
        (PLAN_POINTS, "二、2020年工作安排\n全年粮食产量18.2万吨。", "18.2万吨"),
        (BASELINE_EN, "Plan for 2026\nThe clinic will see 41,200 patients.", "41,200"),
        # a bracketed previous value written as the plan's own
        (BUDGET_EN, "Plan for 2026\nThe deficit ratio is set at about 3.2%.", "3.2%"),
        # an inline-labelled target written into the review
        (REVIEW_THEN_NEXT, "一、2025年工作回顾\n规上工业增加值增长7%左右。", "7%左右"),
        (NEXT_YEAR_EN, "Summary of 2025\nThe county created 12,800 new jobs in 2025.", "12,800"),
        # a five-year review's total written as next year's target
        (REVIEW_SPAN_EN, "2. Plans for 2026\nWe will add about 62,000 new jobs.", "62,000"),
        (FIVE_YEAR, "二、2024年工作安排\n城镇新增就业6200人左右。", "6200人"),
    ],
)
def test_structure_misreadings_flagged(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in BLOCKING, (fc.status, fc.reason)


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        (PLAN_FULLWIDTH, "二、2021年工作安排\n年度重点项目42个，新增城镇就业3200人。", "42个"),
        (PLAN_FULLWIDTH, "二、2021年工作安排\n地区生产总值增长6%左右。", "6%左右"),
        (BUDGET_EN, "Plan for 2026\nCapital spending will be 4.1 billion dollars.", "4.1 billion dollars"),
        (BUDGET_EN, "Plan for 2026\nThe deficit ratio is set at about 3.8%, up from 3.2% in 2025.", "3.8%"),
        (PLAN_POINTS, "二、2020年工作安排\n粮食产量稳定在18.5万吨以上。", "18.5万吨"),
        (BASELINE_EN, "Plan for 2026\nThe clinic aims to see 44,000 patients.", "44,000"),
        (REVIEW_THEN_NEXT, "一、2025年工作回顾\n粮食产量82万吨，规上工业增加值增长7.4%。", "7.4%"),
        (REVIEW_THEN_NEXT, "二、2026年工作安排\n规上工业增加值增长7%左右。", "7%左右"),
        (NEXT_YEAR_EN, "Summary of 2025\nThe county added 12,300 new jobs.", "12,300"),
        (NEXT_YEAR_EN, "Plan for 2026\nWe aim for about 12,800 new jobs.", "12,800"),
        (PREV_ZH, "一、2024年工作回顾\n城镇登记失业率3.1%，比上年的3.4%有所下降。", "3.1%"),
        (REVIEW_TITLE_ZH, "一、2025年工作回顾\n新建高标准农田3000亩。", "3000亩"),
        (REVIEW_SPAN_EN, "1. Review of 2021-2025\nBroadband coverage reached 91 percent.", "91 percent"),
        (REVIEW_SPAN_EN, "2. Plans for 2026\nWe aim for broadband coverage of 93 percent.", "93 percent"),
    ],
)
def test_faithful_accepted(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in ACCEPTING, (fc.status, fc.reason)
