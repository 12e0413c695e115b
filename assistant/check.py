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

Markers: :func:`mark_unverified` replaces each blocking figure by ``【待核实：3000台】`` (Chinese) or
``[to verify: 3,000 units]`` (English), the original figure text kept inside; :data:`MARKER_RE`
parses both forms back (group ``figure``).
"""

from __future__ import annotations

import bisect
import heapq
import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Literal

from assistant.check_ledger import (
    PERCENT_UNITS,
    POOL_SIZE,
    Ledger,
    compatible,
    derive,
    dir_bonus,
    rounding_ok,
    same_range,
)
from assistant.check_meaning import disagreement, doc_year, kind_of_disagreement
from assistant.errors import AssistantError
from assistant.facts import Fact, FactTable, build_facts
from assistant.figures import Figure, context_tokens, equivalents, extract_figures, noun_tokens
from assistant.meaning import UNKNOWN, Meaning, Part, same_indicator, states_target
from assistant.meaning_doc import part_of, read_meanings
from assistant.notes import note_years, parse_notes
from assistant.sections import parse_draft

log = logging.getLogger(__name__)

Status = Literal[
    "verified", "derived", "approximate", "mismatch", "misattributed", "wrong_direction",
    "unsupported", "ignored",
]
STATUSES: tuple[Status, ...] = (
    "verified", "derived", "approximate", "mismatch", "misattributed", "wrong_direction",
    "unsupported", "ignored",
)
BLOCKING: frozenset[str] = frozenset({"mismatch", "misattributed", "wrong_direction", "unsupported"})
Lang = Literal["zh", "en"]

STATUS_ZH: dict[str, str] = {
    "verified": "已核实", "derived": "推算", "approximate": "近似", "mismatch": "数值不符",
    "misattributed": "张冠李戴", "wrong_direction": "方向相反", "unsupported": "无依据", "ignored": "非数据",
}

#: 【待核实：3000台】 or [to verify: 3,000 units]; the figure as the draft wrote it is group "figure".
MARKER_RE = re.compile(r"【待核实：(?P<figure>[^】]*)】|\[to verify: (?P<figure_en>[^\]]*)\]")

# Thresholds of context similarity (0..1), tuned on benchmarks/checker.py.
STRONG_INDICATOR = 0.7  # so similar that another value is a mismatch even if arithmetic could explain it
SAME_INDICATOR = 0.45  # a note figure this similar is "the same indicator" (mismatch)
MISATTRIBUTION_MARGIN = 0.3  # another indicator fits this much better than the value's own
WEAK_CONTEXT = 0.15  # below this a verified figure's reason asks the reader to check the indicator


@dataclass(frozen=True)
class ExampleText:
    """A retrieved example passage (for leak detection): the report title and its text."""

    title: str
    text: str


@dataclass(frozen=True)
class FigureCheck:
    """The status of one draft figure."""

    figure: Figure
    status: Status
    reason: str
    note: Figure | None = None  # the note figure it is linked to (or compared with)
    operands: tuple[Figure, ...] = ()  # note figures a derived value is computed from
    meaning: str = ""  # "period" / "role": the value is right, what it is the value of is not

    @property
    def blocking(self) -> bool:
        return self.status in BLOCKING


@dataclass
class CheckResult:
    notes_text: str
    draft_text: str
    figures: list[FigureCheck]
    omitted: list[Figure]
    ledger: list[Figure] = field(repr=False)
    language: Lang = "zh"

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(fc.status for fc in self.figures)
        return {s: counts[s] for s in STATUSES if counts[s]}

    @property
    def ok(self) -> bool:
        return not any(fc.blocking for fc in self.figures)

    def note_line(self, line: int) -> str:
        lines = self._note_lines()
        return lines[line - 1].strip() if 0 < line <= len(lines) else ""

    def _note_lines(self) -> list[str]:
        cached: list[str] | None = self.__dict__.get("_lines")
        if cached is None:
            cached = self.notes_text.split("\n")  # once: reasons for thousands of figures stay linear
            self.__dict__["_lines"] = cached
        return cached

    def to_json(self) -> dict[str, Any]:
        """The JSON-ready object of the CLI's ``--json`` (see issue 4 for the schema)."""
        figures: list[dict[str, Any]] = []
        for fc in self.figures:
            f = fc.figure
            note = None
            if fc.note is not None:
                note = {
                    "line": fc.note.line, "start": fc.note.start, "end": fc.note.end,
                    "text": self.note_line(fc.note.line),
                }
            figures.append(
                {
                    "text": f.text, "start": f.start, "end": f.end,
                    "value": float(f.value) if f.value is not None else None,
                    "unit": f.unit, "status": fc.status, "reason": fc.reason, "note": note,
                }
            )
        return {
            "ok": self.ok,
            "figures": figures,
            "omitted": [
                {"line": f.line, "text": self.note_line(f.line), "figure": f.text} for f in self.omitted
            ],
            "summary": self.summary,
        }


