"""The notes side of the checker, read once per notes text: the note figures (a continuation's with
its head's indicator words), their facts' meanings and roles, the year the notes report on, and the
indexed :class:`~assistant.check_ledger.Ledger`.

A drafted report is checked section by section, then as a whole, always against one notes text: the
notes are parsed, their fact table built and the ledger indexed once (10,000 note lines were read ten
times before), and each check takes a shallow copy of the ledger (its indexes shared and never
changed; the draft text, meanings and year are the check's own). A table with the user's corrections
(the figures tab) is its own key: the text alone would give the reading without the corrections.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from functools import lru_cache

from assistant.check_ledger import Ledger
from assistant.errors import AssistantError
from assistant.facts import Fact, FactTable, build_facts
from assistant.figures import Figure, context_tokens, extract_figures
from assistant.meaning import UNKNOWN, Meaning
from assistant.note_rows import pair_values, with_row_labels
from assistant.note_units import apply_declared_units
from assistant.notes import note_years, parse_notes

__all__ = ["NotesSide", "notes_side"]

NotesSide = tuple[tuple[Figure, ...], tuple[Meaning, ...], int | None, Ledger]

#: Ledgers read with a corrected fact table (the figures tab's edits), by the identity of the table.
_FIXED_SIDES: dict[int, tuple[FactTable, str, NotesSide]] = {}
_FIXED_LOCK = threading.Lock()
_FIXED_KEPT = 4


def notes_side(notes_text: str, facts: FactTable | None) -> NotesSide:
    """The notes' figures, their meanings, year and ledger: the same for every check of a draft's
    sections against one notes text (and one corrected fact table), so read once (a drafted report
    checks each section, then the whole draft: without the cache 10,000 note lines were parsed and
    read ten times). Figures and meanings are frozen; each check copies the ledger (its indexes
    shared, never changed). A corrected table is its own key: the text alone would give the ledger
    read without the user's corrections."""
    if facts is None:
        return _text_side(notes_text)
    with _FIXED_LOCK:
        kept = _FIXED_SIDES.get(id(facts))
    if kept is not None and kept[0] is facts and kept[1] == notes_text:
        return kept[2]
    side = _read_notes_side(notes_text, facts)
    with _FIXED_LOCK:
        _FIXED_SIDES.pop(id(facts), None)
        _FIXED_SIDES[id(facts)] = (facts, notes_text, side)
        while len(_FIXED_SIDES) > _FIXED_KEPT:
            del _FIXED_SIDES[next(iter(_FIXED_SIDES))]
    return side


@lru_cache(maxsize=4)
def _text_side(notes_text: str) -> NotesSide:
    return _read_notes_side(notes_text, None)


def _read_notes_side(notes_text: str, facts: FactTable | None) -> NotesSide:
    # a table's declared unit (dollars in thousands, 单位：万元) and its period rows' labels (note_units)
    figs = with_row_labels(notes_text, [f for f in apply_declared_units(notes_text, pair_values(notes_text, extract_figures(notes_text)))
                                        if not f.ignored and f.value is not None])
    note_facts, year, headers = _note_facts(notes_text, figs, facts)
    figs = [_with_head_tokens(f, x, _bracketed(notes_text, f)) for f, x in zip(figs, note_facts, strict=True)]
    meanings = [replace(x.meaning, role=x.stated_role) if x is not None else UNKNOWN for x in note_facts]
    ledger = Ledger(list(figs), notes_text, list(meanings))
    ledger.item_roles = [x.role if x is not None else None for x in note_facts]
    ledger.headers = headers
    return tuple(figs), tuple(meanings), year, ledger


def _note_facts(
    notes_text: str, figs: list[Figure], table: FactTable | None,
) -> tuple[list[Fact | None], int | None, tuple[tuple[int, str | None], ...]]:
    """The fact of each note figure (one reader for the drafter, the checker and the page: header
    lines, continuation bullets and plan sections decide role and period), the year the notes
    report on and their header lines as (line, role) (明年目标和安排： → plan). A figure the table
    holds no fact for (inside a title line, a period expression) gets None (nothing to disagree with)."""
    if not figs:
        return [], None, ()
    try:
        notes = parse_notes(notes_text)
        if table is None:
            table = build_facts(notes)
    except AssistantError:
        return [None] * len(figs), None, ()
    headers = tuple(sorted((h.line, h.role) for h in notes.headers))
    return _match_facts(table, figs), note_years(notes)[0], headers


def _match_facts(table: FactTable, figs: list[Figure]) -> list[Fact | None]:
    """Each note figure's fact, looked up on its line (:meth:`FactTable.for_line`) by value and unit."""
    taken: set[str] = set()
    out: list[Fact | None] = []
    for f in figs:
        assert f.value is not None
        fact = next((x for x in table.for_line(f.line)  # by line, not value: a value repeated on 10,000 lines
                     if x.value == f.value and x.unit == f.unit and x.fact_id not in taken), None)
        if fact is not None:
            taken.add(fact.fact_id)
        out.append(fact)
    return out


def _bracketed(text: str, f: Figure) -> bool:
    """The figure stands in brackets after another value, with no words of its own: "233万人次（2017年：222万人次）",
    "1.2 million (FY2024: 1.5 million)"."""
    before = text[max(0, f.start - 14):f.start]
    k = max(before.rfind("("), before.rfind("（"))
    return not f.tokens and k >= 0 and not any(ch in before[k:] for ch in ")）")


def _with_head_tokens(f: Figure, fact: Fact | None, bracketed: bool = False) -> Figure:
    """A continuation's note figure (``- 年均增长12.1%`` under ``- 地区生产总值由…增加到…``) with its
    head's indicator among its tokens: the ledger matches it by the indicator it is the value of, not
    by its own line's few words (where a later ``地区生产总值增长7.5%`` would look a better match)."""
    if fact is None or (len(fact.lines) < 2 and not bracketed) or not fact.indicator:
        return f  # (a value in brackets after another, without words of its own, takes its fact's indicator too)
    extra = context_tokens(fact.indicator)
    if extra <= f.tokens:
        return f
    context = f.context if fact.indicator in f.context else f"{fact.indicator}{f.context}"
    return replace(f, tokens=f.tokens | extra, context=context)
