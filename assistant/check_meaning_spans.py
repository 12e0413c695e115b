"""Rates and values over a span of years, read against the notes (issue 10): a yearly average (年均 /
average annual) is not one year's change, and the start of a from → to pair (由X增加到Y, ``X → Y``,
"91% (FY2022) -> 86%") is not the level reached. Used by :mod:`assistant.check_meaning`."""

from __future__ import annotations

import re

from assistant.check_ledger import Ledger
from assistant.figures import Figure
from assistant.meaning import Meaning
from assistant.periods import plan_years, read_period

__all__ = [
    "KEEP_LEVEL",
    "PAIR_AFTER",
    "average_conflict",
    "clause_floor",
    "other_period_rival",
    "per_year_conflict",
    "plan_part_year",
    "plan_title_flow",
    "single_year_heading",
    "span_reason",
    "start_as_level",
]

_PLANNED = ("target", "forecast")
_NO: tuple[bool, None] = (False, None)


def _sub_year(m: Meaning) -> bool:
    p = m.period
    return bool(p.months or p.quarter or p.half)


_RATE_UNITS = frozenset({"%", "pp", "‰"})


def _one_year(m: Meaning) -> bool:
    """The words state one year's change: a year of its own (2025年, 全年, in 2024) or a year-on-year base."""
    p = m.period
    return m.base == "yoy" or (p.year_source == "text" and p.relative is None
                               and not (p.cumulative or p.span or _sub_year(m)))


def average_conflict(d: Figure, dm: Meaning, nm: Meaning) -> str | None:
    """年均 / average annual is a rate over a span of years, not one year's change: ``avg`` when the notes'
    yearly average is stated as one year's change (2025年…增长6.6% for 年均+6.6%), ``one`` when one year's
    change (同比 / 2024年 / 比2010年's total) is stated as a yearly average; None otherwise (or unsure)."""
    if d.unit not in _RATE_UNITS or dm.order is not None or nm.order is not None:
        return None
    if nm.role in _PLANNED or dm.role in _PLANNED:
        return None
    if nm.base == "avg" and dm.base != "avg" and _one_year(dm):
        return "avg"
    if dm.base == "avg" and nm.base != "avg" and (_one_year(nm) or (nm.base or "").startswith("since:")):
        return "one"
    return None


# the note figure opens a from → to pair: 到 / 至 / → / to, then another figure on the line
PAIR_AFTER = re.compile(r"[^，,；;。\n]{0,40}?(?:到|至|→|⟶|➝|➔|⇒|=>|-{1,2}>|—>|－>|\bto\b)[^，,；;。\n]{0,30}?\d", re.I)
# 十四五回顾（2020年→2025年）, (2015—2020): the years a title's or header's from → to pair runs between
_ARROW_YEARS = re.compile(r"(?<!\d)(?P<a>(?:19|20)\d\d)\s?年?\s?(?:→|⟶|➝|➔|⇒|=>|->|—>|到|至|—|–|-)\s?(?:FY\s?)?"
                          r"(?P<b>(?:19|20)\d\d)(?!\d)")
_DRAFT_PAIR = re.compile(r"[由从]|\bfrom\b|\bbetween\b|比(?![例重率值])|较|\bthan\b|\bcompared\b|\bversus\b|\bvs\b", re.I)


def _pair_start_year(ledger: Ledger, idx: int) -> int | None:
    """The year a note figure that opens a from → to pair is of: its own (91% (FY2022) -> …, 由2015年的X),
    else the start of a years pair in a line above it (十四五回顾（2020年→2025年））, else None."""
    np_ = ledger.meanings[idx].period
    if np_.span:
        return np_.span[0]
    if np_.year_source == "text" and np_.year is not None and np_.relative is None:
        return np_.year
    lines = ledger.text.split("\n")[:max(0, ledger.figs[idx].line - 1)]
    for line in reversed(lines[-40:]):
        m = _ARROW_YEARS.search(line[:200])
        if m and int(m.group("a")) < int(m.group("b")):
            return int(m.group("a"))
    return None


