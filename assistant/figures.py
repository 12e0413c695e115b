"""Figure extraction for Chinese and English report text.

:func:`extract_figures` finds every figure in a text and returns :class:`Figure` objects with the
value normalised to a base unit (``1.2亿元`` → ``Decimal(120000000)``, unit ``元``), the stated
precision, qualifiers (approximate, range, direction, target) and the indicator words around it.
Things that look like numbers but are not figures (years, dates, heading and list markers, version
numbers, codes, ordinals and fixed numbered phrases such as 十四五 or 两学一做) come back with
``ignored=True`` and a reason; they are never matched.

Values are :class:`decimal.Decimal` everywhere (exact: ``Decimal("0.1") * 3 == Decimal("0.3")``).
Offsets are Python string indices into the text given; ``line`` is 1-based.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation, localcontext
from functools import lru_cache
from typing import Literal

from assistant.figures_units import conversions
from assistant.figures_words import (
    _EN_WORD,
    EN_SHARE_KINDS,
    EN_SHARE_PATTERN,
    en_words_to_int,
    is_name_word,
    read_en_share,
)
from assistant.periods import canon_split_years
from assistant.textnorm import NUMERIC_TABLE as _FULLWIDTH

log = logging.getLogger(__name__)

Kind = Literal["number", "percent", "permille", "percentage_point", "multiple", "fraction", "money", "count"]
Direction = Literal["up", "down"]
Approx = Literal["about", "over", "under", "nearly"]


@dataclass(frozen=True)
class Figure:
    """One figure (or one ignored number-like token) found in a text."""

    text: str  # the span as written in the original text
    start: int
    end: int
    line: int  # 1-based line number
    value: Decimal | None  # base value after scaling (1.2亿元 → 120000000); None when not parsed
    unit: str = ""  # canonical unit: 元, USD, %, pp, ‰, 倍, 人, 平方米, 千瓦, FTE, "" (bare number)
    scale: Decimal = Decimal(1)  # multiplier applied to the written number (万 → 10000)
    number: Decimal | None = None  # the number as written, before scaling
    decimals: int = 0  # decimal places as written ("14.30" → 2)
    sig_digits: int = 0  # significant digits as written, trailing zeros of integers excluded
    kind: Kind = "number"
    approx: Approx | None = None
    range_low: Decimal | None = None
    range_high: Decimal | None = None
    direction: Direction | None = None
    target: bool | None = None  # True: target/plan, False: achieved, None: not stated
    context: str = ""  # indicator words around the figure (nearest phrase before, then after)
    ignored: bool = False
    ignore_reason: str = ""
    tokens: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    # the noun a count is tied to (6个重点项目 → 重点项目, "2,300 new jobs" → "new jobs"); "" when none
    noun: str = field(default="", compare=False)

    @property
    def resolution(self) -> Decimal:
        """Size of one step of the last stated digit, in base units (4200万 → 1000000)."""
        if self.decimals > 0:
            return Decimal(1).scaleb(-self.decimals) * self.scale
        if self.number is None:
            return self.scale
        digits = str(abs(int(self.number)))
        trailing = len(digits) - len(digits.rstrip("0")) if digits != "0" else 0
        return Decimal(10) ** trailing * self.scale

    @property
    def is_range(self) -> bool:
        return self.range_low is not None and self.range_high is not None


# --------------------------------------------------------------------------------------------
# Normalisation: full-width → ASCII, one character for one character (offsets stay valid).

_CN_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_CHARS = "〇零一二两三四五六七八九十百千万亿"
_CN_DIGIT_CHARS = "〇零一二两三四五六七八九十"
_BARE_SCALES = frozenset(["百万", "千万", "百亿", "千亿"])  # 百亿元: a scale word with a unit is a figure
_BARE_SCALE_UNIT_RE = re.compile(r"(?:元|美元|人次|人|吨|亩|千瓦|户|平方米)(?![\u4e00-\u9fff]{0,1}[台阶级])")


def cn_to_decimal(text: str) -> tuple[Decimal, int]:
    """Parse a Chinese numeral (三十一, 一千二百, 二〇二六, 十四点三, 一亿二千万) → (value, decimals).

    Raises ``ValueError`` when the text is not a numeral.
    """
    if not text:
        raise ValueError("empty numeral")
    int_part, _, frac_part = text.partition("点")
    if frac_part and any(ch not in _CN_DIGITS for ch in frac_part):
        raise ValueError(f"bad fraction in {text!r}")
    value = Decimal(_cn_int(int_part)) if int_part else Decimal(0)
    if frac_part:
        frac = "".join(str(_CN_DIGITS[ch]) for ch in frac_part)
        value += Decimal("0." + frac)
    return value, len(frac_part)


def _cn_int(text: str) -> int:
    if any(ch not in _CN_DIGITS and ch not in _CN_SMALL_UNITS and ch not in "万亿" for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if all(ch in _CN_DIGITS for ch in text):
        # digit by digit: 二〇二六 → 2026, 五 → 5
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = 0  # the 亿 part
    wan = 0  # the 万 part
    section = 0
    number = 0
    last_unit = 0
    prev_was_unit = False
    prev_digit_seen = False
    for ch in text:
        if ch in _CN_DIGITS:
            number = _CN_DIGITS[ch]
            prev_was_unit = False
            prev_digit_seen = True
        elif ch in _CN_SMALL_UNITS:
            unit = _CN_SMALL_UNITS[ch]
            if number == 0 and (unit == 10 or not prev_digit_seen):
                number = 1  # 十五 → 15, 百分之百 → 100
            section += number * unit
            number = 0
            last_unit = unit
            prev_was_unit = True
        elif ch == "万":
            wan += (section + number) * 10_000
            section = number = 0
            last_unit = 10_000
            prev_was_unit = True
        else:  # 亿
            total = (total + wan + section + number) * 100_000_000
            wan = section = number = 0
            last_unit = 100_000_000
            prev_was_unit = True
    if number and not prev_was_unit and last_unit >= 100 and text[-2:-1] in "百千万亿":
        number *= last_unit // 10  # 一千二 → 1200, 三万五 → 35000
    return total + wan + section + number


# --------------------------------------------------------------------------------------------
# Units: surface → (canonical unit, factor to the canonical unit, kind)
_UnitInfo = tuple[str, Decimal, Kind]


def _units() -> dict[str, _UnitInfo]:
    one = Decimal(1)
    table: dict[str, _UnitInfo] = {
        # money
        "元": ("元", one, "money"), "块": ("元", one, "money"), "人民币": ("元", one, "money"),
        "元人民币": ("元", one, "money"), "yuan": ("元", one, "money"), "RMB": ("元", one, "money"),
        "美元": ("USD", one, "money"), "dollars": ("USD", one, "money"), "dollar": ("USD", one, "money"),
        "USD": ("USD", one, "money"), "欧元": ("EUR", one, "money"), "euros": ("EUR", one, "money"),
        "港元": ("HKD", one, "money"), "日元": ("JPY", one, "money"),
        # percent and friends
        "%": ("%", one, "percent"), "percent": ("%", one, "percent"), "per cent": ("%", one, "percent"),
        "‰": ("‰", one, "permille"),
        "个百分点": ("pp", one, "percentage_point"), "百分点": ("pp", one, "percentage_point"),
        "percentage points": ("pp", one, "percentage_point"),
        "percentage point": ("pp", one, "percentage_point"),
        "pp": ("pp", one, "percentage_point"),
        "倍": ("倍", one, "multiple"), "times": ("倍", one, "multiple"), "fold": ("倍", one, "multiple"),
        # durations (years with 年 are checked for calendar years separately)
        "年": ("年", one, "count"), "个月": ("个月", one, "count"), "天": ("天", one, "count"),
        "小时": ("小时", one, "count"), "周": ("周", one, "count"), "分钟": ("分钟", one, "count"),
        # a score (考核得分95.6分, 中考平均分582分): only after Arabic digits, never in 分别 / 三分之一 / 十分
        "分": ("分", one, "count"),
        "years": ("年", one, "count"), "months": ("个月", one, "count"), "days": ("天", one, "count"),
        "hours": ("小时", one, "count"), "weeks": ("周", one, "count"),
        # length, area, volume, mass, power, voltage, energy
        "公里": ("公里", one, "count"), "千米": ("公里", one, "count"), "km": ("公里", one, "count"),
        "kilometers": ("公里", one, "count"), "kilometres": ("公里", one, "count"),
        "kilometer": ("公里", one, "count"), "kilometre": ("公里", one, "count"), "miles": ("mile", one, "count"),
        "metres": ("米", one, "count"), "meter": ("米", one, "count"), "metre": ("米", one, "count"),
        "square kilometers": ("平方公里", one, "count"), "square kilometres": ("平方公里", one, "count"),
        "sq km": ("平方公里", one, "count"), "km²": ("平方公里", one, "count"),
        "square meters": ("平方米", one, "count"), "square metres": ("平方米", one, "count"),
        "US dollars": ("USD", one, "money"), "U.S. dollars": ("USD", one, "money"),
        "延长米": ("延长米", one, "count"), "延米": ("延长米", one, "count"),
        "米": ("米", one, "count"), "meters": ("米", one, "count"),
        "平方米": ("平方米", one, "count"), "㎡": ("平方米", one, "count"), "m²": ("平方米", one, "count"),
        "平方公里": ("平方公里", one, "count"), "square miles": ("square mile", one, "count"),
        "亩": ("亩", one, "count"), "公顷": ("公顷", one, "count"), "hectares": ("公顷", one, "count"),
        "acres": ("acre", one, "count"),
        "立方米": ("立方米", one, "count"), "方": ("立方米", one, "count"),
        "吨": ("吨", one, "count"), "tons": ("吨", one, "count"), "tonnes": ("吨", one, "count"),
        "公斤": ("公斤", one, "count"), "千克": ("公斤", one, "count"), "kg": ("公斤", one, "count"),
        "斤": ("斤", one, "count"),
        "千瓦": ("千瓦", one, "count"), "kW": ("千瓦", one, "count"),
        "兆瓦": ("千瓦", Decimal(1000), "count"), "MW": ("千瓦", Decimal(1000), "count"),
        "megawatts": ("千瓦", Decimal(1000), "count"),
        "吉瓦": ("千瓦", Decimal(10**6), "count"), "GW": ("千瓦", Decimal(10**6), "count"),
        "kilowatts": ("千瓦", one, "count"), "kilowatt": ("千瓦", one, "count"),
        "megawatt": ("千瓦", Decimal(1000), "count"),
        "gigawatts": ("千瓦", Decimal(10**6), "count"), "gigawatt": ("千瓦", Decimal(10**6), "count"),
        "千瓦时": ("千瓦时", one, "count"), "度": ("千瓦时", one, "count"), "kWh": ("千瓦时", one, "count"),
        "kilowatt-hours": ("千瓦时", one, "count"), "kilowatt hours": ("千瓦时", one, "count"),
        "kilowatt-hour": ("千瓦时", one, "count"), "kilowatt hour": ("千瓦时", one, "count"),
        "兆瓦时": ("千瓦时", Decimal(1000), "count"), "MWh": ("千瓦时", Decimal(1000), "count"),
        "megawatt-hours": ("千瓦时", Decimal(1000), "count"), "megawatt hours": ("千瓦时", Decimal(1000), "count"),
        "GWh": ("千瓦时", Decimal(10**6), "count"), "gigawatt-hours": ("千瓦时", Decimal(10**6), "count"),
        "gigawatt hours": ("千瓦时", Decimal(10**6), "count"),
        "TWh": ("千瓦时", Decimal(10**9), "count"), "terawatt-hours": ("千瓦时", Decimal(10**9), "count"),
        "terawatt hours": ("千瓦时", Decimal(10**9), "count"),
        "千伏": ("千伏", one, "count"), "kV": ("千伏", one, "count"), "伏": ("伏", one, "count"),
        "标箱": ("标箱", one, "count"), "TEU": ("标箱", one, "count"),
        # English counting units
        "FTEs": ("FTE", one, "count"), "FTE": ("FTE", one, "count"),
        "employees": ("employee", one, "count"), "people": ("人", one, "count"),
        "persons": ("人", one, "count"), "households": ("户", one, "count"),
        "units": ("unit", one, "count"), "facilities": ("facility", one, "count"),
        "projects": ("项", one, "count"), "vehicles": ("辆", one, "count"),
    }
    for m in ["户", "人", "人次", "名", "位", "个", "项", "台", "套", "头", "只", "盏", "座", "所", "家", "栋", "幢", "间", "辆", "艘", "架", "条", "处", "批", "次", "场", "件", "张", "本", "册", "部", "支", "种", "类", "起", "宗", "笔", "例", "株", "棵", "篇", "期", "床", "层", "片", "对", "匹", "口", "眼", "道", "门", "节", "辆次", "人次", "架次", "车次", "万人次", "个村", "户次"]:
        table.setdefault(m, (m, one, "count"))
    return table


_UNITS = _units()
_UNIT_RE = re.compile(
    "|".join(
        re.escape(u) + (r"(?![A-Za-z])" if u[-1].isascii() and u[-1].isalpha() else "")
        for u in sorted(_UNITS, key=len, reverse=True)
    )
)
_CN_SCALES = {
    "万亿": Decimal(10**12), "千亿": Decimal(10**11), "百亿": Decimal(10**10), "亿": Decimal(10**8),
    "千万": Decimal(10**7), "百万": Decimal(10**6), "十万": Decimal(10**5), "万": Decimal(10**4),
    "千": Decimal(10**3), "百": Decimal(10**2),
}
_CN_SCALE_RE = re.compile("|".join(sorted(_CN_SCALES, key=len, reverse=True)))
#: Chinese units never read after a space: dates and times (2025 年, 12 月), and words (一块, 一方)
_SPACED_NOT_UNITS = frozenset({"年", "个月", "月", "日", "天", "周", "小时", "时", "分", "秒", "号",
                               "块", "方", "度", "道", "门", "口", "眼", "节", "对", "匹"})
#: Characters after 分 that make it a word (分别, 分之, 分期, 分类 …), not a score unit.
_FEN_WORDS = frozenset("别之期批类级区局配解布担摊红流散享析工成为开段项管包片")
#: thousand … trillion; bn / mn / tn, spaced or glued ("2.3 tn", "$4.45bn"); a letter glued to the number ($1.53T)
_EN_SCALE_RE = re.compile(r"[ \n]?(thousand|million|billion|trillion)\b|[ ]?(bn|mn|tn)\b|([MBKT])(?![A-Za-z])",
                          re.IGNORECASE)
_EN_SCALE_VALUES = {
    "thousand": Decimal(10**3), "million": Decimal(10**6), "billion": Decimal(10**9),
    "trillion": Decimal(10**12), "k": Decimal(10**3), "m": Decimal(10**6), "b": Decimal(10**9),
    "bn": Decimal(10**9), "mn": Decimal(10**6), "tn": Decimal(10**12), "t": Decimal(10**12),
}

# --------------------------------------------------------------------------------------------
# Fixed numbered phrases: slogans and names that contain numerals but are not figures.
FIXED_PHRASES = ["十一五", "十二五", "十三五", "十四五", "十五五", "十六五", "四风", "三个代表", "两学一做", "三农", "双带", "四个全面", "五位一体", "一带一路", "三严三实", "两个维护", "两个确立", "四个意识", "四个自信", "八项规定", "三去一降一补", "两个一百年", "三大攻坚战", "六稳", "六保", "三重一大", "三会一课", "两会", "两委", "一把手", "一体化", "一站式", "一揽子", "一系列", "一网通办", "一件事", "最多跑一次", "五水共治", "千万工程", "双循环", "两个中心", "三个中心", "四个中心", "一核两翼", "一主两副", "两新", "两重", "五个一", "百强", "十佳", "千家万户", "万众一心", "千方百计", "五湖四海", "三令五申", "四个现代化", "三步走", "一国两制", "三个务必", "两个结合", "两个坚持", "三项制度", "四个不摘", "两不愁三保障", "三保障", "两不愁", "四下基层", "三个转变", "一老一小", "四好农村路", "三线一单", "一村一品", "一镇一业", "一县一业", "两山", "三北", "八八战略", "千村示范万村整治", "三中全会", "四中全会", "五中全会", "二十大", "十九大", "十八大", "十七大", "三级", "二级", "一级", "三甲", "二甲", "4S", "5G", "3D", "双十一", "双十二", "双11", "双12", "618"]


def _phrase_pattern(p: str) -> str:
    """A fixed phrase never matches inside a longer number (42618元 holds no 618)."""
    pat = re.escape(p)
    if p[0].isdigit():
        pat = r"(?<![\d.,])" + pat
    if p[-1].isdigit():
        pat += r"(?![\d.,]?\d)"
    return pat


_FIXED_RE = re.compile(
    r"(?P<phrase>" + "|".join(_phrase_pattern(p) for p in sorted(FIXED_PHRASES, key=len, reverse=True))
    + r"|\b[0-9NnXx]\+[0-9NnXx](?:\+[0-9NnXx])*\b|[0-9]\+[0-9](?:\+[0-9])*)"
)

_CNUM = f"[{_CN_CHARS}]+(?:点[〇零一二三四五六七八九]+)?"
# 1—6月, 1-6月, 1至6月, 1月—6月, 一至六月: a period of months, not a figure
_MONTH_NUM = r"(?:1[0-2]|0?[1-9]|十[一二]|[一二三四五六七八九十])"
_MONTHS_RE = (
    r"(?<![\d.])" + _MONTH_NUM + r"月?[ \t]?(?:——|—|–|-|－|~|～|至|到)[ \t]?" + _MONTH_NUM + r"月份?"
)
# 一成 = 10%, 七成五 = 75%; not 成为/成立/成果/成本 … (words that start with 成)
_CHENG_RE = (
    r"(?<![一二两三四五六七八九十百千万亿零〇\d])[一二两三四五六七八九]成(?:[一二三四五六七八九](?![十百千万亿成]))?"
    r"(?!为|立|果|本|绩|功|效|熟|员|就|交|品|片|规|体|网|型|都|人|年|长|像|套|批|群|材|才|器|分|形|败|全|不|活"
    r"|色|药|衣|语|家|因|事|书|亲|名|婚|千|百|立|风|章|说|灾|绩)"
)
_MASTER_RE = re.compile(
    r"(?P<months>" + _MONTHS_RE + r")"
    r"|(?P<cheng>" + _CHENG_RE + r")"
    r"|(?P<halfcn>(?<![一二两三四五六七八九十])一半|过半数|过半(?![年月天日时小个程夜晌载])|(?<!过)半数)"
    r"|(?P<halfen>(?i:\bhalf(?:[ -]a)?)(?= (?:million|billion|thousand|trillion|percent|per cent|percentage points?)\b))"
    r"|(?P<date>(?<![\d.])\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?![\d.])|(?<![\d.:])\d{1,2}:\d{2}(?![\d:]))"
    r"|(?P<ref>(?<![\d.:])\d+:\d+(?![\d:]))"
    r"|(?P<version>\b[vV]\d+(?:\.\d+)+|(?<![\d.])\d+\.\d+\.\d+(?:\.\d+)*)"
    r"|(?P<fy>\bFY ?\d{2,4}\b)"
    r"|(?P<circled>[①-⑳⑴-⒇⒈-⒛])"
    r"|(?P<cnpct>(?:百分之|千分之)(?:" + _CNUM + r"|\d+(?:\.\d+)?))"
    r"|(?P<frac>(?:" + _CNUM + r"|\d+)分之(?:" + _CNUM + r"|\d+(?:\.\d+)?))"
    r"|(?P<fan>翻了?(?:[一两二三四五六]|\d)?番)"
    r"|(?P<ar>(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:，\d{3})+(?![\d.])|\d+)(?:\.\d+)?)"
    r"|(?P<cn>" + _CNUM + r")"
    r"|" + EN_SHARE_PATTERN + r""
    r"|(?P<en>(?i:\b(?:" + _EN_WORD + r")(?:(?:[\s-]+|[\s-]+and[\s-]+)(?:" + _EN_WORD + r"))*\b))"
)

_APPROX_BEFORE_ZH: tuple[tuple[str, Approx], ...] = (
    ("大约", "about"), ("约为", "about"), ("约", "about"), ("大概", "about"),
    ("将近", "nearly"), ("接近", "nearly"), ("近", "nearly"),
    ("超过", "over"), ("突破", "over"), ("逾", "over"), ("超", "over"), ("高于", "over"), ("多于", "over"),
    ("不到", "under"), ("不足", "under"), ("低于", "under"), ("少于", "under"),
)
_APPROX_BEFORE_EN: tuple[tuple[str, Approx], ...] = (
    ("approximately", "about"), ("about", "about"), ("around", "about"), ("roughly", "about"),
    ("some", "about"), ("an estimated", "about"), ("estimated", "about"),
    ("nearly", "nearly"), ("almost", "nearly"), ("close to", "nearly"), ("approaching", "nearly"),
    # the longer phrase first: "no more than" is under, "more than" over
    ("no more than", "under"), ("not more than", "under"), ("no less than", "over"), ("not less than", "over"),
    ("more than", "over"), ("over", "over"), ("at least", "over"), ("exceeding", "over"),
    ("exceeded", "over"), ("topped", "over"), ("topping", "over"), ("surpassed", "over"), ("above", "over"),
    ("upwards of", "over"), ("in excess of", "over"), ("less than", "under"), ("fewer than", "under"),
    ("under", "under"), ("below", "under"), ("short of", "under"), ("up to", "under"),
)
_APPROX_AFTER: tuple[tuple[str, Approx], ...] = (
    ("左右", "about"), ("上下", "about"), ("以上", "over"), ("之多", "over"), ("以下", "under"),
    ("以内", "under"), ("or more", "over"), ("or less", "under"),
)
_UP_WORDS = (
    "增长", "提高", "增加", "上升", "上涨", "提升", "扩大", "增收", "延长", "增", "升", "涨",
    "多", "高出", "高于",
)
_DOWN_WORDS = (
    "下降", "减少", "降低", "回落", "下滑", "缩小", "下调", "压减", "压缩", "减", "降", "少", "低于", "负增长",
)
_UP_EN = ("increase", "increased", "increases", "rose", "rise", "rises", "grew", "grow", "growth", "up",
          "higher", "gain", "gained", "more", "climbed", "jumped", "surged", "soared", "expanded", "widened")
_DOWN_EN = ("decrease", "decreased", "decreases", "fell", "fall", "falls", "declined", "decline",
            "declines", "dropped", "drop", "down", "lower", "less", "reduced", "reduction", "cut", "fewer",
            "shrank", "shrunk", "slipped", "slid", "narrowed", "plunged", "plummeted", "contracted", "dipped")
_TARGET_WORDS = ("力争", "目标", "预计", "预期", "计划", "确保", "争取", "拟", "将", "力求", "规划")
_ACHIEVED_WORDS = ("完成", "实现", "达到", "累计", "共计", "已", "达")
_TARGET_EN = ("target", "targets", "goal", "goals", "aim", "aims", "plan", "plans", "planned", "will",
              "expect", "expects", "expected", "projected", "forecast", "would")
_ACHIEVED_EN = ("achieved", "reached", "completed", "was", "were", "totaled", "totalled", "had", "has")

# the text of a footnote after its number at a line start: "13 The …", "30 GAO, _Title_", "29 5 U.S.C. § 552",
# "4 Pub. L. No.", "12 [See …" (a number there is a footnote marker, not a figure)
_FOOTNOTE_TEXT = re.compile(r" (?:[A-Z][a-z]|[A-Z]{2,}[,’'\-]|\d{1,2} U\.S\.C\b|Pub\. L\b|[_\[“\"])")
# a page footer ("GAO-26-900720 Fiscal Year 2027 Budget Request 5") and a contents entry ("Appendix II GAO
# Contact and Staff Acknowledgments 16", in a block of such lines): the number ending the line is a page
_FOOTER_LINE = re.compile(r"\A[ \t*#]*+[A-Z]{2,}-\d{2}-\d{3,}[A-Z]?\b[^\n]{0,80}? $")
_TITLE_WORD = r"(?>[A-Z][\w’'&:/-]*+|of|and|for|the|to|in|on|from|with|by|an?)(?![\w’'&:/-])"
_TITLE_WORDS_LINE = re.compile(r"\A[ \t*]*+(?:" + _TITLE_WORD + r"[ *]++){3,}")
_CONTENTS_ENTRY = re.compile(r"\A[ \t*]*+(?:" + _TITLE_WORD + r"[ *]++){2,}\d{1,3}[ *]*+")


def _page_number(norm: str, line_start: int, start: int, end: int) -> bool:
    """True for a number that ends its line as a page number: after a report code (a page footer), or
    after title words in a block of such lines (a table of contents; an entry may wrap onto two lines)."""
    line_end = norm.find("\n", end)
    if norm[end:line_end if line_end >= 0 else len(norm)].strip(" *"):
        return False
    head = norm[line_start:start]
    if _FOOTER_LINE.fullmatch(head):
        return True
    before = norm[max(0, line_start - 300):line_start].splitlines()
    prev = next((ln for ln in reversed(before) if ln.strip()), "")
    if not _TITLE_WORDS_LINE.fullmatch(head) and not (
            re.fullmatch(r"[ \t*]*+(?:" + _TITLE_WORD + r"[ *]++){1,2}", head)
            and _TITLE_WORDS_LINE.fullmatch(prev.rstrip() + " ")):
        return False
    near = before[-4:] + norm[end:end + 300].splitlines()[1:5]
    return any(_CONTENTS_ENTRY.fullmatch(ln) for ln in near)


# a later number of a section list: "§§ 251, 557" (557 is a section number like 251)
#: A rate's base (per 1,000 residents, 每10万人口, per $1,000 of value): the number after "per" / 每.
_RATE_BASES = frozenset(Decimal(10) ** k for k in range(2, 7))
_RATE_BASE_BEFORE = re.compile(r"(?:\bper |每)[$¥]?$", re.I)
_SECTION_LIST = re.compile(r"§§?\s*+[\w().\-]++(?:,\s*+[\w().\-]++)*+,\s*+$")

_NEUTRAL_RE = re.compile(r"增加值|增值税|增速|增幅|降幅|多元|多样|多个|多家|多种|多项|多措|up to|Up to|down payment")
_DIR_ZH_RE = re.compile("|".join(sorted((*_UP_WORDS, *_DOWN_WORDS), key=len, reverse=True)))
_TGT_ZH_RE = re.compile("|".join(sorted((*_TARGET_WORDS, *_ACHIEVED_WORDS), key=len, reverse=True)))
_WORD_RE = re.compile(r"[A-Za-z]+")
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
_REF_WORDS = (
    "figure", "fig", "table", "page", "pages", "p", "pp", "section", "sections", "appendix", "chapter",
    "no", "number", "title", "part", "article", "step", "phase", "stat", "pt", "rule", "gao", "h.r", "s", "law",
    "level", "tier", "grade", "version", "item", "recommendation", "recommendations", "footnote",
)
# "从三个方面", "两项措施": counts of abstract things are wording, not figures
_GENERIC_MEASURES = frozenset(["个", "项", "条", "种", "类", "批", "次", "点", "件"])
_ABSTRACT_RE = re.compile(
    "方面|举措|措施|任务|问题|重点(?!项目|工程|企业|村|镇|园区|产业|行业|区域|学校|医院|片区|小区|景区|街区|人群|河|路)|环节|原则|要求|关系|阶段|层面|领域|途径|特点|意识|能力|作用|维度|步骤|"
    "部分|思路|路径|方向|着力点|短板|难题|矛盾|挑战|风险|经验|体会|亮点|特色|转变|结合|坚持|必须|统筹|"
    "目标任务|工作重点|重点工作|主要工作|基本|核心|关键|抓手|导向|理念|机遇|优势|不足"
)
_CLAUSE_DELIMS = "，。；;！？!?\n：:（）()“”\"|"


# a qualifier before "…的三分之一 / 一半 / 三成": 超过总投资的三分之一, 不到全市的一半
_APPROX_OF: dict[str, Approx] = {"超过": "over", "超出": "over", "高于": "over", "多于": "over", "不到": "under", "不足": "under",
              "低于": "under", "少于": "under", "接近": "nearly", "将近": "nearly", "近": "nearly", "约占": "about",
              "约": "about", "大约": "about"}
_APPROX_OF_RE = re.compile("(" + "|".join(sorted(_APPROX_OF, key=len, reverse=True)) + r")[^，。；、,;\d的]{1,10}的$")
_SHARE_BEFORE_RE = re.compile(r"占[^，。；,;\d]{0,12}$|(?:为|的|约|近|达|超过|不到)$|\b(?:about|nearly|roughly|over|some) $", re.I)
_FROM_RE = re.compile(r"(?:由|从|\bfrom)\s*[$¥￥€]?\s*$", re.I)
#: A change word right before a figure: "by five miles to 46 miles", 延长5公里至46公里 state a change and a level.
_BY_RE = re.compile(r"(?:\bby|增加|增长|提高|扩大|延长|新增|减少|下降|降低|缩短|缩减|拓展|扩展)[ \t]*+[$¥￥€]?[ \t]*+$", re.I)
#: A change "by X to Y" is read as a range only when Y is at most this many times X (by 5 to 6 percent).
_BY_RANGE_SPREAD = 2
_LOOKBACK = 200
#: An ISO currency code right before an amount ("USD 4.7 billion", "RMB 3 billion").
_CURRENCY_CODE_RE = re.compile(r"(?<![A-Za-z])(USD|EUR|RMB|CNY)[ \u00a0]?$", re.I)
MAX_DIGITS = 40  # a longer run of digits is a code or noise, never a figure  # characters a qualifier (direction, target) is looked for before a figure
_POINTS_RE = re.compile(r" (?:percentage )?points?\b")
_POINTS_TO_RATE_RE = re.compile(r"[^.;,，\n%]{0,24}?\d(?:\.\d+)?+ ?(?:%|percent\b|per cent\b)")
_PERCENT_CTX_RE = re.compile(r"%|percent|\brate\b|\bshare\b|\bratio\b|\bproportion\b", re.I)


def norm_startswith(text: str, word: str, pos: int) -> bool:
    return text.startswith(word, pos)


def _ascii_alpha(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


class _Scanner:
    """One pass over one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm = text.translate(_FULLWIDTH)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.figures: list[Figure] = []

    # -- positions --------------------------------------------------------------------------
    def line_of(self, pos: int) -> int:
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    def line_start(self, pos: int) -> int:
        return self.line_starts[self.line_of(pos) - 1]

    # -- building -----------------------------------------------------------------------------
    def ignored(self, start: int, end: int, reason: str, value: Decimal | None = None) -> None:
        self.figures.append(
            Figure(
                text=self.text[start:end], start=start, end=end, line=self.line_of(start), value=value,
                number=value, ignored=True, ignore_reason=reason,
            )
        )

    def run(self) -> list[Figure]:
        norm = self.norm
        fixed_spans: list[tuple[int, int]] = []
        for m in _FIXED_RE.finditer(norm):
            fixed_spans.append((m.start(), m.end()))
            self.ignored(m.start(), m.end(), f"fixed phrase ‘{m.group(0)}’")
        fixed_idx = 0
        pos = 0
        # search again from where the last figure ended (not finditer): a match that began inside a
        # consumed figure ("62 billion\n- two-thirds" read as the word run "billion - two") must not
        # swallow the figure after it
        mm: re.Match[str] | None = _MASTER_RE.search(norm, 0)
        while mm is not None:
            m = mm
            nxt = m.end() if m.end() > m.start() else m.start() + 1
            while fixed_idx < len(fixed_spans) and fixed_spans[fixed_idx][1] <= m.start():
                fixed_idx += 1
            if fixed_idx < len(fixed_spans) and fixed_spans[fixed_idx][0] < m.end():
                pos = max(pos, nxt)  # inside a fixed phrase
            else:
                try:
                    pos = max(self.handle(m), nxt)
                except (ValueError, InvalidOperation, ArithmeticError):
                    log.debug("could not parse %r", m.group(0))
                    pos = max(pos, nxt)
            mm = _MASTER_RE.search(norm, pos) if pos <= len(norm) else None
        self.figures.sort(key=lambda f: (f.start, f.end))
        return self.changes(self.merge_ranges(self.figures))

    def changes(self, figs: list[Figure]) -> list[Figure]:
        """``158 → 142``, ``from 158 to 142``, ``由158到142``: the second value's direction is the change."""
        norm = self.norm
        out = list(figs)
        prev: Figure | None = None
        prev_k = -1
        for k, f in enumerate(out):
            if f.ignored or f.value is None:
                continue
            if prev is not None and prev.line == f.line and prev.value is not None and (
                prev.unit == f.unit or "" in (prev.unit, f.unit)
            ):
                gap = norm[prev.end:f.start].strip()
                if gap in ("→", "->", "=>", "⇒", "-->", "—>", "➝", "➔") or (
                    gap in ("到", "至", "to") and _FROM_RE.search(norm, max(0, prev.start - 8), prev.start)
                ):
                    if prev.unit == "" and prev.kind == "number" and f.unit and prev.number is not None and (
                            prev.approx is None and not prev.is_range):
                        # "724.8 -> 886.5 billion yuan", 由724.8到886.5亿元: the start value is stated in the end's unit
                        prev = out[prev_k] = replace(prev, value=prev.number * f.scale, unit=f.unit, scale=f.scale,
                                                     kind=f.kind)
                    if f.direction is None and f.value != prev.value:
                        out[k] = f = replace(f, direction="up" if f.value > (prev.value or 0) else "down")
            prev, prev_k = f, k
        return out

    def handle(self, m: re.Match[str]) -> int:
        kind = m.lastgroup
        start, end = m.start(), m.end()
        s = m.group(0)
        if kind == "date":
            self.ignored(start, end, "date")
            return end
        if kind == "ref":
            self.ignored(start, end, "reference or ratio (volume:page)")
            return end
        if kind == "version":
            self.ignored(start, end, "version number")
            return end
        if kind == "fy":
            self.ignored(start, end, "fiscal year")
            return end
        if kind == "circled":
            self.ignored(start, end, "list marker")
            return end
        if kind == "months":
            self.ignored(start, end, "period (months)")
            return end
        if kind in ("cheng", "halfcn"):
            if kind == "halfcn":
                pct = Decimal(50)
            else:
                pct = Decimal(_CN_DIGITS[s[0]] * 10 + (_CN_DIGITS[s[2]] if len(s) > 2 else 0))
            approx: Approx | None = "over" if s.startswith("过") else None  # 过半: more than half
            pos = end
            for word, kind_a in _APPROX_AFTER:
                if norm_startswith(self.norm, word, pos):
                    approx, pos = kind_a, pos + len(word)
                    break
            else:
                if kind == "cheng" and self.norm[pos:pos + 1] in ("多", "余"):
                    approx, pos = "over", pos + 1  # 三成多: more than 30%
            return self.finish(start, pos, pct, 0, Decimal(1), ("%", Decimal(1), "percent"), s, approx=approx)
        if kind == "halfen":
            return self.after_number(start, end, Decimal("0.5"), 1, s, "en")
        if kind in EN_SHARE_KINDS:
            return read_en_share(self, kind, start, end, s)
        if kind == "cnpct":
            body = s[3:]
            num, dec = self.parse_any(body)
            is_pm = s.startswith("千")
            unit: _UnitInfo = ("‰", Decimal(1), "permille") if is_pm else ("%", Decimal(1), "percent")
            pct_approx: Approx | None = None
            for word, kind_a in _APPROX_AFTER:  # 百分之九十以上
                if norm_startswith(self.norm, word, end) and not word.isascii():
                    pct_approx, end = kind_a, end + len(word)
                    break
            return self.finish(start, end, num, dec, Decimal(1), unit, body, approx=pct_approx)
        if kind == "frac":
            den_s, _, num_s = s.partition("分之")
            den, _ = self.parse_any(den_s)
            numer, _ = self.parse_any(num_s)
            if den == 0:
                raise ValueError("zero denominator")
            with localcontext() as ctx:
                ctx.prec = 28
                val = numer / den
            frac_approx: Approx | None = None
            for word, kind_a in _APPROX_AFTER:  # 三分之一以上, 三分之二左右
                if norm_startswith(self.norm, word, end) and not word.isascii():
                    frac_approx, end = kind_a, end + len(word)
                    break
            fig = Figure(
                text=self.text[start:end], start=start, end=end, line=self.line_of(start), value=val,
                unit="", number=val, decimals=6, sig_digits=6, kind="fraction",
            )
            fig = self.qualify(fig)
            if frac_approx is not None and fig.approx is None:
                fig = replace(fig, approx=frac_approx)
            self.figures.append(fig)
            return end
        if kind == "fan":
            n_s = s[1:-1].lstrip("了")
            times = 1 if not n_s else int(self.parse_any(n_s)[0])
            val = Decimal(2) ** times
            fig = Figure(
                text=self.text[start:end], start=start, end=end, line=self.line_of(start), value=val,
                unit="倍", number=val, decimals=0, sig_digits=1, kind="multiple", direction="up",
            )
            self.figures.append(self.qualify(fig))
            return end
        if kind in ("ar", "cn") and len(s) > MAX_DIGITS:
            self.ignored(start, end, "code or identifier")  # 40+ digits: no report figure is that long
            return end
        if kind == "ar":
            if "," in s and not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
                raise ValueError("bad separators")
            num = Decimal(s.replace(",", "").replace("，", ""))
            dec = len(s.split(".")[1]) if "." in s else 0
            return self.after_number(start, end, num, dec, s, "ar")
        if kind == "cn":
            return self.handle_cn(start, end, s)
        # English number words; "Four Corners", "Big Ten" inside a sentence: a capitalised name
        if is_name_word(self, start, end, s):
            return end
        val_i = en_words_to_int(s)
        return self.after_number(start, end, Decimal(val_i), 0, s, "en")

    def fraction(self, start: int, end: int, numer: Decimal, denom: Decimal) -> int:
        """A fraction figure, as 三分之一 is: value numer/denom, kind ``fraction``, six decimals."""
        with localcontext() as ctx:
            ctx.prec = 28
            val = numer / denom
        fig = Figure(
            text=self.text[start:end], start=start, end=end, line=self.line_of(start), value=val,
            unit="", number=val, decimals=6, sig_digits=6, kind="fraction",
        )
        self.figures.append(self.qualify(fig))
        return end

    def parse_any(self, s: str) -> tuple[Decimal, int]:
        if re.fullmatch(r"\d+(?:\.\d+)?", s):
            return Decimal(s), (len(s.split(".")[1]) if "." in s else 0)
        return cn_to_decimal(s)

    def handle_cn(self, start: int, end: int, s: str) -> int:
        norm = self.norm
        # trailing 万/亿 with no digits after them belong to the scale, not the numeral
        core = s
        if core in _BARE_SCALES and _BARE_SCALE_UNIT_RE.match(norm, end) and norm[start - 1:start] not in _CN_CHARS:
            return self.after_number(start, end, cn_to_decimal("一" + core)[0], 0, core, "cn")  # 百亿元 = 一百亿元
        if not any(ch in _CN_DIGIT_CHARS for ch in core):
            return end  # 万家, 千方百计: not a numeral
        # strip leading scale characters without digits (万一 is handled by the phrase list)
        while core and core[0] in "百千万亿" and len(core) > 1 and core[1] not in _CN_DIGIT_CHARS:
            core = core[1:]
            start += 1
        ls = self.line_start(start)
        before = norm[max(ls, start - 12):start] if start - ls <= 12 else "x"
        after = norm[end:end + 2]
        # heading and enumeration markers
        if before.strip(" \t#*>-") == "" and after[:1] in ("、", ".", "．"):
            self.ignored(start, end + 1, "heading marker")
            return end + 1
        if norm[start - 1:start] in ("（", "(") and after[:1] in ("）", ")"):
            self.ignored(start - 1, end + 1, "list marker")
            return end + 1
        if after[:1] == "是" and len(core) <= 2 and norm[start - 1:start] not in ("第",):
            self.ignored(start, end + 1, "enumeration (一是/二是)")
            return end + 1
        if norm[start - 1:start] in ("第", "其"):
            self.ignored(start - 1, end, "ordinal")
            return end
        value, dec = cn_to_decimal(core)
        digit_by_digit = all(ch in _CN_DIGITS for ch in core.partition("点")[0])
        if digit_by_digit and len(core) == 4 and after[:1] == "年":
            self.ignored(start, end + 1, "year", value)
            return end + 1
        # a bare single numeral 一, 二 … only counts with a unit that makes it a figure
        fig_end = self.after_number(start, end, value, dec, core, "cn")
        return fig_end

    # -- tails ----------------------------------------------------------------------------------
    def _cn_tail(self, pos: int) -> bool:
        """A Chinese scale (万, 亿 …) or counting/measure unit (户, 万元, 批次) starts at ``pos``, and the
        line is Chinese (not "in 2025 人" in English prose)."""
        norm = self.norm
        um = _UNIT_RE.match(norm, pos)
        if not (_CN_SCALE_RE.match(norm, pos) or (um is not None and not um.group(0)[0].isascii())):
            return False
        if um is not None and um.group(0) in _SPACED_NOT_UNITS:
            return False  # 2025 年 is a year, 12 月 a month; 一块, 一方 are words
        end = norm.find("\n", pos)
        line = norm[self.line_start(pos):end if end >= 0 else len(norm)]
        return sum(1 for ch in line if "\u4e00" <= ch <= "\u9fff") * 4 >= sum(1 for ch in line if ch.isascii() and ch.isalpha())

    def after_number(self, start: int, end: int, num: Decimal, dec: int, s: str, form: str) -> int:
        norm = self.norm
        text_len = len(norm)
        pos = end
        approx: Approx | None = None
        scale = Decimal(1)
        unit: _UnitInfo | None = None
        # currency prefix
        currency: str | None = None
        pre = norm[max(0, start - 3):start]
        code = _CURRENCY_CODE_RE.search(norm, max(0, start - 5), start)
        if pre.endswith("US$") or pre.endswith("$"):
            currency = "USD"
        elif code is not None:  # "USD 11.56 billion", "EUR 5 million", "RMB 3 billion": a code before the amount
            currency = {"USD": "USD", "EUR": "EUR"}.get(code.group(1).upper(), "元")
        elif pre.endswith("¥") or pre.endswith("￥"):
            currency = "元"
        elif pre.endswith("€"):
            currency = "EUR"
        # 318.6 万元, 1,020 万元, 200 户: a space typed between a number and its Chinese scale or unit
        if form == "ar" and norm[pos:pos + 1] in (" ", "\u3000") and self._cn_tail(pos + 1):
            pos += 1
        # 余/多/来 between number and scale
        if pos < text_len and norm[pos] in "余多" and form != "en":
            nxt = norm[pos + 1:pos + 2]
            if nxt and (nxt in "万亿千百" or _UNIT_RE.match(norm, pos + 1)):
                approx = "over"
                pos += 1
        if form != "en":
            um = _UNIT_RE.match(norm, pos)
            if um and um.group(0)[0] in "千百万亿" and um.group(0) not in ("万人次",):
                unit = _UNITS[um.group(0)]
                pos = um.end()
            else:
                sm = _CN_SCALE_RE.match(norm, pos)
                if sm and not (form == "cn" and s[-1] in "万亿"):
                    scale = _CN_SCALES[sm.group(0)]
                    pos = sm.end()
                if form == "cn" and s[-1] in "万亿" and not sm:
                    pass
                if pos < text_len and norm[pos] in "余多" and approx is None:
                    nxt = norm[pos + 1:pos + 2]
                    if _UNIT_RE.match(norm, pos + 1) or not nxt or not nxt.isalnum():
                        approx = "over"
                        pos += 1
        if form != "cn" and unit is None:
            em = _EN_SCALE_RE.match(norm, pos)
            if em:
                word = (em.group(1) or em.group(2) or em.group(3) or "").lower()
                # a letter scale needs a currency ($90k, $1.53T) or a number no resolution is written as (90k,
                # 2.3k jobs, 1.2M people; not 4K, 8K, 5T)
                if em.group(1) or em.group(2) or currency is not None or (
                        word != "t" and em.start() == pos and (num >= 10 or dec > 0)
                        and not _ascii_alpha(norm[start - 1:start])):
                    scale = _EN_SCALE_VALUES[word]
                    pos = em.end()
        if unit is None:
            space = 1 if norm[pos:pos + 1] == " " and (form != "cn") else 0
            if norm[pos:pos + 1] == "-" and form != "cn":
                space = 1  # 10-year, 3-fold
            um = _UNIT_RE.match(norm, pos + space)
            if um is None and space:
                um = None
            if um is not None:
                surface = um.group(0)
                if space and not (surface[0].isascii()):
                    um = None  # "5 人" with a space: only for English units
                elif surface in ("块", "方", "度", "道", "门", "口", "眼", "节", "对", "匹") and form == "cn":
                    um = None  # 一块, 一方, 一度: words, not units
                elif surface == "分" and (form != "ar" or norm[um.end():um.end() + 1] in _FEN_WORDS
                                          or norm[start - 1:start] in ("时", "点")):
                    um = None  # 十分重要, 3分别, 8时30分: words or a time of day, not a score
            if um is not None:
                unit = _UNITS[um.group(0)]
                pos = um.end()
        if unit is None and form in ("ar", "en") and scale == 1:
            pm = _POINTS_RE.match(norm, pos)
            # a rate named before the figure, or the level it reached after it ("rose 2.3 points to 43.5%")
            if pm and (_PERCENT_CTX_RE.search(norm, max(self.line_start(start), start - 160), start)
                       or _POINTS_TO_RATE_RE.match(norm, pm.end())):
                unit = ("pp", Decimal(1), "percentage_point")  # "fell 0.4 points" after a rate: percentage points
                pos = pm.end()
        if currency is not None and (unit is None or unit[2] != "money"):
            unit = (currency, Decimal(1), "money")
        # the number is glued to letters: a code (GAO-26, COVID-19, PM2.5, 4S店)
        prev = norm[start - 1:start]
        nxt = norm[pos:pos + 1]
        if form == "cn" and unit is None and (nxt.isdigit() or _ascii_alpha(nxt)):
            return start + len(s)  # 社零123.4亿: a numeral character inside a word, not a figure
        token_before = re.search(r"[A-Za-z0-9-]*$", norm[max(0, start - 24):start])
        glued = token_before.group(0) if token_before else ""
        if (_ascii_alpha(prev) and prev not in "$") or (glued.endswith("-") and re.search("[A-Za-z]", glued)) or (
            _ascii_alpha(nxt) and form != "en"
        ) or (nxt.isdigit() and form == "cn"):
            self.ignored(start, pos, "code or identifier")
            return pos
        if dec == 0 and num * scale in _RATE_BASES and _RATE_BASE_BEFORE.search(norm, max(0, start - 5), start):
            self.ignored(start, pos, "rate base")  # per 1,000 residents, 每10万人, per $1,000: a rate's base
            return pos
        # calendar years, months, days
        unit_name = unit[0] if unit else ""
        is_int = dec == 0 and "," not in s and scale == 1
        if unit_name == "年" and is_int and form != "en":
            surface_after = norm[end:pos]
            if surface_after.startswith("年") and (1000 <= num <= 2999 or (form == "cn" and len(s) == 4)):
                self.ignored(start, end + 1, "year", num)
                return end + 1
        if unit is None and is_int and form != "en":
            after1 = norm[pos:pos + 1]
            if after1 in ("月", "日", "号", "时") and num <= 31:
                self.ignored(start, pos + 1, "date")
                return pos + 1
            if after1 in ("届",):
                self.ignored(start, pos + 1, "ordinal")
                return pos + 1
        if unit is None and is_int and 1900 <= num <= 2100 and form == "ar" and approx is None:
            self.ignored(start, pos, "year", num)
            return pos
        if form == "ar" and unit is None and is_int:
            ls = self.line_start(start)
            before = norm[ls:start] if start - ls <= 12 else "x"
            after = norm[pos:pos + 2]
            if before.strip(" \t#*>-|") == "" and (
                after[:1] in ("、", "．") or (after[:1] == "." and not after[1:2].isdigit())
            ):
                self.ignored(start, pos + 1, "heading marker")
                return pos + 1
            if norm[start - 1:start] in ("（", "(") and after[:1] in ("）", ")") and num <= 50:
                self.ignored(start - 1, pos + 1, "list marker")
                return pos + 1
            if norm[start - 1:start] == "第":
                self.ignored(start - 1, pos, "ordinal")
                return pos
        if form == "ar" and unit is None and is_int:
            if norm[start - 1:start] == "[" and norm[pos:pos + 1] == "]":
                self.ignored(start - 1, pos + 1, "footnote marker")
                return pos + 1
            ls = self.line_start(start)
            if (start - ls <= 12 and norm[ls:start].strip() == "" and _FOOTNOTE_TEXT.match(norm, pos, pos + 14)) or (
                num < 1000 and (norm[pos:pos + 2] == " [" or norm[max(0, start - 2):start] == "  ")
            ):
                self.ignored(start, pos, "footnote marker")
                return pos
            if num < 1000 and _page_number(norm, ls, start, pos):
                self.ignored(start, pos, "page number")
                return pos
            if re.match(r" (?:Stat\b|U\.S\.C|C\.F\.R|Fed\. Reg)", norm[pos:pos + 12]) or norm[
                max(0, start - 2):start
            ].strip() == "§" or _SECTION_LIST.search(norm, max(0, start - 40), start):
                self.ignored(start, pos, "reference number")
                return pos
        if unit is not None and unit[0] == "次" and re.match(r"(全委会|全会|会议|党代会|常委会|全体会议)", norm[pos:pos + 4]):
            self.ignored(start, pos, "ordinal")
            return pos
        if form in ("ar", "en"):
            m_ord = re.match(r"(st|nd|rd|th)\b", norm[pos:pos + 3])
            if m_ord and form == "ar":
                self.ignored(start, pos + 2, "ordinal")
                return pos + 2
            if unit is None and re.search(r"\bH\.\s?(?:R|Res|J\.\s?Res)\.\s?$", norm[max(0, start - 12):start]):
                self.ignored(start, pos, "reference number")  # a bill number: H.R. 1234
                return pos
            m_word = re.search(r"([A-Za-z]+)\.? ?$", norm[max(0, start - 20):start])
            last_word = m_word.group(1).lower() if m_word else ""
            if m_word and norm[max(0, start - 20):start][max(0, m_word.start() - 1):m_word.start()] in ("'", "’"):
                last_word = ""  # a possessive (the fund's 14 receipts), never S. 14 (a Senate bill)
            if last_word and unit is None:
                if last_word in _REF_WORDS:
                    self.ignored(start, pos, "reference number")
                    return pos
                if last_word in _MONTHS and unit is None and num <= 31:
                    self.ignored(start, pos, "date")
                    return pos
        if (
            form == "cn" and unit is None and scale == 1 and s[-1] not in "万亿"
            and not (len(s) >= 2 and any(c in "十百千" for c in s) and norm[pos:pos + 1] in "，。；、,.;）)\n")
        ):
            return pos  # a bare Chinese numeral word (一些 三峡 四川): not a figure
        if form == "cn" and len(s) == 1 and s in "一" and (unit is None or unit[2] == "count"):
            return pos  # 一个 一项 一批: words rather than figures
        if form == "en" and (num < 2 and unit is None and scale == 1):
            return pos  # "one of", "zero"
        if (
            unit is not None and unit[0] in _GENERIC_MEASURES and num <= 10 and dec == 0 and scale == 1
            and _ABSTRACT_RE.match(norm, pos)
        ):
            self.ignored(start, pos, "phrase (三个方面)")
            return pos
        # approx after unit
        if approx is None and unit is not None and unit[0] == "倍" and norm[pos:pos + 1] in ("多", "余"):
            approx, pos = "over", pos + 1  # 增加了一倍多
        if approx is None:
            for word, kind_a in _APPROX_AFTER:
                w_start = pos + (1 if word[0].isascii() and norm[pos:pos + 1] == " " else 0)
                if norm.startswith(word, w_start):
                    approx = kind_a
                    pos = w_start + len(word)
                    break
        return self.finish(start, pos, num, dec, scale, unit, s, approx=approx)

    def finish(
        self, start: int, end: int, num: Decimal, dec: int, scale: Decimal, unit: _UnitInfo | None,
        s: str, approx: Approx | None = None,
    ) -> int:
        canon, factor, kind = unit if unit else ("", Decimal(1), "number")
        value = num * scale * factor
        digits = str(abs(int(num))) if dec == 0 else re.sub(r"\D", "", f"{num:f}")
        sig = len(digits.lstrip("0")) if dec else len(digits.lstrip("0").rstrip("0"))
        fig = Figure(
            text=self.text[start:end], start=start, end=end, line=self.line_of(start), value=value,
            unit=canon, scale=scale * factor, number=num, decimals=dec, sig_digits=max(sig, 1),
            kind=kind, approx=approx,
        )
        self.figures.append(self.qualify(fig))
        return end

    # -- qualifiers -------------------------------------------------------------------------
    def qualify(self, fig: Figure) -> Figure:
        norm = self.norm
        start = fig.start
        ls = self.line_start(start)
        window = norm[max(ls, start - 14):start]
        approx = fig.approx
        direction: Direction | None = None
        sign = norm[start - 1:start]
        before_sign = norm[start - 2:start - 1]
        if sign in ("$", "¥", "￥", "€") and before_sign in ("+", "-", "−"):  # +$48.2M: the sign before the currency
            sign, before_sign = before_sign, norm[start - 3:start - 2]
        if sign in ("+", "-", "−") and not (before_sign.isascii() and before_sign.isalnum()):
            direction = "up" if sign == "+" else "down"
        if approx is None:
            tail = window.rstrip(" ")
            if sign in ("+", "-", "−"):
                tail = tail[:-1]
            for word, kind_a in _APPROX_BEFORE_ZH:
                if tail.endswith(word):
                    approx = kind_a
                    break
            else:
                low = tail.lower()
                low = low[:-1] if low.endswith("$") else low
                low = low.rstrip(" ")
                for word, kind_a in _APPROX_BEFORE_EN:
                    if low.endswith(word) and (len(low) == len(word) or not low[-len(word) - 1].isalpha()):
                        approx = kind_a
                        break
        if approx is None and (fig.kind == "fraction" or (fig.kind == "percent" and fig.text[-1:] in "成半")):
            om = _APPROX_OF_RE.search(norm, max(ls, start - 16), start)  # 超过总投资的三分之一
            if om:
                approx = _APPROX_OF[om.group(1)]
        # clause before the figure, for direction and target
        clause_start = start
        ls = max(ls, start - _LOOKBACK)  # bounded: a 100,000-character line stays linear
        while clause_start > ls and norm[clause_start - 1] not in "，。；;！？!?\n,":
            clause_start -= 1
        clause = norm[clause_start:start]
        if direction is None:
            # "accounted for more than half", "fewer than 300": the comparative is the figure's qualifier
            direction = _direction(_QUALIFIER_THAN_RE.sub("", clause) if approx is not None else clause)
        sent_start = start
        while sent_start > ls and norm[sent_start - 1] not in "。；;！？!?\n":
            sent_start -= 1
        target = _target(norm[sent_start:start])
        if fig.kind == "multiple" and direction is None and "翻" in fig.text:
            direction = "up"
        return Figure(
            text=fig.text, start=fig.start, end=fig.end, line=fig.line, value=fig.value, unit=fig.unit,
            scale=fig.scale, number=fig.number, decimals=fig.decimals, sig_digits=fig.sig_digits,
            kind=fig.kind, approx=approx, direction=direction, target=target,
        )

    # -- ranges -----------------------------------------------------------------------------
    def slash_fraction(self, a: Figure, b: Figure, gap: str) -> Figure | None:
        """``1/4`` after 占 / 为 / 的 / 约 / about, or before " of": a fraction (not a date or a code)."""
        if gap != "/" or a.value is None or b.value is None or not (a.number == a.value and b.number == b.value):
            return None
        if a.decimals or b.decimals or not (1 <= a.value < b.value <= 100) or a.scale != 1 or b.scale != 1:
            return None
        norm = self.norm
        if not (_SHARE_BEFORE_RE.search(norm, max(0, a.start - 14), a.start) or norm.startswith(" of ", b.end)):
            return None
        fig = Figure(text=self.text[a.start:b.end], start=a.start, end=b.end, line=a.line, value=a.value / b.value,
                     unit="", number=a.value / b.value, decimals=6, sig_digits=6, kind="fraction")
        return self.qualify(fig)

    def by_to(self, a: Figure, b: Figure) -> bool:
        """``by five miles to 46 miles`` / 延长5公里至46公里: a change, then the level it reached (two figures, no
        range), when a change word comes right before ``a``, ``a`` states a unit of its own and ``b`` is far
        above it (``by 5 to 6 percent`` stays a range)."""
        if a.value is None or b.value is None or a.unit == "" or a.unit != b.unit or a.kind in ("percent", "percentage_point"):
            return False
        if not _BY_RE.search(self.norm, max(0, a.start - 8), a.start):
            return False
        return a.value > 0 and b.value > _BY_RANGE_SPREAD * a.value

    def merge_ranges(self, figs: list[Figure]) -> list[Figure]:
        out: list[Figure] = []
        i = 0
        norm = self.norm
        while i < len(figs):
            a = figs[i]
            if i + 1 < len(figs):
                b = figs[i + 1]
                gap = norm[a.end:b.start]
                frac = self.slash_fraction(a, b, gap)
                if frac is not None:  # 占总量1/4, "1/3 of the budget": a fraction, not a code
                    out.append(frac)
                    i += 2
                    continue
                if (
                    gap in ("-", "/") and a.ignored and a.ignore_reason in ("reference number", "code or identifier")
                    and not b.ignored and b.unit == "" and b.decimals == 0 and b.scale == 1
                ):
                    out.append(a)
                    out.append(Figure(text=b.text, start=b.start, end=b.end, line=b.line, value=b.value,
                                      number=b.value, ignored=True, ignore_reason=a.ignore_reason))
                    i += 2
                    continue
                if (
                    gap in ("-", "/") and not a.ignored and not b.ignored and a.unit == b.unit == ""
                    and a.decimals == b.decimals == 0 and a.scale == b.scale == 1 and b.approx is None
                ):
                    for f in (a, b):
                        out.append(Figure(text=f.text, start=f.start, end=f.end, line=f.line, value=f.value,
                                          number=f.value, ignored=True, ignore_reason="code or identifier"))
                    i += 2
                    continue
                from_to = gap.strip() in ("至", "到", "to") and (
                    _FROM_RE.search(norm, max(0, a.start - 8), a.start) or self.by_to(a, b))
                # "between 5 and 6 percent": a range, as "5 to 6 percent" is
                between_and = gap == " and " and norm[max(0, a.start - 8):a.start].lower().endswith("between ")
                if ((gap.strip() in ("-", "—", "——", "–", "~", "至", "到", "to", "－", "−") and len(gap) <= 4)
                        or between_and) and not from_to:
                    if a.ignored and b.ignored and a.ignore_reason == b.ignore_reason == "year":
                        out.extend((a, b))
                        i += 2
                        continue
                    if (
                        not a.ignored and b.ignored and b.ignore_reason == "year" and a.value is not None
                        and a.unit == "" and 1000 <= a.value <= 2999
                    ):
                        out.append(
                            Figure(text=a.text, start=a.start, end=a.end, line=a.line, value=a.value,
                                   number=a.value, ignored=True, ignore_reason="year")
                        )
                        out.append(b)
                        i += 2
                        continue
                    if (
                        not a.ignored and not b.ignored and a.value is not None and b.value is not None
                        and (a.unit == b.unit or a.unit == "") and a.line == b.line
                    ):
                        low = a.number * b.scale if a.unit == "" and a.number is not None else a.value
                        if low <= b.value:
                            out.append(
                                Figure(
                                    text=self.text[a.start:b.end], start=a.start, end=b.end, line=a.line,
                                    value=low, unit=b.unit, scale=b.scale, number=b.number,
                                    decimals=max(a.decimals, b.decimals), sig_digits=b.sig_digits,
                                    kind=b.kind, approx=a.approx or b.approx, range_low=low,
                                    range_high=b.value, direction=a.direction or b.direction,
                                    target=a.target if a.target is not None else b.target,
                                )
                            )
                            i += 2
                            continue
            out.append(a)
            i += 1
        return out


