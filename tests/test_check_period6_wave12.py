"""Periods as offices write them, read the same way in the notes and the draft (issue 10, wave 12).

- A split fiscal / school / season year (2024/25, 2024/2025, FY2024-25, FY24/25, 2024-25, 2024—2025学年,
  2024-2025赛季, 2024/25年度) is ONE period, read as the year it ends, in titles, headers and lines: its
  second part is never a figure, and a faithful draft that names the year the same way is accepted.
- Quarters and halves in office notes (Q3 2025, 2025 Q3, 3Q25, Q3 FY2025, H1 2025, 1H25, first half of 2025)
  give the notes their year and part; a ``Q4 goals:`` line is a plan header.
- A figure's own period words beside it ("the 16,900 in Q2", "(Q2: 16,900)", "356 the year before") beat the
  sentence's or the section's period; the errors (a Q2 figure stated as Q3's, 2023/24's value stated as
  2024/25's, a 2025/26 target stated as achieved in 2024/25) are still flagged."""

from __future__ import annotations

import pytest
from support import ACCEPTING, status_of

from assistant.check import BLOCKING
from assistant.facts import Fact, build_facts
from assistant.notes import parse_notes
from assistant.periods import canon_periods, read_period, split_years

UK = ("Hartfield Borough Council - housing & environment, year-end 2024/25\n\n"
      "- 412 affordable homes completed (target 380)\n- household recycling rate 47.2%, up from 44.8% in 2023/24\n"
      "- 1,250 fly-tipping incidents cleared\n\nLooking ahead (2025/26):\n- deliver 450 affordable homes\n"
      "- recycling rate to 50%\n")
SHIRE = ("Shire of Eastvale - FY2024-25 annual notes\n- 38 km of rural roads resealed\n- 2,140 library members\n"
         "FY2025-26 priorities:\n- reseal 45 km of rural roads\n")
TRUST = "Riverside Trust notes FY24/25\n- 96 volunteers trained\n- 1,830 visitors to the reserve\n"
SCHOOL_ZH = ("实验中学2024—2025学年工作总结（笔记）\n- 招收新生620人\n- 本科上线率87.5%\n"
             "2025—2026学年计划：\n- 招生650人\n")
CLUB_ZH = "市足球队2024-2025赛季总结笔记\n- 主场观众18.6万人次\n- 青训球员46名\n"
FUND_ZH = "区文化基金2024/25年度工作要点\n- 资助项目37个\n- 资助金额860万元\n"
SUPPORT = ("Support team - Q3 2025 update\n\n- resolved 18,420 tickets in Q3 (Q2: 16,900)\n"
           "- first response time 2.4 hours\n- customer satisfaction 91%\n\nQ4 goals:\n"
           "- cut first response time to 2 hours\n- satisfaction 93%\n")
SALES = "Sales desk - 3Q25 notes\n- 214 new accounts\n- churn 3.1%\n"
HALF = "Warehouse - 1H25 notes\n- 5,600 orders shipped\n- 12 late deliveries\nH2 goals:\n- ship 6,000 orders\n"


def _fact(notes: str, text: str) -> Fact:
    facts = [f for f in build_facts(parse_notes(notes)) if f.text == text]
    assert facts, [f.text for f in build_facts(parse_notes(notes))]
    return facts[0]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("year-end 2024/25", 2025), ("Looking ahead (2025/26)", 2026), ("FY2024-25 results", 2025),
        ("FY24/25", 2025), ("in 2024-25", 2025), ("2024/2025", 2025), ("2024—2025学年", 2025),
        ("2024-2025赛季", 2025), ("2024/25年度", 2025), ("fiscal year 2024-2025", 2025),
        ("the 2024-2025 school year", 2025), ("up from 44.8% in 2023/24.", 2024),
    ],
)
def test_split_year_is_one_year_the_one_it_ends(text: str, year: int) -> None:
    assert [y for _, _, y in split_years(text)] == [year]
    p = read_period(text)
    assert (p.year, p.cumulative) == (year, False)


