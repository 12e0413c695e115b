"""Event handlers of the web UI: inputs → :mod:`assistant.services` → :mod:`ui.views`.

Each handler takes the :class:`~ui.context.AppContext`, the browser's current session id and page
language plus the event's inputs, calls the session workflow (:class:`SessionWorkflow`) and returns a
:class:`~ui.views.View` (or yields Views while a draft streams). ``ui/app.py`` turns a View into
component updates. The chat's words come from :mod:`ui.i18n`; what a message asks for from
:func:`assistant.services.intents.classify`.

Errors never escape: an :class:`AssistantError` becomes its own message in the chat; anything else
is logged with its traceback and shown as a generic message.

This module holds the chat (what a message asks for, the session's one job, uploads, questions) and
the rewrite picked in the page; the streamed draft and rewrite themselves (and the polish progress) are
in :mod:`ui.draft_stream`, the export's flagged figures in :mod:`ui.export_flags` (both re-exported).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

from assistant.errors import InputError
from assistant.outline import OutlineOptions
from assistant.sections import parse_draft
from assistant.services.intents import Intent, SectionRequest, classify
from assistant.services.jobs import Job, JobRefused, JobServices, registry
from assistant.services.note_year import with_year
from assistant.services.session import SessionWorkflow
from assistant.store import Version
from ui import outline_tab
from ui.context import AppContext
from ui.draft_stream import CHAT_REFRESH_S as CHAT_REFRESH_S
from ui.draft_stream import STREAM_INTERVAL_S as STREAM_INTERVAL_S
from ui.draft_stream import instruction_notices as instruction_notices
from ui.draft_stream import progress_text as progress_text
from ui.draft_stream import resolve_section, stream_draft, stream_rewrite
from ui.export_flags import export_flags as export_flags
from ui.export_flags import export_flags_markdown as export_flags_markdown
from ui.i18n import t, upload_error_text
from ui.views import View, describe_structure, draft_facts, render_view, safe_stream, section_choices

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
            f"消息过长（{len(text)} 字，上限 {ctx.settings.max_notes_chars} 字），没有发送，文字仍在输入框中。"
            "请删减后再发送，或分几次发送。"
            if lang == "zh"
            else f"The message is too long ({len(text)} characters; the limit is {ctx.settings.max_notes_chars}): "
            "it was not sent and is still in the box. Shorten it, or send it in parts."
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
    elif intent.kind == "year" and intent.year is not None:  # "年份是2025年": the report's year, not a note
        work.reply(t(lang, "msg_year_set", year=intent.year, plan=intent.year + 1), {"kind": "year"})
        notes_text = with_year(work.notes_text(), intent.year)
        work.set_notes(notes_text, cause="added")
        yield from stream_draft(ctx, work, job, lang, notes_text, cause="added_notes")
    elif intent.kind == "outline_edit" and intent.edit is not None:  # "把第三项并入第一项" (ui/outline_tab.py)
        if outline_tab.chat_edit(ctx, work, lang, intent.edit):
            yield from stream_draft(ctx, work, job, lang, work.notes_text(), cause="restructure")
        else:
            yield render_view(ctx, session_id, lang)
    elif intent.kind == "first_notes" and outline_tab.is_draft_request(text) and work.notes_text().strip():
        yield from stream_draft(ctx, work, job, lang, work.notes_text(), cause="first_draft")  # "按提纲起草" after the outline
    elif intent.kind == "first_notes":
        work.set_notes(text, cause="user")
        if outline_tab.outline_first_on(ctx, session_id):  # outline first: show it, draft on request
            outline_tab.show_outline_in_chat(ctx, work, lang)
            yield render_view(ctx, session_id, lang)
            return
        yield from stream_draft(ctx, work, job, lang, text, cause="first_draft")
    elif intent.kind == "regenerate" and intent.section is not None and head is not None:
        section, question = resolve_section(parse_draft(head.text), intent.section.ref, lang)
        if section is None:
            work.reply(question, {"kind": "question"})
            yield render_view(ctx, session_id, lang)
        else:
            yield from outline_tab.regenerate_from_chat(ctx, work, lang, section.id)
    elif intent.section is not None and head is not None:
        yield from stream_rewrite(ctx, work, job, lang, parse_draft(head.text), intent.section)
    elif intent.kind == "question":
        work.reply(answer_question(ctx, session_id, lang, text))
        yield render_view(ctx, session_id, lang)
    else:
        yield from stream_draft(ctx, work, job, lang, work.add_notes(text), cause="added_notes")


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
    yield from stream_draft(ctx, work, job, lang, notes_text, cause="restructure")


@safe_stream
def upload_notes(ctx: AppContext, session_id: str, lang: str, path: str | None, *,
                 user: str | None = None) -> Iterator[View]:
    """Notes uploaded as a file (.txt/.md/.docx): read through the project's decoder, then as a message."""
    if not path:
        yield render_view(ctx, session_id, lang)
        return
    from assistant.textio import read_text_file

    try:
        decoded = read_text_file(Path(path), max_bytes=ctx.settings.max_file_bytes)
    except InputError as exc:  # in the page language, naming the file as the user knows it
        raise InputError(upload_error_text(str(exc), Path(path).name, lang)) from None
    text = decoded.text.strip()
    if not text:
        raise InputError("文件中没有文字。" if lang == "zh" else "The file holds no text.")
    yield from send_message.__wrapped__(ctx, session_id, lang, text, user=user)  # type: ignore[attr-defined]


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
                       lambda work, job: stream_rewrite(ctx, work, job, lang, tree, SectionRequest(section_id, instruction)))


# ============================================================================================ questions


def answer_question(ctx: AppContext, session_id: str, lang: str, question: str) -> str:
    """A short answer about the draft: an LLM answer when a model is available, else from the check."""
    head = ctx.store.head(session_id)
    if head is None:
        return t(lang, "msg_no_draft")
    facts = draft_facts(head.text, ctx.store.load_check(head.version_id), lang)
    return SessionWorkflow(ctx, session_id).answer(question, facts)
