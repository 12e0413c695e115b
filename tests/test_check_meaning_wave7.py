"""Checker meaning rules of wave 7 (issue 10), each a general rule with accept and flag rows (zh and en):
a long header line that names goals (``State health goals, adult smoking:``) makes the lines under it
targets; a figure stated as a goal that was met (``met its goal of a 15% increase``) is achieved; a year
inside an earlier figure's brackets (``6,435 (2016: 6,790), -5.2%``) dates only that bracket."""

from __future__ import annotations

import pytest

from assistant.check import FigureCheck, check_draft

ACCEPTING = ("verified", "approximate", "derived")


def status_of(notes: str, draft: str, figure: str) -> FigureCheck:
    return next(fc for fc in check_draft(notes, draft).figures if fc.figure.text == figure)


GOALS = ("Tobacco control review - notes for the 2012 summary\n- 14 clinics joined the quit line\n"
         "State Health 2020 goals, adult smoking rate by group:\n- men 12%, women 9%, teens 4%\n")
GOALS_ZH = "2012年笔记\n- 新增戒烟门诊14家\n健康城市2020年目标，成人吸烟率分组：\n- 男性12%，女性9%\n"
MET = ("Library notes 2023\n- goal: loans +8% each fiscal year - met in FY2023\n- 2 branches reopened\n"
       "Next year:\n- loans +8% again\n")
GOAL_ONLY = "Library notes 2023\n- 2 branches reopened\nTargets:\n- loans +8%\n"
MULTI = "“十三五”回顾（2016—2020）\n五年累计：\n- 新建学校12所\n- 改造公路310公里\n2020年底：\n- 在校生8200人\n"
EN_MULTI = "Parks review (2019-2023)\nFive-year totals:\n- 14 parks opened\n- 36 km of trails\n"
LATER = "2015年：\n- 棚户区改造13672户\n2016年：\n- 棚户区改造8008户\n"
FUND = ("City parking fund - FY2023 collections\n- 22 meters serviced, 6 deposits late\n"
        "- review completed Jan 12, 2025; manager replied Feb 3, 2025\nPlans for FY2024:\n- service every meter monthly\n")
ZH_YEAR = "2023年笔记\n- 新建口袋公园9个\n明年打算：\n- 再建公园5个\n"
LOANS = ("2020 summary - raw notes\n- microloans 4.1 million yuan (2019: 6.2 million), -33.9%\n"
         "- visitors 2.3 million (estimate, full-year figures not final)\n")
PARKS_ZH = "几年数据对比（写2020年总结用）\n社区公园：2018年40个，2020年34个\n绿道：2018年12公里，2020年19公里\n"
JOBS_ZH = "2019年工作笔记\n- 城镇新增就业4200人，再就业900人\n- 新建5G基站300个，改造老旧基站120个\n"
PER_ZH = "2025年笔记\n- 补助标准从2020年的600元/月、4000元/年提高到2025年的800元/月、6000元/年\n"
BRACKET = ("2019 summary - raw notes\n- new urban jobs 5,210 (2018: 5,600), -7.0%\n- tourists 3.1 million\n"
           "Next year:\n- GDP +6% or so\n")
