"""The figure ledger and matching (assistant/check.py): every status, both languages."""

from __future__ import annotations

import json

import pytest

from assistant.check import (
    BLOCKING,
    MARKER_RE,
    CheckResult,
    ExampleText,
    FigureCheck,
    blocking_figures,
    check_draft,
    find_markers,
    format_summary,
    highlight_spans,
    mark_unverified,
    repair_instructions,
)

NOTES_ZH = """2024年主要指标
地区生产总值完成274.4亿元，同比增长9.1%；
地方财政总收入完成24.9亿元，同比增长0.4%；
固定资产投资完成100.6亿元，上年为86.3亿元；
社会消费品零售总额4187万元，同比下降3.2%；
城镇居民人均可支配收入达到28541元；
新建学校3所，新增就业1250人；
一产增加值10.5亿元，二产增加值20.3亿元；
"""

NOTES_EN = """Key figures for fiscal year 2025
Operating revenue was $78.5 billion, up 2.1 percent.
Net loss was $9.0 billion.
Mail volume fell 3.4 percent.
Employees totaled 640,000 at year end, compared with 600,000 a year earlier.
The agency closed 12 facilities.
"""


def status_of(result: CheckResult, text: str) -> FigureCheck:
    hits = [fc for fc in result.figures if fc.figure.text == text]
    assert hits, [(fc.figure.text, fc.status) for fc in result.figures]
    return hits[0]


# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("draft", "figure", "status"),
    [
        # verified: same value after scaling, compatible context
        ("全区地区生产总值完成274.4亿元。", "274.4亿元", "verified"),
        ("地区生产总值达到2744000万元。", "2744000万元", "verified"),
        ("社会消费品零售总额4187万元，同比下降3.2%。", "3.2%", "verified"),
        ("城镇居民人均可支配收入２８５４１元。", "２８５４１元", "verified"),
        ("城镇居民人均可支配收入28,541元。", "28,541元", "verified"),
        ("地区生产总值同比增长百分之九点一。", "百分之九点一", "verified"),
        ("固投完成100.6亿元。", "100.6亿元", "verified"),
        # derived: arithmetic holds at the stated precision
        ("固定资产投资完成100.6亿元，同比增长16.6%。", "16.6%", "derived"),
        ("一产和二产增加值合计30.8亿元。", "30.8亿元", "derived"),
        # approximate
        ("社会消费品零售总额约4200万元。", "4200万元", "approximate"),
        ("社会消费品零售总额超过4100万元。", "4100万元", "approximate"),
        ("社会消费品零售总额4100余万元。", "4100余万元", "approximate"),
        ("地区生产总值完成274亿元。", "274亿元", "approximate"),
        ("地区生产总值约270亿元。", "270亿元", "approximate"),
        # mismatch: same indicator, another value
        ("地区生产总值同比增长9.7%。", "9.7%", "mismatch"),
        ("地区生产总值完成274.4万元。", "274.4万元", "mismatch"),
        ("社会消费品零售总额4300万元。", "4300万元", "mismatch"),
        # misattributed: the value belongs to another indicator
        ("地方财政总收入完成274.4亿元。", "274.4亿元", "misattributed"),
        # wrong direction
        ("社会消费品零售总额同比增长3.2%。", "3.2%", "wrong_direction"),
        ("地区生产总值同比下降9.1%。", "9.1%", "wrong_direction"),
        # unsupported
        ("全年销售设备3000台。", "3000台", "unsupported"),
        ("固定资产投资同比增长16.5%。", "16.5%", "unsupported"),
        # ignored
        ("一、2024年工作回顾", "2024年", "ignored"),
        ("“十四五”开局良好。", "十四五", "ignored"),
    ],
)
def test_statuses_zh(draft: str, figure: str, status: str) -> None:
    result = check_draft(NOTES_ZH, draft)
    fc = status_of(result, figure)
    assert fc.status == status, fc.reason
    assert result.ok == (not any(f.status in BLOCKING for f in result.figures))


@pytest.mark.parametrize(
    ("draft", "figure", "status"),
    [
        ("Operating revenue reached $78.5 billion.", "78.5 billion", "verified"),
        ("Operating revenue reached $78,500 million.", "78,500 million", "verified"),
        ("Operating revenue rose 2.1 percent.", "2.1 percent", "verified"),
        ("Operating revenue rose 2.1%.", "2.1%", "verified"),
        ("Employees grew by 40,000.", "40,000", "derived"),
        ("Employees increased 6.7 percent.", "6.7 percent", "derived"),
        ("Operating revenue was about $79 billion.", "79 billion", "approximate"),
        ("Operating revenue was more than $78 billion.", "78 billion", "approximate"),
        ("Operating revenue rose 2.4 percent.", "2.4 percent", "mismatch"),
        ("Net loss was $78.5 billion.", "78.5 billion", "misattributed"),
        ("Mail volume rose 3.4 percent.", "3.4 percent", "wrong_direction"),
        ("The agency sold 3,000 units.", "3,000 units", "unsupported"),
        ("In fiscal year 2025 the agency reported.", "2025", "ignored"),
    ],
)
def test_statuses_en(draft: str, figure: str, status: str) -> None:
    fc = status_of(check_draft(NOTES_EN, draft), figure)
    assert fc.status == status, fc.reason


# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("draft", "status"),
    [
        ("固定资产投资同比增长16.6%。", "derived"),  # (100.6 − 86.3) / 86.3 = 16.57% → 16.6 at 1 decimal
        ("固定资产投资同比增长16.57%。", "derived"),  # 16.570… at 2 decimals
        ("固定资产投资同比增长17%。", "derived"),  # at 0 decimals
        ("固定资产投资同比增长16.5%。", "unsupported"),
        ("固定资产投资同比增长16.7%。", "unsupported"),
        ("固定资产投资同比增长16.58%。", "unsupported"),
    ],
)
def test_arithmetic_tolerance_at_stated_precision(draft: str, status: str) -> None:
    result = check_draft(NOTES_ZH, draft)
    fc = next(f for f in result.figures if f.figure.unit == "%")
    assert fc.status == status, fc.reason
    if status == "derived":
        assert "100.6亿元" in fc.reason and "86.3亿元" in fc.reason  # the formula is shown
        assert {o.text for o in fc.operands} == {"100.6亿元", "86.3亿元"}


@pytest.mark.parametrize(
    ("notes", "draft", "status"),
    [
        ("农民收入由5000元增加到10000元", "农民收入翻一番", "derived"),
        ("农民收入由5000元增加到10000元", "农民收入是原来的2倍", "derived"),
        ("出口额由3亿元增加到7.2亿元", "出口额增长1.4倍", "derived"),
        ("出口额由3亿元增加到7.2亿元", "出口额增长1.5倍", "unsupported"),
        ("全区总人口20万人，其中城镇人口12万人", "全区总人口中城镇人口占60%", "derived"),
        ("城镇化率由55.2%提高到57.4%", "城镇化率提高2.2个百分点", "derived"),
    ],
)
def test_derivations(notes: str, draft: str, status: str) -> None:
    result = check_draft(notes, draft)
    flagged = [fc for fc in result.figures if not fc.figure.ignored]
    assert flagged and flagged[-1].status == status, [(f.figure.text, f.status, f.reason) for f in flagged]


@pytest.mark.parametrize(
    ("note", "draft", "status"),
    [
        ("总额4187万元", "总额约4200万元", "approximate"),
        ("总额4187万元", "总额约4000万元", "approximate"),
        ("总额4187万元", "总额约4100万元", "mismatch"),
        ("总额4187万元", "总额超过4100万元", "approximate"),
        ("总额4187万元", "总额超过4200万元", "mismatch"),
        ("总额4187万元", "总额近4200万元", "approximate"),
        ("总额4187万元", "总额4200万元", "mismatch"),  # unmarked rounding of an integer: not accepted
        ("总额4187万元", "总额0.42亿元", "approximate"),  # fewer digits in a larger unit
        ("地区生产总值增长9.14%", "地区生产总值增长9.1%", "approximate"),
        ("地区生产总值增长9.14%", "地区生产总值增长9.2%", "mismatch"),
    ],
)
def test_rounding(note: str, draft: str, status: str) -> None:
    fc = next(f for f in check_draft(note, draft).figures if not f.figure.ignored)
    assert fc.status == status, fc.reason


@pytest.mark.parametrize(
    ("notes", "draft", "status"),
    [
        ("力争地区生产总值增长7%", "地区生产总值实现增长7%", "mismatch"),  # a target stated as achieved
        ("2026年计划新建养老服务站5个", "全年完成新建养老服务站5个", "mismatch"),
        ("We aim to cut costs by 5 percent", "We achieved a 5 percent cut in costs", "mismatch"),
        ("力争地区生产总值增长7%", "力争地区生产总值增长7%", "verified"),  # still a target: fine
        ("地区生产总值实现增长7%", "地区生产总值实现增长7%", "verified"),
    ],
)
def test_target_stated_as_achieved_blocks(notes: str, draft: str, status: str) -> None:
    fc = next(f for f in check_draft(notes, draft).figures if f.status != "ignored")
    assert fc.status == status
    if status == "mismatch":
        assert ("目标" in fc.reason) or ("target" in fc.reason)


# ---------------------------------------------------------------------------------------------
PLANTED_DRAFT_ZH = """一、2024年工作回顾
2024年，全区地区生产总值完成274.4亿元，同比增长9.7%；地方财政总收入完成100.6亿元，同比增长0.4%。
固定资产投资完成100.6亿元，同比增长16.6%。社会消费品零售总额约4200万元，同比增长3.2%。
新建学校3所，新增就业1250人，全年销售设备3000台。
"""


