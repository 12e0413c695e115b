"""Section references, chat rewrite requests, and rewriting one section (offline and with a fake model)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.errors import InputError
from assistant.rewrite.engine import RewriteDone, RewriteRepair, RewriteToken, iter_rewrite, rewrite_section
from assistant.rewrite.requests import (
    Ambiguity,
    NotFound,
    RewriteRequest,
    added_facts,
    parse_rewrite_request,
    resolve_section_ref,
)
from assistant.sections import Section, parse_draft

ZH = """# 某镇2025年工作总结暨2026年工作安排

## 一、2025年工作总结

### （一）经济运行稳中有进

在县委县政府的正确领导下，全镇上下凝心聚力，全年完成固定资产投资1.2亿元，同比增长8%。经济运行取得了显著成效。

### （二）民生保障

新增就业320人，进一步完善社会保障体系。

## 二、存在的问题

招商引资难度加大，专业人才非常缺乏，但是我们会搞好人才引进。

## 三、2026年工作安排

### （一）经济目标

力争固定资产投资增长10%左右。

### （二）民生目标

新增就业300人以上。
"""

NOTES = (
    "全年完成固定资产投资1.2亿元，同比增长8%\n新增就业320人\n招商引资难度加大，专业人才缺乏\n"
    "2026年力争固定资产投资增长10%左右\n2026年新增就业300人以上\n林蛙养殖园区新建养殖池40个\n"
)

EN = """# Annual Report 2025

## Summary of 2025

Revenue reached $4.2 million, up 12 percent. Overall, we achieved good results.

## Challenges

We don't have enough staff.

## Plan for 2026