# --------------------------------------------------------------------------------------------
def detect_language(text: str) -> Lang:
    cjk = sum(1 for ch in text[:4000] if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in text[:4000] if ch.isascii() and ch.isalpha())
    return "zh" if cjk * 3 >= latin else "en"


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
    note_figs = [f for f in extract_figures(notes_text) if not f.ignored and f.value is not None]
    note_facts, n_year = _note_facts(notes_text, note_figs, facts)
    note_figs = [_with_head_tokens(f, x) for f, x in zip(note_figs, note_facts, strict=True)]
    note_meanings = [replace(x.meaning, role=x.stated_role) if x is not None else UNKNOWN for x in note_facts]
    ledger = Ledger(note_figs, notes_text, note_meanings)
    ledger.item_roles = [x.role if x is not None else None for x in note_facts]
    ledger.draft_text = draft_text
    ledger.year = n_year if n_year is not None else doc_year(note_meanings, notes_text)
    draft_figs = extract_figures(draft_text)
    live = [f for f in draft_figs if not f.ignored and f.value is not None]
    parts, headings = _draft_parts(draft_text)
    if part is not None:
        parts = None
    d_meanings = dict(zip((f.start for f in live),
                          read_meanings(draft_text, live, language=lang, year_hint=ledger.year, part=part,
                                        parts=parts, headings=headings),
                          strict=True))
    d_year = ledger.year if ledger.year is not None else doc_year(list(d_meanings.values()), draft_text)
    ledger.draft_meanings, ledger.draft_year = d_meanings, d_year
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
        if fc.status in ("verified", "approximate") and fc.note is not None:
            fc = _meaning_check(fc, ledger, d_meanings.get(d.start, UNKNOWN), d_year, lang == "zh")
        results.append(fc)
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
        return FigureCheck(d, "ignored", _ignored_reason(reason, zh))
    figs = ledger.figs
    sims = ledger.sims(d)
    exact = _exact(d, ledger)
    # the best-fitting note figure of a compatible unit, whatever its value
    pool = heapq.nsmallest(
        POOL_SIZE, ((-s, i) for i, s in sims.items() if compatible(d, figs[i]))
    )
    pool = [(-s, i) for s, i in pool]
    if exact:
        scored = sorted(exact, key=lambda i: (-(sims.get(i, 0.0) + dir_bonus(d, figs[i])), i))
        best = scored[0]
        s1 = sims.get(best, 0.0)
        for s2, j in pool:
            if figs[j].value == d.value:
                continue
            listed = {t for t in d.tokens if t.startswith("#")}
            if s2 >= SAME_INDICATOR and (
                s2 >= s1 + MISATTRIBUTION_MARGIN
                or (listed and listed <= figs[j].tokens and not listed <= figs[best].tokens and s2 > s1)
                or (s2 > s1 and _names_the_other(d, figs[best], figs[j]))
                or (s2 >= s1 + 0.1 and ledger.wide_sim(d, draft_text, j) >= ledger.wide_sim(d, draft_text, best)
                    + MISATTRIBUTION_MARGIN)
            ):
                c = figs[j]
                used.add(best)
                return FigureCheck(d, "misattributed", _misattributed_reason(d, figs[best], c, zh), note=c)
            break
        b = ledger.form(best, d)
        if d.direction and b.direction and d.direction != b.direction:
            used.add(best)
            return FigureCheck(d, "wrong_direction", _direction_reason(d, b, zh), note=b)
        used.add(best)
        # a target or forecast written as an achievement is the meaning check's (one reader: the fact
        # table's stated role against the draft's, see _meaning_check)
        reason = _verified_reason(d, b, zh)
        if s1 < WEAK_CONTEXT and d.tokens and b.tokens:
            reason += "（数值相同，但指标用词不同，请核对）" if zh else " (same value, but the indicator is worded differently: check)"
        return FigureCheck(d, "verified", reason, note=b)
    # the same indicator is in the notes with another value: a rounding of it, or a mismatch
    strong = pool[0][0] >= STRONG_INDICATOR if pool else False
    if strong and figs[pool[0][1]].value != d.value:
        c = figs[pool[0][1]]
        if same_range(d, c) and rounding_ok(d, c):
            used.add(pool[0][1])
            if d.direction and c.direction and d.direction != c.direction:
                return FigureCheck(d, "wrong_direction", _direction_reason(d, c, zh), note=c)
            return FigureCheck(d, "approximate", _approx_reason(d, c, zh), note=c)
        # a rounding of another note figure of this indicator (旅游接待525.6万人次 for "超过520万人次"
        # when the plan's "旅游接待人数突破600万人次" shares more words): the rounding is of its own fact
        own_round = _best_rounding(d, ledger, sims)
        if own_round is not None and own_round[0] >= SAME_INDICATOR and _other_meaning(d, ledger, pool[0][1],
                                                                                       own_round[1]):
            c = figs[own_round[1]]
            used.add(own_round[1])
            if d.direction and c.direction and d.direction != c.direction:
                return FigureCheck(d, "wrong_direction", _direction_reason(d, c, zh), note=c)
            return FigureCheck(d, "approximate", _approx_reason(d, c, zh), note=c)
        # a total or a change of the very indicator is still derivable ("合计", "增加40,000")
        derived = derive(d, ledger, sims, strict=True, must_include=c)
        if derived is not None:
            return _derived_check(d, derived, figs, used, zh)
        # name the note figure the draft most likely altered: among equally fitting ones, the nearest value
        tied = [figs[i] for sim, i in pool if sim >= pool[0][0] - 0.02 and figs[i].value is not None]
        if d.value is not None and tied:
            c = min(tied, key=lambda f: abs(float(f.value or 0) - float(d.value or 0)))
        return FigureCheck(d, "mismatch", _mismatch_reason(d, c, zh), note=c)
    # rounding
    best_round = _best_rounding(d, ledger, sims)
    n_round = best_round[2] if best_round is not None else 0
    if best_round is not None and (
        best_round[0] >= 0.25 or (n_round == 1 and d.approx is not None and (not pool or pool[0][0] < 0.25))
    ):
        c = figs[best_round[1]]
        used.add(best_round[1])
        if d.direction and c.direction and d.direction != c.direction:
            return FigureCheck(d, "wrong_direction", _direction_reason(d, c, zh), note=c)
        return FigureCheck(d, "approximate", _approx_reason(d, c, zh), note=c)
    # derived
    derived = derive(d, ledger, sims)
    if derived is not None:
        return _derived_check(d, derived, figs, used, zh)
    # same indicator, another value
    if pool and pool[0][0] >= SAME_INDICATOR:
        c = figs[pool[0][1]]
        return FigureCheck(d, "mismatch", _mismatch_reason(d, c, zh), note=c)
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
                return FigureCheck(d, "mismatch", _mismatch_reason(d, c, zh) + unit_note, note=c)
    # nothing: a leak from an example?
    for title, efigs in example_figs:
        for e in efigs:
            if e.value == d.value and compatible(d, e):
                reason = (
                    f"笔记中没有{_q(d)}；它出现在范文《{title}》中（从范文照搬）"
                    if zh else f"not in the notes; leak from example ‘{title}’ (it states {e.text})"
                )
                return FigureCheck(d, "unsupported", reason)
    reason = f"笔记中没有支持{_q(d)}的数字" if zh else f"nothing in the notes supports {d.text}"
    return FigureCheck(d, "unsupported", reason)


