"""Access and secrets: loopback by default, authentication enforced on the real server, API keys never
in logs / messages / the page, uploads under the data directory with sanitised names and a size cap,
and the CI dependency-audit verdicts. (The bind rule itself: tests/test_cli_ui.py.)"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from browser_support import stop_soon
from fault_server import Fault, FaultServer
from support import free_port

ROOT = Path(__file__).resolve().parent.parent
SECRET = "sk-proj-DISTINCTIVE-9f3e2a7c41b84d6e"
NOTES = "红星镇2025年工作要点\n- 全镇地区生产总值完成12.5亿元，同比增长6.8%\n- 2026年计划新建养老服务站5个\n"


def _start_cli(tmp_path: Path, *args: str, env_extra: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORT_ASSISTANT_")}
    env.update({
        "REPORT_ASSISTANT_DATA_DIR": str(tmp_path / "data"),
        "REPORT_ASSISTANT_EMBEDDING": "hash",
        "REPORT_ASSISTANT_PROVIDER": "offline",
        "GRADIO_ANALYTICS_ENABLED": "False",
        **(env_extra or {}),
    })
    env.pop("GRADIO_TEMP_DIR", None)
    return subprocess.Popen([str(Path(sys.executable).with_name("report-assistant")), "ui", *args], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait(url: str, proc: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise AssertionError(f"ui exited early ({proc.returncode}): {err[-2000:]}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM now; the exit is awaited at the end of the session (``browser_support.reap``): Gradio's
    shutdown takes seconds that the next test need not wait for (every app has its own port and data
    directory). The SIGTERM test below waits for its own server's exit."""
    stop_soon(proc)


def test_the_default_bind_address_is_loopback(settings: Any) -> None:
    from assistant.cli.ui_cmd import check_bind
    from assistant.settings import Settings

    fresh = Settings(_env_file=None, data_dir=settings.data_dir)  # type: ignore[call-arg]
    assert fresh.host == "127.0.0.1" and fresh.auth is None
    assert check_bind(fresh.host, None) == []


