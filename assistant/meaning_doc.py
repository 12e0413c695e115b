"""A whole text read with :mod:`assistant.meaning`: the report part a figure stands in (from a draft's
top-level titles), header lines (``明年目标：`` sets the role of the lines under it, as in the notes),
section titles that name a part of the year (上半年, “十二五”时期), and the year a text reports on.

The checker reads a draft with :func:`read_meanings`; the fact table reads the notes line by line
with :func:`assistant.meaning.describe_figures` (same rules, same :class:`~assistant.meaning.Meaning`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from assistant.documents import Language
from assistant.figures import Figure
from assistant.meaning import FactRole, Meaning, Part, describe_figures
from assistant.note_lines import header_line
from assistant.periods import Period, canon_split_years, plan_years, read_period

# --- a whole text: parts, header lines and headings ----------------------------------------------

_PLAN_PART = re.compile(
    r"计划|目标|安排|打算|展望|思路|下一步|明年|来年|今后|预期|任务|部署|要求|next year|plans?\b|targets?\b|goals?\b|"
    r"priorities|outlook|the year ahead|coming year", re.I)
_PROBLEM_PART = re.compile(r"问题|不足|困难|短板|挑战|风险|challenges|problems|issues|shortcomings|risks", re.I)
_SUMMARY_PART = re.compile(
    r"回顾|总结|成绩|成效|完成情况|主要指标|进展|review|summary|achievements|results|performance|highlights", re.I)


def is_summary_heading(title: str) -> bool:
    """A heading of what was done (2024年主要指标, 完成情况, Review): never a plan header."""
    return bool(_SUMMARY_PART.search(title))


def part_of(title: str) -> Part | None:
    """The kind of a draft's top-level part from its title (二、2025年工作安排 → plan)."""
    if _PROBLEM_PART.search(title) and not _SUMMARY_PART.search(title):
        return "problems"
    if _PLAN_PART.search(title) and not _SUMMARY_PART.search(title):
        return "plan"
    if _SUMMARY_PART.search(title):
        return "summary"
    return None


def part_of_titles(titles: Sequence[str]) -> Part | None:
    """The part a section stands in, from its titles, outermost first (二、2017年工作安排 › （二）重点举措 → plan)."""
    for title in titles:
        found = part_of(title)
        if found is not None:
            return found
    return None


# a line naming one year's work (2026年重点工作, "FY2027 priorities"): a plan header when the year is after the report's
_LATER_WORK = re.compile(r"^\s*+(?:[一二三四五六七八九十]{1,3}、\s*+|\d{1,2}[.、]\s*+)?(?:FY\s*+)?((?:19|20)\d\d)\s*+(?:年度?|财年)?\s*+(?:重点工作|重点任务|主要任务|工作任务|"
                         r"主要工作|工作重点|工作要点|priorities|tasks)\s*+[：:]?\s*+$", re.I)
_WHOLE_YEAR_RE = re.compile(r"全年|\bfull[- ]year\b|\bwhole year\b|\bfor the year\b", re.I)
_HEAD_ROLE: dict[str, FactRole] = {"plan": "target", "problem": "problem"}


