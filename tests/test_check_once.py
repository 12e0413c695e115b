"""Issue 15, "check once": the page's offline draft is checked once, whole (``check_and_mark``), not once
per section and again whole. The stored draft text and its check JSON must be exactly what the old path
(per-section checks that mark, then the whole-draft check: ``SessionWorkflow.check_once = False``, still the
CLI's path) stores; "before" is computed in the test by running that old path on the same notes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from assistant import check as checker
from assistant.drafting.repair import check_and_mark
from assistant.services.container import Services
from assistant.services.session import Drafted, SessionWorkflow
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
NOTES_FILES = sorted([*(ROOT / "benchmarks/data/notes_styles").glob("*.txt"),
                      *(ROOT / "tests/data/eval_notes").glob("*.txt")])


@pytest.fixture
def services(tmp_path: Path) -> Any:
    settings = Settings(_env_file=None, data_dir=tmp_path, embedding="hash", provider="offline")  # type: ignore[call-arg]
    svc = Services(settings=settings, retriever_factory=lambda s: None)
    yield svc
    svc.close()


def _draft(services: Services, text: str, *, once: bool) -> tuple[str, Any, Drafted]:
    sid = services.store.create_session("once" if once else "old").session_id
    flow = SessionWorkflow(services, sid)
    flow.check_once = once
    last = None
    for event in flow.draft(text, cause="first_draft"):
        last = event
    assert isinstance(last, Drafted) and last.version is not None
    head = services.store.head(sid)
    assert head is not None
    return head.text, services.store.load_check(head.version_id), last


def test_the_corpus_has_notes_files() -> None:
    assert len(NOTES_FILES) >= 20


@pytest.mark.parametrize("path", NOTES_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_checking_once_stores_the_same_text_and_check_as_the_old_path(services: Services, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    old_text, old_check, _ = _draft(services, text, once=False)
    new_text, new_check, drafted = _draft(services, text, once=True)
    assert new_text == old_text
    assert new_check == old_check
    assert drafted.markdown == new_text and drafted.check == new_check
    assert new_check["summary"].get("verified", 0) > 0  # a real check, not an empty one


def _benchmark_notes(n: int) -> str:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from notes_scaling import make_notes
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return str(make_notes(n))


def test_dense_notes_store_the_same_text_and_check_and_every_flag_outside_the_table_is_marked(
        services: Services) -> None:
    # the benchmark's dense notes (thousands of figures sharing values): the whole-draft check flags a
    # figure of the key indicators table (built from the notes; never marked, its flag stays in the check)
    notes = _benchmark_notes(1000)
    old_text, old_check, _ = _draft(services, notes, once=False)
    text, check, _ = _draft(services, notes, once=True)
    assert (text, check) == (old_text, old_check)
    result = checker.check_draft(notes, text)
    assert result.to_json() == check
    marks = checker.find_markers(text)
    for fc in checker.blocking_figures(result):
        line = text[text.rfind("\n", 0, fc.figure.start) + 1:]
        assert line.startswith("|") or any(a <= fc.figure.start and fc.figure.end <= b for a, b, _ in marks)


NOTES = "2024年工作总结笔记\n- 全年实现地区生产总值120亿元，同比增长6.5%\n- 新建学校3所\n"


@pytest.mark.parametrize(("draft", "marked"), [
    ("全年实现地区生产总值120亿元，同比增长6.5%。新建学校3所。", 0),
    ("全年实现地区生产总值150亿元，同比增长6.5%。新建学校3所。", 1),
    ("全年实现地区生产总值150亿元，同比增长9.9%。新建学校3所。", 2),
])
def test_check_and_mark_marks_what_it_flags_and_returns_the_check_of_the_marked_text(draft: str, marked: int) -> None:
    text, result = check_and_mark(NOTES, draft, language="zh")
    assert len(checker.find_markers(text)) == marked
    assert result.draft_text == text
    assert result.to_json() == checker.check_draft(NOTES, text).to_json()
    if marked == 0:
        assert text == draft


def test_check_and_mark_leaves_table_rows_unmarked_when_asked() -> None:
    draft = "全年实现地区生产总值150亿元。\n\n| 指标 | 数值 |\n|---|---|\n| 地区生产总值 | 150亿元 |\n"
    text, result = check_and_mark(NOTES, draft, language="zh", tables=False)
    assert len(checker.find_markers(text)) == 1 and text.endswith("| 地区生产总值 | 150亿元 |\n")
    # both stay flagged in the check (a marked figure keeps its status); only the prose one is marked
    assert [fc.figure.text for fc in checker.blocking_figures(result)] == ["150亿元", "150亿元"]
    text, _ = check_and_mark(NOTES, draft, language="zh")
    assert len(checker.find_markers(text)) == 2


def test_check_and_mark_keeps_what_the_caller_protects() -> None:
    draft = "全年实现地区生产总值150亿元。"
    text, result = check_and_mark(NOTES, draft, language="zh", keep=lambda t: draft)
    assert text == draft  # a locked sentence is put back byte-identical, unmarked
    assert checker.blocking_figures(result)  # and the stored check still says what is wrong with it
