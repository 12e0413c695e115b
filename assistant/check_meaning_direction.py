"""Directions the notes' values imply, against the direction a draft states (issue 10).

A level the draft says rose or fell *to* (增加到142, "fell to 28.6 billion") is checked against the
notes' own account of that level: the earlier value on the same note line (由158降至142, "158 -> 142",
"Y (FY2024: X)", a dated series) or, failing that, the signed change written right beside it
(286亿元，+5.1%). :func:`assistant.check_meaning.meaning_check` blocks the figure with the reason.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.check_ledger import PERCENT_UNITS, Ledger
from assistant.figures import Figure
from assistant.meaning import Direction, Meaning, read_direction, same_indicator

__all__ = ["TO_LEVEL", "contradicting_earlier", "contradicting_rate", "contradicting_span", "magnitude_direction",
           "pair_end", "previous_year_value", "stated_level_direction"]

_EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december")

_RANK = re.compile(r"排名|名次|位次|排位|排在|\brank(?:ed|ing)?\b", re.I)  # a rank rises as its number falls
TO_LEVEL = re.compile(r"(?:\bto|到|至)\s*(?:(?:19|20)\d\d\s?年(?:底|末)?的?|(?:19|20)\d\d(?:'s)?\s)?\s*"  # 增加到2016年的Y
                       r"(?:about|around|nearly|约|近)?\s*$", re.I)


_DATED_AFTER = re.compile(r"\s?(?:in|at the end of|as of|by)\s(?P<m>January|February|March|April|May|June|July|August|"
                          r"September|October|November|December)?\s?(?P<y>(?:19|20)\d\d)?", re.I)


def _dated(text: str, end: int) -> tuple[int, int] | None:
    """(year, month) written right after a figure ("777 in December 2025"; year 0 for a month alone), None
    without a month."""
    m = _DATED_AFTER.match(text, end, end + 40)
    if m is None or not m.group("m"):
        return None
    return int(m.group("y") or 0), _EN_MONTHS.index(m.group("m").lower()) + 1


_PER = re.compile(r"\s?/\s?[^\s\d、，,；;。]{1,3}")


_NOUN_THEN_DATED = re.compile(r"[^\d，,；;。()（）\n]{0,40}[(（]\s*+(?:FY\s?)?(?:19|20)\d\d\s?年?\s*+[:：]\s*+")


# between the start and the end of a from → to pair on a note line: 14% -> 15.5%, 由14%提高到15.5%, "from 14% to 15.5%"
_PAIR_GAP = re.compile(r"[^，,；;。\d]{0,12}?(?:→|⟶|➝|➔|⇒|=>|-{1,2}>|—>|－>|到|至|\bto\b)\s*+(?:[~≈约]|about|around)?\s*+", re.I)


def pair_end(ledger: Ledger, idx: int) -> bool:
    """The note figure ends a from → to pair whose start (a baseline) stands right before it on its line:
    a level (a share, a rate reached), not a growth rate, whatever direction the pair gives it."""
    note = ledger.figs[idx]
    before = [j for j in ledger.by_line.get(note.line, ()) if ledger.figs[j].end <= note.start]
    if not before:
        return False
    j = max(before, key=lambda k: ledger.figs[k].end)
    c = ledger.figs[j]
    return (ledger.meanings[j].role == "baseline" and c.unit == note.unit and ledger.meanings[idx].base is None
            and _PAIR_GAP.fullmatch(ledger.text, c.end, note.start) is not None)


def contradicting_earlier(ledger: Ledger, idx: int, dm: Meaning, before: str, *, level: bool = False) -> Figure | None:
    """For a level the draft says rose/fell *to* (``increased to 142``, ``下降到41台``), the earlier value
    of the same note line (a baseline, an earlier year: ``158 -> 142``, ``(FY2024: 1.5 million)``) whose
    change runs the other way; None when the values agree with the draft's direction or none is known."""
    note = ledger.figs[idx]
    if dm.direction is None or note.value is None or not (level or TO_LEVEL.search(before)):
        return None
    nm = ledger.meanings[idx]
    if (note.unit in PERCENT_UNITS and (nm.base is not None or nm.direction is not None or note.direction is not None)
            and not pair_end(ledger, idx)):
        return None  # a growth rate is no level (增长3%，上年5%); a rate such as on-time 91% -> 86% is
    for j in ledger.by_line.get(note.line, ()):
        c, cm = ledger.figs[j], ledger.meanings[j]
        between = ledger.text[min(c.end, note.end):max(c.start, note.start)]
        dated_bracket = c.start > note.start and _NOUN_THEN_DATED.fullmatch(between) is not None
        inside = c.start > note.start and (re.match(r"^\s*[(（]", between) is not None  # "Y (FY2024: X)"
                                           or dated_bracket)  # "1,240 inspections completed (2022: 1,150)"
        other_unit = (c.unit != note.unit and not (c.kind == note.kind == "count")  # 2012年54家，2015年62户
                      and not (inside and not c.unit))  # "6.7 million yuan (2016: 12.3 million)": the unit is shared
        if j == idx or other_unit or c.value is None or c.value == note.value:
            continue
        per_c, per_n = _PER.match(ledger.text, c.end), _PER.match(ledger.text, note.end)
        if (per_c or per_n) and (per_c and per_c.group()) != (per_n and per_n.group()):
            continue  # 645元/月、4318元/年提高到801元/月: another measure of the list, not this one's earlier value
        c_when, n_when = _dated(ledger.text, c.end), _dated(ledger.text, note.end)
        if c_when is not None and n_when is not None and (c_when[0] == 0) == (n_when[0] == 0) and c_when < n_when \
                and c.start < note.start \
                and _DATED_AFTER.fullmatch(between.rstrip(", ")) is not None:
            # "1,433 in January 2025, 777 in December 2025": a dated series, the earlier value first
            if ("up" if note.value > c.value else "down") != dm.direction:
                return c
            continue
        if ((len(between) > 24 and not dated_bracket) or re.search(r"[，,；;。]\s", between)
                or (not inside and same_indicator(cm.indicator, nm.indicator) is False)
                or _RANK.search(ledger.text, max(0, min(c.start, note.start) - 24), min(c.start, note.start))):
            continue  # only the value right beside it (由X增加到Y, "158 -> 142"), of its indicator; not a rank
        cp, np_ = cm.period, nm.period
        earlier = (cm.role == "baseline" or cp.relative == -1
                   or (cp.year is not None and np_.year is not None and cp.year < np_.year)
                   # "1.2 million (FY2024: 1.5 million)": the only year stated on the line is the other value's
                   or (cp.year is not None and cp.year_source == "text" and np_.year_source != "text"
                       and cp.year <= (np_.year or cp.year)))
        if earlier and ("up" if note.value > c.value else "down") != dm.direction:
            return c
    return None


