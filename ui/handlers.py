"""Event handlers of the web UI: plain functions over plain data, no Gradio, no business logic.

Each handler takes the :class:`~ui.context.AppContext`, the browser's current session id and page
language plus the event's inputs, calls ``assistant/`` and returns a :class:`View` (or yields
Views while a draft streams). ``ui/app.py`` turns a View into component updates.

Errors never escape: an :class:`AssistantError` becomes its own message in the chat; anything else
is logged with its traceback and shown as a generic message. Nothing sent to the page contains a
secret: Views carry only draft text, chat text, check results and labels.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from assistant.errors import AssistantError, InputError
from ui import render
from ui.context import AppContext
from ui.i18n import normalize_language, t

log = logging.getLogger(__name__)

STREAM_INTERVAL_S = 0.08  # at most ~12 page updates a second while a draft streams


# ============================================================================================ View


@dataclass(frozen=True)
class View:
    """Everything the page shows for one browser session, as plain data."""

    session_id: str
    lang: str
    chat: list[dict[str, str]] = field(default_factory=list)
    draft_markdown: str = ""
    draft_html: str = ""
    figures: list[list[str]] = field(default_factory=list)
    summary: str = ""
    omitted: str = ""
    sources: str = ""
    versions: list[tuple[str, int]] = field(default_factory=list)  # (label, version id), newest first
    head_version: int | None = None
    sessions: list[tuple[str, str]] = field(default_factory=list)  # (label, session id)
    session_title: str = ""
    status: str = ""
    notice: str = ""  # a one-off warning (gr.Warning) for errors outside the chat
    streaming: bool = False
    check: Mapping[str, Any] | None = None
    sections: list[tuple[str, str]] = field(default_factory=list)  # (label, section id) of the head draft


# ============================================================================================ errors

T = TypeVar("T")


def _error_text(exc: BaseException, lang: str) -> str:
    if isinstance(exc, AssistantError):
        return str(exc)
    log.error("unexpected error in a UI handler", exc_info=exc)
    return t(lang, "msg_error_generic")


def _fail_view(ctx: AppContext, session_id: str, lang: str, exc: BaseException) -> View:
    """The page after a failure: the message appended to the chat (and stored when possible)."""
    text = _error_text(exc, lang)
    try:
        if session_id:
            ctx.store.add_message(session_id, "assistant", text, meta={"error": True})
            view = render_view(ctx, session_id, lang)
            return replace(view, notice=text)
    except Exception:
        log.exception("could not record the error in the session")
    return View(
        session_id=session_id,
        lang=lang,
        chat=[{"role": "assistant", "content": text}],
        draft_html=render.draft_html("", None, lang),
        notice=text,
    )


def safe(fn: Callable[..., View]) -> Callable[..., View]:
    """Wrap a handler returning a View: failures become a View with the message in the chat."""

    @functools.wraps(fn)
    def wrapper(ctx: AppContext, session_id: str, lang: str, *args: Any, **kwargs: Any) -> View:
        try:
            return fn(ctx, session_id, lang, *args, **kwargs)
        except Exception as exc:
            return _fail_view(ctx, session_id, lang, exc)

    return wrapper


def safe_stream(fn: Callable[..., Iterator[View]]) -> Callable[..., Iterator[View]]:
    """Wrap a streaming handler: a failure mid-stream ends it with a View showing the message."""

    @functools.wraps(fn)
    def wrapper(ctx: AppContext, session_id: str, lang: str, *args: Any, **kwargs: Any) -> Iterator[View]:
        try:
            yield from fn(ctx, session_id, lang, *args, **kwargs)
        except Exception as exc:
            yield _fail_view(ctx, session_id, lang, exc)

    return wrapper


# ============================================================================================ view


def render_view(ctx: AppContext, session_id: str, lang: str, *, notice: str = "") -> View:
    """Build the View of a stored session: chat, head version, its check, versions, sessions."""
    snap = ctx.store.load_session(session_id)
    chat = [
        {"role": m.role, "content": m.content} for m in snap.messages if m.role in ("user", "assistant")
    ]
    head = snap.head
    check = snap.checks.get(head.version_id) if head is not None else None
    md = head.text if head is not None else ""
    sources: list[Mapping[str, Any]] = []
    for m in reversed(snap.messages):
        hits = m.meta.get("hits") if isinstance(m.meta, Mapping) else None
        if isinstance(hits, list):
            sources = [h for h in hits if isinstance(h, Mapping)]
            break
    versions = [
        (
            ("● " if head is not None and v.version_id == head.version_id else "")
            + render.version_label(v.seq, v.cause, v.instruction, v.created, lang),
            v.version_id,
        )
        for v in reversed(snap.versions)
    ]
    return View(
        session_id=session_id,
        lang=lang,
        chat=chat,
        draft_markdown=md,
        draft_html=_draft_html(md, check, lang, snap.session.language),
        figures=render.figure_rows(check, lang),
        summary=render.summary_line(check, lang) if head is not None else "",
        omitted=render.omitted_markdown(check, lang),
        sources=render.sources_markdown(sources, lang) if head is not None else "",
        versions=versions,
        head_version=head.version_id if head is not None else None,
        sessions=session_choices(ctx),
        session_title=snap.session.title,
        status=ctx.status_markdown(lang),
        notice=notice,
        check=check,
        sections=section_choices(md),
    )


def _draft_html(md: str, check: Mapping[str, Any] | None, lang: str, draft_lang: str | None,
                *, streaming: bool = False) -> str:
    headings: dict[int, int] = {}
    heading_ends: dict[int, int] = {}
    if md.strip():
        try:
            from assistant.sections import parse_draft

            for s in parse_draft(md).walk():
                headings[s.start] = s.level + 1  # section level 1 = a part = "##" on the markdown scale
                heading_ends[s.start] = s.body_start
        except Exception:
            log.debug("could not parse the draft's sections for display", exc_info=True)
    return render.draft_html(md, check, lang, streaming=streaming, draft_language=draft_lang, headings=headings,
                             heading_ends=heading_ends)


def section_choices(md: str) -> list[tuple[str, str]]:
    """(label, id) of every section of a draft, subsections indented, for the rewrite picker."""
    if not md.strip():
        return []
    try:
        from assistant.sections import parse_draft

        return [("\u3000" * (s.level - 1) + s.label, s.id) for s in parse_draft(md).walk()]
    except Exception:
        log.debug("could not list the draft's sections", exc_info=True)
        return []


def _owner(session: Any) -> str | None:
    settings = getattr(session, "settings", None) or {}
    owner = settings.get("owner") if isinstance(settings, Mapping) else None
    return str(owner) if owner else None


def owns(ctx: AppContext, session_id: str, user: str | None) -> bool:
    """With authentication on, a user sees only the sessions they created; without it, all."""
    if user is None:
        return True
    return _owner(ctx.store.get_session(session_id)) == user


def _require_owner(ctx: AppContext, session_id: str, user: str | None) -> None:
    if not owns(ctx, session_id, user):
        from assistant.errors import StoreError

        raise StoreError(f"no such session: {session_id}")


def session_choices(ctx: AppContext, user: str | None = None) -> list[tuple[str, str]]:
    """(label, id) of the stored sessions this user may open, most recent first."""
    out = []
    for s in ctx.store.list_sessions():
        if user is not None and _owner(s) != user:
            continue
        when = s.updated[:16].replace("T", " ")
        out.append((f"{s.title} · {when}", s.session_id))
    return out


def _create(ctx: AppContext, lang: str, user: str | None) -> Any:
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
        return _fail_view(ctx, "", lang, exc)


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


_QUESTION_START = re.compile(
    r"^(?:请问|什么|哪些|哪个|哪里|多少|为什么|为何|怎么|怎样|如何|是否|有没有|有几|几个|能否|可否|"
    r"(?:what|which|how|why|does|do|is|are|can|could|where|who|when)\b)",
    re.IGNORECASE,
)
_QUESTION_WORDS = re.compile(r"(吗|呢|么)[？?。.!！]?$|[?？]\s*$")


def is_question(message: str) -> bool:
    """A follow-up that asks about the draft rather than adding notes."""
    text = message.strip()
    if "\n" in text.strip():
        return False
    return bool(_QUESTION_WORDS.search(text) or _QUESTION_START.match(text))


@safe_stream
def send_message(ctx: AppContext, session_id: str, lang: str, message: str) -> Iterator[View]:
    """A chat message: notes (first draft or added notes), a rewrite request, or a question."""
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
    store = ctx.store
    store.add_message(session_id, "user", text)
    head = store.head(session_id)
    options = structure_request(text, session_structure(ctx, session_id))
    if options is not None:
        yield from _restructure(ctx, session_id, lang, options)
        return
    if head is None:
        store.set_notes(session_id, text, cause="user")
        yield from _draft(ctx, session_id, lang, text, cause="first_draft")
        return
    request = _parse_rewrite(text)
    if request is not None:
        yield from _rewrite(ctx, session_id, lang, head, request, text)
        return
    if is_question(text):
        answer = answer_question(ctx, session_id, lang, text)
        store.add_message(session_id, "assistant", answer)
        yield render_view(ctx, session_id, lang)
        return
    notes = store.get_notes(session_id)
    combined = (notes.text.rstrip("\n") + "\n" + text) if notes is not None and notes.text.strip() else text
    store.set_notes(session_id, combined, cause="added")
    yield from _draft(ctx, session_id, lang, combined, cause="added_notes")


# ============================================================================================ structure

_STRUCTURE_PIN = "meta:structure"  # a pins row (free-form JSON) holding the session's chosen structure
_LIST_LINE = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.、)）])\s*")


def structure_request(message: str, current: Any = None) -> Any | None:
    """The :class:`~assistant.outline.OutlineOptions` a chat message asks for ("分成四部分", "不要问题部分",
    "no challenges section", "sections: A; B; C"), or None. Only a short one-line message counts (a
    pasted notes line such as "- no problems with the new clinic" stays notes), and a request for the
    default structure counts only when the session has another one (so "加上问题分析" on a default
    draft is not taken as a structure change)."""
    text = message.strip()
    if not text or "\n" in text or len(text) > 160 or _LIST_LINE.match(text):
        return None
    from assistant.outline import OutlineOptions, parse_structure_request

    options = parse_structure_request(text)
    if options is None or (options == OutlineOptions() and (current is None or current == OutlineOptions())):
        return None
    return options


def session_structure(ctx: AppContext, session_id: str) -> Any | None:
    """The structure chosen in this session's chat (None: the default outline)."""
    from assistant.outline import OutlineOptions

    for example_id, data in ctx.store.list_pins(session_id):
        if example_id != _STRUCTURE_PIN or not isinstance(data, Mapping):
            continue
        try:
            group_by = str(data.get("group_by") or "topic")
            parts = data.get("parts")
            return OutlineOptions(
                problems="merge" if data.get("problems") == "merge" else "section",
                custom_titles=tuple(str(x) for x in data.get("custom_titles") or ()),
                parts=int(parts) if parts else None,
                group_by=group_by if group_by in ("topic", "quarter", "none") else "topic",  # type: ignore[arg-type]
            )
        except (TypeError, ValueError):
            log.warning("ignoring an unreadable stored structure: %r", data)
    return None


