"""Derived values and roundings as careful writers make them (issue 10, wave 13), and wrong ones beside them.

Readings: a prior level worked out from a level and its change ("up 560 billion … last year's was 1.62 trillion",
比上年增加…，上年为…); a part of a change the notes share out (增加30元，一半用于… → 15元); a share of a whole whose part
is given as "over" when the draft qualifies the share (约占…16%); a gap in percentage points between a rate and
the rate the comparison names (比经济增速高0.5个百分点, "0.5 points faster than the economy"); and roundings: an
unqualified one-significant-digit value is no rounding of a note value more than 5% away ("1 trillion" for 800
billion, 2万 for 1.6万), a qualifier must be true of the note value.
"""

from __future__ import annotations

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING

DEFICIT = ("Budget plan 2026\n- GDP growth target about 5%\n- Deficit 3.4 trillion yuan (up 600 billion)\n"
           "- Special bonds 4.2 trillion, 300 billion more than last year\n- Rail investment 700 billion\n"
           "- Highways 1.9 trillion\n")
DEFICIT_ZH = ("2026年预算安排\n- 赤字3.4万亿元，比上年增加6000亿元\n- 专项债4.2万亿元，比上年多3000亿元\n"
              "- 铁路投资7000亿元\n- 公路1.9万亿元\n")
OFFICE = ("Office notes 2025\n- training budget $48,000 (up $6,000)\n- staff 62, 18 of them part-time\n"
          "- printing cost $9,200 ($800 less than last year)\n- software licences 1.6 thousand\n")
OFFICE_ZH = ("2025年办公室工作\n- 培训经费4.8万元，比上年增加0.6万元\n- 职工62人\n- 印刷费9200元，比上年减少800元\n"
             "- 慰问金人均增加200元，一半用于节日慰问\n")
HEALTH_ZH = ("2025年民生\n- 居民医保人均财政补助增加40元，一半用于大病保险\n- 医疗救助资金12亿元\n"
             "- 城乡公路里程8.4万公里，高速公路超过0.7万公里\n- 地区生产总值增长5.2%\n"
             "- 城镇居民人均可支配收入增长6.1%\n- 农村居民人均可支配收入增长7.0%\n")
HEALTH = ("Review of 2025\n- per-person health subsidy up 40 yuan, half for serious illness insurance\n"
          "- road network 84,000 km, expressways over 6,000 km\n- GDP grew 5.2%\n"
          "- urban disposable income per person up 6.1%\n- rural disposable income per person up 7.0%\n")
ROUND = ("2025\n- Rail investment 800 billion yuan\n- water projects 960 billion yuan\n- grain 1.6万吨\n"
         "- 粮食产量1.97万吨\n- visitors 4.6 million\n- exports 2.45 billion dollars\n- GDP growth 5.4%\n")
