"""Periods and directions as independently written drafts state them (issue 10, wave 9).

- A draft that names an earlier year itself (2022年，…) for a value the notes give under their own year's
  title or header (2023年工作总结素材) states another year's value.
- A level's direction stated in a clause of its own beside it (为X，较上年有所下降 / 较上年有所回落，为X /
  空气质量有所下降，优良天数比例为X) is checked against the notes' earlier value or change of that level.
- The draft's own "declined from X to Y" / 由X下降到Y is wrong when Y > X.
- A decline's size (降幅 >3%) is a fall: 上升3% flips it.
The faithful restatements beside them stay accepted."""

from __future__ import annotations

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING
from assistant.periods import read_period

TITLE = ("2023年工作总结素材\n工业：\n- 规上工业增加值87.6亿元\n- 新建标准化厂房12万平方米\n"
         "民生：\n- 新增城镇就业4600人\n")
HEADER = ("一、2022年情况\n- 棚户区改造开工3200套\n- 城镇登记失业率3.2%\n二、2023年预期目标\n"
          "- 地区生产总值增长6%\n- 棚户区改造开工2000套\n")
RETAIL = ("本年工作素材\n- 社零246.8亿元（上年231.5亿元）\n- 空气优良天数比例93.4%，提高1.1个百分点\n"
          "- 一般公共预算收入38.2亿元，-4.6%\n")
ENERGY = "2023年\n- 单位地区生产总值能耗降幅 >2.5%\n- 工业用水重复利用率增幅 4%\n"
COSTS = ("Agency finances - FY2024 notes\n- operating costs: about $12.6B (FY2019) -> about $15.1B (FY2024)\n"
         "- staff: 8,400 (FY2019) -> 7,900 (FY2024)\n")
GRANTS = ("Grants office - FY2024 notes\n- awards FY2020-2024: about $41M above the original estimate\n"
          "- FY2024 awards: 312\n")
SCHOOLS = ("County schools 2024 (notes)\n- enrollment 96.2%; teachers hired 140\n"
           "2025 goals: enrollment above 97%; dropout rate below 1.5%; 60 new teachers\n")
VISITS = ("FY2025 notes\n- enrollment could reach 1.2 million by end of FY2025\n- visits: 8.1 million (FY2024: 7.6 million)\n"
          "- wait time 41 days, down 6%\n")
AGENCY = "Agency notes - FY2024\n- 2,150 inspections completed\n- grants awarded: $48.5 million\nFY2025 plans:\n- 2,400 inspections\n"
SALES = "Review of 2023\n- 1,240 inspections completed (2022: 1,150)\n- retail sales 28.6 billion yuan, +5.1%\n"
STAFF = ("Office - FY2026 request notes\nFY2026 request:\n- 1,850 FTE: -3.1% vs FY2025, -7.4% since end of FY2023\n"
         "Challenges:\n- permit fees unchanged since 2022 (last increase: 4.5% in permit fees)\n")
