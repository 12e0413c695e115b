"""The Knowledge tab: the user's own example reports, and the examples behind the current draft.

``build(ctx, page)`` is called by :func:`ui.app.build_app` inside its own ``gr.Tab`` with the shared
:class:`~ui.context.AppContext` and the page's :class:`~ui.app.PageRefs` (page language, current
session, the sources panel). The layout only wires components to the plain handler functions
below, which take the context and return plain values; ``tests/test_knowledge_tab.py`` calls them
without a browser.

* Library: upload (.txt/.md/.docx/.html; several at once; a page holding several reports is split),
  a table of reports (title, issuing body, year, language, size, chunks, origin), open, delete
  (the user's own only), re-index — uploads and re-indexing show progress.
* Examples behind this draft: the passages retrieved for the session's latest draft, per section
  (title, section path, score, passage, origin), with pin (for one section or the whole draft),
  exclude, pin a report as the session's house style, and a redraft that applies the choices.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import AssistantError
from assistant.knowledge import (
    WHOLE_DRAFT,
    ExampleChoice,
    ExampleChoices,
    FileProblem,
    KnowledgeLibrary,
    ReportInfo,
    SteeredRetriever,
    UploadFile,
    add_choice,
    load_choices,
    save_choices,
)
from assistant.sanitize import markdown_text
from assistant.status import DENSE_TASK, REINDEX_TASK, UPLOAD_DENSE_TASK, UPLOAD_TASK
from ui import render

log = logging.getLogger(__name__)

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "library_head": "### 我的范文库",
        "library_help": "上传自己的范文（.txt / .md / .docx / .html，可一次多选；一页中包含多篇的会自动拆分）。"
                        "检索范文时优先使用您上传的范文。",
        "upload_label": "上传范文",
        "table_label": "范文列表",
        "col_title": "标题", "col_issuer": "发文单位", "col_year": "年份", "col_language": "语言",
        "col_size": "字数", "col_chunks": "片段", "col_origin": "来源", "col_id": "编号",
        "origin_user": "我的", "origin_shipped": "内置",
        "lang_zh": "中文", "lang_en": "英文",
        "pick_report": "选择范文",
        "open": "打开", "delete": "删除", "reindex": "重建索引", "house": "设为本会话的文风范文",
        "report_text": "范文全文",
        "uploaded": "已加入 {n} 篇范文：{titles}。",
        "upload_failed": "{n} 个文件未能导入：",
        "upload_none": "请选择要上传的文件。",
        "keyword_ready": "关键词检索已可用；",
        "dense_ready": "语义检索已可用（用时 {seconds:.1f} 秒）。",
        "dense_later": "语义索引正在后台建立，进度见上方状态。",
        "deleted": "已删除《{title}》（{chunks} 个片段），它不会再出现在检索结果中。",
        "pick_first": "请先选择一篇范文。",
        "reindexed": "索引已重建：{reports} 篇范文，{chunks} 个片段，用时 {seconds:.1f} 秒。",
        "dense_background": "关键词检索已可用；缺少的语义向量正在后台补齐，进度见上方状态。",
        "stage_read": "读取文件", "stage_index": "写入索引", "stage_embed": "语义向量",
        "summary": "共 {total} 篇范文（我的 {user} 篇，内置 {shipped} 篇），{chunks} 个片段；语义索引 {done}/{all}。",
        "examples_head": "### 本稿参考的范文",
        "examples_help": "以下是为当前初稿检索到的范文片段（仅借鉴结构与语气）。可以为某一部分或全文固定、排除某个片段，"
                         "然后重新起草。",
        "examples_none": "当前会话还没有初稿，或初稿没有检索到范文。",
        "whole_draft": "全文",
        "pick_example": "选择片段",
        "scope": "作用范围",
        "pin": "固定此片段", "exclude": "排除此片段", "exclude_report": "排除整篇范文",
        "redraft": "按选择重新起草",
        "choices_head": "**当前选择**",
        "choices_none": "（尚无固定或排除）",
        "pick_choice": "选择要撤销的项",
        "unchoose": "撤销", "clear": "全部清除",
        "kind_pin": "固定", "kind_exclude": "排除", "kind_house": "文风范文",
        "pinned_tag": "已固定",
        "no_session": "请先在对话中粘贴笔记生成初稿。",
        "no_notes": "当前会话还没有笔记，无法重新起草。",
        "redrafted": "已按您的选择重新起草（{n} 段范文），见“初稿”页。",
        "choice_saved": "已保存：{what}。重新起草后生效。",
        "example_line": "**{n}. {title}** — {section} · 得分 {score}{origin}{pinned}",
        "refresh": "刷新",
    },
    "en": {
        "library_head": "### My example library",
        "library_help": "Upload your own example reports (.txt / .md / .docx / .html, several at once; a page "
                        "holding several reports is split). Your own examples are preferred when examples are "
                        "retrieved.",
        "upload_label": "Upload examples",
        "table_label": "Example reports",
        "col_title": "Title", "col_issuer": "Issued by", "col_year": "Year", "col_language": "Language",
        "col_size": "Characters", "col_chunks": "Chunks", "col_origin": "Origin", "col_id": "Id",
        "origin_user": "mine", "origin_shipped": "shipped",
        "lang_zh": "Chinese", "lang_en": "English",
        "pick_report": "Choose a report",
        "open": "Open", "delete": "Delete", "reindex": "Re-index", "house": "Use as this session's house style",
        "report_text": "Report text",
        "uploaded": "Added {n} example report(s): {titles}.",
        "upload_failed": "{n} file(s) could not be imported:",
        "upload_none": "Choose files to upload.",
        "keyword_ready": "Keyword search works now; ",
        "dense_ready": "semantic search works too (after {seconds:.1f} s).",
        "dense_later": "the semantic index is being built in the background (progress above).",
        "deleted": "Deleted '{title}' ({chunks} chunks); it no longer appears in search results.",
        "pick_first": "Choose a report first.",
        "reindexed": "Index rebuilt: {reports} reports, {chunks} chunks in {seconds:.1f} s.",
        "dense_background": "Keyword search works now; missing semantic vectors are being added in the "
                            "background (progress above).",
        "stage_read": "Reading files", "stage_index": "Writing the index", "stage_embed": "Semantic vectors",
        "summary": "{total} reports ({user} yours, {shipped} shipped), {chunks} chunks; semantic index {done}/{all}.",
        "examples_head": "### Examples behind this draft",
        "examples_help": "The example passages retrieved for the current draft (they shape structure and tone "
                         "only). Pin or exclude a passage for one section or the whole draft, then redraft.",
        "examples_none": "This session has no draft yet, or no examples were retrieved for it.",
        "whole_draft": "Whole draft",
        "pick_example": "Choose a passage",
        "scope": "Applies to",
        "pin": "Pin passage", "exclude": "Exclude passage", "exclude_report": "Exclude whole report",
        "redraft": "Redraft with these choices",
        "choices_head": "**Current choices**",
        "choices_none": "(nothing pinned or excluded)",
        "pick_choice": "Choose a choice to undo",
        "unchoose": "Undo", "clear": "Clear all",
        "kind_pin": "pinned", "kind_exclude": "excluded", "kind_house": "house style",
        "pinned_tag": "pinned",
        "no_session": "Paste notes in the chat to make a draft first.",
        "no_notes": "This session has no notes yet; nothing to redraft.",
        "redrafted": "Redrafted with your choices ({n} example passages); see the Draft tab.",
        "choice_saved": "Saved: {what}. It applies from the next draft.",
        "example_line": "**{n}. {title}** — {section} · score {score}{origin}{pinned}",
        "refresh": "Refresh",
    },
}


def kt(lang: str, key: str, **values: object) -> str:
    """This tab's text for ``key`` in ``lang`` (English when unknown)."""
    table = TEXTS.get(lang, TEXTS["en"])
    text = table.get(key) or TEXTS["en"][key]
    return text.format(**values) if values else text


