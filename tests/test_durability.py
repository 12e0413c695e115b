"""Durability: a real ``kill -9`` of the app process while it drafts, while it rewrites a section and
while it indexes; after restart the sessions, their completed versions and the index are intact.

Each child process runs the real code (UI handlers over the SessionStore, KnowledgeIndex.update) and
prints what it has completed; the parent kills it with SIGKILL in the middle of the next step and
reopens everything. The model is a streaming test server that never finishes the stream in flight
(tests/fault_server.py ``endless``), so the kill always lands mid-stream.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

from fault_server import Fault, FaultServer

from assistant.store import SessionStore

ROOT = Path(__file__).resolve().parent.parent
NOTES = "红星镇2025年工作要点\n- 全镇地区生产总值完成12.5亿元，同比增长6.8%\n- 新建高标准农田3000亩\n- 问题：村集体经济薄弱\n- 2026年计划新建养老服务站5个\n"

CHILD_APP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from langchain_openai import ChatOpenAI
    from assistant.llm.providers import ProviderHandle
    from assistant.settings import Settings
    from assistant.store import SessionStore
    from ui import handlers, session_handlers
    from ui.context import AppContext

    data_dir, fast_url, stuck_url, mode, notes = sys.argv[1:6]
    settings = Settings(_env_file=None, data_dir=Path(data_dir), embedding="hash", provider="openai",
                        openai_base_url=fast_url, knowledge_dirs=[])
    store = SessionStore(settings.sessions_db)

    def ctx_for(url):
        model = ChatOpenAI(base_url=url, api_key="k", model="test-model", max_retries=0, timeout=600)
        return AppContext(settings=settings, store=store, retriever_factory=lambda c: None,
                          provider_factory=lambda s, k: ProviderHandle("openai", model, None, "m", url))

    fast, stuck = ctx_for(fast_url), ctx_for(stuck_url)
    done = session_handlers.load_page(fast, None, "zh").session_id
    list(handlers.send_message(fast, done, "zh", notes))
    head = store.head(done)
    print("completed", done, head.version_id, flush=True)
    if mode == "draft":
        target = session_handlers.load_page(stuck, None, "zh").session_id
        stream = handlers.send_message(stuck, target, "zh", notes.replace("红星镇", "绿水乡"))
    else:  # rewrite a section of the completed draft
        target = done
        stream = handlers.send_message(stuck, target, "zh", "把第二部分改写得更简洁")
    for view in stream:
        if view.streaming and view.draft_markdown.strip():
            print("streaming", target, flush=True)
    print("finished", flush=True)  # never reached: the stream does not end
    """
)


def _run_and_kill(args: list[str], until: str, timeout: float = 120) -> tuple[dict[str, list[str]], int]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), GRADIO_ANALYTICS_ENABLED="False")
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    seen: dict[str, list[str]] = {}
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            parts = line.split()
            seen.setdefault(parts[0], parts[1:])
            if parts[0] == until:
                time.sleep(0.3)  # let it stream (and write) a little more
                break
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=20)
    return seen, proc.returncode


def _kill_app_mid_stream(data_dir: Path, mode: str) -> tuple[dict[str, list[str]], int]:
    """Run CHILD_APP in ``mode`` ("draft" or "rewrite"): one draft completes on a fast model, then the
    next step streams from a model that never finishes and the child is killed (SIGKILL) mid-stream."""
    fast = FaultServer(["各项工作有序推进，成效明显。"]).start()
    stuck = FaultServer(["正在写作中"], faults=[Fault("endless")] * 20).start()
    try:
        return _run_and_kill([sys.executable, "-c", CHILD_APP, str(data_dir), fast.base_url, stuck.base_url,
                              mode, NOTES], until="streaming")
    finally:
        fast.stop()
        stuck.stop()


def _reopen_and_check(data_dir: Path, completed: list[str]) -> Any:
    sid, vid = completed[0], int(completed[1])
    with SessionStore(data_dir / "sessions.sqlite3") as store:
        assert store.integrity_check() == "ok"
        snap = store.load_session(sid)
        assert snap.head is not None and snap.head.version_id == vid  # the completed draft is the head
        assert "12.5亿元" in snap.head.text and snap.checks.get(vid) is not None
        assert [m.role for m in snap.messages][:2] == ["user", "assistant"]
        return store.list_sessions(), snap.head.text


