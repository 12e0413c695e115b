"""Licences of derived figures (issue 10): when note figures may be combined into a draft figure.

:mod:`assistant.check_derive` tries the formulas; this module says which operands a formula may take,
so random figures are not "explained": one unit (never money against a count), a number word only as
a count of the same noun, two indicators only when tied in the draft sentence (:class:`Ties`), parts
named in the sentence, a multiple within its qualifier's interval, and the years the notes give around
the operands (a yearly rate's year count, which of two values is later).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.check_derive_cues import Cues, spans
from assistant.check_ledger import compatible, holds, sim
from assistant.figures import Figure, noun_tokens

__all__ = [
    "Ties",
    "base_year",
    "change_of",
    "from_base",
    "fully_named",
    "labelled_list",
    "later",
    "may_combine",
    "multiple_ok",
    "named_pair",
    "named_parts",
    "one_kind_of_amount",
    "outnamed",
    "own_words",
    "per_year_counts",
    "same_indicator",
    "same_noun",
    "same_unit",
    "word_operand_ok",
    "year_counts",
    "year_of",
]

_YEAR_BEFORE = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?:年|\s*[:：]|\s*\))")


def same_indicator(a: Figure, b: Figure) -> bool:
    """Two note figures of one indicator (this year and last year): similar context or side by side."""
    return (a.line == b.line and abs(a.start - b.start) <= 60) or sim(a.tokens, b.tokens) >= 0.4


def named_parts(ops: Sequence[Figure], wholes: Sequence[Figure], cues: Cues) -> bool:
    """The operands are parts of a whole the draft sentence states, each named there by its own words
    (安排重点项目105个，其中城建类和民生类项目共74个: 28个 + 46个, not a computation of 105个)."""
    whole_words = frozenset().union(*(w.tokens for w in wholes))
    # … or a total of parts the sentence names beside another fact it states (污水、雨水、供水管网共计45公里，
    # 城市道路19公里)
    return (cues.partitive or (cues.total and len(ops) >= 2)) and all(
        (op.tokens - whole_words) & cues.tokens for op in ops)


def multiple_ok(ratio: float, d: Figure) -> bool:
    """A ratio gives a multiple: 翻一番 and doubled / tripled / twice within 5% (their qualifier's interval:
    "nearly doubled" 1.7–2, "more than doubled" 2–3), 2.6倍 at its stated digits."""
    target = float(d.value or 0)
    if not ("翻" in d.text or d.text[:1].isalpha()):
        return holds(ratio, d)
    if target <= 0:
        return False
    lo, hi = {
        None: (0.95 * target, 1.05 * target), "about": (0.9 * target, 1.1 * target),
        "nearly": (0.85 * target, target * 1.000001), "over": (target * 0.999999, target + 1),
        "under": (target - 1, target * 1.000001),
    }[d.approx]
    return lo <= ratio <= hi


def same_unit(a: Figure, b: Figure) -> bool:
    """One unit, also a bare number with a count (310 of 1,240 units) and a count's measure word with its
    noun (42个 and 25个村); never money against a count."""
    if a.unit == b.unit:
        return True
    if "" in (a.unit, b.unit):
        # a bare amount beside an amount of the same scale on its line: 19.81 billion yuan (2014: 16.67 billion)
        return (compatible(a, b) and "money" not in (a.kind, b.kind)) or (a.line == b.line and a.scale == b.scale > 1)
    return (a.kind == b.kind == "count" and bool(a.unit) and bool(b.unit)
            and (a.unit.startswith(b.unit) or b.unit.startswith(a.unit)))


def word_operand_ok(d: Figure, f: Figure) -> bool:
    """A number written as a word ("nine receipts", "the four deposits") is an operand only of a figure
    counting the same noun: small word numbers are everywhere, "nine − four" explains any 5."""
    if not (f.text[:1].isascii() and f.text[:1].isalpha()):
        return True
    return bool(d.noun and f.noun and noun_tokens(d.noun) & noun_tokens(f.noun))


#: Words naming a capacity (what can be stored, produced, handled), not an amount done: 仓储能力7万吨 and
#: 蔬菜产量8万吨 add up to nothing, though both are 万吨.
CAPACITY_TOKENS = frozenset({"能力", "产能", "容量", "capacity", "capacitie"})


def one_kind_of_amount(a: Figure, b: Figure) -> bool:
    """Both are capacities or neither: a capacity and an amount done are no parts of one total."""
    return bool(a.tokens & CAPACITY_TOKENS) == bool(b.tokens & CAPACITY_TOKENS)


#: The notes' own sum: two figures of one line joined by a plus sign ("public toilets: 26 flush + 24 mobile",
#: 东城12个+西城9个), with at most a few words between them.
_PLUS_BETWEEN = re.compile(r"[^\d+＋,，;；。\n]{0,16}[+＋][^\d+＋,，;；。\n]{0,16}")


def plus_joined(notes: str, a: Figure, b: Figure) -> bool:
    """``a`` and ``b`` are added up by the notes themselves (A + B on one line)."""
    if a.line != b.line:
        return False
    first, second = (a, b) if a.start < b.start else (b, a)
    return first.end <= second.start and bool(_PLUS_BETWEEN.fullmatch(notes, first.end, second.start))


def beside_plus(notes: str, group: Sequence[Figure]) -> bool:
    """Some figures of ``group`` are the notes' own sum (A + B) and another is not joined to them
    ("公厕：水冲式18座+移动式12座，垃圾转运站3座": 3座 is another item beside that sum)."""
    joined = {id(f) for a in group for b in group if a is not b and plus_joined(notes, a, b) for f in (a, b)}
    return bool(joined) and len(joined) < len(group)


#: A labelled list: the line's label before its colon ("grants awarded: 215 rural, 340 urban", "staff: field 1,240;
#: headquarters 310", 资金：中央12亿元、省级3亿元), its items each qualified by a word of their own.
_LABEL_BEFORE = re.compile(r"[:：][^\d:：\n]{0,20}$")
_ITEM_GAP = re.compile(r"[^\d:：\n,，;；、]{0,20}[,，;；、][^\d:：\n,，;；、]{0,20}")


def labelled_list(notes: str, a: Figure, b: Figure) -> bool:
    """``a`` and ``b`` are items of one labelled list on one line: parts of what the label names, whatever
    words qualify each (rural / urban, field / headquarters)."""
    if a.line != b.line:
        return False
    first, second = (a, b) if a.start < b.start else (b, a)
    ls = notes.rfind("\n", 0, first.start) + 1
    return first.end <= second.start and bool(_ITEM_GAP.fullmatch(notes, first.end, second.start)) and bool(
        _LABEL_BEFORE.search(notes, ls, first.start))


def same_noun(a: Figure, b: Figure) -> bool:
    """Counts of one thing (or of things not named): 6个重点项目 and 4个重点项目, not permits and inspectors."""
    return not (a.noun and b.noun) or bool(noun_tokens(a.noun) & noun_tokens(b.noun))


@dataclass(frozen=True)
class Ties:
    """What ties two note figures of different indicators in a draft sentence: one of them stated there
    (``anchored``, by identity), or each named there by words of its own (``words``: the request … the
    enacted level)."""

    anchored: frozenset[int]
    words: frozenset[str]
    own: frozenset[int] = frozenset()  # the notes' own figures of the draft figure's indicator (strict), by identity
    #: lines a share's whole must be on: those of the note figures the draft states naming the whole (None: any)
    whole_lines: frozenset[int] | None = None
    #: lines stating a threshold the draft states, on its other side (1 receipt under $100 against "$100 or more")
    contrary_lines: frozenset[int] = frozenset()
    #: indicator words of the whole draft sentence, and the note figures (of the draft figure's unit) it names in full
    sentence_words: frozenset[str] = frozenset()
    named: tuple[Figure, ...] = ()
    #: the year the draft sentence states its change from ("from FY 2026"), None for none
    base_year: int | None = None
    #: lines of the note figures the draft sentence states (9条道路改造…占…: the part is on 9条's line)
    anchor_lines: frozenset[int] = frozenset()
    #: units of the level the draft figure's clause states right before it (the level a change is of), else empty
    subject_units: frozenset[str] = frozenset()


def stated_part(x: Figure, pool: Sequence[Figure], ties: Ties) -> bool:
    """``x`` may be the part of a share: when the draft sentence states a note figure whose line has a figure
    of ``x``'s unit ("9条道路改造投资占…": 投资1.6亿元 on 9条's line), the part is that line's, never another
    line's figure the sums happen to fit."""
    if not ties.anchor_lines or x.line in ties.anchor_lines:
        return True
    return not any(f.line in ties.anchor_lines and f.unit == x.unit and f.kind == x.kind for f in pool)


