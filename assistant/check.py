"""The figure ledger: every figure of a draft traced to the notes, or flagged.

:func:`check_draft` extracts the figures of the notes (the *ledger*) and of the draft with
:mod:`assistant.figures`, and gives each draft figure one status:

``verified``        same value and unit (after scaling), context compatible; linked to its note span
``derived``         computed from note figures (growth rate, sum, difference, share, 倍, 翻番); the
                    formula is in ``reason`` and the arithmetic holds at the draft's stated precision
``approximate``     the draft rounds a note figure consistently (4187万元 → 约4200万元, 超过4100万元)
``mismatch``        a note figure for the same indicator has another value (both named), or the value
                    is right but the draft misstates what it is the value of: another period (上年's
                    value as this year's, 1—6月 as the whole year, a five-year total as one year's) or a
                    target / forecast stated as achieved (``FigureCheck.meaning`` says which)
``misattributed``   the value is in the notes, but for a different indicator (or the other place of
                    a 分别 / respectively list)
``wrong_direction`` the value matches but 增长/下降 (up/down) is flipped
``unsupported``     nothing in the notes supports it (a leak from an example report is named)
``ignored``         not a figure (year, date, heading marker, fixed phrase such as 十四五)

Meanings: a note figure's role and period come from the fact table (:func:`assistant.facts.build_facts`:
header lines such as ``明年目标和安排：`` and continuation bullets) and from the words of its sentence;
a draft figure's from its sentence, the ``：`` headers and section titles above it, and the top-level
part it sits in (…工作回顾 → achieved, …工作安排 → planned), read by :mod:`assistant.meaning_doc`; the comparison is
:mod:`assistant.check_meaning`.

Work is linear: note figures are indexed by value, unit, line and indicator token
(:mod:`assistant.check_ledger`), every reader looks at a bounded window around a figure.

Note figures that no draft figure uses are listed in ``CheckResult.omitted`` (information only).

Modules: the results are :mod:`assistant.check_types`, the notes read once per notes text
:mod:`assistant.check_notes`, the index and the arithmetic :mod:`assistant.check_ledger`, the meaning rules :mod:`assistant.check_meaning`, the reasons
:mod:`assistant.check_reasons`, markers / repair instructions / spans :mod:`assistant.check_report`
(all re-exported here).

Markers: :func:`mark_unverified` replaces each blocking figure by ``【待核实：3000台】`` (Chinese) or
``[to verify: 3,000 units]`` (English), the original figure text kept inside; :data:`MARKER_RE`
parses both forms back (group ``figure``).
"""

from __future__ import annotations

import copy
import heapq
import logging
import re
from collections.abc import Sequence
from dataclasses import replace

from assistant.check_derive import (
    derive,
    own_derivation,
    qualified_rounding,
    quoted_line_rival,
    stated_line_rounding,
)
from assistant.check_derive_parts import parts_count_check
from assistant.check_derive_ranges import range_check
from assistant.check_indicator_en import own_words_fit, respective_fits, spells_own_acronym
from assistant.check_indicator_pair import marked_rounding_of
from assistant.check_indicator_rank import rank_check
from assistant.check_indicator_series import list_names_own
from assistant.check_indicator_shared import denominator_only, names_own_part
from assistant.check_ledger import (
    PERCENT_UNITS,
    POOL_SIZE,
    Ledger,
    change_not_level,
    compatible,
    dir_bonus,
    rounding_ok,
    same_range,
    target_beside_result,
)
from assistant.check_meaning import disagreement, doc_year, meaning_check, other_meaning
from assistant.check_meaning_change import stated_change_conflicts
from assistant.check_meaning_spans import other_period_rival
from assistant.check_notes import notes_side
from assistant.check_reasons import (
    approx_reason,
    direction_reason,
    ignored_reason,
    misattributed_reason,
    mismatch_reason,
    quoted,
    verified_reason,
)
from assistant.check_report import (
    blocking_figures,
    find_markers,
    format_summary,
    highlight_spans,
    mark_unverified,
    marker,
    repair_instructions,
)
from assistant.check_types import (
    BLOCKING,
    MARKER_RE,
    STATUS_ZH,
    STATUSES,
    CheckResult,
    ExampleText,
    FigureCheck,
    Lang,
    Status,
)
from assistant.facts import FactTable
from assistant.figures import Figure, equivalents, extract_figures, multiple_form, noun_tokens
from assistant.lang import detect_language
from assistant.meaning import UNKNOWN, Meaning, Part
from assistant.meaning_doc import part_of, read_meanings, summary_heading_year
from assistant.note_rows import period_row, row_period_check
from assistant.note_units import apply_declared_units, declares
from assistant.notes import parse_notes, report_part
from assistant.sections import parse_draft

