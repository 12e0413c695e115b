"""The chat's controls on the page: the Stop button, the chat shown without internal URLs, and the
confirm step before a draft with flagged figures is offered as a .docx. ``ui/app.py`` wires them with a
few lines; the work is in :mod:`ui.handlers` and :mod:`assistant.services.jobs`."""

from __future__ import annotations

import logging
from typing import Any

from assistant.services.chat_text import mask_chat
from ui import handlers
from ui.context import AppContext
from ui.i18n import t
from ui.views import View

log = logging.getLogger(__name__)

# Gradio writes a file drop zone's words ("将文件拖放到此处 - 或 - 点击上传") in the browser's locale, not
# the page's: a component with the class ``ra-page-zh`` / ``ra-page-en`` shows the page language's.
UPLOAD_ZONE_CSS = "".join(
    f""".ra-page-{lang} [data-testid="upload-text"] {{ font-size: 0 !important; }}
.ra-page-{lang} [data-testid="upload-text"] .or {{ display: none; }}
.ra-page-{lang} [data-testid="upload-text"] .icon-wrap {{ font-size: var(--text-md); }}
.ra-page-{lang} [data-testid="upload-text"]::after {{ content: "{t(lang, 'upload_zone')}";
  font-size: var(--text-md); }}
"""
    for lang in ("zh", "en")
)


def chat_safe(chat: list[dict[str, str]], lang: str) -> list[dict[str, str]]:
    """The chat with every assistant message passed through :func:`mask_chat` (no internal URL or port)."""
    return [{**m, "content": mask_chat(m.get("content", ""), lang)} if m.get("role") == "assistant" else m
            for m in chat]


def client(request: Any) -> str | None:
    """Who a request counts against for the per-user job limit: the logged-in user, else the client's
    address — except loopback, the zero-config single-user mode, where only the one-job-per-session rule
    applies (every local tab and session is the same person's; 20 sessions may draft at once)."""
    name = getattr(request, "username", None) if request is not None else None
    if name:
        return f"user:{name}"
    host = getattr(getattr(request, "client", None), "host", None) if request is not None else None
    if not host or host in ("127.0.0.1", "::1", "localhost") or str(host).startswith("127."):
        return None
    return f"addr:{host}"


def wire_stop(ctx: AppContext, stop: Any, sid: Any, lang: Any) -> None:
    """The Stop button: cancels the session's running draft/rewrite/redraft at once (outside the queue, so
    it never waits behind the work it stops); the running stream then ends by itself, keeping what is
    finished (one version), and the page is usable again."""
    import gradio as gr

    def on_stop(session_id: str, page_lang: str) -> None:
        gr.Info(handlers.stop_job(ctx, session_id, page_lang))

    stop.click(on_stop, inputs=[sid, lang], outputs=None, queue=False, show_progress="hidden")


class ExportConfirm:
    """A head version with flagged figures (【待核实】 markers, figures the checker blocks): the .docx
    download waits until the user confirms in a box listing them (the page's side of
    ``export_file(confirm=…)`` / ``FlaggedFiguresError``). Per (session, version)."""

    def __init__(self, ctx: AppContext, exports: dict[tuple[str, int], tuple[str | None, str | None]],
                 download: Any, box: Any, text: Any) -> None:
        self.ctx = ctx
        self.exports = exports  # (session, version) → (md path, docx path), filled by the page
        self.download = download
        self.box = box
        self.text = text
        self.flags: dict[tuple[str, int], list[str]] = {}
        self.confirmed: set[tuple[str, int]] = set()

    def check(self, view: View) -> dict[Any, Any]:
        """The updates for ``view``: the box hidden, or shown with the figures and the .docx held back."""
        import gradio as gr

        if view.head_version is None:
            return {self.box: gr.update(visible=False), self.text: ""}
        key = (view.session_id, view.head_version)
        if key not in self.flags:
            try:
                self.flags[key] = handlers.export_flags(self.ctx, view.session_id, view.lang)
            except Exception:
                log.exception("could not list the flagged figures")
                self.flags[key] = []
        flagged = self.flags[key]
        if not flagged or key in self.confirmed:
            return {self.box: gr.update(visible=False), self.text: ""}
        return {self.download: gr.update(value=None, interactive=False), self.box: gr.update(visible=True),
                self.text: handlers.export_flags_markdown(flagged, view.lang)}

    def confirm(self, session_id: str, page_lang: str) -> dict[Any, Any]:
        """The user confirmed: offer the .docx of the head version."""
        import gradio as gr

        head = self.ctx.store.head(session_id) if session_id else None
        if head is None:
            return {}
        key = (session_id, head.version_id)
        self.confirmed.add(key)
        _md, docx_path = self.exports.get(key, (None, None))
        gr.Info(t(page_lang, "msg_export_confirmed", n=len(self.flags.get(key, []))))
        return {self.download: gr.update(value=docx_path, interactive=docx_path is not None),
                self.box: gr.update(visible=False)}

    def wire(self, button: Any, sid: Any, lang: Any) -> None:
        button.click(self.confirm, inputs=[sid, lang], outputs=[self.download, self.box])
