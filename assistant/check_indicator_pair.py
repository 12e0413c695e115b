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

from assistant.check_indicator_label import draft_clause
from assistant.check_indicator_list import item_tokens, note_item_words
from assistant.check_ledger import Ledger, compatible, rounding_ok, same_range
from assistant.figures import Figure

__all__ = ["PairedValue", "apposed", "change_of_another_level", "level_before", "marked_rounding_of", "paired_elsewhere"]

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


def marked_rounding_of(ledger: Ledger, d: Figure, j: int) -> bool:
    """``d`` is marked as a rounding (超过 / 约 / 余 / "more than") and rounds note figure ``j``, the one its words name
    better than the note figure of its exact value: "劳务收入超过75亿元" is 劳务收入75.4亿元 rounded, not another line's
    exact 75亿元 (a reader takes the marker at its word and the indicator by its name)."""
    if d.approx is None or d.value is None:
        return False
    c = ledger.form(j, d)
    if c.value is None or c.value == d.value or not compatible(d, c) or not same_range(d, c):
        return False
    if d.direction and c.direction and d.direction != c.direction:
        return False
    return rounding_ok(d, c)


_ZH_CHANGE_GAP = re.compile(r"^\s*+(?:[（(]|[，,])?\s*+(?:同比|比上年|较上年|比去年|较去年|全年)?\s*+"
                            r"(?:增长|增加|下降|减少|提高|降低|上升|回落|增|减|降)?了?\s*+[+＋\-−]?\s*+$")
_EN_CHANGE_GAP = re.compile(r"^(?:\s++[a-z]{2,12}(?=\s*+[(,])){0,2}\s*+(?:[(]|,)?\s*+(?:(?:was|were|is|are|and)\s++)?(?:up|down|rising|falling|rose|fell|"
                            r"increased|decreased|grew|declined|dropped|growth\s++of|a\s++rise\s++of|an\s++increase\s++of)?"
                            r"(?:\s++by)?\s*+[+\-−]?\s*+$", re.I)
_CHANGE_MARK = re.compile(r"[（(+＋\-−]|增|减|降|提高|上升|回落|\b(?:up|down|ris|fall|fell|rose|increase|decrease|grew|declin|"
                          r"dropp|growth|rise)", re.I)


def level_before(text: str, figs: list[Figure], d: Figure, zh: bool) -> Figure | None:
    """The level a rate of change ``d`` is written right after, as that level's change: "1.27万亿元（+41.6%）",
    "86.3亿元，增长12.4%", "6,037 runs (up 21.1%)", "$3.2 billion, up 25.1%"; None when words stand between them."""
    if d.unit not in ("%", "pp"):
        return None
    k = next((i for i, g in enumerate(figs) if g is d), -1)
    if k <= 0:
        return None
    g = figs[k - 1]
    gap = text[g.end:d.start]
    if g.ignored or g.value is None or g.unit in ("%", "pp") or len(gap) > 24 or "\n" in gap:
        return None
    if not (_ZH_CHANGE_GAP if zh else _EN_CHANGE_GAP).match(gap) or not _CHANGE_MARK.search(gap):
        return None
    return g


def _same_level(a: Figure, b: Figure) -> bool:
    if a.value is None or b.value is None or not compatible(a, b):
        return False
    tolerance = max(float(a.resolution) / 2, float(b.resolution) / 2, 0.005 * abs(float(b.value)))
    return abs(float(a.value) - float(b.value)) <= tolerance


def change_of_another_level(ledger: Ledger, d: Figure, idx: int, zh: bool,
                            listed_level: Figure | None = None) -> tuple[Figure, Figure] | None:
    """(the draft's level, the note's level) when the draft writes the rate ``d`` as the change of one level (right
    after it, or the k-th change of a 分别 / respectively list after its levels: ``listed_level``) while every note
    figure of that rate is written as the change of another level (游客17.52亿人次（+32.9%），花费1.27万亿元（+41.6%）
    stated as "游客17.52亿人次、花费1.27万亿元，分别增长41.6%、32.9%"): the change of another item. The draft's level
    is another item when the notes give its value to another item whose words the draft's name for it holds more
    than the note level's words, or when it is a level of another kind (41.54 billion yuan for 6,037 runs)."""
    level = listed_level or level_before(ledger.draft_text, ledger.draft_figs, d, zh)
    if level is None or level.value is None:
        return None
    levels = [j for j in ledger.same_value(level) if _same_level(level, ledger.figs[j])][:8]
    other_change = False  # the notes write another rate right after the draft's level: its own change
    for j in levels:  # the notes write this rate right after the draft's level too
        m = ledger.figs[j]
        line = [ledger.figs[i] for i in ledger.by_line.get(m.line, ())[:64]]
        k = next((n for n, g in enumerate(line) if g is m), -1)
        nxt = line[k + 1] if 0 <= k < len(line) - 1 else None
        if nxt is not None and nxt.unit == d.unit and level_before(ledger.text, line, nxt, zh) is m:
            if nxt.value == d.value:
                return None
            other_change = True
    own: Figure | None = None
    for i in [idx, *[i for i in ledger.same_value(d) if i != idx][:8]]:
        n = ledger.figs[i]
        if n.unit != d.unit:
            continue
        line = [ledger.figs[j] for j in ledger.by_line.get(n.line, ())[:64]]
        mine = level_before(ledger.text, line, n, zh)
        if mine is None or _same_level(level, mine):
            return None  # a note figure of the rate is the change of the draft's level (or of none stated)
        own = own or mine
    if own is None:
        return None
    if not levels or other_change:  # a level of another kind, not in the notes or with its own change there
        if not compatible(level, own):  # (41.54 billion yuan, up 11.7%, given the 21.1% of 6,037 runs)
            return level, own
        if not levels:
            return None
    own_i = ledger.by_start.get(own.start)
    if own_i is None:
        return None
    words = item_tokens(draft_clause(ledger.draft_text, level, zh), zh)
    mine_fit = len(words & item_tokens(note_item_words(ledger, own_i, zh), zh))
    if any(len(words & item_tokens(note_item_words(ledger, j, zh), zh)) > mine_fit for j in levels):
        return level, own
    return None
