"""The Gradio page: chat on the left, the checked draft on the right.

``build_app(settings)`` is a factory (nothing happens at import time beyond defining it). The
layout only wires components to the plain handlers in :mod:`ui.handlers`; every handler returns a
:class:`~ui.views.View` that :func:`_emit` turns into component updates (only what changed).

The Knowledge tab comes from ``ui/knowledge_tab.py``:
``knowledge_tab.build(ctx, page)`` is called inside its own ``gr.Tab``, with the shared
:class:`~ui.context.AppContext` and a :class:`PageRefs` naming the page's shared components
(page language, current session, the sources panel) so that it can react to them; it returns the
redraft event, which the page follows with a refresh of the main view (a Gradio ``.then``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.services.chat_text import mask_chat
from ui import controls, facts_view, handlers, knowledge_tab, outline_tab, render, session_handlers, views
from ui.context import AppContext
from ui.controls import chat_safe
from ui.i18n import other, t
from ui.views import View

if TYPE_CHECKING:
    import gradio as gr

    from assistant.settings import Settings

log = logging.getLogger(__name__)

STORAGE_KEY = "report-assistant"

PAGE_CSS = (
    render.DRAFT_CSS
    + controls.UPLOAD_ZONE_CSS
    + """
#ra-header { align-items: center; }
#ra-header h1 { margin: 0; font-size: 1.4em; }
#ra-lang { max-width: 7em; }
#ra-status { font-size: .85em; }
#ra-status blockquote { margin: .2em 0; padding: .2em .6em; border-left: 3px solid #d4a72c; background: #fff8c5; }
#ra-summary { font-weight: 600; }
#ra-draft-box { min-height: 420px; max-height: 78vh; overflow-y: auto; padding: .5em 1em;
  border: 1px solid var(--border-color-primary); border-radius: 8px; background: var(--background-fill-primary); }