def test_end_to_end_planted_errors_zh() -> None:
    examples = [ExampleText("篇1 某镇2023年工作总结", "全镇全年销售设备3000台，增长14.8%。")]
    result = check_draft(NOTES_ZH, PLANTED_DRAFT_ZH, examples=examples)
    got = {(fc.figure.text, fc.figure.line): fc.status for fc in result.figures if not fc.figure.ignored}
    assert got == {
        ("274.4亿元", 2): "verified",
        ("9.7%", 2): "mismatch",
        ("100.6亿元", 2): "misattributed",
        ("0.4%", 2): "verified",
        ("100.6亿元", 3): "verified",
        ("16.6%", 3): "derived",
        ("4200万元", 3): "approximate",
        ("3.2%", 3): "wrong_direction",
        ("3所", 4): "verified",
        ("1250人", 4): "verified",
        ("3000台", 4): "unsupported",
    }
    leak = status_of(result, "3000台")
    assert "篇1 某镇2023年工作总结" in leak.reason
    mis = status_of(result, "9.7%")
    assert "9.1%" in mis.reason and "9.7%" in mis.reason  # both values named
    assert not result.ok
    omitted = {f.text for f in result.omitted}
    assert "24.9亿元" in omitted and "28541元" in omitted
    assert "274.4亿元" not in omitted


def test_end_to_end_planted_errors_en() -> None:
    draft = (
        "In fiscal year 2025, operating revenue was $78.5 billion, up 2.4 percent. Mail volume rose 3.4 percent.\n"
        "The agency closed 12 facilities and sold 3,000 units.\n"
    )
    examples = [ExampleText("GAO-26-000 Example", "The service sold 3,000 units.")]
    result = check_draft(NOTES_EN, draft, examples=examples)
    got = {fc.figure.text: fc.status for fc in result.figures if not fc.figure.ignored}
    assert got == {
        "78.5 billion": "verified",
        "2.4 percent": "mismatch",
        "3.4 percent": "wrong_direction",
        "12 facilities": "verified",
        "3,000 units": "unsupported",
    }
    assert "leak from example ‘GAO-26-000 Example’" in status_of(result, "3,000 units").reason
    assert result.language == "en"


def test_identical_draft_is_all_verified() -> None:
    result = check_draft(NOTES_ZH, NOTES_ZH)
    assert result.ok
    assert {fc.status for fc in result.figures} <= {"verified", "ignored"}
    assert result.omitted == []


# ---------------------------------------------------------------------------------------------
def test_json_schema() -> None:
    result = check_draft(NOTES_ZH, PLANTED_DRAFT_ZH)
    obj = json.loads(json.dumps(result.to_json(), ensure_ascii=False))
    assert set(obj) == {"ok", "figures", "omitted", "summary"}
    assert obj["ok"] is False
    for fig in obj["figures"]:
        assert set(fig) == {"text", "start", "end", "value", "unit", "status", "reason", "note"}
        assert PLANTED_DRAFT_ZH[fig["start"]:fig["end"]] == fig["text"]
        if fig["note"] is not None:
            assert set(fig["note"]) == {"line", "start", "end", "text"}
            assert NOTES_ZH.split("\n")[fig["note"]["line"] - 1] == fig["note"]["text"]
            assert fig["note"]["start"] < fig["note"]["end"]
    for om in obj["omitted"]:
        assert set(om) == {"line", "text", "figure"}
        assert om["figure"] in om["text"]
    assert sum(obj["summary"].values()) == len(obj["figures"])


def test_summary_lines() -> None:
    summary = {"verified": 42, "derived": 3, "unsupported": 1}
    assert format_summary(summary, "en") == "42 verified · 3 derived · 1 unsupported"
    assert format_summary(summary, "zh") == "已核实 42 · 推算 3 · 无依据 1"
    assert format_summary({}, "en") == "no figures"


def test_markers_keep_the_figure_and_parse_back() -> None:
    result = check_draft(NOTES_ZH, PLANTED_DRAFT_ZH)
    marked = mark_unverified(PLANTED_DRAFT_ZH, result, "zh")
    assert "【待核实：9.7%】" in marked and "【待核实：3000台】" in marked
    assert "16.6%" in marked and "【待核实：16.6%】" not in marked
    found = [fig for _, _, fig in find_markers(marked)]
    assert found == [fc.figure.text for fc in blocking_figures(result)]
    en = mark_unverified(PLANTED_DRAFT_ZH, result, "en")
    assert "[to verify: 3000台]" in en
    assert MARKER_RE.search(en)
    with pytest.raises(ValueError):
        mark_unverified("another text", result, "zh")