def _save_structure(ctx: AppContext, session_id: str, options: Any) -> None:
    ctx.store.pin_example(session_id, _STRUCTURE_PIN, {
        "problems": options.problems, "custom_titles": list(options.custom_titles), "parts": options.parts,
        "group_by": options.group_by,
    })


def describe_structure(options: Any, lang: str) -> str:
    """What a structure request asked for, in the page language ("分成四部分、问题并入总结")."""
    parts: list[str] = []
    sep = "、" if lang == "zh" else ", "
    if options.custom_titles:
        return t(lang, "structure_custom") + ("：" if lang == "zh" else ": ") + sep.join(options.custom_titles)
    if options.parts:
        parts.append(t(lang, "structure_parts", n=options.parts))
    if options.problems == "merge" and options.parts != 2:
        parts.append(t(lang, "structure_merge"))
    if options.group_by == "quarter":
        parts.append(t(lang, "structure_quarter"))
    elif options.group_by == "none":
        parts.append(t(lang, "structure_none"))
    return sep.join(parts) or t(lang, "structure_section")


def _restructure(ctx: AppContext, session_id: str, lang: str, options: Any) -> Iterator[View]:
    """A structure request: remembered for the session; the current notes redrafted with it."""
    _save_structure(ctx, session_id, options)
    notes = ctx.store.get_notes(session_id)
    if notes is None or not notes.text.strip():
        ctx.store.add_message(session_id, "assistant",
                              t(lang, "msg_structure_saved", structure=describe_structure(options, lang)),
                              meta={"kind": "structure"})
        yield render_view(ctx, session_id, lang)
        return
    yield from _draft(ctx, session_id, lang, notes.text, cause="restructure")


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


