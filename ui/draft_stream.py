"""The streamed draft and rewrite in the page: :mod:`ui.handlers` starts them as the session's job,
this module turns the workflow's events into :class:`~ui.views.View` updates (the draft as it is
written, the progress line above it, "润色中 3/9" while the model polishes the instant draft) and
writes the chat messages when they end."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from dataclasses import replace

from assistant.outline import OutlineOptions
from assistant.sections import DraftTree, Section, replace_section
from assistant.services.chat_text import mask_chat
from assistant.services.events import (
    DraftBegun,
    Drafted,
    InstantDraft,
    ModelFault,
    PolishStarted,
    RepairAttempt,
    RewriteRepair,
    RewriteToken,
    Rewritten,
    SectionDone,
    SectionPolished,
    SectionStarted,
    quote_note_line,
)
from assistant.services.intents import SectionRequest, resolve_section_ref
from assistant.services.jobs import Job, progress, registry, track
from assistant.services.session import SessionWorkflow
from ui import render
from ui.context import AppContext
from ui.facts_view import year_notices
from ui.i18n import t
from ui.views import (
    PartialDraft,
    View,
    describe_structure,
    draft_html_of,
    fault_text,
    fold_draft_event,
    render_view,
    top_sections,
)

log = logging.getLogger(__name__)

STREAM_INTERVAL_S = 0.08  # at most ~12 page updates a second while one draft streams
STREAM_INTERVAL_MAX_S = 1.0  # and at least one a second, however many stream at once
CHAT_REFRESH_S = 1.0  # how often a streaming draft re-reads the chat (messages answered meanwhile)


def progress_text(job: Job, lang: str) -> str:
    """The progress line above the draft: "第 3/9 节 · 约 40 秒" / "Section 3/9 · about 40 s"."""
    current, total, seconds = progress(job)
    if not total:
        return t(lang, "progress_writing")
    line = t(lang, "progress_section", n=current, total=total)
    return line + (t(lang, "progress_eta", seconds=seconds) if seconds is not None else "")


# ============================================================================================ drafting


def stream_interval(streaming: int) -> float:
    """Seconds between one session's page updates while ``streaming`` drafts or rewrites run in this
    application: :data:`STREAM_INTERVAL_S` each, so the app sends about 12 updates a second in all
    (each renders and sends the whole view), but never less than one a second per session
    (:data:`STREAM_INTERVAL_MAX_S`). With a fixed interval, 20 concurrent drafts turned nearly every
    model chunk into a page update and the app's CPU time doubled (docs/BENCHMARKS.md, "Test suite time")."""
    return min(STREAM_INTERVAL_MAX_S, STREAM_INTERVAL_S * max(1, streaming))


