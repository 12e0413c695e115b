"""What a figure is the value *of*: its period and role, read from the text around it (for the checker).

:func:`read_meanings` gives, for each figure of a text, a :class:`Meaning`:

``period``  ``Y2014`` (a stated year), ``prev`` (上年/去年/last year), ``M1-6`` (1—6月), ``H1``/``H2``
            (上半年), ``Q1``/``Q1-3`` (一季度, 前三季度), ``cum`` (a multi-year total: 五年累计, “十二五”期间,
            over the past five years) or ``None`` (the text's own period: this year)
``role``    ``target`` (力争, 目标, 计划, aim, plan to, or a bullet under a plan header such as
            ``明年目标和安排：``, or a figure in the plan part of a draft), ``forecast`` (预计, expected),
            ``achieved`` (完成, 实现, 新增, 突破, a past-tense verb, or a figure in the summary part of a
            draft), ``problem`` (under a problems header) or ``None`` (not stated)

A comparison base (比上年, 比2010年, than in 2014) is not a period: ``比2010年增长77%`` is this year's
growth. :func:`disagreement` compares the meaning of a draft figure with that of the note figure of
the same value and returns the reason (in the draft's language) when the draft misstates it.

Everything here is bounded by the sentence around a figure (never more than ``_WINDOW`` characters
before it), so reading the meanings of a text is linear in its length.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from assistant.figures import Figure

Role = Literal["achieved", "target", "forecast", "baseline", "problem"]
Part = Literal["summary", "plan", "problems"]

_WINDOW = 160  # characters before a figure that its sentence may reach back


@dataclass(frozen=True)
class Meaning:
    period: str | None = None
    role: Role | None = None


# ----------------------------------------------------------------------------------- headers
_PLAN_HEAD = re.compile(
    r"计划|目标|安排|打算|展望|思路|下一步|明年|来年|今后|预期|任务|部署|要求|next year|plans?\b|targets?\b|goals?\b|"
    r"priorities|outlook|the year ahead|coming year", re.I,
)
_PROBLEM_HEAD = re.compile(r"问题|不足|困难|短板|挑战|风险|challenges|problems|issues|shortcomings|risks", re.I)
_SUMMARY_HEAD = re.compile(
    r"回顾|总结|成绩|成效|完成情况|主要指标|进展|review|achievements|results|performance|highlights", re.I
)
_BULLET = re.compile(r"^\s*(?:[-*•·●▪]|\d{1,2}[.、)]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]{1,2}、|[①-⑳])\s*")


def header_role(line: str) -> tuple[bool, Role | None]:
    """(is a header line, the role it gives the bullets under it)."""
    body = _BULLET.sub("", line).strip().strip("#*").strip()
    if not body:
        return False, None
    ends = body[-1] in "：:"
    short = len(body) <= 24 if re.search(r"[\u4e00-\u9fff]", body) else len(body) <= 48
    has_digit_value = bool(re.search(r"\d+(?:\.\d+)?\s*(?:%|亿|万|元|人|个|项|吨|percent|million)", body))
    if not short or has_digit_value:
        return False, None
    if not ends and not re.fullmatch(
        r"(?:\d{4}年)?(?:明年|下一步|来年|今后)?[\u4e00-\u9fff]{0,6}(?:计划|目标|安排|打算|问题|不足|困难|挑战)"
        r"|(?i:next year|plans?|targets|goals|challenges|problems|outlook)(?: for \d{4})?",
        body,
    ):
        return False, None
    if _PROBLEM_HEAD.search(body):
        return True, "problem"
    if _PLAN_HEAD.search(body) and not _SUMMARY_HEAD.search(body):
        return True, "target"
    return True, None


def is_summary_heading(title: str) -> bool:
    """A heading of what was done (2024年主要指标, 完成情况, Review): never a plan header."""
    return bool(_SUMMARY_HEAD.search(title))


def part_of(title: str) -> Part | None:
    """The kind of a draft's top-level part from its title (二、2025年工作安排 → plan)."""
    if _PROBLEM_HEAD.search(title) and not _SUMMARY_HEAD.search(title):
        return "problems"
    if _PLAN_HEAD.search(title) and not _SUMMARY_HEAD.search(title):
        return "plan"
    if _SUMMARY_HEAD.search(title):
        return "summary"
    return None


