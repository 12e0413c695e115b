"""Ranges (issue 10): a range the draft states is one range of the notes, both ends together.

"between $233 billion and $251 billion", "X to Y", "X—Y", "在X至Y之间": each end may match a note figure
on its own, yet when the notes give ranges ("$132B-$251B … $233B-$521B a year") a draft range that takes
its low end from one and its high end from another states a range the notes never give. :func:`range_check`
blocks both ends of such a range (a ``mismatch`` naming the note range of the first end). Ends
from one note line, or note values that are no range ends at all, are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from assistant.check_types import FigureCheck
from assistant.figures import Figure

__all__ = ["range_check", "range_partner"]

#: What joins the two ends of a note range ("$132B-$251B", "132 to 251", "8至10万", "3~5").
_NOTE_JOIN = re.compile(r"(?<!\s)\s*+(?:-|–|—|~|～|to|至|到)\s*+[$¥￥€]?")
#: What joins the two ends of a draft range, and what must come before its first end for "and" / "to".
_DRAFT_DASH = re.compile(r"(?<!\s)\s*+(?:-|–|—|~|～|至)\s*+[$¥￥€]?")
_DRAFT_AND = re.compile(r"(?<!\s)\s*+(?:and|to)\s++[$¥￥€]?", re.I)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s++[$¥￥€]?$", re.I)
_FROM_BEFORE = re.compile(r"(?:\bfrom\s++|由|从)[$¥￥€]?$", re.I)
_ACCEPTED = ("verified", "approximate")


def range_partner(notes: str, figs: Sequence[Figure], f: Figure) -> Figure | None:
    """The other end of the note range ``f`` is an end of ("$233B-$521B": 521B for 233B), or None."""
    for g in figs:
        if g is f or g.line != f.line or g.unit != f.unit:
            continue
        first, second = (f, g) if f.start < g.start else (g, f)
        if first.end <= second.start and _NOTE_JOIN.fullmatch(notes, first.end, second.start):
            return g
    return None


def _draft_range(draft: str, a: Figure, b: Figure) -> bool:
    """Draft figures ``a`` and ``b`` (in order) are the ends of one range."""
    if a.end > b.start:
        return False
    before = draft[max(0, a.start - 12):a.start]
    if _DRAFT_DASH.fullmatch(draft, a.end, b.start):
        return not _FROM_BEFORE.search(before)  # 由X至Y is a change, not a range
    if _DRAFT_AND.fullmatch(draft, a.end, b.start):
        return bool(_BETWEEN_BEFORE.search(before))
    return False


def range_check(results: list[FigureCheck], notes: str, note_figs: Sequence[Figure], draft: str,
                zh: bool) -> list[FigureCheck]:
    """``results`` with both ends of each draft range whose ends come from two note lines, one of them
    a note range's end, blocked."""
    out = list(results)
    live = [k for k, fc in enumerate(out) if not fc.figure.ignored and fc.figure.value is not None]
    for k1, k2 in pairwise(live):
        a, b = out[k1], out[k2]
        if (a.status not in _ACCEPTED and b.status not in _ACCEPTED) or a.note is None or b.note is None:
            continue  # (one end already flagged for another reason: the other end is blocked with it)
        if a.note.line == b.note.line or not _draft_range(draft, a.figure, b.figure):
            continue
        own = range_partner(notes, note_figs, a.note)
        if own is None and range_partner(notes, note_figs, b.note) is None:
            continue  # two note values that are no range ends: a range the draft may state
        n = a.note
        if own is None:
            span = n.text
        else:
            low, high = (n, own) if n.start < own.start else (own, n)
            span = f"{low.text}—{high.text}"
        reason = (f"草稿的区间{a.figure.text}至{b.figure.text}两端取自笔记不同的行：笔记第{n.line}行给出的区间是{span}，"
                  f"{b.figure.text}是笔记第{b.note.line}行的数" if zh else
                  f"the draft's range {a.figure.text} to {b.figure.text} takes its ends from two note lines: notes "
                  f"line {n.line} gives {span}, and {b.figure.text} is from line {b.note.line}")
        if a.status in _ACCEPTED:  # the range is one statement: both ends
            out[k1] = replace(a, status="mismatch", reason=reason, note=n)
        if b.status in _ACCEPTED:
            out[k2] = replace(b, status="mismatch", reason=reason, note=own or n)
    return out
