"""Which value of a note series or labelled list the draft's words name (wave 12, issue 10).

:func:`series_sibling`: the draft gives a value the words of another step of its note series ("受理60份 -> 14份材料不全
退回 -> 46份通过" stated as 退回46份). :func:`note_list_other`: the draft's words for a value of a labelled note list
(staff/contractors: 42, 17) name another item of the list ("17 staff").

:func:`list_names_own` (the checker's "no rival" test): the draft names a value's own item — its list fits
(:func:`assistant.check_indicator_list.list_reading`), it is the change of its own level in a 分别 list
(:func:`level_of_change`), the notes' labelled list or series names it, the rival is only the whole it is a part of,
or it is a span of time naming a respectively list's values.

Every reader looks at one note line's figures near the value and one draft sentence around it: linear.
"""

from __future__ import annotations

import re

from assistant.check_indicator_label import (
    PERIOD_WORDS,
    SERIES_GAP,
    draft_clause,
    label_list,
    own_window,
    prefixes,
    whole_of_part,
)
from assistant.check_indicator_list import (
    _EN_SEP,
    _REACH,
    _RESPECTIVELY,
    _ZH_SEP,
    _near,
    _runs,
    _sentence,
    _tokens,
    item_tokens,
    line_run,
    list_reading,
    near_figures,
    note_item_words,
    read_list,
)
from assistant.check_ledger import Ledger
from assistant.figures import Figure

__all__ = ["level_of_change", "list_names_own", "note_list_other", "series_sibling"]

_NUMBER = re.compile(r"(?<![\d.])\d{1,4}(?![\d.])")


def series_sibling(ledger: Ledger, d: Figure, idx: int, zh: bool) -> Figure | None:
    """Another value of note figure ``idx``'s series (items joined by "/", "->" or "→": "受理60份 -> 14份材料不全退回 ->
    46份通过", "17 met criteria -> 5 dropped -> 12 analyzed") whose own words the draft gives ``d`` while it holds none
    of the words only ``idx``'s own item has: the value of another step of the series."""
    note = ledger.figs[idx]
    own = item_tokens(PERIOD_WORDS.sub(" ", note_item_words(ledger, idx, zh)), zh)
    if not own:
        return None  # "88% in FY2021 -> about 82% in FY2025": one item over time, not the steps of a series
    before = draft_clause(ledger.draft_text, d, zh)
    after = ledger.draft_text[d.end:d.end + 30]
    m = re.search(r"[，,；;。：:！？!?\n]|\.(?:\s|$)", after)
    words = item_tokens(before + " " + (after[:m.start()] if m else after), zh)
    if not zh:  # a light stem for a series' words: methodology / methodological, analysis / analyzed
        own, words = prefixes(own), prefixes(words)
    if words & own - set(_NUMBER.findall(d.text)):
        return None
    steps = [g for g in near_figures(ledger, note) if g.unit == note.unit]
    head = next((g for k, g in enumerate(steps[:-1]) if SERIES_GAP.search(ledger.text, g.end, steps[k + 1].start)), None)
    subject = item_tokens(head.noun.split()[0], zh) if head is not None and head.noun.split() else frozenset()
    best: tuple[int, Figure] | None = None
    for g in steps:
        j = ledger.by_start.get(g.start)
        if j is None or j == idx or g.value == note.value:
            continue
        lo, hi = (note.end, g.start) if note.end <= g.start else (g.end, note.start)
        if not SERIES_GAP.search(ledger.text, lo, hi):
            continue
        its = item_tokens(PERIOD_WORDS.sub(" ", note_item_words(ledger, j, zh)), zh) - subject  # "17 studies met …": the
        its = its if zh else prefixes(its)
        hit = len(words & (its - own))  # series' subject noun is every step's, no step's own
        if hit >= (2 if zh else 1) and not words & (own - its) and (best is None or hit > best[0]):
            best = (hit, g)
    return best[1] if best else None



