"""A change's direction and a value's place in a from → to span, read on both sides (issue 10, wave 12).

- A change has a direction on each side: the sign or word before it (增加 / 减少 / 多 / 少, up / down, "+2.9",
  rose / fell), or the word right after it ("1.6 trillion more than 2024", "about 10% increase", "a 15%
  decline", "420 fewer"). :func:`change_direction_conflict` gives the two directions when the draft turns the
  notes' change round.
- In a from → to span, 到 / 至 / "to" after a verb of change names the END value and 由 / 从 / "from" the
  START: :func:`span_position_conflict` finds the notes' start stated as the end (下降到67.9% against
  由67.9%提高到87.9%) or their end stated as the start (从98%起步 against 由92%提高到98%).
Both are used by :func:`assistant.check_meaning.meaning_check`.
"""

from __future__ import annotations

import re
from typing import Literal

from assistant import check_meaning_spans
from assistant.check_ledger import Ledger
from assistant.check_meaning_direction import pair_end
from assistant.figures import Figure
from assistant.meaning import Direction, Meaning

__all__ = ["change_direction_conflict", "direction_after", "span_position_conflict"]

# the direction a word right after a change gives it: "1.6 trillion more than 2024", "10% increase", "a 15% decline"
_AFTER_EN = re.compile(r"\s?(?:percent\b|per\scent\b|%|percentage\spoints?\b|points?\b)?\s?"
                       r"(?P<w>increase|rise|gain|jump|growth|more|higher|decrease|decline|drop|fall|reduction|cut|less|"
                       r"fewer|lower)\b", re.I)
_AFTER_ZH = re.compile(r"(?<!\s)\s*+的?(?P<w>增幅|涨幅|增长|增量|降幅|减幅|跌幅|下降|减少)(?![率额量])")
_DOWN_WORDS = frozenset({"decrease", "decline", "drop", "fall", "reduction", "cut", "less", "fewer", "lower",
                         "降幅", "减幅", "跌幅", "下降", "减少"})
# a bound or a comparison, not a change: "or more", "no less than", "at least"
_NOT_CHANGE_AFTER = re.compile(r"\s?(?:or\s(?:more|less|fewer|higher|lower)|more\sor\sless)\b", re.I)
_RANK = re.compile(r"排名|名次|位次|排位|排在|\brank(?:ed|ing)?\b", re.I)


def direction_after(text: str, end: int) -> Direction | None:
    """The direction the word right after a figure gives it ("more than 2024", "10% increase", "a 15% decline",
    8.1%的降幅), or None."""
    if _NOT_CHANGE_AFTER.match(text, end, end + 16):
        return None
    m = _AFTER_EN.match(text, end, end + 30) or _AFTER_ZH.match(text, end, end + 8)
    if m is None:
        return None
    return "down" if m.group("w").lower() in _DOWN_WORDS else "up"


# a level the draft names after a verb of change: 下降到67.9%, 升至, "rose to", "fell to about"
_TO_END_ZH = re.compile(r"(?:增加|增长|提高|提升|上升|升|攀升|扩大|下降|降低|减少|降|回落|缩小|减|压减|压缩|增)(?:到|至)\s*+"
                        r"(?:(?:19|20)\d\d\s?年(?:底|末)?的?)?\s*+(?:约|近)?\s*+$")
_TO_END_EN = re.compile(r"\b(?:rose|risen|rising|increased|grew|grown|climbed|jumped|went\s(?:up|down)|fell|fallen|"
                        r"dropped|declined|decreased|slipped|shrank|improved|worsened|was\scut|were\scut|cut|reduced|"
                        r"expanded|narrowed|widened)\s(?:\w+\s)?to\s(?:about\s|around\s|nearly\s|some\s)?\$?\s?$", re.I)
# the start the draft names: 由67.9%, 从98%, "from 64%" (not "apart from", "away from")
_FROM_START = re.compile(r"(?:(?<![截至])[由从]|(?<!apart\s)(?<!away\s)\bfrom)\s*+(?:[上去]年的?|(?:19|20)\d\d\s?年(?:底|末)?的?|"
                         r"(?:FY\s?)?(?:19|20)\d\d(?:'s)?\s|about\s|around\s|nearly\s|约|近)?\s*+\$?$", re.I)

Position = Literal["start", "end"]


def _draft_position(text: str, d: Figure) -> Position | None:
    before = text[max(0, d.start - 30):d.start]
    if _TO_END_ZH.search(before[-16:]) or _TO_END_EN.search(before):
        return "end"
    if _FROM_START.search(before):
        return "start"
    return None


