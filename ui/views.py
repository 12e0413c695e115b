"""Views: what the page shows for one browser session (:class:`View`), built from the stored session
(:func:`render_view`) or folded from the typed events of a streaming draft (:class:`PartialDraft`,
:func:`fold_draft_event`). Plain data, no Gradio; ``ui/app.py`` turns a View into component updates.
Nothing in a View contains a secret: only draft text, chat text, check results and labels.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from assistant.errors import AssistantError
from assistant.outline import OutlineOptions
from assistant.sections import parse_draft
from assistant.services.chat_text import mask_chat
from assistant.services.events import (
    InstantDraft,
    ModelFault,
    PolishToken,
    RepairAttempt,
    SectionDone,
    SectionPolished,
    SectionStarted,
    Token,
    retry_hint,
)
from assistant.services.session import Drafted
from assistant.store import LOCAL_OWNER
from ui import render
from ui.context import AppContext
from ui.i18n import t

log = logging.getLogger(__name__)


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


def error_text(exc: BaseException, lang: str) -> str:
    if isinstance(exc, AssistantError):
        message = getattr(exc, "message", None)  # a ModelFault / JobRefused: the page language's text
        return mask_chat(str(message(lang)) if callable(message) else str(exc), lang)
    log.error("unexpected error in a UI handler", exc_info=exc)
    return t(lang, "msg_error_generic")


def fail_view(ctx: AppContext, session_id: str, lang: str, exc: BaseException) -> View:
    """The page after a failure: the message appended to the chat (and stored when possible)."""
    text = error_text(exc, lang)
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
        draft_html=draft_html_of(md, check, lang, snap.session.language),
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


def draft_html_of(md: str, check: Mapping[str, Any] | None, lang: str, draft_lang: str | None,
                *, streaming: bool = False, polish: Sequence[Mapping[str, Any]] | None = None) -> str:
    headings: dict[int, int] = {}
    heading_ends: dict[int, int] = {}
    if md.strip():
        try:
            for s in parse_draft(md).walk():
                headings[s.start] = s.level + 1  # section level 1 = a part = "##" on the markdown scale
                heading_ends[s.start] = s.body_start
        except Exception:
            log.debug("could not parse the draft's sections for display", exc_info=True)
    marks = polish_line_marks(md, [*((check or {}).get("polish") or []), *(polish or [])], lang)
    return render.draft_html(md, check, lang, streaming=streaming, draft_language=draft_lang, headings=headings,
                             heading_ends=heading_ends, marks=marks)


POLISH_BADGES = {"zh": {"model": "模型润色", "offline": "初稿"}, "en": {"model": "polished", "offline": "first draft"}}


def polish_line_marks(md: str, entries: Sequence[Any], lang: str) -> dict[int, tuple[str, str, str]]:
    """Heading line start → (css class, badge, hover text) for each section with a polish outcome
    (``check["polish"]`` of a stored draft, or :meth:`PartialDraft.polish_entries` while streaming): the
    page marks model-polished sections and says why a section kept its first-draft text."""
    by_heading: dict[str, Mapping[str, Any]] = {}
    for entry in entries:
        if isinstance(entry, Mapping) and entry.get("polish") in ("model", "offline") and entry.get("heading"):
            by_heading[_norm_heading(str(entry["heading"]))] = entry
    if not by_heading or not md.strip():
        return {}
    words = POLISH_BADGES["en" if lang == "en" else "zh"]
    out: dict[int, tuple[str, str, str]] = {}
    try:
        sections = parse_draft(md).walk()
    except Exception:
        log.debug("could not parse the draft's sections for the polish marks", exc_info=True)
        return {}
    for s in sections:
        entry = by_heading.get(_norm_heading(md[s.start:s.body_start].split("\n", 1)[0]))
        if entry is None:
            continue
        kind = str(entry["polish"])
        why = entry.get("why")
        title = str(why.get("en" if lang == "en" else "zh", "")) if isinstance(why, Mapping) else str(
            entry.get("reason", ""))
        out[s.start] = (f"ra-polish ra-polish-{kind}", words[kind], title)
    return out


def _norm_heading(text: str) -> str:
    return "".join(text.lstrip("#").split())


def section_choices(md: str) -> list[tuple[str, str]]:
    """(label, id) of every section of a draft, subsections indented, for the rewrite picker."""
    if not md.strip():
        return []
    try:
        return [("\u3000" * (s.level - 1) + s.label, s.id) for s in parse_draft(md).walk()]
    except Exception:
        log.debug("could not list the draft's sections", exc_info=True)
        return []


def owner_of(user: str | None) -> str:
    """The workspace (store owner) of a page user: the logged-in name, ``local`` without authentication."""
    return user or LOCAL_OWNER


def owns(ctx: AppContext, session_id: str, user: str | None) -> bool:
    """Whether the session belongs to this user's workspace (the store answers; a missing id raises)."""
    return ctx.store.get_session(session_id).owner == owner_of(user)


