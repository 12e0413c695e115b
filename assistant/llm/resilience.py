"""Model-call resilience: bounded retries with backoff (honouring ``Retry-After``), deadlines, error
classification into user-facing :class:`ModelFault` messages.
Drafting that survives a fault is :func:`assistant.drafting.pipeline.draft_resilient`.

* :class:`ResilientChatOpenAI` – ``ChatOpenAI`` whose ``stream``/``invoke`` retry a failed call up to
  ``retries`` times **before the first token** (connection refused, timeout, 429, 5xx, malformed or
  empty reply), sleeping an exponential backoff with jitter or the server's ``Retry-After`` (capped at
  ``retry_after_cap``; a longer request is not waited for: the user is told when to try again). A stream
  that has already produced text is never replayed (that would duplicate it); its failure raises a
  ``ModelFault(kind="interrupted")`` and the caller keeps what arrived. A stream is cut after
  ``total_timeout`` seconds however fast it flows (a stream that never ends); a stalled one hits the
  client's read timeout. ``recover`` (the local llama.cpp server's ``ensure_running``) is called when
  the endpoint cannot be reached, before the retry. The OpenAI client's own retries are off: one policy.
  Its HTTP client is :func:`assistant.llm.abort.abortable_http_client`: a Stop (the job's
  :class:`~assistant.llm.abort.AbortScope`) closes the connection at once, even before the first
  token, and an aborted call is neither retried nor reported as the endpoint's fault
  (:func:`stopped_fault`, kind ``cancelled``).
* :func:`classify` – any exception → :class:`ModelFault` naming the cause and what to do (zh + en),
  never the exception text (it may quote a key) and never a URL's credentials.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError
from assistant.llm.abort import abortable_http_client, aborted
from assistant.llm.faults import (
    BACKOFF_BASE_S,
    BACKOFF_MAX_S,
    RETRYABLE,
    ModelFault,
    _fault,
    backoff_delay,
    classify,
    endpoint_label,
    parse_retry_after,
)

if TYPE_CHECKING:
    from langchain_core.messages import BaseMessage
    from langchain_core.outputs import ChatGenerationChunk, ChatResult


# The fault types live in assistant.llm.faults (importable without langchain_openai); re-exported here.
__all__ = [
    "BACKOFF_BASE_S", "BACKOFF_MAX_S", "RETRYABLE", "ModelFault", "ResilientChatOpenAI", "backoff_delay",
    "classify", "endpoint_label", "make_resilient_chat", "parse_retry_after", "stopped_fault",
]

log = logging.getLogger(__name__)


# ============================================================================================ model

try:  # the module stays importable (and --help fast) without langchain_openai being loaded eagerly
    from langchain_openai import ChatOpenAI as _ChatOpenAI
except ImportError:  # pragma: no cover - a hard dependency
    _ChatOpenAI = object  # type: ignore[assignment,misc]


def stopped_fault() -> ModelFault:
    """The fault of a call whose thread's :class:`~assistant.llm.abort.AbortScope` was aborted."""
    return ModelFault("cancelled", "已按要求停止。", "Stopped as asked.")


def _content_of(chunk: Any) -> str:
    content = getattr(getattr(chunk, "message", None), "content", "")
    if isinstance(content, list):
        return "".join(c if isinstance(c, str) else str(c.get("text", "")) for c in content)
    return str(content or "")