__all__ = [
    "BLOCKING", "MARKER_RE", "STATUSES", "STATUS_ZH", "CheckResult", "ExampleText", "FigureCheck", "Lang", "Status",
    "blocking_figures", "check_draft", "detect_language", "find_markers", "format_summary", "highlight_spans",
    "mark_unverified", "marker", "repair_instructions",
]

log = logging.getLogger(__name__)

# Thresholds of context similarity (0..1), tuned on benchmarks/checker.py.
STRONG_INDICATOR = 0.7  # so similar that another value is a mismatch even if arithmetic could explain it
SAME_INDICATOR = 0.45  # a note figure this similar is "the same indicator" (mismatch)
MISATTRIBUTION_MARGIN = 0.3  # another indicator fits this much better than the value's own
WEAK_CONTEXT = 0.15  # below this a verified figure's reason asks the reader to check the indicator


# --------------------------------------------------------------------------------------------
_WHOLE_YEAR = re.compile(r"全年|全年度|年度|\bfull[- ]year\b|\bfor the (?:whole )?year\b|\bannual\b|\bthe year as a whole\b",
                         re.I)


def _in_report_part(m: Meaning, text: str, pos: int, year: int | None, months: tuple[int, int]) -> Meaning:
    """A section of a part-year report (上半年工作总结, 一季度…) speaks of that part: a figure whose clause
    names no period of its own is the part's, as the notes' figures are; 全年 / the full year stays a year."""
    p = m.period
    if m.role not in (None, "achieved", "baseline") or p.months or p.quarter or p.half or p.cumulative or p.span:
        return m
    if p.year is not None and year is not None and p.year != year:
        return m
    lo = max(text.rfind(c, 0, pos) for c in "。；;！？!?\n")
    if _WHOLE_YEAR.search(text[lo + 1:pos + 12]):
        return m
    return replace(m, period=replace(p, months=months))


