"""Section-by-section drafting, streamed as events, with the figure-repair loop.

``draft_report(notes, model=..., hits=..., outline=...)`` yields, in order::

    SectionStarted(section_id, heading, level, note_items)   for every section (parents too)
    Token(section_id, text)                                  the model's raw stream (or offline sentences)
    RepairAttempt(section_id, attempt, problems)             before a re-ask; the UI clears the section
    SectionDone(section, check)                              ``section.text`` is the final, cleaned text
    DraftDone(draft)                                         once, at the end

With ``model=None`` (the offline provider) each section is rendered from its note items with fixed
sentence patterns. With a model, each leaf section is one chat call whose prompt shares its prefix
(system message + all notes + masked style excerpts) with every other section, so a llama.cpp server's
prompt cache is reused; the section task comes last. With ``retrieve=`` each section quotes its own
retrieved examples, so only the system message is shared (the local provider quotes none, so its
prefix stays shared). Model output is cleaned (letter framing, fences,
repeated headings, list markers) and the heading layout is produced here, never by the model.

After each section the checker (``assistant.check``) runs against the notes; blocking
figures trigger up to ``max_repairs`` re-asks with the checker's instructions, and what still fails is
marked 【待核实】/[to verify] by ``mark_unverified``. Every repair is recorded in the draft.
"""

from __future__ import annotations

import datetime as _dt
import logging
import time
from collections.abc import Iterator, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from assistant import check as check_module
from assistant.documents import Hit
from assistant.drafting.cleanup import (
    clean_model_output,
    cut_runaway,
    drop_unsupported_clauses,
    end_sentence,
    norm_title,
    trim_fragment,
)
from assistant.drafting.examples import (
    SectionRetrieve,
    _section_hits,
    _takes_section,
    draft_ids,
    section_query,
    unique_hits,
)
from assistant.drafting.model import (
    Draft,
    DraftDone,
    DraftEvent,
    DraftInterrupted,
    DraftSection,
    RepairAttempt,
    SectionDone,
    SectionStarted,
    Token,
    instruction_warnings,
    interrupted_marker,
    not_drafted_marker,
)
from assistant.drafting.offline import _section_kind, missing_items, offline_text, opening_text, overview_text
from assistant.drafting.prompting import (
    SHARED_NOTES_CHARS,
    section_messages,
    section_token_budget,
    stop_sequences,
    style_block,
)
from assistant.drafting.repair import check_section, mark_remaining, outline_part, repair_loop, summary_of
from assistant.errors import ModelError
from assistant.facts import fixed_facts
from assistant.llm.streaming import stream_text
from assistant.notes import NoteItem, Notes
from assistant.outline import Outline, OutlineOptions, make_outline

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)

def _stream_text(model: BaseChatModel, messages: list[BaseMessage], section_id: str,
                 buffer: list[str], call: dict[str, Any] | None = None) -> Iterator[Token]:
    for content in stream_text(model, messages, **(call or {})):
        buffer.append(content)
        yield Token(section_id, content)