def stream_draft(ctx: AppContext, work: SessionWorkflow, job: Job, lang: str, notes_text: str, *,
                 cause: str) -> Iterator[View]:
    """Stream a draft of the notes into the page, with the progress line above it; the workflow stores
    it (a stopped draft too: the finished sections, one version); the chat says what happened."""
    session_id = work.session_id
    jobs = registry(ctx)
    base = render_view(ctx, session_id, lang)
    stored = list(base.chat)
    extra: list[dict[str, str]] = []  # the messages of this draft not stored: "drafting…", repairs
    working = stored
    partial = PartialDraft()
    language = lang
    last = 0.0
    refreshed = time.monotonic()
    polishing: PolishStarted | None = None  # the section the model is polishing (after the instant draft)
    for event in track(work.draft(notes_text, cause=cause), job):
        if isinstance(event, PolishStarted):
            polishing = event
        if time.monotonic() - refreshed >= CHAT_REFRESH_S:  # messages answered meanwhile (a refusal, a reply)
            refreshed = time.monotonic()
            stored = _stored_chat(ctx, session_id, stored)
            working = [*stored, *extra]
        if isinstance(event, DraftBegun):
            language = event.notes.language
            extra.append({"role": "assistant", "content": t(lang, "msg_drafting", n=len(event.notes.items))})
            working = [*stored, *extra]
            yield replace(base, chat=working, draft_html=draft_html_of("", None, lang, language, streaming=True),
                          streaming=True, figures=[], summary=progress_text(job, lang), omitted="",
                          sources=render.sources_markdown([h.as_json() for h in event.hits], lang))
            continue
        if isinstance(event, Drafted):
            draft_reply(work, lang, event)
            yield render_view(ctx, session_id, lang, notice=mask_chat(fault_text(event, lang), lang))
            return
        fold_draft_event(partial, event)
        if isinstance(event, RepairAttempt):
            msg = t(lang, "msg_repair", section=partial.headings.get(event.section_id, "").lstrip("# "),
                    attempt=event.attempt)
            extra.append({"role": "assistant", "content": msg})
            working = [*stored, *extra]
        now = time.monotonic()
        if (isinstance(event, SectionStarted | SectionDone | RepairAttempt | InstantDraft | SectionPolished
                                  | PolishStarted)
                or now - last >= stream_interval(jobs.active())):
            last = now
            md = partial.markdown()
            yield replace(base, chat=working, draft_markdown=md, streaming=True,
                          draft_html=draft_html_of(md, None, lang, language, streaming=True,
                                                   polish=partial.polish_entries()),
                          figures=[], omitted="",
                          summary=progress_text(job, lang) if polishing is None else
                          t(lang, "progress_polish", n=polishing.index, total=polishing.total))


def _stored_chat(ctx: AppContext, session_id: str, current: list[dict[str, str]]) -> list[dict[str, str]]:
    try:
        return [{"role": m.role, "content": m.content} for m in ctx.store.list_messages(session_id)
                if m.role in ("user", "assistant")]
    except Exception:
        log.debug("could not re-read the chat", exc_info=True)
        return current


def draft_reply(work: SessionWorkflow, lang: str, outcome: Drafted) -> None:
    """The chat messages after a draft: what was drafted (or the fault), then the instruction notices."""
    if outcome.interrupted is not None:
        work.reply(mask_chat(fault_text(outcome, lang), lang), {
            "kind": outcome.cause, "error": True, "interrupted": outcome.interrupted.section_id,
            "fault": str(getattr(outcome.interrupted.error, "kind", "")), "hits": outcome.hits_json})
    else:
        summary = render.summary_line(outcome.check, lang)
        if outcome.cause == "restructure":
            sep = "；" if lang == "zh" else "; "
            reply = t(lang, "msg_restructured", structure=describe_structure(outcome.options or OutlineOptions(), lang),
                      sections=sep.join(top_sections(outcome.markdown)), summary=summary)
        else:
            key = "msg_draft_done" if outcome.cause == "first_draft" else "msg_added_notes"
            reply = t(lang, key, sections=len(top_sections(outcome.markdown)), summary=summary)
        work.reply(reply, {"kind": outcome.cause, "hits": outcome.hits_json, "provider": outcome.provider})
    instruction_notices(work, lang, outcome)
    year_notices(work, lang, outcome.notes)  # no year in the notes: the report shows 【年份】


def instruction_notices(work: SessionWorkflow, lang: str, outcome: Drafted) -> None:
    """A chat notice, in the page language, after the draft for each notes line that reads like an
    instruction to the assistant: it was drafted as ordinary text; the user decides whether it stays."""
    for line, text, reason in outcome.notes.suspicious_lines:
        work.reply(t(lang, "msg_instruction_line", line=line, quote=quote_note_line(text, lang)),
                   {"kind": "warning", "warning": "instruction_line", "line": line, "reason": reason})


# ============================================================================================ rewrite


# what an unchanged offline rewrite was asked for: more detail, or less text
_MORE = re.compile(r"具体|详细|详实|充实|丰富|展开|扩写|多写|more\s+(?:specific|detail)|\bdetail|\bexpand|\belaborate|longer",
                   re.I)
_LESS = re.compile(r"简洁|精简|压缩|缩短|简短|简练|删减|短一|少写|\bshort|\bconcise|\bcondense|\btrim|\bbrief|\bcut\b", re.I)