# =============================================================================== library handlers


def library(ctx: Any) -> KnowledgeLibrary:
    """The library over the page's shared index."""
    return KnowledgeLibrary(ctx.settings, ctx.index())


def table_headers(lang: str) -> list[str]:
    return [kt(lang, k) for k in ("col_title", "col_issuer", "col_year", "col_language", "col_size",
                                  "col_chunks", "col_origin", "col_id")]


def report_rows(reports: Sequence[ReportInfo], lang: str) -> list[list[Any]]:
    return [
        [
            r.title, r.issuer, r.year if r.year is not None else "", kt(lang, f"lang_{r.language}"),
            r.chars, r.chunks, kt(lang, f"origin_{r.origin}") if r.origin in ("user", "shipped") else r.origin,
            r.report_id,
        ]
        for r in reports
    ]


def report_choices(reports: Sequence[ReportInfo], lang: str) -> list[tuple[str, str]]:
    out = []
    for r in reports:
        tag = kt(lang, "origin_user") if r.origin == "user" else kt(lang, "origin_shipped")
        year = f" {r.year}" if r.year else ""
        out.append((f"[{tag}] {r.title}{year}", r.report_id))
    return out


@dataclass
class LibraryView:
    """What the library part of the tab shows after an action."""

    message: str
    rows: list[list[Any]]
    choices: list[tuple[str, str]]
    summary: str
    selected: str | None = None
    text: str | None = None  # the opened report's text (None: leave as is)
    job: threading.Thread | None = None  # background embedding of an upload's chunks


def library_view(ctx: Any, lang: str, message: str = "", *, selected: str | None = None,
                 text: str | None = None) -> LibraryView:
    lib = library(ctx)
    reports = lib.list_reports()
    return LibraryView(message=message, rows=report_rows(reports, lang), choices=report_choices(reports, lang),
                       summary=library_summary(ctx, lang, reports), selected=selected, text=text)


