"""The user's corrections of the fact table (the figures tab) reach the checker and the placement.

A fact corrected target → achieved is no longer flagged as a target stated as achieved (and the
reverse is); a corrected period is the period the draft is held to; a corrected period (a later year
than the summary's) moves the item to the plan part of the redraft, as a corrected role does.
"""

from __future__ import annotations

import pytest

from assistant.check import BLOCKING, check_draft
from assistant.drafting.pipeline import draft_report, run_draft
from assistant.facts import build_facts, fixed_facts
from assistant.notes import parse_notes
from assistant.sections import parse_draft
from assistant.services.fact_edits import Correction, corrected_notes, with_corrections

ZH = "2015年工作总结\n今年主要工作：\n- 旅游收入69亿元\n- 城镇新增就业1500人\n明年目标和安排：\n- 新建蔬菜大棚2000亩\n"
EN = "FY2025 notes\nFY2025 results:\n- 2,300 staff trained\n- revenue $78.5 billion\nNext year:\n- open 12 new clinics\n"


def _status(notes_text: str, fixes: dict[str, Correction], draft: str, figure: str) -> str:
    notes = with_corrections(parse_notes(notes_text), fixes)
    result = check_draft(notes_text, draft, facts=fixed_facts(notes))
    return next(fc.status for fc in result.figures if fc.figure.text == figure)


def _fix(notes_text: str, fact_id: str, *, role: str | None = None, period: str | None = None) -> dict[str, Correction]:
    fact = build_facts(parse_notes(notes_text)).get(fact_id)
    return {fact_id: Correction(fact_id=fact_id, text=fact.text, role=role, period=period)}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("notes", "fact_id", "role", "draft", "figure", "blocked_before", "blocked_after"),
    [
        # a plan line the user says was done already: stating it as done is right after the correction
        (ZH, "L6.1", "achieved", "一、2015年工作回顾\n全年新建蔬菜大棚2000亩。", "2000亩", True, False),
        (EN, "L6.1", "achieved", "1. Fiscal Year 2025 Results\nThe agency opened 12 new clinics.", "12", True, False),
        # an achievement the user says is only a target: stating it as done is now flagged
        (ZH, "L3.1", "target", "一、2015年工作回顾\n全年旅游收入达到69亿元。", "69亿元", False, True),
        (EN, "L4.1", "target", "1. Fiscal Year 2025 Results\nRevenue reached $78.5 billion.", "78.5 billion", False, True),
        # a forecast the user marks: stated as final it is flagged
        (ZH, "L4.1", "forecast", "一、2015年工作回顾\n全年城镇新增就业1500人。", "1500人", False, True),
    ],
)
def test_a_corrected_role_is_what_the_checker_holds_the_draft_to(
    notes: str, fact_id: str, role: str, draft: str, figure: str, blocked_before: bool, blocked_after: bool,
) -> None:
    assert (_status(notes, {}, draft, figure) in BLOCKING) is blocked_before
    assert (_status(notes, _fix(notes, fact_id, role=role), draft, figure) in BLOCKING) is blocked_after


@pytest.mark.parametrize(
    ("notes", "fact_id", "period", "draft", "figure", "blocked_before", "blocked"),
    [
        (ZH, "L3.1", "2014年", "一、2015年工作回顾\n2015年旅游收入69亿元。", "69亿元", False, True),
        # the draft names 2014 for a value under the notes' own year (2015年工作总结): blocked until corrected
        (ZH, "L3.1", "2014年", "一、2015年工作回顾\n2014年旅游收入为69亿元。", "69亿元", True, False),
        (ZH, "L3.1", "上半年", "一、2015年工作回顾\n全年旅游收入69亿元。", "69亿元", False, True),
        (EN, "L4.1", "2024", "1. Fiscal Year 2025 Results\nIn 2025 revenue was $78.5 billion.", "78.5 billion", False,
         True),
    ],
)
def test_a_corrected_period_is_what_the_checker_holds_the_draft_to(
    notes: str, fact_id: str, period: str, draft: str, figure: str, blocked_before: bool, blocked: bool,
) -> None:
    assert (_status(notes, {}, draft, figure) in BLOCKING) is blocked_before
    assert (_status(notes, _fix(notes, fact_id, period=period), draft, figure) in BLOCKING) is blocked


def _part_of(markdown: str, figure: str) -> str:
    for sec in parse_draft(markdown).sections:
        if figure in markdown[sec.start:sec.span_end]:
            return sec.title
    raise AssertionError(f"{figure} not in the draft")


@pytest.mark.parametrize(
    ("notes", "fix", "figure", "before", "after"),
    [
        # a corrected period later than the summary year moves the item into the plan part
        (ZH, ("L3.1", None, "2016年"), "69亿元", "总结", "安排"),
        # a corrected role moves it too; the pipeline's own check of the redraft raises no flag
        (ZH, ("L6.1", "achieved", None), "2000亩", "安排", "总结"),
        (EN, ("L6.1", "achieved", None), "12 new clinics", "Plan", "Summary"),
    ],
)
def test_a_correction_moves_the_figure_in_the_redraft(
    notes: str, fix: tuple[str, str | None, str | None], figure: str, before: str, after: str,
) -> None:
    parsed = parse_notes(notes)
    first = run_draft(draft_report(parsed, check=True)).to_markdown()
    fact_id, role, period = fix
    fixed = corrected_notes(parsed, _fix(notes, fact_id, role=role, period=period))
    redraft = run_draft(draft_report(fixed, check=True))
    markdown = redraft.to_markdown()
    assert before in _part_of(first, figure)
    assert after in _part_of(markdown, figure)
    assert all(ds.unverified == 0 for ds in redraft.sections), [ds.text for ds in redraft.sections]


def test_the_notes_read_once_keeps_the_corrected_and_the_plain_reading_apart() -> None:
    """The checker reads a notes text once for all checks against it (a cache): a corrected table is
    its own key, so the plain text checked after a correction is never read with it, nor the reverse."""
    draft = "一、2015年工作回顾\n全年旅游收入达到69亿元。"
    for _ in range(2):
        assert _status(ZH, {}, draft, "69亿元") not in BLOCKING
        assert _status(ZH, _fix(ZH, "L3.1", role="target"), draft, "69亿元") in BLOCKING
        assert _status(ZH, {}, draft, "69亿元") not in BLOCKING
        assert _status(ZH, _fix(ZH, "L3.1", role="achieved"), draft, "69亿元") not in BLOCKING
