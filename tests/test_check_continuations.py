"""A continuation bullet's figure is the value of its head's indicator, in the checker as in the fact table.

``- 年均增长12.1%`` under ``- 地区生产总值由…增加到287.9亿元`` is GDP's growth; a draft that writes it in
its head's sentence is verified, even when a later plan line (``地区生产总值增长7.5%``) shares more words
with the draft's sentence than the continuation line's own few words do. Written in another indicator's
sentence, it is still misattributed.
"""

from __future__ import annotations

import pytest

from assistant.check import BLOCKING, FigureCheck, check_draft


def status_of(notes: str, draft: str, figure: str) -> FigureCheck:
    result = check_draft(notes, draft)
    return next(fc for fc in result.figures if fc.figure.text == figure)


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # 年均: the average growth of the span above
        ("五年回顾：\n- 地区生产总值由2010年的162.4亿元增加到2015年的287.9亿元\n- 年均增长12.1%\n"
         "明年目标和安排：\n- 地区生产总值增长7.5%，达到309亿元\n",
         "地区生产总值由2010年的162.4亿元增加到2015年的287.9亿元，年均增长12.1%。", "12.1%"),
        # 同比
        ("2016年工作：\n- 旅游收入69亿元\n- 同比增长22.3%\n明年目标：\n- 旅游收入增长10%，达到76亿元\n",
         "全年旅游收入69亿元，同比增长22.3%。", "22.3%"),
        # 比上年
        ("2016年工作：\n- 城镇居民人均可支配收入28541元\n- 比上年增长8.3%\n下一步打算：\n- 城镇居民人均可支配收入增长8%\n",
         "城镇居民人均可支配收入28541元，比上年增长8.3%。", "8.3%"),
        # a terse sign
        ("2016年工作：\n- 社零136.3亿元\n- +14.9%\n明年目标：\n- 社零增长10%\n",
         "社会消费品零售总额136.3亿元，同比增长14.9%。", "14.9%"),
        # 其中: a part of the head, with its own name
        ("2016年工作：\n- 财政总收入24.9亿元\n- 其中税收收入18.3亿元\n明年目标：\n- 税收收入增长5%，达到19.2亿元\n",
         "财政总收入24.9亿元，其中税收收入18.3亿元。", "18.3亿元"),
        # 占: a share of the head
        ("2016年工作：\n- 第三产业增加值150亿元\n- 占地区生产总值的52%\n明年目标：\n- 地区生产总值增长7%\n",
         "第三产业增加值150亿元，占地区生产总值的52%。", "52%"),
        # English: year on year
        ("FY2025 results:\n- operating revenue $78.5 billion\n- up 2.1% year on year\nNext year:\n"
         "- operating revenue to grow 3%\n",
         "Operating revenue was $78.5 billion, up 2.1% year on year.", "2.1%"),
        # English: an average over the span above
        ("Five-year review:\n- regional output grew from $10 billion in 2010 to $16 billion in 2015\n"
         "- 9.9% a year on average\nNext year:\n- regional output to grow 5%\n",
         "Regional output grew from $10 billion in 2010 to $16 billion in 2015, 9.9% a year on average.", "9.9%"),
        # English: of which
        ("FY2025 results:\n- 640,000 employees\n- of which 100,000 part-time\nNext year:\n"
         "- part-time employees to fall by 5%\n",
         "The agency had 640,000 employees, of which 100,000 were part-time.", "100,000"),
    ],
)
def test_a_continuation_written_beside_its_head_is_verified(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status not in BLOCKING, fc.reason


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # GDP's average growth written as tourism revenue's
        ("五年回顾：\n- 地区生产总值由2010年的162.4亿元增加到2015年的287.9亿元\n- 年均增长12.1%\n"
         "- 旅游收入由2010年的30亿元增加到2015年的69亿元\n- 年均增长18.1%\n",
         "旅游收入由2010年的30亿元增加到2015年的69亿元，年均增长12.1%。", "12.1%"),
        ("Five-year review:\n- regional output grew from $10 billion in 2010 to $16 billion in 2015\n"
         "- 9.9% a year on average\n- tourism revenue grew from $3 billion in 2010 to $6.9 billion in 2015\n"
         "- 18.1% a year on average\n",
         "Tourism revenue grew from $3 billion in 2010 to $6.9 billion in 2015, 9.9% a year on average.", "9.9%"),
    ],
)
def test_a_continuation_written_for_another_indicator_is_blocked(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in BLOCKING, fc.reason