def library_summary(ctx: Any, lang: str, reports: Sequence[ReportInfo] | None = None) -> str:
    lib = library(ctx)
    reports = lib.list_reports() if reports is None else reports
    dense = lib.index.dense_status()
    user = sum(1 for r in reports if r.origin == "user")
    return kt(lang, "summary", total=len(reports), user=user, shipped=len(reports) - user,
              chunks=sum(r.chunks for r in reports), done=dense.done, all=dense.total)


# The importer's per-file messages (assistant.textio / assistant.ingest / assistant.knowledge) in Chinese.
_ZH_PROBLEMS: tuple[tuple[str, str], ...] = (
    (r"file not found\.", "找不到文件。"),
    (r"is a folder, not a file\.", "这是文件夹，不是文件。"),
    (r"is not a regular file\.", "不是普通文件。"),
    (r"old Word \.doc files are not supported; save it as \.docx\.", "不支持旧版 Word .doc 文件，请另存为 .docx。"),
    (r"unsupported file type(?: '[^']*')?(?:; save it as \.docx)?; use \.txt, \.md, \.docx or \.html\.",
     "不支持的文件类型，请使用 .txt、.md、.docx 或 .html。"),
    (r"the file is (.+?), over the limit of (.+?)\.", r"文件大小为 \1，超过上限 \2。"),
    (r"the file is over the limit of (.+?)\.", r"文件超过上限 \1。"),
    (r"the file is empty(?: \(it holds no text\))?\.", "文件是空的（没有文字）。"),
    (r"this is (.+?), not a text file\.", r"这是\1，不是文本文件。"),
    (r"the file (?:is|looks) binary .*", "这是二进制文件，不是文本。"),
    (r"the text encoding could not be recognised.*", "无法识别文字编码，请另存为 UTF-8 后重试。"),
    (r"not a valid \.docx file.*|the zip archive is not a Word document.*|the \.docx file cannot be read.*",
     "不是有效的 .docx 文件（文件已损坏或不是 Word 文档）。"),
    (r"the \.docx (?:unpacks to|archive holds too many).*", "该 .docx 解压后过大，已拒绝。"),
    (r"no report text is left after removing page clutter\.", "去除网页杂项后没有剩下正文。"),
    (r"the (?:upload|file) cannot be read.*", "无法读取该文件。"),
)


_ZH_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"'(.+)' is one of the shipped examples and cannot be deleted; exclude it from the draft instead\.",
     r"《\1》是内置范文，不能删除；可以在起草时排除它。"),
    (r"No example report with id '(.+)' is in the library\.", r"范文库中没有编号为 \1 的范文。"),
    (r"The uploaded examples could not be (?:indexed|saved) .*; nothing was added\.", "上传的范文未能写入索引，未添加任何内容。"),
)

_ZH_KINDS = {
    "a PDF document": "PDF 文档", "a PNG image": "PNG 图片", "a JPEG image": "JPEG 图片", "a GIF image": "GIF 图片",
    "a zip archive": "zip 压缩包", "a program": "程序文件", "a gzip archive": "gzip 压缩包",
    "an old-style Office document (.doc/.xls); save it as .docx": "旧版 Office 文档（.doc/.xls），请另存为 .docx",
}


def localize_problem(message: str, lang: str) -> str:
    """A per-file message in the page language (Chinese for the known importer messages)."""
    if lang != "zh":
        return message
    import re

    for pattern, zh in _ZH_MESSAGES:
        whole = re.fullmatch(pattern, message.strip())
        if whole:
            return whole.expand(zh)
    name, sep, rest = message.partition(": ")
    if not sep:
        name, rest = "", message
    for pattern, zh in _ZH_PROBLEMS:
        m = re.fullmatch(pattern, rest.strip())
        if m:
            text = m.expand(zh)
            for en, zh_kind in _ZH_KINDS.items():
                text = text.replace(en, zh_kind)
            return f"{name}：{text}" if name else text
    return message


def _problems_markdown(problems: Sequence[FileProblem], lang: str) -> str:
    if not problems:
        return ""
    lines = [kt(lang, "upload_failed", n=len(problems))]
    lines.extend(f"- {markdown_text(localize_problem(p.message, lang))}" for p in problems)
    return "\n".join(lines)


ProgressBridge = Callable[[str, int, int], None]


