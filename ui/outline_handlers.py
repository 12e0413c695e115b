"""The Outline tab's handlers: plain functions over the session (``tests/test_outline_tab.py`` calls
them without a browser), each returning an :class:`OutlineView`; and the chat's outline glue (outline
first, "按提纲起草", an outline edit or a section regeneration asked for in the chat).
:mod:`ui.outline_tab` lays the tab out and re-exports every name here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from assistant.errors import AssistantError, InputError
from assistant.indicators import PLACEMENTS
from assistant.locks import split_sentences
from assistant.notes import parse_notes
from assistant.outline_edit import OutlineEdit, apply_edit, outline_to_text, parse_outline_edit
from assistant.sections import parse_draft
from assistant.services import outline_ops
from assistant.services.session import Drafted, SessionWorkflow
from ui import render
from ui.context import AppContext
from ui.outline_texts import ot
from ui.views import View, render_view, section_choices


@dataclass
class OutlineView:
    """What the tab shows."""

    notes: str = ""
    editor: str = ""
    message: str = ""
    sections: list[tuple[str, str]] = field(default_factory=list)
    locks: str = ""
    placement: str = "summary"
    first: bool = False


def outline_view(ctx: AppContext, session_id: str, lang: str, message: str = "") -> OutlineView:
    if not session_id:
        return OutlineView(message=message or ot(lang, "no_session"))
    work = SessionWorkflow(ctx, session_id)
    notes_text = work.notes_text()
    editor = ""
    if not notes_text.strip():
        message = message or ot(lang, "no_notes")
    else:
        try:
            editor = outline_to_text(work.outline(notes_text), parse_notes(notes_text))
        except AssistantError as exc:
            message = message or str(exc)
    head = ctx.store.head(session_id)
    return OutlineView(notes=notes_text, editor=editor, message=message,
                       sections=section_choices(head.text) if head is not None else [],
                       locks=_locks_markdown(ctx, session_id, lang, head.text if head is not None else ""),
                       placement=outline_ops.load_placement(ctx.store, session_id),
                       first=outline_ops.outline_first(ctx.store, session_id))


def _locks_markdown(ctx: AppContext, session_id: str, lang: str, draft: str) -> str:
    locks = outline_ops.load_locks(ctx.store, session_id)
    if not locks:
        return ot(lang, "no_locks")
    items = [f"“{title}”" for title in locks.sections.values()]
    items += [f"“{s[:40]}”" for s in split_sentences(draft) if outline_ops.sentence_locked(s, locks)]
    return ot(lang, "lock_list", items="；".join(items) if lang == "zh" else "; ".join(items))


def _guard(ctx: AppContext, session_id: str, lang: str) -> tuple[SessionWorkflow | None, OutlineView | None]:
    if not session_id:
        return None, OutlineView(message=ot(lang, "no_session"))
    return SessionWorkflow(ctx, session_id), None


def propose(ctx: AppContext, session_id: str, lang: str, notes_text: str) -> OutlineView:
    """Store the notes (when changed) and show a fresh proposed outline."""
    work, refused = _guard(ctx, session_id, lang)
    if work is None:
        return refused or OutlineView()
    text = (notes_text or "").strip()
    if not text and not work.notes_text().strip():
        return outline_view(ctx, session_id, lang, ot(lang, "no_notes"))
    try:
        if text and text != work.notes_text().strip():
            parse_notes(text)  # refuse unreadable notes before storing them
            work.set_notes(text, cause="user")
        outline_ops.clear_outline(ctx.store, session_id)
        outline = work.outline()
        work.save_outline(outline)  # the draft follows what was shown (titles never shift with the examples)
    except AssistantError as exc:
        return outline_view(ctx, session_id, lang, str(exc))
    return outline_view(ctx, session_id, lang, ot(lang, "proposed", n=len(outline.walk())))


def save_text(ctx: AppContext, session_id: str, lang: str, text: str) -> OutlineView:
    """Read the editor's text back (validated) and keep it as the session's outline."""
    work, refused = _guard(ctx, session_id, lang)
    if work is None:
        return refused or OutlineView()
    try:
        outline = outline_ops.outline_from_editor(work.notes_text(), text)
    except AssistantError as exc:
        return outline_view(ctx, session_id, lang, str(exc))
    work.save_outline(outline)
    return outline_view(ctx, session_id, lang, ot(lang, "saved", n=len(outline.walk())))


def describe_edit(edit: OutlineEdit, lang: str) -> str:
    zh = {"rename": "第{h}项改名为“{title}”", "reorder": "第{h}项移到第{t}项{where}", "merge": "第{h}项并入第{t}项",
          "split": "第{h}项拆分为两项", "move": "条目{item}移到第{t}项", "lock": "锁定第{h}项", "unlock": "解锁第{h}项"}
    en = {"rename": "heading {h} renamed “{title}”", "reorder": "heading {h} moved {where} heading {t}",
          "merge": "heading {h} merged into heading {t}", "split": "heading {h} split in two",
          "move": "item {item} moved to heading {t}", "lock": "heading {h} locked", "unlock": "heading {h} unlocked"}
    where = ("之后" if edit.title == "after" else "之前") if lang == "zh" else \
        ("after" if edit.title == "after" else "before")
    return (zh if lang == "zh" else en)[edit.op].format(h=edit.heading, t=edit.target, title=edit.title,
                                                        item=edit.item, where=where)


def edit_outline(ctx: AppContext, session_id: str, lang: str, edit: OutlineEdit) -> str:
    """Apply ``edit`` to the session's outline and store it; the outline text after it."""
    work = SessionWorkflow(ctx, session_id)
    notes_text = work.notes_text()
    if not notes_text.strip():
        raise InputError(ot(lang, "no_notes"))
    notes = parse_notes(notes_text)
    outline = apply_edit(work.outline(notes_text), edit, notes)
    work.save_outline(outline)
    return outline_to_text(outline, notes)


