"""Figure extraction and normalisation (assistant/figures.py), Chinese and English."""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest

from assistant.figures import Figure, cn_to_decimal, context_tokens, en_words_to_int, extract_figures


def figures(text: str) -> list[Figure]:
    return [f for f in extract_figures(text) if not f.ignored]


def one(text: str) -> Figure:
    figs = figures(text)
    assert len(figs) == 1, [(f.text, f.value, f.unit) for f in figs]
    return figs[0]


# ---------------------------------------------------------------------------------------------
# numeral forms and units: text, figure text, base value, canonical unit, kind
@pytest.mark.parametrize(
    ("text", "fig_text", "value", "unit", "kind"),
    [
        ("完成274.4亿元", "274.4亿元", "27440000000", "元", "money"),
        ("收入28541元", "28541元", "28541", "元", "money"),
        ("收入28,541元", "28,541元", "28541", "元", "money"),
        ("投资4200万元", "4200万元", "42000000", "元", "money"),
        ("投资1.2亿元", "1.2亿元", "120000000", "元", "money"),
        ("投资12000万元", "12000万元", "120000000", "元", "money"),
        ("规模2.3万亿元", "2.3万亿元", "2300000000000", "元", "money"),
        ("出口15亿美元", "15亿美元", "1500000000", "USD", "money"),
        ("人口3.2万", "3.2万", "32000", "", "number"),
        ("增长９５９３３亿元", "９５９３３亿元", "9593300000000", "元", "money"),
        ("增长７．３％", "７．３％", "7.3", "%", "percent"),
        ("增长7.3%", "7.3%", "7.3", "%", "percent"),
        ("死亡率5‰", "5‰", "5", "‰", "permille"),
        ("提高1.5个百分点", "1.5个百分点", "1.5", "pp", "percentage_point"),
        ("增长百分之十四点三", "百分之十四点三", "14.3", "%", "percent"),
        ("增长百分之五十一", "百分之五十一", "51", "%", "percent"),
        ("千分之三", "千分之三", "3", "‰", "permille"),
        ("增长一点四倍", "一点四倍", "1.4", "倍", "multiple"),
        ("增长2.5倍", "2.5倍", "2.5", "倍", "multiple"),
        ("收入翻一番", "翻一番", "2", "倍", "multiple"),
        ("收入翻两番", "翻两番", "4", "倍", "multiple"),
        ("三十一个乡镇", "三十一个", "31", "个", "count"),
        ("一千二百人", "一千二百人", "1200", "人", "count"),
        ("两台设备", "两台", "2", "台", "count"),
        ("新建学校3所", "3所", "3", "所", "count"),
        ("新建三个产业园", "三个", "3", "个", "count"),
        ("改造1250户", "1250户", "1250", "户", "count"),
        ("接待游客438万人次", "438万人次", "4380000", "人次", "count"),
        ("新建5栋", "5栋", "5", "栋", "count"),
        ("实施12项", "12项", "12", "项", "count"),
        ("养殖300头", "300头", "300", "头", "count"),
        ("安装路灯200盏", "200盏", "200", "盏", "count"),
        ("建成3座", "3座", "3", "座", "count"),
        ("企业20家", "20家", "20", "家", "count"),
        ("修路12公里", "12公里", "12", "公里", "count"),
        ("管网3500延长米", "3500延长米", "3500", "延长米", "count"),
        ("种植3000亩", "3000亩", "3000", "亩", "count"),
        ("造林50公顷", "50公顷", "50", "公顷", "count"),
        ("面积10万平方米", "10万平方米", "100000", "平方米", "count"),
        ("产量1.5万吨", "1.5万吨", "15000", "吨", "count"),
        ("装机5万千瓦", "5万千瓦", "50000", "千瓦", "count"),
        ("装机50兆瓦", "50兆瓦", "50000", "千瓦", "count"),
        ("建成110kV变电站", "110kV", "110", "千伏", "count"),
        ("35千伏线路", "35千伏", "35", "千伏", "count"),
        ("lost $118 billion", "118 billion", "118000000000", "USD", "money"),
        ("a grant of $4.2M", "4.2M", "4200000", "USD", "money"),
        ("about 4.2 million people", "4.2 million people", "4200000", "人", "count"),
        ("rose 5.9 percent", "5.9 percent", "5.9", "%", "percent"),
        ("rose 5.9%", "5.9%", "5.9", "%", "percent"),
        ("3,210 FTEs", "3,210 FTEs", "3210", "FTE", "count"),
        ("up 1.2 percentage points", "1.2 percentage points", "1.2", "pp", "percentage_point"),
        ("three hundred twenty-one staff", "three hundred twenty-one", "321", "", "number"),
        ("twelve facilities", "twelve facilities", "12", "facility", "count"),
        ("a 3-fold increase", "3-fold", "3", "倍", "multiple"),
    ],
)
def test_numeral_forms_and_units(text: str, fig_text: str, value: str, unit: str, kind: str) -> None:
    f = one(text)
    assert f.text == fig_text
    assert f.value == Decimal(value)
    assert f.unit == unit
    assert f.kind == kind
    assert text[f.start:f.end] == f.text