class ResilientChatOpenAI(_ChatOpenAI):
    """``ChatOpenAI`` with the project's retry/deadline/classification policy (module docstring)."""

    retries: int = 2
    retry_after_cap: float = 30.0
    total_timeout: float = 600.0
    recover: Callable[[], Any] | None = None
    sleep: Callable[[float], None] = time.sleep

    def _where(self) -> str | None:
        url = getattr(self, "openai_api_base", None)
        return str(url) if url else None

    def _read_timeout(self) -> float | None:
        t: Any = getattr(self, "request_timeout", None)
        return float(t) if isinstance(t, (int, float)) else None

    def _follow(self, recovered: Any) -> None:
        """Point the client at the recovered server when it came back on another URL."""
        url = getattr(recovered, "base_url", None)
        if not isinstance(url, str) or not url or url == self._where():
            return
        for name in ("root_client", "root_async_client"):
            client = getattr(self, name, None)
            if client is not None:
                client.base_url = url
        self.openai_api_base = url
        log.warning("the model server moved to %s", endpoint_label(url))

    def _before_retry(self, fault: ModelFault, attempt: int) -> bool:
        """Log, recover and sleep before retry ``attempt``; False when the call must not be retried."""
        if aborted() or not fault.retryable or attempt > self.retries:
            return False
        if fault.retry_after is not None and fault.retry_after > self.retry_after_cap:
            log.warning("model endpoint asks to wait %.0f s (cap %.0f s): not retrying", fault.retry_after,
                        self.retry_after_cap)
            return False
        if fault.kind == "refused" and self.recover is not None:
            try:
                self._follow(self.recover())
            except AssistantError as exc:
                log.warning("restarting the model server failed: %s", exc)
            except Exception:
                log.exception("restarting the model server failed")
        delay = backoff_delay(attempt, fault, cap=self.retry_after_cap)
        log.warning("model call failed (%s%s); retry %d/%d in %.1f s", fault.kind,
                    f", HTTP {fault.status}" if fault.status else "", attempt, self.retries, delay)
        self.sleep(delay)
        return True

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: Any = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        attempt = 0
        while True:
            started = False
            began = time.monotonic()
            try:
                gen: Any = super()._stream(messages, stop, run_manager, **kwargs)
                try:
                    for chunk in gen:
                        if _content_of(chunk):
                            started = True
                        yield chunk
                        if time.monotonic() - began > self.total_timeout:
                            raise _fault("too_slow", endpoint_label(self._where()), seconds=self.total_timeout)
                finally:
                    gen.close()
                if not started:
                    raise _fault("empty", endpoint_label(self._where()))
                return
            except GeneratorExit:
                raise
            except Exception as exc:
                if aborted():
                    raise stopped_fault() from None
                fault = classify(exc, base_url=self._where(), timeout=self._read_timeout(), started=started)
                attempt += 1
                if started or not self._before_retry(fault, attempt):
                    log.warning("model call failed: %s%s", fault.kind, f" (HTTP {fault.status})" if fault.status else "")
                    raise fault from None

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: Any = None, **kwargs: Any) -> ChatResult:
        attempt = 0
        while True:
            try:
                result = super()._generate(messages, stop, run_manager, **kwargs)
                text = "".join(str(g.message.content or "") for g in result.generations)
                if not text.strip():
                    raise _fault("empty", endpoint_label(self._where()))
                return result
            except Exception as exc:
                if aborted():
                    raise stopped_fault() from None
                fault = classify(exc, base_url=self._where(), timeout=self._read_timeout())
                attempt += 1
                if not self._before_retry(fault, attempt):
                    log.warning("model call failed: %s%s", fault.kind, f" (HTTP {fault.status})" if fault.status else "")
                    raise fault from None


def make_resilient_chat(*, base_url: str | None, api_key: str, model: str, temperature: float,
                        timeout: float, retries: int, max_tokens: int, retry_after_cap: float = 30.0,
                        total_timeout: float = 600.0, recover: Callable[[], Any] | None = None,
                        extra_body: dict[str, Any] | None = None,
                        keep_alive: bool = True) -> ResilientChatOpenAI:
    """A :class:`ResilientChatOpenAI` (the client's own retries off: this class retries) on an abortable
    HTTP client; ``keep_alive=False`` opens a connection per request (the local servers: no connection
    is ever shared between two sessions' requests, so a Stop can only close its own)."""
    kwargs: dict[str, Any] = {
        "model": model, "api_key": api_key, "temperature": temperature, "timeout": timeout,
        "max_retries": 0, "max_tokens": max_tokens, "stream_usage": True, "retries": retries,
        "retry_after_cap": retry_after_cap, "total_timeout": total_timeout, "recover": recover,
        "http_client": abortable_http_client(keep_alive=keep_alive),
    }
    if base_url:
        kwargs["base_url"] = base_url
    if extra_body:
        kwargs["extra_body"] = extra_body
    return ResilientChatOpenAI(**kwargs)
