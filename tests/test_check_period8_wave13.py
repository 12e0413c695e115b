"""Periods and roles as people write them, read in the notes and the draft (issue 10, wave 13).

- A year header in fullwidth digits (２００２年安排：) is a header like 2002年安排： (its year and its role).
- A five-year plan's header over results (十二五：) dates them to the plan's last year, not the title's.
- An estimate written with its sign ("est. -3.1%", 估计-3.1%) is an estimate, not a final figure.
- A goal the line says was met (超额完成全年预期, "goal +15% -> met in FY2025", 目标…已实现) is a result; a
  problem the line says was solved (饮水安全问题得到解决) is a result too.
- The plan's own year words (今年 / 明年 / this year in a later year's plan) beside a figure the notes give as an
  earlier year's result: last year's value stated as the plan's (GDP 6.9% in 2015 → 今年增长6.9% in the plan
  for 2016; 今年完成's 97.9亿元 as 明年's target in notes and a draft with no year); the same value cited as last
  year's base stays accepted. The level at the start of the year (年初400多万人, "4,100 at the start of the
  year") stated as the level reached is flagged; the draft's own 由年初… / "from … at the start" is accepted. A draft opened by its plan title alone ("Plan for 2016") is a plan part.
"""

from __future__ import annotations

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING
from assistant.facts import Fact, build_facts
from assistant.notes import parse_notes


def _fact(notes: str, text: str) -> Fact:
    facts = [f for f in build_facts(parse_notes(notes)) if f.text == text]
    assert facts, [f.text for f in build_facts(parse_notes(notes))]
    return facts[0]


FW_ZH = ("２０１９年情况\n· 地区生产总值３２１亿元，增长６．８％\n· 新建农村公路８６公里\n"
         "２０２０年安排：\n· 新建农村公路１２０公里\n· 发行专项债券１５亿元\n")
FW_ZH2 = "２０２３年工作回顾\n- 接待游客４２０万人次\n２０２４年计划\n- 接待游客５００万人次\n"
EST_EN = ("2018 year-end (prelim)\n- GDP growth est. 6.6%\n- water use per unit of output est. -4.2%\n"
          "- new jobs 1.2m (final)\n")
EST_ZH = "2018年情况（初步）\n- 地区生产总值增长预计6.6%\n- 单位产值能耗估计-3.8%\n- 新增就业1.2万人\n"
MET_ZH = ("2015年完成情况\n- GDP增长6.9%\n- 城镇新增就业1312万人，超额完成全年预期\n"
          "- 6434万农村人口饮水安全问题得到解决\n- 招商引资目标50亿元，已全部完成\n")
MET_EN = ("Library notes FY2025\n- membership goal +12% each year -> met in FY2025\n"
          "- target of 40 school visits: achieved\n- 3 branch reviews issued 2021-2025\n")
PLAN_ZH = ("2015年完成情况\n- 地区生产总值增长6.9%\n- 一般公共预算收入18.3亿元\n"
           "2016年目标：\n- 地区生产总值增长7%左右\n- 一般公共预算收入20亿元\n")
PLAN_EN = ("Review of 2024\n- visitor numbers up 6.9%\n- 48 events held\nPlan for 2025:\n"
           "- visitor numbers up 8%\n- hold 60 events\n")
FIVE_EN = ("Review of 2021-2025\n- water use per unit of GDP down 16.5% over the period\n- 1,240 km of pipes renewed\n"
           "2026 plan:\n- water use per unit of GDP to drop 2.5%+ in 2026\n")
BARE_ZH = "2015年完成情况\n- 固定资产投资245亿元，增长12.4%\n2016年目标：\n- 固定资产投资增长13%\n"
START_ZH = "社保局2024年工作笔记\n- 参保人数：年初12.4万人，年末15.8万人\n- 年初预算安排1.2亿元\n"
START_EN = "Benefits office notes 2024\n- caseload: 4,100 at the start of the year, 3,650 at year-end\n"
FIVE_ZH = ("十三五回顾及2021年安排\n“十三五”时期：\n- 单位GDP能耗累计下降14.2%\n- 新建农村公路1.2万公里\n"
           "2021年：\n- 新建农村公路1500公里\n")
NOYEAR_ZH = ("工作总结提纲\n今年完成：\n- 社会消费品零售总额97.9亿元，增长16.2%\n- 接待游客310万人次\n"
             "明年目标和安排：\n- 社零增长22%，达到120亿元\n- 接待游客350万人次\n")


@pytest.mark.parametrize(
    ("notes", "figure", "year", "role"),
    [
        (FW_ZH, "８６公里", 2019, "achieved"), (FW_ZH, "１２０公里", 2020, "target"), (FW_ZH, "１５亿元", 2020, "target"),
        (FW_ZH2, "４２０万人次", 2023, "achieved"), (FW_ZH2, "５００万人次", 2024, "target"),
        # a five-year plan's header over results: the plan's last year, not the title's
        (FIVE_ZH, "14.2%", 2020, "achieved"), (FIVE_ZH, "1.2万公里", 2020, "achieved"), (FIVE_ZH, "1500公里", 2021, "target"),
    ],
)
def test_fullwidth_year_headers_set_year_and_role(notes: str, figure: str, year: int, role: str) -> None:
    fact = _fact(notes, figure)
    assert (fact.period.year, fact.role) == (year, role)


