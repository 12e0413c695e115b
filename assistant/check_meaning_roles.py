"""Roles and bases of a note figure that its line or its clause gives (issue 10, wave 9).

- A note line that opens with its own plan label (``2026 targets: GDP +5%; unemployment within 5%``,
  ``明年目标：…``) makes its items targets where their own words leave the role open.
- The last change that happened (``last increase: 2.7%``, 上次调整上涨8%) is a past value, not a plan's.
- A change against one base year (``-10.2% since end of FY2024``) is not one against another
  (``10.2 percent below the FY2026 level``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.check_ledger import Ledger
from assistant.figures import Figure
from assistant.meaning import Meaning
from assistant.meaning_cues import PROGRESS_AGAINST_TARGET

__all__ = ["base_year_conflict", "clause_around", "inline_planned", "past_occurrence"]

_PLANNED = ("target", "forecast")


def clause_around(text: str, start: int, end: int) -> str:
    """The words of a figure's clause on both sides of it, up to a stop or a line break (40 characters each)."""
    left = text[max(0, start - 40):start]
    right = text[end:end + 40]
    left = re.split(r"[。；;\n！？!?]|\.\s", left)[-1]
    right = re.split(r"[。；;\n！？!?]|\.\s", right)[0]
    return left + " " + right


# a line that opens with its own plan label (2026 targets: GDP +5%; unemployment within 5%): every item after it
_INLINE_PLAN = re.compile(r"[\s\-*•]*+[^:：\n]{0,30}?(?:\btargets?|\bgoals?|\bplans?|目标|预期目标|计划)\s*+[:：]", re.I)


def inline_planned(ledger: Ledger, idx: int) -> Meaning:
    """The note figure's meaning, with the role of the plan label its line opens with (2026 targets: …;
    明年目标：…) where its own words leave the role open and the notes classify it as planned."""
    nm, note = ledger.meanings[idx], ledger.figs[idx]
    role = ledger.item_roles[idx]
    if nm.role is not None or role not in _PLANNED:
        return nm
    line_start = ledger.text.rfind("\n", 0, note.start) + 1
    label = _INLINE_PLAN.match(ledger.text, line_start, note.start)
    if label is None or PROGRESS_AGAINST_TARGET.search(label.group()):
        return nm
    return replace(nm, role="forecast" if role == "forecast" else "target")


# "last increase: 2.7%", 上次调整提高3%: the most recent change that has happened, an earlier one than the notes' own
_PAST_ONE = re.compile(r"\b(?:last|previous|prior|most recent)\s(?:[a-z-]{2,20}\s){0,2}?(?:increase|raise|rise|hike|cut|"
                       r"decrease|reduction|adjustment|change)s?\b|上次|上一次|前次|上一轮|上轮", re.I)


def past_occurrence(ledger: Ledger, d: Figure, note: Figure) -> bool:
    """The note figure is the value of the last change that happened (last increase: 2.7%), and the draft's
    clause has no such word of its own (The FY2027 request increases … by 2.7 percent)."""
    return (_PAST_ONE.search(clause_around(ledger.text, note.start, note.end)) is not None
            and _PAST_ONE.search(clause_around(ledger.draft_text, d.start, d.end)) is None)


def base_year_conflict(dm: Meaning, nm: Meaning) -> bool:
    """Both state the year a change is measured against (比2010年, since FY2024, below the FY2026 level), and
    the years differ."""
    return (dm.base is not None and nm.base is not None and dm.base.startswith("since:")
            and nm.base.startswith("since:") and dm.base != nm.base and dm.order is None and nm.order is None)