def named_pair(a: Figure, b: Figure, words: frozenset[str]) -> bool:
    na, nb = a.tokens & words, b.tokens & words
    return bool(na - nb) and bool(nb - na)


def own_words(op: Figure, words: frozenset[str], others: Sequence[Figure]) -> bool:
    """The draft sentence names ``op`` by words of its own, none of them words of ``others`` (养老院 for
    建新养老院836万元, not the 投资 every project line shares)."""
    rest = frozenset().union(*(o.tokens for o in others)) if others else frozenset()
    return bool((op.tokens & words) - rest)


def _naming(f: Figure, words: frozenset[str]) -> float:
    """How fully the draft sentence's words name ``f``: the part of its indicator words they contain."""
    return len(f.tokens & words) / len(f.tokens) if f.tokens else 0.0


def fully_named(f: Figure, words: frozenset[str]) -> bool:
    """Every indicator word of ``f`` (two at least) is in ``words``: the draft sentence names it in full."""
    return len(f.tokens) >= 2 and _naming(f, words) == 1.0


def outnamed(ops: Sequence[Figure], ties: Ties) -> bool:
    """Parts of a total the draft sentence does not name while it names others in full ("Preferred Communities
    and Matching Grant together": $418M + $186M, never the $609M of the line above plus $5M beside them)."""
    words = ties.sentence_words
    if min((_naming(op, words) for op in ops), default=1.0) >= 0.5:
        return False
    return sum(1 for f in ties.named if all(f is not op for op in ops)) >= 2