def test_repair_instructions_name_the_note_lines() -> None:
    result = check_draft(NOTES_ZH, PLANTED_DRAFT_ZH)
    text = repair_instructions(result, "zh")
    assert "9.7%" in text and "地区生产总值完成274.4亿元，同比增长9.1%；" in text
    assert "3000台" in text and "删除" in text
    assert sum(line.startswith("- ") for line in text.split("\n")) == len(blocking_figures(result))
    en = repair_instructions(check_draft(NOTES_EN, "Operating revenue rose 2.4 percent."), "en")
    assert "Notes line 2" in en and "2.4 percent" in en
    assert repair_instructions(check_draft(NOTES_ZH, NOTES_ZH), "zh") == ""


def test_highlight_spans() -> None:
    result = check_draft(NOTES_ZH, PLANTED_DRAFT_ZH)
    spans = highlight_spans(result)
    assert len(spans) == len(result.figures)
    bad = next(s for s in spans if s["status"] == "mismatch")
    assert bad["blocking"] and bad["note_line"] == 2 and "9.1%" in bad["tooltip"]
    for s in spans:
        assert PLANTED_DRAFT_ZH[s["start"]:s["end"]] == s["text"]


def test_empty_texts() -> None:
    result = check_draft("", "")
    assert result.ok and result.figures == [] and result.omitted == []


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(
    ["地区生产总值", "增长", "下降", "完成", "约", "超过", "合计", "，", "。", "\n", "9.1%", "274.4亿元", "2744000万元",
     "百分之九点一", "３．２％", "3000台", "1,250人", "一、", "2024年", "翻一番", "2倍", "1.5个百分点", "revenue ",
     "rose ", "$4.2 million", " 5.9 percent", "十四五", "约4200万元", "4187万元"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join), st.lists(_PIECES, max_size=25).map("".join))
def test_any_notes_and_draft_give_valid_json(notes: str, draft: str) -> None:
    result = check_draft(notes, draft)
    obj = json.loads(json.dumps(result.to_json(), ensure_ascii=False))
    assert obj["ok"] == (not any(f["status"] in BLOCKING for f in obj["figures"]))
    for fig in obj["figures"]:
        assert draft[fig["start"]:fig["end"]] == fig["text"]
        if fig["note"] is not None:
            assert notes[fig["note"]["start"]:fig["note"]["end"]]
    marked = mark_unverified(draft, result, "zh")
    assert len(find_markers(marked)) == len(blocking_figures(result))


@pytest.mark.parametrize(
    ("note", "draft", "status"),
    [
        ("增长16.55%", "增长16.6%", "approximate"),  # 四舍五入: half rounds up
        ("增长16.65%", "增长16.6%", "mismatch"),
        ("约135,000人", "约130,000人", "mismatch"),  # 135,000 rounds to 140,000, not 130,000
        ("约135,000人", "约140,000人", "approximate"),
    ],
)
def test_half_up_rounding(note: str, draft: str, status: str) -> None:
    fc = next(f for f in check_draft("指标" + note, "指标" + draft).figures if not f.figure.ignored)
    assert fc.status == status, fc.reason


def test_marking_twice_does_not_nest() -> None:
    once = mark_unverified(PLANTED_DRAFT_ZH, check_draft(NOTES_ZH, PLANTED_DRAFT_ZH), "zh")
    again = check_draft(NOTES_ZH, once)
    assert not again.ok  # figures kept beside a marker are still unverified
    assert mark_unverified(once, again, "zh") == once


def test_terse_notes_against_a_written_draft() -> None:
    """Notes as users type them (固投, 社零, 规上, GDP, +x%) against a fluent draft: nothing flagged."""
    notes = "- 固投100.6亿 +16.6%\n- 社零123.4亿 +11.6%\n- 新增就业1250人\n- 规上工业增加值增长8.2%\n- 2025年目标：GDP增长7%左右\n"
    draft = (
        "一、2024年工作回顾\n（一）经济运行稳中有进\n"
        "全年完成固定资产投资100.6亿元，同比增长16.6%；社会消费品零售总额达到123.4亿元，同比增长11.6%，"
        "规模以上工业增加值增长8.2%。新增城镇就业1250人。我们从三个方面推进改革，一是深化改革，二是优化营商环境。\n"
        "二、2025年工作安排\n地区生产总值力争增长7%左右。\n"
    )
    result = check_draft(notes, draft)
    assert result.ok, [(fc.figure.text, fc.status, fc.reason) for fc in result.figures if fc.blocking]
    assert result.summary == {"verified": 7, "ignored": 8}
    assert status_of(result, "123.4亿元").note is not None
    assert result.omitted == []


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "note_figure"),
    [
        ("工业增加值占比提高1.2个百分点。\n", "工业增加值占比提高1.2%。", "1.2%", "1.2个百分点"),
        ("失业率下降0.3%。\n", "失业率下降0.3个百分点。", "0.3个百分点", "0.3%"),
        ("The unemployment rate fell 0.4 percentage points.\n", "The unemployment rate fell 0.4 percent.",
         "0.4 percent", "0.4 percentage points"),
    ],
)
def test_percent_vs_percentage_points_is_a_mismatch_naming_the_note(
    notes: str, draft: str, figure: str, note_figure: str
) -> None:
    """个百分点 and % are different units: same number, same indicator → mismatch naming the note figure."""
    fc = status_of(check_draft(notes, draft), figure)
    assert fc.status == "mismatch", fc.reason
    assert fc.note is not None and fc.note.text == note_figure
    assert note_figure in fc.reason


