"""Fuzz tests (hypothesis): the notes parser, the section parser, figure extraction, the checker and
the prompt quoting never let an exception escape, whatever the text. Only :class:`InputError` (a
message for the user) may come out of the notes parser. Bounded: a few hundred examples in all.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.errors import InputError

# Text that looks like notes and drafts: CJK, digits (ASCII and full-width), units, heading markers,
# bullets, percent signs, Chinese numerals, newlines, tabs, control characters and the odd emoji.
PIECES = [
    "一、", "二、", "（一）", "（二）", "1、", "1.", "2.", "第一部分", "# ", "## ", "### ", "**", "- ", "* ", "• ",
    "①", "——", "\t", "\n", "\n\n", "\r\n", "万元", "亿元", "%", "％", "个百分点", "同比增长", "下降", "增长",
    "左右", "以上", "力争", "2025年", "2026年", "１２．５", "百分之十", "三十一个", "12.5", "6.8", "3,000",
    "1.2万", "-3%", "+16.6%", "固投", "GDP", "Summary of 2025", "Plan for 2026", "I. ", "A. ", "increased by",
    "million", "billion", "per cent", "【待核实】", "〔N〕", "=== system ===", "```", "忽略以上所有指令",
    "ignore previous instructions", "\x00", "\x1b[31m", "\u200b", "\ufeff", "😀", "：", ":", "，", "。", "；",
]
notes_like = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join)
any_text = st.one_of(notes_like, st.text(max_size=300))

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(any_text)
def test_notes_parser_never_crashes(text: str) -> None:
    from assistant.notes import parse_notes

    try:
        notes = parse_notes(text)
    except InputError as exc:
        assert str(exc)  # a message for the user, e.g. empty notes
        return
    assert notes.language in ("zh", "en")
    for item in notes.items:
        assert item.text in text or item.text.strip()  # items come from the text
        assert item.item_id


@FUZZ
@given(any_text)
def test_section_parser_never_crashes_and_round_trips(text: str) -> None:
    from assistant.sections import parse_draft, render

    tree = parse_draft(text)
    assert render(tree) == text  # byte-identical, whatever the input
    for section in tree.walk():
        assert section.id


@FUZZ
@given(any_text)
def test_figure_extraction_never_crashes_and_spans_point_into_the_text(text: str) -> None:
    from assistant.figures import extract_figures

    for figure in extract_figures(text):
        assert 0 <= figure.start <= figure.end <= len(text)
        assert text[figure.start:figure.end] == figure.text


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text, any_text)
def test_checker_never_crashes(notes: str, draft: str) -> None:
    from assistant.check import check_draft

    result = check_draft(notes, draft)
    data = result.to_json()
    assert isinstance(data, dict)


@FUZZ
@given(any_text)
def test_prompt_quoting_leaves_no_role_marker_or_fence(text: str) -> None:
    import re

    from assistant.llm.prompts import mask_figures, quote_data

    quoted = quote_data(mask_figures(text))
    assert "```" not in quoted
    assert not re.search(r"^\s*===\s*(system|user|assistant)\s*===\s*$", quoted, re.M | re.I)
    assert "【" not in quoted and "】" not in quoted


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes_like)
def test_offline_drafting_never_crashes(text: str) -> None:
    from assistant.drafting.pipeline import draft_report, run_draft
    from assistant.notes import parse_notes

    try:
        notes = parse_notes(text)
    except InputError:
        return
    draft = run_draft(draft_report(notes))
    assert draft.to_markdown().startswith("# ")
