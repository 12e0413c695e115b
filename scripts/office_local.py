"""The office deployment of docs/deploy/compose.yaml without containers, on one machine.

    PYTHONPATH=. .venv/bin/python scripts/office_local.py [--port 7860] [--host 127.0.0.1]
        [--replicas 2] [--auth 'alice:pw,bob:pw'] [--fake-model | --model-urls URL[,URL…]]
        [--database-url postgresql://…] [--chroma-url http://…] [--embedding hash] [--work DIR]

The same services as the compose file, each a real server, started in this order:

* PostgreSQL: a throw-away cluster (``tests/pg_server.py``: Debian ``postgresql``, initdb under a
  temporary folder, a free port), or ``--database-url`` for a given one;
* a Chroma server: ``chroma run`` on a free port (``tests/chroma_server.py``), or ``--chroma-url``;
* a model server: the embedded llama.cpp server (``assistant.llm.local_llm.LocalServer``, the model
  from ``report-assistant model prepare``) by default; ``--fake-model`` for the fast local
  OpenAI-protocol server of the tests (``tests/openai_server.py``: sections written from the note
  lines, streamed); ``--model-urls`` for running servers (vLLM, SGLang, ``llama-server -np N``);
* the knowledge index, built once on the Chroma server (``report-assistant index``);
* ``--replicas`` (2) ``report-assistant ui`` processes on free loopback ports, each with its own
  ``DATA_DIR`` and the same ``AUTH``, ``DATABASE_URL``, ``CHROMA_URL``, ``FILES_DIR`` (one shared
  folder) and ``OPENAI_BASE_URLS``;
* a sticky reverse proxy (:class:`StickyProxy`, aiohttp) on ``--host:--port``: a browser's first
  request is sent to the next replica in turn and pinned there by the ``ra_replica`` cookie (as
  Caddy's ``lb_policy cookie``), responses stream through unbuffered (server-sent events), a replica
  that refuses connections is skipped and its users re-pinned; ``GET /_office/replicas`` answers the
  requests each replica served (JSON).

It prints ``office-local: serving on URL`` when everything answers, and stops everything (replicas,
then the model, Chroma and PostgreSQL; throw-away data removed) on Ctrl-C or SIGTERM. No TLS: bind
a non-loopback ``--host`` only with ``--auth`` and behind a TLS terminator.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "tests"))  # the real-server helpers the tests use

COOKIE = "ra_replica"
STATS_PATH = "/_office/replicas"
WAIT_S = 600.0  # start-up bound; only a hang reaches it on a loaded machine
HOP_HEADERS = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
                         "trailer", "transfer-encoding", "upgrade", "host", "content-length"})
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def log(message: str) -> None:
    print(f"office-local: {message}", flush=True)


# --- the sticky proxy --------------------------------------------------------------------------------


class StickyProxy:
    """A reverse proxy over ``upstreams`` (``http://host:port``) pinning each browser by a cookie."""

    def __init__(self, upstreams: list[str], host: str = "127.0.0.1", port: int = 0) -> None:
        self.upstreams = [u.rstrip("/") for u in upstreams]
        self.host = host
        self.port = port
        self.requests = [0] * len(self.upstreams)  # requests served, per replica
        self.pinned = [0] * len(self.upstreams)  # browsers pinned, per replica
        self._down_until = [0.0] * len(self.upstreams)
        self._next = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stopped: asyncio.Event | None = None
        self._error: BaseException | None = None

    @property
    def url(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{shown}:{self.port}/"

    def start(self) -> StickyProxy:
        self._thread = threading.Thread(target=self._run, name="office-proxy", daemon=True)
        self._thread.start()
        self._ready.wait(60)
        if self._error is not None:
            raise self._error
        if not self._ready.is_set():
            raise RuntimeError("the proxy did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stopped is not None:
            self._loop.call_soon_threadsafe(self._stopped.set)
        if self._thread is not None:
            self._thread.join(timeout=30)

    def stats(self) -> dict[str, Any]:
        return {"replicas": [{"url": u, "requests": r, "pinned": p}
                             for u, r, p in zip(self.upstreams, self.requests, self.pinned, strict=True)]}

    # --- the event loop thread ---------------------------------------------------------------------
    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # reported to start()
            self._error = exc
            self._ready.set()

    async def _serve(self) -> None:
        import aiohttp
        from aiohttp import web

        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=10)
        async with aiohttp.ClientSession(timeout=timeout, auto_decompress=False,
                                         cookie_jar=aiohttp.DummyCookieJar()) as session:
            self._session = session
            app = web.Application(client_max_size=512 * 1024 * 1024)
            app.router.add_route("*", "/{tail:.*}", self._handle)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, self.host, self.port)
            await site.start()
            server = site._server
            if server is not None and self.port == 0:
                sockets = getattr(server, "sockets", None) or []
                self.port = int(sockets[0].getsockname()[1])
            self._ready.set()
            await self._stopped.wait()
            await runner.cleanup()

    def _order(self, pinned: int | None) -> list[int]:
        n = len(self.upstreams)
        now = time.monotonic()
        if pinned is None:
            pinned = self._next % n
            self._next += 1
        order = [pinned] + [(pinned + k) % n for k in range(1, n)]
        up = [i for i in order if self._down_until[i] <= now]
        return up + [i for i in order if i not in up]  # all down: try them anyway

    async def _handle(self, request: Any) -> Any:
        import aiohttp
        from aiohttp import web
        from multidict import CIMultiDict

        if request.path == STATS_PATH:
            return web.json_response(self.stats())
        raw = request.cookies.get(COOKIE, "")
        pinned = int(raw) if raw.isdigit() and int(raw) < len(self.upstreams) else None
        body = await request.read()
        headers: CIMultiDict[str] = CIMultiDict(
            (k, v) for k, v in request.headers.items() if k.lower() not in HOP_HEADERS)
        headers["Host"] = request.host  # the public name: the replicas check it (ALLOWED_HOSTS)
        headers["X-Forwarded-For"] = request.remote or ""
        headers["X-Forwarded-Proto"] = request.scheme
        upstream = None
        chosen = -1
        for i in self._order(pinned):
            try:
                upstream = await self._session.request(
                    request.method, self.upstreams[i] + request.path_qs, headers=headers, data=body or None,
                    allow_redirects=False)
            except aiohttp.ClientConnectorError:  # refused: nothing was sent, the next replica may take it
                self._down_until[i] = time.monotonic() + 10
                continue
            except aiohttp.ClientError as exc:  # sent, then lost: never replayed elsewhere
                return web.Response(status=502, text=f"the replica failed: {type(exc).__name__}")
            chosen = i
            break
        if upstream is None:
            return web.Response(status=502, text="no replica answers")
        self.requests[chosen] += 1
        try:
            response = web.StreamResponse(status=upstream.status, reason=upstream.reason)
            for key, value in upstream.headers.items():
                if key.lower() not in HOP_HEADERS:
                    response.headers.add(key, value)
            if upstream.content_length is not None and request.method != "HEAD":
                response.content_length = upstream.content_length
            if chosen != pinned:
                self.pinned[chosen] += 1
                response.set_cookie(COOKIE, str(chosen), path="/", httponly=True, samesite="Lax")
            await response.prepare(request)
            with contextlib.suppress(ConnectionResetError, aiohttp.ClientPayloadError):
                async for chunk in upstream.content.iter_any():  # unbuffered: streams pass as they come
                    await response.write(chunk)
                await response.write_eof()
            return response
        finally:
            upstream.release()


# --- the stack ---------------------------------------------------------------------------------------


def _free_port() -> int:
    from assistant.llm.local_llm import free_port

    return free_port()


class Replica:
    """``report-assistant ui`` in its own process; ready when it prints its serving line."""

    def __init__(self, name: str, env: dict[str, str], work: Path) -> None:
        self.name = name
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = work / f"{name}.log"
        self.ready = threading.Event()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from assistant.cli import main; main()", "ui", "--host", "127.0.0.1",
             "--port", str(self.port)],
            cwd=str(ROOT), env=dict(env, REPORT_ASSISTANT_DATA_DIR=str(work / name)),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        assert self.proc.stderr is not None
        with open(self.log_path, "w", encoding="utf-8") as out:
            for line in self.proc.stderr:
                out.write(line)
                out.flush()
                if "serving on http" in line:
                    self.ready.set()
        self.ready.set()  # it exited: wait_ready reports why

    def wait_ready(self) -> None:
        self.ready.wait(WAIT_S)
        if self.proc.poll() is not None or not self.ready.is_set():
            tail = self.log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"{self.name} did not start ({self.proc.poll()}): {tail}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class OfficeStack:
    """Start (:meth:`start`, returns the proxy's URL) and stop (:meth:`stop`) every part; see the module doc."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._stops: list[Callable[[], None]] = []
        self.replicas: list[Replica] = []
        self.proxy: StickyProxy | None = None
        if args.work:
            self.work = Path(args.work).resolve()
            self.work.mkdir(parents=True, exist_ok=True)
        else:
            self.work = Path(tempfile.mkdtemp(prefix="office-local-"))
            self._stops.append(lambda: shutil.rmtree(self.work, ignore_errors=True))

    def _database(self) -> str:
        if self.args.database_url:
            return str(self.args.database_url)
        from pg_server import PostgresServer

        pg = PostgresServer().start()
        self._stops.append(pg.stop)
        url = pg.create_database()
        log(f"PostgreSQL (throw-away cluster) on {url}")
        return url

    def _chroma(self) -> str:
        if self.args.chroma_url:
            return str(self.args.chroma_url)
        from chroma_server import ChromaServer

        chroma = ChromaServer().start(timeout=WAIT_S)
        self._stops.append(chroma.stop)
        log(f"Chroma server on {chroma.url}")
        return chroma.url

    def _model(self) -> tuple[str, str]:
        """The model servers' base URLs (comma-separated) and the model name to ask for."""
        if self.args.model_urls:
            return str(self.args.model_urls), str(self.args.model_name)
        if self.args.fake_model:
            from openai_server import ScriptedOpenAIServer, section_reply

            fake = ScriptedOpenAIServer(section_reply, tokens_per_second=self.args.fake_tokens_per_second).start()
            self._stops.append(fake.stop)
            log(f"fake OpenAI-protocol model server on {fake.base_url}")
            return fake.base_url, "test-model"
        from assistant.llm.local_llm import LocalServer
        from assistant.settings import Settings

        local = LocalServer(Settings()).start()  # the model prepared under the usual data folder
        self._stops.append(local.stop)
        log(f"embedded llama.cpp server on {local.base_url}")
        return local.base_url, local.model_name

    def env(self, database: str, chroma: str, models: str, model_name: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
            "GRADIO_ANALYTICS_ENABLED": "False", "ANONYMIZED_TELEMETRY": "False",
            "REPORT_ASSISTANT_DATABASE_URL": database, "REPORT_ASSISTANT_CHROMA_URL": chroma,
            "REPORT_ASSISTANT_FILES_DIR": str(self.work / "files"),
            "REPORT_ASSISTANT_PROVIDER": "openai", "REPORT_ASSISTANT_OPENAI_BASE_URLS": models,
            "REPORT_ASSISTANT_OPENAI_MODEL": model_name,
            "REPORT_ASSISTANT_OPENAI_API_KEY": os.environ.get("REPORT_ASSISTANT_OPENAI_API_KEY", "not-needed"),
        })
        env.pop("REPORT_ASSISTANT_OPENAI_BASE_URL", None)
        if self.args.auth:
            env["REPORT_ASSISTANT_AUTH"] = self.args.auth
        if self.args.embedding:
            env["REPORT_ASSISTANT_EMBEDDING"] = self.args.embedding
        if self.args.host not in LOOPBACK:
            names = [n for n in (os.environ.get("REPORT_ASSISTANT_ALLOWED_HOSTS", ""), self.args.host) if n]
            env["REPORT_ASSISTANT_ALLOWED_HOSTS"] = ",".join(names)
        return env

    def _index(self, env: dict[str, str]) -> None:
        """Build the knowledge index on the Chroma server once, before the replicas (as a deployment does)."""
        log("indexing the knowledge base on the Chroma server")
        with open(self.work / "index.log", "w", encoding="utf-8") as out:
            proc = subprocess.run(
                [sys.executable, "-c", "from assistant.cli import main; main()", "index"], cwd=str(ROOT),
                env=dict(env, REPORT_ASSISTANT_DATA_DIR=str(self.work / "indexer")), stdin=subprocess.DEVNULL,
                stdout=out, stderr=subprocess.STDOUT, timeout=WAIT_S, check=False)
        if proc.returncode != 0:
            tail = (self.work / "index.log").read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"`report-assistant index` failed ({proc.returncode}): {tail}")

    def start(self) -> str:
        if self.args.host not in LOOPBACK and not self.args.auth:
            raise SystemExit("a non-loopback --host needs --auth (or REPORT_ASSISTANT_AUTH)")
        database = self._database()
        chroma = self._chroma()
        models, model_name = self._model()
        env = self.env(database, chroma, models, model_name)
        if not self.args.no_index:
            self._index(env)
        self._stops.append(self._stop_replicas)
        self.replicas = [Replica(f"app{i + 1}", env, self.work) for i in range(self.args.replicas)]
        for replica in self.replicas:
            replica.wait_ready()
            log(f"{replica.name} on {replica.url} (log: {replica.log_path})")
        self.proxy = StickyProxy([r.url for r in self.replicas], self.args.host, self.args.port).start()
        self._stops.append(self.proxy.stop)
        return self.proxy.url

    def _stop_replicas(self) -> None:
        for replica in self.replicas:  # all at once, then wait for each
            if replica.proc.poll() is None:
                replica.proc.send_signal(signal.SIGTERM)
        for replica in self.replicas:
            replica.stop()

    def stop(self) -> None:
        while self._stops:
            step = self._stops.pop()
            try:
                step()
            except Exception as exc:  # keep stopping the rest
                log(f"stopping a part failed: {exc}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1", help="the proxy's address (default 127.0.0.1)")
    ap.add_argument("--port", type=int, default=7860, help="the proxy's port (0: a free one; default 7860)")
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--auth", default=os.environ.get("REPORT_ASSISTANT_AUTH"),
                    help="'user:password,…', the same in every replica (default: REPORT_ASSISTANT_AUTH)")
    model = ap.add_mutually_exclusive_group()
    model.add_argument("--fake-model", action="store_true",
                       help="the tests' fast OpenAI-protocol server instead of the embedded llama.cpp one")
    model.add_argument("--model-urls", help="running OpenAI-compatible servers, comma-separated …/v1 URLs")
    ap.add_argument("--model-name", default="local", help="the model name to ask --model-urls for")
    ap.add_argument("--fake-tokens-per-second", type=float, default=60.0)
    ap.add_argument("--database-url", help="a PostgreSQL URL (default: a throw-away cluster)")
    ap.add_argument("--chroma-url", help="a Chroma server (default: `chroma run` on a free port)")
    ap.add_argument("--embedding", help="REPORT_ASSISTANT_EMBEDDING for every replica (hash: fast, for tests)")
    ap.add_argument("--no-index", action="store_true", help="skip `report-assistant index` before the replicas")
    ap.add_argument("--work", help="a folder for the replicas' data, the shared files and logs (default: temporary)")
    args = ap.parse_args(argv)
    if args.replicas < 1:
        ap.error("--replicas must be at least 1")
    if args.auth is not None:
        pairs = [p.partition(":") for p in args.auth.split(",")]
        if not all(user.strip() and sep and password for user, sep, password in pairs):
            ap.error("--auth is 'user:password' pairs separated by commas")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    stop = threading.Event()

    def _signal(signum: int, frame: object) -> None:
        del signum, frame
        stop.set()

    signal.signal(signal.SIGTERM, _signal)
    signal.signal(signal.SIGINT, _signal)
    stack = OfficeStack(args)
    try:
        url = stack.start()
        log(f"serving on {url} (replica counters: {url.rstrip('/')}{STATS_PATH}; Ctrl+C to stop)")
        while not stop.wait(0.5):
            if all(r.proc.poll() is not None for r in stack.replicas):
                log("every replica has exited")
                return 1
        return 0
    except RuntimeError as exc:
        log(f"could not start: {exc}")
        return 1
    finally:
        log("stopping")
        stack.stop()
        log("stopped")


if __name__ == "__main__":
    sys.exit(main())