def test_fraction() -> None:
    f = one("覆盖三分之一的村")
    assert f.kind == "fraction"
    assert abs(float(f.value or 0) - 1 / 3) < 1e-12


@pytest.mark.parametrize(
    ("a", "b"),
    [("1.2亿元", "12000万元"), ("4.2 million", "4,200,000"), ("14.3%", "百分之十四点三"),
     ("７．３％", "7.3%"), ("28541元", "28,541元"), ("50兆瓦", "5万千瓦"), ("1.5亿美元", "$150 million")],
)
def test_equal_values_after_scaling(a: str, b: str) -> None:
    fa, fb = one("完成" + a), one("完成" + b)
    assert fa.value == fb.value
    assert fa.unit == fb.unit or "" in (fa.unit, fb.unit)


# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value", "decimals"),
    [("三十一", 31, 0), ("一千二百", 1200, 0), ("两千", 2000, 0), ("二〇二六", 2026, 0), ("十五", 15, 0),
     ("一百零五", 105, 0), ("十四点三", Decimal("14.3"), 1), ("一亿二千万", 120_000_000, 0),
     ("三万亿", 3 * 10**12, 0), ("一千二", 1200, 0), ("五十一", 51, 0), ("九", 9, 0)],
)
def test_cn_numerals(text: str, value: int | Decimal, decimals: int) -> None:
    assert cn_to_decimal(text) == (Decimal(value), decimals)


@pytest.mark.parametrize("text", ["三十一", "一千二百", "十五", "一百零五", "十四点三", "一亿二千万", "五十一", "九百九十九"])
def test_cn_numerals_agree_with_cn2an(text: str) -> None:
    assert cn_to_decimal(text)[0] == Decimal(str(cn2an.cn2an(text, "smart")))


@pytest.mark.parametrize(
    ("text", "value"), [("three", 3), ("twenty-one", 21), ("one hundred and five", 105), ("two thousand", 2000)]
)
def test_en_number_words(text: str, value: int) -> None:
    assert en_words_to_int(text) == value


# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "approx"),
    [("约4200万元", "about"), ("大约300人", "about"), ("7%左右", "about"), ("近5000户", "nearly"),
     ("4100余万元", "over"), ("3000多人", "over"), ("1.2万余人", "over"), ("100亿元以上", "over"),
     ("超过4100万元", "over"), ("突破100亿元", "over"), ("不到10%", "under"),
     ("about 40 percent", "about"), ("over 300 staff", "over"), ("nearly $5 billion", "nearly"),
     ("more than 3,000 units", "over"), ("4200万元", None)],
)
def test_approx_qualifiers(text: str, approx: str | None) -> None:
    assert one(text).approx == approx


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [("增长5%—6%", "5", "6", "%"), ("增长5-6%", "5", "6", "%"), ("建设5至6个", "5", "6", "个"),
     ("增长5%～6%", "5", "6", "%"), ("投资3到4亿元", "300000000", "400000000", "元")],
)
def test_ranges(text: str, low: str, high: str, unit: str) -> None:
    f = one(text)
    assert f.is_range
    assert (f.range_low, f.range_high, f.unit) == (Decimal(low), Decimal(high), unit)


@pytest.mark.parametrize(
    ("text", "direction"),
    [("同比增长9.1%", "up"), ("提高1.5个百分点", "up"), ("增加1250人", "up"), ("上升3%", "up"),
     ("同比下降3.2%", "down"), ("减少300户", "down"), ("降低2%", "down"), ("回落0.5个百分点", "down"),
     ("GDP +9.1%", "up"), ("revenue increased 5.9 percent", "up"), ("costs fell 3 percent", "down"),
     ("完成274.4亿元", None), ("工业增加值12亿元", None), ("up to 40 percent", None)],
)
def test_direction(text: str, direction: str | None) -> None:
    assert one(text).direction == direction


