"""Roles and bases of a note figure that its line or its clause gives (issue 10, wave 9).

- A note line that opens with its own plan label (``2026 targets: GDP +5%; unemployment within 5%``,
  ``明年目标：…``) makes its items targets where their own words leave the role open.
- The last change that happened (``last increase: 2.7%``, 上次调整上涨8%) is a past value, not a plan's.
- An estimate (初步统计, "estimated") is not a final figure; a plan's deadline (6月底前) is not another.
- A change against one base year (``-10.2% since end of FY2024``) is not one against another
  (``10.2 percent below the FY2026 level``).
- (wave 10) Notes titled with a later year's work (2027年重点工作, 主要任务, 工作要点, "Priorities for FY2027",
  "FY2028 request") list that year's tasks: stated as done in the review of an earlier year, a target is
  stated as achieved (:func:`later_work_as_done`). In the plan part, a result the notes give while they give
  the same indicator a target of its own is a result written as the target (since wave 12 read in
  :mod:`assistant.check_meaning_target`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from assistant.check_ledger import Ledger
from assistant.check_reasons import note_where
from assistant.errors import AssistantError
from assistant.figures import Figure
from assistant.meaning import Meaning
from assistant.meaning_cues import PROGRESS_AGAINST_TARGET
from assistant.note_lines import YEAR_TOKEN, strip_marker, work_year, year_token_span
from assistant.notes import parse_notes

__all__ = ["base_year_conflict", "clause_around", "deadline_conflict", "estimate_as_final", "inline_planned",
           "later_work_as_done", "notes_work_year", "past_occurrence", "plan_qualified", "review_heading_year",
           "start_level_as_current", "work_moved_later"]

_PLANNED = ("target", "forecast")
_PLANNED_ROLES = _PLANNED
# words that make a figure a goal (城镇化率达63%左右, 力争, 确保, "around", "at least"): no result is stated so
_PLAN_QUALIFIER = re.compile(r"左右|力争|确保|争取|目标|预期|\baround\b|\bat least\b|\btargets?\b|\bgoals?\b", re.I)


def clause_around(text: str, start: int, end: int) -> str:
    """The words of a figure's clause on both sides of it, up to a stop or a line break (40 characters each)."""
    left = text[max(0, start - 40):start]
    right = text[end:end + 40]
    left = re.split(r"[。；;\n！？!?]|\.\s", left)[-1]
    right = re.split(r"[。；;\n！？!?]|\.\s", right)[0]
    return left + " " + right


# a line that opens with its own plan label (2026 targets: GDP +5%; unemployment within 5%): every item after it
_INLINE_PLAN = re.compile(r"(?<![ \t\-*•])[ \t\-*•]*+[^:：\n]{0,30}?(?:\btargets?|\bgoals?|\bplans?|目标|预期目标|计划)\s*+[:：]", re.I)


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


# a value still to come: "future financial benefits", "could save", 潜在收益, 有望带来
_POTENTIAL = re.compile(r"\bfuture\b|\bpotential(?:ly)?\b|\bcould\b|\bmight\b|潜在|有望|可望|将可|预期可", re.I)
# …stated as already realized: "has already produced", "have yielded", 已经带来, 已实现
_REALIZED = re.compile(r"\balready\b|\b(?:has|have)\s(?:(?:so\sfar|to\sdate)\s)?(?:produced|yielded|generated|delivered|"
                       r"achieved|realized|saved|brought)\b|\brealized\b|已经|已(?=实现|带来|产生|取得|节约|节省)|实现了", re.I)


def estimate_as_final(ledger: Ledger, d: Figure, note: Figure) -> bool:
    """An estimate in the notes ("estimated $186 billion", 初步统计…) stated by the draft as final or actual
    ("$186 billion in actual obligations", 最终完成); or a value the notes give as still to come ("$251B future
    financial benefits", 潜在收益) stated as already realized ("has already produced $251 billion", 已经带来),
    where the draft's clause keeps none of the notes' words of the future."""
    n_clause, d_clause = clause_around(ledger.text, note.start, note.end), clause_around(ledger.draft_text, d.start, d.end)
    if _ESTIMATE.search(n_clause) is not None and _FINAL.search(d_clause) is not None:
        return True
    return (_POTENTIAL.search(n_clause) is not None and _REALIZED.search(d_clause) is not None
            and _POTENTIAL.search(d_clause) is None)