# between a level and its own change on a note line: "286亿元，+5.1%", "28.6 billion yuan, up 5.1%", "X，同比下降3%"
_RATE_GAP = re.compile(r"\s*+[，,]?\s*+(?:同比|比上年|较上年|year on year\s)?\s*+(?:增长|增加|提高|上升|下降|减少|降低|回落|"
                       r"up|down|rose|fell|increased|decreased)?\s*+(?:by\s)?[+＋\-−－]?\s*+")


def contradicting_rate(ledger: Ledger, idx: int, dm: Meaning, before: str, *, level: bool = False) -> Figure | None:
    """For a level the draft says rose/fell *to* (回落到286亿元, "fell to 28.6 billion"; ``level``: the draft
    states the level's direction in words of its own, 为286亿元，较上年有所回落), the notes' own change of that
    level right beside it (286亿元，+5.1%; a ratio's 99.2%，提高0.8个百分点) when it runs the other way; None
    otherwise."""
    note = ledger.figs[idx]
    nm = ledger.meanings[idx]
    ratio = (level and note.unit == "%" and nm.base is None and nm.direction is None and note.direction is None)
    if dm.direction is None or (note.unit in PERCENT_UNITS and not ratio) or not (level or TO_LEVEL.search(before)):
        return None
    after = [j for j in ledger.by_line.get(note.line, ()) if ledger.figs[j].start >= note.end]
    if not after:
        return None
    j = min(after, key=lambda k: ledger.figs[k].start)
    c, cm = ledger.figs[j], ledger.meanings[j]
    if c.unit not in (("pp",) if ratio else PERCENT_UNITS) or cm.base not in (None, "yoy") or cm.order is not None:
        return None
    if not _RATE_GAP.fullmatch(ledger.text, note.end, c.start):
        return None
    direction = c.direction or cm.direction
    return c if direction is not None and direction != dm.direction else None