def check_draft(
    notes_text: str,
    draft_text: str,
    *,
    examples: Sequence[ExampleText] = (),
    language: Lang | None = None,
    part: Part | None = None,
    facts: FactTable | None = None,
) -> CheckResult:
    """Check every figure of ``draft_text`` against the figures of ``notes_text``.

    ``examples`` are the retrieved example passages shown to the model; an unsupported figure
    found in one of them is reported as a leak from that example. ``language`` sets the language
    of the reasons (default: the draft's). ``part`` says which part of a report ``draft_text`` is
    when it is one section's text ("summary", "plan", "problems"); for a whole draft the parts are
    read from its top-level headings (一、…工作回顾 / 二、…工作安排).

    A figure whose value is in the notes is still blocked when it misstates what the value is of:
    another period (上年's value as this year's, a 1—6月 value for the whole year, a five-year total
    as one year's), a target or forecast stated as achieved, the other place of a 分别 list, the
    opposite direction, or another noun (6个乡镇 for 6个重点项目).

    ``facts`` is the notes' fact table with the user's corrections (a role or period corrected in the
    figures tab); by default it is built from ``notes_text``.
    """
    lang: Lang = language or detect_language(draft_text or notes_text)
    cached_figs, cached_meanings, n_year, cached_ledger = notes_side(notes_text, facts)
    note_figs, note_meanings = list(cached_figs), list(cached_meanings)
    ledger = copy.copy(cached_ledger)  # its indexes shared; draft_text and year are this check's own
    ledger.draft_text = draft_text
    ledger.draft_memo = {}  # this check's own memo of draft readers (the notes-only memo stays shared)
    ledger.year = n_year if n_year is not None else doc_year(note_meanings, notes_text)
    ledger.own_year = n_year
    raw_figs = extract_figures(draft_text)
    draft_figs = apply_declared_units(draft_text, raw_figs)  # a table's 单位：万元, read as in the notes
    as_written = {d.start: r for d, r in zip(draft_figs, raw_figs, strict=True) if d is not r}
    live = [f for f in draft_figs if not f.ignored and f.value is not None]
    parts, headings = _draft_parts(draft_text)
    if part is not None:
        parts = None
    d_meanings = dict(zip((f.start for f in live),
                          read_meanings(draft_text, live, language=lang, year_hint=ledger.year, part=part,
                                        parts=parts, headings=headings),
                          strict=True))
    report_months = (report_part(parse_notes(notes_text)) if notes_text.strip() and (part is not None or not parts)
                     else None)
    if report_months is not None:
        d_meanings = {k: _in_report_part(m, draft_text, k, ledger.year, report_months) for k, m in d_meanings.items()}
    d_year = ledger.year if ledger.year is not None else doc_year(list(d_meanings.values()), draft_text)
    if n_year is None:  # notes without a year of their own: the draft's review heading says which year it reports
        d_year = summary_heading_year(parts, draft_text) or d_year
    ledger.draft_meanings, ledger.draft_year = d_meanings, d_year
    ledger.draft_figs = live
    example_figs: list[tuple[str, list[Figure]]] = [
        (ex.title, [f for f in extract_figures(ex.text) if not f.ignored]) for ex in examples
    ]
    results: list[FigureCheck] = []
    used: set[int] = set()
    for d in draft_figs:
        fc = _check_one(d, ledger, example_figs, lang, used, draft_text)
        if fc.status in ("unsupported", "mismatch"):
            for twin in equivalents(draft_text, d, exact=False):  # 增长0.8倍 against 增长80%, 三分之一 against 33.3%
                alt = _check_one(twin, ledger, example_figs, lang, used, draft_text)
                if alt.status in ("verified", "approximate", "derived"):
                    fc = replace(alt, figure=d)
                    break
        if fc.blocking and d.start in as_written:  # the draft's own unit declaration, one the notes lack there
            alt = _check_one(as_written[d.start], ledger, example_figs, lang, used, draft_text)
            if alt.status in ("verified", "approximate") and alt.note is not None and not declares(notes_text, alt.note.line):
                fc = replace(alt, figure=d)
        if fc.status in ("verified", "approximate") and fc.note is not None:
            fc = meaning_check(fc, ledger, d_meanings.get(d.start, UNKNOWN), d_year, lang == "zh")
            fc = row_period_check(fc, ledger, d_meanings.get(d.start, UNKNOWN), d_year, lang == "zh")  # FY2026's as FY2027's
        results.append(fc)
    results = range_check(results, notes_text, ledger.figs, draft_text, lang == "zh")  # ends of two note ranges
    results = stated_change_conflicts(results, ledger, lang == "zh")  # sign8: 1713亿元，比2010年减少 against 为2010年的2.2倍
    results = parts_count_check(results, draft_text, lang == "zh")  # "the two provisions together … $5 billion"
    results = rank_check(results, notes_text, draft_text, lang == "zh")  # 排名第四位 against the notes' ranks
    omitted = [f for i, f in enumerate(note_figs) if i not in used]
    return CheckResult(
        notes_text=notes_text, draft_text=draft_text, figures=results, omitted=omitted,
        ledger=note_figs, language=lang,
    )