@dataclass
class _Partial:
    """The streamed draft as it arrives: section order, headings and text so far."""

    title: str = ""
    order: list[str] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def markdown(self) -> str:
        parts = [f"# {self.title}\n"] if self.title else []
        for sid in self.order:
            heading = self.headings.get(sid, "")
            body = self.texts.get(sid, "")
            parts.append((heading.rstrip("\n") + "\n\n" if heading else "") + body.strip("\n") + "\n")
        return "\n".join(parts)


def _apply_event(partial: _Partial, event: Any) -> str:
    """Fold a draft event into the partial draft; returns the event kind."""
    kind = type(event).__name__
    sid = str(getattr(event, "section_id", "") or "")
    if kind == "DraftStarted":
        partial.title = str(getattr(event, "title", "") or "")
    elif kind == "SectionStarted":
        if sid not in partial.order:
            partial.order.append(sid)
        heading = str(getattr(event, "heading", "") or "")
        level = int(getattr(event, "level", 1) or 1)
        partial.headings[sid] = f"{'#' * (level + 1)} {heading}" if heading else ""
        partial.texts[sid] = ""
    elif kind == "Token":
        if sid not in partial.order:
            partial.order.append(sid)
        partial.texts[sid] = partial.texts.get(sid, "") + str(getattr(event, "text", ""))
    elif kind == "RepairAttempt":
        partial.texts[sid] = ""
    elif kind == "SectionDone":
        section = getattr(event, "section", None)
        text = getattr(section, "text", None)
        if isinstance(text, str):
            partial.texts[str(getattr(section, "section_id", sid))] = text
    return kind