@pytest.mark.parametrize(
    ("notes", "figure", "role"),
    [
        (EST_EN, "6.6%", "forecast"), (EST_EN, "4.2%", "forecast"), (EST_EN, "1.2m", "achieved"),
        (EST_ZH, "6.6%", "forecast"), (EST_ZH, "3.8%", "forecast"), (EST_ZH, "1.2万人", "achieved"),
        (MET_ZH, "1312万人", "achieved"), (MET_ZH, "6434万", "achieved"), (MET_ZH, "50亿元", "achieved"),
        (MET_EN, "12%", "achieved"), (MET_EN, "40", "achieved"),
    ],
)
def test_estimates_with_signs_and_goals_met_are_read_as_such(notes: str, figure: str, role: str) -> None:
    assert _fact(notes, figure).role == role


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "flag"),
    [
        # a fullwidth plan header's figure stated as the review year's result
        (FW_ZH, "一、2019年工作回顾\n全年发行专项债券15亿元，新建农村公路86公里。", "15亿元", True),
        (FW_ZH, "二、2020年工作安排\n计划发行专项债券15亿元，新建农村公路120公里。", "15亿元", False),
        (FW_ZH, "一、2019年工作回顾\n全年新建农村公路86公里。", "86公里", False),
        # an estimate with its sign stated as final
        (EST_EN, "Summary of 2018\nWater use per unit of output was confirmed down 4.2% in the final accounts.",
         "4.2%", True),
        (EST_EN, "Summary of 2018\nWater use per unit of output is estimated to have fallen about 4.2%.",
         "4.2%", False),
        (EST_ZH, "一、2018年工作回顾\n经最终核实，单位产值能耗下降3.8%。", "3.8%", True),
        (EST_ZH, "一、2018年工作回顾\n预计单位产值能耗下降3.8%。", "3.8%", False),
        # a goal the notes say was met, stated as met
        (MET_EN, "Summary of FY2025\nThe library met its goal of raising membership by 12 percent in FY2025.",
         "12 percent", False),
        (MET_ZH, "一、2015年工作回顾\n城镇新增就业1312万人，超额完成全年预期目标。", "1312万人", False),
        # a count over a span the draft names in brackets after its noun
        (MET_EN, "Summary of FY2025\nThe findings build on three branch reviews (2021-2025).", "three branch reviews",
         False),
        # last year's result stated as the plan's own year's
        (PLAN_ZH, "二、2016年工作安排\n巩固去年成果，今年地区生产总值增长6.9%。", "6.9%", True),
        (PLAN_ZH, "二、2016年工作安排\n去年地区生产总值增长6.9%，今年预期增长7%左右。", "6.9%", False),
        (PLAN_ZH, "二、2016年工作安排\n在2015年增长6.9%的基础上，今年力争增长7%左右。", "6.9%", False),
        (PLAN_EN, "Plan for 2025\nVisitor numbers are expected to rise 6.9% this year.", "6.9%", True),
        (PLAN_EN, "Plan for 2025\nAfter a 6.9% rise in 2024, visitor numbers are to grow 8% this year.", "6.9%", False),
        (NOYEAR_ZH, "二、工作安排\n明年社会消费品零售总额达到97.9亿元，接待游客350万人次。", "97.9亿元", True),
        (NOYEAR_ZH, "二、工作安排\n在今年97.9亿元的基础上，明年社会消费品零售总额达到120亿元。", "97.9亿元", False),
        (NOYEAR_ZH, "一、工作回顾\n今年社会消费品零售总额97.9亿元，增长16.2%。", "97.9亿元", False),
        # a result whose line says no role of its own, stated as the plan's
        (BARE_ZH, "二、2016年工作安排\n今年固定资产投资增长12.4%。", "12.4%", True),
        (BARE_ZH, "二、2016年工作安排\n在去年增长12.4%的基础上，今年固定资产投资增长13%。", "12.4%", False),
        (BARE_ZH, "二、2016年工作安排\n在今年固定资产投资增长12.4%的基础上，继续增长13%。", "12.4%", False),
        # the level at the start of the year stated as the level reached
        (START_ZH, "一、2024年工作回顾\n年末参保人数达到12.4万人。", "12.4万人", True),
        (START_ZH, "一、2024年工作回顾\n参保人数由年初的12.4万人增加到年末的15.8万人。", "12.4万人", False),
        (START_ZH, "一、2024年工作回顾\n年初预算安排1.2亿元。", "1.2亿元", False),
        (START_EN, "Summary of 2024\nThe caseload stood at 4,100 at year-end.", "4,100", True),
        (START_EN, "Summary of 2024\nThe caseload fell from 4,100 at the start of the year to 3,650.", "4,100", False),
        # a five-year plan's result stated as the next year's plan
        (FIVE_ZH, "二、2021年工作安排\n今年单位地区生产总值能耗下降14.2%。", "14.2%", True),
        (FIVE_ZH, "一、“十三五”时期工作回顾\n五年来单位地区生产总值能耗累计下降14.2%。", "14.2%", False),
        (FIVE_ZH, "二、2021年工作安排\n今年新建农村公路1500公里。", "1500公里", False),
        # a draft opened by its plan title alone ("Plan for 2026") reads its "this year" as 2026
        (FIVE_EN, "Plan for 2026\nWater use per unit of GDP is to drop at least 2.5% this year, after a 16.5% cut "
                  "over 2021-2025.", "at least 2.5%", False),
        (FIVE_EN, "Plan for 2026\nWater use per unit of GDP is expected to drop 16.5% this year.", "16.5%", True),
    ],
)
def test_periods_and_roles_in_the_draft(notes: str, draft: str, figure: str, flag: bool) -> None:
    fc = status_of(notes, draft, figure)
    if flag:
        assert fc.status in BLOCKING, (fc.status, fc.reason)
    else:
        assert fc.status in ACCEPTING, (fc.status, fc.reason)