@pytest.mark.parametrize(
    ("text", "target"),
    [("力争增长7%", True), ("目标是完成100亿元", False), ("预计达到120亿元", False), ("计划投资30亿元", True),
     ("将新建学校3所", True), ("确保增长6%", True), ("完成投资30亿元", False), ("实现增长8%", False),
     ("the agency will hire 300 staff", True), ("the agency hired 300 staff", None), ("增长8%", None)],
)
def test_target_vs_achieved(text: str, target: bool | None) -> None:
    assert one(text).target is target


# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "ignored", "reason"),
    [("2025年", "2025年", "year"), ("二〇二六年", "二〇二六年", "year"), ("12月", "12月", "date"),
     ("2024-12-29", "2024-12-29", "date"), ("FY2025", "FY2025", "fiscal year"), ("since 2007,", "2007", "year"),
     ("一、工作回顾", "一、", "heading marker"), ("（一）经济发展", "（一）", "list marker"),
     ("1. Introduction", "1.", "heading marker"), ("1、稳增长", "1、", "heading marker"),
     ("①加强", "①", "list marker"), ("第一部分", "第一", "ordinal"), ("v1.2.3", "v1.2.3", "version number"),
     ("版本 2.3.1", "2.3.1", "version number"), ("一是加强", "一是", "enumeration (一是/二是)"),
     ("“十四五”时期", "十四五", "fixed phrase ‘十四五’"), ("反对四风", "四风", "fixed phrase ‘四风’"),
     ("三个代表", "三个代表", "fixed phrase ‘三个代表’"), ("两学一做", "两学一做", "fixed phrase ‘两学一做’"),
     ("5+2产业", "5+2", "fixed phrase ‘5+2’"), ("三农工作", "三农", "fixed phrase ‘三农’"),
     ("双带工程", "双带", "fixed phrase ‘双带’"), ("GAO-26-109008", "26", "code or identifier"),
     ("PM2.5", "2.5", "code or identifier"), ("see table 3", "3", "reference number"),
     ("第十届商品展销会", "第十", "ordinal"), ("党的十八届三中全会", "十八届", "ordinal"),
     ("从三个方面推进", "三个", "phrase (三个方面)"), ("落实两项措施", "两项", "phrase (三个方面)"),
     ("抓好3个重点", "3个", "phrase (三个方面)"), ("双十一期间", "双十一", "fixed phrase ‘双十一’"),
     ("H.R. 1234 was enacted", "1234", "reference number")],
)
def test_ignored(text: str, ignored: str, reason: str) -> None:
    figs = extract_figures(text)
    hits = [f for f in figs if f.text == ignored]
    assert hits, [(f.text, f.ignore_reason) for f in figs]
    assert hits[0].ignored and hits[0].ignore_reason == reason
    assert not [f for f in figs if not f.ignored], "no figure may come out of a non-figure"


@pytest.mark.parametrize("text", ["一些企业", "三峡工程", "四川省", "十分重要", "进一步加强", "一个中心", "万家惠市场"])
def test_numeral_words_are_not_figures(text: str) -> None:
    assert figures(text) == []


def test_spans_lines_and_context() -> None:
    text = "一、2024年工作\n全区地区生产总值完成274.4亿元，同比增长9.1%；\n新建学校3所。"
    figs = figures(text)
    assert [f.text for f in figs] == ["274.4亿元", "9.1%", "3所"]
    for f in figs:
        assert text[f.start:f.end] == f.text
    assert [f.line for f in figs] == [2, 2, 3]
    assert "地区生产总值" in figs[0].context
    assert "地区生产总值" in figs[1].context  # 同比增长: the indicator is in the previous clause
    assert figs[2].context == "新建学校"
    assert figs[1].decimals == 1 and figs[0].sig_digits == 4


def test_precision_and_resolution() -> None:
    f = one("约4200万元")
    assert f.decimals == 0 and f.sig_digits == 2
    assert f.resolution == Decimal(1000000)
    g = one("增长16.6%")
    assert g.resolution == Decimal("0.1")


def test_context_tokens_expand_abbreviations() -> None:
    assert context_tokens("固投") == context_tokens("固定资产投资")
    assert "facility" in context_tokens("closed facilities")


def test_full_width_offsets_are_original() -> None:
    text = "国内生产总值９５９３３亿元，比上年增长７．３％。"
    for f in figures(text):
        assert text[f.start:f.end] == f.text