@pytest.mark.parametrize("text", ["2022-2024", "FY2022-2024", "2024-2025", "FY2023-2024", "2024/26", "3/25 of"])
def test_spans_and_ratios_are_no_split_year(text: str) -> None:
    assert split_years(text) == []


@pytest.mark.parametrize(
    ("text", "year", "part"),
    [
        ("Q3 2025", 2025, "q3"), ("2025 Q3", 2025, "q3"), ("3Q25 sales", 2025, "q3"), ("Q3 FY2025", 2025, "q3"),
        ("H1 2025", 2025, "h1"), ("1H25", 2025, "h1"), ("first half of 2025", 2025, "h1"),
        ("18,420 in Q3, 9% more than the 16,900 in Q2", None, "q2"),
        ("in Q3 (Q2: 16,900", None, "q2"), ("上半年完成…下半年为", None, "h2"),
        ("FY25 budget", 2025, ""),
    ],
)
def test_quarters_and_halves_as_offices_write_them(text: str, year: int | None, part: str) -> None:
    p = read_period(text)
    assert (p.year, p.part) == (year, part), canon_periods(text)


@pytest.mark.parametrize(
    ("notes", "figure", "year", "part", "role"),
    [
        (UK, "412", 2025, "", "achieved"), (UK, "47.2%", 2025, "", "achieved"), (UK, "44.8%", 2024, "", "baseline"),
        (UK, "450", 2026, "", "target"), (UK, "50%", 2026, "", "target"),
        (SHIRE, "38 km", 2025, "", "achieved"), (SHIRE, "45 km", 2026, "", "target"),
        (TRUST, "96", 2025, "", "achieved"),
        (SCHOOL_ZH, "620人", 2025, "", "achieved"), (SCHOOL_ZH, "650人", 2026, "", "target"),
        (CLUB_ZH, "18.6万人次", 2025, "", "achieved"), (FUND_ZH, "37个", 2025, "", "achieved"),
        (SUPPORT, "18,420", 2025, "q3", "achieved"), (SUPPORT, "16,900", 2025, "q2", "achieved"),
        (SUPPORT, "2 hours", 2025, "q4", "target"), (SUPPORT, "93%", 2025, "q4", "target"),
        (SALES, "214", 2025, "", "achieved"), (HALF, "5,600", 2025, "", "achieved"),
        (HALF, "6,000", 2025, "h2", "target"),
    ],
)
def test_fact_periods_of_office_notes(notes: str, figure: str, year: int, part: str, role: str) -> None:
    fact = _fact(notes, figure)
    assert (fact.period.year, fact.period.part, fact.role) == (year, part, role)


@pytest.mark.parametrize(
    "title",
    ["Support team - Q3 2025 update", "Support team - 2025 Q3 update", "Support - Q3 FY2025 notes",
     "Support team - 3Q25 notes", "Warehouse notes - first half of 2025", "Ops notes - Sept 2025",
     "Ops report for the month of October 2025", "Q3 2025 support notes", "客服部2025年三季度工作笔记"],
)
def test_office_titles_give_the_year_and_a_quarter_header_its_plan(title: str) -> None:
    notes = title + "\n\n- resolved 1,842 tickets\n\nQ4 goals:\n- resolve 2,000 tickets\n"
    done, goal = _fact(notes, "1,842"), _fact(notes, "2,000")
    assert (done.period.year, done.role) == (2025, "achieved")
    assert (goal.period.year, goal.period.part, goal.role) == (2025, "q4", "target")


@pytest.mark.parametrize(("notes", "stray"), [(UK, {"25", "26", "24"}), (SHIRE, {"25", "26"}), (TRUST, {"25"}),
                                              (SCHOOL_ZH, {"2025"}), (FUND_ZH, {"25"}), (SALES, {"3", "25"}),
                                              (HALF, {"1", "25", "2"})])