# a level's own direction in a clause of the draft with no figure of its own: 为123.4亿元，较上年有所下降 /
# 较上年有所回落，为1112.4亿元 / 空气质量有所下降，优良天数比例为99.2%
_DIR_WORD = r"(?:增长|增加|提高|上升|上涨|提升|攀升|下降|减少|降低|回落|下滑|萎缩)"
_LEVEL_DIR_AFTER = re.compile(r"(?<!\s)\s*+[，,]\s*+(?:较上年|比上年|同比|较去年|比去年|与上年相比|较2\d{3}年)?\s*+"
                              r"(?:有所|略有|明显|大幅|持续|继续|进一步|稳步|小幅)?" + _DIR_WORD + r"\s*+(?:[。；;\n]|$)")
_ADVERB = r"(?:有所|略有|明显|大幅|持续|继续|进一步|稳步|小幅)"
# the base the level's direction is stated against: 较上年 / 比2015年 / 与2015年相比，(indicator words)
_DIR_BASE = (r"(?:较|比|与)\s*+(?:上年|去年|(?:19|20)\d\d\s?年(?:底|末)?)\s*+(?:相比)?\s*+[，,]?\s*+"
             r"[^，,；;。\n\d]{0,12}?" + _ADVERB + "?")
# between the direction's clause and the level: words, or the level's own year (…有所下降，2020年为25.2%)
_TO_LEVEL_FILL = r"(?:[^，,；;。\n\d]|(?:19|20)\d\d\s?年(?:底|末)?){0,16}?"
_LEVEL_DIR_BEFORE = re.compile(r"(?:" + _DIR_BASE + r"|(?:同比\s*+)?" + _ADVERB + r")" + _DIR_WORD + r"了?\s*+[，,]\s*+"
                               + _TO_LEVEL_FILL + r"(?:为|达到|达|是)\s*+$")


# "28.6 billion yuan, down from the previous year" / ", a slight decline from 2023": the level's own direction
_LEVEL_DIR_EN = re.compile(r"\s?(?:yuan|dollars|people|units)?,\s(?:an?\s)?(?:slight\s|modest\s|sharp\s|small\s)?"
                           r"(?P<w>down|up|lower|higher|decline|decrease|drop|increase|rise|fewer|more)\s"
                           r"(?:from|than|on|over|compared (?:with|to))\s(?:the\s|a\s)?(?:previous|prior|last|year|"
                           r"(?:fiscal year\s|FY\s?)?(?:19|20)\d\d)[^\d.;]{0,24}?(?:[.;]|$)", re.I)
_EN_DOWN = ("down", "lower", "decline", "decrease", "drop", "fewer")
# "declined compared with 2018, reaching 35.9 percent": the level's direction against a base, stated before it
_LEVEL_DIR_BEFORE_EN = re.compile(
    r"\b(?P<w>declined|fell|dropped|decreased|shrank|slipped|rose|increased|grew|climbed)\s(?:compared\s(?:with|to)|"
    r"from|since|over|on)\s(?:the\s)?(?:previous\syear|prior\syear|last\syear|(?:fiscal\syear\s|FY\s?)?(?:19|20)\d\d)"
    r"(?:\s(?:levels?|figure))?(?:,\s|\sand\s)(?:reaching|standing\sat|settling\sat|stood\sat|ended\sat|was|to|at)\s"
    r"(?:about\s|around\s|nearly\s)?\$?$", re.I)
_EN_FALL = ("declined", "fell", "dropped", "decreased", "shrank", "slipped")

