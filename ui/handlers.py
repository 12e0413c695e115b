"""Event handlers of the web UI: inputs → :mod:`assistant.services` → :mod:`ui.views`.

Each handler takes the :class:`~ui.context.AppContext`, the browser's current session id and page
language plus the event's inputs, calls the session workflow (:class:`SessionWorkflow`) and returns a
:class:`~ui.views.View` (or yields Views while a draft streams). ``ui/app.py`` turns a View into
component updates. The chat's words come from :mod:`ui.i18n`; what a message asks for from
:func:`assistant.services.intents.classify`.

Errors never escape: an :class:`AssistantError` becomes its own message in the chat; anything else
is logged with its traceback and shown as a generic message.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from assistant.errors import InputError
from assistant.outline import OutlineOptions
from assistant.sanitize import markdown_text
from assistant.sections import DraftTree, Section, parse_draft, replace_section
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
from assistant.services.intents import Intent, SectionRequest, classify, resolve_section_ref
from assistant.services.jobs import Job, JobRefused, JobServices, progress, registry, track
from assistant.services.session import SessionWorkflow
from assistant.store import Version
from ui import outline_tab, render
from ui.context import AppContext
from ui.facts_view import year_notices
from ui.i18n import t
from ui.views import (
    PartialDraft,
    View,
    describe_structure,
    draft_facts,
    draft_html_of,
    fault_text,
    fold_draft_event,
    render_view,
    safe_stream,
    section_choices,
    top_sections,
)

log = logging.getLogger(__name__)

STREAM_INTERVAL_S = 0.08  # at most ~12 page updates a second while a draft streams
CHAT_REFRESH_S = 1.0  # how often a streaming draft re-reads the chat (messages answered meanwhile)


# ============================================================================================ chat


@safe_stream
def send_message(ctx: AppContext, session_id: str, lang: str, message: str, *,
                 user: str | None = None) -> Iterator[View]:
    """A chat message: notes (first draft or added notes), a structure, rewrite or regenerate request,
    a question, a short message that is not notes (a reply, never a draft), or "停止" / "stop".

    At most one draft or rewrite runs per session (:mod:`assistant.services.jobs`): a message that
    would start another while one runs is refused with a message, never run alongside."""
    text = (message or "").strip()
    if not text:
        yield render_view(ctx, session_id, lang, notice=t(lang, "msg_empty"))
        return
    if len(text) > ctx.settings.max_notes_chars:
        raise InputError(
            f"消息过长（{len(text)} 字，上限 {ctx.settings.max_notes_chars} 字）。"
            if lang == "zh"
            else f"The message is too long ({len(text)} characters; the limit is {ctx.settings.max_notes_chars})."
        )
    jobs = registry(ctx)
    work = SessionWorkflow(ctx, session_id)
    head = ctx.store.head(session_id)
    intent = classify(text, has_draft=head is not None, structure=work.structure())
    ctx.store.add_message(session_id, "user", text)
    if intent.kind == "stop":
        stopping = jobs.cancel(session_id)
        work.reply(t(lang, "msg_stopping" if stopping else "msg_nothing_running"), {"kind": "stop"})
        yield render_view(ctx, session_id, lang)
        return
    if intent.kind == "chat":
        work.reply(t(lang, "msg_chat_reply"), {"kind": "chat"})
        yield render_view(ctx, session_id, lang)
        return
    if intent.kind == "question" and intent.section is None and intent.structure is None:
        work.reply(answer_question(ctx, session_id, lang, text))
        yield render_view(ctx, session_id, lang)
        return
    kind = "rewrite" if intent.section is not None and head is not None and intent.structure is None else "draft"
    yield from run_job(ctx, session_id, lang, user, kind,
                       lambda job_work, job: _dispatch(ctx, job_work, job, lang, text, intent, head))


def _dispatch(ctx: AppContext, work: SessionWorkflow, job: Job, lang: str, text: str, intent: Intent,
              head: Version | None) -> Iterator[View]:
    session_id = work.session_id
    if intent.structure is not None:
        yield from _restructure(ctx, work, job, lang, intent.structure)
    elif intent.kind == "outline_edit" and intent.edit is not None:  # "把第三项并入第一项" (ui/outline_tab.py)
        if outline_tab.chat_edit(ctx, work, lang, intent.edit):
            yield from _draft(ctx, work, job, lang, work.notes_text(), cause="restructure")
        else:
            yield render_view(ctx, session_id, lang)
    elif intent.kind == "first_notes" and outline_tab.is_draft_request(text) and work.notes_text().strip():
        yield from _draft(ctx, work, job, lang, work.notes_text(), cause="first_draft")  # "按提纲起草" after the outline
    elif intent.kind == "first_notes":
        work.set_notes(text, cause="user")
        if outline_tab.outline_first_on(ctx, session_id):  # outline first: show it, draft on request
            outline_tab.show_outline_in_chat(ctx, work, lang)
            yield render_view(ctx, session_id, lang)
            return
        yield from _draft(ctx, work, job, lang, text, cause="first_draft")
    elif intent.kind == "regenerate" and intent.section is not None and head is not None:
        section, question = _resolve(parse_draft(head.text), intent.section.ref, lang)
        if section is None:
            work.reply(question, {"kind": "question"})
            yield render_view(ctx, session_id, lang)
        else:
            yield from outline_tab.regenerate_from_chat(ctx, work, lang, section.id)
    elif intent.section is not None and head is not None:
        yield from _rewrite(ctx, work, job, lang, parse_draft(head.text), intent.section)
    elif intent.kind == "question":
        work.reply(answer_question(ctx, session_id, lang, text))
        yield render_view(ctx, session_id, lang)
    else:
        yield from _draft(ctx, work, job, lang, work.add_notes(text), cause="added_notes")


def run_job(ctx: AppContext, session_id: str, lang: str, user: str | None, kind: str,
            body: Callable[[SessionWorkflow, Job], Iterator[View]]) -> Iterator[View]:
    """Run ``body`` as the session's one job: refused with a chat message (and a notice) when the
    session or the user already has one running; the job is cancelled when the stream is closed early
    (the browser went away: Gradio closes the handler's generator, and the close reaches the model
    stream), and released at the end whatever happens."""
    jobs = registry(ctx)
    try:
        job = jobs.start(session_id, user=user, kind=kind)
    except JobRefused as exc:
        message = exc.message(lang)
        ctx.store.add_message(session_id, "assistant", message, meta={"kind": "refused", "reason": exc.reason})
        yield render_view(ctx, session_id, lang, notice=message)
        return
    finished = False
    try:
        yield from body(SessionWorkflow(cast(Any, JobServices(ctx, job)), session_id), job)
        finished = True
    finally:
        if not finished:
            job.cancel("disconnect")
        jobs.finish(job)


def job_running(ctx: AppContext, session_id: str) -> bool:
    """Whether a draft or rewrite of the session is running now."""
    return bool(session_id) and registry(ctx).running(session_id)


def stop_job(ctx: AppContext, session_id: str, lang: str) -> str:
    """The Stop button: cancel the session's running draft or rewrite; a notice for the page."""
    return t(lang, "msg_stopping" if registry(ctx).cancel(session_id) else "msg_nothing_running")