def may_combine(a: Figure, b: Figure, ties: Ties) -> bool:
    """Two note figures may be combined: one indicator, one of them stated in the draft sentence, or
    each named in it by its own words."""
    return (same_indicator(a, b) or id(a) in ties.anchored or id(b) in ties.anchored
            or named_pair(a, b, ties.words))


def _note_window(notes: str, f: Figure) -> str:
    """The note line around ``f`` (at most 60 characters before it, 20 after): its years."""
    ls = notes.rfind("\n", max(0, f.start - 60), f.start) + 1
    le = notes.find("\n", f.end, f.end + 20)
    return notes[max(ls, f.start - 60):le if le >= 0 else f.end + 20]


def year_of(notes: str, f: Figure) -> int | None:
    """The year a note figure is given for: the last year written before it on its line (2014年56.4亿元,
    2016: 8.28); None when there is none."""
    ls = notes.rfind("\n", 0, f.start) + 1
    years = _YEAR_BEFORE.findall(notes[max(ls, f.start - 40):f.start])
    if years:
        return int(years[-1])
    cell = _FY_CELL.search(notes, max(ls, f.start - 24), f.start)  # "FTE: FY2025 3,556; FY2026 3,353"
    return int(cell.group(1)) if cell else None


#: A fiscal year heading the cell right before a figure ("FY2026 3,353", "FY2027 request $860,084").
_FY_CELL = re.compile(r"\bFY\s?((?:19|20)\d\d)(?:\s++(?:request|enacted|actual|estimate|budget))?\s*+[$]?$", re.I)
#: The period a change is stated from in the draft sentence ("fall by 346 FTEs from FY 2026", 比2020年增加…).
_BASE_YEAR = re.compile(r"\b(?:from|since|than|compared (?:with|to)|over|vs\.?|versus)\s++(?:the\s++)?(?:end\s++of\s++)?"
                        r"(?:FY\s?|fiscal\s++year\s++)?((?:19|20)\d\d)\b|(?:比|较)((?:19|20)\d\d)\s*+年", re.I)


def base_year(sentence: str) -> int | None:
    """The one year a draft sentence states a change from ("from FY 2026", 比2020年), None for none or several."""
    found = {int(a or b) for a, b in _BASE_YEAR.findall(sentence)}
    return found.pop() if len(found) == 1 else None


def from_base(notes: str, base: int | None, a: Figure, b: Figure) -> bool:
    """A change between note figures ``a`` and ``b`` may be the one the draft states from year ``base``: one of
    them is given for that year, or their years are not both written (3,556 of FY2025 and 3,210 of FY2027 are no
    change from FY 2026)."""
    if base is None:
        return True
    ya, yb = year_of(notes, a), year_of(notes, b)
    return ya is None or yb is None or base in (ya, yb)


