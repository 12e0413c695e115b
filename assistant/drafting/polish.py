"""Instant offline draft, then model polish, section by section (issue 12).

``polish_report(notes, model=...)`` first renders the whole draft with the offline writer (faithful,
milliseconds) and yields its events — ``SectionStarted`` / ``Token`` / ``SectionDone`` per section —
then :class:`InstantDraft` with the complete draft. Then, for every leaf section with notes, the model
rewrites the offline text (prompt ``polish_section``: the offline section as the base to improve, the
section's notes, masked examples when not local)::

    PolishStarted(section_id, heading, index, total)
    PolishToken(section_id, text)          the cleaned text so far (a snapshot; never a prompt echo)
    RepairAttempt(section_id, attempt, problems)   a re-ask for blocking figures
    SectionPolished(section_id, text, accepted, reason, detail)
    SectionDone(section, check)            the section as it now stands

and finally ``DraftDone(draft)``. The model's text replaces the offline section only when it passes
the checker (no blocking figure, the meaning checks included), covers every note item of the section
(numeric and not: :func:`~assistant.drafting.coverage.uncovered_items`) and is not shorter in substance
(:data:`MIN_SHARE` of the offline section's characters, whitespace excluded); otherwise the offline
text stays and ``reason`` says why. Each :class:`DraftSection` records ``polish`` ("model" /
"offline") and ``polish_reason``.

A :class:`~assistant.errors.ModelError` stops the polish: the section being polished and the rest keep
their offline text (reason ``fault`` — ``stopped`` for the user's Stop — / ``not_reached``), then ``DraftInterrupted`` and ``DraftDone``
with the complete draft — nothing finished is lost.
"""

from __future__ import annotations

import copy
import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from assistant.documents import Hit
from assistant.drafting.cleanup import (
    clean_model_output,
    cut_runaway,
    end_sentence,
    norm_title,
    trim_fragment,
)
from assistant.drafting.coverage import substance, uncovered_items
from assistant.drafting.examples import (
    SectionRetrieve,
    _section_hits,
    _takes_section,
    section_query,
    unique_hits,
)
from assistant.drafting.model import (
    Draft,
    DraftDone,
    DraftEvent,
    DraftInterrupted,
    DraftSection,
    InstantDraft,
    PolishStarted,
    PolishToken,
    RepairAttempt,
    SectionDone,
    SectionPolished,
)
from assistant.drafting.offline import _section_kind
from assistant.drafting.pipeline import draft_report
from assistant.drafting.prompting import section_items_block, stop_sequences, style_block
from assistant.drafting.repair import check_section, outline_part, repair_loop, section_part, summary_of
from assistant.errors import ModelError
from assistant.facts import fixed_facts
from assistant.llm.prompts import load_prompt, quote_data
from assistant.llm.streaming import stream_text
from assistant.notes import NoteItem, Notes
from assistant.outline import Outline, OutlineOptions, OutlineSection, make_outline

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)

MIN_SHARE = 0.9  # a polished section keeps at least this share of the offline section's substance
POLISH_BUDGET_MAX = 1024  # tokens, local model
ACCEPTED = "accepted"
REJECT_EMPTY = "empty"
REJECT_CHECK = "checker"
REJECT_ITEMS = "dropped_items"
REJECT_SHORTER = "shorter"
REJECT_FAULT = "fault"
NOT_REACHED = "not_reached"
STOPPED = "stopped"  # the user's Stop (or the job's time budget) ended the polish in this section
STOP_KINDS = ("cancelled", "budget")  # ModelFault kinds that are a stop, not a model failure

REASONS = {
    "zh": {ACCEPTED: "已由模型润色", REJECT_EMPTY: "模型没有写出可用的文字，保留初稿",
           REJECT_CHECK: "模型润色稿中有数字未通过核对，保留初稿", REJECT_ITEMS: "模型润色稿漏写了要点，保留初稿",
           REJECT_SHORTER: "模型润色稿比初稿短，保留初稿", REJECT_FAULT: "模型出错，保留初稿",
           NOT_REACHED: "润色中断，保留初稿", STOPPED: "润色已停止，保留初稿"},
    "en": {ACCEPTED: "polished by the model", REJECT_EMPTY: "the model wrote nothing usable; draft kept",
           REJECT_CHECK: "a figure in the model's text failed the check; draft kept",
           REJECT_ITEMS: "the model's text left out a note; draft kept",
           REJECT_SHORTER: "the model's text was shorter than the draft; draft kept",
           REJECT_FAULT: "the model failed; draft kept", NOT_REACHED: "polishing stopped; draft kept",
           STOPPED: "polishing was stopped; draft kept"},
}