def session_choices(ctx: AppContext, user: str | None = None) -> list[tuple[str, str]]:
    """(label, id) of the stored sessions of this user's workspace, most recent first."""
    out = []
    for s in ctx.store.list_sessions(owner=owner_of(user)):
        when = s.updated[:16].replace("T", " ")
        out.append((f"{s.title} · {when}", s.session_id))
    return out


def describe_structure(options: OutlineOptions, lang: str) -> str:
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


@dataclass
class PartialDraft:
    """The streamed draft as it arrives: section order, headings and text so far."""

    title: str = ""
    order: list[str] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    # section id → its polish outcome so far (heading, polish "model"/"offline", reason): see polish_entries
    polish: dict[str, dict[str, Any]] = field(default_factory=dict)

    def polish_entries(self) -> list[dict[str, Any]]:
        """The polish outcomes so far, for ``draft_html_of(polish=...)`` (the page's section marks)."""
        return list(self.polish.values())

    def markdown(self) -> str:
        parts = [f"# {self.title}\n"] if self.title else []
        for sid in self.order:
            heading = self.headings.get(sid, "")
            body = self.texts.get(sid, "")
            parts.append((heading.rstrip("\n") + "\n\n" if heading else "") + body.strip("\n") + "\n")
        return "\n".join(parts)


def fold_draft_event(partial: PartialDraft, event: object) -> None:
    """Fold one drafting event into the partial draft the page shows while it streams."""
    if isinstance(event, SectionStarted):
        sid = event.section_id
        if sid not in partial.order:
            partial.order.append(sid)
        partial.headings[sid] = f"{'#' * (event.level + 1)} {event.heading}" if event.heading else ""
        partial.texts[sid] = ""
    elif isinstance(event, Token):
        if event.section_id not in partial.order:
            partial.order.append(event.section_id)
        partial.texts[event.section_id] = partial.texts.get(event.section_id, "") + event.text
    elif isinstance(event, RepairAttempt):
        partial.texts[event.section_id] = ""
    elif isinstance(event, SectionDone):
        partial.texts[event.section.section_id] = event.section.text
    elif isinstance(event, InstantDraft):  # the whole offline draft at once; the model polishes it next
        partial.title = partial.title or event.draft.title
        for s in event.draft.sections:
            if s.section_id not in partial.order:
                partial.order.append(s.section_id)
            partial.headings[s.section_id] = f"{'#' * (s.level + 1)} {s.heading}" if s.heading else ""
            partial.texts[s.section_id] = s.text
    elif isinstance(event, PolishToken):  # the cleaned polished text so far replaces the section in place
        partial.texts[event.section_id] = event.text
    elif isinstance(event, SectionPolished):
        partial.texts[event.section_id] = event.text
        heading = partial.headings.get(event.section_id, "").lstrip("# ")
        partial.polish[event.section_id] = {"heading": heading, "polish": "model" if event.accepted else "offline",
                                            "reason": event.reason}


def draft_facts(md: str, check: Mapping[str, Any] | None, lang: str) -> str:
    titles = top_sections(md)
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


def top_sections(md: str) -> list[str]:
    try:
        tree = parse_draft(md)
        return [s.label for s in tree.sections]
    except Exception:
        return [ln.lstrip("# ").strip() for ln in md.splitlines() if ln.startswith("## ")]


def fault_text(outcome: Drafted, lang: str) -> str:
    """The chat message for a model fault that stopped the draft ("" when there was none)."""
    if outcome.interrupted is None:
        return ""
    error = outcome.interrupted.error
    text = error.message(lang) if isinstance(error, ModelFault) else str(error)
    if outcome.version is not None and outcome.interrupted.heading:
        text += "\n\n" + retry_hint(outcome.interrupted.heading, outcome.notes.language)
    return text


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