WATER = "2024年工作素材\n- 水价自2021年起未调整（上次调整：上涨8%）\n- 新建供水管网26公里\n"
BONDS = "2024年回顾\n- GDP增长5%\n2025年目标\n- 地方政府专项债券4.4万亿元，比上年增加4000亿元\n- 赤字率4%左右\n"
BONDS_EN = "2025 plan notes\n- special bonds: 2.3 trillion yuan, up by 300 billion yuan\n- deficit ratio about 4%\n"


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # a level rounded as the notes state it, and the previous year's value called so
        (BONDS, "二、2025年工作安排\n今年拟安排地方政府专项债券4.4万亿元。", "4.4万亿元"),
        (BONDS, "二、2025年工作安排\n地方政府专项债券比上年增加4000亿元，达到4.4万亿元。", "4000亿元"),
        (BONDS, "二、2025年工作安排\n地方政府专项债券由上年的4万亿元增加到4.4万亿元。", "4万亿元"),
        # a change restated against its own base year
        (STAFF, "Plan for fiscal year 2026\nStaffing would be 7.4 percent below the end of FY2023.", "7.4 percent"),
        (STAFF, "Plan for fiscal year 2026\nStaffing would be 3.1 percent below the FY2025 level.", "3.1 percent"),
        # the last change restated as the last one
        (STAFF, "Challenges\nPermit fees have not changed since 2022; the last increase was 4.5 percent.",
         "4.5 percent"),
        (WATER, "三、存在的问题\n水价自2021年起未调整，上次调整上涨8%。", "8%"),
        # a multi-year total restated over its own years ("from fiscal year X through Y")
        (GRANTS, "Summary of fiscal year 2024\nFrom fiscal year 2020 through 2024, awards exceeded the original "
                 "estimate by about $41 million.", "41 million"),
        # a goal of a line that opens with its plan label, restated as a goal
        (SCHOOLS, "Plans for 2025\nThe county will keep the dropout rate below 1.5%.", "1.5%"),
        # the notes' own year, restated for it or without a year
        (TITLE, "一、2023年工作回顾\n2023年规上工业增加值87.6亿元。", "87.6亿元"),
        (TITLE, "一、2023年工作回顾\n全年新增城镇就业4600人。", "4600人"),
        (HEADER, "一、2022年工作回顾\n全年棚户区改造开工3200套。", "3200套"),
        # since an earlier year (2021年以来 / since 2022) is no earlier year's value
        (TITLE, "一、2023年工作回顾\n2021年以来，全市新增城镇就业4600人。", "4600人"),
        (AGENCY, "Summary of fiscal year 2024\nSince 2022, the agency has completed 2,150 inspections.", "2,150"),
        (AGENCY, "Summary of fiscal year 2024\nIn fiscal year 2024, grants awarded totaled $48.5 million.", "48.5 million"),
        # the level's own direction agrees with the notes
        (RETAIL, "一、工作回顾\n社会消费品零售总额为246.8亿元，较上年有所增长。", "246.8亿元"),
        (RETAIL, "一、工作回顾\n空气质量持续改善，优良天数比例为93.4%。", "93.4%"),
        (RETAIL, "一、工作回顾\n受减税影响，一般公共预算收入较上年有所回落，为38.2亿元。", "38.2亿元"),
        (RETAIL, "一、工作回顾\n社零由上年的231.5亿元增加到246.8亿元。", "231.5亿元"),
        (SALES, "Summary of 2023\nRetail sales were 28.6 billion yuan, up from the previous year.", "28.6 billion"),
        (SALES, "Summary of 2023\nInspections totaled 1,240, higher than in 2022.", "1,240"),
        (SALES, "Summary of 2023\nCompleted inspections rose to 1,240.", "1,240"),
        (VISITS, "Summary of fiscal year 2025\nVisits totaled 8.1 million, an increase from FY2024.", "8.1 million"),
        (VISITS, "Summary of fiscal year 2025\nThe average wait time was 41 days, down from the prior year.", "41 days"),
        # a possibility kept a possibility
        (VISITS, "Summary of fiscal year 2025\nEnrollment could reach 1.2 million by the end of FY2025.", "1.2 million"),
        # the draft's own from-to agrees with its direction word
        (COSTS, "Summary of fiscal year 2024\nOperating costs rose from about $12.6 billion in FY2019 to about "
                "$15.1 billion in FY2024.", "12.6 billion"),
        (COSTS, "Summary of fiscal year 2024\nStaff fell from 8,400 in FY2019 to 7,900 in FY2024.", "8,400"),
        # a decline's size restated as a decline
        (ENERGY, "一、2023年工作回顾\n单位地区生产总值能耗下降2.5%以上。", "2.5%"),
        (ENERGY, "一、2023年工作回顾\n单位地区生产总值能耗降幅超过2.5%。", "2.5%"),
        (ENERGY, "一、2023年工作回顾\n工业用水重复利用率提高4%。", "4%"),
    ],
)
def test_faithful_accepted(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in ACCEPTING, (fc.status, fc.reason)


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # the previous year's value (level minus its change) stated as the current one
        (BONDS, "二、2025年工作安排\n今年拟安排地方政府专项债券4万亿元。", "4万亿元"),
        (BONDS_EN, "Plans for 2025\nThe government plans to issue 2 trillion yuan in special bonds.", "2 trillion"),
        # a change against one base year stated against another
        (STAFF, "Plan for fiscal year 2026\nStaffing would be 7.4 percent below the FY2025 level.", "7.4 percent"),
        # the last change that happened stated as a planned one
        (STAFF, "Plans for 2026\nThe office will raise permit fees by 4.5 percent.", "4.5 percent"),
        (WATER, "二、2025年工作安排\n拟将居民水价上涨8%。", "8%"),
        # a multi-year total stated as one year's
        (GRANTS, "Summary of fiscal year 2024\nIn fiscal year 2024, awards exceeded the original estimate by about "
                 "$41 million.", "41 million"),
        # a goal of a line that opens with its plan label ("2025 goals: …") stated as achieved
        (SCHOOLS, "Summary of 2024\nThe dropout rate stayed below 1.5%.", "1.5%"),
        # an earlier year the draft names for a value under the notes' own year
        (TITLE, "一、2023年工作回顾\n2022年，全市规上工业增加值达到87.6亿元。", "87.6亿元"),
        (TITLE, "一、2023年工作回顾\n2021年新增城镇就业4600人，就业形势稳定。", "4600人"),
        (HEADER, "一、2022年工作回顾\n2021年，全区棚户区改造开工3200套。", "3200套"),
        (AGENCY, "Summary of fiscal year 2024\nIn FY2023, the agency completed 2,150 inspections.", "2,150"),
        (AGENCY, "Summary of fiscal year 2024\nGrants awarded totaled $48.5 million in fiscal year 2023.", "48.5 million"),
        # a level's direction in a clause of its own against the notes' earlier value or change
        (RETAIL, "一、工作回顾\n受疫情影响，社会消费品零售总额为246.8亿元，较上年有所下降。", "246.8亿元"),
        (RETAIL, "一、工作回顾\n社零较上年明显下滑，为246.8亿元。", "246.8亿元"),
        (RETAIL, "一、工作回顾\n空气质量有所下降，优良天数比例为93.4%。", "93.4%"),
        (RETAIL, "一、工作回顾\n一般公共预算收入为38.2亿元，同比有所增长。", "38.2亿元"),
        (SALES, "Summary of 2023\nRetail sales were 28.6 billion yuan, down from the previous year.", "28.6 billion"),
        (SALES, "Summary of 2023\nRetail sales reached 28.6 billion yuan, a slight decline from 2022.", "28.6 billion"),
        (SALES, "Summary of 2023\nInspections totaled 1,240, a slight decline from 2022.", "1,240"),
        (SALES, "Summary of 2023\nCompleted inspections fell to 1,240.", "1,240"),
        (VISITS, "Summary of fiscal year 2025\nVisits totaled 8.1 million, a decrease from FY2024.", "8.1 million"),
        (VISITS, "Summary of fiscal year 2025\nThe average wait time was 41 days, up from the prior year.", "41 days"),
        # a possibility ("could reach") stated as the result
        (VISITS, "Summary of fiscal year 2025\nEnrollment reached 1.2 million by the end of FY2025.", "1.2 million"),
        # the draft's own from-to runs against its direction word
        (COSTS, "Summary of fiscal year 2024\nOperating costs declined from about $12.6 billion in FY2019 to "
                "about $15.1 billion in FY2024.", "12.6 billion"),
        (COSTS, "Summary of fiscal year 2024\nStaff grew from 8,400 in FY2019 to 7,900 in FY2024.", "8,400"),
        (RETAIL, "一、工作回顾\n社零由上年的231.5亿元下降到246.8亿元。", "246.8亿元"),
        # a decline's size (降幅) stated as a rise, a rise's size (增幅) as a fall
        (ENERGY, "一、2023年工作回顾\n单位地区生产总值能耗上升2.5%以上。", "2.5%"),
        (ENERGY, "一、2023年工作回顾\n工业用水重复利用率下降4%。", "4%"),
    ],
)
def test_misstated_blocked(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in BLOCKING, (fc.status, fc.reason)


@pytest.mark.parametrize(
    ("text", "year", "cumulative"),
    [
        ("2022年以来，全县新建公园", None, True),
        ("2022年至今累计投入", None, True),
        ("2022年全县新建公园", 2022, False),
        ("From fiscal year 2021 through 2025, revenue", 2025, False),
    ],
)
def test_read_period_since_a_year(text: str, year: int | None, cumulative: bool) -> None:
    p = read_period(text)
    assert (p.year, p.cumulative) == (year, cumulative)