def note_list_other(ledger: Ledger, d: Figure, idx: int, zh: bool) -> Figure | None:
    """Another value of note figure ``idx``'s labelled list (staff/contractors: 42, 17) whose name the draft's words for
    ``d`` hold, while they hold none of ``idx``'s own name ("17 staff" for the contractors' 17): a swap."""
    note = ledger.figs[idx]
    run = line_run(ledger, note, zh)
    names = label_list(ledger.text, run, zh) if len(run) > 1 else None
    if names is None:
        return None
    words = item_tokens(own_window(ledger.draft_text, d, zh), zh)
    own = item_tokens(names[run.index(note)], zh)
    for k, g in enumerate(run):
        its = item_tokens(names[k], zh)
        if g is not note and g.value != note.value and words & (its - own) and not words & (own - its):
            return g
    return None


def _series_names_own(ledger: Ledger, d: Figure, idx: int, rival: int, zh: bool) -> bool:
    """``idx`` and ``rival`` are two steps of one note series ("60 screened -> 14 rejected -> 46 approved") and the
    draft's own words for ``d`` ("and approved 46") hold ``idx``'s step and none of ``rival``'s."""
    a, b = ledger.figs[idx], ledger.figs[rival]
    if a.line != b.line:
        return False
    lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
    if not SERIES_GAP.search(ledger.text, lo, hi):
        return False
    own = _tokens(PERIOD_WORDS.sub(" ", note_item_words(ledger, idx, zh)), zh)
    its = _tokens(PERIOD_WORDS.sub(" ", note_item_words(ledger, rival, zh)), zh)
    words = _tokens(own_window(ledger.draft_text, d, zh), zh)
    return bool(words & (own - its)) and not words & (its - own)


def _note_list_names_own(ledger: Ledger, d: Figure, idx: int, rival: int, zh: bool) -> bool:
    """Note figures ``idx`` and ``rival`` are two values of one note list (城镇/农村…：41236元、21578元) and the draft's
    words for ``d`` hold the words only ``idx``'s item has and none only ``rival``'s has: the notes' own list names it."""
    a, b = ledger.figs[idx], ledger.figs[rival]
    if a.line != b.line or a.unit != b.unit:
        return False
    run = next((r for r in _runs(ledger.text, _near(ledger, a), zh) if a in r), [])
    if b not in run:
        return False
    names = label_list(ledger.text, run, zh)
    if names is None:
        return False
    own, its = _tokens(names[run.index(a)], zh), _tokens(names[run.index(b)], zh)
    words = _tokens(draft_clause(ledger.draft_text, d, zh), zh)
    return bool(words & (own - its)) and not words & (its - own)




_CHANGE_LEAD = re.compile(r"^\s*+(?:比上年|比去年|较上年|较去年|同比|比\d{4}年)?(?:分别)?(?:增长|增加|减少|下降|提高|降低|上升|回落|"
                          r"增|减|降|多|少)?了?\s*+$")
_EN_CHANGE_LEAD = re.compile(r"^[\s,]*+(?:(?:were|was|are|is)\s++)?(?:up|down|rising|falling|rose|fell|increased|"
                             r"decreased|declined|grew|dropped)(?:\s++by)?\s*+$", re.I)


def level_of_change(text: str, figs: list[Figure], d: Figure, zh: bool) -> Figure | None:
    """The level ``d`` is the change of in "A a、B b，分别比上年减少c、d" / "A a and B b, down c and d respectively": the
    k-th change of a list right after its items' levels is the k-th level's (the units in order, or rates of change)."""
    lo, hi = _sentence(text, d.start, d.end, zh)
    sent = [f for f in figs if lo <= f.start < hi and not f.ignored and f.value is not None][:12]
    if d not in sent:
        return None
    if zh:
        k = text.rfind("分别", lo, d.start)
        if k < 0:
            return None
        vals = [f for f in sent if f.start > k]
        if not vals or not _CHANGE_LEAD.match(text[k + 2:vals[0].start]) or not re.search(
                r"增|减|降|提高|上升|回落|多|少", text[k:vals[0].start]):
            return None
        levels = [f for f in sent if f.end <= k]
    else:
        resp = _RESPECTIVELY.search(text, d.end, hi)
        if resp is None:
            return None
        vals = next((r for r in _runs_any(text, sent, zh) if d in r), [])
        levels = [f for f in sent if vals and f.end <= vals[0].start]
        if not levels or not _EN_CHANGE_LEAD.match(text[levels[-1].end:vals[0].start].rsplit(",", 1)[-1]):
            return None  # "5 fires and 4 injuries, down 2 and 1 respectively": the change's verb right before it
    if zh:
        run = next((r for r in _runs_any(text, vals, zh) if d in r), [])
        if not run or run[0] is not vals[0]:
            return None
        vals = run
    n = len(vals)
    if not 2 <= n <= 6 or len(levels) < n:
        return None
    levels = levels[-n:]
    rates = all(v.unit in ("%", "pp") for v in vals) and not any(g.unit in ("%", "pp") for g in levels)
    if not rates and [g.unit for g in levels] != [v.unit for v in vals]:
        return None
    return levels[vals.index(d)]


