"""The report year the user states in the chat ("年份是2025年", "the year is 2025") written into the notes.

Notes without a year draft with a visible 【年份】 / [year] and a notice asking for it; the user's answer is
a statement about the notes, never a note of its own (it must not land in the plan as "二是年份是2025年").
:func:`with_year` adds (or replaces) one metadata line "年度：2025年" / "Year: 2025", which the notes
reader takes as the report period, placed where it wins over a year the notes already state."""

from __future__ import annotations

import re

from assistant.lang import has_cjk
from assistant.notes import parse_notes

__all__ = ["with_year", "year_line"]

# a year line this module wrote earlier (replaced, so a second answer corrects the first)
_OWN_LINE = re.compile(r"^(?:年度：(?:19|20)\d\d年|Year: (?:19|20)\d\d)$")


def year_line(year: int, *, zh: bool) -> str:
    """The metadata line stating the report year."""
    return f"年度：{year}年" if zh else f"Year: {year}"


def with_year(notes_text: str, year: int) -> str:
    """``notes_text`` with the report year ``year`` stated in a metadata line: after the leading title
    line(s) when the notes state no year (a yearless title stays the title), first when they state
    another one (the first period line is the one the reader keeps). A year line added before is
    replaced; nothing else changes."""
    lines = [line for line in notes_text.split("\n") if not _OWN_LINE.match(line.strip())]
    text = "\n".join(lines)
    notes = parse_notes(text)
    line = year_line(year, zh=notes.language == "zh" or (notes.language != "en" and has_cjk(text)))
    if notes.metadata.get("period") or notes.metadata.get("plan_period"):
        return "\n".join([line, *lines])
    at = 0
    for item in notes.items:  # the leading metadata lines (the title, 单位：…)
        if item.role != "metadata":
            break
        at = max(at, item.line)
    return "\n".join([*lines[:at], line, *lines[at:]])
