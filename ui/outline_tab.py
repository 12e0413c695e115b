"""The Outline tab: outline first, the key indicators table, locks, regenerate one section, Word round trip.

Handlers are plain functions over the session (``tests/test_outline_tab.py`` calls them without a
browser); :func:`build` lays the tab out inside the ``gr.Tab`` that ``ui.app`` makes, and returns the
events after which the page refreshes its main view (a draft, a regeneration, a Word re-import).

The outline editor is a text box holding :func:`assistant.outline_edit.outline_to_text`'s form (one line
per heading, ``- n3 …`` per note item; move lines to reorder or move items, edit a heading's words to
rename it, add ``[锁定]`` to lock it); the command box takes the chat's outline commands
("把第三项并入第一项", "move item 3 to heading 1").

The handlers are in :mod:`ui.outline_handlers`, the tab's words in :mod:`ui.outline_texts`; both are
re-exported here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from assistant.indicators import PLACEMENTS
from ui.context import AppContext
from ui.outline_handlers import (
    OutlineView,
    apply_command,
    chat_edit,
    describe_edit,
    draft_from_outline,
    edit_outline,
    import_word,
    is_draft_request,
    lock_section,
    lock_sentence,
    outline_first_on,
    outline_view,
    propose,
    regenerate,
    regenerate_from_chat,
    save_text,
    set_first,
    set_placement,
    show_outline_in_chat,
)
from ui.outline_texts import TEXTS, ot

__all__ = [
    "TEXTS",
    "OutlineTab",
    "OutlineView",
    "apply_command",
    "build",
    "chat_edit",
    "describe_edit",
    "draft_from_outline",
    "edit_outline",
    "import_word",
    "is_draft_request",
    "lock_section",
    "lock_sentence",
    "ot",
    "outline_first_on",
    "outline_view",
    "propose",
    "regenerate",
    "regenerate_from_chat",
    "save_text",
    "set_first",
    "set_placement",
    "show_outline_in_chat",
]

log = logging.getLogger(__name__)


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