def reason_text(reason: str, language: str) -> str:
    """A polish reason code in words (zh / en)."""
    table = REASONS["zh" if language == "zh" else "en"]
    return table.get(reason, reason)


_OPEN_ECHO = re.compile(r"[【\[][^】\]\n]{0,12}$")
_TRAILING_MARKUP = re.compile(r"[*#`_>|~-]+$")


def stream_safe(text: str) -> str:
    """The cleaned snapshot of a reply still arriving, with an unfinished 【… / [… and trailing
    Markdown characters cut (they may turn into a prompt echo or half-Markdown)."""
    text = _OPEN_ECHO.sub("", text)
    return _TRAILING_MARKUP.sub("", text.rstrip()).rstrip()


def polish_budget(offline: str, language: str) -> int:
    """Completion tokens for a local polish: room for about 1.4× the offline section."""
    size = substance(offline)
    tokens = size * 1.0 if language == "zh" else size / 3.0
    return int(min(POLISH_BUDGET_MAX, max(128, tokens + 96)))


def polish_hint(language: str, kind: str, items: int) -> str:
    """The section's task hint: its list pattern for exactly ``items`` points (a model asked for "First, …
    Second, …" over one problem invented the second), and no fact beyond the draft."""
    if language == "zh":
        noun = {"problems": "问题", "measures": "举措", "plan": "重点任务"}.get(kind, "")
        if noun and items >= 2:
            lead = "先写目标，再" if kind == "plan" else ""
            pattern = f"{lead}把{items}条{noun}用“一是……二是……”逐条写，正好{items}条，不得增加。"
        elif noun:
            pattern = f"本节只有1条{noun}，直接写明，不要用“一是、二是”，不得增加其他{noun}。"
        else:
            pattern = ""
        return pattern + "不要补充初稿和要点以外的任何数字、事实、原因或条目，不要加标题。"
    noun = {"problems": "problems", "measures": "measures", "plan": "measures"}.get(kind, "")
    if noun and items >= 2:
        lead = "State the targets, then list " if kind == "plan" else "List "
        pattern = f"{lead}the {items} {noun} as 'First, … Second, …': exactly {items}, add none. "
    elif noun:
        pattern = f"There is one {noun[:-1]} only: state it plainly, without 'First'/'Second', and add no other. "
    else:
        pattern = ""
    return pattern + "Add no figure, fact, cause or point beyond the draft and the notes; no headings. "


def _leaves(outline: Outline) -> list[tuple[OutlineSection, OutlineSection | None]]:
    out: list[tuple[OutlineSection, OutlineSection | None]] = []
    for top in outline.sections:
        for section, parent in [(top, None), *[(c, top) for c in top.children]]:
            if not section.children and section.note_items:
                out.append((section, parent))
    return out


