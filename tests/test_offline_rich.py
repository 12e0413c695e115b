"""Richer offline writing (issue 12 item 2): an overview per part built only from the notes, numbered
problems and measures, grouped targets, the genre's connectives — and no figure that is not in the
notes, over every notes-styles file and every evaluation notes file."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.check import check_draft
from assistant.drafting.offline import overview_text
from assistant.drafting.pipeline import draft_report, run_draft
from assistant.figures import extract_figures
from assistant.notes import parse_notes

ROOT = Path(__file__).resolve().parents[1]
NOTES_FILES = sorted([*(ROOT / "benchmarks/data/notes_styles").glob("*.txt"), *(ROOT / "tests/data/eval_notes").glob("*.txt")])
NOT_IN_NOTES = {"unsupported", "mismatch"}  # a figure the notes do not state


@pytest.mark.parametrize("path", NOTES_FILES, ids=lambda p: p.name)
def test_the_offline_draft_states_no_figure_that_is_not_in_the_notes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    draft = run_draft(draft_report(parse_notes(text), check=False))
    result = check_draft(text, draft.to_markdown())
    invented = [(f.figure.text, f.status, f.reason) for f in result.figures if f.status in NOT_IN_NOTES]
    assert invented == []
    for section in draft.sections:
        if not section.note_items and section.text:  # a part's opening and overview: no figure of its own
            assert [f.text for f in extract_figures(section.text) if not f.ignored] == []


def test_notes_files_are_present() -> None:
    assert len(NOTES_FILES) >= 20


ZH = """单位：红星镇
时期：2025年
- 地区生产总值完成12.5亿元 +6.8%
- 地方财政总收入完成1.2亿元，同比增长5%
- 社零3.4亿元 +4%
- 新建道路3公里
存在问题：
- 财政收支矛盾突出
- 人才短缺
明年计划
- 力争地区生产总值增长6%
- 力争地方财政总收入增长5%
- 推进老旧小区改造
- 新建养老服务站5个
"""


def test_the_summary_part_opens_with_an_overview_naming_the_main_indicators() -> None:
    draft = run_draft(draft_report(parse_notes(ZH)))
    part = draft.sections[0]
    assert "地区生产总值、地方财政总收入、社会消费品零售总额等指标均实现增长" in part.text
    md = draft.to_markdown()
    assert "一是财政收支矛盾突出" in md and "二是人才短缺" in md  # problems as a numbered list
    assert "力争地区生产总值增长6%" in md and "地方财政总收入增长5%" in md


@pytest.mark.parametrize(
    ("notes", "kind", "expected"),
    [
        ("- 地区生产总值完成12.5亿元 +6.8%\n- 地方财政总收入1.2亿元 -3%", "summary", "完成情况分述如下"),
        ("- 地区生产总值完成12.5亿元 +6.8%\n- 地方财政总收入1.2亿元 +3%", "summary", "均实现增长"),
        ("- 地区生产总值完成12.5亿元 +6.8%\n- 新建道路3公里", "summary", ""),  # one indicator: no overview
        ("- 十二五累计完成固定资产投资300亿元\n- 五年来地区生产总值增长50%", "summary", ""),  # not one year's
        ("- Revenue $4.2M +12%\n- Sales up 8% to $3M", "summary", "all grew"),
    ],
)
def test_overview_only_from_the_notes(notes: str, kind: str, expected: str) -> None:
    parsed = parse_notes(notes)
    text = overview_text(kind, parsed.content_items, parsed.language, summary_year=2025, plan_year=2026)
    if expected:
        assert expected in text
    else:
        assert text == ""
    assert [f.text for f in extract_figures(text) if not f.ignored] == []