def upload_examples(ctx: Any, lang: str, paths: Sequence[Any] | None,
                    progress: ProgressBridge | None = None, *, background: bool = True) -> LibraryView:
    """Add uploaded files (Gradio file paths, or objects with ``.name``/``.path``) to the library.

    The new reports are searchable by keyword when this returns; their dense vectors are computed
    in a background thread (``background=True``, progress on the status board) or before returning.
    """
    files = [_as_upload(p) for p in (paths or []) if p]
    if not files:
        return library_view(ctx, lang, kt(lang, "upload_none"))
    board = ctx.board
    board.start(UPLOAD_TASK, total=len(files))

    def report(stage: str, done: int, total: int) -> None:
        if stage == "read":
            board.update(UPLOAD_TASK, done, total)
        if progress:
            progress(stage, done, total)

    lib = library(ctx)
    try:
        result = lib.add_files(files, progress=report, embed=not background)
    except AssistantError as exc:
        board.fail(UPLOAD_TASK, str(exc))
        return library_view(ctx, lang, localize_problem(str(exc), lang))
    board.finish(UPLOAD_TASK)
    job: threading.Thread | None = None
    parts: list[str] = []
    if result.added:
        board.enable("lexical_search")
        titles = "、".join(r.title for r in result.added) if lang == "zh" else "; ".join(r.title for r in result.added)
        parts.append(kt(lang, "uploaded", n=len(result.added), titles=titles))
        ready = kt(lang, "keyword_ready")
        if result.dense_seconds is not None:
            ready += kt(lang, "dense_ready", seconds=result.dense_seconds)
        else:
            ready += kt(lang, "dense_later")
            if background and not result.warnings:
                job = embed_in_background(ctx, lib, [r.report_id for r in result.added])
        parts.append(ready)
    parts.extend(result.warnings)
    if result.errors:
        parts.append(_problems_markdown(result.errors, lang))
    selected = result.added[0].report_id if result.added else None
    view = library_view(ctx, lang, "\n\n".join(parts), selected=selected)
    view.job = job
    return view


def embed_in_background(ctx: Any, lib: KnowledgeLibrary, report_ids: Sequence[str]) -> threading.Thread:
    """Embed the new reports' chunks in a daemon thread, with progress on the status board."""
    board = ctx.board
    lib.index.embedded_ids()  # made lazily: make it here, not in two threads at once
    board.start(UPLOAD_DENSE_TASK)

    def work() -> None:
        try:
            lib.embed_reports(report_ids, progress=lambda _s, done, total: board.update(UPLOAD_DENSE_TASK, done, total))
            board.finish(UPLOAD_DENSE_TASK)
        except AssistantError as exc:
            board.fail(UPLOAD_DENSE_TASK, str(exc))
        except Exception as exc:
            log.exception("embedding uploaded examples failed")
            board.fail(UPLOAD_DENSE_TASK, type(exc).__name__)

    thread = threading.Thread(target=work, name="upload-embed", daemon=True)
    thread.start()
    return thread


def _as_upload(item: Any) -> UploadFile:
    from pathlib import Path

    if isinstance(item, UploadFile):
        return item
    if isinstance(item, str | Path):
        p = Path(item)
        return UploadFile(p, p.name)
    path = getattr(item, "path", None) or getattr(item, "name", None)
    name = getattr(item, "orig_name", None) or Path(str(path)).name
    return UploadFile(Path(str(path)), str(name))


def open_example(ctx: Any, lang: str, report_id: str | None) -> LibraryView:
    if not report_id:
        return library_view(ctx, lang, kt(lang, "pick_first"))
    try:
        text = library(ctx).open_report(report_id)
    except AssistantError as exc:
        return library_view(ctx, lang, localize_problem(str(exc), lang))
    return library_view(ctx, lang, "", selected=report_id, text=text)


def delete_example(ctx: Any, lang: str, report_id: str | None) -> LibraryView:
    if not report_id:
        return library_view(ctx, lang, kt(lang, "pick_first"))
    lib = library(ctx)
    try:
        info = lib.get_report(report_id)
        removed = lib.delete_report(report_id)
    except AssistantError as exc:
        return library_view(ctx, lang, localize_problem(str(exc), lang), selected=report_id)
    return library_view(ctx, lang, kt(lang, "deleted", title=info.title, chunks=removed), text="")


def reindex_examples(ctx: Any, lang: str, progress: ProgressBridge | None = None, *,
                     background: bool = True) -> LibraryView:
    """Re-read the shipped folders and the user's library (keyword index, with progress), then
    fill in missing dense vectors: in a background thread (``background=True``; the status shows
    ``x/y`` chunks — embedding a whole knowledge base takes minutes) or before returning."""
    board = ctx.board
    board.start(REINDEX_TASK)

    def report(stage: str, done: int, total: int) -> None:
        if stage == "embed":
            board.update(REINDEX_TASK, done, total)
        if progress:
            progress(stage, done, total)

    lib = library(ctx)
    try:
        result = lib.reindex(progress=report, dense=not background)
    except AssistantError as exc:
        board.fail(REINDEX_TASK, str(exc))
        return library_view(ctx, lang, localize_problem(str(exc), lang))
    board.finish(REINDEX_TASK)
    board.enable("lexical_search")
    job: threading.Thread | None = None
    if background:
        job = dense_in_background(ctx, lib)
    elif lib.index.dense_status().complete:
        board.enable("dense_search")
    message = kt(lang, "reindexed", reports=result.reports, chunks=result.chunks, seconds=result.seconds)
    if job is not None:
        message += " " + kt(lang, "dense_background")
    if result.errors:
        message += "\n\n" + _problems_markdown(result.errors, lang)
    view = library_view(ctx, lang, message)
    view.job = job
    return view


_DENSE_JOBS: dict[int, threading.Thread] = {}
_DENSE_JOBS_LOCK = threading.Lock()


