"""Real use, session 5 (the lead): notes typed the way people type them, drafted offline and checked.
Each row is a general reading the product lacked; faithful look-alikes stay as they were."""

from __future__ import annotations

import pytest

from assistant.check import check_draft
from assistant.drafting.offline_en import summary_sentence
from assistant.note_lines import parse_title_line, read_title
from assistant.notes import parse_notes
from assistant.periods import read_period, stated_years


@pytest.mark.parametrize(("line", "org", "year"), [
    ("Parks & Recreation Dept - 2025 year-end notes (draft, for the annual report)", "Parks & Recreation Dept", "2025"),
    ("Library Services 2025 annual notes (v2, for the board)", "Library Services", "2025"),
    ("东湖街道2025年工作总结（初稿，供讨论，请勿外传）", "东湖街道", "2025"),
])
def test_title_with_a_long_aside_in_brackets_is_the_title(line: str, org: str, year: str) -> None:
    got = parse_title_line(line)
    read = read_title(line)
    assert (got is not None and got == (org, year)) or (read is not None and read[0] == org), (got, read)
    notes = parse_notes(line + "\n- Program registrations 18,420\n")
    assert notes.items[0].role == "metadata"
    assert notes.metadata.get("organisation") == org


@pytest.mark.parametrize("line", [
    "GDP 2025 (up 5.6%, est.)",
    "Revenue 2025: $4.2M (budget $5.0M)",
])
def test_a_figure_line_with_an_aside_is_no_title(line: str) -> None:
    assert parse_title_line(line) is None and read_title(line) is None


@pytest.mark.parametrize(("notes", "plan_roles"), [
    ("Done in 2025:\n- Tree planting: 1,150 trees; goal was 1,000\n2026 goals:\n- plant 1,200 trees\n", 1),
    ("Results 2025\n- Inspections 4,310; the annual target was 4,000\nNext year:\n- 4,500 inspections\n", 1),
    ("今年完成情况：\n- 新植树1150株；目标为1000株\n明年打算：\n- 植树1200株\n", 1),
    ("Results 2025:\n- Restaurant inspections 2,310; 97% passed\nPlan 2026:\n- 2,500 inspections\n", 1),
    # a plan clause on a result's line is still a plan
    ("Done in 2025:\n- Tree planting: 1,150 trees; next year 1,200\n", 1),
])
def test_a_results_own_target_on_its_line_stays_with_the_result(notes: str, plan_roles: int) -> None:
    parsed = parse_notes(notes)
    plans = [i for i in parsed.items if i.role == "plan"]
    assert len(plans) == plan_roles, [(i.text, i.role) for i in parsed.items]
    if "passed" in notes:  # the share continues the count it is a share of
        share = next(i for i in parsed.items if i.text.startswith("97%"))
        assert share.continues is not None


@pytest.mark.parametrize(("note", "sentence"), [
    ("Trail miles: 41 -> 46", "Trail miles rose from 41 to 46"),
    ("Median wait 19 → 14 days", "Median wait fell from 19 to 14 days"),
    ("Staff count: 52 -> 52", "Staff count stayed at 52"),
    ("Volunteer hours ~12,300", "Volunteer hours stood at about 12,300"),
    ("Tree planting: 1,150 trees, goal was 1,000", "Tree planting stood at 1,150 trees against a goal of 1,000"),
    ("Average ER wait down from 19 to 14 minutes", "Average ER wait fell from 19 to 14 minutes"),
    ("Restaurant inspections 2,310, 97% passed", "Restaurant inspections stood at 2,310, of which 97% passed"),
])
def test_english_offline_sentences(note: str, sentence: str) -> None:
    assert summary_sentence(note) == sentence


@pytest.mark.parametrize(("text", "years"), [
    ("Program registrations 18,420, up 9% on 2024", []),
    ("rose 9% from 2024", []),
    ("down 3 points from 2024 levels", []),
    ("reports from 2020 through 2025", [2020, 2025]),
    ("Revenue in 2025 $4.2M", [2025]),
])
def test_the_year_a_change_is_measured_from_is_no_period(text: str, years: list[int]) -> None:
    assert stated_years(text) == years


