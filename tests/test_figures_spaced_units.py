"""A space typed between a number and its Chinese scale or unit (318.6 万元, 1,020 万元, 200 户).

Found in real use (2026-11-29): notes typed with spaces around numbers ("罚没款 1,020 万元") were read as
bare numbers, so a faithful draft "罚没款1020万元" was flagged "单位量级不同" and "318.6万元" unsupported.
Dates (2025 年, 12 月), words (一块) and English prose are not joined.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.figures import extract_figures
from tests.support import ACCEPTING, status_of

READ = [
    ("挽回损失 318.6 万元", "318.6 万元", Decimal("3186000"), "元"),
    ("罚没款 1,020 万元", "1,020 万元", Decimal("10200000"), "元"),
    ("GDP 582 亿元", "582 亿元", Decimal("58200000000"), "元"),
    ("特种设备检验 1.1 万台（套）", "1.1 万台", Decimal("11000"), "台"),
    ("新增 “个转企” 200 户", "200 户", Decimal("200"), "户"),
    ("种植 3 万亩", "3 万亩", Decimal("30000"), "亩"),
    ("完成 12 个", "12 个", Decimal("12"), "个"),
    ("新增就业\u30001260\u3000人", "1260\u3000人", Decimal("1260"), "人"),
]


@pytest.mark.parametrize(("text", "figure", "value", "unit"), READ)
def test_a_spaced_chinese_unit_belongs_to_its_number(text: str, figure: str, value: Decimal, unit: str) -> None:
    figs = [f for f in extract_figures(text) if not f.ignored]
    assert [(f.text, f.value, f.unit) for f in figs] == [(figure, value, unit)]


NOT_JOINED = [
    ("2025 年工作要点", []),            # a year
    ("12 月底前完成", ["12"]),          # a month (a deadline, read as before)
    ("Budget 2025 人 was", []),         # English prose
]


@pytest.mark.parametrize(("text", "texts"), NOT_JOINED)
def test_dates_words_and_english_are_not_joined(text: str, texts: list[str]) -> None:
    assert [f.text for f in extract_figures(text) if not f.ignored] == texts


NOTES = ("市场监管局 2025 年工作小结\n- 新登记市场主体 1.26万户，其中企业 3,410 户\n"
         "- 办理投诉举报 4,512 件，为消费者挽回损失 318.6 万元\n- 罚没款 1,020 万元，较上年下降 14.2%\n")


@pytest.mark.parametrize(("draft", "figure", "accepted"), [
    ("一、2025年工作总结\n为消费者挽回损失318.6万元。", "318.6万元", True),
    ("一、2025年工作总结\n罚没款1020万元。", "1020万元", True),
    ("一、2025年工作总结\n罚没款0.102亿元。", "0.102亿元", True),
    ("一、2025年工作总结\n办理投诉举报4512件。", "4512件", True),
    ("一、2025年工作总结\n罚没款1020元。", "1020元", False),
    ("一、2025年工作总结\n为消费者挽回损失3186万元。", "3186万元", False),
])
def test_notes_typed_with_spaces_check_like_any_other(draft: str, figure: str, accepted: bool) -> None:
    fc = status_of(NOTES, draft, figure)
    assert (fc.status in ACCEPTING) is accepted, fc.reason