def dense_in_background(ctx: Any, lib: KnowledgeLibrary) -> threading.Thread | None:
    """Embed every chunk without a vector in one background thread per index (none when the
    page's own start-up build is still running: it goes round again for new chunks)."""
    index = lib.index
    if index.dense_status().complete:
        ctx.board.enable("dense_search")
        return None
    startup = getattr(ctx, "_index_thread", None)
    if isinstance(startup, threading.Thread) and startup.is_alive():
        return None
    board = ctx.board
    with _DENSE_JOBS_LOCK:
        running = _DENSE_JOBS.get(id(index))
        if running is not None and running.is_alive():
            return None
        index.embedded_ids()  # made lazily: make it here, not in two threads at once

        def work() -> None:
            status = index.dense_status()
            board.start(DENSE_TASK, total=status.total)
            try:
                index.build_dense(board.callback(DENSE_TASK))
                board.finish(DENSE_TASK)
                board.enable("dense_search")
            except AssistantError as exc:
                board.fail(DENSE_TASK, str(exc))
            except Exception as exc:
                log.exception("building the dense index failed")
                board.fail(DENSE_TASK, type(exc).__name__)

        thread = threading.Thread(target=work, name="reindex-dense", daemon=True)
        _DENSE_JOBS[id(index)] = thread
        thread.start()
        return thread


def lib_dense_complete(ctx: Any) -> bool:
    return bool(library(ctx).index.dense_status().complete)


# =============================================================================== examples behind the draft


@dataclass
class ExamplesView:
    """The 'examples behind this draft' part of the tab."""

    markdown: str
    examples: list[tuple[str, str]] = field(default_factory=list)  # (label, chunk id)
    scopes: list[tuple[str, str]] = field(default_factory=list)  # (label, section id or "*")
    choices_markdown: str = ""
    choice_keys: list[tuple[str, str]] = field(default_factory=list)  # (label, key)
    message: str = ""
    sources: str | None = None  # new markdown for the page's sources panel (after a redraft)


def latest_hits(ctx: Any, session_id: str) -> list[dict[str, Any]]:
    """The examples retrieved for the session's latest draft (stored with the assistant's message)."""
    if not session_id:
        return []
    try:
        messages = ctx.store.list_messages(session_id)
    except AssistantError:
        return []
    for m in reversed(messages):
        hits = m.meta.get("hits") if isinstance(m.meta, Mapping) else None
        if isinstance(hits, list):
            return [dict(h) for h in hits if isinstance(h, Mapping)]
    return []


def draft_sections(ctx: Any, session_id: str) -> list[tuple[str, str]]:
    """``(label, section id)`` of the top-level sections of the session's current draft."""
    if not session_id:
        return []
    try:
        head = ctx.store.head(session_id)
    except AssistantError:
        return []
    if head is None or not head.text.strip():
        return []
    from assistant.sections import parse_draft

    try:
        tree = parse_draft(head.text)
    except Exception:
        log.exception("could not parse the draft's sections")
        return []
    out: list[tuple[str, str]] = []
    for s in tree.walk():
        if s.level <= 2 and s.title:
            out.append((s.label, s.id))
    return out


def _score(value: Any) -> str:
    return f"{float(value):.3f}" if isinstance(value, int | float) else "-"


def _origin_of(ctx: Any, report_id: str, fallback: Any) -> str:
    if fallback in ("user", "shipped"):
        return str(fallback)
    try:
        meta = ctx.index().catalog.reports.get(report_id)
    except Exception:
        meta = None
    return str(meta.origin) if meta is not None else "shipped"