_QUALIFIER_THAN_RE = re.compile(r"\b(?:more|less|fewer)(?: than)?[ $]*+$", re.I)


def _direction(clause: str) -> Direction | None:
    best: tuple[int, Direction] | None = None
    clause = _NEUTRAL_RE.sub(lambda m: " " * len(m.group(0)), clause)
    for m in _DIR_ZH_RE.finditer(clause):
        d: Direction = "up" if m.group(0) in _UP_WORDS else "down"
        if m.group(0) in ("多", "少") and clause[m.end():].rstrip() not in ("", "了"):
            continue  # 多 / 少 only right before the figure (多3人, 比上年多了1.9亿元)
        best = (m.end(), d)
    for m in _WORD_RE.finditer(clause):
        w = m.group(0).lower()
        if (w in _UP_EN or w in _DOWN_EN) and (best is None or m.end() > best[0]):
            best = (m.end(), "up" if w in _UP_EN else "down")
    return best[1] if best else None


def _target(sentence: str) -> bool | None:
    best: tuple[int, bool] | None = None
    for m in _TGT_ZH_RE.finditer(sentence):
        w = m.group(0)
        if w == "将" and sentence[m.end():m.end() + 1] == "近":
            continue
        best = (m.end(), w in _TARGET_WORDS)
    for m in _WORD_RE.finditer(sentence):
        w = m.group(0).lower()
        if (w in _TARGET_EN or w in _ACHIEVED_EN) and (best is None or m.end() > best[0]):
            best = (m.end(), w in _TARGET_EN)
    return best[1] if best else None