def draft_report(
    notes: Notes,
    *,
    model: BaseChatModel | None = None,
    hits: Sequence[Hit] = (),
    outline: Outline | None = None,
    options: OutlineOptions | None = None,
    provider: str = "offline",
    banner: str | None = None,
    check: bool = True,
    max_repairs: int = 2,
    today: _dt.date | None = None,
    shared_notes: bool = False,
    local: bool | None = None,
    retrieve: SectionRetrieve | None = None,
    section_checks: bool = True,
) -> Iterator[DraftEvent]:
    """Draft the report for ``notes`` section by section; see the module docstring for the events.

    ``model`` None renders offline. ``hits`` are retrieved example passages (style only). ``outline``
    defaults to :func:`make_outline` (``options`` picks another structure). ``check`` runs the figure
    checker per section. ``shared_notes`` puts all notes in the
    shared prompt prefix (off: see :mod:`assistant.drafting.prompting`). A section the model leaves empty is rendered offline.
    ``local`` (default: ``provider == "local"``) applies the small-model guards: no style excerpts
    (the masked placeholders invited a 1.5B model to invent numbers), a per-section token budget proportional to its notes, stop
    sequences, and a trailing unfinished sentence dropped. Every model's output is cut where it runs on
    into another section (:func:`cut_runaway`).

    ``retrieve`` retrieves each leaf section's own examples: ``retrieve(query, language)`` (or with
    ``section=`` the section's :func:`draft_ids` id, when it accepts that keyword) with the query
    :func:`section_query`; the section's prompt quotes its own hits (masked, not for the local
    provider), its :class:`DraftSection` records them, and the checker's example-leak detection sees
    ``hits`` plus the section's own. ``hits`` still shape the outline's titles, and without
    ``retrieve`` every section uses them.

    ``section_checks=False`` leaves the offline-rendered sections of an offline draft (``model`` None)
    unchecked and unmarked (``check`` None): the caller checks the whole draft once and marks what it
    flags (:meth:`assistant.services.session.SessionWorkflow.draft`). Model-written sections are still
    checked (their repair loop needs it).
    """
    local = provider == "local" if local is None else local
    outline = outline or make_outline(notes, hits, options, today=today)
    language = notes.language
    by_id = {i.item_id: i for i in notes.items}
    checker = check_module if check else None
    facts = fixed_facts(notes) if check else None  # the user's corrections of the fact table
    excerpts = model is not None and not local  # a small local model quotes no excerpts (see prompting)
    positions = draft_ids(outline)
    takes_section = retrieve is not None and _takes_section(retrieve)
    all_hits: list[Hit] = list(hits)
    draft = Draft(
        title=outline.title,
        language=language,
        provider=provider,
        sections=[],
        examples=[h.as_json() for h in hits],
        banner=banner,
        title_items=list(outline.title_items),
        warnings=instruction_warnings(notes),
    )
    for line, _text, reason in notes.suspicious_lines:
        log.warning("notes line %d reads like an instruction to the assistant (%s); drafted as text", line,
                    reason)
    first_summary_leaf = True
    connectives = 0  # rotation of the offline connectives across sections
    for top in outline.sections:
        for section, parent in [(top, None), *[(c, top) for c in top.children]]:
            heading = section.heading(language)
            ds = DraftSection(section.section_id, section.title, heading, section.level,
                              note_items=list(section.note_items),
                              parent_id=parent.section_id if parent else None,
                              draft_id=positions.get(section.section_id, ""))
            draft.sections.append(ds)
            yield SectionStarted(ds.section_id, heading, ds.level, tuple(ds.note_items))
            if section.children:
                if model is None and section.kind in ("summary", "plan"):
                    opening = (opening_text(section.kind, language,
                                            organisation=notes.metadata.get("organisation", "").strip(),
                                            summary_year=outline.summary_year, plan_year=outline.plan_year,
                                            genre=outline.genre)
                               if section.kind == "summary" else "")
                    part_items = [by_id[i] for c in section.children for i in c.note_items if i in by_id]
                    overview = overview_text(section.kind, part_items, language, summary_year=outline.summary_year,
                                             plan_year=outline.plan_year)
                    ds.text = ("" if language == "zh" else " ").join(t for t in (opening, overview) if t)
                    if ds.text:
                        yield Token(ds.section_id, ds.text)
                        if section.kind == "summary":
                            first_summary_leaf = False  # the opening already names the year
                yield SectionDone(ds, None)
                continue
            started = time.perf_counter()
            items = [by_id[i] for i in section.note_items]
            kind = _section_kind(section, parent, notes, items)
            ds.example_hits = _section_hits(retrieve, takes_section, section_query(section.title, items), language,
                                            ds.draft_id, hits)
            all_hits = unique_hits(all_hits, ds.example_hits)
            check_hits = unique_hits(hits, ds.example_hits)  # the leak check sees every example in play
            if excerpts:
                style, used_examples = style_block(ds.example_hits, language)
            else:
                style, used_examples = style_block((), language)
            if model is None:
                sentences = offline_text(kind, items, language, plan_year=outline.plan_year,
                                         first_in_summary=first_summary_leaf and kind == "summary",
                                         summary_year=outline.summary_year, connective_start=connectives)
                connectives += len(items) // 2
                joiner = "" if language == "zh" else " "
                for n, s in enumerate(sentences):
                    yield Token(ds.section_id, (joiner if n else "") + s)
                ds.text = joiner.join(sentences)
            else:
                ds.examples = list(used_examples)
                yield from _draft_with_model(model, notes, outline, ds, items, style, checker, check_hits,
                                             max_repairs, SHARED_NOTES_CHARS if shared_notes else 0,
                                             kind=kind, local=local)
                if items and not ds.text.strip():
                    log.warning("section %s: the model wrote nothing usable; rendered offline", ds.section_id)
                    joiner = "" if language == "zh" else " "
                    ds.text = joiner.join(offline_text(kind, items, language, plan_year=outline.plan_year,
                                                       summary_year=outline.summary_year))
                    ds.fallback = True
                    ds.check = None
                missing = missing_items(items, ds.text)
                if missing and not ds.fallback:
                    joiner = "" if language == "zh" else " "
                    extra = joiner.join(offline_text(kind, missing, language, plan_year=outline.plan_year,
                                                     summary_year=outline.summary_year))
                    ds.text = f"{ds.text.rstrip()}\n\n{extra}" if ds.text.strip() else extra
                    ds.appended_items = [i.item_id for i in missing]
                    log.info("section %s: the model left out %s; appended from the notes", ds.section_id,
                             ds.appended_items)
                    yield Token(ds.section_id, "\n\n" + extra)
                    if checker is not None and ds.check is not None:
                        ds.check = summary_of(check_section(notes.text, ds.text, check_hits,
                                                            outline_part(outline, ds.section_id), facts))
            if kind == "summary":
                first_summary_leaf = False
            if checker is not None and ds.text and ds.check is None and (section_checks or model is not None):
                result = check_section(notes.text, ds.text, check_hits, outline_part(outline, ds.section_id), facts)
                ds.check = summary_of(result)
                blocking = list(checker.blocking_figures(result))
                if blocking:
                    ds.text = checker.mark_unverified(ds.text, result, language)
                    ds.unverified = len(blocking)
            ds.seconds = time.perf_counter() - started
            yield SectionDone(ds, ds.check)
    draft.examples = [h.as_json() for h in all_hits]
    yield DraftDone(draft)