def test_period_digits_are_no_facts(notes: str, stray: set[str]) -> None:
    assert not stray & {f.text for f in build_facts(parse_notes(notes))}


LIBRARY = "Library notes 2025\n- 412 events held (2024: 356)\n- visits 421,000, up from 389,500 in 2024\n"
BACKLOG = "Help desk - Q3 2025 notes\n- open backlog 310 at end of Q3, 540 at start of quarter\n"
STREET_ZH = "街道2025年工作笔记\n- 办结率96%，去年同期91%\n- 调解纠纷88起，比上年的72起增加16起\n"
STREET_Q_ZH = "街道2025年三季度工作笔记\n- 受理诉求1260件，上季度为1100件\n- 调解纠纷88起，比上年的72起增加16起\n"


@pytest.mark.parametrize(
    ("notes", "figure", "year"),
    [(LIBRARY, "356", 2024), (LIBRARY, "389,500", 2024), (LIBRARY, "421,000", 2025), (STREET_ZH, "91%", 2024),
     (STREET_ZH, "96%", 2025), (STREET_ZH, "72起", 2024), (STREET_ZH, "88起", 2025), (STREET_ZH, "16起", 2025)],
)
def test_year_words_right_before_a_note_figure_are_its_own(notes: str, figure: str, year: int) -> None:
    assert _fact(notes, figure).period.year == year


UK_DRAFT = ("Summary of 2024/25 and Plan for 2025/26\n\nSummary of 2024/25\n"
            "In 2024/25 the council completed 412 affordable homes against a target of 380. The household "
            "recycling rate reached 47.2%, up from 44.8% in 2023/24. 1,250 fly-tipping incidents were cleared.\n\n"
            "Plan for 2025/26\nIn 2025/26 we will deliver 450 affordable homes and raise the recycling rate to 50%.\n")