# --------------------------------------------------------------------------------------------
# Context: the indicator words around a figure.
_ABBREVIATIONS = {
    "固投": "固定资产投资", "社零总额": "社会消费品零售总额", "社零额": "社会消费品零售总额",
    "社零": "社会消费品零售总额", "规上": "规模以上", "GDP": "地区生产总值",
    "gdp": "地区生产总值", "一般公共预算收入": "公共财政预算收入", "财政收入": "财政总收入",
    "一产": "第一产业", "二产": "第二产业", "三产": "第三产业", "进出口额": "进出口总额",
    # sign8 (wave 13): "energy consumption per unit of GDP" is energy intensity; GDP is its denominator, no indicator
    "consumption per unit of GDP": "intensity", "use per unit of GDP": "intensity",
}
#: Short forms of a count's noun (4000户棚改 / 4000户棚户区改造), read for the noun a count is tied to only: the
#: distinctive part they stand for (棚户区), never the 改造 every renovation shares (老旧小区改造 is another thing).
_NOUN_ABBREVIATIONS = {"棚改": "棚户区", "危改": "危房", "农危改": "农村危房"}
_NOUN_ABBR_RE = re.compile("|".join(re.escape(k) for k in sorted(_NOUN_ABBREVIATIONS, key=len, reverse=True)))
# 一产 → 第一产业, but never inside 第一产业 itself
_ABBR_RE = re.compile("|".join(("(?<!第)" if k.endswith("产") else "") + re.escape(k)
                               for k in sorted(_ABBREVIATIONS, key=len, reverse=True)))