def _check_one(
    d: Figure,
    ledger: Ledger,
    example_figs: list[tuple[str, list[Figure]]],
    lang: Lang,
    used: set[int],
    draft_text: str,
) -> FigureCheck:
    zh = lang == "zh"
    if d.ignored or d.value is None:
        reason = d.ignore_reason or "not a figure"
        return FigureCheck(d, "ignored", ignored_reason(reason, zh))
    figs = ledger.figs
    sims = ledger.sims(d)
    best_exact = _best_exact(d, ledger, sims)
    # the best-fitting note figure of a compatible unit, whatever its value
    pool = heapq.nsmallest(
        POOL_SIZE, ((-s, i) for i, s in sims.items() if figs[i].unit == d.unit or compatible(d, figs[i]))
    )
    pool = [(-s, i) for s, i in pool]
    if best_exact is not None:
        best = best_exact
        s1 = sims.get(best, 0.0)
        paired = not zh and (respective_fits(ledger, d, figs[best])  # "…, respectively" names it as the notes do
                             or spells_own_acronym(ledger, d, figs[best]))  # Road Safety Grants for RSG $1.3B
        # 比上年增加5000亿元 is a change: not the level 发行特别国债5000亿元 when a change is better named
        change = next((j for s2, j in pool if figs[j].value != d.value and figs[j].direction == d.direction
                       and s2 >= max(SAME_INDICATOR, s1 + 0.1)), None) if d.direction and not figs[best].direction and not paired else None
        if change is not None:
            used.add(best)
            return FigureCheck(d, "misattributed", misattributed_reason(d, figs[best], figs[change], zh),
                               note=figs[change])
        for s2, j in pool:
            if (figs[j].value == d.value or _same_period_row(ledger, figs[best], figs[j])
                    or other_period_rival(ledger, d, best, j)):  # 2020年GDP for “十三五”末's, not 2025's
                continue  # another cell of the same period row is another period's value: row_period_check's
            if names_own_part(ledger, d, best, j) or denominator_only(ledger, d, j, zh):
                continue  # 中央财政赤字1.4万亿元 for 财政赤字2.18万亿元，其中中央1.4万亿元: the part its words name
            if _change_of_level(ledger, d, best, j) or target_beside_result(ledger, best, j):
                continue  # GDP 582亿元，较去年增加11亿元 / 72% housed (target 80%): one indicator, two values
            if (ledger.item_roles[best] == "target") != (ledger.item_roles[j] == "target"):
                continue  # next year's target (均增长8%) is no rival to this year's result (年均递增12.2%)
            listed = {t for t in d.tokens if t.startswith("#")}
            if s2 >= SAME_INDICATOR and not paired and not (not zh and own_words_fit(ledger, d, best, j)) \
                    and not list_names_own(ledger, d, best, zh, rival=j) and (
                s2 >= s1 + MISATTRIBUTION_MARGIN
                or (listed and listed <= figs[j].tokens and not listed <= figs[best].tokens and s2 > s1)
                or (s2 > s1 and _names_the_other(d, figs[best], figs[j], ledger))
                or (s2 >= s1 + 0.1 and ledger.wide_sim(d, draft_text, j) >= ledger.wide_sim(d, draft_text, best)
                    + MISATTRIBUTION_MARGIN)
            ):
                rounded_own = qualified_rounding(d, ledger, sims, best)  # 超过75亿元 for 劳务收入75.4亿元 (derive6)
                if rounded_own is not None:
                    used.add(rounded_own)
                    c = ledger.form(rounded_own, d)
                    return FigureCheck(d, "approximate", approx_reason(d, c, zh), note=c)
                worked = own_derivation(d, ledger, sims, j)  # a change worked out from the figure the sentence states
                if worked is not None:
                    return _derived_check(d, worked, figs, used, zh)
                c = figs[j]
                if marked_rounding_of(ledger, d, j):  # 超过75亿元 for its own 劳务收入75.4亿元 (list3, wave 12)
                    used.add(j)
                    return FigureCheck(d, "approximate", approx_reason(d, ledger.form(j, d), zh), note=ledger.form(j, d))
                used.add(best)
                return FigureCheck(d, "misattributed", misattributed_reason(d, figs[best], c, zh), note=c)
            break
        rival = quoted_line_rival(d, ledger, sims, best, SAME_INDICATOR)
        if rival is not None:  # the sentence quotes a line that gives this indicator another value
            return FigureCheck(d, "mismatch", mismatch_reason(d, figs[rival], zh), note=figs[rival])
        b = ledger.form(best, d)
        if d.direction and b.direction and d.direction != b.direction:
            used.add(best)
            return FigureCheck(d, "wrong_direction", direction_reason(d, b, zh), note=b)
        used.add(best)
        # a target or forecast written as an achievement is the meaning check's (one reader: the fact
        # table's stated role against the draft's, see _meaning_check)
        reason = verified_reason(d, b, zh)
        if s1 < WEAK_CONTEXT and d.tokens and b.tokens:
            reason += "（数值相同，但指标用词不同，请核对）" if zh else " (same value, but the indicator is worded differently: check)"
        return FigureCheck(d, "verified", reason, note=b)
    # the same indicator is in the notes with another value: a rounding of it, or a mismatch
    strong = pool[0][0] >= STRONG_INDICATOR if pool else False
    if strong and figs[pool[0][1]].value != d.value:
        # among equally fitting note figures of this indicator (a table row's cells), the one it rounds
        tied_ids = [i for sim, i in pool if sim >= pool[0][0] - 0.02]
        rounds = [i for i in tied_ids if same_range(d, ledger.form(i, d)) and rounding_ok(d, ledger.form(i, d))]
        rounded = min(rounds, key=lambda i: abs(float(ledger.form(i, d).value or 0) - float(d.value or 0))) \
            if rounds else pool[0][1]
        c = ledger.form(rounded, d)
        rival = quoted_line_rival(d, ledger, sims, rounded, SAME_INDICATOR)
        if rival is not None:  # a rounding of another line's value, the quoted line's says otherwise
            return FigureCheck(d, "mismatch", mismatch_reason(d, figs[rival], zh), note=figs[rival])
        if same_range(d, c) and rounding_ok(d, c):
            used.add(rounded)
            if d.direction and c.direction and d.direction != c.direction:
                return FigureCheck(d, "wrong_direction", direction_reason(d, c, zh), note=c)
            return FigureCheck(d, "approximate", approx_reason(d, c, zh), note=c)
        # a rounding of another note figure of this indicator (旅游接待525.6万人次 for "超过520万人次"
        # when the plan's "旅游接待人数突破600万人次" shares more words): the rounding is of its own fact
        own_round = _best_rounding(d, ledger, sims)
        if own_round is not None and own_round[0] >= SAME_INDICATOR and (
                other_meaning(d, ledger, pool[0][1], own_round[1])
                or change_not_level(d, figs[pool[0][1]], figs[own_round[1]])):
            c = figs[own_round[1]]
            used.add(own_round[1])
            if d.direction and c.direction and d.direction != c.direction:
                return FigureCheck(d, "wrong_direction", direction_reason(d, c, zh), note=c)
            return FigureCheck(d, "approximate", approx_reason(d, c, zh), note=c)
        # a total or a change of the very indicator is still derivable ("合计", "增加40,000")
        derived = derive(d, ledger, sims, strict=True, must_include=[figs[i] for i in tied_ids])
        if derived is not None:
            return _derived_check(d, derived, figs, used, zh)
        # name the note figure the draft most likely altered: among equally fitting ones, the nearest value
        tied = [figs[i] for sim, i in pool if sim >= pool[0][0] - 0.02 and figs[i].value is not None]
        if d.value is not None and tied:
            c = min(tied, key=lambda f: abs(float(f.value or 0) - float(d.value or 0)))
        return FigureCheck(d, "mismatch", mismatch_reason(d, c, zh), note=c)
    # rounding
    best_round = _best_rounding(d, ledger, sims)
    n_round = best_round[2] if best_round is not None else 0
    if best_round is not None and (
        best_round[0] >= 0.25 or (n_round == 1 and d.approx is not None and (not pool or pool[0][0] < 0.25))
    ):
        c = figs[best_round[1]]
        used.add(best_round[1])
        if d.direction and c.direction and d.direction != c.direction:
            return FigureCheck(d, "wrong_direction", direction_reason(d, c, zh), note=c)
        return FigureCheck(d, "approximate", approx_reason(d, c, zh), note=c)
    if best_round is not None and (own := stated_line_rounding(d, ledger)) is not None:
        c = ledger.form(own, d)
        used.add(own)
        if d.direction and c.direction and d.direction != c.direction:
            return FigureCheck(d, "wrong_direction", direction_reason(d, c, zh), note=c)
        return FigureCheck(d, "approximate", approx_reason(d, c, zh), note=c)
    # derived
    derived = derive(d, ledger, sims)
    if derived is not None:
        return _derived_check(d, derived, figs, used, zh)
    # same indicator, another value
    if pool and pool[0][0] >= SAME_INDICATOR:
        c = figs[pool[0][1]]
        return FigureCheck(d, "mismatch", mismatch_reason(d, c, zh), note=c)
    # the same number for the same indicator, but % where the notes say 个百分点 (or the reverse)
    if d.unit in PERCENT_UNITS:
        other = [
            (sims.get(i, 0.0), i) for u in PERCENT_UNITS - {d.unit} for i in ledger.by_value.get((d.value, u), ())
            if figs[i].unit == u
        ]
        if other:
            s_pp, i_pp = max(other, key=lambda t: (t[0], -t[1]))
            if s_pp >= SAME_INDICATOR:
                c = figs[i_pp]
                used.add(i_pp)
                unit_note = "（百分点与百分比不是同一单位）" if zh else " (percentage points and percent are not the same)"
                return FigureCheck(d, "mismatch", mismatch_reason(d, c, zh) + unit_note, note=c)
    # nothing: a leak from an example?
    for title, efigs in example_figs:
        for e in efigs:
            if e.value == d.value and compatible(d, e):
                reason = (
                    f"笔记中没有{quoted(d)}；它出现在范文《{title}》中（从范文照搬）"
                    if zh else f"not in the notes; leak from example ‘{title}’ (it states {e.text})"
                )
                return FigureCheck(d, "unsupported", reason)
    reason = f"笔记中没有支持{quoted(d)}的数字" if zh else f"nothing in the notes supports {d.text}"
    return FigureCheck(d, "unsupported", reason)