def apply_command(ctx: AppContext, session_id: str, lang: str, command: str) -> OutlineView:
    """An outline command typed in the tab (the chat's wording)."""
    if not session_id:
        return OutlineView(message=ot(lang, "no_session"))
    edit = parse_outline_edit(command or "")
    if edit is None:
        return outline_view(ctx, session_id, lang, ot(lang, "not_understood"))
    try:
        edit_outline(ctx, session_id, lang, edit)
    except AssistantError as exc:
        return outline_view(ctx, session_id, lang, str(exc))
    return outline_view(ctx, session_id, lang, ot(lang, "edited", what=describe_edit(edit, lang)))


def chat_edit(ctx: AppContext, work: SessionWorkflow, lang: str, edit: OutlineEdit) -> bool:
    """An outline edit asked for in the chat: applied and stored, the outline shown in the chat; True when
    there is a draft to redo with it."""
    try:
        text = edit_outline(ctx, work.session_id, lang, edit)
    except AssistantError as exc:
        work.reply(str(exc), {"kind": "outline", "error": True})
        return False
    work.reply(ot(lang, "outline_chat", what=describe_edit(edit, lang), outline=_fenced(text)), {"kind": "outline"})
    return ctx.store.head(work.session_id) is not None


def show_outline_in_chat(ctx: AppContext, work: SessionWorkflow, lang: str) -> None:
    """Outline first: the proposed outline as the chat's answer to pasted notes."""
    notes_text = work.notes_text()
    outline = work.outline(notes_text)
    work.save_outline(outline)  # the draft follows what was shown
    text = outline_to_text(outline, parse_notes(notes_text))
    work.reply(ot(lang, "outline_shown", outline=_fenced(text)), {"kind": "outline"})


def _fenced(text: str) -> str:
    return f"```\n{text.rstrip()}\n```"