_CTX_STOP_ZH = ["同比增长", "比上年增长", "比上年", "同比", "增长", "下降", "增加", "减少", "提高", "降低", "上升", "回落", "完成", "实现", "达到", "分别", "累计", "全年", "其中", "年均", "力争", "预计", "目标", "计划", "确保", "左右", "以上", "超过", "突破", "约", "达", "为", "是", "了", "的", "和", "与", "及", "比", "上年", "同期", "共", "总计", "合计", "新增", "万元", "亿元", "元", "个百分点", "百分点", "倍", "增", "降", "以", "在", "对", "将", "年", "月", "日", "底", "末", "今年", "去年"]
_CTX_STOP_RE = re.compile("|".join(re.escape(w) for w in sorted(_CTX_STOP_ZH, key=len, reverse=True)))
_EN_STOP = frozenset(
    ["the", "a", "an", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "as", "is", "are", "was", "were", "be", "been", "this", "that", "these", "those", "it", "its", "than", "about", "over", "nearly", "more", "less", "up", "down", "increase", "increased", "decrease", "decreased", "rose", "fell", "percent", "million", "billion", "thousand", "total", "totaled", "approximately", "some", "fiscal", "year", "years", "from", "which", "while", "has", "had", "have", "into", "per", "each", "about", "since", "during", "after", "before"]
)
_CJK_RE = re.compile(r"[\u4e00-\u9fff]+")
_LONE_ADVERBS = frozenset("均都各皆亦也")