def _draft(ctx: AppContext, session_id: str, lang: str, notes_text: str, *, cause: str) -> Iterator[View]:
    from assistant.notes import parse_notes

    notes = parse_notes(notes_text)
    ctx.store.set_session_language(session_id, notes.language)
    options = session_structure(ctx, session_id)
    hits = _examples(ctx, session_id, notes)
    retrieve = _section_retrieve(ctx, session_id)
    handle = ctx.provider()
    base = render_view(ctx, session_id, lang)
    n_items = len(getattr(notes, "items", ()) or ())
    working = [*base.chat, {"role": "assistant", "content": t(lang, "msg_drafting", n=n_items)}]
    partial = _Partial()
    draft = None
    last = 0.0
    yield replace(base, chat=working, draft_html=_draft_html("", None, lang, notes.language, streaming=True),
                  streaming=True, figures=[], summary="", omitted="",
                  sources=render.sources_markdown([_hit_json(h) for h in hits], lang))
    interrupted: Any = None
    for event in _draft_events(ctx, notes, hits, handle, options=options, retrieve=retrieve):
        kind = _apply_event(partial, event)
        if kind == "DraftInterrupted":  # a model fault: the DraftDone that follows keeps what was drafted
            interrupted = event
            continue
        if kind == "DraftDone":
            draft = getattr(event, "draft", None)
            continue
        if kind == "RepairAttempt":
            msg = t(lang, "msg_repair", section=partial.headings.get(getattr(event, "section_id", ""), "").lstrip("# "),
                    attempt=getattr(event, "attempt", 1))
            working = [*working, {"role": "assistant", "content": msg}]
        now = time.monotonic()
        if kind in ("SectionStarted", "SectionDone", "RepairAttempt") or now - last >= STREAM_INTERVAL_S:
            last = now
            md = partial.markdown()
            yield replace(base, chat=working, draft_markdown=md, streaming=True,
                          draft_html=_draft_html(md, None, lang, notes.language, streaming=True),
                          figures=[], summary="", omitted="")
    if interrupted is not None:
        yield from _after_interruption(ctx, session_id, lang, interrupted, draft, notes_text, hits, cause,
                                       notes=notes)
        return
    final_md = _draft_markdown(draft) if draft is not None else partial.markdown()
    stored_hits = draft_hits_json(draft, hits)
    check = _check(notes_text, final_md, used_hits(draft, hits))
    ctx.store.add_version(session_id, final_md, cause=cause, check=check)
    n_sections = len(_top_sections(final_md))
    summary = render.summary_line(check, lang)
    if cause == "restructure":
        sep = "；" if lang == "zh" else "; "
        reply = t(lang, "msg_restructured", structure=describe_structure(options, lang),
                  sections=sep.join(_top_sections(final_md)), summary=summary)
    else:
        key = "msg_draft_done" if cause == "first_draft" else "msg_added_notes"
        reply = t(lang, key, sections=n_sections, summary=summary)
    ctx.store.add_message(
        session_id, "assistant", reply,
        meta={"kind": cause, "hits": stored_hits, "provider": str(getattr(handle, "name", ""))},
    )
    _instruction_notices(ctx, session_id, lang, notes)
    yield render_view(ctx, session_id, lang)