def test_spreadsheet_rows_with_units_in_the_label() -> None:
    """Rows pasted from a spreadsheet: a faithful draft of them is verified, a changed value is not."""
    notes = "指标\t2024年\t2025年\n粮食产量(万吨)\t3.1\t3.4\n财政收入（亿元）\t12.5\t13.8\n"
    result = check_draft(notes, "粮食产量由3.1万吨增加到3.4万吨。财政收入13.8亿元。")
    assert result.ok, [(fc.figure.text, fc.status, fc.reason) for fc in result.figures if fc.blocking]
    assert status_of(result, "13.8亿元").status == "verified"
    assert status_of(check_draft(notes, "财政收入13.9亿元。"), "13.9亿元").status == "mismatch"


def test_mismatch_names_the_nearest_value_of_the_same_indicator() -> None:
    notes = "- 社零由2010年的68亿元增加到2015年的136.3亿元，年均增长14.9%\n"
    draft = "社会消费品零售总额由2010年的68亿元增加到2015年的163.3亿元，年均增长14.9%。"
    fc = next(f for f in check_draft(notes, draft).figures if f.figure.text == "163.3亿元")
    assert fc.status == "mismatch"
    assert fc.note is not None and fc.note.text == "136.3亿元"
    assert "136.3亿元" in fc.reason and "  " not in fc.reason


# ---------------------------------------------------------------------------------------------
# issue 10: the checker checks meaning as well as value
@pytest.mark.parametrize(
    ("notes", "draft", "figure", "words"),
    [
        # last year's value stated as this year's
        ("固定资产投资完成100.6亿元，上年为86.3亿元。\n", "全年固定资产投资完成86.3亿元。", "86.3亿元", ("上年",)),
        ("2015年游客接待量230万人次，2014年为200万人次。\n", "一、2015年工作回顾\n全年接待游客200万人次。\n",
         "200万人次", ("2014",)),
        ("Operating revenue was $80 billion; last year it was $78 billion.\n",
         "Operating revenue was $78 billion.", "78 billion", ("previous year", "last year")),
        # a part of the year stated for the whole year; a five-year total stated as one year's
        ("1—6月完成固定资产投资45亿元。\n", "全年完成固定资产投资45亿元。", "45亿元", ("1—6月",)),
        ("上半年接待游客120万人次。\n", "全年接待游客120万人次。", "120万人次", ("上半年",)),
        ("“十二五”期间累计完成固定资产投资500亿元。\n", "2015年完成固定资产投资500亿元。", "500亿元", ("累计",)),
        ("Over the past five years the county planted 50,000 trees.\n", "In 2024 the county planted 50,000 trees.",
         "50,000", ("multi-year",)),
        # a target stated as achieved: with 完成/实现, and without (新增, 突破, planted)
        ("明年目标和安排：\n- 新增就业1500人\n- 粮食产量突破20万吨\n",
         "一、2015年工作回顾\n全年新增就业1500人。\n二、2016年工作安排\n继续稳定就业。\n", "1500人", ("目标",)),
        ("明年目标和安排：\n- 新增就业1500人\n- 粮食产量突破20万吨\n",
         "一、2015年工作回顾\n粮食产量突破20万吨。\n二、2016年工作安排\n稳定粮食生产。\n", "20万吨", ("目标",)),
        ("明年目标和安排：\n- 新增就业1500人\n", "全年新增就业1500人。", "1500人", ("目标",)),
        ("Next year:\n- plant 5,000 trees\n", "The county planted 5,000 trees.", "5,000", ("target",)),
        ("We aim to train 300 nurses by 2026.\n", "We trained 300 nurses.", "300", ("target",)),
        # a forecast stated as final
        ("预计全年地区生产总值增长7.5%。\n", "全年地区生产总值增长7.5%。", "7.5%", ("预计",)),
    ],
)
def test_value_right_meaning_wrong_is_blocked(notes: str, draft: str, figure: str, words: tuple[str, ...]) -> None:
    fc = status_of(check_draft(notes, draft), figure)
    assert fc.status in ("mismatch", "misattributed"), fc.reason
    assert fc.note is not None and fc.note.text.replace(" ", "") in fc.reason.replace(" ", "")  # names the fact
    assert any(w in fc.reason for w in words), fc.reason
    lang_zh = any("\u4e00" <= ch <= "\u9fff" for ch in draft)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in fc.reason) == lang_zh  # the draft's language


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "status"),
    [
        # 分别: the order of the values belongs to the order of the names
        ("工业、农业分别增长3%、5%。\n", "工业增长5%，农业增长3%。", "5%", "misattributed"),
        ("工业、农业分别增长3%、5%。\n", "工业、农业分别增长5%、3%。", "5%", "misattributed"),
        ("Industry and agriculture grew 3% and 5%, respectively.\n", "Industry grew 5% and agriculture grew 3%.",
         "5%", "misattributed"),
        ("工业、农业分别增长3%、5%。\n", "工业增长3%，农业增长5%。", "5%", "verified"),
        # a sign lost or flipped
        ("财政收入-2.1%\n", "财政收入增长2.1%。", "2.1%", "wrong_direction"),
        ("财政收入下降2.1%。\n", "财政收入增长2.1%。", "2.1%", "wrong_direction"),
        ("Revenue: -2.1%\n", "Revenue increased 2.1%.", "2.1%", "wrong_direction"),
        # a direction contradicted by two values
        ("Staff: 158 → 142\n", "Staff increased to 142.", "142", "wrong_direction"),
        ("Staff fell from 158 to 142.\n", "Staff increased to 142.", "142", "wrong_direction"),
        ("职工人数由158人减少到142人。\n", "职工人数增加到142人。", "142人", "wrong_direction"),
        ("Staff: 158 → 142\n", "Staff decreased to 142.", "142", "verified"),
    ],
)
def test_order_sign_and_direction(notes: str, draft: str, figure: str, status: str) -> None:
    fc = status_of(check_draft(notes, draft), figure)
    assert fc.status == status, fc.reason