def context_tokens(context: str) -> frozenset[str]:
    """Indicator tokens of a context string: CJK character bigrams and English content words."""
    # perf (wt-perf): the same contexts are tokenised by the notes, the ledger and readers; only short ones kept
    return _context_tokens(context) if len(context) <= 300 else _context_tokens.__wrapped__(context)


@lru_cache(maxsize=8192)
def _context_tokens(context: str) -> frozenset[str]:
    context = _ABBR_RE.sub(lambda m: _ABBREVIATIONS[m.group(0)], context)
    context = _CTX_STOP_RE.sub(" ", context)
    tokens: set[str] = set()
    for run in _CJK_RE.findall(context):
        if len(run) == 1:
            if run not in _LONE_ADVERBS:  # 均/都/各 (A、B均增长5%) is the listed items' value, no indicator of its own
                tokens.add(run)
        else:
            tokens.update(run[i:i + 2] for i in range(len(run) - 1))
    for w in _WORD_RE.findall(context):
        lw = w.lower()
        if len(lw) < 2 or lw in _EN_STOP:
            continue
        if lw.endswith("ies") and len(lw) > 4:
            lw = lw[:-3] + "y"
        elif lw.endswith("s") and not lw.endswith("ss") and len(lw) > 3:
            lw = lw[:-1]
        tokens.add(lw)
        if lw.startswith("un") and lw.endswith("ed") and len(lw) > 7:  # "unreported" is "not reported"
            tokens.update((lw[2:], "not"))
    return frozenset(tokens)


