"""Roles and directions as independently written drafts state them (issue 10, wave 10).

- A title or header naming a later year with a word of work to do (2027年重点工作, 2027年主要任务,
  "Priorities for 2027", "FY2028 request") makes its lines that year's work: stated in the review of an
  earlier year as done, a target is stated as achieved. The same title read for its own year's review, or
  its lines in the plan part, stay accepted.
- In the plan part, a result the notes give while they give the same indicator a target of its own is a
  result written as next year's target.
- A direction word in the draft's sentence (较2010年有所下降 …为Y, "improved from X to Y" for an indicator
  where higher is better) against the two dated values of that indicator in the notes.
- A line under a plan header that dates itself in an earlier year ("FY2024: hired 80 auditors") is a result.
The faithful restatements beside them stay accepted."""

from __future__ import annotations

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING
from assistant.notes import parse_notes

WORK = ("2027年重点工作\n- 新建乡镇污水处理站36座\n- 城镇新增就业4.2万人\n- 改造老旧小区120个\n"
        "- 农村公路提档升级300公里\n")
TASKS = ("红星镇2027年主要任务\n- 新建村级养老服务站18个\n- 完成高标准农田建设2.6万亩\n- 培训农民工1500人次\n")
WORK_SAME = ("2026年重点工作\n- 新建乡镇污水处理站36座\n- 城镇新增就业4.2万人\n- 改造老旧小区120个\n")
POINTS = ("城关镇2026年工作要点\n- 完成固定资产投资18.5亿元\n- 新建幼儿园3所\n2027年打算：\n- 新建幼儿园5所\n")
LATER_HEADER = ("2026年工作素材\n- 新建幼儿园3所\n- 完成造林1.2万亩\n2027年重点工作\n- 新建幼儿园6所\n"
                "- 完成造林2万亩\n")
PRIORITIES = ("Priorities for FY2027\n- open 14 community health clinics\n- train 2,600 nurses\n"
              "- cut average wait times to 18 days\n")
REQUEST = ("Agency FY2028 request\n- appropriated $1.24B = +3.1% (+$37M) vs FY2027 enacted\n"
           "- total budget authority $1.31B\n- FTE 5,480\n")
HIRES = ("FY2027 plan\n- modernize 9 legacy systems by March 31, 2027\n- hire 210 inspectors in FY2027\n"
         "- FY2026: hired 165 inspectors\n")
HIRES_ZH = ("2027年计划\n- 招聘专业技术人员80名\n- 2026年：已招聘专业技术人员64名\n")
GOV_REPORT = ("2027年政府工作报告要点\n- 地区生产总值增长6.1%\n- 新建乡镇污水处理站36座\n")
POINTS_LATER = ("2027年工作要点\n- 新建乡镇污水处理站36座\n- 完成造林2万亩\n")
REVIEW_THEN_WORK = ("2026年工作总结\n- 新建幼儿园3所\n2027年重点工作：\n- 新建幼儿园6所\n- 完成造林2万亩\n")
JUSTIFICATION = ("Bureau FY2028 budget justification\n- $412M appropriated\n- 1,950 FTE\n")
LAST_YEAR_UNDER_PLAN = ("FY2027 plan\n- hire 210 inspectors\n- hired 165 inspectors in FY2026 (actual)\n")
SATISFACTION = ("Service notes 2021-2025\n- resident satisfaction: 84% (2021) -> 78% (2025)\n"
                "- unemployment rate: 4.5% (2021) -> 4.1% (2025)\n")
AIR = ("“十三五”素材\n- 空气优良天数比例：2015年78.1%，2020年86.5%\n- 森林覆盖率：2015年21.6%，2020年25.2%\n")
POTENTIAL = ("Audit office notes 2026\n- open recommendations: up to $48B in potential savings\n- 312 audits completed\n")
POTENTIAL_ZH = ("2026年审计工作素材\n- 完成审计项目126个\n- 未整改问题全部整改后潜在收益约12亿元\n")
WORK_REVERSED = "2027年工作重点\n- 新建乡镇污水处理站36座\n- 完成造林2万亩\n"
TASKS_EN = "Key tasks for 2027\n- open 14 community clinics\n- train 2,600 nurses\n"
WORK_PLAN_EN = "Riverside 2027 work plan\n- open 14 community clinics\n- train 2,600 nurses\n"
GOALS = ("“十五五”目标\n- 常住人口城镇化率达63%左右\n- 城镇新增就业500万人以上\n2026年预期目标：\n"
         "- 常住人口城镇化率59%左右\n- 城镇新增就业110万人以上\n")
