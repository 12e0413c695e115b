"""A figure's direction, position in a from → to span and period read against its note fact (issue 10, wave 12).

- A change's direction (more/less, up/down, increase/fell, 增加/减少, 多/少, +/-) is read on both sides, from the
  words before the figure and after it ("1.6 trillion more than 2024", "about 10% increase", "a 15% decline"),
  and a draft that turns it round is flagged.
- In a from → to span, 到/至/to names the end value and 由/从/from the start: the notes' start stated as the
  level reached (下降到67.9% against 由67.9%提高到87.9%) or their end stated as the start is flagged.
- A deadline year in a plan (2017年底前) stated for the plan's own year (年内); a per-year average over a
  review (年均1270多万人) restated as the next year's target; one year's figure stated as a multi-year total.
- "since FY2006" is a comparison base: a cumulative figure since a year is not the figure for that year.
The faithful restatements beside them stay accepted."""

from __future__ import annotations

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING

BUDGET_EN = ("2025 budget plan - key figures\n- operating budget: $412 million, $18 million more than 2024\n"
             "- capital projects: $96 million, up $7 million\n- reserve fund: $30 million (2024: $26 million)\n")
BUDGET_ZH = ("2025年预算安排要点\n- 一般公共预算支出18.6亿元，比上年多1.2亿元\n- 三公经费320万元，比上年少45万元\n"
             "- 专项债券额度9.4亿元（上年8.1亿元）\n")
COSTS_EN = ("Agency cost notes\n- staff costs: $6.1 million in FY2022, about $6.8 million in FY2025 (about 11% increase)\n"
            "- complaints: 1,240 in FY2024, 1,050 in FY2025, a 15% decline\n- overtime hours: -420 vs FY2024\n")
OFFICE_ZH = ("办公室2025年工作要点\n- 接待来访群众4500人次，比上年少300人次\n- 会议数量比上年减少12次\n"
             "- 文件办结率：由92%提高到98%\n- 森林覆盖率：由31.2%提高到34.5%\n- 第三产业比重：由41.3%提高到46.8%\n")
SPAN_EN = ("County review notes 2025\n- broadband coverage: from 64% to 91%\n- on-time permits: 71% -> 88%\n"
           "- R&D intensity 2.1% rising to 2.5%\n- visitors: 1.2 million, a rise of 12% on 2024\n")
SPAN_ZH = "2025年区政府工作要点\n- 城镇化率60.2%升至65.2%\n- 政务服务网办率从71%增至93%\n- 发文数量326件，比上年少41件\n"
PLAN_ZH = ("今年（2024）目标和任务\n- 老旧小区改造：2025年底前完成36个\n- 年内新建口袋公园12个\n"
           "- 扶贫：2026年底前80户215人全部稳定脱贫\n")
REVIEW_ZH = ("过去五年（2021—2025）主要数据\n- 城镇新增就业：年均2.3万人\n- 地区生产总值增加到286亿元\n"
             "今年（2026）目标：城镇新增就业2万人左右，地区生产总值增长6%左右\n")
REVIEW_EN = ("Five-year review (2021-2025)\n- new urban jobs: about 41,000 a year on average\n"
             "Next year (2026): about 35,000 new urban jobs; GDP about 5%\n")
ONE_YEAR_EN = "City 2025 review\n- 1,240 km of water mains renewed\n- 870 old compounds renovated\n"
ONE_YEAR_ZH = "2025年城建工作要点\n- 改造供水管网126公里\n- 新建口袋公园18个\n"
PLAN_FIRST_ZH = ("明年目标和安排：\n- 新建公立幼儿园2所\n- 城区20条道路改造提升\n今年完成：\n- 新建改造公厕34座\n"
                 "- 培训农民工1200人次\n")
