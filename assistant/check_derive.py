"""Derived figures (issue 10): a draft figure computed from note figures, at its stated precision.

:func:`derive` looks for one formula over a few related note figures that gives a draft figure:
a growth rate (two values of one indicator, also over several years: 年均 / average annual), a share
(of a total stated on another line, of the sum of listed parts), a difference (增加 / above / 其余 /
the other …, a part's complement in its whole), a sum (合计 / total / 两个…), a multiple (倍, 翻番,
doubled, twice), a percentage-point gap between two rates, the rest of a share (100% − 47%), a value
per unit (per program, 人均, 平均) or per year.

Bounded, so random figures are not "explained": operands are at most :data:`DERIVE_OPERANDS` note
figures related to the draft figure by indicator words (before it, or in its sentence after it), their
lines' companions, and the note figures whose values the draft sentence itself states (*anchors*).
Formulas combining two values of different indicators need them tied: one line, similar words, or an
anchor. When the draft sentence states a note figure of the operands' unit, the formula must use it
(“完成投资6.87亿元，占总投资的一半以上” is a share of 6.87亿元, not of any two investments). Each
computation is accepted only at the draft figure's stated precision and qualifier (:func:`close`).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import Decimal
from itertools import combinations

from assistant.check_derive_cues import (
    POPULATION_TOKENS,
    Cues,
    contrary_side,
    draft_sentence,
    read_cues,
    sentence_figures,
)
from assistant.check_derive_gaps import compared_gap, compared_rates
from assistant.check_derive_licences import (
    Ties,
    base_year,
    beside_plus,
    change_of,
    from_base,
    fully_named,
    labelled_list,
    later,
    may_combine,
    multiple_ok,
    named_pair,
    named_parts,
    one_kind_of_amount,
    outnamed,
    own_words,
    per_year_counts,
    plus_joined,
    same_indicator,
    same_noun,
    same_unit,
    stated_part,
    word_operand_ok,
    year_counts,
)
from assistant.check_derive_shares import (
    SUM_BLOCK_LINES,
    part_and_whole,
    part_from_share,
    parts_of_whole,
    share_of_remainder,
    share_of_sum,
)
from assistant.check_ledger import (
    COUNTABLE,
    DERIVE_OPERANDS,
    DURATION_UNITS,
    RELATED,
    SUM_TERMS,
    Ledger,
    compatible,
    fmt,
    holds,
    rounding_ok,
    same_range,
    sim,
)
from assistant.figures import Figure, context_tokens

__all__ = ["derive", "own_derivation", "qualified_rounding", "quoted_line_rival", "same_indicator",
           "stated_line_rounding"]

Found = tuple[str, list[Figure]]


#: A start value's line shares at least this many words with the draft sentence (FY2026, enacted).
START_LINE_WORDS = 2
#: A draft sentence quotes a note line when it states at least this many of its figures (one may be chance).
QUOTED_LINE_ANCHORS = 2
#: Figures of the draft sentence read for the line it quotes, and note figures of each value tried, at most.
QUOTED_LINE_FIGURES = 12
#: Note figures found by the words of the draft sentence (after the figure too) added as operands.
WIDE_OPERANDS = DERIVE_OPERANDS // 2
#: A sentence word shared by more note figures than this is too common to find operands by.
WIDE_POSTING_CAP = 24


def stated_line_rounding(d: Figure, ledger: Ledger) -> int | None:
    """The one note figure ``d`` rounds (增幅超过一成 for +11.6%) on the line of a note figure its draft sentence
    states (社会消费品零售总额完成123.4亿元): the sentence ties the rounding to that fact."""
    lines = {ledger.figs[i].line for i in read_cues(d, ledger).anchors}
    found = [i for i in ledger.near(d) if ledger.figs[i].line in lines and compatible(d, ledger.form(i, d))
             and same_range(d, ledger.form(i, d)) and rounding_ok(d, ledger.form(i, d))]
    return found[0] if len(found) == 1 else None


def quoted_line_rival(d: Figure, ledger: Ledger, sims: dict[int, float], chosen: int, floor: float) -> int | None:
    """The note figure ``d`` most likely altered, when it is not ``chosen``: the draft sentence quotes a note
    line (states more of its figures, each under its own name, than of any other line: 地区生产总值增长5%左右，
    城镇调查失业率5.5%左右…) that gives ``d``'s indicator another value (城镇新增就业110万人以上), in the unit
    of ``d``, named at least as well as ``chosen`` (from another line: last year's 121.7万人) and at least
    ``floor`` alike. None when there is no such line."""
    figs = ledger.figs
    need = max(floor, sims.get(chosen, 0.0) - 0.02)
    rivals = [j for j, s in sims.items() if s >= need and figs[j].unit == d.unit and figs[j].value != d.value
              and figs[j].line != figs[chosen].line]
    if not rivals:
        return None  # the usual case, decided without reading the sentence
    counts: Counter[int] = Counter()
    stated: set[object] = set()
    for g in sentence_figures(d, ledger)[:QUOTED_LINE_FIGURES]:
        stated.add(g.value)
        gs = ledger.sims(g)
        counts.update({figs[i].line for i in ledger.same_value(g)[:QUOTED_LINE_FIGURES]
                       if gs.get(i, 0.0) >= floor and compatible(g, figs[i])})
    most = max(counts.values(), default=0)
    lines = {line for line, n in counts.items() if n == most}
    # quoted clearly more than the chosen figure's own line (a table's rows share many values)
    if most < QUOTED_LINE_ANCHORS or most <= 2 * counts.get(figs[chosen].line, 0):
        return None
    if any(figs[i].value == d.value for line in lines for i in ledger.by_line.get(line, ())):
        return None  # the quoted line states this value too (a table's rows sharing values)
    found = [j for j in rivals if figs[j].line in lines and figs[j].value not in stated]
    return max(found, key=lambda j: (sims[j], -j)) if found else None


def qualified_rounding(d: Figure, ledger: Ledger, sims: dict[int, float], best: int) -> int | None:
    """The note figure a qualified draft figure rounds (超过75亿元, 逾, 近, about, over, nearly), named better than
    ``best``, the same value on another indicator's line: 劳务收入超过75亿元 is 劳务收入75.4亿元 rounded down under
    超过, not 拉动消费75亿元. Only a value on the qualifier's side (超过 a value above the note's is no rounding of
    it). None without a qualifier or such a figure."""
    if d.approx is None or d.value is None:
        return None
    figs = ledger.figs
    floor = sims.get(best, 0.0)
    found = [i for i, s in sims.items() if s > floor and figs[i].unit == d.unit and figs[i].value != d.value
             and figs[i].value is not None and same_range(d, ledger.form(i, d)) and rounding_ok(d, ledger.form(i, d))]
    return max(found, key=lambda i: (sims[i], -i)) if found else None


#: Lines under a header line read as its items, at most.
UNDER_HEADER_LINES = 6


def own_derivation(d: Figure, ledger: Ledger, sims: dict[int, float], own: int) -> Found | None:
    """A derivation of ``d`` from its sentence's own indicator (note figure ``own``, the better named one) that
    wins over a same-value match on another indicator's line: "19,500 registrations (about 6% more than in 2025)"
    is 19,500 / 18,420, not "Pool attendance down 6%". Tight: ``d`` states a change (a direction or comparison
    word: more than), the
    sentence states a note figure of ``own``'s indicator, and that figure is an operand of the formula."""
    cues = read_cues(d, ledger)
    if d.direction is None and not cues.diff:
        return None
    figs = ledger.figs
    stated = [figs[i] for i in cues.anchors
              if i != own and figs[i].kind not in ("percent", "percentage_point") and same_indicator(figs[i], figs[own])]
    if not stated:
        return None
    found = derive(d, ledger, sims, strict=True, must_include=stated)
    if found is None or not any(op is f for op in found[1] for f in stated):
        return None
    x, y = found[1][0], found[1][-1]
    if d.kind == "percent" and not (any(x is f for f in stated) and (
            d.direction is not None or float(x.value or 0) > float(y.value or 0))):
        return None  # a rate of change is of the value the sentence states, against another (never the reverse)
    return found


