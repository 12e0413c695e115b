"""The one language detector (assistant/lang.py): the table every former detector's cases fold into."""

from __future__ import annotations

import pytest

from assistant.lang import SAMPLE_CHARS, detect_language, has_cjk, is_cjk_char


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # plain Chinese and English notes, drafts and queries
        ("全年完成投资100亿元", "zh"),
        ("新建日光温室31栋", "zh"),
        ("全镇生产总值增长14.3%。", "zh"),
        ("Revenue grew 12% in 2025", "en"),
        ("Built 31 solar greenhouses", "en"),
        ("GAO requests $860 million for FY 2027.", "en"),
        # mixed: Latin abbreviations inside Chinese stay Chinese
        ("GDP增长5%", "zh"),
        ("GDP增长14.3%", "zh"),
        ("国内生产总值(GDP)增长5%，CPI上涨0.2%。", "zh"),
        ("完成PPP项目3个，ERP系统上线", "zh"),
        # English with a Chinese name or place stays English
        ("The 海拉尔 district grew by 5 percent this year.", "en"),
        ("Report by 王小明: output rose 5% and exports doubled.", "en"),
        # full-width digits, letters and signs (as typed with a Chinese input method)
        ("ＧＤＰ增长７．３％", "zh"),
        ("７．３％", "zh"),
        ("Ｒｅｖｅｎｕｅ ｒｏｓｅ ７％", "en"),
        # extension A and compatibility ideographs count as Chinese
        ("\u3400\u3401", "zh"),
        ("\uf900\uf901", "zh"),
        # no letters at all: the default (Chinese first)
        ("", "zh"),
        ("2025 14.3% 1.2", "zh"),
        ("。，！——", "zh"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "31", "2025-12-31 ７．３％", "  \n"])
def test_a_text_without_letters_takes_the_callers_default(text: str) -> None:
    assert detect_language(text, default="en") == "en"
    assert detect_language(text, default="zh") == "zh"


def test_only_the_sample_is_read() -> None:
    # Chinese after the sample does not turn an English text Chinese, and a long text costs a bounded read
    text = "word " * (SAMPLE_CHARS // 5) + "中文" * 100_000
    assert detect_language(text) == "en"
    assert detect_language("中" + "x" * 3) == "zh"  # 4 × 1 ideograph ≥ 3 letters
    assert detect_language("中" + "x" * 5) == "en"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("工作总结", True), ("Summary", False), ("GDP增长5%", True), ("", False), ("７．３％。，", False),
     ("\u3400", True), ("\uf900", True), ("ＡＢＣ", False)],
)
def test_has_cjk(text: str, expected: bool) -> None:
    assert has_cjk(text) is expected


@pytest.mark.parametrize(("ch", "expected"), [("中", True), ("a", False), ("。", False), ("中文", False), ("", False)])
def test_is_cjk_char(ch: str, expected: bool) -> None:
    assert is_cjk_char(ch) is expected
