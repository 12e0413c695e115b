"""Which value of a note series or labelled list the draft's words name (wave 12, issue 10).

:func:`series_sibling`: the draft gives a value the words of another step of its note series ("受理60份 -> 14份材料不全
退回 -> 46份通过" stated as 退回46份). :func:`note_list_other`: the draft's words for a value of a labelled note list
(staff/contractors: 42, 17) name another item of the list ("17 staff"). Every reader looks at one note line's figures
near the value and 40 characters of the draft around it: linear.
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
)
from assistant.check_indicator_list import item_tokens, line_run, near_figures, note_item_words
from assistant.check_ledger import Ledger
from assistant.figures import Figure

__all__ = ["note_list_other", "series_sibling"]

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