def _instruction_notices(ctx: AppContext, session_id: str, lang: str, notes: Any) -> None:
    """A chat notice, in the page language, after the draft for each notes line that reads like an
    instruction to the assistant: it was drafted as ordinary text; the user decides whether it stays."""
    from assistant.drafting.model import quote_note_line

    for line, text, reason in getattr(notes, "suspicious_lines", ()):
        ctx.store.add_message(
            session_id, "assistant",
            t(lang, "msg_instruction_line", line=line, quote=quote_note_line(text, lang)),
            meta={"kind": "warning", "warning": "instruction_line", "line": line, "reason": reason},
        )


def _after_interruption(ctx: AppContext, session_id: str, lang: str, interrupted: Any, draft: Any,
                        notes_text: str, hits: Sequence[Any], cause: str, *, notes: Any = None) -> Iterator[View]:
    """A model fault stopped the draft: store what was drafted (finished sections, the partial one
    marked 【生成中断】) unless nothing was, and say in the chat what failed and what to do."""
    from assistant.drafting.model import retry_hint

    error = interrupted.error
    message_for = getattr(error, "message", None)
    text = message_for(lang) if callable(message_for) else str(error)
    section_text = ""
    if draft is not None:
        try:
            section_text = draft.section(interrupted.section_id).text
        except (KeyError, AttributeError):
            section_text = ""
    from assistant.drafting.model import interrupted_marker

    language = str(getattr(draft, "language", lang) or lang)
    partial_text = section_text.replace(interrupted_marker(language), "").strip()
    if draft is not None and (interrupted.kept_sections > 0 or partial_text):
        final_md = _draft_markdown(draft)
        check = _check(notes_text, final_md, used_hits(draft, hits))
        ctx.store.add_version(session_id, final_md, cause=cause, check=check)
        if interrupted.heading:
            text += "\n\n" + retry_hint(interrupted.heading, language)
    ctx.store.add_message(session_id, "assistant", text,
                          meta={"kind": cause, "error": True, "interrupted": interrupted.section_id,
                                "fault": str(getattr(error, "kind", "")),
                                "hits": draft_hits_json(draft, hits)})
    if notes is not None:
        _instruction_notices(ctx, session_id, lang, notes)
    yield render_view(ctx, session_id, lang, notice=text)


# ============================================================================================ rewrite


def _rewrite(ctx: AppContext, session_id: str, lang: str, head: Any, request: Any, message: str) -> Iterator[View]:
    from assistant.sections import parse_draft, replace_section

    tree = parse_draft(head.text)
    ref = str(getattr(request, "ref", "") or "")
    instruction = str(getattr(request, "instruction", "") or message)
    regenerate = bool(getattr(request, "regenerate", False))
    section, question = _resolve(tree, ref, lang)
    if section is None:
        ctx.store.add_message(session_id, "assistant", question, meta={"kind": "question"})
        yield render_view(ctx, session_id, lang)
        return
    notes = ctx.store.get_notes(session_id)
    notes_text = notes.text if notes is not None else ""
    base = render_view(ctx, session_id, lang)
    working = [*base.chat, {"role": "assistant", "content": t(lang, "draft_streaming")}]
    yield replace(base, chat=working, streaming=True)
    result = None
    current_sid = ""
    partial = ""
    last = 0.0
    for event in _rewrite_events(ctx, tree, section.id, notes_text, instruction):
        kind = type(event).__name__
        if kind == "RewriteDone":
            result = getattr(event, "result", None)
            continue
        sid = str(getattr(event, "section_id", "") or "")
        if kind == "RewriteRepair" or sid != current_sid:
            current_sid, partial = sid, ""
        if kind == "RewriteToken":
            partial += str(getattr(event, "text", ""))
        now = time.monotonic()
        if now - last >= STREAM_INTERVAL_S and current_sid:
            last = now
            try:
                md = replace_section(tree, current_sid, partial, own_body_only=True)
            except Exception:
                md = head.text
            yield replace(base, chat=working, draft_markdown=md, streaming=True,
                          draft_html=_draft_html(md, None, lang, None, streaming=True))
    new_text = getattr(result, "text", None)
    if not isinstance(new_text, str):
        raise AssistantError("改写没有结果。" if lang == "zh" else "The rewrite produced no text.")
    if new_text == head.text:
        ctx.store.add_message(session_id, "assistant", t(lang, "msg_rewrite_unchanged", title=section.label),
                              meta={"kind": "rewrite", "section_id": section.id, "unchanged": True})
        yield render_view(ctx, session_id, lang)
        return
    new_notes = getattr(result, "notes_text", None)
    if isinstance(new_notes, str) and new_notes != notes_text:
        ctx.store.set_notes(session_id, new_notes, cause="chat")
        notes_text = new_notes
    check = _check(notes_text, new_text, ())
    ctx.store.add_version(session_id, new_text, cause="rewrite", section_id=section.id, instruction=instruction,
                          check=check)
    key = "msg_regenerated" if regenerate else "msg_rewritten"
    ctx.store.add_message(session_id, "assistant",
                          t(lang, key, title=section.label, summary=render.summary_line(check, lang)),
                          meta={"kind": "rewrite", "section_id": section.id})
    yield render_view(ctx, session_id, lang)