def _lines_under(text: str, line: int) -> list[int]:
    """The lines indented under header line ``line`` (1-based: "- CBO estimates over next decade:" and its
    sub-bullets), which a sentence naming the header names as the parts of one total."""
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return []
    head = lines[line - 1]
    depth = len(head) - len(head.lstrip())
    out: list[int] = []
    for n in range(line + 1, min(len(lines), line + UNDER_HEADER_LINES) + 1):
        row = lines[n - 1]
        if not row.strip() or len(row) - len(row.lstrip()) <= depth:
            break
        out.append(n)
    return out


def _wide_related(ledger: Ledger, cues: Cues, taken: set[int]) -> list[int]:
    """Note figures named by the words of the draft sentence ("made up 10 percent of total expenses")."""
    cands: set[int] = set()
    for t in cues.tokens:
        post = ledger.by_token.get(t, ())
        if len(post) <= WIDE_POSTING_CAP:
            cands.update(i for i in post if i not in taken)
    scored = ((sim(cues.tokens, ledger.figs[i].tokens), i) for i in cands)
    return [i for s, i in heapq.nlargest(WIDE_OPERANDS, ((s, -i) for s, i in scored if s >= RELATED))
            for i in (-i,)]


def _fully_named(d: Figure, ledger: Ledger, cues: Cues) -> tuple[Figure, ...]:
    """Note figures of ``d``'s unit the whole draft sentence names in full (each of their words in it)."""
    words = cues.sentence_tokens | d.tokens
    seen: set[int] = set()
    out: list[Figure] = []
    for t in sorted(words):
        post = ledger.by_token.get(t, ())
        if len(post) > WIDE_POSTING_CAP:
            continue
        for i in post:
            f = ledger.figs[i]
            if i not in seen and compatible(d, f) and fully_named(f, words):
                seen.add(i)
                out.append(f)
    return tuple(out[:DERIVE_OPERANDS])