def start_as_level(ledger: Ledger, idx: int, d: Figure, dm: Meaning) -> tuple[bool, int | None]:
    """The start of a from → to pair in the notes (由X增加到Y, X → Y, "91% (FY2022) -> 86%") stated by the
    draft as the level reached, not as the start (由X…, 2020年为X, "in fiscal year 2022", 上年): (True, the
    start year, None when the notes do not say it), else (False, None)."""
    nm, note = ledger.meanings[idx], ledger.figs[idx]
    if nm.role != "baseline" or dm.role not in ("achieved", None) or dm.order is not None:
        return _NO
    if nm.period.relative is not None or not PAIR_AFTER.match(ledger.text, note.end):
        return _NO  # 上年为X: the previous year's value (read as such by the period rules)
    dp = dm.period
    if dp.relative is not None or dm.base is not None or dp.span:
        return _NO
    text = ledger.draft_text
    start = max(text.rfind(ch, 0, d.start) for ch in "。！？!?\n，,；;") + 1
    if _DRAFT_PAIR.search(text, max(start, d.start - 60), d.start):
        return _NO  # the draft restates the pair (由X提高到Y) or compares with it (比2020年的X)
    year = _pair_start_year(ledger, idx)
    if dp.year_source == "text" and dp.year is not None and not dp.cumulative:
        if year is not None:
            return (True, year) if dp.year != year else _NO
        end = nm.period.year if nm.period.year is not None else ledger.year
        return (True, None) if end is not None and dp.year >= end else _NO
    return True, year


# "$3 billion a year", 每年节约36亿元, "annually": an amount per year, not a total over the years
_PER_YEAR_AFTER = re.compile(r"\s{0,3}(?:(?:a|per|each|every)\s(?:fiscal\s)?year\b(?!\s(?:earlier|ago|before|after|later))|"
                             r"annually\b|per\sannum\b|/\s?(?:yr|year)\b|/年|每年)", re.I)
_PER_YEAR_BEFORE = re.compile(r"每年|平均每年|年均|\bannually\b|\beach year\b|\bevery year\b|\ba year\b(?!\s(?:earlier|ago))|"
                              r"\bper year\b|\byearly\b|\bannual\b", re.I)
_TOTAL_BEFORE = re.compile(r"累计|合计|共计|总计|[两二三四五六七八九十]年(?:来|间|内)?(?:共|累计|合计)|\bin total\b|\bcumulative(?:ly)?\b|"
                           r"\bcombined\b|\baltogether\b|\bover (?:the )?(?:\w+ )?(?:years|decade)\b", re.I)
_HEADER_END = re.compile(r"[:：]\s*$")


def _per_year(text: str, start: int, end: int, floor: int) -> bool:
    """The words around a figure (``text[start:end]``) say it is an amount per year."""
    return bool(_PER_YEAR_AFTER.match(text, end, min(len(text), end + 20))
                or _PER_YEAR_BEFORE.search(text, max(floor, start - 20), start))


def clause_floor(text: str, pos: int) -> int:
    return max(text.rfind(ch, 0, pos) for ch in "。！？!?\n；;，,") + 1


def _header_multi_year(ledger: Ledger, line: int) -> bool:
    """The header line the note line stands under ("CBO estimates over next decade:", 五年累计：), or without
    one the notes' title, names a total over years."""
    lines = ledger.text.split("\n")[:max(0, line - 1)]
    for above in reversed(lines[-30:]):
        if _HEADER_END.search(above[:300]):
            return read_period(above[:300]).cumulative
    title = next((ln for ln in lines if ln.strip()), "")  # else the notes' title (Ten-year savings outlook)
    return bool(title) and read_period(title[:300]).cumulative