# a verb of getting better or worse: its direction is the indicator's (on-time rates improve up, waits down)
_BETTER = ("改善", "好转", "improved")
_POLAR_EN = re.compile(r"\b(?P<w>improved|worsened|deteriorated)\s(?:from\s(?:about\s|around\s|nearly\s)?\$?[\d.,]+"
                       r"(?:\s?(?:percent|%|points?))?\s)?to\s(?:about\s|around\s|nearly\s)?\$?$", re.I)
_POLAR_ZH = re.compile(r"(?P<w>改善|好转|恶化)(?:到|至)\s*+(?:约|近)?$|(?:" + _DIR_BASE + r"|" + _ADVERB + r")(?P<v>改善|好转|恶化)"
                       r"\s*+[，,]\s*+" + _TO_LEVEL_FILL + r"(?:为|达到|达|是)\s*+$")
# indicators where more is better, and where less is
_HIGHER_BETTER = re.compile(r"覆盖率|满意度|达标率|合格率|优良|完成率|就业率|入学率|普及率|及格率|准点率|正点率|通过率|"
                            r"on-time|\bcoverage|\bsatisfaction|\baccuracy|\bcompliance|\bcompletion|\battendance|"
                            r"\bgraduation|\bliteracy|\bvaccination|\bimmunization|\bparticipation|\bretention|"
                            r"\bpass rate|\bclearance rate", re.I)
_LOWER_BETTER = re.compile(r"失业率|贫困|死亡率|发病率|事故|误差|差错|等待|投诉|赤字|负债|\bunemployment|\bpoverty|\berror|"
                           r"\bwait|\bdelay|\bcrime|\bmortality|\bdeficit|\bdebt|\bbacklog|\bcomplaint|\bvacanc|\bcost",
                           re.I)


def _polar(word: str, clause: str) -> Direction | None:
    """The direction "improved" / 改善 (or "worsened" / 恶化) gives a level: up where more of the indicator is
    better (on-time rates, coverage), down where less is (unemployment, waits); None when the clause says neither."""
    higher, lower = _HIGHER_BETTER.search(clause), _LOWER_BETTER.search(clause)
    if bool(higher) == bool(lower):
        return None
    better = word.lower() in _BETTER
    return "up" if better == bool(higher) else "down"


def stated_level_direction(text: str, start: int, end: int) -> Direction | None:
    """The direction the draft states for a level in a clause of its own beside it, with no figure of its own
    (为123.4亿元，较上年有所下降; 较上年有所回落，为1112.4亿元; 空气质量有所下降，优良天数比例为99.2%; 较2010年有所下降，
    2015年为25.2%; "declined compared with 2018, reaching 35.9 percent"; "improved from 91 to 86 percent" for an
    indicator where more is better): ``up`` / ``down``, or None."""
    en = _LEVEL_DIR_EN.match(text[end:end + 60])
    if en is not None:
        return "down" if en.group("w").lower() in _EN_DOWN else "up"
    sentence_start = max(text.rfind(ch, 0, start) for ch in "。！？!?\n") + 1
    before = text[max(sentence_start, start - 120):start]
    en = _LEVEL_DIR_BEFORE_EN.search(before)
    if en is not None:
        return "down" if en.group("w").lower() in _EN_FALL else "up"
    polar = _POLAR_EN.search(before) or _POLAR_ZH.search(before[-40:])
    if polar is not None:
        return _polar(polar.group("w") or polar.group("v"), before)
    after = _LEVEL_DIR_AFTER.match(text[end:end + 30])
    m = after or _LEVEL_DIR_BEFORE.search(text[max(0, start - 40):start])
    if m is None:
        return None
    word = re.search(_DIR_WORD, m.group())
    assert word is not None
    return "up" if word.group() in ("增长", "增加", "提高", "上升", "上涨", "提升", "攀升") else "down"


_FROM = re.compile(r"(?:\bfrom|[由从])\s*+(?:[上去]年的?|(?:19|20)\d\d\s?年(?:底|末)?的?|about|around|nearly|约|近)?\s*+\$?$", re.I)
_TO_NEXT = re.compile(r"^[^，,；;。\n]{0,40}?(?:\bto|到|至)\s*+(?:(?:19|20)\d\d\s?年(?:底|末)?的?)?\s*+"
                      r"(?:about|around|nearly|约|近)?\s*+\$?$", re.I)


