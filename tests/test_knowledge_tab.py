"""Knowledge tab handlers, called without a browser: upload/list/open/delete/re-index, pins, redraft."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.knowledge_steering import WHOLE_DRAFT, load_choices
from assistant.status import REINDEX_TASK, UPLOAD_DENSE_TASK, UPLOAD_TASK
from ui import knowledge_examples as ke
from ui import knowledge_library as kl
from ui.context import AppContext

NOTES = """青山镇2025年工作总结笔记
- 新建智能温室18栋，蓝莓基地扩大到500亩
- 接待游客12万人次，旅游收入3100万元
- 问题：村集体经济薄弱
- 2026年计划新建温室25栋
"""


def _docx(path: Path, title: str, body: list[tuple[str, str | None]]) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph(title, style="Title")
    for text, style in body:
        d.add_paragraph(text, style=style) if style else d.add_paragraph(text)
    d.save(str(path))
    return path


@pytest.fixture
def ctx(settings: Any, tmp_path: Path) -> Iterator[AppContext]:
    shipped = tmp_path / "knowledge"
    shipped.mkdir()
    (shipped / "park.md").write_text(
        "---\ntitle: 工业园区工作总结\nlanguage: zh\nyear: 2014\n---\n一、招商引资\n\n"
        "全年引进项目12个，完成固定资产投资8亿元，园区基础设施不断完善。\n\n二、下一步工作\n\n继续优化营商环境。\n",
        encoding="utf-8",
    )
    settings = settings.model_copy(update={"knowledge_dirs": [shipped]})
    context = AppContext(settings=settings)
    context.index().update([shipped], origin="shipped", mirror=True)
    yield context
    context.close()
    context.index().close()


@pytest.fixture
def example_docx(tmp_path: Path) -> Path:
    return _docx(tmp_path / "我的范文.docx", "绿水镇2024年工作总结", [
        ("一、设施农业", "Heading 1"),
        ("新建智能温室10栋，蓝莓基地达到300亩，带动农户增收。", None),
        ("二、乡村旅游", "Heading 1"),
        ("接待游客8万人次，旅游收入突破2000万元。", None),
    ])


def _session_with_draft(ctx: AppContext) -> str:
    sid = ctx.store.create_session("t").session_id
    ctx.store.set_notes(sid, NOTES)
    view = ke.redraft(ctx, sid, "zh")
    assert "已按您的选择重新起草" in view.message
    return sid


def test_upload_lists_opens_and_reports_bad_files(ctx: AppContext, example_docx: Path, tmp_path: Path) -> None:
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.5")
    seen: list[tuple[str, int, int]] = []
    view = kl.upload_examples(ctx, "zh", [str(example_docx), str(bad)],
                              progress=lambda s, d, t: seen.append((s, d, t)))
    assert "已加入 1 篇范文：绿水镇2024年工作总结" in view.message
    assert "关键词检索已可用" in view.message and "语义索引正在后台建立" in view.message
    assert "1 个文件未能导入" in view.message and "scan.pdf：不支持的文件类型" in view.message
    assert {s for s, _, _ in seen} == {"read", "index"}
    assert view.job is not None
    view.job.join(60)
    dense_task = ctx.board.task(UPLOAD_DENSE_TASK)
    assert dense_task is not None and dense_task.state == "done"
    rows = {r[0]: r for r in view.rows}
    mine = rows["绿水镇2024年工作总结"]
    assert ctx.index().dense_status().done == mine[5]  # the upload's chunks (the shipped ones wait)
    assert mine[3] == "中文" and mine[6] == "我的" and mine[5] >= 1 and mine[7].startswith("user/")
    assert rows["工业园区工作总结"][6] == "内置"
    assert view.selected == mine[7]
    assert view.choices[0] == ("[我的] 绿水镇2024年工作总结 2024", mine[7])
    task = ctx.board.task(UPLOAD_TASK)
    assert task is not None and task.state == "done"

    opened = kl.open_example(ctx, "en", mine[7])
    assert opened.text is not None and "新建智能温室10栋" in opened.text
    assert kl.table_headers("en")[:3] == ["Title", "Issued by", "Year"]
    assert kl.open_example(ctx, "en", None).message == "Choose a report first."
    assert kl.upload_examples(ctx, "en", []).message == "Choose files to upload."


@pytest.mark.parametrize(
    ("message", "zh"),
    [
        ("a.pdf: unsupported file type; use .txt, .md, .docx or .html.", "a.pdf：不支持的文件类型，请使用 .txt、.md、.docx 或 .html。"),
        ("b.txt: the file is 38.1 MB, over the limit of 4.8 MB.", "b.txt：文件大小为 38.1 MB，超过上限 4.8 MB。"),
        ("c.txt: this is a PNG image, not a text file.", "c.txt：这是PNG 图片，不是文本文件。"),
        ("d.docx: not a valid .docx file (the zip archive is damaged).", "d.docx：不是有效的 .docx 文件（文件已损坏或不是 Word 文档）。"),
        ("e.txt: the file is empty.", "e.txt：文件是空的（没有文字）。"),
        ("f.html: no report text is left after removing page clutter.", "f.html：去除网页杂项后没有剩下正文。"),
        ("g.md: something new happened.", "g.md: something new happened."),
        ("'工业园区工作总结' is one of the shipped examples and cannot be deleted; exclude it from the draft instead.",
         "《工业园区工作总结》是内置范文，不能删除；可以在起草时排除它。"),
    ],
)
def test_file_problems_in_chinese(message: str, zh: str) -> None:
    assert kl.localize_problem(message, "zh") == zh
    assert kl.localize_problem(message, "en") == message


def test_delete_removes_from_table_and_search(ctx: AppContext, example_docx: Path) -> None:
    view = kl.upload_examples(ctx, "en", [str(example_docx)], background=False)
    assert "semantic search works too" in view.message and view.job is None
    rid = view.selected
    assert rid is not None
    retriever = ctx.retriever()
    assert retriever is not None
    assert rid in [h.chunk.report_id for h in retriever.search("智能温室 蓝莓基地", 3)]
    deleted = kl.delete_example(ctx, "en", rid)
    assert "Deleted '绿水镇2024年工作总结'" in deleted.message
    assert rid not in [r[7] for r in deleted.rows]
    assert rid not in [h.chunk.report_id for h in retriever.search("智能温室 蓝莓基地", 5)]
    shipped = next(r[7] for r in deleted.rows)
    refused = kl.delete_example(ctx, "en", shipped)
    assert "cannot be deleted" in refused.message
    assert shipped in [r[7] for r in refused.rows]


def test_reindex_shows_progress_and_status(ctx: AppContext, example_docx: Path) -> None:
    kl.upload_examples(ctx, "zh", [str(example_docx)], background=False)
    seen: list[tuple[str, int, int]] = []
    view = kl.reindex_examples(ctx, "en", progress=lambda s, d, t: seen.append((s, d, t)), background=False)
    assert view.message.startswith("Index rebuilt: 2 reports")
    assert ("embed", view.rows[0][5] + view.rows[1][5], view.rows[0][5] + view.rows[1][5]) in seen
    task = ctx.board.task(REINDEX_TASK)
    assert task is not None and task.state == "done"
    status = kl.status_markdown(ctx, "zh")
    assert "共 2 篇范文（我的 1 篇，内置 1 篇）" in status and "离线起草" in status
    chunks = sum(r[5] for r in view.rows)
    assert f"semantic index {chunks}/{chunks}" in kl.status_markdown(ctx, "en")


def test_reindex_embeds_in_the_background(ctx: AppContext) -> None:
    from assistant.status import DENSE_TASK

    assert not ctx.index().dense_status().complete  # the fixture indexed the shipped report lexically
    view = kl.reindex_examples(ctx, "zh")
    assert "缺少的语义向量正在后台补齐" in view.message
    assert view.job is not None
    view.job.join(60)
    task = ctx.board.task(DENSE_TASK)
    assert task is not None and task.state == "done"
    assert ctx.index().dense_status().complete
    again = kl.reindex_examples(ctx, "zh")  # nothing left to embed: no thread
    assert again.job is None and "后台" not in again.message


def test_examples_behind_draft_pin_exclude_house_and_redraft(ctx: AppContext, example_docx: Path) -> None:
    uploaded = kl.upload_examples(ctx, "zh", [str(example_docx)], background=False)
    mine = uploaded.selected
    assert mine is not None
    sid = _session_with_draft(ctx)
    view = ke.examples_view(ctx, sid, "zh")
    assert view.scopes[0] == ("全文", WHOLE_DRAFT) and len(view.scopes) > 1  # the draft's sections
    # grouped by section: each heading is a section of the draft, in the draft's order
    labels = [label for label, _sid in view.scopes[1:]]
    headings = re.findall(r"^#### (.+)$", view.markdown, re.M)
    assert len(headings) >= 2 and "得分" in view.markdown and "全文" not in headings
    assert headings == sorted(headings, key=labels.index)
    hits = ke.latest_hits(ctx, sid)
    assert hits and all(h["draft_sections"] for h in hits)
    assert hits[0]["report_id"] == mine  # the user's own example is preferred

    # exclude the user's passage for the whole draft → no section of the next draft uses it
    first_chunk = hits[0]["chunk_id"]
    view = ke.choose_example(ctx, sid, "zh", "exclude", first_chunk, WHOLE_DRAFT)
    assert "已保存：排除" in view.message and "排除" in view.choices_markdown
    ke.redraft(ctx, sid, "zh")
    assert first_chunk not in [h["chunk_id"] for h in ke.latest_hits(ctx, sid)]

    # pin the shipped report's passage for one part → it leads that part's examples, and only its
    shipped_chunk = next(c.chunk_id for c in ctx.index().catalog.chunks if c.report_id != mine)
    section = view.scopes[1][1]
    view = ke.choose_example(ctx, sid, "en", "pin", shipped_chunk, section)
    assert "pinned" in view.message
    assert [c.kind for c in load_choices(ctx.store, sid).items] == ["exclude", "pin"]
    redrafted = ke.redraft(ctx, sid, "en")
    assert redrafted.sources is not None and "工业园区工作总结" in redrafted.sources
    latest = ke.latest_hits(ctx, sid)
    pinned = next(h for h in latest if h["chunk_id"] == shipped_chunk)
    assert pinned["pinned"] == "section" and latest[0] is pinned
    part = [sid for _label, sid in view.scopes[1:] if sid == section or sid.startswith(section + ".")]
    assert pinned["pinned_sections"] and set(pinned["pinned_sections"]) <= set(part)
    others = [h for h in latest if h["chunk_id"] != shipped_chunk and h.get("pinned")]
    assert not others  # nothing else was pinned
    assert "**【pinned】**" in redrafted.markdown

    # undo the exclude, pin the user's report as house style → it is used again
    exclude_key = next(k for label, k in redrafted.choice_keys if label.startswith("excluded"))
    ke.undo_choice(ctx, sid, "en", exclude_key)
    ke.pin_house_style(ctx, sid, "en", mine)
    ke.redraft(ctx, sid, "en")
    latest = ke.latest_hits(ctx, sid)
    assert mine in [h["report_id"] for h in latest]
    assert any(h.get("pinned") == "house" for h in latest)
    # the session's versions grew with each redraft
    assert len(ctx.store.list_versions(sid)) == 4
    cleared = ke.clear_choices(ctx, sid, "en")
    assert cleared.choice_keys == [] and "nothing pinned" in cleared.choices_markdown


def test_pinned_upload_is_among_the_next_chat_drafts_examples(ctx: AppContext, example_docx: Path) -> None:
    from ui import handlers

    mine = kl.upload_examples(ctx, "zh", [str(example_docx)], background=False).selected
    sid = ctx.store.create_session("chat").session_id
    ke.pin_house_style(ctx, sid, "zh", mine)
    views = list(handlers.send_message(ctx, sid, "zh", NOTES))
    assert "绿水镇2024年工作总结" in views[-1].sources  # the draft's sources panel
    listed = ke.examples_view(ctx, sid, "zh")
    assert "绿水镇2024年工作总结" in listed.markdown and "【已固定】" in listed.markdown
    # deleting it removes it from the next draft's examples
    kl.delete_example(ctx, "zh", mine)
    list(handlers.send_message(ctx, sid, "zh", "- 另外：新建村级养老服务站5个"))
    after = [h["report_id"] for h in ke.latest_hits(ctx, sid)]
    assert after and mine not in after


def test_actions_without_a_session_say_what_to_do(ctx: AppContext) -> None:
    assert ke.redraft(ctx, "", "en").message == "Paste notes in the chat to make a draft first."
    assert ke.choose_example(ctx, "", "zh", "pin", "x", WHOLE_DRAFT).message == "请先在对话中粘贴笔记生成初稿。"
    sid = ctx.store.create_session("empty").session_id
    assert ke.redraft(ctx, sid, "en").message.startswith("This session has no notes")
    assert ke.examples_view(ctx, sid, "en").markdown.startswith("This session has no draft")


def test_tab_builds_inside_the_page(ctx: AppContext) -> None:
    from ui.app import build_app

    demo = build_app(ctx.settings, services=ctx)
    ids = {getattr(block, "elem_id", None) for block in demo.blocks.values()}
    assert {"ra-kn-upload", "ra-kn-table", "ra-kn-pin", "ra-kn-redraft", "ra-kn-status"} <= ids


def test_chat_draft_lists_each_sections_examples_and_choices_apply_per_section(
        ctx: AppContext, example_docx: Path) -> None:
    from ui import handlers

    kl.upload_examples(ctx, "zh", [str(example_docx)], background=False)
    sid = ctx.store.create_session("chat").session_id
    list(handlers.send_message(ctx, sid, "zh", NOTES))
    hits = ke.latest_hits(ctx, sid)
    assert hits and all(h["draft_sections"] for h in hits)
    view = ke.examples_view(ctx, sid, "zh")
    labels = dict((sid_, label) for label, sid_ in view.scopes[1:])
    headings = re.findall(r"^#### (.+)$", view.markdown, re.M)
    assert len(headings) >= 2 and set(headings) <= set(labels.values())
    # the examples a section drew on are listed under that section
    first = hits[0]
    block = view.markdown.split(f"#### {labels[first['draft_sections'][0]]}", 1)[1].split("#### ", 1)[0]
    assert first["text"].strip()[:20] in block

    # exclude a passage for one section: that section no longer uses it; a redraft keeps the rest
    target, section = first["chunk_id"], first["draft_sections"][0]
    ke.choose_example(ctx, sid, "zh", "exclude", target, section)
    ke.redraft(ctx, sid, "zh")
    after = {h["chunk_id"]: h for h in ke.latest_hits(ctx, sid)}
    assert section not in after.get(target, {}).get("draft_sections", [])

    # exclude it for the whole draft: the next chat draft (added notes) does not list it at all
    ke.choose_example(ctx, sid, "zh", "exclude", target, WHOLE_DRAFT)
    list(handlers.send_message(ctx, sid, "zh", "- 另外：新建村级养老服务站5个"))
    latest = ke.latest_hits(ctx, sid)
    assert latest and target not in [h["chunk_id"] for h in latest]