def examples_view(ctx: Any, session_id: str, lang: str, message: str = "",
                  sources: str | None = None) -> ExamplesView:
    hits = latest_hits(ctx, session_id)
    choices = load_choices(ctx.store, session_id) if session_id else ExampleChoices()
    sections = draft_sections(ctx, session_id)
    section_label = dict((sid, label) for label, sid in sections)
    pinned_chunks = {c.chunk_id: c for c in choices.items if c.kind == "pin" and c.chunk_id}
    house = set(choices.house_reports())

    if not hits:
        md = kt(lang, "examples_none")
    else:
        # Per section: the passages each section drew on. Hits carry "draft_sections" when the drafter
        # retrieved per section; otherwise every passage served the whole draft.
        groups: dict[str, list[dict[str, Any]]] = {}
        for h in hits:
            secs = h.get("draft_sections")
            keys = [str(s) for s in secs] if isinstance(secs, list) and secs else [WHOLE_DRAFT]
            for key in keys:
                groups.setdefault(key, []).append(h)
        order = {WHOLE_DRAFT: -1, **{sid: i for i, (_label, sid) in enumerate(sections)}}
        blocks: list[str] = []
        n = 0
        for key, items in sorted(groups.items(), key=lambda kv: order.get(kv[0], len(order))):
            head = kt(lang, "whole_draft") if key == WHOLE_DRAFT else section_label.get(key, key)
            blocks.append(f"#### {head}")
            for h in items:
                n += 1
                rid = str(h.get("report_id") or "")
                origin = _origin_of(ctx, rid, h.get("origin"))
                tag = f" · {kt(lang, 'origin_' + origin)}" if origin in ("user", "shipped") else ""
                chunk_id = str(h.get("chunk_id") or "")
                pin = ""
                where = h.get("pinned_sections")
                if isinstance(where, list) and key != WHOLE_DRAFT:  # stored per section: pinned here?
                    pinned_here = key in where
                else:
                    pinned_here = chunk_id in pinned_chunks or rid in house or bool(h.get("pinned"))
                if pinned_here:
                    pin = f" · **【{kt(lang, 'pinned_tag')}】**"
                blocks.append(kt(lang, "example_line", n=n, title=markdown_text(str(h.get("report") or rid)),
                                 section=h.get("section") or "—", score=_score(h.get("score")), origin=tag,
                                 pinned=pin))
                blocks.append(render.quote_markdown(str(h.get("text") or ""), 400))  # inert: shown as text
        md = "\n\n".join(blocks)

    example_choices: list[tuple[str, str]] = []
    seen: set[str] = set()
    for i, h in enumerate(hits, 1):
        cid = str(h.get("chunk_id") or "")
        if cid and cid not in seen:
            seen.add(cid)
            section = str(h.get("section") or "").split(" > ")[-1]
            example_choices.append((f"{i}. {h.get('report') or ''}" + (f" — {section}" if section else ""), cid))
    scopes = [(kt(lang, "whole_draft"), WHOLE_DRAFT), *sections]
    return ExamplesView(
        markdown=md, examples=example_choices, scopes=scopes,
        choices_markdown=choices_markdown(choices, lang, section_label),
        choice_keys=[(_choice_label(c, lang, section_label), c.key) for c in choices.items],
        message=message, sources=sources,
    )


def _choice_label(c: ExampleChoice, lang: str, section_label: Mapping[str, str]) -> str:
    scope = kt(lang, "whole_draft") if c.scope == WHOLE_DRAFT else section_label.get(c.scope, c.scope)
    what = c.title or c.report_id
    if c.chunk_id and c.section:
        what = f"{what} — {c.section.split(' > ')[-1]}"
    return f"{kt(lang, 'kind_' + c.kind)}：{what}（{scope}）" if lang == "zh" else \
        f"{kt(lang, 'kind_' + c.kind)}: {what} ({scope})"


def choices_markdown(choices: ExampleChoices, lang: str, section_label: Mapping[str, str] | None = None) -> str:
    labels = section_label or {}
    if not choices.items:
        return f"{kt(lang, 'choices_head')} {kt(lang, 'choices_none')}"
    lines = [kt(lang, "choices_head")]
    lines.extend(f"- {markdown_text(_choice_label(c, lang, labels))}" for c in choices.items)
    return "\n".join(lines)


def _hit_by_chunk(ctx: Any, session_id: str, chunk_id: str) -> dict[str, Any] | None:
    for h in latest_hits(ctx, session_id):
        if str(h.get("chunk_id") or "") == chunk_id:
            return h
    from assistant.knowledge import chunk_by_id

    chunk = chunk_by_id(ctx.index(), chunk_id)
    if chunk is None:
        return None
    return {"chunk_id": chunk.chunk_id, "report_id": chunk.report_id, "report": chunk.report_title,
            "section": chunk.section}


def choose_example(ctx: Any, session_id: str, lang: str, kind: str, chunk_id: str | None,
                   scope: str | None) -> ExamplesView:
    """Pin (``kind="pin"``) or exclude (``"exclude"``) a passage, or exclude its whole report
    (``"exclude_report"``), for a section or the whole draft."""
    if not session_id:
        return examples_view(ctx, session_id, lang, kt(lang, "no_session"))
    if not chunk_id:
        return examples_view(ctx, session_id, lang, kt(lang, "pick_first"))
    hit = _hit_by_chunk(ctx, session_id, chunk_id)
    if hit is None:
        return examples_view(ctx, session_id, lang, kt(lang, "pick_first"))
    report_id = str(hit.get("report_id") or "")
    whole_report = kind == "exclude_report"
    choice = ExampleChoice(
        kind="exclude" if whole_report else ("pin" if kind == "pin" else "exclude"),
        report_id=report_id, chunk_id="" if whole_report else chunk_id, scope=scope or WHOLE_DRAFT,
        title=str(hit.get("report") or ""), section="" if whole_report else str(hit.get("section") or ""),
    )
    add_choice(ctx.store, session_id, choice)
    labels = dict((sid, label) for label, sid in draft_sections(ctx, session_id))
    return examples_view(ctx, session_id, lang, kt(lang, "choice_saved", what=_choice_label(choice, lang, labels)))


def pin_house_style(ctx: Any, session_id: str, lang: str, report_id: str | None) -> ExamplesView:
    """Pin a whole report as the session's house-style example."""
    if not session_id:
        return examples_view(ctx, session_id, lang, kt(lang, "no_session"))
    if not report_id:
        return examples_view(ctx, session_id, lang, kt(lang, "pick_first"))
    try:
        info = library(ctx).get_report(report_id)
    except AssistantError as exc:
        return examples_view(ctx, session_id, lang, str(exc))
    choice = ExampleChoice(kind="house", report_id=report_id, title=info.title)
    add_choice(ctx.store, session_id, choice)
    return examples_view(ctx, session_id, lang, kt(lang, "choice_saved", what=_choice_label(choice, lang, {})))


