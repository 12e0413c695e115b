"""Shares of sums and of remainders (issue 10), for :mod:`assistant.check_derive`.

:func:`share_of_sum`: one figure's share of the sum of two to four figures of one unit (占三次产业增加值总和的62%, "made
up about two-thirds of its cash and short-term investments"); :func:`share_of_remainder`: a share of the part of a
whole on one side of a threshold the draft names ("69 percent of the receipts of $100 or more" = 9 / (14 − 1));
:func:`part_from_share`: a part's amount from its whole and its share on one line (115.6亿美元（制造业占40.9%）).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from itertools import combinations

from assistant.check_derive_licences import Ties, same_noun, stated_part
from assistant.check_ledger import DERIVE_OPERANDS, SUM_TERMS, compatible, fmt, holds
from assistant.figures import Figure, noun_tokens

__all__ = ["SUM_BLOCK_LINES", "part_and_whole", "part_from_share", "share_of_remainder", "share_of_sum"]

Found = tuple[str, list[Figure]]

#: A note figure given as a part of the one before it (其中…, of which …, including …).
_SUBSET_RE = re.compile(r"(?<!\s)\s*+(?:其中|含|包括|of which|including|incl\.)", re.I)
#: Parts of a total listed together: on lines at most this far apart.
SUM_BLOCK_LINES = 2


def part_and_whole(a: Figure, b: Figure) -> bool:
    """One of two note figures is given as a part of the other, before it on its line (财政支出12亿元，其中教育4亿元;
    "households 80,000, of which 16,000 low-income"): the two never add up to a total."""
    second = b if a.start <= b.start else a
    return a.line == b.line and bool(_SUBSET_RE.match(second.context))


def share_of_remainder(d: Figure, levels: list[Figure], ties: Ties) -> Iterator[Found]:
    """``d`` is a share of the part of a whole on one side of a threshold the draft names: "69 percent of the
    receipts of $100 or more" is 9 / (14 − 1) when the notes give 14 receipts, 1 receipt under $100 (a line on
    the threshold's other side) and 9 receipts not deposited, all counts of one noun."""
    counts = [f for f in levels if f.kind in ("count", "number") and f.noun]
    words = ties.sentence_words
    # the part is the count the sentence names best ("were not deposited": 9 receipts not deposited, never the 4 on time)
    best = max((len(f.tokens & words) for f in counts if f.line not in ties.contrary_lines), default=0)
    for z in levels:  # the part on the other side ("1 receipt under $100", "6 for projects under $50,000")
        if z.line not in ties.contrary_lines or z.kind not in ("count", "number"):
            continue
        for y in counts:  # the whole: on a line of its own, or before the part on its line ("40 permits, 6 for …")
            fy, fz = float(y.value or 0), float(z.value or 0)
            if y is z or (y.line in ties.contrary_lines and not (y.line == z.line and y.end <= z.start)) or (
                    fy <= fz or not same_noun(y, z)):
                continue
            for x in counts:
                fx = float(x.value or 0)
                if (x is y or x is z or x.line in ties.contrary_lines or not same_noun(x, y) or fx >= fy - fz
                        or len(x.tokens & words) < best or not (x.tokens - y.tokens) & words):
                    continue
                share = fx / (fy - fz) * 100
                if holds(share, d):
                    yield f"{x.text} / ({y.text} − {z.text}) = {share:.4g}% ≈ {d.text}", [x, y, z]