def _change_of_level(ledger: Ledger, d: Figure, best: int, j: int) -> bool:
    """Note figure ``best`` is the change (比上年增加11亿元, up 7.4%) of the level ``j`` of the same
    indicator (全区GDP 582亿元), and the draft states it as a change in the same direction: the draft's
    words for the indicator name both, so the level is no rival indicator. A change stated as a level
    (GDP达到11亿元) is still the level's rival."""
    figs = ledger.figs
    b, lvl = figs[best], figs[j]
    if d.direction is None or b.direction != d.direction or lvl.direction is not None:
        return False
    mb, mj = ledger.meanings[best], ledger.meanings[j]
    if mb.indicator and mb.indicator == mj.indicator:
        return True
    # the change follows its level on the line with no other figure between (582分，较去年提高11分)
    if lvl.line != b.line or lvl.start > b.start or mb.base is None:
        return False
    return not any(lvl.start < figs[k].start < b.start for k in ledger.by_line.get(b.line, ()))


def _same_period_row(ledger: Ledger, a: Figure, b: Figure) -> bool:
    """``a`` and ``b`` are cells of one note line that lists one indicator's values by period
    (FTE: FY2025 3,556; FY2026 3,353; FY2027 request 3,210): never each other's indicator."""
    if a.line != b.line:
        return False
    text = ledger.text
    end = text.find("\n", a.start)
    return period_row(text[text.rfind("\n", 0, a.start) + 1:end if end >= 0 else len(text)]) is not None


