"""A value in apposition to another value is the same item's other measure: "47 percent of the funds, $1.99
billion" / "$1.79 billion (47 percent)" / "占60%，即3亿元" / "3亿元（占60%）" give the amount of the share.

Notes write such pairs the same way ("47% ($1.79 billion)", "住房救助：60%（3亿元）"). A reader of the draft's pair
takes its amount to be the amount of its share; when the notes give that share another amount of the unit, the
draft's amount (whose value the notes have elsewhere: "rest ($1.99 billion)") is another item's.

Every reader looks at the two figures around a gap of at most 40 characters: linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.check_ledger import Ledger, compatible
from assistant.figures import Figure

__all__ = ["PairedValue", "apposed", "paired_elsewhere"]

#: the gap between two values of one item: "47 percent of the funds, $" / " ($" / "，即" / "（占" / ", or "
_GAP = re.compile(r"^(?:\s*+of\s++(?:the|its|all|total)?\s*+[a-z]++(?:\s++[a-z]++)?)?\s*+(?:[,，(（]|，即|,\s*+or)\s*+"
                  r"(?:即|合|占|约|i\.e\.,?|or|about|some|nearly)?\s*+(?:总额的|全部的|资金的)?\s*+[$¥€£]?\s*+$", re.I)
_REACH = 40


@dataclass(frozen=True)
class PairedValue:
    """The draft pairs ``d`` with ``partner`` (a share); the notes give ``partner``'s value (``share``) the amount
    ``amount``, another value than ``d``'s."""

    share: Figure
    amount: Figure


def apposed(text: str, figs: list[Figure], f: Figure) -> Figure | None:
    """The figure of another unit right beside ``f`` in apposition (one of the two a share, %), or None."""
    k = next((i for i, g in enumerate(figs) if g is f), -1)
    if k < 0:
        return None
    out = []
    for g in (figs[k - 1] if k > 0 else None, figs[k + 1] if k + 1 < len(figs) else None):
        if g is None or g.ignored or g.value is None or g.unit == f.unit or compatible(g, f):
            continue
        if (g.unit == "%") == (f.unit == "%"):
            continue  # a share and an amount: never two amounts or two rates
        a, b = (g, f) if g.start < f.start else (f, g)
        gap = text[a.end:b.start]
        if len(gap) <= _REACH and "\n" not in gap and _GAP.match(gap):
            out.append(g)
    return out[0] if len(out) == 1 else None


def paired_elsewhere(ledger: Ledger, d: Figure) -> PairedValue | None:
    """The notes' own amount of the share the draft sets ``d`` beside, when every note figure of that share's value
    stands beside another amount of ``d``'s unit (and none beside ``d``'s value): ``d`` is another item's."""
    if d.unit == "%" or d.value is None:
        return None
    share = apposed(ledger.draft_text, ledger.draft_between(d.start - _REACH, d.end + _REACH + 1), d)  # perf: neighbours
    if share is None or share.value is None:
        return None
    notes = [i for i in ledger.same_value(share) if ledger.figs[i].unit == share.unit][:8]
    if not notes:
        return None
    amounts = []
    for i in notes:
        n = ledger.figs[i]
        line = [ledger.figs[j] for j in ledger.by_line.get(n.line, ())[:32]]
        partner = apposed(ledger.text, line, n)
        if partner is None or not compatible(partner, d) or partner.value is None:
            return None
        tolerance = max(float(d.resolution) / 2, float(partner.resolution) / 2, 0.005 * abs(float(d.value)))
        if abs(float(partner.value) - float(d.value)) <= tolerance:
            return None  # the notes pair this share with the draft's value (or its rounding: about $3.2B for $3.17B)
        amounts.append((n, partner))
    return PairedValue(amounts[0][0], amounts[0][1])