def share_of_sum(d: Figure, rel: list[Figure], max_lines: int = 0,
                  named: frozenset[str] = frozenset(), ties: Ties | None = None) -> Iterator[Found]:
    """``d`` (a percent) is one figure's share of the sum of two to four figures of one unit (``max_lines``:
    on at most that many adjacent lines, the parts of one breakdown; on lines at most :data:`SUM_BLOCK_LINES`
    apart when the ``named`` words of the sentence name each part)."""
    pool = [f for f in rel if f.kind not in ("percent", "percentage_point", "multiple", "fraction")][:DERIVE_OPERANDS]
    for k in range(2, min(SUM_TERMS, len(pool)) + 1):
        for group in combinations(pool, k):
            if any(not compatible(group[0], g) for g in group[1:]) or any(
                    part_and_whole(a, b) for a, b in combinations(group, 2)):
                continue  # 其中教育4亿元 is in 财政支出12亿元: no share of their sum
            spread = max(g.line for g in group) - min(g.line for g in group)
            if max_lines and spread >= max_lines and not (
                    spread <= SUM_BLOCK_LINES and named and all(g.tokens & named and not _SUBSET_RE.match(g.context)
                                                                for g in group)):
                continue  # … never a part with its whole (其中水浇地30万亩 is in 耕地面积60万亩)
            total = sum(float(g.value or 0) for g in group)
            if total <= 0:
                continue
            # the part is the item the sentence names by words of its own (rural grants: 215 rural, not 340 urban;
            # field staff: field 1,240, not headquarters 310)
            by_name = _named_items(group, ties.sentence_words if ties is not None else named)
            for x in group:
                if by_name and not any(g is x for g in by_name):
                    continue
                if ties is not None and not stated_part(x, pool, ties):
                    continue  # the sentence states the part's line: 9条道路改造投资占…, never 新区's 12.4亿元
                share = float(x.value or 0) / total * 100
                if holds(share, d):
                    names = " + ".join(g.text for g in group)
                    yield f"{x.text} / ({names}) = {share:.4g}% ≈ {d.text}", list(group)


def _named_items(group: tuple[Figure, ...], words: frozenset[str]) -> list[Figure]:
    """The figures of ``group`` the sentence ``words`` name by a word of their own noun no other figure's noun has
    (215 rural, 340 urban: "rural grants"); none unless every figure names its noun after it (an English figure's
    words before it may be the previous item's)."""
    if not all(g.noun for g in group):
        return []
    own = [noun_tokens(g.noun) for g in group]
    out = []
    for k, g in enumerate(group):
        others = frozenset().union(*(t for j, t in enumerate(own) if j != k))
        if (own[k] - others) & words:
            out.append(g)
    return out


def part_from_share(d: Figure, pool: list[Figure], rel: list[Figure], ties: Ties) -> Iterator[Found]:
    """A part's amount worked out from its whole and its share on one line (实际使用外资115.6亿美元（制造业占40.9%）:
    其中制造业外资约47.3亿美元; "actual FDI USD 11.56 billion (manufacturing 40.9%)": about USD 4.7 billion): the
    whole × the share, when the sentence names the share's own words (制造业, manufacturing)."""
    for p in rel:
        if p.kind != "percent" or p.unit != "%" or p.direction is not None or not 0 < float(p.value or 0) < 100:
            continue
        for x in pool:
            # (a change shared out as well: 补助增加30元，一半用于大病保险 → 15元)
            if x.line != p.line or x.end > p.start or x.is_range:
                continue
            if not (p.tokens - x.tokens) & ties.sentence_words:
                continue  # the share's own name (制造业) is in the sentence
            v = float(x.value or 0) * float(p.value or 0) / 100
            if holds(v, d):
                yield f"{x.text} × {p.text} = {fmt(Decimal(str(round(v, 6))))} ≈ {d.text}", [x, p]


def parts_of_whole(d: Figure, rel: list[Figure], ties: Ties) -> Iterator[Found]:
    """The share of a whole that its listed parts make up together, all on the whole's own line after it
    (预算1860万元，其中省级补助410万元、中央补助230万元 / "Budget $18.6M, of which $4.1M state grants and $2.3M
    federal grants" → "grants made up about 34% of the budget"): the sentence names a word every part shares
    (补助, grants) and the whole's own word (预算, budget)."""
    words = ties.sentence_words
    for w in rel:
        if w.kind in ("percent", "percentage_point", "multiple", "fraction") or not w.value or w.direction is not None:
            continue
        parts = [f for f in rel if f.line == w.line and f.start > w.end and f.kind == w.kind
                 and compatible(w, f) and f.direction is None and 0 < float(f.value or 0) < float(w.value)]
        if len(parts) < 2 or len(parts) > SUM_TERMS or not (w.tokens & words):
            continue
        shared = frozenset.intersection(*(f.tokens - w.tokens for f in parts))
        if not shared & words:
            continue  # the sentence must name what the parts have in common (补助, grants)
        total = sum(float(f.value or 0) for f in parts)
        if total >= float(w.value):
            continue
        share = total / float(w.value) * 100
        if holds(share, d):
            yield f"({' + '.join(f.text for f in parts)}) / {w.text} = {share:.4g}% ≈ {d.text}", [w, *parts]
