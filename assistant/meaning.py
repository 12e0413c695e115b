"""What a figure is the value of: indicator, period, role cue, comparison base, direction, 分别 order.

One reader for note lines and draft prose alike (the checker reads a draft figure with the same rules
the fact table reads the notes). It works per clause: the indicator is the nearest noun phrase before
the figure inside its clause (after the previous figure, when several share a clause), a count of a
classifier or a bare English number takes the noun after it (``6个重点项目``, ``2,300 new jobs``), and a
clause without a subject (``同比增长16.6%``) takes the previous figure's indicator in the sentence.

``A、B分别为x、y`` / ``A and B rose 3% and 5% respectively``: the k-th value gets the k-th name.

Usage::

    figs = [f for f in extract_figures(text) if not f.ignored]
    meanings = describe_figures(text, figs, language="zh", year_hint=2015)

The words it reads (indicator names, role cues, bases, directions, indicator keys) are
:mod:`assistant.meaning_cues`; every public name of that module is importable from here too.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from assistant.documents import Language
from assistant.figures import Figure, extract_figures, paired_names
from assistant.lang import has_cjk as _is_zh
from assistant.meaning_cues import (
    _ABBREVIATION,
    _ACTUAL_RE,
    _ARROW_ONLY,
    _CLASSIFIER,
    _EN_NOUN_AFTER,
    _PER_YEAR_RATE,
    _ZH_NOUN_AFTER,
    BASE_LABELS,
    FACT_ROLES,
    YEARS_FIGURE,
    ZH_INDICATOR_ABBREVIATIONS,
    Direction,
    FactRole,
    _clean_en,
    _clean_zh,
    _cue_in,
    base_label,
    indicator_key,
    is_forecast_text,
    normalise_indicator,
    read_base,
    read_direction,
    read_role_cue,
    same_indicator,
    states_target,
)
from assistant.periods import (
    SPAN_EN_RE,
    SPAN_ZH_RE,
    YEAR_RE,
    Period,
    own_period_before,
    period_words_after,
    read_period,
    stated_years,
)

# the cue readers live in assistant.meaning_cues; their public names are re-exported here
__all__ = [
    "BASE_LABELS", "FACT_ROLES", "UNKNOWN", "ZH_INDICATOR_ABBREVIATIONS", "Direction", "FactRole", "Meaning", "Part",
    "base_label", "describe_figure", "describe_figures", "indicator_key", "is_forecast_text", "normalise_indicator",
    "read_base", "read_direction", "read_role_cue", "same_indicator", "states_target",
]


# --- the reader ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Meaning:
    """What one figure is the value of, as its text says.

    ``indicator`` "" when the clause names none (a continuation: 同比增长16.6%); ``role`` the role
    *cue* in the text (None: not stated); ``order`` the 1-based position in a 分别 / respectively list
    whose names are ``listed``."""

    indicator: str
    period: Period
    role: FactRole | None
    base: str | None
    direction: Direction | None
    order: int | None = None
    listed: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"indicator": self.indicator, "period": self.period.to_json(), "role": self.role, "base": self.base,
                "direction": self.direction, "order": self.order, "listed": list(self.listed)}


#: the meaning of a figure nothing is known about
UNKNOWN = Meaning(indicator="", period=Period(), role=None, base=None, direction=None)

_SENT_END_ZH = "。；;！？!?\n"
_CLAUSE_END = "，,：:；;。！？!?\n"


_REACH = 400  # how far a sentence or clause is read from a figure (bounded: a line without stops stays linear)


def _last_stop(text: str, floor: int, pos: int, stops: str) -> int:
    """The offset just after the last sentence stop in ``text[floor:pos]`` (one of ``stops``, or a
    full stop followed by a blank), else ``floor``; C-speed ``rfind`` per stop, bounded by the window."""
    best = floor
    for ch in stops:
        k = text.rfind(ch, floor, pos)
        if k + 1 > best:
            best = k + 1
    k = pos
    while True:
        k = text.rfind(".", best, k)
        if k < 0:
            break
        if k + 1 < len(text) and text[k + 1] in " \n" and not _ABBREVIATION.search(text, max(0, k - 8), k + 1):
            best = k + 1
            break
    return best


def _sentence_start(text: str, pos: int) -> int:
    return _last_stop(text, max(0, pos - _REACH), pos, _SENT_END_ZH)


def _sentence_end(text: str, pos: int) -> int:
    ceiling = min(len(text), pos + _REACH)
    best = ceiling
    for ch in _SENT_END_ZH:
        k = text.find(ch, pos, best)
        if 0 <= k < best:
            best = k
    k = text.find(".", pos, best)
    while 0 <= k < best:
        if (k + 1 >= len(text) or text[k + 1] in " \n") and not _ABBREVIATION.search(text, max(0, k - 8), k + 1):
            return k
        k = text.find(".", k + 1, best)
    return best


def _clause_start(text: str, pos: int, floor: int) -> int:
    i = pos
    while i > floor:
        ch = text[i - 1]
        if ch in "，：:；;。！？!?\n":
            break
        if ch == "," and (i >= len(text) or not (text[i:i + 1].isdigit() and text[i - 2:i - 1].isdigit())):
            break
        i -= 1
    return i


def _clause_end(text: str, pos: int, ceiling: int) -> int:
    i = pos
    while i < ceiling and text[i] not in "，,；;。！？!?\n":
        i += 1
    return i


def _sign(text: str, start: int) -> Direction | None:
    ch = text[start - 1:start]
    if ch in ("+", "＋", "-", "－", "−", "↑", "↓"):
        before = text[start - 2:start - 1]
        if not (before.isdigit() or (before.isascii() and before.isalpha())):
            return "up" if ch in "+＋↑" else "down"
    return None


_SHARED_TAIL = re.compile(r"^(?:居民|增加值|产值|收入|投资|总额|产量|人数|面积|人口|企业|项目|产业|支出|消费|贷款|存款|"
                          r"销售额|营业额|利润|税收|用地|覆盖率|处理率|达标率)")


def _share_tail(parts: list[str]) -> list[str]:
    """一产、二产、三产增加值 / 城镇、农村居民人均可支配收入: short names before the last one share its tail."""
    if len(parts) < 2 or any(len(p) > 4 for p in parts[:-1]):
        return parts
    last = parts[-1]
    for cut in range(1, min(5, len(last))):
        tail = last[cut:]
        if _SHARED_TAIL.match(tail):
            return [p if p.endswith(tail) else p + tail for p in parts[:-1]] + [last]
    return parts


def _split_names(names: str, zh: bool) -> list[str]:
    if zh:
        parts = [p for p in (_clean_zh(p) for p in re.split(r"[、和与及]|以及", names)) if p]
        if len(parts) == 1:
            parts = paired_names(parts[0])
        return [normalise_indicator(p, "zh") for p in _share_tail(parts)]
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", names)
    return [p for p in (_clean_en(p) for p in parts) if p]


_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
_EN_NAMES_LEAD = re.compile(r"^\s*+(?:(?:percent|per\scent|million|billion|dollars|people)\b\s*+)?"
                            r"(?:(?:to|for|in|at|on|by|from|of|went\sto|were\sspent\son)\b\s*+)?(?:the\s)?", re.I)


def _names_after(text: str, pos: int, end: int) -> tuple[str, ...]:
    """The names of a respectively list written after its figures (``$1.51 billion and $1.65 billion to A
    and B, respectively``), or ()."""
    m = _RESPECTIVELY.search(text, pos, min(end + 16, pos + 200))
    if not m:
        return ()
    tail = text[pos:m.start()]
    lead = _EN_NAMES_LEAD.match(tail)
    tail = tail[lead.end():] if lead else tail
    return tuple(_split_names(tail.rstrip(" ,;"), False))


def _noun_after(text: str, fig: Figure, zh: bool) -> str:
    after = text[fig.end:fig.end + 24]
    if zh:
        if fig.text and fig.text[-1] in _CLASSIFIER:
            m = _ZH_NOUN_AFTER.match(after)
            if m:
                return _clean_zh(m.group("noun"))
        return ""
    if fig.unit == "" and fig.kind in ("number", "count"):
        m = _EN_NOUN_AFTER.match(after)
        if m:
            return m.group("noun").strip()
    return ""


Part = Literal["summary", "problems", "plan"]


def _long_sentence_start(text: str, pos: int) -> int:
    """Start of the sentence that ends at 。/!/?/a line end (a 目标是：A；B；C list stays one sentence)."""
    return _last_stop(text, max(0, pos - 2 * _REACH), pos, "。！？!?\n")


def _placed_role(role: FactRole | None, part: Part | None, clause: str) -> FactRole | None:
    """Where the figure stands decides what its words leave open: in the plan part 完成 / 达到 are
    target verbs (unless 实际 / 已 says otherwise), in the summary a figure without a cue is achieved."""
    if part == "plan" and role in (None, "achieved") and not _ACTUAL_RE.search(clause):
        return "target"
    if part == "summary" and role is None:
        return "achieved"
    if part == "problems" and role in (None, "achieved"):
        return "problem"
    return role


_YEAR_BEFORE_FIGURE = re.compile(r"(?:(?:19|20)\d\d\s*年|上年|去年|上一年|前一年|\b(?:in )?(?:19|20)\d\d\b|\blast year\b)"
                                 r"(?:末|底|度|的|全年)?\s*(?:的|为|是|of|was)?\s*$", re.I)


# period8: "membership goal +12% each year": a goal every year must reach, so one year's change, no average
_GOAL_WORD = re.compile(r"\b(?:goals?|targets?|aims?)\b", re.I)
# a year in brackets right after a figure, nothing else inside (not "(FY2024: 1.5 million)")
_BRACKET_YEAR = re.compile(r"(?:\s?[A-Za-z]{1,15}){0,2}\s{0,3}[(（]\s{0,3}(?P<when>(?:(?:at\s|by\s)?(?:the\s)?end\sof\s|"
                           r"as\sof\s|in\s)?(?:FY\s?|fiscal\syear\s)?(?:19|20)\d\d(?:\s?[-–—~至到]\s?(?:19|20)\d\d)?(?:\s?年(?:底|末)?)?)\s{0,3}[)）]",
                           re.I)  # period8: a span too ("three GAO reports (2020-2025)": the figure's years)
_EN_LATE_YEAR = re.compile(r"[^,;.\n(]{0,70}?\b(?:in\s(?:fiscal\syear\s|FY\s?)?|(?:for|during)\s(?:the\s)?(?:fiscal\syear\s|FY\s?))"
                           r"(?P<y>(?:19|20)\d\d)\b(?!\s*-)", re.I)
_BASE_BETWEEN = re.compile(r"\b(?:from|than|versus|vs\.?|compared\s(?:with|to))\s(?:about\s|some\s)?[$]?\d", re.I)
_ATTACHED_YEAR = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s?年(?:末|底)?的?\s?$")


_CLOSED_BRACKET = re.compile(r"[(（][^()（）\n]{0,60}[)）]")


def _mask_others(text: str, s_start: int, fig_start: int, earlier: Sequence[Figure]) -> str:
    """``text[s_start:fig_start]`` with the year words that belong to an earlier figure blanked
    (由上年的86.3亿元增加到100.6亿元: 上年 is 86.3's period, not 100.6's)."""
    window = text[s_start:fig_start]
    for g in earlier:
        if g.start < s_start or g.start >= fig_start:
            continue
        lo = max(s_start, g.start - 12)
        m = _YEAR_BEFORE_FIGURE.search(text, lo, g.start)
        if m and g.start - m.end() <= 0:
            a, b = m.start() - s_start, m.end() - s_start
            window = window[:a] + " " * (b - a) + window[b:]
        # "6,435 (2016: 6,790), -5.2%": a year inside an earlier figure's brackets dates that bracket only
        for br in _CLOSED_BRACKET.finditer(window):
            if br.start() <= g.start - s_start < br.end():
                window = window[:br.start()] + " " * (br.end() - br.start()) + window[br.end():]
    return window


def _part_at(parts: Sequence[tuple[int, int, Part | None]], starts: list[int], pos: int) -> Part | None:
    k = bisect.bisect_right(starts, pos) - 1
    if k >= 0 and pos < parts[k][1]:
        return parts[k][2]
    return None


# the noun a share is of, after it: "72% of applicants housed within 90 days" → applicants housed
_EN_SHARE_OF = re.compile(r"(?<!\s)\s++of\s++(?:the\s++|all\s++|its\s++|their\s++)?(?P<noun>[A-Za-z][A-Za-z-]*+(?:\s++(?!within\b|"
                          r"in\b|by\b|for\b|at\b|to\b|from\b|with\b|under\b|over\b|on\b|and\b|were\b|was\b|are\b|is\b)"
                          r"[A-Za-z-]++){0,3})")


def describe_figures(text: str, figures: Sequence[Figure], *, language: Language,
                     year_hint: int | None = None, part: Part | None = None,
                     parts: Sequence[tuple[int, int, Part | None]] | None = None) -> list[Meaning]:
    """A :class:`Meaning` for each of ``figures`` (found in ``text``, offsets into it, in order).

    ``part``: the report part the text stands in (``summary`` / ``problems`` / ``plan``), when known;
    ``parts``: (start, end, part) spans of a whole draft instead; either settles a role the words leave
    open (see :func:`_placed_role`)."""
    figs = sorted((f for f in figures), key=lambda f: f.start)
    starts = [f.start for f in figs]
    part_list = sorted(parts or (), key=lambda p: p[0])
    part_starts = [p[0] for p in part_list]
    seen_by_sentence: dict[int, list[tuple[int, str]]] = {}  # sentence start → (figure start, indicator)
    out: dict[int, Meaning] = {}
    prev_by_sentence: dict[int, tuple[int, str]] = {}  # sentence start → (end of last figure, its indicator)
    for fig in figs:
        zh = language == "zh" or _is_zh(text[max(0, fig.start - 12):fig.end + 4])
        s_start = _sentence_start(text, fig.start)
        s_end = _sentence_end(text, fig.end)
        c_start = _clause_start(text, fig.start, s_start)
        prev_end, prev_ind = prev_by_sentence.get(s_start, (s_start, ""))
        seg_start = max(c_start, prev_end)
        seg = text[seg_start:fig.start]
        clause_before = text[max(c_start, fig.start - 120):fig.start]
        sentence_before = text[s_start:fig.start]
        after = text[fig.end:s_end]
        # 分别 / respectively lists
        order: int | None = None
        listed: tuple[str, ...] = ()
        indicator = ""
        k_fen = sentence_before.rfind("分别") if zh else -1
        resp = (not zh) and re.search(r"\brespectively\b", text[fig.end:s_end], re.I) is not None
        if k_fen >= 0 or resp:
            if zh:
                abs_fen = s_start + k_fen
                between = text[abs_fen:fig.start]
                if not re.search(r"[，；;。]|,(?!\d)", between):  # not the comma of 35,512
                    lo, hi = bisect.bisect_left(starts, abs_fen), bisect.bisect_left(starts, fig.start)
                    order = 1 + sum(1 for g in figs[lo:hi] if g.unit == fig.unit)
                    names_start = max(_clause_start(text, abs_fen, s_start), abs_fen - 60)
                    listed = tuple(_split_names(text[names_start:abs_fen], True)[-12:])
                    if not listed:  # A x、B y，分别增长p、q: the names are the figures' before 分别
                        end = _clause_end(text, abs_fen, s_end)
                        n = sum(1 for g in figs[lo:bisect.bisect_left(starts, end)] if g.unit == fig.unit)
                        before = [ind for st, ind in seen_by_sentence.get(s_start, []) if st < abs_fen and ind]
                        distinct = list(dict.fromkeys(before))
                        if n >= 2 and len(distinct) >= n:
                            listed = tuple(distinct[-n:])
            else:
                lo, hi = bisect.bisect_left(starts, s_start), bisect.bisect_left(starts, s_end)
                same = [g for g in figs[lo:hi] if g.unit == fig.unit]
                first = same[0] if same else fig
                order = 1 + sum(1 for g in same if g.start < fig.start)
                subject = _clean_en(text[s_start:first.start])
                listed = tuple(_split_names(subject, False))
                if len(same) > 1 and len(listed) < len(same):  # "allocated $1.5B and $1.6B to A and B, respectively"
                    listed = _names_after(text, same[-1].end, s_end) or listed
            if order is not None and listed:
                indicator = listed[min(order, len(listed)) - 1]
            elif order is not None:
                order = None
        if not indicator and not zh and fig.unit == "%":
            of = _EN_SHARE_OF.match(text, fig.end, s_end)  # "72% of applicants housed within 90 days"
            indicator = of.group("noun") if of else ""
        if not indicator:
            indicator = _noun_after(text, fig, zh)
        if not indicator and prev_ind and seg_start > c_start and _ARROW_ONLY.match(seg):
            indicator = prev_ind  # 80.2岁 → 82.5岁: the end of a from → to pair is of the start's indicator
        if not indicator:
            indicator = _clean_zh(seg) if zh else _clean_en(seg)
            if zh and re.fullmatch(r"[年月日季度人次]", indicator):
                indicator = ""  # 城镇新增就业：年均1270多万人: the 年 of 年均 names nothing; the label does
        if not indicator and c_start > prev_end:  # 出入境人数，同比增长85.3%: a figure-less clause before names it
            for piece in reversed(re.split(r"[，,：:]", text[prev_end:c_start])):
                indicator = _clean_zh(piece) if zh else _clean_en(piece)
                if re.search(r"\w", indicator):
                    break
                indicator = ""  # "(FY2024: 5,980)": a bracket names nothing
        if not indicator and seg_start > c_start:
            indicator = prev_ind
        if not indicator and prev_ind:
            indicator = prev_ind
        if not indicator and zh:  # 完成了55万平方米旧有平房征收: the noun after the figure
            m_after = _ZH_NOUN_AFTER.match(text[fig.end:fig.end + 24])
            indicator = _clean_zh(m_after.group("noun")) if m_after else ""
        if not re.search(r"\w", indicator):
            indicator = prev_ind  # "(FY2024: 5,980)", "(target 80%)": the figure before the bracket names it
        indicator = normalise_indicator(indicator, "zh" if zh else "en")
        prev_by_sentence[s_start] = (fig.end, indicator)
        seen_by_sentence.setdefault(s_start, []).append((fig.start, indicator))
        # period: the sentence up to the figure and the words right after it (2015年的 X / X in 2015)
        lo_k = bisect.bisect_left(starts, s_start)
        k_self = bisect.bisect_left(starts, fig.start)
        masked = _mask_others(text, s_start, fig.start, figs[lo_k:k_self]) if k_self > lo_k else sentence_before
        # the words right after it, up to a stop or a parenthesis ("1.2 million (FY2024: 1.5 million)")
        k_after = bisect.bisect_right(starts, fig.start)
        while k_after < len(figs) and YEARS_FIGURE.fullmatch(figs[k_after].text):
            k_after += 1  # "added 12,000 jobs in the past two years": a count of years is the period's words
        after_end = min(fig.end + 30, starts[k_after] if k_after < len(starts) else len(text))
        window = masked + re.split(r"[，,；;。\n(（]|\.\s", text[fig.end:after_end])[0]  # up to the next figure
        dated = _BRACKET_YEAR.match(text, fig.end, min(len(text), fig.end + 40))
        if dated:  # "$14 billion (FY2020)", "over 200,000 (end of FY2022)", "13.2万头（2011年）": its own year
            window = window + " " + dated.group("when")
        window += period_words_after(text, fig.end, s_end)  # （五年合计）, ", FY2023-2024", "in fiscal years 2023 and 2024"
        period = own_period_before(masked, read_period(window, year_hint), year_hint)  # period6: 比上年的X
        if not zh and period.year_source != "text" and period.span is None:
            # "3.1 million veterans received community care in 2024": English dates a figure after its clause
            late = _EN_LATE_YEAR.match(text, fig.end, min(s_end, fig.end + 80))
            if late and _BASE_BETWEEN.search(text, fig.end, late.start("y")):
                late = None  # "dropped to 41 from 55 in 2024": the year is the base value's, not this figure's
            if late:
                period = replace(period, year=int(late.group("y")), year_source="text", relative=None)
        span_m = SPAN_ZH_RE.search(text[s_start:s_end]) or SPAN_EN_RE.search(text[s_start:s_end])
        if span_m and int(span_m.group("a")) < int(span_m.group("b")):
            span = (int(span_m.group("a")), int(span_m.group("b")))
            own = [int(y.group("y")) for y in YEAR_RE.finditer(clause_before[-16:] + after[:10])]
            year = period.year
            near_before = [int(y.group("y")) for y in YEAR_RE.finditer(seg)]
            after_year = re.match(r"^[^,;.，；。]{0,16}?\bin\s+((?:19|20)\d\d)\b", after)
            if after_year:
                year = int(after_year.group(1))
            elif near_before:
                year = near_before[-1]
            elif own:
                year = own[0]
            period = Period(year=year, months=period.months, quarter=period.quarter, half=period.half,
                            cumulative=period.cumulative, span=span, year_source="text" if year else "",
                            relative=period.relative)
        attached = _ATTACHED_YEAR.search(text, max(0, fig.start - 10), fig.start)
        if (attached and not period.span and period.year != int(attached.group("y"))
                and int(attached.group("y")) in stated_years(text[max(s_start, attached.start() - 12):fig.start])):
            # 2015年820公里 → 2020年1260公里: the year written on the figure is its own, not one after it
            period = replace(period, year=int(attached.group("y")), year_source="text", relative=None, relative_to="")
        if attached and period.cumulative and not period.span:
            # 2010年的21.6%: the year written on the figure is its period, whatever the sentence totals up
            period = replace(period, year=int(attached.group("y")), cumulative=False, year_source="text")
        long_before = text[max(_long_sentence_start(text, fig.start), fig.start - 300):fig.start]
        role = read_role_cue(long_before, after)
        if (role == "baseline" and re.match(r"^\s*(?:in (?:19|20)\d\d\s*)?to\b", after, re.I)
                and not re.search(r"\bfrom\b", clause_before, re.I)):
            role = read_role_cue(long_before)  # "rose 12% to $4.2M": a "to" that closes no from-to pair
        fig_part = _part_at(part_list, part_starts, fig.start) if part_list else part
        if (fig_part == "plan" and period.relative in (0, 1) and year_hint is not None
                and period.year == year_hint + period.relative):
            # a plan is about the year after the review (``year_hint``): its 年内 / 本年, and its 今年 (written in
            # that year) as much as its 明年 (written in the review's), are the plan's year
            period = replace(period, year=year_hint + 1, as_read=period.as_read or (period.year, period.relative))
        if role is None and not zh:  # "2,300 staff were trained", "revenue will reach…": English puts the verb after
            role = _cue_in(re.split(r"[,;.]\s|\band\b", after, maxsplit=1)[0][:60])
        role = _placed_role(role, fig_part, clause_before)
        k_next = bisect.bisect_right(starts, fig.start)
        next_start = starts[k_next] if k_next < len(starts) else len(text)
        after_own = text[fig.end:min(s_end, next_start)]  # up to the next figure: its words are its own
        after_clause = re.split(r"[，；;。]|,\s|\band\b", after_own, maxsplit=1)[0]
        base = read_base(seg) or read_base(clause_before)
        if base is None and not zh:  # "5% year on year", "20% higher than in 2010": English puts it after
            base = read_base(after_clause[:40])
        direction = _sign(text, fig.start) or read_direction(seg)
        if direction is None and order is not None and zh:
            direction = read_direction(sentence_before[k_fen:])
        if direction is None:
            direction = read_direction(clause_before)
        if direction is None and not zh and re.match(r"^\s*(?:higher|lower|more|less|fewer)\b", after, re.I):
            direction = read_direction(after[:12]) or ("down" if re.match(r"^\s*(?:lower|less|fewer)", after, re.I)
                                                       else "up")
        if (not zh and fig.unit == "%" and base in (None, "yoy") and read_base(clause_before + after_clause[:40]) != "yoy"
                and _PER_YEAR_RATE.match(after_clause) and not _GOAL_WORD.search(clause_before[-60:])):
            base = "avg"  # "GDP +5.9% a year", "grew 3% per year": a rate per year is a yearly average
        if base is None and order is None and _sign(text, fig.start) and fig.unit in ("%", "pp"):
            base = "yoy"  # a terse +x% / -x% is read (and expanded) as year on year
        out[id(fig)] = Meaning(indicator=indicator, period=period, role=role, base=base, direction=direction,
                               order=order, listed=listed)
    return [out[id(f)] for f in figures]


def describe_figure(text: str, figure: Figure, *, language: Language, year_hint: int | None = None,
                    part: Part | None = None) -> Meaning:
    """The meaning of one ``figure`` of ``text`` (offsets into ``text``), read within its sentence.
    For many figures of one text, :func:`describe_figures` reads them all in one pass."""
    s_start = _long_sentence_start(text, figure.start)
    s_end = figure.end
    while s_end < len(text) and text[s_end] not in "。！？!?\n" and not (text[s_end] == "." and
                                                                      text[s_end + 1:s_end + 2] in (" ", "\n", "")):
        s_end += 1
    sentence = text[s_start:s_end]
    figs = [f for f in extract_figures(sentence) if not f.ignored]
    local = [f for f in figs if f.start == figure.start - s_start] or [
        f for f in figs if f.start <= figure.start - s_start < f.end]
    if not local:
        shifted = Figure(text=figure.text, start=figure.start - s_start, end=figure.end - s_start, line=1,
                         value=figure.value, unit=figure.unit, kind=figure.kind, direction=figure.direction)
        figs = sorted([*figs, shifted], key=lambda f: f.start)
        local = [shifted]
    meanings = describe_figures(sentence, figs, language=language, year_hint=year_hint, part=part)
    return meanings[figs.index(local[0])]