def test_change_on_a_base_year_is_this_years_figure() -> None:
    notes = "Parks notes 2025\n- Program registrations 18,420, up 9% on 2024\n"
    good = check_draft("Summary of 2025\n\nIn 2025 program registrations rose 9% to 18,420.", notes)
    assert all(f.status in ("verified", "derived", "approximate", "ignored") for f in good.figures), good.figures
    assert sum(f.status == "verified" for f in good.figures) == 2
    assert read_period("up 9% on 2024").year is None


@pytest.mark.parametrize(("notes", "draft", "figure", "ok"), [
    # a growth rate from a level and its change; a change from a level and its rate; last year's level from a
    # level and its change in points (real use, session 5)
    ("- 招商引资到位资金12.4亿元，比上年多了1.9亿元\n", "到位资金12.4亿元，比上年增长18.1%。", "18.1%", True),
    ("- 招商引资到位资金12.4亿元，比上年多了1.9亿元\n", "到位资金12.4亿元，比上年增长21.3%。", "21.3%", False),
    ("- 税收收入3.62亿元，同比增长4.8%\n", "税收收入3.62亿元，较上年增加约0.17亿元。", "0.17亿元", True),
    ("- 税收收入3.62亿元，同比增长4.8%\n", "税收收入3.62亿元，较上年增加约0.25亿元。", "0.25亿元", False),
    ("- 普惠性幼儿园覆盖率92.5%，比上年提高3.1个百分点\n", "覆盖率达到92.5%，较上年的89.4%提高3.1个百分点。", "89.4%", True),
    ("- 普惠性幼儿园覆盖率92.5%，比上年提高3.1个百分点\n", "覆盖率达到92.5%，较上年的88.4%提高3.1个百分点。", "88.4%", False),
])
def test_figures_worked_out_from_a_level_and_its_change(notes: str, draft: str, figure: str, ok: bool) -> None:
    checks = {f.figure.text: f.status for f in check_draft(notes, draft).figures}
    status = next(s for text, s in checks.items() if figure.startswith(text) or text in figure)
    assert (status in ("verified", "derived", "approximate")) is ok, checks


@pytest.mark.parametrize(("draft", "ok"), [
    ("Summary of 2025\nOverdose deaths dropped to 41 from 55 in 2024.", True),  # the year is the base's
    ("Summary of 2025\nIn 2025 overdose deaths were 55.", False),  # last year's value as this year's
])
def test_a_year_after_a_base_value_dates_the_base(draft: str, ok: bool) -> None:
    notes = "Results 2025\n- Overdose deaths 41, down from 55 in 2024\n"
    figs = [f for f in check_draft(notes, draft).figures if not f.figure.ignored]
    assert all(f.status in ("verified", "derived", "approximate") for f in figs) is ok, figs


@pytest.mark.parametrize(("notes", "draft", "ok"), [
    ("- Budget $18.6M, of which $4.1M state grants and $2.3M federal grants\n",
     "Grants made up about 34% of the budget.", True),
    ("- Budget $18.6M, of which $4.1M state grants and $2.3M federal grants\n",
     "Grants made up about 40% of the budget.", False),
    ("- Budget $18.6M, of which $4.1M state grants and $2.3M federal grants\n",
     "Staff made up about 34% of the budget.", False),  # the parts' own word is not named
    ("- 预算1860万元，其中省级补助410万元、中央补助230万元\n- 培训1200人\n", "补助约占预算的34.4%。", True),
    ("- 预算1860万元，其中省级补助410万元、中央补助230万元\n- 培训1200人\n", "补助约占预算的38%。", False),
])
def test_the_share_a_whole_s_listed_parts_make_up_together(notes: str, draft: str, ok: bool) -> None:
    figs = [f for f in check_draft(notes, draft).figures if not f.figure.ignored]
    assert all(f.status in ("verified", "derived", "approximate") for f in figs) is ok, figs
