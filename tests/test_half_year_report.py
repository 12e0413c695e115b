"""A half-year report (上半年工作总结和下半年打算 / "first half 2025 notes"): found from real use in session 5,
where such notes were drafted as 2025年工作总结暨2026年工作安排 with the 下半年打算 items listed as problems,
上半年情况 written as body text and 全年完成 put before half-year figures."""

from __future__ import annotations

import pytest

from assistant.check import check_draft
from assistant.drafting.pipeline import draft_report, run_draft
from assistant.meaning_doc import part_of_titles
from assistant.note_lines import header_line
from assistant.notes import note_years, parse_notes
from assistant.outline import make_outline

ZH = """县商务局2025年上半年工作总结和下半年打算

上半年情况
1-6月社零总额48.6亿元，同比+5.2%
限上企业新增9家，总数达到126家
电商网络零售额5.7亿元，增长18.3%

问题
县城商业综合体空置率偏高，约两成

下半年打算
全年社零力争增长6%
新增限上企业8家以上
"""

EN = """Riverside Library - first half 2025 notes
First half results:
- Visits 212,400, up 6.1% year on year
- New library cards 3,950
Problems:
- Two branches short of staff
Second half plans:
- open the Eastside branch in September
- reach 8,000 new cards for the full year
"""


@pytest.mark.parametrize(("line", "role"), [
    ("上半年情况", "achievement"),
    ("上半年完成情况：", "achievement"),
    ("下半年打算", "plan"),
    ("下半年工作计划：", "plan"),
    ("二季度打算", "plan"),
    ("First half results", "achievement"),
    ("Second half plans:", "plan"),
    ("存在问题", "problem"),
    ("明年打算", "plan"),
])
def test_half_year_headers_set_their_role(line: str, role: str) -> None:
    got = header_line(line)
    assert got is not None and got[0] == role


@pytest.mark.parametrize(("notes", "org", "title", "parts"), [
    (ZH, "县商务局", "县商务局2025年上半年工作总结暨2025年下半年工作安排",
     ["2025年上半年工作总结", "2025年下半年工作安排"]),
    (EN, "Riverside Library", "Riverside Library: Summary of the first half of 2025 and Plan for the second half of 2025",
     ["Summary of the first half of 2025", "Plan for the second half of 2025"]),
])
def test_a_half_year_report_is_titled_and_parted_by_its_halves(notes: str, org: str, title: str,
                                                               parts: list[str]) -> None:
    parsed = parse_notes(notes)
    assert parsed.metadata.get("half") == "1" and parsed.metadata.get("organisation") == org
    assert note_years(parsed) == (2025, 2025)  # the plan is for the rest of the same year
    outline = make_outline(parsed)
    assert outline.title == title
    tops = [s.title for s in outline.sections]
    assert tops[0] == parts[0] and tops[-1] == parts[-1]


def test_an_annual_title_stays_annual() -> None:
    parsed = parse_notes("县商务局2025年工作总结和明年打算\n全年社零总额98.6亿元\n")
    assert "half" not in parsed.metadata and note_years(parsed) == (2025, 2026)


def test_offline_half_year_draft_places_the_plan_and_keeps_the_period() -> None:
    draft = run_draft(draft_report(parse_notes(ZH)))
    text = draft.to_markdown()
    review, _, plan = text.rpartition("2025年下半年工作安排")
    assert "全年完成" not in review and "上半年情况" not in text
    assert "新增限上企业8家以上" in plan and "8家" not in review
    assert "空置率" not in plan
    assert all(s.unverified == 0 for s in draft.sections)


@pytest.mark.parametrize(("sentence", "ok"), [
    ("限上企业新增9家，总数达到126家。", True),
    ("上半年完成电商网络零售额5.7亿元，增长18.3%。", True),
    ("全年完成电商网络零售额5.7亿元。", False),  # a half's figure stated for the whole year
    ("全年限上企业新增9家。", False),
])
def test_a_section_of_a_half_year_report_speaks_of_the_half(sentence: str, ok: bool) -> None:
    part = part_of_titles(["一、2025年上半年工作总结", "（一）经济运行"])
    result = check_draft(ZH, sentence, part=part)
    statuses = {f.figure.text: f.status for f in result.figures if not f.figure.ignored}
    accepted = all(s in ("verified", "derived", "approximate") for s in statuses.values())
    assert accepted is ok, statuses
