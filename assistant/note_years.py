"""The years and the part of a year the notes report on (split from :mod:`assistant.notes`): ``note_years``
(summary year, plan year), ``period_label`` / ``plan_label`` / ``placeholder_labels`` (how titles name them:
2011—2015, 2025年上半年, 【年份】年10月份), ``report_part`` (the months a part-year report covers) and
``year_warnings`` (what the chat says when the notes give no year)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Protocol

from assistant.documents import Language
from assistant.note_lines import period_text, period_years
from assistant.report_period import next_months, part_label


class _Line(Protocol):
    @property
    def role(self) -> str | None: ...
    @property
    def text(self) -> str: ...


class _Header(_Line, Protocol):
    @property
    def year(self) -> int | None: ...


class Notes(Protocol):
    """What these readers need of :class:`assistant.notes.Notes` (a protocol: no import cycle)."""

    @property
    def metadata(self) -> Mapping[str, str]: ...
    @property
    def language(self) -> Language: ...
    @property
    def headers(self) -> Sequence[_Header]: ...
    @property
    def items(self) -> Sequence[_Line]: ...
    @property
    def year_missing(self) -> bool: ...


def report_part(notes: Notes) -> tuple[int, int] | None:
    """The months of its year the notes' review covers when their title names a part of it (上半年 → (1, 6),
    二季度 → (4, 6), 10月份 → (10, 10)); None for a whole year."""
    raw = notes.metadata.get("months", "")
    m = re.fullmatch(r"(\d{1,2})-(\d{1,2})", raw)
    return (int(m.group(1)), int(m.group(2))) if m else None


def period_label(notes: Notes) -> str | None:
    """The summary period as titles write it when it is not one plain year: a span of several years (a
    five-year review, ``2011—2015年`` → ``2011—2015``) or a part of a year (``2025年上半年``, "the first
    quarter of 2025"); None for one year (titles use :func:`note_years`)."""
    span = period_years(notes.metadata.get("period", ""))
    months = report_part(notes)
    if span is not None and span[0] == span[1] and months is not None:
        return part_label(span[1], months, notes.language)
    if span is None or span[1] - span[0] < 2:
        return None
    return period_text(span, notes.language)


_NEXT_YEAR_HEAD = re.compile(r"明年|来年|\bnext year\b|\bcoming year\b", re.I)


def _plan_months(notes: Notes, year: int | None) -> tuple[int, int] | None:
    """The months of the same year a part-year report's plan covers (下半年打算 after 上半年, 二季度 after
    一季度); None when the plan is for next year (the review ends in December, or a 明年目标和安排： /
    "Plans for 2026" header says so)."""
    months = report_part(notes)
    if months is None:
        return None
    if any(h.role == "plan" and ((h.year is not None and year is not None and h.year > year)
                                 or _NEXT_YEAR_HEAD.search(h.text))
           for h in notes.headers):
        return None
    return next_months(months)


def placeholder_labels(notes: Notes, year: str, next_year: str) -> tuple[str, str]:
    """The visible year placeholders of notes without a year (【年份】 / 【下一年份】), with the part of the
    year a part-year report covers: ``【年份】年10月份`` and ``【年份】年11月份``."""
    months = report_part(notes)
    if months is None:
        return year, next_year
    plan = _plan_months(notes, None)
    return (part_label(year, months, notes.language),
            part_label(year, plan, notes.language) if plan is not None else next_year)


def plan_label(notes: Notes) -> str | None:
    """The plan period as titles write it when it is a part of the report's own year (``2025年下半年`` /
    "the second half of 2025", ``2025年第二季度``); None otherwise."""
    span = period_years(notes.metadata.get("period", ""))
    if span is not None and span[0] == span[1] and (months := _plan_months(notes, span[1])) is not None:
        return part_label(span[1], months, notes.language)
    return None


def note_years(notes: Notes) -> tuple[int | None, int | None]:
    """(summary year, plan year) read from the notes' metadata and items, when stated."""
    span = period_years(notes.metadata.get("period", ""))  # 2025 / FY25 / 2025财年 / 2011—2015年 / 2024-25
    if span is not None:
        if span[0] == span[1] and _plan_months(notes, span[1]) is not None:
            return span[1], span[1]  # a part-year report: the plan is for the rest of the same year
        return span[1], span[1] + 1
    plan = period_years(notes.metadata.get("plan_period", ""))  # a title naming the plan year only (FY2027 request)
    if plan is not None:
        return plan[1] - 1, plan[1]
    head_summary = [h.year for h in notes.headers if h.year is not None and h.role in ("achievement", "problem")]
    if head_summary:
        return max(head_summary), max(head_summary) + 1
    head_plan = [h.year for h in notes.headers if h.year is not None and h.role == "plan"]
    if head_plan:
        return max(head_plan) - 1, max(head_plan)
    plan_years = [y for i in notes.items if i.role == "plan" for y in _item_years(i.text)]
    ach_years = [y for i in notes.items if i.role in ("achievement", "problem") for y in _item_years(i.text)]
    if ach_years:
        return max(ach_years), max(ach_years) + 1
    if plan_years:
        return max(plan_years) - 1, max(plan_years)
    return None, None



# a year in a note line: 2015年 / 2015 in English prose; not a count (2000亩, 2000 households, 2,000)
_ITEM_YEAR = re.compile(r"(?<![\d.,])((?:19|20)\d\d)(?:\s*年|(?!\d|[.,]\d)(?!\s*[\u4e00-\u9fff])"
                        r"(?!\s+(?!(?:and|to|through|or|in|the|was|were|is|are|will|with|for|from|compared|"
                        r"levels?|budget|fiscal|report|plan|targets?|goals?)\b)[a-z]))")


# a year that only starts a span up to now ("net losses since FY2007", "2012年以来") is no report year
_SINCE_BEFORE = re.compile(r"(?:\bsince|自|从)\s*+(?:FY\s*+|fiscal\s++year\s++)?$", re.I)
_SINCE_AFTER = re.compile(r"^\s*+年?(?:以来|来)")


# a calendar date is when something was done or written ("completed Feb 25, 2026", "updated Dec 2007",
# 2026年2月25日), not the year the notes report on
_DATE_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s++(?:\d{1,2}(?:st|nd|rd|th)?,?\s++)?$",
                          re.I)
_DATE_AFTER = re.compile(r"^\s*+年\s*+\d{1,2}\s*+月\s*+\d{1,2}\s*+[日号]")


def _item_years(text: str) -> list[int]:
    found = [(m.start(1), m.end(1)) for m in _ITEM_YEAR.finditer(text)]
    return [int(text[a:b]) for a, b in found
            if not _SINCE_BEFORE.search(text[max(0, a - 20):a]) and not _SINCE_AFTER.match(text[b:])
            and not _DATE_BEFORE.search(text[max(0, a - 16):a]) and not _DATE_AFTER.match(text[b:])]


def year_warnings(notes: Notes, language: str | None = None) -> list[str]:
    """The notice for notes that state no year (the report shows a placeholder instead of a guess);
    empty when the notes give one."""
    if not notes.year_missing:
        return []
    if (language or notes.language) == "zh":
        return ["笔记中没有写明年份，报告标题和小标题中以【年份】【下一年份】标出，请补上年份"]
    return ["The notes give no year: the title and headings show [year] / [next year] for you to fill in"]
