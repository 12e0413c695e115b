"""The key indicators table (主要指标完成情况表): values only from the notes, derived cells marked, every
cell figure verified by the checker, rendered in the .md and as a 公文-styled .docx table."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from assistant.check import check_draft
from assistant.drafting.pipeline import draft_report, run_draft
from assistant.export import to_docx, to_markdown
from assistant.facts import FactTable, build_facts
from assistant.figures import extract_figures
from assistant.indicators import build_indicators, insert_indicators, parse_placement
from assistant.notes import parse_notes
from assistant.sections import parse_draft

NOTES = """红星镇2025年工作总结笔记
- 全镇地区生产总值完成12.5亿元，同比增长6.8%
- 一般公共预算收入完成8600万元，同比增长3.2%，预算9000万元
- 社零5.6亿元 +8.1%
- 新建高标准农田3000亩
- 接待游客45万人次，旅游收入1.2亿元
- 问题：村集体经济薄弱，12个村收入低于10万元
- 2026年目标：地区生产总值增长6%左右
- 计划新建村级养老服务站5个
"""

NOTES_EN = """Acme Ltd 2025 annual notes
- Revenue reached $12.5 million, up 8% year on year
- Operating profit reached $2.1 million, up 5% year on year
- Opened 3 new clinics
- 2026 target: revenue growth of 10%
"""


def _table_with_target() -> tuple[FactTable, object]:
    """The fact table with 预算9000万元 read as this year's budget target (as the page's fact-role
    correction would make it)."""
    notes = parse_notes(NOTES)
    facts = build_facts(notes)
    budget = next(f for f in facts if f.value == Decimal(90000000))
    corrected = FactTable([replace(f, role="target", indicator="一般公共预算收入") if f is budget else f
                           for f in facts], facts.language)
    return corrected, notes


def test_rows_are_the_notes_indicators_with_their_growth() -> None:
    table = build_indicators(parse_notes(NOTES))
    rows = {r.indicator: r.cells("zh") for r in table.rows}
    assert set(rows) == {"地区生产总值", "一般公共预算收入", "社会消费品零售总额"}
    assert rows["地区生产总值"] == ["地区生产总值", "亿元", "12.5亿元", "增长6.8%", "—", "—"]
    assert rows["社会消费品零售总额"][1:4] == ["亿元", "5.6亿元", "增长8.1%"]
    # next year's target (2026: 增长6%左右) is never this year's target
    assert rows["地区生产总值"][4:] == ["—", "—"]
    # 预算9000万元 labels the year's planned value: the row's target, its "met" cell derived and marked
    assert rows["一般公共预算收入"][4:] == ["目标9000万元", "未完成※"]
    assert all(r.target is None for r in table.rows if r.indicator != "一般公共预算收入")


def test_every_cell_figure_is_in_the_notes() -> None:
    notes = parse_notes(NOTES)
    note_values = {(f.value, f.unit) for f in extract_figures(NOTES)}
    for row in build_indicators(notes).rows:
        for cell in row.cells("zh"):
            for fig in extract_figures(cell):
                assert (fig.value, fig.unit) in note_values, cell


def test_met_is_derived_from_value_and_target_and_marked() -> None:
    facts, notes = _table_with_target()
    table = build_indicators(notes, facts)  # type: ignore[arg-type]
    row = next(r for r in table.rows if r.indicator == "一般公共预算收入")
    assert row.target is not None and row.met is False and row.derived == ("met",)
    assert row.cells("zh")[4:] == ["目标9000万元", "未完成※"]
    assert "推算" in table.markdown()
    assert row.to_json()["derived"] == ["met"]


@pytest.mark.parametrize("with_target", [False, True])
def test_the_checker_verifies_every_cell(with_target: bool) -> None:
    if with_target:
        facts, notes = _table_with_target()
        table = build_indicators(notes, facts)  # type: ignore[arg-type]
    else:
        notes = parse_notes(NOTES)
        table = build_indicators(notes)
    draft = run_draft(draft_report(notes))
    text = insert_indicators(draft.to_markdown(), table, "summary")
    result = check_draft(NOTES, text)
    table_block = text[text.index("| 指标"):text.index("## 二、")]
    cell_figures = [f for f in result.figures if f.figure.text and f.figure.text in table_block]
    assert cell_figures
    bad = [(f.figure.text, f.status, f.reason) for f in result.figures if f.status not in ("verified", "derived", "ignored")]
    assert bad == []


def test_placement_at_the_end_of_the_summary_part_and_as_appendix() -> None:
    notes = parse_notes(NOTES)
    table = build_indicators(notes)
    markdown = run_draft(draft_report(notes)).to_markdown()
    in_summary = insert_indicators(markdown, table, "summary")
    tree = parse_draft(in_summary)
    assert [s.title for s in tree.walk()] == [s.title for s in parse_draft(markdown).walk()]  # no new heading
    summary = tree.section_text("s1")
    assert summary.rstrip().endswith("注：“—”表示笔记未提供。") and "| 地区生产总值 |" in summary
    assert "| 地区生产总值 |" not in tree.section_text("s2")
    appendix = insert_indicators(markdown, table, "appendix")
    last = parse_draft(appendix).sections[-1]
    assert "主要指标完成情况" in last.title and "| 地区生产总值 |" in appendix[last.start:]
    assert insert_indicators(markdown, table, "none") == markdown


def test_a_single_indicator_makes_no_table() -> None:
    notes = parse_notes("红星镇2025年工作总结笔记\n- 全镇地区生产总值完成12.5亿元，同比增长6.8%\n- 新建道路3公里\n")
    table = build_indicators(notes)
    assert len(table.rows) == 1 and not table
    assert insert_indicators("# T\n\n## 一、总结\n\n文字。\n", table, "summary") == "# T\n\n## 一、总结\n\n文字。\n"


def test_english_table() -> None:
    notes = parse_notes(NOTES_EN)
    table = build_indicators(notes)
    lines = table.markdown()
    assert "| Indicator | Unit | This year | Growth | Target | Met |" in lines
    assert len(table.rows) == 2
    text = insert_indicators(run_draft(draft_report(notes)).to_markdown(), table, "appendix")
    bad = [(f.figure.text, f.status) for f in check_draft(NOTES_EN, text).figures
           if f.status not in ("verified", "derived", "ignored")]
    assert bad == []


@pytest.mark.parametrize(("value", "expected"), [
    ("summary", "summary"), ("附表", "appendix"), ("none", "none"), ("不要", "none"), (" Appendix ", "appendix"),
])
def test_parse_placement(value: str, expected: str) -> None:
    assert parse_placement(value) == expected


def test_parse_placement_refuses_others() -> None:
    with pytest.raises(ValueError, match="summary, appendix or none"):
        parse_placement("middle")


def test_markdown_and_docx_table(tmp_path: Path) -> None:
    facts, notes = _table_with_target()
    table = build_indicators(notes, facts)  # type: ignore[arg-type]
    text = insert_indicators(run_draft(draft_report(notes)).to_markdown(), table, "summary")
    assert "| 一般公共预算收入 | 万元 | 8600万元 | 增长3.2% | 目标9000万元 | 未完成※ |" in to_markdown(text)
    document = docx.Document(str(to_docx(text, tmp_path / "r.docx")))
    assert len(document.tables) == 1
    word = document.tables[0]
    cells = [[c.text for c in row.cells] for row in word.rows]
    assert cells[0] == ["指标", "单位", "本年完成", "增速", "目标", "是否完成"]
    assert ["一般公共预算收入", "万元", "8600万元", "增长3.2%", "目标9000万元", "未完成※"] in cells
    header_run = word.rows[0].cells[0].paragraphs[0].runs[0]
    body_run = word.rows[1].cells[0].paragraphs[0].runs[0]
    assert header_run.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    assert body_run.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")).startswith("仿宋")
    borders = word._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders is not None
    assert {b.tag.split("}")[1]: b.get(qn("w:val")) for b in borders} == {
        "top": "single", "left": "single", "bottom": "single", "right": "single", "insideH": "single",
        "insideV": "single"}


EVAL_NOTES = sorted((Path(__file__).parent / "data" / "eval_notes").glob("hailar_*.txt"))


@pytest.mark.parametrize("path", EVAL_NOTES, ids=[p.stem for p in EVAL_NOTES])
def test_every_table_cell_of_the_eval_notes_is_verified(path: Path) -> None:
    """On the evaluation notes (derived from real county reports) the table's cell figures all check out."""
    text = path.read_text(encoding="utf-8")
    notes = parse_notes(text)
    table = build_indicators(notes)
    markdown = insert_indicators(run_draft(draft_report(notes)).to_markdown(), table, "summary")
    if not table:
        assert markdown.count("| 指标 |") == 0
        return
    start = markdown.index("| 指标 |")
    end = markdown.index("\n\n", start)
    cells = [f for f in check_draft(text, markdown).figures
             if start <= f.figure.start < end and f.status != "ignored"]
    assert len(cells) >= 2 * len(table.rows)  # a value and a growth or target per row
    assert [(f.figure.text, f.status, f.reason) for f in cells if f.status not in ("verified", "derived")] == []
