"""The notes' and the draft's own small structures that tie a value to its item (wave 12, issue 10).

* A label of names joined by "/" before a colon, then the values (城镇/农村居民人均可支配收入：35512元、25689元; "urban/rural
  per capita income: 41,236 yuan, 21,578 yuan"): :func:`label_list` gives the k-th value the k-th name.
* A series of steps joined by "/", "->" or "→" ("17 met criteria -> 5 dropped -> 12 analyzed"): :data:`SERIES_GAP`.
* A part of a whole ("11 of these 12 examined X", "46份中有9份"): :func:`whole_of_part`.
* The draft's words for one value: :func:`draft_clause` (its clause), :func:`own_window` (back to the number before it
  and on to the next one).

Every reader looks at one line or at most 80 characters around a figure: linear.
"""

from __future__ import annotations

import re

from assistant.check_ledger import Ledger
from assistant.figures import Figure

__all__ = ["PERIOD_WORDS", "SERIES_GAP", "draft_clause", "label_list", "own_window", "prefixes", "whole_of_part"]

_STOP_ZH_BEFORE = "，；;：:。！？!?（(\n"

_LABEL_SLASH = re.compile(r"[ \t]{0,8}[/／][ \t]{0,8}")


def label_list(text: str, run: list[Figure], zh: bool) -> list[str] | None:
    """The names of a run of values set after a label of names joined by "/" and a colon (城镇/农村居民人均可支配收入：
    35512元、25689元; "urban/rural per capita income: 41,236 yuan, 21,578 yuan"): one name for each value, in order, the
    short first names taking the last name's head (城镇 → 城镇居民人均可支配收入, urban → urban per capita income)."""
    if len(run) < 2:
        return None
    line_start = text.rfind("\n", 0, run[0].start) + 1
    before = text[max(line_start, run[0].start - 80):run[0].start].rstrip()
    if not before.endswith((":", "：")):
        return None
    label = before[:-1]
    cut = max(label.rfind(ch) for ch in "，,；;。（()）")
    label = label[cut + 1:].lstrip(" \t-*•·+").strip()
    names = _LABEL_SLASH.split(label)
    if len(names) != len(run) or not all(names) or any(re.search(r"\d", n) for n in names):
        return None
    last = names[-1]
    if zh:
        out = [n + last[len(n):] if len(n) < len(last) else n for n in names[:-1]]
    else:
        words = last.split()
        out = [" ".join(n.split() + words[len(n.split()):]) for n in names[:-1]]
    return [*out, last]



def draft_clause(text: str, d: Figure, zh: bool) -> str:
    """The draft's words for ``d``: its clause before it (at most 40 characters), and for English the words after it."""
    lo = max(0, d.start - 40)
    cut = max(text.rfind(ch, lo, d.start) for ch in _STOP_ZH_BEFORE + "、") + 1
    before = text[max(lo, cut):d.start]
    if zh:
        return before
    after = text[d.end:d.end + 40]
    m = re.search(r"[,;.:!?\n]", after)
    return before + " " + (after[:m.start()] if m else after)


#: the words of a period or a point in time (FY2021, 2016年, 6月, about, in): no item of their own
PERIOD_WORDS = re.compile(r"\b(?:FY|CY)?\d{2,4}\b|\d{4}年(?:底|末|初)?|\d{1,2}月(?:底|末)?|\b(?:in|by|at|to|from|about|around|"
                           r"nearly|approximately|some)\b|[约近达为至到]", re.I)


def prefixes(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w[:6] for w in words)


SERIES_GAP = re.compile(r"/|->|=>|→|／")

_PART_OF_GAP = re.compile(r"^\s*+of\s++(?:the\s++|these\s++|those\s++|all\s++)?[$€£]?\s*+$", re.I)
_WHOLE_OF_GAP = re.compile(r"^\s*+(?:[个份件人项家所户名次]|\s)*+(?:中|之中|当中)(?:有|的)?\s*+$")


def whole_of_part(ledger: Ledger, idx: int, whole: int) -> bool:
    """Note figure ``whole`` is the base that ``idx`` is a part of ("11 of these 12 examined X", "46份中有9份来自…"): not a
    rival item for ``idx``'s value — the words around the pair are the part's."""
    a, b = ledger.figs[idx], ledger.figs[whole]
    if a.line != b.line:
        return False
    if a.end <= b.start:
        return bool(_PART_OF_GAP.match(ledger.text[a.end:b.start][:40]))
    return bool(_WHOLE_OF_GAP.match(ledger.text[b.end:a.start][:12]))



def own_window(text: str, d: Figure, zh: bool) -> str:
    """The draft's words for ``d`` alone: its clause back to the number before it, and on to a stop or the next number
    ("The office had 17 staff and 42 contractors" → "The office had … staff and")."""
    lo = max(0, d.start - 40)
    cut = max(text.rfind(ch, lo, d.start) for ch in _STOP_ZH_BEFORE + "、") + 1
    before = re.split(r"[0-9\uff10-\uff19]", text[max(lo, cut):d.start])[-1]
    if not zh:
        before = re.split(r"\band\b", before)[-1]  # "60 applications and approved 46": the words after "and"
    after = text[d.end:d.end + 40]
    m = re.search(r"[，,；;。：:！？!?\n]|\.(?:\s|$)|\d" + ("" if zh else r"|\band\b"), after)
    return before + " " + (after[:m.start()] if m else after)