@pytest.mark.parametrize(
    ("notes", "draft"),
    [
        ("销售额42618元。\n", "全年销售额42618元。"),
        ("“618”期间销售额42618元。\n", "销售额42618元。"),
        ("新建6个重点项目，覆盖6个乡镇。\n", "新建6个重点项目。"),
        ("新建6个重点项目，覆盖6个乡镇。\n", "项目覆盖6个乡镇。"),
        ("粮食增产10%。\n", "粮食增产一成。"),
        ("粮食增产一成。\n", "粮食增产10%。"),
        ("出口额增长0.8倍。\n", "出口额增长80%。"),
        ("出口额增长80%。\n", "出口额增长0.8倍。"),
        ("1—6月完成固定资产投资45亿元。\n", "1-6月完成固定资产投资45亿元。"),
        ("1至6月完成固定资产投资45亿元。\n", "上半年（1—6月）完成固定资产投资45亿元。"),
        ("2014年地区生产总值250亿元。\n2015年地区生产总值275亿元。\n", "2015年地区生产总值增长10%。"),
        ("The unemployment rate fell 0.4 percentage points.\n", "The unemployment rate fell 0.4 points."),
        ("About half a million visitors came.\n", "About 500,000 visitors came."),
        ("2,300 new jobs were created.\n", "The county created 2,300 new jobs."),
        ("明年目标和安排：\n- 新增就业1500人\n",
         "一、2015年工作回顾\n就业形势稳定。\n二、2016年工作安排\n新增就业1500人。\n"),
        ("固投100.6亿元，上年86.3亿元。\n", "固定资产投资完成100.6亿元，同比增长16.6%。"),
        ("固定资产投资完成100.6亿元，上年为86.3亿元。\n", "固定资产投资由上年的86.3亿元增加到100.6亿元。"),
    ],
)
def test_faithful_restatements_are_accepted(notes: str, draft: str) -> None:
    result = check_draft(notes, draft)
    assert result.ok, [(fc.figure.text, fc.status, fc.reason) for fc in result.figures if fc.blocking]
    assert any(fc.status in ("verified", "derived", "approximate") for fc in result.figures)


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        ("有6个乡镇受灾。\n", "新建6个重点项目。", "6个"),  # same value, another noun
        ("2,300 new jobs were created.\n", "The county added 2,300 households.", "2,300 households"),
    ],
)
def test_a_count_of_another_noun_is_not_verified(notes: str, draft: str, figure: str) -> None:
    assert status_of(check_draft(notes, draft), figure).status != "verified"


def test_growth_between_two_years_lines_is_derived_with_both_operands() -> None:
    notes = "- 2014年地区生产总值250亿元\n- 其他工作稳步推进\n- 2015年地区生产总值275亿元\n"
    fc = status_of(check_draft(notes, "地区生产总值比上年增长10%。"), "10%")
    assert fc.status == "derived", fc.reason
    assert {o.line for o in fc.operands} == {1, 3}


