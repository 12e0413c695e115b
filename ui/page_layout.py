"""The layout of the main page (:func:`ui.app.build_app`): the header, the chat column, and the
Draft / Figures / Versions / Edit / Knowledge / Outline tabs, built into a :class:`Page` that names
every component; :func:`relabel_targets` lists what the page language relabels. ``ui/app.py`` wires
the components to the handlers. The Knowledge and Outline tabs are mounted so that a failure there
never takes the main page down.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ui import facts_view, knowledge_tab, outline_tab, render
from ui.context import AppContext
from ui.i18n import t

if TYPE_CHECKING:
    import gradio as gr

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageRefs:
    """Components of the main page other tabs may read or update."""

    lang: Any  # gr.State holding "zh" / "en"
    session: Any  # gr.State holding the current session id
    sources: Any  # gr.Markdown of the examples behind the draft
    status: Any  # gr.Markdown of the status line
    lang0: str = "zh"  # the language the page is built in (the load event relabels it)


class Page:
    """The main page's components (Gradio objects), filled in by :func:`build_page`."""

    title: gr.Markdown
    lang_btn: gr.Button
    status: gr.Markdown
    timer: gr.Timer
    chatbot: gr.Chatbot
    message: gr.Textbox
    send: gr.Button
    stop: gr.Button
    upload: gr.File
    sessions_acc: gr.Accordion
    session_dd: gr.Dropdown
    open_btn: gr.Button
    new_btn: gr.Button
    delete_btn: gr.Button
    session_name: gr.Textbox
    rename_btn: gr.Button
    tab_draft: gr.Tab
    summary: gr.Markdown
    draft: gr.HTML
    rewrite_acc: gr.Accordion
    rw_section: gr.Dropdown
    rw_instruction: gr.Textbox
    rw_button: gr.Button
    dl_md: gr.DownloadButton
    dl_docx: gr.DownloadButton
    confirm_box: gr.Group
    confirm_md: gr.Markdown
    confirm_btn: gr.Button
    omitted_acc: gr.Accordion
    omitted: gr.Markdown
    sources_acc: gr.Accordion
    sources: gr.Markdown
    tab_figures: gr.Tab
    figures: gr.Dataframe
    facts_panel: facts_view.FactsPanel
    tab_versions: gr.Tab
    ver_a: gr.Dropdown
    ver_b: gr.Dropdown
    diff_btn: gr.Button
    restore_btn: gr.Button
    undo_btn: gr.Button
    diff: gr.HTML
    tab_edit: gr.Tab
    editor: gr.Textbox
    save_edit: gr.Button
    tab_knowledge: gr.Tab
    knowledge: knowledge_tab.KnowledgeTab | None
    outline: outline_tab.OutlineTab | None