@pytest.fixture(scope="module")
def auth_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The real CLI with REPORT_ASSISTANT_AUTH on another loopback address (127.0.0.2); its base URL. One
    app for the rejection test and the login rate-limit tests (which count this module's failed logins)."""
    tmp = tmp_path_factory.mktemp("auth-app")
    host = "127.0.0.2"
    port = free_port(host)
    proc = _start_cli(tmp, "--host", host, "--port", str(port),
                      env_extra={"REPORT_ASSISTANT_AUTH": "alice:s3cret,bob:pa55"})
    base = f"http://{host}:{port}"
    try:
        _wait(base + "/", proc)
        yield base
    finally:
        _stop(proc)


def test_with_auth_the_real_server_rejects_every_unauthenticated_request(auth_app: Any) -> None:
    """`report-assistant ui` on another loopback address (127.0.0.2) with REPORT_ASSISTANT_AUTH set (the
    module's auth app; its one failed login here is bob's, so alice's rate-limit count starts at 0)."""
    from gradio_client import Client

    base = auth_app
    with httpx.Client(base_url=base, timeout=10) as anon:
        assert anon.get("/config").status_code in (401, 403)
        assert anon.get("/gradio_api/info").status_code in (401, 403)
        join = anon.post("/gradio_api/queue/join", json={"data": [NOTES], "fn_index": 0, "session_hash": "x"})
        assert join.status_code in (401, 403)
        up = anon.post("/gradio_api/upload", files={"files": ("n.txt", b"notes")})
        assert up.status_code in (401, 403)
        bad = anon.post("/login", data={"username": "bob", "password": "wrong"})
        assert bad.status_code in (400, 401, 403)
        assert anon.get("/config").status_code in (401, 403)
    with pytest.raises(Exception):  # noqa: B017 - gradio_client's error type varies by version
        Client(base + "/", verbose=False)
    client = Client(base + "/", auth=("alice", "s3cret"), verbose=False)
    assert "/on_send" in client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    client.close()


def test_uploads_land_under_the_data_dir_with_sanitised_names_and_a_size_cap(open_app: Any) -> None:
    port, data = open_app  # its REPORT_ASSISTANT_MAX_FILE_BYTES is 4000
    base = f"http://127.0.0.1:{port}"
    data_dir = data.resolve()
    with httpx.Client(base_url=base, timeout=20) as web:
        names = ["../../escape.txt", "..\\..\\win.txt", "a" * 400 + ".txt", "ctl\x01\x1b[31m;rm -rf ~.txt",
                 "/etc/cron.d/evil.txt"]
        stored: list[str] = []
        for name in names:
            response = web.post("/gradio_api/upload", files={"files": (name, "要点：完成12.5亿元".encode())})
            assert response.status_code == 200, response.text
            stored += response.json()
        too_big = web.post("/gradio_api/upload", files={"files": ("big.txt", b"x" * 5000)})
        assert too_big.status_code == 413
    assert len(stored) == len(names)
    for path in stored:
        p = Path(path).resolve()
        assert p.is_relative_to(data_dir / "uploads"), p  # under the data directory
        assert p.is_file() and len(p.name.encode()) <= 255
        assert not any(ord(ch) < 32 for ch in p.name) and "/" not in p.name and "\\" not in p.name
    assert not (data_dir.parent / "escape.txt").exists() and not Path("/etc/cron.d/evil.txt").exists()
    assert not list(data_dir.rglob("big.txt"))


def test_the_api_key_never_reaches_logs_messages_or_the_browser(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from gradio_client import Client

    from assistant.llm.local_llm import free_port
    from assistant.settings import Settings
    from ui import handlers, session_handlers
    from ui.app import build_app, launch_app
    from ui.context import AppContext

    caplog.set_level(logging.DEBUG)
    with FaultServer(["不会用到"], faults=[Fault("401")] * 6) as server:
        settings = Settings(_env_file=None, data_dir=tmp_path / "data", embedding="hash", provider="openai",  # type: ignore[call-arg]
                            openai_base_url=server.base_url, openai_api_key=SECRET, openai_model="test-model",
                            llm_retries=1, knowledge_dirs=[])
        ctx = AppContext(settings=settings, retriever_factory=lambda c: None)  # the real provider path
        seen: list[str] = []
        # 1. the handlers (what the page is sent), a 401 whose body echoes the key
        sid = session_handlers.load_page(ctx, None, "zh").session_id
        views = list(handlers.send_message(ctx, sid, "zh", NOTES))
        seen += [repr(v) for v in views]
        assert "API 密钥" in views[-1].chat[-1]["content"]  # the cause is named …
        assert server.requests and server.requests[0].headers.get("authorization") == f"Bearer {SECRET}"
        # 2. the real page through the Gradio queue, its config and its HTML
        demo = build_app(settings, services=ctx)
        port = free_port()
        launch_app(demo, settings, host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True)
        try:
            client = Client(f"http://127.0.0.1:{port}/", verbose=False)
            outputs = client.submit(NOTES, api_name="/on_send").result(timeout=120)
            page = json.dumps(outputs, ensure_ascii=False, default=str)
            assert "拒绝了 API 密钥" in page  # the run really failed through the page, cause named
            seen.append(page)
            client.close()
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=20) as web:
                seen += [web.get("/config").text, web.get("/").text, web.get("/gradio_api/info").text]
        finally:
            demo.close()
            ctx.close()
    seen.append(caplog.text)
    seen += [r.getMessage() for r in caplog.records]
    seen += [p.read_bytes().decode("utf-8", "replace") for p in (tmp_path / "data").rglob("*") if p.is_file()]
    for text in seen:
        assert SECRET not in text
        assert SECRET[8:] not in text  # not even a fragment


def test_the_cli_never_prints_the_key(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES, encoding="utf-8")
    with FaultServer(["x"], faults=[Fault("401")] * 4) as server:
        env = {k: v for k, v in os.environ.items() if not k.startswith("REPORT_ASSISTANT_")}
        env.update({"REPORT_ASSISTANT_DATA_DIR": str(tmp_path / "data"), "REPORT_ASSISTANT_OPENAI_API_KEY": SECRET,
                    "REPORT_ASSISTANT_OPENAI_BASE_URL": server.base_url, "REPORT_ASSISTANT_EMBEDDING": "hash"})
        proc = subprocess.run([str(Path(sys.executable).with_name("report-assistant")), "draft", str(notes),
                               "--provider", "openai", "-v"], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=120, check=False)
    assert proc.returncode != 0
    assert "REPORT_ASSISTANT_OPENAI_API_KEY" in proc.stderr  # the cause and the fix are named
    assert SECRET not in proc.stdout + proc.stderr and SECRET[8:] not in proc.stdout + proc.stderr


# ------------------------------------------------------------------------------------------ audit


def _audit() -> Any:
    sys.path.insert(0, str(ROOT / "scripts"))
    import audit

    return audit


def test_audit_fails_clearly_on_a_known_vulnerability() -> None:
    report = {"dependencies": [
        {"name": "gradio", "version": "4.0.0", "vulns": [
            {"id": "PYSEC-2024-1", "fix_versions": ["4.19.2"], "aliases": ["CVE-2024-1561"], "description": "x"}]},
        {"name": "httpx", "version": "0.28.1", "vulns": []},
    ], "fixes": []}
    verdict = _audit().judge(1, json.dumps(report))
    assert verdict.code == 1
    assert "gradio 4.0.0: PYSEC-2024-1 (CVE-2024-1561) — fixed in 4.19.2" in verdict.message


@pytest.mark.parametrize(
    ("code", "report", "stderr", "expected"),
    [
        (1, "", "ConnectionError: HTTPSConnectionPool(host='pypi.org'): Max retries exceeded", "could not reach"),
        (0, json.dumps({"dependencies": [{"name": "a", "version": "1", "skip_reason": "Dependency not found on PyPI"}]}),
         "", "nothing was audited"),
        (0, json.dumps({"dependencies": [{"name": "a", "version": "1", "vulns": []},
                                         {"name": "report-assistant", "version": "0", "skip_reason": "distribution marked as editable"}]}),
         "", "no known vulnerabilities in 1 package"),
    ],
    ids=["unreachable", "unknown-to-service", "clean"],
)
def test_audit_does_not_fail_ci_when_the_service_cannot_answer(code: int, report: str, stderr: str,
                                                               expected: str) -> None:
    verdict = _audit().judge(code, report, stderr)
    assert verdict.code == 0 and expected in verdict.message


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://user:sk-in-url-123456@api.example.com:8443/v1?api_key=sk-q#frag", "https://api.example.com:8443"),
        ("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080"),
        ("http://[::1]:9000/v1", "http://[::1]:9000"),
    ],
)
def test_endpoints_are_shown_without_credentials(url: str, shown: str) -> None:
    from assistant.llm.providers import ProviderHandle, safe_url
    from assistant.llm.resilience import endpoint_label

    assert safe_url(url) == shown
    assert "sk-" not in endpoint_label(url) and "sk-" not in ProviderHandle("openai", object(), None, "m", url).describe()  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------ exposure