def _divisors(ledger: Ledger, cues: Cues, taken: set[int]) -> list[int]:
    """For a value per unit, the counts the sentence names (游客人均消费: 接待游客320万人次) and, per head,
    the population: a divisor is rarely worded like the amount it divides."""
    if not cues.per:
        return []
    words = (*sorted(cues.tokens), *(POPULATION_TOKENS if cues.per_head or cues.per_base else ()))
    out: list[int] = []
    for t in words:
        post = ledger.by_token.get(t, ())
        if len(post) <= WIDE_POSTING_CAP:
            out += [i for i in post if i not in taken and i not in out and ledger.figs[i].kind in ("count", "number")]
    return out[:WIDE_OPERANDS]


def derive(
    d: Figure, ledger: Ledger, sims: dict[int, float], *, strict: bool = False,
    must_include: Sequence[Figure] = (),
) -> Found | None:
    """A formula over related note figures that gives ``d`` at its stated precision.

    ``strict`` (the notes state this very indicator with another value): only a total with a cue
    word (合计, total), a change with a direction word (增加, grew by), a remainder (其余, the other)
    or a start value (由…的X增加到) is accepted, and one of ``must_include`` (the notes' figures of this
    indicator, equally fitting) or a figure of its indicator takes part in it.
    """
    figs = ledger.figs
    cues = read_cues(d, ledger)
    related = heapq.nsmallest(DERIVE_OPERANDS, (i for i, s in sims.items() if s >= RELATED), key=lambda i: -sims[i])
    taken = set(related)
    for i in (*_wide_related(ledger, cues, taken), *cues.anchors, *_divisors(ledger, cues, taken)):
        if i not in taken:
            related.append(i)
            taken.add(i)
    # the parts of a total under a label the sentence names (城建工程：道路改造12项、…); the level and change a start
    # value comes from on a line that names it after them ("$860M, +$48.2M vs FY2026 enacted": "from $812 million
    # enacted for FY2026")
    lines_named = ledger.labelled_lines(cues.tokens | d.tokens) if cues.total or cues.ratio else []
    if cues.start_value:
        lines_named += ledger.worded_lines(cues.sentence_tokens | d.tokens, START_LINE_WORDS)
    if lines_named:
        lines_named = [*lines_named, *(n for line in lines_named if line not in ledger.by_line
                                       for n in _lines_under(ledger.text, line))]
        for line in lines_named:
            for i in ledger.by_line.get(line, ())[:DERIVE_OPERANDS]:
                if i not in taken:
                    related.append(i)
                    taken.add(i)
    if cues.compared:  # a gap in points against the rate its comparison names (比经济增速高: GDP's growth)
        for i in compared_rates(ledger, cues.compared):
            if i not in taken:
                related.append(i)
                taken.add(i)
    lines = {figs[i].line for i in related}
    # a total (合计, 总和, total) adds up a block of lines: the lines around a related figure's are its parts
    near_lines = sorted({n for line in lines for n in range(line - 3, line + 4)}) if cues.total else sorted(lines)
    companions = [i for line in near_lines for i in ledger.by_line.get(line, ())[:DERIVE_OPERANDS] if i not in taken]
    related += companions[:2 * DERIVE_OPERANDS if cues.total else DERIVE_OPERANDS]
    if not related:
        return None
    if strict and not (cues.total or cues.ratio or (cues.share and d.kind == "percent") or d.direction or cues.diff or cues.complement or cues.start_value or cues.prior or cues.per
                       or cues.yearly or (cues.partitive and cues.threshold is not None)):
        return None
    # a note figure given as "about 86%" is an operand too (the notes' own precision); 突破233万 ("over")
    # only for a draft figure that is itself approximate; ranges are not
    kinds = (None, "about", "nearly") if d.approx is None and not cues.qualified else (
        None, "about", "nearly", "over", "under")
    # a table's amounts in thousands, read in millions when the draft states millions ($48.2 million)
    rel = [ledger.scaled.get(i, figs[i]) if d.scale > 1 else figs[i]
           for i in related if not figs[i].is_range and figs[i].approx in kinds]
    anchored = frozenset(id(f) for i in cues.anchors for f in (figs[i], ledger.scaled.get(i)) if f is not None)
    whole_lines = frozenset(figs[i].line for i in cues.whole_anchors) if cues.whole_anchors else None
    contrary = frozenset(figs[i].line for i in cues.anchors if contrary_side(ledger.text, figs[i], cues.threshold))
    named = _fully_named(d, ledger, cues) if cues.total else ()
    ties = Ties(anchored, cues.tokens | d.tokens, frozenset(id(m) for m in must_include), whole_lines, contrary,
                cues.sentence_tokens | d.tokens, named, base_year=base_year(draft_sentence(ledger.draft_text, d)),
                anchor_lines=frozenset(figs[i].line for i in cues.anchors),
                subject_units=_subject_units(d, ledger))
    for found in _formulas(d, rel, cues, ties, ledger.text):
        ops = found[1]
        # the draft sentence states a note figure of the operands' unit: the computation is of it
        stated = [i for i in cues.anchors if any(compatible(figs[i], op) for op in ops)]
        if stated and not any(id(op) in anchored for op in ops) and not named_parts(ops, [figs[i] for i in stated], cues):
            continue
        # the sentence states or names every part of its total (投资3800万元的…、729万元的…合计5269万元; 养老院和
        # 文体馆两个项目总投资1386万元): the computation is the sentence's own, whatever other line shares its word
        if must_include and cues.total and len(ops) >= 2 and all(
                id(op) in anchored or own_words(op, ties.sentence_words, must_include) for op in ops):
            return found
        if must_include and not any(
                any(op is m or (op.unit == m.unit and same_indicator(op, m)) for op in ops)
                # a share of a stated total (占…总和的62%) is computed from other units than the indicator's rate
                # … so is a share of another indicator's level (相当于地区生产总值的18.6%: 47.2亿元 / 253.7亿元)
                or ((cues.total or (cues.share and d.kind == "percent" and d.direction is None))
                    and all(op.unit != m.unit for op in ops))
                # a change worked out from the value of this indicator the sentence itself states (达到2.6万人次，比
                # 2025年增长5.7%: 2.6万 against 2.46万, whatever rate the notes give for 2025)
                or (d.kind == "percent" and id(ops[0]) in anchored and ops[0].kind != "percent"
                    and float(ops[0].value or 0) != 0 and same_indicator(ops[0], m)) for m in must_include):
            continue  # the notes' own figures for this indicator (in its unit) must be part of the computation
        return found
    return None