def undo_choice(ctx: Any, session_id: str, lang: str, key: str | None) -> ExamplesView:
    if session_id and key:
        choices = load_choices(ctx.store, session_id).without(key)
        save_choices(ctx.store, session_id, choices)
    return examples_view(ctx, session_id, lang)


def clear_choices(ctx: Any, session_id: str, lang: str) -> ExamplesView:
    if session_id:
        save_choices(ctx.store, session_id, ExampleChoices())
    return examples_view(ctx, session_id, lang)


def steered_examples(ctx: Any, session_id: str, notes: Any) -> list[Any]:
    """The style examples for a draft of ``notes`` with the session's choices applied."""
    retriever = ctx.retriever()
    if retriever is None:
        return []
    from assistant.draft import retrieve_examples

    steered = SteeredRetriever(retriever, load_choices(ctx.store, session_id))
    hits = list(retrieve_examples(steered, notes))
    # retrieve_examples keeps the first hit per query; make sure every pin is in the list
    pinned = [h for h in steered.search(" ".join(i.text for i in notes.items[:6]) or notes.text[:300],
                                        len(hits) or 1, language=notes.language)
              if h.chunk.extra.get("pinned")]
    have = {h.chunk.chunk_id for h in hits}
    return [*[h for h in pinned if h.chunk.chunk_id not in have], *hits]


def redraft(ctx: Any, session_id: str, lang: str) -> ExamplesView:
    """Draft the session's notes again with its example choices applied; stores a new version."""
    if not session_id:
        return examples_view(ctx, session_id, lang, kt(lang, "no_session"))
    notes_row = ctx.store.get_notes(session_id)
    if notes_row is None or not notes_row.text.strip():
        return examples_view(ctx, session_id, lang, kt(lang, "no_notes"))
    from assistant.check import check_draft
    from assistant.draft import draft_report, run_draft
    from assistant.notes import parse_notes
    from ui import render
    from ui.handlers import _section_retrieve, draft_hits_json, session_structure, used_hits

    notes = parse_notes(notes_row.text)
    try:
        hits = steered_examples(ctx, session_id, notes)
        handle = ctx.provider()
        # each section retrieves its own examples with the choices for that section; the session's
        # chosen structure (asked for in chat) is kept
        draft = run_draft(draft_report(notes, model=handle.model, hits=hits, provider=str(handle.name),
                                       banner=handle.banner, options=session_structure(ctx, session_id),
                                       retrieve=_section_retrieve(ctx, session_id)))
        markdown = draft.to_markdown()
        in_play = used_hits(draft, hits)
        check = check_draft(notes_row.text, markdown, examples=_example_texts(in_play)).to_json()
        ctx.store.add_version(session_id, markdown, cause=_redraft_cause(ctx, session_id), check=check,
                              instruction=kt(lang, "redraft"))
        hit_json = draft_hits_json(draft, hits)
        hits = [h for h in in_play if any(str(j.get("chunk_id")) == h.chunk.chunk_id for j in hit_json)]
        ctx.store.add_message(session_id, "assistant", kt(lang, "redrafted", n=len(hits)),
                              meta={"kind": "redraft", "hits": hit_json, "provider": str(handle.name)})
    except AssistantError as exc:
        return examples_view(ctx, session_id, lang, str(exc))
    return examples_view(ctx, session_id, lang, kt(lang, "redrafted", n=len(hits)),
                         sources=render.sources_markdown(hit_json, lang))


def _redraft_cause(ctx: Any, session_id: str) -> str:
    """The store's cause for a redraft (``redraft`` when it knows it, else the nearest one)."""
    from assistant import store as store_mod

    causes = getattr(store_mod, "CAUSES", ())
    if "redraft" in causes:
        return "redraft"
    return "first_draft" if ctx.store.head(session_id) is None else "rewrite"


def _example_texts(hits: Sequence[Any]) -> tuple[Any, ...]:
    from assistant.check import ExampleText

    return tuple(ExampleText(title=h.chunk.report_title, text=h.chunk.text) for h in hits)


def _hit_json(hit: Any) -> dict[str, Any]:
    data = dict(hit.as_json())
    for key in ("origin", "pinned"):
        if key in hit.chunk.extra:
            data[key] = hit.chunk.extra[key]
    return data


def status_markdown(ctx: Any, lang: str) -> str:
    """First-run status for this tab: background work with progress, what already works, and the
    library's size (polled by a ``gr.Timer``)."""
    from assistant.status import render_status

    parts = [render_status(ctx.board.snapshot(), "zh" if lang == "zh" else "en")]
    try:
        parts.append(library_summary(ctx, lang))
    except AssistantError as exc:
        parts.append(str(exc))
    return "\n\n".join(p for p in parts if p)


