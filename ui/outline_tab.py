"""The Outline tab: outline first, the key indicators table, locks, regenerate one section, Word round trip.

Handlers are plain functions over the session (``tests/test_outline_tab.py`` calls them without a
browser); :func:`build` lays the tab out inside the ``gr.Tab`` that ``ui.app`` makes, and returns the
events after which the page refreshes its main view (a draft, a regeneration, a Word re-import).

The outline editor is a text box holding :func:`assistant.outline_edit.outline_to_text`'s form (one line
per heading, ``- n3 …`` per note item; move lines to reorder or move items, edit a heading's words to
rename it, add ``[锁定]`` to lock it); the command box takes the chat's outline commands
("把第三项并入第一项", "move item 3 to heading 1").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

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
from ui.views import View, render_view, section_choices

log = logging.getLogger(__name__)

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "tab": "提纲", "intro": "粘贴笔记并生成提纲：可改标题、调顺序、合并、拆分、移动条目、锁定标题，再按提纲起草。"
        "编辑框中每行一个标题（## 部分，### 小标题）或一个条目（- n3 …）；也可输入指令，如“把第三项并入第一项”。",
        "notes": "笔记", "propose": "生成提纲", "editor": "提纲（可直接编辑）", "save": "保存提纲",
        "draft": "按提纲起草", "command": "提纲指令", "apply": "执行", "first": "粘贴笔记后先看提纲（不勾选则直接起草）",
        "indicators": "主要指标完成情况表", "ind_summary": "放在总结部分末尾", "ind_appendix": "作为附表",
        "ind_none": "不要", "locks": "锁定与重新生成", "section": "部分", "lock": "锁定", "unlock": "解锁",
        "regen": "重新生成本部分", "sentence": "要锁定的句子（原样复制）", "lock_sentence": "锁定句子",
        "unlock_sentence": "解锁句子", "word": "上传在 Word 中修改后的文稿（.docx）",
        "no_session": "没有打开的会话。", "no_notes": "请先粘贴笔记。", "no_draft": "还没有初稿。",
        "proposed": "已生成提纲：{n} 个标题。", "saved": "提纲已保存：{n} 个标题。起草时将按此提纲。",
        "edited": "提纲已修改：{what}", "not_understood": "没有看懂这条提纲指令。例如：“把第三项并入第一项”"
        "“把第二项改名为经济发展”“把第5条移到第一项”“锁定第二项”。",
        "drafted": "已按提纲起草（{sections} 个部分）。数字核对：{summary}", "placement": "指标表位置已设为：{where}。",
        "first_on": "已设为：粘贴笔记后先看提纲。", "first_off": "已设为：粘贴笔记后直接起草。",
        "locked": "已锁定：{what}。改写和重新起草不会改动它。", "unlocked": "已解锁：{what}。",
        "lock_list": "已锁定：{items}", "no_locks": "没有锁定的内容。", "pick": "请先选择一个部分。",
        "regenerated": "已重新生成“{title}”（根据笔记重新起草）。数字核对：{summary}",
        "regen_same": "初稿未变：重新生成后“{title}”没有变化。",
        "word_done": "已导入 Word 修改稿，成为新版本：{changed} 个部分有改动，{figures} 个改动的数字；{flagged} 个数字需核实。",
        "word_flag": "需核实：{figure}（{reason}）", "word_comment": "批注（{author}）：{text}",
        "outline_shown": "这是建议的提纲，可在“提纲”页修改后点“按提纲起草”，或在对话中说“按提纲起草”。\n\n{outline}",
        "outline_chat": "提纲已修改（{what}）：\n\n{outline}",
    },
    "en": {
        "tab": "Outline", "intro": "Paste notes and propose an outline: rename, reorder, merge, split headings, move "
        "items, lock a heading, then draft from it. One line per heading (## part, ### subsection) or item "
        "(- n3 …); or type a command such as “merge heading 3 into heading 1”.",
        "notes": "Notes", "propose": "Propose outline", "editor": "Outline (editable)", "save": "Save outline",
        "draft": "Draft from outline", "command": "Outline command", "apply": "Apply",
        "first": "Show the outline before drafting when notes are pasted", "indicators": "Key indicators table",
        "ind_summary": "End of the summary part", "ind_appendix": "Appendix", "ind_none": "None",
        "locks": "Lock and regenerate", "section": "Section", "lock": "Lock", "unlock": "Unlock",
        "regen": "Regenerate this section", "sentence": "Sentence to lock (copied exactly)",
        "lock_sentence": "Lock sentence", "unlock_sentence": "Unlock sentence",
        "word": "Upload the draft edited in Word (.docx)", "no_session": "No open session.",
        "no_notes": "Paste the notes first.", "no_draft": "No draft yet.", "proposed": "Outline proposed: {n} headings.",
        "saved": "Outline saved: {n} headings. The next draft follows it.", "edited": "Outline edited: {what}",
        "not_understood": "That outline command was not understood. E.g. “merge heading 3 into heading 1”, "
        "“rename heading 2 to Economy”, “move item 5 to heading 1”, “lock heading 2”.",
        "drafted": "Drafted from the outline ({sections} sections). Figures: {summary}",
        "placement": "Indicators table: {where}.", "first_on": "Pasted notes will show the outline first.",
        "first_off": "Pasted notes will be drafted at once.",
        "locked": "Locked: {what}. Rewrites and redrafts leave it as it is.", "unlocked": "Unlocked: {what}.",
        "lock_list": "Locked: {items}", "no_locks": "Nothing is locked.", "pick": "Pick a section first.",
        "regenerated": "Regenerated “{title}” from the notes. Figures: {summary}",
        "regen_same": "Regenerating “{title}” changed nothing.",
        "word_done": "Imported the Word edit as a new version: {changed} section(s) changed, {figures} changed "
        "figure(s); {flagged} figure(s) to verify.", "word_flag": "To verify: {figure} ({reason})",
        "word_comment": "Comment ({author}): {text}",
        "outline_shown": "The proposed outline: edit it in the Outline tab and press “Draft from outline”, or say "
        "“draft from the outline”.\n\n{outline}",
        "outline_chat": "Outline edited ({what}):\n\n{outline}",
    },
}


def ot(lang: str, key: str, **values: Any) -> str:
    text = TEXTS["en" if lang == "en" else "zh"][key]
    return text.format(**values) if values else text


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


# =============================================================================== layout


@dataclass(frozen=True)
class OutlineTab:
    """The events after which the page refreshes its main view (chat, draft, versions)."""

    changed: list[Any]
    relabel: Any = None  # (page language) -> {component: update}: the page's load/toggle relabels the tab
    relabel_outputs: list[Any] = field(default_factory=list)


def build(ctx: AppContext, page: Any, tab: Any = None) -> OutlineTab:
    """Lay out the tab (called inside ``gr.Tab`` by ``ui.app``)."""
    import gradio as gr

    lang0 = getattr(page, "lang0", "zh")
    intro = gr.Markdown(ot(lang0, "intro"), elem_id="ot-intro")
    with gr.Row():
        notes = gr.Textbox(label=ot(lang0, "notes"), lines=5, max_lines=14, elem_id="ot-notes", scale=4)
        with gr.Column(scale=1, min_width=160):
            propose_btn = gr.Button(ot(lang0, "propose"), variant="primary", elem_id="ot-propose")
            first = gr.Checkbox(label=ot(lang0, "first"), value=False, elem_id="ot-first")
    editor = gr.Textbox(label=ot(lang0, "editor"), lines=16, max_lines=60, elem_id="ot-editor")
    with gr.Row():
        command = gr.Textbox(label=ot(lang0, "command"), elem_id="ot-command", scale=4)
        apply_btn = gr.Button(ot(lang0, "apply"), elem_id="ot-apply", scale=1, size="sm")
    with gr.Row():
        save_btn = gr.Button(ot(lang0, "save"), elem_id="ot-save", size="sm")
        draft_btn = gr.Button(ot(lang0, "draft"), variant="primary", elem_id="ot-draft", size="sm")
    placement = gr.Radio(
        choices=[(ot(lang0, f"ind_{p}"), p) for p in PLACEMENTS], value="summary", label=ot(lang0, "indicators"),
        elem_id="ot-indicators")
    message = gr.Markdown("", elem_id="ot-message")
    with gr.Accordion(ot(lang0, "locks"), open=False):
        with gr.Row():
            section = gr.Dropdown(label=ot(lang0, "section"), choices=[], elem_id="ot-section", scale=3)
            lock_btn = gr.Button(ot(lang0, "lock"), elem_id="ot-lock", size="sm", scale=1)
            unlock_btn = gr.Button(ot(lang0, "unlock"), elem_id="ot-unlock", size="sm", scale=1)
            regen_btn = gr.Button(ot(lang0, "regen"), elem_id="ot-regen", size="sm", scale=1)
        with gr.Row():
            sentence = gr.Textbox(label=ot(lang0, "sentence"), elem_id="ot-sentence", scale=4)
            lock_s_btn = gr.Button(ot(lang0, "lock_sentence"), elem_id="ot-lock-sentence", size="sm", scale=1)
            unlock_s_btn = gr.Button(ot(lang0, "unlock_sentence"), elem_id="ot-unlock-sentence", size="sm", scale=1)
        locks_md = gr.Markdown("", elem_id="ot-locks")
    word = gr.File(label=ot(lang0, "word"), file_types=[".docx"], type="filepath", file_count="single",
                   elem_id="ot-word", height=90)

    outputs = [notes, editor, message, section, locks_md, placement, first]

    def emit(view: OutlineView) -> dict[Any, Any]:
        # an empty session keeps what is typed in the notes box (the tab's refresh may land after typing)
        return {notes: view.notes or gr.update(), editor: view.editor, message: view.message,
                section: gr.update(choices=view.sections, value=None), locks_md: view.locks,
                placement: view.placement, first: view.first}

    def handler(fn: Any, *extra: Any) -> Any:
        def run(session_id: str, lang: str, *values: Any) -> dict[Any, Any]:
            try:
                return emit(fn(ctx, session_id, lang, *values, *extra))
            except Exception:
                log.exception("outline tab handler failed")
                return {message: "出错了，请重试。" if lang == "zh" else "Something went wrong; please try again."}
        return run

    inputs = [page.session, page.lang]
    changed = [
        draft_btn.click(handler(draft_from_outline), inputs=[*inputs, editor], outputs=outputs),
        regen_btn.click(handler(regenerate), inputs=[*inputs, section], outputs=outputs),
        word.upload(handler(import_word), inputs=[*inputs, word], outputs=outputs),
    ]
    propose_btn.click(handler(propose), inputs=[*inputs, notes], outputs=outputs)
    save_btn.click(handler(save_text), inputs=[*inputs, editor], outputs=outputs)
    apply_btn.click(handler(apply_command), inputs=[*inputs, command], outputs=outputs)
    command.submit(handler(apply_command), inputs=[*inputs, command], outputs=outputs)
    placement.input(handler(set_placement), inputs=[*inputs, placement], outputs=outputs)
    first.input(handler(set_first), inputs=[*inputs, first], outputs=outputs)
    lock_btn.click(handler(lock_section, True), inputs=[*inputs, section], outputs=outputs)
    unlock_btn.click(handler(lock_section, False), inputs=[*inputs, section], outputs=outputs)
    lock_s_btn.click(handler(lock_sentence, True), inputs=[*inputs, sentence], outputs=outputs)
    unlock_s_btn.click(handler(lock_sentence, False), inputs=[*inputs, sentence], outputs=outputs)
    if tab is not None:
        tab.select(handler(outline_view), inputs=inputs, outputs=outputs)

    labelled = {intro: "intro", notes: "notes", first: "first", editor: "editor", command: "command",
                placement: "indicators", section: "section", sentence: "sentence", word: "word"}
    buttons = {propose_btn: "propose", apply_btn: "apply", save_btn: "save", draft_btn: "draft", lock_btn: "lock",
               unlock_btn: "unlock", regen_btn: "regen", lock_s_btn: "lock_sentence", unlock_s_btn: "unlock_sentence"}

    def relabel(lang: str) -> dict[Any, Any]:
        """The tab's labels in the page language (the page's language toggle)."""
        out: dict[Any, Any] = {
            intro: gr.update(value=ot(lang, "intro")),
            placement: gr.update(label=ot(lang, "indicators"), choices=[(ot(lang, f"ind_{p}"), p) for p in PLACEMENTS]),
        }
        for component, key in labelled.items():
            out.setdefault(component, gr.update(label=ot(lang, key)))
        for button, key in buttons.items():
            out[button] = gr.update(value=ot(lang, key))
        if tab is not None:
            out[tab] = gr.update(label=ot(lang, "tab"))
        return out

    if hasattr(page.lang, "change"):
        page.lang.change(relabel, inputs=[page.lang], outputs=[*labelled, *buttons, *([tab] if tab is not None else [])])
    if hasattr(page.session, "change"):
        page.session.change(handler(outline_view), inputs=inputs, outputs=outputs)
    return OutlineTab(changed, relabel, [*labelled, *buttons, *([tab] if tab is not None else [])])



def outline_first_on(ctx: AppContext, session_id: str) -> bool:
    """Whether pasted notes show the outline first in this session (the tab's checkbox)."""
    return outline_ops.outline_first(ctx.store, session_id)


_DRAFT_REQUEST = re.compile(r"^(?:请)?(?:按(?:照)?(?:这个)?提纲)?(?:开始)?(?:起草|撰写|写初稿|生成初稿)(?:吧|。)?$|"
                            r"^(?:please\s+)?(?:draft|write)(?:\s+it|\s+the\s+report)?(?:\s+from\s+the\s+outline)?[.!]?$",
                            re.IGNORECASE)


def is_draft_request(message: str) -> bool:
    """"按提纲起草" / "开始起草" / "draft from the outline": draft the stored notes (after the outline was shown)."""
    return bool(_DRAFT_REQUEST.match(message.strip()))