def _subject_units(d: Figure, ledger: Ledger) -> frozenset[str]:
    """The units of the note figures a level stated right before ``d`` matches, when nothing but comparison words
    stand between them (中央财政保障房资金1713亿元，比2010年减少一半以上: 亿元) — the level ``d`` changes; empty
    when ``d``'s clause names an indicator of its own (接待游客320万人次，旅游收入增长12%)."""
    prev = [g for g in sentence_figures(d, ledger) if g.end <= d.start and g.kind not in (
        "percent", "percentage_point", "multiple", "fraction") and g.unit and g.unit not in DURATION_UNITS]
    if not prev:
        return frozenset()
    g = prev[-1]
    between = ledger.draft_text[g.end:d.start]
    if len(between) > SUBJECT_GAP or context_tokens(_YEARS_RE.sub(" ", between)):
        return frozenset()
    units = frozenset(ledger.figs[i].unit for i in ledger.same_value(g)[:4] if compatible(g, ledger.figs[i]))
    return units


#: Characters between a level and the change of it its clause states, at most (，比2010年减少).
SUBJECT_GAP = 16
_YEARS_RE = re.compile(r"(?:19|20)\d\d\s*+年?|上年|去年|同期|\b(?:from|than|over|on|vs\.?|last|year)\b", re.I)


