"""Session 6 real use (lead): office notes typed the way a bureau or a council types them.

* A title whose plan word is 思路 / 设想 / 谋划 / 展望 / 部署 ("XX县医疗保障局2025年工作总结和2026年工作思路") is a title:
  it had been drafted as body text, the years read as 2026/2027 and every 2025 result put in the plan.
* A numbered section name over the bullets ("一、全年主要指标", "2011年主要指标") is no note and names no plan:
  指标 alone is the indicators of the notes' own part (预期指标 / 目标 are a plan).
* English headers: "Q4 goals" is a plan header (a quarter is no figure), "Wins" a results header.
"""

from __future__ import annotations

import pytest

from assistant.drafting.pipeline import draft_report, run_draft
from assistant.note_lines import header_line, read_title
from assistant.notes import parse_notes

YB = """XX县医疗保障局2025年工作总结和2026年工作思路
一、全年主要指标
- 基本医保参保人数41.2万人，参保率稳定在96%以上
- 医保基金收入9.83亿元，支出9.1亿元（上年8.7亿元）
- 追回违规基金1260万元
二、存在问题
- 基层经办人员不足，8个乡镇只有兼职
三、明年思路
- 参保率保持95%以上
- 集采药品落地品种扩到500个以上
"""


@pytest.mark.parametrize(("line", "org", "review", "plan"), [
    ("XX县医疗保障局2025年工作总结和2026年工作思路", "XX县医疗保障局", (2025, 2025), 2026),
    ("2025年工作总结及2026年工作设想", "", (2025, 2025), 2026),
    ("城关镇2024年工作回顾和2025年工作谋划", "城关镇", (2024, 2024), 2025),
    ("区文旅局2025年工作总结暨2026年工作部署", "区文旅局", (2025, 2025), 2026),
    ("2026年工作思路", "", None, 2026),
])
def test_titles_with_every_plan_word(line: str, org: str, review: tuple[int, int] | None, plan: int) -> None:
    assert read_title(line) == (org, review, plan)


@pytest.mark.parametrize(("line", "expected"), [
    ("一、全年主要指标", (None, None)),
    ("（二）基本情况", (None, None)),
    ("2011年主要指标", (None, 2011)),
    ("主要预期指标：", ("plan", None)),
    ("三、明年思路", ("plan", None)),
    ("Q4 goals", ("plan", None)),
    ("Q3 results", ("achievement", None)),
    ("Wins", ("achievement", None)),
    ("Concerns", ("problem", None)),
    ("- 推进医保支付方式改革", None),  # a bullet without a figure stays a note
    # qa6's office notes: headers people type (wave 13)
    ("Areas of concern", ("problem", None)),
    ("What didn't go well", ("problem", None)),
    ("What went well", ("achievement", None)),
    ("Next quarter", ("plan", None)),
    ("This quarter", None),
])
def test_section_names_and_headers(line: str, expected: tuple[str | None, int | None] | None) -> None:
    assert header_line(line) == expected


def test_a_bureaus_review_and_plan_notes_are_drafted_in_their_parts() -> None:
    notes = parse_notes(YB)
    text = run_draft(draft_report(notes)).to_markdown()
    title, _, body = text.partition("\n")
    assert "2025年工作总结暨2026年工作安排" in title and "XX县医疗保障局" in title
    review, _, plan = body.partition("2026年工作安排")
    for figure in ("41.2万人", "9.83亿元", "1260万元"):
        assert figure in review and figure not in plan
    for figure in ("95%以上", "500个以上"):
        assert figure in plan
    assert "全年主要指标" not in body and "工作思路" not in body  # section names and the title are no body text


@pytest.mark.parametrize(("note", "expanded"), [
    ("销售额环比-5%", "销售额环比下降5%"),  # was 环比同比下降5%: the note's own base kept, none added
    ("客流比上月+12%", "客流比上月增长12%"),
    ("利润同比-2%", "利润同比下降2%"),
    ("营收+8%", "营收同比增长8%"),
])
def test_typed_signs_keep_the_notes_own_base(note: str, expanded: str) -> None:
    from assistant.note_text import expand_terse

    assert expand_terse(note, "zh") == expanded


@pytest.mark.parametrize(("line", "org", "review"), [
    # the page's real use (a UK council's notes): an English title may be long and hold a comma, and "year-end",
    # "update", "recap" are title words; its split year is the two years it runs over
    ("Hartfield Borough Council - housing & environment, year-end 2024/25", "Hartfield Borough Council - housing & environment",
     (2024, 2025)),
    ("Northfield Borough Council – Housing Services annual report 2024/25", "Northfield Borough Council – Housing Services",
     (2024, 2025)),
    ("Parks Department 2025 recap", "Parks Department", (2025, 2025)),
])
def test_english_titles_of_offices(line: str, org: str, review: tuple[int, int]) -> None:
    assert read_title(line) == (org, review, None)


@pytest.mark.parametrize("line", [
    "GDP up 5%, jobs 2,300 in 2025",  # a figure besides the year: a note
    "Recycling rate, 2025: 47%",
    "国内生产总值增长5%，2025年",
])
def test_lines_with_figures_or_chinese_commas_are_no_titles(line: str) -> None:
    assert read_title(line) is None


SUPPORT = """Support team - Q3 2025 update
Q3 results
- tickets resolved: 18,420 (Q2: 16,900)
- first response time median 2.4h, was 3.1h
- CSAT 91% (target 90%)
- backlog down to 310 from 540
Issues
- 2 senior agents left in August
Q4 goals
- CSAT ≥ 92%
"""


def test_a_quarter_reports_offline_draft_checks_clean_against_its_own_notes() -> None:
    """The section check of a part-year report reads a start value ("fell to 310 from 540") as the part's, as the
    notes do: the support team's own offline draft had marked 540 [to verify]."""
    text = run_draft(draft_report(parse_notes(SUPPORT))).to_markdown()
    assert "third quarter of 2025" in text and "540" in text
    assert "to verify" not in text and "待核实" not in text
