"""The note figures as an index, and the arithmetic of rounding and derived figures (for the checker).

:class:`Ledger` indexes the note figures by value and unit, by indicator token and by line, so a
draft figure finds its candidates by look-up, never by comparing all pairs: a token shared by more
than :data:`TOKEN_POSTING_CAP` note figures is too common to search by, at most :data:`POOL_SIZE`
best-fitting figures are kept, and a derived figure tries at most :data:`DERIVE_OPERANDS` related
note figures (plus as many from their lines) as operands. :func:`derive` finds a growth rate, share,
difference, sum or multiple that gives a draft figure at its stated precision.
"""

from __future__ import annotations

import bisect
import heapq
import re
from decimal import Decimal
from itertools import combinations

from assistant.figures import Figure, equivalents, wide_tokens
from assistant.meaning import UNKNOWN, Meaning

RELATED = 0.3  # operands of a derived figure must be at least this related to the draft figure


def sim(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return sim_from(inter, len(a), len(b))


def sim_from(inter: int, la: int, lb: int) -> float:
    if not inter:
        return 0.0
    return 0.5 * (2 * inter / (la + lb)) + 0.5 * inter / min(la, lb)


COUNTABLE = ("count", "money", "number")


PERCENT_UNITS = frozenset({"%", "pp"})


def compatible(a: Figure, b: Figure) -> bool:
    if a.unit == b.unit:
        return True
    if a.unit == "" and a.kind == "number":
        return b.kind in COUNTABLE
    if b.unit == "" and b.kind == "number":
        return a.kind in COUNTABLE
    return False


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
        self.item_roles: list[str | None] = [None] * len(figs)  # each figure's fact role (the notes' classification)
        self.year: int | None = None
        self.own_year: int | None = None  # the year the notes themselves state (None: read from their text)
        self.headers: tuple[tuple[int, str | None], ...] = ()  # the notes' header lines: (line, role), in order
        self.twins: dict[int, Figure] = {}  # note figure index → another form of it (增长0.8倍 → 80%)
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
        keyed.sort()
        self.sorted_ids = [i for _, i in keyed]
        self.sorted_values = [v for v, _ in keyed]

    def same_line(self, f: Figure) -> list[int]:
        return self.by_line.get(f.line, [])

    def _index_value(self, f: Figure, i: int) -> None:
        assert f.value is not None
        self.by_value.setdefault((f.value, f.unit), []).append(i)
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
        return ids

    def form(self, i: int, d: Figure) -> Figure:
        """Note figure ``i`` in the form that compares with ``d`` (its twin when the unit needs it)."""
        f = self.figs[i]
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
        """The draft text of the clause that ends with ``d`` (for cue words such as 合计)."""
        text = self.draft_text
        i = d.start
        while i > 0 and d.start - i < 40 and text[i - 1] not in "，。；;！？!?\n、":
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


# 共 as "in all" (共建成12所), not inside 公共 / 共同 / 共享 / 共建 / 共产党 (一般公共预算收入 is no total)
TOTAL_CUES = re.compile(r"合计|共计|总计|累计|总共|一共|(?<!公)共(?![同享建产青赢识性有])|总和|两项|三项|total|combined|"
                        r"together|in all|\bsum\b", re.I)


# a difference without a direction word: what remains to be done (下半年需完成…), what was removed
# (拆除锅炉85台 from 126 to 41), how far one value is above another
DIFF_CUES = re.compile(r"需完成|还需|尚需|仍需|剩余|余下|拆除|关停|淘汰|取缔|\bremaining\b|\bleft to\b|\bmore than\b|"
                       r"\bless than\b|\babove\b|\bbelow\b|\bfewer\b", re.I)


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
    if abs(fv - x) > 0.1 * abs(x) + eps:
        return False
    res = float(d.resolution)
    if d.approx == "about":
        return x - res / 2 - eps <= fv < x + res / 2 - eps
    if d.approx == "over":
        return x - eps <= fv < x + res - eps
    if d.approx == "under":
        return x - res + eps < fv <= x + eps
    return x - res - eps <= fv <= x + eps  # nearly


def rounding_ok(d: Figure, c: Figure) -> bool:
    """``d`` is a consistent rounding of note figure ``c``."""
    assert d.value is not None and c.value is not None
    if d.approx is None:
        # an unmarked rounding only counts when the draft visibly states fewer digits
        # (274.4 → 274, 9.14% → 9.1%, 4187万元 → 0.42亿元), never 4187 → 4200
        res, cres = stated_resolution(d), stated_resolution(c)
        if not (res > cres and (d.decimals > 0 or d.scale != c.scale or c.decimals > 0)):
            return False
    return close(c.value, d)


def holds(v: float, d: Figure) -> bool:
    """The computed value ``v`` gives the draft figure at its stated precision."""
    return close(v, d)


def same_indicator(a: Figure, b: Figure) -> bool:
    """Two note figures of one indicator (this year and last year): similar context or side by side."""
    return (a.line == b.line and abs(a.start - b.start) <= 60) or sim(a.tokens, b.tokens) >= 0.4


def derive(
    d: Figure, ledger: Ledger, sims: dict[int, float], *, strict: bool = False,
    must_include: Figure | None = None,
) -> tuple[str, list[Figure]] | None:
    """A formula over related note figures that gives ``d`` at its stated precision.

    ``strict`` (the notes state this very indicator with another value): only a total with a cue
    word (合计, total) or a change with a direction word (增加, grew by) is accepted.
    """
    figs = ledger.figs
    related = heapq.nsmallest(DERIVE_OPERANDS, (i for i, s in sims.items() if s >= RELATED), key=lambda i: -sims[i])
    lines = {figs[i].line for i in related}
    cue = ledger.draft_clause(d)
    has_total_cue = bool(TOTAL_CUES.search(cue))
    after = re.split(r"[，。；;,.\n]", ledger.draft_text[d.end:d.end + 24], maxsplit=1)[0]
    has_diff_cue = bool(DIFF_CUES.search(cue + " " + after))  # "23 fewer offices": English puts it after
    # a total (合计, 总和, total) adds up a block of lines: the lines around a related figure's are its parts
    near_lines = sorted({n for line in lines for n in range(line - 3, line + 4)}) if has_total_cue else sorted(lines)
    companions = [i for line in near_lines for i in ledger.by_line.get(line, ())[:DERIVE_OPERANDS] if i not in related]
    related += companions[:2 * DERIVE_OPERANDS if has_total_cue else DERIVE_OPERANDS]
    if len(related) < 2:
        return None  # a derived figure needs two related operands
    # a note figure given as "about 86%" is an operand too (the notes' own precision); ranges are not
    rel = [figs[i] for i in related if not figs[i].is_range and (figs[i].approx in (None, "about", "nearly"))]
    if strict and not has_total_cue and d.direction is None and not has_diff_cue:
        return None
    found = find_formula(d, rel, has_total_cue, has_diff_cue)
    if (found is not None and must_include is not None
            and all(op is not must_include and not (op.unit == must_include.unit and same_indicator(op, must_include))
                    for op in found[1])
            # a share of a stated total (占…总和的62%) is computed from other units than the indicator's rate
            and not (has_total_cue and all(op.unit != must_include.unit for op in found[1]))):
        return None  # the notes' own figures for this indicator (in its unit) must be part of the computation
    return found


def find_formula(d: Figure, rel: list[Figure], has_total_cue: bool,
                 has_diff_cue: bool = False) -> tuple[str, list[Figure]] | None:
    target = float(d.value) if d.value is not None else 0.0
    sign = -1.0 if d.direction == "down" else 1.0
    if d.kind == "percent":
        for a, b in combinations(rel, 2):
            if a.unit != b.unit or a.kind in ("percent", "percentage_point", "multiple", "fraction"):
                continue
            same = same_indicator(a, b)
            for x, y in ((a, b), (b, a)):
                fx, fy = float(x.value or 0), float(y.value or 0)
                if fy == 0:
                    continue
                g = (fx - fy) / fy * 100
                if d.direction is None and g < 0:
                    g = -g
                if same and holds(sign * g if d.direction else g, d):
                    return f"({x.text} − {y.text}) / {y.text} = {g:.4g}% ≈ {d.text}", [x, y]
                share = fx / fy * 100
                if fx < fy and holds(share, d):
                    return f"{x.text} / {y.text} = {share:.4g}% ≈ {d.text}", [x, y]
        if has_total_cue:  # 占三次产业增加值总和的62%: a share of the sum of several lines' figures
            return _share_of_sum(d, rel)
        return None
    if d.kind == "percentage_point":
        for a, b in combinations(rel, 2):
            if a.kind != "percent" or b.kind != "percent":
                continue
            diff = abs(float(a.value or 0) - float(b.value or 0))
            if same_indicator(a, b) and holds(diff, d):
                return f"{a.text} − {b.text} = {diff:.4g} pp ≈ {d.text}", [a, b]
        return None
    if d.kind == "multiple":
        pool = [f for f in rel if f.kind in COUNTABLE]
        for a, b in combinations(pool, 2):
            if not compatible(a, b) or not same_indicator(a, b):
                continue
            for x, y in ((a, b), (b, a)):
                fx, fy = float(x.value or 0), float(y.value or 0)
                if fy == 0 or fx <= fy:
                    continue
                ratio = fx / fy
                if "翻" in d.text:
                    if abs(ratio - target) / target <= 0.05:
                        return f"{x.text} / {y.text} = {ratio:.3g} ≈ {d.text}", [x, y]
                    continue
                if holds(ratio, d):
                    return f"{x.text} / {y.text} = {ratio:.4g} ≈ {d.text}", [x, y]
                if holds(ratio - 1, d):
                    return f"{x.text} / {y.text} − 1 = {ratio - 1:.4g} ≈ {d.text}", [x, y]
        return None
    # sums (with a cue word: 合计, total) and differences (with a direction: 增加, grew by)
    pool = [f for f in rel if compatible(d, f) and (f.kind == d.kind or f.unit == "")]
    for a, b in combinations(pool, 2):
        fa, fb = float(a.value or 0), float(b.value or 0)
        if has_total_cue and holds(fa + fb, d):
            return f"{a.text} + {b.text} = {fmt(Decimal(str(fa + fb)))} ≈ {d.text}", [a, b]
        if (d.direction is not None or has_diff_cue) and same_indicator(a, b) and holds(abs(fa - fb), d):
            hi, lo = (a, b) if fa >= fb else (b, a)
            return f"{hi.text} − {lo.text} = {fmt(Decimal(str(abs(fa - fb))))} ≈ {d.text}", [hi, lo]
    by_line: dict[int, list[Figure]] = {}
    for f in pool:
        by_line.setdefault(f.line, []).append(f)
    for group in by_line.values():
        if len(group) >= 3 and has_total_cue:
            total = sum(float(f.value or 0) for f in group)
            if holds(total, d):
                return " + ".join(f.text for f in group) + f" ≈ {d.text}", group
    if has_total_cue:  # 三次产业增加值合计: the figures of several lines added up
        for k in range(3, min(SUM_TERMS, len(pool)) + 1):
            for group_t in combinations(pool[:DERIVE_OPERANDS], k):
                if holds(sum(float(f.value or 0) for f in group_t), d):
                    return " + ".join(f.text for f in group_t) + f" ≈ {d.text}", list(group_t)
    return None


def _share_of_sum(d: Figure, rel: list[Figure]) -> tuple[str, list[Figure]] | None:
    """``d`` (a percent) is one figure's share of the sum of two to four figures of one unit."""
    pool = [f for f in rel if f.kind not in ("percent", "percentage_point", "multiple", "fraction")][:DERIVE_OPERANDS]
    for k in range(2, min(SUM_TERMS, len(pool)) + 1):
        for group in combinations(pool, k):
            if any(not compatible(group[0], g) for g in group[1:]):
                continue
            total = sum(float(g.value or 0) for g in group)
            if total <= 0:
                continue
            for x in group:
                share = float(x.value or 0) / total * 100
                if holds(share, d):
                    names = " + ".join(g.text for g in group)
                    return f"{x.text} / ({names}) = {share:.4g}% ≈ {d.text}", list(group)
    return None


