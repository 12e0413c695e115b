"""CPU-time and wall-time budgets and the bounded worker pool (assistant/services/workpool.py), and the
CPU budget of a draft job (assistant/services/jobs.py). Event-based: no assertion on how fast anything
runs; budgets are tiny against work that would take far longer."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from assistant.services.jobs import JobRegistry, JobServices, track
from assistant.services.session import SessionWorkflow
from assistant.services.workpool import (
    BudgetExceeded,
    BudgetWatch,
    Busy,
    WorkerPool,
    pool,
    thread_cpu_seconds,
)

WAIT_S = 60.0


def _burn(stop: threading.Event | None = None) -> int:
    """Pure-Python CPU work that never ends by itself (unless ``stop`` is set)."""
    n = 0
    while stop is None or not stop.is_set():
        n = (n * 31 + 7) % 1_000_003
    return n


def _notes(lines: int) -> str:
    return "红星镇2025年工作总结笔记\n" + "".join(
        f"- 第{k}村固定资产投资{k % 900 + 10}亿元，同比增长{k % 20 + 1}%\n" for k in range(lines))


# ------------------------------------------------------------------------------------------ budgets


def test_a_cpu_burning_job_is_stopped_by_the_cpu_budget_and_its_transaction_rolls_back(tmp_path: Path) -> None:
    db = tmp_path / "half.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (x INTEGER)")

    def job() -> None:
        conn = sqlite3.connect(db)
        try:
            with conn:  # one transaction: rows written, then the work burns CPU before it commits
                conn.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(100)])
                _burn()
        finally:
            conn.close()

    workers = WorkerPool(1, 2, cpu_s=0.3)
    with pytest.raises(BudgetExceeded) as stopped:
        workers.run(job, user="ann")
    assert stopped.value.kind == "cpu"
    assert "CPU" in stopped.value.message("zh") and "CPU-time budget" in stopped.value.message("en")
    assert "nothing half-done was saved" in stopped.value.message("en")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM t").fetchone() == (0,)  # nothing stored half
    assert workers.run(lambda: 42, user="ann") == 42  # the worker is free again


def test_waiting_uses_no_cpu_budget_but_the_wall_budget_stops_it() -> None:
    watch = BudgetWatch()
    with watch.watching(cpu_s=0.2) as entry:
        time.sleep(0.5)  # sleeping: no CPU time of this thread
    assert entry.cpu_used < 0.2
    with pytest.raises(BudgetExceeded) as late, watch.watching(wall_s=0.2):
        while True:
            time.sleep(0.01)
    assert late.value.kind == "wall" and "time budget" in late.value.message("en")


def test_the_cpu_clock_is_the_threads_own() -> None:
    stop = threading.Event()
    busy = threading.Thread(target=_burn, args=(stop,), daemon=True)
    busy.start()
    try:
        mine = thread_cpu_seconds()
        time.sleep(0.3)
        assert thread_cpu_seconds() - mine < 0.1  # another thread's work is not counted here
        assert busy.ident is not None and thread_cpu_seconds(busy.ident) > 0
    finally:
        stop.set()
        busy.join(WAIT_S)


def test_a_draft_job_past_its_cpu_budget_stops_with_a_message_and_stores_no_version(settings: Any) -> None:
    from ui import session_handlers
    from ui.context import AppContext

    ctx = AppContext(settings=settings, retriever_factory=lambda c: None)
    try:
        sid = str(session_handlers.load_page(ctx, None, "zh").session_id)
        jobs = JobRegistry(cpu_budget_s=0.05)  # far less than drafting 2,000 lines takes
        job = jobs.start(sid, user="ann")
        work = SessionWorkflow(JobServices(ctx, job), sid)  # type: ignore[arg-type]
        with pytest.raises(BudgetExceeded) as stopped:
            for _event in track(work.draft(_notes(2000), cause="first_draft"), job):
                pass
        jobs.finish(job)
        assert stopped.value.kind == "cpu" and "CPU" in stopped.value.message("zh")
        assert job.cpu_used >= 0.05
        assert ctx.store.head(sid) is None  # no version, no half draft
        assert ctx.store.load_session(sid).head is None
        # the session is usable: a draft within the budget is stored
        roomy = JobRegistry(cpu_budget_s=600.0)
        job2 = roomy.start(sid, user="ann")
        events = list(track(SessionWorkflow(JobServices(ctx, job2), sid).draft(_notes(5), cause="first_draft"),
                            job2))
        roomy.finish(job2)
        assert events and ctx.store.head(sid) is not None
    finally:
        ctx.close()


# ------------------------------------------------------------------------------------------ the pool


def test_with_one_worker_user_b_waits_only_for_the_running_job_never_behind_user_as_queue() -> None:
    workers = WorkerPool(1, 4)
    release = threading.Event()
    order: list[str] = []

    def step(name: str, gate: threading.Event | None = None) -> str:
        order.append(name)
        if gate is not None:
            assert gate.wait(WAIT_S)
        return name

    a1 = workers.submit(lambda: step("a1", release), user="ann")
    assert a1.started.wait(WAIT_S)
    a2 = workers.submit(lambda: step("a2"), user="ann")
    a3 = workers.submit(lambda: step("a3"), user="ann")
    b1 = workers.submit(lambda: step("b1"), user="bob")
    assert not b1.started.is_set()  # the one worker runs ann's first job
    release.set()
    assert b1.result(WAIT_S) == "b1" and a3.result(WAIT_S) == "a3" and a2.result(WAIT_S) == "a2"
    # round-robin by user: bob's job runs after ann's running one and at most one more of hers,
    # never behind her whole backlog
    assert order == ["a1", "a2", "b1", "a3"]


def test_a_full_queue_is_refused_with_a_clear_busy_message() -> None:
    workers = WorkerPool(1, 1)
    release = threading.Event()
    running = workers.submit(lambda: release.wait(WAIT_S), user="ann")
    assert running.started.wait(WAIT_S)
    waiting = workers.submit(lambda: "queued", user="bob")
    with pytest.raises(Busy) as busy:
        workers.submit(lambda: "refused", user="cat")
    assert "繁忙" in busy.value.message("zh") and "try again" in busy.value.message("en")
    release.set()
    assert waiting.result(WAIT_S) == "queued" and running.result(WAIT_S) is True
    assert workers.run(lambda: "later", user="cat") == "later"  # room again once the queue drained


def test_errors_of_a_job_reach_its_caller_and_the_pool_comes_from_settings(settings: Any) -> None:
    workers = WorkerPool(1, 1)

    def fail() -> None:
        raise ValueError("bad upload")

    with pytest.raises(ValueError, match="bad upload"):
        workers.run(fail)
    from ui.context import AppContext

    ctx = AppContext(settings=settings.model_copy(update={"worker_pool_size": 3, "worker_queue_length": 5,
                                                          "job_cpu_seconds": 7.0}),
                     retriever_factory=lambda c: None)
    try:
        made = pool(ctx)
        assert made is pool(ctx) and (made.size, made.queue_length, made.cpu_s) == (3, 5, 7.0)
    finally:
        ctx.close()
