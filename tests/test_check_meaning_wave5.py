"""Checker meaning rules of wave 5 (issue 10), each a general rule with accept and flag rows side by side
(zh and en): a value given to a contrasting indicator (城镇 / 农村, 收入 / 支出, 总产值 / 增加值, one
sector / the whole economy, one category 类 / another, a flow 新增 / a stock 总数, the total / its
其中 part), a later year header's figure stated as the draft's year's, one year's value stated as a
multi-year total, and a year written in brackets after a note figure."""

from __future__ import annotations

import pytest

from assistant.check import BLOCKING, FigureCheck, check_draft
from assistant.check_indicator import clause_before, indicator_conflict, names_a_part

ACCEPTING = ("verified", "approximate", "derived")


def status_of(notes: str, draft: str, figure: str) -> FigureCheck:
    return next(fc for fc in check_draft(notes, draft).figures if fc.figure.text == figure)


INCOME = "2020年工作\n- 城镇居民人均可支配收入41200元，增长6.1%\n- 农村居民人均可支配收入17300元，增长8.4%\n"
RESPECTIVE = "2020年\n1. 城镇居民人均可支配收入、农村居民人均可支配收入分别为41200元、17300元\n  - 同比分别增长6.1%、8.4%\n"
BRACKETED = "Housing notes 2024\n- waiting list: 5,100 families (2019) -> 3,400 (FY2024)\n- new units 800\n"
EN_RESP = "Student aid notes 2024\n- Pell grants and work-study aid: $310 million and $95 million respectively\n"
RESULT = "2021年主要工作\n- 新建农村公路120公里\n- 城镇新增就业4300人\n明年打算：\n- 新建农村公路150公里\n"
FIRMS = "“十三五”笔记\n- 规上工业企业：2016年54家，2020年61户\n"
DEADLINE = "2023年安排：\n- 9月底前完成：老旧小区改造42个\n- 全年完成造林1.2万亩\n"
EN_DEADLINE = "Heat plan 2024\nNext year:\n- open 12 cooling centers by June\n"
PURPOSE = "2021年\n- 投资1800万元改造12个老旧小区供热管网，2600万元新建城区停车场\n"
BUDGET = "2019年\n- 一般公共预算收入12.5亿元\n- 同比增长6.3%\n- 一般公共预算支出31.7亿元\n"
OUTPUT = "2018年情况\n- 规上工业增加值增长9.2%\n- 社零总额86亿元\n"
SECTOR = "2021年回顾\n- 工业固投85亿元\n- 城镇新增就业4200人\n"
STOCK = "2022年回顾\n- 新建5G基站300个，基站总数2100个\n"
PARTS = "今年情况\n- 接待游客860万人次\n明年：\n- 重点项目80个\n- 其中产业类35个\n- 旅游收入增长10%\n"
EN_BUDGET = "County notes 2023\n- county revenue $48.2 million, up 4.1%\n- county spending $51.7 million\n"
EN_STOCK = "Clinic notes 2024\n- opened 6 new clinics; 41 clinics in total\n"


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "accept"),
    [
        # town / country
        (INCOME, "一、2020年工作回顾\n城镇居民人均可支配收入达到41200元，增长6.1%。", "6.1%", True),
        (INCOME, "一、2020年工作回顾\n农村居民人均可支配收入增长6.1%。", "6.1%", False),
        (INCOME, "一、2020年工作回顾\n农村居民人均可支配收入达到17300元，增长6.1%。", "6.1%", False),
        (INCOME, "一、2020年工作回顾\n城乡居民收入稳步增长，农村居民人均可支配收入增长8.4%。", "8.4%", True),
        # a 分别 continuation line: the k-th value is the head line's k-th indicator's
        (RESPECTIVE, "一、2020年工作回顾\n城镇居民人均可支配收入增长6.1%，农村居民人均可支配收入增长8.4%。", "6.1%", True),
        (RESPECTIVE, "一、2020年工作回顾\n城镇居民人均可支配收入增长6.1%，农村居民人均可支配收入增长8.4%。", "8.4%", True),
        (RESPECTIVE, "一、2020年工作回顾\n城镇居民人均可支配收入增长8.4%。", "8.4%", False),
        (RESPECTIVE, "一、2020年工作回顾\n城镇和农村居民人均可支配收入分别达41,200元、17300元。", "17300元", True),
        # respectively lists, names before or after the figures: another order is another indicator
        (EN_RESP, "2024 Review\nPell grants and work-study aid came to $310 million and $95 million, respectively.",
         "95 million", True),
        (EN_RESP, "2024 Review\nPell grants and work-study aid came to $95 million and $310 million, respectively.",
         "95 million", False),
        (EN_RESP, "2024 Review\nThe state paid $310 million and $95 million to Pell grants and work-study aid, respectively.",
         "310 million", True),
        (EN_RESP, "2024 Review\nThe state paid $95 million and $310 million to Pell grants and work-study aid, respectively.",
         "310 million", False),
        # a value moved to another item of its line (the purpose written after it)
        (PURPOSE, "一、2021年工作回顾\n投资2600万元完成12个老旧小区供热管网改造。", "2600万元", False),
        (PURPOSE, "一、2021年工作回顾\n投资2600万元新建城区停车场。", "2600万元", True),
        (PURPOSE, "一、2021年工作回顾\n投资1800万元完成老旧小区供热管网改造。", "1800万元", True),
        # revenue / spending (a continuation line speaks of its head's indicator)
        (BUDGET, "一、2019年工作回顾\n一般公共预算收入同比增长6.3%。", "6.3%", True),
        (BUDGET, "一、2019年工作回顾\n一般公共预算支出同比增长6.3%。", "6.3%", False),
        # gross output / value added
        (OUTPUT, "一、2018年工作回顾\n规模以上工业增加值同比增长9.2%。", "9.2%", True),
        (OUTPUT, "一、2018年工作回顾\n规模以上工业总产值同比增长9.2%。", "9.2%", False),
        # one sector / the whole economy
        (SECTOR, "一、2021年工作回顾\n完成工业固定资产投资85亿元。", "85亿元", True),
        (SECTOR, "一、2021年工作回顾\n完成全社会固定资产投资85亿元。", "85亿元", False),
        # a flow / a stock
        (STOCK, "一、2022年工作回顾\n全区5G基站总数达到2100个。", "2100个", True),
        (STOCK, "一、2022年工作回顾\n全年新建5G基站2100个。", "2100个", False),
        # one category / another; the total / its part
        (PARTS, "二、明年工作安排\n安排重点项目80个，其中产业类项目35个。", "35个", True),
        (PARTS, "二、明年工作安排\n安排重点项目80个，其中基础设施类35个。", "35个", False),
        (PARTS, "二、明年工作安排\n安排重点项目80个。", "80个", True),
        (PARTS, "二、明年工作安排\n安排产业类重点项目80个。", "80个", False),
        # English: revenue / spending, new / in total
        (EN_BUDGET, "2023 Review\nCounty revenue reached $48.2 million, up 4.1 percent.", "48.2 million", True),
        (EN_BUDGET, "2023 Review\nCounty spending was $48.2 million.", "48.2 million", False),
        (EN_STOCK, "2024 Review\nThe county now runs 41 clinics in total.", "41", True),
        (EN_STOCK, "2024 Review\nThe county opened 41 new clinics.", "41", False),
    ],
)
def test_a_value_given_to_a_contrasting_indicator_is_flagged(notes: str, draft: str, figure: str,
                                                             accept: bool) -> None:
    fc = status_of(notes, draft, figure)
    if accept:
        assert fc.status in ACCEPTING, fc.reason
    else:
        assert fc.status in BLOCKING, fc.reason
        assert fc.note is not None