def contradicting_span(figs: list[Figure], text: str, d: Figure, direction: Direction | None) -> Figure | None:
    """The draft's own "declined from X … to Y" / 减少，由X…到Y, its direction word before the pair, running
    against its two values (the draft says it fell from 82.4 to 90): Y, or None. A word between them (由X下降到Y)
    is Y's own, read by :func:`contradicting_earlier` against the notes."""
    if d.value is None or not _FROM.search(text[max(0, d.start - 30):d.start]):
        return None
    later = [f for f in figs if f.start >= d.end and f.unit == d.unit and f.value is not None and not f.ignored]
    if not later:
        return None
    y = min(later, key=lambda f: f.start)
    if not _TO_NEXT.match(text[d.end:y.start]) or y.value == d.value:
        return None
    assert y.value is not None
    if direction is None or read_direction(text[d.end:y.start]) is not None:
        return None  # 由X下降到Y: the word is Y's (下降到Y), checked against the notes' earlier value of Y
    if _RANK.search(text, max(0, d.start - 30), d.start):
        return None  # a rank rises as its number falls
    return y if ("up" if y.value > d.value else "down") != direction else None


# the size of a change named before it: 能耗降幅 >3% (a fall of 3%), 增幅为5% (a rise of 5%)
_MAGNITUDE = re.compile(r"(?P<w>降幅|跌幅|减幅|增幅|涨幅)\s*+(?:为|达到?|超过|在|保持在)?\s*+[>＞≥]?\s*+(?:约|近)?\s*+$")


def magnitude_direction(text: str, start: int) -> Direction | None:
    """The direction a change's size word right before a figure gives it (降幅 >3%: down; 增幅5%: up), or None."""
    m = _MAGNITUDE.search(text[max(0, start - 12):start])
    if m is None:
        return None
    return "down" if m.group("w") in ("降幅", "跌幅", "减幅") else "up"


# a level and its absolute change on one note line: 超长期特别国债1.3万亿元，比上年增加3000亿元
# (read right after a figure: a blank run starts only where the figure ends, so a search stays linear)
_CHANGE_GAP = re.compile(r"(?<!\s)(?:\s*+[，,(（]?\s*+(?:比上年|较上年|比去年|较去年|同比)\s*+(?P<w>增加|增长|提高|多|减少|下降|降低|少)\s*+$"
                         r"|\s*+[，,;(（]\s*+(?P<en>up|down)\s++(?:by\s)?\$?$)", re.I)
_PREVIOUS_WORD = re.compile(r"上年|去年|上一年|\blast year\b|\bthe previous year\b|\ba year earlier\b|\bprior year\b", re.I)


def previous_year_value(ledger: Ledger, idx: int, d: Figure, d_clause: str) -> Figure | None:
    """The draft's value is the previous year's, worked out from the note line's level and its change (1.3万亿元，
    比上年增加3000亿元 → 上年1万亿元), stated as the level's own (今年发行1万亿元): the change figure, or None.
    Not when the draft's own clause says it is the previous year's (上年 / last year)."""
    note = ledger.figs[idx]
    if d.value is None or note.value is None or d.unit != note.unit or _PREVIOUS_WORD.search(d_clause):
        return None
    after = [j for j in ledger.by_line.get(note.line, ()) if ledger.figs[j].start >= note.end]
    if not after:
        return None
    c = ledger.figs[min(after, key=lambda k: ledger.figs[k].start)]
    if c.unit != note.unit or c.value is None:
        return None
    gap = _CHANGE_GAP.match(ledger.text[note.end:c.start])
    if gap is None:
        return None
    word = gap.group("w") or gap.group("en")
    up = word.lower() in ("增加", "增长", "提高", "多", "up")
    previous = note.value - c.value if up else note.value + c.value
    return c if previous != 0 and abs(d.value - previous) <= abs(previous) * Decimal("0.005") else None
