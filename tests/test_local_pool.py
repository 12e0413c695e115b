"""Several embedded model servers behind the endpoint pool (``REPORT_ASSISTANT_LOCAL_SERVERS``).

The routing is what is tested, so the llama.cpp server is stood in for by a real local
OpenAI-protocol server process (``tests/openai_server.py``) started through the same supervisor
(``LocalServer``'s ``command`` factory: the port it is given, ``/v1/models`` polled until ready) —
each answers with its own port, so a reply says which process served it.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from assistant.llm.local_llm import stop_local_server
from assistant.llm.local_pool import LocalServerPool
from assistant.llm.pool import local_server_count
from assistant.llm.providers import ProviderHandle, _make_local_pool
from assistant.settings import Settings

TESTS = Path(__file__).resolve().parent
WAIT = 120.0

FAKE_SERVER = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
from openai_server import ScriptedOpenAIServer, _Handler, _HTTPServer
port = int(sys.argv[1])
server = ScriptedOpenAIServer(lambda body: "第" + str(port) + "号服务器答复，各项工作有序推进。", model="local",
                              tokens_per_second=40)
httpd = _HTTPServer(("127.0.0.1", port), _Handler)
httpd.owner = server
httpd.serve_forever()
"""


def fake_llama(model: Path, port: int) -> list[str]:
    return [sys.executable, "-c", FAKE_SERVER, str(port)]


def _settings(tmp_path: Path, **kw: Any) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path, embedding="hash", knowledge_dirs=[], provider="local",  # type: ignore[call-arg]
                    local_startup_timeout=WAIT, **kw)


@pytest.mark.parametrize(
    ("setting", "cores", "expected"),
    [
        (0, 1, 1),
        (0, 2, 1),  # the 2-core default keeps the Quick start's single server
        (0, 4, 1),
        (0, 7, 1),
        (0, 8, 2),
        (0, 12, 3),
        (0, 16, 4),
        (0, 64, 4),  # automatic stops at 4
        (3, 2, 3),  # an explicit count is obeyed
        (1, 64, 1),
    ],
)
def test_how_many_local_servers(tmp_path: Path, setting: int, cores: int, expected: int) -> None:
    assert local_server_count(_settings(tmp_path, local_servers=setting), cores=cores) == expected


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[ProviderHandle, LocalServerPool]]:
    model_file = tmp_path / "model.gguf"
    model_file.write_bytes(b"GGUF stand-in")
    handle = _make_local_pool(_settings(tmp_path, local_servers=2), 2, command=fake_llama, model_path=model_file)
    servers = handle._closers[0].__self__  # type: ignore[attr-defined]  # LocalServerPool.stop
    assert isinstance(servers, LocalServerPool)
    try:
        yield handle, servers
    finally:
        handle.close()
        stop_local_server()


def _port_of(text: str) -> int:
    return int(text.split("第", 1)[1].split("号", 1)[0])


def _streaming(model: Any, prompt: str) -> tuple[int, Iterator[Any]]:
    """Start a streamed call and read it until its server named itself; the call stays in flight."""
    stream = model.stream([HumanMessage(prompt)])
    text = ""
    while "号" not in text:
        text += str(next(stream).content)
    return _port_of(text), stream


def test_two_servers_take_simultaneous_calls_and_a_dead_one_is_restarted(
        two_servers: tuple[ProviderHandle, LocalServerPool], tmp_path: Path) -> None:
    handle, servers = two_servers
    assert handle.name == "local" and handle.model_name == "local ×2" and handle.model is not None
    ports = [s.port for s in servers.servers]
    assert len(set(ports)) == 2 and all(s.is_alive() for s in servers.servers)
    assert (tmp_path / "logs" / "llama-server.log").exists() and (tmp_path / "logs" / "llama-server-2.log").exists()
    model = handle.model

    # one call streaming on a server → the next call goes to the other one
    busy, stream = _streaming(model, "第一段")
    other = _port_of(str(model.invoke([HumanMessage("第二段")]).content))
    assert {busy, other} == set(ports)
    for _ in stream:
        pass

    # the server that is not busy dies: the next call tries it (least busy), fails over before the
    # first token to the busy one, and the dead server is restarted in the background
    busy, stream = _streaming(model, "第三段")
    q = 1 - ports.index(busy)
    victim = servers.servers[q]
    victim_pid = victim.pid
    victim._require().popen.send_signal(signal.SIGKILL)
    victim._require().popen.wait(timeout=WAIT)
    assert _port_of(str(model.invoke([HumanMessage("第四段")]).content)) == busy
    for _ in stream:
        pass
    assert q in servers.revivals, "no restart of the dead server was started"
    assert servers.wait_revived(q, WAIT)
    assert victim.pid != victim_pid and victim.restarts == 1

    # the restarted server takes calls again (its cool-down ended: it answered /v1/models)
    model.pool.succeeded(q)
    busy, stream = _streaming(model, "第五段")
    other = _port_of(str(model.invoke([HumanMessage("第六段")]).content))
    assert {busy, other} == {servers.servers[0].port, servers.servers[1].port}
    for _ in stream:
        pass

    # closing the handle stops every server process
    procs = [s._require().popen for s in servers.servers]
    handle.close()
    assert all(p.poll() is not None for p in procs)
