"""Derived figures and counts as faithful drafts state them (issue 10, wave 11), and the errors beside them.

A change then the level it reached ("by five miles to 46 miles", 延长5公里至46公里) is two figures, no range; a
start value written bare before an arrow takes the end's unit ("724.8 -> 886.5 billion yuan"); a count under
another measure word for the noun right before both numbers (温室150栋 / 建成温室150座, 托位9万个 / 托位9万张); homes,
households and dwellings count one thing. Random numbers beside them stay unsupported.
"""

from __future__ import annotations

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING
from assistant.figures import extract_figures

TRAILS = "Parks 2025 notes\n- Trail miles: 38 -> 45\n- Volunteers 320\n- Boat launches 6\n"
TRAILS_ZH = "2025年工作笔记\n- 绿道里程：由38公里到45公里\n- 志愿者320人\n"
REVENUE = ("County review (2020 -> 2025)\n- tax revenue: 412.6 -> 530.9 million dollars\n"
           "- hospital beds: 1,820 -> 2,240\n")
REVENUE_ZH = "“十四五”回顾\n- 税收收入：由412.6到530.9亿元\n- 病床数：1820 -> 2240张\n"
GREENHOUSE = "今年目标：\n- 设施农业：大棚820亩、温室230栋、冷库1.5万平米\n- 新建学校4所\n"
CHILDCARE = "2025年：\n- 新增养老床位1.2万个；普惠托位6万个\n- 新建口袋公园35处\n"
SIGNUPS = ("Recreation 2025 notes\n- Program registrations 18,420, up 9% on 2024\n- Pool attendance down 6%\n"
           "- Staff 42\n2026 goals:\n- registrations 19,500\n- open 2 new courts\n")
SIGNUPS_ZH = ("2025年工作笔记\n- 培训报名人数2.46万人次，同比增长8%\n- 游泳馆接待人次下降6%\n2026年目标：\n"
              "- 培训报名人数2.6万人次\n")
RATES = "2025年\n- 地区生产总值增长5.6%\n- 规上工业增加值+8.4%；工业投资+13.3%\n- 社零+5.6%；进出口+14.1%\n"
RATES_EN = "Henan 2025\n- GDP +5.6%\n- industrial value added +8.4%; industrial investment +13.3%\n- trade +14.1%\n"
FDI = "2025年\n- 实际使用外资98.4亿美元（高技术产业占36.2%）\n- 外贸出口 +7.2%\n- 城市更新投资3696亿元\n"
FDI_EN = "Province 2025\n- actual FDI USD 9.84 billion (high-tech industries 36.2%)\n- exports +7.2%\n"
TOURISM = "2013年经济\n- GDP 312.4亿元，增9.6%\n- 旅游接待512万人次，收入61.8亿元\n- 社零128.9亿元，增12%\n"
TOURISM_EN = "County 2013\n- GDP 31.24 billion yuan, +9.6%\n- tourism: 5.12 million visits, revenue 6.18 billion yuan\n"
PERMITS = ("Permit audit FY2025\n- 22 permits reviewed, 6 inspections\n"
           "- permits over $5,000: 8 approved within 30 days, 11 not; 3 permits under $5,000\n- staff 9\n")
PERMITS_ZH = ("2025年审批抽查\n- 抽查许可22件，现场检查6次\n- 5000元以上的许可：30日内办结8件，超期11件；5000元以下的许可3件\n"
              "- 工作人员9人\n")
