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
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal

from assistant.documents import Language
from assistant.figures import Figure, extract_figures, paired_names
from assistant.lang import has_cjk as _is_zh
from assistant.periods import (
    MONTHS_RE,
    SPAN_EN_RE,
    SPAN_ZH_RE,
    YEAR_RE,
    Period,
    read_period,
)

FactRole = Literal["achieved", "target", "forecast", "baseline", "problem"]
FACT_ROLES: tuple[FactRole, ...] = ("achieved", "target", "forecast", "baseline", "problem")
Direction = Literal["up", "down"]

# --- indicators ----------------------------------------------------------------------------------

ZH_INDICATOR_ABBREVIATIONS: dict[str, str] = {
    "固投": "固定资产投资",
    "社零总额": "社会消费品零售总额",
    "社零额": "社会消费品零售总额",
    "社零": "社会消费品零售总额",
    "规上工业": "规模以上工业",
    "规上": "规模以上",
    "一产": "第一产业",
    "二产": "第二产业",
    "三产": "第三产业",
    "进出口额": "进出口总额",
    "GDP": "地区生产总值",
    "gdp": "地区生产总值",
}
_ZH_ABBR_RE = re.compile("|".join(("(?<!第)" if k.endswith("产") else "") + re.escape(k)
                                  for k in sorted(ZH_INDICATOR_ABBREVIATIONS, key=len, reverse=True)))


def normalise_indicator(name: str, language: Language) -> str:
    """Spell out abbreviations (固投 → 固定资产投资, 一产 → 第一产业, GDP → 地区生产总值 in Chinese)."""
    name = name.strip()
    if language == "zh" or _is_zh(name):
        name = _ZH_ABBR_RE.sub(lambda m: ZH_INDICATOR_ABBREVIATIONS[m.group(0)], name)
        return re.sub(r"\s+", "", name)
    return re.sub(r"\s+", " ", name)


_ZH_LEAD = re.compile(
    r"^(?:全年|全区|全市|全县|全镇|全旗|全乡|全省|今年|本年|当年|年内|去年|上年|明年|其中|累计|共计|共|合计|总计|"
    r"完成了?|实现了?|达到了?|力争|预计|计划|目标|确保|争取|努力|拟|将|要|到|由|从|在|对|和|与|及|以及|并|同时|此外|"
    r"另外|主要|一是|二是|三是|四是|五是|其次|首先|通过|为|是|的|了|使|让|其|该|这|年底|年末|期末|月末|"
    r"上半年|下半年|前三季度|同比|比上年|较上年|年均|[，,、\s+＋\-－−↑↓])+")
_ZH_TAIL = re.compile(
    r"(?:同比|比上年同期|比上年|较上年|比去年|较去年|比\d{4}年|较\d{4}年|与上年相比|年均|年平均|平均|分别|累计|共计|共|总计|"
    r"增长了?|增加了?|下降了?|减少了?|提高了?|降低了?|上升了?|回落了?|下滑了?|提升了?|扩大了?|缩小了?|增|降|"
    r"达到了?|达|完成了?|实现了?|为|是|突破|超过|超|逾|约|近|将近|接近|不低于|不少于|控制在|保持在|稳定在|"
    r"到|至|由|从|的|了|在|有|以上|左右|上下|翻了?|翻一番|总量|规模|水平|达成|预计|力争|确保|争取|计划|(?<!人)均|"
    r"[，,、:：\s+＋\-－−↑↓])+$")
_ZH_INNER_PERIOD = re.compile(rf"(?:(?:19|20)\d\d\s*年(?:底|末|度)?(?:的)?|{MONTHS_RE.pattern}|[上下]半年|前[二三两]季度|"
                              r"第?[一二三四]季度|(?<![一二三四五六七八九十两\d])[一二三四五六七八九十两\d]++年(?:来)?累计|过去[一二三四五六七八九十两\d]++年|"
                              r"“?十[一二三四五六七八九]五”?(?:期间|时期)?|\d{1,2}月(?:份|底|末)?)")