"""
)


@dataclass(frozen=True)
class PageRefs:
    """Components of the main page other tabs may read or update."""

    lang: Any  # gr.State holding "zh" / "en"
    session: Any  # gr.State holding the current session id
    sources: Any  # gr.Markdown of the examples behind the draft
    status: Any  # gr.Markdown of the status line
    lang0: str = "zh"  # the language the page is built in (the load event relabels it)


def build_app(settings: Settings, *, services: AppContext | None = None, language: str = "zh") -> gr.Blocks:
    """Build the page. ``services`` lets tests inject a context (fake models, a private store);
    ``language`` is the page language the page is built in before the browser's language is known
    (the load event relabels it)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    import gradio as gr

    ctx = services if services is not None else AppContext(settings=settings)
    lang0 = "en" if language == "en" else "zh"
    exports: dict[tuple[str, int], tuple[str | None, str | None]] = {}

    with gr.Blocks(title="工作总结助手 · Report Assistant", analytics_enabled=False, fill_width=True) as demo:
        demo.ra_context = ctx
        browser = gr.BrowserState({"session_id": "", "lang": ""}, storage_key=STORAGE_KEY,
                                  secret=ctx.browser_secret())
        sid = gr.State("")
        lang = gr.State(lang0)

        with gr.Row(elem_id="ra-header"):
            title = gr.Markdown(f"# {t(lang0, 'title')}\n{t(lang0, 'subtitle')}")
            lang_btn = gr.Button(t(lang0, "language_toggle"), size="sm", elem_id="ra-lang", scale=0)
            if settings.auth is not None:  # /logout also clears the page's browser storage (ui/guard.py)
                gr.Button("退出登录 / Log out", link="/logout", size="sm", elem_id="ra-logout", scale=0)
        status = gr.Markdown("", elem_id="ra-status")
        timer = gr.Timer(2.0)

        with gr.Row(equal_height=False):
            with gr.Column(scale=4, min_width=320):
                chatbot = gr.Chatbot(
                    label=t(lang0, "chat_label"), height=520, elem_id="ra-chat", feedback_options=None,
                    buttons=["copy"],
                )
                message = gr.Textbox(
                    lines=4, max_lines=16, show_label=False, placeholder=t(lang0, "chat_placeholder"),
                    elem_id="ra-input", submit_btn=False,
                )
                with gr.Row():
                    send = gr.Button(t(lang0, "send"), variant="primary", elem_id="ra-send")
                    stop = gr.Button(t(lang0, "stop"), variant="stop", elem_id="ra-stop", scale=0, min_width=90)
                upload = gr.File(
                    label=t(lang0, "upload_notes"), file_types=[".txt", ".md", ".docx"], type="filepath",
                    file_count="single", elem_id="ra-upload", height=90, elem_classes=[f"ra-page-{lang0}"],
                )
                with gr.Accordion(t(lang0, "sessions_label"), open=False, elem_id="ra-sessions") as sessions_acc:
                    session_dd = gr.Dropdown(label=t(lang0, "session_pick"), choices=[], elem_id="ra-session-dd")
                    with gr.Row():
                        open_btn = gr.Button(t(lang0, "session_open"), size="sm", elem_id="ra-open")
                        new_btn = gr.Button(t(lang0, "session_new"), size="sm", elem_id="ra-new")
                        delete_btn = gr.Button(t(lang0, "session_delete"), size="sm", variant="stop",
                                               elem_id="ra-delete")
                    with gr.Row():
                        session_name = gr.Textbox(label=t(lang0, "session_name"), elem_id="ra-session-name",
                                                  scale=3)
                        rename_btn = gr.Button(t(lang0, "session_rename"), size="sm", elem_id="ra-rename",
                                               scale=1)

            with gr.Column(scale=6, min_width=420), gr.Tabs():
                with gr.Tab(t(lang0, "tab_draft"), id="draft") as tab_draft:
                    summary = gr.Markdown("", elem_id="ra-summary")
                    draft = gr.HTML(
                        render.draft_html("", None, lang0), elem_id="ra-draft-box",
                        css_template=render.DRAFT_CSS, js_on_load=None,
                    )
                    with gr.Accordion(t(lang0, "rewrite_label"), open=False) as rewrite_acc, gr.Row():
                        rw_section = gr.Dropdown(label=t(lang0, "rewrite_section"), choices=[],
                                                 elem_id="ra-rw-section", scale=2)
                        rw_instruction = gr.Textbox(label=t(lang0, "rewrite_instruction"),
                                                    elem_id="ra-rw-instruction", scale=3)
                        rw_button = gr.Button(t(lang0, "rewrite_button"), elem_id="ra-rw-button",
                                              scale=1, size="sm")
                    with gr.Row():
                        dl_md = gr.DownloadButton(t(lang0, "download_md"), value=None, size="sm",
                                                  elem_id="ra-dl-md", interactive=False)
                        dl_docx = gr.DownloadButton(t(lang0, "download_docx"), value=None, size="sm",
                                                    elem_id="ra-dl-docx", interactive=False)
                    with gr.Group(visible=False, elem_id="ra-export-check") as confirm_box:
                        confirm_md = gr.Markdown("", elem_id="ra-export-flagged")
                        confirm_btn = gr.Button(t(lang0, "export_confirm"), size="sm", variant="stop",
                                                elem_id="ra-export-confirm")
                    with gr.Accordion(t(lang0, "omitted_label"), open=False) as omitted_acc:
                        omitted = gr.Markdown("", elem_id="ra-omitted")
                    with gr.Accordion(t(lang0, "sources_label"), open=False) as sources_acc:
                        sources = gr.Markdown("", elem_id="ra-sources")
                with gr.Tab(t(lang0, "tab_figures"), id="figures") as tab_figures:
                    figures = gr.Dataframe(
                        value={"headers": render.figure_headers(lang0), "data": []},
                        interactive=False, wrap=True, elem_id="ra-figures",
                    )
                    facts_panel = facts_view.build(gr, lang0)  # the notes' fact table and its editor
                with gr.Tab(t(lang0, "tab_versions"), id="versions") as tab_versions:
                    with gr.Row():
                        ver_a = gr.Dropdown(label=t(lang0, "version_a"), choices=[], elem_id="ra-ver-a")
                        ver_b = gr.Dropdown(label=t(lang0, "version_b"), choices=[], elem_id="ra-ver-b")
                    with gr.Row():
                        diff_btn = gr.Button(t(lang0, "show_diff"), size="sm", elem_id="ra-diff-btn")
                        restore_btn = gr.Button(t(lang0, "restore"), size="sm", elem_id="ra-restore")
                        undo_btn = gr.Button(t(lang0, "undo"), size="sm", elem_id="ra-undo")
                    diff = gr.HTML("", elem_id="ra-diff", css_template=render.DRAFT_CSS, js_on_load=None)
                with gr.Tab(t(lang0, "tab_edit"), id="edit") as tab_edit:
                    editor = gr.Textbox(label=t(lang0, "edit_label"), lines=22, max_lines=60,
                                        elem_id="ra-editor")
                    save_edit = gr.Button(t(lang0, "edit_save"), variant="primary", elem_id="ra-save-edit")
                tab_knowledge, knowledge = _knowledge_tab(
                    gr, ctx, PageRefs(lang=lang, session=sid, sources=sources, status=status, lang0=lang0), lang0
                )
                outline = _outline_tab(gr, ctx, PageRefs(lang=lang, session=sid, sources=sources, status=status, lang0=lang0))

        # --- view → updates -----------------------------------------------------------------
        view_outputs = [
            sid, lang, browser, chatbot, draft, summary, figures, omitted, sources, ver_a, ver_b,
            session_dd, session_name, status, editor, dl_md, dl_docx, rw_section, confirm_box, confirm_md,
        ]

        export_confirm = controls.ExportConfirm(ctx, exports, dl_docx, confirm_box, confirm_md)

        def emit(view: View, *, editor_too: bool = True, user: str | None = None) -> dict[Any, Any]:
            if view.notice:
                gr.Warning(mask_chat(view.notice, view.lang))
            out: dict[Any, Any] = {
                sid: view.session_id,
                lang: view.lang,
                browser: {"session_id": view.session_id, "lang": view.lang},
                # notes and example quotes shown as text; no internal URL or port in the assistant's words
                chatbot: render.chat_messages(chat_safe(view.chat, view.lang)),
                draft: view.draft_html,
                summary: view.summary,
            }
            if view.streaming:
                return out
            choices = view.versions
            a_value = choices[1][1] if len(choices) > 1 else (choices[0][1] if choices else None)
            b_value = choices[0][1] if choices else None
            out.update({
                figures: {"headers": render.figure_headers(view.lang), "data": view.figures},
                omitted: view.omitted,
                sources: view.sources,
                ver_a: gr.update(choices=choices, value=a_value),
                ver_b: gr.update(choices=choices, value=b_value),
                session_dd: gr.update(choices=views.session_choices(ctx, user) if user else view.sessions,
                                      value=view.session_id or None),
                session_name: view.session_title,
                rw_section: gr.update(choices=view.sections),
                status: view.status,
            })
            if editor_too:
                out[editor] = view.draft_markdown
            md_path, docx_path = None, None
            if view.head_version is not None:
                key = (view.session_id, view.head_version)
                if key not in exports:
                    md_p, docx_p, err = session_handlers.export_files(ctx, view.session_id, view.lang)
                    if err:
                        log.warning("export failed: %s", err)
                    exports[key] = (md_p, docx_p)
                md_path, docx_path = exports[key]
            out[dl_md] = gr.update(value=md_path, interactive=md_path is not None)
            out[dl_docx] = gr.update(value=docx_path, interactive=docx_path is not None)
            out.update(export_confirm.check(view))
            return out

        relabel_targets: list[tuple[Any, str, str]] = [
            (lang_btn, "value", "language_toggle"),
            (chatbot, "label", "chat_label"),
            (message, "placeholder", "chat_placeholder"),
            (send, "value", "send"),
            (stop, "value", "stop"),
            (upload, "label", "upload_notes"),
            (sessions_acc, "label", "sessions_label"),
            (session_dd, "label", "session_pick"),
            (open_btn, "value", "session_open"),
            (new_btn, "value", "session_new"),
            (delete_btn, "value", "session_delete"),
            (session_name, "label", "session_name"),
            (rename_btn, "value", "session_rename"),
            (tab_draft, "label", "tab_draft"),
            (tab_figures, "label", "tab_figures"),
            (tab_versions, "label", "tab_versions"),
            (tab_edit, "label", "tab_edit"),
            (rewrite_acc, "label", "rewrite_label"),
            (rw_section, "label", "rewrite_section"),
            (rw_instruction, "label", "rewrite_instruction"),
            (rw_button, "value", "rewrite_button"),
            (dl_md, "label", "download_md"),
            (dl_docx, "label", "download_docx"),
            (omitted_acc, "label", "omitted_label"),
            (confirm_btn, "value", "export_confirm"),
            (sources_acc, "label", "sources_label"),
            (ver_a, "label", "version_a"),
            (ver_b, "label", "version_b"),
            (diff_btn, "value", "show_diff"),
            (restore_btn, "value", "restore"),
            (undo_btn, "value", "undo"),
            (editor, "label", "edit_label"),
            (save_edit, "value", "edit_save"),
        ]
        if tab_knowledge is not None:
            relabel_targets.append((tab_knowledge, "label", "tab_knowledge"))
        relabel_targets.extend(facts_panel.relabel_targets())
        relabel_outputs = [c for c, _, _ in relabel_targets] + [title]
        if outline is not None and outline.relabel is not None:  # the Outline tab relabels with the page
            relabel_outputs += [c for c in outline.relabel_outputs if c not in relabel_outputs]

        def relabel(page_lang: str) -> dict[Any, Any]:
            out: dict[Any, Any] = {}
            for comp, prop, key in relabel_targets:
                text = t(page_lang, key)
                kwargs: dict[str, Any] = {prop: text}
                out[comp] = text if prop == "value" and isinstance(comp, gr.Button) else gr.update(**kwargs)
            out[title] = f"# {t(page_lang, 'title')}\n{t(page_lang, 'subtitle')}"
            # the drop zone's own words follow the browser's locale in Gradio: the page language's instead
            out[upload] = gr.update(label=t(page_lang, "upload_notes"), elem_classes=[f"ra-page-{page_lang}"])
            if outline is not None and outline.relabel is not None:
                for comp, update in outline.relabel(page_lang).items():
                    out.setdefault(comp, update)
            return out

        # --- events ---------------------------------------------------------------------------
        def on_load(stored: Any, request: gr.Request) -> dict[Any, Any]:
            stored = stored if isinstance(stored, dict) else {}
            accept = ""
            try:
                accept = dict(request.headers).get("accept-language", "") if request is not None else ""
            except Exception:
                accept = ""
            page_lang = session_handlers.detect_language(stored.get("lang"), None, accept)
            user = _user(request)
            view = session_handlers.load_page(ctx, stored.get("session_id") or None, page_lang, user)
            return _merge(emit(view, user=user), relabel(page_lang))

        # ``from __future__ import annotations`` leaves "gr.Request" a string Gradio cannot resolve here.
        on_load.__annotations__["request"] = gr.Request
        demo.load(on_load, inputs=[browser], outputs=[*view_outputs, *relabel_outputs])

        def on_send(text: str, session_id: str, page_lang: str, request: gr.Request) -> Iterator[dict[Any, Any]]:
            user = _user(request)
            if not session_id:  # sent before the page finished loading: open a session first
                session_id = session_handlers.load_page(ctx, None, page_lang, user).session_id
            if handlers.job_running(ctx, session_id):
                # a draft/rewrite streams into this page: answer in the chat only (a refusal, a stop, a
                # reply), leave the streaming draft alone, and keep a refused message in the input box
                for view in handlers.send_message(ctx, session_id, page_lang, text, user=controls.client(request)):
                    if view.notice:
                        gr.Warning(mask_chat(view.notice, view.lang))
                    out: dict[Any, Any] = {chatbot: render.chat_messages(chat_safe(view.chat, view.lang))}
                    if not view.notice:
                        out[message] = ""
                    yield out
                return
            first = True
            for view in handlers.send_message(ctx, session_id, page_lang, text, user=controls.client(request)):
                out = emit(view, user=user)
                if first:
                    out[message] = ""
                    first = False
                yield out

        on_send.__annotations__["request"] = gr.Request
        # "multiple": a message sent while a draft streams reaches the server, which refuses it with a
        # message (never a second draft) or stops the draft ("停止"), instead of the page ignoring it
        send_event_kwargs = {"inputs": [message, sid, lang], "outputs": [*view_outputs, message],
                             "concurrency_limit": None, "show_progress": "hidden", "trigger_mode": "multiple"}
        send.click(on_send, **send_event_kwargs)  # type: ignore[arg-type]
        message.submit(on_send, **send_event_kwargs)  # type: ignore[arg-type]
        controls.wire_stop(ctx, stop, sid, lang)

        def on_upload(path: str | None, session_id: str, page_lang: str,
                      request: gr.Request) -> Iterator[dict[Any, Any]]:
            user = _user(request)
            for view in handlers.upload_notes(ctx, session_id, page_lang, path, user=controls.client(request)):
                yield emit(view, user=user)
            yield {upload: None}

        on_upload.__annotations__["request"] = gr.Request

        upload.upload(on_upload, inputs=[upload, sid, lang], outputs=[*view_outputs, upload],
                      concurrency_limit=None, show_progress="hidden")

        def on_rewrite(section_id: str | None, instruction: str, session_id: str, page_lang: str,
                       request: gr.Request) -> Iterator[dict[Any, Any]]:
            user = _user(request)
            for view in handlers.rewrite_from_ui(ctx, session_id, page_lang, section_id, instruction,
                                                 user=controls.client(request)):
                out = emit(view, user=user)
                if not view.streaming and not view.notice:
                    out[rw_instruction] = ""
                yield out

        on_rewrite.__annotations__["request"] = gr.Request
        rw_button.click(on_rewrite, inputs=[rw_section, rw_instruction, sid, lang],
                        outputs=[*view_outputs, rw_instruction], concurrency_limit=None, show_progress="hidden")

        def on_lang(session_id: str, page_lang: str, request: gr.Request) -> dict[Any, Any]:
            new_lang = other(page_lang)
            view = session_handlers.switch_language(ctx, session_id, new_lang)
            return _merge(emit(view, user=_user(request)), relabel(new_lang))

        on_lang.__annotations__["request"] = gr.Request

        lang_btn.click(on_lang, inputs=[sid, lang], outputs=[*view_outputs, *relabel_outputs])

        def simple(fn: Any, *, with_user: bool = False, extra_input: bool = False) -> Any:
            # A fixed signature: Gradio injects gr.Request by annotation and passes inputs positionally.
            def call(session_id: str, page_lang: str, value: Any, request: Any) -> dict[Any, Any]:
                user = _user(request)
                args = ((value,) if extra_input else ()) + ((user,) if with_user else ())
                return emit(fn(ctx, session_id, page_lang, *args), user=user)

            def run_with_value(session_id: str, page_lang: str, value: Any, request: Any) -> dict[Any, Any]:
                return call(session_id, page_lang, value, request)

            def run(session_id: str, page_lang: str, request: Any) -> dict[Any, Any]:
                return call(session_id, page_lang, None, request)

            chosen = run_with_value if extra_input else run
            chosen.__annotations__["request"] = gr.Request
            return chosen

        restore_btn.click(simple(session_handlers.restore_version, extra_input=True), inputs=[sid, lang, ver_a], outputs=view_outputs)
        undo_btn.click(simple(session_handlers.undo), inputs=[sid, lang], outputs=view_outputs)
        save_edit.click(simple(session_handlers.save_manual_edit, extra_input=True), inputs=[sid, lang, editor], outputs=view_outputs)
        new_btn.click(simple(session_handlers.new_session, with_user=True), inputs=[sid, lang], outputs=view_outputs)
        open_btn.click(simple(session_handlers.open_session, with_user=True, extra_input=True), inputs=[sid, lang, session_dd],
                       outputs=view_outputs)
        rename_btn.click(simple(session_handlers.rename_session, extra_input=True), inputs=[sid, lang, session_name], outputs=view_outputs)
        delete_btn.click(simple(session_handlers.delete_session, with_user=True, extra_input=True), inputs=[sid, lang, session_dd],
                         outputs=view_outputs)
        if knowledge is not None:  # a Knowledge-tab redraft stored a new version: show it on the main page
            knowledge.redraft_done.then(simple(session_handlers.switch_language), inputs=[sid, lang], outputs=view_outputs)

        facts_view.wire(gr, ctx, facts_panel, sid=sid, lang=lang, triggers=[tab_figures.select, figures.change],
                        refresh_page=simple(session_handlers.switch_language), page_outputs=view_outputs)
        export_confirm.wire(confirm_btn, sid, lang)
        for event in outline.changed if outline is not None else ():  # a draft / regeneration / Word import
            event.then(simple(session_handlers.switch_language), inputs=[sid, lang], outputs=view_outputs)

        def on_diff(session_id: str, page_lang: str, a: Any, b: Any) -> str:
            return session_handlers.diff_versions(ctx, session_id, page_lang, a, b)

        diff_btn.click(on_diff, inputs=[sid, lang, ver_a, ver_b], outputs=[diff])

        def on_tick(page_lang: str) -> str:
            try:
                return ctx.status_markdown(page_lang)
            except Exception:
                log.exception("status refresh failed")
                return ""

        timer.tick(on_tick, inputs=[lang], outputs=[status], show_progress="hidden", queue=False)

    blocks: gr.Blocks = demo
    return blocks


