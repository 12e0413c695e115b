"""English figures written in words (issue 10): fractions, shares, multiples and scales.

Read the way their Chinese twins are (:mod:`assistant.figures`): "half of" and "three in ten" as 一半 /
三成 (a percent), "two-thirds" and "one in five" as 三分之二 (a ``fraction``, whose percent twin is coarse in
a draft), "twice as" as 2倍, "a quarter of a billion" as 0.25 billion, "a tenth of a percentage point" as
0.1 pp. Words that only look like figures are not read: "one of", "a new", "the first half of 2025",
"the first three quarters of fiscal year 2025" (a period), "three quarters in a row" (a count), "Four
Corners" (a name). "doubled" / "tripled" are 2倍 / 3倍 (翻一番's English), "halved" a cut of 50%. :data:`EN_SHARE_PATTERN` is one alternative of the figure scanner's master regex;
:func:`read_en_share` reads its match with the scanner's own tails (unit, scale, qualifiers).
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, localcontext
from typing import Any, Protocol


class _Scanner(Protocol):
    """What this module uses of :class:`assistant.figures._Scanner` (no import: figures imports us)."""

    norm: str
    figures: list[Any]

    def finish(self, start: int, end: int, num: Decimal, dec: int, scale: Decimal, unit: Any, s: str,
               approx: Any = None) -> int: ...

    def after_number(self, start: int, end: int, num: Decimal, dec: int, s: str, form: str) -> int: ...

    def fraction(self, start: int, end: int, numer: Decimal, denom: Decimal) -> int: ...

    def ignored(self, start: int, end: int, reason: str, value: Decimal | None = None) -> None: ...

    def line_start(self, pos: int) -> int: ...

_EN_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_EN_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def en_words_to_int(text: str) -> int:
    """Parse English number words ("three hundred twenty-one", "forty two") → int."""
    total = 0
    current = 0
    seen = False
    for word in re.split(r"[\s-]+", text.lower()):
        if not word or word == "and":
            continue
        if word in _EN_ONES:
            current += _EN_ONES[word]
        elif word in _EN_TENS:
            current += _EN_TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _EN_SCALES:
            total += (current or 1) * _EN_SCALES[word]
            current = 0
        else:
            raise ValueError(f"not a number word: {word!r}")
        seen = True
    if not seen:
        raise ValueError("no number words")
    return total + current


# "two-thirds", "a fifth of",
# "three in ten", "half of", "twice as", "a dozen", "a billion". Bounded words only: linear on any line.
_EN_SMALL = "one|two|three|four|five|six|seven|eight|nine"
_EN_DENOMS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8,
    "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}
_EN_DENOM_WORD = "|".join(sorted(_EN_DENOMS, key=len, reverse=True))
_EN_FRAC_RE = (
    r"(?i:\b(?:a |(?:" + _EN_SMALL + r")[ -])(?:" + _EN_DENOM_WORD + r")\b(?!-))"
)
_EN_IN_RE = r"(?i:\b(?:" + _EN_SMALL + r") (?:in|out of) (?:two|three|four|five|six|seven|eight|nine|ten)\b(?!-))"
_HALF_AFTER = ("by", "than", "nearly", "almost", "about", "roughly", "exceeds", "exceeded", "exceed", "over", "under",
               "approximately", "just")
_EN_HALF_OF_RE = (
    r"(?i:\bhalf(?= (?:of|the|its|their|all|these|those)\b)|(?:" + "|".join(f"(?<=\\b{w} )" for w in _HALF_AFTER)
    + r")half\b(?![ -](?:a|an|the|one|million|billion|thousand)\b))"
)
# "twice as", "about twice annual revenues"; not a frequency ("twice a year", "twice weekly", "met twice in 2025")
_EN_TWICE_RE = (r"(?i:\btwice(?= (?!(?:a|an|per|each|every|in|daily|weekly|monthly|yearly|annually|before|since|"
                r"during|already|and|or|to|on|at|with|for|from|was|were|is|has|had|over|more|by)\b)[A-Za-z]))")
# "doubled", "tripled", "halved": a multiple (2倍, 3倍) or a cut by half, as 翻一番 / 减半 are
_EN_TIMES_RE = (r"(?i:\b(?:doubled|doubling|tripled|tripling|trebled|quadrupled|halved|halving|"
                r"(?:two|three|four|five|six|seven|eight|nine|ten)fold)\b)")
_EN_TIMES = {"doubl": 2, "tripl": 3, "trebl": 3, "quadr": 4, "halvi": 50, "halve": 50}
_EN_DOZEN_RE = r"(?i:\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten) dozen\b)"
_EN_SCALE_WORD = "hundred|thousand|million|billion|trillion"
# "a billion", "a hundred thousand": "a" is the number one only before a scale word
_EN_WORD = "|".join(sorted([*_EN_ONES, *_EN_TENS, "hundred", *_EN_SCALES], key=len, reverse=True))
_EN_RUN = r"(?:" + _EN_WORD + r")(?:(?:[\s-]+|[\s-]+and[\s-]+)(?:" + _EN_WORD + r"))*\b"
_EN_A_SCALE_RE = r"(?i:\ba (?=(?:" + _EN_SCALE_WORD + r")\b)" + _EN_RUN + r")"
# a fraction of a scale: "a quarter of a billion", "three-quarters of a million"
_EN_OF_A_SCALE = re.compile(r" of an? (?=(?:thousand|million|billion|trillion)\b)", re.I)
# quarters of a year are periods: "the first three quarters of 2025", "the last two quarters of fiscal year 2024"
_EN_PERIOD_BEFORE = frozenset(
    ["first", "last", "past", "next", "previous", "prior", "consecutive", "recent", "final", "remaining", "fiscal",
     "calendar", "straight", "successive", "latter", "former", "second", "other", "early", "later"]
)
_EN_OF_A_PERCENT = re.compile(r" of (?:a|an|one) (percentage points?|percent|per cent)\b", re.I)
_EN_PERIOD_OF = re.compile(r" of (?:the )?(?:fiscal|calendar|FY|year|[12]\d{3}\b|the year|this year|last year)", re.I)
#: "by" and a qualifier before a fraction word: a share of change ("rose by more than a quarter", "cut by almost half").
_EN_BY_QUALIFIED = re.compile(r"\bby (?:more than|over|almost|nearly|about|around|roughly|some|less than|"
                              r"just over|just under|close to) $", re.I)
#: A comparative after a fraction word makes it a share of change: "a quarter higher", "one tenth fewer".
_EN_COMPARATIVE_AFTER = re.compile(
    r" (?:lower|higher|less|more|fewer|smaller|larger|bigger|greater|cheaper|above|below)\b(?! than\b)|"
    r" (?:lower|higher|less|more|fewer|smaller|larger|bigger|greater|cheaper|above|below) than\b", re.I)
_EN_TIME_AFTER = re.compile(r" (?:years?|months?|weeks?|days?|quarters?|decades?)\b", re.I)

#: one alternative of the scanner's master regex, tried only where a number word can start
EN_SHARE_PATTERN = (
    r"\b(?=(?i:a |one|two|thr|fou|fiv|six|sev|eig|nin|ten|hal|twi|dou|tri|tre|qua))(?:(?P<andhalf>(?i:\b(?:" + _EN_SMALL + r"|ten) and a half\b))"
    r"|(?P<enfrac>" + _EN_FRAC_RE + r")"
    r"|(?P<enin>" + _EN_IN_RE + r")"
    r"|(?P<enhalfof>" + _EN_HALF_OF_RE + r")"
    r"|(?P<twice>" + _EN_TWICE_RE + r")"
    r"|(?P<entimes>" + _EN_TIMES_RE + r")"
    r"|(?P<dozen>" + _EN_DOZEN_RE + r")"
    r"|(?P<ascale>" + _EN_A_SCALE_RE + r"))"
)
EN_SHARE_KINDS = frozenset(["andhalf", "enfrac", "enin", "enhalfof", "twice", "entimes", "dozen", "ascale"])


def read_en_share(sc: _Scanner, kind: str | None, start: int, end: int, s: str) -> int:
    """English words for shares, fractions and multiples, represented as their Chinese twins are:
    "half of" and "three in ten" as 一半 / 三成 (percent), "two-thirds" and "one in five" as 三分之二
    (a fraction), "twice as" as 2倍, "a quarter of a billion" as 0.25 billion."""
    norm = sc.norm
    low = s.lower()
    if kind == "twice":
        return sc.finish(start, end, Decimal(2), 0, Decimal(1), ("倍", Decimal(1), "multiple"), s)
    if kind == "entimes":  # doubled = 2倍 (up), halved = down 50%
        times = en_words_to_int(low[:-4]) if low.endswith("fold") else _EN_TIMES[low[:5]]
        n_before = len(sc.figures)
        if times == 50:
            pos = sc.finish(start, end, Decimal(50), 0, Decimal(1), ("%", Decimal(1), "percent"), s)
        else:
            pos = sc.finish(start, end, Decimal(times), 0, Decimal(1), ("倍", Decimal(1), "multiple"), s)
        if len(sc.figures) > n_before and not low.endswith("fold"):  # "a tenfold increase": its own words say
            sc.figures[-1] = replace(sc.figures[-1], direction="down" if times == 50 else "up")
        return pos
    if kind == "dozen":
        head = low.split()[0]
        count = 1 if head in ("a", "one") else _EN_ONES.get(head, _EN_TENS.get(head, 10))
        return sc.after_number(start, end, Decimal(12 * count), 0, s, "en")
    if kind == "andhalf":  # "two and a half million", "one and a half times"
        return sc.after_number(start, end, Decimal(en_words_to_int(low.split()[0])) + Decimal("0.5"), 1, s, "en")
    if kind == "ascale":
        return sc.after_number(start, end, Decimal(en_words_to_int(low[2:])), 0, s, "en")
    word_before = _word_before(norm, start)
    if kind == "enhalfof":
        if word_before in _EN_PERIOD_BEFORE or word_before in ("the", "a", "one", "each", "every"):
            return end  # "the first half of 2025": a period, not a share
        pm = _EN_OF_A_PERCENT.match(norm, end)
        if pm:  # "half of one percent" = 0.5%
            return _share_of_percent(sc, start, pm, Decimal(1), Decimal(2), s)
        return sc.finish(start, end, Decimal(50), 0, Decimal(1), ("%", Decimal(1), "percent"), s)
    if kind == "enin":
        words = low.split()
        numer, denom = _EN_ONES[words[0]], en_words_to_int(words[-1])
        if numer >= denom or _EN_TIME_AFTER.match(norm, end):
            return _plain_en(sc, start, start + len(words[0]))  # "two in three years": a count
        if denom == 10:  # "three in ten" = 三成
            pct = Decimal(numer * 10)
            return sc.finish(start, end, pct, 0, Decimal(1), ("%", Decimal(1), "percent"), s)
        return sc.fraction(start, end, Decimal(numer), Decimal(denom))
    # enfrac: "two-thirds", "a fifth", "one-third", "three quarters"
    split = len(low) - len(re.split(r"[ -]", low)[-1]) - 1
    head, sep, den_word = low[:split], low[split], low[split + 1:]
    numer = 1 if head in ("a", "one") else _EN_ONES[head]
    denom = _EN_DENOMS[den_word]
    plural = den_word.endswith("s")
    if plural != (numer > 1) or numer >= denom:
        return _plain_en(sc, start, start + len(head))
    if den_word == "half" and head == "a" and re.match(r" (?:" + _EN_SCALE_WORD + r")\b", norm[end:end + 10]):
        return sc.after_number(start, end, Decimal("0.5"), 1, s, "en")  # "a half million"
    sm = _EN_OF_A_SCALE.match(norm, end)
    if sm:  # "a quarter of a billion": 0.25 of the scale word that follows
        with localcontext() as ctx:
            ctx.prec = 28
            val = (Decimal(numer) / Decimal(denom)).quantize(Decimal("0.001")).normalize()
        exponent = val.as_tuple().exponent
        dec = max(0, -exponent) if isinstance(exponent, int) else 0
        n_before = len(sc.figures)
        pos = sc.after_number(start, sm.end() - 1, val, int(dec), s, "en")
        if denom in (3, 6, 7, 9) and len(sc.figures) > n_before and sc.figures[-1].approx is None:
            sc.figures[-1] = replace(sc.figures[-1], approx="about")  # two-thirds of a billion ≈ 667 million
        return pos
    pm = _EN_OF_A_PERCENT.match(norm, end)
    if pm:  # "a tenth of a percentage point" = 0.1 pp, "half of one percent" = 0.5%
        return _share_of_percent(sc, start, pm, Decimal(numer), Decimal(denom), s)
    of_after = norm[end:end + 4].lower() == " of "
    comparative = bool(_EN_COMPARATIVE_AFTER.match(norm, end))  # "about one tenth lower", "a quarter higher"
    if comparative and denom == 10:  # "one tenth lower" = 一成 (a percent), as "one in ten" is
        return sc.finish(start, end, Decimal(numer * 10), 0, Decimal(1), ("%", Decimal(1), "percent"), s)
    by_qualified = bool(_EN_BY_QUALIFIED.search(norm, max(0, start - 24), start))  # "grew by more than a quarter"
    if sep != "-" and not of_after and word_before != "by" and not comparative and not by_qualified:  # "cut by a third"
        return _plain_en(sc, start, start + len(head))  # "three quarters in a row": a count of quarters
    if word_before in _EN_PERIOD_BEFORE or (denom == 4 and of_after and _EN_PERIOD_OF.match(norm, end)):
        sc.ignored(start, end, "period (quarters)")
        return end
    if denom == 2:  # "one-half of" = 一半
        return sc.finish(start, end, Decimal(50), 0, Decimal(1), ("%", Decimal(1), "percent"), s)
    return sc.fraction(start, end, Decimal(numer), Decimal(denom))

def _share_of_percent(sc: _Scanner, start: int, pm: re.Match[str], numer: Decimal, denom: Decimal, s: str) -> int:
    """"a tenth of a percentage point" = 0.1 pp, "two-thirds of one percent" ≈ 0.67%."""
    val = (numer / denom).quantize(Decimal("0.01")).normalize()
    exponent = val.as_tuple().exponent
    dec = max(0, -exponent) if isinstance(exponent, int) else 0
    pp = pm.group(1).lower().startswith("percentage")
    unit = ("pp", Decimal(1), "percentage_point") if pp else ("%", Decimal(1), "percent")
    approx = "about" if val * denom != numer else None
    return sc.finish(start, pm.end(), val, dec, Decimal(1), unit, s, approx=approx)


def _plain_en(sc: _Scanner, start: int, end: int) -> int:
    """A number word read on its own ("three" of "three quarters in a row"); "a"/"one" is no figure."""
    word = sc.norm[start:end]
    if word.lower() in ("a", "one"):
        return end
    return sc.after_number(start, end, Decimal(en_words_to_int(word)), 0, word, "en")

def _sentence_initial(sc: _Scanner, pos: int) -> bool:
    """Whether ``pos`` starts a sentence (a line, a bullet, or after . ! ? : ;)."""
    before = sc.norm[max(sc.line_start(pos), pos - 12):pos].rstrip(" \t*•>#-–—\"'“‘(")
    return before == "" or before[-1] in ".!?:;。；：！？" or (pos - sc.line_start(pos) <= 12 and before.isdigit())


_NAME_AFTER_RE = re.compile(r"[ -][A-Z][a-z]")
_NAME_BEFORE_RE = re.compile(r"\b[A-Z][a-z]++[ -]$")


def _word_before(norm: str, pos: int) -> str:
    """The English word right before ``pos`` (lower case), "" when there is none."""
    m = re.search(r"([A-Za-z]+)[ -]$", norm[max(0, pos - 24):pos])
    return m.group(1).lower() if m else ""


def is_name_word(sc: _Scanner, start: int, end: int, s: str) -> bool:
    """"Four Corners", "the Big Ten": a capitalised number word inside a sentence, next to a
    capitalised word, is part of a name, not a figure."""
    return s[:1].isupper() and not _sentence_initial(sc, start) and bool(
        _NAME_AFTER_RE.match(sc.norm, end) or _NAME_BEFORE_RE.search(sc.norm, max(0, start - 16), start)
    )
