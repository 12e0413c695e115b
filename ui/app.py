"""The Gradio page: chat on the left, the checked draft on the right.

``build_app(settings)`` is a factory (nothing happens at import time beyond defining it). The
components are laid out by :func:`ui.page_layout.build_page`; this module only wires them to the
plain handlers in :mod:`ui.handlers`; every handler returns a :class:`~ui.views.View` that
``emit`` turns into component updates (only what changed).

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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.services.chat_text import mask_chat
from ui import controls, facts_view, handlers, page_layout, render, session_handlers, views
from ui.context import AppContext
from ui.controls import chat_safe
from ui.i18n import other, t
from ui.page_layout import PageRefs as PageRefs
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

        p = page_layout.build_page(gr, ctx, sid=sid, lang=lang, lang0=lang0, auth=settings.auth is not None)

        # --- view → updates -----------------------------------------------------------------
        view_outputs = [
            sid, lang, browser, p.chatbot, p.draft, p.summary, p.figures, p.omitted, p.sources, p.ver_a,
            p.ver_b, p.session_dd, p.session_name, p.status, p.editor, p.dl_md, p.dl_docx, p.rw_section,
            p.confirm_box, p.confirm_md,
        ]

        export_confirm = controls.ExportConfirm(ctx, exports, p.dl_docx, p.confirm_box, p.confirm_md)

        def emit(view: View, *, editor_too: bool = True, user: str | None = None) -> dict[Any, Any]:
            if view.notice:
                gr.Warning(mask_chat(view.notice, view.lang))
            out: dict[Any, Any] = {
                sid: view.session_id,
                lang: view.lang,
                browser: {"session_id": view.session_id, "lang": view.lang},
                # notes and example quotes shown as text; no internal URL or port in the assistant's words
                p.chatbot: render.chat_messages(chat_safe(view.chat, view.lang)),
                p.draft: view.draft_html,
                p.summary: view.summary,
            }
            if view.streaming:
                return out
            choices = view.versions
            a_value = choices[1][1] if len(choices) > 1 else (choices[0][1] if choices else None)
            b_value = choices[0][1] if choices else None
            out.update({
                p.figures: {"headers": render.figure_headers(view.lang), "data": view.figures},
                p.omitted: view.omitted,
                p.sources: view.sources,
                p.ver_a: gr.update(choices=choices, value=a_value),
                p.ver_b: gr.update(choices=choices, value=b_value),
                p.session_dd: gr.update(choices=views.session_choices(ctx, user) if user else view.sessions,
                                      value=view.session_id or None),
                p.session_name: view.session_title,
                p.rw_section: gr.update(choices=view.sections),
                p.status: view.status,
            })
            if editor_too:
                out[p.editor] = view.draft_markdown
            md_path, docx_path = None, None
            if view.head_version is not None:
                key = (view.session_id, view.head_version)
                if key not in exports:
                    md_p, docx_p, err = session_handlers.export_files(ctx, view.session_id, view.lang)
                    if err:
                        log.warning("export failed: %s", err)
                    exports[key] = (md_p, docx_p)
                md_path, docx_path = exports[key]
            out[p.dl_md] = gr.update(value=md_path, interactive=md_path is not None)
            out[p.dl_docx] = gr.update(value=docx_path, interactive=docx_path is not None)
            out.update(export_confirm.check(view))
            return out

        relabel_targets = page_layout.relabel_targets(p)
        relabel_outputs = [c for c, _, _ in relabel_targets] + [p.title]
        if p.outline is not None and p.outline.relabel is not None:  # the Outline tab relabels with the page
            relabel_outputs += [c for c in p.outline.relabel_outputs if c not in relabel_outputs]

        def relabel(page_lang: str) -> dict[Any, Any]:
            out: dict[Any, Any] = {}
            for comp, prop, key in relabel_targets:
                text = t(page_lang, key)
                kwargs: dict[str, Any] = {prop: text}
                out[comp] = text if prop == "value" and isinstance(comp, gr.Button) else gr.update(**kwargs)
            out[p.title] = f"# {t(page_lang, 'title')}\n{t(page_lang, 'subtitle')}"
            # the drop zone's own words follow the browser's locale in Gradio: the page language's instead
            out[p.upload] = gr.update(label=t(page_lang, "upload_notes"), elem_classes=[f"ra-page-{page_lang}"])
            if p.outline is not None and p.outline.relabel is not None:
                for comp, update in p.outline.relabel(page_lang).items():
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
                    out: dict[Any, Any] = {p.chatbot: render.chat_messages(chat_safe(view.chat, view.lang))}
                    if not view.notice:
                        out[p.message] = ""
                    yield out
                return
            first = True
            for view in handlers.send_message(ctx, session_id, page_lang, text, user=controls.client(request)):
                out = emit(view, user=user)
                if first and not view.notice:  # a refused message (too long, an error) stays in the box
                    out[p.message] = ""
                first = False
                yield out

        on_send.__annotations__["request"] = gr.Request
        # "multiple": a message sent while a draft streams reaches the server, which refuses it with a
        # message (never a second draft) or stops the draft ("停止"), instead of the page ignoring it
        send_event_kwargs = {"inputs": [p.message, sid, lang], "outputs": [*view_outputs, p.message],
                             "concurrency_limit": None, "show_progress": "hidden", "trigger_mode": "multiple"}
        p.send.click(on_send, **send_event_kwargs)  # type: ignore[arg-type]
        p.message.submit(on_send, **send_event_kwargs)  # type: ignore[arg-type]
        controls.wire_stop(ctx, p.stop, sid, lang)

        def on_upload(path: str | None, session_id: str, page_lang: str,
                      request: gr.Request) -> Iterator[dict[Any, Any]]:
            user = _user(request)
            for view in handlers.upload_notes(ctx, session_id, page_lang, path, user=controls.client(request)):
                yield emit(view, user=user)
            yield {p.upload: None}

        on_upload.__annotations__["request"] = gr.Request

        p.upload.upload(on_upload, inputs=[p.upload, sid, lang], outputs=[*view_outputs, p.upload],
                      concurrency_limit=None, show_progress="hidden")

        def on_rewrite(section_id: str | None, instruction: str, session_id: str, page_lang: str,
                       request: gr.Request) -> Iterator[dict[Any, Any]]:
            user = _user(request)
            for view in handlers.rewrite_from_ui(ctx, session_id, page_lang, section_id, instruction,
                                                 user=controls.client(request)):
                out = emit(view, user=user)
                if not view.streaming and not view.notice:
                    out[p.rw_instruction] = ""
                yield out

        on_rewrite.__annotations__["request"] = gr.Request
        p.rw_button.click(on_rewrite, inputs=[p.rw_section, p.rw_instruction, sid, lang],
                        outputs=[*view_outputs, p.rw_instruction], concurrency_limit=None, show_progress="hidden")

        def on_lang(session_id: str, page_lang: str, request: gr.Request) -> dict[Any, Any]:
            new_lang = other(page_lang)
            view = session_handlers.switch_language(ctx, session_id, new_lang)
            return _merge(emit(view, user=_user(request)), relabel(new_lang))

        on_lang.__annotations__["request"] = gr.Request

        p.lang_btn.click(on_lang, inputs=[sid, lang], outputs=[*view_outputs, *relabel_outputs])

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

        p.restore_btn.click(simple(session_handlers.restore_version, extra_input=True), inputs=[sid, lang, p.ver_a], outputs=view_outputs)
        p.undo_btn.click(simple(session_handlers.undo), inputs=[sid, lang], outputs=view_outputs)
        p.save_edit.click(simple(session_handlers.save_manual_edit, extra_input=True), inputs=[sid, lang, p.editor], outputs=view_outputs)
        p.new_btn.click(simple(session_handlers.new_session, with_user=True), inputs=[sid, lang], outputs=view_outputs)
        p.open_btn.click(simple(session_handlers.open_session, with_user=True, extra_input=True), inputs=[sid, lang, p.session_dd],
                       outputs=view_outputs)
        p.rename_btn.click(simple(session_handlers.rename_session, extra_input=True), inputs=[sid, lang, p.session_name], outputs=view_outputs)
        p.delete_btn.click(simple(session_handlers.delete_session, with_user=True, extra_input=True), inputs=[sid, lang, p.session_dd],
                         outputs=view_outputs)
        if p.knowledge is not None:  # a Knowledge-tab redraft stored a new version: show it on the main page
            p.knowledge.redraft_done.then(simple(session_handlers.switch_language), inputs=[sid, lang], outputs=view_outputs)

        facts_view.wire(gr, ctx, p.facts_panel, sid=sid, lang=lang, triggers=[p.tab_figures.select, p.figures.change],
                        refresh_page=simple(session_handlers.switch_language), page_outputs=view_outputs)
        export_confirm.wire(p.confirm_btn, sid, lang)
        for event in p.outline.changed if p.outline is not None else ():  # a draft / regeneration / Word import
            event.then(simple(session_handlers.switch_language), inputs=[sid, lang], outputs=view_outputs)

        def on_diff(session_id: str, page_lang: str, a: Any, b: Any) -> str:
            return session_handlers.diff_versions(ctx, session_id, page_lang, a, b)

        p.diff_btn.click(on_diff, inputs=[sid, lang, p.ver_a, p.ver_b], outputs=[p.diff])

        def on_tick(page_lang: str) -> str:
            try:
                return ctx.status_markdown(page_lang)
            except Exception:
                log.exception("status refresh failed")
                return ""

        p.timer.tick(on_tick, inputs=[lang], outputs=[p.status], show_progress="hidden", queue=False)

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