BRACKET_ZH = "2019年笔记\n- 城镇新增就业5210人（2018年：5600人），下降7.0%\n- 接待游客310万人次\n"


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "accept"),
    [
        # a long header line naming goals heads target lines
        (GOALS, "2012 results\nThe State Health 2020 goal is for the adult smoking rate of women to be 9%.", "9%", True),
        (GOALS, "2012 results\nThe State Health 2020 goal for men is a smoking rate of 12%.", "12%", True),
        (GOALS, "2012 results\nThe adult smoking rate of men fell to 12% in 2012.", "12%", False),
        (GOALS, "2012 results\nIn 2012, 14 clinics joined the quit line.", "14", True),
        # a goal that was met: the figure is achieved
        (MET, "2023 results\nIn fiscal year 2023 the library met its goal of an 8% increase in loans.", "8%", True),
        (MET, "2023 results\nLoans rose 8% in fiscal year 2023, meeting the goal.", "8%", True),
        (GOAL_ONLY, "2023 results\nThe library met its goal of an 8% increase in loans.", "8%", False),
        (GOAL_ONLY, "2023 results\nThe library set a goal of an 8% increase in loans.", "8%", True),
        # a multi-year total stated as one whole year's (全年 / the whole year)
        (MULTI, "一、2020年工作回顾\n全年新建学校12所。", "12所", False),
        (MULTI, "一、“十三五”时期工作回顾\n五年累计新建学校12所。", "12所", True),
        (MULTI, "一、2020年工作回顾\n2020年底在校生8200人。", "8200人", True),
        (EN_MULTI, "2023 results\nFor the whole year, 14 parks opened.", "14", False),
        (EN_MULTI, "Review of 2019-2023\nOver the five years 14 parks opened.", "14", True),
        # a later year header's figure stated as the draft's year's, 全年 or not
        (LATER, "一、2015年工作回顾\n全年完成棚户区改造8008户。", "8008户", False),
        (LATER, "一、2015年工作回顾\n全年完成棚户区改造13672户。", "13672户", True),
        # a heading "Plans for FY2024:" is a plan header (so the notes report FY2023, not a later date's year);
        # a result stated for a later year than the notes' is another period
        (FUND, "FY2023 results\nThe fund serviced 22 meters in fiscal year 2023.", "22 meters", True),
        (FUND, "FY2023 results\nThe fund serviced 22 meters for fiscal year 2023.", "22 meters", True),
        (FUND, "FY2023 results\nThe fund serviced 22 meters for fiscal year 2024.", "22 meters", False),
        (ZH_YEAR, "一、2023年工作回顾\n全年新建口袋公园9个。", "9个", True),
        (ZH_YEAR, "一、2023年工作回顾\n2024年新建口袋公园9个。", "9个", False),
        ("2024年主要指标\n公园面积完成120公顷；\n", "一、2024年工作回顾\n2024年，公园面积完成120公顷。", "120公顷", True),
        # a bracketed earlier value shares the figure's unit; "(estimate, … not final)" is a forecast
        (LOANS, "2020 results\nMicroloans grew to 4.1 million yuan.", "4.1 million yuan", False),
        (LOANS, "2020 results\nMicroloans fell to 4.1 million yuan.", "4.1 million yuan", True),
        (LOANS, "2020 results\nVisitors reached 2.3 million.", "2.3 million", False),
        (LOANS, "2020 results\nVisitors are expected to total 2.3 million for the year.", "2.3 million", True),
        # 由A年的X增加到B年的Y: the year between 到 and the level still makes it the level the change ran to
        (PARKS_ZH, "一、2020年工作回顾\n社区公园由2018年的40个增加到2020年的34个。", "34个", False),
        (PARKS_ZH, "一、2020年工作回顾\n社区公园由2018年的40个减少到2020年的34个。", "34个", True),
        (PARKS_ZH, "一、2020年工作回顾\n绿道由2018年的12公里增加到2020年的19公里。", "19公里", True),
        (PER_ZH, "一、2025年工作回顾\n补助标准从2020年的600元/月、4000元/年提高到2025年的800元/月、6000元/年。",
         "800元", True),
        # the draft's name is the name of another value of the same note line
        (JOBS_ZH, "一、2019年工作回顾\n城镇再就业4200人。", "4200人", False),
        (JOBS_ZH, "一、2019年工作回顾\n城镇新增就业4200人，再就业900人。", "4200人", True),
        (JOBS_ZH, "一、2019年工作回顾\n城镇新增就业4200人，再就业900人。", "900人", True),
        (JOBS_ZH, "一、2019年工作回顾\n改造老旧基站300个。", "300个", False),
        (JOBS_ZH, "一、2019年工作回顾\n新建5G基站300个。", "300个", True),
        # a year in an earlier figure's brackets dates only that bracket
        (BRACKET, "2019 results\nNew urban jobs fell 7.0% to 5,210.", "7.0%", True),
        (BRACKET, "2019 results\nNew urban jobs fell 7.0% to 5,210.", "5,210", True),
        (BRACKET, "2019 results\nIn 2019 there were 5,600 new urban jobs.", "5,600", False),
        (BRACKET_ZH, "一、2019年工作回顾\n城镇新增就业5210人，下降7.0%。", "7.0%", True),
        (BRACKET_ZH, "一、2019年工作回顾\n2019年城镇新增就业5600人。", "5600人", False),
    ],
)
def test_wave7_rows(notes: str, draft: str, figure: str, accept: bool) -> None:
    fc = status_of(notes, draft, figure)
    assert (fc.status in ACCEPTING) is accept, (fc.status, fc.reason)
