"""Roles and bases of a note figure that its line or its clause gives (issue 10, wave 9).

- A note line that opens with its own plan label (``2026 targets: GDP +5%; unemployment within 5%``,
  ``明年目标：…``) makes its items targets where their own words leave the role open.
- The last change that happened (``last increase: 2.7%``, 上次调整上涨8%) is a past value, not a plan's.
- An estimate (初步统计, "estimated") is not a final figure; a plan's deadline (6月底前) is not another.
- A change against one base year (``-10.2% since end of FY2024``) is not one against another
  (``10.2 percent below the FY2026 level``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.check_ledger import Ledger
from assistant.check_reasons import note_where
from assistant.figures import Figure
from assistant.meaning import Meaning
from assistant.meaning_cues import PROGRESS_AGAINST_TARGET

__all__ = ["base_year_conflict", "clause_around", "deadline_conflict", "estimate_as_final", "inline_planned",
           "past_occurrence"]

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


_DEADLINE = re.compile(r"(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])\s?月(?:份)?(?:底|末|中旬|上旬)?(?:前|以前|之前)|"
                       r"(?P<end>年底前|年末前|年底以前|年内|全年|by (?:the )?end of (?:the )?year|by year-end)|"
                       r"(?P<half>上半年|by mid-year)|\bby (?P<en>January|February|March|April|May|June|July|August|"
                       r"September|October|November|December)\b", re.I)
_EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december")
_ZH_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11,
              "十二": 12}


_ESTIMATE = re.compile(r"估计|估算|初步统计|初步核算|\bestimated?\b|\best\.|\bpreliminary\b|\bprojected\b", re.I)
_FINAL = re.compile(r"最终|实际(?=完成|发生|支出|数|为|达到)|决算|\bfinal\b|\bactual(?:ly)?\b|\baudited\b", re.I)


def estimate_as_final(ledger: Ledger, d: Figure, note: Figure) -> bool:
    """An estimate in the notes ("estimated $186 billion", 初步统计…) stated by the draft as final or actual
    ("$186 billion in actual obligations", 最终完成)."""
    return (_ESTIMATE.search(clause_around(ledger.text, note.start, note.end)) is not None
            and _FINAL.search(clause_around(ledger.draft_text, d.start, d.end)) is not None)


def _deadline(text: str) -> int | None:
    """The month a deadline in ``text`` falls in (6月底前 → 6, 上半年 → 6, 年底前 / 年内 → 12), the last one."""
    month = None
    for m in _DEADLINE.finditer(text):
        if m.group("m"):
            g = m.group("m")
            month = int(g) if g.isdigit() else _ZH_MONTHS.get(g)
        elif m.group("end"):
            month = 12
        elif m.group("half"):
            month = 6
        elif m.group("en"):
            month = _EN_MONTHS.index(m.group("en").lower()) + 1
    return month


def _clause_after(text: str, end: int) -> str:
    """The words after a figure up to the next stop ("12 cooling centers by June"), at most 40 characters."""
    after = text[end:end + 40]
    return " " + re.split(r"[，,；;。.\n]", after, maxsplit=1)[0]


def deadline_conflict(ledger: Ledger, d: Figure, note: Figure, zh: bool) -> str | None:
    """A plan's deadline moved: the note line sets one (6月底前完成：…大树大苗13.5万株), the draft's sentence
    another (年底前栽植大树大苗13.5万株)."""
    line_start = ledger.text.rfind("\n", 0, note.start) + 1
    n_month = _deadline(ledger.text[max(line_start, note.start - 120):note.start] + _clause_after(ledger.text, note.end))
    if n_month is None:
        return None
    text = ledger.draft_text
    start = max(text.rfind(ch, 0, d.start) for ch in "。！？!?\n") + 1
    d_month = _deadline(text[max(start, d.start - 120):d.start] + _clause_after(text, d.end))
    if d_month is None or d_month == n_month:
        return None
    return (f"{note_where(note, zh)}要求{n_month}月底前完成，草稿把{d.text}写成了{d_month}月底前" if zh else
            f"{note_where(note, zh)} is due by month {n_month}, but the draft gives {d.text} a deadline of month {d_month}")