def _agrees(d: Figure, ledger: Ledger, note: Figure) -> bool:
    """The draft figure's meaning (period, role) agrees with note figure ``note``'s."""
    i = ledger.by_start.get(note.start)
    dm = ledger.draft_meanings.get(d.start, UNKNOWN)
    if i is None or dm is UNKNOWN:
        return False
    planned = ("target", "forecast")
    if (dm.role in planned) != (ledger.meanings[i].role in planned):
        return False  # a target against a result (or the reverse) is another statement, not the other name
    return disagreement(d, note, dm, ledger.meanings[i], "", zh=True, d_year=ledger.draft_year,
                        n_year=ledger.year) is None


def _names_the_other(d: Figure, own: Figure, other: Figure, ledger: Ledger | None = None) -> bool:
    """``own`` and ``other`` are figures of two parallel indicators — two places of one 分别 /
    respectively list (城镇…37820元、农村…28104元), or two names that differ in a word or two (第一产业
    增加值 / 第二产业增加值) — and the draft names the words only ``other`` has, none of those only ``own`` has."""
    listed = own.line == other.line and any(t.startswith("#") for t in own.tokens) and any(
        t.startswith("#") for t in other.tokens)
    own_only = {t for t in own.tokens - other.tokens if not t.startswith("#")}
    other_only = {t for t in other.tokens - own.tokens if not t.startswith("#")}
    if not listed:
        shared = len(own.tokens & other.tokens)
        parallel = (own.unit == other.unit and own.kind == other.kind and shared >= (2 if own_only else 1)
                    and len(own_only) <= 3 and len(other_only) <= 3 and shared >= len(own_only) + len(other_only))
        # (a name inside the other's: 财政总收入 / 地方财政总收入, when the draft names the longer one)
        if not parallel:
            return False
    if not own_only and not listed:
        # 地方财政总收入 against 财政总收入: the draft names all of the longer name the notes give another
        # value, and that value means what the draft says (not 1—6月's 区本级固投 for 全年固投's target)
        return bool(other_only) and other_only <= d.tokens and ledger is not None and _agrees(d, ledger, other)
    return bool(own_only and other_only and d.tokens & other_only and not d.tokens & own_only)