# ----------------------------------------------------------------------------------- words
_TARGET_ZH = re.compile(r"力争|目标|计划|确保|争取|拟|力求|规划|将(?!近|其|之|于|原|此|该|以)|要(?:实现|完成|达到)|努力")
_FORECAST_ZH = re.compile(r"预计|预期|预测|有望")
_ACHIEVED_ZH = re.compile(r"完成|实现|达到|突破|建成|累计|共计|已经|已|超额|取得|创造")
# 新增1500人 is an achievement in a summary sentence (全年新增…), a plan in a plan bullet
_ACHIEVED_WEAK_ZH = re.compile(r"新增|新建|增加|提高|增长|下降|减少|种植|培训|引进|改造|接待|达|为")
_SUMMARY_SENT = re.compile(r"全年|今年以来|过去一年|一年来|年内|本年度|当年|this year|during the year|in the year", re.I)
_TARGET_EN = re.compile(r"\b(?:aim|aims|aiming|target|targets|targeted|goal|goals|plan|plans|planned to|"
                        r"planned|planning|will|intend|intends|seek|seeks|strive|by the end of next year)\b", re.I)
_FORECAST_EN = re.compile(r"\b(?:expected|expects|projected|forecast|forecasts|anticipated|estimated to)\b", re.I)
_PAST_EN = re.compile(
    r"\b(?:[a-z]{3,}ed|built|grew|rose|fell|hired|made|spent|won|sold|began|held|paid|cut|set|saw|gave|"
    r"brought|drew|took|kept|met|ran|found|reached|totaled|totalled|was|were|had|has|have)\b", re.I,
)
_MONTHS_FIG = re.compile(r"(\d{1,2}|十[一二]|[一二三四五六七八九十])月?\s?(?:——|—|–|-|－|~|～|至|到)\s?"
                         r"(\d{1,2}|十[一二]|[一二三四五六七八九十])月")
_HALF = re.compile(r"上半年|下半年|first half|second half|\bH[12]\b", re.I)
_QUARTER = re.compile(r"前三季度|前两季度|第?[一二三四1-4]季度|first quarter|second quarter|third quarter|"
                      r"fourth quarter|\bQ[1-4]\b|first three quarters", re.I)
_CUMULATIVE = re.compile(
    r"五年累计|累计.{0,6}五年|过去五年|五年来|五年间|五年共|近五年|[“\"]?十[一二三四五]五[”\"]?(?:期间|时期|以来)|"
    r"\d{4}[-—–至到]\d{4}年(?:间|期间|累计)|past five years|five-year|five years|over the period|cumulative",
    re.I,
)
_YEAR = re.compile(
    r"(?P<base>比|较|与|同|相比|对比|than|compared (?:with|to)|over|since|from)?\s?"
    r"(?:(?P<y>(?:19|20)\d{2})\s?年(?:的|末|底|度|全年)?(?!以来|起|至今|[-—–至到]\d)|"
    r"(?P<prev>上年|去年|上一年|前一年|\blast year\b|\bprior year\b|\bprevious year\b|a year earlier)|"
    r"(?i:\bin (?P<yen>(?:19|20)\d{2})\b))",
)
_DELIMS_SENT = "。；;！？!?\n"
_MONTH_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
              "十一": 11, "十二": 12}


def _month(s: str) -> int:
    return int(s) if s.isdigit() else _MONTH_NUM.get(s, 0)


_SENT_END = re.compile(r"[。；;！？!?\n][^。；;！？!?\n]*$")


def _sentence_start(text: str, start: int, floor: int) -> int:
    limit = max(floor, start - _WINDOW)
    m = _SENT_END.search(text, limit, start)
    return m.start() + 1 if m else limit


_ANY_PERIOD = re.compile(r"月|季|半年|年|期间|时期|\d{4}|half|quarter|year|five|cumulative|period|\b[QH][1-4]\b", re.I)


def _period(sentence: str, clause: str, others: tuple[int, ...] = ()) -> str | None:
    """The period ``sentence`` (up to a figure) states for that figure; ``others``: offsets in it where
    other figures start (由上年的86.3亿元增加到100.6亿元: 上年 is 86.3's period, not 100.6's)."""
    if not _ANY_PERIOD.search(sentence):
        return None
    months = list(_MONTHS_FIG.finditer(sentence))
    if months:
        m = months[-1]
        return f"M{_month(m.group(1))}-{_month(m.group(2))}"
    q = _QUARTER.search(sentence)
    if q:
        w = q.group(0).lower()
        if "三" in w or "three" in w:
            return "Q1-3"
        return "Q" + next((str(i) for i, k in enumerate(("一", "二", "三", "四"), 1) if k in w), "")
    h = _HALF.search(sentence)
    if h:
        return "H2" if ("下" in h.group(0) or "second" in h.group(0).lower() or "2" in h.group(0)) else "H1"
    if _CUMULATIVE.search(sentence):
        return "cum"
    best: str | None = None
    for y in _YEAR.finditer(sentence):
        if y.group("base") and len(sentence) - y.end() > 1:
            continue  # 比上年, 比2010年, than in 2014: a comparison base, not the period (比2014年的X: X's)
        if any(0 <= o - y.end() <= 2 for o in others):
            continue  # the year of the figure right after it
        if y.group("prev"):
            best = "prev"
        elif y.group("y") or y.group("yen"):
            best = "Y" + (y.group("y") or y.group("yen"))
    return best