def _merge(values: dict[Any, Any], labels: dict[Any, Any]) -> dict[Any, Any]:
    """Combine a View's updates with the relabelling ones: a component in both gets one update
    carrying its new value *and* its new label (a plain dict merge would drop the value)."""
    out = dict(values)
    for comp, upd in labels.items():
        if comp not in out:
            out[comp] = upd
            continue
        current = out[comp]
        merged = dict(current) if isinstance(current, dict) and current.get("__type__") == "update" else {
            "__type__": "update", "value": current}
        if isinstance(upd, dict) and upd.get("__type__") == "update":
            merged.update({k: v for k, v in upd.items() if k != "value" or "value" not in merged})
        out[comp] = merged
    return out


def _user(request: Any) -> str | None:
    """The logged-in user when authentication is on (then sessions are per user), else None."""
    name = getattr(request, "username", None) if request is not None else None
    return str(name) if name else None


def _knowledge_tab(gr: Any, ctx: AppContext, page: PageRefs,
                   lang0: str) -> tuple[Any, knowledge_tab.KnowledgeTab | None]:
    """Mount ``ui/knowledge_tab.py`` in its own tab; a failure there never takes the main page down."""
    with gr.Tab(t(lang0, "tab_knowledge"), id="knowledge") as tab:
        try:
            return tab, knowledge_tab.build(ctx, page)
        except Exception:
            log.exception("the Knowledge tab could not be built")
            gr.Markdown(t(lang0, "msg_error_generic"))
    return tab, None