INDICATORS = ("2026年全市主要指标\n- 地区生产总值 +6.2%\n- 固定资产投资 +8.4%\n- 城乡居民人均可支配收入 +6.9%\n"
              "2027年预期目标：\n- 地区生产总值：增长6%左右\n- 固定资产投资：增长7%\n- 城乡居民人均可支配收入：增长6.5%左右\n")
INDICATORS_EN = ("2026 results\n- GDP +5.8%\n- industrial output +7.3%\n- retail sales +4.9%\n"
                 "2027 targets:\n- GDP: around 5%\n- industrial output: around 6%\n- retail sales: around 5%\n")
FOREST = ("“十三五”素材\n- 新建公园12个\n- 城市绿化覆盖率：2015年36.4%，2020年41.8%\n"
          "- 空气优良天数比例：2015年78.1%，2020年86.5%\n")
FOREST_EN = ("Five-year review notes\n- tree canopy cover: 31.2% (2018) -> 35.9% (2023)\n"
             "- on-time bus arrivals: 88% (FY2019) -> ~81% (FY2023)\n- potholes repaired 12,400\n")


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # the later year's work, in that year's plan part
        (WORK, "二、2027年工作安排\n新建乡镇污水处理站36座，城镇新增就业4.2万人。", "36座"),
        (WORK, "二、2027年重点工作\n全年改造老旧小区120个。", "120个"),
        (TASKS, "二、2027年工作打算\n新建村级养老服务站18个。", "18个"),
        (PRIORITIES, "2. Plans for FY2027\nWe will open 14 community health clinics.", "14"),
        (REQUEST, "2. FY2028 budget request\nThe request includes $1.24 billion in appropriated funds.", "$1.24 billion"),
        # a title of the report year itself: its lines are that year's work, reviewed as done
        (WORK_SAME, "一、2026年工作回顾\n全年新建乡镇污水处理站36座，城镇新增就业4.2万人。", "36座"),
        (WORK_SAME, "一、2026年工作回顾\n改造老旧小区120个。", "120个"),
        (POINTS, "一、2026年工作回顾\n全年完成固定资产投资18.5亿元，新建幼儿园3所。", "18.5亿元"),
        (POINTS, "二、2027年工作安排\n新建幼儿园5所。", "5所"),
        (LATER_HEADER, "一、2026年工作回顾\n全年完成造林1.2万亩。", "1.2万亩"),
        (LATER_HEADER, "二、2027年工作安排\n计划完成造林2万亩。", "2万亩"),
        # a dated past result under a plan header, stated as that year's result
        (HIRES, "1. FY2026 Results\nWe hired 165 inspectors last fiscal year.", "165"),
        (HIRES_ZH, "一、2026年工作回顾\n全年招聘专业技术人员64名。", "64名"),
        # the plan part states the target; a result named as last year's stays accepted
        (INDICATORS, "二、2027年工作安排\n地区生产总值增长6%左右，固定资产投资增长7%。", "7%"),
        (INDICATORS, "二、2027年工作安排\n城乡居民人均可支配收入增长6.5%左右。", "6.5%"),
        (INDICATORS, "一、2026年工作回顾\n固定资产投资增长8.4%。", "8.4%"),
        (INDICATORS_EN, "2. Plans for 2027\nIndustrial output is expected to grow by around 6 percent.", "6 percent"),
        # directions that agree with the notes' two dated values
        (FOREST, "一、“十三五”时期工作回顾\n城市绿化覆盖率较2015年有所提高，2020年为41.8%。", "41.8%"),
        (FOREST, "一、“十三五”时期工作回顾\n城市绿化覆盖率由2015年的36.4%提高到2020年的41.8%。", "41.8%"),
        (FOREST_EN, "Review\nTree canopy cover improved from 31.2 percent to 35.9 percent.", "35.9 percent"),
        (FOREST_EN, "Review\nOn-time bus arrivals slipped from 88 percent to about 81 percent.", "81 percent"),
        # more faithful look-alikes: a report delivered in the later year reviews the year before it
        # KNOWN GAP (session 5): a 政府工作报告 titled 2027 reviews 2026, but the notes' year is read as the
        # title's; reading it as the year before broke the self-check of every real report (35 blocking)
        pytest.param(GOV_REPORT, "一、2026年工作回顾\n地区生产总值增长6.1%，新建乡镇污水处理站36座。", "36座",
                     marks=pytest.mark.xfail(strict=True, reason="政府工作报告 title year read as the review year")),
        (POINTS_LATER, "一、2027年工作回顾\n全年新建乡镇污水处理站36座。", "36座"),
        (REVIEW_THEN_WORK, "一、2026年工作回顾\n全年新建幼儿园3所。", "3所"),
        (JUSTIFICATION, "2. FY2028 request\nThe request totals $412 million in appropriations.", "$412 million"),
        (LAST_YEAR_UNDER_PLAN, "1. FY2026 results\nWe hired 165 inspectors.", "165"),
        (INDICATORS_EN, "2. Plans for 2027\nAfter industrial output grew 7.3 percent last year, we aim for about 6 percent.",
         "7.3 percent"),
        (INDICATORS, "二、2027年工作安排\n过去一年固定资产投资增长8.4%，今年目标增长7%。", "8.4%"),
        (SATISFACTION, "Review\nThe unemployment rate improved to 4.1 percent.", "4.1 percent"),
        (SATISFACTION, "Review\nResident satisfaction declined since 2021 and stood at 78 percent in 2025.", "78 percent"),
        (AIR, "一、“十三五”时期工作回顾\n空气质量持续改善，优良天数比例为86.5%。", "86.5%"),
        (AIR, "一、“十三五”时期工作回顾\n森林覆盖率比2015年提高，达到25.2%。", "25.2%"),
        # five-year goals above the year's targets are no results (a goal's 左右, another order of size)
        (GOALS, "二、2026年工作安排\n“十五五”时期，常住人口城镇化率达63%左右。", "63%左右"),
        (GOALS, "二、2026年工作安排\n五年城镇新增就业500万人以上。", "500万人"),
        # the work year's plan in that year's plan part
        (WORK_REVERSED, "二、2027年工作安排\n全年新建乡镇污水处理站36座。", "36座"),
        (TASKS_EN, "2. Plans for 2027\nWe will open 14 community clinics.", "14"),
        (WORK_PLAN_EN, "2. Plans for 2027\nWe will train 2,600 nurses.", "2,600"),
        (WORK, "二、2027年工作安排\n年内农村公路提档升级300公里。", "300公里"),
        (REQUEST, "2. FY2028 request\nThe request supports 5,480 FTE in fiscal year 2028.", "5,480"),
        # a value still to come, kept as one
        (POTENTIAL, "Review\nOpen recommendations could yield up to $48 billion in savings.", "$48 billion"),
        (POTENTIAL_ZH, "一、2026年工作回顾\n问题全部整改后，潜在收益约12亿元。", "12亿元"),
    ],
)
def test_faithful_accepted(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in ACCEPTING, (fc.status, fc.reason)


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # the later year's work (重点工作 / 主要任务 / priorities / request), stated in an earlier review as done
        (WORK, "一、2026年工作回顾\n全年新建乡镇污水处理站36座。", "36座"),
        (WORK, "一、2026年工作回顾\n城镇新增就业4.2万人，就业形势稳定。", "4.2万人"),
        (WORK, "一、2026年工作回顾\n120个老旧小区改造完工，居住条件明显改善。", "120个"),
        (TASKS, "一、2026年工作回顾\n全年建成村级养老服务站18个。", "18个"),
        (LATER_HEADER, "一、2026年工作回顾\n全年新建幼儿园6所。", "6所"),
        (PRIORITIES, "1. FY2026 in review\nThe department opened 14 community health clinics.", "14"),
        (PRIORITIES, "1. Summary of FY2026\nWe trained 2,600 nurses during the year.", "2,600"),
        (REQUEST, "1. Summary of FY 2027\nThe agency received $1.24 billion in appropriations this year.",
         "$1.24 billion"),
        # a result written as the plan's target while the notes give that indicator its own target
        (INDICATORS, "二、2027年工作安排\n固定资产投资增长8.4%，城乡居民人均可支配收入增长6.5%左右。", "8.4%"),
        (INDICATORS, "二、2027年工作安排\n地区生产总值增长6.2%。", "6.2%"),
        (INDICATORS_EN, "2. Plans for 2027\nIndustrial output will grow by 7.3 percent.", "7.3 percent"),
        # a direction word against the notes' two dated values
        (FOREST, "一、“十三五”时期工作回顾\n城市绿化覆盖率较2015年有所下降，2020年为41.8%。", "41.8%"),
        (FOREST, "一、“十三五”时期工作回顾\n与2015年相比，空气优良天数比例有所回落，2020年达到86.5%。", "86.5%"),
        (FOREST_EN, "Review\nTree canopy cover declined compared with 2018, reaching 35.9 percent in 2023.",
         "35.9 percent"),
        (FOREST_EN, "Review\nOn-time bus arrivals improved from 88 percent to about 81 percent.", "81 percent"),
        # more wordings of the same readings
        (POINTS_LATER, "一、2026年工作回顾\n全年新建乡镇污水处理站36座。", "36座"),
        (REVIEW_THEN_WORK, "一、2026年工作回顾\n全年完成造林2万亩。", "2万亩"),
        (JUSTIFICATION, "1. FY2027 in review\nThe bureau was funded at $412 million.", "$412 million"),
        (INDICATORS, "二、2027年工作安排\n力争城乡居民人均可支配收入增长6.9%。", "6.9%"),
        (SATISFACTION, "Review\nResident satisfaction improved to 78 percent.", "78 percent"),
        (SATISFACTION, "Review\nResident satisfaction rose since 2021 and stood at 78 percent in 2025.", "78 percent"),
        (AIR, "一、“十三五”时期工作回顾\n空气质量有所恶化，优良天数比例为86.5%。", "86.5%"),
        (AIR, "一、“十三五”时期工作回顾\n森林覆盖率比2015年下降，达到25.2%。", "25.2%"),
        (AIR, "一、“十三五”时期工作回顾\n与2015年相比，森林覆盖率下降了，2020年为25.2%。", "25.2%"),
        (WORK_REVERSED, "一、2026年工作回顾\n全年新建乡镇污水处理站36座。", "36座"),
        (TASKS_EN, "1. 2026 in review\nWe opened 14 community clinics.", "14"),
        (WORK_PLAN_EN, "1. 2026 in review\nThe clinic trained 2,600 nurses.", "2,600"),
        # the work year's plan moved a year on
        (WORK, "二、2027年工作安排\n2028年农村公路提档升级300公里。", "300公里"),
        (WORK, "二、2027年工作安排\n明年农村公路提档升级300公里。", "300公里"),  # 明年 from 2027's plan: 2028
        (REQUEST, "2. FY2028 request\nThe agency plans 5,480 FTE in fiscal year 2029.", "5,480"),
        # a value the notes give as still to come, stated as already realized
        (POTENTIAL, "Review\nOur open recommendations have already saved $48 billion.", "$48 billion"),
        (POTENTIAL_ZH, "一、2026年工作回顾\n审计整改已经带来收益12亿元。", "12亿元"),
    ],
)
def test_misstated_blocked(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in BLOCKING, (fc.status, fc.reason)


@pytest.mark.parametrize(
    ("notes", "line", "role"),
    [
        (WORK, 1, "metadata"),  # 2027年重点工作: the title, no body text
        (TASKS, 1, "metadata"),
        (LATER_HEADER, 5, "plan"),  # under 2027年重点工作 after the notes' 2026 lines
        (LATER_HEADER, 3, "achievement"),
        (HIRES, 4, "achievement"),  # FY2026: hired 165 inspectors, under the FY2027 plan
        (HIRES, 3, "plan"),
        (HIRES_ZH, 3, "achievement"),
        (GOALS, 2, "plan"),  # under “十五五”目标: a five-year plan's goals
    ],
)
def test_note_line_roles(notes: str, line: int, role: str) -> None:
    items = [i for i in parse_notes(notes).items if i.line == line]
    assert items and all(i.role == role for i in items), [(i.text, i.role) for i in items]
