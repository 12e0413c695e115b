"""The figures tab's fact table and its role/period editor (issue 10 item 5), and the missing-year notice.

Services-level: the handlers of :mod:`ui.facts_view` over a real store and the offline writer; no browser.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import HONGXING_NOTES_ZH as NOTES_ZH
from support import run_cli

from assistant.facts import build_facts
from assistant.notes import parse_notes, year_warnings
from assistant.sections import parse_draft
from assistant.services.fact_edits import FACTS_PIN
from assistant.services.session import SessionWorkflow
from ui import facts_view, handlers, session_handlers
from ui.context import AppContext
from ui.i18n import t

NO_YEAR_ZH = "工作要点（原始笔记）\n- 全镇地区生产总值完成12.5亿元，同比增长6.8%\n- 新建高标准农田3000亩\n明年目标和安排：\n- 新建养老服务站5个\n"
NO_YEAR_EN = "Work notes\n- Revenue reached 4.2 million yuan, up 5%\n- Planted 5,000 trees\nNext year:\n- Build 3 clinics\n"


@pytest.fixture
def ctx(settings: Any) -> Iterator[AppContext]:
    context = AppContext(settings=settings)
    yield context
    context.close()


def _drafted_session(ctx: AppContext, notes: str = NOTES_ZH, lang: str = "zh") -> str:
    sid = session_handlers.load_page(ctx, None, lang).session_id
    views = list(handlers.send_message(ctx, sid, lang, notes))
    assert views and ctx.store.head(sid) is not None
    return sid


def _fact_id(ctx: AppContext, sid: str, text: str) -> str:
    table = SessionWorkflow(ctx, sid).fact_table()
    assert table is not None
    return next(f.fact_id for f in table if f.text == text)


def _parts(markdown: str) -> dict[str, str]:
    """The draft's top-level parts by kind: summary (…工作总结), problems, plan (…工作安排)."""
    tree = parse_draft(markdown)
    out: dict[str, str] = {}
    for section in tree.sections:
        text = tree.section_text(section.id)
        kind = "plan" if "安排" in section.title else "problems" if "问题" in section.title else "summary"
        out[kind] = out.get(kind, "") + text
    return out


def test_fact_table_rows_are_the_cli_rows_with_the_note_text(ctx: AppContext, tmp_path: Path) -> None:
    sid = _drafted_session(ctx)
    view = facts_view.facts_view(ctx, sid, "zh")
    expected = build_facts(parse_notes(NOTES_ZH)).rows("zh")
    assert [r[:7] for r in view.rows] == [[r[c] for c in facts_view.FACT_COLUMNS] for r in expected]
    assert view.rows[0][-1] == "- 全镇地区生产总值完成12.5亿元，同比增长6.8%"  # the note line's own text
    assert {r[4] for r in view.rows} >= {"完成", "目标", "问题"}
    assert facts_view.fact_headers("zh")[3:5] == ["时期", "性质"]
    assert facts_view.fact_headers("en")[3:5] == ["period", "role"]
    # `report-assistant facts NOTES --json` prints the same rows
    path = tmp_path / "notes.txt"
    path.write_text(NOTES_ZH, encoding="utf-8")
    code, out, _ = run_cli("facts", str(path), "--json")
    assert code == 0
    assert [f["row"] for f in json.loads(out)["facts"]] == expected
    # the English page shows the roles in English
    assert {r[4] for r in facts_view.facts_view(ctx, sid, "en").rows} >= {"achieved", "target", "problem"}