OPEN_APPS: dict[int, subprocess.Popen[bytes]] = {}  # the open app's process by port (the SIGTERM test stops it)


@pytest.fixture(scope="module")
def open_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The real CLI, no authentication (the default mode), offline provider, hash embeddings, a 4,000-byte
    upload cap (the uploads test; the others upload nothing)."""
    tmp = tmp_path_factory.mktemp("open-app")
    port = free_port()
    proc = _start_cli(tmp, "--port", str(port), env_extra={"REPORT_ASSISTANT_ALLOWED_HOSTS": "reports.example.org",
                                                           "REPORT_ASSISTANT_MAX_FILE_BYTES": "4000"})
    OPEN_APPS[port] = proc
    try:
        _wait(f"http://127.0.0.1:{port}/", proc)
        yield port, tmp / "data"
    finally:
        OPEN_APPS.pop(port, None)
        _stop(proc)


@pytest.mark.parametrize(
    ("headers", "allowed"),
    [
        ({"Host": "attacker.example"}, False),
        ({"Host": "attacker.example:{port}"}, False),
        ({"Host": "127.0.0.1.attacker.example"}, False),
        ({"Host": "127.0.0.1:{port}", "Origin": "http://attacker.example"}, False),
        ({"Host": "127.0.0.1:{port}", "Origin": "null"}, False),
        ({"Host": "127.0.0.1:{port}"}, True),
        ({"Host": "localhost:{port}", "Origin": "http://localhost:{port}"}, True),
        ({"Host": "[::1]:{port}"}, True),
        ({"Host": "reports.example.org"}, True),  # REPORT_ASSISTANT_ALLOWED_HOSTS
    ],
)
@pytest.mark.parametrize("path", ["/config", "/", "/gradio_api/info"])
def test_only_allowed_host_and_origin_names_are_served(open_app: Any, headers: dict[str, str], allowed: bool,
                                                        path: str) -> None:
    port, _data = open_app
    sent = {k: v.format(port=port) for k, v in headers.items()}
    response = httpx.get(f"http://127.0.0.1:{port}{path}", headers=sent, timeout=30)
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 403 and "session" not in response.text.lower()


def test_curl_with_a_foreign_host_header_is_refused(open_app: Any) -> None:
    import shutil

    port, _data = open_app
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Host: attacker.example",
                          f"http://127.0.0.1:{port}/config"], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "403"


def test_export_files_are_never_served_by_path(open_app: Any) -> None:
    port, data = open_app
    target = data / "exports" / "some-session" / "报告-v1.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("# 另一个用户的报告\n", encoding="utf-8")
    for path in (str(target), str(data / "exports" / "some-session" / ".." / "some-session" / "报告-v1.md")):
        response = httpx.get(f"http://127.0.0.1:{port}/gradio_api/file={path}", timeout=30)
        assert response.status_code == 403 and "另一个用户" not in response.text


def test_a_session_downloads_its_export_but_nobody_fetches_the_export_folder(open_app: Any) -> None:
    """A draft through the real page: the session's download buttons carry Gradio's cache copies (a
    content-hash directory) which download; the file in the exports folder itself is refused by path."""
    from gradio_client import Client

    port, data = open_app
    client = Client(f"http://127.0.0.1:{port}/", verbose=False)
    try:
        outputs = client.submit(NOTES, api_name="/on_send").result(timeout=240)
    finally:
        client.close()
    # gradio_client has already fetched each offered file through the page's URL into its own folder
    downloads = [Path(o["value"]) for o in outputs if isinstance(o, dict)
                 and str(o.get("value") or "").endswith((".docx", ".md"))]
    assert len(downloads) == 2 and all(p.is_file() and p.stat().st_size > 100 for p in downloads)
    exported = [p for p in (data / "exports").rglob("*") if p.is_file() and p.suffix in (".docx", ".md")]
    assert exported
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as web:
        for p in exported:
            assert web.get(f"/gradio_api/file={p}").status_code == 403


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ("/gradio_api/file={exports}/s1/a.docx", True),
        ("/gradio_api/file={exports}/../exports/s1/a.docx", True),
        ("/file={exports}/s1/a.md", True),
        ("/gradio_api/file={exports}%2Fs1%2Fa.md", True),
        ("/gradio_api/file=/tmp/gradio/0123abcd/a.docx", False),
        ("/gradio_api/info", False),
    ],
)
def test_the_export_guard_refuses_every_spelling_of_an_export_path(tmp_path: Path, path: str, refused: bool) -> None:
    from ui.guard import ExportGuard

    async def app(scope: Any, receive: Any, send: Any) -> None:  # pragma: no cover - never called
        raise AssertionError

    exports = tmp_path / "exports"
    guard = ExportGuard(app, exports)
    assert guard.refuses(path.format(exports=exports)) is refused


def _login(base: str, user: str, password: str) -> httpx.Response:
    return httpx.post(f"{base}/login", data={"username": user, "password": password}, timeout=30)


def test_login_attempts_are_rate_limited_per_user_through_the_real_login_route(auth_app: Any) -> None:
    from ui.guard import LOGIN_MAX_PER_USER

    base = auth_app
    assert _login(base, "alice", "s3cret").status_code == 200
    for _ in range(LOGIN_MAX_PER_USER):
        assert _login(base, "alice", "wrong").status_code == 400
    limited = _login(base, "alice", "s3cret")  # even the right password waits
    assert limited.status_code == 429
    assert "too many failed logins" in limited.json()["detail"] and int(limited.headers["retry-after"]) > 0
    assert _login(base, "bob", "pa55").status_code == 200  # another user is not locked out


def test_login_attempts_are_rate_limited_per_address(auth_app: Any) -> None:
    from ui.guard import LOGIN_MAX_PER_ADDRESS, LOGIN_MAX_PER_USER

    base = auth_app
    answers = [_login(base, f"guess{i}", "x").status_code for i in range(LOGIN_MAX_PER_ADDRESS + 2)]
    assert 429 in answers and all(a in (400, 429) for a in answers)
    assert answers.index(429) <= LOGIN_MAX_PER_ADDRESS - LOGIN_MAX_PER_USER + 1  # the earlier tests' failures count
    assert _login(base, "bob", "pa55").status_code == 429  # this address waits, whoever it claims to be


@pytest.mark.parametrize(
    ("events", "limit", "window", "now", "wait"),
    [
        ([], 3, 60, 0, 0),
        ([0, 1, 2], 3, 60, 10, 50),
        ([0, 1, 2], 3, 60, 61, 0),  # the oldest left the window
        ([0, 1], 3, 60, 10, 0),
    ],
)
def test_the_sliding_window(events: list[float], limit: int, window: float, now: float, wait: float) -> None:
    from ui.guard import SlidingWindow

    clock = [0.0]
    sw = SlidingWindow(limit, window, clock=lambda: clock[0])
    for t in events:
        clock[0] = t
        sw.record("k")
    clock[0] = now
    assert sw.wait_s("k") == pytest.approx(wait)


def test_sigterm_stops_the_server_within_seconds_and_the_database_is_intact(open_app: Any) -> None:
    """SIGTERM to the module's open app, after a client's visit and the export test's draft: the last
    test of this module that uses it (its fixture then finds it stopped)."""
    import signal
    import sqlite3

    from gradio_client import Client

    port, data = open_app
    proc = OPEN_APPS[port]
    try:
        _wait(f"http://127.0.0.1:{port}/", proc)
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        client.close()
        proc.send_signal(signal.SIGTERM)
        started = time.monotonic()
        proc.wait(timeout=60)  # generous: a busy CI machine
        assert time.monotonic() - started < 60 and proc.returncode == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    db = data / "sessions.sqlite3"
    if db.exists():
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_browser_storage_holds_no_notes_or_drafts(settings: Any) -> None:
    """The page's only browser-persisted component is one BrowserState (localStorage, encrypted with
    the app's secret) holding the session id and page language; the chat and the draft are server
    state, so no notes or draft text stays in the browser after logout."""
    from ui.app import build_app
    from ui.context import AppContext

    ctx = AppContext(settings=settings, retriever_factory=lambda c: None)
    try:
        config = build_app(settings, services=ctx).get_config_file()
    finally:
        ctx.close()
    persisted = [c for c in config["components"] if c.get("type") == "browserstate"
                 or "storage_key" in c.get("props", {}) or c.get("props", {}).get("save_history")]
    assert len(persisted) == 1
    assert set(persisted[0]["props"]["default_value"]) == {"session_id", "lang"}


# ------------------------------------------------------------------------------------------ redaction


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://user:pass@llm.example:8000/v1", "http://llm.example:8000"),
        ("https://api.example.com/v1?api-key=sk-abc", "https://api.example.com"),
        ("https://api.example.com/v1/embeddings?key=K&x=1#f", "https://api.example.com"),
        ("http://127.0.0.1:8080/v1?token=T", "http://127.0.0.1:8080"),
        ("http://[::1]:9000/v1", "http://[::1]:9000"),
        ("llm.internal:7000/v1?token=T", "http://llm.internal:7000"),
        ("http://u:p@/v1", "(invalid URL)"),
        ("http://h:99999999/", "(invalid URL)"),
        ("", ""),
    ],
)
def test_mask_url_keeps_scheme_host_and_port_only(url: str, shown: str) -> None:
    from assistant.redact import mask_url

    assert mask_url(url) == shown


def test_credentials_in_endpoint_urls_reach_no_status_line_log_or_fingerprint(caplog: pytest.LogCaptureFixture) -> None:
    from assistant.embeddings import OpenAICompatibleEmbeddings
    from assistant.redact import RedactingFilter, redact_urls
    from assistant.status import StatusBoard, render_status

    url = "http://user:pw-SECRET1@emb.example:9000/v1?api-key=SECRET2"
    emb = OpenAICompatibleEmbeddings(base_url=url, api_key=None, model="m")
    assert "SECRET" not in emb.fingerprint and emb.fingerprint == "openai:http://emb.example:9000/v1:m"
    board = StatusBoard()
    with caplog.at_level(logging.WARNING):
        board.fail("dense_index", f"The embeddings endpoint {url} failed: APIConnectionError")
    text = render_status(board.snapshot(), "en") + render_status(board.snapshot(), "zh")
    assert "SECRET" not in text and "http://emb.example:9000" in text
    assert "SECRET" not in caplog.text
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, 'HTTP Request: POST %s "HTTP/1.1 200 OK"',
                               (url + "/embeddings",), None)
    assert RedactingFilter().filter(record) and "SECRET" not in record.getMessage()
    assert redact_urls(f"see {url}.") == "see http://emb.example:9000."


# ------------------------------------------------------------------------------------------ sanitiser

HOSTILE_EXAMPLE = ('<div style="position:fixed;inset:0;z-index:9999;background:#fff">'
                   '<a href="javascript:alert(1)" onclick="steal()">会话已过期，请重新登录</a></div>'
                   '<img src="http://tracker.example/p.gif"> ![x](http://tracker.example/q.png) '
                   '[登录](javascript:alert(2)) [ok](https://example.org/a) <iframe src="http://x"></iframe>'
                   '<form action="http://x"><input name="p"></form><svg onload="x()"></svg>\u202etxt.exe\x07')


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ('<p style="color:red" onclick="x()">a</p>', "<p>a</p>"),
        ('<span class="ra-fig ra-fig-verified evil" data-status="verified">1</span>',
         '<span class="ra-fig ra-fig-verified" data-status="verified">1</span>'),
        ('<div class="sneaky">x</div>', "<div>x</div>"),
        ('<img src="http://t.example/p.gif">t', "t"),
        ('<script>alert(1)</script>ok', "ok"),
        ('<iframe src="http://x">in</iframe>ok', "ok"),
        ('<form><input value="p"></form>ok', "ok"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="JaVa&#115;cript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="data:text/html,hi">x</a>', "<a>x</a>"),
        ('<a href="vbscript:x">x</a><a href="file:///etc/passwd">y</a>', "<a>x</a><a>y</a>"),
        ('<a href="https://example.org/a?b=1&amp;c=2">x</a>',
         '<a rel="noopener noreferrer nofollow" href="https://example.org/a?b=1&amp;c=2">x</a>'),
        ("<p>a &lt;b&gt; \u202ec\x07</p>", "<p>a &lt;b&gt; c</p>"),
        ("<section><p>unclosed", "<section><p>unclosed</p></section>"),
        ("</p>stray<br/>", "stray<br>"),
    ],
)
def test_sanitize_html_keeps_only_the_allowlist(fragment: str, expected: str) -> None:
    from assistant.sanitize import sanitize_html

    assert sanitize_html(fragment) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<img src=http://t/p.gif>", "&lt;img src=http://t/p.gif&gt;"),
        ('<b style="x">b</b>', '&lt;b style="x"&gt;b&lt;/b&gt;'),
        ("![x](http://t.example/p.png)", "!\\[x](http://t.example/p.png)"),
        ("[登录](javascript:alert(1))", "[登录]\\(javascript:alert(1))"),
        ("[a]( data:text/html,x)", "[a]\\( data:text/html,x)"),
        ("[ok](https://example.org/a)", "[ok](https://example.org/a)"),
        ("[mail](mailto:a@b.c)", "[mail](mailto:a@b.c)"),
        ("[r]: javascript:alert(1)", "\\[r\\]: javascript:alert(1)"),
        ("[r]: https://example.org", "[r]: https://example.org"),
        ("<javascript:alert(1)>", "&lt;javascript:alert(1)&gt;"),
        ("增长**8%**，A&B", "增长**8%**，A&amp;B"),
        ("a\u202eb\u2066c\u200fd\x00e\tf\ng", "abcde\tf\ng"),
    ],
)
def test_markdown_text_is_inert(text: str, expected: str) -> None:
    from assistant.sanitize import markdown_text

    assert markdown_text(text) == expected


def _tags(fragment: str) -> list[tuple[str, list[str]]]:
    """Every real tag of an HTML fragment with its attribute names."""
    from html.parser import HTMLParser

    found: list[tuple[str, list[str]]] = []

    class P(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, [a for a, _ in attrs]))

    P().feed(fragment)
    return found


def _assert_inert_markdown(md: str) -> None:
    assert "<img" not in md and "<div" not in md and "<a " not in md and "<iframe" not in md and "<svg" not in md
    assert "![" not in md and "](javascript:" not in md and "\u202e" not in md and "\x07" not in md


def test_an_uploaded_example_with_markup_shows_as_text_in_every_panel() -> None:
    """The sources panel, the Knowledge tab's quote, the chat and the draft view all show the example's
    markup as characters: no style, no remote image, no script link."""
    from ui import render

    hit = {"report": HOSTILE_EXAMPLE[:80], "section": "<b>一、</b>", "text": HOSTILE_EXAMPLE, "score": 0.5}
    _assert_inert_markdown(render.sources_markdown([hit], "zh"))
    _assert_inert_markdown(render.quote_markdown(HOSTILE_EXAMPLE, 400))
    chat = render.chat_messages([{"role": "assistant", "content": HOSTILE_EXAMPLE}, {"role": "user", "content": "ok"}])
    _assert_inert_markdown(chat[0]["content"])
    assert chat[1] == {"role": "user", "content": "ok"}
    assert render.omitted_markdown({"omitted": [{"line": 1, "figure": "<img src=x>", "text": HOSTILE_EXAMPLE}]},
                                   "en").count("<img") == 0
    page = render.draft_html("# 标题\n\n" + HOSTILE_EXAMPLE + "\n", None, "zh")
    tags = _tags(page)
    assert {t for t, _ in tags} <= {"div", "h1", "p"} and all(a in ("class",) for _, attrs in tags for a in attrs)
    assert "&lt;img src=" in page and "\u202e" not in page  # shown, as text
    diff = render.diff_html([("replace", HOSTILE_EXAMPLE, "<b>x</b>")], "zh")
    assert {t for t, _ in _tags(diff)} <= {"div", "pre", "del", "ins"} and "&lt;b&gt;x" in diff
    rows = render.figure_rows({"figures": [{"status": "unsupported", "text": "8\u202e%", "start": 0, "end": 2,
                                            "reason": "\x1b[31m"}]}, "zh")
    assert rows[0][0] == "8%" and "\x1b" not in rows[0][4]


@pytest.mark.parametrize("markup", ["<!--" * 100_000, "<?" * 100_000, "<![CDATA[" * 50_000, "<!x" * 100_000])
def test_sanitize_html_is_linear_on_unterminated_declarations(markup: str) -> None:
    import time

    from assistant.sanitize import sanitize_html

    started = time.process_time()
    assert sanitize_html("<p>a</p>" + markup) == "<p>a</p>"
    assert time.process_time() - started < 10.0  # was 22 s for 200 KB of "<!--"