def draft_from_outline(ctx: AppContext, session_id: str, lang: str, text: str) -> OutlineView:
    """Save the editor's outline (when given) and draft the notes with it; the chat says what happened."""
    work, refused = _guard(ctx, session_id, lang)
    if work is None:
        return refused or OutlineView()
    notes_text = work.notes_text()
    if not notes_text.strip():
        return outline_view(ctx, session_id, lang, ot(lang, "no_notes"))
    try:
        if (text or "").strip():
            work.save_outline(outline_ops.outline_from_editor(notes_text, text))
        cause = "restructure" if ctx.store.head(session_id) is not None else "first_draft"
        outcome: Drafted | None = None
        for event in work.draft(notes_text, cause=cause, instruction=ot(lang, "draft")):
            if isinstance(event, Drafted):
                outcome = event
    except AssistantError as exc:
        return outline_view(ctx, session_id, lang, str(exc))
    if outcome is None or outcome.version is None:  # pragma: no cover - a fault before any text
        return outline_view(ctx, session_id, lang, ot(lang, "no_draft"))
    sections = len(parse_draft(outcome.markdown).sections)
    message = ot(lang, "drafted", sections=sections, summary=render.summary_line(outcome.check, lang))
    work.reply(message, {"kind": "draft", "outline": True, "hits": outcome.hits_json, "provider": outcome.provider})
    return outline_view(ctx, session_id, lang, message)


def set_placement(ctx: AppContext, session_id: str, lang: str, placement: str) -> OutlineView:
    if not session_id:
        return OutlineView(message=ot(lang, "no_session"))
    chosen = outline_ops.save_placement(ctx.store, session_id, placement if placement in PLACEMENTS else "summary")
    return outline_view(ctx, session_id, lang, ot(lang, "placement", where=ot(lang, f"ind_{chosen}")))


def set_first(ctx: AppContext, session_id: str, lang: str, on: bool) -> OutlineView:
    if not session_id:
        return OutlineView(message=ot(lang, "no_session"))
    outline_ops.set_outline_first(ctx.store, session_id, bool(on))
    return outline_view(ctx, session_id, lang, ot(lang, "first_on" if on else "first_off"))


def lock_section(ctx: AppContext, session_id: str, lang: str, section_id: str | None, on: bool) -> OutlineView:
    head = ctx.store.head(session_id) if session_id else None
    if head is None:
        return outline_view(ctx, session_id, lang, ot(lang, "no_draft"))
    if not section_id:
        return outline_view(ctx, session_id, lang, ot(lang, "pick"))
    tree = parse_draft(head.text)
    locks = outline_ops.load_locks(ctx.store, session_id)
    try:
        label = tree.get(section_id).label
        if on:
            locks.lock_section(tree, section_id)
        else:
            locks.unlock_section(section_id)
    except AssistantError as exc:
        return outline_view(ctx, session_id, lang, str(exc))
    outline_ops.save_locks(ctx.store, session_id, locks)
    return outline_view(ctx, session_id, lang, ot(lang, "locked" if on else "unlocked", what=label))


def lock_sentence(ctx: AppContext, session_id: str, lang: str, sentence: str, on: bool) -> OutlineView:
    head = ctx.store.head(session_id) if session_id else None
    if head is None:
        return outline_view(ctx, session_id, lang, ot(lang, "no_draft"))
    locks = outline_ops.load_locks(ctx.store, session_id)
    try:
        if on:
            locks.lock_sentence(parse_draft(head.text), sentence or "")
        else:
            locks.unlock_sentence(sentence or "")
    except AssistantError as exc:
        return outline_view(ctx, session_id, lang, str(exc))
    outline_ops.save_locks(ctx.store, session_id, locks)
    what = (sentence or "").strip()[:40]
    return outline_view(ctx, session_id, lang, ot(lang, "locked" if on else "unlocked", what=what))


