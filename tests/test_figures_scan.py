"""The figure scanner resumes where the last figure ended: a regex match that began inside a figure
already read ("62 billion" then the word run "billion\n- two") never hides the figure after it."""

from __future__ import annotations

import pytest

from assistant.check import check_draft
from assistant.figures import extract_figures


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("- benefits about $62.7 billion\n- two-thirds of recommendations implemented", ["62.7 billion", "two-thirds"]),
        ("$62 billion and 7 billion two-thirds of x", ["62 billion", "7 billion", "two-thirds"]),
        ("- 5 million\n- three new offices", ["5 million", "three new offices"]),
        ("- 收入62亿元\n- 三分之一的项目", ["62亿元", "三分之一"]),
        ("社零123.4亿元，增长12.1%", ["123.4亿元", "12.1%"]),
    ],
)
def test_no_figure_is_hidden_by_the_one_before(text: str, figures: list[str]) -> None:
    found = [f.text for f in extract_figures(text) if not f.ignored]
    for want in figures:
        assert any(want.startswith(t) or t.startswith(want) for t in found), (want, found)


def test_an_offline_sentence_quoting_the_notes_fraction_verifies() -> None:
    notes = "GAO FY2025 results\n- financial benefits about $62.7 billion\n- two-thirds of recommendations implemented\n"
    result = check_draft(notes, "In 2025, two-thirds of recommendations were implemented.")
    statuses = {c.figure.text: c.status for c in result.figures}
    assert statuses["two-thirds"] == "verified", statuses