@lru_cache(maxsize=4096)  # perf (wt-perf): a note line's deadline is read again for every draft figure
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


@lru_cache(maxsize=8)
def notes_work_year(notes_text: str) -> int | None:
    """The year whose work the notes' title lists (2027年重点工作 → 2027; "FY2028 request" → 2028), or None
    (see :func:`assistant.note_lines.work_year`)."""
    try:
        notes = parse_notes(notes_text)
    except AssistantError:
        return None
    title = next((i.text for i in notes.items if i.key == "title"), None)
    return work_year(strip_marker(title)[0]) if title is not None else None


# a heading line of the draft's review part: 一、2026年工作回顾 / "1. Summary of FY 2026" / "FY2026 in review"
_REVIEW_HEAD = re.compile(r"回顾|总结|成绩|完成情况|工作情况|\breview\b|\bsummary\b|\bresults\b|\baccomplishments\b|"
                          r"\bachievements\b|\bhighlights\b", re.I)


_HEAD_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|\d{1,2}[.、)）]\s*+|#{1,4}\s*+|(?:part|section)\s\w{1,4}[.:]\s*+)",
                          re.I)


def review_heading_year(text: str, pos: int) -> int | None:
    """The year of the review heading a draft figure at ``pos`` stands under (the nearest heading line above
    it: a short line with a year and no sentence stop), None when that heading is no review's or names none."""
    end = text.rfind("\n", 0, pos)
    while end > 0:  # the lines above, nearest first (read one by one: a long draft is not split per figure)
        start = text.rfind("\n", 0, end) + 1
        raw, end = text[start:end], start - 1
        number = _HEAD_NUMBER.match(raw.strip())
        line = raw.strip()[number.end() if number else 0:]
        if not line or len(line) > 48 or re.search(r"[。；;！？!?，,]|\.\s|\.$", line):
            continue
        spans = [sp for m in YEAR_TOKEN.finditer(line) if (sp := year_token_span(m)) is not None]
        if spans and _REVIEW_HEAD.search(line):
            return spans[-1][1]
        if spans or number:
            return None  # another part's heading (二、2027年工作安排)
    return None


def later_work_as_done(ledger: Ledger, idx: int, d: Figure, dm: Meaning, zh: bool) -> str | None:
    """The notes list a later year's work under their title (2027年重点工作: 新建污水处理站36座; "FY2028
    request: appropriated $1.24B") and the draft states the figure as done in the review of an earlier year
    (一、2026年工作回顾：全年新建污水处理站36座): a target stated as achieved. Not for a line the notes date
    earlier themselves or put under a header of their own, nor for a draft that names the year itself."""
    if dm.role != "achieved" or ledger.item_roles[idx] != "achieved":
        return None
    nm = ledger.meanings[idx]
    if nm.role not in (None, "achieved"):
        return None
    year = notes_work_year(ledger.text)
    if year is None:
        return None
    np_, dp = nm.period, dm.period
    if ((np_.year_source == "text" and np_.year is not None and np_.year < year)
            or (np_.relative is not None and np_.relative < 0) or np_.span):
        return None  # "FY2027 enacted $1.2B", 2026年完成…: a line dated before the work year
    note = ledger.figs[idx]
    if any(line < note.line for line, _ in ledger.headers):
        return None  # under a header of the notes' own (2026年完成情况：), not the title alone
    if dp.year_source == "text" and dp.year is not None and dp.year >= year:
        return None
    review = review_heading_year(ledger.draft_text, d.start)
    if review is None or review >= year:
        return None
    return (f"{note_where(note, zh)}是{year}年的工作任务（计划），草稿把{d.text}写成了{review}年已完成" if zh else
            f"{note_where(note, zh)} is work planned for {year}, but the draft states {d.text} as achieved in {review}")