def _formulas(d: Figure, rel: list[Figure], cues: Cues, ties: Ties, notes: str) -> Iterator[Found]:
    """Every formula over ``rel`` that gives ``d`` (lazily, the most direct kinds first)."""

    def tied(a: Figure, b: Figure) -> bool:
        return may_combine(a, b, ties)

    sign = -1.0 if d.direction == "down" else 1.0
    subject = ties.subject_units
    if d.kind == "percent":
        levels = [f for f in rel if f.kind not in ("percent", "percentage_point", "multiple", "fraction")]
        for a, b in combinations(levels, 2):
            if not same_unit(a, b):
                continue
            same = tied(a, b)
            # a growth is of one indicator at two times, or of two the sentence names (9 percent more than the
            # enacted level); never a part against its whole (占…的一半)
            growth = (same_indicator(a, b) or (cues.diff and named_pair(a, b, ties.words))) and not (
                cues.part_of and d.direction is None)
            for x, y in ((a, b), (b, a)):
                fx, fy = float(x.value or 0), float(y.value or 0)
                if fy == 0:
                    continue
                if d.direction is not None and later(notes, y, x):
                    continue  # a change runs from the earlier year's value to the later one's, never back
                # the draft states the base as its level ("was 16.67 billion, 18.8% higher than in 2014"): no growth
                base_as_level = id(y) in ties.anchored and id(x) not in ties.anchored and not cues.start_value
                g = (fx - fy) / fy * 100
                # 半数以上 / a third without a direction word is a part, not a decline
                decline_ok = d.direction is not None or g >= 0 or any(ch.isdigit() for ch in d.text)
                if d.direction is None and g < 0:
                    g = -g
                # a change of the level its clause states (资金1713亿元，比2010年减少…) is of that level's unit
                of_subject = not subject or d.direction is None or x.unit in subject
                if growth and decline_ok and of_subject and not base_as_level and holds(sign * g if d.direction else g, d) and (
                        from_base(notes, ties.base_year, x, y)):
                    yield f"({x.text} − {y.text}) / {y.text} = {g:.4g}% ≈ {d.text}", [x, y]
                share = fx / fy * 100
                # a share needs a share word (占, made up … of) or two figures of one topic, never a change (上涨3.0%)
                # the whole the draft names with a note figure ("of the receipts of $100 or more") is on its line
                whole_ok = ties.whole_lines is None or y.line in ties.whole_lines
                if (fx < fy or cues.of_plan) and whole_ok and (stated_part(x, levels, ties) or y.line in ties.anchor_lines) and (
                        cues.share or cues.of_plan or (same and d.direction is None)) and holds(share, d):
                    yield f"{x.text} / {y.text} = {share:.4g}% ≈ {d.text}", [x, y]
                if cues.yearly and growth and fx > 0 and fy > 0:
                    for n in year_counts(cues, notes, x, y):
                        rate = (math.pow(fx / fy, 1 / n) - 1) * 100
                        if holds(abs(rate) if d.direction is None else sign * rate, d):
                            yield f"({x.text} / {y.text})^(1/{n}) − 1 = {rate:.4g}% ≈ {d.text}", [x, y]
        yield from _growth_from_change(d, levels, sign)
        if cues.share and ties.contrary_lines:  # a share of a whole less the part on a threshold's other side
            yield from share_of_remainder(d, levels, ties)
        if cues.start_value:  # 由上年的98.4%提高到99.2%: a rate less its change in percentage points
            for p in rel:
                if p.kind != "percent" or p.unit != "%":
                    continue
                for q in rel:
                    if q.kind == "percentage_point" and q.direction is not None and same_indicator(p, q):
                        v = float(p.value or 0) + (-1 if q.direction == "up" else 1) * float(q.value or 0)
                        if holds(v, d):
                            yield f"{p.text} ∓ {q.text} = {v:.4g}% ≈ {d.text}", [p, q]
        if cues.complement:  # the other 53 percent: 100% − 47%
            for p in rel:
                if p.kind == "percent" and p.unit == "%" and 0 < float(p.value or 0) < 100 and holds(
                        100 - float(p.value or 0), d):
                    yield f"100% − {p.text} = {100 - float(p.value or 0):.4g}% ≈ {d.text}", [p]
        if cues.average:  # 三年平均增长8.4%: the mean of the yearly rates
            yield from _mean(d, rel, cues)
        if cues.total:  # 占三次产业增加值总和的62%: a share of the sum of several lines' figures
            yield from share_of_sum(d, rel, ties=ties)
        elif cues.part_of:  # "accounted for almost 90 percent": a part of the parts listed together
            # (or on lines next to each other, each part named by the sentence: "Treasury securities made up about
            # two-thirds of its cash and short-term investments")
            yield from share_of_sum(d, rel, max_lines=1, named=cues.sentence_tokens, ties=ties)
        if cues.share or cues.part_of:  # "grants made up about 34% of the budget": parts of one line over its whole
            yield from parts_of_whole(d, rel, ties)
        return
    if d.kind == "percentage_point":
        for a, b in combinations(rel, 2):
            if a.kind != "percent" or b.kind != "percent":
                continue
            diff = abs(float(a.value or 0) - float(b.value or 0))
            if d.direction is not None and (later(notes, a, b) or later(notes, b, a)):
                end, start = (a, b) if later(notes, a, b) else (b, a)
                if (float(end.value or 0) > float(start.value or 0)) != (d.direction == "up"):
                    continue  # 由41.2%提高到43.5% is no 下降2.3个百分点
            if cues.compared_side is not None and not compared_gap(a, b, cues, ties):
                continue
            if (same_indicator(a, b) or (cues.diff and tied(a, b))) and holds(diff, d):
                yield f"{a.text} − {b.text} = {diff:.4g} pp ≈ {d.text}", [a, b]
        return
    if d.kind == "multiple":
        pool = [f for f in rel if f.kind in COUNTABLE]
        for a, b in combinations(pool, 2):
            if not compatible(a, b) or not tied(a, b):
                continue
            for x, y in ((a, b), (b, a)):
                fx, fy = float(x.value or 0), float(y.value or 0)
                if fy == 0 or fx <= fy:
                    continue
                ratio = fx / fy
                # 增长1.6倍 is a ratio of 2.6, 是…的2.6倍 a ratio of 2.6 (a bare 2.6倍 either)
                if cues.form != "growth" and multiple_ok(ratio, d):
                    yield f"{x.text} / {y.text} = {ratio:.4g} ≈ {d.text}", [x, y]
                elif (cues.form != "ratio" and "翻" not in d.text and not d.text[:1].isalpha()
                      and holds(ratio - 1, d)):
                    yield f"{x.text} / {y.text} − 1 = {ratio - 1:.4g} ≈ {d.text}", [x, y]
        if cues.form == "growth":
            return  # 提高1.86倍 against 提高86%: the growth form is compared as its percent twin
        for p in rel:  # 204% of revenues is about twice them; up 105% is doubled
            if p.kind != "percent" or p.unit != "%" or p.direction == "down":
                continue
            ratio = float(p.value or 0) / 100 + (1 if p.direction == "up" else 0)
            if ratio > 1 and multiple_ok(ratio, d):
                yield f"{p.text} = {ratio:.3g} × ≈ {d.text}", [p]
        return
    if cues.ratio:
        yield from _ratio(d, rel, ties)
    if d.direction is not None:
        yield from _change_from_rate(d, rel)
    yield from _amounts(d, rel, cues, ties, notes)