def _other_meaning(d: Figure, ledger: Ledger, strong: int, rounded: int) -> bool:
    """The note figure whose words fit ``d`` best (``strong``) means something else than the draft says
    (a plan's target for a review's result, another period), and the one ``d`` rounds (``rounded``) does not."""
    dm = ledger.draft_meanings.get(d.start, UNKNOWN)
    if dm is UNKNOWN:
        return False

    def differs(i: int) -> bool:
        return disagreement(d, ledger.figs[i], dm, ledger.meanings[i], "", zh=True, d_year=ledger.draft_year,
                            n_year=ledger.year) is not None

    return differs(strong) and not differs(rounded)


def _names_the_other(d: Figure, own: Figure, other: Figure) -> bool:
    """``own`` and ``other`` are two places of one 分别 / respectively list (城镇…37820元、农村…28104元),
    and the draft names the words only ``other`` has (城镇), none of those only ``own`` has (农村)."""
    if own.line != other.line or not any(t.startswith("#") for t in own.tokens) or not any(
            t.startswith("#") for t in other.tokens):
        return False
    own_only = {t for t in own.tokens - other.tokens if not t.startswith("#")}
    other_only = {t for t in other.tokens - own.tokens if not t.startswith("#")}
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


def _note_facts(
    notes_text: str, figs: list[Figure], table: FactTable | None,
) -> tuple[list[Fact | None], int | None]:
    """The fact of each note figure (one reader for the drafter, the checker and the page: header
    lines, continuation bullets and plan sections decide role and period), and the year the notes
    report on. A figure the table holds no fact for (inside a title line, a period expression) gets
    None (nothing to disagree with)."""
    if not figs:
        return [], None
    try:
        notes = parse_notes(notes_text)
        if table is None:
            table = build_facts(notes)
    except AssistantError:
        return [None] * len(figs), None
    return _match_facts(table, figs), note_years(notes)[0]


