"""Footnote, section and page numbers are references, not figures (issue 10, wave 5): a footnote's number at
the start of its line ("30 GAO, _Title_", "29 5 U.S.C. § 552", "6 GAO-26-107336.") and the later numbers
of a section list ("§§ 251, 557") are ignored like "13 The …" and "§ 251" already were; figures at a line
start stay figures. A page footer's number ("GAO-26-900720 … Budget Request 5") and the page numbers of
a table of contents are page numbers."""

from __future__ import annotations

import pytest

from assistant.figures import extract_figures


def _figures(text: str) -> list[str]:
    return [f.text for f in extract_figures(text) if not f.ignored]


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("questions you may have.\n\n29 5 U.S.C. § 552(a)(2).\n\n30 GAO, _Freedom of Information Act_", []),
        ("end of fiscal year 2025.\n\n16 GAO-25-107743.\n\n17 Marketing mail fell", []),
        ("about $6\nbillion per year.\n\n37 GAO-20-385.", ["6\nbillion"]),  # the span starts at the digit
        ("the U.S.” 6 U.S.C. §§ 251, 557; and more", []),
        ("18 31 U.S.C. § 3352(c).", []),
        ("12 [See the appendix]", []),
        ("4 Pub. L. No. 118-5", []),
        ("13 The agency said so.", []),
        # page numbers: a page footer after a report code, entries of a table of contents
        ("GAO-26-900720 Fiscal Year 2027 Budget Request 5\n\nfraud, waste", []),
        ("Education Staff Reductions Have Led to Decreased Oversight of\nServicers 5\n\n"
         "Recommendation for Executive Action 10\nAgency Comments and Our Evaluation 10\n", []),
        ("**Appendix I** **Briefing Slides** 6\n\n**Appendix II** **Advertising Data** 36\n", []),
        # not a contents block: one line, or words that are not a title
        ("Recommendation for Executive Action 10\n\nRevenue grew in the year.", ["10"]),
        ("Clinics opened 3\nRoads repaired 12", ["3", "12"]),
        # figures at a line start
        ("120 new staff were hired", ["120"]),
        ("3 clinics opened, 18,000 residents served", ["3", "18,000"]),
        ("$62.7 billion in financial savings", ["62.7 billion"]),
        ("1,833 new recommendations", ["1,833"]),
        ("48 percent of GAO's recommendations", ["48 percent"]),
    ],
)
def test_reference_numbers_are_not_figures(text: str, figures: list[str]) -> None:
    assert _figures(text) == figures