def read_meanings(text: str, figures: Sequence[Figure], *, language: Language, year_hint: int | None = None,
                  part: Part | None = None, parts: Sequence[tuple[int, int, Part | None]] | None = None,
                  headings: Sequence[tuple[int, int, str]] = ()) -> list[Meaning]:
    """The :class:`Meaning` of each figure of a whole text (a draft), read as :func:`describe_figures`
    reads note lines, plus what the text's layout says: a header line (``明年目标：``) sets the role of
    the lines under it (as in the notes), and a period in a section title (“十二五”时期, 上半年) is the
    period of the figures under it that state none. ``figures`` carry 1-based ``line`` numbers."""
    text = canon_split_years(text)  # period6: 2024/25 is the year 2025 (same length: offsets kept)
    meanings = describe_figures(text, figures, language=language, year_hint=year_hint, part=part, parts=parts)
    lines = text.split("\n")
    head_role: dict[int, FactRole] = {}
    role: FactRole | None = None
    for no, ln in enumerate(lines, start=1):
        head = header_line(ln[:200]) if len(ln) <= 200 else None
        work = _LATER_WORK.match(ln[:80]) if head is None and year_hint is not None else None
        if work is not None and int(work.group(1)) > year_hint:  # type: ignore[operator]
            head = ("plan", int(work.group(1)))  # 2026年重点工作 in a report on 2025: next year's work, as the notes read it
        if head is not None:
            if is_summary_heading(ln[:200]):
                role = None
            elif head[0] is not None or work is not None:
                role = _HEAD_ROLE.get(head[0] or "")
            # a topical header (重点抓好八个方面工作：) keeps the role in force, as in the notes
            continue
        if role is not None:
            head_role[no] = role
    line_starts = [0]
    for ln in lines[:-1]:
        line_starts.append(line_starts[-1] + len(ln) + 1)
    head_period: list[tuple[int, int, Period]] = []
    for h_start, h_end, title in headings:
        p = read_period(title[:200])
        if p.months or p.quarter or p.half or p.cumulative:  # a year in a title is the report's own year
            head_period.append((h_start, h_end, p))
    out: list[Meaning] = []
    for fig, m in zip(figures, meanings, strict=True):
        span = next(((st, pt) for st, en, pt in parts or () if st <= fig.start < en), None)
        fig_part = span[1] if span else (None if parts else part)
        title_year = _part_title_year(text, span[0]) if span else None
        m = _report_relative(m, fig_part, year_hint, title_year)
        r = head_role.get(fig.line)
        if r is not None and m.role in (None, "achieved"):
            m = replace(m, role=r)
        p = m.period
        whole_year = _WHOLE_YEAR_RE.search(text, max(0, fig.start - 40), fig.start) is not None
        if (whole_year and m.role == "achieved" and p.year_source != "text" and p.relative is None
                and not (p.months or p.quarter or p.half or p.cumulative or p.span)):
            # 全年实施…141个 under 一、2015年工作回顾: the words say one whole year, the heading says which
            p = replace(p, year_source="text")
            m = replace(m, period=p)
        one = _single_title_year(text, span[0]) if fig_part in ("summary", "plan") and span is not None else None
        if (one is not None and fig_part == "summary" and p.year is None and p.relative is None
                and not (p.months or p.quarter or p.half or p.cumulative or p.span)):
            # 全年… under 一、2018年工作回顾: the review's year (stated, or by the heading only)
            p = replace(p, year=one, year_source=p.year_source or "context")
            m = replace(m, period=p)
        elif one is not None and p.relative_to == "data" and p.relative is not None and not p.span:
            # 由上年的13.2万头 under 一、2012年工作回顾 (在上年…的基础上 under 二、2013年工作安排): the year before
            # the one the part is about
            p = replace(p, year=one + p.relative, year_source="text")
            m = replace(m, period=p)
        if not (p.months or p.quarter or p.half or p.cumulative or p.year_source == "text" or whole_year):
            for h_start, h_end, hp in head_period:
                if h_start <= fig.start < h_end:
                    m = replace(m, period=replace(hp, year=p.year or hp.year))
        out.append(m)
    return out


def _part_title_year(text: str, start: int) -> int | None:
    """The year a part's title names (二、2025年工作安排 → 2025), or None."""
    found = _TITLE_YEAR.search(text[start:start + 80].split("\n", 1)[0])
    return int(found.group(1)) if found else None


def _single_title_year(text: str, start: int) -> int | None:
    """The one year a review part's title names (一、2018年工作回顾 → 2018); None for none, two years or a
    span (Review of 2020-2024, “十三五”时期, 2015—2016年)."""
    title = text[start:start + 80].split("\n", 1)[0]
    years = _TITLE_YEAR.findall(title)
    if len(years) != 1 or plan_years(title) is not None or read_period(title).cumulative:
        return None
    return int(years[0])


def _report_relative(m: Meaning, part: Part | None, year: int | None, title_year: int | None) -> Meaning:
    """A year the draft names from the day it is written (去年 / last year / 今年 / this year), read in the
    report part it stands in: a review of ``year`` (its title's, else the notes') is written the year
    after, so its 去年 is that year; a plan is written in the year its title names, so its 今年 is that
    year and its 明年 the next (stated, as 2025年 would be)."""
    p = m.period
    if p.relative_to != "report" or p.relative is None or p.span:
        return m
    read = p.as_read or (p.year, p.relative)
    if part == "summary" and p.relative == -1 and (title_year or year) is not None:
        return replace(m, period=replace(p, year=title_year or year, relative=0, year_source="text", as_read=read))
    if part == "plan" and title_year is not None:
        return replace(m, period=replace(p, year=title_year + p.relative, relative=None, year_source="text",
                                         as_read=read))
    return m


def doc_year(meanings: Sequence[Meaning], text: str) -> int | None:
    """The year a text reports on: the latest year stated for a figure that is not a target, else the
    latest year in its opening."""
    years = [m.period.year for m in meanings
             if m.period.year is not None and m.period.year_source == "text" and m.period.relative is None
             and m.role not in ("target", "forecast")]
    title = text.lstrip()[:200].split("\n", 1)[0]
    named = plan_years(title) if is_summary_heading(title) else None
    if named is not None:  # “十四五”时期回顾: a review of the plan's five years, whatever earlier years it cites
        years.append(named[1])
    if years:
        return max(years)
    found = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})\s?年", text[:2000])]
    return max(found) if found else None


_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def summary_heading_year(parts: Sequence[tuple[int, int, Part | None]] | None, text: str) -> int | None:
    """The year the draft's review part names in its title (一、2015年工作回顾 → 2015), or None: the
    draft's own year when the notes state none of theirs (two year headers, 2015年： and 2016年：)."""
    years = [int(m.group(1)) for start, _end, part in parts or () if part == "summary"
             for m in _TITLE_YEAR.finditer(text[start:start + 80].split("\n", 1)[0])]
    return min(years) if years else None
