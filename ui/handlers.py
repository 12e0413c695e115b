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

import functools
import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError, InputError, StoreError
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
from assistant.store import Session
from ui import render
from ui.context import AppContext
from ui.i18n import normalize_language, t
from ui.views import (
    PartialDraft,
    View,
    describe_structure,
    draft_facts,
    draft_html_of,
    error_text,
    fail_view,
    fault_text,
    fold_draft_event,
    owns,
    render_view,
    section_choices,
    session_choices,
    top_sections,
)

log = logging.getLogger(__name__)

STREAM_INTERVAL_S = 0.08  # at most ~12 page updates a second while a draft streams


# ============================================================================================ errors

def safe(fn: Callable[..., View]) -> Callable[..., View]:
    """Wrap a handler returning a View: failures become a View with the message in the chat."""

    @functools.wraps(fn)
    def wrapper(ctx: AppContext, session_id: str, lang: str, *args: Any, **kwargs: Any) -> View:
        try:
            return fn(ctx, session_id, lang, *args, **kwargs)
        except Exception as exc:
            return fail_view(ctx, session_id, lang, exc)

    return wrapper


def safe_stream(fn: Callable[..., Iterator[View]]) -> Callable[..., Iterator[View]]:
    """Wrap a streaming handler: a failure mid-stream ends it with a View showing the message."""

    @functools.wraps(fn)
    def wrapper(ctx: AppContext, session_id: str, lang: str, *args: Any, **kwargs: Any) -> Iterator[View]:
        try:
            yield from fn(ctx, session_id, lang, *args, **kwargs)
        except Exception as exc:
            yield fail_view(ctx, session_id, lang, exc)

    return wrapper

# ============================================================================================ sessions

def _require_owner(ctx: AppContext, session_id: str, user: str | None) -> None:
    if not owns(ctx, session_id, user):
        raise StoreError(f"no such session: {session_id}")




def _create(ctx: AppContext, lang: str, user: str | None) -> Session:
    return ctx.store.create_session(t(lang, "session_untitled"), language=lang,
                                    settings={"owner": user} if user else None)

# ============================================================================================ page load


def detect_language(stored: str | None, navigator: str | None, accept_language: str | None) -> str:
    """The page language: the user's toggle if stored, else the browser's language."""
    if stored in ("zh", "en"):
        return stored
    if navigator:
        return normalize_language(navigator)
    return normalize_language(accept_language)


def load_page(ctx: AppContext, stored_session: str | None, lang: str, user: str | None = None) -> View:
    """Reopen the browser's own session (kept in its local storage), or start a new one.

    With authentication, a stored session id of another user is ignored (a new session starts).
    """
    try:
        if stored_session:
            try:
                if owns(ctx, stored_session, user):
                    return render_view(ctx, stored_session, lang)
                log.info("stored session belongs to another user; starting a new one")
            except AssistantError:
                log.info("stored session %s no longer exists; starting a new one", stored_session)
        session = _create(ctx, lang, user)
        return render_view(ctx, session.session_id, lang)
    except Exception as exc:
        return fail_view(ctx, "", lang, exc)


# ============================================================================================ sessions


@safe
def new_session(ctx: AppContext, session_id: str, lang: str, user: str | None = None) -> View:
    del session_id
    session = _create(ctx, lang, user)
    return render_view(ctx, session.session_id, lang, notice="")


@safe
def open_session(ctx: AppContext, session_id: str, lang: str, target: str | None, user: str | None = None) -> View:
    if not target:
        return render_view(ctx, session_id, lang)
    _require_owner(ctx, target, user)
    return render_view(ctx, target, lang)


@safe
def rename_session(ctx: AppContext, session_id: str, lang: str, title: str) -> View:
    ctx.store.rename_session(session_id, title or "")
    return render_view(ctx, session_id, lang)


@safe
def delete_session(ctx: AppContext, session_id: str, lang: str, target: str | None = None,
                   user: str | None = None) -> View:
    victim = target or session_id
    _require_owner(ctx, victim, user)
    ctx.store.delete_session(victim)
    if victim != session_id:
        return render_view(ctx, session_id, lang)
    remaining = session_choices(ctx, user)
    if remaining:
        return render_view(ctx, remaining[0][1], lang)
    return new_session(ctx, "", lang, user)


