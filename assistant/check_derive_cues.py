"""The words of a draft sentence that license a derived figure (for :mod:`assistant.check_derive`).

:func:`read_cues` reads, around one draft figure and within its sentence (at most
:data:`SENTENCE_REACH` characters each side), the cue words of each kind of computation (合计 / total,
其余 / the other, 由…的 / from, 人均 / per, 年均 / average annual, 占 / made up, 计划的 / of the target), the
note figures whose values the sentence states (*anchors*), the year counts it states (2010年…2015年, 五年,
five years) and its indicator words after the figure too. Every pattern is bounded: linear on any line.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from itertools import combinations

from assistant.check_ledger import Ledger, compatible
from assistant.figures import Figure, context_tokens, extract_figures, multiple_form

__all__ = [
    "COMPLEMENT_CUES",
    "DIFF_CUES",
    "PER_CUES",
    "POPULATION_TOKENS",
    "TOTAL_CUES",
    "YEARLY_CUES",
    "Cues",
    "contrary_side",
    "read_cues",
    "sentence_figures",
    "spans",
]

# 共 as "in all" (共建成12所), not inside 公共 / 共同 / 共享 / 共建 / 共产党 (一般公共预算收入 is no total);
# 两个 / 三家 / both: the draft names the parts it adds up (时代广场、发达广场两个项目总投资12.2亿元)
TOTAL_CUES = re.compile(r"合计|共计|总计|累计|总共|一共|(?<!公)共(?![同享建产青赢识性有])|总和|总数|总量|[两二三四五六]"
                        r"[项个家所座条类处]|total|combined|together|in all|\bsum\b|\bboth\b|\ball (?:two|three|four)\b|"
                        r"\baltogether\b|\badd(?:s|ed)? up\b",
                        re.I)

# the parts counted earlier in the sentence (建新养老院和呼伦社区文体馆两个项目…) and 总 before the figure
# (…总投资1386万元): the figure is their total
PARTS_BEFORE = re.compile(r"[两二三四五六][项个家所座条类处]")
TOTAL_PREFIX = re.compile(r"总(?:投资|额|规模|面积|里程|长度|金额|资金)")

# English names a total after the figure too: "40 capital projects in total", "$12 million combined"
# (not for a percent: "12 percent of total outlays" is a share, not a sum)
#: A share of a whole the draft calls a total ("about 29% of total spending", "a third of the combined budget").
SHARE_OF_TOTAL = re.compile(r"[ ]?of (?:the )?(?:total|combined|overall)\b", re.I)
TOTAL_AFTER = re.compile(r"\b(?:in total|in all|combined|altogether|all told)\b", re.I)

# a difference without a direction word: what remains to be done (下半年需完成…), what was removed
# (拆除锅炉85台 from 126 to 41), how far one value is above another
DIFF_CUES = re.compile(r"需完成|还需|尚需|仍需|剩余|余下|拆除|关停|淘汰|取缔|差距|\bremaining\b|\bleft to\b|\bmore than\b|"
                       r"\bless than\b|\babove\b|\bbelow\b|\bfewer\b|\bhigher than\b|\blower than\b|\bgap\b|"
                       r"\btrail(?:ed|s)?\b|\bexceed(?:ed|s)?\b|\bshort of\b|\bthan\b|\bover the\b|\bcompared (?:with|to)\b|"
                       r"\bahead of\b|\boutpac(?:ed|ing|es|e)\b|\boutnumber(?:ed|ing|s)?\b|\bbehind\b|"
                       r"相比|比(?!重|例)|高于|低于|快于|慢于|高出|低出|领先|落后", re.I)

# the rest of a whole: 其余9项 (16 − 7), "the other 53 percent" (100% − 47%), "were not Ukrainian"
COMPLEMENT_CUES = re.compile(r"其余|其他|其它|另外|另有|剩余|剩下|余下|以外|之外|尚未|未(?!来)|没有|\bother\b|\brest\b|"
                             r"\bexcept\b|\bexcluding\b|\bapart from\b|"
                             r"\bremaining\b|\bremainder\b|\bremain(?:s|ed)?\b|\bstill to be\b|\boutstanding\b|\bnot\b|\bnon-|\bunspent\b|\bdid not\b", re.I)

#: 非税收入, 非公经济: the rest of a whole besides the part the word negates (a 非 word, not 非常 / 非洲 / 非遗 / 并非)
NON_PART_RE = re.compile(r"(?<![并是若除绝])非(?!常|洲|遗|物质|法|凡|得|要|但|正式)[\u4e00-\u9fff]")
#: Imports: a trade total less its exports (进出口2860亿元，其中出口1720亿元 → 进口1140亿元)
IMPORTS_RE = re.compile(r"进口|\bimports?\b", re.I)

# a part of a whole the sentence names: "Of the 152 agencies, 103 reported", 16个问题中已整改…
PARTITIVE_CUES = re.compile(r"\b(?:of|out of) (?:the|all|those|these)\b|\bout of\b|其中|中(?:有|[，,])", re.I)
#: "13 of the 14 receipts": the partitive right after the figure (English)
PARTITIVE_AFTER = re.compile(r"[ \t]*+(?:of|out of) (?:the|all|those|these) ", re.I)

# a start value: 由2010年的17308元增加到… / from $811.9 million to …
FROM_CUE = re.compile(r"(?:由|从)[^，。；,;由从]{0,12}$|\bfrom\s*(?:about\s*|some\s*)?\$?$|"
                      r"(?:较|比|与)(?:上年|去年|上一年|前一年)(?:同期)?的\s*$|\blast year's\s*$", re.I)  # 较上年的89.4%

# a value per unit: 人均 / 户均 / 平均 / 每 / per program / averaged
PER_CUES = re.compile(r"人均|户均|平均|每(?![年天日月])|均为|\bper\b|\baverag\w*|\beach\b", re.I)

# a share: 占 / 比重 / made up / of total / accounted for
SHARE_CUES = re.compile(r"占|比重|份额|比例|构成|\bshare\b|\bmade up\b|\bmake up\b|\baccount\w*|\bof (?:the |all |its |total )|"
                        r"\bportion\b|\bproportion\b|\bfraction\b|\bout of\b|相当于|\bequivalent to\b|\bequal to\b|"
                        r"\bthe equivalent of\b", re.I)

# a share of a plan, which may exceed 100%: 为年度计划的115.6% / 108 percent of the annual target
OF_PLAN_BEFORE = re.compile(r"(?:计划|目标|任务|预算|指标)[^，。；,;\d]{0,4}的$")
OF_PLAN_AFTER = re.compile(r" ?of (?:the |its |their |our )?(?:annual |yearly |full-year )?(?:target|goal|plan|budget)",
                           re.I)
PART_OF_CUES = re.compile(r"占|比重|份额|构成|\bshare\b|\bmade up\b|\bmake up\b|\bmakes up\b|\baccount\w*|"
                          r"\brepresent(?:ed|s|ing)?\b|\bcompris(?:ed|es|ing)\b|\bconstitut(?:ed|es|ing)\b|"
                          # "headquarters staff were 20% of the workforce": a copula, the figure, "of the" whole
                          r"\b(?:were|was|are|is)[ ]{1,3}of (?:the|all|its|total)\b", re.I)

# the whole a share is of, as the draft words it: "64 percent of the receipts of $100 or more were …" (after the
# figure, up to its verb), 占一般公共预算支出的 (between 占 and 的, before it)
WHOLE_AFTER = re.compile(r"\s?(?:percent|per cent|%)?\s?of (?:the |all |those |these |its )?((?:[^,;.\n]|[,.](?=\d)){1,60}?)\s"
                         r"(?:were|was|are|is|had|have|did|went|came|remain\w*)\b", re.I)
WHOLE_BEFORE = re.compile(r"占([^，。；,;占]{1,30})的?$")

# a threshold splitting a whole in two: "$100 or more" / 100人以上 against "under $100" / 100人以下
THRESHOLD_UP = re.compile(r"\bor more\b|\bor above\b|\band above\b|\bat least\b|以上|及以上|超过", re.I)
THRESHOLD_DOWN = re.compile(r"\bunder\b|\bbelow\b|\bless than\b|\bfewer than\b|以下|不足|不到|低于", re.I)

# a ratio of two values the sentence names, stated as a plain number: 城乡收入比约为2.18 / 之比为 / "the ratio of
# urban to rural income was 2.18"
RATIO_BEFORE = re.compile(r"(?:之比|比值|收入比|[^\d\s]比)(?:约为|大约|约|为|是|达到|达|缩小到|缩小至|缩小为|降至|降到|"
                          r"[：:])?\s*$|\bratio\b[^.;\d]{0,60}$", re.I)

#: An earlier period's level named right before the figure: 上年为 / 去年是 / 上年度 / "last year's … was" / "the
#: previous year's" / "a year earlier".
PRIOR_CUES = re.compile(r"(?:上年|去年|上一年|前一年|上年度)(?:同期)?(?:为|是|的|达到|实现|完成|约|仅|只有|[：:])|"
                        r"\b(?:last|previous|prior|the preceding) year'?s?\b|\ba year (?:earlier|before|ago)\b|"
                        r"\bthe year before\b", re.I)
_PRIOR_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d.])")

#: A qualifier before a share's or level's verb: 约占…的, 大约为, 接近, "roughly … of", "about … of".
QUALIFIED_BEFORE = re.compile(r"(?:约|大约|大致|接近|将近|近)(?:占|为|是|相当于)[^，。；,;\d]{0,20}$|"
                              r"\b(?:about|roughly|approximately|around|nearly|almost)\b[^.;,\d]{0,30}$", re.I)

#: What a gap is measured against, before a Chinese figure (比经济增速高, 快于全省平均, 高出城镇居民) or around an
#: English one ("faster than the economy", "above the national average", "outpacing GDP growth by").
_COMPARED_ZH = re.compile(r"(?:比|较)([^，。；,;\d比较]{1,16}?)(高|低|快|慢|多|少)(?:出|了)?$|"
                          r"(高|低|快|慢)(?:于|出)([^，。；,;\d]{1,16}?)$")
_COMPARED_EN_AFTER = re.compile(r"(?<!\s)\s*+(?:percentage\s++)?(?:points?\s++)?(higher|lower|faster|slower|above|below|more|"
                                r"less|ahead of|behind)(?:\s++than)?\s++([^,.;\n]{2,40})", re.I)
_COMPARED_EN_BEFORE = re.compile(r"\b(outpac\w*|exceed\w*|beat\w*|trail\w*|lag\w*(?:\s++behind)?)\s++([^,.;\n]{2,40}?)"
                                 r"\s++by\s*+$", re.I)
_UP_SIDE = frozenset({"高", "快", "多", "higher", "faster", "above", "more", "ahead of"})
#: The economy's growth named without its indicator: 经济增速 / 经济增长 / "the economy" / "economic growth" are GDP's.
_ECONOMY_RE = re.compile(r"经济(?:增速|增长|运行)?|\beconom(?:y|ic growth|ic)\b|\bGDP\b", re.I)
_GDP_TOKENS = context_tokens("地区生产总值")


def _compared(before: str, after: str) -> tuple[frozenset[str], str | None]:
    """The words of what a gap in points is measured against, and the side of it the sentence's rate is on."""
    words, side = "", ""
    m = _COMPARED_ZH.search(before[-24:])
    if m:
        words, side = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(4), m.group(3))
    else:
        ma = _COMPARED_EN_AFTER.match(after)
        mb = _COMPARED_EN_BEFORE.search(before[-60:])
        if ma:
            words, side = ma.group(2), ma.group(1).lower()
        elif mb:
            words, side = mb.group(2), "down" if mb.group(1).lower().startswith(("trail", "lag")) else "higher"
    tokens = context_tokens(words) if words else frozenset()
    if words and _ECONOMY_RE.search(words):
        tokens |= _GDP_TOKENS
    if not tokens:
        return frozenset(), None
    return tokens, "up" if side in _UP_SIDE else "down"