def _match_facts(table: FactTable, figs: list[Figure]) -> list[Fact | None]:
    """Each note figure's fact, looked up by value and unit (:meth:`FactTable.by_value`) on its line."""
    taken: set[str] = set()
    out: list[Fact | None] = []
    for f in figs:
        assert f.value is not None
        fact = next((x for x in table.by_value(f.value, f.unit) if x.line == f.line and x.fact_id not in taken),
                    None)
        if fact is not None:
            taken.add(fact.fact_id)
        out.append(fact)
    return out


def _with_head_tokens(f: Figure, fact: Fact | None) -> Figure:
    """A continuation's note figure (``- 年均增长12.1%`` under ``- 地区生产总值由…增加到…``) with its
    head's indicator among its tokens: the ledger matches it by the indicator it is the value of, not
    by its own line's few words (where a later ``地区生产总值增长7.5%`` would look a better match)."""
    if fact is None or len(fact.lines) < 2 or not fact.indicator:
        return f
    extra = context_tokens(fact.indicator)
    if extra <= f.tokens:
        return f
    context = f.context if fact.indicator in f.context else f"{fact.indicator}{f.context}"
    return replace(f, tokens=f.tokens | extra, context=context)


def _exact(d: Figure, ledger: Ledger) -> list[int]:
    """Note figures of the very value of ``d`` that could be it: compatible unit, range and noun."""
    out = []
    dn = noun_tokens(d.noun) if d.noun else frozenset()
    for i in ledger.same_value(d):
        c = ledger.form(i, d)
        if c.value != d.value or not compatible(d, c) or not same_range(d, c):
            continue
        if dn and c.noun and not (dn & noun_tokens(c.noun)):
            continue  # 6个乡镇 is not 6个重点项目; 2,300 households are not 2,300 new jobs
        out.append(i)
    return out