# ---------------------------------------------------------------------------------------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = st.sampled_from(
    list("0123456789０１２３４５６７８９.,，。；、%％‰+-—~～()（）“”[] \n")
    + list("一二两三四五六七八九十百千万亿〇零点分之倍番翻约近余多超过左右以上增长下降元人个年月日第是")
    + ["亿元", "万元", "个百分点", "percent", " million", "$", "FY", "v", "GAO-", "about ", "十四五"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_any_text_gives_consistent_spans(text: str) -> None:
    figs = extract_figures(text)
    last_end = -1
    for f in figs:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text
        assert f.start >= last_end  # no overlaps, in order
        last_end = f.end
        assert f.line == text.count("\n", 0, f.start) + 1
        assert f.ignored or f.value is not None


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    for f in extract_figures(text):
        assert text[f.start:f.end] == f.text


@pytest.mark.parametrize(
    ("text", "figure", "context"),
    [
        ("新建日光温室31栋", "31栋", "新建日光温室"),  # 日 is a date word elsewhere, not here
        ("工业增加值占比提高1.2个百分点", "1.2个百分点", "工业增加值占比提高"),
        ("The unemployment rate fell 0.4 percentage points.", "0.4 percentage points", "unemployment rate fell"),
        ("Revenue reached $4.2M, up 5.9 percent", "4.2M", "Revenue reached"),
    ],
)
def test_context_quotes_the_notes_own_words(text: str, figure: str, context: str) -> None:
    """``context`` is quoted to the user in reasons: the note's words, never a word cut in two or stripped."""
    f = next(f for f in figures(text) if f.text == figure)
    assert f.context == context


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the unit in the row label applies to the bare numbers in the row's cells
        ("粮食产量(万吨)\t3.1\t3.4", [("3.1", Decimal(31000), "吨"), ("3.4", Decimal(34000), "吨")]),
        ("财政收入（亿元）\t12.5\t13.8", [("12.5", Decimal(1250000000), "元"), ("13.8", Decimal(1380000000), "元")]),
        ("增长率(%)\t9.1", [("9.1", Decimal("9.1"), "%")]),
        ("Revenue (USD)\t4,200", [("4,200", Decimal(4200), "USD")]),
        # or a unit column
        ("粮食产量\t万吨\t3.1\t3.4", [("3.1", Decimal(31000), "吨"), ("3.4", Decimal(34000), "吨")]),
        # a number with its own unit keeps it; a label without a unit changes nothing
        ("财政收入（亿元）\t5000万元", [("5000万元", Decimal(50000000), "元")]),
        ("粮食产量\t3.1\t3.4", [("3.1", Decimal("3.1"), ""), ("3.4", Decimal("3.4"), "")]),
    ],
)
def test_spreadsheet_row_units(text: str, expected: list[tuple[str, Decimal, str]]) -> None:
    assert [(f.text, f.value, f.unit) for f in figures(text)] == expected


# ---------------------------------------------------------------------------------------------
# issue 10: numeral forms read, periods kept apart, fixed phrases never inside a longer number
@pytest.mark.parametrize(
    ("text", "fig_text", "value", "unit"),
    [
        ("粮食增产一成", "一成", "10", "%"),
        ("六成农户参保", "六成", "60", "%"),
        ("覆盖率达到七成五", "七成五", "75", "%"),
        ("减少一半以上", "一半以上", "50", "%"),
        ("覆盖率达到百分之百", "百分之百", "100", "%"),
        ("增长百分之十四点三", "百分之十四点三", "14.3", "%"),
        ("about half a million people", "half a million people", "500000", "人"),
        ("The unemployment rate fell 0.4 points", "0.4 points", "0.4", "pp"),
        ("The share rose 1.5 percentage points", "1.5 percentage points", "1.5", "pp"),
        ("销售额42618元", "42618元", "42618", "元"),
        ("销售额1618万元", "1618万元", "16180000", "元"),
        ("新建6个重点项目", "6个", "6", "个"),
    ],
)
def test_issue10_numeral_forms(text: str, fig_text: str, value: str, unit: str) -> None:
    f = one(text)
    assert (f.text, f.value, f.unit) == (fig_text, Decimal(value), unit)


@pytest.mark.parametrize("text", ["一成不变", "统一成立", "成为全省第一", "完成任务", "the team scored 12 points"])
def test_words_with_cheng_or_points_are_not_percent(text: str) -> None:
    assert not [f for f in figures(text) if f.unit in ("%", "pp")]