# =============================================================================== layout


def build(ctx: Any, page: Any = None) -> None:
    """Lay out the tab (called inside ``gr.Tab`` by ``ui.app.build_app``)."""
    import gradio as gr

    lang0 = "zh"
    lang_state = getattr(page, "lang", None) or gr.State(lang0)
    session_state = getattr(page, "session", None) or gr.State("")
    sources_panel = getattr(page, "sources", None)

    status = gr.Markdown("", elem_id="ra-kn-status")
    timer = gr.Timer(2.0)
    library_head = gr.Markdown(f"{kt(lang0, 'library_head')}\n\n{kt(lang0, 'library_help')}")
    upload = gr.File(label=kt(lang0, "upload_label"), file_count="multiple", type="filepath",
                     file_types=[".txt", ".md", ".docx", ".html", ".htm"], elem_id="ra-kn-upload", height=110)
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

    lib_outputs = [message, table, pick, report_text, status]
    ex_outputs = [examples_md, example_pick, scope_pick, choices_md, choice_pick, examples_msg]

    def lib_emit(view: LibraryView, lang: str) -> dict[Any, Any]:
        out: dict[Any, Any] = {
            message: view.message,
            table: {"headers": table_headers(lang), "data": view.rows},
            pick: gr.update(choices=view.choices, value=view.selected),
            status: status_markdown(ctx, lang),
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
        def run(*args: Any, **kwargs: Any) -> dict[Any, Any]:
            try:
                return fn(*args, **kwargs)
            except Exception:
                log.exception("knowledge tab action failed")
                gr.Warning("操作失败，详见日志。 / The action failed; see the log.")
                return {}

        run.__name__ = getattr(fn, "__name__", "run")
        return run

    def bridge(progress: Any, lang: str) -> ProgressBridge:
        def report(stage: str, done: int, total: int) -> None:
            try:
                progress((done, total) if total else None, desc=kt(lang, f"stage_{stage}"), unit="")
            except Exception:
                log.debug("progress update failed", exc_info=True)

        return report

    def on_upload(paths: list[str] | None, lang: str, progress: gr.Progress = gr.Progress()) -> dict[Any, Any]:  # noqa: B008
        view = upload_examples(ctx, lang, paths, progress=bridge(progress, lang))
        return {**lib_emit(view, lang), upload: None}

    def on_reindex(lang: str, progress: gr.Progress = gr.Progress()) -> dict[Any, Any]:  # noqa: B008
        return lib_emit(reindex_examples(ctx, lang, progress=bridge(progress, lang)), lang)

    def on_open(report_id: str | None, lang: str) -> dict[Any, Any]:
        return lib_emit(open_example(ctx, lang, report_id), lang)

    def on_delete(report_id: str | None, lang: str) -> dict[Any, Any]:
        return lib_emit(delete_example(ctx, lang, report_id), lang)

    def on_show(lang: str, session_id: str) -> dict[Any, Any]:
        return {**lib_emit(library_view(ctx, lang), lang), **ex_emit(examples_view(ctx, session_id, lang))}

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

    upload.upload(guarded(on_upload), inputs=[upload, lang_state], outputs=[*lib_outputs, upload],
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
    # After a redraft the main page reloads the session (its "open session" action) to show the new draft.
    redraft_btn.click(guarded(on_redraft), inputs=[lang_state, session_state], outputs=redraft_outputs).then(
        None, js="() => { const b = document.querySelector('#ra-open'); if (b) b.click(); }"
    )

    def on_tick(lang: str) -> str:
        try:
            return status_markdown(ctx, lang)
        except Exception:
            log.exception("knowledge status refresh failed")
            return ""

    timer.tick(on_tick, inputs=[lang_state], outputs=[status], show_progress="hidden", queue=False)

    # Relabel on a page-language switch; refresh when the session changes.
    def relabel(lang: str, session_id: str) -> dict[Any, Any]:
        lib_view = library_view(ctx, lang)
        ex_view = examples_view(ctx, session_id, lang)
        out = {**lib_emit(lib_view, lang), **ex_emit(ex_view)}
        out.update({
            library_head: f"{kt(lang, 'library_head')}\n\n{kt(lang, 'library_help')}",
            examples_head: f"{kt(lang, 'examples_head')}\n\n{kt(lang, 'examples_help')}",
            upload: gr.update(label=kt(lang, "upload_label")),
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

    relabel_outputs = [*lib_outputs, *ex_outputs, library_head, examples_head, upload, open_btn, house_btn,
                       delete_btn, reindex_btn, pin_btn, exclude_btn, exclude_report_btn, redraft_btn, refresh_btn,
                       undo_btn, clear_btn]
    if hasattr(lang_state, "change"):
        lang_state.change(guarded(relabel), inputs=[lang_state, session_state], outputs=relabel_outputs)
    if hasattr(session_state, "change"):
        session_state.change(guarded(on_show), inputs=[lang_state, session_state],
                             outputs=[*lib_outputs, *ex_outputs])
