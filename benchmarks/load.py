"""Load: N simultaneous browser sessions drafting through the real Gradio queue.

The app (``ui.app.build_app`` + ``launch_app``) runs in this process on a free loopback port, its model
is a streaming OpenAI-protocol test server (``tests/openai_server.py``) that echoes the session marker
it finds in its prompt, and N ``gradio_client.Client`` instances (one browser session each) send their
own notes, each with a unique marker, from N threads at once. Reported: errors, cross-session leaks
(a draft holding another session's marker), and the latency per draft (p50/p95/max).

    .venv/bin/python benchmarks/load.py --sessions 20 --rate 200

Workspaces and replicas (issue 13): ``--users`` turns authentication on with one user per session
(``user0`` … ``userN``; every response is scanned for the other users' markers, and every stored
session must belong to the user whose marker it holds); ``--replicas 2`` runs two app processes
sharing one sessions database and files folder, clients spread over them (sticky per user);
``--postgres`` puts that database on a throw-away PostgreSQL cluster (``tests/pg_server.py``)
instead of the SQLite file::

    .venv/bin/python benchmarks/load.py --sessions 16 --users --replicas 2 --postgres
    .venv/bin/python benchmarks/load.py --sessions 16 --users            # 1 process, SQLite

``--chroma`` turns retrieval on: a throw-away ``chroma run`` server (``tests/chroma_server.py``) is
filled once with the shipped knowledge/ (``report-assistant index``, hash embeddings, lexical and
dense) and every replica searches it for each draft (the lexical catalog from the server, its head
in PostgreSQL with ``--postgres``; several replicas with ``--chroma`` need ``--postgres``)::

    .venv/bin/python benchmarks/load.py --sessions 50 --users --replicas 2 --postgres --chroma

``tests/test_concurrency.py`` runs :func:`run_load` with 20 sessions and asserts no error and no leak.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import string
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("OMP_NUM_THREADS", "1")

MARKER_RE = re.compile(r"会话标记([A-Z]{8})")


def notes_for(marker: str, n: int) -> str:
    return (
        f"第{n + 1}组2025年工作要点\n"
        f"- 会话标记{marker}：本组全年完成地区生产总值{10 + n}.5亿元，同比增长{n % 9 + 1}.2%\n"
        f"- 新建高标准农田{100 * (n + 1)}亩\n"
        "- 问题：村集体经济薄弱\n"
        f"- 2026年计划新建养老服务站{n % 7 + 2}个\n"
    )


def echo_marker(body: dict[str, Any]) -> str:
    """The model: one sentence naming the marker of the notes in its own prompt (or none)."""
    prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
    found = sorted(set(MARKER_RE.findall(prompt)))
    return "、".join(f"会话标记{m}" for m in found) + "相关工作有序推进，成效明显。"


@dataclass
class LoadResult:
    sessions: int
    tokens_per_second: float
    wall_seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    p50: float = 0.0
    p95: float = 0.0
    max: float = 0.0
    model_requests: int = 0
    server_cpu_seconds: float = 0.0  # CPU time of the app process (page + handlers + test model server)
    replicas: int = 1
    users: bool = False
    database: str = "sqlite"
    index: str = "none"  # "chroma-server": retrieval on, against a chroma run server
    searches: int = 0  # example searches the replicas made (with --chroma)
    search_hits: int = 0
    page_latencies: list[float] = field(default_factory=list)  # the page's load call (/on_load)
    page_p50: float = 0.0
    page_p95: float = 0.0

    def summary(self) -> dict[str, Any]:
        data = asdict(self)
        data["latencies"] = [round(x, 3) for x in self.latencies]
        data["page_latencies"] = [round(x, 3) for x in self.page_latencies]
        return data


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def user_name(n: int) -> str:
    return f"user{n}"


def serve(port: int, data_dir: Path, tokens_per_second: float, model_timeout: float = 60.0, *,
          users: int = 0, database_url: str = "", replica: int = 0, chroma_url: str = "") -> None:
    """The app under load, in its own process: Gradio page + its streaming model server."""
    from openai_server import ScriptedOpenAIServer

    from assistant.llm.providers import ProviderHandle
    from assistant.llm.resilience import make_resilient_chat
    from assistant.settings import Settings
    from ui.app import build_app, launch_app
    from ui.context import AppContext

    # with a Chroma server each replica keeps its own caches (DATA_DIR) and searches the shared index
    replica_dir = data_dir / f"replica-{replica}" if chroma_url else data_dir
    settings = Settings(_env_file=None, data_dir=replica_dir, embedding="hash", provider="openai",  # type: ignore[call-arg]
                        openai_base_url="http://127.0.0.1:9/v1", database_url=database_url,
                        knowledge_dirs=[ROOT / "knowledge"] if chroma_url else [], chroma_url=chroma_url,
                        files_dir=data_dir if chroma_url else None)
    auth = [(user_name(n), f"pw-{user_name(n)}") for n in range(users)] or None
    server = ScriptedOpenAIServer(echo_marker, tokens_per_second=tokens_per_second).start()
    model = make_resilient_chat(base_url=server.base_url, api_key="load-test", model="test-model", temperature=0,
                                timeout=model_timeout, retries=1, max_tokens=200)
    searches = [0, 0]  # searches made, hits returned

    def counted_retriever(c: Any) -> Any:  # the page's own retriever, counting what it finds
        from assistant.retrieve import Retriever

        retriever = Retriever(c.index(), c._embeddings, c.settings)
        real = retriever.search

        def search(*args: Any, **kwargs: Any) -> Any:
            hits = real(*args, **kwargs)
            searches[0] += 1
            searches[1] += len(hits)
            return hits

        retriever.search = search  # type: ignore[method-assign]
        return retriever

    ctx = AppContext(settings=settings, retriever_factory=counted_retriever if chroma_url else (lambda c: None),
                     provider_factory=lambda s, k: ProviderHandle("openai", model, None, "test-model", server.base_url))
    demo = build_app(settings, services=ctx)
    launch_app(demo, settings, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True, auth=auth)
    print(f"ready http://127.0.0.1:{port}/", flush=True)
    try:
        sys.stdin.read()  # until the parent closes the pipe
    finally:
        (data_dir / f"model_requests-{replica}.txt").write_text(
            f"{len(server.chat_requests)} {time.process_time():.2f} {searches[0]} {searches[1]}")
        demo.close()
        ctx.close()
        server.stop()


def run_load(sessions: int = 20, *, tokens_per_second: float = 200.0, timeout: float | None = 240.0,
             data_dir: Path | None = None, users: bool = False, replicas: int = 1,
             database_url: str = "", chroma_url: str = "") -> LoadResult:
    """Start the app in a subprocess (its own interpreter, as in production), drive it from
    ``sessions`` client threads here, then read the sessions database it wrote.

    ``timeout`` bounds each draft (the benchmark's figure of merit); ``None`` waits for every event
    however slow the machine is — no HTTP read timeout, no deadline on a draft or on the start barrier
    (a correctness test: whatever bounds it is the test runner's own timeout)."""
    import subprocess

    import httpx
    from gradio_client import Client

    from assistant.llm.local_llm import free_port
    from assistant.store import SessionStore

    tmp = None
    if data_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="ra-load-")
        data_dir = Path(tmp.name)
    model_timeout = 60.0 if timeout is not None else 3600.0
    procs = []
    for replica in range(replicas):
        extra = ["--users", "--sessions", str(sessions)] if users else []
        if database_url:
            extra += ["--database-url", database_url]
        if chroma_url:
            extra += ["--chroma-url", chroma_url]
        procs.append(subprocess.Popen(
            [sys.executable, __file__, "--serve", str(free_port()), "--data-dir", str(data_dir), "--rate",
             str(tokens_per_second), "--model-timeout", str(model_timeout), "--replica", str(replica), *extra],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=str(ROOT),
        ))
    rng = random.Random(7)
    markers = ["".join(rng.choice(string.ascii_uppercase) for _ in range(8)) for _ in range(sessions)]
    result = LoadResult(sessions=sessions, tokens_per_second=tokens_per_second, wall_seconds=0.0, replicas=replicas,
                        users=users, database="postgres" if database_url else "sqlite",
                        index="chroma-server" if chroma_url else "none")
    lock = threading.Lock()
    barrier = threading.Barrier(sessions)
    try:
        urls = []
        for proc in procs:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            if not line.startswith("ready "):
                raise RuntimeError(f"the app did not start: {line!r}")
            urls.append(line.split()[1])

        def one(n: int) -> None:
            marker = markers[n]
            try:
                patient = {"timeout": httpx.Timeout(None)} if timeout is None else None
                auth = (user_name(n), f"pw-{user_name(n)}") if users else None
                client = Client(urls[n % len(urls)], verbose=False, httpx_kwargs=patient, auth=auth)
                barrier.wait(timeout=120 if timeout is not None else None)
                t0 = time.perf_counter()
                page = client.predict({"session_id": "", "lang": "zh"}, api_name="/on_load")
                page_s = time.perf_counter() - t0
                t0 = time.perf_counter()
                outputs = client.submit(notes_for(marker, n), api_name="/on_send").result(timeout=timeout)
                elapsed = time.perf_counter() - t0
                texts = "\n".join(_strings(outputs) + _strings(page))
                seen = set(MARKER_RE.findall(texts))
                with lock:
                    result.page_latencies.append(page_s)
                    result.latencies.append(elapsed)
                    if marker not in seen:
                        result.errors.append(f"session {n}: its own marker is missing from the page")
                    if seen - {marker}:
                        result.leaks.append(f"session {n} saw {sorted(seen - {marker})}")
                client.close()
            except Exception as exc:  # recorded, the run goes on
                with lock:
                    result.errors.append(f"session {n}: {type(exc).__name__}: {exc}"[:300])

        started = time.perf_counter()
        threads = [threading.Thread(target=one, args=(n,), name=f"load-{n}") for n in range(sessions)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(timeout + 150 if timeout is not None else None)
        result.wall_seconds = time.perf_counter() - started
    finally:
        for proc in procs:
            if proc.stdin is not None:
                proc.stdin.close()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    try:
        # the store: one draft per client, each holding only its own marker (and, with users, in the
        # workspace of the user that marker belongs to)
        owner_of_marker = {m: user_name(n) for n, m in enumerate(markers)}
        sqlite_file = (data_dir / "replica-0" if chroma_url else data_dir) / "sessions.sqlite3"
        with SessionStore(database_url or sqlite_file) as store:
            heads = [(s.owner, store.head(s.session_id)) for s in store.list_sessions()]
        found = [(owner, set(MARKER_RE.findall(h.text))) for owner, h in heads if h is not None]
        if len(found) != sessions:
            result.errors.append(f"{len(found)} stored drafts for {sessions} sessions")
        result.leaks += [f"a stored draft holds markers {sorted(f)}" for _, f in found if len(f) != 1]
        if users:
            result.leaks += [f"{owner}'s stored draft holds {sorted(f)}" for owner, f in found
                             if any(owner_of_marker.get(m) != owner for m in f)]
        for counted in sorted(data_dir.glob("model_requests-*.txt")):
            requests, cpu, searched, hits = counted.read_text().split()
            result.model_requests += int(requests)
            result.server_cpu_seconds += float(cpu)
            result.searches += int(searched)
            result.search_hits += int(hits)
    finally:
        if tmp is not None:
            tmp.cleanup()
    result.p50 = statistics.median(result.latencies) if result.latencies else 0.0
    result.p95 = _percentile(result.latencies, 0.95)
    result.max = max(result.latencies, default=0.0)
    result.page_p50 = statistics.median(result.page_latencies) if result.page_latencies else 0.0
    result.page_p95 = _percentile(result.page_latencies, 0.95)
    return result


def index_shipped_knowledge(chroma_url: str, database_url: str) -> None:
    """Fill the Chroma server with the shipped knowledge/ (lexical and dense, hash embeddings) through
    the real CLI, as an operator would before starting the replicas."""
    import subprocess

    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORT_ASSISTANT_")}
    with tempfile.TemporaryDirectory(prefix="ra-load-indexer-") as tmp:
        env.update(PYTHONPATH=str(ROOT), REPORT_ASSISTANT_CHROMA_URL=chroma_url, REPORT_ASSISTANT_EMBEDDING="hash",
                   REPORT_ASSISTANT_DATA_DIR=tmp, REPORT_ASSISTANT_DATABASE_URL=database_url)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "from assistant.cli import main; main()", "index"], cwd=str(ROOT),
                       env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"indexed the shipped knowledge on {chroma_url} in {time.perf_counter() - t0:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rate", type=float, default=200.0, help="model tokens a second per stream")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "load.json")
    parser.add_argument("--serve", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--model-timeout", type=float, default=60.0, help=argparse.SUPPRESS)
    parser.add_argument("--users", action="store_true", help="authentication on, one user per session (workspaces)")
    parser.add_argument("--replicas", type=int, default=1, help="app processes sharing the database")
    parser.add_argument("--postgres", action="store_true", help="sessions on a throw-away PostgreSQL cluster")
    parser.add_argument("--database-url", default="", help=argparse.SUPPRESS)
    parser.add_argument("--replica", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--chroma", action="store_true",
                        help="retrieval on: the shipped knowledge on a throw-away chroma run server")
    parser.add_argument("--chroma-url", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.data_dir, args.rate, args.model_timeout, users=args.sessions if args.users else 0,
              database_url=args.database_url, replica=args.replica, chroma_url=args.chroma_url)
        return
    if args.chroma and args.replicas > 1 and not args.postgres:
        parser.error("--chroma with several replicas needs --postgres (their shared sessions and index head)")
    pg = None
    database_url = ""
    if args.postgres:
        from pg_server import PostgresServer

        pg = PostgresServer().start()
        database_url = pg.create_database()
    chroma = None
    chroma_url = ""
    try:
        if args.chroma:
            from chroma_server import ChromaServer

            chroma = ChromaServer().start()
            chroma_url = chroma.url
            index_shipped_knowledge(chroma_url, database_url)
        result = run_load(args.sessions, tokens_per_second=args.rate, users=bool(args.users),
                          replicas=args.replicas, database_url=database_url, chroma_url=chroma_url)
    finally:
        if chroma is not None:
            chroma.stop()
        if pg is not None:
            pg.stop()
    data = result.summary()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"{result.sessions} sessions, model {result.tokens_per_second:.0f} tok/s per stream, "
          f"{result.model_requests} model calls, app process CPU {result.server_cpu_seconds:.1f} s, "
          f"{result.searches} example searches ({result.search_hits} hits)")
    print(f"{result.replicas} app process(es), sessions on {result.database}, index {result.index}, "
          f"{'one user per session' if result.users else 'no authentication'}; page load p50 "
          f"{result.page_p50:.2f} s, p95 {result.page_p95:.2f} s")
    print(f"draft latency p50 {result.p50:.2f} s, p95 {result.p95:.2f} s, max {result.max:.2f} s; "
          f"wall {result.wall_seconds:.1f} s; errors {len(result.errors)}, leaks {len(result.leaks)}")
    for line in result.errors + result.leaks:
        print("  " + line)


if __name__ == "__main__":
    main()
