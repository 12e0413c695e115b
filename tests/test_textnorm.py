"""The one text normalisation (assistant/textnorm.py): full-width folding and the numeral helpers."""

from __future__ import annotations

import pytest

from assistant.textnorm import (
    NUMERIC_TABLE,
    WIDTH_TABLE,
    cn_to_int,
    first_int,
    fold_numeric,
    fold_width,
    parse_int,
    roman_to_int,
)


@pytest.mark.parametrize(
    ("text", "width", "numeric"),
    [
        ("７．３％", "7.3%", "7.3%"),
        ("２０２５年", "2025年", "2025年"),
        ("＋１２．５％，－３／４～５", "+12.5%,-3/4~5", "+12.5%，-3/4~5"),
        ("ＧＤＰ增长", "GDP增长", "ＧＤＰ增长"),
        ("（一）：标题", "(一):标题", "（一）：标题"),
        ("全年\u3000完成", "全年 完成", "全年\u3000完成"),
        ("１２３，４５６元", "123,456元", "123，456元"),  # the Chinese comma stays for the figure reader
        ("‰、。《》“”", "‰、。《》“”", "‰、。《》“”"),  # CJK punctuation outside U+FF01–FF5E is kept
        ("plain ascii 1.5%", "plain ascii 1.5%", "plain ascii 1.5%"),
        ("", "", ""),
    ],
)
def test_folds(text: str, width: str, numeric: str) -> None:
    assert fold_width(text) == width == text.translate(WIDTH_TABLE)
    assert fold_numeric(text) == numeric == text.translate(NUMERIC_TABLE)
    # one character for one: offsets into the folded text are offsets into the original
    assert len(fold_width(text)) == len(fold_numeric(text)) == len(text)


def test_the_whole_full_width_block_folds() -> None:
    block = "".join(chr(c) for c in range(0xFF01, 0xFF5F))
    assert fold_width(block) == "".join(chr(c) for c in range(0x21, 0x7F))
    assert fold_numeric(block).count("0") == 1 and "A" not in fold_numeric(block)


@pytest.mark.parametrize(("digits", "n"), [("2025", 2025), ("２０２５", 2025), ("0３", 3)])
def test_parse_int(digits: str, n: int) -> None:
    assert parse_int(digits) == n


@pytest.mark.parametrize("digits", ["", "十二", "1.5", "１２a"])
def test_parse_int_refuses_what_is_not_digits(digits: str) -> None:
    with pytest.raises(ValueError):
        parse_int(digits)


@pytest.mark.parametrize(
    ("s", "n"),
    [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("九十九", 99), ("两", 2), ("零", 0),
     ("甲", None), ("", None), ("一二", None), ("百", None), ("二十十", None)],
)
def test_cn_to_int(s: str, n: int | None) -> None:
    assert cn_to_int(s) == n


@pytest.mark.parametrize(("s", "n"), [("I", 1), ("iv", 4), ("IX", 9), ("XII", 12), ("XL", 40), ("", None), ("IIZ", None)])
def test_roman_to_int(s: str, n: int | None) -> None:
    assert roman_to_int(s) == n


@pytest.mark.parametrize(
    ("text", "n"),
    [("第3项", 3), ("第３项", 3), ("item 12", 12), ("第二十一项", 21), ("把第两项", 2), ("第三项并入第1项", 1),
     ("没有编号", None), ("", None)],
)
def test_first_int(text: str, n: int | None) -> None:
    assert first_int(text) == n