def _role(sentence: str, figure_text_after: str, zh_achieved: bool) -> Role | None:
    if _FORECAST_ZH.search(sentence) or _FORECAST_EN.search(sentence):
        return "forecast"
    if _TARGET_ZH.search(sentence) or _TARGET_EN.search(sentence):
        return "target"
    if figure_text_after.startswith("左右") and not re.search(r"完成|实现|达到|累计|已|共", sentence):
        return "target"
    if zh_achieved and (_ACHIEVED_ZH.search(sentence) or (
        _ACHIEVED_WEAK_ZH.search(sentence) and _SUMMARY_SENT.search(sentence)
    )):
        return "achieved"
    if _PAST_EN.search(sentence):
        return "achieved"
    return None


def read_meanings(
    text: str,
    figs: list[Figure],
    *,
    notes: bool,
    parts: list[tuple[int, int, Part | None]] | None = None,
    part: Part | None = None,
    headings: list[tuple[int, int, str]] | None = None,
) -> list[Meaning]:
    """The :class:`Meaning` of each figure of ``text`` (``figs`` from :func:`extract_figures` on it).

    ``notes``: header lines set the role and period of the bullets under them. ``parts``: the
    draft's top-level parts as (start, end, kind); ``part``: the kind of the whole text (one section);
    ``headings``: the draft's section titles as (start, end, title): a period in a title (“十二五”时期,
    上半年) is the period of the figures under it.
    """
    lines = text.split("\n")
    line_starts = [0]
    for ln in lines[:-1]:
        line_starts.append(line_starts[-1] + len(ln) + 1)
    head_role: dict[int, Role | None] = {}
    head_period: dict[int, str | None] = {}
    if True:  # header lines ("明年目标和安排：", "“十二五”期间：") set the role and period below them
        role: Role | None = None
        period: str | None = None
        for no, ln in enumerate(lines, start=1):
            is_head, r = header_role(ln[:200])
            if is_head:
                role, period = r, _period(ln[:200], ln[:200])
                continue
            head_role[no] = role
            head_period[no] = period
    for h_start, h_end, title in headings or ():
        p = _period(title, title)
        if p is None or p.startswith("Y") or p == "prev":
            continue  # a year in a title (2025年工作回顾) is the report's own year, not a figure's
        first = bisect.bisect_right(line_starts, h_start)
        last = bisect.bisect_right(line_starts, max(h_start, h_end - 1))
        for no in range(first, last + 1):
            head_period[no] = p
    part_starts = [p[0] for p in parts] if parts else []
    starts = [f.start for f in figs]
    out: list[Meaning] = []
    for k, f in enumerate(figs):
        ls = line_starts[f.line - 1] if f.line - 1 < len(line_starts) else 0
        ss = _sentence_start(text, f.start, ls)
        sentence = text[ss:f.start]
        after = text[f.end:f.end + 2]
        first = bisect.bisect_left(starts, ss, 0, k)
        others = tuple(s - ss for s in starts[first:k])
        period = _period(sentence, sentence, others) or head_period.get(f.line)
        fig_part = part
        if parts:
            k = bisect.bisect_right(part_starts, f.start) - 1
            if k >= 0 and f.start < parts[k][1]:
                fig_part = parts[k][2]
        if notes:
            role = _role(sentence, after, zh_achieved=False) or head_role.get(f.line)
            if role == "achieved":
                role = head_role.get(f.line) or "achieved"
        else:
            role = _role(sentence, after, zh_achieved=fig_part is None)
            if role in (None, "achieved") and head_role.get(f.line) in ("target", "problem"):
                role = head_role.get(f.line)
            elif role in (None, "achieved") and fig_part == "plan":
                role = "target"
            elif role is None and fig_part == "summary":
                role = "achieved"
        out.append(Meaning(period=period, role=role))
    return out


