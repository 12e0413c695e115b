"""Lock and regenerate: locked sections and sentences stay byte-identical through rewrites and redrafts;
regenerating one section re-drafts only it from its notes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from support import HONGXING_NOTES_ZH as NOTES

from assistant.errors import InputError
from assistant.locks import LockSet, check_unlocked, keep_locked, sentence_key, split_sentences
from assistant.sections import parse_draft, replace_section
from assistant.services import outline_ops
from assistant.services.session import Drafted, Rewritten, SessionWorkflow
from ui import handlers, session_handlers
from ui.context import AppContext

DRAFT = """# 红星镇2025年工作总结暨2026年工作安排

## 一、2025年工作总结

### （一）经济运行稳中有进

全镇地区生产总值完成12.5亿元，同比增长6.8%。经济运行总体平稳。旅游收入1.2亿元，接待游客45万人次。

### （二）农业农村稳步发展

新建高标准农田3000亩。

## 二、存在的问题

村集体经济薄弱，12个村收入低于10万元。

## 三、2026年工作安排

地区生产总值增长6%左右，计划新建村级养老服务站5个。
"""


@pytest.fixture
def ctx(settings: Any) -> Iterator[AppContext]:
    context = AppContext(settings=settings)
    yield context
    context.close()


def _session(ctx: AppContext, text: str = DRAFT) -> tuple[str, SessionWorkflow]:
    sid = ctx.store.create_session("locks").session_id
    work = SessionWorkflow(ctx, sid)
    work.set_notes(NOTES, cause="user")
    if text:
        work.manual_edit(text)
    return sid, work


@pytest.mark.parametrize(("text", "sentences"), [
    ("甲。乙！丙？", ["甲。", "乙！", "丙？"]),
    ("一是抓项目；二是抓民生。", ["一是抓项目；", "二是抓民生。"]),
    ("Revenue rose. Costs fell! Why? Fine", ["Revenue rose.", "Costs fell!", "Why?", "Fine"]),
    ("第一行\n第二行。", ["第一行", "第二行。"]),
])
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_lock_set_json_round_trip() -> None:
    tree = parse_draft(DRAFT)
    locks = LockSet()
    locks.lock_section(tree, "s2")
    key = locks.lock_sentence(tree, "经济运行总体平稳。")
    assert key == sentence_key("经济运行总体平稳。")
    again = LockSet.from_json(locks.to_json())
    assert again == locks and again.sections == {"s2": "二、存在的问题"}
    with pytest.raises(InputError, match="not in the draft"):
        locks.lock_sentence(tree, "草稿里没有的话。")
    assert LockSet.from_json("garbage") == LockSet()


def test_keep_locked_restores_a_section_and_a_sentence() -> None:
    tree = parse_draft(DRAFT)
    locks = LockSet()
    locks.lock_section(tree, "s2")
    locks.lock_sentence(tree, "经济运行总体平稳。")
    after = DRAFT.replace("村集体经济薄弱，12个村收入低于10万元。", "村集体经济仍较薄弱。").replace(
        "经济运行总体平稳。", "经济持续向好。")
    kept = keep_locked(DRAFT, after, locks)
    assert parse_draft(kept).section_body("s2") == tree.section_body("s2")
    body = parse_draft(kept).section_body("s1.1")
    assert "经济运行总体平稳。" in body and "经济持续向好。" in body
    assert split_sentences(body).index("经济运行总体平稳。") == 1  # at its old place
    assert keep_locked(DRAFT, after, LockSet()) == after


def test_check_unlocked_covers_parents_and_children() -> None:
    tree = parse_draft(DRAFT)
    locks = LockSet()
    locks.lock_section(tree, "s1.2")
    for sid in ("s1.2", "s1"):
        with pytest.raises(InputError, match="locked"):
            check_unlocked(tree, sid, locks)
    check_unlocked(tree, "s1.1", locks)
    check_unlocked(tree, "s2", locks)


def test_rewrite_keeps_a_locked_sentence_byte_identical(ctx: AppContext) -> None:
    sid, work = _session(ctx)
    tree = parse_draft(DRAFT)
    locks = LockSet()
    locks.lock_sentence(tree, "经济运行总体平稳。")
    outline_ops.save_locks(ctx.store, sid, locks)
    events = list(work.rewrite(tree, "s1.1", "改写得更简洁，删去评价性的话"))
    done = events[-1]
    assert isinstance(done, Rewritten)
    head = ctx.store.head(sid)
    assert head is not None
    assert "经济运行总体平稳。" in parse_draft(head.text).section_body("s1.1")
    for other in ("s1.2", "s2", "s3"):
        assert parse_draft(head.text).section_text(other) == tree.section_text(other)


def test_a_locked_section_refuses_rewrite_and_regenerate(ctx: AppContext) -> None:
    sid, work = _session(ctx)
    tree = parse_draft(DRAFT)
    locks = LockSet()
    locks.lock_section(tree, "s2")
    outline_ops.save_locks(ctx.store, sid, locks)
    before = len(ctx.store.list_versions(sid))
    with pytest.raises(InputError, match="locked"):
        list(work.rewrite(tree, "s2", "更简洁"))
    with pytest.raises(InputError, match="locked"):
        list(work.regenerate(tree, "s2"))
    assert len(ctx.store.list_versions(sid)) == before


def test_redraft_keeps_a_locked_section_byte_identical(ctx: AppContext) -> None:
    sid, work = _session(ctx, "")
    first = [e for e in work.draft(NOTES, cause="first_draft") if isinstance(e, Drafted)][-1]
    tree = parse_draft(first.markdown)
    own = "村集体经济薄弱，是我们最大的短板：12个村收入低于10万元。  \n"
    edited = replace_section(tree, "s2", own)
    work.manual_edit(edited)
    locks = LockSet()
    locks.lock_section(parse_draft(edited), "s2")
    outline_ops.save_locks(ctx.store, sid, locks)
    again = [e for e in work.draft(NOTES, cause="redraft") if isinstance(e, Drafted)][-1]
    head = ctx.store.head(sid)
    assert head is not None and again.version is not None and head.text == again.markdown
    assert parse_draft(head.text).section_body("s2") == parse_draft(edited).section_body("s2")
    # without the lock the redraft writes the section afresh
    outline_ops.save_locks(ctx.store, sid, LockSet())
    work.manual_edit(edited)
    fresh = [e for e in work.draft(NOTES, cause="redraft") if isinstance(e, Drafted)][-1]
    assert "最大的短板" not in fresh.markdown


def test_regenerate_redrafts_only_that_section(ctx: AppContext) -> None:
    _sid, work = _session(ctx, "")
    drafted = [e for e in work.draft(NOTES, cause="first_draft") if isinstance(e, Drafted)][-1]
    tree = parse_draft(drafted.markdown)
    edited = replace_section(parse_draft(replace_section(tree, "s1.1", "随手改过的一句话，没有数字。")), "s2",
                             "问题部分也被人工改过：村集体经济薄弱，12个村收入低于10万元。")
    work.manual_edit(edited)
    before = parse_draft(edited)
    events = list(work.regenerate(before, "s1.1"))
    done = events[-1]
    assert isinstance(done, outline_ops.Regenerated) and done.version is not None
    assert done.version.cause == "rewrite" and done.version.instruction == "regenerate"
    assert done.version.section_id == "s1.1"
    after = parse_draft(done.text)
    assert after.section_body("s1.1").strip() == tree.section_body("s1.1").strip()  # drafted afresh from n2
    assert "12.5亿元" in after.section_body("s1.1")
    for section in before.walk():
        if section.id not in ("s1.1", "s1"):
            assert after.section_text(section.id) == before.section_text(section.id), section.id
    assert done.check is not None


def test_regenerate_from_the_chat(ctx: AppContext) -> None:
    sid = session_handlers.load_page(ctx, None, "zh").session_id
    list(handlers.send_message(ctx, sid, "zh", NOTES))
    head = ctx.store.head(sid)
    assert head is not None
    work = SessionWorkflow(ctx, sid)
    work.manual_edit(replace_section(parse_draft(head.text), "s2", "人工改写的问题部分。"))
    list(handlers.send_message(ctx, sid, "zh", "重新生成第二部分"))
    new = ctx.store.head(sid)
    assert new is not None and new.cause == "rewrite" and new.instruction == "regenerate" and new.section_id == "s2"
    assert "村集体经济薄弱" in parse_draft(new.text).section_body("s2")
    assert parse_draft(new.text).section_text("s1") == parse_draft(head.text).section_text("s1")
    assert "重新生成" in ctx.store.list_messages(sid)[-1].content