def progress_text(job: Job, lang: str) -> str:
    """The progress line above the draft: "第 3/9 节 · 约 40 秒" / "Section 3/9 · about 40 s"."""
    current, total, seconds = progress(job)
    if not total:
        return t(lang, "progress_writing")
    line = t(lang, "progress_section", n=current, total=total)
    return line + (t(lang, "progress_eta", seconds=seconds) if seconds is not None else "")


def _restructure(ctx: AppContext, work: SessionWorkflow, job: Job, lang: str,
                 options: OutlineOptions) -> Iterator[View]:
    """A structure request: remembered for the session; the current notes redrafted with it."""
    work.save_structure(options)
    notes_text = work.notes_text()
    if not notes_text.strip():
        work.reply(t(lang, "msg_structure_saved", structure=describe_structure(options, lang)),
                   {"kind": "structure"})
        yield render_view(ctx, work.session_id, lang)
        return
    yield from _draft(ctx, work, job, lang, notes_text, cause="restructure")


@safe_stream
def upload_notes(ctx: AppContext, session_id: str, lang: str, path: str | None, *,
                 user: str | None = None) -> Iterator[View]:
    """Notes uploaded as a file (.txt/.md/.docx): read through the project's decoder, then as a message."""
    if not path:
        yield render_view(ctx, session_id, lang)
        return
    from assistant.textio import read_text_file

    decoded = read_text_file(Path(path), max_bytes=ctx.settings.max_file_bytes)
    text = decoded.text.strip()
    if not text:
        raise InputError("文件中没有文字。" if lang == "zh" else "The file holds no text.")
    yield from send_message.__wrapped__(ctx, session_id, lang, text, user=user)  # type: ignore[attr-defined]


# ============================================================================================ drafting