def _meaning_check(
    fc: FigureCheck, ledger: Ledger, dm: Meaning, d_year: int | None, zh: bool
) -> FigureCheck:
    """Block a figure whose value is right but whose period or role the draft misstates."""
    note = fc.note
    assert note is not None
    idx = ledger.by_start.get(note.start)
    if idx is None:
        return fc
    nm = ledger.meanings[idx]
    d = fc.figure
    reason = disagreement(d, note, dm, nm, _where(note, zh), zh=zh, d_year=d_year, n_year=ledger.year)
    if reason is None:
        reason = _result_as_target(ledger, idx, d, dm, _where(note, zh), zh)
    if reason is None:
        earlier = _contradicting_earlier(ledger, idx, dm, ledger.draft_text[max(0, d.start - 16):d.start])
        if earlier is None:
            return fc
        reason = (f"笔记第{note.line}行由{earlier.text}变为{note.text}，草稿却写成{'增加' if dm.direction == 'up' else '减少'}到"
                  f"{d.text}" if zh else f"notes line {note.line} goes from {earlier.text} to {note.text}, but the "
                  f"draft says it {'rose' if dm.direction == 'up' else 'fell'} to {d.text}")
        return FigureCheck(d, "wrong_direction", reason, note=note, meaning="direction")
    # the same value stated elsewhere in the notes for this indicator, with the draft's meaning
    sims = ledger.sims(d)
    own = sims.get(idx, 0.0)
    for i in ledger.same_value(d) if fc.status == "verified" else ledger.near(d):
        if i == idx or sims.get(i, 0.0) < own - 0.1:
            continue
        c = ledger.form(i, d)
        if fc.status == "verified" and (c.value != d.value or not compatible(d, c)):
            continue
        if fc.status == "approximate" and not (compatible(d, c) and rounding_ok(d, c)):
            continue
        if disagreement(d, c, dm, ledger.meanings[i], "", zh=zh, d_year=d_year, n_year=ledger.year) is None:
            return replace(fc, note=c)
    return FigureCheck(d, "mismatch", reason, note=note, meaning=kind_of_disagreement(dm, nm))


_KEEP_LEVEL = re.compile(r"保持|稳定在|不低于|维持|巩固|\bmaintain|\bkeep\b|\bsustain", re.I)


def _result_as_target(ledger: Ledger, idx: int, d: Figure, dm: Meaning, where: str, zh: bool) -> str | None:
    """The notes' result for their own year (or an earlier one) restated as a target: the figure's own
    clause sets it (力争达到149.2亿元, "will aim for"), the notes state it as achieved. Keeping a level
    (保持 / 稳定在 / maintain) is a target that may equal a result. Only the clause: a 目标是： opening a
    long list of targets is read by the notes' reader item by item, so it cannot be compared."""
    nm = ledger.meanings[idx]
    role = nm.role or ledger.item_roles[idx]  # stated by its words or header, else the notes' classification
    if dm.role != "target" or role != "achieved":
        return None
    if nm.period.year is not None and ledger.year is not None and nm.period.year > ledger.year:
        return None
    text = ledger.draft_text
    start = max(text.rfind(ch, 0, d.start) for ch in "。！？!?\n，,；;：:") + 1  # its own clause only
    before = text[max(start, d.start - 80):d.start]
    if not states_target(before) or _KEEP_LEVEL.search(before):
        return None
    year = nm.period.year
    when = (f"{year}年" if zh else f"for {year}") if year is not None else ("" if zh else "already")
    return (f"{where}是{when}已完成的数，草稿把{d.text}写成了目标" if zh
            else f"{where} is the result {when}, but the draft states {d.text} as a target")