def work_moved_later(ledger: Ledger, idx: int, d: Figure, dm: Meaning, zh: bool) -> str | None:
    """The notes list one year's work under their title (2020年重点工作: 年内新建公厕30座) and the draft plans the
    figure for a later year (二、2020年工作安排：明年新建公厕30座 / 2021年新建公厕30座): the plan moved a year on."""
    if dm.role not in _PLANNED_ROLES or ledger.item_roles[idx] != "achieved":
        return None
    nm = ledger.meanings[idx]
    year = notes_work_year(ledger.text)
    if year is None or nm.role not in (None, "achieved"):
        return None
    np_, dp = nm.period, dm.period
    if np_.year_source == "text" and np_.year is not None and np_.year != year:
        return None
    note = ledger.figs[idx]
    if any(line < note.line for line, _ in ledger.headers):
        return None
    if (dp.year_source != "text" or dp.relative is not None or dp.year is None or dp.year <= year or dp.cumulative
            or dp.span or np_.cumulative or np_.span):
        return None  # a year the draft names (2028年, in fiscal year 2029, 明年 read from the plan's own year)
    return (f"{note_where(note, zh)}是{year}年的工作任务，草稿把{d.text}写成了{dp.year}年的计划" if zh else
            f"{note_where(note, zh)} is work planned for {year}, but the draft plans {d.text} for {dp.year}")


# the draft's clause says the figure is the year before's or a base the plan starts from
RESULT_NAMED = re.compile(r"上年|去年|上一年|过去一年|过去的一年|基础上|保持|稳定在|不低于|维持|巩固|高于|超过|\blast year|\bprevious year|"
                           r"\bprior year|\ba year earlier|\bpast year|\bafter\b|\bfollowing\b|\bmaintain|\bkeep\b|\bsustain|"
                           r"\babove\b|\bexceed", re.I)


def plan_qualified(ledger: Ledger, idx: int) -> bool:
    """The note figure's own words make it a goal (城镇化率达63%左右, 力争, "around", "at least"), not a result."""
    note = ledger.figs[idx]
    return _PLAN_QUALIFIER.search(note.text + clause_around(ledger.text, note.start, note.end)) is not None


# period8 (wave 13): the level at the start of the year or period (年初400多万人, 期初, "at the start of the year
# 4.1 million"), not its plan (年初预算 / 年初计划 / 年初目标): the previous level, which the same line follows by the
# level at its end (年末1120多万人)
_START_LEVEL = re.compile(r"(?:年初|期初|年头|月初|季初)(?!预算|计划|目标|确定|制定|提出)[^，,；;。\d]{0,4}$|"
                          r"\b(?:at\s++the\s++)?(?:start|beginning)\s++of\s++(?:the\s++)?(?:year|period|quarter|FY)"
                          r"[^,;.\d]{0,8}$", re.I)
_DRAFT_START = re.compile(r"年初|期初|年头|月初|季初|[由从](?!此)|\b(?:start|beginning|from|initially|began|opened)\b", re.I)


def start_level_as_current(ledger: Ledger, idx: int, d: Figure, dm: Meaning, zh: bool) -> str | None:
    """The reason the draft states the notes' start-of-year level (年初400多万人 → 年末1120多万人) as the level
    reached (年末达到400多万人, "covered 4 million people"), or None (the draft names the start itself)."""
    note = ledger.figs[idx]
    line_start = ledger.text.rfind("\n", 0, note.start) + 1
    if not _START_LEVEL.search(ledger.text[max(line_start, note.start - 16):note.start]):
        return None
    if dm.role in ("baseline", "target", "forecast"):
        return None
    left = re.split(r"[。；;\n！？!?]|\.\s", ledger.draft_text[max(0, d.start - 40):d.start])[-1]
    if _DRAFT_START.search(left) or _DRAFT_START.search(clause_around(ledger.draft_text, d.start, d.end)[-30:]):
        return None
    where = note_where(note, zh)
    return (f"{where}是年初（期初）的数，草稿把{d.text}写成了期末/当前达到的数" if zh else
            f"{where} is the level at the start of the period, but the draft states {d.text} as the level reached")