def _draft(ctx: AppContext, work: SessionWorkflow, job: Job, lang: str, notes_text: str, *,
           cause: str) -> Iterator[View]:
    """Stream a draft of the notes into the page, with the progress line above it; the workflow stores
    it (a stopped draft too: the finished sections, one version); the chat says what happened."""
    session_id = work.session_id
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
            _draft_reply(work, lang, event)
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
                or now - last >= STREAM_INTERVAL_S):
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


def _draft_reply(work: SessionWorkflow, lang: str, outcome: Drafted) -> None:
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


def _rewrite(ctx: AppContext, work: SessionWorkflow, job: Job, lang: str, tree: DraftTree,
             request: SectionRequest) -> Iterator[View]:
    session_id = work.session_id
    section, question = _resolve(tree, request.ref, lang)
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
    current_sid = ""
    partial = ""
    last = 0.0
    for event in work.rewrite(tree, section.id, request.instruction):
        if isinstance(event, Rewritten):
            if event.version is None:
                work.reply(t(lang, "msg_rewrite_unchanged", title=section.label),
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
        if now - last >= STREAM_INTERVAL_S and current_sid:
            last = now
            try:
                md = replace_section(tree, current_sid, partial, own_body_only=True)
            except Exception:
                md = tree.text
            yield replace(base, chat=working, draft_markdown=md, streaming=True,
                          draft_html=draft_html_of(md, None, lang, None, streaming=True),
                          summary=t(lang, "progress_rewriting"))


@safe_stream
def rewrite_from_ui(ctx: AppContext, session_id: str, lang: str, section_id: str | None,
                    instruction: str, *, user: str | None = None) -> Iterator[View]:
    """Rewrite the section picked in the page with the typed instruction (only that section changes)."""
    head = ctx.store.head(session_id)
    if head is None:
        yield render_view(ctx, session_id, lang, notice=t(lang, "msg_no_draft"))
        return
    instruction = (instruction or "").strip()
    if not section_id or not instruction:
        yield render_view(ctx, session_id, lang, notice=t(lang, "msg_pick_section"))
        return
    label = dict((sid, lbl) for lbl, sid in section_choices(head.text)).get(section_id, section_id).strip()
    ctx.store.add_message(session_id, "user", f"{label}: {instruction}" if lang == "en" else f"{label}：{instruction}")
    tree = parse_draft(head.text)
    yield from run_job(ctx, session_id, lang, user, "rewrite",
                       lambda work, job: _rewrite(ctx, work, job, lang, tree, SectionRequest(section_id, instruction)))


def _resolve(tree: DraftTree, ref: str, lang: str) -> tuple[Section | None, str]:
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


# ============================================================================================ questions


def answer_question(ctx: AppContext, session_id: str, lang: str, question: str) -> str:
    """A short answer about the draft: an LLM answer when a model is available, else from the check."""
    head = ctx.store.head(session_id)
    if head is None:
        return t(lang, "msg_no_draft")
    facts = draft_facts(head.text, ctx.store.load_check(head.version_id), lang)
    return SessionWorkflow(ctx, session_id).answer(question, facts)


# ============================================================================================ export


_FLAG_LINE = re.compile(r"^line (\d+): (.*?)(?: \[(\w+)\])?$", re.S)


def export_flags(ctx: AppContext, session_id: str, lang: str) -> list[str]:
    """The head draft's flagged figures (【待核实】 markers left in it, figures the checker blocks against
    the notes), worded in the page language: the page asks before it offers the .docx
    (:class:`assistant.export_layout.FlaggedFiguresError` is the same rule for ``export_file``)."""
    from assistant.export_layout import flagged_figures

    head = ctx.store.head(session_id)
    if head is None:
        return []
    out: list[str] = []
    for item in flagged_figures(head.text, SessionWorkflow(ctx, session_id).notes_text()):
        m = _FLAG_LINE.match(item)
        if m is None:
            out.append(item)
            continue
        status = f" （{t(lang, 'status_' + m.group(3))}）" if m.group(3) and lang == "zh" else (
            f" ({t(lang, 'status_' + m.group(3))})" if m.group(3) else "")
        out.append(t(lang, "export_flag_line", n=m.group(1), text=m.group(2).strip()) + status)
    return out


def export_flags_markdown(flags: list[str], lang: str) -> str:
    """The confirm step's text: how many figures are flagged, and each of them."""
    shown = "\n".join(f"- {markdown_text(f)}" for f in flags[:20])
    more = f"\n- … ({len(flags)})" if len(flags) > 20 else ""
    return f"{t(lang, 'export_flagged', n=len(flags))}\n\n{shown}{more}"