def test_a_whole_draft_reads_its_parts() -> None:
    """The same figure is a target in the plan part and a misstatement in the summary part."""
    notes = "2015年完成情况：\n- 地区生产总值287.9亿元\n明年目标和安排：\n- 旅游收入83亿元\n"
    good = "一、2015年工作回顾\n地区生产总值287.9亿元。\n二、2016年工作安排\n旅游收入力争达到83亿元。\n"
    bad = "一、2015年工作回顾\n地区生产总值287.9亿元，旅游收入达到83亿元。\n二、2016年工作安排\n继续发展旅游。\n"
    assert check_draft(notes, good).ok
    result = check_draft(notes, bad)
    assert [fc.figure.text for fc in result.figures if fc.blocking] == ["83亿元"]
    # one section's text with its part named (the drafter checks section by section)
    assert check_draft(notes, "旅游收入达到83亿元。", part="plan").ok
    assert not check_draft(notes, "旅游收入达到83亿元。", part="summary").ok


# ---------------------------------------------------------------------------------------------
# issue 15: bounded work (correctness only; speed is measured in benchmarks/check_scaling.py)
@pytest.mark.timeout(600)
def test_ten_thousand_note_lines_are_checked() -> None:
    lines = [f"- 第{k}号片区新增绿地{k + 1}亩，同比增长{k % 90 + 1}.5%" for k in range(10_000)]
    notes = "\n".join(lines) + "\n"
    draft = "".join(f"第{k}号片区新增绿地{k + 1}亩，同比增长{k % 90 + 1}.5%。\n" for k in range(0, 10_000, 50))
    draft += "第7号片区新增绿地99999亩。\n"
    result = check_draft(notes, draft)
    blocked = [fc.figure.text for fc in result.figures if fc.blocking]
    assert blocked == ["99999亩"]
    assert sum(fc.status == "verified" for fc in result.figures) == 400


@pytest.mark.timeout(600)
def test_a_hundred_thousand_digit_line_is_checked() -> None:
    line = "产值" + "7" * 100_000 + "元，增长5%\n"
    result = check_draft(line + "地区生产总值274.4亿元\n", line)
    assert [fc.status for fc in result.figures] == ["ignored", "verified"]
    assert result.figures[0].reason  # said why: not a figure
    changed = check_draft("产值增长5%\n", "产值" + "7" * 100_000 + "元，增长6%\n")
    assert changed.figures[0].status == "ignored" and changed.figures[1].blocking


@pytest.mark.parametrize(
    ("notes", "draft"),
    [("固投100.6亿元\n", "固定资产投资100.6亿元。"), ("一产增加值10.5亿元\n", "第一产业增加值10.5亿元。"),
     ("社零总额123.4亿元\n", "社会消费品零售总额123.4亿元。"), ("GDP增长7%\n", "地区生产总值增长7%。")],
)
def test_abbreviated_indicators_are_the_same_indicator(notes: str, draft: str) -> None:
    fc = next(f for f in check_draft(notes, draft).figures if not f.figure.ignored)
    assert fc.status == "verified" and "指标用词不同" not in fc.reason, fc.reason


def test_repair_instruction_for_a_misstated_meaning() -> None:
    notes = "固定资产投资完成100.6亿元，上年为86.3亿元。\n"
    result = check_draft(notes, "全年固定资产投资完成86.3亿元。")
    text = repair_instructions(result, "zh")
    assert "86.3亿元" in text and "上年" in text and "哪一期" in text
    assert status_of(result, "86.3亿元").meaning == "period"
    en = repair_instructions(check_draft("Next year:\n- plant 5,000 trees\n", "The county planted 5,000 trees."), "en")
    assert "planned" in en and "5,000" in en


# --- one meaning reader for both sides (issue 10, wave 2) ------------------------------------------