#: A parenthesis right before a figure ("(district level) 10.06", "（含基础设施）100亿元"): a qualifier of a name.
_PAREN_BEFORE = re.compile(r"[(（]([^()（）\n\x00\x01]{1,30})[)）][ \t]*+$")
_ORDINAL_NAME = re.compile(r"产业|产|次产业|季度|批|期|轮|类|档")


# between the two values of a from → to pair: the first one's unit word, an arrow, an "about" sign
_PAIR_GAP = re.compile(r"[^\s\d\x00\x01，,；;：:]{0,6}\s*+(?:→|⟶|➝|➔|⇒|=>|-{1,2}>|—>|－>)\s*+(?:[~≈约]|about|around)?\s*+", re.I)


def _with_context(text: str, norm: str, figs: list[Figure], line_starts: list[int]) -> list[Figure]:
    """Attach ``context`` and ``tokens`` to each figure (figures' own spans masked out)."""
    masked = list(norm)
    for f in figs:
        if f.ignored and f.ignore_reason == "ordinal" and _ORDINAL_NAME.match(norm, f.end):
            continue  # 第二产业, 第三季度: an ordinal inside a name is part of the name
        for i in range(f.start, min(f.end, len(masked))):
            masked[i] = "\x00" if f.ignored else "\x01"
    mtext = "".join(masked)
    out: list[Figure] = []
    import bisect

    last_noun_end = -1
    tab_of_line: dict[int, int] = {}
    for idx, f in enumerate(figs):
        if f.ignored:
            out.append(f)
            continue
        li = bisect.bisect_right(line_starts, f.start) - 1
        ls = line_starts[li]
        le = line_starts[li + 1] - 1 if li + 1 < len(line_starts) else len(norm)
        before = _clause_before(mtext, ls, f.start)
        for _ in range(6):  # each step one bounded clause; English clauses run longer than Chinese ones
            if len(context_tokens(before.replace("\x00", " "))) >= 1:
                break
            # 同比增长9.1%: the indicator is in the previous clause
            prev_end = f.start - len(before) - 1
            if prev_end <= ls:
                break
            before = _clause_before(mtext, ls, prev_end) + before
        if not context_tokens(before.replace("\x00", " ")):
            before = _label_before(mtext, ls, f.start) or before
        paren = _PAREN_BEFORE.search(mtext, max(ls, f.start - 40), f.start)
        if paren is not None and paren.start() > ls and before.strip() == paren.group(1).strip():
            # "fixed-asset investment (district level) 10.06 billion": the parenthesis qualifies the name before it
            before = _clause_before(mtext, ls, paren.start()) + " " + before
        if li not in tab_of_line:
            tab_of_line[li] = mtext.find("\t", ls, le)  # once per line: a long line stays linear
        tab = tab_of_line[li]
        if tab >= 0 and f.start > tab:
            before = mtext[ls:tab] + " "  # a spreadsheet row: its label names the indicator of every cell
        after = _clause_after(mtext, f.end, le)
        noun = _noun_after(norm, mtext, f, le)
        if noun:
            # a count before a noun (6个重点项目和6个乡镇): its own noun, not the figure before it
            before = before[before.rfind("\x01") + 1:]
            if f.start - len(before) < last_noun_end <= f.start:
                before = mtext[last_noun_end:f.start]
            cut = after.find("\x01")
            after = after if cut < 0 else after[:cut]
        ctx_before = before.replace("\x00", " ").replace("\x01", " ").strip()
        ctx_after = after.replace("\x00", " ").replace("\x01", " ").strip()
        context = _display_context(ctx_before, tail=True, limit=24)
        # 40 characters of words (masked figures and blanks collapsed), never a word cut in two
        tokens = context_tokens(_word_tail(_BLANKS.sub(" ", ctx_before), 40) + " " + _word_head(ctx_after, 14))
        pair = before.rfind("\x01")
        if pair >= 0 and _PAIR_GAP.fullmatch(before, pair + 1) and out and out[-1].line == f.line and not out[-1].ignored:
            context, tokens = out[-1].context, out[-1].tokens  # 78.3岁 → 79.6岁: the pair's end is of the start's name
        if not noun and f.kind == "count" and f.unit in _MEASURE_UNITS and f.text[-1:] == f.unit:
            head = _LINE_LABEL_RE.match(mtext, ls, f.start)  # 乡镇卫生院：新建12个 counts 乡镇卫生院
            if head is not None:
                tokens = tokens | context_tokens(head.group(1))
        if noun:
            tokens = tokens | context_tokens(noun)
            last_noun_end = f.end + (mtext.find(noun, f.end, f.end + 64) - f.end + len(noun)
                                     if noun not in f.text else 0)
        # "分别增长9.1%、5.3%": the position in the list tells the figures apart
        sent_start = max(ls, f.start - 40)
        for delim in "。；;!?！？":
            sent_start = max(sent_start, mtext.rfind(delim, sent_start, f.start) + 1)
        clause_full = mtext[sent_start:f.start]
        if "分别" in clause_full or "respectively" in norm[f.end:f.end + 40]:
            # count the figures of the list from 分别 on (or from the sentence start)
            list_start = sent_start + clause_full.rfind("分别") if "分别" in clause_full else sent_start
            k = sum(1 for g in figs[max(0, idx - 8):idx] if not g.ignored and g.unit == f.unit
                    and g.line == f.line and g.start >= list_start)
            first = next((g.start for g in figs[max(0, idx - 8):idx + 1] if not g.ignored and g.unit == f.unit
                          and g.line == f.line and g.start >= list_start), f.start)
            own = _listed_subject(mtext[sent_start:first], k)
            if own is not None:  # A、B分别增长3%、5%: 5% is B's growth, not A's
                subject, verb = own
                tokens = context_tokens(subject + " " + verb)
            tokens = tokens | {f"#{k}"}
        if not context:
            context = _display_context(ctx_after, tail=False, limit=16)
        out.append(
            Figure(
                text=f.text, start=f.start, end=f.end, line=f.line, value=f.value, unit=f.unit,
                scale=f.scale, number=f.number, decimals=f.decimals, sig_digits=f.sig_digits,
                kind=f.kind, approx=f.approx, range_low=f.range_low, range_high=f.range_high,
                direction=f.direction, target=f.target, context=context, tokens=tokens, noun=noun,
            )
        )
    return out