def build_page(gr: Any, ctx: AppContext, *, sid: Any, lang: Any, lang0: str, auth: bool) -> Page:
    """Lay the page out inside the current ``gr.Blocks`` (``sid`` / ``lang``: the page's states;
    ``lang0``: the language it is built in; ``auth``: whether to show the log-out button)."""
    p = Page()
    with gr.Row(elem_id="ra-header"):
        p.title = gr.Markdown(f"# {t(lang0, 'title')}\n{t(lang0, 'subtitle')}")
        p.lang_btn = gr.Button(t(lang0, "language_toggle"), size="sm", elem_id="ra-lang", scale=0)
        if auth:  # /logout also clears the page's browser storage (ui/guard.py)
            gr.Button("退出登录 / Log out", link="/logout", size="sm", elem_id="ra-logout", scale=0)
    p.status = gr.Markdown("", elem_id="ra-status")
    p.timer = gr.Timer(2.0)

    with gr.Row(equal_height=False):
        with gr.Column(scale=4, min_width=320):
            p.chatbot = gr.Chatbot(
                label=t(lang0, "chat_label"), height=520, elem_id="ra-chat", feedback_options=None,
                buttons=["copy"],
            )
            p.message = gr.Textbox(
                lines=4, max_lines=16, show_label=False, placeholder=t(lang0, "chat_placeholder"),
                elem_id="ra-input", submit_btn=False,
            )
            with gr.Row():
                p.send = gr.Button(t(lang0, "send"), variant="primary", elem_id="ra-send")
                p.stop = gr.Button(t(lang0, "stop"), variant="stop", elem_id="ra-stop", scale=0, min_width=90)
            p.upload = gr.File(
                label=t(lang0, "upload_notes"), file_types=[".txt", ".md", ".docx"], type="filepath",
                file_count="single", elem_id="ra-upload", height=90, elem_classes=[f"ra-page-{lang0}"],
            )
            with gr.Accordion(t(lang0, "sessions_label"), open=False, elem_id="ra-sessions") as p.sessions_acc:
                p.session_dd = gr.Dropdown(label=t(lang0, "session_pick"), choices=[], elem_id="ra-session-dd")
                with gr.Row():
                    p.open_btn = gr.Button(t(lang0, "session_open"), size="sm", elem_id="ra-open")
                    p.new_btn = gr.Button(t(lang0, "session_new"), size="sm", elem_id="ra-new")
                    p.delete_btn = gr.Button(t(lang0, "session_delete"), size="sm", variant="stop",
                                           elem_id="ra-delete")
                with gr.Row():
                    p.session_name = gr.Textbox(label=t(lang0, "session_name"), elem_id="ra-session-name",
                                              scale=3)
                    p.rename_btn = gr.Button(t(lang0, "session_rename"), size="sm", elem_id="ra-rename",
                                           scale=1)

        with gr.Column(scale=6, min_width=420), gr.Tabs():
            with gr.Tab(t(lang0, "tab_draft"), id="draft") as p.tab_draft:
                p.summary = gr.Markdown("", elem_id="ra-summary")
                p.draft = gr.HTML(
                    render.draft_html("", None, lang0), elem_id="ra-draft-box",
                    css_template=render.DRAFT_CSS, js_on_load=None,
                )
                with gr.Accordion(t(lang0, "rewrite_label"), open=False) as p.rewrite_acc, gr.Row():
                    p.rw_section = gr.Dropdown(label=t(lang0, "rewrite_section"), choices=[],
                                             elem_id="ra-rw-section", scale=2)
                    p.rw_instruction = gr.Textbox(label=t(lang0, "rewrite_instruction"),
                                                elem_id="ra-rw-instruction", scale=3)
                    p.rw_button = gr.Button(t(lang0, "rewrite_button"), elem_id="ra-rw-button",
                                          scale=1, size="sm")
                with gr.Row():
                    p.dl_md = gr.DownloadButton(t(lang0, "download_md"), value=None, size="sm",
                                              elem_id="ra-dl-md", interactive=False)
                    p.dl_docx = gr.DownloadButton(t(lang0, "download_docx"), value=None, size="sm",
                                                elem_id="ra-dl-docx", interactive=False)
                with gr.Group(visible=False, elem_id="ra-export-check") as p.confirm_box:
                    p.confirm_md = gr.Markdown("", elem_id="ra-export-flagged")
                    p.confirm_btn = gr.Button(t(lang0, "export_confirm"), size="sm", variant="stop",
                                            elem_id="ra-export-confirm")
                with gr.Accordion(t(lang0, "omitted_label"), open=False) as p.omitted_acc:
                    p.omitted = gr.Markdown("", elem_id="ra-omitted")
                with gr.Accordion(t(lang0, "sources_label"), open=False) as p.sources_acc:
                    p.sources = gr.Markdown("", elem_id="ra-sources")
            with gr.Tab(t(lang0, "tab_figures"), id="figures") as p.tab_figures:
                p.figures = gr.Dataframe(
                    value={"headers": render.figure_headers(lang0), "data": []},
                    interactive=False, wrap=True, elem_id="ra-figures",
                )
                p.facts_panel = facts_view.build(gr, lang0)  # the notes' fact table and its editor
            with gr.Tab(t(lang0, "tab_versions"), id="versions") as p.tab_versions:
                with gr.Row():
                    p.ver_a = gr.Dropdown(label=t(lang0, "version_a"), choices=[], elem_id="ra-ver-a")
                    p.ver_b = gr.Dropdown(label=t(lang0, "version_b"), choices=[], elem_id="ra-ver-b")
                with gr.Row():
                    p.diff_btn = gr.Button(t(lang0, "show_diff"), size="sm", elem_id="ra-diff-btn")
                    p.restore_btn = gr.Button(t(lang0, "restore"), size="sm", elem_id="ra-restore")
                    p.undo_btn = gr.Button(t(lang0, "undo"), size="sm", elem_id="ra-undo")
                p.diff = gr.HTML("", elem_id="ra-diff", css_template=render.DRAFT_CSS, js_on_load=None)
            with gr.Tab(t(lang0, "tab_edit"), id="edit") as p.tab_edit:
                p.editor = gr.Textbox(label=t(lang0, "edit_label"), lines=22, max_lines=60,
                                    elem_id="ra-editor")
                p.save_edit = gr.Button(t(lang0, "edit_save"), variant="primary", elem_id="ra-save-edit")
            p.tab_knowledge, p.knowledge = _knowledge_tab(
                gr, ctx, PageRefs(lang=lang, session=sid, sources=p.sources, status=p.status, lang0=lang0), lang0
            )
            refs = PageRefs(lang=lang, session=sid, sources=p.sources, status=p.status, lang0=lang0)
            p.outline = _outline_tab(gr, ctx, refs)
    return p