_RANK = re.compile(r"排名|名次|位次|排位|排在|\brank(?:ed|ing)?\b", re.I)  # a rank rises as its number falls
_TO_LEVEL = re.compile(r"(?:\bto|到|至)\s*(?:about|around|nearly|约|近)?\s*$", re.I)


def _contradicting_earlier(ledger: Ledger, idx: int, dm: Meaning, before: str) -> Figure | None:
    """For a level the draft says rose/fell *to* (``increased to 142``, ``下降到41台``), the earlier value
    of the same note line (a baseline, an earlier year: ``158 -> 142``, ``(FY2024: 1.5 million)``) whose
    change runs the other way; None when the values agree with the draft's direction or none is known."""
    note = ledger.figs[idx]
    if dm.direction is None or note.value is None or not _TO_LEVEL.search(before):
        return None
    nm = ledger.meanings[idx]
    if note.unit in PERCENT_UNITS and (nm.base is not None or nm.direction is not None or note.direction is not None):
        return None  # a growth rate is no level (增长3%，上年5%); a rate such as on-time 91% -> 86% is
    for j in ledger.by_line.get(note.line, ()):
        c, cm = ledger.figs[j], ledger.meanings[j]
        if j == idx or c.unit != note.unit or c.value is None or c.value == note.value:
            continue
        between = ledger.text[min(c.end, note.end):max(c.start, note.start)]
        inside = c.start > note.start and re.match(r"^\s*[(（]", between) is not None  # "Y (FY2024: X)"
        if (len(between) > 24 or re.search(r"[，,；;。]\s", between)
                or (not inside and same_indicator(cm.indicator, nm.indicator) is False)
                or _RANK.search(ledger.text, max(0, min(c.start, note.start) - 24), min(c.start, note.start))):
            continue  # only the value right beside it (由X增加到Y, "158 -> 142"), of its indicator; not a rank
        cp, np_ = cm.period, nm.period
        earlier = (cm.role == "baseline" or cp.relative == -1
                   or (cp.year is not None and np_.year is not None and cp.year < np_.year)
                   # "1.2 million (FY2024: 1.5 million)": the only year stated on the line is the other value's
                   or (cp.year is not None and cp.year_source == "text" and np_.year_source != "text"
                       and cp.year <= (np_.year or cp.year)))
        if earlier and ("up" if note.value > c.value else "down") != dm.direction:
            return c
    return None


def _draft_parts(
    text: str,
) -> tuple[list[tuple[int, int, Part | None]] | None, list[tuple[int, int, str]]]:
    """The top-level parts of a whole draft as (start, end, kind) (None without headings), and the
    titles of all its sections as (start, end, title), outer sections first."""
    tree = parse_draft(text)
    if tree.headingless:
        return None, []
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


def _q(f: Figure) -> str:
    return f"‘{f.text}’"


# --------------------------------------------------------------------------------------------
# Reasons (the language of the draft)
def _where(c: Figure, zh: bool) -> str:
    ctx = re.sub(r"\s+", "…", (c.context or c.text).strip())  # gaps left by other figures read as elisions
    return f"笔记第{c.line}行“{ctx}”{c.text}" if zh else f"notes line {c.line}: {ctx} {c.text}"


def _ignored_reason(reason: str, zh: bool) -> str:
    if not zh:
        return reason
    table = {
        "year": "年份", "date": "日期", "heading marker": "标题序号", "list marker": "列表序号",
        "ordinal": "序数", "version number": "版本号", "fiscal year": "财年", "code or identifier": "编号/代码",
        "reference number": "引用编号", "enumeration (一是/二是)": "列举序号（一是/二是）",
    }
    if reason.startswith("fixed phrase"):
        return "固定提法" + reason[len("fixed phrase"):]
    return table.get(reason, reason)


def _verified_reason(d: Figure, c: Figure, zh: bool) -> str:
    return f"与{_where(c, zh)}一致" if zh else f"matches {_where(c, zh)}"


def _approx_reason(d: Figure, c: Figure, zh: bool) -> str:
    if zh:
        return f"{d.text}是{_where(c, zh)}的约数，取整一致"
    return f"{d.text} rounds {_where(c, zh)} consistently"