@pytest.mark.parametrize("period", ["1—6月", "1-6月", "1至6月", "1–6月", "1月—6月", "一至六月", "1～6月份"])
def test_month_ranges_are_a_period_not_a_figure(period: str) -> None:
    figs = extract_figures(f"{period}完成固定资产投资45亿元")
    assert figs[0].text == period and figs[0].ignored and figs[0].ignore_reason == "period (months)"
    assert [(f.text, f.value) for f in figs if not f.ignored] == [("45亿元", Decimal("4500000000"))]


@pytest.mark.parametrize(
    ("text", "phrase_ignored", "figure"),
    [("“618”促销", True, None), ("双十一期间", True, None), ("销售额42618元", False, "42618元"),
     ("收入6180元", False, "6180元"), ("双11当天", True, None), ("5G基站120个", True, "120个")],
)
def test_fixed_digit_phrases_never_match_inside_a_number(text: str, phrase_ignored: bool, figure: str | None) -> None:
    figs = extract_figures(text)
    assert any(f.ignored and f.ignore_reason.startswith("fixed phrase") for f in figs) == phrase_ignored
    assert [f.text for f in figs if not f.ignored] == ([figure] if figure else [])


@pytest.mark.parametrize(
    ("text", "nouns"),
    [("新建6个重点项目，覆盖6个乡镇", ["重点项目", "乡镇"]), ("新建6个重点项目和6个乡镇", ["重点项目", "乡镇"]),
     ("2,300 new jobs and 2,300 households", ["new jobs", "households"]), ("新建学校3所", [""])],
)
def test_a_count_is_tied_to_its_own_noun(text: str, nouns: list[str]) -> None:
    from assistant.figures import noun_tokens

    figs = figures(text)
    assert [f.noun for f in figs] == nouns
    if len(figs) == 2:
        assert not noun_tokens(figs[0].noun) & noun_tokens(figs[1].noun)
        assert not (figs[1].tokens & noun_tokens(figs[0].noun))  # the second count is not the first's noun


@pytest.mark.parametrize(
    ("text", "value"),
    [("出口额增长0.8倍", "80"), ("出口额增加了1.5倍", "150"), ("收入翻一番", "100"), ("覆盖三分之一的村", None)],
)
def test_equivalent_percent_forms(text: str, value: str | None) -> None:
    from assistant.figures import equivalents

    f = one(text)
    twins = equivalents(text, f)
    assert len(twins) == 1 and twins[0].unit == "%" and (twins[0].start, twins[0].end) == (f.start, f.end)
    if value is not None:
        assert twins[0].value == Decimal(value)
    else:
        assert abs(float(twins[0].value or 0) - 100 / 3) < 1e-9
    # a ratio is no growth of its own number: 是原来的2倍 is a growth of 100%, not of 200%
    assert [t.value for t in equivalents("是原来的2倍", one("是原来的2倍"))] == [Decimal(100)]
    assert equivalents("这个数字2倍", one("这个数字2倍")) == []  # neither a growth nor a ratio of something


@pytest.mark.parametrize(
    ("text", "direction"),
    [("Staff: 158 → 142", "down"), ("人数由158人到142人", "down"), ("Staff went from 120 to 142", "up"),
     ("财政收入-2.1%", "down"), ("财政收入+2.1%", "up")],
)
def test_changes_and_signs_give_the_direction(text: str, direction: str) -> None:
    figs = figures(text)
    assert not any(f.is_range for f in figs)  # "from 120 to 142" is a change, not a range
    assert figs[-1].direction == direction


@pytest.mark.parametrize(
    "line",
    ["7" * 100_000, "1," * 10_000, "1." * 50_000, "一" * 100_000, "1+" * 50_000, "3分之" * 10_000,
     "第" + "1" * 100_000, "1-" * 10_000, "百分之" * 10_000, "¥" + "9" * 100_000 + "万元"],
)
def test_pathological_lines_finish_with_a_consistent_result(line: str) -> None:
    """Every regex of the extractor on 100,000-character runs: it finishes (no quadratic pattern)."""
    text = "产值" + line + "元，增长5%"
    figs = extract_figures(text)
    assert all(text[f.start:f.end] == f.text for f in figs)
    assert not any(len(f.text) > 60 and not f.ignored for f in figs)  # a digit run is never a figure
    assert [f.text for f in figs if not f.ignored][-1:] == ["5%"]