# (matched where a figure ends: a blank run starts only there, so a search stays linear)
# between the two values of a from → to pair on a note line when the reader gave the first no baseline role:
# an arrow, or a verb of change before 到 / 至 / "to" (60.2%升至65.2%, "2.1% rising to 2.5%"); not a range (5%至6%)
_CHANGE_GAP = re.compile(r"(?<!\s)\s*+(?:[(（][^()（）\d]{0,12}[)）])?\s*+(?:→|⟶|➝|➔|⇒|=>|-{1,2}>|—>|－>|"
                         r"[^，,；;。\d]{0,8}?(?:增加|增长|提高|提升|上升|升|攀升|扩大|下降|降低|减少|降|回落|缩小|增|减)(?:到|至)|"
                         r"[^，,；;。\d]{0,12}?\b(?:ris(?:es|ing)|rose|increas(?:ed|ing)|gr(?:ew|owing)|climb(?:ed|ing)|"
                         r"f(?:ell|alling)|drop(?:ped|ping)|declin(?:ed|ing)|decreas(?:ed|ing))\sto)\s*+"
                         r"(?:[~≈约近]|about\s|around\s|nearly\s)?\s*+\$?", re.I)


def _neighbour(ledger: Ledger, idx: int, after: bool) -> Figure | None:
    note = ledger.figs[idx]
    same = [ledger.figs[j] for j in ledger.by_line.get(note.line, ()) if j != idx and ledger.figs[j].unit == note.unit
            and (ledger.figs[j].start >= note.end if after else ledger.figs[j].end <= note.start)]
    if not same:
        return None
    return min(same, key=lambda f: f.start) if after else max(same, key=lambda f: f.end)


def _note_position(ledger: Ledger, idx: int) -> Position | None:
    note, nm = ledger.figs[idx], ledger.meanings[idx]
    if nm.role == "baseline" and nm.period.relative is None and check_meaning_spans.PAIR_AFTER.match(ledger.text, note.end):
        return "start"
    if pair_end(ledger, idx):
        return "end"
    nxt, prev = _neighbour(ledger, idx, True), _neighbour(ledger, idx, False)
    if nm.base is None and nxt is not None and _CHANGE_GAP.fullmatch(ledger.text, note.end, nxt.start):
        return "start"
    if nm.base is None and prev is not None and _CHANGE_GAP.fullmatch(ledger.text, prev.end, note.start):
        return "end"
    return None


def span_position_conflict(ledger: Ledger, idx: int, d: Figure) -> tuple[Position, Position] | None:
    """The draft names the notes' from → to value at the other end of the span: (its place in the notes, its
    place in the draft), else None. 到 / 至 / "to" after a verb of change names the end value, 由 / 从 / "from"
    the start."""
    n_pos = _note_position(ledger, idx)
    if n_pos is None:
        return None
    d_pos = _draft_position(ledger.draft_text, d)
    if d_pos is None or d_pos == n_pos:
        return None
    note = ledger.figs[idx]
    if _RANK.search(ledger.text, max(0, note.start - 30), note.start) or _RANK.search(
            ledger.draft_text, max(0, d.start - 30), d.start):
        return None  # a rank's numbers: 第8位上升到第5位
    return n_pos, d_pos


_TO_LEVEL = re.compile(r"(?:\bto|到|至)\s*+(?:(?:19|20)\d\d\s?年(?:底|末)?的?|(?:19|20)\d\d(?:'s)?\s)?\s*+"
                       r"(?:about|around|nearly|约|近)?\s*+\$?$", re.I)


def _note_change_direction(ledger: Ledger, idx: int) -> Direction | None:
    note, nm = ledger.figs[idx], ledger.meanings[idx]
    if _note_position(ledger, idx) is not None:
        return None  # a value of a from → to span is a level, read by span_position_conflict / contradicting_earlier
    return note.direction or nm.direction or direction_after(ledger.text, note.end)


def change_direction_conflict(ledger: Ledger, idx: int, d: Figure, dm: Meaning) -> tuple[Direction, Direction] | None:
    """The notes' change and the draft's statement of it run different ways (1.6 trillion more than 2024 →
    "1.6 trillion less than last year"; "about 10% increase" → "fell about 10 percent"; 比上年多1.2亿元 →
    比上年少1.2亿元): (the notes' direction, the draft's), else None. Not for a level the draft says a change
    reached (增加到X, "fell to X": :func:`assistant.check_meaning_direction.contradicting_earlier` reads those),
    nor for a rank (its number falls as it rises)."""
    note = ledger.figs[idx]
    text = ledger.draft_text
    if _TO_LEVEL.search(text[max(0, d.start - 20):d.start]):
        return None
    n_dir = _note_change_direction(ledger, idx)
    if n_dir is None:
        return None
    d_dir = d.direction or dm.direction or direction_after(text, d.end)
    if d_dir is None or d_dir == n_dir:
        return None
    if _RANK.search(ledger.text, max(0, note.start - 30), note.start) or _RANK.search(text, max(0, d.start - 30),
                                                                                       d.start):
        return None
    return n_dir, d_dir