def _misattributed_reason(d: Figure, own: Figure, other: Figure, zh: bool) -> str:
    if zh:
        return (
            f"{d.text}在笔记中属于第{own.line}行“{own.context or own.text}”；"
            f"这里的指标“{other.context}”在笔记第{other.line}行是{other.text}"
        )
    return (
        f"{d.text} belongs to ‘{own.context or own.text}’ (notes line {own.line}); "
        f"‘{other.context}’ is {other.text} in the notes (line {other.line})"
    )


def _direction_reason(d: Figure, c: Figure, zh: bool) -> str:
    words = {"up": ("增长/提高", "up"), "down": ("下降/减少", "down")}
    dd = words[d.direction or "up"]
    cd = words[c.direction or "up"]
    if zh:
        return f"草稿写的是{dd[0]}{d.text}，而{_where(c, zh)}是{cd[0]}"
    return f"the draft says {dd[1]} {d.text} but {_where(c, zh)} is {cd[1]}"


def _mismatch_reason(d: Figure, c: Figure, zh: bool) -> str:
    scale_note = ""
    if d.number == c.number and d.scale != c.scale:
        scale_note = "（单位量级不同）" if zh else " (the unit scale differs)"
    if zh:
        return f"草稿为{d.text}，但{_where(c, zh)}{scale_note}"
    return f"the draft says {d.text} but {_where(c, zh)}{scale_note}"


# --------------------------------------------------------------------------------------------
# For the repair loop, the exporter and the UI
def blocking_figures(result: CheckResult) -> list[FigureCheck]:
    """The draft figures with a blocking status, in draft order."""
    return [fc for fc in result.figures if fc.blocking]


def _draft_line(result: CheckResult, fc: FigureCheck) -> str:
    lines = result.draft_text.split("\n")
    return lines[fc.figure.line - 1].strip() if fc.figure.line <= len(lines) else ""


def repair_instructions(result: CheckResult, language: str = "zh") -> str:
    """The exact problems, with the right note lines, to re-ask the model. Empty when none."""
    zh = language.startswith("zh")
    out: list[str] = []
    ledger_by_value: dict[Decimal | None, list[Figure]] = {}
    for n in result.ledger:
        ledger_by_value.setdefault(n.value, []).append(n)
    for fc in blocking_figures(result):
        f = fc.figure
        fix = ""
        if fc.note is not None and fc.status != "misattributed":
            note_line = result.note_line(fc.note.line)
            fix = (f"笔记第{fc.note.line}行原文：“{note_line}”" if zh
                   else f"Notes line {fc.note.line}: \"{note_line}\"")
        elif fc.note is not None:
            own = [n for n in ledger_by_value.get(f.value, ()) if compatible(f, n)]
            parts = [f"第{fc.note.line}行：“{result.note_line(fc.note.line)}”" if zh
                     else f"line {fc.note.line}: \"{result.note_line(fc.note.line)}\""]
            if own:
                parts.append(f"第{own[0].line}行：“{result.note_line(own[0].line)}”" if zh
                             else f"line {own[0].line}: \"{result.note_line(own[0].line)}\"")
            fix = ("笔记原文 " if zh else "Notes ") + "；".join(parts) if zh else "Notes " + "; ".join(parts)
        if fc.meaning and zh:
            action = "数值没错，但请按笔记写明它是哪一期的数、是已完成还是目标/预计"
            out.append(f"- 第{f.line}行“{f.text}”（{STATUS_ZH[fc.status]}）：{fc.reason}。{fix + '。' if fix else ''}{action}。")
        elif fc.meaning:
            action = ("The value is right: state its period, and whether it was achieved or only planned, "
                      "as the notes do")
            out.append(f"- Line {f.line} \"{f.text}\" ({fc.status}): {fc.reason}. {fix + '. ' if fix else ''}{action}.")
        elif zh:
            action = {
                "mismatch": "请使用笔记中的数值",
                "misattributed": "请把数字放回它所属的指标",
                "wrong_direction": "请按笔记写明增减方向",
                "unsupported": "笔记中没有这个数字：请删除，或改为不含数字的表述",
            }[fc.status]
            out.append(f"- 第{f.line}行“{f.text}”（{STATUS_ZH[fc.status]}）：{fc.reason}。{fix + '。' if fix else ''}{action}。")
        else:
            action = {
                "mismatch": "Use the value the notes give",
                "misattributed": "Put the figure back with the indicator it belongs to",
                "wrong_direction": "State the direction (up/down) as the notes do",
                "unsupported": "The notes do not contain this figure: remove it or say it without a figure",
            }[fc.status]
            out.append(f"- Line {f.line} \"{f.text}\" ({fc.status}): {fc.reason}. {fix + '. ' if fix else ''}{action}.")
    if not out:
        return ""
    head = ("以下数字与笔记不符，请只改正这些数字，其余内容保持不变：" if zh
            else "These figures do not match the notes; fix only them and keep everything else:")
    return head + "\n" + "\n".join(out)


