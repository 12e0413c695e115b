"""The Outline tab's handlers without a browser (outline first, edits, draft from the outline, indicators
placement, locks, regenerate, Word upload) and the CLI's `outline` / `draft --outline --indicators`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from support import run_cli

from assistant.export import to_docx
from assistant.sections import parse_draft, replace_section
from ui import handlers, outline_tab, session_handlers
from ui.context import AppContext

NOTES = """红星镇2025年工作总结笔记
- 全镇地区生产总值完成12.5亿元，同比增长6.8%
- 一般公共预算收入完成8600万元，同比增长3.2%
- 社零5.6亿元 +8.1%
- 新建高标准农田3000亩
- 接待游客45万人次，旅游收入1.2亿元
- 问题：村集体经济薄弱，12个村收入低于10万元
- 2026年目标：地区生产总值增长6%左右
- 计划新建村级养老服务站5个
"""


@pytest.fixture
def ctx(settings: Any) -> Iterator[AppContext]:
    context = AppContext(settings=settings)
    yield context
    context.close()


def _sid(ctx: AppContext) -> str:
    return session_handlers.load_page(ctx, None, "zh").session_id


def test_propose_edit_and_draft_from_the_outline(ctx: AppContext) -> None:
    sid = _sid(ctx)
    view = outline_tab.propose(ctx, sid, "zh", NOTES)
    assert "## 一、2025年工作" in view.editor and "- n2 全镇地区生产总值" in view.editor
    assert "已生成提纲" in view.message and ctx.store.head(sid) is None  # nothing drafted yet
    # rename a heading in the editor text and move an item with a command
    text = view.editor.replace("（一）经济运行稳中有进", "（一）主要经济指标")
    saved = outline_tab.save_text(ctx, sid, "zh", text)
    assert "已保存" in saved.message and "主要经济指标" in saved.editor
    moved = outline_tab.apply_command(ctx, sid, "zh", "把第5条移到第2项")
    assert "条目n5移到第2项" in moved.message
    block = moved.editor.split("### （一）主要经济指标", 1)[1].split("###", 1)[0]
    assert "- n5 " in block
    drafted = outline_tab.draft_from_outline(ctx, sid, "zh", moved.editor)
    assert "已按提纲起草" in drafted.message
    head = ctx.store.head(sid)
    assert head is not None and head.cause == "first_draft"
    tree = parse_draft(head.text)
    economy = next(s for s in tree.walk() if s.title.endswith("主要经济指标"))
    assert "3000亩" in economy.body  # the moved item (n5) is written under its new heading
    assert "| 地区生产总值 | 亿元 | 12.5亿元 | 增长6.8% |" in head.text  # the indicators table (summary part)
    assert "| 地区生产总值 |" in tree.section_text("s1")


def test_bad_editor_text_is_refused_and_nothing_is_lost(ctx: AppContext) -> None:
    sid = _sid(ctx)
    view = outline_tab.propose(ctx, sid, "zh", NOTES)
    broken = view.editor.replace("- n3 ", "- n99 ")
    refused = outline_tab.save_text(ctx, sid, "zh", broken)
    assert "n99" in refused.message
    assert refused.editor == view.editor  # the stored outline is unchanged
    assert "没有看懂" in outline_tab.apply_command(ctx, sid, "zh", "随便说点什么").message


def test_indicators_placement_is_a_session_setting(ctx: AppContext) -> None:
    sid = _sid(ctx)
    outline_tab.propose(ctx, sid, "zh", NOTES)
    assert outline_tab.set_placement(ctx, sid, "zh", "appendix").placement == "appendix"
    outline_tab.draft_from_outline(ctx, sid, "zh", "")
    head = ctx.store.head(sid)
    assert head is not None
    assert "附表" in parse_draft(head.text).sections[-1].title
    outline_tab.set_placement(ctx, sid, "zh", "none")
    outline_tab.draft_from_outline(ctx, sid, "zh", "")
    head = ctx.store.head(sid)
    assert head is not None and "| 指标 |" not in head.text


def test_outline_first_then_chat_edits_then_draft(ctx: AppContext) -> None:
    sid = _sid(ctx)
    outline_tab.set_first(ctx, sid, "zh", True)
    list(handlers.send_message(ctx, sid, "zh", NOTES))
    assert ctx.store.head(sid) is None
    assert "建议的提纲" in ctx.store.list_messages(sid)[-1].content
    list(handlers.send_message(ctx, sid, "zh", "把第二项改名为经济发展"))
    assert "经济发展" in ctx.store.list_messages(sid)[-1].content and ctx.store.head(sid) is None
    list(handlers.send_message(ctx, sid, "zh", "按提纲起草"))
    head = ctx.store.head(sid)
    assert head is not None and "（一）经济发展" in head.text
    # with a draft, an outline edit redrafts with it
    list(handlers.send_message(ctx, sid, "zh", "把第三项并入第二项"))
    again = ctx.store.head(sid)
    assert again is not None and again.cause == "restructure" and again.version_id != head.version_id


def test_lock_buttons_and_regenerate_button(ctx: AppContext) -> None:
    sid = _sid(ctx)
    outline_tab.propose(ctx, sid, "zh", NOTES)
    outline_tab.draft_from_outline(ctx, sid, "zh", "")
    view = outline_tab.outline_view(ctx, sid, "zh")
    assert ("二、存在的问题", "s2") in [(label.strip(), value) for label, value in view.sections]
    locked = outline_tab.lock_section(ctx, sid, "zh", "s2", True)
    assert "已锁定" in locked.message and "存在的问题" in locked.locks
    refused = outline_tab.regenerate(ctx, sid, "zh", "s2")
    assert "已锁定" in refused.message
    outline_tab.lock_section(ctx, sid, "zh", "s2", False)
    head = ctx.store.head(sid)
    assert head is not None
    session_handlers.save_manual_edit(ctx, sid, "zh", replace_section(parse_draft(head.text), "s2", "人工改过。"))
    regenerated = outline_tab.regenerate(ctx, sid, "zh", "s2")
    assert "已重新生成" in regenerated.message and "存在的问题" in regenerated.message
    head = ctx.store.head(sid)
    assert head is not None and "村集体经济薄弱" in parse_draft(head.text).section_body("s2")
    assert head is not None
    sentence = next(s for s in parse_draft(head.text).section_body("s1.1").split("。") if s) + "。"
    assert "已锁定" in outline_tab.lock_sentence(ctx, sid, "zh", sentence.strip(), True).message
    assert "草稿中没有这句话" in outline_tab.lock_sentence(ctx, sid, "zh", "不存在的句子。", True).message


def test_word_upload_becomes_a_version_with_flags_and_comments(ctx: AppContext, tmp_path: Path) -> None:
    sid = _sid(ctx)
    outline_tab.propose(ctx, sid, "zh", NOTES)
    outline_tab.draft_from_outline(ctx, sid, "zh", "")
    head = ctx.store.head(sid)
    assert head is not None
    path = to_docx(head.text, tmp_path / "draft.docx")
    document = docx.Document(str(path))
    paragraph = next(p for p in document.paragraphs if "3000亩" in p.text)
    for run in paragraph.runs:
        run.text = run.text.replace("3000亩", "3500亩")
    document.add_comment(paragraph.runs, text="面积请核对", author="张科长", initials="Z")
    document.save(str(path))
    view = outline_tab.import_word(ctx, sid, "zh", str(path))
    assert "已导入 Word 修改稿" in view.message
    new = ctx.store.head(sid)
    assert new is not None and new.cause == "word_edit" and "3500亩" in new.text
    chat = ctx.store.list_messages(sid)[-1].content
    assert "需核实：3500亩" in chat and "批注（张科长）：面积请核对" in chat


# --- CLI ---------------------------------------------------------------------------------------------------


@pytest.fixture
def notes_file(tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REPORT_ASSISTANT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("REPORT_ASSISTANT_PROVIDER", "offline")
    monkeypatch.setenv("REPORT_ASSISTANT_EMBEDDING", "hash")
    path = tmp_path / "notes.txt"
    path.write_text(NOTES, encoding="utf-8")
    return path


def test_cli_outline_json_then_draft_with_the_edited_outline(notes_file: Path, tmp_path: Path) -> None:
    code, out, _err = run_cli("outline", str(notes_file), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["items"]["n2"].startswith("全镇地区生产总值")
    first = data["sections"][0]["children"][0]
    first["title"] = "主要经济指标"
    data["sections"][1]["items"], moved = [], data["sections"][1]["items"]
    first["items"].extend(moved)  # the problem item moved under the first heading
    edited = tmp_path / "outline.json"
    edited.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = run_cli("draft", str(notes_file), "--outline", str(edited), "--provider", "offline",
                             "--no-examples", "--indicators", "appendix")
    assert code == 0, err
    tree = parse_draft(out)
    economy = next(s for s in tree.walk() if s.title.endswith("主要经济指标"))
    assert "村集体经济薄弱" in economy.body
    assert "附表" in tree.sections[-1].title and "| 地区生产总值 |" in out


def test_cli_outline_text_form(notes_file: Path) -> None:
    code, out, _err = run_cli("outline", str(notes_file))
    assert code == 0 and out.startswith("# 红星镇2025年工作总结暨2026年工作安排\n## 一、2025年工作总结")


@pytest.mark.parametrize(("change", "message"), [
    ("unknown", "unknown note item id 'n99'"),
    ("json", "not valid JSON"),
    ("indicators", "--indicators"),
])
def test_cli_bad_outline_or_option_is_a_clear_error(notes_file: Path, tmp_path: Path, change: str,
                                                    message: str) -> None:
    _code, out, _err = run_cli("outline", str(notes_file), "--json")
    data = json.loads(out)
    path = tmp_path / "o.json"
    args = ["draft", str(notes_file), "--provider", "offline", "--no-examples"]
    if change == "unknown":
        data["sections"][1]["items"].append("n99")
        path.write_text(json.dumps(data), encoding="utf-8")
        args += ["--outline", str(path)]
    elif change == "json":
        path.write_text("{not json", encoding="utf-8")
        args += ["--outline", str(path)]
    else:
        args += ["--indicators", "middle"]
    code, _out, err = run_cli(*args)
    assert code == 2 and message in err


def test_cli_draft_indicators_none_and_default(notes_file: Path) -> None:
    code, out, _err = run_cli("draft", str(notes_file), "--provider", "offline", "--no-examples")
    assert code == 0 and "| 地区生产总值 |" in parse_draft(out).section_text("s1")
    code, out, _err = run_cli("draft", str(notes_file), "--provider", "offline", "--no-examples",
                              "--indicators", "none")
    assert code == 0 and "| 指标 |" not in out