AVERAGE_CUES = re.compile(r"平均|均值|\baverag\w*|\bmean\b", re.I)
PER_HEAD_CUES = re.compile(r"人均|\bper (?:capita|person|resident|head)\b", re.I)
#: Words of a population figure (常住人口26.5万人, population 1.2 million): the divisor of a per-head value.
POPULATION_TOKENS = ("人口", "population", "resident", "inhabitant")

# a yearly figure over several years: 年均增长 / 平均每年 / average annual / per year
YEARLY_CUES = re.compile(r"年均|平均每年|每年平均|每年|\baverage annual\b|\bannual average\b|\bper year\b|"
                         r"\ba year\b|\bannually\b|\beach year\b|\bper annum\b", re.I)

_YEAR_RE = re.compile(r"(?<![\d.])(?:19|20)\d\d(?![\d.])")
# 五年, five years, "the five fiscal years" (one word between)
_SPAN_RE = re.compile(r"(?<![\d一二三四五六七八九十])([二三四五六七八九十]|[2-9]|1\d)\s?年(?![\d度级])|十[一二三四五]五|"
                      r"\b(two|three|four|five|six|seven|eight|nine|ten|[2-9]|1\d)[ -](?:[a-z]{1,12} )?years?\b", re.I)
_SPAN_WORDS = {"二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "two": 2, "three": 3,
               "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_SENT_END = "。；;！？!?\n"
#: Characters of a draft sentence read on each side of a figure (cues, anchors, words after it).
SENTENCE_REACH = 120
#: Note figures whose value the draft sentence states, at most (anchors).
ANCHORS = 6
MAX_YEARS = 30


@dataclass(frozen=True)
class Cues:
    """What the draft says around the figure: its cue words, the note figures its sentence states."""

    total: bool
    diff: bool
    complement: bool
    partitive: bool
    start_value: bool
    share: bool
    part_of: bool  # 占 / made up / accounted for: a part of a whole, never a growth
    of_plan: bool  # 为年度计划的115.6%: a share that may exceed 100%
    per: bool
    average: bool  # 平均 / averaged: possibly the mean of one indicator's values (三年平均50.3万吨)
    per_head: bool  # 人均 / per capita: a value per person of the population the notes give
    yearly: bool
    anchors: tuple[int, ...]
    spans: tuple[int, ...]  # year counts the draft sentence states (2010年…2015年, 五年, five years)
    tokens: frozenset[str]  # indicator words of the whole sentence (after the figure too)
    form: str | None  # a 倍 figure's form: "growth" (增长1.6倍), "ratio" (是…的2.6倍) or None
    #: note figures the draft states inside the words naming a share's whole ("of the receipts of $100 or
    #: more"): the whole is the total of their lines, not another line's total
    whole_anchors: tuple[int, ...] = ()
    #: the side of a threshold the draft states its figure on ("13 were for $100 or more": "up"), else None
    threshold: str | None = None
    #: a ratio word right before a plain number (城乡收入比约为2.18, "the ratio … was 2.18")
    ratio: bool = False
    #: indicator words of the whole sentence, however long (the parts an English sentence names early)
    sentence_tokens: frozenset[str] = frozenset()
    #: years that frame the figure: its sentence's and its heading's ("Summary of 2025" … "from 2020"), the
    #: end and start of a yearly rate whose values the notes give without both years
    frame_years: tuple[int, ...] = ()
    #: a rate's base the sentence states (per 1,000 residents, 每万人, 每十万人口: 1000, 10000, 100000), else 0
    per_base: int = 0
    #: the share or level is qualified before its verb (约占…的16%, 大约为, "roughly … of"): an operand given as "over"
    #: (超1.9万公里) may be part of it
    qualified: bool = False
    #: the words of what a gap in points is measured against (比经济增速高0.5个百分点: GDP's; "0.9 points faster than
    #: urban incomes"), and which side the sentence's own rate is on ("up": higher, faster; "down"; None)
    compared: frozenset[str] = frozenset()
    compared_side: str | None = None
    #: the figure is an earlier period's level (上年为, 去年是, "last year's quota was", "implying a 2015 deficit of")
    prior: bool = False


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    a = start
    while a > 0 and start - a < SENTENCE_REACH and text[a - 1] not in _SENT_END and not (
            text[a - 1] == " " and a >= 2 and text[a - 2] == "."):
        a -= 1
    b = end
    while b < len(text) and b - end < SENTENCE_REACH and text[b] not in _SENT_END and not (
            text[b] == "." and (b + 1 == len(text) or text[b + 1] in " \n")):
        b += 1
    return a, b


def draft_sentence(text: str, d: Figure) -> str:
    """The sentence of ``text`` the figure ``d`` is in."""
    a, b = _sentence(text, d.start, d.end)
    return text[a:b]


def _sentence_figures(ledger: Ledger, a: int, b: int) -> list[Figure]:
    """The draft's figures in ``[a, b)``: the checker's reading when it gave one, else read here."""
    figs = ledger.draft_figs
    if not figs:
        return [replace(g, start=g.start + a, end=g.end + a) for g in extract_figures(ledger.draft_text[a:b])]
    lo = bisect.bisect_left(figs, a, key=lambda f: f.start)
    hi = bisect.bisect_left(figs, b, key=lambda f: f.start)
    return figs[lo:hi]


def sentence_figures(d: Figure, ledger: Ledger) -> list[Figure]:
    """The other figures of the draft sentence of ``d`` (within :data:`SENTENCE_REACH` each side)."""
    a, b = _sentence(ledger.draft_text, d.start, d.end)
    return [g for g in _sentence_figures(ledger, a, b)
            if not g.ignored and g.value is not None and not g.start <= d.start < g.end]


def spans(text: str) -> set[int]:
    """Year counts a text states: the gaps between its years (2010年 … 2015年 → 5), 五年, 十二五, five years."""
    years = sorted({int(m.group(0)) for m in _YEAR_RE.finditer(text)})[:6]
    out = {y2 - y1 for y1, y2 in combinations(years, 2) if 0 < y2 - y1 <= MAX_YEARS}
    for m in _SPAN_RE.finditer(text):
        word = (m.group(1) or m.group(2) or "").lower()
        n = 5 if word == "" else _SPAN_WORDS.get(word) or int(word)
        if 2 <= n <= MAX_YEARS:
            out.add(n)
    return out


#: A rate's base: "per 1,000 residents", "per 100,000", "per thousand", 每万人, 每10万人口, 每千名, 每百户.
PER_BASE_RE = re.compile(r"\bper (1,?000,?000|100,?000|10,?000|1,?000|100|hundred|thousand|million)\b(?!,)|"
                         r"每(百|千|万|十万|百万|100|1000|1万|10万|10000|100000)(?=[人户名口居常])", re.I)
_PER_BASE_WORDS = {"hundred": 100, "thousand": 1000, "million": 10**6, "百": 100, "千": 1000, "万": 10**4,
                   "十万": 10**5, "百万": 10**6, "1万": 10**4, "10万": 10**5}


def per_base(text: str) -> int:
    """The base of a rate ``text`` states (per 1,000 → 1000, 每十万人 → 100000), 0 for none."""
    m = PER_BASE_RE.search(text)
    if not m:
        return 0
    word = (m.group(1) or m.group(2)).lower()
    return _PER_BASE_WORDS.get(word) or int(word.replace(",", ""))


#: A heading line of a draft: short, with no sentence end (Summary of 2025, 一、2025年工作回顾).
HEADING_CHARS = 60
#: Characters above a figure searched for its heading, at most.
HEADING_REACH = 3000


def _heading_above(text: str, pos: int) -> str:
    """The nearest heading line above ``pos`` in a draft ("" when none): short, without a sentence end."""
    end = text.rfind("\n", 0, pos)
    floor = max(0, pos - HEADING_REACH)  # bounded: a long draft without headings stays linear
    while end > floor:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if line and len(line) <= HEADING_CHARS and line[-1] not in "。；;.!?！？，,":
            return line
        end = start - 1
    return ""


def read_cues(d: Figure, ledger: Ledger) -> Cues:
    text = ledger.draft_text
    a, b = _sentence(text, d.start, d.end)
    before, after = text[a:d.start], text[d.end:b]
    clause = ledger.draft_clause(d)[:-len(d.text) or None]  # the figure's own 六条 is no cue (两条、四条…)
    after_clause = re.split(r"[，。；;,.\n]", text[d.end:d.end + 24], maxsplit=1)[0]
    # English puts the cue after the figure ("23 fewer offices"), at times further on ("8,550 lead service lines remain")
    after_long = re.split(r"[，。；;,.\n]", text[d.end:d.end + 48], maxsplit=1)[0]
    part_after = bool(PARTITIVE_AFTER.match(after))
    anchors: list[int] = []
    for g in _sentence_figures(ledger, a, b):
        if g.ignored or g.value is None or g.start <= d.start < g.end or len(anchors) >= ANCHORS:
            continue
        for i in ledger.same_value(g)[:2]:
            if compatible(g, ledger.figs[i]) and i not in anchors:
                anchors.append(i)
    return Cues(
        total=bool(TOTAL_CUES.search(clause)) or bool(PARTS_BEFORE.search(before) and TOTAL_PREFIX.search(clause)) or (
            d.kind not in ("percent", "percentage_point")
            and bool(TOTAL_AFTER.search(re.split(r"[，。；;,.\n]", text[d.end:d.end + 48], maxsplit=1)[0]))) or (
            d.kind in ("percent", "fraction") and _share_of_unstated_total(after, ledger.text)),  # "29% of total spending"
        diff=bool(DIFF_CUES.search(before[-60:] + " " + after_clause)),
        complement=bool(COMPLEMENT_CUES.search(clause + " " + after_long)) or bool(NON_PART_RE.search(clause[-16:])) or (
            d.kind == "money" and bool(IMPORTS_RE.search(clause[-16:]))),
        partitive=bool(PARTITIVE_CUES.search(before)) or part_after,
        start_value=bool(FROM_CUE.search(before[-24:])),
        share=bool(SHARE_CUES.search(before[-30:] + " " + after[:30])),
        part_of=bool(PART_OF_CUES.search(before[-30:] + " " + after[:30])),
        of_plan=bool(OF_PLAN_BEFORE.search(before[-12:]) or OF_PLAN_AFTER.match(after)),
        per=bool(PER_CUES.search(before[-30:] + " " + after[:30])),
        average=bool(AVERAGE_CUES.search(before[-30:] + " " + after[:30])),
        per_head=bool(PER_HEAD_CUES.search(before[-30:] + " " + after[:30])),
        yearly=bool(YEARLY_CUES.search(before[-30:] + " " + after[:20])),
        anchors=tuple(anchors[:ANCHORS]),
        spans=tuple(sorted(spans(before + " " + after))),
        tokens=context_tokens(_words(before, -40) + " " + _words(after, 40)),
        form=multiple_form(text, d),
        whole_anchors=(whole := _whole_anchors(ledger, d, before, after)),
        # … or the side the words naming a share's whole state ("69 percent of the receipts of $100 or more")
        # … or the words after "13 of the 14 receipts" ("were $100 or more")
        threshold=_side(clause[-24:] + " " + after_clause) or (_side(after[:48]) if whole or part_after else None),
        sentence_tokens=context_tokens(before + " " + after),
        ratio=d.kind == "number" and not d.unit and bool(RATIO_BEFORE.search(before[-80:])),
        per_base=per_base(before[-30:] + " " + after[:40]),
        frame_years=(frame := tuple(sorted({int(y) for y in _YEAR_RE.findall(
            before + " " + after + " " + _heading_above(text, a))}))),
        compared=(comp := _compared(before, after) if d.kind == "percentage_point" else (frozenset(), None))[0],
        compared_side=comp[1],
        qualified=bool(QUALIFIED_BEFORE.search(before[-30:])),
        prior=_prior(before[-(24 if _CJK_BEFORE.search(before[-8:]) else 48):] + " " + after[:24], frame),
    )


_CJK_BEFORE = re.compile(r"[\u4e00-\u9fff]")


def _prior(near: str, frame: tuple[int, ...]) -> bool:
    """The words around a figure state it as an earlier period's level: 上年为, "last year's", or a year before the
    latest year framing it ("implying a 2015 deficit of" under "Plan for 2016")."""
    if PRIOR_CUES.search(near):
        return True
    years = [int(y) for y in _PRIOR_YEAR.findall(near)]
    return bool(years and frame and min(years) < max(frame))


def _share_of_unstated_total(after: str, notes: str) -> bool:
    """The draft names a share's whole as a total ("about 29% of total spending") the notes do not state as a
    figure of its own ("total expenses: $82.4 billion" is that total, no sum of lines)."""
    m = SHARE_OF_TOTAL.match(after)
    if not m:
        return False
    word = re.match(r" ?([A-Za-z]{3,20})", after[m.end():])
    if not word:
        return True
    stem = word.group(1).lower().rstrip("s")
    return re.search(r"\b(?:total|overall|combined)\s+" + re.escape(stem), notes, re.I) is None


def _side(text: str) -> str | None:
    """The side of a threshold ``text`` states: "up" (or more, 以上), "down" (under, 以下), None (neither or both)."""
    up, down = bool(THRESHOLD_UP.search(text)), bool(THRESHOLD_DOWN.search(text))
    return None if up == down else ("up" if up else "down")


def contrary_side(notes: str, f: Figure, side: str | None) -> bool:
    """The note figure ``f`` (a threshold the draft states) is written with the other side of it (under $100
    against "$100 or more")."""
    if side is None:
        return False
    ls = notes.rfind("\n", 0, f.start) + 1
    le = notes.find("\n", f.end)
    window = notes[max(ls, f.start - 14):min(le if le >= 0 else len(notes), f.end + 14)]
    found = _side(window)
    return found is not None and found != side


def _whole_anchors(ledger: Ledger, d: Figure, before: str, after: str) -> tuple[int, ...]:
    """Note figures stated inside the words that name a share's whole (see :data:`WHOLE_AFTER`)."""
    if d.kind != "percent":
        return ()
    m = WHOLE_AFTER.match(after)
    if m:
        a, b = d.end + m.start(1), d.end + m.end(1)
    else:
        mb = WHOLE_BEFORE.search(before[-32:])
        if not mb:
            return ()
        a, b = d.start - len(before[-32:]) + mb.start(1), d.start - len(before[-32:]) + mb.end(1)
    out: list[int] = []
    for g in _sentence_figures(ledger, a, b):
        if g.ignored or g.value is None:
            continue
        out += [i for i in ledger.same_value(g)[:4] if compatible(g, ledger.figs[i]) and i not in out]
    return tuple(out[:ANCHORS])


def _words(text: str, n: int) -> str:
    """The last (n < 0) or first ``|n|`` characters of ``text``, an English word never cut in two."""
    if len(text) <= abs(n):
        return text
    cut = len(text) + n if n < 0 else n
    step = -1 if n < 0 else 1
    while 0 < cut < len(text) and abs(cut - (len(text) + n if n < 0 else n)) < 20 and text[cut - (n < 0)].isascii() \
            and text[cut - (n < 0)].isalpha():
        cut += step  # never a word cut in two: "Cash", not "ash"
    return text[cut:] if n < 0 else text[:cut]
