"""The fact table: indicator, period, role, base, direction and 分别 order of every note figure; the same
reader on draft prose; the `facts` command; and the offline draft placing facts by role."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from support import run_cli

from assistant.facts import Fact, build_facts, describe_figure, same_indicator
from assistant.figures import extract_figures
from assistant.notes import parse_notes


def _fact(notes_text: str, figure_text: str) -> Fact:
    table = build_facts(parse_notes(notes_text))
    found = [f for f in table.facts if f.text == figure_text]
    assert found, [f.text for f in table.facts]
    return found[0]


# --- indicators, bases, directions -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("notes_text", "figure", "indicator", "base", "direction"),
    [
        # terse styles: abbreviations spelled out, a signed percent is year on year
        ("- 固投100.6亿 +16.6%", "100.6亿", "固定资产投资", None, None),
        ("- 固投100.6亿 +16.6%", "16.6%", "固定资产投资", "yoy", "up"),
        ("- 社零56.2亿元 -2.1%", "2.1%", "社会消费品零售总额", "yoy", "down"),
        ("- 社零56.2亿元 −2.1%", "2.1%", "社会消费品零售总额", "yoy", "down"),
        ("- 社零56.2亿元，同比-2.1%", "2.1%", "社会消费品零售总额", "yoy", "down"),
        ("- 规上工业增加值86.3亿元 +29.8%", "86.3亿元", "规模以上工业增加值", None, None),
        ("- 一产增加值12亿元", "12亿元", "第一产业增加值", None, None),
        ("- 三产占比45%", "45%", "第三产业占比", None, None),
        ("- GDP 300亿元", "300亿元", "地区生产总值", None, None),
        # words
        ("- 财政收入比上年增长5%", "5%", "财政收入", "yoy", "up"),
        ("- 财政收入较上年下降3%", "3%", "财政收入", "yoy", "down"),
        ("- 粮食产量比2010年增加1.2万吨", "1.2万吨", "粮食产量", "since:2010", "up"),
        ("- 城镇登记失业率回落0.3个百分点", "0.3个百分点", "城镇登记失业率", None, "down"),
        ("- 单位GDP能耗降低4%", "4%", "单位地区生产总值能耗", None, "down"),
        ("- 农民人均纯收入年均增长13.7%", "13.7%", "农民人均纯收入", "avg", "up"),
        ("- 工业用电量减少2.5%", "2.5%", "工业用电量", None, "down"),
        ("- 招商引资到位资金提高到30亿元", "30亿元", "招商引资到位资金", None, "up"),
        ("- 旅游接待人数达到607万人次，是2010年的2.4倍", "2.4倍", "旅游接待人数", "since:2010", None),
        ("- Revenue was 20% higher than in 2010", "20%", "Revenue", "since:2010", "up"),
        ("- 地区生产总值增长5%，比上年提高2个百分点", "5%", "地区生产总值", None, "up"),
        ("- 地区生产总值增长5%，比上年提高2个百分点", "2个百分点", "地区生产总值", "yoy", "up"),
        # a count before its noun is tied to its noun
        ("- 开工建设12个工业项目", "12个", "工业项目", None, None),
        ("- 完成了55万平方米旧有平房征收", "55万平方米", "旧有平房征收", None, None),
        # English: names kept
        ("- Revenue $4.2M, up 12% year on year", "12%", "Revenue", "yoy", "up"),
        ("- Operating costs fell 3.5%", "3.5%", "Operating costs", None, "down"),
        ("- Exports increased by 7% year-on-year", "7%", "Exports", "yoy", "up"),
        ("- Headcount decreased 4%", "4%", "Headcount", None, "down"),
        ("- Hired 2,300 new workers", "2,300", "new workers", None, None),
        ("- Costs -3.5%", "3.5%", "Costs", "yoy", "down"),
    ],
)
def test_indicator_base_direction(notes_text: str, figure: str, indicator: str, base: str | None,
                                  direction: str | None) -> None:
    fact = _fact(notes_text, figure)
    assert (fact.indicator, fact.base, fact.direction) == (indicator, base, direction)


# --- 分别 / respectively ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("notes_text", "expected"),
    [
        ("- 一产、二产、三产增加值分别增长3.2%、8.1%、-2.1%",
         [("第一产业增加值", "3.2%", 1, "up"), ("第二产业增加值", "8.1%", 2, "up"), ("第三产业增加值", "2.1%", 3, "down")]),
        ("- 城镇、农村居民人均可支配收入分别增长8%、9%",
         [("城镇居民人均可支配收入", "8%", 1, "up"), ("农村居民人均可支配收入", "9%", 2, "up")]),
        ("- 财政收入、税收收入分别为20亿元、15亿元",
         [("财政收入", "20亿元", 1, None), ("税收收入", "15亿元", 2, None)]),
        ("- 政府会议和发文数量分别减少14.1%和19.4%",
         [("政府会议", "14.1%", 1, "down"), ("发文数量", "19.4%", 2, "down")]),
        ("- Retail sales and exports rose 3% and 5% respectively",
         [("Retail sales", "3%", 1, "up"), ("exports", "5%", 2, "up")]),
        ("- Clinics, schools and roads got $1M, $2M and $3M respectively",
         [("Clinics", "$1M", 1, None), ("schools", "$2M", 2, None), ("roads", "$3M", 3, None)]),
    ],
)
def test_respectively_lists_give_one_fact_per_value_in_order(notes_text: str,
                                                             expected: list[tuple[str, str, int, str | None]]) -> None:
    facts = build_facts(parse_notes(notes_text)).facts
    assert [(f.indicator, f.text, f.order, f.direction) for f in facts] == expected
    assert all(len(f.listed) == len(expected) for f in facts)


# --- periods -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("notes_text", "figure", "period"),
    [
        ("- 1—6月社零56.2亿元", "56.2亿元", {"months": (1, 6)}),
        ("- 1-6月社零56.2亿元", "56.2亿元", {"months": (1, 6)}),
        ("- 1至6月社零56.2亿元", "56.2亿元", {"months": (1, 6)}),
        ("- 1～9月固投80亿元", "80亿元", {"months": (1, 9)}),
        ("- 前三季度财政收入12亿元", "12亿元", {"months": (1, 9)}),
        ("- 上半年财政收入10亿元", "10亿元", {"half": 1}),
        ("- 一季度GDP 70亿元", "70亿元", {"quarter": 1}),
        ("- 第四季度接待游客20万人次", "20万人次", {"quarter": 4}),
        ("- 五年累计完成固投615亿元", "615亿元", {"cumulative": True}),
        ("- “十二五”期间，累积完成全社会固定资产投资615亿元", "615亿元", {"cumulative": True}),
        ("- Over the past five years we planted 5,000 trees", "5,000", {"cumulative": True}),
        ("- Revenue in the first half was $2M", "$2M", {"half": 1}),
        ("- Q3 sales $1.5M", "$1.5M", {"quarter": 3}),
        ("- 地区生产总值由2010年的162.4亿元增加到2015年的287.9亿元", "162.4亿元", {"span": (2010, 2015), "year": 2010}),
        ("- 地区生产总值由2010年的162.4亿元增加到2015年的287.9亿元", "287.9亿元", {"span": (2010, 2015), "year": 2015}),
        ("- Output grew from 120 tonnes in 2010 to 180 tonnes in 2015", "180 tonnes",
         {"span": (2010, 2015), "year": 2015}),
        ("- 2015年城镇常住居民人均可支配收入30788元", "30788元", {"year": 2015, "year_source": "text"}),
        ("时期：2015年\n- 旅游接待人数是2010年的2.4倍", "2.4倍", {"year": 2015, "year_source": "context"}),
    ],
)
def test_periods(notes_text: str, figure: str, period: dict[str, Any]) -> None:
    fact = _fact(notes_text, figure)
    for key, value in period.items():
        assert getattr(fact.period, key) == value, (key, fact.period)


def test_period_digits_are_not_facts() -> None:
    table = build_facts(parse_notes("- 1—6月社零56.2亿元\n- 五年累计完成投资615亿元"))
    assert [f.text for f in table.facts] == ["56.2亿元", "615亿元"]


# --- roles ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("notes_text", "figure", "role"),
    [
        ("- 预计全年旅游收入达到83亿元", "83亿元", "forecast"),
        ("- 社零预计完成84亿元", "84亿元", "forecast"),
        ("明年目标和安排：\n- 地区生产总值增长7.5%左右", "7.5%左右", "target"),
        ("明年目标和安排：\n- 粮食产量稳定在5万吨以上", "5万吨以上", "target"),
        ("- 力争新增就业1500人", "1500人", "target"),
        ("- 计划新建学校2所", "2所", "target"),
        ("- 目标：旅游收入90亿元", "90亿元", "target"),
        ("2019年计划\n- 粮食产量达到5万吨", "5万吨", "target"),
        ("下一步打算：\n- 预计明年财政收入增长5%", "5%", "forecast"),
        ("- 上年财政收入20亿元", "20亿元", "baseline"),
        ("- 去年接待游客300万人次", "300万人次", "baseline"),
        ("- 地区生产总值由2010年的162.4亿元增加到2015年的287.9亿元", "162.4亿元", "baseline"),
        ("- 财政收入比上年增长5%", "5%", "achieved"),  # 比上年 is a base, not last year's value
        ("- 全年新增就业1200人", "1200人", "achieved"),
        ("存在问题：\n- 财政收入下降3%，收支矛盾突出", "3%", "problem"),
        ("- Revenue was $3.8M last year", "$3.8M", "baseline"),
        ("- Visitors fell from 158 to 142", "158", "baseline"),
        ("- Visitors fell from 158 to 142", "142", "achieved"),
        ("Next year:\n- Revenue of $5M", "$5M", "target"),
        ("- We expect revenue of $5M", "$5M", "forecast"),
        ("Challenges:\n- Staff turnover reached 12%", "12%", "problem"),
    ],
)
def test_roles(notes_text: str, figure: str, role: str) -> None:
    assert _fact(notes_text, figure).role == role


def test_relative_years_use_the_notes_year() -> None:
    notes = "时期：2015年\n- 去年财政收入20亿元\n- 全年财政收入23亿元\n明年计划：\n- 财政收入25亿元"
    table = build_facts(parse_notes(notes))
    assert [(f.text, f.period.year, f.role) for f in table.facts] == [
        ("20亿元", 2014, "baseline"), ("23亿元", 2015, "achieved"), ("25亿元", 2016, "target")]


# --- continuations ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("notes_text", "figure", "indicator", "lines"),
    [
        ("- 地区生产总值由2010年的162.4亿元增加到2015年的287.9亿元\n- 年均增长12.1%", "12.1%", "地区生产总值", (2, 1)),
        ("- 社零56.2亿元\n- 同比增长8.1%", "8.1%", "社会消费品零售总额", (2, 1)),
        ("- 固投100.6亿元\n- +16.6%", "16.6%", "固定资产投资", (2, 1)),
        ("- Revenue $4.2M\n- up 12% year on year", "12%", "Revenue", (2, 1)),
        ("- 全区实现地区生产总值287.9亿元\n- 其中，第三产业增加值150亿元", "150亿元", "第三产业增加值", (2, 1)),
    ],
)
def test_continuation_facts_take_the_heads_indicator(notes_text: str, figure: str, indicator: str,
                                                     lines: tuple[int, ...]) -> None:
    fact = _fact(notes_text, figure)
    assert (fact.indicator, fact.lines) == (indicator, lines)


def test_continuation_takes_the_heads_span() -> None:
    fact = _fact("- 地区生产总值由2010年的162.4亿元增加到2015年的287.9亿元\n- 年均增长12.1%", "12.1%")
    assert fact.period.span == (2010, 2015)
    assert (fact.base, fact.direction, fact.role) == ("avg", "up", "achieved")


# --- the table -----------------------------------------------------------------------------------------------

def test_table_lookups_ids_and_rows() -> None:
    notes = parse_notes("时期：2015年\n- 固投100.6亿 +16.6%\n- 新增就业1200人\n明年计划：\n- 新增就业1500人")
    table = build_facts(notes)
    assert [f.fact_id for f in table.facts] == ["L2.1", "L2.2", "L3.1", "L5.1"]
    assert [f.fact_id for f in table.by_value(Decimal("16.6"), "%")] == ["L2.2"]
    assert [f.fact_id for f in table.by_value(Decimal("1.006E+10"), "")] == ["L2.1"]
    assert table.by_value(Decimal("16.6"), "元") == []
    assert [f.fact_id for f in table.for_item(notes.items[1].item_id)] == ["L2.1", "L2.2"]
    row = table.rows("zh")[1]
    assert row == {"id": "L2.2", "indicator": "固定资产投资", "value": "16.6%", "period": "2015年", "role": "完成",
                   "change": "同比 ↑", "line": "2"}
    assert table.rows("en")[3]["role"] == "target"
    data = json.loads(json.dumps(table.to_json(), ensure_ascii=False))
    assert data[3]["role"] == "target" and data[3]["period"]["year"] == 2016
    corrected = table.with_role("L5.1", "achieved")
    assert corrected.get("L5.1").role == "achieved" and table.get("L5.1").role == "target"


def test_metadata_holds_no_facts() -> None:
    table = build_facts(parse_notes("红星镇2025年工作总结笔记\n单位：红星镇\n- 新建道路3公里"))
    assert [f.text for f in table.facts] == ["3公里"]


# --- the same reader on draft prose ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("draft", "figure", "expected"),
    [
        ("2015年，全区完成固定资产投资100.6亿元，比上年增长16.6%，工业增加值增长8%、财政收入下降3%。", "3%",
         {"indicator": "财政收入", "direction": "down", "role": "achieved"}),
        ("2015年，全区完成固定资产投资100.6亿元，比上年增长16.6%，工业增加值增长8%、财政收入下降3%。", "16.6%",
         {"indicator": "固定资产投资", "base": "yoy", "direction": "up"}),
        ("2016年，力争地区生产总值增长7.5%左右，旅游收入达到83亿元。", "83亿元",
         {"indicator": "旅游收入", "role": "target"}),
        ("预计全年旅游接待人数达到700万人次，旅游收入达到83亿元。", "83亿元", {"role": "forecast"}),
        ("一产、二产、三产增加值分别增长8.1%、3.2%、2.1%。", "3.2%", {"indicator": "第二产业增加值", "order": 2}),
        ("地区生产总值由2010年的162.4亿元增加到2015年的287.9亿元，年均增长12.1%。", "12.1%",
         {"indicator": "地区生产总值", "base": "avg"}),
        ("上半年，社会消费品零售总额56.2亿元，同比增长8.1%。", "8.1%",
         {"indicator": "社会消费品零售总额", "period.half": 1}),
        ("2016年主要预期目标是：地区生产总值增长7.5%左右；财政收入达到20亿元。", "20亿元",
         {"indicator": "财政收入", "role": "target"}),
        ("口岸出入境航班297架次，出入境人数，同比增长85.3%。", "85.3%", {"indicator": "出入境人数", "base": "yoy"}),
        ("融资工作取得新突破，争取上级资金1.2亿元。", "1.2亿元", {"role": "achieved"}),
        ("完成目标任务的117%。", "117%", {"role": "achieved"}),
        ("Visitor numbers increased to 142 this year.", "142", {"indicator": "Visitor numbers", "direction": "up"}),
        ("We will plant 5,000 trees and open 2 clinics next year.", "2",
         {"indicator": "clinics", "role": "target", "period.year": 2016}),
    ],
)
def test_describe_figure_on_draft_prose(draft: str, figure: str, expected: dict[str, Any]) -> None:
    fig = next(f for f in extract_figures(draft) if f.text == figure and not f.ignored)
    meaning = describe_figure(draft, fig, language="en" if draft.isascii() else "zh", year_hint=2015)
    for key, value in expected.items():
        obj: Any = meaning
        for part in key.split("."):
            obj = getattr(obj, part)
        assert obj == value, (key, meaning)


@pytest.mark.parametrize(
    ("draft", "figure", "part", "role"),
    [
        ("继续推进棚户区改造，完成800户。", "800户", "plan", "target"),
        ("继续推进棚户区改造，完成800户。", "800户", None, "achieved"),
        ("实际完成800户。", "800户", "plan", "achieved"),
        ("新增就业1500人。", "1500人", "summary", "achieved"),
        ("新增就业1500人。", "1500人", None, None),
        ("财政收入下降3%。", "3%", "problems", "problem"),
        ("预计全年旅游收入83亿元。", "83亿元", "summary", "forecast"),
    ],
)
def test_the_part_a_figure_stands_in_settles_an_open_role(draft: str, figure: str, part: Any, role: str | None) -> None:
    fig = next(f for f in extract_figures(draft) if f.text == figure)
    assert describe_figure(draft, fig, language="zh", part=part).role == role


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("固投", "固定资产投资", True), ("GDP", "地区生产总值", True), ("全社会固定资产投资", "固定资产投资", True),
     ("财政收入", "旅游收入", False), ("Revenue", "revenue", True), ("exports", "Retail sales", False),
     ("", "财政收入", None)],
)
def test_same_indicator(a: str, b: str, same: bool | None) -> None:
    assert same_indicator(a, b) is same


# --- the facts command ---------------------------------------------------------------------------------------

@pytest.fixture
def cli_env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORT_ASSISTANT_DATA_DIR", str(data_dir))
    monkeypatch.chdir(data_dir)


NOTES_ZH = "工作要点（原始笔记）\n- 固投100.6亿 +16.6%\n明年目标和安排：\n- 新增就业1500人\n"


def test_facts_command_prints_the_table_in_the_notes_language(tmp_path: Path, cli_env: None) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(NOTES_ZH.encode("gb18030"))
    code, out, _ = run_cli("facts", str(path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["编号", "指标", "数值", "时期", "性质", "比较/方向", "笔记行"]
    assert "L2.2" in lines[3] and "同比" in lines[3] and "固定资产投资" in lines[3]
    assert "目标" in lines[4] and lines[4].split()[-1] == "4"
    assert "【年份】" in out  # no year in these notes: said so


def test_facts_command_json(tmp_path: Path, cli_env: None) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Period: 2018\n- Revenue $4.2M, up 12% year on year\nPlans:\n- Revenue of $5M\n", encoding="utf-8")
    code, out, _ = run_cli("facts", str(path), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["language"] == "en" and data["year_missing"] is False
    assert [(f["text"], f["role"], f["period"]["year"], f["lines"]) for f in data["facts"]] == [
        ("$4.2M", "achieved", 2018, [2]), ("12%", "achieved", 2018, [2]), ("$5M", "target", 2019, [4])]
    assert data["facts"][1]["row"]["change"] == "year on year ↑"


@pytest.mark.parametrize("content", [b"", b"   \n", b"\x00\x01\x02binary\xff\xfe\x00"])
def test_facts_command_rejects_bad_input(tmp_path: Path, cli_env: None, content: bytes) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    code, _, err = run_cli("facts", str(path))
    assert code == 2
    assert err.startswith("error:") and "notes.txt" in err


def test_facts_command_missing_file(tmp_path: Path, cli_env: None) -> None:
    code, _, err = run_cli("facts", str(tmp_path / "nope.txt"))
    assert code == 2 and "nope.txt" in err


def test_a_corrected_fact_role_moves_its_item_when_redrafted() -> None:
    from assistant.drafting.pipeline import draft_report, run_draft
    from assistant.facts import apply_fact_roles

    notes = parse_notes("时期：2015年\n- 新建道路3公里\n- 旅游收入达到83亿元\n- 同比增长8%\n明年计划：\n- 新建学校2所")
    table = build_facts(notes)
    fact = next(f for f in table.facts if f.text == "83亿元")
    assert fact.role == "achieved"
    moved = apply_fact_roles(notes, table.with_role(fact.fact_id, "target"))
    assert [i.role for i in moved.items[1:]] == ["achievement", "plan", "plan", "plan"]
    assert apply_fact_roles(notes, table) is notes
    markdown = run_draft(draft_report(moved, check=False)).to_markdown()
    summary, _, plan = markdown.partition("三、2016年工作安排" if "三、" in markdown else "二、2016年工作安排")
    assert "83亿元" in plan and "83亿元" not in summary
    assert any("83亿元" in s and "8%" in s for s in plan.split("。"))


@pytest.mark.parametrize(
    ("line", "in_plan"),
    [("- 2016年新建学校2所", True), ("- 2015年新建学校2所", False), ("- 是2010年的2.4倍", False),
     ("- 由2014年的10所增加到2015年的12所", False)],
)
def test_a_line_about_later_years_only_is_placed_in_the_plan(line: str, in_plan: bool) -> None:
    from assistant.outline import make_outline

    notes = parse_notes(f"时期：2015年\n- 新建道路3公里\n{line}\n明年计划：\n- 新建学校5所")
    outline = make_outline(notes)
    plan_ids = {i for s in outline.sections if s.kind in ("plan", "targets", "measures")
                for leaf in s.leaves() for i in leaf.note_items}
    assert (notes.items[2].item_id in plan_ids) is in_plan


@pytest.mark.parametrize(
    ("notes_text", "expected"),
    [
        # a subject-less 分别 takes the names of the figures before it
        ("- 城镇居民收入30788元、农村居民收入22250元，分别增长8.5%、9.1%",
         [("城镇居民收入", "30788元", None), ("农村居民收入", "22250元", None), ("城镇居民收入", "8.5%", 1),
          ("农村居民收入", "9.1%", 2)]),
        # a base written before the next figure is that figure's
        ("- 固投完成155.4亿元 同比+16.6%", [("固定资产投资", "155.4亿元", None), ("固定资产投资", "16.6%", None)]),
        # a continuation speaks of its head's indicator
        ("明年计划：\n- 新建学校2所\n- 同比多建1所", [("新建学校", "2所", None), ("新建学校", "1所", None)]),
        # a numbered item whose text starts with a period
        ("5、1-6月接待游客320万人次", [("接待游客", "320万人次", None)]),
    ],
)
def test_messy_notes(notes_text: str, expected: list[tuple[str, str, int | None]]) -> None:
    facts = build_facts(parse_notes(notes_text)).facts
    assert [(f.indicator, f.text, f.order) for f in facts] == expected
    assert build_facts(parse_notes("- 固投完成155.4亿元 同比+16.6%")).facts[0].base is None


def test_full_year_under_a_plan_header_is_the_plan_year() -> None:
    table = build_facts(parse_notes("时期：2015年\n- 全年旅游收入80亿元\n明年计划：\n- 预计全年旅游收入达到90亿元"))
    assert [(f.text, f.period.year, f.role) for f in table.facts] == [
        ("80亿元", 2015, "achieved"), ("90亿元", 2016, "forecast")]


# --- one reader (issue 10, wave 2): what header lines and the words state ---------------------------

@pytest.mark.parametrize(
    ("notes_text", "figure", "expected"),
    [
        # a part of the year named by a header line is the period of the bullets under it
        ("2013年上半年工作情况\n1—6月：\n- 旅游接待人数186万人次\n", "186万人次", {"months": (1, 6)}),
        ("2013 notes\nJanuary-June:\n- visitors 1.86 million\n", "1.86 million", {"months": (1, 6)}),
        # a forecast header makes the bullets under it forecasts
        ("2013年工作\n全年预计：\n- 旅游接待人数430万人次\n", "430万人次", {"role": "forecast", "stated_role": "forecast"}),
        ("FY2025 notes\nExpected for the year:\n- revenue $80 billion\n", "$80 billion", {"role": "forecast"}),
        # a summary header states what was done; a later year's topical header, the plan
        ("2011年主要指标\nGDP 198.5亿元 +22.3%\n", "198.5亿元", {"stated_role": "achieved"}),
        ("2015年工作回顾\n- 接待游客500万人次\n2016年：\n- 旅游收入突破80亿元\n", "80亿元", {"stated_role": "target"}),
        ("2024 review\n- 12 facilities closed\nNext year:\n- train 2,300 staff\n", "2,300", {"stated_role": "target"}),
        # a multi-year header does not make every bullet a multi-year total
        ("回顾过去五年：\n- 2015年地区生产总值287.9亿元\n", "287.9亿元", {"cumulative": False}),
        # 2015年完成 is one year; 过去一年 is the last year, not a total
        ("2015年完成固定资产投资500亿元\n", "500亿元", {"cumulative": False, "year": 2015}),
        ("过去一年，地区生产总值达到287.9亿元\n", "287.9亿元", {"cumulative": False}),
        ("近五年累计完成投资500亿元\n", "500亿元", {"cumulative": True}),
        # 上年 / last year: kept as a relative year even when the notes state no year
        ("上年地区生产总值198.5亿元\n", "198.5亿元", {"relative": -1}),
        ("GDP last year: $198.5 billion\n", "$198.5 billion", {"relative": -1}),
        # 由上年的X增加到Y: 上年 is X's period, not Y's
        ("2015年固定资产投资由上年的86.3亿元增加到100.6亿元\n", "100.6亿元", {"relative": None}),
        ("2015年固定资产投资由上年的86.3亿元增加到100.6亿元\n", "86.3亿元", {"role": "baseline"}),
    ],
)
def test_header_lines_and_words_state_period_and_role(notes_text: str, figure: str, expected: dict[str, Any]) -> None:
    fact = _fact(notes_text, figure)
    for key, value in expected.items():
        obj: Any = getattr(fact.period, key) if hasattr(fact.period, key) and key not in ("role",) else getattr(fact, key)
        assert obj == value, (key, fact)


@pytest.mark.parametrize(
    ("notes_text", "figure", "stated"),
    [
        # an item the classifier sent to the plan by its own words: a figure with no cue of its own
        # stays unstated for the checker (the item role is a guess, not what the notes say)
        ("2015年工作\n- 力争明年完成投资100亿元，今年实际建成项目128个\n", "128个", "achieved"),
        ("2015年工作\n- 力争明年完成投资100亿元\n", "100亿元", "target"),
        ("Notes 2024\n- an estimated 5,000 people attended\n", "5,000 people", "achieved"),
        ("Notes 2024\n- revenue is estimated to reach $5 billion\n", "$5 billion", "forecast"),
    ],
)
def test_stated_role_is_what_the_words_say(notes_text: str, figure: str, stated: str | None) -> None:
    assert _fact(notes_text, figure).stated_role == stated
