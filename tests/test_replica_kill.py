"""Kill one app replica mid-draft (issue 13): the user's work is on the other replica.

Two real app replicas (``report-assistant ui`` processes) share one PostgreSQL cluster (a throw-away
one, ``tests/pg_server.py``) and one files folder; their model is a local OpenAI-protocol server in
this process (``tests/openai_server.py``) that echoes the session markers of its prompt and holds any
request for the third notes until released. Alice drafts twice on replica A (two versions), then
sends more notes; when the model has that draft's request in hand, replica A is killed with
SIGKILL. On replica B alice's session shows both committed versions, the store holds no trace of
the draft in flight (no half-written version, the head on the last committed one, the database's
own check clean), and a new draft on B works and numbers its version after the others.

Every wait is on an event (a ready line, the model receiving a request, a draft's result) with a
generous bound that only a hang reaches.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from openai_server import ScriptedOpenAIServer
from pg_server import PostgresServer

from assistant.store import SessionStore

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from office_local import Replica  # one source: the office stack starts its replicas the same way

pytestmark = pytest.mark.slow  # two app processes and a PostgreSQL cluster: about a minute

ROOT = Path(__file__).resolve().parent.parent
MARK_RE = re.compile(r"会话标记([A-Z]{6})")
WAIT = 300.0  # seconds; only a hang reaches it
USER, PASSWORD = "alice", "pw-alice-7361"


def notes(marker: str, n: int) -> str:
    return (f"第{n}批工作要点\n- 会话标记{marker}：全年完成项目{n + 10}个，投资{n}.5亿元，同比增长{n}.2%\n"
            f"- 新建高标准农田{n * 100}亩\n- 2026年计划新建养老服务站{n + 1}个\n")


class Model:
    """The replicas' model: echoes the markers of its prompt; a prompt naming ``hold`` waits for ``release``."""

    def __init__(self, hold: str) -> None:
        self.hold = hold
        self.held = threading.Event()  # the draft to be interrupted reached the model
        self.release = threading.Event()
        self.server = ScriptedOpenAIServer(self.reply, tokens_per_second=400)

    def reply(self, body: dict[str, Any]) -> str:
        prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        found = sorted(set(MARK_RE.findall(prompt)))
        if self.hold in found:
            self.held.set()
            self.release.wait(WAIT)
        return "、".join(f"会话标记{m}" for m in found) + "相关工作有序推进，成效明显。"


def _strings(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[str, Model, Replica, Replica]]:
    pg = PostgresServer().start()
    model = Model(hold="HOLDMM")
    model.server.start()
    replicas: list[Replica] = []
    try:
        url = pg.create_database()
        env = {k: v for k, v in os.environ.items() if not k.startswith("REPORT_ASSISTANT_")}
        env.update({
            "PYTHONPATH": str(ROOT), "GRADIO_ANALYTICS_ENABLED": "False", "OMP_NUM_THREADS": "1",
            "REPORT_ASSISTANT_DATABASE_URL": url, "REPORT_ASSISTANT_FILES_DIR": str(tmp_path / "shared-files"),
            "REPORT_ASSISTANT_AUTH": f"{USER}:{PASSWORD}", "REPORT_ASSISTANT_EMBEDDING": "hash",
            "REPORT_ASSISTANT_KNOWLEDGE_DIRS": "[]", "REPORT_ASSISTANT_PROVIDER": "openai",
            "REPORT_ASSISTANT_OPENAI_BASE_URL": model.server.base_url, "REPORT_ASSISTANT_OPENAI_API_KEY": "k",
            "REPORT_ASSISTANT_OPENAI_MODEL": "test-model",
        })
        replicas = [Replica(name, env, tmp_path) for name in ("replica-a", "replica-b")]
        for r in replicas:
            r.wait_ready()
        yield url, model, replicas[0], replicas[1]
    finally:
        model.release.set()
        for r in replicas:
            r.stop()
        model.server.stop()
        pg.stop()


def test_killing_a_replica_mid_draft_loses_only_the_draft_in_flight(
        office: tuple[str, Model, Replica, Replica]) -> None:
    from gradio_client import Client

    url, model, a, b = office
    # the deployment's proxy health check (docs/deploy/Caddyfile) must answer without a login
    health = re.search(r"health_uri (\S+)", (ROOT / "docs" / "deploy" / "Caddyfile").read_text(encoding="utf-8"))
    assert health is not None
    assert httpx.get(b.url.rstrip("/") + health.group(1), timeout=30).status_code == 200
    assert httpx.get(b.url.rstrip("/") + "/config", timeout=30).status_code == 401  # why not /config
    on_a = Client(a.url, auth=(USER, PASSWORD), verbose=False)
    on_a.predict({"session_id": "", "lang": "zh"}, api_name="/on_load")
    for n, marker in enumerate(("FIRSTM", "SECOND"), start=1):  # two drafts committed on A
        out = on_a.submit(notes(marker, n), api_name="/on_send").result(timeout=WAIT)
        assert f"会话标记{marker}" in _strings(out)
    with SessionStore(url) as store:
        (session,) = store.list_sessions(owner=USER)
        before = store.list_versions(session.session_id)
    assert [(v.seq, v.cause) for v in before] == [(1, "first_draft"), (2, "added_notes")]

    in_flight = on_a.submit(notes("HOLDMM", 3), api_name="/on_send")  # the third draft: held by the model
    assert model.held.wait(WAIT), "the third draft never reached the model"
    a.proc.kill()  # SIGKILL mid-draft
    assert a.proc.wait(timeout=60) == -signal.SIGKILL
    model.release.set()
    with contextlib.suppress(Exception):  # its replica is gone: the page's stream ends with an error
        in_flight.result(timeout=60)

    # the store: both committed versions, nothing of the draft in flight, consistent
    with SessionStore(url) as store:
        assert store.integrity_check() == "ok"
        after = store.list_versions(session.session_id)
        assert [(v.version_id, v.seq, v.text) for v in after] == [(v.version_id, v.seq, v.text) for v in before]
        head = store.head(session.session_id)
        assert head is not None and head.version_id == before[-1].version_id
        assert set(MARK_RE.findall(head.text)) == {"FIRSTM", "SECOND"}
        for v in after:  # each version whole: text, section tree and its check, written together
            assert v.text and v.tree is not None and store.load_check(v.version_id) is not None
        assert "HOLDMM" not in json.dumps([v.text for v in after], ensure_ascii=False)

    # replica B: alice's session with every committed version, and a new draft there works
    on_b = Client(b.url, auth=(USER, PASSWORD), verbose=False)
    page = _strings(on_b.predict({"session_id": session.session_id, "lang": "zh"}, api_name="/on_load"))
    assert "会话标记FIRSTM" in page and "会话标记SECOND" in page
    out = on_b.submit(notes("FOURTH", 4), api_name="/on_send").result(timeout=WAIT)
    assert "会话标记FOURTH" in _strings(out)
    with SessionStore(url) as store:
        versions = store.list_versions(session.session_id)
        assert [v.seq for v in versions] == [1, 2, 3]
        head = store.head(session.session_id)
        assert head is not None and head.version_id == versions[-1].version_id
        assert {"FIRSTM", "SECOND", "FOURTH"} <= set(MARK_RE.findall(head.text))
        assert [s.session_id for s in store.list_sessions(owner=USER)] == [session.session_id]
    on_a.close()
    on_b.close()