def _runs_any(text: str, figs: list[Figure], zh: bool) -> list[list[Figure]]:
    """Runs of figures of any units joined by list separators only (减少3起、2人 / down 3 and 2)."""
    sep = _ZH_SEP if zh else _EN_SEP
    runs: list[list[Figure]] = []
    for f in figs:
        if runs and sep.match(text[runs[-1][-1].end:f.start]):
            runs[-1].append(f)
        else:
            runs.append([f])
    return runs


def _change_of_own_level(ledger: Ledger, d: Figure, idx: int, zh: bool) -> bool:
    """The draft gives ``d`` as the change of a level that note figure ``idx`` is the change of too (事故5起、受伤4人，
    分别比上年下降2起和1人: 1人 is 受伤4人's change in the draft and in the notes)."""
    level = level_of_change(ledger.draft_text, ledger.draft_between(d.start - _REACH, d.end + _REACH), d, zh)  # perf
    if level is None:
        return False
    note = ledger.figs[idx]
    own = level_of_change(ledger.text, _near(ledger, note), note, zh)
    return own is not None and own.value == level.value and own.unit == level.unit


_SPAN_UNITS = frozenset({"个月", "月", "年", "周", "天", "日", "小时"})


def _span_names_a_value(ledger: Ledger, d: Figure, zh: bool) -> bool:
    """``d`` is a span of time that names the values of a 分别 / respectively list ("75%, 50% and 25% at birth, six
    months and 12 months respectively"): it says when, it is no value of an item, and the notes' same span is its own."""
    if d.unit not in _SPAN_UNITS:
        return False
    lo, hi = _sentence(ledger.draft_text, d.start, d.end, zh)
    if not (_RESPECTIVELY.search(ledger.draft_text, lo, hi) or "分别" in ledger.draft_text[lo:hi]):
        return False
    values = [f for f in ledger.draft_figs if lo <= f.start < hi and not f.ignored and f.value is not None
              and f.unit not in _SPAN_UNITS]
    return any(len(r) >= 2 for r in _runs(ledger.draft_text, values, zh))


def list_names_own(ledger: Ledger, d: Figure, idx: int, zh: bool, rival: int | None = None) -> bool:
    """The draft list holding ``d`` gives it the name of note figure ``idx``'s own item (see :func:`list_reading`),
    and ``rival`` (a note figure of another value that fits the draft's words) is one of the list's other values: the
    list's words name both, so its closer fit says nothing; a rival outside the list whose item the draft's name for ``d``
    does not name fits by the words the whole list shares (a rival outside the list named by it may still be the
    indicator's)."""
    if _change_of_own_level(ledger, d, idx, zh):
        return True
    if rival is not None and (_note_list_names_own(ledger, d, idx, rival, zh) or whole_of_part(ledger, idx, rival)
                              or _series_names_own(ledger, d, idx, rival, zh) or _span_names_a_value(ledger, d, zh)):
        return True
    found = list_reading(ledger, d, idx, zh)
    if found is None or found.fits != idx:
        return False
    if rival is None:
        return True
    if not _tokens(found.name, zh) & _tokens(note_item_words(ledger, rival, zh), zh):
        return True  # the rival fits by the words the list's values share (its subject, its verb), not by d's name
    listed = read_list(ledger, d, zh)
    return listed is not None and any(f.value == ledger.figs[rival].value for f in listed.figs if f is not d)