def _offline_hint(ctx: AppContext, lang: str, instruction: str) -> str:
    """Why an offline rewrite left the section as it was, and what helps: it writes no fact the notes
    lack (add notes for more detail) and drops none (edit by hand to leave one out)."""
    if ctx.provider().model is not None:
        return ""
    if _MORE.search(instruction):
        return t(lang, "msg_rewrite_offline_more")
    if _LESS.search(instruction):
        return t(lang, "msg_rewrite_offline_less")
    return ""


def stream_rewrite(ctx: AppContext, work: SessionWorkflow, job: Job, lang: str, tree: DraftTree,
                   request: SectionRequest) -> Iterator[View]:
    session_id = work.session_id
    section, question = resolve_section(tree, request.ref, lang)
    if section is None:
        work.reply(question, {"kind": "question"})
        yield render_view(ctx, session_id, lang)
        return
    base = render_view(ctx, session_id, lang)
    working = [*base.chat, {"role": "assistant", "content": t(lang, "draft_streaming")}]
    yield replace(base, chat=working, streaming=True, summary=t(lang, "progress_rewriting"))
    try:
        yield from _rewrite_stream(ctx, work, lang, tree, section, request, base, working)
    except ModelFault as fault:  # stopped, over budget, or a model fault: the draft stays as it was
        text = t(lang, "msg_stopped_rewrite") if fault.kind == "cancelled" else mask_chat(fault.message(lang), lang)
        work.reply(text, {"kind": "rewrite", "section_id": section.id, "error": fault.kind != "cancelled",
                          "fault": fault.kind})
        yield render_view(ctx, session_id, lang, notice="" if fault.kind == "cancelled" else text)


def _rewrite_stream(ctx: AppContext, work: SessionWorkflow, lang: str, tree: DraftTree, section: Section,
                    request: SectionRequest, base: View, working: list[dict[str, str]]) -> Iterator[View]:
    session_id = work.session_id
    jobs = registry(ctx)
    current_sid = ""
    partial = ""
    last = 0.0
    for event in work.rewrite(tree, section.id, request.instruction):
        if isinstance(event, Rewritten):
            if event.version is None:
                work.reply(t(lang, "msg_rewrite_unchanged", title=section.label)
                           + _offline_hint(ctx, lang, request.instruction),
                           {"kind": "rewrite", "section_id": section.id, "unchanged": True})
            else:
                key = "msg_regenerated" if request.regenerate else "msg_rewritten"
                work.reply(t(lang, key, title=section.label, summary=render.summary_line(event.check, lang)),
                           {"kind": "rewrite", "section_id": section.id})
            yield render_view(ctx, session_id, lang)
            return
        if not isinstance(event, RewriteToken | RewriteRepair):
            continue
        if isinstance(event, RewriteRepair) or event.section_id != current_sid:
            current_sid, partial = event.section_id, ""
        if isinstance(event, RewriteToken):
            partial += event.text
        now = time.monotonic()
        if current_sid and now - last >= stream_interval(jobs.active()):
            last = now
            try:
                md = replace_section(tree, current_sid, partial, own_body_only=True)
            except Exception:
                md = tree.text
            yield replace(base, chat=working, draft_markdown=md, streaming=True,
                          draft_html=draft_html_of(md, None, lang, None, streaming=True),
                          summary=t(lang, "progress_rewriting"))


def resolve_section(tree: DraftTree, ref: str, lang: str) -> tuple[Section | None, str]:
    """The section a reference names, or ``(None, question)`` when it is missing or ambiguous."""
    sep = "、" if lang == "zh" else "; "
    options = sep.join(s.label for s in tree.sections)
    if not ref:
        return None, t(lang, "msg_which_section", options=options)
    result = resolve_section_ref(tree, ref)
    if isinstance(result, Section):
        return result, ""
    text = getattr(result, "question", None) or getattr(result, "message", None)
    return None, str(text) if text else t(lang, "msg_which_section", options=options)
