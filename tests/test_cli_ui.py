"""`report-assistant ui`: safe binding rules, auth parsing, and a real start on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser_support import stop_soon
from support import free_port
from typer.testing import CliRunner

from assistant.cli import app
from assistant.cli.ui_cmd import check_bind, is_loopback, parse_auth
from assistant.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.10", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("value", "pairs"),
    [
        (None, []),
        ("", []),
        ("alice:secret", [("alice", "secret")]),
        ("alice:secret, bob:pa:ss", [("alice", "secret"), ("bob", "pa:ss")]),
    ],
)
def test_parse_auth(value: str | None, pairs: list[tuple[str, str]]) -> None:
    assert parse_auth(value) == pairs


@pytest.mark.parametrize("bad", ["alice", ":secret", "alice:"])
def test_parse_auth_rejects_malformed_pairs(bad: str) -> None:
    with pytest.raises(ConfigError):
        parse_auth(bad)


def test_non_loopback_without_auth_is_refused() -> None:
    with pytest.raises(ConfigError, match="REPORT_ASSISTANT_AUTH"):
        check_bind("0.0.0.0", None)
    assert check_bind("0.0.0.0", "u:p") == [("u", "p")]
    assert check_bind("127.0.0.1", None) == []


def test_cli_refuses_public_host_without_auth(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORT_ASSISTANT_DATA_DIR", str(data_dir))
    monkeypatch.delenv("REPORT_ASSISTANT_AUTH", raising=False)
    result = CliRunner().invoke(app, ["ui", "--host", "0.0.0.0", "--port", "0"])
    assert result.exit_code == 2
    assert "refusing to serve on 0.0.0.0" in result.output
    assert "REPORT_ASSISTANT_AUTH" in result.output


def _wait_http(url: str, proc: subprocess.Popen[bytes], timeout: float = 90.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"ui exited early with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                return int(resp.status)
        except urllib.error.HTTPError as err:
            return int(err.code)
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in {timeout} s")


def _start(tmp_path: Path, *args: str, env_extra: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "REPORT_ASSISTANT_DATA_DIR": str(tmp_path / "data"),
        "REPORT_ASSISTANT_EMBEDDING": "hash",
        "REPORT_ASSISTANT_PROVIDER": "offline",
        **(env_extra or {}),
    }
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("report-assistant")), "ui", *args],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def test_ui_serves_on_loopback_and_stops_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    proc = _start(tmp_path, "--port", str(port))
    try:
        assert _wait_http(f"http://127.0.0.1:{port}/", proc) == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert proc.returncode == 0, proc.stderr.read().decode() if proc.stderr else ""


def test_ui_with_auth_rejects_unauthenticated_requests(tmp_path: Path) -> None:
    port = free_port()
    proc = _start(tmp_path, "--port", str(port), env_extra={"REPORT_ASSISTANT_AUTH": "alice:s3cret"})
    try:
        _wait_http(f"http://127.0.0.1:{port}/", proc)
        # The page itself is the login form; the config (component tree) needs a login.
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/config", timeout=5)
        assert err.value.code in (401, 403)
    finally:
        stop_soon(proc)  # its exit is not under test here (the SIGTERM test above): awaited at the session's end


def test_cli_rejects_an_unknown_provider(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORT_ASSISTANT_DATA_DIR", str(data_dir))
    result = CliRunner().invoke(app, ["ui", "--provider", "bogus", "--port", "0"])
    assert result.exit_code == 2 and "unknown provider 'bogus'" in result.output


def test_browser_state_secret_is_stable(settings: object) -> None:
    from ui.context import AppContext

    first = AppContext(settings=settings)  # type: ignore[arg-type]
    second = AppContext(settings=settings)  # type: ignore[arg-type]
    try:
        assert first.browser_secret() == second.browser_secret()
        assert len(first.browser_secret()) >= 16
    finally:
        first.close()
        second.close()


def test_replicas_sharing_a_files_dir_share_the_browser_state_secret(settings: object, tmp_path: Path) -> None:
    """A browser moved to another replica (the proxy re-pins it) must still read its local-storage
    state: replicas with their own data folders and one FILES_DIR agree on the secret, even when they
    create it at the same moment."""
    import threading

    from ui.context import AppContext

    shared = tmp_path / "shared-files"
    contexts = [AppContext(settings=settings.model_copy(  # type: ignore[attr-defined]
        update={"data_dir": tmp_path / f"replica-{i}", "files_dir": shared})) for i in range(4)]
    secrets: list[str] = []
    barrier = threading.Barrier(len(contexts))

    def read(ctx: AppContext) -> None:
        barrier.wait(30)
        secrets.append(ctx.browser_secret())

    threads = [threading.Thread(target=read, args=(c,)) for c in contexts]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert len(secrets) == 4 and len(set(secrets)) == 1 and len(secrets[0]) >= 16
        assert (shared / ".browser-state-secret").stat().st_mode & 0o077 == 0
        assert not list(shared.glob("*.tmp"))
    finally:
        for c in contexts:
            c.close()