@safe
def switch_language(ctx: AppContext, session_id: str, lang: str) -> View:
    return render_view(ctx, session_id, lang)


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
    elif intent.kind == "first_notes":
        work.set_notes(text, cause="user")
        yield from _draft(ctx, work, lang, text, cause="first_draft")
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


# ============================================================================================ versions


@safe
def restore_version(ctx: AppContext, session_id: str, lang: str, version_id: int | None) -> View:
    if version_id is None:
        return render_view(ctx, session_id, lang)
    work = SessionWorkflow(ctx, session_id)
    version, old = work.restore(int(version_id))
    work.reply(t(lang, "msg_restored", version=f"v{old.seq}"), {"kind": "restore", "version": version.version_id})
    return render_view(ctx, session_id, lang)


@safe
def undo(ctx: AppContext, session_id: str, lang: str) -> View:
    work = SessionWorkflow(ctx, session_id)
    version = work.undo()
    if version is None:
        return render_view(ctx, session_id, lang, notice=t(lang, "msg_nothing_to_undo"))
    work.reply(t(lang, "msg_undone", version=f"v{version.seq}"), {"kind": "undo"})
    return render_view(ctx, session_id, lang)


def diff_versions(ctx: AppContext, session_id: str, lang: str, a: int | None, b: int | None) -> str:
    """HTML of the differences between two versions of this session (empty note when identical)."""
    try:
        if a is None or b is None:
            return render.diff_html([], lang)
        va, vb = ctx.store.get_version(int(a)), ctx.store.get_version(int(b))
        if va.session_id != session_id or vb.session_id != session_id:
            raise InputError("version from another session")
        return render.diff_html(ctx.store.diff(va.version_id, vb.version_id).side_by_side, lang)
    except Exception as exc:
        return f'<p class="ra-empty">{error_text(exc, lang)}</p>'


@safe
def save_manual_edit(ctx: AppContext, session_id: str, lang: str, text: str) -> View:
    """The user's own edit of the draft: stored as a version (cause manual_edit) and re-checked."""
    text = (text or "").replace("\r\n", "\n")
    head = ctx.store.head(session_id)
    if head is None and not text.strip():
        return render_view(ctx, session_id, lang, notice=t(lang, "msg_no_draft"))
    if head is not None and head.text == text:
        return render_view(ctx, session_id, lang, notice=t(lang, "msg_edit_unchanged"))
    work = SessionWorkflow(ctx, session_id)
    version, check = work.manual_edit(text)
    work.reply(t(lang, "msg_edit_saved", version=f"v{version.seq}", summary=render.summary_line(check, lang)),
               {"kind": "manual_edit"})
    return render_view(ctx, session_id, lang)


# ============================================================================================ export


def export_files(ctx: AppContext, session_id: str, lang: str) -> tuple[str | None, str | None, str]:
    """Write the head version as .md and .docx under the data directory; (md path, docx path, error).

    The files are named after the draft's title and version (``2025年工作总结暨2026年工作安排-v3.docx``).
    """
    try:
        head = ctx.store.head(session_id)
        if head is None:
            return None, None, t(lang, "msg_no_draft")
        from assistant import export

        folder = ctx.settings.data_dir / "exports" / _safe_name(session_id)
        folder.mkdir(parents=True, exist_ok=True)
        stem = export.suggest_filename(head.text, ext="").rstrip(".") or "report"
        md_path = folder / export.safe_filename(f"{stem}-v{head.seq}", ext="md")
        docx_path = folder / export.safe_filename(f"{stem}-v{head.seq}", ext="docx")
        md_path.write_text(export.to_markdown(head.text), encoding="utf-8")
        export.to_docx(head.text, docx_path)
        return str(md_path), str(docx_path), ""
    except Exception as exc:
        return None, None, error_text(exc, lang)


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w\u4e00-\u9fff.-]+", "_", name, flags=re.UNICODE).strip("._")
    return cleaned[:60]
