"""A figure's period read as a reader of the whole line and the whole report does (issue 10, wave 10).

- A marker anywhere on the figure's line (（五年合计）, 五年…, "(five-year total)", "over the next ten
  years:" above it) makes it a multi-year figure: never one year's, never "a year" / 每年.
- 年均 / average annual is a rate over a span, not one year's change (and the other way round).
- The draft's review heading (一、2018年工作回顾) dates the figures under it: notes about 2019 are not 2018's.
- In ``A: X → Y`` / 由X到Y / "X (FY2022) -> Y (FY2025)" the first value is the start: stating it as the
  level reached is the base year's value as the current one.
- "a year, FY2021-2022" / "in fiscal years 2021 and 2022": a rate over a span of years, read as such.
The faithful restatements beside them stay accepted."""

from __future__ import annotations

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING
from assistant.periods import read_period

ROADS = "2020年工作回顾\n- 新建农村公路320公里（五年累计）\n- 新增城镇就业5000人\n- 新建五年级教室12间\n"
SHEDS = "“十三五”回顾\n- 五年改造棚户区1.2万户\n- 森林覆盖率31%\n"
PAVED = "Review notes 2020-2024\n- 1,200 miles of road paved (five-year total)\n- 310 miles paved in 2024\n"
INCOME = "十三五回顾\n- 农民人均纯收入年均增长9.2%\n- 粮食产量45万吨\n"
INCOME_YEAR = "2020年工作回顾\n- 农民人均纯收入12000元，同比增长9.4%\n"
HOUSEHOLD = "Five-year review\n- median household income: average annual growth 3.4%\n"
EXPORTS = "Review of 2024\n- exports up 4.1% year on year\n"
FARMS = "2019年农业要点\n- 新建温室大棚260座\n- 2018年新建温室大棚200座\n"
PARKS = "Parks notes 2023\n- 14 playgrounds renovated\n- 6 pools reopened\n"
URBAN = "“十三五”对比（2015年→2020年）\n- 城镇化率：52.1% → 58.6%\n- 粮食产量：41万吨 → 45万吨\n"
URBAN_FROM = "2020年工作要点\n- 城镇化率由52.1%提高到58.6%\n- 新增就业5000人\n"
DELIVERY = "Postal notes\n- on-time delivery: 91% (FY2022) -> 86% (FY2025)\n- routes cut: 120\n"
DECADE = "Budget notes\n- CBO estimates over the next ten years:\n  - program integrity audits: ~$4 billion\n  - eligibility checks: ~$2 billion\n"
DECADE_ZH = "节能工作\n- 节能改造十年累计节约资金36亿元\n- 2024年节约资金4亿元\n"
ROUTING = "Routing notes\n- new routing saved over $2 billion a year, FY2021-2022\n- 40 plants closed\n"
HERD = "牧业统计（2018—2021）\n- 羊存栏：2018年52万只，2019年56万只\n- 2021年新建棚圈300座\n"
HERD_EN = "Herd counts (2018-2021)\n- sheep: 2018 520,000; 2019 560,000\n- 2021: 300 new sheds\n"
GRAIN = "2023年主要指标\n- 粮食产量 +3.2%\n- 农民收入 +7.5%\n2024年目标：\n- 粮食产量：增2%左右\n- 农民收入：增7%左右\n"
CHECKS = "2024 results\n- inspections: +6.5%\n- permits: +3%\n2025 targets:\n- inspections: +4%\n"
PLAN13 = ("“十三五”时期主要成绩\n- 城镇化率达到61.2%\n- 新建农村公路860公里\n- 新增就业3.6万人\n2020年：\n"
          "- 新增就业7200人\n")
