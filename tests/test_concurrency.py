"""Concurrency: 20 browser sessions drafting at once through the real Gradio queue (no error, no
cross-session leak), and SQLite writes from threads and processes into one sessions database (no
update lost, version numbers unique)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from assistant.store import SessionStore

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.mark.timeout(1800)  # generous: a slow or loaded machine takes longer, it does not fail
def test_twenty_sessions_draft_at_once_through_the_gradio_queue_without_leaks(tmp_path: Path) -> None:
    from load import run_load  # benchmarks/load.py: the same run the load figures come from

    # timeout=None: every wait is for the event itself (no HTTP read timeout, no per-draft deadline), so
    # the result depends on correctness only; speed is benchmarks/load.py's figure
    result = run_load(20, tokens_per_second=400, timeout=None, data_dir=tmp_path / "data")
    assert result.errors == [] and result.leaks == []
    assert len(result.latencies) == 20 and result.model_requests >= 20 * 3


WRITER = textwrap.dedent(
    """
    import sys
    from assistant.store import SessionStore
    db, shared, own_title, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    with SessionStore(db) as store:
        own = store.create_session(own_title)
        for i in range(n):
            store.add_message(shared, "user", f"{own_title} message {i}")
            store.add_version(shared, f"# 草稿\\n\\n## 一、总结\\n\\n{own_title} 第{i}版。\\n", cause="manual_edit")
            store.set_notes(own.session_id, f"{own_title} notes {i}")
    """
)


@pytest.mark.timeout(1800)
def test_threads_and_processes_writing_one_store_lose_no_update(tmp_path: Path) -> None:
    db = tmp_path / "sessions.sqlite3"
    n = 15
    with SessionStore(db) as store:
        shared = store.create_session("shared").session_id
        own_ids: list[str] = []
        errors: list[BaseException] = []

        def thread_writer(k: int) -> None:
            try:
                own = store.create_session(f"thread-{k}")
                own_ids.append(own.session_id)
                for i in range(n):
                    store.add_message(shared, "user", f"thread-{k} message {i}")
                    store.add_version(shared, f"# 草稿\n\n## 一、总结\n\nthread-{k} 第{i}版。\n", cause="manual_edit")
                    store.set_notes(own.session_id, f"thread-{k} notes {i}")
            except BaseException as exc:
                errors.append(exc)

        procs = [
            subprocess.Popen([sys.executable, "-c", WRITER, str(db), shared, f"proc-{k}", str(n)], cwd=str(ROOT))
            for k in range(3)
        ]
        threads = [threading.Thread(target=thread_writer, args=(k,)) for k in range(6)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()  # no deadline: the test runner's timeout bounds a hang, machine speed never fails it
        codes = [p.wait() for p in procs]
        assert errors == [] and codes == [0, 0, 0]

    writers = 6 + 3
    with SessionStore(db) as store:  # reopened: everything is on disk
        messages = store.list_messages(shared)
        assert len(messages) == writers * n
        assert len({m.content for m in messages}) == writers * n
        versions = store.list_versions(shared)
        assert sorted(v.seq for v in versions) == list(range(1, writers * n + 1))  # unique, no gaps
        head = store.head(shared)
        assert head is not None and head.seq == writers * n
        sessions = {s.title: s.session_id for s in store.list_sessions()}
        for k in range(6):
            notes = store.list_notes(sessions[f"thread-{k}"])
            assert len(notes) == n and store.get_notes(sessions[f"thread-{k}"]).text == f"thread-{k} notes {n - 1}"
        for k in range(3):
            assert len(store.list_notes(sessions[f"proc-{k}"])) == n
        assert store.integrity_check() == "ok"