def _draft_with_model(
    model: BaseChatModel,
    notes: Notes,
    outline: Outline,
    ds: DraftSection,
    items: Sequence[NoteItem],
    style: str,
    checker: ModuleType | None,
    hits: Sequence[Hit],
    max_repairs: int,
    notes_budget: int = SHARED_NOTES_CHARS,
    *,
    kind: str = "",
    local: bool = False,
) -> Iterator[DraftEvent]:

    language = notes.language
    if not items:
        ds.text = ""
        return
    messages = section_messages(notes=notes, report_title=outline.title, style=style, heading=ds.heading,
                                items=items, notes_budget=notes_budget, kind=kind)
    call: dict[str, Any] | None = None
    if local:
        call = {"stop": stop_sequences(language),
                "extra_body": {"max_tokens": section_token_budget(items, language)}}
    others = [s.title for s in outline.walk() if s.section_id != ds.section_id and s.title != ds.title]

    def finish(reply: str) -> tuple[str, str]:
        cut = cut_runaway(reply, others)
        cleaned = clean_model_output(cut, ds.heading, ds.title, language)
        if not local:
            return cut, cleaned
        report = norm_title(outline.title)
        cleaned = "\n\n".join(p for p in cleaned.split("\n\n") if norm_title(p) != report)
        return cut, end_sentence(drop_unsupported_clauses(trim_fragment(cleaned), items, language), language)

    def stream(convo: list[BaseMessage], buffer: list[str]) -> Iterator[DraftEvent]:
        t0 = time.perf_counter()
        yield from _stream_text(model, convo, ds.section_id, buffer, call)
        ds.model_seconds += time.perf_counter() - t0

    buffer: list[str] = []
    yield from stream(messages, buffer)
    raw, text = finish("".join(buffer))
    if checker is None:
        ds.text = text
        return
    outcome = yield from repair_loop(
        check=lambda t: check_section(notes.text, t, hits, outline_part(outline, ds.section_id), fixed_facts(notes)),
        messages=messages, raw=raw, text=text, heading=ds.heading, language=language, max_repairs=max_repairs,
        stream=stream, finish=finish,
        announce=lambda attempt, problems: RepairAttempt(ds.section_id, attempt, problems))
    ds.repairs.extend(outcome.repairs)
    ds.check = summary_of(outcome.result)
    ds.text, ds.unverified = mark_remaining(outcome.text, outcome.result, outcome.blocking, language)
    if outcome.blocking:
        log.info("section %s: %d figure(s) marked unverified after %d repair(s)", ds.section_id,
                 len(outcome.blocking), len(outcome.repairs))