ROUND_ZH = ("2025年\n- 铁路投资8000亿元\n- 水利投资9600亿元\n- 蔬菜产量1.6万吨\n- 粮食产量1.97万吨\n"
            "- 接待游客480万人次\n- 出口24.5亿美元\n")


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # a prior level: a level less its change (English and Chinese, government and office notes)
        (DEFICIT, "Plan for 2026\nThe 3.4 trillion yuan deficit is 600 billion more than last year's, implying a "
                  "2025 deficit of 2.8 trillion.", "2.8 trillion"),
        (DEFICIT, "Plan for 2026\nSpecial bonds total 4.2 trillion yuan, up 300 billion, which means last year's "
                  "quota was 3.9 trillion.", "3.9 trillion"),
        (DEFICIT, "Plan for 2026\nSpecial bonds rise by 300 billion to 4.2 trillion yuan, from 3.9 trillion yuan "
                  "last year.", "3.9 trillion yuan"),
        (DEFICIT_ZH, "二、2026年工作安排\n赤字规模3.4万亿元，比上年增加6000亿元，上年为2.8万亿元。", "2.8万亿元"),
        (DEFICIT_ZH, "二、2026年工作安排\n专项债4.2万亿元，比上年多3000亿元，去年是3.9万亿元。", "3.9万亿元"),
        (OFFICE, "Summary of 2025\nThe training budget was $48,000, $6,000 more than the previous year's $42,000.",
         "$42,000"),
        (OFFICE_ZH, "一、2025年工作总结\n培训经费4.8万元，比上年增加0.6万元，上年为4.2万元。", "4.2万元"),
        (OFFICE_ZH, "一、2025年工作总结\n印刷费9200元，比上年减少800元，上年为10000元。", "10000元"),
        (OFFICE, "Summary of 2025\nPrinting cost $9,200, $800 less than last year, when it was $10,000.", "$10,000"),
        # a part of an amount the notes share out (half, 一半)
        (HEALTH_ZH, "一、2025年工作回顾\n居民医保人均财政补助增加40元，其中一半即20元用于大病保险。", "20元"),
        (HEALTH_ZH, "一、2025年工作回顾\n居民医保人均财政补助增加40元，其中20元用于大病保险。", "20元"),
        (OFFICE_ZH, "一、2025年工作总结\n慰问金人均增加200元，其中100元用于节日慰问。", "100元"),
        # a share of a whole, its part given as "over", the draft's share qualified (约占, about)
        (HEALTH_ZH, "一、2025年工作回顾\n城乡公路里程达到8.4万公里，其中高速公路超过0.7万公里，约占公路里程的8%。",
         "8%"),
        # a gap in points between a rate and the rate its comparison names
        (HEALTH_ZH, "一、2025年工作回顾\n地区生产总值增长5.2%；城镇居民人均可支配收入增长6.1%，比经济增速高0.9个百分点。",
         "0.9个百分点"),
        (HEALTH_ZH, "一、2025年工作回顾\n农村居民人均可支配收入增长7.0%，快于经济增长1.8个百分点。", "1.8个百分点"),
        (HEALTH_ZH, "一、2025年工作回顾\n农村居民收入增长7.0%，比城镇居民快0.9个百分点。", "0.9个百分点"),
        # faithful roundings stay accepted
        (ROUND_ZH, "一、2025年工作回顾\n水利投资近1万亿元。", "1万亿元"),
        (ROUND_ZH, "一、2025年工作回顾\n粮食产量约2万吨。", "2万吨"),
        (ROUND_ZH, "一、2025年工作回顾\n粮食产量2万吨。", "2万吨"),
        (ROUND_ZH, "一、2025年工作回顾\n接待游客近500万人次。", "500万人次"),
        (ROUND_ZH, "一、2025年工作回顾\n出口约25亿美元。", "25亿美元"),
        (ROUND_ZH, "一、2025年工作回顾\n铁路投资0.8万亿元。", "0.8万亿元"),
        (ROUND, "Summary of 2025\nWater projects took nearly 1 trillion yuan.", "1 trillion yuan"),
        (ROUND, "Summary of 2025\nVisitors numbered nearly 5 million.", "5 million"),
        (ROUND, "Summary of 2025\nExports reached 2.5 billion dollars.", "2.5 billion dollars"),
        (ROUND, "Summary of 2025\nRail investment was 0.8 trillion yuan.", "0.8 trillion yuan"),
    ],
)
def test_faithful_derived_and_rounded_figures_are_accepted(notes: str, draft: str, figure: str) -> None:
    check = status_of(notes, draft, figure)
    assert check.status in ACCEPTING, check.reason


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # a prior level that is not the level less its change
        (DEFICIT, "Plan for 2026\nThe 3.4 trillion yuan deficit is 600 billion more than last year's, implying a "
                  "2025 deficit of 2.6 trillion.", "2.6 trillion"),
        (DEFICIT_ZH, "二、2026年工作安排\n赤字规模3.4万亿元，比上年增加6000亿元，上年为2.6万亿元。", "2.6万亿元"),
        (OFFICE_ZH, "一、2025年工作总结\n培训经费4.8万元，比上年增加0.6万元，上年为4.4万元。", "4.4万元"),
        (OFFICE_ZH, "一、2025年工作总结\n印刷费9200元，比上年减少800元，上年为8400元。", "8400元"),
        # a wrong part of a shared-out amount
        (HEALTH_ZH, "一、2025年工作回顾\n居民医保人均财政补助增加40元，其中一半即25元用于大病保险。", "25元"),
        # a wrong gap in points
        (HEALTH_ZH, "一、2025年工作回顾\n地区生产总值增长5.2%；城镇居民人均可支配收入增长6.1%，比经济增速高1.9个百分点。",
         "1.9个百分点"),
        # one-significant-digit values that are no rounding of the note value
        (ROUND, "Summary of 2025\nRail investment of 1 trillion yuan is planned.", "1 trillion yuan"),
        (ROUND, "Summary of 2025\nRail investment of more than 1 trillion yuan is planned.", "1 trillion yuan"),
        (ROUND_ZH, "一、2025年工作回顾\n铁路投资1万亿元。", "1万亿元"),
        (ROUND_ZH, "一、2025年工作回顾\n蔬菜产量2万吨。", "2万吨"),
        (ROUND_ZH, "一、2025年工作回顾\n蔬菜产量超过2万吨。", "2万吨"),
        (ROUND_ZH, "一、2025年工作回顾\n接待游客500万人次。", "500万人次"),
        (ROUND, "Summary of 2025\nVisitors numbered 5 million.", "5 million"),
    ],
)
def test_wrong_derived_and_rounded_figures_are_flagged(notes: str, draft: str, figure: str) -> None:
    check = status_of(notes, draft, figure)
    assert check.status in BLOCKING, check.reason


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "ok"),
    [
        # English gaps in points against what the sentence compares with
        (HEALTH, "Review of 2025\nRural disposable income per person rose 7.0%, 1.8 points faster than the economy.",
         "1.8 points", True),
        (HEALTH, "Review of 2025\nRural disposable income per person rose 7.0%, 0.9 percentage points faster than "
                 "urban disposable income.", "0.9 percentage points", True),
        (HEALTH, "Review of 2025\nRural disposable income per person rose 7.0%, 2.8 points faster than the economy.",
         "2.8 points", False),
        # the rate compared with is above the sentence's own: "faster" is wrong
        (HEALTH_ZH, "一、2025年工作回顾\n地区生产总值增长5.2%，比农村居民人均可支配收入增速快1.8个百分点。", "1.8个百分点", False),
    ],
)
def test_gaps_and_shares_in_both_languages(notes: str, draft: str, figure: str, ok: bool) -> None:
    check = status_of(notes, draft, figure)
    assert (check.status in ACCEPTING) == ok, check.reason
    if not ok:
        assert check.status in BLOCKING, check.reason


HOUSING_ZH = ("2025年住房保障\n- 保障房中央资金1713亿元，为2020年的2.2倍；基本建成432万套，新开工1043万套\n"
              "- 旅游收入：2024年50亿元，2025年56亿元\n- 接待游客320万人次\n")


@pytest.mark.parametrize(
    ("draft", "figure", "ok"),
    [
        # a change stated right after a level is of that level, not of two other figures of its line
        ("一、2025年工作回顾\n保障房中央资金1713亿元，比2020年减少一半以上，基本建成432万套。", "一半以上", False),
        # a clause naming its own indicator: the change is of that one
        ("一、2025年工作回顾\n接待游客320万人次，旅游收入增长12%。", "12%", True),
    ],
)
def test_a_change_is_of_the_level_its_clause_states(draft: str, figure: str, ok: bool) -> None:
    check = status_of(HOUSING_ZH, draft, figure)
    assert (check.status in ACCEPTING) == ok, check.reason