@dataclass(frozen=True)
class _PickedSection:
    ref: str
    instruction: str
    regenerate: bool = False


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
    yield from _rewrite(ctx, session_id, lang, head, _PickedSection(section_id, instruction), instruction)


# ============================================================================================ questions


def answer_question(ctx: AppContext, session_id: str, lang: str, question: str) -> str:
    """A short answer about the draft: an LLM answer when a model is available, else from the check."""
    head = ctx.store.head(session_id)
    if head is None:
        return t(lang, "msg_no_draft")
    check = ctx.store.load_check(head.version_id)
    facts = _draft_facts(head.text, check, lang)
    handle = ctx.provider()
    if str(getattr(handle, "name", "offline")) != "offline":
        try:
            from assistant.llm.prompts import load_prompt, quote_data
            from assistant.notes import parse_notes

            notes = ctx.store.get_notes(session_id)
            parsed = parse_notes(notes.text if notes is not None else "")
            from assistant.drafting.prompting import notes_block

            prompt = load_prompt("chat_answer", parsed.language)
            messages = prompt.to_messages(
                notes_block=notes_block(parsed),
                draft_markdown=quote_data(head.text[:8000] + "\n\n" + facts),
                question=quote_data(question),
            )
            reply = handle.model.invoke(messages)
            content = getattr(reply, "content", "")
            if isinstance(content, str) and content.strip():
                return content.strip()
        except AssistantError:
            raise
        except Exception:
            log.exception("the model could not answer; answering from the check result")
    return facts


def _draft_facts(md: str, check: Mapping[str, Any] | None, lang: str) -> str:
    titles = _top_sections(md)
    sep = "、" if lang == "zh" else "; "
    lines = [t(lang, "answer_overview", n=len(titles), titles=sep.join(titles), summary=render.summary_line(check, lang))]
    problems = [
        f"{f.get('text')}（{t(lang, 'status_' + str(f.get('status')))}）" if lang == "zh"
        else f"{f.get('text')} ({t(lang, 'status_' + str(f.get('status')))})"
        for f in (check or {}).get("figures", []) or []
        if isinstance(f, Mapping) and f.get("status") in render.BLOCKING
    ]
    lines.append(t(lang, "answer_problems", items=sep.join(problems)) if problems else t(lang, "answer_no_problems"))
    omitted = (check or {}).get("omitted") or []
    if omitted:
        lines.append(t(lang, "answer_omitted", n=len(omitted)))
    return "\n\n".join(lines)


def _top_sections(md: str) -> list[str]:
    try:
        from assistant.sections import parse_draft

        tree = parse_draft(md)
        return [s.label for s in tree.sections]
    except Exception:
        return [ln.lstrip("# ").strip() for ln in md.splitlines() if ln.startswith("## ")]


# ============================================================================================ versions


@safe
def restore_version(ctx: AppContext, session_id: str, lang: str, version_id: int | None) -> View:
    if version_id is None:
        return render_view(ctx, session_id, lang)
    version = ctx.store.restore_version(session_id, int(version_id))
    old = ctx.store.get_version(int(version_id))
    ctx.store.add_message(session_id, "assistant", t(lang, "msg_restored", version=f"v{old.seq}"),
                          meta={"kind": "restore", "version": version.version_id})
    return render_view(ctx, session_id, lang)


