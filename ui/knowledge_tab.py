"""The Knowledge tab: layout and wiring (``build``). The handlers are plain functions in
:mod:`ui.knowledge_library` (the user's example reports) and :mod:`ui.knowledge_examples` (the examples
behind the draft, the redraft); ``tests/test_knowledge_tab.py`` calls them without a browser.

``build(ctx, page)`` is called by :func:`ui.app.build_app` inside its own ``gr.Tab`` with the shared
:class:`~ui.context.AppContext` and the page's :class:`~ui.app.PageRefs` (page language, current
session, the sources panel); it returns the redraft event, which the page follows with a refresh of
its main view.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assistant.knowledge_steering import WHOLE_DRAFT
from ui.context import AppContext, page_user
from ui.knowledge_examples import (
    ExamplesView,
    choose_example,
    clear_choices,
    examples_view,
    pin_house_style,
    redraft,
    undo_choice,
)
from ui.knowledge_library import (
    LibraryView,
    ProgressBridge,
    delete_example,
    kt,
    library_view,
    open_example,
    reindex_examples,
    status_markdown,
    table_headers,
    upload_examples,
)

log = logging.getLogger(__name__)


# =============================================================================== layout


@dataclass(frozen=True)
class KnowledgeTab:
    """What the page wires to the tab: the redraft event (the page refreshes its view after it)."""

    redraft_done: Any  # a Gradio event dependency (supports .then)


def build(ctx: AppContext, page: Any = None) -> KnowledgeTab:
    """Lay out the tab (called inside ``gr.Tab`` by ``ui.app.build_app``)."""
    import gradio as gr

    lang0 = "en" if getattr(page, "lang0", "zh") == "en" else "zh"
    lang_state = getattr(page, "lang", None) or gr.State(lang0)
    session_state = getattr(page, "session", None) or gr.State("")
    sources_panel = getattr(page, "sources", None)

    status = gr.Markdown("", elem_id="ra-kn-status")
    timer = gr.Timer(2.0)
    library_head = gr.Markdown(f"{kt(lang0, 'library_head')}\n\n{kt(lang0, 'library_help')}")
    upload = gr.File(label=kt(lang0, "upload_label"), file_count="multiple", type="filepath",
                     file_types=[".txt", ".md", ".docx", ".html", ".htm"], elem_id="ra-kn-upload", height=110)
    target = gr.Dropdown(label=kt(lang0, "upload_target"), choices=[(kt(lang0, "target_mine"), "")], value="",
                         allow_custom_value=True, elem_id="ra-kn-target")  # checked against the user's teams
    message = gr.Markdown("", elem_id="ra-kn-message")
    table = gr.Dataframe(value={"headers": table_headers(lang0), "data": []}, interactive=False, wrap=True,
                         label=kt(lang0, "table_label"), elem_id="ra-kn-table", max_height=360)
    with gr.Row():
        pick = gr.Dropdown(label=kt(lang0, "pick_report"), choices=[], elem_id="ra-kn-pick", scale=3)
        open_btn = gr.Button(kt(lang0, "open"), size="sm", elem_id="ra-kn-open", scale=1)
        house_btn = gr.Button(kt(lang0, "house"), size="sm", elem_id="ra-kn-house", scale=2)
        delete_btn = gr.Button(kt(lang0, "delete"), size="sm", variant="stop", elem_id="ra-kn-delete", scale=1)
        reindex_btn = gr.Button(kt(lang0, "reindex"), size="sm", elem_id="ra-kn-reindex", scale=1)
    report_text = gr.Textbox(label=kt(lang0, "report_text"), lines=10, max_lines=30, interactive=False,
                             elem_id="ra-kn-text")

    examples_head = gr.Markdown(f"{kt(lang0, 'examples_head')}\n\n{kt(lang0, 'examples_help')}")
    examples_md = gr.Markdown(kt(lang0, "examples_none"), elem_id="ra-kn-examples")
    with gr.Row():
        example_pick = gr.Dropdown(label=kt(lang0, "pick_example"), choices=[], elem_id="ra-kn-example-pick",
                                   scale=3)
        scope_pick = gr.Dropdown(label=kt(lang0, "scope"), choices=[(kt(lang0, "whole_draft"), WHOLE_DRAFT)],
                                 value=WHOLE_DRAFT, elem_id="ra-kn-scope", scale=2)
    with gr.Row():
        pin_btn = gr.Button(kt(lang0, "pin"), size="sm", elem_id="ra-kn-pin")
        exclude_btn = gr.Button(kt(lang0, "exclude"), size="sm", elem_id="ra-kn-exclude")
        exclude_report_btn = gr.Button(kt(lang0, "exclude_report"), size="sm", elem_id="ra-kn-exclude-report")
        redraft_btn = gr.Button(kt(lang0, "redraft"), variant="primary", size="sm", elem_id="ra-kn-redraft")
        refresh_btn = gr.Button(kt(lang0, "refresh"), size="sm", elem_id="ra-kn-refresh")
    choices_md = gr.Markdown("", elem_id="ra-kn-choices")
    with gr.Row():
        choice_pick = gr.Dropdown(label=kt(lang0, "pick_choice"), choices=[], elem_id="ra-kn-choice-pick", scale=3)
        undo_btn = gr.Button(kt(lang0, "unchoose"), size="sm", elem_id="ra-kn-undo", scale=1)
        clear_btn = gr.Button(kt(lang0, "clear"), size="sm", elem_id="ra-kn-clear", scale=1)
    examples_msg = gr.Markdown("", elem_id="ra-kn-examples-message")

    lib_outputs = [message, table, pick, report_text, status, target]
    ex_outputs = [examples_md, example_pick, scope_pick, choices_md, choice_pick, examples_msg]

    def lib_emit(view: LibraryView, lang: str) -> dict[Any, Any]:
        out: dict[Any, Any] = {
            message: view.message,
            table: {"headers": table_headers(lang), "data": view.rows},
            pick: gr.update(choices=view.choices, value=view.selected),
            status: status_markdown(ctx, lang, view.user),
            target: gr.update(choices=view.targets),
        }
        if view.text is not None:
            out[report_text] = view.text
        return out

    def ex_emit(view: ExamplesView) -> dict[Any, Any]:
        scope_values = {v for _, v in view.scopes}
        out: dict[Any, Any] = {
            examples_md: view.markdown,
            example_pick: gr.update(choices=view.examples, value=view.examples[0][1] if view.examples else None),
            scope_pick: gr.update(choices=view.scopes, value=WHOLE_DRAFT if WHOLE_DRAFT in scope_values else None),
            choices_md: view.choices_markdown,
            choice_pick: gr.update(choices=view.choice_keys, value=None),
            examples_msg: view.message,
        }
        return out

    def guarded(fn: Callable[..., dict[Any, Any]]) -> Callable[..., dict[Any, Any]]:
        @functools.wraps(fn)  # Gradio reads fn's signature through __wrapped__ (gr.Request injection)
        def run(*args: Any, **kwargs: Any) -> dict[Any, Any]:
            try:
                return fn(*args, **kwargs)
            except Exception:
                log.exception("knowledge tab action failed")
                gr.Warning("操作失败，详见日志。 / The action failed; see the log.")
                return {}

        return run

    def bridge(progress: Any, lang: str) -> ProgressBridge:
        def report(stage: str, done: int, total: int) -> None:
            try:
                progress((done, total) if total else None, desc=kt(lang, f"stage_{stage}"), unit="")
            except Exception:
                log.debug("progress update failed", exc_info=True)

        return report

    # The logged-in user (request.username) scopes every library action to their workspace.
    def on_upload(paths: list[str] | None, team: str | None, lang: str, request: Any,
                  progress: gr.Progress = gr.Progress()) -> dict[Any, Any]:  # noqa: B008
        view = upload_examples(ctx, lang, paths, progress=bridge(progress, lang), user=page_user(request),
                               team=team or None)
        return {**lib_emit(view, lang), upload: None}

    def on_reindex(lang: str, request: Any, progress: gr.Progress = gr.Progress()) -> dict[Any, Any]:  # noqa: B008
        return lib_emit(reindex_examples(ctx, lang, progress=bridge(progress, lang), user=page_user(request)), lang)

    def on_open(report_id: str | None, lang: str, request: Any) -> dict[Any, Any]:
        return lib_emit(open_example(ctx, lang, report_id, page_user(request)), lang)

    def on_delete(report_id: str | None, lang: str, request: Any) -> dict[Any, Any]:
        return lib_emit(delete_example(ctx, lang, report_id, page_user(request)), lang)

    def on_show(lang: str, session_id: str, request: Any) -> dict[Any, Any]:
        return {**lib_emit(library_view(ctx, lang, user=page_user(request)), lang),
                **ex_emit(examples_view(ctx, session_id, lang))}

    for handler in (on_upload, on_reindex, on_open, on_delete, on_show):
        handler.__annotations__["request"] = gr.Request  # resolvable: Gradio injects the request
    for handler in (on_upload, on_reindex):
        handler.__annotations__["progress"] = gr.Progress

    def on_choose(kind: str) -> Callable[..., dict[Any, Any]]:
        def run(chunk_id: str | None, scope: str | None, lang: str, session_id: str) -> dict[Any, Any]:
            return ex_emit(choose_example(ctx, session_id, lang, kind, chunk_id, scope))

        return run

    def on_house(report_id: str | None, lang: str, session_id: str) -> dict[Any, Any]:
        return ex_emit(pin_house_style(ctx, session_id, lang, report_id))

    def on_undo(key: str | None, lang: str, session_id: str) -> dict[Any, Any]:
        return ex_emit(undo_choice(ctx, session_id, lang, key))

    def on_clear(lang: str, session_id: str) -> dict[Any, Any]:
        return ex_emit(clear_choices(ctx, session_id, lang))

    def on_redraft(lang: str, session_id: str) -> dict[Any, Any]:
        view = redraft(ctx, session_id, lang)
        out = ex_emit(view)
        if sources_panel is not None and view.sources is not None:
            out[sources_panel] = view.sources
        return out

    upload.upload(guarded(on_upload), inputs=[upload, target, lang_state], outputs=[*lib_outputs, upload],
                  concurrency_limit=1)
    reindex_btn.click(guarded(on_reindex), inputs=[lang_state], outputs=lib_outputs, concurrency_limit=1)
    open_btn.click(guarded(on_open), inputs=[pick, lang_state], outputs=lib_outputs)
    delete_btn.click(guarded(on_delete), inputs=[pick, lang_state], outputs=lib_outputs)
    refresh_btn.click(guarded(on_show), inputs=[lang_state, session_state], outputs=[*lib_outputs, *ex_outputs])
    pin_btn.click(guarded(on_choose("pin")), inputs=[example_pick, scope_pick, lang_state, session_state],
                  outputs=ex_outputs)
    exclude_btn.click(guarded(on_choose("exclude")), inputs=[example_pick, scope_pick, lang_state, session_state],
                      outputs=ex_outputs)
    exclude_report_btn.click(guarded(on_choose("exclude_report")),
                             inputs=[example_pick, scope_pick, lang_state, session_state], outputs=ex_outputs)
    house_btn.click(guarded(on_house), inputs=[pick, lang_state, session_state], outputs=ex_outputs)
    undo_btn.click(guarded(on_undo), inputs=[choice_pick, lang_state, session_state], outputs=ex_outputs)
    clear_btn.click(guarded(on_clear), inputs=[lang_state, session_state], outputs=ex_outputs)
    redraft_outputs = [*ex_outputs, *([sources_panel] if sources_panel is not None else [])]
    # ui/app.py follows this event with a refresh of the main page (a .then), which shows the new draft.
    redraft_done = redraft_btn.click(guarded(on_redraft), inputs=[lang_state, session_state],
                                     outputs=redraft_outputs)

    def on_tick(lang: str, request: Any) -> str:
        try:
            return status_markdown(ctx, lang, page_user(request))
        except Exception:
            log.exception("knowledge status refresh failed")
            return ""

    on_tick.__annotations__["request"] = gr.Request
    timer.tick(on_tick, inputs=[lang_state], outputs=[status], show_progress="hidden", queue=False)

    # Relabel on a page-language switch; refresh when the session changes.
    def relabel(lang: str, session_id: str, request: Any) -> dict[Any, Any]:
        lib_view = library_view(ctx, lang, user=page_user(request))
        ex_view = examples_view(ctx, session_id, lang)
        out = {**lib_emit(lib_view, lang), **ex_emit(ex_view)}
        out.update({
            library_head: f"{kt(lang, 'library_head')}\n\n{kt(lang, 'library_help')}",
            examples_head: f"{kt(lang, 'examples_head')}\n\n{kt(lang, 'examples_help')}",
            upload: gr.update(label=kt(lang, "upload_label")),
            target: gr.update(label=kt(lang, "upload_target"), choices=lib_view.targets),
            table: gr.update(value={"headers": table_headers(lang), "data": lib_view.rows},
                             label=kt(lang, "table_label")),
            pick: gr.update(label=kt(lang, "pick_report"), choices=lib_view.choices, value=None),
            report_text: gr.update(label=kt(lang, "report_text")),
            example_pick: gr.update(label=kt(lang, "pick_example"), choices=ex_view.examples,
                                    value=ex_view.examples[0][1] if ex_view.examples else None),
            scope_pick: gr.update(label=kt(lang, "scope"), choices=ex_view.scopes, value=WHOLE_DRAFT),
            choice_pick: gr.update(label=kt(lang, "pick_choice"), choices=ex_view.choice_keys, value=None),
        })
        for btn, key in ((open_btn, "open"), (house_btn, "house"), (delete_btn, "delete"),
                         (reindex_btn, "reindex"), (pin_btn, "pin"), (exclude_btn, "exclude"),
                         (exclude_report_btn, "exclude_report"), (redraft_btn, "redraft"),
                         (refresh_btn, "refresh"), (undo_btn, "unchoose"), (clear_btn, "clear")):
            out[btn] = gr.update(value=kt(lang, key))
        return out

    relabel.__annotations__["request"] = gr.Request
    relabel_outputs = [*lib_outputs, *ex_outputs, library_head, examples_head, upload, open_btn, house_btn,
                       delete_btn, reindex_btn, pin_btn, exclude_btn, exclude_report_btn, redraft_btn, refresh_btn,
                       undo_btn, clear_btn]
    if hasattr(lang_state, "change"):
        lang_state.change(guarded(relabel), inputs=[lang_state, session_state], outputs=relabel_outputs)
    if hasattr(session_state, "change"):
        session_state.change(guarded(on_show), inputs=[lang_state, session_state],
                             outputs=[*lib_outputs, *ex_outputs])
    return KnowledgeTab(redraft_done)