TASKS = "2022年重点工作\n- 年内改造老旧小区15个\n- 10月底前建成图书馆\n"
TASKS_EN = "Priorities for 2022\n- repave 40 miles of road in 2022\n- open the library by October\n"
AUDITS = "Audit notes\n- open recommendations: $40B-$60B potential savings\n- enrollment (est.): 1.2 million\n"
GRAIN13 = "“十三五”时期主要成绩\n- 粮食产量达到52万吨，“十二五”末44万吨，增长18%\n- 新建农村公路860公里\n"
ENROLLED = "Program notes 2025\n- 12,000 people enrolled (cumulative since 2021)\n- 3,100 people enrolled in 2025\n"
TRAINED = "2025年工作要点\n- 累计培训农民1.2万人次（2021年以来）\n- 全年培训3100人次\n"
REVENUE = "City notes 2025\n- revenue: 4.2% average annual growth (2020-2025)\n"
STAFF = "Agency notes 2025\n- staff: from 1,200 to 1,450\n- 14 offices\n"
FIRMS = "2025年工作要点\n- 规上工业企业从1832户增加到3382户\n"
INSPECTIONS = "FY2024 notes\n- 310 inspections completed\n- 12 audits\n"
SAVINGS = "Budget notes\n- savings over five years: $9 billion\n"
OUTLOOK = "Savings over the next five years\n- audits: $2.5 billion\n- staff cuts: $900 million\n"
YEARLY_ZH = "节能工作\n- 节能改造每年节约资金4亿元\n- 关停小锅炉120台\n"
YEARLY = "Routing notes\n- new routing saves about $3 billion a year\n- 40 plants closed\n"


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # a five-year total (its marker in brackets after it, or 五年 before it) stated as one year's
        (ROADS, "一、2020年工作回顾\n全年新建农村公路320公里。", "320公里"),
        (SHEDS, "一、2020年工作回顾\n全年改造棚户区1.2万户。", "1.2万户"),
        (PAVED, "1. Review of 2024\nIn 2024 the county paved 1,200 miles of road.", "1,200"),
        # a yearly average rate stated as one year's change, and one year's change as a yearly average
        (INCOME, "一、2020年工作回顾\n2020年农民人均纯收入增长9.2%。", "9.2%"),
        (INCOME, "一、2020年工作回顾\n全年农民人均纯收入比上年增长9.2%。", "9.2%"),
        (INCOME_YEAR, "一、“十三五”时期工作回顾\n五年来农民人均纯收入年均增长9.4%。", "9.4%"),
        (HOUSEHOLD, "1. Review of 2024\nIn 2024, median household income grew 3.4 percent.", "3.4 percent"),
        (EXPORTS, "1. Review\nExports grew at an average annual rate of 4.1 percent.", "4.1 percent"),
        # the draft's review heading names another year than the notes'
        (FARMS, "一、2018年工作回顾\n全年新建温室大棚260座。", "260座"),
        (PARKS, "1. Review of 2022\nThe city renovated 14 playgrounds during the year.", "14"),
        # the start of a from → to pair stated as the level reached
        (URBAN, "一、“十三五”时期工作回顾\n城镇化率达到52.1%。", "52.1%"),
        (URBAN, "一、2020年工作回顾\n2020年粮食产量达到41万吨。", "41万吨"),
        (URBAN_FROM, "一、2020年工作回顾\n城镇化率达到52.1%。", "52.1%"),
        (DELIVERY, "1. Review of FY2025\nOn-time delivery stood at 91 percent.", "91 percent"),
        # a total over ten years stated as a yearly amount
        (DECADE, "Outlook\nProgram integrity audits could save about $4 billion a year.", "$4 billion"),
        (DECADE_ZH, "一、工作回顾\n节能改造每年节约资金36亿元。", "36亿元"),
        # 上年 / the previous year under a review heading: the year before the reviewed one
        (HERD, "一、2020年工作回顾\n羊存栏由上年的52万只增加到56万只。", "52万只"),
        (HERD_EN, "1. Review of 2020\nThe sheep herd grew from 520,000 the previous year to 560,000.", "520,000"),
        # one year's result written into the next year's plan as its target (the notes give that target)
        (GRAIN, "二、2024年工作安排\n粮食产量增长3.2%，农民收入增长7%左右。", "3.2%"),
        (CHECKS, "2. Plans for 2025\nInspections will grow 6.5 percent.", "6.5 percent"),
        # a flow under a five-year plan's title (no year of its own) stated for one year of it
        (PLAN13, "一、2020年工作回顾\n2020年新建农村公路860公里。", "860公里"),
        # a plan's own year moved by the draft (年内 in the notes for 2022, 明年 in the plan for 2022)
        (TASKS, "二、2022年工作安排\n明年改造老旧小区15个。", "15个"),
        (TASKS_EN, "2. Plans for 2022\nWe will repave 40 miles of road in 2023.", "40"),
        # an estimate or a potential (est., future / potential savings) stated as realised
        (AUDITS, "Results\nAgency audits have already saved $60 billion.", "$60 billion"),
        (AUDITS, "Results\nEnrollment reached 1.2 million.", "1.2 million"),
        # the earlier period's value of a line stated for another year
        (GRAIN13, "一、“十三五”时期工作回顾\n2020年全县粮食产量为44万吨。", "44万吨"),
        (ENROLLED, "1. Review of 2025\nIn 2025 the program enrolled 12,000 people.", "12,000"),
        (TRAINED, "一、2025年工作回顾\n全年培训农民1.2万人次。", "1.2万人次"),
        (REVENUE, "1. Review of 2025\nRevenue grew 4.2 percent in 2025.", "4.2 percent"),
        (STAFF, "1. Review of 2025\nStaff reached 1,200.", "1,200"),
        (FIRMS, "一、2025年工作回顾\n规上工业企业达到1832户。", "1832户"),
        (INSPECTIONS, "1. Fiscal Year 2023 Results\nInspectors completed 310 inspections.", "310"),
        (SAVINGS, "Outlook\nThe change would save $9 billion annually.", "$9 billion"),
        (OUTLOOK, "Outlook\nAudits would save $2.5 billion a year.", "$2.5 billion"),
        # an amount per year stated as a total over years
        (YEARLY_ZH, "一、工作回顾\n节能改造累计节约资金4亿元。", "4亿元"),
        (YEARLY, "Results\nNew routing has saved a cumulative $3 billion.", "$3 billion"),
    ],
)
def test_period_misstatements_are_flagged(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in BLOCKING, (fc.status, fc.reason)


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        (ROADS, "一、“十三五”时期工作回顾\n五年累计新建农村公路320公里。", "320公里"),
        (ROADS, "一、2020年工作回顾\n全年新增城镇就业5000人。", "5000人"),
        (ROADS, "一、2020年工作回顾\n全年新建五年级教室12间。", "12间"),
        (SHEDS, "一、“十三五”时期工作回顾\n五年来改造棚户区1.2万户。", "1.2万户"),
        (SHEDS, "一、2020年工作回顾\n森林覆盖率达到31%。", "31%"),
        (PAVED, "1. Review of 2020-2024\nOver the five years the county paved 1,200 miles of road.", "1,200"),
        (PAVED, "1. Review of 2024\nIn 2024 the county paved 310 miles of road.", "310"),
        (INCOME, "一、“十三五”时期工作回顾\n五年来农民人均纯收入年均增长9.2%。", "9.2%"),
        (INCOME_YEAR, "一、2020年工作回顾\n农民人均纯收入12000元，比上年增长9.4%。", "9.4%"),
        (HOUSEHOLD, "1. Five-year review\nMedian household income grew 3.4 percent a year on average.", "3.4 percent"),
        (EXPORTS, "1. Review of 2024\nExports rose 4.1 percent from a year earlier.", "4.1 percent"),
        (FARMS, "一、2019年工作回顾\n全年新建温室大棚260座。", "260座"),
        (FARMS, "一、2018年工作回顾\n全年新建温室大棚200座。", "200座"),
        (PARKS, "1. Review of 2023\nThe city renovated 14 playgrounds during the year.", "14"),
        (URBAN, "一、“十三五”时期工作回顾\n城镇化率由52.1%提高到58.6%。", "52.1%"),
        (URBAN, "一、“十三五”时期工作回顾\n城镇化率达到58.6%。", "58.6%"),
        (URBAN, "一、“十三五”时期工作回顾\n2015年城镇化率为52.1%，2020年达到58.6%。", "52.1%"),
        (URBAN_FROM, "一、2020年工作回顾\n城镇化率由上年的52.1%提高到58.6%。", "52.1%"),
        (DELIVERY, "1. Review of FY2025\nOn-time delivery fell from 91 percent in fiscal year 2022 to 86 percent.",
         "91 percent"),
        (DELIVERY, "1. Review of FY2025\nOn-time delivery was 91 percent in fiscal year 2022.", "91 percent"),
        (DECADE, "Outlook\nProgram integrity audits could save about $4 billion over ten years.", "$4 billion"),
        (DECADE_ZH, "一、工作回顾\n节能改造十年累计节约资金36亿元。", "36亿元"),
        (ROUTING, "1. Summary of FY 2023\nNew routing saved over $2 billion a year in fiscal years 2021 and 2022.",
         "$2 billion"),
        (YEARLY_ZH, "一、工作回顾\n节能改造每年节约资金4亿元。", "4亿元"),
        (HERD, "一、2019年工作回顾\n羊存栏由上年的52万只增加到56万只。", "52万只"),
        (ENROLLED, "1. Review of 2025\nSince 2021 the program has enrolled 12,000 people.", "12,000"),
        (ENROLLED, "1. Review of 2025\nIn 2025 the program enrolled 3,100 people.", "3,100"),
        (TRAINED, "一、2025年工作回顾\n2021年以来累计培训农民1.2万人次。", "1.2万人次"),
        (REVENUE, "1. Review of 2025\nRevenue grew at an average annual rate of 4.2 percent from 2020 to 2025.",
         "4.2 percent"),
        (STAFF, "1. Review of 2025\nStaff grew from 1,200 to 1,450.", "1,200"),
        (STAFF, "1. Review of 2025\nStaff reached 1,450.", "1,450"),
        (FIRMS, "一、2025年工作回顾\n规上工业企业从1832户增加到3382户。", "1832户"),
        (INSPECTIONS, "1. Fiscal Year 2024 Results\nInspectors completed 310 inspections.", "310"),
        (SAVINGS, "Outlook\nThe change would save $9 billion over five years.", "$9 billion"),
        (OUTLOOK, "Outlook\nOver the next five years, audits would save $2.5 billion.", "$2.5 billion"),
        # the line's earlier value, stated for the year the line gives it (“十二五”末 = 2015)
        (GRAIN13, "一、“十三五”时期工作回顾\n2015年全县粮食产量为44万吨。", "44万吨"),
        (AUDITS, "Outlook\nOpen recommendations could save up to $60 billion.", "$60 billion"),
        (AUDITS, "Outlook\nEnrollment is estimated at 1.2 million.", "1.2 million"),
        (PLAN13, "一、“十三五”时期工作回顾\n五年新建农村公路860公里。", "860公里"),
        (PLAN13, "一、2020年工作回顾\n2020年城镇化率达到61.2%。", "61.2%"),
        (PLAN13, "一、2020年工作回顾\n2020年新增就业7200人。", "7200人"),
        (TASKS, "二、2022年工作安排\n年内改造老旧小区15个。", "15个"),
        (TASKS_EN, "2. Plans for 2022\nWe will repave 40 miles of road in 2022.", "40"),
        (GRAIN, "二、2024年工作安排\n粮食产量增长2%左右，农民收入增长7%左右。", "2%左右"),
        (GRAIN, "二、2024年工作安排\n农民收入在上年增长7.5%的基础上再增长7%左右。", "7.5%"),
        (GRAIN, "一、2023年工作回顾\n粮食产量增长3.2%。", "3.2%"),
        (CHECKS, "2. Plans for 2025\nInspections will grow 4 percent.", "4 percent"),
        (HERD, "一、2019年工作回顾\n羊存栏由上年的52万只增加到56万只。", "56万只"),
        (HERD, "一、2019年工作回顾\n羊存栏由52万只增加到56万只。", "56万只"),
        (HERD_EN, "1. Review of 2019\nThe sheep herd grew from 520,000 the previous year to 560,000.", "520,000"),
        (YEARLY_ZH, "一、工作回顾\n累计关停小锅炉120台。", "120台"),
        (YEARLY, "Results\nNew routing saves about $3 billion annually.", "$3 billion"),
        (DECADE, "Outlook\nOver the next ten years, program integrity audits could save about $4 billion.",
         "$4 billion"),
    ],
)
def test_faithful_periods_stay_accepted(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in ACCEPTING, (fc.status, fc.reason)


@pytest.mark.parametrize(
    ("text", "cumulative"),
    [
        ("五年城镇新增就业452万人", True),
        ("三年改造老旧小区86个", True),
        ("十四五期间新增就业452万人", True),
        ("新建五年级教室12间", False),
        ("编制五年规划3项", False),
        ("五年前的水平", False),
        ("savings in fiscal years 2021 and 2022", True),
        ("savings in fiscal year 2022", False),
        ("Since 2021 the program has enrolled", True),
        ("Revenue is up 5% since 2021", False),
    ],
)
def test_multi_year_words(text: str, cumulative: bool) -> None:
    assert read_period(text).cumulative is cumulative