@pytest.mark.parametrize(
    ("draft_name", "note_name", "zh", "expected"),
    [
        ("农村居民人均可支配收入", "城镇居民人均可支配收入", True, ("农村", "城镇")),
        ("城乡居民人均可支配收入", "城镇居民人均可支配收入", True, None),  # both alternatives: says nothing
        ("固投", "固定资产投资", True, None),  # an abbreviation is the same name
        ("一产增加值", "第二产业增加值", True, ("第一产业", "第二产业")),
        ("其中工业类", "其中民生社会事业类", True, ("工业类", "民生社会事业类")),
        ("total expenses", "total revenue", False, ("spending", "revenue")),
        ("imports and exports", "exports", False, None),
        ("", "城镇居民人均可支配收入", True, None),
    ],
)
def test_indicator_conflict_reads_contrast_groups(draft_name: str, note_name: str, zh: bool,
                                                  expected: tuple[str, str] | None) -> None:
    assert indicator_conflict(draft_name, note_name, zh=zh) == expected


def test_a_part_category_and_a_clause_are_read_within_bounds() -> None:
    assert names_a_part("民生类重点项目", "重点项目", ["其中民生类46个", "拆炉并网"], zh=True) == "民生类"
    assert names_a_part("重点项目", "重点项目", ["其中民生类46个"], zh=True) is None
    assert names_a_part("民生类重点项目", "重点项目", ["民生类46个"], zh=True) is None  # no 其中: not a part
    assert clause_before("甲" * 500 + "，新建基站", 505) == "新建基站"
    assert len(clause_before("甲" * 500, 500)) <= 60


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "accept"),
    [
        # two year headers and no year of the notes' own: the later header's figures are that year's
        ("2019年：\n新建污水管网35公里\n2020年：\n新建污水管网48公里\n",
         "一、2019年工作回顾\n新建污水管网35公里。", "35公里", True),
        ("2019年：\n新建污水管网35公里\n2020年：\n新建污水管网48公里\n",
         "一、2019年工作回顾\n全年新建污水管网48公里。", "48公里", False),
        ("2019年：\n新建污水管网35公里\n2020年：\n新建污水管网48公里\n",
         "一、2019年工作回顾\n新建污水管网35公里。\n二、2020年工作安排\n新建污水管网48公里。", "48公里", True),
        # a year in brackets after a note figure is its period; a year right after a draft figure is its own
        (BRACKETED, "2024 Review\nAt the end of fiscal year 2023, the waiting list stood at 3,400 families.", "3,400",
         False),
        (BRACKETED, "2024 Review\nThe waiting list shrank from 5,100 families in 2019 to 3,400 in 2024.", "5,100", True),
        ("2024年情况\n- 公租房轮候家庭3400户（2021年）\n- 新建公租房800套\n", "一、2024年工作回顾\n目前公租房轮候家庭3400户。",
         "3400户", False),
        # a duration is no period's value (三年任务两年完成)
        ("2023年\n- 灾后恢复重建三年任务两年完成\n", "一、2023年工作回顾\n灾后恢复重建三年任务两年完成。", "三年", True),
        # a result of the year written into the plan part as what next year will do
        (RESULT, "二、2022年工作安排\n全年新建农村公路120公里。", "120公里", False),
        (RESULT, "二、2022年工作安排\n全年新建农村公路150公里。", "150公里", True),
        (RESULT, "二、2022年工作安排\n在今年新建农村公路120公里的基础上，继续新建农村公路150公里。", "120公里", True),
        (RESULT, "一、2021年工作回顾\n新建农村公路120公里。", "120公里", True),
        # a multi-year heading does not make a level a total; the direction of two years' counts is read
        # across classifiers (2016年54家，2020年61户)
        (FIRMS, "一、“十三五”时期工作回顾\n规模以上工业企业由54家增加到61户。", "61户", True),
        (FIRMS, "一、“十三五”时期工作回顾\n规模以上工业企业由54家减少到61户。", "61户", False),
        # last year's value in brackets after this year's, with no words of its own
        ("2019年工作回顾\n- 港口货物吞吐量达到1.6亿吨（2018年：1.45亿吨）\n",
         "一、2019年工作回顾\n港口货物吞吐量由上年的1.45亿吨增加到1.6亿吨。", "1.45亿吨", True),
        ("2019年工作回顾\n- 港口货物吞吐量达到1.6亿吨（2018年：1.45亿吨）\n",
         "一、2019年工作回顾\n全年港口货物吞吐量达到1.45亿吨。", "1.45亿吨", False),
        # a plan's deadline moved (9月底前 → 年底前)
        (DEADLINE, "二、2023年工作安排\n年底前完成老旧小区改造42个。", "42个", False),
        (DEADLINE, "二、2023年工作安排\n9月底前完成老旧小区改造42个。", "42个", True),
        (DEADLINE, "二、2023年工作安排\n全年完成造林1.2万亩。", "1.2万亩", True),
        (EN_DEADLINE, "2024 Plan\nBy the end of the year we will open 12 cooling centers.", "12", False),
        (EN_DEADLINE, "2024 Plan\nBy June we will open 12 cooling centers.", "12", True),
        # one stated year's value stated as a multi-year total (and the faithful forms)
        ("“十三五”回顾\n- 2020年接待游客520万人次\n- 五年累计旅游收入310亿元\n",
         "一、“十三五”时期工作回顾\n五年累计接待游客520万人次。", "520万人次", False),
        ("“十三五”回顾\n- 2020年接待游客520万人次\n- 五年累计旅游收入310亿元\n",
         "一、“十三五”时期工作回顾\n2020年接待游客520万人次。", "520万人次", True),
        ("“十三五”回顾\n- 2020年接待游客520万人次\n- 五年累计旅游收入310亿元\n",
         "一、“十三五”时期工作回顾\n五年累计实现旅游收入310亿元。", "310亿元", True),
    ],
)
def test_a_figure_stated_for_another_period_is_flagged(notes: str, draft: str, figure: str, accept: bool) -> None:
    fc = status_of(notes, draft, figure)
    if accept:
        assert fc.status in ACCEPTING, fc.reason
    else:
        assert fc.status in BLOCKING, fc.reason