def run_draft(events: Iterator[DraftEvent]) -> Draft:
    """Consume the events and return the final draft (for callers that do not stream)."""
    final: Draft | None = None
    for event in events:
        if isinstance(event, DraftDone):
            final = event.draft
    if final is None:  # pragma: no cover - draft_report always ends with DraftDone
        raise ModelError("drafting ended without a draft")
    return final


def draft_resilient(
    notes: Notes,
    *,
    model: Any = None,
    hits: Sequence[Hit] = (),
    outline: Outline | None = None,
    options: OutlineOptions | None = None,
    provider: str = "offline",
    banner: str | None = None,
    check: bool = True,
    retrieve: SectionRetrieve | None = None,
    local: bool | None = None,
    section_checks: bool = True,
) -> Iterator[DraftEvent | DraftInterrupted]:
    """:func:`draft_report`'s events; on a :class:`ModelError` a
    :class:`DraftInterrupted` then a ``DraftDone`` with everything kept (see the module docstring)."""
    outline = outline or make_outline(notes, hits, options)
    language = notes.language
    done: dict[str, DraftSection] = {}
    raw: dict[str, str] = {}
    complete_raw: dict[str, str] = {}  # the last complete model reply of a section being repaired
    current: str | None = None
    try:
        for event in draft_report(notes, model=model, hits=hits, outline=outline, provider=provider,
                                  banner=banner, check=check, retrieve=retrieve, local=local,
                                  section_checks=section_checks):
            if isinstance(event, SectionStarted):
                current = event.section_id
                raw[current] = ""
            elif isinstance(event, Token):
                raw[event.section_id] = raw.get(event.section_id, "") + event.text
            elif isinstance(event, RepairAttempt):
                complete_raw[event.section_id] = raw.get(event.section_id, "")
                raw[event.section_id] = ""
            elif isinstance(event, SectionDone):
                done[event.section.section_id] = event.section
                current = None
            yield event
    except ModelError as exc:
        sections: list[DraftSection] = []
        failed_heading = ""
        for top in outline.sections:
            for section, parent in [(top, None), *[(c, top) for c in top.children]]:
                sid = section.section_id
                if sid in done:
                    sections.append(done[sid])
                    continue
                heading = section.heading(language)
                ds = DraftSection(sid, section.title, heading, section.level, note_items=list(section.note_items),
                                  parent_id=parent.section_id if parent else None)
                if section.children:
                    sections.append(ds)
                    continue
                if sid == current:
                    failed_heading = heading
                    text = raw.get(sid, "") or complete_raw.get(sid, "")
                    body = clean_model_output(text, heading, section.title, language) if text.strip() else ""
                    sep = "" if language == "zh" else " "
                    ds.text = (body + sep + interrupted_marker(language)).strip()
                elif section.note_items:
                    ds.text = not_drafted_marker(language)
                sections.append(ds)
        draft = Draft(title=outline.title, language=language, provider=provider, sections=sections,
                      examples=[h.as_json() for h in hits], banner=banner,
                      title_items=list(outline.title_items), warnings=instruction_warnings(notes))
        log.warning("drafting stopped at section %s (%d section(s) done): %s", current, len(done),
                    getattr(exc, "kind", type(exc).__name__))
        kept = sum(1 for d in done.values() if d.text.strip())
        yield DraftInterrupted(current or "", failed_heading, exc, kept)
        yield DraftDone(draft)