#: A ratio stated with fewer significant digits than this (比为3) is too coarse to be told from chance.
RATIO_DIGITS = 2


def _growth_from_change(d: Figure, levels: list[Figure], sign: float) -> Iterator[Found]:
    """A growth rate worked out from a level and its change on the same line (到位资金12.4亿元，比上年多了1.9亿元
    → 增长18.1%): the change over the level less the change."""
    for x in levels:
        if x.direction is not None or not x.value:
            continue
        for y in levels:
            if y is x or y.direction is None or y.line != x.line or y.start < x.end or not same_unit(x, y):
                continue
            fx, fy = float(x.value), float(y.value or 0)
            base = fx - fy if y.direction == "up" else fx + fy
            if base <= 0 or fy <= 0:
                continue
            g = fy / base * 100 * (1 if y.direction == "up" else -1)
            if (d.direction is None or d.direction == y.direction) and holds(sign * g if d.direction else abs(g), d):
                yield f"{y.text} / ({x.text} ∓ {y.text}) = {g:.4g}% ≈ {d.text}", [x, y]


def _change_from_rate(d: Figure, rel: list[Figure]) -> Iterator[Found]:
    """The change of a level worked out from the level and its growth rate on the same line (税收收入3.62亿元，
    同比增长4.8% → 较上年增加约0.17亿元): level × rate / (1 + rate), in the rate's direction."""
    for x in rel:
        if x.direction is not None or not x.value or x.kind in ("percent", "percentage_point", "multiple", "fraction"):
            continue
        if not same_unit(x, d):
            continue
        for p in rel:
            if p.kind != "percent" or p.unit != "%" or p.direction != d.direction or p.line != x.line:
                continue
            r = float(p.value or 0) / 100 * (1 if p.direction == "up" else -1)
            if r <= -1:
                continue
            change = abs(float(x.value) * r / (1 + r))
            if holds(change, d):
                yield f"{x.text} × {p.text} / (1 ± {p.text}) = {change:.4g} ≈ {d.text}", [x, p]


