"""The words around a figure that :mod:`assistant.meaning` reads: indicator names (abbreviations spelled
out, lead and tail words cleaned off, comparison keys), role cues (预计 / 力争 / 完成 / 上年为…, expected /
will / reached / from…), the comparison base (同比 / 年均 / 环比 / 比2010年) and the direction (增长 / 下降).

Plain text in, a value out: no figure offsets here (the per-figure reader is :func:`assistant.meaning.
describe_figures`, which re-exports every public name of this module).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from assistant.documents import Language
from assistant.lang import has_cjk as _is_zh
from assistant.periods import MONTHS_RE

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
    r"增长了?|增加了?|下降了?|减少了?|提高了?|降低了?|上升了?|回落了?|下滑了?|提升了?|扩大了?|缩小了?|递增|递减|增|降|"
    r"达到了?|达|完成了?|实现了?|为|是|突破|超过|超|逾|约|近|将近|接近|不低于|不少于|控制在|保持在|稳定在|"
    r"到|至|由|从|的|了|在|有|以上|左右|上下|翻了?|翻一番|总量|规模|水平|达成|预计|力争|确保|争取|计划|(?<!人)均|"
    r"[，,、:：\s+＋\-－−↑↓])+$")
_ZH_INNER_PERIOD = re.compile(rf"(?:(?:19|20)\d\d\s*年(?:底|末|度)?(?:的)?|{MONTHS_RE.pattern}|[上下]半年|前[二三两]季度|"
                              r"第?[一二三四]季度|(?<![一二三四五六七八九十两\d])[一二三四五六七八九十两\d]++年(?:来)?累计|过去[一二三四五六七八九十两\d]++年|"
                              r"“?十[一二三四五六七八九]五”?(?:期间|时期|时期末|期末|末)?|\d{1,2}月(?:份|底|末)?)")
_CLASSIFIER = "个项家所座条处批名位支台辆套户栋间场次期座口眼"
_EN_TAIL = re.compile(
    r"(?:\b(?:rose|rise|rises|risen|increased|increase|increases|grew|grow|grows|growth|fell|fall|falls|fallen|"
    r"decreased|decrease|declined|decline|dropped|drop|was|were|is|are|be|been|reached|reach|totaled|totalled|"
    r"totals|total|stood|came|amounted|hit|of|by|to|at|up|down|about|around|nearly|over|more|than|approximately|"
    r"some|an|a|the|respectively|almost|roughly|exceeded|exceed|topped|climbed|jumped|slipped|rising|falling|"
    r"increasing|growing|on|in|for|from|with|year|years|and|had|has|have|reaching|its|their|our|only|just|"
    r"expected|projected|forecast|estimated|est|avg|average|annual|target|targeted|aim|aims|will|plan|plans|planned|least|got|get|gets|"
    r"received|receive|saw|see|sees|posted|recorded|registered|earned|attracted|drew|reported|handled|served|"
    r"cost|spent|paid|saved|lost|added|created|generated|"
    r"(?:19|20)\d\d)\b|[,;:\s$€£¥+\-~≈]|(?<=\best)\.)+$", re.I)
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
    seg = re.sub(r"[\x00“”\"'《》【】（()）]|→|->|=>", "", seg)  # (a bracket left open: "233万人次（2017年：222万人次")
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
# "est. ~680 billion", "estimated at $3B", 估计 / 估算为: an estimate, not the final value
_FORECAST_RE = re.compile(r"预计|预估|估计|估算(?=为|约|达|\s*+\d)|有望|\best\.?(?=\s*+[~≈]?\s*+(?:about\s|around\s)?[+\-−－]?[$¥€£]?\s*+(?:\d|$))|"
                          r"\bestimated\sat\b|\bexpected\b|\bprojected\b|\bforecasts?\b|\bestimated to\b|\bexpects?\b|"
                          r"\banticipated\b|[(（]\s*+(?:an?\s++)?(?:estimate|forecast)\b|\bnot (?:yet )?final\b|[(（]\s*+est\.|"
                          # "$251B future financial benefits", "potential savings": not realised yet
                          r"\bfuture\s(?:[a-z]+\s)?(?:benefits|savings|costs|revenues?|receipts|payments)\b|"
                          r"\bpotential\s(?:[a-z]+\s)?(?:savings|benefits|revenues?)\b|"
                          # a possibility is no result: "could reach 1.2 million", 可能达到
                          r"\b(?:could|may|might)\s(?:\w+\s)?(?:reach|exceed|rise|fall|drop|grow|climb|top|hit|total|"
                          r"increase|decrease|decline|run out)\b|\bis likely to\b|可能(?=达到|突破|超过|增长|下降|减少)", re.I)
# target words; not the nouns of achieved sentences (完成目标任务的117%, 计划生育, 争取上级资金1.2亿元); a
# figure labelled 预算 right before it (预算9000万元, 年初预算为…) is the planned value, 预算收入 is no label
_TARGET_RE = re.compile(r"(?:年初|全年)?预算(?:数|为|是|安排)?\s*+$|力争|(?<!完成)(?<!实现)(?<!超额)目标(?!任务的|责任)|(?<!完成)(?<!按)计划(?!生育|内|的)|确保|"
                        r"(?:争取|努力)(?=实现|完成|达到|突破|新增|年内|在|全年|到20|增长|超过|每年|建成|开工|引进|使)|力求|预期(?!寿命)|拟|"
                        r"\bwill\b|\btargets?\b|\btargeted\b|\baims?\b|\baiming\b|\bgoals?\b|\bplan(?:s|ned)? to\b|\bplans?\s*+:|"
                        r"\bintends?\b|\bshould reach\b", re.I)
# progress against a target is a result: 完成年度目标的108% / 目标完成率 / 超额完成计划 / "met its target" /
# "72% housed (target 80%)" — the target word there does not make the line a plan
PROGRESS_AGAINST_TARGET = re.compile(
    r"(?:完成|实现|达到|超额完成|超过|高于|低于|占|为|是|相当于)了?(?:全|本|今)?(?:年度|年初|年|既定|预期|序时)?(?:的)?"
    r"(?:目标|计划|预期(?:目标)?)(?:任务)?(?:的|数)?|(?:目标|计划)完成率|"
    r"[（(]\s*(?:全年|年度)?(?:目标|计划)\s*(?:为|是|：|:)?\s*[+＋\-－]?[0-9０-９][^（）()]{0,16}[）)]|"
    r"\b(?:met|meets|meeting|exceeded|exceeds|exceeding|missed|misses|surpassed|beat|reached|short of|above|below|"
    r"against|of)\s++(?:the\s++|its\s++|their\s++|our\s++|an?\s++)?(?:annual\s++|\d{4}\s++|yearly\s++)?"
    r"(?:target|goal|plan)s?\b|"
    r"\(\s*(?:target|goal|plan)(?:ed)?\s*(?:of|was|:)?\s*[$]?[0-9][^()]{0,20}\)",
    re.I,
)

# a goal the line says was met after its figure (period8, wave 13): "enrollment goal +15% each year -> met in
# FY2025", "target of 40 visits: achieved", 招商目标50亿元，已全部完成 / 超额完成全年预期: the figure is the result
_GOAL_MET = (r"(?:(?:->|→|=>|[：:，,—–-])\s*+(?:(?:which|it|this)\s++)?(?:was\s++|were\s++|has\s++been\s++|have\s++been\s++)?"
             r"(?:fully\s++|all\s++)?(?:met|achieved|reached|exceeded|surpassed|attained)\b|"
             r"(?:已经?|均已)(?:全部|提前|如期|顺利|超额)?(?:完成|实现|达成)|(?<!力争)(?<!确保)(?<!争取)超额完成)")
GOAL_MET = re.compile(_GOAL_MET, re.I)
GOAL_MET_AFTER = re.compile(r"^[^。；;\n]{0,40}?" + _GOAL_MET, re.I)

_ACHIEVED_RE = re.compile(r"完成|实现|达到|已经|已|累计|共计|\bachieved\b|\breached\b|\bcompleted\b|\btotall?ed\b|"
                          r"\bwas\b|\bwere\b|\bhad\b|\b(?!(?:plann|expect|project|forecast|estimat|target|aim)ed\b)"
                          r"[a-z]{3,}ed\b|\b(?:built|grew|rose|fell|won|made|held|ran|cut|paid|sold|spent|began|hit|met|"
                          r"took|brought|kept|saw|lost|gave|drew|found|sent|led|won|wrote|fought)\b|突破|建成|超额|取得", re.I)
_BASELINE_BEFORE_RE = re.compile(r"(?:^|[^比较同与])(?:去年|上年|上一年|前一年)(?!同期)[^，,；;。\d到至]{0,12}$|\bfrom\s*\$?$|"
                                 r"\blast year\b[^,;.]{0,20}$|\bin the previous year\b|\ba year earlier\b", re.I)
# anchored at the start, blanks read possessively (linear on a run of blanks)
_BASELINE_AFTER_RE = re.compile(r"^\s*+(?:的水平\s*+)?(?:增加|增长|提高|上升|下降|减少|降低|回落|扩大|缩小|提升|发展)?(?:到|至)|"
                                r"^\s*+(?:in (?:19|20)\d\d\s*+)?to\b|^\s*+(?:in\s++)?(?:last year|the previous year|a year "
                                r"(?:earlier|before|ago))\b|^\s*+[（(]?(?:上年|去年)[）)]|"
                                # X → Y, "91% (FY2022) -> 86%": the value an arrow leads from
                                # (80.2岁 → 82.5岁, "80.2 years -> 82.5": the unit written after the first value too)
                                r"^(?:[^\s\d→>=（()）,，;；:：]{1,6}(?=\s|→|[=\-—－]>))?\s*+(?:[（(][^()（）\n]{0,30}[）)]\s*+)?"
                                r"(?:→|⟶|➝|➔|⇒|=>|-{1,2}>|—>|－>)", re.I)
_BASE_RES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:比|较|与|是)\s*(?P<y>(?:19|20)\d\d)\s*年"), "since"),
    (re.compile(r"\b(?:compared (?:with|to)|over|than in|above|below|since|from) (?P<y>(?:19|20)\d\d)\b", re.I), "since"),
    # "-10.2% since end of FY2024", "vs FY2026 enacted", "below the FY2026 level": a fiscal year compared with
    (re.compile(r"\b(?:compared (?:with|to)|over|than|above|below|since|from|vs\.?|versus) (?:the )?(?:end of )?"
                r"(?:fiscal year |FY ?)(?P<y>(?:19|20)\d\d)\b", re.I), "since"),
    # 年均 / 平均增长 / "avg +5.9% a year" / "5.9% a year on average": a yearly average over a span of years
    (re.compile(r"(?<![全当本])年均|(?<![全当本])年平均|平均每年|(?<![全当本月日周])平均(?=增长|增速|递增|提高|增幅)|"
                r"\baverage annual\b|\bannual average\b|\bannual(?:ly)? on average\b|\bon average\b|"
                r"\bavg\b|\baverage (?:growth|increase|rise|gain|decline|decrease)\b|"
                r"\ba year on average\b|\bper year on average\b|\bannualised\b|\bannualized\b|\bCAGR\b", re.I), "avg"),
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


def _target_in(text: str) -> bool:
    """A target word, not one that only names what a result is measured against (完成年度目标的108%)."""
    return bool(_TARGET_RE.search(PROGRESS_AGAINST_TARGET.sub(" ", text)))


def states_target(text: str) -> bool:
    """``text`` holds a target word of its own (力争, 目标, 计划, 确保, will, aims…)."""
    return _target_in(text)


def is_forecast_text(text: str) -> bool:
    """``text`` speaks of an estimate (预计, expected, projected…)."""
    return bool(_FORECAST_RE.search(text))


def _cue_in(text: str) -> FactRole | None:
    if _FORECAST_RE.search(text):
        return "forecast"
    if _target_in(text):
        return "target"
    if _ACHIEVED_RE.search(text):
        return "achieved"
    if _ACHIEVED_WEAK_RE.search(text) and _SUMMARY_SENT_RE.search(text):
        return "achieved"
    return None


# the figure of a goal the words say was met (the target is the result): "met its goal of", "exceeded
# the target of", "达到了…的目标" is read by the Chinese rules (完成 / 实现 before 目标)
_MET_GOAL_RE = re.compile(r"\b(?:met|meets|meeting|achieved|achieving|reached|reaching|hit|exceeded|exceeding|"
                          r"surpassed|beat)\s++(?:(?:its|the|their|our|his|her|a|this|that)\s++)?"
                          r"(?:[A-Za-z-]{1,20}\s++){0,2}(?:goals?|targets?)\s++of\s++(?:an?\s++|the\s++)?$", re.I)
# the figure is the value a target noun right before it names: "a target of 80%", "goal: 1,200", 目标值为80%
# ("met its goal of" is read first, as a result)
_TARGET_BEFORE_RE = re.compile(r"(?:\b(?:target|goal)s?\s*+(?:of|is|was|were|:|=)|目标值?(?:为|是|：|:))\s*+(?:about\s++|around\s++|约)?$",
                               re.I)
# the figure names a target by the noun right after it: "the 80 percent target", "its $5 million goal"
_TARGET_AFTER_RE = re.compile(r"(?<!\s)\s*+(?:percent\s++|per cent\s++|%\s*+)?(?:(?!of\b|the\b)[a-z-]{1,16}\s++)?(?:target|goal)s?\b", re.I)
_ACTUAL_RE = re.compile(r"实际|已经|已|\bactually\b|\bwas\b|\bwere\b|\bhas been\b|\bhave been\b", re.I)


def read_role_cue(before: str, after: str = "") -> FactRole | None:
    """The role words say: ``baseline`` (上年为X / 由X增加到 / from X to / X last year), ``forecast`` (预计,
    expected), ``target`` (力争 / 目标 / 计划 / will), ``achieved`` (完成 / 实现 / reached / a past tense), or
    None when nothing says. A forecast or target word rules the rest of its sentence (力争A增长7%，B达到83亿元:
    both targets) unless the figure's own clause says it is actual (实际 / 已 / was)."""
    if _BASELINE_AFTER_RE.search(after) or _BASELINE_BEFORE_RE.search(before):
        return "baseline"
    if _MET_GOAL_RE.search(before[-80:]) or GOAL_MET_AFTER.match(after):
        return "achieved"  # "met its goal of a 15% increase": the goal that was met is the result
    if _TARGET_AFTER_RE.match(after) or _TARGET_BEFORE_RE.search(before[-40:]):
        return "target"  # "short of the 80 percent target", "against a target of 80%", 目标值为80%
    cut = max(before.rfind(ch) for ch in "，,；;：:")
    clause = before[cut + 1:] if cut >= 0 else before
    if _ACTUAL_RE.search(clause) and not _FORECAST_RE.search(clause) and not _target_in(clause):
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