@safe
def undo(ctx: AppContext, session_id: str, lang: str) -> View:
    from assistant.errors import StoreError

    try:
        version = ctx.store.undo(session_id)
    except StoreError:
        return render_view(ctx, session_id, lang, notice=t(lang, "msg_nothing_to_undo"))
    ctx.store.add_message(session_id, "assistant", t(lang, "msg_undone", version=f"v{version.seq}"),
                          meta={"kind": "undo"})
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
        return f'<p class="ra-empty">{_error_text(exc, lang)}</p>'


@safe
def save_manual_edit(ctx: AppContext, session_id: str, lang: str, text: str) -> View:
    """The user's own edit of the draft: stored as a version (cause manual_edit) and re-checked."""
    text = (text or "").replace("\r\n", "\n")
    head = ctx.store.head(session_id)
    if head is None and not text.strip():
        return render_view(ctx, session_id, lang, notice=t(lang, "msg_no_draft"))
    if head is not None and head.text == text:
        return render_view(ctx, session_id, lang, notice=t(lang, "msg_edit_unchanged"))
    notes = ctx.store.get_notes(session_id)
    check = _check(notes.text if notes is not None else "", text, ())
    version = ctx.store.add_version(session_id, text, cause="manual_edit", check=check)
    ctx.store.add_message(
        session_id, "assistant",
        t(lang, "msg_edit_saved", version=f"v{version.seq}", summary=render.summary_line(check, lang)),
        meta={"kind": "manual_edit"},
    )
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
        return None, None, _error_text(exc, lang)


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w\u4e00-\u9fff.-]+", "_", name, flags=re.UNICODE).strip("._")
    return cleaned[:60]


# ============================================================================================ core adapters
# The only places that know the exact signatures of the drafting/checking/rewrite/export modules.


def _hit_json(hit: Any) -> dict[str, Any]:
    as_json = getattr(hit, "as_json", None)
    if callable(as_json):
        data = as_json()
        return dict(data) if isinstance(data, Mapping) else {}
    return dict(hit) if isinstance(hit, Mapping) else {}


def _draft_events(ctx: AppContext, notes: Any, hits: Sequence[Any], handle: Any, *,
                  options: Any = None, retrieve: Callable[..., Sequence[Any]] | None = None) -> Iterator[Any]:
    from assistant.drafting.pipeline import draft_resilient  # draft_report that survives a model fault

    return iter(draft_resilient(notes, model=handle.model, hits=list(hits), options=options,
                                provider=str(handle.name), banner=handle.banner, retrieve=retrieve))


def _section_retrieve(ctx: AppContext, session_id: str) -> Callable[..., Sequence[Any]] | None:
    """Each section's own examples, with the session's pins and excludes for that section applied
    (None when the index is not ready: the draft then uses the whole-draft examples)."""
    retriever = ctx.retriever()
    if retriever is None:
        return None
    from assistant.drafting.prompting import STYLE_EXCERPTS
    from assistant.knowledge import SteeredRetriever, load_choices

    return SteeredRetriever(retriever, load_choices(ctx.store, session_id)).for_sections(STYLE_EXCERPTS)


def _hit_with_extra(hit: Any) -> dict[str, Any]:
    data = _hit_json(hit)
    extra = getattr(getattr(hit, "chunk", None), "extra", None)
    if isinstance(extra, Mapping):
        for key in ("origin", "pinned"):
            if key in extra:
                data[key] = extra[key]
    return data


def draft_hits_json(draft: Any, hits: Sequence[Any]) -> list[dict[str, Any]]:
    """The examples behind a draft as stored with its message: each passage once, with
    ``draft_sections`` naming the sections (their parse_draft ids) that drew on it and
    ``pinned_sections`` those where it came in as a pin; the whole-draft
    ``hits`` (no ``draft_sections``) when no section recorded any."""
    out: dict[str, dict[str, Any]] = {}
    for section in getattr(draft, "sections", None) or ():
        sid = str(getattr(section, "draft_id", "") or "")
        for hit in getattr(section, "example_hits", None) or ():
            data = out.setdefault(str(hit.chunk.chunk_id), {**_hit_with_extra(hit), "draft_sections": [],
                                                            "pinned_sections": []})
            if sid and sid not in data["draft_sections"]:
                data["draft_sections"].append(sid)
            pinned = hit.chunk.extra.get("pinned") if isinstance(hit.chunk.extra, Mapping) else None
            if pinned:  # pinned for this section (or its part, or the whole draft)
                data.setdefault("pinned", pinned)
                if sid and sid not in data["pinned_sections"]:
                    data["pinned_sections"].append(sid)
    if out:
        return list(out.values())
    return [_hit_with_extra(h) for h in hits]