def polish_report(
    notes: Notes,
    *,
    model: BaseChatModel,
    hits: Sequence[Hit] = (),
    late_hits: Callable[[], Sequence[Hit]] | None = None,
    outline: Outline | None = None,
    options: OutlineOptions | None = None,
    provider: str = "offline",
    banner: str | None = None,
    check: bool = True,
    max_repairs: int = 1,
    local: bool | None = None,
    retrieve: SectionRetrieve | None = None,
    min_share: float = MIN_SHARE,
) -> Iterator[DraftEvent | DraftInterrupted]:
    """The instant offline draft, then the model's polish of each leaf section (module docstring).

    ``hits`` are examples known at once; ``late_hits`` (called after the instant draft) finds them
    when retrieval is slow, so the instant draft never waits for it. ``retrieve`` gives each section its
    own examples (as in :func:`~assistant.drafting.pipeline.draft_report`). ``local`` (default
    ``provider == "local"``): no style excerpts, a token budget from the offline text, stop sequences.
    """
    local = provider == "local" if local is None else local
    language = notes.language
    outline = outline or make_outline(notes, hits, options)
    draft: Draft | None = None
    # the checker runs after the instant draft is out (it is most of the offline draft's time on long
    # notes); the offline writer only copies the notes, and a flagged figure is marked before polishing
    for event in draft_report(notes, model=None, hits=hits, outline=outline, provider=provider, banner=banner,
                              check=False):
        if isinstance(event, DraftDone):
            draft = event.draft
        else:
            yield event
    if draft is None:  # pragma: no cover - draft_report always ends with DraftDone
        raise ModelError("drafting ended without a draft")
    yield InstantDraft(copy.deepcopy(draft))
    if check:
        yield from _check_offline(draft, notes, hits)
    if late_hits is not None:
        hits = unique_hits(hits, late_hits())
        draft.examples = [h.as_json() for h in hits]
    by_id = {i.item_id: i for i in notes.items}
    leaves = [(s, p) for s, p in _leaves(outline) if draft.section(s.section_id).text.strip()]
    takes_section = retrieve is not None and _takes_section(retrieve)
    all_hits = list(hits)
    current: DraftSection | None = None
    try:
        for n, (section, parent) in enumerate(leaves, start=1):
            ds = draft.section(section.section_id)
            current = ds
            yield PolishStarted(ds.section_id, ds.heading, n, len(leaves))
            items = [by_id[i] for i in section.note_items if i in by_id]
            kind = _section_kind(section, parent, notes, items)
            ds.example_hits = _section_hits(retrieve, takes_section, section_query(section.title, items), language,
                                            ds.draft_id, hits)
            all_hits = unique_hits(all_hits, ds.example_hits)
            check_hits = unique_hits(hits, ds.example_hits)
            style, used = style_block(() if local else ds.example_hits, language)
            yield from _polish_section(model, notes, outline, ds, items, kind, style, used, check_hits,
                                       local=local, check=check, max_repairs=max_repairs, min_share=min_share)
            current = None
    except ModelError as exc:
        kept = sum(1 for s in draft.sections if s.text.strip())
        failed = current
        fault = STOPPED if getattr(exc, "kind", "") in STOP_KINDS else REJECT_FAULT
        for section, _parent in leaves:
            ds = draft.section(section.section_id)
            if not ds.polish:
                ds.polish = "offline"
                ds.polish_reason = fault if ds is failed else NOT_REACHED
        if failed is not None:
            yield SectionPolished(failed.section_id, failed.text, False, fault, str(exc))
            yield SectionDone(failed, failed.check)
        log.warning("polishing stopped at section %s: %s", failed.section_id if failed else "-",
                    getattr(exc, "kind", type(exc).__name__))
        draft.examples = [h.as_json() for h in all_hits]
        yield DraftInterrupted(failed.section_id if failed else "", failed.heading if failed else "", exc, kept)
        yield DraftDone(draft)
        return
    draft.examples = [h.as_json() for h in all_hits]
    yield DraftDone(draft)


def _check_offline(draft: Draft, notes: Notes, hits: Sequence[Hit]) -> Iterator[DraftEvent]:
    """Check every offline section against the notes (as ``draft_report(check=True)`` does): record the
    check, mark a blocking figure 【待核实】 and re-yield the section when its text changed."""
    from assistant import check as checker

    for ds in draft.sections:
        if not ds.text.strip():
            continue
        result = check_section(notes.text, ds.text, hits, section_part(draft.sections, ds), fixed_facts(notes))
        ds.check = summary_of(result)
        blocking = list(checker.blocking_figures(result))
        if blocking:
            ds.text = checker.mark_unverified(ds.text, result, notes.language)
            ds.unverified = len(blocking)
            yield SectionDone(ds, ds.check)