def test_changing_a_role_to_target_moves_the_item_to_the_plan_and_persists(settings: Any) -> None:
    ctx = AppContext(settings=settings)
    try:
        sid = _drafted_session(ctx)
        before = _parts(ctx.store.head(sid).text)  # type: ignore[union-attr]
        assert "3000亩" in before["summary"] and "3000亩" not in before["plan"]
        fid = _fact_id(ctx, sid, "3000亩")
        assert facts_view.current_role(ctx, sid, fid) == "achieved"
        n_versions = len(ctx.store.list_versions(sid))

        view = facts_view.apply_correction(ctx, sid, "zh", fid, "target", "")

        head = ctx.store.head(sid)
        assert head is not None and head.cause == "redraft"
        assert len(ctx.store.list_versions(sid)) == n_versions + 1
        after = _parts(head.text)
        assert "3000亩" in after["plan"] and "3000亩" not in after["summary"]
        assert "12.5亿元" in after["summary"]  # the other items stay where they were
        row = next(r for r in view.rows if r[0] == fid)
        assert row[4] == "目标"
        assert "已更正" in view.message
        chat = [m.content for m in ctx.store.list_messages(sid)]
        assert any(fid in c and "已更正" in c for c in chat)
        check = ctx.store.load_check(head.version_id)
        assert check is not None and not [f for f in check["figures"] if f["status"] in ("mismatch", "unsupported")]
    finally:
        ctx.close()

    reopened = AppContext(settings=settings)  # a reload: a fresh context over the same store
    try:
        assert facts_view.current_role(reopened, sid, fid) == "target"
        # a later draft of the session (added notes) keeps the correction
        list(handlers.send_message(reopened, sid, "zh", "- 新增城镇就业岗位200个"))
        head = reopened.store.head(sid)
        assert head is not None and head.cause == "added_notes" and "200个" in head.text
        parts = _parts(head.text)
        assert "3000亩" in parts["plan"] and "3000亩" not in parts["summary"]
    finally:
        reopened.close()


def test_the_apply_message_survives_the_refresh_its_page_update_triggers(ctx: AppContext) -> None:
    """The page refresh after an apply changes the checked figures, whose change event refreshes the
    panel: that refresh shows the apply's message again (it used to blank it within a second) until
    the draft it describes is replaced, the page language changes or another session is shown."""
    sid = _drafted_session(ctx)
    fid = _fact_id(ctx, sid, "3000亩")
    view = facts_view.apply_correction(ctx, sid, "zh", fid, "target", "")
    notice = facts_view.notice_of(ctx, sid, "zh", view.message)
    assert "已更正" in view.message

    assert facts_view.kept_message(ctx, sid, "zh", notice) == view.message
    assert facts_view.kept_message(ctx, sid, "zh", notice) == view.message  # every refresh, not just one
    assert facts_view.kept_message(ctx, sid, "en", notice) == ""  # written in the other language
    assert facts_view.kept_message(ctx, sid, "zh", None) == ""
    other = session_handlers.load_page(ctx, None, "zh").session_id
    assert other and other != sid and facts_view.kept_message(ctx, other, "zh", notice) == ""
    assert facts_view.notice_of(ctx, sid, "zh", "") is None

    list(handlers.send_message(ctx, sid, "zh", "- 新增城镇就业岗位200个"))  # a new draft replaces the one it described
    assert facts_view.kept_message(ctx, sid, "zh", notice) == ""

    # a refused correction's message is kept the same way (the draft it speaks of is unchanged)
    refused = facts_view.apply_correction(ctx, sid, "zh", fid, "target", "")
    assert refused.message and "已更正" not in refused.message
    again = facts_view.notice_of(ctx, sid, "zh", refused.message)
    assert facts_view.kept_message(ctx, sid, "zh", again) == refused.message


def test_role_back_to_achieved_moves_it_back(ctx: AppContext) -> None:
    sid = _drafted_session(ctx)
    fid = _fact_id(ctx, sid, "5个")  # 计划新建村级养老服务站5个: a plan item
    assert "5个" in _parts(ctx.store.head(sid).text)["plan"]  # type: ignore[union-attr]
    facts_view.apply_correction(ctx, sid, "zh", fid, "achieved", None)
    parts = _parts(ctx.store.head(sid).text)  # type: ignore[union-attr]
    assert "5个" in parts["summary"] and "5个" not in parts["plan"]


def test_period_correction_is_shown_and_kept(ctx: AppContext) -> None:
    sid = _drafted_session(ctx)
    fid = _fact_id(ctx, sid, "3000亩")
    view = facts_view.apply_correction(ctx, sid, "zh", fid, None, "2024年1—6月")
    row = next(r for r in view.rows if r[0] == fid)
    assert "2024" in row[3] and "6月" in row[3]
    assert ctx.store.head(sid).cause == "redraft"  # type: ignore[union-attr]
    # a role correction later keeps the period
    view = facts_view.apply_correction(ctx, sid, "zh", fid, "target", None)
    row = next(r for r in view.rows if r[0] == fid)
    assert "2024" in row[3] and row[4] == "目标"
    stored = dict(ctx.store.list_pins(sid))[FACTS_PIN]
    assert stored[fid] == {"text": "3000亩", "role": "target", "period": "2024年1—6月"}