def relabel_targets(p: Page) -> list[tuple[Any, str, str]]:
    """(component, property, i18n key) for every label the page language changes."""
    targets: list[tuple[Any, str, str]] = [
        (p.lang_btn, "value", "language_toggle"),
        (p.chatbot, "label", "chat_label"),
        (p.message, "placeholder", "chat_placeholder"),
        (p.send, "value", "send"),
        (p.stop, "value", "stop"),
        (p.upload, "label", "upload_notes"),
        (p.sessions_acc, "label", "sessions_label"),
        (p.session_dd, "label", "session_pick"),
        (p.open_btn, "value", "session_open"),
        (p.new_btn, "value", "session_new"),
        (p.delete_btn, "value", "session_delete"),
        (p.session_name, "label", "session_name"),
        (p.rename_btn, "value", "session_rename"),
        (p.tab_draft, "label", "tab_draft"),
        (p.tab_figures, "label", "tab_figures"),
        (p.tab_versions, "label", "tab_versions"),
        (p.tab_edit, "label", "tab_edit"),
        (p.rewrite_acc, "label", "rewrite_label"),
        (p.rw_section, "label", "rewrite_section"),
        (p.rw_instruction, "label", "rewrite_instruction"),
        (p.rw_button, "value", "rewrite_button"),
        (p.dl_md, "label", "download_md"),
        (p.dl_docx, "label", "download_docx"),
        (p.omitted_acc, "label", "omitted_label"),
        (p.confirm_btn, "value", "export_confirm"),
        (p.sources_acc, "label", "sources_label"),
        (p.ver_a, "label", "version_a"),
        (p.ver_b, "label", "version_b"),
        (p.diff_btn, "value", "show_diff"),
        (p.restore_btn, "value", "restore"),
        (p.undo_btn, "value", "undo"),
        (p.editor, "label", "edit_label"),
        (p.save_edit, "value", "edit_save"),
    ]
    if p.tab_knowledge is not None:
        targets.append((p.tab_knowledge, "label", "tab_knowledge"))
    targets.extend(p.facts_panel.relabel_targets())
    return targets


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