def single_year_heading(ledger: Ledger, line: int) -> bool:
    """The header line a note line stands under (2025年：), else the notes' title ("City 2025 review",
    2025年城建工作要点), names one year, not several (“十四五”时期回顾, 2018-2022年回顾要点, "Five-year review")."""
    lines = ledger.text.split("\n")[:max(0, line - 1)]
    heading = next((above for above in reversed(lines[-30:]) if _HEADER_END.search(above[:300])), None)
    if heading is None:
        heading = next((ln for ln in lines if ln.strip()), "")
    heading = heading[:300]
    if not heading or _ARROW_YEARS.search(heading) or re.search(r"[十][一二三四五六七八九]五|五年|\bfive[- ]year|\bdecade", heading,
                                                                re.I):
        return False
    p = read_period(heading)
    return p.year is not None and not (p.cumulative or p.span)


def per_year_conflict(ledger: Ledger, idx: int, d: Figure, dm: Meaning) -> str | None:
    """A total over years stated as an amount per year (``total``: "~$3 billion" under "CBO estimates over
    next decade:" written "$3 billion a year", 十年累计节约36亿元 → 每年节约36亿元), or an amount per year
    stated as a total over years by the draft's own words (``per_year``); None otherwise. Rates (%) are
    :func:`average_conflict`'s."""
    nm, note = ledger.meanings[idx], ledger.figs[idx]
    if d.unit in _RATE_UNITS:
        return None  # a target or a forecast is a total or a yearly amount as much as a result
    text, notes = ledger.draft_text, ledger.text
    d_per = _per_year(text, d.start, d.end, clause_floor(text, d.start))
    n_floor = max(notes.rfind("\n", 0, note.start) + 1, note.start - 60)
    n_per = _per_year(notes, note.start, note.end, n_floor)
    if d_per and not n_per and (nm.period.cumulative or _header_multi_year(ledger, note.line)):
        return "total"
    d_floor = max(text.rfind(ch, 0, d.start) for ch in "。！？!?\n") + 1
    if n_per and not d_per and _TOTAL_BEFORE.search(text, max(d_floor, d.start - 40), d.start):
        return "per_year"
    return None


# 二、2026年工作安排, "Plans for 2026", "Fiscal Year 2027 Request": the year a plan part is about
_PLAN_PART_YEAR = re.compile(r"((?:19|20)\d\d)\s?年(?:度)?(?:工作)?(?:安排|计划|打算|目标|要点|预期目标)|"
                             r"\b(?:plans?|priorities|goals|targets|outlook)\s(?:for\s)?(?:FY\s?|fiscal\syear\s)?((?:19|20)\d\d)\b|"
                             r"\b(?:FY\s?|fiscal\syear\s)((?:19|20)\d\d)\s(?:plans?|priorities|goals|targets|request|budget)\b",
                             re.I)


KEEP_LEVEL = re.compile(r"保持|稳定在|不低于|维持|巩固|基础上|\bmaintain|\bkeep\b|\bsustain|\bat least\b|\bno less than\b", re.I)


def plan_part_year(text: str, pos: int) -> int | None:
    """The year of the plan part ``pos`` stands in, read from the nearest plan title line above it."""
    lo = max(0, pos - 3000)
    for line in reversed(text[lo:pos].split("\n")[:-1] or [""]):
        m = _PLAN_PART_YEAR.search(line[:120])
        if m:
            return int(next(g for g in m.groups() if g))
    return None


_FLOW_WORDS = re.compile(r"新增|新建|新开|新办|建成|累计|完成|引进|改造|培训|转移|减少|削减|关停|搬迁|\badded\b|\bbuilt\b|"
                         r"\bcreated\b|\bnew\b|\bcompleted\b|\bcumulative\b|\bin total\b", re.I)
_LEVEL_WORDS = re.compile(r"达到|末|为|总量|保有|存栏|现有|规模|覆盖率|比重|占|\breached\b|\bstood\b|\blevel\b|\brate\b|"
                          r"\bshare\b", re.I)