_MEASURE_UNITS = frozenset(
    ["户", "人", "名", "位", "个", "项", "台", "套", "头", "只", "盏", "座", "所", "家", "栋", "幢", "间", "辆",
     "艘", "架", "条", "处", "批", "场", "件", "张", "本", "册", "部", "支", "种", "类", "宗", "笔", "株", "棵",
     "篇", "床", "片", "口", "眼", "道", "门", "节"]
)
_NOUN_STOP_ZH = re.compile(r"[和与及或的等共]|实现|完成|达到|开展|建成|通过|获得|获评|被|受到|成为|均|全部|已|正在")
_EN_NOUN_UNITS = frozenset(["people", "persons", "households", "units", "facilities", "projects", "vehicles",
                            "employees", "FTEs", "FTE"])
_EN_NOUN_STOP = _EN_STOP | frozenset(
    ["were", "was", "will", "had", "have", "has", "are", "is", "be", "being", "been", "did", "do", "who", "that",
     "which", "across", "throughout", "nationwide", "statewide", "last", "next", "this", "per",
     # prepositions and adverbs after a count ("29,000 outside it", "48 alone"): no noun of its own
     "through", "outside", "inside", "within", "under", "among", "between", "via", "against", "alone", "only",
     "apiece", "overall", "above", "below", "beyond", "around", "toward", "towards", "without", "respectively"]
)


def _noun_after(norm: str, mtext: str, f: Figure, line_end: int) -> str:
    """The noun a count is tied to: 6个重点项目 → 重点项目, "2,300 new jobs" → "new jobs" ("" when none)."""
    if f.kind not in ("count", "number") or f.value is None:
        return ""
    if f.unit == "人":
        return ""  # 人 is itself the noun (people): 解决3.2万人安全饮水 counts people, not 安全饮水
    if f.unit in _MEASURE_UNITS and f.text[-1:] == f.unit:
        i, limit = f.end, min(line_end, f.end + 8)
        while i < limit and "\u4e00" <= mtext[i] <= "\u9fff":
            i += 1
        run = mtext[f.end:i]
        m = _NOUN_STOP_ZH.search(run)
        return run[:m.start()] if m else run
    words = f.text.split()
    if len(words) > 1 and words[-1] in _EN_NOUN_UNITS:
        return words[-1]
    if f.unit == "" and f.kind == "number":
        if line_end < f.end:  # "about 2\nbillion more mail pieces": the figure runs onto the next line
            nl = mtext.find("\n", f.end, f.end + 48)
            line_end = nl if nl >= 0 else len(mtext)
        m = _EN_NOUN_RE.match(mtext, f.end, min(line_end, f.end + 48))
        if m:
            found: list[str] = []
            for w in m.group(1).split(" "):
                lw = w.lower()
                if lw in _NOUN_FILLER and all(x.lower() in _NOUN_FILLER for x in found):
                    found.append(w)  # "2 billion more mail pieces", "40 new inspectors"
                    continue
                if lw in _EN_NOUN_STOP or lw in _EN_SCALE_VALUES:
                    break
                found.append(w)
            return "" if all(x.lower() in _NOUN_FILLER for x in found) else " ".join(found)
    return ""


_EN_NOUN_RE = re.compile(r" ([A-Za-z][A-Za-z-]*(?: [A-Za-z][A-Za-z-]*){0,2})")
_NOUN_FILLER = frozenset(["new", "additional", "more", "other", "total", "some", "full-time", "part-time"])


#: Words that name people as such (not a role): "183 residents" counts the notes' "183 people".
_PERSON_NOUNS = frozenset(["people", "person", "persons", "resident", "individual", "citizen", "inhabitant"])
PERSON_TOKEN = "#person"
#: Words that name a dwelling or the household living in it: a renovation's "1.74 million homes" counts the
#: notes' "1.74 million households" (and dwellings, housing units, apartments, flats).
_DWELLING_NOUNS = frozenset(["home", "household", "dwelling", "house", "apartment", "flat", "residence"])
DWELLING_TOKEN = "#dwelling"


@lru_cache(maxsize=4096)  # perf (wt-perf): a few nouns, compared for every candidate note figure
def noun_tokens(noun: str) -> frozenset[str]:
    """Tokens of a count's noun (CJK bigrams, singular English words, :data:`PERSON_TOKEN` for a word that
    names people as such) for comparing two nouns."""
    tokens: set[str] = set()
    noun = _NOUN_ABBR_RE.sub(lambda m: _NOUN_ABBREVIATIONS[m.group(0)], noun)  # 棚改 is 棚户区改造
    for run in _CJK_RE.findall(noun):
        tokens.update(run[i:i + 2] for i in range(len(run) - 1)) if len(run) > 1 else tokens.add(run)
    for w in _WORD_RE.findall(noun):
        lw = w.lower()
        if lw in _NOUN_FILLER:
            continue
        if lw.endswith("ies") and len(lw) > 4:
            lw = lw[:-3] + "y"
        elif lw.endswith("s") and not lw.endswith("ss") and len(lw) > 3:
            lw = lw[:-1]
        tokens.add(lw)
        if lw in _PERSON_NOUNS:
            tokens.add(PERSON_TOKEN)
        if lw in _DWELLING_NOUNS:
            tokens.add(DWELLING_TOKEN)
    return frozenset(tokens)


_LIST_SEP_RE = re.compile(r"、|和|与|及|以及|,? and |, ")
_EN_VERB_RE = re.compile(
    r"\b(?:rose|grew|fell|increased|decreased|declined|dropped|reached|totaled|totalled|were|was|amounted|"
    r"stood|came|accounted|climbed|went)\b", re.I,
)


#: One name that stands for two in a 分别 list: 城乡居民收入分别… = 城镇居民收入, 农村居民收入.
_PAIRED_PREFIXES: tuple[tuple[str, tuple[str, str]], ...] = (
    ("城乡", ("城镇", "农村")), ("进出口", ("进口", "出口")), ("中小学", ("中学", "小学")),
    ("男女", ("男", "女")), ("内外资", ("内资", "外资")), ("中外资", ("中资", "外资")),
)


def paired_names(name: str) -> list[str]:
    """``城乡常住居民人均可支配收入`` → [城镇常住居民人均可支配收入, 农村常住居民人均可支配收入]; a name
    without such a paired prefix → [name]."""
    stripped = name.strip()
    for prefix, (a, b) in _PAIRED_PREFIXES:
        k = stripped.find(prefix)
        if 0 <= k <= 4:  # 全区城乡居民…: a short qualifier may stand before it
            head, rest = stripped[:k], stripped[k + len(prefix):]
            return [head + a + rest, head + b + rest]
    return [name]


def _listed_subject(head: str, k: int) -> tuple[str, str] | None:
    """The k-th name of a 分别 / respectively list and the words after the names (its verb)."""
    head = head.replace("\x00", " ").replace("\x01", " ")
    if "分别" in head:
        names, _, verb = head.rpartition("分别")
    else:
        m = _EN_VERB_RE.search(head)
        if m is None:
            return None
        names, verb = head[:m.start()], head[m.start():]
    names = re.split(r"[，,：:（(]", names)[-1] if re.search(r"[\u4e00-\u9fff]", names) else names
    subjects = [p.strip() for p in _LIST_SEP_RE.split(names) if p and p.strip()]
    if len(subjects) == 1:
        subjects = paired_names(subjects[0])
    if len(subjects) < 2 or k >= len(subjects):
        return None
    return subjects[k], verb


