"""Whether a text covers a section's note items, numeric and non-numeric: used by the polish step
(:mod:`assistant.drafting.polish`: a model section that drops a note is rejected) and by the rewrite
engine (a rewrite that drops a note is re-asked)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.drafting.offline import missing_items
from assistant.notes import NoteItem

# A non-numeric note counts as covered when this share of its content units (CJK character pairs,
# English words of 3+ letters) appears in the text. Rewording keeps the key terms (财政收支矛盾突出 →
# 财政收支矛盾较为突出), so the pairs survive; a dropped note keeps at most a stray pair.
COVERAGE_SHARE = 0.5
_STOP_EN = frozenset(["the", "and", "for", "with", "from", "that", "this", "were", "was", "are", "has", "have", "had", "our", "their", "its", "into", "over", "more", "than", "also", "been", "will", "which"])
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[A-Za-z]{3,}")
_SPACE = re.compile(r"\s+")


def _units(text: str) -> set[str]:
    pairs = {run[i:i + 2] for run in _CJK.findall(text) for i in range(len(run) - 1)}
    words = {w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP_EN}
    return pairs | words


def item_coverage(item: NoteItem, text: str) -> float:
    """The share of ``item``'s content units found in ``text`` (1.0 for a note without any)."""
    want = _units(item.text)
    if not want:
        return 1.0
    have = _units(text)
    return len(want & have) / len(want)


def uncovered_items(items: Sequence[NoteItem], text: str, *, share: float = COVERAGE_SHARE) -> list[NoteItem]:
    """The items ``text`` leaves out: a note with figures none of which appears
    (:func:`~assistant.drafting.offline.missing_items`), or a note without figures whose words mostly
    do not appear (:func:`item_coverage` below ``share``)."""
    numeric = {i.item_id for i in missing_items(items, text)}
    out = []
    for item in items:
        if item.item_id in numeric or (not item.figures and item_coverage(item, text) < share):
            out.append(item)
    return out


def substance(text: str) -> int:
    """Characters of ``text`` excluding whitespace (how much a section says)."""
    return len(_SPACE.sub("", text))
