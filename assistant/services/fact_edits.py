"""The user's corrections of the notes' fact table, kept for a session.

The page's figures tab shows the fact table (:func:`assistant.facts.build_facts`) and lets the user
correct one fact's role (achieved / target / forecast / baseline / problem) or period. A correction is
kept in the store's pins rows under :data:`FACTS_PIN` (like the chosen structure, ``meta:structure``), as
``{fact_id: {"text": the figure as written, "role": …, "period": the typed period}}``; the figure text
ties a correction to its figure, so a correction whose line now holds another figure (the notes were
edited) is dropped instead of landing on the wrong fact.

:func:`corrected_table` applies the corrections to a fresh fact table; :func:`corrected_notes` gives
the notes with each corrected item re-placed (:func:`assistant.facts.apply_fact_roles`): every draft
of the session goes through it, so later drafts keep the corrections.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from assistant.errors import InputError
from assistant.facts import FACT_ROLES, FactRole, FactTable, apply_fact_roles, build_facts, read_period
from assistant.notes import FactFix, Notes, note_years
from assistant.periods import Period
from assistant.store import SessionStore

log = logging.getLogger(__name__)

FACTS_PIN = "meta:facts"  # a pins row (free-form JSON) holding the session's fact corrections
MAX_PERIOD_CHARS = 40


@dataclass(frozen=True)
class Correction:
    """One fact's correction: ``role`` and/or ``period`` (the period as the user typed it)."""

    fact_id: str
    text: str
    role: FactRole | None = None
    period: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "role": self.role, "period": self.period}


def load_corrections(store: SessionStore, session_id: str) -> dict[str, Correction]:
    """The session's stored corrections by fact id (unreadable entries are skipped and logged)."""
    out: dict[str, Correction] = {}
    for example_id, data in store.list_pins(session_id):
        if example_id != FACTS_PIN or not isinstance(data, Mapping):
            continue
        for fact_id, entry in data.items():
            if not isinstance(entry, Mapping) or not isinstance(entry.get("text"), str):
                log.warning("ignoring an unreadable fact correction: %r", entry)
                continue
            role = entry.get("role")
            period = entry.get("period")
            out[str(fact_id)] = Correction(
                fact_id=str(fact_id), text=entry["text"],
                role=role if role in FACT_ROLES else None,
                period=period if isinstance(period, str) and period.strip() else None,
            )
    return out


def parse_period(text: str, notes: Notes) -> Period:
    """The period the user typed (2016年, 2016, 2016年1—6月, 上半年, 一季度, 五年累计, next year's…);
    :class:`InputError` when it names none."""
    typed = " ".join((text or "").split())
    if not typed:
        raise InputError("请填写时期，如“2016年”或“2016年1—6月”。 / Type a period, e.g. 2016 or 2016 H1.")
    if len(typed) > MAX_PERIOD_CHARS:
        raise InputError(f"时期过长（上限 {MAX_PERIOD_CHARS} 字）。 / The period is too long "
                         f"(at most {MAX_PERIOD_CHARS} characters).")
    summary_year, _ = note_years(notes)
    probe = typed if not typed.isdigit() else typed + "年"  # a bare year: 2016 → 2016年
    period = read_period(probe, summary_year)
    if period.year is None and period.span is None and not (period.months or period.quarter or period.half
                                                            or period.cumulative):
        raise InputError(f"看不出“{typed}”是哪个时期，请写成“2016年”“2016年1—6月”“上半年”之类。 / "
                         f"“{typed}” is not a period; write e.g. 2016, 2016 H1 or first quarter.")
    if period.year is None and summary_year is not None and period.span is None and not period.cumulative:
        period = Period(year=summary_year, months=period.months, quarter=period.quarter, half=period.half,
                        year_source="context")
    return period


def with_corrections(notes: Notes, corrections: Mapping[str, Correction]) -> Notes:
    """``notes`` carrying the corrections (:attr:`Notes.fact_fixes`), each period read: the fact table,
    the checker and the drafter built from these notes see the corrected roles and periods."""
    fixes: list[FactFix] = []
    for fact_id, fix in corrections.items():
        period = None
        if fix.period is not None:
            try:
                period = parse_period(fix.period, notes)
            except InputError:
                log.warning("ignoring an unreadable stored period %r for %s", fix.period, fact_id)
        if fix.role is not None or period is not None:
            fixes.append(FactFix(fact_id=fact_id, text=fix.text, role=fix.role, period=period))
    return replace(notes, fact_fixes=tuple(fixes))


def corrected_table(notes: Notes, corrections: Mapping[str, Correction]) -> FactTable:
    """The fact table of ``notes`` with the corrections that still fit applied."""
    return build_facts(with_corrections(notes, corrections))


def corrected_notes(notes: Notes, corrections: Mapping[str, Correction]) -> Notes:
    """``notes`` carrying the corrections, every item whose facts were given another role re-placed
    for drafting (the checker of its drafts reads the corrected facts from them:
    :func:`assistant.facts.fixed_facts`)."""
    if not corrections:
        return notes
    fixed = with_corrections(notes, corrections)
    return apply_fact_roles(fixed, build_facts(fixed))


def save_correction(store: SessionStore, session_id: str, notes: Notes, fact_id: str, *,
                    role: str | None = None, period: str | None = None) -> Correction:
    """Validate and store one fact's correction (merged with an earlier one for the same fact).
    :class:`InputError` for an unknown fact, role or period, or when nothing is to change."""
    table = build_facts(notes)
    try:
        fact = table.get(fact_id)
    except KeyError:
        raise InputError(f"笔记中没有编号为 {fact_id} 的数字。 / The notes hold no figure {fact_id}.") from None
    role = (role or "").strip() or None
    period = " ".join((period or "").split()) or None
    if role is not None and role not in FACT_ROLES:
        raise InputError(f"性质只能是 {'/'.join(FACT_ROLES)}。 / The role must be one of {', '.join(FACT_ROLES)}.")
    if period is not None:
        parse_period(period, notes)  # refuse what cannot be read before storing it
    if role is None and period is None:
        raise InputError("请选择性质或填写时期。 / Choose a role or type a period.")
    stored = load_corrections(store, session_id)
    if period is None and role == corrected_table(notes, stored).get(fact_id).role:
        raise InputError("这个数字的性质已经是所选的，没有要更正的。 / The figure already has that role; "
                         "nothing to correct.")
    old = stored.get(fact_id)
    if old is not None and old.text != fact.text:
        old = None
    fix = Correction(fact_id=fact_id, text=fact.text,
                     role=role if role is not None else (old.role if old else None),
                     period=period if period is not None else (old.period if old else None))
    stored[fact_id] = fix
    store.pin_example(session_id, FACTS_PIN, {k: v.to_json() for k, v in stored.items()})
    return fix
