"""Provider factory: openai / local / offline / auto, env-var fallbacks, no key leaks."""

from __future__ import annotations

import logging
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from openai_server import ScriptedOpenAIServer

from assistant.errors import ConfigError, ModelError
from assistant.llm import providers
from assistant.llm.providers import make_chat_model
from assistant.settings import Settings

SECRET = "sk-test-SECRET-value-123456"


def _settings(data_dir: Path, **kw: Any) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, embedding="hash", **kw)  # type: ignore[call-arg]


@pytest.fixture
def no_local(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(providers, "local_available", lambda settings: False)


class _FakeServer:
    """Stands in for assistant.llm.local_llm.LocalServer, serving through a real OpenAI-protocol server."""

    instances: list[_FakeServer] = []  # noqa: RUF012

    def __init__(self, settings: Settings, fail: bool = False) -> None:
        self.fail = fail
        self.http = ScriptedOpenAIServer(["本地模型的回答。"], model="local")
        self.stopped = False
        _FakeServer.instances.append(self)

    def start(self) -> _FakeServer:
        if self.fail:
            raise RuntimeError("llama.cpp crashed")
        self.http.start()
        return self

    @property
    def base_url(self) -> str:
        return self.http.base_url

    def ensure_running(self) -> None:  # LocalServer restarts a dead server here; this one never dies
        return None

    def stop(self) -> None:
        self.stopped = True
        self.http.stop()


def _fake_local_llm(monkeypatch: pytest.MonkeyPatch, *, available: bool, fail: bool = False) -> None:
    module = types.ModuleType("assistant.llm.local_llm")
    module.local_model_available = lambda settings: available  # type: ignore[attr-defined]
    module.LocalServer = lambda settings: _FakeServer(settings, fail=fail)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "assistant.llm.local_llm", module)
    import assistant.llm
    from assistant.llm import local_model

    monkeypatch.setattr(assistant.llm, "local_llm", module, raising=False)
    monkeypatch.setattr(local_model, "local_model_available", lambda settings: available)
    _FakeServer.instances.clear()


def test_offline_has_no_model(data_dir: Path) -> None:
    handle = make_chat_model(_settings(data_dir), "offline")
    assert (handle.name, handle.model, handle.banner) == ("offline", None, None)
    assert handle.describe() == "offline (no model)"


def test_auto_without_anything_is_offline_with_a_banner(data_dir: Path, no_local: None) -> None:
    handle = make_chat_model(_settings(data_dir))
    assert handle.name == "offline" and handle.model is None
    assert handle.banner is not None and "REPORT_ASSISTANT_OPENAI_BASE_URL" in handle.banner
    en = make_chat_model(_settings(data_dir), language="en")
    assert en.banner is not None and en.banner.startswith("Offline mode")


def test_openai_uses_every_setting(data_dir: Path) -> None:
    from langchain_openai import ChatOpenAI

    s = _settings(data_dir, provider="openai", openai_base_url="http://127.0.0.1:9/v1", openai_api_key=SECRET,
                  openai_model="qwen-plus", temperature=0.7, llm_timeout=33, llm_retries=4,
                  max_tokens_per_section=321)
    handle = make_chat_model(s)
    model = handle.model
    assert isinstance(model, ChatOpenAI)
    # retries are the resilience layer's (assistant/llm/resilience.py); the OpenAI client's own are off
    assert (model.model_name, model.temperature, model.request_timeout, model.retries, model.max_tokens) == (
        "qwen-plus", 0.7, 33, 4, 321)
    assert model.max_retries == 0
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert model.openai_api_key is not None and model.openai_api_key.get_secret_value() == SECRET
    assert SECRET not in handle.describe() and SECRET not in repr(handle)


def test_openai_without_configuration_is_a_config_error(data_dir: Path) -> None:
    with pytest.raises(ConfigError, match="REPORT_ASSISTANT_OPENAI_BASE_URL"):
        make_chat_model(_settings(data_dir), "openai")


def test_openai_base_url_without_key_works(data_dir: Path) -> None:
    with ScriptedOpenAIServer(["好的"]) as server:
        handle = make_chat_model(_settings(data_dir, openai_base_url=server.base_url, openai_model="test-model"))
        assert handle.name == "openai" and handle.model is not None
        assert handle.model.invoke("hi").content == "好的"
        assert server.chat_requests[0].headers["authorization"] == "Bearer not-needed"


@pytest.mark.parametrize(
    ("env", "expected_url", "expected_key"),
    [
        ({"OPENAI_BASE_URL": "http://127.0.0.1:1/v1", "OPENAI_API_KEY": "k-std"}, "http://127.0.0.1:1/v1", "k-std"),
        ({"REPORT_ASSISTANT_OPENAI_BASE_URL": "http://127.0.0.1:2/v1", "OPENAI_BASE_URL": "http://127.0.0.1:1/v1",
          "REPORT_ASSISTANT_OPENAI_API_KEY": "k-pre", "OPENAI_API_KEY": "k-std"}, "http://127.0.0.1:2/v1", "k-pre"),
    ],
)
def test_env_fallbacks(monkeypatch: pytest.MonkeyPatch, data_dir: Path, env: dict[str, str], expected_url: str,
                       expected_key: str) -> None:
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    handle = make_chat_model(_settings(data_dir))
    assert handle.name == "openai"
    assert handle.base_url == expected_url
    assert handle.model.openai_api_key.get_secret_value() == expected_key  # type: ignore[union-attr]


def test_key_never_logged(data_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    make_chat_model(_settings(data_dir, openai_base_url="http://127.0.0.1:9/v1", openai_api_key=SECRET))
    assert SECRET not in caplog.text


def test_unknown_provider(data_dir: Path) -> None:
    with pytest.raises(ConfigError, match="Unknown provider"):
        make_chat_model(_settings(data_dir), "gpt5")


def test_local_not_installed_says_what_to_do(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_local_llm(monkeypatch, available=False)
    with pytest.raises(ConfigError, match=r"report-assistant\[local\]"):
        make_chat_model(_settings(data_dir), "local")


def test_local_talks_through_the_openai_path_and_close_stops_it(data_dir: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_local_llm(monkeypatch, available=True)
    handle = make_chat_model(_settings(data_dir, max_tokens_per_section=99), "local")
    assert handle.name == "local" and handle.model is not None
    assert handle.model.invoke("你好").content == "本地模型的回答。"
    server = _FakeServer.instances[0]
    body = server.http.chat_requests[0].body
    assert body["model"] == "local" and body["max_tokens"] == 99
    handle.close()
    assert server.stopped


def test_auto_prefers_local_when_no_endpoint(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_local_llm(monkeypatch, available=True)
    with make_chat_model(_settings(data_dir)) as handle:
        assert handle.name == "local"


def test_auto_falls_back_to_offline_when_local_fails(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_local_llm(monkeypatch, available=True, fail=True)
    handle = make_chat_model(_settings(data_dir))
    assert handle.name == "offline"
    assert handle.banner is not None and "RuntimeError" in handle.banner
    with pytest.raises(ModelError, match="did not start"):
        make_chat_model(_settings(data_dir), "local")