def _outline_tab(gr: Any, ctx: AppContext, page: PageRefs) -> outline_tab.OutlineTab | None:
    """Mount ``ui/outline_tab.py`` in its own tab; a failure there never takes the main page down."""
    with gr.Tab(outline_tab.ot(page.lang0, "tab"), id="outline") as tab:
        try:
            return outline_tab.build(ctx, page, tab)
        except Exception:
            log.exception("the Outline tab could not be built")
            gr.Markdown(t("zh", "msg_error_generic"))
    return None


def launch_app(
    demo: gr.Blocks,
    settings: Settings,
    *,
    host: str | None = None,
    port: int | None = None,
    auth: list[tuple[str, str]] | None = None,
    prevent_thread_lock: bool = False,
    quiet: bool = False,
) -> Any:
    """Queue and launch the page with the project's CSS, allowed export folder, auth and the request
    guards of :mod:`ui.guard` (Host/Origin allowlist, no export served by path, downloads only to their
    owner, logout clears browser storage, login rate limit)."""
    from gradio.utils import get_upload_folder
    from starlette.middleware import Middleware

    from ui.guard import (
        DownloadOwnerGuard,
        ExportGuard,
        HostOriginGuard,
        LoginLimiter,
        LogoutCleaner,
        allowed_hosts,
        download_owners,
    )

    exports_dir = settings.files_root / "exports"
    exports_dir.mkdir(parents=True, exist_ok=True)
    bind = host or settings.host
    middleware = [
        Middleware(HostOriginGuard, hosts=allowed_hosts(bind, settings.allowed_hosts)),
        Middleware(ExportGuard, exports_dir=exports_dir),
        Middleware(DownloadOwnerGuard, cache_dir=Path(getattr(demo, "GRADIO_CACHE", None) or get_upload_folder()),
                   owners=download_owners(settings.files_root)),
        Middleware(LogoutCleaner),
        Middleware(LoginLimiter),
    ]
    demo.queue(default_concurrency_limit=16, max_size=256)
    return demo.launch(
        app_kwargs={"middleware": middleware},
        server_name=bind,
        server_port=port if port is not None else settings.port,
        auth=auth or None,
        css=PAGE_CSS,
        allowed_paths=[str(exports_dir)],
        prevent_thread_lock=prevent_thread_lock,
        show_error=False,
        quiet=quiet,
        share=False,
        inbrowser=False,
        ssr_mode=False,
        footer_links=[],
        max_file_size=settings.max_file_bytes,
    )