_HEADER_LINE = re.compile(r"[:：]\s*$|^\s*(?:FY\s?)?(?:19|20)\d\d\s*年?\s*$", re.I)


def plan_title_flow(ledger: Ledger, idx: int, dm: Meaning) -> tuple[int, int] | None:
    """Notes titled with a five-year plan's period (“十四五”时期主要成绩, FY2021-2025 results) give a flow with
    no year of its own (新增百亿县区26个) for the whole period, not for one year of it: the plan's years when
    the draft names one year for it (2025年新增…26个), else None. A level (达到 / 末 / 覆盖率) is the end's."""
    note = ledger.figs[idx]
    np_, dp = ledger.meanings[idx].period, dm.period
    if np_.year_source == "text" or np_.relative is not None or np_.cumulative or np_.span or _sub_year(ledger.meanings[idx]):
        return None
    if not (dp.year_source == "text" and dp.year is not None and dp.relative is None
            and not (dp.cumulative or dp.span or dp.months or dp.quarter or dp.half)):
        return None
    lines = ledger.text.split("\n")
    title = next((ln for ln in lines if ln.strip()), "")[:200]
    years = plan_years(title) if re.search(r"[十][一二三四五六七八九]五", title) else None
    if years is None:
        return None
    if any(_HEADER_LINE.search(ln[:200]) for ln in lines[1:max(1, note.line - 1)]):
        return None  # a header between the title and the line (2025年：) dates it
    start = ledger.text.rfind("\n", 0, note.start) + 1
    before = ledger.text[max(start, note.start - 40):note.start]
    before = before[max(before.rfind(ch) for ch in "，,；;：:") + 1:]
    if not _FLOW_WORDS.search(before) or _LEVEL_WORDS.search(before):
        return None
    return years


# a number of years the figure's clause counts its change or total over: 3年+58.6%, 五年来, 近两年, "5-yr change",
# "over three years", "a five-year total"; not 五年级, 5年期, 五年规划, "five-year plan", "3 years ago"
_ZH_DIGITS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_YEARS_ZH = re.compile(r"(?<![\d.年第前后])(?P<n>十[一二三四五六七八九]?|[一两二三四五六七八九]|\d{1,2})\s?个?年"
                       r"(?!级|期|前|后|度|底|末|初|代|以前|以后|规划|计划|行动|内[完建])")
_YEARS_EN = re.compile(r"\b(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)[- ]?(?:yr|year)s?\b"
                       r"(?![- ](?:old|ago|earlier|before|later|plan|program|programme|term)\b)", re.I)
_YEARS_FIGURE = re.compile(r"[\d一两二三四五六七八九十]{1,3}\s?个?年|(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)"
                           r"[- ]?(?:yr|year)s?", re.I)  # 3年 read as a figure
_YEARS_AFTER = re.compile(r"\s?-?\s?(?:yr|year)s?\b|个?年", re.I)  # "3-yr": the 3 read as a figure of its own
_EN_DIGITS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def _years_counted(text: str, figs: list[Figure], pos: int, end: int) -> int | None:
    """The number of years the words of the figure at ``pos``..``end`` count its change or total over (its
    clause before it, after the figure before it; else the words after it, up to a stop or the next figure:
    "added 12,000 jobs over three years"), else None."""
    start = max(text.rfind(ch, 0, pos) for ch in "。；;\n！？!?") + 1
    start = max([start, pos - 40] + [f.end for f in figs if f.end <= pos and not f.ignored
                                     and not _YEARS_FIGURE.fullmatch(f.text) and not _YEARS_AFTER.match(text, f.end)])
    stop = min([end + 40] + [f.start for f in figs if f.start >= end and not f.ignored
                              and not _YEARS_FIGURE.fullmatch(f.text)])
    after = re.split(r"[，,；;。\n！？!?(（]|\.\s|\.$", text[end:stop], maxsplit=1)[0]
    return _count_in(text[start:pos]) or _count_in(after)