def wide_tokens(text: str, start: int, end: int) -> frozenset[str]:
    """Character bigrams / words of up to 30 characters on each side of a span, within its line."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    window = text[max(ls, start - 30):start] + " " + text[end:min(le, end + 30)]
    tokens: set[str] = set()
    for run in _CJK_RE.findall(window):
        tokens.update(run[i:i + 2] for i in range(len(run) - 1))
    tokens.update(w.lower() for w in _WORD_RE.findall(window) if len(w) > 2)
    return frozenset(tokens)


#: A line's label (the words before a colon at its start: "- 乡镇卫生院：新建12个"), no figure in it.
_LINE_LABEL_RE = re.compile(r"(?<![ \t])[ \t]*+(?:[-*•·][ \t]*+)?([\u4e00-\u9fff]{2,12})[：:]")


def _clause_before(mtext: str, line_start: int, pos: int) -> str:
    i = pos
    limit = max(line_start, pos - 48)
    while i > limit:
        ch = mtext[i - 1]
        if ch in _CLAUSE_DELIMS or ch == "、":
            break
        if ch in ",." and (i >= len(mtext) or mtext[i:i + 1] == " "):
            break
        i -= 1
    if i == limit and i > line_start and _ascii_word(mtext[i - 1]):
        while i < pos and _ascii_word(mtext[i]):  # never a word cut at the limit ("om" of "from")
            i += 1
    return mtext[i:pos]


def _label_before(mtext: str, line_start: int, pos: int) -> str:
    """The words before a figure across several delimiters in a row, each skipped once, when the clauses
    next to it name nothing (地区生产总值：“十三五”末9323.1亿元; "grants not reported, FY2021-FY2025: $42.5
    billion"): at most six clauses back, never across a Chinese clause or list mark; "" when none names
    anything."""
    before = clause = _clause_before(mtext, line_start, pos)
    clause_start = pos - len(before)
    for _ in range(6):
        if context_tokens(before.replace("\x00", " ")):
            return before
        prev_end = clause_start - 1
        if prev_end <= line_start or mtext[prev_end] in _LIST_MARKS:
            break  # a Chinese clause or list item before is another figure's (A、B分别为…，同比分别增长…)
        if mtext[prev_end] in ",." and clause.strip(_NO_WORDS):
            break  # "In total, four of …": an English comma only after a period's figures (", FY2021-FY2025:")
        clause = _clause_before(mtext, line_start, prev_end)
        before = clause + before
        clause_start = prev_end - len(clause)
    return ""


_NO_WORDS = " \t\x00\x01-–—/$"


_LIST_MARKS = "、，；。;"


_BLANKS = re.compile(r"\s{2,}")


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _word_tail(text: str, n: int) -> str:
    """The last ``n`` characters of ``text`` without a word cut at their start (``revenue`` never
    becomes ``evenue``: a broken word is a token that matches nothing, or the wrong thing)."""
    if len(text) <= n:
        return text
    cut = text[-n:]
    if _ascii_word(cut[0]) and _ascii_word(text[-n - 1]):
        i = 0
        while i < len(cut) and _ascii_word(cut[i]):
            i += 1
        return cut[i:]
    return cut


def _word_head(text: str, n: int) -> str:
    """The first ``n`` characters of ``text`` without a word cut at their end."""
    if len(text) <= n:
        return text
    cut = text[:n]
    if _ascii_word(cut[-1]) and _ascii_word(text[n]):
        i = len(cut)
        while i > 0 and _ascii_word(cut[i - 1]):
            i -= 1
        return cut[:i]
    return cut


def _clause_after(mtext: str, pos: int, line_end: int) -> str:
    i = pos
    limit = min(line_end, pos + 40)
    while i < limit:
        ch = mtext[i]
        if ch in _CLAUSE_DELIMS or ch == "、":
            break
        if ch in ",." and mtext[i + 1:i + 2] in (" ", "\n", ""):
            break
        i += 1
    return mtext[pos:i]


def _display_context(s: str, *, tail: bool, limit: int) -> str:
    """The note's own words next to a figure, as quoted in reasons (no word removed from inside).

    Keeps the last (``tail``) or first ``limit`` characters and never cuts an English word in two.
    """
    s = re.sub(r"[\s\x00、，,.;；:：\-—~～+%$¥￥]+", " ", s).strip()
    if len(s) <= limit:
        return s
    if tail:
        cut = s[-limit:]
        if s[-limit - 1].isascii() and s[-limit - 1].isalnum() and cut[0].isascii() and cut[0].isalnum():
            cut = cut.partition(" ")[2]
    else:
        cut = s[:limit]
        if s[limit].isascii() and s[limit].isalnum() and cut[-1].isascii() and cut[-1].isalnum():
            cut = cut.rpartition(" ")[0]
    return cut.strip()


def normalise(text: str) -> str:
    """Full-width digits and signs to ASCII, one character for one (offsets are preserved)."""
    return text.translate(_FULLWIDTH)


#: Short texts (note lines, items) are remembered, up to :data:`_MEMO_TOTAL_CHARS` characters in all
#: (least recently used forgotten first): the notes parser and the fact table both read every line of
#: a paste, so 10,000 lines were read twice.
_MEMO_MAX_CHARS = 300
_MEMO_TOTAL_CHARS = 1_000_000
_MEMO: OrderedDict[str, tuple[Figure, ...]] = OrderedDict()
_MEMO_LOCK = threading.Lock()
_memo_chars = 0


def extract_figures(text: str) -> list[Figure]:
    """All figures of ``text`` in order, ignored ones (years, markers, phrases) included."""
    global _memo_chars
    if len(text) > _MEMO_MAX_CHARS:
        return _extract(text)
    with _MEMO_LOCK:
        kept = _MEMO.get(text)
        if kept is not None:
            _MEMO.move_to_end(text)
            return list(kept)  # a fresh list of frozen figures
    found = tuple(_extract(text))
    with _MEMO_LOCK:
        if text not in _MEMO:
            _MEMO[text] = found
            _memo_chars += len(text)
            while _memo_chars > _MEMO_TOTAL_CHARS:
                old, _ = _MEMO.popitem(last=False)
                _memo_chars -= len(old)
    return list(found)


def _extract(text: str) -> list[Figure]:
    scanner = _Scanner(canon_split_years(text))  # period6: 2024/25, FY24-25 are one year (the 25 no figure)
    figs = scanner.run()
    # drop duplicates produced by overlapping handlers (keep the first, longest)
    clean: list[Figure] = []
    last_end = -1
    for f in figs:
        if f.start < last_end:
            continue
        clean.append(f)
        last_end = f.end
    clean = _apply_row_units(scanner.norm, clean)
    return _with_context(text, scanner.norm, clean, scanner.line_starts)


_LABEL_UNIT_RE = re.compile(r"[（(]\s*(?:单位\s*[:：]\s*)?([^()（）\d]{1,12}?)\s*[)）]\s*$")


def _unit_word(word: str) -> tuple[str, Decimal, Kind] | None:
    """``万吨`` → (吨, 10000, count); ``%`` → (%, 1, percent); None when ``word`` is not a unit."""
    word = word.strip()
    scale = Decimal(1)
    sm = _CN_SCALE_RE.match(word)
    if sm and word[sm.end():] in _UNITS:
        scale, word = _CN_SCALES[sm.group(0)], word[sm.end():]
    info = _UNITS.get(word)
    if info is None:
        return None
    unit, factor, kind = info
    return unit, scale * factor, kind


# "(dollars in thousands)", "($ in millions)", "in thousands of dollars": the amounts after it are scaled
_TABLE_SCALE_RE = re.compile(r"(?:dollars|\$|amounts?) in (thousands|millions|billions)\b|"
                             r"\bin (thousands|millions|billions) of dollars\b", re.I)
_TABLE_SCALES = {"thousands": Decimal(10**3), "millions": Decimal(10**6), "billions": Decimal(10**9)}


def table_scaled(text: str, figs: Sequence[Figure]) -> dict[int, Figure]:
    """A budget table's "(dollars in thousands)": the dollar amounts written after it without a scale
    word ($923,596) in the unit the header gives ($923.596 million), by position in ``figs``. An
    alternative reading, never a replacement: the same amounts may be quoted as written elsewhere."""
    m = _TABLE_SCALE_RE.search(text)
    if m is None:
        return {}
    scale = _TABLE_SCALES[(m.group(1) or m.group(2)).lower()]
    return {
        k: replace(f, value=f.value * scale, scale=scale)
        for k, f in enumerate(figs)
        if f.start >= m.end() and not f.ignored and f.value is not None and f.unit == "USD" and f.scale == 1
        and f.kind == "money" and not f.is_range
    }


def _apply_row_units(norm: str, figs: list[Figure]) -> list[Figure]:
    """Spreadsheet rows (tab-separated): the unit of the row label (``粮食产量(万吨)``) or of a unit
    cell (``粮食产量<TAB>万吨``) applies to the bare numbers in the cells after it."""
    if "\t" not in norm:
        return figs
    row_unit: dict[int, tuple[int, tuple[str, Decimal, Kind]]] = {}  # line → (cells start, unit)
    pos = 0
    for line_no, line in enumerate(norm.split("\n"), start=1):
        if "\t" in line:
            cells = line.split("\t")
            offset = pos
            for cell in cells[:-1]:
                offset += len(cell) + 1
                m = _LABEL_UNIT_RE.search(cell)
                info = _unit_word(m.group(1)) if m else _unit_word(cell) if cell.strip() else None
                if info is not None:
                    row_unit[line_no] = (offset, info)
                    break
        pos += len(line) + 1
    out: list[Figure] = []
    for f in figs:
        hit = row_unit.get(f.line)
        if (
            hit is not None and f.start >= hit[0] and not f.ignored and f.value is not None
            and f.unit == "" and f.kind == "number" and f.scale == 1
        ):
            unit, scale, kind = hit[1]
            f = Figure(
                text=f.text, start=f.start, end=f.end, line=f.line, value=f.value * scale, unit=unit,
                scale=scale, number=f.number, decimals=f.decimals, sig_digits=f.sig_digits, kind=kind,
                approx=f.approx, range_low=None if f.range_low is None else f.range_low * scale,
                range_high=None if f.range_high is None else f.range_high * scale,
                direction=f.direction, target=f.target,
            )
        out.append(f)
    return out


def format_value(fig: Figure) -> str:
    """A short human form of a figure's value and unit (for reasons and tooltips)."""
    if fig.value is None:
        return fig.text
    v = fig.value.normalize()
    s = f"{v:f}"
    return f"{s} {fig.unit}".strip()


_RATIO_OF_RE = re.compile(r"(?:是|为|相当于)[^，,；;。是为]{0,24}的\s?$")
_GROWTH_VERB_RE = re.compile(r"(?:增长|增加|提高|上升|扩大|增)了?\s*$")


def multiple_form(text: str, f: Figure) -> str | None:
    """``growth`` for 增长1.6倍 (grew by), ``ratio`` for 是…的2.6倍 (times), None for any other figure:
    the same number of 倍 in the two forms are different statements."""
    if f.kind != "multiple" or f.unit != "倍" or "翻" in f.text:
        return None
    if _GROWTH_VERB_RE.search(normalise(text[max(0, f.start - 8):f.start])):
        return "growth"
    if _RATIO_OF_RE.search(text[max(0, f.start - 30):f.start]):
        return "ratio"
    return None


def equivalents(text: str, f: Figure, *, exact: bool = True) -> list[Figure]:
    """Other forms of the same statement, as percent figures with the same span.

    ``增长0.8倍`` is a growth of 80% (``增长80%``), ``翻一番`` a growth of 100%, ``三分之一`` is 33.3…%.
    ``exact``: the twin keeps the exact value (a note figure); otherwise it reads as an
    approximation at whole percent (a draft's 三分之一 accepts a note's 33.3%), and a draft figure also
    comes in the other units of its dimension (2.4万米 as 24公里, 10天 as 240小时: :mod:`figures_units`).
    """
    if f.ignored or f.value is None:
        return []
    if not exact and f.kind == "count" and (others := conversions(f.unit)):
        return [replace(f, unit=unit, value=f.value * k, scale=f.scale * k,
                        range_low=None if f.range_low is None else f.range_low * k,
                        range_high=None if f.range_high is None else f.range_high * k) for unit, k in others]
    value: Decimal | None = None
    decimals = 0
    direction = f.direction
    scale = Decimal(1)
    if f.kind == "fraction":
        value = f.value * 100
        decimals = 6 if exact else 0
        if not exact:
            scale = Decimal(5)  # a draft's 三分之一 is a coarse statement: about 33% ± 2.5 points
    elif f.kind == "multiple" and f.unit == "倍":
        if "翻" in f.text or (f.text[:1].isalpha() and f.text[:1].isascii()):  # 翻一番, doubled, twice: +100%
            value = (f.value - 1) * 100
        elif _GROWTH_VERB_RE.search(normalise(text[max(0, f.start - 8):f.start])):
            value = f.value * 100
            decimals = max(0, f.decimals - 2)
        elif f.value > 1 and _RATIO_OF_RE.search(text[max(0, f.start - 30):f.start]):
            value = (f.value - 1) * 100  # 是2010年的2.6倍: a growth of 160% (增长1.6倍)
            decimals = max(0, f.decimals - 2)
        direction = "up"
    if value is None:
        return []
    return [
        Figure(
            text=f.text, start=f.start, end=f.end, line=f.line, value=value, unit="%", number=value / scale,
            scale=scale, decimals=decimals, sig_digits=f.sig_digits, kind="percent",
            approx=f.approx if exact or f.kind != "fraction" else (f.approx or "about"),
            direction=direction, target=f.target, context=f.context, tokens=f.tokens, noun=f.noun,
        )
    ]