def regenerate(ctx: AppContext, session_id: str, lang: str, section_id: str | None) -> OutlineView:
    """Regenerate one section from its notes (the button); the chat says what happened."""
    head = ctx.store.head(session_id) if session_id else None
    if head is None:
        return outline_view(ctx, session_id, lang, ot(lang, "no_draft"))
    if not section_id:
        return outline_view(ctx, session_id, lang, ot(lang, "pick"))
    work = SessionWorkflow(ctx, session_id)
    try:
        message = _regenerate(work, lang, section_id, head.text)
    except AssistantError as exc:
        return outline_view(ctx, session_id, lang, str(exc))
    return outline_view(ctx, session_id, lang, message)


def _regenerate(work: SessionWorkflow, lang: str, section_id: str, draft: str) -> str:
    outcome: outline_ops.Regenerated | None = None
    for event in work.regenerate(parse_draft(draft), section_id):
        if isinstance(event, outline_ops.Regenerated):
            outcome = event
    if outcome is None:  # pragma: no cover - regenerate always ends with Regenerated
        raise InputError(ot(lang, "no_draft"))
    if outcome.version is None:
        message = ot(lang, "regen_same", title=outcome.label)
    else:
        message = ot(lang, "regenerated", title=outcome.label, summary=render.summary_line(outcome.check, lang))
    work.reply(message, {"kind": "rewrite", "section_id": section_id, "regenerate": True})
    return message


def regenerate_from_chat(ctx: AppContext, work: SessionWorkflow, lang: str, section_id: str) -> Iterator[View]:
    """The chat's "重新生成第二部分": a real re-draft of that section from its notes."""
    head = ctx.store.head(work.session_id)
    if head is None:
        yield render_view(ctx, work.session_id, lang)
        return
    try:
        _regenerate(work, lang, section_id, head.text)
    except AssistantError as exc:
        work.reply(str(exc), {"kind": "rewrite", "error": True})
    yield render_view(ctx, work.session_id, lang)


def import_word(ctx: AppContext, session_id: str, lang: str, path: str | None) -> OutlineView:
    """An edited .docx of the draft: a new version (cause word_edit); changes, flagged figures and the
    document's comments listed in the chat."""
    if not path:
        return outline_view(ctx, session_id, lang)
    if not session_id:
        return OutlineView(message=ot(lang, "no_session"))
    from pathlib import Path

    from assistant.word_edit import import_into_session

    try:
        edit, _version = import_into_session(ctx.store, session_id, Path(path), max_bytes=ctx.settings.max_file_bytes,
                                             name=Path(path).name)
    except AssistantError as exc:
        return outline_view(ctx, session_id, lang, str(exc))
    lines = [ot(lang, "word_done", changed=len(edit.changed_sections), figures=len(edit.changed_figures),
                flagged=len(edit.flagged))]
    lines += [ot(lang, "word_flag", figure=fc.figure.text, reason=fc.reason) for fc in edit.flagged]
    lines += [ot(lang, "word_comment", author=c.author or "—", text=c.text) for c in edit.comments]
    message = "\n".join(f"- {x}" if n else x for n, x in enumerate(lines))
    SessionWorkflow(ctx, session_id).reply(message, {"kind": "word_edit"})
    return outline_view(ctx, session_id, lang, lines[0])


def outline_first_on(ctx: AppContext, session_id: str) -> bool:
    """Whether pasted notes show the outline first in this session (the tab's checkbox)."""
    return outline_ops.outline_first(ctx.store, session_id)


_DRAFT_REQUEST = re.compile(r"^(?:请)?(?:按(?:照)?(?:这个)?提纲)?(?:开始)?(?:起草|撰写|写初稿|生成初稿)(?:吧|。)?$|"
                            r"^(?:please\s+)?(?:draft|write)(?:\s+it|\s+the\s+report)?(?:\s+from\s+the\s+outline)?[.!]?$",
                            re.IGNORECASE)


def is_draft_request(message: str) -> bool:
    """"按提纲起草" / "开始起草" / "draft from the outline": draft the stored notes (after the outline was shown)."""
    return bool(_DRAFT_REQUEST.match(message.strip()))