def _best_rounding(d: Figure, ledger: Ledger, sims: dict[int, float]) -> tuple[float, int, int] | None:
    """(similarity, index, how many) of the most similar note figure that ``d`` is a consistent rounding of."""
    best: tuple[float, int] | None = None
    n = 0
    for i in ledger.near(d):
        c = ledger.form(i, d)
        if compatible(d, c) and same_range(d, c) and rounding_ok(d, c):
            n += 1
            s = sims.get(i, 0.0)
            if best is None or s > best[0]:
                best = (s, i)
    return (best[0], best[1], n) if best is not None else None


#: Same-value note figures sharing no indicator word with a draft figure that are tried, at most.
EXACT_SCAN_CAP = 384


def _exact_ok(d: Figure, ledger: Ledger, i: int, dn: frozenset[str], d_form: str | None) -> bool:
    """Note figure ``i`` (of the value of ``d``) could be it: compatible unit, range and noun."""
    c = ledger.form(i, d)
    if c.value != d.value or not compatible(d, c) or not same_range(d, c):
        return False
    if dn and c.noun and not (dn & noun_tokens(c.noun)):
        return False  # 6个乡镇 is not 6个重点项目; 2,300 households are not 2,300 new jobs
    # 增长2.6倍 is not 是…的2.6倍
    return not (d_form and c is ledger.figs[i] and (n_form := multiple_form(ledger.text, c)) and n_form != d_form)


def _best_exact(d: Figure, ledger: Ledger, sims: dict[int, float]) -> int | None:
    """The note figure of the very value of ``d`` that fits it best (context similarity plus direction,
    then the earliest), or None. Figures sharing indicator words (``sims``, bounded by the ledger) are
    all weighed; of the others only the earliest with the best direction is needed, so the scan stops
    there (or after :data:`EXACT_SCAN_CAP`): 10,000 note lines of values 1—999 made scoring every
    same-value figure for every draft figure quadratic."""
    figs = ledger.figs
    dn = noun_tokens(d.noun) if d.noun else frozenset()
    d_form = multiple_form(ledger.draft_text, d)
    ids = ledger.same_value(d)

    def key(i: int) -> tuple[float, int]:
        return -(sims.get(i, 0.0) + dir_bonus(d, figs[i])), i

    same = set(ids)
    found = [i for i in sims if i in same and _exact_ok(d, ledger, i, dn, d_form)]
    top = 0.05 if d.direction else 0.0  # the best direction bonus there is
    for tried, i in enumerate(sorted(same - sims.keys())):
        if tried >= EXACT_SCAN_CAP:
            break
        if _exact_ok(d, ledger, i, dn, d_form):
            found.append(i)
            if dir_bonus(d, figs[i]) >= top:
                break  # later ones are later in the notes and can fit no better
    return min(found, key=key) if found else None


def _draft_parts(
    text: str,
) -> tuple[list[tuple[int, int, Part | None]] | None, list[tuple[int, int, str]]]:
    """The top-level parts of a whole draft as (start, end, kind) (None without headings), and the
    titles of all its sections as (start, end, title), outer sections first."""
    tree = parse_draft(text)
    if tree.headingless:
        kind = part_of(tree.title) if tree.title else None  # period8: a draft opened by "Plan for 2025" alone
        kind = kind if kind == "plan" and re.search(r"(?:19|20)\d\d", tree.title or "") else None
        return ([(0, len(text), kind)], [(0, len(text), tree.title or "")]) if kind is not None else (None, [])
    headings = [(sec.start, sec.span_end, sec.title) for sec in tree.walk()]
    return [(sec.start, sec.span_end, part_of(sec.title)) for sec in tree.sections], headings


def _derived_check(
    d: Figure, derived: tuple[str, list[Figure]], figs: list[Figure], used: set[int], zh: bool
) -> FigureCheck:
    formula, ops = derived
    ids = {id(op) for op in ops}
    used.update(i for i, f in enumerate(figs) if id(f) in ids)
    reason = ("推算：" if zh else "derived: ") + formula
    return FigureCheck(d, "derived", reason, note=ops[0], operands=tuple(ops))