def _ratio(d: Figure, rel: list[Figure], ties: Ties) -> Iterator[Found]:
    """``d`` (a plain number after 比 / ratio) is the ratio of two values of one unit listed together or each
    named by the sentence (城镇41,260元、农村18,930元: 城乡收入比2.18)."""
    if len(d.text.replace(".", "").lstrip("0")) < RATIO_DIGITS:
        return
    levels = [f for f in rel if f.kind not in ("percent", "percentage_point", "multiple", "fraction", "number")]
    for a, b in combinations(levels, 2):
        if not same_unit(a, b) or not (a.line == b.line or named_pair(a, b, ties.sentence_words)):
            continue
        for x, y in ((a, b), (b, a)):
            fy = float(y.value or 0)
            if fy and holds(float(x.value or 0) / fy, d):
                yield f"{x.text} / {y.text} = {float(x.value or 0) / fy:.4g} ≈ {d.text}", [x, y]


def _amounts(d: Figure, rel: list[Figure], cues: Cues, ties: Ties, notes: str) -> Iterator[Found]:
    """Sums (合计, total), differences (增加, above, 其余, 由X增加到), values per unit or per year."""
    # (a bare amount at a scale, "1.62 trillion" in a sentence of yuan, is of the unit its operands state)
    bare_amount = d.unit == "" and d.kind == "number" and d.scale > 1
    pool = [f for f in rel if compatible(d, f) and (f.kind == d.kind or f.unit == "" or bare_amount)
            and word_operand_ok(d, f)]
    # a direction word alone (新增, grew) changes one indicator; a comparison word (above, 其余, "Of the 152")
    # may tie two the sentence names or states; a start value (由…的X增加到) is a level less its change
    explicit = cues.diff or cues.complement
    for a, b in combinations(pool, 2):
        if not (same_noun(a, b) or plus_joined(notes, a, b) or labelled_list(notes, a, b)) or not one_kind_of_amount(a, b):
            continue  # 240 permits and 15 inspectors add up to nothing, nor do a storage capacity and an output
        fa, fb = float(a.value or 0), float(b.value or 0)
        hi, lo = (a, b) if fa >= fb else (b, a)
        # an earlier level: a level less its stated change (30788 − 增加13480; 1.3万亿元，比上年增加3000亿元 → 上年的1万亿元;
        # "2.18 trillion (up 560 billion)" → "last year's 1.62 trillion")
        start = (cues.start_value or cues.prior) and change_of(notes, lo) is not None and hi.direction is None
        if min(abs(fa), abs(fb)) < float(d.resolution) and not start:
            continue  # a term below the draft's last stated digit changes nothing it states (1.4 trillion − 13 million)
        # a total adds up parts of one indicator, parts the sentence names or parts listed together (cash
        # $4.6 billion, Treasury securities $9.5 billion on the next line): 6294亿元 (health spending) and
        # 近3000亿元 (rural infrastructure, 30 lines away) make no 9294亿元 of health spending
        # and the indicator's own value is no part of its own total unless with another value of it (two years)
        # … or the sentence names each part by words of its own (城镇新增就业和农村劳动力转移就业两项合计)
        own_part = (id(a) in ties.own or id(b) in ties.own) and not same_indicator(a, b) and not named_pair(
            a, b, ties.words)
        if cues.total and not own_part and not part_and_whole(a, b) and (may_combine(a, b, ties) or abs(a.line - b.line) <= SUM_BLOCK_LINES) and holds(
                fa + fb, d) and not outnamed((a, b), ties):
            yield f"{a.text} + {b.text} = {fmt(Decimal(str(fa + fb)))} ≈ {d.text}", [a, b]
        hi, lo = (a, b) if fa >= fb else (b, a)
        # a remainder of a whole the draft sentence states: "Of the 152 agencies, 103 reported" (152 − 49)
        # … unless the draft names other parts of that whole (其中城建类和民生类共84个 is no 105 − 21)
        # (or on a line of its own, across the threshold the draft states: 14 receipts, 1 under $100 → 13 of $100
        # or more)
        whole_stated = cues.partitive and id(hi) in ties.anchored and (
            hi.line == lo.line or lo.line in ties.contrary_lines) and not any(
            f.line == hi.line and f is not hi and f is not lo and (f.tokens - hi.tokens) & ties.words for f in rel)
        # a change keeps the direction of its operands: 2150万元 (2014) → 1230万元 (2016) is no 增加920万元
        if d.direction is not None and (later(notes, lo, hi) if d.direction == "up" else later(notes, hi, lo)):
            continue
        if start and change_of(notes, lo) == "down" and d.direction is None:
            # an earlier level is the level plus its fall (3.2亿元，比上年减少0.4亿元 → 上年为3.6亿元), never less it
            if same_indicator(a, b) and holds(fa + fb, d) and from_base(notes, ties.base_year, a, b):
                yield f"{hi.text} + {lo.text} = {fmt(Decimal(str(fa + fb)))} ≈ {d.text}", [hi, lo]
            continue
        if (((d.direction is not None or explicit or start) and same_indicator(a, b)) or (
                (explicit or whole_stated) and may_combine(a, b, ties))) and holds(abs(fa - fb), d) and from_base(
                notes, ties.base_year, a, b):
            yield f"{hi.text} − {lo.text} = {fmt(Decimal(str(abs(fa - fb))))} ≈ {d.text}", [hi, lo]
    by_line: dict[int, list[Figure]] = {}
    for f in pool:
        by_line.setdefault(f.line, []).append(f)
    for group in by_line.values():
        if len(group) >= 3 and cues.total and not beside_plus(notes, group):
            total = sum(float(f.value or 0) for f in group)
            if holds(total, d):
                yield " + ".join(f.text for f in group) + f" ≈ {d.text}", group
    if cues.total:  # 三次产业增加值合计: the figures of several lines added up
        for k in range(3, min(SUM_TERMS, len(pool)) + 1):
            for group_t in combinations(pool[:DERIVE_OPERANDS], k):
                if holds(sum(float(f.value or 0) for f in group_t), d) and not outnamed(group_t, ties) and not beside_plus(
                        notes, group_t):
                    yield " + ".join(f.text for f in group_t) + f" ≈ {d.text}", list(group_t)
    if cues.average:
        yield from _mean(d, pool, cues)
    if d.direction is None:
        yield from part_from_share(d, pool, rel, ties)
    if cues.per or cues.yearly:
        yield from _per_unit(d, pool, rel, cues, ties, notes)