BUSES_EN = "FY2024 plan\n- replace 120 buses by the end of 2026\n- open 3 clinics this year\n"
DESK_ZH = "科室2025年工作要点\n- 办理群众来信来访312件，同比少28件\n- 培训人数由260人次增加到410人次\n"
DEPT_EN = "Dept notes 2025\n- staff headcount went from 48 to 55\n- library visits: 84,000, 5,000 fewer than 2024\n"
SINCE_EN = ("Utility finance notes\n- net losses $2.4B since last surplus (FY2011)\n"
            "- FY2025 net loss $0.3B\n")


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # a change's direction turned round (more/less, up/down, 多/少, increase/fell, +/-)
        (BUDGET_EN, "Plan for 2025\nThe operating budget is $412 million, $18 million less than last year.",
         "$18 million"),
        (BUDGET_EN, "Plan for 2025\nCapital projects get $96 million, down $7 million.", "$7 million"),
        (BUDGET_ZH, "二、2025年预算安排\n一般公共预算支出18.6亿元，比上年少1.2亿元。", "1.2亿元"),
        (BUDGET_ZH, "二、2025年预算安排\n三公经费320万元，比上年增加45万元。", "45万元"),
        (COSTS_EN, "Financial condition\nStaff costs fell about 11 percent, to about $6.8 million in FY2025.",
         "11 percent"),
        (COSTS_EN, "Service\nComplaints rose 15% to 1,050 in FY2025.", "15%"),
        (COSTS_EN, "Staffing\nOvertime hours rose by 420 compared with FY2024.", "420"),
        (OFFICE_ZH, "一、2025年工作总结\n全年接待来访群众4500人次，比上年多300人次。", "300人次"),
        (OFFICE_ZH, "一、2025年工作总结\n会议数量比上年增加12次。", "12次"),
        # the start of a from → to span stated as the end (到/to), the end as the start (由/从/from)
        (OFFICE_ZH, "一、2025年工作总结\n受多重因素影响，森林覆盖率下降到31.2%。", "31.2%"),
        (OFFICE_ZH, "一、2025年工作总结\n第三产业比重提高到41.3%。", "41.3%"),
        (OFFICE_ZH, "一、2025年工作总结\n文件办结率从98%起步，稳步提升。", "98%"),
        (OFFICE_ZH, "一、2025年工作总结\n森林覆盖率由34.5%下降到31.2%。", "34.5%"),
        (SPAN_EN, "Review of 2025\nBroadband coverage fell to 64%.", "64%"),
        (SPAN_EN, "Review of 2025\nOn-time permits rose from 88% over the year.", "88%"),
        (SPAN_EN, "Review of 2025\nR&D intensity dropped to 2.1%.", "2.1%"),
        (SPAN_EN, "Review of 2025\nR&D intensity climbed from 2.5% during the year.", "2.5%"),
        (SPAN_EN, "Review of 2025\nVisitors fell 12% to 1.2 million.", "12%"),
        (SPAN_ZH, "一、2025年工作总结\n城镇化率下降到60.2%。", "60.2%"),
        (SPAN_ZH, "一、2025年工作总结\n政务服务网办率降至71%。", "71%"),
        (SPAN_ZH, "一、2025年工作总结\n政务服务网办率由93%开始回落。", "93%"),
        (SPAN_ZH, "一、2025年工作总结\n全年发文326件，比上年多41件。", "41件"),
        # a result under the notes' review header (今年完成：, below their plan header) written into the plan
        (PLAN_FIRST_ZH, "二、2019年工作安排\n持续改善人居环境，新建改造公厕34座。", "34座"),
        (PLAN_FIRST_ZH, "二、2019年工作安排\n培训农民工1200人次。", "1200人次"),
        # a deadline year stated for the plan's own year
        (PLAN_ZH, "二、2024年工作安排\n年内完成老旧小区改造36个。", "36个"),
        (PLAN_ZH, "二、2024年工作安排\n年内实现80户、215人全部脱贫。", "215人"),
        (BUSES_EN, "Plan for 2024\nThis year the city will replace 120 buses.", "120"),
        ("2024年工作计划\n- 力争2025年6月底前建成污水处理厂2座\n", "二、2024年工作安排\n年内建成污水处理厂2座。", "2座"),
        (DESK_ZH, "一、2025年工作总结\n办理群众来信来访312件，同比多28件。", "28件"),
        (DESK_ZH, "一、2025年工作总结\n培训人数从410人次减少到260人次。", "410人次"),
        (DESK_ZH, "一、2025年工作总结\n培训人数从410人次减少到260人次。", "260人次"),
        (DEPT_EN, "Review of 2025\nHeadcount fell from 55 to 48.", "55"),
        # a per-year average over a review stated as next year's target
        (REVIEW_ZH, "二、2026年工作安排\n城镇新增就业2.3万人左右。", "2.3万人"),
        (REVIEW_EN, "Plan for 2026\nWe aim to create about 41,000 new urban jobs.", "41,000"),
        # one year's figure stated as a multi-year total
        (ONE_YEAR_EN, "Review of 2021-2025\nOver the five years the city renewed 1,240 km of water mains.", "1,240 km"),
        (ONE_YEAR_ZH, "一、“十四五”时期工作回顾\n五年来累计改造供水管网126公里。", "126公里"),
    ],
)
def test_direction_position_period_misreadings_are_flagged(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in BLOCKING, (fc.status, fc.reason)


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        (BUDGET_EN, "Plan for 2025\nThe operating budget is $412 million, $18 million more than last year.",
         "$18 million"),
        (BUDGET_EN, "Plan for 2025\nCapital projects get $96 million, up $7 million.", "$7 million"),
        (BUDGET_EN, "Plan for 2025\nThe operating budget grows by $18 million to $412 million.", "$18 million"),
        (BUDGET_ZH, "二、2025年预算安排\n一般公共预算支出18.6亿元，比上年增加1.2亿元。", "1.2亿元"),
        (BUDGET_ZH, "二、2025年预算安排\n三公经费压减到320万元，比上年减少45万元。", "45万元"),
        (COSTS_EN, "Financial condition\nStaff costs rose about 11 percent, to about $6.8 million in FY2025.",
         "11 percent"),
        (COSTS_EN, "Service\nComplaints fell 15% to 1,050 in FY2025.", "15%"),
        (OFFICE_ZH, "一、2025年工作总结\n全年接待来访群众4500人次，比上年少300人次。", "300人次"),
        (OFFICE_ZH, "一、2025年工作总结\n会议数量比上年减少12次。", "12次"),
        (OFFICE_ZH, "一、2025年工作总结\n森林覆盖率由31.2%提高到34.5%。", "31.2%"),
        (OFFICE_ZH, "一、2025年工作总结\n森林覆盖率由31.2%提高到34.5%。", "34.5%"),
        (OFFICE_ZH, "一、2025年工作总结\n第三产业比重从41.3%提高到46.8%。", "41.3%"),
        (OFFICE_ZH, "一、2025年工作总结\n第三产业比重提高到46.8%。", "46.8%"),
        (OFFICE_ZH, "一、2025年工作总结\n文件办结率从92%提升至98%。", "98%"),
        (SPAN_EN, "Review of 2025\nBroadband coverage rose from 64% to 91%.", "64%"),
        (SPAN_EN, "Review of 2025\nBroadband coverage rose to 91%.", "91%"),
        (SPAN_EN, "Review of 2025\nOn-time permits improved from 71% to 88%.", "88%"),
        (SPAN_EN, "Review of 2025\nR&D intensity rose from 2.1% to 2.5%.", "2.1%"),
        (SPAN_ZH, "一、2025年工作总结\n城镇化率由60.2%提高到65.2%。", "60.2%"),
        (SPAN_ZH, "一、2025年工作总结\n政务服务网办率从71%提升至93%。", "93%"),
        (SPAN_ZH, "一、2025年工作总结\n全年发文326件，比上年减少41件。", "41件"),
        (PLAN_ZH, "二、2024年工作安排\n2025年底前完成老旧小区改造36个。", "36个"),
        (BUSES_EN, "Plan for 2024\nBy the end of 2026 the city will replace 120 buses.", "120"),
        (DESK_ZH, "一、2025年工作总结\n办理群众来信来访312件，同比少28件。", "28件"),
        (DESK_ZH, "一、2025年工作总结\n培训人数由260人次增加到410人次。", "410人次"),
        (DEPT_EN, "Review of 2025\nHeadcount rose from 48 to 55.", "55"),
        (DEPT_EN, "Review of 2025\nLibrary visits reached 84,000, 5,000 fewer than in 2024.", "5,000"),
        (PLAN_FIRST_ZH, "二、2019年工作安排\n持续改善人居环境，新建公立幼儿园2所。", "2所"),
        (PLAN_FIRST_ZH, "一、2018年工作总结\n持续改善人居环境，新建改造公厕34座。", "34座"),
        (PLAN_ZH, "二、2024年工作安排\n年内新建口袋公园12个。", "12个"),
        (PLAN_ZH, "二、2024年工作安排\n到2026年底，80户、215人全部稳定脱贫。", "215人"),
        (REVIEW_ZH, "二、2026年工作安排\n城镇新增就业2万人左右。", "2万人"),
        (REVIEW_ZH, "一、过去五年工作回顾\n城镇新增就业年均2.3万人。", "2.3万人"),
        (REVIEW_EN, "Plan for 2026\nWe aim to create about 35,000 new urban jobs.", "35,000"),
        (REVIEW_EN, "Review of 2021-2025\nThe county added about 41,000 new urban jobs a year.", "41,000"),
        (ONE_YEAR_EN, "Review of 2025\nIn 2025 the city renewed 1,240 km of water mains.", "1,240 km"),
        (ONE_YEAR_ZH, "一、2025年工作回顾\n全年改造供水管网126公里。", "126公里"),
        ("Five-year review (2021-2025)\n- 1,240 km of water mains renewed\n",
         "Review of 2021-2025\nOver the five years the city renewed 1,240 km of water mains.", "1,240 km"),
        ("“十四五”时期城建回顾\n- 改造供水管网126公里\n", "一、“十四五”时期工作回顾\n五年来累计改造供水管网126公里。",
         "126公里"),
        # a cumulative figure since a year is not the figure for that year
        (SINCE_EN, "Financial condition\nNet losses have totaled $2.4 billion since FY2011.", "$2.4 billion"),
        (SINCE_EN, "Financial condition\nSince FY2011 the utility has lost $2.4 billion in total.", "$2.4 billion"),
        ("Utility finance notes FY2025\n- operating expenses $9.1B (FY2025)\n- net losses $2.4B since last surplus (FY2011)\n",
         "Financial condition\nThe utility's net losses have totaled $2.4 billion since FY2011.", "$2.4 billion"),
        ("水务公司2025年财务要点\n- 2018年以来累计亏损2.4亿元\n- 当年亏损0.3亿元\n", "一、2025年工作总结\n2018年以来累计亏损2.4亿元。",
         "2.4亿元"),
    ],
)
def test_direction_position_period_faithful_stay_accepted(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in ACCEPTING, (fc.status, fc.reason)


@pytest.mark.xfail(strict=True, reason="notes reading, not the checker's comparison (wave 12, left to wt-structure): "
                   "the second value of a pair without 由 takes the verb as its indicator (60.2%升至65.2% → '升', "
                   "'2.1% rising to 2.5%' → 'rising'), and 'a rise of 12% on 2024' reads 'on 2024' as the period, "
                   "not the comparison base")
@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        (SPAN_EN, "Review of 2025\nR&D intensity rose to 2.5%.", "2.5%"),
        (SPAN_EN, "Review of 2025\nVisitors rose 12% to 1.2 million.", "12%"),
        (SPAN_ZH, "一、2025年工作总结\n城镇化率提高到65.2%。", "65.2%"),
    ],
)
def test_faithful_pair_ends_misread_by_the_notes_reader(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in ACCEPTING, (fc.status, fc.reason)
