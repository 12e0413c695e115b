"""English "…, respectively" lists: which value a draft's list gives each named item (see
:mod:`assistant.check_indicator_en`). Every reader looks at one sentence (at most 300 characters).
"""

from __future__ import annotations

import re

from assistant.check_indicator_words import STOP_WORDS, figure_clause, stem
from assistant.check_ledger import Ledger
from assistant.figures import Figure

__all__ = ["RESPECTIVELY", "respective_fits", "respective_order", "respective_swap"]

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{0,40}")

RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
_PAIR = re.compile(r"\b(?P<a>[A-Za-z][\w-]{1,30})\s+and\s+(?P<b>[A-Za-z][\w-]{1,30})\b")


def _respective_name(ledger: Ledger, d: Figure) -> tuple[str, str] | None:
    """(the name the draft gives ``d``, the other name) in "X and Y …, respectively" with two figures."""
    text = ledger.draft_text
    end = text.find("\n", d.end)
    end = len(text) if end < 0 else end
    start = text.rfind("\n", 0, d.start) + 1
    m_end = re.search(r"\.(?:\s|$)", text[d.end:end])
    stop = d.end + m_end.start() if m_end else end
    m_start = [k.end() for k in re.finditer(r"\.\s", text[start:d.start])]
    lo = start + (m_start[-1] if m_start else 0)
    sentence = text[lo:stop]
    if len(sentence) > 300 or not RESPECTIVELY.search(sentence):
        return None
    figs = [f for f in ledger.draft_figs if lo <= f.start < stop and not f.ignored]
    if len(figs) != 2 or d not in figs:
        return None
    masked = sentence
    for f in figs:
        masked = masked[:f.start - lo] + "#" * (f.end - f.start) + masked[f.end - lo:]
    pairs = [p for p in _PAIR.finditer(masked) if stem(p.group("a")) not in STOP_WORDS and stem(p.group("b")) not in STOP_WORDS]
    if len(pairs) != 1:
        return None
    k = figs.index(d)
    names = (pairs[0].group("a"), pairs[0].group("b"))
    return names[k], names[1 - k]


def respective_fits(ledger: Ledger, d: Figure, note: Figure) -> bool:
    """The draft's "X and Y …, respectively" gives ``d`` the name that the note figure's own words hold (and
    not the other name): the list's words describe both values, so a closer fit of its words elsewhere
    says nothing against the pairing."""
    order = respective_order(ledger, d, note)
    if order is not None:
        return order[0]  # the list names the note line's items in the order of its values
    found = _respective_name(ledger, d)
    if found is None:
        return False
    before, after = figure_clause(ledger.text, note.start, note.end)
    words = {stem(w) for w in _WORD.findall(before + " " + after)}
    return stem(found[0]) in words and stem(found[1]) not in words


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]{0,40}|\d+")


def _segment_tokens(text: str, lo: int, hi: int) -> set[str]:
    """The content stems and bare numbers of ``text[lo:hi]`` (a note item's words between two of its figures)."""
    out = set()
    for m in _TOKEN.finditer(text[lo:hi][:200]):
        w = m.group()
        s = w if w.isdigit() else stem(w)
        if w.isdigit() or (len(s) > 1 and s not in STOP_WORDS):
            out.add(s)
    return out


def respective_order(ledger: Ledger, d: Figure, note: Figure) -> tuple[bool, str, str] | None:
    """(whether the order fits, the words the draft's order gives ``d``, the note item's own words), None when no
    order can be read. It does not fit when a "…, respectively" sentence with
    two figures of one unit names the two items of one note line in the other order than its values: each item's own
    words on the note line (those the other item lacks, read on the side where the line puts its names: "1,080 mu on
    the East and West hills + 3,920 mu along roads" or "at 6 months 50%, at 12 months 25%") come first in the draft
    for the value the draft puts second."""
    text = ledger.draft_text
    start = text.rfind("\n", 0, d.start) + 1
    end = text.find("\n", d.end)
    end = len(text) if end < 0 else end
    m_end = re.search(r"\.(?:\s|$)", text[d.end:end])
    stop = d.end + m_end.start() if m_end else end
    m_start = [k.end() for k in re.finditer(r"\.\s", text[start:d.start])]
    lo = start + (m_start[-1] if m_start else 0)
    if stop - lo > 300 or not RESPECTIVELY.search(text, lo, stop):
        return None
    figs = [f for f in ledger.draft_figs if lo <= f.start < stop and not f.ignored and f.unit == d.unit]
    if len(figs) != 2 or d not in figs:
        return None
    other = figs[1 - figs.index(d)]
    line = [ledger.figs[j] for j in ledger.by_line.get(note.line, ())[:16] if ledger.figs[j].unit == note.unit]
    mates = [c for c in line if c.value == other.value and c.value != note.value]
    if len(mates) != 1 or len(line) > 6:
        return None
    mate = mates[0]
    first, second = sorted((note, mate), key=lambda f: f.start)
    line_start = ledger.text.rfind("\n", 0, first.start) + 1
    line_end = ledger.text.find("\n", second.end)
    line_end = len(ledger.text) if line_end < 0 else line_end
    colon = ledger.text.rfind(":", line_start, first.start)
    head = max(line_start, colon + 1)
    masked = text[lo:stop]
    for f in figs:
        masked = masked[:f.start - lo] + "#" * (f.end - f.start) + masked[f.end - lo:]
    tokens = [(m.start(), m.group() if m.group().isdigit() else stem(m.group())) for m in _TOKEN.finditer(masked)]
    for names_after in (False, True):
        if names_after:
            seg = {first.start: (first.end, second.start), second.start: (second.end, line_end)}
        else:
            seg = {first.start: (head, first.start), second.start: (first.end, second.start)}
        own = _segment_tokens(ledger.text, *seg[note.start])
        its = _segment_tokens(ledger.text, *seg[mate.start])
        own, its = own - its, its - own
        at_own = [p for p, w in tokens if w in own]
        at_its = [p for p, w in tokens if w in its]
        if not at_own or not at_its:
            continue
        if max(at_own) < min(at_its):
            own_first = True
        elif max(at_its) < min(at_own):
            own_first = False
        else:
            return None  # the item's words are interleaved: no order to read
        return own_first == (figs.index(d) == 0), " ".join(sorted(its)), " ".join(sorted(own))
    return None


def respective_swap(ledger: Ledger, d: Figure, note: Figure) -> tuple[str, str] | None:
    found = _respective_name(ledger, d)
    if found is None:
        return None
    mine, other = found
    before, after = figure_clause(ledger.text, note.start, note.end)
    words = {stem(w) for w in _WORD.findall(before + " " + after)}
    if stem(other) in words and stem(mine) not in words:
        return mine, other
    return None
