"""When a figure applies: the :class:`Period` read from a clause or a note line.

``1—6月`` / ``1-6月`` / ``1至6月`` / ``January–June`` (months), ``一季度`` / ``Q1`` (quarter), ``上半年`` /
``first half`` (half), ``五年累计`` / ``“十二五”期间`` / ``over the past five years`` (cumulative),
``由2010年的X增加到2015年的Y`` / ``from X in 2010 to Y in 2015`` (span), a calendar year or a relative one
(去年 / 今年 / 明年, last / this / next year, with a year hint). Comparison years (比2010年, 是2010年的,
than in 2010) are a base, not the period (:func:`stated_years`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from assistant.documents import Language

_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "十一": 11, "十二": 12}
_EN_MONTHS = {m: n for n, ms in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")), start=1) for m in ms}
_MONTH_NUM = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_RANGE_SEP = r"\s*(?:—|——|－|-|–|~|～|至|到)\s*"
MONTHS_RE = re.compile(rf"(?<![\d.])(?P<a>{_MONTH_NUM})(?:月份?)?{_RANGE_SEP}(?P<b>{_MONTH_NUM})\s*月份?")
_EN_MONTHS_RE = re.compile(
    r"\b(?P<a>" + "|".join(sorted(_EN_MONTHS, key=len, reverse=True)) + r")\.?\s*(?:—|–|-|to|through|~)\s*"
    r"(?P<b>" + "|".join(sorted(_EN_MONTHS, key=len, reverse=True)) + r")\b", re.I)
_QUARTER_RE = re.compile(r"(?:第?(?P<zh>[一二三四1-4])季度)|\bQ(?P<q>[1-4])\b|\b(?P<en>first|second|third|fourth) quarter\b",
                         re.I)
_FIRST_QUARTERS_RE = re.compile(r"前(?P<n>[二三两23])季度|\bfirst (?P<en>two|three) quarters\b", re.I)
_HALF_RE = re.compile(r"(?P<zh>[上下])半年|\b(?P<en>first|second) half\b|\bH(?P<h>[12])\b", re.I)
_CUMULATIVE_RE = re.compile(
    r"(?:(?<![一二三四五六七八九十两\d])[一二三四五六七八九十两\d]++年(?:来)?(?:累计|合计|总计|共计)|"
    r"(?<![一二三四五六七八九十两\d])[一二三四五六七八九十两\d]++年来|过去(?!一年)[一二三四五六七八九十两\d]++年|"
    r"“?[十][一二三四五六七八九]五”?(?:期间|时期)|期间累计|"
    r"(?:(?<![一二三四五六七八九十两\d])[二三四五十两]|(?<![\d.])\d{1,2})年(?:来|间|内)?(?=累积|共|新增|合计|完成|实施|投资|建成|新建)|"
    r"\b(?:over|in|during|for|within) the (?:past|last|previous) (?:\w+|\d+) years\b|\b(?:\w+|\d+)-year (?:total|cumulative)\b|\bcumulative(?:ly)?\b|"
    r"\bover (?:the )?(?:next|coming|past|last) (?:decade|(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) years)\b|"
    r"\bover a decade\b|^\s*+since (?:FY\s?|fiscal year )?(?:19|20)\d\d\b|,\s?since (?:FY\s?|fiscal year )?(?:19|20)\d\d,|"
    r"\b(?:has|have) (?:\w+ )?(?:\w+ )?since (?:FY\s?|fiscal year )?(?:19|20)\d\d\b|\b(?:fiscal )?years (?:19|20)\d\d,? (?:and|&) (?:FY\s?)?(?:19|20)\d\d\b|"
    r"\bin (?:total|all) over\b)", re.I)
# 五年城镇新增就业452万人, 三年改造老旧小区86个: a count of years before what was done in them (not 五年级, 五年规划,
# 三年行动计划, 五年前, 第五年, 连续两年); read as a period, its digits stay figures (十年增加近70万亿元)
_YEARS_COUNT_RE = re.compile(r"(?<![一二三四五六七八九十两\d第每近前后上本今去明全当续])[两二三四五六七八九十]年(?!级|制|规划|计划|"
                             r"行动|前|后|以[上下]|左右|一遇|期|的|底|末|度|[一二三四五六七八九十\d])")
# a multi-year span named as one period: FY2022-2024, fiscal years 2022–2024, 2022 through 2024 (not 2021-2025年,
# which the Chinese readers leave to 由…到… / 期间), "over three years"
YEAR_RANGE_RE = re.compile(r"(?<![\d.])(?:FY\s?)?(?P<a>(?:19|20)\d\d)\s?(?:-|–|—|\bthrough\b|\bthru\b)\s?(?:FY\s?)?"
                           r"(?P<b>(?:19|20)\d\d(?!\d)|\d\d(?![\d.,]))(?!\s?年|\s?-\s?\d)", re.I)
_OVER_YEARS_RE = re.compile(r"\bover (?:the |those |these )?(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) "
                            r"(?:fiscal )?years\b|\b(?:two|three|four|five|six|seven|eight|nine|ten)-year period\b", re.I)


# a split fiscal / school year is ONE period, read as the year it ends (US FY2025 = Oct 2024–Sep 2025):
# 2024/25, 2024/2025, FY2024-25, FY24/25, 2024-25 (two-digit end), 2024—2025学年 / 赛季 / 年度 / 财年,
# "fiscal year 2024-2025", "the 2024-2025 school year"; a plain 2024-2025 or FY2023-2024 stays a span of two years
SPLIT_YEAR_RE = re.compile(
    r"(?<![\d.])(?P<fy>FY\s?|fiscal\s++year\s++|财年\s?)?(?P<a>(?:19|20)\d\d|(?<=FY)\d\d|(?<=FY )\d\d)"
    r"(?P<sep>[/／]|-|–|—|－)(?P<b>(?:19|20)\d\d|\d\d)(?!\d|\.\d|%)"
    r"(?P<kind>[ \t]?(?:学年|赛季|年度|财年|财政年度|会计年度)|[ \t](?:school|academic|fiscal|financial|tax)[ \t]++year\b|"
    r"[ \t](?:season|budget)\b)?", re.I)


def _split_end(m: re.Match[str]) -> int | None:
    """The year a split-year match ends in, or None when it is not one (not consecutive, or a plain
    2024-2025 with no fiscal / school word, which is a span of two years)."""
    a, b = m.group("a"), m.group("b")
    start = int(a) if len(a) == 4 else 2000 + int(a)
    end = int(b) if len(b) == 4 else start // 100 * 100 + int(b)
    if end != start + 1:
        return None
    fy = (m.group("fy") or "").strip().upper()
    if len(b) == 4 and m.group("sep") not in ("/", "／") and not (m.group("kind") or fy not in ("", "FY")):
        return None  # FY2023-2024, 2023-2024: two years (a US span); FY2024-25, fiscal year 2024-2025: one
    return end


def split_years(text: str) -> list[tuple[int, int, int]]:
    """(start, end, year) of each split year in ``text`` (2024/25 → the year 2025)."""
    out = []
    for m in SPLIT_YEAR_RE.finditer(text):
        end = _split_end(m)
        if end is not None:
            out.append((m.start(), m.end("b"), end))
    return out


def canon_split_years(text: str) -> str:
    """``text`` with each split year written as the year it ends, padded to the same length (offsets
    kept): "in 2024/25 the" → "in 2025    the", "FY2024-25" → "FY2025   ", 2024—2025学年 → "2025     学年"."""
    if "/" not in text and "-" not in text and "–" not in text and "—" not in text and "／" not in text \
            and "－" not in text:
        return text
    spans = split_years(text)
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for start, end, year in spans:
        raw = text[start:end]
        head = "FY" if raw[:2].upper() == "FY" and len(raw) >= 9 else ""
        new = (head + str(year)).ljust(end - start)
        parts.append(text[pos:start] + new[:end - start])
        pos = end
    return "".join(parts) + text[pos:]


def spell_split_years(text: str) -> str:
    """``text`` with each split year spelled as the two years it runs over (2024/25, FY24/25 → 2024–2025), the
    way a title names its period (offsets not kept)."""
    spans = split_years(text)
    if not spans:
        return text
    out, pos = [], 0
    for start, end, year in spans:
        out.append(text[pos:start] + f"{year - 1}–{year}")
        pos = end
    return "".join(out) + text[pos:]


# 3Q25, 1H25, Q3 FY25, FY25: compact office forms, read as Q3 2025, H1 2025, FY2025
_COMPACT_RE = re.compile(r"(?<![\w.])(?P<n>[1-4])(?P<k>[QH])(?P<y>\d\d)(?![\w.%])|\bFY\s?(?P<fy>\d\d)(?![\d.%])", re.I)


def canon_compact(text: str) -> str:
    """``text`` with 3Q25 / 1H25 / FY25 written Q3 2025 / H1 2025 / FY2025 (offsets not kept)."""
    def sub(m: re.Match[str]) -> str:
        if m.group("fy"):
            return f"FY20{m.group('fy')}"
        if m.group("k").upper() == "H" and m.group("n") not in "12":
            return m.group(0)
        return f"{m.group('k').upper()}{m.group('n')} 20{m.group('y')}"
    return _COMPACT_RE.sub(sub, text)


# a quarter or half named with a digit (Q3, H1, 3Q25, 1H25): period words, not figures, in a title or header
PART_TOKEN_RE = re.compile(r"(?<![\w.])(?:Q[1-4]|H[12]|[1-4]Q\d\d|[12]H\d\d)(?![\w.%])", re.I)


def canon_periods(text: str) -> str:
    """``text`` with split years and compact quarter / half / FY forms in the forms the readers know (offsets
    not kept: for reading a period, not for locating figures)."""
    return canon_compact(canon_split_years(text))


_FROM_BEFORE = re.compile(r"\b(?:from|between)\s++(?:fiscal\s++years?\s++)?$", re.I)


def year_range(text: str) -> tuple[int, int] | None:
    """The first multi-year span ``text`` names as one period (FY2022-2024 → (2022, 2024)), or None."""
    text = canon_split_years(text)
    for m in YEAR_RANGE_RE.finditer(text):
        if _FROM_BEFORE.search(text, max(0, m.start() - 24), m.start()):
            continue  # "reports issued from 2020 through 2025": a from-to span of other things, not a total
        a, b = int(m.group("a")), m.group("b")
        end = int(b) if len(b) == 4 else a // 100 * 100 + int(b)
        if a < end <= a + 30:
            return a, end
    return None


SPAN_ZH_RE = re.compile(r"[由从]\s*(?P<a>(?:19|20)\d\d)\s*年(?:底|末)?(?:的)?[^，。；;]{0,40}?(?:增加|增长|提高|上升|下降|减少|"
                         r"降低|回落|扩大|缩小|提升|发展)?(?:到|至)\s*(?P<b>(?:19|20)\d\d)\s*年")
SPAN_EN_RE = re.compile(r"\bfrom\b[^.;]{0,40}?\b(?:in )?(?P<a>(?:19|20)\d\d)\b[^.;]{0,40}?\b(?:to|through|thru|until)\b[^.;]{0,40}?"
                         r"\b(?:in )?(?P<b>(?:19|20)\d\d)\b", re.I)
YEAR_RE = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d\d)(?:\s*年(?:底|末|度)?|(?=\s|,|，|$|\b))")
# (pattern, delta, anchor): "report" words count from the year the report is written in (去年 in a review
# of 2024, written in 2025, is 2024), "data" words from the year of the figures around them (由上年的X: the
# year before the reviewed one); a "last year" that is a comparison base ("up 5% from last year") is "data"
# "up 5% from last year", "than the previous year": the year compared with, not the figure's own
_NOT_A_BASE = (r"(?<!\bfrom )(?<!\bthan )(?<!\bover )(?<!\bsince )(?<!\bwith )(?<!\bto )(?<!\bvs\. )(?<!\bon )"
               r"(?<!\bfrom the )(?<!\bthan the )(?<!\bover the )(?<!\bwith the )(?<!\bto the )(?<!\bon the )")
_REL_YEAR = (
    (re.compile(r"(?<![比较同与])去年(?!同期)", re.I), -1, "report"),
    (re.compile(_NOT_A_BASE + r"\blast year\b(?!'s)", re.I), -1, "report"),
    (re.compile(r"(?<![比较同与])(?:上年|上一年|前一年)(?!同期)|\blast year's|" + _NOT_A_BASE +
                r"(?:\b(?:previous|prior|preceding) year\b|\ba year (?:earlier|ago|before)\b|\bthe year before\b)", re.I), -1, "data"),
    (re.compile(r"今年|\bthis year\b", re.I), 0, "report"),
    (re.compile(r"本年|当年|年内", re.I), 0, "data"),  # 全年 / for the year: the whole of a year, not which
    (re.compile(r"明年|\bnext year\b|\bthe coming year\b", re.I), 1, "report"),
    (re.compile(r"来年|下一年", re.I), 1, "data"),
)
# the end of a five-year plan: “十三五”末 is 2020 (the 6th plan was 1981—1985)
_PLAN_END_RE = re.compile(r"“?十(?P<n>[一二三四五六七八九])五”?(?:时期|期)?(?:末|收官之年)")
_CN_DIGIT = "一二三四五六七八九"


_PLAN_NAME_RE = re.compile(r"十(?P<n>[一二三四五六七八九])五")


def _plan_end(numeral: str) -> int:
    return 1981 + 5 * (10 + _CN_DIGIT.index(numeral) + 1 - 6) + 4


def plan_end_year(text: str) -> int | None:
    """The last year of the five-year plan whose end ``text`` names (“十四五”末 → 2025), or None; not a
    comparison base (比“十三五”末增长2.4倍)."""
    for m in _PLAN_END_RE.finditer(text):
        if not _COMPARED_YEAR.search(text[:m.start()]):
            return _plan_end(m.group("n"))
    return None


def plan_years(text: str) -> tuple[int, int] | None:
    """The years of the first five-year plan ``text`` names (“十四五”时期 → (2021, 2025)), or None."""
    m = _PLAN_NAME_RE.search(text)
    if m is None:
        return None
    end = _plan_end(m.group("n"))
    return end - 4, end


_EN_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "two": 2, "three": 3}


@dataclass(frozen=True)
class Period:
    """When a figure applies. ``year`` None: not stated (and not known from context).

    ``months`` (1, 6) for 1—6月; ``quarter`` 1–4; ``half`` 1/2 (上半年 / first half); ``cumulative``
    for 五年累计 / "over the past five years"; ``span`` (2010, 2015) for 由2010年的X增加到2015年的Y;
    ``year_source``: ``text`` (stated next to the figure), ``context`` (a heading, the item, the notes'
    year), or ``""`` when there is no year."""

    year: int | None = None
    months: tuple[int, int] | None = None
    quarter: int | None = None
    half: int | None = None
    cumulative: bool = False
    span: tuple[int, int] | None = None
    year_source: str = ""
    #: the year named relative to the text's own (上年/去年 -1, 今年 0, 明年 +1), kept even when no year is known
    relative: int | None = None
    #: what ``relative`` counts from: ``report`` (去年 / last year: the year the report is written in),
    #: ``data`` (上年 / the previous year: the year of the figures around it) or ``""``
    relative_to: str = ""
    #: (year, relative) as the words alone read them, kept when the report part they stand in reads them
    #: otherwise (去年 in a review: the reviewed year); the checker accepts a figure either reading fits
    as_read: tuple[int | None, int | None] | None = None

    @property
    def part(self) -> str:
        """The part of the year as a key: ``m1-6``, ``q1``, ``h1``, ``cum`` or ``""`` (the whole year)."""
        if self.cumulative:
            return "cum"
        if self.months:
            return f"m{self.months[0]}-{self.months[1]}"
        if self.quarter:
            return f"q{self.quarter}"
        if self.half:
            return f"h{self.half}"
        return ""

    def label(self, language: Language) -> str:
        parts: list[str] = []
        zh = language == "zh"
        if self.span:
            parts.append(f"{self.span[0]}→{self.span[1]}")
        if self.year is not None and not (self.span and self.year in self.span):
            parts.append(f"{self.year}年" if zh else str(self.year))
        elif self.year is not None and self.span:
            parts.append(f"({self.year}年)" if zh else f"({self.year})")
        if self.months:
            parts.append(f"{self.months[0]}—{self.months[1]}月" if zh else f"months {self.months[0]}-{self.months[1]}")
        if self.quarter:
            parts.append(f"第{'一二三四'[self.quarter - 1]}季度" if zh else f"Q{self.quarter}")
        if self.half:
            parts.append(("上半年" if self.half == 1 else "下半年") if zh else f"H{self.half}")
        if self.cumulative:
            parts.append("累计" if zh else "cumulative")
        return " ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "months": list(self.months) if self.months else None, "quarter": self.quarter,
                "half": self.half, "cumulative": self.cumulative, "span": list(self.span) if self.span else None,
                "year_source": self.year_source, "relative": self.relative,
                "relative_to": self.relative_to, "as_read": list(self.as_read) if self.as_read else None}


def _month(s: str) -> int:
    return int(s) if s.isdigit() else _CN_MONTH[s]


_COMPARED_YEAR = re.compile(r"(?:比|较|与|是|为|相当于|高于|低于|超过)\s*$|\b(?:than|over|since|compared (?:with|to)|"
                            r"versus|vs\.?)\s*(?:in\s+)?$|"
                            # "up 9% on 2024", "down 3 points from 2024": the year a change is measured from
                            r"\b(?:up|down|rose|fell|grew|gained|increased|decreased|declined|dropped|higher|lower)\s++"
                            r"(?:(?:by\s++)?[$€£¥]?\d[\d.,]*+\s*+(?:%|percent|per\s++cent|(?:percentage\s++)?points?)?\s*+)?"
                            r"(?:on|from|against)\s++(?:fiscal\s++year\s++|FY\s?)?$", re.I)


# "reports issued from 2020 through 2025", 从2020年起: the start of a range of years, not the figure's year
_SINCE_AFTER = re.compile(r"\s?(?:以来|至今)")  # 2022年以来 / 2022年至今: since that year
_RANGE_START = re.compile(r"(?:\b(?:from|between)\s+(?:fiscal\s+years?\s+|FY\s?)?|[从自]\s*)$", re.I)


def stated_years(text: str) -> list[int]:
    """The calendar years ``text`` states as its own period (not 比2010年 / 是2010年的 / than in 2010)."""
    text = canon_periods(text)
    return [int(y.group("y")) for y in YEAR_RE.finditer(text) if not _COMPARED_YEAR.search(text[:y.start()])]


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the last match is the one wanted
        pass
    return found


def read_period(text: str, year_hint: int | None = None) -> Period:
    """The period stated in ``text`` (a clause or a note line); relative years need ``year_hint``."""
    text = canon_periods(text)
    months: tuple[int, int] | None = None
    quarter = half = None
    m = MONTHS_RE.search(text)
    if m:
        a, b = _month(m.group("a")), _month(m.group("b"))
        if a < b:
            months = (a, b)
    else:
        me = _EN_MONTHS_RE.search(text)
        if me:
            a, b = _EN_MONTHS[me.group("a").lower()], _EN_MONTHS[me.group("b").lower()]
            if a < b:
                months = (a, b)
    if months is None:
        fq = _FIRST_QUARTERS_RE.search(text)
        if fq:
            n = fq.group("n") or fq.group("en")
            k = {"二": 2, "两": 2, "三": 3, "2": 2, "3": 3}.get(n or "") or _EN_ORD.get((n or "").lower(), 3)
            months = (1, 3 * k)
    if months is None:
        # the last one named, the nearest to the figure: "18,420 in Q3, 9% more than the 16,900 in Q2" (Q2's)
        q = _last(_QUARTER_RE, text)
        if q:
            raw = q.group("zh") or q.group("q") or q.group("en")
            quarter = int(raw) if raw.isdigit() else ("一二三四".index(raw) + 1 if raw in "一二三四" else
                                                      _EN_ORD[raw.lower()])
    if months is None and quarter is None:
        h = _last(_HALF_RE, text)  # the last one named (上半年…下半年为X: 下半年's)
        if h:
            half = 1 if (h.group("zh") == "上" or (h.group("en") or "").lower() == "first" or h.group("h") == "1") else 2
    cumulative = bool(_CUMULATIVE_RE.search(text) or _YEARS_COUNT_RE.search(text)) or year_range(text) is not None
    span: tuple[int, int] | None = None
    sp = SPAN_ZH_RE.search(text) or SPAN_EN_RE.search(text)
    if sp and int(sp.group("a")) < int(sp.group("b")):
        span = (int(sp.group("a")), int(sp.group("b")))
    years = [int(y.group("y")) for y in YEAR_RE.finditer(text) if not _COMPARED_YEAR.search(text[:y.start()])
             and not _RANGE_START.search(text[:y.start()]) and not _SINCE_AFTER.match(text, y.end())]
    if any(_SINCE_AFTER.match(text, y.end()) for y in YEAR_RE.finditer(text)):
        cumulative = True  # 2022年以来新建公园5个: everything since that year, not that year's
    year: int | None = years[-1] if years else None
    if not years and _OVER_YEARS_RE.search(text):
        cumulative = True  # "over the three years" (a figure with a year of its own is that year's: "in 2010")
    if year is None:
        year = plan_end_year(text)
    source = "text" if year is not None else ""
    relative: int | None = None
    relative_to = ""
    if year is None:
        for pattern, delta, anchor in _REL_YEAR:  # the later delta wins (去年…今年: this year); for one delta,
            if delta != relative and pattern.search(text):  # the first anchor
                relative, relative_to = delta, anchor
                if year_hint is not None:
                    year, source = year_hint + delta, "text"
    return Period(year=year, months=months, quarter=quarter, half=half, cumulative=cumulative, span=span,
                  year_source=source, relative=relative, relative_to=relative_to)


# the year words right before a figure that make it the year before's value: 比上年的72起, 较去年同期的91%,
# 上年同期为1100件, 去年同期91%, "than the previous year's 356", "compared with last year's 356"
_OWN_PREV_BEFORE = re.compile(r"(?:上年|上一年|去年|前一年)(?:同期)?(?:末|底)?\s*(?:的|为|是)?\s*$|"
                              r"\b(?:last|the previous|the prior|the preceding) year's\s*$", re.I)


def own_period_before(before: str, period: Period, year_hint: int | None) -> Period:
    """``period`` read as the year before when the words right before the figure name that year as its own
    (比上年的72起: 72 is last year's, though 比 makes 上年 a base for what follows); a year stated in the
    clause (2024年的) is kept."""
    if period.year_source == "text" or period.span or not _OWN_PREV_BEFORE.search(before[-16:]):
        return period
    year = year_hint - 1 if year_hint is not None else None
    return replace(period, year=year, year_source="text" if year is not None else "", relative=-1,
                   relative_to="data")


def period_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of period expressions (1—6月, 五年累计…) whose digits are not figures."""
    out = [(m.start(), m.end()) for m in MONTHS_RE.finditer(text)]
    out += [(m.start(), m.end()) for m in _CUMULATIVE_RE.finditer(text)]
    out += [(m.start(), m.end()) for m in _FIRST_QUARTERS_RE.finditer(text)]
    out += [(m.start(), m.end()) for m in _QUARTER_RE.finditer(text)]
    return out


# a bracket after a figure (its clause's words between) that says it is a total over years: （五年合计）, (累计),
# "12,000 people enrolled (cumulative since 2021)"
_BRACKET_TOTAL = re.compile(r"[^,，;；。.\n\d()（）]{0,30}[(（](?P<what>[^()（）\n]{0,30})[)）]")
_TOTAL_MARK = re.compile(r"合计|累计|总计|共计|[两二三四五六七八九十\d]年|期间|以来|\btotal\b|\bcumulative\b|\bcombined\b|"
                         r"\bover (?:the )?(?:\w+ )?years\b|\bsince (?:FY\s?)?(?:19|20)\d\d\b", re.I)
_YEAR_WORDS = re.compile(r"(?:FY\s?)?(?:19|20)\d\d|(?<!\d)\d{1,2}(?=\s?年|-year|\syears)", re.I)
# the words after a figure up to a span of years that ends its line or sentence, with no figure between
_TRAILING_SPAN = re.compile(r"[^,，;；。\n\d]{0,30}[,，]\s{0,3}(?P<when>(?:in\s)?(?:FY\s?|fiscal\syears\s)?(?:19|20)\d\d"
                            r"\s?(?:-|–|—|\bthrough\b|\bto\b|至|到)\s?(?:FY\s?)?(?:(?:19|20)\d\d|\d\d)\s?年?)"
                            r"\s{0,3}(?:[(（][^()（）\n]{0,40}[)）])?\s{0,3}(?:$|[;；。\n]|\.(?:\s|$))", re.I)
# the years after a figure it applies to: "saved $1 billion a year in fiscal years 2023 and 2024"
_YEARS_AFTER = re.compile(r"[^,;.\n(\d]{0,40}?\b(?P<when>(?:fiscal\s)?years\s(?:FY\s?)?(?:19|20)\d\d,?\s(?:and|&)\s"
                          r"(?:FY\s?)?(?:19|20)\d\d)\b", re.I)


def period_words_after(text: str, end: int, stop: int) -> str:
    """The period words after a figure ending at ``end`` (its sentence ending at ``stop``) that date it, as text
    for :func:`read_period`: a bracket saying it is a total over years (10.7万亩（五年合计）, "(five-year
    total)", not "(2022年4800人)"), a span of years closing its clause (", FY2023-2024"), the years it applies
    to ("in fiscal years 2023 and 2024"); "" when none."""
    out = ""
    total = _BRACKET_TOTAL.match(text, end, min(len(text), end + 40))
    what = total.group("what") if total else ""
    if _TOTAL_MARK.search(what) and not re.search(r"\d", _YEAR_WORDS.sub("", what)):
        out += " " + what + " 累计"
    for pattern in (_TRAILING_SPAN, _YEARS_AFTER):
        m = pattern.match(text, end, min(stop, end + 80))
        if m:
            out += " " + m.group("when")
    return out
