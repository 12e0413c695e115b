"""Periods and directions read as a reader of the whole report does (issue 10, wave 8).

- 去年 / last year / 过去一年 in a report's review part is the year the report reviews (the report is written
  the year after), while 上年 / the previous year is the year before the reviewed one; 今年 / this year in
  the plan part is the plan's year.
- A five-year plan's name gives years: “十三五”末 is 2020, “十四五”末 2025.
- A year written right before a figure (2015年820公里 → 2020年1260公里) is that figure's year.
- Two parts of a year that differ (上半年 against 一季度) are two periods.
- A level the notes show rising (286亿元，+5.1%) is not one that fell (回落到286亿元).
The faithful restatements beside them stay accepted."""

from __future__ import annotations

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING
from assistant.periods import read_period

JOBS = "2023年工作回顾\n- 新增城镇就业5200人（2022年4800人）\n- 地区生产总值415亿元，+5.6%\n2024年目标：\n- 地区生产总值增长6%左右\n"
INSPECT = "Review of 2023\n- 1,240 inspections completed (2022: 1,150)\n- retail sales 28.6 billion yuan, +5.1%\nPlans for 2024:\n- 1,300 inspections\n"
FOREST = "“十四五”时期回顾\n- 森林覆盖率达到32.1%，“十三五”末30.4%\n- 五年新增造林120万亩\n2025年：\n- 完成造林26万亩\n"
ROADS = "两期对比\n- 农村公路：2015年820公里 → 2020年1260公里\n- 社零286亿元，+5.1%\n"
TOILETS = "2019年工作回顾\n- 新建公厕20座\n2020年工作安排：\n- 年内新建公厕30座\n- 6月底前完成老旧小区改造12个\n"
RESTROOMS = "Review of 2019\n- 20 restrooms built\nPlans for 2020:\n- build 30 restrooms\n"
SPEND = "Program review - FY2024\n- estimated $186 billion in obligations across 64 programs\n"
RETAIL = "2024年工作回顾\n- 社零初步统计312亿元\n- 实际利用外资1.2亿美元\n"
HALF = "2024年上半年\n上半年：\n- 规上工业增加值增长7.2%\n- 固定资产投资86.5亿元\n"


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # 去年 / last year in the review of 2023, written in 2024: 2023
        (JOBS, "一、2023年工作回顾\n去年全县新增城镇就业5200人。", "5200人"),
        (INSPECT, "1. Review of 2023\nLast year, inspectors completed 1,240 inspections.", "1,240"),
        # 上年 / the previous year: the year before the reviewed one
        (JOBS, "一、2023年工作回顾\n新增城镇就业由上年的4800人增加到5200人。", "4800人"),
        # a base is no period: "up 5.1 percent from last year"
        (INSPECT, "1. Review of 2023\nRetail sales reached 28.6 billion yuan, up 5.1 percent from last year.",
         "5.1 percent"),
        # 今年 in the plan part is the plan's year: its target
        (JOBS, "二、2024年工作安排\n今年全县地区生产总值增长6%左右。", "6%"),
        # “十三五”末 = 2020, “十四五”末 = the end of the period the notes review
        (FOREST, "一、“十四五”时期工作回顾\n到“十四五”末，森林覆盖率达到32.1%。", "32.1%"),
        # the year written on each figure of a 2015年X → 2020年Y row
        (ROADS, "一、工作回顾\n农村公路里程由2015年的820公里增加到2020年的1260公里。", "820公里"),
        (ROADS, "一、工作回顾\n农村公路里程由2015年的820公里增加到2020年的1260公里。", "1260公里"),
        # 今年 / 全年 / this year in the plan for 2020: 2020, as the notes' 年内 under 2020年工作安排
        (TOILETS, "二、2020年工作安排\n今年新建公厕30座。", "30座"),
        (TOILETS, "二、2020年工作安排\n全年新建公厕30座。", "30座"),
        (TOILETS, "二、2020年工作安排\n今年上半年完成老旧小区改造12个。", "12个"),
        (RESTROOMS, "2. Plans for 2020\nThis year we will build 30 restrooms.", "30"),
        # an estimate kept an estimate; an indicator named 实际… is no claim of finality
        (SPEND, "1. Findings\nThe 64 programs accounted for an estimated $186 billion in FY 2024.", "$186 billion"),
        (RETAIL, "一、2024年工作回顾\n全年社会消费品零售总额初步统计为312亿元。", "312亿元"),
        (RETAIL, "一、2024年工作回顾\n全年实际利用外资1.2亿美元。", "1.2亿美元"),
        # the notes dated by the same word as the draft: either reading of 去年 / 今年 / last year fits
        ("2024年工作回顾\n- 去年末居民储蓄存款余额增长8.5%\n", "一、2024年工作回顾\n去年末居民储蓄存款余额增长8.5%。",
         "8.5%"),
        ("2025年工作报告\n今年预期目标：\n- 国内生产总值增长5%左右\n", "二、2025年工作安排\n今年国内生产总值增长5%左右。",
         "5%左右"),
        ("GAO notes FY2026\n- In the last year, GAO hosted 14 events\n", "1. FY2026 results\nIn the last year, GAO "
         "hosted 14 events.", "14"),
        # 1—6月 = 上半年
        (HALF, "一、上半年工作情况\n1—6月完成固定资产投资86.5亿元。", "86.5亿元"),
        # the direction the notes' rate gives
        (ROADS, "一、工作回顾\n社会消费品零售总额增加到286亿元，增长5.1%。", "286亿元"),
    ],
)
def test_faithful_periods_accepted(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in ACCEPTING, (fc.status, fc.reason)


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # 2022's value as 去年's (= 2023's) in the 2023 review
        (JOBS, "一、2023年工作回顾\n去年全县新增城镇就业4800人。", "4800人"),
        (INSPECT, "1. Review of 2023\nLast year, inspectors completed 1,150 inspections.", "1,150"),
        # 2023's result stated as this year's (2024's) level in the plan part
        (JOBS, "二、2024年工作安排\n今年全县地区生产总值将达到415亿元。", "415亿元"),
        # the end of the 十四五 stated as the end of the 十三五
        (FOREST, "一、“十四五”时期工作回顾\n“十三五”末，全市森林覆盖率已达32.1%。", "32.1%"),
        # the plan's figure put in the year after it (明年 in the plan for 2020 is 2021)
        (TOILETS, "二、2020年工作安排\n明年新建公厕30座。", "30座"),
        (RESTROOMS, "2. Plans for 2020\nNext year we will build 30 restrooms.", "30"),
        # an estimate stated as final or actual
        (SPEND, "1. Findings\nThe 64 programs had $186 billion in actual obligations in FY 2024.", "$186 billion"),
        (RETAIL, "一、2024年工作回顾\n全年社会消费品零售总额最终完成312亿元。", "312亿元"),
        # another part of the year
        (HALF, "一、上半年工作情况\n一季度规上工业增加值增长7.2%。", "7.2%"),
        # a level the notes show rising, stated as one that fell
        (ROADS, "一、工作回顾\n社会消费品零售总额回落到286亿元。", "286亿元"),
        (INSPECT, "1. Review of 2023\nRetail sales fell to 28.6 billion yuan.", "28.6 billion yuan"),
    ],
)
def test_wrong_periods_and_directions_blocked(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in BLOCKING, (fc.status, fc.reason)


@pytest.mark.parametrize(
    ("text", "year", "relative_to"),
    [
        ("去年全县新增就业", 2023, "report"),
        ("由上年的4800人", 2023, "data"),
        ("Last year, inspectors completed", 2023, "report"),
        ("in the previous year", 2023, "data"),
        # a base, not a period
        ("up 5.1 percent from last year", None, ""),
        ("比“十三五”末增长2.4倍", None, ""),
        # the start of a range of years is not the figure's year
        ("three reports issued from 2020 through", None, ""),
        ("“十三五”末森林覆盖率", 2020, ""),
        ("十四五末", 2025, ""),
        ("“十二五”末", 2015, ""),
    ],
)
def test_read_period_years(text: str, year: int | None, relative_to: str) -> None:
    p = read_period(text, 2024)
    assert p.year == year
    assert p.relative_to == relative_to