# --- sentence and pair punctuation the per-figure reader skips ------------------------------------------

# what stands between the two values of a from → to pair: the first's unit, an arrow, an "about" sign
_ARROW_ONLY = re.compile(r"[^\s\d，,；;：:]{0,6}\s*+(?:→|⟶|➝|➔|⇒|=>|-{1,2}>|—>|－>)\s*+(?:[~≈约]|about|around)?\s*+$", re.I)


# a dot that ends an abbreviation, not a sentence: "est. ~680 billion", "approx. 5,000", "vs. 2024", "Dec. 2007"
_ABBREVIATION = re.compile(r"(?<![A-Za-z])(?:est|approx|appr|avg|vs|no|nos|incl|excl|ca|cf|e\.g|i\.e|mr|mrs|ms|dr|st|"
                           r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|u\.s|mln|bn|mn|yr|yrs|pct|fig)\.$", re.I)


# a count of years read as a figure of its own (五年, 3年, "two years", "5-yr"): words of a period
YEARS_FIGURE = re.compile(r"[\d一两二三四五六七八九十]{1,3}\s?个?年|(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)"
                          r"[- ]?(?:yr|year)s?", re.I)


# a rate per year ("+5.9% a year", "3% per year", "2% p.a.", "annually"), not "a year earlier"
_PER_YEAR_RATE = re.compile(r"\s*+(?:(?:a|per|each)\s++year\b(?!\s++(?:earlier|ago|before|after|later))|p\.\s?a\.|"
                            r"per\s++annum\b|annually\b)", re.I)