SUPPORT_DRAFT = ("Q3 2025 Update\n\nThe team resolved 18,420 tickets in Q3, about 9% more than the 16,900 in Q2. "
                 "First response time was 2.4 hours and customer satisfaction 91%.\n\nQ4 Plan\n"
                 "In Q4 we aim to cut first response time to 2 hours and lift satisfaction to 93%.\n")


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        (UK, UK_DRAFT, "412"), (UK, UK_DRAFT, "380"), (UK, UK_DRAFT, "47.2%"), (UK, UK_DRAFT, "44.8%"),
        (UK, UK_DRAFT, "1,250"), (UK, UK_DRAFT, "450"), (UK, UK_DRAFT, "50%"),
        (SHIRE, "FY2024-25 Annual Summary\nIn FY2024-25 the shire resealed 38 km of rural roads and had 2,140 "
                "library members.\n\nFY2025-26 Priorities\nWe will reseal 45 km of rural roads.", "38 km"),
        (SHIRE, "FY2024-25 Annual Summary\nIn FY2024-25 the shire resealed 38 km of rural roads.\n\n"
                "FY2025-26 Priorities\nWe will reseal 45 km of rural roads.", "45 km"),
        (TRUST, "Riverside Trust: 2024/25 in review\nThe trust trained 96 volunteers and welcomed 1,830 visitors "
                "in 2024-25.", "1,830"),
        (SCHOOL_ZH, "实验中学2024—2025学年工作总结和2025—2026学年工作计划\n一、2024—2025学年工作总结\n"
                    "本学年招收新生620人，本科上线率87.5%。\n二、2025—2026学年工作计划\n计划招生650人。", "620人"),
        (SCHOOL_ZH, "实验中学2024—2025学年工作总结和2025—2026学年工作计划\n一、2024—2025学年工作总结\n"
                    "本学年招收新生620人。\n二、2025—2026学年工作计划\n计划招生650人。", "650人"),
        (CLUB_ZH, "市足球队2024-2025赛季工作总结\n本赛季主场观众18.6万人次，培养青训球员46名。", "18.6万人次"),
        (FUND_ZH, "区文化基金2024/25年度工作总结\n全年资助项目37个，资助金额860万元。", "860万元"),
        (SUPPORT, SUPPORT_DRAFT, "18,420"), (SUPPORT, SUPPORT_DRAFT, "16,900"), (SUPPORT, SUPPORT_DRAFT, "2 hours"),
        (SUPPORT, SUPPORT_DRAFT, "93%"),
        (SALES, "3Q25 Sales Summary\nIn Q3 2025 the desk opened 214 new accounts; churn was 3.1%.", "214"),
        (HALF, "H1 2025 Warehouse Summary\nIn the first half of 2025 we shipped 5,600 orders.", "5,600"),
        # a figure's own period words beside it beat the sentence's and the section's
        (LIBRARY, "Summary of 2025\nThe library held 412 events, compared with 356 the year before.", "356"),
        (LIBRARY, "Summary of 2025\nThe library held 412 events in 2025, up from 356 in 2024.", "356"),
        (LIBRARY, "Summary of 2025\nVisits reached 421,000, up from 389,500 in 2024.", "389,500"),
        (BACKLOG, "Q3 2025 Update\nThe open backlog fell to 310 at the end of Q3 from 540 at the start of the quarter.",
         "540"),
        (STREET_Q_ZH, "2025年三季度工作总结\n本季度受理诉求1260件，上季度为1100件。", "1100件"),
        (STREET_ZH, "2025年工作总结\n办结率96%，去年同期为91%。", "91%"),
        (STREET_ZH, "2025年工作总结\n调解纠纷88起，比上年的72起增加16起。", "72起"),
        (STREET_Q_ZH, "2025年三季度工作总结\n三季度调解纠纷88起，比上年同期的72起增加16起。", "72起"),
    ],
)
def test_faithful_drafts_with_office_periods_accepted(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in ACCEPTING, (fc.status, fc.reason)


@pytest.mark.parametrize(
    ("notes", "draft", "figure"),
    [
        # a Q2 figure stated as Q3's
        (SUPPORT, "Q3 2025 Update\nThe team resolved 16,900 tickets in Q3.", "16,900"),
        (SUPPORT, "Q3 2025 Update\nThe team resolved 18,420 tickets in Q3, up from 16,900 in Q3 last year.",
         "16,900"),
        # 2023/24's value stated as 2024/25's
        (UK, "Summary of 2024/25\nIn 2024/25 the household recycling rate reached 44.8%.", "44.8%"),
        # a 2025/26 target stated as achieved in 2024/25
        (UK, "Summary of 2024/25\nIn 2024/25 the council completed 450 affordable homes.", "450"),
        (SHIRE, "FY2024-25 Annual Summary\nIn FY2024-25 the shire resealed 45 km of rural roads.", "45 km"),
        (SCHOOL_ZH, "实验中学2024—2025学年工作总结\n本学年招收新生650人。", "650人"),
        # last year's / last quarter's value stated as this period's
        (LIBRARY, "Summary of 2025\nThe library held 356 events.", "356"),
        (LIBRARY, "Summary of 2025\nVisits reached 389,500.", "389,500"),
        (BACKLOG, "Q3 2025 Update\nThe open backlog stood at 540 at the end of Q3.", "540"),
        (STREET_Q_ZH, "2025年三季度工作总结\n本季度受理诉求1100件。", "1100件"),
        (STREET_ZH, "2025年工作总结\n办结率91%。", "91%"),
        (STREET_ZH, "2025年工作总结\n调解纠纷72起。", "72起"),
        (STREET_Q_ZH, "2025年三季度工作总结\n三季度调解纠纷72起。", "72起"),
        # a quarter's target stated as done
        (SUPPORT, "Q3 2025 Update\nCustomer satisfaction reached 93% in Q3.", "93%"),
    ],
)
def test_period_errors_still_flagged(notes: str, draft: str, figure: str) -> None:
    fc = status_of(notes, draft, figure)
    assert fc.status in BLOCKING, (fc.status, fc.reason)