def test_kill_9_while_drafting_keeps_sessions_and_completed_drafts(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    seen, code = _kill_app_mid_stream(data_dir, "draft")
    assert code == -signal.SIGKILL and "completed" in seen and "streaming" in seen and "finished" not in seen
    sessions, _ = _reopen_and_check(data_dir, seen["completed"])
    target = seen["streaming"][0]
    assert {s.session_id for s in sessions} >= {seen["completed"][0], target}
    with SessionStore(data_dir / "sessions.sqlite3") as store:
        notes = store.get_notes(target)
        assert notes is not None and "绿水乡" in notes.text  # the notes sent before the kill are kept
        assert store.head(target) is None  # only the draft in flight is lost
        store.add_version(target, "# 恢复\n\n## 一、总结\n\n正常。\n", cause="manual_edit")  # still writable


def test_kill_9_while_rewriting_keeps_every_completed_version(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    seen, code = _kill_app_mid_stream(data_dir, "rewrite")
    assert code == -signal.SIGKILL and "streaming" in seen and "finished" not in seen
    _, text = _reopen_and_check(data_dir, seen["completed"])
    with SessionStore(data_dir / "sessions.sqlite3") as store:
        versions = store.list_versions(seen["completed"][0])
        assert len(versions) == 1 and versions[0].text == text  # the half-done rewrite left no trace
        assert "正在写作中" not in text


CHILD_INDEX = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from assistant.embeddings import make_embeddings
    from assistant.index import KnowledgeIndex
    from assistant.settings import Settings

    data_dir, small, big = sys.argv[1:4]
    settings = Settings(_env_file=None, data_dir=Path(data_dir), embedding="hash", knowledge_dirs=[])
    index = KnowledgeIndex(settings, make_embeddings(settings))
    index.update([Path(small)], origin="user")
    index.build_dense()
    print("completed", len(index.reports()), flush=True)
    print("indexing", flush=True)
    index.update([Path(big)], origin="user", mirror=True)
    index.build_dense()
    print("finished", len(index.reports()), flush=True)
    """
)


def _reports(folder: Path, n: int, start: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        body = "\n\n".join(
            f"## {k}、第{k}项工作\n\n" + f"第{i}号乡镇全年完成地区生产总值{i}.{k}亿元，同比增长{k}.5%。" * 12
            for k in "一二三四五六"
        )
        (folder / f"report-{i:04d}.md").write_text(f"# 第{i}号乡镇2024年工作总结\n\n{body}\n", encoding="utf-8")


def test_kill_9_while_indexing_leaves_a_usable_index(tmp_path: Path) -> None:
    from assistant.embeddings import make_embeddings
    from assistant.index import KnowledgeIndex
    from assistant.retrieve import Retriever
    from assistant.settings import Settings

    small, big = tmp_path / "small", tmp_path / "big"
    _reports(small, 3)
    _reports(big, 3)
    _reports(big, 150, start=3)
    data_dir = tmp_path / "data"
    seen, code = _run_and_kill([sys.executable, "-c", CHILD_INDEX, str(data_dir), str(small), str(big)],
                               until="indexing")
    assert code == -signal.SIGKILL and seen.get("completed") == ["3"]
    settings = Settings(_env_file=None, data_dir=data_dir, embedding="hash", knowledge_dirs=[])  # type: ignore[call-arg]
    embeddings = make_embeddings(settings)
    index = KnowledgeIndex(settings, embeddings)
    try:
        count = len(index.reports())
        # killed mid-update (the update of 150 reports takes seconds): the old state, whole
        assert "finished" not in seen and count == 3
        hits = Retriever(index, embeddings, settings).search("第1号乡镇地区生产总值", 3, language="zh")
        assert hits and all(h.chunk.text for h in hits)
        index.update([big], origin="user", mirror=True)  # and it finishes the job after the restart
        assert len(index.reports()) == 153
        hits = Retriever(index, embeddings, settings).search("第120号乡镇地区生产总值", 3, language="zh")
        assert any("第120号" in h.chunk.text for h in hits)
    finally:
        index.close()