def later(notes: str, a: Figure, b: Figure) -> bool:
    """``a`` is given for a later year than ``b`` (both years written in the notes), or ``a`` is the end of
    a from-to on ``b``'s line (由41.2%提高到43.5%, from 85.9% to 88.4%)."""
    ya, yb = year_of(notes, a), year_of(notes, b)
    if ya is not None and yb is not None:
        return ya > yb
    return (a.line == b.line and b.end <= a.start and _FROM_BEFORE.search(notes, max(0, b.start - 8), b.start) is not None
            and _TO_BETWEEN.search(notes[b.end:a.start][:16]) is not None)


_FROM_BEFORE = re.compile(r"(?:由|从|\bfrom)\s*+(?:\d{4}\s*+年?的?\s*+)?$", re.I)
_TO_BETWEEN = re.compile(r"(?:到|至|\bto\b)")


#: Two years joined as one span ("FY2021-FY2025", "2016—2020年", "2011至2015年"): a period of whole years.
_YEAR_SPAN_RE = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*+年?\s*+(?:-|–|—|~|至|到|to)\s*+(?:FY\s?)?((?:19|20)\d\d)(?![\d.])", re.I)


def per_year_counts(cues: Cues, notes: str, f: Figure) -> list[int]:
    """Year counts a total ``f`` is spread over for a yearly average: the draft sentence's own ("over the five
    fiscal years", 五年), else the notes' around ``f``, a span of years counted inclusively (FY2021-FY2025 is
    five fiscal years, not the four between them)."""
    if cues.spans:
        return sorted(cues.spans)[:4]
    window = _note_window(notes, f)
    found = {int(b) - int(a) + 1 for a, b in _YEAR_SPAN_RE.findall(window) if 1 < int(b) - int(a) + 1 <= 30}
    return sorted(found or spans(window))[:4]


def year_counts(cues: Cues, notes: str, *ops: Figure) -> list[int]:
    """Year counts a yearly rate or average may be over: the draft sentence's, and the gaps between the
    years the notes give around the operands (由2010年的162.4亿元增加到2015年的287.9亿元 → 5)."""
    windows = " ".join(_note_window(notes, f) for f in ops)
    found = set(cues.spans) | spans(windows)
    # the years framing the draft figure against the notes' (exports 3,600 (2020: 1,200) under "Summary of 2025",
    # "grew 24.6% a year from 2020": 5), a heading's span counted inclusively (Review of 2021-2025: 5)
    starts = set(cues.frame_years) | {int(y) for y in _YEAR_ONLY_RE.findall(windows)}
    found |= {e - b for e in cues.frame_years for b in starts if 1 < e - b <= MAX_SPAN}
    if len(cues.frame_years) == 2 and 1 < cues.frame_years[1] - cues.frame_years[0] + 1 <= MAX_SPAN:
        found.add(cues.frame_years[1] - cues.frame_years[0] + 1)
    return sorted(found)[:4]


_YEAR_ONLY_RE = re.compile(r"(?<![\d.])(?:19|20)\d\d(?![\d.])")
#: Year counts a yearly rate is worked out over, at most.
MAX_SPAN = 30


#: A change named after its figure: "800 billion more than last year", "$6,000 above the previous year", "12 fewer
#: than in 2024", "1.2 million up on last year".
_CHANGE_AFTER = re.compile(r"(?<![ \t])[ \t]*+(?:[A-Za-z]{1,12}[ \t]++)?(more|higher|above|up|greater|larger|less|lower|fewer|below|"
                           r"down|smaller)[ \t]++(?:than|on|over|from|vs\.?)[ \t]++(?:in[ \t]++)?(?:last|the[ \t]++"
                           r"previous|the[ \t]++prior|the[ \t]++preceding|a[ \t]++year|(?:19|20)\d\d|FY)", re.I)
_UP_AFTER = frozenset({"more", "higher", "above", "up", "greater", "larger"})


def change_of(notes: str, f: Figure) -> str | None:
    """The direction of a note figure read as a change: its own (比上年多3000亿元, up 560 billion), or the comparison
    named right after it ("800 billion more than last year"); None for a level."""
    if f.direction is not None:
        return f.direction
    m = _CHANGE_AFTER.match(notes, f.end, f.end + 60)
    if not m:
        return None
    return "up" if m.group(1).lower() in _UP_AFTER else "down"
