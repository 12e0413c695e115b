"""Gaps in percentage points against what the sentence compares with (issue 10), for :mod:`assistant.check_derive`.

"居民人均可支配收入实际增长7.4%，比经济增速高0.5个百分点", "rural incomes rose 7.0%, 1.8 points faster than the economy":
the gap is the sentence's own rate less the rate its comparison names (经济增速 / the economy: GDP's growth, read by
:mod:`assistant.check_derive_cues`), on the side the sentence says (高 / faster: above it). :func:`compared_rates`
finds the note rates the comparison names; :func:`compared_gap` says whether two rates give the gap that way round.
"""

from __future__ import annotations

from assistant.check_derive_cues import Cues
from assistant.check_derive_licences import Ties
from assistant.check_ledger import DERIVE_OPERANDS, Ledger
from assistant.figures import Figure

__all__ = ["COMPARED_NAMING", "compared_gap", "compared_rates"]

#: A token on more note figures than this finds no compared rate (like a stop word).
POSTING_CAP = 24


#: A note rate is the one a comparison names when it has at least this part of the comparison's words.
COMPARED_NAMING = 0.6


def compared_rates(ledger: Ledger, words: frozenset[str]) -> list[int]:
    """The note rates (percents) best named by the words of what a gap is measured against."""
    scored: list[tuple[float, int]] = []
    for t in words:
        for i in ledger.by_token.get(t, ())[:POSTING_CAP]:
            f = ledger.figs[i]
            if f.kind == "percent" and f.unit == "%":
                scored.append((len(words & f.tokens) / len(words), i))
    best = max((s for s, _ in scored), default=0.0)
    if best < COMPARED_NAMING:
        return []
    return sorted({i for s, i in scored if s >= best - 1e-9})[:DERIVE_OPERANDS // 2]


def compared_gap(a: Figure, b: Figure, cues: Cues, ties: Ties) -> bool:
    """Rates ``a`` and ``b`` give the gap the sentence states against what it compares with: one is that (named by
    the comparison's words), the other the sentence's own, on the side the sentence says (高/faster: above it)."""
    na = len(cues.compared & a.tokens) / len(cues.compared)
    nb = len(cues.compared & b.tokens) / len(cues.compared)
    if max(na, nb) < COMPARED_NAMING or na == nb:
        return True  # the comparison names neither rate apart (比上年高0.3个百分点: the usual readings decide)
    own, other = (b, a) if na > nb else (a, b)
    if id(own) not in ties.anchored and not own.tokens & ties.sentence_words:
        return False
    higher = float(own.value or 0) > float(other.value or 0)
    return higher == (cues.compared_side == "up")
