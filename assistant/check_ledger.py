"""The note figures as an index, and the arithmetic of rounding and derived figures (for the checker).

:class:`Ledger` indexes the note figures by value and unit, by indicator token and by line, so a
draft figure finds its candidates by look-up, never by comparing all pairs: a token shared by more
than :data:`TOKEN_POSTING_CAP` note figures is too common to search by, at most :data:`POOL_SIZE`
best-fitting figures are kept, and a derived figure tries at most :data:`DERIVE_OPERANDS` related
note figures (plus as many from their lines) as operands. :func:`close` and :func:`holds` say whether a
value gives a draft figure at its stated precision; :mod:`assistant.check_derive` finds the formulas.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from decimal import Decimal
from functools import lru_cache

from assistant.figures import Figure, context_tokens, equivalents, noun_tokens, table_scaled, wide_tokens
from assistant.meaning import UNKNOWN, Meaning
from assistant.note_units import declares

RELATED = 0.3  # operands of a derived figure must be at least this related to the draft figure


def sim(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return sim_from(inter, len(a), len(b))


@lru_cache(maxsize=16384)  # perf (wt-perf): a few thousand token counts, for every candidate of every figure
def sim_from(inter: int, la: int, lb: int) -> float:
    if not inter:
        return 0.0
    return 0.5 * (2 * inter / (la + lb)) + 0.5 * inter / min(la, lb)


COUNTABLE = ("count", "money", "number")


PERCENT_UNITS = frozenset({"%", "pp"})


#: Units of time and of physical measure: what they count is not things, so a bare number that counts a
#: named thing ("the three appropriations", "2 billion more mail pieces") is never one of them.
DURATION_UNITS = frozenset({"年", "个月", "天", "小时", "周", "分钟"})
MEASURE_UNITS = frozenset({"公里", "mile", "延长米", "米", "平方米", "平方公里", "square mile", "亩", "公顷", "acre",
                           "立方米", "吨", "公斤", "斤", "千瓦", "千瓦时", "千伏", "伏", "标箱"})


def unit_kind(f: Figure) -> str:
    """What a figure's unit counts: currency, duration, measure, things (a count or a bare number), or its
    own kind (percent, multiple …)."""
    if f.kind == "money":
        return "currency"
    if f.kind == "count":
        return "duration" if f.unit in DURATION_UNITS else "measure" if f.unit in MEASURE_UNITS else "things"
    return "things" if f.kind == "number" else f.kind


#: Measure words of one family count the same things: people whatever the word (183人, 183名, 183位), and
#: things under a generic or a specific measure word when their nouns agree (40个民生项目, 40项民生项目).
#: 户 (households), 人次 (visits) and the measures of length, mass … are families of their own.
PERSON_UNITS = frozenset({"人", "名", "位"})
THING_UNITS = frozenset({"个", "项", "家", "所", "座", "处", "件", "种", "类", "批", "宗", "笔", "场", "栋", "幢",
                         "间", "台", "套", "部", "支", "张", "只", "辆", "艘", "架", "条", "盏", "株", "棵", "口",
                         "眼", "床", "本", "册", "篇", "片", "道", "门", "节", "头", "匹", "根", "块", "把", "扇"})


#: Households and dwellings: in a housing programme 户 and 套 / 间 count the same homes (the words must say housing).
DWELLING_UNITS = frozenset({"户", "套", "间"})
HOUSING_TOKENS = frozenset({"小区", "住房", "房屋", "棚户", "棚改", "危房", "住宅", "安置", "保障", "租房", "农房"})
#: Two counts naming their noun before the number only (锅炉133座 / 锅炉133台) are of one family when their
#: words are at least this alike.
UNNAMED_FAMILY = 0.5


def unit_family(unit: str) -> str:
    """The family key of a measure word (人 for 名, 个 for 项); the unit itself when it has none."""
    return "人" if unit in PERSON_UNITS else "个" if unit in THING_UNITS else unit


def same_family(a: Figure, b: Figure) -> bool:
    """Two counts under measure words of one family: people always, things when their nouns agree."""
    if a.kind != "count" or b.kind != "count" or a.unit == b.unit:
        return False
    if a.unit in PERSON_UNITS and b.unit in PERSON_UNITS:
        return True
    if {a.unit, b.unit} <= DWELLING_UNITS:  # 老旧小区改造1.74万户 / 改造老旧小区住房1.74万套: the homes renovated
        return bool(a.tokens & b.tokens & HOUSING_TOKENS) or bool(
            a.tokens & HOUSING_TOKENS and b.tokens & HOUSING_TOKENS and sim(a.tokens, b.tokens) >= UNNAMED_FAMILY)
    if not (a.unit in THING_UNITS and b.unit in THING_UNITS):
        return False
    if not (a.noun or b.noun):  # 关停锅炉133座 / 关停锅炉133台: the noun before the number, named alike on both sides
        # … or the very word right before both numbers (建成温室150座 / 温室150栋, 新增普惠性托位9万张 / 普惠托位9万个)
        return sim(a.tokens, b.tokens) >= UNNAMED_FAMILY or _noun_before(a.context) == _noun_before(b.context) != ""
    if a.noun and b.noun:
        return bool(noun_tokens(a.noun) & noun_tokens(b.noun))
    # one names its noun after the measure word (40项民生项目), the other before the number (民生项目40个)
    named, bare = (a, b) if a.noun else (b, a)
    return bool(noun_tokens(named.noun) & bare.tokens)


_NOUN_BEFORE_RE = re.compile(r"[\u4e00-\u9fff]{2}$")
#: Verbs and function words that end a clause before a number: no noun of their own (新增150座 / 完成150栋).
_NOT_NOUN_END = frozenset({"新增", "完成", "达到", "实现", "建成", "累计", "合计", "共计", "全年", "新建", "改造",
                           "开工", "竣工", "增加", "减少", "提高", "突破", "超过", "共有", "总计", "发放"})


#: Verbs between a noun and its count (“两重”任务争取162项, 建设任务达到162个): read past them to the noun.
_VERB_TAIL = tuple(sorted(_NOT_NOUN_END | {"争取", "实施", "推进", "落实", "谋划", "储备", "获批", "入选", "总数",
                                          "共", "达", "为", "有", "计"}, key=len, reverse=True))


def _past_verbs(context: str) -> str:
    """``context`` less the verbs at its end (任务争取 → 任务, 建设任务达到 → 建设任务)."""
    while True:
        verb = next((v for v in _VERB_TAIL if context.endswith(v)), None)
        if verb is None:
            return context
        context = context[:-len(verb)]


def _noun_before(context: str) -> str:
    """The two Chinese characters of the noun right before a figure, past a verb between them (温室, 托位;
    任务 in 任务争取 / 建设任务达到), else ""."""
    m = _NOUN_BEFORE_RE.search(_past_verbs(context))
    return m.group(0) if m and m.group(0) not in _NOT_NOUN_END else ""


def compatible(a: Figure, b: Figure) -> bool:
    """One unit (or measure words of one family: :func:`same_family`), or a bare number against a countable
    one; a bare number that counts a named thing ("2 billion more mail pieces", "the three appropriations")
    only against things, never against a currency amount ($2 billion), a duration (3 months) or a measure
    (3 tons); so is a number word."""
    if a.unit == b.unit or same_family(a, b):
        return True
    if a.unit == "" and a.kind == "number":
        return b.kind in COUNTABLE and not (counts_things(a) and unit_kind(b) != "things")
    if b.unit == "" and b.kind == "number":
        return a.kind in COUNTABLE and not (counts_things(b) and unit_kind(a) != "things")
    return False


def counts_things(f: Figure) -> bool:
    """A bare number that counts things: it names its noun, or it is an English number word ("The three",
    "nine"), which states a unit of its own when it is a duration or an amount ("three months")."""
    return bool(f.noun) or (f.text[:1].isascii() and f.text[:1].isalpha())


def same_range(d: Figure, c: Figure) -> bool:
    if d.is_range or c.is_range:
        return d.is_range and c.is_range and d.range_high == c.range_high
    return True


def fmt(v: Decimal | float) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    s = f"{v.normalize():f}"
    return s




#: A token shared by more note figures than this is too common to find candidates by (like a stop
#: word); figures found through rarer tokens or through their value still get their full similarity.
#: This keeps each draft figure's look-up bounded, so checking is linear in the notes' size.
TOKEN_POSTING_CAP = 96
#: The best-fitting note figures (by context) kept for the mismatch and misattribution rules.
POOL_SIZE = 24
#: At most this many note figures are tried as operands of a derived figure (the most related first).
DERIVE_OPERANDS = 8
#: At most this many note figures are added up for a total (合计 / total) or the sum a share is of.
SUM_TERMS = 4


#: A line's label: a few words (no figure) before a colon at its start, after a bullet.
_LABEL_RE = re.compile(r"(?<![ \t])[ \t]*+(?:[-*•·]|\d{1,2}[.、)）])?[ \t]*+([^：:\d\n]{2,60}?)[ \t]*+[：:]")
#: A label token on more lines than this finds no parts of a total (like a stop word).
LABEL_POSTING_CAP = 8
#: Characters a draft figure's clause reaches back for its cue words (Chinese; twice that in English).
CLAUSE_REACH = 40
_CJK_BEFORE = re.compile(r"[\u4e00-\u9fff]")


class Ledger:
    """The note figures, indexed by value, unit, line and indicator token (never compared pairwise)."""

    def __init__(self, figs: list[Figure], text: str, meanings: list[Meaning] | None = None) -> None:
        self.figs = figs
        self.text = text
        self.meanings = meanings or [UNKNOWN] * len(figs)
        self._wide: dict[int, frozenset[str]] = {}
        self.by_value: dict[tuple[Decimal, str], list[int]] = {}
        self.by_token: dict[str, list[int]] = {}
        self.by_line: dict[int, list[int]] = {}
        self.draft_text = ""
        self.draft_meanings: dict[int, Meaning] = {}  # draft figure start → its meaning (set by the checker)
        self.draft_year: int | None = None
        self.draft_figs: list[Figure] = []  # the draft's figures in order (set by the checker)
        self.item_roles: list[str | None] = [None] * len(figs)  # each figure's fact role (the notes' classification)
        self.year: int | None = None
        self.own_year: int | None = None  # the year the notes themselves state (None: read from their text)
        self.headers: tuple[tuple[int, str | None], ...] = ()  # the notes' header lines: (line, role), in order
        self.twins: dict[int, Figure] = {}  # note figure index → another form of it (增长0.8倍 → 80%)
        self._labels: dict[str, list[int]] = {}  # a line label's token → its lines (built on first use, shared by copies)
        self._line_words: dict[str, list[int]] = {}  # a token of a line's whole text → its lines (first use, shared)
        # perf (wt-perf): readers' results memoised per ledger — notes-only ones shared by the check copies, the
        # draft's per check (check.py gives each copy its own dict; keys hold the draft text too)
        self.note_memo: dict[tuple[object, ...], object] = {}
        self.draft_memo: dict[tuple[object, ...], object] = {}
        keyed: list[tuple[float, int]] = []
        self.by_start = {f.start: i for i, f in enumerate(figs)}
        for i, f in enumerate(figs):
            self.by_line.setdefault(f.line, []).append(i)
            assert f.value is not None
            self._index_value(f, i)
            keyed.append((sort_key(f), i))
            for t in f.tokens:
                self.by_token.setdefault(t, []).append(i)
            for twin in equivalents(text, f):
                self.twins[i] = twin
                self._index_value(twin, i)
                keyed.append((sort_key(twin), i))
        # "(dollars in thousands)": a table's $923,596 also read as $923.596 million — only on the
        # lines the caption governs (note_units' scope: until a blank line, a header or another caption)
        self.scaled = {i: sf for i, sf in table_scaled(text, figs).items() if declares(text, figs[i].line)}
        for i, sf in self.scaled.items():
            self._index_value(sf, i)
            keyed.append((sort_key(sf), i))
        keyed.sort()
        self.sorted_ids = [i for _, i in keyed]
        self.sorted_values = [v for v, _ in keyed]

    def draft_between(self, lo: int, hi: int) -> list[Figure]:
        """perf (wt-perf): the draft figures reaching into ``lo``..``hi`` (end >= lo, start < hi), in order, found by
        bisection; readers that filter :attr:`draft_figs` by a window around one figure scanned them all (quadratic).
        A superset of what such a reader keeps, never a different order."""
        key = ("draft_spans", id(self.draft_figs), len(self.draft_figs))
        spans = self.draft_memo.get(key)
        if spans is None:
            starts, ends = [f.start for f in self.draft_figs], [f.end for f in self.draft_figs]
            ordered = starts == sorted(starts) and ends == sorted(ends)
            spans = self.draft_memo[key] = (starts, ends) if ordered else ()
        if not spans:  # never out of order from extract_figures; if so, all of them, as the readers had them
            return self.draft_figs
        starts, ends = spans  # type: ignore[misc]
        return self.draft_figs[bisect.bisect_left(ends, lo):bisect.bisect_left(starts, hi)]

    def labelled_lines(self, tokens: frozenset[str]) -> list[int]:
        """Lines whose label (the words before a colon at the line's start: 城建工程：道路改造12项、…) shares a
        token with ``tokens``; a token labelling more than :data:`LABEL_POSTING_CAP` lines is too common."""
        if not self._labels:
            self._labels["\x00"] = []  # built (possibly empty)
            for n, line in enumerate(self.text.split("\n"), 1):
                m = _LABEL_RE.match(line)
                if m:
                    for t in context_tokens(m.group(1)):
                        self._labels.setdefault(t, []).append(n)
        found: set[int] = set()
        for t in tokens:
            post = self._labels.get(t, ())
            if len(post) <= LABEL_POSTING_CAP:
                found.update(post)
        return sorted(found)

    def worded_lines(self, tokens: frozenset[str], least: int) -> list[int]:
        """Lines whose whole text (after their figures too: "+$48.2M vs FY2026 enacted") shares at least ``least``
        tokens with ``tokens``; a token on more than :data:`LABEL_POSTING_CAP` lines is too common."""
        if not self._line_words:
            self._line_words["\x00"] = []  # built (possibly empty)
            for n, line in enumerate(self.text.split("\n"), 1):
                if n in self.by_line:
                    for t in context_tokens(line):
                        self._line_words.setdefault(t, []).append(n)
        found: Counter[int] = Counter()
        for t in tokens:
            post = self._line_words.get(t, ())
            if len(post) <= LABEL_POSTING_CAP:
                found.update(post)
        return sorted(n for n, k in found.items() if k >= least)

    def same_line(self, f: Figure) -> list[int]:
        return self.by_line.get(f.line, [])

    def _index_value(self, f: Figure, i: int) -> None:
        assert f.value is not None
        self.by_value.setdefault((f.value, f.unit), []).append(i)
        if f.kind == "count" and (f.unit in PERSON_UNITS or f.unit in THING_UNITS):
            self.by_value.setdefault((f.value, "~" + unit_family(f.unit)), []).append(i)
        if f.kind == "count" and f.unit in DWELLING_UNITS:
            self.by_value.setdefault((f.value, "~户"), []).append(i)
        if f.unit == "" or f.kind in COUNTABLE:
            self.by_value.setdefault((f.value, "*"), []).append(i)

    def same_value(self, d: Figure) -> list[int]:
        """Note figures with the value of ``d`` in a compatible unit (a bare number matches any count)."""
        assert d.value is not None
        if d.unit == "" and d.kind == "number":
            return list(self.by_value.get((d.value, "*"), ()))
        ids = list(self.by_value.get((d.value, d.unit), ()))
        if d.kind in COUNTABLE:
            seen = set(ids)  # a set: thousands of figures may share one value
            ids += [i for i in self.by_value.get((d.value, ""), ()) if i not in seen]
            if d.kind == "count" and (d.unit in PERSON_UNITS or d.unit in THING_UNITS):  # 183名 finds 183人
                seen = set(ids)
                ids += [i for i in self.by_value.get((d.value, "~" + unit_family(d.unit)), ()) if i not in seen]
            if d.kind == "count" and d.unit in DWELLING_UNITS:  # 1.74万套 finds 1.74万户 (same_family decides)
                seen = set(ids)
                ids += [i for i in self.by_value.get((d.value, "~户"), ()) if i not in seen]
        return ids

    def form(self, i: int, d: Figure) -> Figure:
        """Note figure ``i`` in the form that compares with ``d`` (its twin when the unit needs it)."""
        f = self.figs[i]
        sf = self.scaled.get(i)
        if sf is not None and d.value is not None and d.unit == sf.unit and (
                abs(sf.value - d.value) < abs((f.value or 0) - d.value) if sf.value is not None else False):
            return sf
        twin = self.twins.get(i)
        if twin is not None and twin.unit == d.unit and f.unit != d.unit:
            return twin
        return f

    def near(self, d: Figure) -> list[int]:
        """Note figures whose value could be a rounding of ``d`` (within 10% or one step)."""
        assert d.value is not None
        x = float(d.value)
        width = max(0.1 * abs(x), float(max(d.resolution, stated_resolution(d))))
        lo = bisect.bisect_left(self.sorted_values, x - width)
        hi = bisect.bisect_right(self.sorted_values, x + width)
        if hi - lo > 4 * TOKEN_POSTING_CAP:  # very many equal-ish values: the most related ones only
            related = self._related_ids(d)
            return sorted({i for i in self.sorted_ids[lo:hi] if i in related})
        return sorted(set(self.sorted_ids[lo:hi]))

    def _related_ids(self, d: Figure) -> set[int]:
        return set(self.sims(d))

    def draft_clause(self, d: Figure) -> str:
        """The draft text of the clause that ends with ``d`` (for cue words such as 合计): back to a clause
        mark, at most :data:`CLAUSE_REACH` characters (twice that in English, whose words run longer:
        "Together, new urban jobs and re-employment reached 8,372")."""
        text = self.draft_text
        i = d.start
        reach = CLAUSE_REACH if _CJK_BEFORE.search(text, max(0, d.start - CLAUSE_REACH), d.start) else 2 * CLAUSE_REACH
        while i > 0 and d.start - i < reach and text[i - 1] not in "，。；;！？!?\n、":
            i -= 1
        return text[i:d.end]

    def wide_sim(self, d: Figure, draft_text: str, i: int) -> float:
        """Similarity of the wider surroundings (30 characters each side) of ``d`` and note figure ``i``."""
        if i not in self._wide:
            f = self.figs[i]
            self._wide[i] = wide_tokens(self.text, f.start, f.end)
        return sim(wide_tokens(draft_text, d.start, d.end), self._wide[i])

    def sims(self, d: Figure) -> dict[int, float]:
        """Context similarity of ``d`` to the note figures sharing an indicator token with it.

        Candidates come from tokens shared by at most :data:`TOKEN_POSTING_CAP` note figures and
        from the figures of the same value; each candidate's similarity counts every shared token.
        """
        cands: set[int] = set()
        for t in d.tokens:
            post = self.by_token.get(t, ())
            if len(post) <= TOKEN_POSTING_CAP:
                cands.update(post)
        if d.value is not None:
            cands.update(self.same_value(d)[:TOKEN_POSTING_CAP])
        la = len(d.tokens)
        out: dict[int, float] = {}
        for i in cands:
            tok = self.figs[i].tokens
            n = len(d.tokens & tok)
            if n:
                out[i] = sim_from(n, la, len(tok))
        return out


def sort_key(f: Figure) -> float:
    try:
        return float(f.value or 0)
    except (OverflowError, ValueError):
        return float("inf")


def dir_bonus(d: Figure, c: Figure) -> float:
    if d.direction and c.direction:
        return 0.05 if d.direction == c.direction else -0.05
    return 0.0


def stated_resolution(d: Figure) -> Decimal:
    """One step of the last written digit, trailing zeros of integers counted as stated (4200 → 1)."""
    return Decimal(1).scaleb(-d.decimals) * d.scale


def close(v: Decimal | float, d: Figure) -> bool:
    """``v`` is what the draft figure ``d`` says, at its stated precision and with its qualifier.

    Unqualified: ``v`` rounds to ``d`` at the written digits (16.57 → 16.6). Qualified (约, 超过,
    近, 余/多, about, over, nearly): ``v`` lies in the qualifier's interval, one step of the last
    significant digit wide (约4200万 → ±50万, 超过4100万 → [4100万, 4200万)), and within 10%.
    """
    assert d.value is not None
    x = float(d.value)
    fv = float(v)
    eps = 1e-9 * max(abs(x), 1e-9)
    if d.approx is None:
        half = float(stated_resolution(d)) / 2
        return x - half - eps <= fv < x + half - eps  # 四舍五入: 16.55 → 16.6, 16.65 → 16.7
    res = float(d.resolution)
    # 一成以上 is at least 10%, under 20%; 两倍多 2 to 3 times; 一半以上 / more than half 50% to 60%: a word
    # numeral's step is its own (the 10% cap is for written digits)
    coarse = d.approx in ("over", "under") and (any(ch in d.text for ch in "成倍半") or "分之" in d.text or (
        d.text[:1].isascii() and d.text[:1].isalpha()))
    if abs(fv - x) > (res if coarse else 0.1 * abs(x)) + eps:
        return False
    if d.approx == "about":
        return x - res / 2 - eps <= fv < x + res / 2 - eps
    if d.approx == "over":
        return x - eps <= fv < x + res - eps
    if d.approx == "under":
        return x - res + eps < fv <= x + eps
    return x - res - eps <= fv <= x + eps  # nearly


#: An unqualified rounding is at most this far from the note value (relative): 1.97万 → 2万, never 1.6万 → 2万.
UNQUALIFIED_ROUNDING = 0.05


def rounding_ok(d: Figure, c: Figure) -> bool:
    """``d`` is a consistent rounding of note figure ``c``."""
    assert d.value is not None and c.value is not None
    if d.approx is None:
        # an unmarked rounding only counts when the draft visibly states fewer digits
        # (274.4 → 274, 9.14% → 9.1%, 4187万元 → 0.42亿元), never 4187 → 4200
        res, cres = stated_resolution(d), stated_resolution(c)
        if not (res > cres and (d.decimals > 0 or d.scale != c.scale or c.decimals > 0)):
            return False
        # … and stays near it: one significant digit left ("1 trillion" for 800 billion, 2万 for 1.6万) is a
        # rounding only within a small relative error; a coarser one needs a qualifier true of the note value
        x, fc = float(d.value), float(c.value)
        if abs(fc - x) > UNQUALIFIED_ROUNDING * abs(fc) + 1e-9 * max(abs(x), 1e-9):
            return False
    return close(c.value, d)


def holds(v: float, d: Figure) -> bool:
    """The computed value ``v`` gives the draft figure at its stated precision."""
    return close(v, d)


def change_not_level(d: Figure, strong: Figure, rounded: Figure) -> bool:
    """The best-named note figure ``strong`` is a change (GDP +5.1%), ``d`` states a level or share without a
    direction ("accounted for more than half of GDP") and rounds ``rounded``, a level of its unit (services
    share of GDP 58.3%): the change is no rival."""
    return (d.direction is None and strong.direction is not None and rounded.direction is None
            and strong.unit == rounded.unit == d.unit)


def target_beside_result(ledger: Ledger, a: int, b: int) -> bool:
    """Note figures ``a`` and ``b`` are one indicator's result and its target on one line (72% of
    applicants housed (target 80%); 新建温室50栋（目标60栋）): never each other's indicator — which one the
    draft states is the role check's question."""
    if ledger.figs[a].line != ledger.figs[b].line:
        return False
    roles = {ledger.meanings[a].role, ledger.meanings[b].role}
    return "target" in roles and bool(roles & {None, "achieved"})