Grow revenue 10 percent.
"""
EN_NOTES = "Revenue $4.2 million, up 12 percent\nNot enough staff\nTarget: revenue growth 10 percent in 2026\n"


def _id(r: Section | Ambiguity | NotFound) -> str:
    if isinstance(r, Section):
        return r.id
    return "ambiguous" if isinstance(r, Ambiguity) else "notfound"


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("第二部分", "s2"),
        ("二、", "s2"),
        ("第2部分", "s2"),
        ("第三部分", "s3"),
        ("存在的问题那部分", "s2"),
        ("存在的问题", "s2"),
        ("“存在的问题”这部分", "s2"),
        ("工作安排", "s3"),
        ("三、工作安排", "s3"),
        ("总结", "s1"),
        ("民生保障", "s1.2"),
        ("s1.2", "s1.2"),
        ("S3.1", "s3.1"),
        ("3", "s3"),
        ("2.1", "notfound"),
        ("1.2", "s1.2"),
        ("经济目标", "s3.1"),
        # ambiguous: （一） exists under 一 and under 三; "民生" under both
        ("（一）", "ambiguous"),
        ("（二）", "ambiguous"),
        ("民生", "ambiguous"),
        ("工作", "ambiguous"),  # in 2025年工作总结 and 2026年工作安排: ask, never pick the shorter
        ("（一）经济目标", "s3.1"),
        ("第五部分", "notfound"),
        ("不存在的标题", "notfound"),
        ("", "notfound"),
    ],
)
def test_zh_refs(ref: str, expected: str) -> None:
    assert _id(resolve_section_ref(parse_draft(ZH), ref)) == expected


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("the plan section", "s3"),
        ("the plan", "s3"),
        ("plan", "s3"),
        ("section 3", "s3"),
        ("Section 2", "s2"),
        ("part 1", "s1"),
        ("the second section", "s2"),
        ("the last section", "s3"),
        ("challenges", "s2"),
        ("the problems part", "s2"),
        ("summary", "s1"),
        ("section 9", "notfound"),
        ("s2", "s2"),
    ],
)
def test_en_refs(ref: str, expected: str) -> None:
    assert _id(resolve_section_ref(parse_draft(EN), ref)) == expected


def test_ambiguity_question_lists_candidates() -> None:
    r = resolve_section_ref(parse_draft(ZH), "（一）")
    assert isinstance(r, Ambiguity)
    assert [c.id for c in r.candidates] == ["s1.1", "s3.1"]
    assert "s1.1" in r.question and "s3.1" in r.question and "哪一个" in r.question
    nf = resolve_section_ref(parse_draft(EN), "section 9")
    assert isinstance(nf, NotFound) and "Plan for 2026" in nf.message


def test_plain_text_draft_refs() -> None:
    text = "工作总结\n第一部分 工作回顾\n一、经济\n投资1亿元。\n第二部分 工作安排\n一、目标\n增长5%。\n"
    tree = parse_draft(text)
    assert _id(resolve_section_ref(tree, "第二部分")) == "s2"
    assert _id(resolve_section_ref(tree, "一、")) == "ambiguous"
    assert _id(resolve_section_ref(tree, "工作安排")) == "s2"


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("把第二部分改写得更简洁", ("第二部分", "改写得更简洁")),
        ("请把存在的问题部分改得正式一些", ("存在的问题部分", "改得正式一些")),
        ("将“工作安排”改写得更具体", ("工作安排", "改写得更具体")),
        ("三、工作安排里加上林蛙养殖园区的内容", ("三、工作安排", "加上林蛙养殖园区的内容")),
        ("在第三部分中补充林蛙养殖园区投资300万元", ("第三部分", "补充林蛙养殖园区投资300万元")),
        ("重写第三部分", ("第三部分", "重写")),
        ("精简一下存在的问题部分", ("存在的问题部分", "精简")),
        ("第二部分更正式一些", ("第二部分", "更正式一些")),
        ("rewrite the plan in a more formal tone", ("the plan", "rewrite in a more formal tone")),
        ("Rewrite section 3 to be more concise.", ("section 3", "rewrite to be more concise")),
        ("make the challenges section shorter", ("the challenges section", "make it shorter")),
        ("add the frog farm project to the plan section", ("the plan section", "add the frog farm project")),
        ("今天天气怎么样", None),
        ("投资是多少？", None),
        ("全年完成固定资产投资1.2亿元\n新增就业320人", None),
        ("what is the total revenue?", None),
        ("", None),
    ],
)
def test_parse_rewrite_request(message: str, expected: tuple[str, str] | None) -> None:
    got = parse_rewrite_request(message)
    if expected is None:
        assert got is None
    else:
        assert got is not None
        assert (got.ref, got.instruction.lower()) == (expected[0], expected[1].lower())
        assert isinstance(got, RewriteRequest)


@pytest.mark.parametrize(
    ("instruction", "facts"),
    [
        ("加上林蛙养殖园区的内容", ["林蛙养殖园区"]),
        ("补充：林蛙养殖园区投资300万元", ["林蛙养殖园区投资300万元"]),
        ("改写得更简洁", []),
        ("把投资改为1.3亿元，并且更简洁", ["把投资改为1.3亿元"]),
        ("add the frog farm to this section", ["the frog farm"]),
        ("more formal", []),
    ],
)
def test_added_facts(instruction: str, facts: list[str]) -> None:
    assert added_facts(instruction) == facts


def _outside(text: str, tree_text: str, sid: str) -> tuple[str, str]:
    t = parse_draft(tree_text)
    s = t.get(sid)
    return tree_text[: s.body_start], tree_text[s.span_end :]


def _assert_only_section_changed(old: str, new: str, sid: str) -> None:
    before, after = _outside(old, old, sid)
    assert new.startswith(before)
    assert new.endswith(after)


@pytest.mark.parametrize("sid", ["s1", "s1.1", "s1.2", "s2", "s3", "s3.2"])
def test_offline_concise_changes_only_that_section(sid: str) -> None:
    tree = parse_draft(ZH)
    r = rewrite_section(tree, sid, "改写得更简洁", NOTES, model=None, language="zh")
    _assert_only_section_changed(ZH, r.text, sid)
    assert [s.id for s in r.tree.walk()] == [s.id for s in tree.walk()]
    # every figure of the old section is still there
    from assistant.figures import extract_figures

    figs = lambda t: sorted(f.text for f in extract_figures(t) if not f.ignored)  # noqa: E731
    assert figs(r.new_section) == figs(r.old_section)
    assert r.notes_text == NOTES and r.added_notes == []


def test_offline_concise_drops_filler() -> None:
    r = rewrite_section(parse_draft(ZH), "s1", "更简洁", NOTES)
    assert "凝心聚力" not in r.new_section and "正确领导" not in r.new_section
    assert "取得了显著成效" not in r.new_section
    assert "全年完成固定资产投资1.2亿元，同比增长8%。" in r.new_section
    assert "### （一）经济运行稳中有进\n\n" in r.new_section  # headings untouched
    assert r.changed and r.actions == ["更简洁"]
    assert r.check is not None and r.check.get("verified", 0) >= 3 and r.unverified == 0


def test_offline_formal_zh_and_en() -> None:
    r = rewrite_section(parse_draft(ZH), "s2", "改得更正式", NOTES)
    assert "非常" not in r.new_section and "搞好" not in r.new_section and "十分" in r.new_section
    e = rewrite_section(parse_draft(EN), "s2", "rewrite in a more formal tone", EN_NOTES, language="en")
    assert "do not have" in e.new_section
    _assert_only_section_changed(EN, e.text, "s2")
    c = rewrite_section(parse_draft(EN), "s1", "make it more concise", EN_NOTES, language="en")
    assert "Overall" not in c.new_section and "$4.2 million" in c.new_section


def test_offline_add_from_notes_and_from_chat() -> None:
    tree = parse_draft(ZH)
    r = rewrite_section(tree, "s3", "加上林蛙养殖园区的内容", NOTES)
    assert "林蛙养殖园区新建养殖池40个。" in r.new_section
    assert r.added_notes == []  # already in the notes
    # the addition goes to the last subsection; the first is byte-identical
    assert r.tree.section_text("s3.1") == tree.section_text("s3.1")
    _assert_only_section_changed(ZH, r.text, "s3")
    r2 = rewrite_section(tree, "s3", "补充：林蛙养殖园区投资300万元", NOTES)
    assert r2.added_notes == ["林蛙养殖园区投资300万元"]
    assert r2.notes_text == NOTES + "林蛙养殖园区投资300万元\n"
    assert "林蛙养殖园区投资300万元。" in r2.new_section
    assert r2.check is not None and r2.check.get("verified", 0) >= 3 and r2.unverified == 0


def test_existing_marker_not_marked_twice() -> None:
    d = "## 一、总结\n\n全年销售【待核实：3000台】，投资1.2亿元。\n\n## 二、计划\n\n力争增长10%。\n"
    r = rewrite_section(parse_draft(d), "s1", "更简洁", NOTES)
    assert r.new_section.count("【待核实") == 1
    assert "【待核实：【" not in r.new_section


def _fake(*replies: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=r) for r in replies]))


class _Recorder(GenericFakeChatModel):
    seen: ClassVar[list[Any]] = []

    def _generate(self, messages: Any, *args: Any, **kwargs: Any) -> Any:
        type(self).seen.append(messages)
        return super()._generate(messages, *args, **kwargs)

    def _stream(self, messages: Any, *args: Any, **kwargs: Any) -> Any:
        type(self).seen.append(messages)
        return super()._stream(messages, *args, **kwargs)


def test_model_rewrite_streams_and_changes_only_that_section() -> None:
    _Recorder.seen = []
    model = _Recorder(messages=iter([AIMessage(content="## 二、存在的问题\n招商引资难度加大，专业人才缺乏。")]))
    events = list(iter_rewrite(parse_draft(ZH), "s2", "改写得更简洁", NOTES, model=model, language="zh"))
    tokens = [e for e in events if isinstance(e, RewriteToken)]
    assert len(tokens) > 1 and all(t.section_id == "s2" for t in tokens)
    done = events[-1]
    assert isinstance(done, RewriteDone)
    r = done.result
    assert r.new_section == "## 二、存在的问题\n\n招商引资难度加大，专业人才缺乏。\n\n"
    _assert_only_section_changed(ZH, r.text, "s2")
    # the prompt carries the section text, the notes and the instruction
    prompt = "\n".join(str(m.content) for m in _Recorder.seen[0])
    assert "专业人才非常缺乏" in prompt and "新增就业320人" in prompt and "改写得更简洁" in prompt
    assert r.provider == "model" and r.check == {}  # no figures in the new text


def test_model_rewrite_of_parent_keeps_subheadings() -> None:
    model = _fake("全年完成固定资产投资1.2亿元，同比增长8%。", "新增就业320人。")
    r = rewrite_section(parse_draft(ZH), "s1", "更简洁", NOTES, model=model, language="zh")
    assert r.new_section == (
        "## 一、2025年工作总结\n\n### （一）经济运行稳中有进\n\n全年完成固定资产投资1.2亿元，同比增长8%。\n\n"
        "### （二）民生保障\n\n新增就业320人。\n\n"
    )
    assert r.check is not None and r.check.get("verified") == 3 and r.unverified == 0


def test_model_invented_figure_is_repaired_once_then_marked() -> None:
    # first answer invents 3000台; the repair still keeps it → marked 【待核实：…】
    model = _fake("招商引资难度加大，全年流失企业3000家。", "招商引资难度加大，全年流失企业3000家。")
    events = list(iter_rewrite(parse_draft(ZH), "s2", "更具体", NOTES, model=model, language="zh"))
    repairs = [e for e in events if isinstance(e, RewriteRepair)]
    assert len(repairs) == 1 and "3000家" in repairs[0].problems[0]
    r = events[-1].result  # type: ignore[union-attr]
    assert "【待核实：3000家】" in r.new_section
    assert r.unverified == 1 and len(r.repairs) == 1
    _assert_only_section_changed(ZH, r.text, "s2")


def test_model_repair_succeeds() -> None:
    model = _fake("新增就业350人。", "新增就业320人。")
    r = rewrite_section(parse_draft(ZH), "s1.2", "更简洁", NOTES, model=model, language="zh")
    assert "新增就业320人。" in r.new_section and "待核实" not in r.new_section
    assert r.unverified == 0 and len(r.repairs) == 1


def test_chat_fact_accepted_by_checker_with_model() -> None:
    model = _fake("力争固定资产投资增长10%左右，林蛙养殖园区投资300万元。")
    r = rewrite_section(parse_draft(ZH), "s3.1", "加上林蛙养殖园区投资300万元", NOTES, model=model, language="zh")
    assert r.added_notes == ["林蛙养殖园区投资300万元"]
    assert "300万元" in r.new_section and "待核实" not in r.new_section


def test_errors() -> None:
    tree = parse_draft(ZH)
    with pytest.raises(InputError):
        rewrite_section(tree, "s9", "更简洁", NOTES)
    with pytest.raises(InputError):
        rewrite_section(tree, "s1", "  ", NOTES)


def test_headingless_draft_rewrite() -> None:
    d = "在上级的正确领导下，今年完成投资1.2亿元。\n取得了显著成效。\n"
    tree = parse_draft(d)
    assert _id(resolve_section_ref(tree, "s1")) == "s1"
    r = rewrite_section(tree, "s1", "更简洁", NOTES)
    assert r.text == "今年完成投资1.2亿元。\n"


EVAL_NOTES = sorted((Path(__file__).parent / "data" / "eval_notes").glob("*.txt"))


@pytest.mark.parametrize("notes_path", EVAL_NOTES[:3], ids=[p.stem for p in EVAL_NOTES[:3]])
def test_offline_provider_draft_rewrite(notes_path: Path) -> None:
    """Drafts the offline provider produces: rewriting the last section leaves the rest byte-identical."""
    from assistant.drafting.pipeline import draft_report, run_draft
    from assistant.notes import parse_notes

    notes_text = notes_path.read_text(encoding="utf-8")
    md = run_draft(draft_report(parse_notes(notes_text), model=None)).to_markdown()
    tree = parse_draft(md)
    sid = tree.sections[-1].id
    r = rewrite_section(tree, sid, "更简洁", notes_text)
    _assert_only_section_changed(md, r.text, sid)
    assert r.unverified == 0


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("把投资改为1.3亿元", None),  # not a section of this draft: a note
        ("把林蛙养殖园区写进去", None),
        ("把存在的问题改写得更简洁", "存在的问题"),
        ("把第九部分改写得更简洁", "第九部分"),  # explicit: kept, the resolver then says it does not exist
        ("rewrite the plan in a more formal tone", "the plan"),
    ],
)
def test_parse_rewrite_request_with_tree(message: str, expected: str | None) -> None:
    got = parse_rewrite_request(message, parse_draft(ZH))
    assert (got.ref if got else None) == expected


def test_request_added_text() -> None:
    req = parse_rewrite_request("三、工作安排里加上林蛙养殖园区投资300万元")
    assert req is not None and req.added_text == "林蛙养殖园区投资300万元"
    ref, instruction = req
    assert (ref, instruction) == ("三、工作安排", "加上林蛙养殖园区投资300万元")


@pytest.mark.parametrize(
    ("sid", "added"),
    [("s2", "园区基础设施不完善。"), ("s3", "新建学校1所。")],
)
def test_offline_more_specific_adds_unused_notes_of_the_same_role(sid: str, added: str) -> None:
    notes = NOTES + "存在问题：\n- 园区基础设施不完善\n明年计划：\n- 新建学校1所\n"
    tree = parse_draft(ZH)
    r = rewrite_section(tree, sid, "写得更具体一些", notes)
    assert r.new_section.rstrip().endswith(added)
    other = "新建学校1所" if sid == "s2" else "园区基础设施不完善"
    assert other not in r.new_section  # a plan item never lands in the problems section, and back
    _assert_only_section_changed(ZH, r.text, sid)
    assert r.unverified == 0


def test_prompt_echo_of_a_small_model_is_stripped() -> None:
    echo = ("【工作要点】[n1] 全年完成固定资产投资1.2亿元[n2] 新增就业320人\n\n"
            "【原小节】“（一）经济运行稳中有进”全年完成固定资产投资1.2亿元，同比增长8%。[n1]")
    r = rewrite_section(parse_draft(ZH), "s1.1", "更简洁", NOTES, model=_fake(echo), language="zh")
    assert r.tree.section_body("s1.1").strip() == "全年完成固定资产投资1.2亿元，同比增长8%。"


def test_full_prompt_echo_falls_back_to_the_rule_based_rewrite() -> None:
    echo = ("【工作要点】\n[n1] 全年完成固定资产投资1.2亿元\n[n2] 新增就业320人\n\n【原小节】“二、存在的问题”\n"
            "招商引资难度加大，专业人才非常缺乏，但是我们会搞好人才引进。\n\n【修改要求】\n改得更正式。\n只输出改写后的正文。")
    # echoed twice (the first answer and the answer to the follow-up)
    r = rewrite_section(parse_draft(ZH), "s2", "改得更正式", NOTES, model=_fake(echo, echo), language="zh")
    assert r.new_section == "## 二、存在的问题\n\n招商引资难度加大，专业人才十分缺乏，但我单位会做好人才引进。\n\n"
    assert r.actions[0] == "模型未改动，已按规则改写"


@pytest.mark.parametrize(
    ("draft", "sid", "instruction", "lang", "second", "asks"),
    [
        (ZH, "s2", "把第二部分改写得更简洁", "zh", "招商引资难，人才缺乏，人才引进待加强。", ["一字不差", "不超过"]),
        ("# Report\n\n## 1. Review\n\nSales grew by 8% this year.\n\n## 2. Problems\n\n"
         "Recruiting investment is getting harder and we are very short of skilled staff in every department.\n",
         "s2", "make section 2 more concise", "en", "Investment and skilled staff are hard to find.",
         ["word for word", "at most"]),
    ],
)
def test_an_echoed_section_is_asked_for_once_more(draft: str, sid: str, instruction: str, lang: str,
                                                   second: str, asks: list[str]) -> None:
    """A small local model that gives the section back word for word is asked again (with a length
    for "more concise"); its second answer is used, not the rule-based fallback (local-model UI run)."""
    tree = parse_draft(draft)
    own = tree.section_body(sid).strip()
    _Recorder.seen = []
    model = _Recorder(messages=iter([AIMessage(content=own), AIMessage(content=second)]))
    events = list(iter_rewrite(tree, sid, instruction, NOTES, model=model, language=lang))
    assert any(isinstance(e, RewriteRepair) for e in events)
    r = events[-1].result
    assert r.tree.section_body(sid).strip() == second
    assert not any("规则" in a or "rule-based" in a for a in r.actions)
    follow_up = str(_Recorder.seen[-1][-1].content)
    assert all(a in follow_up for a in asks)
    assert str(_Recorder.seen[-1][-2].content) == own  # the echo is shown back to the model
    _assert_only_section_changed(draft, r.text, sid)


def test_quoted_heading_echo_is_dropped() -> None:
    out = "“（一）经济运行稳中有进”\n在县委县政府的领导下，全年完成固定资产投资1.2亿元，同比增长8%。"
    r = rewrite_section(parse_draft(ZH), "s1.1", "更简洁", NOTES, model=_fake(out), language="zh")
    assert r.tree.section_body("s1.1").strip() == "在县委县政府的领导下，全年完成固定资产投资1.2亿元，同比增长8%。"


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("【原小节】“（一）经济运行稳中有进”全年完成投资1.2亿元。[n1]", "全年完成投资1.2亿元。"),
        ("【原小节】 (一) “经济运行”： 正文 [n2] 继续", "正文继续"),
        ("【原小节】正文没有标题", "正文没有标题"),
        ("全年完成投资[n1]1.2亿元 [n2]。", "全年完成投资1.2亿元。"),
        ("【工作要点】[n1] 投资\n【原小节】“二、问题”\n人才缺乏 [n3]\n只输出改写后的正文。", "人才缺乏"),
        # an English echo keeps its label: only the Chinese 【…】 labels are block labels here
        ('【ORIGINAL SECTION】 "Review": Sales grew [n1] by 8%.', '【ORIGINAL SECTION】 "Review": Sales grewby 8%.'),
    ],
)
def test_strip_prompt_echo(raw: str, kept: str) -> None:
    from assistant.rewrite.engine import _strip_prompt_echo

    assert _strip_prompt_echo(raw) == kept


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("【原小节】" + " " * 100_000 + "正文", " " * 100_000 + "正文"),  # no quoted heading: the line stays
        ("【原小节】" + " " * 100_000 + "“标题”正文", "正文"),
        ("【原小节】" + "\n" * 100_000 + "正文", "\n" * 99_999 + "正文"),  # the label line itself goes
        ("正文" + " " * 100_000 + "[n1]。", "正文。"),
        ("1" * 100_000, "1" * 100_000),
    ],
)
def test_strip_prompt_echo_on_long_runs_finishes(raw: str, kept: str) -> None:
    """A 100,000-character run of blanks in a model answer is one pass, not one pass per blank."""
    from assistant.rewrite.engine import _ECHO_QUOTED_HEADING, _NOTE_ID, _strip_prompt_echo

    assert _strip_prompt_echo(raw) == kept
    for blanks in (" " * 100_000, "\n" * 100_000):
        assert _ECHO_QUOTED_HEADING.sub("", blanks + "x") == blanks + "x"  # no quoted heading
        assert _ECHO_QUOTED_HEADING.sub("", blanks + "(一)" + blanks + "“标题”：x") == "x"
        assert _NOTE_ID.sub("", blanks) == blanks


@pytest.mark.parametrize(
    ("instruction", "facts"),
    [
        ("add the frog farm project to the plan section", ["the frog farm project"]),
        ("include tourism in the summary", ["tourism"]),
        ("add rice yields into the part about farming", ["rice yields"]),
        ("add the bridge to the section", ["the bridge"]),
        ("add the 3 new roads in   the   plan too", ["the 3 new roads"]),
        ("add a note on the training into the paragraph", ["the training"]),
        ("add the market intonation", ["the market intonation"]),  # "into" inside a word is no tail
        ("mention the new school", ["the new school"]),
    ],
)
def test_added_facts_drop_the_english_section_tail(instruction: str, facts: list[str]) -> None:
    assert added_facts(instruction) == facts


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        (" " * 100_000, " " * 100_000),
        ("\n" * 100_000, "\n" * 100_000),
        ("x" + " " * 100_000 + "to the plan", "x"),
        ("1" * 100_000, "1" * 100_000),
    ],
)
def test_english_section_tail_on_long_runs_finishes(text: str, stripped: str) -> None:
    from assistant.rewrite.requests import _EN_WHAT_TAIL

    assert _EN_WHAT_TAIL.sub("", text) == stripped


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("把第二部分改写得更简洁", ("第二部分", "改写得更简洁")),
        ("请把 第二部分 改得正式一些", ("第二部分", "改得正式一些")),
        ("在三、工作安排 里 ，加上林蛙养殖园区的内容", ("三、工作安排", "加上林蛙养殖园区的内容")),
        ("第二部分 ， 更简洁一些", ("第二部分", "更简洁一些")),
        ("请 在 第二部分中补充新增就业320人", ("第二部分", "补充新增就业320人")),
        ("帮我在存在的问题里 加上人才引进", ("存在的问题", "加上人才引进")),
        # a 400-character message (the longest taken) full of blanks: answered at once, not in seconds
        ("把" + " " * 398 + "x", None),
        ("第二部分" + " " * 390 + "更简洁", ("第二部分", "更简洁")),
        ("请" + " " * 397 + "第二部分", None),
        ("把\u3000改", None),  # a reference of blanks only is none
    ],
)
def test_parse_rewrite_request_with_blanks(message: str, expected: tuple[str, str] | None) -> None:
    got = parse_rewrite_request(message)
    assert (None if got is None else (got.ref, got.instruction)) == expected