def doc_year(meanings: list[Meaning], text: str) -> int | None:
    """The year a text reports on: the latest year stated for a non-target figure, else in the text."""
    years = [int(m.period[1:]) for m in meanings if m.period and m.period.startswith("Y") and m.role != "target"]
    if years:
        return max(years)
    found = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})\s?年", text[:2000])]
    return max(found) if found else None


# ----------------------------------------------------------------------------------- comparison
_PERIOD_ZH = {"prev": "上年", "cum": "多年累计", "H1": "上半年", "H2": "下半年", "Q1-3": "前三季度"}
_PERIOD_EN = {"prev": "the previous year", "cum": "a multi-year total", "H1": "the first half",
              "H2": "the second half", "Q1-3": "the first three quarters"}


def _period_words(p: str | None, zh: bool, year: int | None) -> str:
    if p is None:
        return (f"{year}年全年" if year else "本年度") if zh else (f"the whole year {year}" if year else "this year")
    if p.startswith("Y"):
        return f"{p[1:]}年" if zh else p[1:]
    if p.startswith("M"):
        a, _, b = p[1:].partition("-")
        return f"{a}—{b}月" if zh else f"months {a}–{b}"
    if p.startswith("Q") and p != "Q1-3":
        return f"第{p[1:]}季度" if zh else f"quarter {p[1:]}"
    return (_PERIOD_ZH if zh else _PERIOD_EN).get(p, p)


def _abs_year(p: str | None, year: int | None) -> int | None:
    if p is None:
        return None
    if p.startswith("Y"):
        return int(p[1:])
    if p == "prev":
        return year - 1 if year else None
    return None


def period_conflict(dm: Meaning, nm: Meaning, d_year: int | None, n_year: int | None) -> bool:
    """The draft states the value for another period than the note does."""
    dp, np_ = dm.period, nm.period
    if dp == np_:
        return False
    if nm.role in ("target", "forecast") or dm.role in ("target", "forecast"):
        return False  # a plan's period is read from the plan, not from the summary's
    sub_year = ("M", "H", "Q")
    if np_ is not None and np_.startswith(sub_year):
        return dp is None or not dp.startswith(sub_year)  # a 1—6月 value stated for the whole year
    if np_ == "cum":
        return dp is None or dp.startswith("Y") or dp == "prev"  # a five-year total stated as one year's
    if dp is not None and dp.startswith((*sub_year, "cum")):
        return False  # the draft is more specific than terse notes: not a contradiction we can prove
    ny, dy = _abs_year(np_, n_year), _abs_year(dp, d_year)
    if np_ == "prev" and dp is None:
        return True  # last year's value stated as this year's
    if np_ is not None and np_.startswith("Y") and dp is None and n_year is not None and int(np_[1:]) < n_year:
        return True  # an earlier year's value (2014年为200万) stated as the report year's
    if dp == "prev" and np_ is None:
        return True
    if ny is not None and dy is not None:
        return ny != dy
    return False


def role_conflict(dm: Meaning, nm: Meaning) -> bool:
    """A target or forecast stated as achieved (or a forecast as final)."""
    return nm.role in ("target", "forecast") and dm.role == "achieved"


def kind_of_disagreement(dm: Meaning, nm: Meaning) -> str:
    """``role`` or ``period`` (for the repair instruction), given that :func:`disagreement` found one."""
    return "role" if role_conflict(dm, nm) else "period"


def disagreement(
    d: Figure, n: Figure, dm: Meaning, nm: Meaning, where: str, *, zh: bool,
    d_year: int | None, n_year: int | None,
) -> str | None:
    """The reason a draft figure misstates the note figure of the same value, or ``None``."""
    if role_conflict(dm, nm):
        if nm.role == "forecast":
            return (f"{where}是预计数，草稿把{d.text}写成了实际完成数" if zh
                    else f"{where} is a forecast, but the draft states {d.text} as the final figure")
        return (f"{where}是目标/计划，草稿把{d.text}写成了已完成" if zh
                else f"{where} is a target or plan, but the draft states {d.text} as achieved")
    if period_conflict(dm, nm, d_year, n_year):
        np_ = _period_words(nm.period, zh, n_year)
        dp = _period_words(dm.period, zh, d_year)
        return (f"{where}是{np_}的数，草稿把{d.text}写成了{dp}的数" if zh
                else f"{where} is the figure for {np_}, but the draft states {d.text} for {dp}")
    return None