_CLASSIFIER = "个项家所座条处批名位支台辆套户栋间场次期座口眼"
_EN_TAIL = re.compile(
    r"(?:\b(?:rose|rise|rises|risen|increased|increase|increases|grew|grow|grows|growth|fell|fall|falls|fallen|"
    r"decreased|decrease|declined|decline|dropped|drop|was|were|is|are|be|been|reached|reach|totaled|totalled|"
    r"totals|total|stood|came|amounted|hit|of|by|to|at|up|down|about|around|nearly|over|more|than|approximately|"
    r"some|an|a|the|respectively|almost|roughly|exceeded|exceed|topped|climbed|jumped|slipped|rising|falling|"
    r"increasing|growing|on|in|for|from|with|year|years|and|had|has|have|reaching|its|their|our|only|just|"
    r"expected|projected|forecast|estimated|target|targeted|aim|aims|will|plan|plans|planned|least|got|get|gets|"
    r"received|receive|saw|see|sees|posted|recorded|registered|earned|attracted|drew|reported|handled|served|"
    r"cost|spent|paid|saved|lost|added|created|generated|"
    r"(?:19|20)\d\d)\b|[,;:\s$€£¥+\-])+$", re.I)
_EN_LEAD = re.compile(
    r"^(?:\b(?:in|during|by|for|the|our|we|total|overall|also|and|while|of|which|whereas|with|plus|meanwhile|"
    r"in addition|additionally|first|second|third|then|its|their|this|that|these|last|next|year|years|"
    r"(?:19|20)\d\d)\b|[,;:\s])+", re.I)
_EN_NOUN_AFTER = re.compile(r"^\s*(?P<noun>(?:(?!(?:in|on|at|by|for|from|to|and|or|with|of|over|than|per|"
                            r"percent|per cent|year|years|this|last|next|up|down|which|while|was|were)\b)"
                            r"[A-Za-z][A-Za-z-]*\s*){1,3})", re.I)
_ZH_NOUN_AFTER = re.compile(r"^(?P<noun>[\u4e00-\u9fff]{1,12}?)(?=$|[，,。；;、：:（(\s\d]|增长|增加|下降|减少|同比|比上年|"
                            r"分别|完成|实现|达到|投资|建成|开工|的|顺利|全面|已|均|得到|取得|工程|项目建设)")


_ZH_INNER_FILLER = re.compile(r"累计|累积|全年|(?:完成|实现)(?=投资|产值|销售|营业|收入)|按可比口径|按可比价格?计算?|"
                              r"(?<=[\u4e00-\u9fff])均$")


def _clean_zh(seg: str) -> str:
    seg = re.sub(r"(?:比|较|与)\s*(?:19|20)\d\d\s*年(?:相比)?", "", seg)
    seg = _ZH_INNER_PERIOD.sub("", seg)
    seg = _ZH_INNER_FILLER.sub("", seg)
    seg = re.sub(r"[（(][^）)]*[）)]", "", seg)
    seg = re.sub(r"[\x00“”\"'《》【】]", "", seg)
    prev = None
    while prev != seg:
        prev = seg
        seg = _ZH_LEAD.sub("", seg)
        seg = _ZH_TAIL.sub("", seg)
    return seg.strip()


_EN_YEAR_ARROW = re.compile(r"\b(?:FY\s?)?(?:19|20)\d\d\b|->|→|=>")


def _clean_en(seg: str) -> str:
    seg = re.sub(r"\([^)]*\)", " ", seg.replace("\x00", " "))
    seg = _EN_YEAR_ARROW.sub(" ", seg)  # "88% in FY2021 -> about 82%": a year and an arrow name no indicator
    prev = None
    while prev != seg:
        prev = seg
        seg = _EN_TAIL.sub("", seg)
        seg = _EN_LEAD.sub("", seg)
    return seg.strip(" ,;:-")


# --- roles, bases, directions ---------------------------------------------------------------------

# "an estimated 5,000" is an approximation, "is estimated to reach" a forecast
_FORECAST_RE = re.compile(r"预计|预估|有望|\bexpected\b|\bprojected\b|\bforecasts?\b|\bestimated to\b|\bexpects?\b|"
                          r"\banticipated\b", re.I)
# target words; not the nouns of achieved sentences (完成目标任务的117%, 计划生育, 争取上级资金1.2亿元); a
# figure labelled 预算 right before it (预算9000万元, 年初预算为…) is the planned value, 预算收入 is no label
_TARGET_RE = re.compile(r"(?:年初|全年)?预算(?:数|为|是|安排)?\s*+$|力争|(?<!完成)(?<!实现)(?<!超额)目标(?!任务的|责任)|(?<!完成)(?<!按)计划(?!生育|内|的)|确保|"
                        r"(?:争取|努力)(?=实现|完成|达到|突破|新增|年内|在|全年|到20|增长|超过|每年|建成|开工|引进|使)|力求|预期|拟|"
                        r"\bwill\b|\btargets?\b|\btargeted\b|\baims?\b|\baiming\b|\bgoals?\b|\bplan(?:s|ned)? to\b|"
                        r"\bintends?\b|\bshould reach\b", re.I)
