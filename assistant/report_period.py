"""The part of a year a report covers when it is not the whole year: a half-year, a quarter, the first
three quarters, a month (``2025年上半年工作总结和下半年打算``, ``一季度工作总结及二季度工作计划``,
``10月份工作总结和11月份工作计划``, "Riverside Library - first half 2025 notes", "Q1 2025 report").

* ``report_months(title)`` — the months (first, last) a title's review covers, or None for a whole year;
* ``next_months(months)`` — the months the plan covers (the next part of the same year), or None when the
  plan is for next year (a review that ends in December);
* ``part_label(year, months, language)`` — the period as titles write it: ``2025年上半年`` /
  ``2025年第一季度`` / ``2025年10月份`` / "the first half of 2025" / "October 2025";
* ``year_words(label)`` — a period label as Chinese text before a noun: ``2025`` → ``2025年``, while
  ``2025年第一季度`` stays as it is (so ``{year_words(y)}工作总结`` reads right for both);
* ``within_year(label)`` — the words for "in the period" in a review sentence: 全年, or 上半年 / 第一季度 /
  10月份 for a part of the year.
"""

from __future__ import annotations

import re

from assistant.periods import canon_periods

_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4, "１": 1, "２": 2, "３": 3, "４": 4}
_EN_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december")
_ZH_QUARTER = ("第一季度", "第二季度", "第三季度", "第四季度")

_FIRST_HALF = re.compile(r"上半年|(?<!\d)1\s*+[-—–~至]\s*+6\s*+月|\bfirst[- ]half\b|\bH1\b|\bmid-?year\b", re.I)
_SECOND_HALF = re.compile(r"下半年|\bsecond[- ]half\b|\bH2\b", re.I)
_THREE_QUARTERS = re.compile(r"前三季度|(?<!\d)1\s*+[-—–~至]\s*+9\s*+月|\bfirst three quarters\b", re.I)
_QUARTER = re.compile(r"(?:第\s*+)?(?P<zh>[一二三四1-4１-４])\s*+季度|\bQ(?P<q>[1-4])\b|"
                      r"\b(?P<en>first|second|third|fourth)[- ]quarter\b", re.I)
_TO_MONTH = re.compile(r"(?<![\d-])1\s*+[-—–~至]\s*+(?P<b>1[01]|[2-9])\s*+月")
_MONTH_ZH = re.compile(r"(?<![\d\-—–~至])(?P<m>1[0-2]|[1-9])\s*+月份?(?!\s*+[-—–~至]|\d|底|末|中|初|\s*+\d+\s*+日)")
_MONTH_EN = re.compile(r"\b(?P<m>" + "|".join(_EN_MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b", re.I)
_PLAN_PART = re.compile(r"[和及与暨、]|\band\b|\bplans?\b|计划|打算|安排", re.I)


def report_months(title: str) -> tuple[int, int] | None:
    """The months the review of a report titled ``title`` covers (``(1, 6)`` for 上半年, ``(4, 6)`` for
    二季度, ``(10, 10)`` for 10月份); None for a whole year. Only the review part of the title is read
    (``一季度工作总结和二季度打算`` → the first quarter)."""
    title = canon_periods(title)  # period6: 3Q25 → Q3 2025, 1H25 → H1 2025
    cut = _PLAN_PART.search(title)
    review = title[:cut.start()] if cut else title
    if _FIRST_HALF.search(review):
        return 1, 6
    if _SECOND_HALF.search(review):
        return 7, 12
    if _THREE_QUARTERS.search(review):
        return 1, 9
    q = _QUARTER.search(review)
    if q:
        n = _CN_NUM.get(q.group("zh") or "") or int(q.group("q") or 0) or _EN_ORD[(q.group("en") or "first").lower()]
        return 3 * n - 2, 3 * n
    to = _TO_MONTH.search(review)
    if to:
        return 1, int(to.group("b"))
    m = _MONTH_ZH.search(review)
    if m:
        return int(m.group("m")), int(m.group("m"))
    e = _MONTH_EN.search(review)
    if e and not re.search(r"\bmay\s++(?:be|not|have|also|still)\b", review[e.start():e.end() + 12], re.I):
        k = [m[:3] for m in _EN_MONTHS].index(e.group("m").lower()[:3]) + 1  # period6: Sept 2025
        return k, k
    return None


def next_months(months: tuple[int, int]) -> tuple[int, int] | None:
    """The part of the same year a plan after ``months`` covers; None when the review ends in December
    (the plan is for next year)."""
    a, b = months
    if b >= 12:
        return None
    if a == b:  # a month: the next month
        return b + 1, b + 1
    if b - a == 2 and a % 3 == 1:  # a quarter: the next quarter
        return b + 1, b + 3
    return b + 1, 12  # 上半年 → 下半年, 前三季度 → 四季度, 1—10月 → 11—12月


def part_words(months: tuple[int, int], language: str) -> str:
    """A part of a year in words: 上半年 / 第一季度 / 前三季度 / 10月份 / 1—10月; "first half", "first
    quarter", "first three quarters", "October", "January–October"."""
    a, b = months
    zh = language == "zh"
    if (a, b) == (1, 6):
        return "上半年" if zh else "first half"
    if (a, b) == (7, 12):
        return "下半年" if zh else "second half"
    if (a, b) == (1, 9):
        return "前三季度" if zh else "first three quarters"
    if b - a == 2 and a % 3 == 1:
        n = (a + 2) // 3
        return _ZH_QUARTER[n - 1] if zh else f"{('first', 'second', 'third', 'fourth')[n - 1]} quarter"
    if a == b:
        return f"{a}月份" if zh else _EN_MONTHS[a - 1].capitalize()
    return f"{a}—{b}月" if zh else f"{_EN_MONTHS[a - 1].capitalize()}–{_EN_MONTHS[b - 1].capitalize()}"


def part_label(year: int | str, months: tuple[int, int], language: str) -> str:
    """The period as titles write it: ``2025年上半年``, ``2025年第一季度``, ``2025年10月份``; "the first half
    of 2025", "the first quarter of 2025", "October 2025"."""
    words = part_words(months, language)
    if language == "zh":
        return f"{year}年{words}"
    if months[0] == months[1] or words[0].isupper():
        return f"{words} {year}"
    return f"the {words} of {year}"


def year_words(label: int | str) -> str:
    """A period label before a Chinese noun: a year (or span, or the 【年份】 placeholder) takes 年
    (``2025年工作总结``); a part of a year is already words (``2025年第一季度工作总结``)."""
    text = str(label)
    return text if re.search(r"(?:季度|半年|月份|月)$", text) else f"{text}年"


def within_year(label: int | str | None) -> str:
    """What a review sentence calls the whole period: 全年, or the part of the year the report covers
    (``2025年上半年`` → 上半年, ``2025年10月份`` → 10月份)."""
    m = re.match(r"^\d{4}年(?P<part>.+(?:季度|半年|月份|月))$", str(label or ""))
    return m.group("part") if m else "全年"
