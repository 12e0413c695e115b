"""Issue 15: "another user's page stays responsive throughout". User A pastes 2,000 note lines of
``benchmarks/notes_scaling.py`` into the real page (the app in its own process, authentication on, the
offline provider, Gradio's queue as launched by ``launch_app``); while A's draft is being made, user B
loads the page (the session list) and drafts three note lines. B's requests must finish while A's is
still running: nothing in the queue's or the jobs' limits makes B wait behind A. Event-based: the test
waits for A's job to be running, then for B's answers, then for A's; no timing threshold.

A's size only has to make the two users' requests overlap, and the overlap is asserted (A is still
running when each of B's answers arrives), so a size at which they did not overlap would fail, never
pass vacuously. 2,000 lines keep A running about four times as long as B's page load and draft take
(at load ~4: A 10 s, B 2 s; both run in the same app process, so machine load slows both alike); the
issue's 10,000 lines took 87 s for the same proof, 3,000 lines 17-23 s (docs/BENCHMARKS.md, "Test
suite time")."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from browser_support import stop_soon

ROOT = Path(__file__).resolve().parent.parent

SERVE = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from assistant.settings import Settings
    from ui.app import build_app, launch_app
    from ui.context import AppContext
    port, data = int(sys.argv[1]), Path(sys.argv[2])
    settings = Settings(_env_file=None, data_dir=data, embedding="hash", provider="offline")
    ctx = AppContext(settings=settings, retriever_factory=lambda c: None)
    demo = build_app(settings, services=ctx)
    launch_app(demo, settings, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True,
               auth=[("ann", "pw-ann"), ("bob", "pw-bob")])
    print(f"ready http://127.0.0.1:{port}/", flush=True)
    try:
        sys.stdin.read()
    finally:
        demo.close()
        ctx.close()
    """
)

A_LINES = 2_000  # long enough to overlap B's requests (asserted below), not a scaling run
SHORT_NOTES = "2025年工作要点\n- 新建高标准农田300亩\n- 2026年计划新建养老服务站4个\n"


def _strings(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "\n".join(_strings(v) for v in value.values())
    if isinstance(value, list | tuple):
        return "\n".join(_strings(v) for v in value)
    return ""


@pytest.mark.timeout(1800)  # generous: a loaded machine is slower, it does not fail
def test_user_b_is_served_while_user_a_drafts_two_thousand_lines(tmp_path: Path) -> None:
    import httpx
    from gradio_client import Client
    from gradio_client.utils import Status

    from assistant.llm.local_llm import free_port
    from assistant.store import SessionStore

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from notes_scaling import make_notes
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    big = make_notes(A_LINES)
    assert len(big) < 200_000  # under the paste cap: a draft, not a refusal
    a_figures = big.count("亿元")

    data = tmp_path / "data"
    proc = subprocess.Popen([sys.executable, "-c", SERVE, str(free_port()), str(data)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, cwd=str(ROOT))
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("ready "), line
        url = line.split()[1]
        patient = {"timeout": httpx.Timeout(None)}
        ann = Client(url, verbose=False, httpx_kwargs=patient, auth=("ann", "pw-ann"))
        bob = Client(url, verbose=False, httpx_kwargs=patient, auth=("bob", "pw-bob"))
        ann.predict({"session_id": "", "lang": "zh"}, api_name="/on_load")
        job_a = ann.submit(big, api_name="/on_send")
        while job_a.status().code not in (Status.PROCESSING, Status.ITERATING, Status.FINISHED):
            time.sleep(0.05)  # until A's job is taken off the queue and runs
        assert not job_a.done(), "A's draft finished before B could even start: the case did not happen"
        page_b = bob.predict({"session_id": "", "lang": "zh"}, api_name="/on_load")
        a_done_after_load = job_a.done()
        out_b = bob.submit(SHORT_NOTES, api_name="/on_send").result(timeout=None)
        a_done_after_draft = job_a.done()
        out_a = job_a.result(timeout=None)
        assert not a_done_after_load, f"B's page load waited for A's {A_LINES}-line draft"
        assert not a_done_after_draft, f"B's short draft waited for A's {A_LINES}-line draft"
        assert "300亩" in _strings(out_b) and page_b is not None
        assert "亩" in _strings(out_a) or "亿元" in _strings(out_a)
        ann.close()
        bob.close()
    finally:
        # SIGTERM now, the exit awaited at the end of the session (browser_support.reap): both drafts
        # were stored before their answers came, and Gradio's shutdown takes seconds nobody needs here
        stop_soon(proc)
    with SessionStore(data / "sessions.sqlite3") as store:
        heads = [(s.owner, store.head(s.session_id)) for s in store.list_sessions()]
    texts = {owner: [h.text for o, h in heads if o == owner and h is not None] for owner in ("ann", "bob")}
    assert any("300亩" in t for t in texts["bob"])
    stored = max((t.count("亿元") for t in texts["ann"]), default=0)
    assert stored >= a_figures * 9 // 10, (stored, a_figures)  # A's draft was stored whole