def _count_in(window: str) -> int | None:
    found = None
    for m in _YEARS_ZH.finditer(window):
        n = m.group("n")
        found = int(n) if n.isdigit() else (10 + _ZH_DIGITS.get(n[1:], 0) if n.startswith("十") else _ZH_DIGITS[n])
    for m in _YEARS_EN.finditer(window):
        n = m.group("n").lower()
        found = int(n) if n.isdigit() else _EN_DIGITS[n]
    return found if found and found > 1 else None


def years_count_conflict(ledger: Ledger, idx: int, d: Figure) -> tuple[int, int] | None:
    """The notes count a change or total over N years (财政收入…，3年+58.6%) and the draft over M ≠ N years
    (五年增长58.6%): (N, M), else None."""
    note = ledger.figs[idx]
    n = _years_counted(ledger.text, [ledger.figs[j] for j in ledger.by_line.get(note.line, ())], note.start, note.end)
    if n is None:
        return None
    m = _years_counted(ledger.draft_text, ledger.draft_between(d.start - 40, d.end + 41), d.start, d.end)  # perf: all it reads
    return (n, m) if m is not None and m != n else None


def span_reason(ledger: Ledger, idx: int, d: Figure, dm: Meaning, where: str, zh: bool) -> str | None:
    """The reason the draft misstates the span of years of note figure ``idx`` (``where`` names it), or None:
    the start of a from → to pair as the level reached, a total over years per year (or the other way round),
    a five-year plan's flow for one year of it."""
    started, start = start_as_level(ledger, idx, d, dm)
    if started:
        when = (f"{start}年" if zh else f" ({start})") if start else ""
        return (f"{where}是变化前（起始{when}）的数，草稿把{d.text}写成了达到的现值" if zh else
                f"{where} is the starting value{when} of a change, but the draft states {d.text} as "
                "the level reached")
    counted = years_count_conflict(ledger, idx, d)
    if counted is not None:
        return (f"{where}是{counted[0]}年间的数，草稿把{d.text}写成了{counted[1]}年间的数" if zh else
                f"{where} is the figure over {counted[0]} years, but the draft states {d.text} over {counted[1]} years")
    per_year = per_year_conflict(ledger, idx, d, dm)
    if per_year == "total":
        return (f"{where}是多年合计的数，草稿把{d.text}写成了每年的数" if zh else
                f"{where} is a total over several years, but the draft states {d.text} per year")
    if per_year == "per_year":
        return (f"{where}是每年的数，草稿把{d.text}写成了多年合计的数" if zh else
                f"{where} is an amount per year, but the draft states {d.text} as a total over years")
    flow = plan_title_flow(ledger, idx, dm) if dm.role not in _PLANNED else None
    if flow is not None:
        return (f"{where}是{flow[0]}—{flow[1]}年多年合计的数，草稿把{d.text}写成了{dm.period.year}年一年的数"
                if zh else f"{where} is the total for {flow[0]}-{flow[1]}, but the draft states {d.text} "
                f"for {dm.period.year} alone")
    return None


def other_period_rival(ledger: Ledger, d: Figure, best: int, rival: int) -> bool:
    """The note figure ``rival`` names the draft figure's indicator for another year than the one the draft
    names, which is ``best``'s (2020年地区生产总值为9323.1亿元 against 地区生产总值达到13697.5亿元，“十三五”末9323.1亿元):
    the same indicator's other period is no rival."""
    dm = ledger.draft_meanings.get(d.start)
    if dm is None or dm.period.year_source != "text" or dm.period.year is None or dm.period.relative is not None:
        return False
    bp, rp = ledger.meanings[best].period, ledger.meanings[rival].period
    return bp.year == dm.period.year and bp.year_source == "text" and rp.year != bp.year