@pytest.mark.parametrize(
    ("fact", "role", "period", "message"),
    [
        ("L99.1", "target", "", "L99.1"),  # no such figure
        (None, "target", "", "请先选择"),  # nothing picked
        ("L3.1", "wish", "", "性质只能是"),  # not a role
        ("L3.1", "", "不清楚", "看不出"),  # not a period
        ("L3.1", "", "", "请选择性质或填写时期"),  # nothing to change
        ("L3.1", "achieved", "", "没有要更正的"),  # already its role
    ],
)
def test_bad_corrections_are_refused_and_change_nothing(ctx: AppContext, fact: str | None, role: str,
                                                        period: str, message: str) -> None:
    sid = _drafted_session(ctx)
    n_versions = len(ctx.store.list_versions(sid))
    view = facts_view.apply_correction(ctx, sid, "zh", fact, role, period)
    assert message in view.message
    assert len(ctx.store.list_versions(sid)) == n_versions
    assert FACTS_PIN not in dict(ctx.store.list_pins(sid))
    assert view.rows  # the table is still shown


def test_a_line_with_other_roles_stays_and_the_chat_says_why(ctx: AppContext) -> None:
    sid = _drafted_session(ctx)
    fid = _fact_id(ctx, sid, "45万人次")  # 接待游客45万人次，旅游收入1.2亿元: two figures on the line
    view = facts_view.apply_correction(ctx, sid, "zh", fid, "target", None)
    assert "位置未变" in view.message
    assert "45万人次" in _parts(ctx.store.head(sid).text)["summary"]  # type: ignore[union-attr]
    other = _fact_id(ctx, sid, "1.2亿元")
    facts_view.apply_correction(ctx, sid, "zh", other, "target", None)
    parts = _parts(ctx.store.head(sid).text)  # type: ignore[union-attr]
    assert "45万人次" in parts["plan"] and "1.2亿元" in parts["plan"] and "45万人次" not in parts["summary"]


def test_a_correction_for_a_changed_line_is_dropped(ctx: AppContext) -> None:
    sid = _drafted_session(ctx)
    fid = _fact_id(ctx, sid, "3000亩")
    facts_view.apply_correction(ctx, sid, "zh", fid, "target", None)
    ctx.store.set_notes(sid, NOTES_ZH.replace("3000亩", "2800亩"), cause="user")
    table = SessionWorkflow(ctx, sid).fact_table()
    assert table is not None and table.get(fid).text == "2800亩" and table.get(fid).role == "achieved"


def test_another_users_session_is_not_corrected(ctx: AppContext) -> None:
    sid = session_handlers.load_page(ctx, None, "zh", "alice").session_id
    list(handlers.send_message(ctx, sid, "zh", NOTES_ZH))
    fid = _fact_id(ctx, sid, "3000亩")
    view = facts_view.apply_correction(ctx, sid, "zh", fid, "target", None, user="mallory")
    assert not view.rows and view.message
    assert FACTS_PIN not in dict(ctx.store.list_pins(sid))


def test_cells_go_through_the_sanitiser(ctx: AppContext) -> None:
    notes = "红星镇2025年工作笔记\n- 新建\u202e高标准\u2066农田3000亩\x07\n"
    sid = _drafted_session(ctx, notes)
    cells = [c for r in facts_view.facts_view(ctx, sid, "zh").rows for c in r]
    assert cells and not any(ch in c for c in cells for ch in "\u202e\u2066\x07")


