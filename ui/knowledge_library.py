"""The Knowledge tab's library: the user's own example reports, and the tab's texts (``TEXTS``, ``kt``).

Upload (.txt/.md/.docx/.html; several at once; a page holding several reports is split), a table of
reports (title, issuing body, year, language, size, chunks, origin), open, delete (the user's own
only), re-index — uploads and re-indexing show progress; the tab's status line. Plain functions over
the context, returning plain values (``tests/test_knowledge_tab.py`` calls them without a browser).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import AssistantError
from assistant.knowledge import (
    FileProblem,
    KnowledgeLibrary,
    ReportInfo,
    UploadFile,
)
from assistant.sanitize import markdown_text
from assistant.services.workpool import pool
from assistant.status import DENSE_TASK, REINDEX_TASK, UPLOAD_DENSE_TASK, UPLOAD_TASK
from ui.context import AppContext

log = logging.getLogger(__name__)

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "library_head": "### 我的范文库",
        "library_help": "上传自己的范文（.txt / .md / .docx / .html，可一次多选；一页中包含多篇的会自动拆分）。"
                        "检索范文时优先使用您上传的范文。",
        "upload_label": "上传范文",
        "upload_target": "上传到", "target_mine": "我的范文库", "target_team": "团队范文库：{team}",
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
        "upload_target": "Upload to", "target_mine": "My library", "target_team": "Team library: {team}",
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


def library(ctx: AppContext) -> KnowledgeLibrary:
    """The library over the page's shared index."""
    return KnowledgeLibrary(ctx.settings, ctx.index(), audit=ctx.store.audit)


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
    targets: list[tuple[str, str]] = field(default_factory=list)  # (label, team; "" = own library)
    user: str | None = None  # whose view of the library this is


def upload_targets(ctx: AppContext, lang: str, user: str | None) -> list[tuple[str, str]]:
    """Where this user may upload: their own library, and each team library they belong to."""
    space = ctx.workspace(user)
    return [(kt(lang, "target_mine"), ""), *((kt(lang, "target_team", team=t), t) for t in sorted(space.teams))]


def library_view(ctx: AppContext, lang: str, message: str = "", *, selected: str | None = None,
                 text: str | None = None, user: str | None = None) -> LibraryView:
    """The library as ``user`` sees it: the shipped examples, their own uploads and their teams'."""
    lib = library(ctx)
    reports = lib.list_reports(workspace=ctx.workspace(user))
    return LibraryView(message=message, rows=report_rows(reports, lang), choices=report_choices(reports, lang),
                       summary=library_summary(ctx, lang, reports), selected=selected, text=text,
                       targets=upload_targets(ctx, lang, user), user=user)


def library_summary(ctx: AppContext, lang: str, reports: Sequence[ReportInfo] | None = None) -> str:
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


def upload_examples(ctx: AppContext, lang: str, paths: Sequence[Any] | None,
                    progress: ProgressBridge | None = None, *, background: bool = True,
                    user: str | None = None, team: str | None = None) -> LibraryView:
    """Add uploaded files (Gradio file paths, or objects with ``.name``/``.path``) to the library.

    The new reports are searchable by keyword when this returns; their dense vectors are computed
    in a background thread (``background=True``, progress on the status board) or before returning.
    """
    files = [_as_upload(p) for p in (paths or []) if p]
    if not files:
        return library_view(ctx, lang, kt(lang, "upload_none"), user=user)
    board = ctx.board
    board.start(UPLOAD_TASK, total=len(files))

    def report(stage: str, done: int, total: int) -> None:
        if stage == "read":
            board.update(UPLOAD_TASK, done, total)
        if progress:
            progress(stage, done, total)

    lib = library(ctx)
    try:
        result = pool(ctx).run(lambda: lib.add_files(files, progress=report, embed=not background,  # bounded
                                                     workspace=ctx.workspace(user), team=team or None), user=user)
    except AssistantError as exc:
        board.fail(UPLOAD_TASK, str(exc))
        return library_view(ctx, lang, localize_problem(str(exc), lang), user=user)
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
    view = library_view(ctx, lang, "\n\n".join(parts), selected=selected, user=user)
    view.job = job
    return view


def embed_in_background(ctx: AppContext, lib: KnowledgeLibrary, report_ids: Sequence[str]) -> threading.Thread:
    """Embed the new reports' chunks in a daemon thread, with progress on the status board."""
    board = ctx.board
    lib.index.embedded_ids()  # made lazily: make it here, not in two threads at once
    board.start(UPLOAD_DENSE_TASK)

    def work() -> None:
        try:
            pool(ctx).run(lambda: lib.embed_reports(  # in the bounded worker pool, under its budgets
                report_ids, progress=lambda _s, done, total: board.update(UPLOAD_DENSE_TASK, done, total)))
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


def open_example(ctx: AppContext, lang: str, report_id: str | None, user: str | None = None) -> LibraryView:
    if not report_id:
        return library_view(ctx, lang, kt(lang, "pick_first"), user=user)
    try:
        text = library(ctx).open_report(report_id, workspace=ctx.workspace(user))
    except AssistantError as exc:
        return library_view(ctx, lang, localize_problem(str(exc), lang), user=user)
    return library_view(ctx, lang, "", selected=report_id, text=text, user=user)


def delete_example(ctx: AppContext, lang: str, report_id: str | None, user: str | None = None) -> LibraryView:
    if not report_id:
        return library_view(ctx, lang, kt(lang, "pick_first"), user=user)
    lib = library(ctx)
    space = ctx.workspace(user)
    try:
        info = lib.get_report(report_id, workspace=space)
        removed = lib.delete_report(report_id, workspace=space)
    except AssistantError as exc:
        return library_view(ctx, lang, localize_problem(str(exc), lang), user=user)
    return library_view(ctx, lang, kt(lang, "deleted", title=info.title, chunks=removed), text="", user=user)


def reindex_examples(ctx: AppContext, lang: str, progress: ProgressBridge | None = None, *,
                     background: bool = True, user: str | None = None) -> LibraryView:
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
        return library_view(ctx, lang, localize_problem(str(exc), lang), user=user)
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
    if result.errors and ctx.workspace(user).admin:  # file names of every library: for the admin only
        message += "\n\n" + _problems_markdown(result.errors, lang)
    view = library_view(ctx, lang, message, user=user)
    view.job = job
    return view


_DENSE_JOBS: dict[int, threading.Thread] = {}
_DENSE_JOBS_LOCK = threading.Lock()


def dense_in_background(ctx: AppContext, lib: KnowledgeLibrary) -> threading.Thread | None:
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


def lib_dense_complete(ctx: AppContext) -> bool:
    return bool(library(ctx).index.dense_status().complete)


def status_markdown(ctx: AppContext, lang: str, user: str | None = None) -> str:
    """First-run status for this tab: background work with progress, what already works, and the
    size of the library as ``user`` sees it (polled by a ``gr.Timer``)."""
    from assistant.status import render_status

    parts = [render_status(ctx.board.snapshot(), "zh" if lang == "zh" else "en")]
    try:
        parts.append(library_summary(ctx, lang, library(ctx).list_reports(workspace=ctx.workspace(user))))
    except AssistantError as exc:
        parts.append(str(exc))
    return "\n\n".join(p for p in parts if p)