@pytest.mark.parametrize(
    ("notes", "draft", "figure", "words"),
    [
        # a 1—6月 header: the bullets under it are half-year values, not the whole year's
        ("2013年上半年工作情况\n1—6月：\n- 旅游接待人数186万人次\n", "一、上半年工作情况\n全年接待游客186万人次。",
         "186万人次", ("1—6月",)),
        ("2013 notes\nJanuary-June:\n- visitors 1.86 million\n", "In 2013 the county received 1.86 million visitors.",
         "1.86 million", ("months",)),
        # a forecast header: the bullets under it are estimates
        ("2013年工作\n全年预计：\n- 旅游接待人数430万人次\n", "一、2013年工作回顾\n全年旅游接待人数达到430万人次。",
         "430万人次", ("预计",)),
        ("FY2025 review\nProjected for FY2026:\n- net loss about $9 billion\n", "Fiscal Year 2025 in Review\nUSPS lost $9 billion.",
         "9 billion", ("forecast",)),
        # an earlier year's result stated as a later year's target
        ("2011年主要指标\nGDP 198.5亿元 +22.3%\n2012年目标\nGDP 240亿元 +21%\n",
         "二、2012年工作安排\n2012年，全区地区生产总值力争达到198.5亿元。", "198.5亿元", ("目标",)),
        ("Results for 2024\n- revenue $78.5 billion\n", "Plans for 2025\nIn 2025 the agency aims to reach $78.5 billion in revenue.",
         "78.5 billion", ("target",)),
        # a target (next year's, under a Next year: header) stated as done this year
        ("2005 notes\nNext year:\n- train 2,300 WIC staff\n", "2005 Summary\nThis year 2,300 WIC staff were trained.",
         "2,300", ("target",)),
    ],
)
def test_one_reader_header_period_role(notes: str, draft: str, figure: str, words: tuple[str, ...]) -> None:
    fc = status_of(check_draft(notes, draft), figure)
    assert fc.status in ("mismatch", "misattributed"), fc.reason
    assert any(w in fc.reason for w in words), fc.reason


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # the same text read as notes and as draft agrees with itself
        ("2015年固定资产投资由上年的86.3亿元增加到100.6亿元。", "2015年固定资产投资由上年的86.3亿元增加到100.6亿元。",
         "100.6亿元"),
        ("全年预计：\n- 旅游接待人数430万人次\n", "三、2016年工作安排\n预计全年旅游接待人数达到430万人次。", "430万人次"),
        # a year on the next line of a broken line belongs to that line only
        ("It paid $1.6 billion in 2022 and $600 million of its required $2.1 billion payment in\n2023 was deferred.\n",
         "It paid $1.6 billion in 2022 and $600 million of its required $2.1 billion payment in\n2023 was deferred.\n",
         "2.1 billion"),
        # 全年 in the draft's sentence: the heading's 上半年 is not this figure's period
        ("2013年全年旅游接待人数430万人次\n", "一、上半年工作情况\n全年旅游接待人数430万人次。", "430万人次"),
        # 6年来 is a period, not a fact: nothing to compare its meaning with
        ("去年世界经济增速为6年来最低。\n", "去年世界经济增速为6年来最低。\n", "6年"),
        ("Revenue is estimated to reach $5 billion next year.\n", "Revenue is expected to reach $5 billion next year.\n",
         "5 billion"),
    ],
)
def test_one_reader_agrees_with_itself(notes: str, draft: str, figure: str) -> None:
    fc = status_of(check_draft(notes, draft), figure)
    assert fc.status not in BLOCKING, fc.reason


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "blocked"),
    [
        # a level the draft says rose/fell *to*, against the line's earlier value
        ("FY2025 ops\n- overtime hours: 1.2 million (FY2024: 1.5 million)\n", "Overtime rose to 1.2 million hours.",
         "1.2 million hours", True),
        ("FY2025 ops\n- overtime hours: 1.2 million (FY2024: 1.5 million)\n", "Overtime fell to 1.2 million hours.",
         "1.2 million hours", False),
        ("2015年工作\n- 城区燃煤锅炉41台，上年为126台\n", "城区燃煤锅炉增加到41台。", "41台", True),
        ("2015年工作\n- 城区燃煤锅炉41台，上年为126台\n", "城区燃煤锅炉减少到41台。", "41台", False),
        # a rank rises as its number falls
        ("2025年工作\n- 在世界500强排名由369位上升到235位\n", "在世界500强排名上升到235位。", "235位", False),
        # a growth rate is no level: 增长3% after 5% the year before is still growth
        ("2015年工作\n- 地区生产总值增长3%（2014年：5%）\n", "地区生产总值增长到3%。", "3%", False),
    ],
)
def test_direction_against_the_lines_earlier_value(notes: str, draft: str, figure: str, blocked: bool) -> None:
    fc = status_of(check_draft(notes, draft), figure)
    assert (fc.status in BLOCKING) is blocked, fc.reason


@pytest.mark.parametrize(
    ("notes", "draft", "operands"),
    [
        ("- 全区总人口20万人\n- 道路建设稳步推进\n- 城镇人口12万人\n", "城镇人口占全区总人口的60%。", {"20万人", "12万人"}),
        ("- 财政总收入24.9亿元\n- 其中税收收入18.3亿元\n", "税收收入占财政总收入的73.5%。", {"24.9亿元", "18.3亿元"}),
        ("- 2014年接待游客200万人次\n- 2015年接待游客230万人次\n", "2015年接待游客增长15%。", {"200万人次", "230万人次"}),
        ("Revenue in 2024: $78 billion\nRevenue in 2025: $81.9 billion\n", "Revenue grew 5 percent in 2025.",
         {"78 billion", "81.9 billion"}),
    ],
)
def test_derived_figures_combine_facts_from_different_lines(notes: str, draft: str, operands: set[str]) -> None:
    fc = next(f for f in check_draft(notes, draft).figures if not f.figure.ignored and f.figure.unit == "%")
    assert fc.status == "derived", fc.reason
    assert {o.text for o in fc.operands} == operands
    assert len({o.line for o in fc.operands}) == 2
