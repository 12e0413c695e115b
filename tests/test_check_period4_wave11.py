"""A figure's period and role read as a person reads the notes (issue 10, wave 11).

- ``A: X -> Y`` with a plain ASCII arrow (and ``X岁 → Y岁`` / "80 years -> 82 years", the unit written after
  the first value) is a from → to pair: its first value is the start, not the level reached.
- 预期寿命 (life expectancy) holds 预期 but is no plan word: its figures are results.
- "avg", "a year" / "per year" after a rate, "on average", 平均增长: a yearly average over a span.
- "est. ~680 billion", "estimated at", 估计 / 估算为: an estimate, not the final value; the dot of an
  abbreviation (est., approx., vs.) ends no sentence.
The faithful restatements beside them stay accepted."""

from __future__ import annotations

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING
from assistant.facts import build_facts
from assistant.notes import note_years, parse_notes

REVIEW_EN = ("County five-year review (2020 -> 2025)\n- median income: 41,000 dollars -> ~52,000 dollars\n"
             "- libraries: 12 -> 19\n- broadband coverage: 64% -> 91%\n- life expectancy: 77.1 years -> 78.4 years\n"
             "- jobs avg +2.1% a year\n")
REVIEW_ZH = ("十四五回顾（2020→2025）\n- 人均预期寿命：78.3岁 → 79.6岁\n- 城镇化率：55.2% -> 61.8%\n- 养老床位：3200张 --> 4100张\n"
             "- 农民收入平均增长7.4%\n")
ESTIMATE_EN = ("Port notes 2025\n- container throughput: est. ~4.2 million TEU\n- cruise calls 118\n"
               "- cargo revenue estimated at $310 million\n")