def _per_unit(d: Figure, pool: list[Figure], rel: list[Figure], cues: Cues, ties: Ties,
              notes: str) -> Iterator[Found]:
    """A value per unit (186 billion across 64 programs: 2.9 billion per program) or per year (五年累计196亿元:
    年均39.2亿元)."""
    counts = [n for n in rel if n.kind in ("count", "number") and float(n.value or 0) >= 2]
    for x in pool:
        fx = float(x.value or 0)
        if cues.per_base:  # 0.2 traffic deaths per 1,000 residents: 50 / 250,000 × 1,000; 每万人拥有医师32人
            for n in counts:
                if n is x or not (n.tokens & set(POPULATION_TOKENS) or n.line == x.line or may_combine(x, n, ties)):
                    continue
                v = fx / float(n.value or 1) * cues.per_base
                if float(n.value or 0) > cues.per_base and holds(v, d):
                    yield f"{x.text} / {n.text} × {cues.per_base:,} = {fmt(Decimal(str(round(v, 6))))} ≈ {d.text}", [x, n]
        if cues.per:
            for n in counts:
                population = cues.per_head and bool(n.tokens & set(POPULATION_TOKENS))
                if n is x or (n.unit == x.unit and n.kind == x.kind) or not (
                        n.line == x.line or population or may_combine(x, n, ties)):
                    continue
                v = fx / float(n.value or 1)
                if holds(v, d):
                    yield f"{x.text} / {n.text} = {fmt(Decimal(str(round(v, 6))))} ≈ {d.text}", [x, n]
        if cues.yearly:
            for years in per_year_counts(cues, notes, x):
                v = fx / years
                if holds(v, d):
                    yield f"{x.text} / {years} = {fmt(Decimal(str(round(v, 6))))} ≈ {d.text}", [x]


def _mean(d: Figure, rel: list[Figure], cues: Cues) -> Iterator[Found]:
    """``d`` is the mean of two to four values of one indicator listed on one line (three years' output,
    not rates of growth), of as many as the sentence says (三年平均, over the three years)."""
    if d.direction is not None:
        return  # 平均每年增长11.9% is a yearly rate (compounded), never the mean of two rates
    pool = [f for f in rel if f.unit == d.unit and f.kind == d.kind and f.direction is None][:DERIVE_OPERANDS]
    for k in range(2, min(SUM_TERMS, len(pool)) + 1):
        if cues.spans and k not in cues.spans and k - 1 not in cues.spans:  # 三年 or 2021—2023年
            continue
        for group in combinations(pool, k):
            if any(g.line != group[0].line for g in group) or not all(
                    same_indicator(a, b) for a, b in combinations(group, 2)):
                continue  # the values listed together, on one line
            mean = sum(float(g.value or 0) for g in group) / k
            if holds(mean, d):
                yield "(" + " + ".join(g.text for g in group) + f") / {k} = {mean:.4g} ≈ {d.text}", list(group)
