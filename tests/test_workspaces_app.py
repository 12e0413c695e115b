"""Two users on one real server (``report-assistant ui`` with REPORT_ASSISTANT_AUTH), through the HTTP
API without the page (gradio_client): bob can never see, open, pin, delete or retrieve alice's
sessions or examples, whatever ids he names; a team library is visible to its members only. Every
response bob gets is scanned for alice's markers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from browser_support import stop_soon
from support import free_port

ROOT = Path(__file__).resolve().parent.parent
PASSWORDS = {"alice": "alice-pw-1", "bob": "bob-pw-22", "carol": "carol-pw-333"}
ALICE_MARK = "红杉计划"
TEAM_MARK = "银杏行动"
ALICE_EXAMPLE = f"""AA镇2024年工作总结（内部资料，请勿外传）

一、{ALICE_MARK}
{ALICE_MARK}完成投资3.7亿元，新建冷链仓库8座，覆盖农户1200户。

二、2025年工作安排
{ALICE_MARK}二期力争投资5亿元。
"""
TEAM_EXAMPLE = f"""规划组2024年工作总结

一、{TEAM_MARK}
{TEAM_MARK}完成造林1.6万亩，建设苗圃3处。
"""
ALICE_NOTES = f"2025年工作要点\n- {ALICE_MARK}完成投资3.7亿元，同比增长12%\n- 新建冷链仓库8座\n"
BOB_NOTES = "2025年工作要点\n- 红杉 冷链仓库 投资 新建道路42公里\n- 改造农田3万亩\n"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("two-users")
    data = tmp / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORT_ASSISTANT_")}
    env.update({
        "REPORT_ASSISTANT_DATA_DIR": str(data),
        "REPORT_ASSISTANT_EMBEDDING": "hash",
        "REPORT_ASSISTANT_PROVIDER": "offline",
        "REPORT_ASSISTANT_AUTH": ",".join(f"{u}:{p}" for u, p in PASSWORDS.items()),
        "REPORT_ASSISTANT_TEAMS": "planning:alice,carol",
        "GRADIO_ANALYTICS_ENABLED": "False",
    })
    env.pop("GRADIO_TEMP_DIR", None)
    port = free_port()
    log = (tmp / "ui.log").open("wb")
    proc = subprocess.Popen([str(Path(sys.executable).with_name("report-assistant")), "ui", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, (tmp / "ui.log").read_text(errors="replace")[-2000:]
            try:
                httpx.get(base + "/", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the ui did not come up"
                time.sleep(0.3)
        yield base + "/"
    finally:
        stop_soon(proc)  # SIGTERM now, the exit awaited at the end of the session (Gradio's shutdown is slow)
        log.close()


def _client(url: str, user: str) -> Any:
    from gradio_client import Client

    return Client(url, auth=(user, PASSWORDS[user]), verbose=False)


def _call(client: Any, api: str, *args: Any) -> str:
    """The endpoint's whole answer as text (an error answer too: its message is scanned the same)."""
    try:
        return repr(client.predict(*args, api_name=api))
    except Exception as exc:
        return f"refused: {exc!r}"


def _library_ids(client: Any) -> str:
    return _call(client, "/on_show")


def test_bob_never_reaches_alices_sessions_or_examples(app: str, tmp_path: Path) -> None:
    from gradio_client import handle_file

    alice, bob, carol = _client(app, "alice"), _client(app, "bob"), _client(app, "carol")
    try:
        # alice: a session with her notes, and a private example
        loaded = alice.predict({"session_id": "", "lang": "zh"}, api_name="/on_load")
        sid_alice = next(v["session_id"] for v in loaded if isinstance(v, dict) and "session_id" in v)
        drafted = _call(alice, "/on_send", ALICE_NOTES)
        assert ALICE_MARK in drafted
        example = tmp_path / "alice.txt"
        example.write_text(ALICE_EXAMPLE, encoding="utf-8")
        uploaded = _call(alice, "/on_upload", [handle_file(str(example))], "")
        assert "AA镇2024年工作总结" in uploaded
        alice_ids = [w for w in uploaded.replace("'", " ").replace('"', " ").split() if w.startswith("user/alice/")]
        assert alice_ids, uploaded
        alice_report = alice_ids[0]
        team_file = tmp_path / "规划组.txt"
        team_file.write_text(TEAM_EXAMPLE, encoding="utf-8")
        assert "规划组2024年工作总结" in _call(alice, "/on_upload", [handle_file(str(team_file))], "planning")

        answers: list[str] = []
        # bob names alice's session id in his browser state, the session picker and delete
        answers.append(_call(bob, "/on_load", {"session_id": sid_alice, "lang": "zh"}))
        assert sid_alice not in answers[-1]  # a new session of his own, not hers
        answers.append(_call(bob, "/run_with_value_2", sid_alice))  # open
        answers.append(_call(bob, "/run_with_value_4", sid_alice))  # delete
        # bob names alice's example in the library and as his house style
        answers.append(_library_ids(bob))
        answers.append(_call(bob, "/on_open", alice_report))
        answers.append(_call(bob, "/on_delete", alice_report))
        answers.append(_call(bob, "/on_house", alice_report))
        # bob drafts from notes sharing her words: her example must not be retrieved
        answers.append(_call(bob, "/on_send", BOB_NOTES))
        assert "42公里" in answers[-1]  # bob's own draft was written (from his notes only)
        answers.append(_call(bob, "/on_show"))
        # bob uploads into the planning library he is not a member of: refused, nothing added there
        answers.append(_call(bob, "/on_upload", [handle_file(str(team_file))], "planning"))
        assert "not a member" in answers[-1]
        for answer in answers:
            assert "AA镇2024年工作总结" not in answer and "内部资料" not in answer
            assert "冷链仓库8座" not in answer and "3.7亿元" not in answer
            assert TEAM_MARK not in answer  # bob is not in the planning team
        # alice still has everything
        assert alice_report in _library_ids(alice)
        reopened = _call(alice, "/run_with_value_2", sid_alice)
        assert ALICE_MARK in reopened
        # the team library: carol (a member) reads it; bob does not
        assert TEAM_MARK in _call(carol, "/on_show") or "规划组" in _call(carol, "/on_show")
        assert "规划组" not in _library_ids(bob)
        assert "我的 0 篇" in _library_ids(bob)  # the library's counts are his own too
        assert "AA镇2024年工作总结" not in _library_ids(carol)  # alice's private example stays private
    finally:
        for c in (alice, bob, carol):
            c.close()