_ACHIEVED_RE = re.compile(r"完成|实现|达到|已经|已|累计|共计|\bachieved\b|\breached\b|\bcompleted\b|\btotall?ed\b|"
                          r"\bwas\b|\bwere\b|\bhad\b|\b(?!(?:plann|expect|project|forecast|estimat|target|aim)ed\b)"
                          r"[a-z]{3,}ed\b|\b(?:built|grew|rose|fell|won|made|held|ran|cut|paid|sold|spent|began|hit|met|"
                          r"took|brought|kept|saw|lost|gave|drew|found|sent|led|won|wrote|fought)\b|突破|建成|超额|取得", re.I)
_BASELINE_BEFORE_RE = re.compile(r"(?:^|[^比较同与])(?:去年|上年|上一年|前一年)(?!同期)[^，,；;。]{0,12}$|\bfrom\s*\$?$|"
                                 r"\blast year\b[^,;.]{0,20}$|\bin the previous year\b|\ba year earlier\b", re.I)
# anchored at the start, blanks read possessively (linear on a run of blanks)
_BASELINE_AFTER_RE = re.compile(r"^\s*+(?:的水平\s*+)?(?:增加|增长|提高|上升|下降|减少|降低|回落|扩大|缩小|提升|发展)?(?:到|至)|"
                                r"^\s*+(?:in (?:19|20)\d\d\s*+)?to\b|^\s*+(?:in\s++)?(?:last year|the previous year|a year "
                                r"(?:earlier|before|ago))\b|^\s*+[（(]?(?:上年|去年)[）)]", re.I)
_BASE_RES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:比|较|与|是)\s*(?P<y>(?:19|20)\d\d)\s*年"), "since"),
    (re.compile(r"\b(?:compared (?:with|to)|over|than in|above|below|since|from) (?P<y>(?:19|20)\d\d)\b", re.I), "since"),
    (re.compile(r"年均|年平均|平均每年|\baverage annual\b|\bannual average\b|\bannual(?:ly)? on average\b|"
                r"\ba year on average\b|\bper year on average\b|\bannualised\b|\bannualized\b", re.I), "avg"),
    (re.compile(r"环比|\bmonth on month\b|\bquarter on quarter\b", re.I), "seq"),
    (re.compile(r"同比|比上年|较上年|比去年|较去年|与上年相比|上年同期|去年同期|\byear[- ]on[- ]year\b|\byoy\b|\by/y\b|"
                r"\bover the previous year\b|\bfrom (?:a year earlier|last year)\b|\bcompared (?:with|to) "
                r"(?:last|the previous) year\b|\bthan (?:last|the previous) year\b", re.I), "yoy"),
)
BASE_LABELS = {"yoy": ("同比", "year on year"), "avg": ("年均", "average annual"), "seq": ("环比", "sequential")}
_UP_RE = re.compile(r"增长|增加|提高|上升|上涨|提升|扩大|增收|翻|攀升|\b(?:rose|rise|rises|risen|increased?|increases|"
                    r"increasing|grew|grow|grows|growth|up|higher|gained?|climbed|jumped|expanded|raised)\b", re.I)
_DOWN_RE = re.compile(r"下降|减少|降低|回落|下滑|缩小|下调|压减|压缩|负增长|降至|\b(?:fell|fall|falls|fallen|decreased?|"
                      r"decreases|declined?|declines|dropped|drop|down|lower|reduced|reduction|cut|slipped|shrank|"
                      r"contracted)\b", re.I)
_DIR_NEUTRAL = re.compile(r"增加值|增值税|增速|增幅|降幅|\bup to\b", re.I)


def base_label(base: str | None, language: Language) -> str:
    """``yoy`` → 同比 / year on year; ``since:2010`` → 比2010年 / since 2010; None → ""."""
    if not base:
        return ""
    if base.startswith("since:"):
        y = base.split(":", 1)[1]
        return f"比{y}年" if language == "zh" else f"since {y}"
    zh, en = BASE_LABELS.get(base, (base, base))
    return zh if language == "zh" else en


def read_base(text: str) -> str | None:
    """The comparison base stated in ``text``: ``yoy``, ``avg``, ``seq``, ``since:YEAR`` or None."""
    best: tuple[int, str] | None = None
    for pattern, key in _BASE_RES:
        for m in pattern.finditer(text):
            value = f"since:{m.group('y')}" if key == "since" else key
            if best is None or m.end() > best[0]:
                best = (m.end(), value)
    return best[1] if best else None