ESTIMATE_ZH = "2025年港口要点\n- 集装箱吞吐量估计为420万标箱\n- 邮轮靠港118艘\n"
GROWTH_EN = "City notes 2021-2025\n- population +1.3% per year\n- permits +6% year on year in 2025\n"
SPAN_ZH = "县域发展要点\n- 税收收入86亿元，3年+41.2%\n- 近两年新增市场主体1.2万户\n- 五年来城镇新增就业3.1万人\n"
SPAN_EN = "County notes\n- tax revenue $8.6 billion, 3-yr change +41.2%\n- jobs added over two years: 12,000\n"


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # the start of an ASCII-arrow pair stated as the level reached
        (REVIEW_EN, "Review of 2021-2025\nBy 2025 median income stood at 41,000 dollars.", "41,000"),
        (REVIEW_EN, "Review of 2021-2025\nThe county now has 12 libraries.", "12"),
        (REVIEW_EN, "Review of 2021-2025\nBroadband coverage has reached 64%.", "64%"),
        (REVIEW_EN, "Review of 2021-2025\nLife expectancy rose to 77.1 years.", "77.1"),
        (REVIEW_ZH, "一、“十四五”时期工作回顾\n城镇化率达到55.2%。", "55.2%"),
        (REVIEW_ZH, "一、“十四五”时期工作回顾\n养老床位达到3200张。", "3200张"),
        # 预期寿命 is a result, and its first value the start
        (REVIEW_ZH, "一、“十四五”时期工作回顾\n人均预期寿命达到78.3岁。", "78.3岁"),
        # a yearly average (avg / a year / 平均增长) stated as one year's change
        (REVIEW_EN, "Review of 2025\nIn 2025 jobs grew 2.1% year on year.", "2.1%"),
        (REVIEW_ZH, "一、2025年工作回顾\n2025年农民收入比上年增长7.4%。", "7.4%"),
        (GROWTH_EN, "Review of 2025\nPopulation grew 1.3% in 2025 compared with last year.", "1.3%"),
        # one year's change stated as a yearly average
        (GROWTH_EN, "Review of 2021-2025\nPermits grew at an average annual rate of 6%.", "6%"),
        # an estimate (est. / estimated at / 估计为) stated as final
        (ESTIMATE_EN, "Review of 2025\nContainer throughput reached a final 4.2 million TEU.", "4.2 million"),
        (ESTIMATE_EN, "Review of 2025\nCargo revenue reached $310 million.", "$310 million"),
        (ESTIMATE_ZH, "一、2025年工作回顾\n集装箱吞吐量最终完成420万标箱。", "420万标箱"),
        # the end of a from → to pair (a level, a share) said to have moved the other way
        (REVIEW_EN, "Review of 2021-2025\nBroadband coverage slipped to 91%.", "91%"),
        (REVIEW_ZH, "一、“十四五”时期工作回顾\n城镇化率下降到61.8%。", "61.8%"),
        # a change counted over N years stated over another number of years
        (SPAN_ZH, "一、工作回顾\n税收收入五年增长41.2%。", "41.2%"),
        (SPAN_ZH, "一、工作回顾\n三年来新增市场主体1.2万户。", "1.2万户"),
        (SPAN_EN, "Review\nOver five years tax revenue grew 41.2%.", "41.2%"),
        (SPAN_EN, "Review\nThe county added 12,000 jobs over three years.", "12,000"),
    ],
)
def test_period4_misreadings_are_flagged(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in BLOCKING, (fc.status, fc.reason)


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        (REVIEW_EN, "Review of 2021-2025\nMedian income rose from 41,000 dollars to about 52,000 dollars.", "41,000"),
        (REVIEW_EN, "Review of 2021-2025\nMedian income rose to about 52,000 dollars.", "52,000"),
        (REVIEW_EN, "Review of 2021-2025\nThe county now has 19 libraries, up from 12.", "19"),
        (REVIEW_EN, "Review of 2021-2025\nBroadband coverage rose from 64% in 2020 to 91%.", "64%"),
        (REVIEW_EN, "Review of 2021-2025\nLife expectancy rose to 78.4 years.", "78.4"),
        (REVIEW_EN, "Review of 2021-2025\nFrom 2021 to 2025 jobs grew at an average annual rate of 2.1%.", "2.1%"),
        (REVIEW_EN, "Review of 2021-2025\nJobs grew 2.1% a year on average.", "2.1%"),
        (REVIEW_ZH, "一、“十四五”时期工作回顾\n人均预期寿命由78.3岁提高到79.6岁。", "79.6岁"),
        (REVIEW_ZH, "一、“十四五”时期工作回顾\n人均预期寿命达到79.6岁。", "79.6岁"),
        (REVIEW_ZH, "一、“十四五”时期工作回顾\n城镇化率由55.2%提高到61.8%。", "55.2%"),
        (REVIEW_ZH, "一、“十四五”时期工作回顾\n养老床位达到4100张。", "4100张"),
        (REVIEW_ZH, "一、“十四五”时期工作回顾\n五年来农民收入年均增长7.4%。", "7.4%"),
        (GROWTH_EN, "Review of 2021-2025\nPopulation grew 1.3% a year.", "1.3%"),
        (GROWTH_EN, "Review of 2025\nPermits rose 6% from a year earlier.", "6%"),
        (ESTIMATE_EN, "Review of 2025\nContainer throughput is estimated at about 4.2 million TEU.", "4.2 million"),
        (ESTIMATE_EN, "Review of 2025\nThe port handled 118 cruise calls.", "118"),
        (ESTIMATE_EN, "Review of 2025\nCargo revenue is estimated at $310 million.", "$310 million"),
        (ESTIMATE_ZH, "一、2025年工作回顾\n集装箱吞吐量预计达420万标箱。", "420万标箱"),
        (ESTIMATE_ZH, "一、2025年工作回顾\n全年邮轮靠港118艘。", "118艘"),
        (REVIEW_EN, "Review of 2021-2025\nBroadband coverage climbed to 91%.", "91%"),
        (REVIEW_ZH, "一、“十四五”时期工作回顾\n城镇化率提高到61.8%。", "61.8%"),
        (SPAN_ZH, "一、工作回顾\n税收收入三年增长41.2%。", "41.2%"),
        (SPAN_ZH, "一、工作回顾\n税收收入增长41.2%。", "41.2%"),
        (SPAN_ZH, "一、工作回顾\n近两年新增市场主体1.2万户。", "1.2万户"),
        (SPAN_ZH, "一、工作回顾\n五年来城镇新增就业3.1万人。", "3.1万人"),
        (SPAN_EN, "Review\nOver three years tax revenue grew 41.2%.", "41.2%"),
        (SPAN_EN, "Review\nThe county added 12,000 jobs in the past two years.", "12,000"),
    ],
)
def test_period4_faithful_stay_accepted(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in ACCEPTING, (fc.status, fc.reason)


@pytest.mark.parametrize(
    ("notes", "text", "role", "base"),
    [
        (REVIEW_EN, "41,000 dollars", "baseline", None),
        (REVIEW_EN, "52,000 dollars", "achieved", None),
        (REVIEW_EN, "77.1 years", "baseline", None),
        (REVIEW_EN, "2.1%", "achieved", "avg"),
        (REVIEW_ZH, "78.3岁", "baseline", None),
        (REVIEW_ZH, "79.6岁", "achieved", None),
        (REVIEW_ZH, "3200张", "baseline", None),
        (REVIEW_ZH, "7.4%", "achieved", "avg"),
        (ESTIMATE_EN, "4.2 million TEU", "forecast", None),
        (ESTIMATE_EN, "$310 million", "forecast", None),
        (ESTIMATE_ZH, "420万标箱", "forecast", None),
        (GROWTH_EN, "1.3%", "achieved", "avg"),
        (GROWTH_EN, "6%", "achieved", "yoy"),
    ],
)
def test_period4_fact_readings(notes: str, text: str, role: str, base: str | None) -> None:
    facts = [f for f in build_facts(parse_notes(notes)) if text.startswith(f.text) or f.text.startswith(text)
             or text in f.text]
    assert facts, [f.text for f in build_facts(parse_notes(notes))]
    assert (facts[0].role, facts[0].base) == (role, base), facts[0]


def test_second_value_of_a_pair_keeps_the_indicator() -> None:
    facts = {f.text.rstrip("岁"): f for f in build_facts(parse_notes(REVIEW_ZH))}
    assert facts["79.6"].indicator == facts["78.3"].indicator == "人均预期寿命"


# --- notes structure: a bare header line above bullets, a title's "Annual Report" --------------------------

@pytest.mark.parametrize(
    ("notes", "line", "role"),
    [
        ("红星镇2025年工作总结\n今年重点工作\n- 新建公厕30座\n- 改造道路12公里\n", 3, "achievement"),
        ("红星镇2025年工作总结\n- 新建公厕30座\n明年打算\n- 新建公厕40座\n", 4, "plan"),
        ("Henan review (levels at end-2025)\n- GDP 6.66 trillion yuan\nNext five years (15th FYP targets)\n"
         "- grain capacity 140 billion jin\n", 4, "plan"),
        ("Harbor notes 2025\n- 118 cruise calls\nIssues we hit\n- 3 berths closed for repairs\n", 4, "problem"),
        # a five-year plan's name above its results is no plan header
        ("Guizhou 2025\n- GDP +4.9%\n14th Five-Year Plan (2020-2025)\n- GDP reached 2,356.2 billion yuan\n", 4,
         "achievement"),
    ],
)
def test_bare_header_sets_role_of_bullets(notes: str, line: int, role: str) -> None:
    parsed = parse_notes(notes)
    assert [i.role for i in parsed.items if i.line == line] == [role], parsed.items
    assert not any(i.text == strip for i in parsed.items for strip in ("今年重点工作", "Next five years (15th FYP targets)"))


@pytest.mark.parametrize(
    ("notes", "text"),
    [
        ("红星镇2025年工作总结\n全镇经济运行平稳\n- 新建公厕30座\n", "全镇经济运行平稳"),
        ("Riverside notes 2025\nWe opened 2 parks this year, ahead of plan.\n- 14 playgrounds renovated\n",
         "We opened 2 parks this year, ahead of plan."),
        ("Riverside notes 2025\nLibrary hours extended\n- 14 playgrounds renovated\n", "Library hours extended"),
    ],
)
def test_a_statement_above_bullets_stays_an_item(notes: str, text: str) -> None:
    parsed = parse_notes(notes)
    assert any(i.text == text and i.role != "metadata" for i in parsed.items), parsed.items
    assert not parsed.headers


@pytest.mark.parametrize(
    ("title", "org"),
    [
        ("Parks and Recreation Department - Annual Report 2025", "Parks and Recreation Department"),
        ("Riverside Library Annual Review 2024", "Riverside Library"),
        ("Harbor Authority - Yearly Summary 2023", "Harbor Authority"),
    ],
)
def test_title_organisation_drops_annual(title: str, org: str) -> None:
    assert parse_notes(title + "\n- 14 playgrounds renovated\n").metadata.get("organisation") == org


@pytest.mark.parametrize(
    ("notes", "year"),
    [
        ("Clinic audit, FY2023 visits\n- 212 visits, 9 referrals\n- checks done for FY2023\n- report signed Mar 3, 2025\n",
         2023),
        ("Clinic audit notes\n- 212 visits in 2023\n- manual last updated Dec 2009\n", 2023),
        ("卫生院审计要点\n- 2023年门诊212人次\n- 2025年3月3日完成审计\n", 2023),
        ("卫生院工作要点\n- 2024年门诊212人次\n", 2024),
    ],
)
def test_a_calendar_date_is_no_report_year(notes: str, year: int) -> None:
    assert note_years(parse_notes(notes))[0] == year


def test_a_count_is_not_dated_by_the_date_work_was_done() -> None:
    notes = "Clinic audit, FY2023 visits\n- 212 visits, 9 referrals\n- checks done for FY2023\n- report signed Mar 3, 2025\n"
    fc = status_of(notes, "Summary of FY 2023\nThe clinic recorded two hundred twelve visits in fiscal year 2023.",
                   "two hundred twelve")
    assert fc.status in ACCEPTING, (fc.status, fc.reason)


# --- the page's fact corrections: a corrected role moves a year the notes gave only by context -------------

PARKS = ("Parks and Recreation Department - Annual Report 2025\n- Planted 1,250 street trees (goal was 1,000)\n"
         "- Opened 2 new playgrounds\nNext year:\n- Plant 1,500 trees\n")
TREES_ZH = "园林局2025年工作总结\n- 栽植行道树1250株\n- 新建口袋公园2个\n明年打算：\n- 栽植行道树1500株\n"


@pytest.mark.parametrize(
    ("notes", "fact_id", "text", "role", "year"),
    [
        (PARKS, "L2.1", "1,250", "target", 2026),
        (PARKS, "L5.1", "1,500", "achieved", 2025),
        (TREES_ZH, "L2.1", "1250株", "target", 2026),
        (TREES_ZH, "L5.1", "1500株", "achieved", 2025),
    ],
)
def test_corrected_role_moves_a_context_year(notes: str, fact_id: str, text: str, role: str, year: int) -> None:
    from assistant.services.fact_edits import Correction, corrected_notes, corrected_table

    fix = {fact_id: Correction(fact_id, text, role=role)}  # type: ignore[arg-type]
    parsed = parse_notes(notes)
    shown = corrected_table(parsed, fix).get(fact_id)
    assert (shown.role, shown.period.year) == (role, year)
    used = build_facts(corrected_notes(parsed, fix)).get(fact_id)
    assert (used.role, used.period.year) == (role, year)


def test_a_stated_year_stays_when_the_role_is_corrected() -> None:
    from assistant.services.fact_edits import Correction, corrected_table

    notes = "Parks notes 2025\n- planted 1,250 street trees in 2025\n- opened 2 playgrounds\n"
    fact = corrected_table(parse_notes(notes), {"L2.1": Correction("L2.1", "1,250", role="target")}).get("L2.1")
    assert (fact.role, fact.period.year) == ("target", 2025)


def test_redraft_after_a_role_correction_is_not_flagged() -> None:
    from assistant.check import check_draft
    from assistant.facts import fixed_facts
    from assistant.services.fact_edits import Correction, corrected_notes

    notes = corrected_notes(parse_notes(PARKS), {"L2.1": Correction("L2.1", "1,250", role="target")})
    draft = ("1. Review of 2025\nThe department opened 2 new playgrounds.\n"
             "2. Plans for 2026\nThe department will plant 1,250 street trees (goal was 1,000). It will plant 1,500 trees.")
    checked = {fc.figure.text: fc for fc in check_draft(PARKS, draft, facts=fixed_facts(notes)).figures}
    assert checked["1,250"].status in ACCEPTING, checked["1,250"].reason


# --- a report checked against itself: the draft's parts read as the notes' headers --------------------------

GWR = ("2026年某省政府工作报告\n一、2025年工作回顾\n全年地区生产总值增长5.4%，新建高标准农田120万亩。\n"
       "三、2026年重点工作\n重点抓好八个方面工作：\n（一）扩大有效投资\n新能源装机规模达到1亿千瓦，新建高标准农田150万亩。\n")
GOALS = ("某省2026年政府工作报告\n一、2025年工作回顾\n全年新建5G基站1.2万个。\n二、“十五五”时期主要目标和重大举措\n"
         "三是全力筑牢安全底线，美丽河湖建成率达到60%以上。\n")


@pytest.mark.parametrize(("text", "figure"), [(GWR, "1亿千瓦"), (GWR, "150万亩"), (GWR, "120万亩"), (GOALS, "60%以上"),
                                              (GOALS, "1.2万个")])
def test_a_report_checked_against_itself_blocks_nothing(text: str, figure: str) -> None:
    fc = status_of(text, text, figure)
    assert fc.status in ACCEPTING, (fc.status, fc.reason)