HOMES_ZH = "2025年\n- 老旧小区改造1.74万户；棚户区改造2.3万套\n- 新建学校4所\n"
HOMES = "Housing review 2025\n- old communities renovated: 86,000 households\n- new parks 35\n"


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # a change, then the level it reached: two figures
        (TRAILS, "2025 in Review\nThe county extended its trail network by seven miles to 45 miles.", "seven miles"),
        (TRAILS, "2025 in Review\nThe county extended its trail network by seven miles to 45 miles.", "45 miles"),
        (TRAILS_ZH, "一、2025年工作回顾\n绿道里程增加7公里至45公里。", "7公里"),
        (TRAILS_ZH, "一、2025年工作回顾\n绿道里程增加7公里至45公里。", "45公里"),
        (TRAILS_ZH, "一、2025年工作回顾\n绿道里程延长7公里至45公里。", "7公里"),
        # a bare start value before an arrow, in the end's unit
        (REVENUE, "Review of 2021-2025\nTax revenue rose by 118.3 million dollars over the period, to 530.9 million "
                  "dollars.", "118.3 million dollars"),
        (REVENUE_ZH, "一、“十四五”回顾\n税收收入五年增加118.3亿元，达到530.9亿元。", "118.3亿元"),
        (REVENUE_ZH, "一、“十四五”回顾\n病床数由1820张增加到2240张。", "1820张"),
        # a count under another measure word, the same noun right before both numbers
        (GREENHOUSE, "二、今年工作安排\n年内建成温室230座、冷库1.5万平方米。", "230座"),
        (CHILDCARE, "一、2025年工作回顾\n新增普惠性托位6万张，养老床位1.2万张。", "6万张"),
        (CHILDCARE, "一、2025年工作回顾\n新增普惠性托位6万张，养老床位1.2万张。", "1.2万张"),
        # a change worked out from the value the sentence states wins over another line's same value
        (SIGNUPS, "Plan for 2026\nWe aim for 19,500 registrations (about 6% more than in 2025).", "6%"),
        (SIGNUPS_ZH, "二、2026年工作安排\n培训报名人数力争达到2.6万人次，比2025年增长约6%。", "6%"),
        (SIGNUPS_ZH, "二、2026年工作安排\n培训报名人数力争达到2.6万人次，比2025年增长5.7%。", "5.7%"),
        # a gap between two rates the sentence states, after a comparison word (高于, 快于, ahead of, outpacing)
        (RATES, "一、2025年工作回顾\n规上工业增加值增长8.4%，高于地区生产总值增速2.8个百分点。", "2.8个百分点"),
        (RATES, "一、2025年工作回顾\n进出口增长14.1%，快于社零增速8.5个百分点。", "8.5个百分点"),
        (RATES_EN, "2025 in Review\nIndustrial value added grew 8.4%, outpacing GDP growth of 5.6% by 2.8 percentage "
                   "points.", "2.8 percentage points"),
        (RATES_EN, "2025 in Review\nTrade grew 14.1%, ahead of GDP by 8.5 points.", "8.5 points"),
        # a part's amount from its whole and its share on one line, the share named in the sentence
        (FDI, "一、2025年工作回顾\n实际使用外资98.4亿美元，其中高技术产业外资约35.6亿美元。", "35.6亿美元"),
        (FDI_EN, "Summary of 2025\nActual FDI reached USD 9.84 billion, of which high-tech industries received "
                 "about USD 3.6 billion.", "3.6 billion"),
        # a share of another indicator's level, after 相当于 / equivalent to
        (TOURISM, "一、2013年工作回顾\n旅游收入达到61.8亿元，相当于地区生产总值的19.8%。", "19.8%"),
        (TOURISM_EN, "2013 in Review\nTourism revenue reached 6.18 billion yuan, equivalent to 19.8% of GDP.", "19.8%"),
        # "X of the Y", the part on the threshold's side the sentence states: the whole less the other side
        (PERMITS, "Summary of FY 2025\n19 of the 22 permits were $5,000 or more.", "19"),
        (PERMITS_ZH, "一、2025年工作回顾\n抽查的22件许可中有19件在5000元以上。", "19件"),
        # homes, households and dwellings of a renovation count one thing
        (HOMES, "2025 in Review\nOld communities were renovated for 86,000 homes.", "86,000 homes"),
        (HOMES_ZH, "一、2025年工作回顾\n改造老旧小区住房1.74万套。", "1.74万套"),
        (HOMES_ZH, "一、2025年工作回顾\n完成棚户区改造2.3万户。", "2.3万户"),
        (HOMES, "2025 in Review\nRenovation reached 86,000 dwellings in old communities.", "86,000 dwellings"),
    ],
)
def test_faithful_figures_are_accepted(notes: str, draft: str, figure: str) -> None:
    assert status_of(notes, draft, figure).status in ACCEPTING


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        (TRAILS, "2025 in Review\nThe county extended its trail network by nine miles to 45 miles.", "nine miles"),
        (TRAILS_ZH, "一、2025年工作回顾\n绿道里程增加9公里至45公里。", "9公里"),
        (TRAILS_ZH, "一、2025年工作回顾\n绿道里程延长9公里至45公里。", "9公里"),
        (REVENUE, "Review of 2021-2025\nTax revenue rose by 128.3 million dollars over the period, to 530.9 million "
                  "dollars.", "128.3 million dollars"),
        (REVENUE_ZH, "一、“十四五”回顾\n税收收入五年增加108.3亿元，达到530.9亿元。", "108.3亿元"),
        # a rate the stated value does not give, or the other line's rate for this indicator's sentence
        (SIGNUPS, "Plan for 2026\nWe aim for 19,500 registrations (about 8% more than in 2025).", "8%"),
        (SIGNUPS, "Plan for 2026\nRegistrations are to grow about 6% in 2026.", "6%"),
        (SIGNUPS_ZH, "二、2026年工作安排\n培训报名人数力争达到2.6万人次，比2025年增长7%。", "7%"),
        (SIGNUPS_ZH, "二、2026年工作安排\n培训报名人数比2025年增长6%。", "6%"),
        (RATES, "一、2025年工作回顾\n规上工业增加值增长8.4%，高于地区生产总值增速3.8个百分点。", "3.8个百分点"),
        (RATES_EN, "2025 in Review\nTrade grew 14.1%, ahead of GDP by 7.5 points.", "7.5 points"),
        (FDI, "一、2025年工作回顾\n实际使用外资98.4亿美元，其中高技术产业外资约41.6亿美元。", "41.6亿美元"),
        (FDI, "一、2025年工作回顾\n实际使用外资98.4亿美元，其中服务业外资约35.6亿美元。", "35.6亿美元"),
        (FDI_EN, "Summary of 2025\nActual FDI reached USD 9.84 billion, of which high-tech industries received "
                 "about USD 4.1 billion.", "4.1 billion"),
        (TOURISM, "一、2013年工作回顾\n旅游收入达到61.8亿元，相当于地区生产总值的21.8%。", "21.8%"),
        (TOURISM, "一、2013年工作回顾\n地区生产总值增长19.8%。", "19.8%"),
        (TOURISM_EN, "2013 in Review\nTourism revenue reached 6.18 billion yuan, equivalent to 17.8% of GDP.", "17.8%"),
        (PERMITS, "Summary of FY 2025\n17 of the 22 permits were $5,000 or more.", "17"),
        (PERMITS, "Summary of FY 2025\n16 of the 22 permits were approved.", "16"),
        (PERMITS_ZH, "一、2025年工作回顾\n抽查的22件许可中有17件在5000元以上。", "17件"),
        # another noun before the number stays another thing
        (GREENHOUSE, "二、今年工作安排\n年内建成厂房230座。", "230座"),
        (CHILDCARE, "一、2025年工作回顾\n新增停车位6万张。", "6万张"),
        (HOMES, "2025 in Review\nThe program created 86,000 jobs.", "86,000 jobs"),
        (HOMES_ZH, "一、2025年工作回顾\n改造老旧小区住房2.3万套。", "2.3万套"),
        (HOMES_ZH, "一、2025年工作回顾\n新增电梯1.74万套。", "1.74万套"),
    ],
)
def test_wrong_figures_are_flagged(notes: str, draft: str, figure: str) -> None:
    assert status_of(notes, draft, figure).status in BLOCKING


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("extended by five miles to 46 miles", [("5", "mile", False), ("46", "mile", False)]),
        ("道路延长5公里至46公里", [("5", "公里", False), ("46", "公里", False)]),
        # a rate range stays a range, so does a range whose ends are close
        ("to grow by 5 to 6 percent", [("5", "%", True)]),
        ("GDP增长5%至6%", [("5", "%", True)]),
        ("output to rise by 40 tons to 46 tons", [("40", "吨", True)]),
    ],
)
def test_by_x_to_y_is_a_change_and_a_level(text: str, expected: list[tuple[str, str, bool]]) -> None:
    found = [(str(f.value), f.unit, f.is_range) for f in extract_figures(text) if not f.ignored]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("- tax revenue: 412.6 -> 530.9 million dollars", "USD", "412600000"),
        ("- 税收收入由412.6到530.9亿元", "元", "41260000000"),
        ("- listed companies: 518 -> 731", "", "518"),
    ],
)
def test_a_bare_start_value_takes_the_end_unit(text: str, unit: str, value: str) -> None:
    first = next(f for f in extract_figures(text) if not f.ignored)
    assert (first.unit, first.value) == (unit, float(value)) or (first.unit, str(first.value.normalize())) == (
        unit, str(__import__("decimal").Decimal(value).normalize()))


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("actual FDI USD 11.56 billion", "USD"),
        ("of which about USD 4.7 billion", "USD"),
        ("a loan of EUR 5 million", "EUR"),
        ("revenue RMB 3 billion", "元"),
    ],
)
def test_a_currency_code_before_an_amount_is_its_unit(text: str, unit: str) -> None:
    assert [f.unit for f in extract_figures(text) if not f.ignored] == [unit]