def read_direction(text: str) -> Direction | None:
    """The last direction word in ``text`` (增长 / 下降, rose / fell…)."""
    text = _DIR_NEUTRAL.sub(lambda m: " " * len(m.group(0)), text)
    up = [m.end() for m in _UP_RE.finditer(text)]
    down = [m.end() for m in _DOWN_RE.finditer(text)]
    if not up and not down:
        return None
    return "up" if max(up, default=-1) > max(down, default=-1) else "down"


# 新增1500人 / 增长7.5% state an achievement in a sentence about the year gone by (全年新增…; not 年内,
# "within the year", as plans say it too), a plan
# in a plan bullet (the part or the header decides there, see _placed_role)
_ACHIEVED_WEAK_RE = re.compile(r"新增|新建|增加|提高|增长|下降|减少|种植|培训|引进|改造|接待|达")
_SUMMARY_SENT_RE = re.compile(r"全年|今年以来|过去一年|一年来|本年度|当年|\bthis year\b|\bduring the year\b",
                              re.I)


def states_target(text: str) -> bool:
    """``text`` holds a target word of its own (力争, 目标, 计划, 确保, will, aims…)."""
    return bool(_TARGET_RE.search(text))


def is_forecast_text(text: str) -> bool:
    """``text`` speaks of an estimate (预计, expected, projected…)."""
    return bool(_FORECAST_RE.search(text))


def _cue_in(text: str) -> FactRole | None:
    if _FORECAST_RE.search(text):
        return "forecast"
    if _TARGET_RE.search(text):
        return "target"
    if _ACHIEVED_RE.search(text):
        return "achieved"
    if _ACHIEVED_WEAK_RE.search(text) and _SUMMARY_SENT_RE.search(text):
        return "achieved"
    return None


_ACTUAL_RE = re.compile(r"实际|已经|已|\bactually\b|\bwas\b|\bwere\b|\bhas been\b|\bhave been\b", re.I)


def read_role_cue(before: str, after: str = "") -> FactRole | None:
    """The role words say: ``baseline`` (上年为X / 由X增加到 / from X to / X last year), ``forecast`` (预计,
    expected), ``target`` (力争 / 目标 / 计划 / will), ``achieved`` (完成 / 实现 / reached / a past tense), or
    None when nothing says. A forecast or target word rules the rest of its sentence (力争A增长7%，B达到83亿元:
    both targets) unless the figure's own clause says it is actual (实际 / 已 / was)."""
    if _BASELINE_AFTER_RE.search(after) or _BASELINE_BEFORE_RE.search(before):
        return "baseline"
    cut = max(before.rfind(ch) for ch in "，,；;：:")
    clause = before[cut + 1:] if cut >= 0 else before
    if _ACTUAL_RE.search(clause) and not _FORECAST_RE.search(clause) and not _TARGET_RE.search(clause):
        return "achieved"
    sentence = _cue_in(_role_scope(before))
    if sentence in ("forecast", "target"):
        return sentence
    return _cue_in(clause) or sentence


_LIST_LEAD = 16  # characters before a colon that may hold the list's role word (主要预期目标是：)


def _role_scope(before: str) -> str:
    """What a role word before a figure rules in a Chinese sentence: the figure's own clause and the two
    before it (not a whole long sentence of achievements), or a whole list that a colon opens after it
    (目标是：A；B；C). English sentences keep their whole length (commas separate list items there)."""
    stops = [i for i, ch in enumerate(before) if ch in "，；"]
    if len(stops) < 3:
        return before
    start = stops[-3] + 1
    scope = before[start:]
    colon = before.rfind("：", 0, start)
    if colon >= 0:
        lead = before[max(0, colon - _LIST_LEAD):colon + 1]
        if _cue_in(lead) in ("forecast", "target"):
            return lead + " " + scope
    return scope


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
        if k + 1 < len(text) and text[k + 1] in " \n":
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
        if k + 1 >= len(text) or text[k + 1] in " \n":
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


_EN_LATE_YEAR = re.compile(r"[^,;.\n(]{0,70}?\bin\s(?:fiscal\syear\s|FY\s?)?(?P<y>(?:19|20)\d\d)\b(?!\s*-)", re.I)
_ATTACHED_YEAR = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s?年(?:末|底)?的?\s?$")


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
    return window


