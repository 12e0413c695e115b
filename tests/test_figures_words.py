"""English figures written in words (issue 10, wave 4): cardinals, scales, fractions, shares, multiples
and percentages in words are read with the value and unit their digit and Chinese twins get, and the
checker verifies or flags them against notes written in digits (and the other way round)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.check import BLOCKING, check_draft
from assistant.figures import Figure, equivalents, extract_figures


def figures(text: str) -> list[Figure]:
    return [f for f in extract_figures(text) if not f.ignored]


def only(text: str) -> Figure:
    figs = figures(text)
    assert len(figs) == 1, [(f.text, f.value, f.unit) for f in figs]
    return figs[0]


# text, figure text, value, unit, kind
@pytest.mark.parametrize(
    ("text", "fig_text", "value", "unit", "kind"),
    [
        # cardinals (two and up), with the counted noun's unit where there is one
        ("The agency hired four new inspectors.", "four", "4", "", "number"),
        ("It closed twenty-five facilities.", "twenty-five facilities", "25", "facility", "count"),
        ("one hundred employees were trained", "one hundred employees", "100", "employee", "count"),
        ("a dozen projects were delayed", "a dozen projects", "12", "项", "count"),
        ("two dozen inspectors", "two dozen", "24", "", "number"),
        # scales: "a" and fractions of a scale word
        ("a billion dollars in grants", "a billion dollars", "1000000000", "USD", "money"),
        ("a million people were served", "a million people", "1000000", "人", "count"),
        ("half a million dollars", "half a million dollars", "500000", "USD", "money"),
        ("a half million people", "a half million people", "500000", "人", "count"),
        ("a quarter of a billion dollars", "a quarter of a billion dollars", "250000000", "USD", "money"),
        ("three-quarters of a billion dollars", "three-quarters of a billion dollars", "750000000", "USD", "money"),
        ("nine-tenths of a billion", "nine-tenths of a billion", "900000000", "", "number"),
        ("one and a half billion dollars", "one and a half billion dollars", "1500000000", "USD", "money"),
        ("two and a half million people", "two and a half million people", "2500000", "人", "count"),
        ("1.5 million", "1.5 million", "1500000", "", "number"),
        # shares: N in ten as 三成 (a percent), half of as 一半 (a percent)
        ("three in ten households enrolled", "three in ten", "30", "%", "percent"),
        ("seven out of ten veterans", "seven out of ten", "70", "%", "percent"),
        ("half of the projects", "half", "50", "%", "percent"),
        ("one-half of the states", "one-half", "50", "%", "percent"),
        ("half the states reported delays", "half", "50", "%", "percent"),
        ("the backlog was cut by half", "half", "50", "%", "percent"),
        ("the share of late payments exceeds half.", "half", "50", "%", "percent"),
        # multiples as 2倍
        ("revenue was twice the 2010 level", "twice", "2", "倍", "multiple"),
        ("costs grew twice as fast", "twice", "2", "倍", "multiple"),
        ("revenue was three times the 2010 level", "three times", "3", "倍", "multiple"),
        ("one and a half times the average", "one and a half times", "1.5", "倍", "multiple"),
        # percent and points after a number word
        ("staff grew five percent", "five percent", "5", "%", "percent"),
        ("fifty per cent of claims", "fifty per cent", "50", "%", "percent"),
        ("two and a half percent", "two and a half percent", "2.5", "%", "percent"),
        ("the rate fell three percentage points", "three percentage points", "3", "pp", "percentage_point"),
        ("the error rate fell two points", "two points", "2", "pp", "percentage_point"),
        ("the rate rose half a percentage point", "half a percentage point", "0.5", "pp", "percentage_point"),
        ("a tenth of a percentage point", "a tenth of a percentage point", "0.1", "pp", "percentage_point"),
        ("three-quarters of a percent", "three-quarters of a percent", "0.75", "%", "percent"),
        ("half of one percent of claims", "half of one percent", "0.5", "%", "percent"),
    ],
)
def test_number_words(text: str, fig_text: str, value: str, unit: str, kind: str) -> None:
    f = only(text)
    assert (f.text, f.value, f.unit, f.kind) == (fig_text, Decimal(value), unit, kind)


# fractions are read as 三分之一 is: kind "fraction", value numerator / denominator
@pytest.mark.parametrize(
    ("text", "fig_text", "numer", "denom"),
    [
        ("two-thirds of the programs", "two-thirds", 2, 3),
        ("nearly two thirds of agencies", "two thirds", 2, 3),
        ("one-third of schools", "one-third", 1, 3),
        ("a third of agencies", "a third", 1, 3),
        ("a fifth of the budget", "a fifth", 1, 5),
        ("three-quarters of applicants", "three-quarters", 3, 4),
        ("a two-thirds majority", "two-thirds", 2, 3),
        ("one in five adults", "one in five", 1, 5),
        ("two out of three claims", "two out of three", 2, 3),
        ("costs increased by a third", "a third", 1, 3),
        ("claims fell by one-quarter", "one-quarter", 1, 4),
    ],
)
def test_fractions(text: str, fig_text: str, numer: int, denom: int) -> None:
    f = only(text)
    assert (f.text, f.kind, f.unit) == (fig_text, "fraction", "")
    assert f.value is not None and abs(f.value - Decimal(numer) / Decimal(denom)) < Decimal("1e-9")
    # the same percent twin as 三分之二: coarse (± 2.5 points) in a draft, exact in the notes
    (twin,) = equivalents(text, f, exact=False)
    assert twin.unit == "%" and twin.resolution == 5
    assert abs(twin.value - Decimal(100) * numer / denom) < Decimal("1e-6")  # type: ignore[operator]


@pytest.mark.parametrize(
    "text",
    [
        "one of the programs", "a new system", "a one-time payment", "the first quarter", "the second quarter",
        "in the first half of 2025", "during the second half of the year", "a third party reviewed it",
        "a fifth year of funding", "the committee met twice a year", "the Four Corners region",
        "the Big Ten conference", "one or the other", "zero defects", "millions of people", "half an hour",
        "hundreds of sites", "in the first half the year", "a quarter ended in June",
    ],
)
def test_words_that_are_not_figures(text: str) -> None:
    assert figures(text) == [], [(f.text, f.value) for f in figures(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a count of quarters or years stays a count, the fraction words are not forced
        ("over three quarters in a row", [("three", "3", "")]),
        ("two in three years", [("two", "2", "")]),
        # quarters of a year are a period
        ("in the first three quarters of 2025", []),
        ("over the last two quarters of fiscal year 2024", []),
        # sentence-initial capitalised number words are figures
        ("Four new clinics opened.", [("Four", "4", "")]),
        ("Revenue grew. Twelve programs closed.", [("Twelve", "12", "")]),
        # digits are read as before next to the words
        ("3 in 10 households, or about 30%", [("3", "3", ""), ("10 households", "10", "户"), ("30%", "30", "%")]),
    ],
)
def test_words_in_context(text: str, expected: list[tuple[str, str, str]]) -> None:
    got = [(f.text, f"{f.value.normalize():f}" if f.value is not None else "", f.unit) for f in figures(text)]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "approx"),
    [("about half of the states", "about"), ("nearly two-thirds of agencies", "nearly"),
     ("more than a third of claims", "over"), ("two-thirds of a billion dollars", "about")],
)
def test_qualifiers_before_word_figures(text: str, approx: str) -> None:
    assert only(text).approx == approx


NOTES = """FY2025 results:
- 12 new clinics opened in rural counties
- 30% of households enrolled in the program
- 67% of agencies adopted the standard
- 20% of the budget went to maintenance
- 70% of veterans received care within 30 days
- about 50% of states reported delays
- $250 million in grants to states
- $1.5 billion saved through audits
- staff grew 5% over FY2024
- error rate fell 3 percentage points
- revenue was 2 times the FY2020 level
- 500,000 people served
"""


# digit notes, a draft in words: the right value is accepted, a wrong one is flagged
@pytest.mark.parametrize(
    ("sentence", "figure", "ok"),
    [
        ("Twelve new clinics opened in rural counties.", "Twelve", True),
        ("Thirteen new clinics opened in rural counties.", "Thirteen", False),
        ("Three in ten households enrolled in the program.", "Three in ten", True),
        ("Four in ten households enrolled in the program.", "Four in ten", False),
        ("Two-thirds of agencies adopted the standard.", "Two-thirds", True),
        ("Three-quarters of agencies adopted the standard.", "Three-quarters", False),
        ("A fifth of the budget went to maintenance.", "A fifth", True),
        ("A third of the budget went to maintenance.", "A third", False),
        ("Seven in ten veterans received care within 30 days.", "Seven in ten", True),
        ("About half of states reported delays.", "half", True),
        ("A quarter of a billion dollars in grants went to states.", "A quarter of a billion dollars", True),
        ("Half a billion dollars in grants went to states.", "Half a billion dollars", False),
        ("One and a half billion dollars was saved through audits.", "One and a half billion dollars", True),
        ("Staff grew five percent over FY2024.", "five percent", True),
        ("Staff grew seven percent over FY2024.", "seven percent", False),
        ("The error rate fell three percentage points.", "three percentage points", True),
        ("The error rate fell four percentage points.", "four percentage points", False),
        ("Revenue was twice the FY2020 level.", "twice", True),
        ("Revenue was three times the FY2020 level.", "three times", False),
        ("Half a million people were served.", "Half a million people", True),
        ("The error rate was cut by a quarter.", "a quarter", False),
    ],
)
def test_checker_reads_word_figures_in_the_draft(sentence: str, figure: str, ok: bool) -> None:
    report = check_draft(NOTES, "FY2025 Results\n" + sentence)
    fc = next(fc for fc in report.figures if fc.figure.text == figure)
    assert (fc.status not in BLOCKING) == ok, fc.reason


WORD_NOTES = """FY2025 results:
- two-thirds of agencies adopted the standard
- three in ten households enrolled
- twelve new clinics opened
- a quarter of a billion dollars in grants to states
"""


# notes in words, a draft in digits
@pytest.mark.parametrize(
    ("sentence", "figure", "ok"),
    [
        ("About 67% of agencies adopted the standard.", "67%", True),
        ("30% of households enrolled.", "30%", True),
        ("40% of households enrolled.", "40%", False),
        ("12 new clinics opened.", "12", True),
        ("14 new clinics opened.", "14", False),
        ("$250 million in grants went to states.", "250 million", True),
        ("$350 million in grants went to states.", "350 million", False),
    ],
)
def test_checker_reads_word_figures_in_the_notes(sentence: str, figure: str, ok: bool) -> None:
    report = check_draft(WORD_NOTES, "FY2025 Results\n" + sentence)
    fc = next(fc for fc in report.figures if fc.figure.text == figure)
    assert (fc.status not in BLOCKING) == ok, fc.reason


# a share by which something changed: "by a third", "by half" as 增长三分之一 / 减少一半
@pytest.mark.parametrize(
    ("notes", "sentence", "figure", "ok"),
    [
        ("FY2025 results:\n- processing costs increased 33% over FY2024\n",
         "Processing costs increased by a third over FY2024.", "a third", True),
        ("FY2025 results:\n- processing costs increased 33% over FY2024\n",
         "Processing costs increased by a half over FY2024.", "a half", False),
        ("FY2025 results:\n- the claims backlog fell 50% from FY2024\n",
         "The claims backlog was cut by half from FY2024.", "half", True),
        ("FY2025 results:\n- the claims backlog fell 25% from FY2024\n",
         "The claims backlog was cut by half from FY2024.", "half", False),
    ],
)
def test_checker_reads_a_change_by_a_share(notes: str, sentence: str, figure: str, ok: bool) -> None:
    report = check_draft(notes, "FY2025 Results\n" + sentence)
    fc = next(fc for fc in report.figures if fc.figure.text == figure)
    assert (fc.status not in BLOCKING) == ok, fc.reason


@pytest.mark.parametrize(
    ("notes", "draft", "figure", "ok"),
    [
        ("2025年工作总结\n- 三分之一的村完成改造\n", "一、2025年工作回顾\n三分之一的村完成改造。", "三分之一", True),
        ("2025年工作总结\n- 30%的农户参加合作社\n", "一、2025年工作回顾\n三成农户参加合作社。", "三成", True),
        ("2025年工作总结\n- 30%的农户参加合作社\n", "一、2025年工作回顾\n四成农户参加合作社。", "四成", False),
        ("2025年工作总结\n- 收入增长80%\n", "一、2025年工作回顾\n收入增长0.8倍。", "0.8倍", True),
    ],
)
def test_chinese_forms_are_unchanged(notes: str, draft: str, figure: str, ok: bool) -> None:
    fc = next(fc for fc in check_draft(notes, draft).figures if fc.figure.text == figure)
    assert (fc.status not in BLOCKING) == ok, fc.reason
