"""The one figure-repair loop: check a section against the notes, re-ask the model with the checker's
instructions while blocking figures remain, then mark what still fails 【待核实】/[to verify]. Used by
drafting (:mod:`assistant.drafting.pipeline`) and rewriting (:mod:`assistant.rewrite.engine`)."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypeVar

from assistant import check as checker
from assistant.check import CheckResult, ExampleText, FigureCheck
from assistant.documents import Hit
from assistant.drafting.model import DraftSection, Repair
from assistant.facts import FactTable
from assistant.llm.prompts import load_prompt, quote_data
from assistant.meaning import Part
from assistant.meaning_doc import part_of_titles
from assistant.outline import Outline

if TYPE_CHECKING:
    from langchain_core.messages import BaseMessage

E = TypeVar("E")


def summary_of(result: CheckResult) -> dict[str, int]:
    """Status → count of a check (what a section records)."""
    return {str(k): int(v) for k, v in result.summary.items()}


def describe_figure(fc: FigureCheck) -> str:
    """A blocking figure as a repair note names it: ``text (status: reason)``."""
    return f"{fc.figure.text} ({fc.status}{': ' + fc.reason if fc.reason else ''})"


def example_texts(hits: Sequence[Hit]) -> list[ExampleText]:
    """Example passages as the checker's leak detection reads them."""
    return [ExampleText(title=h.chunk.report_title, text=h.chunk.text) for h in hits]


def check_section(notes_text: str, text: str, hits: Sequence[Hit] = (), part: Part | None = None,
                  facts: FactTable | None = None) -> CheckResult:
    """Check ``text`` against the notes, with ``hits`` as the examples a figure must not come from;
    ``part`` is the report part the section stands in (a plan section's 达到70% is a target, as in the
    notes); ``facts`` the notes' fact table with the user's corrections (:func:`assistant.facts.fixed_facts`)."""
    return checker.check_draft(notes_text, text, examples=example_texts(hits), part=part, facts=facts)


def section_part(sections: Sequence[DraftSection], ds: DraftSection) -> Part | None:
    """The report part ``ds`` stands in, from its own and its parents' titles (outermost first)."""
    by_id = {s.section_id: s for s in sections}
    titles = [ds.title]
    parent = by_id.get(ds.parent_id or "")
    while parent is not None and len(titles) < 8:
        titles.append(parent.title)
        parent = by_id.get(parent.parent_id or "")
    return part_of_titles(titles[::-1])


def outline_part(outline: Outline, section_id: str) -> Part | None:
    """The report part the outline's section ``section_id`` stands in, from its titles (outermost first)."""
    for top in outline.sections:
        if top.section_id == section_id:
            return part_of_titles([top.title])
        for child in top.children:
            if child.section_id == section_id:
                return part_of_titles([top.title, child.title])
    return None


@dataclass
class RepairOutcome:
    """Where the repair loop stopped: the last reply (``raw``) and its cleaned text, the last check, the
    figures still blocking, and one :class:`Repair` per re-ask."""

    raw: str
    text: str
    result: CheckResult
    blocking: list[FigureCheck]
    repairs: list[Repair] = field(default_factory=list)


def repair_loop(
    *,
    check: Callable[[str], CheckResult],
    messages: Sequence[BaseMessage],
    raw: str,
    text: str,
    heading: str,
    language: str,
    max_repairs: int,
    stream: Callable[[list[BaseMessage], list[str]], Iterator[E]],
    finish: Callable[[str], tuple[str, str]],
    announce: Callable[[int, tuple[str, ...]], E],
) -> Generator[E, None, RepairOutcome]:
    """Check ``text``; while blocking figures remain and fewer than ``max_repairs`` re-asks were made,
    yield ``announce(attempt, problems)``, re-ask the model (the conversation so far, its last reply
    ``raw`` and ``prompts/repair_section``'s instructions from the checker) through ``stream`` (which
    yields the caller's token events and fills the buffer it is given), clean the reply with ``finish``
    (reply → ``(raw, text)``) and check again. Returns the :class:`RepairOutcome`; marking what still
    fails is the caller's (:func:`mark_remaining`), since a rewrite marks the whole section at the end."""
    from langchain_core.messages import AIMessage

    result = check(text)
    blocking = list(checker.blocking_figures(result))
    outcome = RepairOutcome(raw, text, result, blocking)
    attempt = 0
    while blocking and attempt < max_repairs:
        attempt += 1
        problems = [describe_figure(f) for f in blocking]
        repair = Repair(attempt, problems)
        outcome.repairs.append(repair)
        yield announce(attempt, tuple(problems))
        follow = load_prompt("repair_section", language).to_messages(
            section_heading=quote_data(heading), instructions=str(checker.repair_instructions(result, language)))
        buffer: list[str] = []
        yield from stream([*messages, AIMessage(content=raw), *follow], buffer)
        raw, text = finish("".join(buffer))
        result = check(text)
        blocking = list(checker.blocking_figures(result))
        repair.resolved = not blocking
    outcome.raw, outcome.text, outcome.result, outcome.blocking = raw, text, result, blocking
    return outcome


def mark_remaining(text: str, result: CheckResult, blocking: Sequence[FigureCheck],
                   language: str) -> tuple[str, int]:
    """``text`` with every figure still blocking marked 【待核实：X】/[to verify: X], and how many."""
    if not blocking:
        return text, 0
    return checker.mark_unverified(text, result, language), len(blocking)


def check_and_mark(notes_text: str, text: str, hits: Sequence[Hit] = (), facts: FactTable | None = None,
                   language: str = "zh", keep: Callable[[str], str] = lambda t: t,
                   tables: bool = True) -> tuple[str, CheckResult]:
    """Check a whole draft once and mark every figure it flags 【待核实：X】/[to verify: X]: the text as
    stored and the check of exactly that text. ``keep`` puts back what must not change (the session's
    locked sentences); ``tables=False`` leaves figures in Markdown table rows unmarked (the session's key
    indicators table, built from the notes, which was never marked: its flags stay in the check). The
    marked text is checked again only when marking changed it, so a draft with nothing to mark costs one
    check (the offline draft's path: its sections are not checked one by one first,
    ``draft_report(section_checks=False)``)."""
    examples = [ExampleText(title=h.chunk.report_title, text=h.chunk.text) for h in hits if h.chunk.text]
    result = checker.check_draft(notes_text, text, examples=examples, facts=facts)
    flagged = [fc for fc in checker.blocking_figures(result) if tables or not _in_table_row(text, fc.figure.start)]
    if not flagged:
        return text, result
    marked = keep(checker.mark_unverified(text, replace(result, figures=flagged), language))
    if marked == text:
        return text, result
    return marked, checker.check_draft(notes_text, marked, examples=examples, facts=facts)


def _in_table_row(text: str, pos: int) -> bool:
    """Whether ``pos`` lies on a Markdown table row (a line starting with ``|``)."""
    start = text.rfind("\n", 0, pos) + 1
    return text.startswith("|", start)