def _part_at(parts: Sequence[tuple[int, int, Part | None]], starts: list[int], pos: int) -> Part | None:
    k = bisect.bisect_right(starts, pos) - 1
    if k >= 0 and pos < parts[k][1]:
        return parts[k][2]
    return None


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
                if not re.search(r"[，,；;。]", between):
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
            if order is not None and listed:
                indicator = listed[min(order, len(listed)) - 1]
            elif order is not None:
                order = None
        if not indicator:
            indicator = _noun_after(text, fig, zh)
        if not indicator:
            indicator = _clean_zh(seg) if zh else _clean_en(seg)
        if not indicator and c_start > prev_end:  # 出入境人数，同比增长85.3%: a figure-less clause before names it
            for piece in reversed(re.split(r"[，,：:]", text[prev_end:c_start])):
                indicator = _clean_zh(piece) if zh else _clean_en(piece)
                if indicator:
                    break
        if not indicator and seg_start > c_start:
            indicator = prev_ind
        if not indicator and prev_ind:
            indicator = prev_ind
        if not indicator and zh:  # 完成了55万平方米旧有平房征收: the noun after the figure
            m_after = _ZH_NOUN_AFTER.match(text[fig.end:fig.end + 24])
            indicator = _clean_zh(m_after.group("noun")) if m_after else ""
        indicator = normalise_indicator(indicator, "zh" if zh else "en")
        prev_by_sentence[s_start] = (fig.end, indicator)
        seen_by_sentence.setdefault(s_start, []).append((fig.start, indicator))
        # period: the sentence up to the figure and the words right after it (2015年的 X / X in 2015)
        lo_k = bisect.bisect_left(starts, s_start)
        k_self = bisect.bisect_left(starts, fig.start)
        masked = _mask_others(text, s_start, fig.start, figs[lo_k:k_self]) if k_self > lo_k else sentence_before
        # the words right after it, up to a stop or a parenthesis ("1.2 million (FY2024: 1.5 million)")
        window = masked + re.split(r"[，,；;。\n(（]", text[fig.end:fig.end + 30])[0]
        period = read_period(window, year_hint)
        if not zh and period.year_source != "text" and period.span is None:
            # "3.1 million veterans received community care in 2024": English dates a figure after its clause
            late = _EN_LATE_YEAR.match(text, fig.end, min(s_end, fig.end + 80))
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
        if attached and period.cumulative and not period.span:
            # 2010年的21.6%: the year written on the figure is its period, whatever the sentence totals up
            period = replace(period, year=int(attached.group("y")), cumulative=False, year_source="text")
        long_before = text[max(_long_sentence_start(text, fig.start), fig.start - 300):fig.start]
        role = read_role_cue(long_before, after)
        if (role == "baseline" and re.match(r"^\s*(?:in (?:19|20)\d\d\s*)?to\b", after, re.I)
                and not re.search(r"\bfrom\b", clause_before, re.I)):
            role = read_role_cue(long_before)  # "rose 12% to $4.2M": a "to" that closes no from-to pair
        fig_part = _part_at(part_list, part_starts, fig.start) if part_list else part
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


def indicator_key(name: str) -> str:
    """A comparison key for an indicator name: abbreviations spelled out (GDP too), lower case, no spaces."""
    return _indicator_key(name) if len(name) <= 200 else _indicator_key.__wrapped__(name)


@lru_cache(maxsize=8192)  # the same few names are compared thousands of times (indicators, checker)
def _indicator_key(name: str) -> str:
    name = re.sub(r"(?<![A-Za-z])GDP(?![A-Za-z])", "地区生产总值", name.strip(), flags=re.I)
    return re.sub(r"[\s\-_]+", "", normalise_indicator(name, "zh" if _is_zh(name) else "en").lower())


def same_indicator(a: str, b: str) -> bool | None:
    """True when two indicator names name the same thing (one contains the other, or they share most
    character bigrams / words); False when both are known and differ; None when either is empty."""
    ka, kb = indicator_key(a), indicator_key(b)
    if not ka or not kb:
        return None
    if ka in kb or kb in ka:
        return True
    if _is_zh(ka + kb):
        ga = {ka[i:i + 2] for i in range(len(ka) - 1)} or {ka}
        gb = {kb[i:i + 2] for i in range(len(kb) - 1)} or {kb}
    else:
        ga = {w.rstrip("s") for w in re.findall(r"[a-z]+", a.lower())}
        gb = {w.rstrip("s") for w in re.findall(r"[a-z]+", b.lower())}
    common = len(ga & gb)
    return common / max(1, min(len(ga), len(gb))) >= 0.6