def _polish_section(
    model: BaseChatModel,
    notes: Notes,
    outline: Outline,
    ds: DraftSection,
    items: Sequence[NoteItem],
    kind: str,
    style: str,
    used: Sequence[str],
    hits: Sequence[Hit],
    *,
    local: bool,
    check: bool,
    max_repairs: int,
    min_share: float,
) -> Iterator[DraftEvent]:
    language = notes.language
    offline = ds.text
    started = time.perf_counter()
    messages = load_prompt("polish_section", language).to_messages(
        report_title=quote_data(outline.title), style_block=style, section_heading=quote_data(ds.heading),
        section_items=section_items_block(items), offline_text=quote_data(offline),
        length_hint=polish_hint(language, kind, len(items)))
    call: dict[str, Any] = {}
    if local:
        call = {"stop": stop_sequences(language), "extra_body": {"max_tokens": polish_budget(offline, language)}}
    others = [s.title for s in outline.walk() if s.section_id != ds.section_id and s.title != ds.title]

    def finish(reply: str) -> tuple[str, str]:
        cut = cut_runaway(reply, others)
        cleaned = clean_model_output(cut, ds.heading, ds.title, language)
        report = norm_title(outline.title)
        cleaned = "\n\n".join(p for p in cleaned.split("\n\n") if norm_title(p) != report)
        if local:  # an unfinished last sentence goes; the clause filter of direct drafting does not apply:
            # the polish starts from the offline text, whose connectives it would strip (the checker,
            # the coverage and the length rules decide)
            cleaned = end_sentence(trim_fragment(cleaned), language)
        return cut, cleaned

    def stream(convo: list[BaseMessage], buffer: list[str]) -> Iterator[DraftEvent]:
        shown = ""
        for piece in stream_text(model, convo, **call):
            buffer.append(piece)
            snapshot = stream_safe(clean_model_output(cut_runaway("".join(buffer), others), ds.heading, ds.title,
                                                      language))
            if snapshot != shown:
                shown = snapshot
                yield PolishToken(ds.section_id, snapshot)

    buffer: list[str] = []
    yield from stream(messages, buffer)
    raw, text = finish("".join(buffer))
    result = None
    blocking: list[Any] = []
    if check and text.strip():
        outcome = yield from repair_loop(
            check=lambda t: check_section(notes.text, t, hits, outline_part(outline, ds.section_id), fixed_facts(notes)),
            messages=messages, raw=raw, text=text,
            heading=ds.heading, language=language, max_repairs=max_repairs, stream=stream, finish=finish,
            announce=lambda attempt, problems: RepairAttempt(ds.section_id, attempt, problems))
        text, result, blocking = outcome.text, outcome.result, outcome.blocking
        ds.repairs.extend(outcome.repairs)
    ds.model_seconds += time.perf_counter() - started
    reason, detail = ACCEPTED, ""
    if not text.strip():
        reason = REJECT_EMPTY
    elif blocking:
        reason, detail = REJECT_CHECK, "; ".join(f.figure.text for f in blocking)
    else:
        dropped = uncovered_items(items, text)
        if dropped:
            reason, detail = REJECT_ITEMS, "; ".join(f"[{i.item_id}] {i.text}" for i in dropped)
        elif substance(text) < min_share * substance(offline):
            reason, detail = REJECT_SHORTER, f"{substance(text)} < {min_share:g} × {substance(offline)}"
    accepted = reason == ACCEPTED
    ds.polish = "model" if accepted else "offline"
    ds.polish_reason = reason
    if accepted:
        ds.text = text
        ds.examples = list(used)
        if result is not None:
            ds.check = summary_of(result)
        ds.unverified = 0
    else:
        log.info("section %s: polish rejected (%s) %s", ds.section_id, reason, detail)
    yield SectionPolished(ds.section_id, ds.text, accepted, reason, detail)
    yield SectionDone(ds, ds.check)


class StandingDraft:
    """The draft as the page shows it during a polish: the instant draft, with each section replaced as
    it is finished (``SectionDone``) — what is kept when the caller goes away mid-polish."""

    def __init__(self) -> None:
        self.draft: Draft | None = None

    def fold(self, event: object) -> None:
        if isinstance(event, InstantDraft):
            self.draft = copy.deepcopy(event.draft)
        elif isinstance(event, SectionDone) and self.draft is not None:
            for n, section in enumerate(self.draft.sections):
                if section.section_id == event.section.section_id:
                    self.draft.sections[n] = copy.deepcopy(event.section)

    def stopped(self) -> Draft:
        """The standing draft; the sections the model had not finished keep their offline text."""
        assert self.draft is not None
        for section in self.draft.sections:
            if section.text.strip() and section.note_items and not section.polish:
                section.polish, section.polish_reason = "offline", NOT_REACHED
        return self.draft


def polish_marks(draft: Draft) -> list[dict[str, Any]]:
    """Per section the polish outcome, as stored with the version's check (``check["polish"]``) so the
    page can mark polished sections: heading, draft id, ``polish`` ("model" / "offline"), the reason
    code and its words in both languages. Empty when nothing was offered to a model."""
    return [{"heading": s.heading, "draft_id": s.draft_id, "polish": s.polish, "reason": s.polish_reason,
             "why": {"zh": reason_text(s.polish_reason, "zh"), "en": reason_text(s.polish_reason, "en")}}
            for s in draft.sections if s.polish]
