"""First-run status board: progress of background tasks and what already works."""

from __future__ import annotations

import threading

import pytest

from assistant.status import (
    DENSE_TASK,
    MODEL_TASK,
    StatusBoard,
    describe_task,
    render_status,
    status_report,
)


def test_fresh_board_says_offline_drafting_works() -> None:
    board = StatusBoard()
    report = status_report(board)
    assert report.tasks == ()
    assert "offline_drafting" in report.available
    assert not report.busy
    assert "离线起草" in render_status(report, "zh")
    assert "Offline drafting" in render_status(report, "en")


def test_dense_build_progress_and_pending_capability() -> None:
    board = StatusBoard()
    board.enable("lexical_search")
    progress = board.callback(DENSE_TASK)
    progress(40, 160)
    report = board.snapshot()
    assert report.busy
    assert report.pending == ("dense_search",)
    zh = render_status(report, "zh")
    en = render_status(report, "en")
    assert "40/160 个片段（25%）" in zh and "关键词检索" in zh and "语义检索" in zh
    assert "40/160 chunks (25%)" in en and "Lexical search" in en
    board.finish(DENSE_TASK)
    board.enable("dense_search")
    report = board.snapshot()
    assert not report.busy and report.pending == ()
    assert "dense_search" in report.available
    assert "40/160" not in render_status(report, "en")  # finished tasks are not listed


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh", "本地模型组装：37%，进行中"), ("en", "Assembling the local model: 37%, in progress")],
)
def test_model_assembly_shown_as_percentage(lang: str, expected: str) -> None:
    board = StatusBoard()
    board.start(MODEL_TASK, total=100)
    board.update(MODEL_TASK, 37)
    task = board.task(MODEL_TASK)
    assert task is not None and task.fraction == pytest.approx(0.37)
    assert describe_task(task, lang) == expected  # type: ignore[arg-type]


def test_failed_task_keeps_its_message() -> None:
    board = StatusBoard()
    board.start(MODEL_TASK)
    board.fail(MODEL_TASK, "sha256 mismatch")
    text = render_status(board.snapshot(), "en")
    assert "failed" in text and "sha256 mismatch" in text


def test_concurrent_updates_are_consistent() -> None:
    board = StatusBoard()
    board.start(DENSE_TASK, total=4000)

    def work(offset: int) -> None:
        for i in range(1000):
            board.update(DENSE_TASK, offset + i)

    threads = [threading.Thread(target=work, args=(k * 1000,)) for k in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    task = board.task(DENSE_TASK)
    assert task is not None and task.total == 4000 and task.state == "running"
    assert 0 <= task.done < 4000