def used_hits(draft: Any, hits: Sequence[Any]) -> list[Any]:
    """Every example passage in play for a draft (whole-draft and per-section), for the leak check."""
    seen: set[str] = set()
    out: list[Any] = []
    groups = [hits, *(getattr(s, "example_hits", None) or () for s in getattr(draft, "sections", None) or ())]
    for group in groups:
        for h in group:
            key = str(getattr(getattr(h, "chunk", None), "chunk_id", id(h)))
            if key not in seen:
                seen.add(key)
                out.append(h)
    return out


def _examples(ctx: AppContext, session_id: str, notes: Any) -> list[Any]:
    """Style examples for the draft, with the session's pinned/excluded examples applied when the
    Knowledge tab is installed (none when the index is not ready or fails)."""
    retriever = ctx.retriever()
    if retriever is None:
        return []
    try:
        import importlib.util

        if importlib.util.find_spec("ui.knowledge_tab") is not None:
            from ui.knowledge_tab import steered_examples

            return list(steered_examples(ctx, session_id, notes))
        from assistant.drafting.examples import retrieve_examples

        return list(retrieve_examples(retriever, notes))
    except AssistantError as exc:
        log.warning("example retrieval failed: %s", exc)
    except Exception:
        log.exception("example retrieval failed")
    return []


def _draft_markdown(draft: Any) -> str:
    to_md = getattr(draft, "to_markdown", None)
    return str(to_md()) if callable(to_md) else str(draft)


def _check(notes_text: str, draft_text: str, hits: Sequence[Any]) -> dict[str, Any] | None:
    from assistant.check import ExampleText, check_draft

    examples = []
    for h in hits:
        chunk = getattr(h, "chunk", None)
        if chunk is not None and str(getattr(chunk, "text", "")):
            examples.append(ExampleText(title=str(getattr(chunk, "report_title", "")), text=str(chunk.text)))
    result = check_draft(notes_text, draft_text, examples=tuple(examples))
    data = result.to_json()
    return dict(data) if isinstance(data, Mapping) else None


_REGENERATE = re.compile(
    r"^(?:请|麻烦|帮我)?\s*(?:重新生成|重新撰写|重新起草|重写一遍|再生成)\s*(?:一下)?\s*(?P<ref>.+?)[。.!！]?$"
    r"|^(?:please\s+)?(?:regenerate|redraft|rewrite from scratch)\s+(?P<eref>.+?)[.!]?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Regenerate:
    ref: str
    instruction: str
    regenerate: bool = True


def _parse_rewrite(message: str) -> Any | None:
    m = _REGENERATE.match(message.strip())
    if m:
        ref = (m.group("ref") or m.group("eref") or "").strip()
        zh = re.search(r"[\u4e00-\u9fff]", message) is not None
        return _Regenerate(ref, "根据工作要点重新撰写这一部分" if zh else "rewrite this section afresh from the notes")
    try:
        from assistant.rewrite.requests import parse_rewrite_request
    except ImportError:  # rewrite support not installed: every follow-up is notes or a question
        log.warning("assistant.rewrite is unavailable; treating the message as notes")
        return None
    return parse_rewrite_request(message)


def _resolve(tree: Any, ref: str, lang: str) -> tuple[Any | None, str]:
    """The section a reference names, or ``(None, question)`` when it is missing or ambiguous."""
    from assistant.rewrite.requests import resolve_section_ref

    sep = "、" if lang == "zh" else "; "
    options = sep.join(s.label for s in tree.sections)
    if not ref:
        return None, t(lang, "msg_which_section", options=options)
    result = resolve_section_ref(tree, ref)
    if hasattr(result, "id") and hasattr(result, "label"):
        return result, ""
    text = getattr(result, "question", None) or getattr(result, "message", None)
    return None, str(text) if text else t(lang, "msg_which_section", options=options)


def _rewrite_events(ctx: AppContext, tree: Any, section_id: str, notes_text: str,
                    instruction: str) -> Iterator[Any]:
    from assistant.rewrite.engine import iter_rewrite

    handle = ctx.provider()
    return iter(iter_rewrite(tree, section_id, instruction, notes_text, model=handle.model,
                             provider=str(handle.name)))