@pytest.mark.parametrize(("notes", "lang"), [(NO_YEAR_ZH, "zh"), (NO_YEAR_ZH, "en"), (NO_YEAR_EN, "en")])
def test_missing_year_notice_in_the_chat_after_the_draft(ctx: AppContext, notes: str, lang: str) -> None:
    sid = _drafted_session(ctx, notes, lang)
    messages = ctx.store.list_messages(sid)
    expected = [w + t(lang, "msg_year_hint") for w in year_warnings(parse_notes(notes), lang)]  # how to answer it
    assert expected
    notices = [m for m in messages if (m.meta or {}).get("warning") == "year_missing"]
    assert [m.content for m in notices] == expected
    # it comes after the draft's own message, in the page language
    done = next(i for i, m in enumerate(messages) if m.content == t(lang, "msg_draft_done",
                                                                     sections=_n_sections(ctx, sid),
                                                                     summary=_summary(ctx, sid, lang)))
    assert messages.index(notices[0]) > done
    assert ("年份" in notices[0].content) == (lang == "zh")


def test_no_year_notice_when_the_notes_give_one(ctx: AppContext) -> None:
    sid = _drafted_session(ctx)
    assert not [m for m in ctx.store.list_messages(sid) if (m.meta or {}).get("warning") == "year_missing"]


def _n_sections(ctx: AppContext, sid: str) -> int:
    from ui.views import top_sections

    return len(top_sections(ctx.store.head(sid).text))  # type: ignore[union-attr]


def _summary(ctx: AppContext, sid: str, lang: str) -> str:
    from ui import render

    head = ctx.store.head(sid)
    assert head is not None
    return render.summary_line(ctx.store.load_check(head.version_id), lang)


def _draft_cli(notes: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "notes.txt"
    path.write_text(notes, encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("REPORT_ASSISTANT_") and k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    env.update({"REPORT_ASSISTANT_DATA_DIR": str(tmp_path / "data"), "REPORT_ASSISTANT_EMBEDDING": "hash"})
    return subprocess.run(
        [sys.executable, "-c", "from assistant.cli import main; main()", "draft", str(path), "--provider",
         "offline", "--no-examples"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("notes", [NO_YEAR_ZH, NO_YEAR_EN])
def test_cli_draft_warns_on_stderr_when_the_notes_give_no_year(tmp_path: Path, notes: str) -> None:
    proc = _draft_cli(notes, tmp_path)
    assert proc.returncode == 0, proc.stderr
    warning = year_warnings(parse_notes(notes))[0]
    assert f"warning: {warning}\n" in proc.stderr
    assert warning not in proc.stdout
    assert "【年份】" in proc.stdout or "[year]" in proc.stdout


def test_cli_draft_gives_no_year_warning_when_the_notes_give_one(tmp_path: Path) -> None:
    proc = _draft_cli(NOTES_ZH, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "年份" not in proc.stderr and "2025" in proc.stdout


@pytest.mark.parametrize(
    ("typed", "lang", "label"),
    [
        ("2016", "zh", "2016年"),
        ("2016年1—6月", "zh", "2016年 1—6月"),
        ("上半年", "zh", "2025年 上半年"),  # the notes' year when the period names none
        ("一季度", "zh", "2025年 第一季度"),
        ("明年", "zh", "2026年"),
        ("五年累计", "zh", "累计"),
        ("2016 H1", "en", "2016 H1"),
        ("Q1 2016", "en", "2016 Q1"),
        ("next year", "en", "2026"),
    ],
)
def test_typed_periods(typed: str, lang: str, label: str) -> None:
    from assistant.services.fact_edits import parse_period

    notes = parse_notes("红星镇2025年工作笔记\n- 新建道路3公里\n" if lang == "zh" else "2025 notes\n- Planted 5,000 trees\n")
    assert parse_period(typed, notes).label("zh" if lang == "zh" else "en") == label


def test_unreadable_stored_corrections_are_ignored(ctx: AppContext) -> None:
    sid = _drafted_session(ctx)
    ctx.store.pin_example(sid, FACTS_PIN, {"L3.1": "target", "L4.1": {"role": "target"},
                                           "L6.1": {"text": "6%左右", "role": "wish", "period": 7},
                                           "L7.1": {"text": "5个", "role": "achieved"}})
    table = SessionWorkflow(ctx, sid).fact_table()
    assert table is not None
    roles = {f.fact_id: f.role for f in table}
    assert roles["L3.1"] == roles["L4.1"] == "achieved" and roles["L6.1"] == "target"
    assert roles["L7.1"] == "achieved"  # the one readable correction applies
