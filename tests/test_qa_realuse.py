"""What a new user hit in the real page (session 5, wave 10 QA), as unit tests of the handlers.

* The answer to "the notes give no year" ("年份是2025年", "the year is 2025") sets the report's year; it
  used to be added as a note and drafted into the plan ("二是年份是2025年") with the year one too early.
* The user's notes in the chat keep their lines: a header typed after bullets ("存在问题") is not folded
  into the bullet above by Markdown.
* An unreadable upload says so in the page language, naming the file (not the server's upload path).
* A message over the limit says it was not sent and is still in the box.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.notes import note_years, parse_notes
from assistant.services.intents import classify, year_statement
from assistant.services.note_year import with_year
from ui import handlers, render, session_handlers
from ui.context import AppContext
from ui.views import View

NOTES_NO_YEAR_ZH = """县农业农村局工作总结
1、粮食总产量达到15.2万吨，比上年增加0.8万吨
2、发放惠农补贴资金3280万元，惠及农户2.1万户
存在的问题：
1、有效灌溉面积仅占耕地的41%
下一步工作打算
1、新建高标准农田3万亩
"""

NOTES_NO_YEAR_EN = """Parks Department notes
Done:
- Renovated 4 playgrounds
- Planted 1,250 street trees
Problems:
- Maintenance backlog of $2.3 million
Next year:
- Plant another 1,500 trees
"""


@pytest.fixture
def ctx(settings: Any) -> Iterator[AppContext]:
    context = AppContext(settings=settings)
    yield context
    context.close()


def _last(views: Iterator[View]) -> View:
    out = list(views)
    assert out, "the handler yielded nothing"
    return out[-1]


def _notes(ctx: AppContext, sid: str) -> str:
    stored = ctx.store.get_notes(sid)
    return stored.text if stored is not None else ""


def _session(ctx: AppContext, lang: str) -> str:
    return session_handlers.load_page(ctx, None, lang).session_id


@pytest.mark.parametrize(("message", "year"), [
    ("年份是2025年", 2025), ("是2025年的", 2025), ("报告年度：2025", 2025), ("2025年度", 2025), ("2024年", 2024),
    ("补充：年份为2025年", 2025), ("这是2023年的总结", 2023), ("应该是2025年", 2025), ("年份2025", 2025),
    ("the year is 2025", 2025), ("Year: 2024", 2024), ("it's for 2025", 2025), ("2025", 2025),
    ("This is the 2025 report", 2025), ("for 2026.", 2026),
    # notes that begin with a year, counts, list lines: not a statement of the year
    ("2025年新增就业1200人", None), ("新增就业2025人", None), ("2025年完成", None), ("2025年GDP增长5%", None),
    ("- 2025", None), ("In 2025 we hired 3 staff", None), ("年份是2025年\n新增就业1200人", None),
])
def test_year_statement(message: str, year: int | None) -> None:
    assert year_statement(message) == year
    intent = classify(message, has_draft=True)
    assert (intent.kind == "year") == (year is not None) and intent.year == year
    assert classify(message, has_draft=False).kind != "year"  # no draft yet: notes as before


@pytest.mark.parametrize("notes", [NOTES_NO_YEAR_ZH, NOTES_NO_YEAR_EN])
def test_with_year_states_the_year_and_keeps_every_line(notes: str) -> None:
    assert note_years(parse_notes(notes)) == (None, None)
    stated = with_year(notes, 2025)
    parsed = parse_notes(stated)
    assert note_years(parsed) == (2025, 2026) and not parsed.year_missing
    assert parsed.metadata.get("title") == parse_notes(notes).metadata.get("title")  # the title stays the title
    assert [line for line in stated.split("\n") if line not in notes.split("\n")] == \
        ["年度：2025年" if "县" in notes else "Year: 2025"]
    again = with_year(stated, 2024)  # a second answer corrects the first: one year line
    assert note_years(parse_notes(again)) == (2024, 2025)
    assert again.count("2025年\n") + again.count("Year: 2025") == 0


def test_with_year_wins_over_a_year_the_notes_state() -> None:
    notes = "红旗镇2025年工作总结\n- 新建日光温室45栋\n明年打算：\n- 新建高标准农田2万亩\n"
    assert note_years(parse_notes(with_year(notes, 2024))) == (2024, 2025)
    assert "红旗镇2025年工作总结" in with_year(notes, 2024)  # the user's own line is kept


@pytest.mark.parametrize(("lang", "notes", "answer", "title_years"), [
    ("zh", NOTES_NO_YEAR_ZH, "年份是2025年", ("2025年工作总结", "2026年")),
    ("en", NOTES_NO_YEAR_EN, "the year is 2025", ("2025", "2026")),
])
def test_answering_the_year_notice_redrafts_with_the_year(ctx: AppContext, lang: str, notes: str, answer: str,
                                                          title_years: tuple[str, str]) -> None:
    sid = _session(ctx, lang)
    first = _last(handlers.send_message(ctx, sid, lang, notes))
    placeholder = "【年份】" if lang == "zh" else "[year]"
    assert placeholder in first.draft_markdown
    assert any("2025" in m["content"] for m in first.chat if m["role"] == "assistant")  # the notice says how
    view = _last(handlers.send_message(ctx, sid, lang, answer))
    title = view.draft_markdown.split("\n", 1)[0]
    assert all(y in title for y in title_years), title
    assert placeholder not in view.draft_markdown
    assert answer not in view.draft_markdown and "年份是" not in view.draft_markdown  # no note of its own
    assert len(view.versions) == 2
    stored = _notes(ctx, sid)
    assert answer not in stored and ("年度：2025年" in stored or "Year: 2025" in stored)
    assert view.check is not None and "ra-fig-verified" in view.draft_html


def test_user_notes_keep_their_lines_in_the_chat() -> None:
    notes = "红旗镇工作\n- 新建温室45栋\n  - 其中连栋温室5栋\n- 改厕1200户\n存在问题\n- 债务2100万元\n明年打算：\n1. 新建农田2万亩\n"
    shown = render.chat_messages([{"role": "user", "content": notes},
                                  {"role": "assistant", "content": "- a\nb"}])
    user = shown[0]["content"]
    assert "- 改厕1200户\n\n存在问题\n" in user and "- 债务2100万元\n\n明年打算：\n" in user
    assert "- 新建温室45栋\n  - 其中连栋温室5栋\n" in user  # a nested bullet stays in its list
    assert [line for line in user.split("\n") if line] == [line for line in notes.split("\n") if line]
    assert shown[1]["content"] == "- a\nb"  # assistant messages are left as they are


@pytest.mark.parametrize(("lang", "words"), [("zh", ("bin.txt", "二进制", "没有改动")),
                                             ("en", ("bin.txt", "binary", "unchanged"))])
def test_unreadable_upload_names_the_file_in_the_page_language(ctx: AppContext, tmp_path: Path, lang: str,
                                                              words: tuple[str, ...]) -> None:
    sid = _session(ctx, lang)
    _last(handlers.send_message(ctx, sid, lang, NOTES_NO_YEAR_ZH))
    upload = tmp_path / "gradio-upload-4f9a2c" / "bin.txt"
    upload.parent.mkdir()
    upload.write_bytes(b"\x00\x01binary\x00" * 200)
    view = _last(handlers.upload_notes(ctx, sid, lang, str(upload)))
    message = view.chat[-1]["content"]
    assert all(w in message for w in words) and "gradio-upload" not in message and str(tmp_path) not in message
    assert _notes(ctx, sid) == NOTES_NO_YEAR_ZH.strip() and len(view.versions) == 1


def test_too_long_message_says_it_stays_in_the_box(ctx: AppContext) -> None:
    sid = _session(ctx, "zh")
    ctx.settings.max_notes_chars = 50
    view = _last(handlers.send_message(ctx, sid, "zh", "新" * 51))
    assert view.notice and "仍在输入框中" in view.chat[-1]["content"]
    assert not _notes(ctx, sid)


@pytest.mark.parametrize(("lang", "notes", "request_text", "words"), [
    ("zh", NOTES_NO_YEAR_ZH, "把存在的问题写得更具体一点", ("离线模式", "补充笔记")),
    ("en", NOTES_NO_YEAR_EN, "make the challenges part more specific", ("Offline mode", "add notes")),
    ("zh", NOTES_NO_YEAR_ZH, "把存在问题压缩成一句", ("离线模式", "手动编辑")),
    ("en", NOTES_NO_YEAR_EN, "make the plan part shorter", ("Offline mode", "Edit tab")),
])
def test_an_offline_rewrite_that_changes_nothing_says_what_would_help(
        ctx: AppContext, lang: str, notes: str, request_text: str, words: tuple[str, ...]) -> None:
    """"写得更具体" / "shorter" offline, on a section that has every note and no filler: the draft stays,
    and the reply says why (offline adds no facts, drops no note) and what helps (add notes / edit by
    hand), instead of only "needed no change"."""
    sid = _session(ctx, lang)
    first = _last(handlers.send_message(ctx, sid, lang, notes))
    view = _last(handlers.send_message(ctx, sid, lang, request_text))
    reply = view.chat[-1]["content"]
    assert view.draft_markdown == first.draft_markdown and len(view.versions) == 1
    assert all(w in reply for w in words), reply


@pytest.mark.parametrize(("lang", "line"), [("zh", "模型：无（offline，离线起草）"), ("en", "Model: none (offline writer)")])
def test_offline_status_names_no_model(ctx: AppContext, lang: str, line: str) -> None:
    """The status line said "模型：offline（-）": with the offline writer no model is in use, and it says so."""
    status = ctx.status_markdown(lang)  # the test settings use the offline provider
    assert line in status and "（-）" not in status and "(-)" not in status
