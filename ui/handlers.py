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
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from assistant.errors import InputError
from assistant.outline import OutlineOptions
from assistant.sections import DraftTree, Section, parse_draft, replace_section
from assistant.services.events import (
    DraftBegun,
    Drafted,
    RepairAttempt,
    RewriteRepair,
    RewriteToken,
    Rewritten,
    SectionDone,
    SectionStarted,
    quote_note_line,
)
from assistant.services.intents import SectionRequest, classify, resolve_section_ref
from assistant.services.session import SessionWorkflow
from ui import outline_tab, render
from ui.context import AppContext
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


# ============================================================================================ chat


@safe_stream
def send_message(ctx: AppContext, session_id: str, lang: str, message: str) -> Iterator[View]:
    """A chat message: notes (first draft or added notes), a structure, rewrite or regenerate request,
    or a question."""
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
    work = SessionWorkflow(ctx, session_id)
    ctx.store.add_message(session_id, "user", text)
    head = ctx.store.head(session_id)
    intent = classify(text, has_draft=head is not None, structure=work.structure())
    if intent.structure is not None:
        yield from _restructure(ctx, work, lang, intent.structure)
    elif intent.kind == "outline_edit" and intent.edit is not None:  # "把第三项并入第一项" (ui/outline_tab.py)
        if outline_tab.chat_edit(ctx, work, lang, intent.edit):
            yield from _draft(ctx, work, lang, work.notes_text(), cause="restructure")
        else:
            yield render_view(ctx, session_id, lang)
    elif intent.kind == "first_notes" and outline_tab.is_draft_request(text) and work.notes_text().strip():
        yield from _draft(ctx, work, lang, work.notes_text(), cause="first_draft")  # "按提纲起草" after the outline
    elif intent.kind == "first_notes":
        work.set_notes(text, cause="user")
        if outline_tab.outline_first_on(ctx, session_id):  # outline first: show it, draft on request
            outline_tab.show_outline_in_chat(ctx, work, lang)
            yield render_view(ctx, session_id, lang)
            return
        yield from _draft(ctx, work, lang, text, cause="first_draft")
    elif intent.kind == "regenerate" and intent.section is not None and head is not None:
        section, question = _resolve(parse_draft(head.text), intent.section.ref, lang)
        if section is None:
            work.reply(question, {"kind": "question"})
            yield render_view(ctx, session_id, lang)
        else:
            yield from outline_tab.regenerate_from_chat(ctx, work, lang, section.id)
    elif intent.section is not None and head is not None:
        yield from _rewrite(ctx, work, lang, parse_draft(head.text), intent.section)
    elif intent.kind == "question":
        work.reply(answer_question(ctx, session_id, lang, text))
        yield render_view(ctx, session_id, lang)
    else:
        yield from _draft(ctx, work, lang, work.add_notes(text), cause="added_notes")


def _restructure(ctx: AppContext, work: SessionWorkflow, lang: str, options: OutlineOptions) -> Iterator[View]:
    """A structure request: remembered for the session; the current notes redrafted with it."""
    work.save_structure(options)
    notes_text = work.notes_text()
    if not notes_text.strip():
        work.reply(t(lang, "msg_structure_saved", structure=describe_structure(options, lang)),
                   {"kind": "structure"})
        yield render_view(ctx, work.session_id, lang)
        return
    yield from _draft(ctx, work, lang, notes_text, cause="restructure")


@safe_stream
def upload_notes(ctx: AppContext, session_id: str, lang: str, path: str | None) -> Iterator[View]:
    """Notes uploaded as a file (.txt/.md/.docx): read through the project's decoder, then as a message."""
    if not path:
        yield render_view(ctx, session_id, lang)
        return
    from assistant.textio import read_text_file

    decoded = read_text_file(Path(path), max_bytes=ctx.settings.max_file_bytes)
    text = decoded.text.strip()
    if not text:
        raise InputError("文件中没有文字。" if lang == "zh" else "The file holds no text.")
    yield from send_message.__wrapped__(ctx, session_id, lang, text)  # type: ignore[attr-defined]


# ============================================================================================ drafting


def _draft(ctx: AppContext, work: SessionWorkflow, lang: str, notes_text: str, *, cause: str) -> Iterator[View]:
    """Stream a draft of the notes into the page; the workflow stores it; the chat says what happened."""
    session_id = work.session_id
    base = render_view(ctx, session_id, lang)
    working = list(base.chat)
    partial = PartialDraft()
    language = lang
    last = 0.0
    for event in work.draft(notes_text, cause=cause):
        if isinstance(event, DraftBegun):
            language = event.notes.language
            working = [*working, {"role": "assistant", "content": t(lang, "msg_drafting", n=len(event.notes.items))}]
            yield replace(base, chat=working, draft_html=draft_html_of("", None, lang, language, streaming=True),
                          streaming=True, figures=[], summary="", omitted="",
                          sources=render.sources_markdown([h.as_json() for h in event.hits], lang))
            continue
        if isinstance(event, Drafted):
            _draft_reply(work, lang, event)
            yield render_view(ctx, session_id, lang, notice=fault_text(event, lang))
            return
        fold_draft_event(partial, event)
        if isinstance(event, RepairAttempt):
            msg = t(lang, "msg_repair", section=partial.headings.get(event.section_id, "").lstrip("# "),
                    attempt=event.attempt)
            working = [*working, {"role": "assistant", "content": msg}]
        now = time.monotonic()
        if isinstance(event, SectionStarted | SectionDone | RepairAttempt) or now - last >= STREAM_INTERVAL_S:
            last = now
            md = partial.markdown()
            yield replace(base, chat=working, draft_markdown=md, streaming=True,
                          draft_html=draft_html_of(md, None, lang, language, streaming=True),
                          figures=[], summary="", omitted="")


def _draft_reply(work: SessionWorkflow, lang: str, outcome: Drafted) -> None:
    """The chat messages after a draft: what was drafted (or the fault), then the instruction notices."""
    if outcome.interrupted is not None:
        work.reply(fault_text(outcome, lang), {
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


def instruction_notices(work: SessionWorkflow, lang: str, outcome: Drafted) -> None:
    """A chat notice, in the page language, after the draft for each notes line that reads like an
    instruction to the assistant: it was drafted as ordinary text; the user decides whether it stays."""
    for line, text, reason in outcome.notes.suspicious_lines:
        work.reply(t(lang, "msg_instruction_line", line=line, quote=quote_note_line(text, lang)),
                   {"kind": "warning", "warning": "instruction_line", "line": line, "reason": reason})


# ============================================================================================ rewrite


def _rewrite(ctx: AppContext, work: SessionWorkflow, lang: str, tree: DraftTree,
             request: SectionRequest) -> Iterator[View]:
    session_id = work.session_id
    section, question = _resolve(tree, request.ref, lang)
    if section is None:
        work.reply(question, {"kind": "question"})
        yield render_view(ctx, session_id, lang)
        return
    base = render_view(ctx, session_id, lang)
    working = [*base.chat, {"role": "assistant", "content": t(lang, "draft_streaming")}]
    yield replace(base, chat=working, streaming=True)
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
                          draft_html=draft_html_of(md, None, lang, None, streaming=True))


@safe_stream
def rewrite_from_ui(ctx: AppContext, session_id: str, lang: str, section_id: str | None,
                    instruction: str) -> Iterator[View]:
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
    yield from _rewrite(ctx, SessionWorkflow(ctx, session_id), lang, parse_draft(head.text),
                        SectionRequest(section_id, instruction))


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