def marker(figure_text: str, language: str = "zh") -> str:
    """The visible marker for a figure that could not be verified."""
    if language.startswith("zh"):
        return f"【待核实：{figure_text}】"
    return f"[to verify: {figure_text}]"


def mark_unverified(draft_text: str, result: CheckResult, language: str = "zh") -> str:
    """Replace every blocking figure of ``draft_text`` by a marker that keeps the figure inside.

    Figures already inside a marker are left as they are (marking twice never nests markers).

    ``result`` must come from checking this very ``draft_text``. Markers are parsed back with
    :data:`MARKER_RE` (or :func:`find_markers`).
    """
    if result.draft_text != draft_text:
        raise ValueError("the check result belongs to another draft text")
    marked = [(a, b) for a, b, _ in find_markers(draft_text)]
    marked_starts = [a for a, _ in marked]
    pieces: list[str] = []
    tail = len(draft_text)
    for fc in sorted(blocking_figures(result), key=lambda fc: fc.figure.start, reverse=True):
        f = fc.figure
        k = bisect.bisect_right(marked_starts, f.start) - 1
        if k >= 0 and f.start < marked[k][1]:
            continue  # already inside a marker: never mark twice
        pieces.append(draft_text[f.end:tail])
        pieces.append(marker(f.text, language))
        tail = f.start
    pieces.append(draft_text[:tail])
    out = "".join(reversed(pieces))
    return out


def find_markers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, figure text) of every 【待核实：…】 / [to verify: …] marker in ``text``."""
    return [
        (m.start(), m.end(), m.group("figure") if m.group("figure") is not None else m.group("figure_en"))
        for m in MARKER_RE.finditer(text)
    ]


def highlight_spans(result: CheckResult) -> list[dict[str, Any]]:
    """Spans of the draft to colour in the UI: start, end, status, blocking, tooltip, note line."""
    spans: list[dict[str, Any]] = []
    for fc in result.figures:
        f = fc.figure
        note_line = result.note_line(fc.note.line) if fc.note is not None else ""
        tooltip = fc.reason + (f"\n{note_line}" if note_line else "")
        spans.append(
            {
                "start": f.start, "end": f.end, "text": f.text, "status": fc.status,
                "blocking": fc.blocking, "tooltip": tooltip,
                "note_line": fc.note.line if fc.note is not None else None,
            }
        )
    return spans


def format_summary(summary: dict[str, int], language: str = "en") -> str:
    """"42 verified · 3 derived · 1 unsupported" or "已核实 42 · 推算 3 · 无依据 1"."""
    parts: Iterable[str]
    if language.startswith("zh"):
        parts = (f"{STATUS_ZH[s]} {summary[s]}" for s in STATUSES if summary.get(s))
    else:
        parts = (f"{summary[s]} {s.replace('_', ' ')}" for s in STATUSES if summary.get(s))
    text = " · ".join(parts)
    return text or ("没有数字" if language.startswith("zh") else "no figures")
